//! Classroom drills: a timed sprint (60 s, 120 s) or N questions, from core ports,
//! all ports or a chosen set of rows, answered by multiple choice or typing.
//!
//! A drill never touches the spaced-repetition schedule: a live drill is not a
//! review. Its results go to a separate drill history with the best score per kind.

use chrono::{DateTime, Duration, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::deck::{CardId, Deck, Direction};
use crate::matcher::{Judgement, Verdict};
use crate::progress::AnswerMode;

/// How long a drill runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Length {
    Seconds(u32),
    Questions(u32),
}

/// Which rows a drill draws from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pool {
    Core,
    All,
    /// Rows chosen by port, as ticked in the setup list.
    Rows(Vec<String>),
    /// The ports of one family.
    Family(crate::exam::Family),
    /// The cards missed in the drill before.
    Cards(Vec<CardId>),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Setup {
    pub length: Length,
    pub pool: Pool,
    pub mode: AnswerMode,
}

impl Setup {
    /// "60 s, core, multiple choice": the kind a best score is kept for.
    pub fn kind(&self) -> String {
        let length = match self.length {
            Length::Seconds(seconds) => format!("{seconds} s"),
            Length::Questions(count) => format!("{count} questions"),
        };
        let pool = match &self.pool {
            Pool::Core => "core ports".to_string(),
            Pool::All => "all ports".to_string(),
            Pool::Rows(rows) => format!("{} chosen ports", rows.len()),
            Pool::Family(family) => format!("{} ports", family.label()),
            Pool::Cards(cards) => format!("{} missed cards", cards.len()),
        };
        let mode = if self.mode == AnswerMode::Typed { "typed" } else { "multiple choice" };
        format!("{length}, {pool}, {mode}")
    }
}

/// One question answered in a drill.
#[derive(Debug, Clone, PartialEq)]
pub struct Asked {
    pub card: usize,
    pub given: String,
    pub verdict: Verdict,
}

/// A drill in progress, or finished.
#[derive(Debug, Clone)]
pub struct Drill {
    pub setup: Setup,
    pool: Vec<usize>,
    next_in_pool: usize,
    pub current: usize,
    pub choices: Vec<String>,
    pub started: DateTime<Utc>,
    pub asked: Vec<Asked>,
    pub streak: usize,
    pub best_streak: usize,
    stopped: bool,
    rng: StdRng,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrillError {
    #[error("No cards to drill: choose some ports first.")]
    NothingToDrill,
}

/// A finished drill, as kept in the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub kind: String,
    pub at: DateTime<Utc>,
    pub asked: usize,
    pub right: usize,
    pub best_streak: usize,
}

impl Record {
    pub fn accuracy(&self) -> f32 {
        if self.asked == 0 { 0.0 } else { self.right as f32 / self.asked as f32 }
    }
}

/// The best record of a kind: most right answers, then the better accuracy.
pub fn best_of<'a>(history: &'a [Record], kind: &str) -> Option<&'a Record> {
    history
        .iter()
        .filter(|record| record.kind == kind)
        .max_by(|a, b| a.right.cmp(&b.right).then(a.accuracy().total_cmp(&b.accuracy())))
}

impl Drill {
    /// Starts a drill; an empty pool is an error the learner can act on.
    pub fn start(deck: &Deck, setup: Setup, now: DateTime<Utc>, seed: u64) -> Result<Drill, DrillError> {
        let pool: Vec<usize> = (0..deck.cards.len())
            .filter(|&index| {
                let card = &deck.cards[index];
                let row = deck.row_of(card);
                // Drills are quick-fire port and service questions.
                let quick = matches!(card.direction, Direction::PortToService | Direction::ServiceToPort);
                match &setup.pool {
                    Pool::Core => quick && card.core,
                    Pool::All => quick,
                    Pool::Rows(rows) => quick && rows.contains(&row.ports.to_string()),
                    Pool::Family(family) => quick && card.families.contains(family),
                    Pool::Cards(cards) => cards.contains(&card.id),
                }
            })
            .collect();
        if pool.is_empty() {
            return Err(DrillError::NothingToDrill);
        }
        let mut drill = Drill {
            setup,
            pool,
            next_in_pool: 0,
            current: 0,
            choices: Vec::new(),
            started: now,
            asked: Vec::new(),
            streak: 0,
            best_streak: 0,
            stopped: false,
            rng: StdRng::seed_from_u64(seed),
        };
        drill.pool.shuffle(&mut drill.rng);
        drill.next_question(deck);
        Ok(drill)
    }

    fn next_question(&mut self, deck: &Deck) {
        if self.next_in_pool >= self.pool.len() {
            let last = self.pool.last().copied();
            self.pool.shuffle(&mut self.rng);
            // Never the same card twice in a row across a reshuffle.
            if self.pool.len() > 1 && self.pool.first().copied() == last {
                self.pool.swap(0, 1);
            }
            self.next_in_pool = 0;
        }
        self.current = self.pool[self.next_in_pool];
        self.next_in_pool += 1;
        self.choices = deck.choices(self.current, &mut self.rng);
    }

    /// Seconds left in a timed drill (never negative).
    pub fn time_left(&self, now: DateTime<Utc>) -> Option<Duration> {
        match self.setup.length {
            Length::Seconds(seconds) => {
                Some((self.started + Duration::seconds(i64::from(seconds)) - now).max(Duration::zero()))
            }
            Length::Questions(_) => None,
        }
    }

    pub fn is_finished(&self, now: DateTime<Utc>) -> bool {
        self.stopped
            || match self.setup.length {
                Length::Seconds(_) => self.time_left(now).is_some_and(|left| left <= Duration::zero()),
                Length::Questions(count) => self.asked.len() >= count as usize,
            }
    }

    /// Moves on without scoring the question (presenter mode: the class answered
    /// aloud and the answer was shown).
    pub fn skip(&mut self, deck: &Deck, now: DateTime<Utc>) {
        if !self.is_finished(now) {
            self.next_question(deck);
        }
    }

    /// Ends the drill early (Esc).
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// Answers the current question (typed text or the chosen option) and moves on.
    /// Answers after the end are ignored.
    pub fn answer(&mut self, deck: &Deck, given: &str, now: DateTime<Utc>) -> Option<Verdict> {
        if self.is_finished(now) {
            return None;
        }
        let verdict = deck.check(self.current, given);
        if verdict.judgement == Judgement::Correct {
            self.streak += 1;
            self.best_streak = self.best_streak.max(self.streak);
        } else {
            self.streak = 0;
        }
        self.asked.push(Asked { card: self.current, given: given.trim().to_string(), verdict: verdict.clone() });
        if !self.is_finished(now) {
            self.next_question(deck);
        }
        Some(verdict)
    }

    pub fn right(&self) -> usize {
        self.asked.iter().filter(|asked| asked.verdict.judgement == Judgement::Correct).count()
    }

    /// The cards answered wrong (or partly), once each, in the order first missed.
    pub fn missed(&self) -> Vec<usize> {
        let mut missed: Vec<usize> = Vec::new();
        for asked in self.asked.iter().filter(|asked| asked.verdict.judgement != Judgement::Correct) {
            if !missed.contains(&asked.card) {
                missed.push(asked.card);
            }
        }
        missed
    }

    /// The same drill over the misses only.
    pub fn missed_again(&self, deck: &Deck) -> Option<Setup> {
        let missed = self.missed();
        (!missed.is_empty()).then(|| Setup {
            length: self.setup.length,
            pool: Pool::Cards(missed.iter().map(|&card| deck.cards[card].id.clone()).collect()),
            mode: self.setup.mode,
        })
    }

    pub fn record(&self) -> Record {
        Record {
            kind: self.setup.kind(),
            at: self.started,
            asked: self.asked.len(),
            right: self.right(),
            best_streak: self.best_streak,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::now;
    use crate::testing::seed_deck as deck;

    fn setup(length: Length, pool: Pool) -> Setup {
        Setup { length, pool, mode: AnswerMode::MultipleChoice }
    }

    #[test]
    fn a_family_drill_asks_only_that_familys_ports() {
        let deck = deck();
        let mut drill =
            Drill::start(&deck, setup(Length::Questions(30), Pool::Family(crate::exam::Family::Mail)), now(), 3)
                .unwrap();
        let mut ports = std::collections::BTreeSet::new();
        for _ in 0..30 {
            let card = &deck.cards[drill.current];
            assert!(card.families.contains(&crate::exam::Family::Mail), "{}", card.id);
            assert!(!card.direction.is_exam_kind());
            ports.insert(deck.row_of(card).ports.to_string());
            let answer = card.answer.clone();
            drill.answer(&deck, &answer, now());
        }
        assert_eq!(ports.into_iter().collect::<Vec<_>>(), ["102", "110", "143", "25", "465"]);
        assert_eq!(
            setup(Length::Seconds(60), Pool::Family(crate::exam::Family::Mail)).kind(),
            "60 s, mail ports, multiple choice"
        );
    }

    #[test]
    fn a_timed_drill_ends_when_the_time_is_up_and_counts_streaks() {
        let deck = deck();
        let mut drill = Drill::start(&deck, setup(Length::Seconds(60), Pool::Core), now(), 1).unwrap();
        let mut at = now();
        for index in 0..10 {
            let right = deck.cards[drill.current].answer.clone();
            let given = if index == 4 { "nonsense".to_string() } else { right };
            at += Duration::seconds(5);
            assert!(drill.answer(&deck, &given, at).is_some());
            assert!(deck.cards[drill.current].core);
        }
        assert_eq!((drill.right(), drill.best_streak, drill.streak), (9, 5, 5));
        assert_eq!(drill.time_left(at), Some(Duration::seconds(10)));
        assert!(!drill.is_finished(at));
        let late = now() + Duration::seconds(61);
        assert!(drill.is_finished(late));
        assert_eq!(drill.answer(&deck, "ftp", late), None);
        assert_eq!(drill.missed().len(), 1);
        let record = drill.record();
        assert_eq!((record.asked, record.right, record.kind.as_str()), (10, 9, "60 s, core ports, multiple choice"));
    }

    #[test]
    fn a_counted_drill_ends_after_n_questions_and_the_misses_can_be_drilled_again() {
        let deck = deck();
        let mut drill = Drill::start(&deck, setup(Length::Questions(5), Pool::All), now(), 2).unwrap();
        for _ in 0..5 {
            drill.answer(&deck, "wrong", now());
        }
        assert!(drill.is_finished(now()));
        let again = drill.missed_again(&deck).unwrap();
        let retry = Drill::start(&deck, again, now(), 3).unwrap();
        assert_eq!(retry.pool.len(), 5);
        assert!(drill.missed().contains(&retry.current));
    }

    #[test]
    fn chosen_rows_only_and_never_the_same_card_twice_in_a_row() {
        let deck = deck();
        let rows = Pool::Rows(vec!["22".into(), "23".into()]);
        let mut drill = Drill::start(&deck, setup(Length::Questions(40), rows), now(), 4).unwrap();
        let mut previous = None;
        for _ in 0..39 {
            let port = deck.row_of(&deck.cards[drill.current]).ports.to_string();
            assert!(port == "22" || port == "23");
            assert_ne!(Some(drill.current), previous);
            previous = Some(drill.current);
            drill.answer(&deck, "x", now());
        }
        assert!(Drill::start(&deck, setup(Length::Questions(5), Pool::Rows(Vec::new())), now(), 1).is_err());
    }

    #[test]
    fn skipping_moves_on_without_scoring() {
        let deck = deck();
        let mut drill = Drill::start(&deck, setup(Length::Seconds(60), Pool::Core), now(), 5).unwrap();
        let first = drill.current;
        drill.skip(&deck, now());
        assert_ne!(drill.current, first);
        assert!(drill.asked.is_empty());
    }

    #[test]
    fn the_best_score_per_kind() {
        let record = |kind: &str, right: usize, asked: usize| Record {
            kind: kind.into(),
            at: now(),
            asked,
            right,
            best_streak: 0,
        };
        let history = [record("a", 5, 10), record("a", 7, 12), record("b", 9, 9), record("a", 7, 8)];
        let best = best_of(&history, "a").unwrap();
        assert_eq!((best.right, best.asked), (7, 8));
        assert!(best_of(&history, "c").is_none());
    }
}

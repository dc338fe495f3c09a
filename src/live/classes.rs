//! The rounds a profile keeps and the classes that played them: every round's journal
//! read back (a damaged one set aside, the others kept), the classes by name, a
//! class's rounds as its memory needs them (`live::class_memory`), and the class view's
//! report: recall now, the weakest ports and families, recall over the weeks, and the
//! next round's plan.
//!
//! Nothing is kept per student: a class's memory is by question, over everybody who
//! played.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::LiveKind;
use super::class_memory::{self, AskedQuestion, ClassMemory, PlannedQuestion, PlayedRound, Reason};
use super::journal::{JOURNAL_FOLDER, RoundRecord};
use crate::deck::{CardIndex, Deck};
use crate::exam::Family;

/// One round kept in the profile's folder.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptRound {
    pub path: PathBuf,
    pub record: RoundRecord,
}

/// Every round kept, oldest first, and what could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeptRounds {
    pub rounds: Vec<KeptRound>,
    /// A sentence per journal that could not be read and was set aside.
    pub set_aside: Vec<String>,
}

/// A class as the set-up lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassSummary {
    /// The name as the teacher last typed it.
    pub name: String,
    pub rounds: usize,
    pub last_played: Option<DateTime<Utc>>,
}

/// How many rounds the Rounds list shows; older ones still count for their class.
pub const ROUNDS_LISTED: usize = 50;

impl KeptRounds {
    /// Reads every round's journal in the profile's folder. A journal that is not a
    /// round at all (not text, or no start line) is renamed aside, logged and said
    /// once; a torn last line is only the end of a round cut short, and is skipped.
    pub fn read(profile_folder: &Path, now: DateTime<Utc>) -> KeptRounds {
        let folder = profile_folder.join(JOURNAL_FOLDER);
        let mut paths: Vec<PathBuf> = match fs::read_dir(&folder) {
            Ok(entries) => entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|extension| extension == "jsonl"))
                .collect(),
            Err(_) => return KeptRounds::default(),
        };
        // The names carry the start time: in name order is in time order.
        paths.sort();
        let mut kept = KeptRounds::default();
        for path in paths {
            match read_round(&path) {
                Ok(record) => kept.rounds.push(KeptRound { path, record }),
                Err(why) => kept.set_aside.push(set_aside(&path, &why, now)),
            }
        }
        kept
    }

    /// The most recent round anybody played.
    pub fn latest_played(&self) -> Option<&KeptRound> {
        self.rounds.iter().rev().find(|round| !round.record.players.is_empty())
    }

    /// The rounds anybody played, newest first, at most [`ROUNDS_LISTED`].
    pub fn listed(&self) -> impl Iterator<Item = (usize, &KeptRound)> {
        self.rounds.iter().enumerate().rev().filter(|(_, round)| !round.record.players.is_empty()).take(ROUNDS_LISTED)
    }

    /// Every class with a round somebody played, the most recently played first (a
    /// round nobody joined makes no class).
    pub fn classes(&self) -> Vec<ClassSummary> {
        let mut classes: Vec<ClassSummary> = Vec::new();
        for round in self.rounds.iter().filter(|round| !round.record.players.is_empty()) {
            let Some(name) = round.record.class.as_deref() else { continue };
            match classes.iter_mut().find(|class| same_class(&class.name, name)) {
                Some(class) => {
                    class.rounds += 1;
                    class.last_played = round.record.started.or(class.last_played);
                }
                None => {
                    classes.push(ClassSummary { name: name.to_string(), rounds: 1, last_played: round.record.started })
                }
            }
        }
        classes.sort_by(|a, b| b.last_played.cmp(&a.last_played).then_with(|| a.name.cmp(&b.name)));
        classes
    }

    /// A class's played rounds as its memory takes them in.
    pub fn played_by(&self, class: &str, deck: &Deck) -> Vec<PlayedRound> {
        let cards = card_places(deck);
        self.rounds
            .iter()
            .filter(|round| round.record.class.as_deref().is_some_and(|name| same_class(name, class)))
            .filter_map(|round| played(&round.record, &cards))
            .collect()
    }
}

/// Two spellings of one class: "Period 3", "period 3 " and "Period  3" are the same class.
pub fn same_class(a: &str, b: &str) -> bool {
    let folded = |name: &str| name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    folded(a) == folded(b)
}

/// The longest class name kept (a name is a label on the projector, not a note).
pub const CLASS_NAME_CHARS: usize = 60;

fn read_round(path: &Path) -> Result<RoundRecord, String> {
    let bytes = fs::read(path).map_err(|error| error.to_string())?;
    // A crash can cut the last line inside a character (an emoji nickname): that line
    // is not a whole event and is skipped like any torn line, the rest kept.
    let text = String::from_utf8_lossy(&bytes);
    let record = RoundRecord::from_lines(&text);
    if record.started.is_none() {
        return Err("it does not begin with a round's start".to_string());
    }
    Ok(record)
}

fn set_aside(path: &Path, why: &str, now: DateTime<Utc>) -> String {
    match crate::store::set_aside(path, now) {
        Ok(kept) => {
            log::warn!("The round {} could not be read ({why}); set aside as {}", path.display(), kept.display());
            format!(
                "A kept round could not be read ({why}) and was set aside as {}; the other rounds are kept.",
                kept.display()
            )
        }
        Err(error) => {
            log::error!("The round {} could not be read ({why}) nor set aside: {error}", path.display());
            format!("A kept round, {}, could not be read ({why}); it is left where it is.", path.display())
        }
    }
}

/// Where each card id is in the deck.
fn card_places(deck: &Deck) -> HashMap<&str, CardIndex> {
    deck.cards.iter().enumerate().map(|(index, card)| (card.id.as_str(), index)).collect()
}

/// A round as the class's memory takes it in: each question asked, with how many
/// answered it and how many got it right. Only answers count: a question the teacher
/// revealed early, or the one open when a round was cut short, did not give everybody
/// their time, so a silence is not a miss. Cards no longer in the deck (a row taken out
/// of the table) are left out.
fn played(record: &RoundRecord, cards: &HashMap<&str, CardIndex>) -> Option<PlayedRound> {
    let at = record.started?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    // Journals from before the kind was written down are of four-option rounds.
    let guess = record.kind.unwrap_or(LiveKind::FourOptions).guess_chance();
    let questions: Vec<AskedQuestion> = record
        .tally_by_question()
        .into_iter()
        .enumerate()
        .filter_map(|(question, tally)| {
            let card = *cards.get(record.questions[question].card.as_str())?;
            (tally.answered > 0).then_some(AskedQuestion {
                card,
                right: count(tally.right),
                players: count(tally.answered),
                guess,
            })
        })
        .collect();
    (!questions.is_empty()).then_some(PlayedRound { at, questions })
}

/// What the class view shows of one class.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassReport {
    pub class: String,
    pub rounds: usize,
    /// When each round was played, oldest first.
    pub played_at: Vec<DateTime<Utc>>,
    /// The class's recall of the round's pool now (core weighted), never-asked cards at
    /// the class's prior.
    pub recall_now: Option<f64>,
    /// The same over the cards it was asked only: what its rounds show.
    pub recall_of_asked: Option<f64>,
    /// The cards a review may ask.
    pub pool: usize,
    /// The asked cards the class is weakest on now, weakest first.
    pub weakest: Vec<(CardIndex, f64)>,
    /// The pool's cards the class was never asked.
    pub never_asked: usize,
    pub families: Vec<(Family, f64)>,
    /// Recall of the pool over the weeks, a point a day from the first round.
    pub curve: Vec<(DateTime<Utc>, f64)>,
    /// The next round planned from the class's memory.
    pub plan: Vec<PlannedQuestion>,
}

/// How many of the weakest ports the class view names.
pub const WEAKEST_SHOWN: usize = 8;

impl ClassReport {
    /// A class's report over `pool` (the cards a review round may ask), with a plan of
    /// `questions`.
    pub fn new(
        deck: &Deck,
        kept: &KeptRounds,
        class: &str,
        pool: &[CardIndex],
        questions: usize,
        now: DateTime<Utc>,
    ) -> ClassReport {
        let rounds = kept.played_by(class, deck);
        let memory = ClassMemory::from_rounds(deck, &rounds);
        let mut weakest: Vec<(CardIndex, f64)> = pool
            .iter()
            .filter(|&&card| memory.last_asked(card).is_some())
            .map(|&card| (card, memory.recall(card, now)))
            .collect();
        weakest.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        weakest.truncate(WEAKEST_SHOWN);
        ClassReport {
            class: class.to_string(),
            rounds: rounds.len(),
            played_at: {
                let mut at: Vec<DateTime<Utc>> = rounds.iter().map(|round| round.at).collect();
                at.sort();
                at
            },
            recall_now: memory.mean_recall(pool, now),
            recall_of_asked: {
                let asked: Vec<CardIndex> =
                    pool.iter().copied().filter(|&card| memory.last_asked(card).is_some()).collect();
                memory.mean_recall(&asked, now)
            },
            pool: pool.len(),
            weakest,
            never_asked: pool.iter().filter(|&&card| memory.last_asked(card).is_none()).count(),
            families: class_memory::weakest_families(deck, &memory, pool, now),
            curve: class_memory::recall_over_time(deck, &rounds, memory.forgetting(), pool, now, Duration::days(1)),
            plan: class_memory::plan_review(&memory, pool, questions, now),
        }
    }
}

/// A plan's reasons, each with its number of questions: what the lobby says ("3 missed
/// by most last Tuesday"), the misses first and the new ports last. No port is named:
/// the class is about to be asked them.
pub fn plan_groups(plan: &[PlannedQuestion], now: DateTime<FixedOffset>) -> Vec<(String, usize)> {
    let mut ordered: Vec<&PlannedQuestion> = plan.iter().collect();
    ordered.sort_by_key(|planned| match planned.reason {
        Reason::MissedByMost { .. } => 0,
        Reason::Fading { .. } => 1,
        Reason::NotAskedFor { .. } => 2,
        Reason::NeverAsked => 3,
    });
    let mut groups: Vec<(String, usize)> = Vec::new();
    for planned in ordered {
        let group = planned.reason.group(now);
        match groups.iter_mut().find(|(known, _)| *known == group) {
            Some((_, count)) => *count += 1,
            None => groups.push((group, 1)),
        }
    }
    groups
}

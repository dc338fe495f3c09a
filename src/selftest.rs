//! Exam simulation: N questions weighted like the exam (core ports more often),
//! mixed directions and transport questions, no feedback until the end, an optional
//! time limit; then a report with the overall and core scores, every question with
//! the answer given and the right one, and the weakest ports, as CSV or Markdown. As
//! the exam does, it can open with two or three performance-based questions, timed
//! with the rest and reported per requirement, line or pair.

use std::fmt::Write;

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::deck::Deck;
use crate::facts::Facts;
use crate::matcher::{Judgement, Verdict};
#[cfg(test)]
use crate::pbq::Pbq;
use crate::pbq::work::{Edit, PbqWork};
use crate::pbq::{PbqKind, PbqOutcome};
use crate::ports::PortSpec;
use crate::progress::Settings;
use crate::schedule::CORE_WEIGHT;

/// A self-test being taken.
#[derive(Debug, Clone)]
pub struct SelfTest {
    pub questions: Vec<usize>,
    pub answers: Vec<(String, Verdict)>,
    pub started: DateTime<Utc>,
    pub limit: Option<Duration>,
    stopped: bool,
    /// The performance-based questions the test opens with, as the exam does.
    pub pbqs: Vec<PbqWork>,
    /// How many of them the learner has moved on from.
    pbqs_done: usize,
    /// Whether their outcomes went into the PBQ history (once, when the test ended).
    pub pbqs_recorded: bool,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub card: usize,
    pub prompt: String,
    pub given: String,
    pub expected: String,
    pub judgement: Judgement,
    pub core: bool,
}

/// The outcome of a self-test.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The performance-based questions, scored as they were left.
    pub pbqs: Vec<PbqOutcome>,
    pub items: Vec<Item>,
    /// Ports with most wrong answers: (ports, service, wrong answers).
    pub weakest: Vec<(String, String, usize)>,
}

impl SelfTest {
    /// Draws `count` different cards among those the settings ask (fewer if there
    /// are not so many; for an exam, only of the ports it asks), core cards
    /// [`CORE_WEIGHT`] times as likely, in random order.
    pub fn start(
        deck: &Deck,
        settings: &Settings,
        count: usize,
        limit: Option<Duration>,
        now: DateTime<Utc>,
        seed: u64,
    ) -> SelfTest {
        let mut rng = StdRng::seed_from_u64(seed);
        // Built for an exam, the deck's self-test asks only what that exam asks.
        let on_the_exam = |card: usize| !deck.is_for_exam() || deck.exam_asks(deck.cards[card].row);
        let mut remaining: Vec<usize> =
            (0..deck.cards.len()).filter(|&card| settings.asks(&deck.cards[card]) && on_the_exam(card)).collect();
        let mut questions = Vec::with_capacity(count);
        while questions.len() < count && !remaining.is_empty() {
            let weight = |card: usize| if deck.cards[card].core { f64::from(CORE_WEIGHT) } else { 1.0 };
            let total: f64 = remaining.iter().map(|&card| weight(card)).sum();
            let mut roll = rng.random::<f64>() * total;
            let position = remaining
                .iter()
                .position(|&card| {
                    roll -= weight(card);
                    roll < 0.0
                })
                .unwrap_or(remaining.len() - 1);
            questions.push(remaining.swap_remove(position));
        }
        SelfTest {
            questions,
            answers: Vec::new(),
            started: now,
            limit,
            stopped: false,
            pbqs: Vec::new(),
            pbqs_done: 0,
            pbqs_recorded: false,
        }
    }

    /// Opens the test with performance-based questions (two: a firewall and one of the
    /// others; three: one of each), as the exam opens with them.
    pub fn with_pbqs(mut self, count: usize, facts: &Facts, seed: u64) -> SelfTest {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut kinds = vec![PbqKind::Firewall, PbqKind::Listing, PbqKind::Matching];
        if count < 3 {
            kinds.remove(rng.random_range(1..3));
        }
        kinds.truncate(count);
        self.pbqs = kinds.into_iter().map(|kind| PbqWork::generate(kind, facts, rng.random())).collect();
        self
    }

    /// The performance-based question being worked, or `None` once they are done.
    pub fn current_pbq(&self, now: DateTime<Utc>) -> Option<usize> {
        let open = !self.stopped && !self.time_is_up(now) && self.pbqs_done < self.pbqs.len();
        open.then_some(self.pbqs_done)
    }

    /// Changes the answer to the performance-based question being worked.
    pub fn edit_pbq(&mut self, edit: &Edit, now: DateTime<Utc>) {
        if let Some(index) = self.current_pbq(now) {
            self.pbqs[index].edit(edit);
        }
    }

    /// Leaves the performance-based question being worked for the next (or the cards).
    pub fn next_pbq(&mut self, now: DateTime<Utc>) {
        if self.current_pbq(now).is_some() {
            self.pbqs_done += 1;
        }
    }

    /// The question being asked, or `None` while a performance-based question is open,
    /// once all are answered, or when time is up.
    pub fn current(&self, now: DateTime<Utc>) -> Option<usize> {
        if self.stopped || self.time_is_up(now) || self.pbqs_done < self.pbqs.len() {
            None
        } else {
            self.questions.get(self.answers.len()).copied()
        }
    }

    /// Ends the test before the last question; the rest count as wrong.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    pub fn time_left(&self, now: DateTime<Utc>) -> Option<Duration> {
        self.limit.map(|limit| (self.started + limit - now).max(Duration::zero()))
    }

    fn time_is_up(&self, now: DateTime<Utc>) -> bool {
        self.time_left(now).is_some_and(|left| left <= Duration::zero())
    }

    pub fn is_finished(&self, now: DateTime<Utc>) -> bool {
        self.current(now).is_none() && self.current_pbq(now).is_none()
    }

    /// Records the answer to the current question; nothing is said about it yet.
    pub fn answer(&mut self, deck: &Deck, given: &str, now: DateTime<Utc>) {
        if let Some(card) = self.current(now) {
            self.answers.push((given.trim().to_string(), deck.check(card, given)));
        }
    }

    /// The report; questions left unanswered count as wrong.
    pub fn report(&self, deck: &Deck) -> Report {
        let items: Vec<Item> = self
            .questions
            .iter()
            .enumerate()
            .map(|(index, &card)| {
                let (given, judgement) = self
                    .answers
                    .get(index)
                    .map_or((String::new(), Judgement::Wrong), |(given, verdict)| (given.clone(), verdict.judgement));
                let card_ref = &deck.cards[card];
                Item {
                    card,
                    prompt: card_ref.prompt.clone(),
                    given,
                    expected: card_ref.answer.clone(),
                    judgement,
                    core: card_ref.core,
                }
            })
            .collect();
        let mut weakest: Vec<(String, String, usize)> = Vec::new();
        for item in items.iter().filter(|item| item.judgement != Judgement::Correct) {
            let row = deck.row_of(&deck.cards[item.card]);
            let ports = row.ports.to_string();
            match weakest.iter_mut().find(|(known, _, _)| *known == ports) {
                Some(entry) => entry.2 += 1,
                None => weakest.push((ports, row.service.clone(), 1)),
            }
        }
        weakest.sort_by_key(|(_, _, wrong)| std::cmp::Reverse(*wrong));
        weakest.truncate(5);
        let pbqs = self.pbqs.iter().map(PbqWork::outcome_now).collect();
        Report { pbqs, items, weakest }
    }
}

impl Report {
    pub fn right(&self) -> usize {
        self.items.iter().filter(|item| item.judgement == Judgement::Correct).count()
    }

    pub fn core_right(&self) -> (usize, usize) {
        let core: Vec<&Item> = self.items.iter().filter(|item| item.core).collect();
        (core.iter().filter(|item| item.judgement == Judgement::Correct).count(), core.len())
    }

    /// The cards answered wrong, and the cards of the ports the performance-based
    /// questions missed, for "review these now".
    pub fn missed(&self, deck: &Deck) -> Vec<usize> {
        let mut cards: Vec<usize> =
            self.items.iter().filter(|item| item.judgement != Judgement::Correct).map(|item| item.card).collect();
        let ports: Vec<PortSpec> = self.pbqs.iter().flat_map(PbqOutcome::missed_ports).collect();
        for card in deck.study_cards_of_ports(&ports) {
            if !cards.contains(&card) {
                cards.push(card);
            }
        }
        cards
    }

    /// "PBQ 1, Firewall rules: 2 of 4 requirements met".
    pub fn pbq_summary(number: usize, outcome: &PbqOutcome) -> String {
        format!("PBQ {number}, {}: {}", outcome.kind.label(), outcome.score_line())
    }

    /// The report as CSV for a spreadsheet: UTF-8 with a byte-order mark and CRLF line
    /// ends, which Excel (Windows and Mac) and Numbers read without an import dialog.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut writer = crate::spreadsheet::csv_writer();
        let header = ["question", "core", "given", "right answer", "result"].map(std::borrow::Cow::Borrowed);
        let safe = crate::spreadsheet::safe_cell;
        // Each performance-based question's items first, as the test asked them.
        let pbq_rows = self.pbqs.iter().enumerate().flat_map(|(index, outcome)| {
            outcome.items.iter().map(move |item| {
                [
                    safe(&format!("PBQ {}, {}: {}", index + 1, outcome.kind.label(), item.item)).into_owned().into(),
                    "".into(),
                    "".into(),
                    safe(&item.explanation),
                    if item.right { "right" } else { "wrong" }.into(),
                ]
            })
        });
        let rows = self.items.iter().map(|item| {
            let core = if item.core { "yes" } else { "no" };
            [
                safe(&item.prompt),
                core.into(),
                safe(&item.given),
                safe(&item.expected),
                judgement_word(item.judgement).into(),
            ]
        });
        for row in std::iter::once(header).chain(pbq_rows).chain(rows) {
            writer.write_record(row.iter().map(|cell| cell.as_bytes())).expect("writing CSV into memory cannot fail");
        }
        writer.into_inner().expect("flushing CSV into memory cannot fail")
    }

    pub fn to_markdown(&self) -> String {
        let (core_right, core_total) = self.core_right();
        let mut text = format!(
            "# portcards self-test\n\nScore: {} of {}; core ports: {core_right} of {core_total}.\n\n",
            self.right(),
            self.items.len()
        );
        for (index, outcome) in self.pbqs.iter().enumerate() {
            writeln!(text, "## {}\n", Report::pbq_summary(index + 1, outcome)).expect("writing into a String");
            text.push_str(&format!("| # | {} | result | why |\n| --- | --- | --- | --- |\n", outcome.kind.item()));
            for (number, item) in outcome.items.iter().enumerate() {
                let result = if item.right { "right" } else { "wrong" };
                writeln!(
                    text,
                    "| {} | {} | {result} | {} |",
                    number + 1,
                    md_cell(&item.item),
                    md_cell(&item.explanation)
                )
                .expect("writing into a String");
            }
            text.push('\n');
        }
        if !self.pbqs.is_empty() {
            text.push_str("## Questions\n\n");
        }
        text.push_str(
            "| # | question | core | given | right answer | result |\n| --- | --- | --- | --- | --- | --- |\n",
        );
        for (index, item) in self.items.iter().enumerate() {
            // Writing into a String cannot fail.
            writeln!(
                text,
                "| {} | {} | {} | {} | {} | {} |",
                index + 1,
                md_cell(&item.prompt),
                if item.core { "yes" } else { "" },
                md_cell(&item.given),
                md_cell(&item.expected),
                judgement_word(item.judgement)
            )
            .expect("writing into a String");
        }
        if !self.weakest.is_empty() {
            text.push_str("\nWeakest ports:\n\n");
            for (ports, service, wrong) in &self.weakest {
                text.push_str(&format!("- {ports} {service}: {wrong} wrong\n"));
            }
        }
        text
    }
}

fn judgement_word(judgement: Judgement) -> &'static str {
    match judgement {
        Judgement::Correct => "right",
        Judgement::Partial => "partly right",
        Judgement::Wrong | Judgement::SelfGraded => "wrong",
    }
}

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::now;
    use crate::testing::seed_deck as deck;

    #[test]
    fn only_the_kinds_the_settings_ask_are_drawn() {
        let deck = deck();
        let mut settings = Settings::default();
        let every = SelfTest::start(&deck, &settings, 400, None, now(), 1);
        assert!(every.questions.iter().any(|&card| deck.cards[card].direction == crate::deck::Direction::Scenario));
        settings.ask_scenarios = crate::progress::Scope::Off;
        settings.ask_transport = false;
        let fewer = SelfTest::start(&deck, &settings, 400, None, now(), 1);
        assert!(fewer.questions.len() < every.questions.len());
        assert!(fewer.questions.iter().all(|&card| settings.asks(&deck.cards[card])));
    }

    #[test]
    fn for_an_exam_only_its_ports_are_drawn() {
        let kind = crate::deck::DeckKind::For(crate::coverage::StudyFor::NetworkPlus);
        let deck = Deck::build_kind(
            crate::table::parse_table(crate::BUILTIN_TABLE).rows,
            &crate::facts::Facts::builtin(),
            kind,
        );
        let settings = Settings { ask_counterparts: crate::progress::Scope::All, ..Settings::default() };
        for seed in 0..20 {
            let test = SelfTest::start(&deck, &settings, 25, None, now(), seed);
            assert_eq!(test.questions.len(), 25);
            for &card in &test.questions {
                let row = &deck.rows[deck.cards[card].row];
                assert!(deck.exam_asks(deck.cards[card].row), "{} {} is not on N10-009", row.ports, row.service);
            }
        }
    }

    #[test]
    fn questions_are_distinct_mixed_and_core_heavy() {
        let deck = deck();
        let mut core_share = 0.0;
        for seed in 0..20 {
            let test = SelfTest::start(&deck, &Settings::default(), 25, None, now(), seed);
            let mut sorted = test.questions.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), 25);
            core_share += test.questions.iter().filter(|&&card| deck.cards[card].core).count() as f64 / 25.0 / 20.0;
        }
        let deck_share = deck.cards.iter().filter(|card| card.core).count() as f64 / deck.cards.len() as f64;
        assert!(core_share > deck_share + 0.15, "core share {core_share:.2} vs deck {deck_share:.2}");
    }

    #[test]
    fn no_feedback_until_the_report_which_scores_everything() {
        let deck = deck();
        let mut test = SelfTest::start(&deck, &Settings::default(), 4, None, now(), 9);
        let first = test.current(now()).unwrap();
        let answer = deck.cards[first].answer.clone();
        test.answer(&deck, &answer, now());
        test.answer(&deck, "no idea", now());
        test.answer(&deck, "", now());
        assert!(!test.is_finished(now()));
        let last = test.current(now()).unwrap();
        let answer = deck.cards[last].answer.clone();
        test.answer(&deck, &answer, now());
        assert!(test.is_finished(now()));
        let report = test.report(&deck);
        assert_eq!(report.right(), 2);
        assert_eq!(report.missed(&deck).len(), 2);
        assert_eq!(report.items[1].given, "no idea");
        let csv = String::from_utf8(report.to_csv()).unwrap();
        assert!(csv.starts_with('\u{feff}'), "a byte-order mark for Excel");
        assert_eq!(csv.split("\r\n").filter(|line| !line.is_empty()).count(), 5, "CRLF line ends: {csv:?}");
        assert!(report.to_markdown().contains("Score: 2 of 4"));
    }

    /// Opened with three PBQs: they come first, the cards wait; the report scores each
    /// per item, in the CSV and the Markdown, and their misses join "review these now".
    #[test]
    fn performance_based_questions_open_the_test_and_are_reported_per_item() {
        let deck = deck();
        let facts = crate::facts::Facts::builtin();
        let mut test = SelfTest::start(&deck, &Settings::default(), 3, None, now(), 8).with_pbqs(3, &facts, 8);
        let kinds: Vec<PbqKind> = test.pbqs.iter().map(|work| work.task.kind()).collect();
        assert_eq!(kinds, [PbqKind::Firewall, PbqKind::Listing, PbqKind::Matching]);
        assert_eq!(test.current_pbq(now()), Some(0));
        assert_eq!(test.current(now()), None, "the cards wait for the PBQs");
        assert!(!test.is_finished(now()));
        // The firewall answered with its reference, the listing left blank, the match
        // half done.
        let Pbq::Firewall(firewall) = test.pbqs[0].task.clone() else { panic!("a firewall first") };
        for (index, rule) in firewall.reference.iter().enumerate() {
            test.edit_pbq(&Edit::AddRule, now());
            let draft = crate::pbq::work::RuleDraft {
                action: rule.action,
                source: rule.source,
                destination: rule.destination,
                protocol: rule.protocol,
                ports: rule.ports.to_string(),
            };
            test.edit_pbq(&Edit::SetRule(index, draft), now());
        }
        test.next_pbq(now());
        test.next_pbq(now());
        assert_eq!(test.current_pbq(now()), Some(2));
        let Pbq::Matching(matching) = test.pbqs[2].task.clone() else { panic!("a match third") };
        test.edit_pbq(&Edit::Match { left: 0, right: Some(matching.pairs[0].answer) }, now());
        test.next_pbq(now());
        assert_eq!(test.current_pbq(now()), None);
        for _ in 0..3 {
            let card = test.current(now()).expect("then the cards");
            let answer = deck.cards[card].answer.clone();
            test.answer(&deck, &answer, now());
        }
        assert!(test.is_finished(now()));
        let report = test.report(&deck);
        assert_eq!(report.pbqs[0].right(), report.pbqs[0].total(), "the reference meets every requirement");
        assert_eq!(report.pbqs[1].right(), report.pbqs[1].items.iter().filter(|item| item.right).count());
        assert!(report.pbqs[2].right() >= 1 && report.pbqs[2].right() < report.pbqs[2].total());
        assert!(!report.missed(&deck).is_empty(), "the PBQ misses' cards are to review");
        let csv = String::from_utf8(report.to_csv()).unwrap();
        let pbq_rows = report.pbqs.iter().map(PbqOutcome::total).sum::<usize>();
        assert_eq!(
            csv.lines().filter(|line| line.trim_start_matches('"').starts_with("PBQ ")).count(),
            pbq_rows,
            "{csv}"
        );
        assert!(csv.contains(&format!("PBQ 1, Firewall rules: {}", firewall.requirements[0].text)), "{csv}");
        let markdown = report.to_markdown();
        assert!(markdown.contains(&Report::pbq_summary(1, &report.pbqs[0])), "{markdown}");
        assert!(markdown.contains("## Questions"));
    }

    #[test]
    fn two_pbqs_are_a_firewall_and_one_other() {
        let deck = deck();
        let facts = crate::facts::Facts::builtin();
        for seed in 0..20 {
            let test = SelfTest::start(&deck, &Settings::default(), 3, None, now(), seed).with_pbqs(2, &facts, seed);
            let kinds: Vec<PbqKind> = test.pbqs.iter().map(|work| work.task.kind()).collect();
            assert_eq!(kinds.len(), 2);
            assert_eq!(kinds[0], PbqKind::Firewall);
            assert_ne!(kinds[1], PbqKind::Firewall);
        }
    }

    #[test]
    fn the_time_limit_ends_the_test_and_unanswered_questions_count_wrong() {
        let deck = deck();
        let mut test = SelfTest::start(&deck, &Settings::default(), 10, Some(Duration::minutes(2)), now(), 5);
        let card = test.current(now()).unwrap();
        let answer = deck.cards[card].answer.clone();
        test.answer(&deck, &answer, now());
        let late = now() + Duration::minutes(3);
        assert!(test.is_finished(late));
        test.answer(&deck, "ignored", late);
        let report = test.report(&deck);
        assert_eq!((report.right(), report.items.len(), report.missed(&deck).len()), (1, 10, 9));
    }

    #[test]
    fn csv_and_markdown_escape_what_they_must() {
        let report = Report {
            pbqs: Vec::new(),
            items: vec![Item {
                card: 0,
                prompt: "Which port, \"quoted\"?".into(),
                given: "a, b\nc".into(),
                expected: "22".into(),
                judgement: Judgement::Wrong,
                core: true,
            }],
            weakest: Vec::new(),
        };
        let csv = String::from_utf8(report.to_csv()).unwrap();
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(row.iter().collect::<Vec<_>>(), ["Which port, \"quoted\"?", "yes", "a, b\nc", "22", "wrong"]);
        assert_eq!(md_cell("a|b"), "a\\|b");
    }
}

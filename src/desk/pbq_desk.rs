//! Performance-based questions on the desk: a task being worked, the learner's rule
//! table, marks or matches as they build them, the check, and what follows from the
//! misses (their cards first in study, or a drill of them). A task's result never
//! enters the review log: the memory model only hears the cards' own answers.

use chrono::{DateTime, FixedOffset};

use super::{Desk, DrillIntent, Effect, Intent, Screen};
use crate::deck::{CardIndex, Direction};
use crate::drill::{Length, Pool, Setup};
use crate::pbq::firewall::{Action, Place, Ports, Protocol, Rule};
use crate::pbq::{Pbq, PbqAnswer, PbqKind, PbqOutcome};

/// What the learner does with a task.
#[derive(Debug, Clone, PartialEq)]
pub enum PbqIntent {
    /// A new task of this kind.
    Start(PbqKind),
    /// Firewall: a rule at the end of the table (allow, any → any, TCP, no port yet).
    AddRule,
    RemoveRule(usize),
    /// Moves a rule one place up (`up`) or down.
    MoveRule {
        rule: usize,
        up: bool,
    },
    SetRule(usize, RuleDraft),
    /// Listing: marks or unmarks a line.
    ToggleMark(usize),
    /// Match: this left-hand item takes that right-hand one (or none).
    Match {
        left: usize,
        right: Option<usize>,
    },
    /// Score the answer as it stands.
    Check,
    /// Back to the answer after a check, to change it and check again.
    TryAgain,
    /// The cards of the ports missed, first in study.
    StudyMisses,
    /// A drill of the ports missed.
    DrillMisses,
    Close,
}

impl From<PbqIntent> for Intent {
    fn from(intent: PbqIntent) -> Intent {
        Intent::Pbq(intent)
    }
}

/// One rule as the table holds it while it is edited: the port cell is text until the
/// check reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDraft {
    pub action: Action,
    pub source: Place,
    pub destination: Place,
    pub protocol: Protocol,
    pub ports: String,
}

impl Default for RuleDraft {
    fn default() -> Self {
        RuleDraft {
            action: Action::Allow,
            source: Place::Any,
            destination: Place::Any,
            protocol: Protocol::Tcp,
            ports: String::new(),
        }
    }
}

impl RuleDraft {
    fn rule(&self, number: usize) -> Result<Rule, String> {
        let ports = Ports::parse(&self.ports).map_err(|error| format!("Rule {number}'s port: {error}."))?;
        Ok(Rule {
            source: self.source,
            destination: self.destination,
            protocol: self.protocol,
            ports,
            action: self.action,
        })
    }
}

/// A task being worked, and the answer so far.
#[derive(Debug, Clone, PartialEq)]
pub struct PbqWork {
    pub task: Pbq,
    pub rules: Vec<RuleDraft>,
    pub marks: Vec<bool>,
    pub matches: Vec<Option<usize>>,
    pub outcome: Option<PbqOutcome>,
    /// Why the answer could not be checked (a port cell that is not a port).
    pub problem: Option<String>,
}

impl PbqWork {
    pub fn new(task: Pbq) -> PbqWork {
        let (marks, matches) = match &task {
            Pbq::Listing(listing) => (vec![false; listing.lines.len()], Vec::new()),
            Pbq::Matching(matching) => (Vec::new(), vec![None; matching.pairs.len()]),
            Pbq::Firewall(_) => (Vec::new(), Vec::new()),
        };
        PbqWork { task, rules: Vec::new(), marks, matches, outcome: None, problem: None }
    }

    /// The answer as it stands, or which rule's port cell is not a port.
    pub fn answer(&self) -> Result<PbqAnswer, String> {
        Ok(match &self.task {
            Pbq::Firewall(_) => PbqAnswer::Firewall(
                self.rules.iter().enumerate().map(|(index, draft)| draft.rule(index + 1)).collect::<Result<_, _>>()?,
            ),
            Pbq::Listing(_) => PbqAnswer::Listing(self.marks.clone()),
            Pbq::Matching(_) => PbqAnswer::Matching(self.matches.clone()),
        })
    }

    /// Checks the answer; a port cell that is not a port is named and nothing is scored.
    pub fn check(&mut self) {
        match self.answer() {
            Ok(answer) => {
                self.outcome = Some(self.task.score(&answer));
                self.problem = None;
            }
            Err(problem) => self.problem = Some(problem),
        }
    }

    /// Applies an edit; edits after a check are ignored until "try again".
    fn edit(&mut self, intent: &PbqIntent) {
        if self.outcome.is_some() {
            return;
        }
        match intent {
            PbqIntent::AddRule => self.rules.push(RuleDraft::default()),
            PbqIntent::RemoveRule(rule) if *rule < self.rules.len() => {
                self.rules.remove(*rule);
            }
            PbqIntent::MoveRule { rule, up } => {
                let other = if *up { rule.checked_sub(1) } else { Some(rule + 1) };
                if let Some(other) = other.filter(|other| *other < self.rules.len() && *rule < self.rules.len()) {
                    self.rules.swap(*rule, other);
                }
            }
            PbqIntent::SetRule(rule, draft) => {
                if let Some(slot) = self.rules.get_mut(*rule) {
                    *slot = draft.clone();
                }
            }
            PbqIntent::ToggleMark(line) => {
                if let Some(mark) = self.marks.get_mut(*line) {
                    *mark = !*mark;
                }
            }
            PbqIntent::Match { left, right } => {
                if let Some(slot) = self.matches.get_mut(*left) {
                    *slot = *right;
                }
            }
            _ => {}
        }
        self.problem = None;
    }
}

impl Desk {
    pub fn pbq(&self) -> Option<&PbqWork> {
        self.pbq.as_ref()
    }

    pub(super) fn apply_pbq(&mut self, intent: PbqIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        match intent {
            PbqIntent::Start(kind) => {
                self.runs += 1;
                let seed = self.seed.wrapping_add(self.runs);
                self.pbq = Some(PbqWork::new(Pbq::generate(kind, &self.facts, seed)));
            }
            PbqIntent::Check => {
                if let Some(work) = self.pbq.as_mut() {
                    work.check();
                }
            }
            PbqIntent::TryAgain => {
                if let Some(work) = self.pbq.as_mut() {
                    work.outcome = None;
                }
            }
            PbqIntent::StudyMisses => {
                let cards = self.cards_of_missed_ports();
                if cards.is_empty() {
                    return vec![Effect::Said(Screen::Pbq, "Nothing missed: no cards to bring forward.".into())];
                }
                return self.apply(Intent::ReviewNow(cards), now);
            }
            PbqIntent::DrillMisses => {
                let rows = self.rows_of_missed_ports();
                if rows.is_empty() {
                    return vec![Effect::Said(Screen::Pbq, "Nothing missed: nothing to drill.".into())];
                }
                let setup = Setup {
                    length: Length::Questions((rows.len() as u32 * 3).clamp(6, 30)),
                    pool: Pool::Rows(rows),
                    mode: self.session.progress().settings.answer_mode,
                };
                let mut effects = self.apply_drill(DrillIntent::Start(setup), now);
                if effects.contains(&Effect::DrillStarted) {
                    effects.insert(0, Effect::Open(Screen::Drill));
                }
                return effects;
            }
            PbqIntent::Close => self.pbq = None,
            edit => {
                if let Some(work) = self.pbq.as_mut() {
                    work.edit(&edit);
                }
            }
        }
        Vec::new()
    }

    /// The deck's rows of the ports the checked task missed.
    fn missed_rows(&self) -> Vec<usize> {
        let Some(outcome) = self.pbq.as_ref().and_then(|work| work.outcome.as_ref()) else { return Vec::new() };
        let deck = self.session.deck();
        let mut rows: Vec<usize> = Vec::new();
        for ports in outcome.missed_ports() {
            if let Some(row) = deck.row_for(&ports).filter(|row| !rows.contains(row)) {
                rows.push(row);
            }
        }
        rows
    }

    fn rows_of_missed_ports(&self) -> Vec<String> {
        let deck = self.session.deck();
        self.missed_rows().into_iter().map(|row| deck.rows[row].ports.to_string()).collect()
    }

    /// Each missed row's service-to-port and port-to-service cards, as study asks them.
    fn cards_of_missed_ports(&self) -> Vec<CardIndex> {
        let deck = self.session.deck();
        let rows = self.missed_rows();
        let settings = &self.session.progress().settings;
        (0..deck.cards.len())
            .filter(|&card| {
                let card = &deck.cards[card];
                rows.contains(&card.row)
                    && matches!(card.direction, Direction::ServiceToPort | Direction::PortToService)
                    && settings.asks(card)
            })
            .collect()
    }
}

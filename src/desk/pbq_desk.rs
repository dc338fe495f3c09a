//! Performance-based questions on the desk: a task being worked, the learner's rule
//! table, marks or matches as they build them, the check, and what follows from the
//! misses (their cards first in study, or a drill of them). A task's result never
//! enters the review log: the memory model only hears the cards' own answers.

use chrono::{DateTime, FixedOffset};

use super::{Desk, DrillIntent, Effect, Intent, Screen};
use crate::deck::CardIndex;
use crate::drill::{Length, Pool, Setup};
use crate::pbq::work::{Edit, PbqWork};
use crate::pbq::{PbqKind, PbqRecord};

/// What the learner does with a task.
#[derive(Debug, Clone, PartialEq)]
pub enum PbqIntent {
    /// A new task of this kind.
    Start(PbqKind),
    /// A change to the answer being built.
    Edit(Edit),
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

impl Desk {
    pub fn pbq(&self) -> Option<&PbqWork> {
        self.pbq.as_ref()
    }

    /// Every performance-based question checked, oldest first.
    pub fn pbq_history(&self) -> &[PbqRecord] {
        &self.pbq_history
    }

    /// A task's first check goes into the history (a second check after changing the
    /// answer does not: the first is what the learner knew).
    pub(super) fn record_pbq(&mut self, record: PbqRecord) -> Vec<Effect> {
        self.pbq_history.push(record);
        if self.writable
            && let Err(error) = self.store.save_pbqs(&self.pbq_history)
        {
            let said = super::logged_failure(format!("The PBQ history could not be saved: {error}"));
            return vec![Effect::Said(Screen::Pbq, said)];
        }
        Vec::new()
    }

    pub(super) fn apply_pbq(&mut self, intent: PbqIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        // A cell's value typed key by key is kept when the learner moves on (any other
        // intent, leaving the screen, quitting), not at every key; studying or drilling
        // the misses changes nothing to keep.
        let keeps =
            !matches!(intent, PbqIntent::Edit(Edit::SetRule(..)) | PbqIntent::StudyMisses | PbqIntent::DrillMisses);
        let mut effects = self.apply_pbq_intent(intent, now);
        if keeps {
            effects.extend(self.keep_pbq_work());
        }
        effects
    }

    /// Keeps the task being worked, if there is one (leaving the screen, quitting,
    /// switching profile): a port typed since the last intent goes to disk too.
    pub(super) fn keep_open_pbq_work(&mut self) {
        if self.pbq.is_some() {
            self.keep_pbq_work();
        }
    }

    /// Writes the task being worked to the profile (or removes it once closed).
    fn keep_pbq_work(&mut self) -> Vec<Effect> {
        if !self.writable {
            return Vec::new();
        }
        let saved = self.pbq.as_ref().map(PbqWork::saved);
        match self.store.save_pbq_work(saved.as_ref()) {
            Ok(()) => Vec::new(),
            Err(error) => {
                let said = super::logged_failure(format!("The task could not be kept for next time: {error}"));
                vec![Effect::Said(Screen::Pbq, said)]
            }
        }
    }

    fn apply_pbq_intent(&mut self, intent: PbqIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        match intent {
            PbqIntent::Start(kind) => {
                self.runs += 1;
                let seed = self.seed.wrapping_add(self.runs);
                self.pbq = Some(PbqWork::generate(kind, &self.facts, seed));
            }
            PbqIntent::Check => {
                let Some(work) = self.pbq.as_mut() else { return Vec::new() };
                let first = work.outcome.is_none() && !work.recorded;
                work.check();
                if let Some(outcome) = work.outcome.as_ref().filter(|_| first) {
                    work.recorded = true;
                    let record = PbqRecord {
                        kind: outcome.kind,
                        at: now.to_utc(),
                        right: outcome.right(),
                        total: outcome.total(),
                    };
                    return self.record_pbq(record);
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
            PbqIntent::Edit(edit) => {
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
        self.session.deck().rows_of_ports(&outcome.missed_ports())
    }

    fn rows_of_missed_ports(&self) -> Vec<String> {
        let deck = self.session.deck();
        self.missed_rows().into_iter().map(|row| deck.rows[row].ports.to_string()).collect()
    }

    /// Each missed row's service-to-port and port-to-service cards, as study asks them.
    fn cards_of_missed_ports(&self) -> Vec<CardIndex> {
        let Some(outcome) = self.pbq.as_ref().and_then(|work| work.outcome.as_ref()) else { return Vec::new() };
        let deck = self.session.deck();
        let settings = &self.session.progress().settings;
        deck.study_cards_of_ports(&outcome.missed_ports())
            .into_iter()
            .filter(|&card| settings.asks(&deck.cards[card]))
            .collect()
    }
}

//! The desk's PBQ part: a performance-based question being worked (the learner's rule
//! table, marks or matches as they build them), the check, the history of checked
//! tasks, and what follows from the misses (their cards first in study, or a drill of
//! them, which the desk routes to the session and the drill part). A task's result
//! never enters the review log: the memory model only hears the cards' own answers.
//!
//! What it needs of the rest of the desk comes in with each call: the session (its
//! deck and settings), the facts, the seed to draw from and the profile's folder.

use chrono::{DateTime, FixedOffset};

use super::{Disk, Draws, Effect, Intent, Next, Screen};
use crate::deck::CardIndex;
use crate::drill::{Length, Pool, Setup};
use crate::facts::Facts;
use crate::pbq::work::{Edit, PbqWork};
use crate::pbq::{PbqKind, PbqRecord};
use crate::session::Session;

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

/// The task being worked and every task checked.
pub(super) struct PbqDesk {
    /// The performance-based question being worked.
    work: Option<PbqWork>,
    /// Every performance-based question checked (on the PBQ screen or in a self-test).
    history: Vec<PbqRecord>,
}

impl PbqDesk {
    /// A profile's PBQ part: the task left mid-way last time, if any, and the history.
    pub(super) fn new(work: Option<PbqWork>, history: Vec<PbqRecord>) -> PbqDesk {
        PbqDesk { work, history }
    }

    pub(super) fn work(&self) -> Option<&PbqWork> {
        self.work.as_ref()
    }

    /// Every performance-based question checked, oldest first.
    pub(super) fn history(&self) -> &[PbqRecord] {
        &self.history
    }

    /// A task's first check goes into the history (a second check after changing the
    /// answer does not: the first is what the learner knew).
    pub(super) fn record(&mut self, record: PbqRecord, disk: Disk) -> Vec<Effect> {
        self.history.push(record);
        if disk.writable
            && let Err(error) = disk.store.save_pbqs(&self.history)
        {
            let said = super::logged_failure(format!("The PBQ history could not be saved: {error}"));
            return vec![Effect::Said(Screen::Pbq, said)];
        }
        Vec::new()
    }

    pub(super) fn apply(
        &mut self,
        intent: PbqIntent,
        session: &Session,
        facts: &Facts,
        draws: &mut Draws,
        disk: Disk,
        now: DateTime<FixedOffset>,
    ) -> Next {
        // A cell's value typed key by key is kept when the learner moves on (any other
        // intent, leaving the screen, quitting), not at every key; studying or drilling
        // the misses changes nothing to keep.
        let keeps =
            !matches!(intent, PbqIntent::Edit(Edit::SetRule(..)) | PbqIntent::StudyMisses | PbqIntent::DrillMisses);
        let mut next = self.apply_intent(intent, session, facts, draws, disk, now);
        if keeps && let Next::Show(effects) = &mut next {
            effects.extend(self.keep_work(disk));
        }
        next
    }

    /// Keeps the task being worked, if there is one (leaving the screen, quitting,
    /// switching profile): a port typed since the last intent goes to disk too.
    pub(super) fn keep_open_work(&self, disk: Disk) {
        if self.work.is_some() {
            self.keep_work(disk);
        }
    }

    /// Writes the task being worked to the profile (or removes it once closed).
    fn keep_work(&self, disk: Disk) -> Vec<Effect> {
        if !disk.writable {
            return Vec::new();
        }
        let saved = self.work.as_ref().map(PbqWork::saved);
        match disk.store.save_pbq_work(saved.as_ref()) {
            Ok(()) => Vec::new(),
            Err(error) => {
                let said = super::logged_failure(format!("The task could not be kept for next time: {error}"));
                vec![Effect::Said(Screen::Pbq, said)]
            }
        }
    }

    fn apply_intent(
        &mut self,
        intent: PbqIntent,
        session: &Session,
        facts: &Facts,
        draws: &mut Draws,
        disk: Disk,
        now: DateTime<FixedOffset>,
    ) -> Next {
        match intent {
            PbqIntent::Start(kind) => self.work = Some(PbqWork::generate(kind, facts, draws.next_seed())),
            PbqIntent::Check => {
                let Some(work) = self.work.as_mut() else { return Next::Show(Vec::new()) };
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
                    return Next::Show(self.record(record, disk));
                }
            }
            PbqIntent::TryAgain => {
                if let Some(work) = self.work.as_mut() {
                    work.outcome = None;
                }
            }
            PbqIntent::StudyMisses => {
                let cards = self.cards_of_missed_ports(session);
                if cards.is_empty() {
                    return Next::said(Screen::Pbq, "Nothing missed: no cards to bring forward.");
                }
                return Next::Study(cards);
            }
            PbqIntent::DrillMisses => {
                let rows = self.rows_of_missed_ports(session);
                if rows.is_empty() {
                    return Next::said(Screen::Pbq, "Nothing missed: nothing to drill.");
                }
                return Next::Drill(Setup {
                    length: Length::Questions((rows.len() as u32 * 3).clamp(6, 30)),
                    pool: Pool::Rows(rows),
                    mode: session.progress().settings.answer_mode,
                });
            }
            PbqIntent::Close => self.work = None,
            PbqIntent::Edit(edit) => {
                if let Some(work) = self.work.as_mut() {
                    work.edit(&edit);
                }
            }
        }
        Next::Show(Vec::new())
    }

    /// The ports of the deck's rows the checked task missed, as the drill names rows.
    fn rows_of_missed_ports(&self, session: &Session) -> Vec<String> {
        let Some(outcome) = self.work.as_ref().and_then(|work| work.outcome.as_ref()) else { return Vec::new() };
        let deck = session.deck();
        deck.rows_of_ports(&outcome.missed_ports()).into_iter().map(|row| deck.rows[row].ports.to_string()).collect()
    }

    /// Each missed row's service-to-port and port-to-service cards, as study asks them.
    fn cards_of_missed_ports(&self, session: &Session) -> Vec<CardIndex> {
        let Some(outcome) = self.work.as_ref().and_then(|work| work.outcome.as_ref()) else { return Vec::new() };
        let deck = session.deck();
        let settings = &session.progress().settings;
        deck.study_cards_of_ports(&outcome.missed_ports())
            .into_iter()
            .filter(|&card| settings.asks(&deck.cards[card]))
            .collect()
    }
}

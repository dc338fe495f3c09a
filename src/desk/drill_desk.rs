//! The desk's drill part: the drill running, the self-test running, and the drill
//! history. Starting them, answering, stopping, the self-test's report written out.
//! Neither touches the study schedule.
//!
//! What it needs of the rest of the desk comes in with each call: the deck, the
//! settings and facts, the seed to draw from, the profile's folder and the save
//! status a failed write sets. A self-test's finished performance-based questions are
//! handed back for the PBQ part to record (the desk routes them).

use chrono::{DateTime, Utc};

use super::{Disk, Draws, DrillIntent, Effect, ReportFormat, SaveStatus, Screen, SelfTestIntent};
use crate::deck::Deck;
use crate::drill::{Drill, Record};
use crate::facts::Facts;
use crate::file_dialog::FilePlaces;
use crate::pbq::PbqRecord;
use crate::selftest::SelfTest;
use crate::session::Session;

/// A drill or self-test being run, and every drill run before.
pub(super) struct DrillDesk {
    drill: Option<Drill>,
    self_test: Option<SelfTest>,
    /// Every drill finished in this profile, oldest first.
    history: Vec<Record>,
}

impl DrillDesk {
    /// Nothing running, with this profile's drill history.
    pub(super) fn new(history: Vec<Record>) -> DrillDesk {
        DrillDesk { drill: None, self_test: None, history }
    }

    pub(super) fn drill(&self) -> Option<&Drill> {
        self.drill.as_ref()
    }

    pub(super) fn self_test(&self) -> Option<&SelfTest> {
        self.self_test.as_ref()
    }

    pub(super) fn history(&self) -> &[Record] {
        &self.history
    }

    pub(super) fn apply_drill(
        &mut self,
        intent: DrillIntent,
        deck: &Deck,
        draws: &mut Draws,
        disk: Disk,
        save_status: &mut SaveStatus,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        match intent {
            DrillIntent::Start(setup) => match Drill::start(deck, setup, now, draws.next_seed()) {
                Ok(started) => {
                    self.drill = Some(started);
                    return vec![Effect::DrillStarted];
                }
                Err(error) => return vec![Effect::Said(Screen::Drill, error.to_string())],
            },
            DrillIntent::Answer(given) => {
                if let Some(running) = self.drill.as_mut() {
                    running.answer(deck, &given, now);
                }
            }
            DrillIntent::Skip => {
                if let Some(running) = self.drill.as_mut() {
                    running.skip(deck, now);
                }
            }
            DrillIntent::Stop => {
                if let Some(running) = self.drill.as_mut() {
                    running.stop();
                }
            }
            DrillIntent::Close => {
                self.drill = None;
                return vec![Effect::DrillClosed];
            }
        }
        self.record_finished_drill(disk, save_status, now);
        Vec::new()
    }

    /// A drill that has just ended goes into the history, once.
    pub(super) fn record_finished_drill(&mut self, disk: Disk, save_status: &mut SaveStatus, now: DateTime<Utc>) {
        // Called every frame: the record (with its formatted kind) only once it is over.
        let Some(running) = self.drill.as_ref().filter(|running| running.is_finished(now)) else { return };
        let record = running.record();
        if self.history.last() == Some(&record) {
            return;
        }
        self.history.push(record);
        if disk.writable
            && let Err(error) = disk.store.save_drills(&self.history)
        {
            *save_status =
                SaveStatus::Failed(super::logged_failure(format!("The drill history could not be saved: {error}")));
        }
    }

    /// Carries out a self-test intent; `Stop` leaves the test's finished questions for
    /// [`DrillDesk::finished_self_test_pbqs`].
    pub(super) fn apply_self_test(
        &mut self,
        intent: SelfTestIntent,
        session: &Session,
        facts: &Facts,
        draws: &mut Draws,
        file_places: &mut FilePlaces,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let deck = session.deck();
        match intent {
            SelfTestIntent::Start { questions, limit, pbqs } => {
                let seed = draws.next_seed();
                let settings = &session.progress().settings;
                let test = SelfTest::start(deck, settings, questions, limit, now, seed);
                self.self_test = Some(test.with_pbqs(pbqs, facts, seed));
            }
            SelfTestIntent::Pbq(edit) => {
                if let Some(test) = self.self_test.as_mut() {
                    test.edit_pbq(&edit, now);
                }
            }
            SelfTestIntent::NextTask => {
                if let Some(test) = self.self_test.as_mut() {
                    test.next_pbq(now);
                }
            }
            SelfTestIntent::Answer(given) => {
                if let Some(test) = self.self_test.as_mut() {
                    test.answer(deck, &given, now);
                }
            }
            SelfTestIntent::Stop => {
                if let Some(test) = self.self_test.as_mut() {
                    test.stop();
                }
            }
            SelfTestIntent::Close => self.self_test = None,
            SelfTestIntent::Export { path, format } => {
                return vec![self.export_report(&path, format, deck, file_places)];
            }
        }
        Vec::new()
    }

    /// A finished self-test's performance-based questions, once, for the PBQ history.
    pub(super) fn finished_self_test_pbqs(&mut self, now: DateTime<Utc>) -> Vec<PbqRecord> {
        let Some(test) = self.self_test.as_mut().filter(|test| test.is_finished(now) && !test.pbqs_recorded) else {
            return Vec::new();
        };
        test.pbqs_recorded = true;
        test.pbqs
            .iter()
            .map(|work| {
                let outcome = work.outcome_now();
                PbqRecord { kind: outcome.kind, at: now, right: outcome.right(), total: outcome.total() }
            })
            .collect()
    }

    /// Writes the self-test report as CSV or Markdown, atomically.
    fn export_report(
        &self,
        path: &std::path::Path,
        format: ReportFormat,
        deck: &Deck,
        file_places: &mut FilePlaces,
    ) -> Effect {
        let Some(test) = &self.self_test else {
            return Effect::FileNotice("There is no self-test report to export.".to_string());
        };
        let report = test.report(deck);
        let contents = match format {
            ReportFormat::Csv => report.to_csv(),
            ReportFormat::Markdown => report.to_markdown().into_bytes(),
        };
        let said = match crate::store::write_file_atomically(path, &contents) {
            Ok(()) => {
                file_places.used(path);
                format!("Report written to {}.", path.display())
            }
            Err(error) => super::logged_failure(format!("Could not write the report: {error}")),
        };
        Effect::FileNotice(said)
    }
}

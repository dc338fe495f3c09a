//! Drills and self-tests on the desk: starting them, answering, stopping, and the
//! drill history. Neither touches the study schedule.

use chrono::{DateTime, FixedOffset, Utc};

use super::{Desk, DrillIntent, Effect, ReportFormat, Screen, SelfTestIntent};
use crate::drill::Drill;
use crate::selftest::SelfTest;

impl Desk {
    pub(super) fn apply_drill(&mut self, intent: DrillIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        let now = now.to_utc();
        let deck = self.session.deck();
        match intent {
            DrillIntent::Start(setup) => {
                self.runs += 1;
                let seed = self.seed.wrapping_add(self.runs);
                match Drill::start(deck, setup, now, seed) {
                    Ok(started) => {
                        self.drill = Some(started);
                        return vec![Effect::DrillStarted];
                    }
                    Err(error) => return vec![Effect::Said(Screen::Drill, error.to_string())],
                }
            }
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
        self.record_finished_drill(now);
        Vec::new()
    }

    /// A drill that has just ended goes into the history, once.
    pub(super) fn record_finished_drill(&mut self, now: DateTime<Utc>) {
        // Called every frame: the record (with its formatted kind) only once it is over.
        let Some(running) = self.drill.as_ref().filter(|running| running.is_finished(now)) else { return };
        let record = running.record();
        if self.drill_history.last() == Some(&record) {
            return;
        }
        self.drill_history.push(record);
        if self.writable
            && let Err(error) = self.store.save_drills(&self.drill_history)
        {
            self.save_status = super::SaveStatus::Failed(super::logged_failure(format!(
                "The drill history could not be saved: {error}"
            )));
        }
    }

    pub(super) fn apply_self_test(&mut self, intent: SelfTestIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        let now = now.to_utc();
        let deck = self.session.deck();
        match intent {
            SelfTestIntent::Start { questions, limit, pbqs } => {
                self.runs += 1;
                let seed = self.seed.wrapping_add(self.runs);
                let settings = &self.session.progress().settings;
                let test = SelfTest::start(deck, settings, questions, limit, now, seed);
                self.self_test = Some(test.with_pbqs(pbqs, &self.facts, seed));
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
                self.record_finished_self_test_pbqs(now);
            }
            SelfTestIntent::Close => self.self_test = None,
            SelfTestIntent::Export { path, format } => return vec![self.export_report(&path, format)],
        }
        Vec::new()
    }

    /// A finished self-test's performance-based questions go into the PBQ history, once.
    pub(super) fn record_finished_self_test_pbqs(&mut self, now: chrono::DateTime<Utc>) {
        let Some(test) = self.self_test.as_mut().filter(|test| test.is_finished(now) && !test.pbqs_recorded) else {
            return;
        };
        test.pbqs_recorded = true;
        let records: Vec<crate::pbq::PbqRecord> = test
            .pbqs
            .iter()
            .map(|work| {
                let outcome = work.outcome_now();
                crate::pbq::PbqRecord { kind: outcome.kind, at: now, right: outcome.right(), total: outcome.total() }
            })
            .collect();
        for record in records {
            for effect in self.record_pbq(record) {
                if let Effect::Said(_, message) = effect {
                    self.notices.push(message);
                }
            }
        }
    }

    /// Writes the self-test report as CSV or Markdown, atomically.
    fn export_report(&mut self, path: &std::path::Path, format: ReportFormat) -> Effect {
        let Some(test) = &self.self_test else {
            return Effect::Said(Screen::SelfTest, "There is no self-test report to export.".to_string());
        };
        let report = test.report(self.session.deck());
        let contents = match format {
            ReportFormat::Csv => report.to_csv(),
            ReportFormat::Markdown => report.to_markdown().into_bytes(),
        };
        let said = match crate::store::write_file_atomically(path, &contents) {
            Ok(()) => {
                self.file_places.used(path);
                format!("Report written to {}.", path.display())
            }
            Err(error) => super::logged_failure(format!("Could not write the report: {error}")),
        };
        Effect::Said(Screen::SelfTest, said)
    }
}

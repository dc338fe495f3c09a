//! The Self-test screen: an exam simulation with no feedback until the end, then the
//! report, "review these now", and export as CSV or Markdown.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use eframe::egui::{self, Color32, RichText};

use super::file_chooser::FileChooser;
use super::keys;
use super::pbq_screen::TaskView;
use super::widgets::ScreenView;
use crate::deck::Deck;
use crate::desk::{Desk, Intent, ReportFormat, SelfTestIntent};
use crate::file_dialog::FileKind;
use crate::matcher::Judgement;
use crate::selftest::SelfTest;

const RIGHT: Color32 = Color32::from_rgb(60, 170, 90);
const WRONG: Color32 = Color32::from_rgb(220, 80, 60);

/// The setup being chosen, the answer being typed and where reports go.
#[derive(Debug)]
pub struct SelfTestScreen {
    pub questions: usize,
    pub timed: bool,
    pub minutes: u32,
    /// Performance-based questions to open with: 0, 2 or 3.
    pub pbqs: usize,
    given: String,
    files: FileChooser,
    message: Option<String>,
    task: TaskView,
}

impl Default for SelfTestScreen {
    fn default() -> Self {
        SelfTestScreen {
            questions: 25,
            timed: false,
            minutes: 15,
            pbqs: 0,
            given: String::new(),
            files: FileChooser::default(),
            message: None,
            task: TaskView::default(),
        }
    }
}

impl SelfTestScreen {
    pub fn limit(&self) -> Option<Duration> {
        self.timed.then(|| Duration::minutes(i64::from(self.minutes)))
    }
}

impl ScreenView for SelfTestScreen {
    fn ui(&mut self, ui: &mut egui::Ui, desk: &Desk, now: DateTime<FixedOffset>) -> Vec<Intent> {
        let now = now.to_utc();
        let deck = desk.session().deck();
        let mut intents = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| match desk.self_test() {
            None => {
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| self.setup(ui, &mut intents));
            }
            Some(test) if test.is_finished(now) => {
                let choosing = self.files.is_open();
                let asked = ui.add_enabled_ui(!choosing, |ui| self.report(ui, deck, test, &mut intents)).inner;
                if let Some(kind) = asked {
                    self.files.open(kind, desk, now.fixed_offset());
                }
            }
            Some(test) => {
                if let Some(left) = test.time_left(now) {
                    let tick = left.num_milliseconds().rem_euclid(1000).max(50) as u64;
                    ui.ctx().request_repaint_after(std::time::Duration::from_millis(tick));
                }
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| match test.current_pbq(now) {
                    Some(index) => self.performance_task(ui, test, index, now, &mut intents),
                    None => self.question(ui, deck, test, now, &mut intents),
                });
            }
        });
        if let Some((kind, path)) = self.files.show(ui.ctx()) {
            let format = if kind == FileKind::SelfTestMarkdown { ReportFormat::Markdown } else { ReportFormat::Csv };
            intents.push(Intent::SelfTest(SelfTestIntent::Export { path, format }));
        }
        intents
    }

    fn said(&mut self, message: String) {
        self.message = Some(message);
    }
}

impl SelfTestScreen {
    fn setup(&mut self, ui: &mut egui::Ui, intents: &mut Vec<Intent>) {
        let state = self;
        ui.heading("Self-test: like the exam, no feedback until the end");
        ui.label("Core ports come up more often; port, service and transport questions are mixed.");
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Questions");
            ui.add(egui::DragValue::new(&mut state.questions).range(1..=200)).labelled_by(label.id);
            ui.checkbox(&mut state.timed, "Time limit");
            if state.timed {
                let label = ui.label("minutes");
                ui.add(egui::DragValue::new(&mut state.minutes).range(1..=180)).labelled_by(label.id);
            }
        });
        ui.horizontal_wrapped(|ui| {
            // The exam opens with its performance-based questions; so can the test.
            ui.label("Performance-based questions first:");
            for (count, label) in [(0, "none"), (2, "2"), (3, "3")] {
                ui.radio_value(&mut state.pbqs, count, label);
            }
        });
        ui.add_space(8.0);
        // Enter starts, unless it is committing a number being typed.
        let typing = keys::typing(ui);
        let enter = !typing && ui.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
        if ui.button(RichText::new("Start self-test  [Enter]").size(20.0)).clicked() || enter {
            state.message = None;
            let start = SelfTestIntent::Start { questions: state.questions, limit: state.limit(), pbqs: state.pbqs };
            intents.push(Intent::SelfTest(start));
        }
    }

    /// A performance-based question of the test: worked like on the PBQ screen, scored
    /// only in the report.
    fn performance_task(
        &mut self,
        ui: &mut egui::Ui,
        test: &SelfTest,
        index: usize,
        now: DateTime<Utc>,
        intents: &mut Vec<Intent>,
    ) {
        // Ctrl+Enter moves on; taken before a focused cell would take the Enter too.
        let next_key = keys::ctrl(egui::Key::Enter);
        let mut next = keys::pressed(ui, next_key);
        let mut status = format!("Performance-based question {} of {}", index + 1, test.pbqs.len());
        if let Some(left) = test.time_left(now) {
            let seconds = (left.num_milliseconds() + 999) / 1000;
            status.push_str(&format!("   ·   {}:{:02} left", seconds / 60, seconds % 60));
        }
        ui.label(RichText::new(status).size(18.0));
        let mut edits = Vec::new();
        self.task.ui(ui, &test.pbqs[index], &mut edits);
        intents.extend(edits.into_iter().map(|edit| Intent::SelfTest(SelfTestIntent::Pbq(edit))));
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            let label = if index + 1 < test.pbqs.len() { "Next task" } else { "On to the questions" };
            next |= keys::button(ui, label, next_key);
            if keys::button(ui, "End the test now", keys::ctrl(egui::Key::End)) {
                intents.push(Intent::SelfTest(SelfTestIntent::Stop));
            }
        });
        if next {
            intents.push(Intent::SelfTest(SelfTestIntent::NextTask));
        }
    }

    fn question(
        &mut self,
        ui: &mut egui::Ui,
        deck: &Deck,
        test: &SelfTest,
        now: DateTime<Utc>,
        intents: &mut Vec<Intent>,
    ) {
        let Some(card) = test.current(now) else { return };
        ui.vertical_centered(|ui| {
            let mut status = format!("Question {} of {}", test.answers.len() + 1, test.questions.len());
            if let Some(left) = test.time_left(now) {
                let seconds = (left.num_milliseconds() + 999) / 1000;
                status.push_str(&format!("   ·   {}:{:02} left", seconds / 60, seconds % 60));
            }
            ui.label(RichText::new(status).size(18.0));
            ui.add_space(16.0);
            ui.label(RichText::new(&deck.cards[card].prompt).size(28.0).strong());
            ui.add_space(16.0);
            let label = ui.label("Your answer");
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.given).font(egui::TextStyle::Heading).desired_width(320.0))
                .labelled_by(label.id);
            if !field.has_focus() && !field.lost_focus() {
                field.request_focus();
            }
            let entered = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            if ui.button("Next").clicked() || entered {
                intents.push(Intent::SelfTest(SelfTestIntent::Answer(std::mem::take(&mut self.given))));
            }
            ui.add_space(12.0);
            if keys::button(ui, "End the test now", keys::ctrl(egui::Key::End)) {
                intents.push(Intent::SelfTest(SelfTestIntent::Stop));
            }
        });
    }

    /// The score and every answer; the kind of file asked for, if an export was.
    fn report(
        &mut self,
        ui: &mut egui::Ui,
        deck: &Deck,
        test: &SelfTest,
        intents: &mut Vec<Intent>,
    ) -> Option<FileKind> {
        let state = self;
        let mut asked = None;
        let report = test.report(deck);
        let (core_right, core_total) = report.core_right();
        let share = |part: usize, whole: usize| if whole == 0 { 0.0 } else { part as f32 * 100.0 / whole as f32 };
        ui.heading(format!(
            "Score {} of {} ({:.0} %)   ·   core ports {core_right} of {core_total} ({:.0} %)",
            report.right(),
            report.items.len(),
            share(report.right(), report.items.len()),
            share(core_right, core_total)
        ));
        for (index, outcome) in report.pbqs.iter().enumerate() {
            egui::CollapsingHeader::new(crate::selftest::Report::pbq_summary(index + 1, outcome)).show(ui, |ui| {
                for item in &outcome.items {
                    let (mark, colour) = if item.right { ("✔", RIGHT) } else { ("✘", WRONG) };
                    ui.horizontal_wrapped(|ui| {
                        ui.colored_label(colour, mark);
                        ui.label(&item.explanation);
                    });
                }
            });
        }
        if !report.weakest.is_empty() {
            let weakest: Vec<String> =
                report.weakest.iter().map(|(ports, service, wrong)| format!("{ports} {service} ({wrong})")).collect();
            ui.label(format!("Weakest ports: {}", weakest.join(", ")));
        }
        ui.horizontal_wrapped(|ui| {
            let missed = report.missed(deck);
            if keys::enabled_button(ui, !missed.is_empty(), "Review these now", keys::key(egui::Key::R)) {
                intents.push(Intent::ReviewNow(missed));
            }
            if keys::button(ui, "Export CSV...", keys::ctrl(egui::Key::E)) {
                asked = Some(FileKind::SelfTestCsv);
            }
            if keys::button(ui, "Export Markdown...", keys::ctrl_shift(egui::Key::E)) {
                asked = Some(FileKind::SelfTestMarkdown);
            }
            if keys::button(ui, "New self-test", keys::key(egui::Key::N)) {
                intents.push(Intent::SelfTest(SelfTestIntent::Close));
            }
        });
        if let Some(message) = &state.message {
            ui.label(RichText::new(message).strong());
        }
        ui.separator();
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            egui::Grid::new("self_test_report").striped(true).num_columns(4).show(ui, |ui| {
                ui.strong("Question");
                ui.strong("Your answer");
                ui.strong("Right answer");
                ui.strong("Result");
                ui.end_row();
                for item in &report.items {
                    ui.label(&item.prompt);
                    ui.label(&item.given);
                    ui.label(&item.expected);
                    let (text, colour) = match item.judgement {
                        Judgement::Correct => ("right", RIGHT),
                        Judgement::Partial => ("partly", Color32::from_rgb(230, 140, 30)),
                        _ => ("wrong", WRONG),
                    };
                    ui.colored_label(colour, text);
                    ui.end_row();
                }
            });
        });
        asked
    }
}

//! The Drill screen: set up a timed sprint, run it (optionally in presenter mode,
//! full screen with very large type), and show the tally with the ports missed.

use chrono::{DateTime, FixedOffset, Utc};
use eframe::egui::{self, Color32, RichText};

use super::keys;
use super::widgets::{CHOICE_KEYS, ScreenView, family_picker};
use crate::deck::Deck;
use crate::desk::{Desk, DrillIntent, Effect, Intent, SettingsIntent};
use crate::drill::{self, Drill, Length, Pool, Record, Setup};
use crate::exam::Family;
use crate::matcher::Judgement;
use crate::progress::AnswerMode;

/// The setup being chosen, and how the running drill is shown.
#[derive(Debug)]
pub struct DrillScreen {
    pub length: Length,
    pub questions: u32,
    pub pool_choice: PoolChoice,
    pub mode: AnswerMode,
    pub presenter: bool,
    /// Presenter mode: the answer to the current question is on screen.
    revealed: bool,
    given: String,
    message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolChoice {
    Core,
    All,
    Chosen,
    Family(Family),
}

impl Default for DrillScreen {
    fn default() -> Self {
        DrillScreen {
            length: Length::Seconds(60),
            questions: 20,
            pool_choice: PoolChoice::Core,
            mode: AnswerMode::MultipleChoice,
            presenter: false,
            revealed: false,
            given: String::new(),
            message: None,
        }
    }
}

impl DrillScreen {
    pub fn setup(&self, chosen_rows: &[String]) -> Setup {
        let pool = match self.pool_choice {
            PoolChoice::Core => Pool::Core,
            PoolChoice::All => Pool::All,
            PoolChoice::Chosen => Pool::Rows(chosen_rows.to_vec()),
            PoolChoice::Family(family) => Pool::Family(family),
        };
        Setup { length: self.length, pool, mode: self.mode }
    }

    /// A drill has started: a fresh answer field and no old message.
    pub fn started(&mut self) {
        self.given.clear();
        self.revealed = false;
        self.message = None;
    }

    /// Presenter mode with a drill on: the window holds nothing but the drill.
    pub fn is_presenting(&self, desk: &Desk) -> bool {
        self.presenter && desk.drill().is_some()
    }
}

impl ScreenView for DrillScreen {
    fn on_effect(&mut self, effect: &Effect) -> Option<egui::ViewportCommand> {
        match effect {
            Effect::DrillStarted => {
                self.started();
                Some(egui::ViewportCommand::Fullscreen(self.presenter))
            }
            Effect::DrillClosed => Some(egui::ViewportCommand::Fullscreen(false)),
            Effect::ProfileSwitched => {
                self.started();
                None
            }
            _ => None,
        }
    }

    fn presenting(&self, desk: &Desk) -> bool {
        self.is_presenting(desk)
    }

    fn ui(&mut self, ui: &mut egui::Ui, desk: &Desk, now: DateTime<FixedOffset>) -> Vec<Intent> {
        let now = now.to_utc();
        let deck = desk.session().deck();
        let mut intents = Vec::new();
        let presenter = self.is_presenting(desk);
        let mut frame = egui::Frame::central_panel(ui.style());
        if presenter {
            frame = frame.fill(Color32::BLACK);
        }
        egui::CentralPanel::default().frame(frame).show(ui, |ui| match desk.drill() {
            None => {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        let chosen_rows = &desk.session().progress().settings.drill_rows;
                        self.setup_ui(ui, deck, chosen_rows, desk.drill_history(), &mut intents);
                    })
                    .inner
            }
            Some(running) if running.is_finished(now) => {
                results(ui, deck, running, desk.drill_history(), presenter, &mut intents);
            }
            Some(running) => {
                if let Some(left) = running.time_left(now) {
                    // The countdown needs a frame a second, and only while it runs.
                    let tick = left.num_milliseconds().rem_euclid(1000).max(50) as u64;
                    ui.ctx().request_repaint_after(std::time::Duration::from_millis(tick));
                }
                if presenter {
                    self.presenter_keys(ui, &mut intents);
                }
                self.question(ui, deck, running, now, presenter, &mut intents);
            }
        });
        intents
    }

    fn said(&mut self, message: String) {
        self.message = Some(message);
    }
}

impl DrillScreen {
    fn setup_ui(
        &mut self,
        ui: &mut egui::Ui,
        deck: &Deck,
        chosen_rows: &[String],
        history: &[Record],
        intents: &mut Vec<Intent>,
    ) {
        let state = self;
        ui.heading("Drill: a timed sprint that does not change your schedule");
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            ui.label("Length:");
            ui.radio_value(&mut state.length, Length::Seconds(60), "60 s");
            ui.radio_value(&mut state.length, Length::Seconds(120), "120 s");
            let counted = matches!(state.length, Length::Questions(_));
            if ui.radio(counted, "Questions:").clicked() {
                state.length = Length::Questions(state.questions);
            }
            let label = ui.label("how many");
            if ui.add(egui::DragValue::new(&mut state.questions).range(1..=200)).labelled_by(label.id).changed() {
                state.length = Length::Questions(state.questions);
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Ports:");
            ui.radio_value(&mut state.pool_choice, PoolChoice::Core, "Core only");
            ui.radio_value(&mut state.pool_choice, PoolChoice::All, "All");
            ui.radio_value(&mut state.pool_choice, PoolChoice::Chosen, format!("Chosen ({})", chosen_rows.len()));
            let mut family = match state.pool_choice {
                PoolChoice::Family(family) => Some(family),
                _ => None,
            };
            if family_picker(ui, "One family", &mut family) {
                state.pool_choice = family.map_or(PoolChoice::Core, PoolChoice::Family);
            }
        });
        if state.pool_choice == PoolChoice::Chosen {
            chosen_rows_ui(ui, deck, chosen_rows, intents);
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Answers:");
            ui.radio_value(&mut state.mode, AnswerMode::MultipleChoice, "Multiple choice");
            ui.radio_value(&mut state.mode, AnswerMode::Typed, "Typed");
            ui.checkbox(&mut state.presenter, "Presenter mode (full screen, large type)  [P]");
            let typing = keys::typing(ui);
            if !typing && ui.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::P)) {
                state.presenter = !state.presenter;
            }
        });
        let kind = state.setup(chosen_rows).kind();
        match drill::best_of(history, &kind) {
            Some(best) => ui.label(format!(
                "Best for {kind}: {} of {} ({:.0} %)",
                best.right,
                best.asked,
                best.accuracy() * 100.0
            )),
            None => ui.label(format!("No drill of this kind yet ({kind}).")),
        };
        if let Some(message) = &state.message {
            ui.colored_label(Color32::RED, message);
        }
        ui.add_space(8.0);
        let typing = keys::typing(ui);
        let start = ui.button(RichText::new("Start drill  [Enter]").size(20.0)).clicked()
            || (!typing && ui.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Enter)));
        if start {
            intents.push(Intent::Drill(DrillIntent::Start(state.setup(chosen_rows))));
        }
    }

    /// Presenter mode, keyboard only: Space or Enter shows the answer, then goes on.
    fn presenter_keys(&mut self, ui: &mut egui::Ui, intents: &mut Vec<Intent>) {
        let next = ui.input_mut(|input| {
            input.consume_key(egui::Modifiers::NONE, egui::Key::Space)
                || input.consume_key(egui::Modifiers::NONE, egui::Key::Enter)
        });
        if next && self.revealed {
            self.revealed = false;
            intents.push(Intent::Drill(DrillIntent::Skip));
        } else if next {
            self.revealed = true;
        }
    }

    fn question(
        &mut self,
        ui: &mut egui::Ui,
        deck: &Deck,
        running: &Drill,
        now: DateTime<Utc>,
        presenter: bool,
        intents: &mut Vec<Intent>,
    ) {
        let revealed = self.revealed;
        let scale = presenter_scale(ui, presenter);
        let text_colour = if presenter { Color32::WHITE } else { ui.visuals().strong_text_color() };
        let big = |text: String, size: f32| RichText::new(text).size(size * scale).color(text_colour).strong();
        ui.vertical_centered(|ui| {
            let progress = match (running.time_left(now), running.setup.length) {
                (Some(left), _) => format!("{} s", (left.num_milliseconds() + 999) / 1000),
                (None, Length::Questions(count)) => format!("Question {} of {count}", running.asked.len() + 1),
                (None, Length::Seconds(_)) => String::new(),
            };
            ui.label(big(progress, 40.0));
            if !presenter {
                ui.label(
                    RichText::new(format!("Score {}   ·   Streak {}", running.right(), running.streak)).size(20.0),
                );
                if let Some(last) = running.asked.last() {
                    let card = &deck.cards[last.card];
                    let (text, colour) = match last.verdict.judgement {
                        Judgement::Correct => ("Right!".to_string(), Color32::from_rgb(60, 170, 90)),
                        _ => (format!("Last one: {}", card.answer), Color32::from_rgb(220, 80, 60)),
                    };
                    ui.colored_label(colour, text);
                }
            }
            ui.add_space(16.0 * scale);
            ui.label(big(deck.cards[running.current].prompt.clone(), 28.0));
            if revealed {
                let answer = RichText::new(deck.cards[running.current].answer.clone())
                    .size(28.0 * scale)
                    .color(Color32::from_rgb(90, 210, 120))
                    .strong();
                ui.label(answer);
            }
            ui.add_space(16.0 * scale);
            self.answer_ui(ui, running, (presenter, scale), intents);
            ui.add_space(12.0);
            let stop = ui.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
            if stop || (!presenter && ui.button("Stop (Esc)").clicked()) {
                intents.push(Intent::Drill(DrillIntent::Stop));
            }
        });
    }

    /// Four option buttons (keys 1-4), or the typed answer field.
    fn answer_ui(
        &mut self,
        ui: &mut egui::Ui,
        running: &Drill,
        (presenter, scale): (bool, f32),
        intents: &mut Vec<Intent>,
    ) {
        let text_colour = if presenter { Color32::WHITE } else { ui.visuals().strong_text_color() };
        let big = |text: String, size: f32| RichText::new(text).size(size * scale).color(text_colour).strong();
        if running.setup.mode == AnswerMode::MultipleChoice {
            for (index, choice) in running.choices.iter().enumerate() {
                let text = big(format!("{}   {choice}", index + 1), 20.0);
                let button = egui::Button::new(text).min_size(egui::vec2(360.0 * scale, 40.0 * scale));
                let button = if presenter { button.fill(Color32::from_gray(30)) } else { button };
                if ui.add(button).clicked() {
                    self.revealed = false;
                    intents.push(Intent::Drill(DrillIntent::Answer(choice.clone())));
                }
            }
            ui.input_mut(|input| {
                for (index, key) in CHOICE_KEYS.iter().enumerate().take(running.choices.len()) {
                    if input.consume_key(egui::Modifiers::NONE, *key) {
                        self.revealed = false;
                        intents.push(Intent::Drill(DrillIntent::Answer(running.choices[index].clone())));
                    }
                }
            });
        } else {
            let label = ui.label(big("Your answer".into(), 14.0));
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.given)
                        .font(egui::FontId::proportional(24.0 * scale))
                        .desired_width(320.0 * scale),
                )
                .labelled_by(label.id);
            if !field.has_focus() {
                field.request_focus();
            }
            if field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter)) {
                self.revealed = false;
                intents.push(Intent::Drill(DrillIntent::Answer(std::mem::take(&mut self.given))));
            }
        }
    }
}

/// How much larger presenter mode draws: as large as fits, up to 2.4 times.
fn presenter_scale(ui: &egui::Ui, presenter: bool) -> f32 {
    if !presenter {
        return 1.0;
    }
    let room = ui.available_size();
    (room.y / 340.0).min(room.x / 520.0).clamp(1.0, 2.4)
}

fn results(
    ui: &mut egui::Ui,
    deck: &Deck,
    running: &Drill,
    history: &[Record],
    presenter: bool,
    intents: &mut Vec<Intent>,
) {
    let colour = if presenter { Color32::WHITE } else { ui.visuals().strong_text_color() };
    let scale = presenter_scale(ui, presenter);
    let record = running.record();
    ui.vertical_centered(|ui| {
        ui.label(
            RichText::new(format!("{} of {} right", record.right, record.asked))
                .size(36.0 * scale)
                .color(colour)
                .strong(),
        );
        ui.label(
            RichText::new(format!(
                "Accuracy {:.0} %   ·   best streak {}",
                record.accuracy() * 100.0,
                record.best_streak
            ))
            .size(18.0 * scale)
            .color(colour),
        );
        if let Some(best) = drill::best_of(history, &record.kind) {
            ui.label(RichText::new(format!("Best for this kind: {} of {}", best.right, best.asked)).color(colour));
        }
    });
    if presenter {
        let leave = ui.input_mut(|input| {
            input.consume_key(egui::Modifiers::NONE, egui::Key::Escape)
                || input.consume_key(egui::Modifiers::NONE, egui::Key::Enter)
                || input.consume_key(egui::Modifiers::NONE, egui::Key::Space)
        });
        if leave {
            intents.push(Intent::Drill(DrillIntent::Close));
        }
        return;
    }
    ui.add_space(10.0);
    let missed = running.missed();
    if !missed.is_empty() {
        ui.heading("Missed");
        for card in &missed {
            let card = &deck.cards[*card];
            ui.label(format!("{}  —  {}", card.prompt, card.answer));
        }
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if let Some(again) = running.missed_again(deck)
            && keys::button(ui, "Drill the misses again", keys::key(egui::Key::M))
        {
            intents.push(Intent::Drill(DrillIntent::Start(again)));
        }
        if keys::button(ui, "New drill", keys::key(egui::Key::N)) {
            intents.push(Intent::Drill(DrillIntent::Close));
        }
    });
}

/// The ticked rows for a "chosen ports" drill.
fn chosen_rows_ui(ui: &mut egui::Ui, deck: &Deck, chosen_rows: &[String], intents: &mut Vec<Intent>) {
    egui::ScrollArea::vertical().max_height(160.0).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            for row in &deck.rows {
                let ports = row.ports.to_string();
                let mut ticked = chosen_rows.contains(&ports);
                if ui.checkbox(&mut ticked, format!("{ports} {}", row.service)).changed() {
                    intents.push(Intent::Settings(SettingsIntent::TickDrillRow(ports, ticked)));
                }
            }
        });
    });
}

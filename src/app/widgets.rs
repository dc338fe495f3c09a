//! Pieces more than one screen draws: the exam date and daily limits, the family
//! picker, the option keys, and the trait every screen implements.

use chrono::{DateTime, FixedOffset, NaiveDate};
use eframe::egui::{self, Color32};

use crate::desk::{Desk, Effect, Intent, SettingsIntent};
use crate::exam::Family;
use crate::progress::Settings;

/// One screen: draws from the desk and returns what the learner asked for. It owns
/// its view state (what is typed, what is marked) and its keys.
pub trait ScreenView {
    fn ui(&mut self, ui: &mut egui::Ui, desk: &Desk, now: DateTime<FixedOffset>) -> Vec<Intent>;

    /// A sentence from the desk for this screen (a file written, an error).
    fn said(&mut self, message: String);

    /// An effect of the desk this view reacts to (most react to none); what the window
    /// should do about it, if anything (full screen for a presenter).
    fn on_effect(&mut self, _effect: &Effect) -> Option<egui::ViewportCommand> {
        None
    }

    /// Whether this view holds the whole window now (no tabs): a drill presented, a
    /// round played to the projector.
    fn presenting(&self, _desk: &Desk) -> bool {
        false
    }
}

/// The digit keys 1-9, in order: whatever is numbered on screen is picked with them.
pub const DIGIT_KEYS: [egui::Key; 9] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

/// Keys 1-4 pick the options of a multiple-choice question.
pub const CHOICE_KEYS: [egui::Key; 4] = [DIGIT_KEYS[0], DIGIT_KEYS[1], DIGIT_KEYS[2], DIGIT_KEYS[3]];

/// A menu of the port families, with "All families" for none; true when changed.
pub fn family_picker(ui: &mut egui::Ui, label: &str, family: &mut Option<Family>) -> bool {
    let shown = family.map_or("All families", Family::title);
    let before = *family;
    egui::ComboBox::from_label(label).selected_text(shown).show_ui(ui, |ui| {
        ui.selectable_value(family, None, "All families");
        for choice in Family::ALL {
            ui.selectable_value(family, Some(choice), choice.title());
        }
    });
    *family != before
}

/// The exam date being typed, kept in step with the settings: when the saved date
/// changes (here or on another screen) the field shows it.
#[derive(Debug, Default)]
pub struct PlanFields {
    exam_text: String,
    shown_date: Option<Option<NaiveDate>>,
    /// What was wrong with the date typed, and in which field (it shows under that one).
    exam_error: Option<(String, String)>,
}

impl PlanFields {
    /// Exam date, new cards a day, the review cap and "back from a break".
    pub fn ui(&mut self, ui: &mut egui::Ui, settings: &Settings, intents: &mut Vec<Intent>) {
        self.date_field(ui, "Exam date (YYYY-MM-DD)", settings, intents);
        ui.horizontal_wrapped(|ui| limits_ui(ui, settings, intents));
    }

    /// The exam date field alone, where the learner is asked what they study for.
    pub fn exam_date_only(&mut self, ui: &mut egui::Ui, settings: &Settings, intents: &mut Vec<Intent>) {
        self.date_field(ui, "Your exam date, if you know it (YYYY-MM-DD)", settings, intents);
    }

    /// The date field under `title`, showing the saved date until the learner types,
    /// with what was wrong with a typed one below it.
    fn date_field(&mut self, ui: &mut egui::Ui, title: &str, settings: &Settings, intents: &mut Vec<Intent>) {
        if self.shown_date != Some(settings.exam_date) {
            self.exam_text = settings.exam_date.map(|date| date.to_string()).unwrap_or_default();
            self.shown_date = Some(settings.exam_date);
        }
        ui.horizontal_wrapped(|ui| self.exam_date_ui(ui, title, settings, intents));
        self.error_under(ui, title);
    }

    fn error_under(&self, ui: &mut egui::Ui, title: &str) {
        if let Some((field, error)) = &self.exam_error
            && field == title
        {
            ui.colored_label(Color32::RED, error);
        }
    }

    fn exam_date_ui(&mut self, ui: &mut egui::Ui, title: &str, settings: &Settings, intents: &mut Vec<Intent>) {
        let label = ui.label(title);
        let field = ui.add(egui::TextEdit::singleline(&mut self.exam_text).desired_width(100.0)).labelled_by(label.id);
        let entered = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        let set = ui.button("Set exam date").on_hover_text("Or press Enter in the field; an empty field clears it");
        if set.clicked() || entered {
            let text = self.exam_text.trim();
            match text.parse::<NaiveDate>() {
                _ if text.is_empty() => {
                    self.exam_error = None;
                    intents.push(Intent::Settings(SettingsIntent::SetExamDate(None)));
                }
                Ok(date) => {
                    self.exam_error = None;
                    intents.push(Intent::Settings(SettingsIntent::SetExamDate(Some(date))));
                }
                Err(_) => {
                    self.exam_error = Some((title.to_string(), format!("\"{text}\" is not a date like 2026-12-15.")));
                }
            }
        }
        if settings.exam_date.is_some() && ui.button("Clear").clicked() {
            intents.push(Intent::Settings(SettingsIntent::SetExamDate(None)));
        }
    }
}

fn limits_ui(ui: &mut egui::Ui, settings: &Settings, intents: &mut Vec<Intent>) {
    let (mut new_per_day, mut review_cap, mut back) =
        (settings.new_per_day, settings.review_cap, settings.back_from_break);
    let label = ui.label("New cards a day");
    let new = ui.add(egui::DragValue::new(&mut new_per_day).range(0..=200)).labelled_by(label.id);
    let label = ui.label("Reviews a day at most");
    let cap = ui.add(egui::DragValue::new(&mut review_cap).range(1..=2000)).labelled_by(label.id);
    let hint = "Spread a backlog of overdue reviews over five days, most at risk first";
    let brk = ui.checkbox(&mut back, "Back from a break").on_hover_text(hint);
    if new.changed() || cap.changed() || brk.changed() {
        intents.push(Intent::Settings(SettingsIntent::SetLimits { new_per_day, review_cap, back_from_break: back }));
    }
}

/// A plot that stays as drawn (no drag, zoom or scroll: the screen scrolls past it), of
/// this height; `percent` fixes its y axis at 0-100.
pub fn still_plot(id: &str, height: f32, percent: bool) -> egui_plot::Plot<'static> {
    let plot =
        egui_plot::Plot::new(id.to_string()).height(height).allow_drag(false).allow_zoom(false).allow_scroll(false);
    if percent { plot.include_y(0.0).include_y(100.0) } else { plot }
}

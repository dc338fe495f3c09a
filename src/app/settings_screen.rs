//! The Settings screen: everything a learner can set, saved with their profile.

use eframe::egui::{self, RichText};

use chrono::{DateTime, FixedOffset};

use super::keys;
use super::widgets::{PlanFields, ScreenView, family_picker};
use crate::coverage::StudyFor;
use crate::desk::{Desk, Intent, SettingsIntent};
use crate::progress::{AnswerMode, BASE_FONT_SIZE, Scope, Settings, Theme};

/// The exam date being typed; everything else is drawn straight from the settings.
#[derive(Debug, Default)]
pub struct SettingsScreen {
    plan: PlanFields,
    /// What the last "Fit now" found.
    fitted: Option<String>,
}

impl ScreenView for SettingsScreen {
    fn ui(&mut self, ui: &mut egui::Ui, desk: &Desk, _now: DateTime<FixedOffset>) -> Vec<Intent> {
        let settings = &desk.session().progress().settings;
        let mut intents = Vec::new();
        let mut draft = settings.clone();
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                ui.heading("Studying");
                self.plan.ui(ui, settings, &mut intents);
                studying_ui(ui, &mut draft);
                ui.add_space(10.0);
                self.memory_model_ui(ui, desk, &mut intents);
                ui.add_space(10.0);
                looks_ui(ui, &mut draft);
            });
        });
        if !asks_anything(&draft) {
            draft.ask_port_to_service = true;
        }
        if draft != *settings {
            intents.push(Intent::Settings(SettingsIntent::SetSettings(Box::new(draft))));
        }
        intents
    }

    fn said(&mut self, message: String) {
        self.fitted = Some(message);
    }
}

/// Said in Settings when the plan weighs new cards by the reviews they will need.
pub const NEW_CARDS_WAIT: &str = "Your cards fade fast, so a new card counts every review it will need: the cards you have are kept before new \
     ones come.";

impl SettingsScreen {
    /// What the schedule knows of this learner's memory, in words, and "Fit now".
    fn memory_model_ui(&mut self, ui: &mut egui::Ui, desk: &Desk, intents: &mut Vec<Intent>) {
        let session = desk.session();
        let model = session.memory_model();
        ui.heading("Memory model");
        ui.label(model.describe());
        if model.is_fitted() {
            // The numbers behind the sentence, for whoever wants them.
            egui::CollapsingHeader::new("Details").id_salt("model_details").show(ui, |ui| {
                let (low, high) = model.forgetting_range();
                ui.label(
                    RichText::new(format!(
                        "From {} answers on a later day than the card's last: fading {:.1}x to {:.1}x the average \
                         pace (95 %). It is fitted again every {} reviews, or after {} once {} days have passed.",
                        model.evidence,
                        low,
                        high,
                        crate::memory_model::REFIT_EVERY,
                        crate::memory_model::REFIT_AFTER_FEW,
                        crate::memory_model::REFIT_AFTER_DAYS
                    ))
                    .weak(),
                );
            });
        }
        if session.prices_new_cards_by_course() {
            ui.label(NEW_CARDS_WAIT);
        }
        if keys::button(ui, "Fit now", keys::ctrl_shift(egui::Key::F)) {
            intents.push(Intent::FitMemoryModel);
        }
        if let Some(message) = &self.fitted {
            ui.label(RichText::new(message).weak());
        }
    }
}

fn studying_ui(ui: &mut egui::Ui, draft: &mut Settings) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Desired retention, core ports");
        ui.add(egui::Slider::new(&mut draft.core_retention, 0.80..=0.97).fixed_decimals(2)).labelled_by(label.id);
        let label = ui.label("other ports");
        ui.add(egui::Slider::new(&mut draft.other_retention, 0.75..=0.97).fixed_decimals(2)).labelled_by(label.id);
    });
    ui.label(RichText::new("Higher retention: shorter intervals, more reviews.").weak());
    ui.horizontal_wrapped(|ui| {
        ui.label("Questions asked:");
        ui.checkbox(&mut draft.ask_port_to_service, "port to service");
        ui.checkbox(&mut draft.ask_service_to_port, "service to port")
            .on_hover_text("Also the IP protocol numbers the exams ask: ESP 50, AH 51, GRE 47.");
        ui.checkbox(&mut draft.ask_transport, "port to transport");
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Answer mode:");
        for mode in AnswerMode::ALL {
            ui.radio_value(&mut draft.answer_mode, mode, mode.label());
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Studying for:");
        for option in StudyFor::ALL {
            ui.radio_value(&mut draft.study_for, Some(option), option.label());
        }
    });
    if draft.study_for.is_none() {
        ui.checkbox(&mut draft.exam_extras, "Exam extras: add the Network+ ports the table lacks");
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Questions like the exam asks them").strong());
    ui.horizontal_wrapped(|ui| {
        let kinds = [
            ("Secure counterparts (Telnet to SSH)", &mut draft.ask_counterparts),
            ("Clear text or encrypted?", &mut draft.ask_clear_text),
            ("Scenarios (\"which port must the firewall allow?\")", &mut draft.ask_scenarios),
            ("Port families (\"name the mail ports\")", &mut draft.ask_families),
        ];
        for (title, scope) in kinds {
            egui::ComboBox::from_label(title).selected_text(scope.label()).show_ui(ui, |ui| {
                for choice in Scope::ALL {
                    ui.selectable_value(scope, choice, choice.label());
                }
            });
            ui.end_row();
        }
    });
    ui.horizontal_wrapped(|ui| {
        family_picker(ui, "Study only this family", &mut draft.focus_family);
    });
}

fn looks_ui(ui: &mut egui::Ui, draft: &mut Settings) {
    ui.heading("Looks");
    ui.horizontal_wrapped(|ui| {
        ui.label("Theme:");
        ui.radio_value(&mut draft.theme, Theme::System, "Follow the system");
        ui.radio_value(&mut draft.theme, Theme::Dark, "Dark");
        ui.radio_value(&mut draft.theme, Theme::Light, "Light");
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Text size");
        ui.add(egui::Slider::new(&mut draft.font_size, 10.0..=28.0).step_by(1.0).suffix(" pt")).labelled_by(label.id);
        if keys::button(ui, "Reset", keys::ctrl(egui::Key::Num0)) {
            draft.font_size = BASE_FONT_SIZE;
        }
    });
    ui.label(RichText::new("Presenter mode scales from this size too.").weak());
}

fn asks_anything(settings: &Settings) -> bool {
    settings.ask_port_to_service || settings.ask_service_to_port || settings.ask_transport
}

//! The Profiles screen: who is studying. Open, create, rename and delete (with a
//! confirmation; a deleted profile's files are kept aside). Up and Down pick a
//! profile, so that every action also works from the keyboard.

use eframe::egui::{self, Key, RichText};

use chrono::{DateTime, FixedOffset};

use super::keys;
use super::widgets::ScreenView;
use crate::desk::{Desk, Intent, ProfileIntent};

#[derive(Debug, Default)]
pub struct ProfilesScreen {
    new_name: String,
    rename_to: String,
    confirm_delete: Option<String>,
    message: Option<String>,
    /// The profile the keys act on, by position in the list.
    selected: usize,
}

impl ScreenView for ProfilesScreen {
    fn ui(&mut self, ui: &mut egui::Ui, desk: &Desk, _now: DateTime<FixedOffset>) -> Vec<Intent> {
        let names = desk.profiles().list();
        let current = desk.profile();
        let mut intents = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                self.list_ui(ui, &names, current, &mut intents);
                self.forms_ui(ui, &mut intents);
            });
        });
        intents
    }

    fn said(&mut self, message: String) {
        self.message = Some(message);
    }
}

impl ProfilesScreen {
    fn list_ui(&mut self, ui: &mut egui::Ui, names: &[String], current: &str, intents: &mut Vec<Intent>) {
        let state = self;
        ui.heading("Who is studying?");
        ui.label("Each profile keeps its own progress, settings and drill results.");
        ui.add_space(8.0);
        choose_with_arrows(ui, names, &mut state.selected);
        egui::Grid::new("profiles").num_columns(5).spacing([12.0, 6.0]).show(ui, |ui| {
            for (index, name) in names.iter().enumerate() {
                let selected = index == state.selected;
                ui.label(if selected { "»" } else { " " });
                let label = if name == current { format!("{name} (open)") } else { name.clone() };
                ui.label(RichText::new(label).size(18.0).strong());
                let open = if selected { Some(keys::key(Key::Enter)) } else { None };
                if button(ui, format!("Open {name}"), open) {
                    intents.push(Intent::Profile(ProfileIntent::Open(name.clone())));
                }
                if name != crate::profiles::DEFAULT_PROFILE {
                    let (rename, delete) =
                        if selected { (Some(keys::ctrl(Key::R)), Some(keys::key(Key::Delete))) } else { (None, None) };
                    if button(ui, format!("Rename {name}"), rename) {
                        intents.push(Intent::Profile(ProfileIntent::Rename {
                            from: name.clone(),
                            to: state.rename_to.clone(),
                        }));
                    }
                    if button(ui, format!("Delete {name}"), delete) {
                        state.confirm_delete = Some(name.clone());
                    }
                }
                ui.end_row();
            }
        });
    }

    fn forms_ui(&mut self, ui: &mut egui::Ui, intents: &mut Vec<Intent>) {
        let state = self;
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("New profile name");
            let field =
                ui.add(egui::TextEdit::singleline(&mut state.new_name).desired_width(180.0)).labelled_by(label.id);
            let entered = field.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter));
            // With no name yet, the key goes to the field: type the name, then Enter.
            if keys::button(ui, "Create profile", keys::ctrl(Key::N)) || entered {
                if state.new_name.trim().is_empty() {
                    field.request_focus();
                } else {
                    intents.push(Intent::Profile(ProfileIntent::Create(std::mem::take(&mut state.new_name))));
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Rename to");
            ui.add(egui::TextEdit::singleline(&mut state.rename_to).desired_width(180.0)).labelled_by(label.id);
            ui.label(RichText::new("then press Rename beside the profile (Ctrl+R renames the one marked »)").weak());
        });
        if let Some(name) = state.confirm_delete.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(egui::Color32::RED, format!("Delete {name}? Its files are kept aside, not erased."));
                if keys::button(ui, "Yes, delete", keys::key(Key::Y)) {
                    state.confirm_delete = None;
                    intents.push(Intent::Profile(ProfileIntent::Delete(name)));
                }
                if keys::button(ui, "Keep it", keys::key(Key::Escape)) {
                    state.confirm_delete = None;
                }
            });
        }
        if let Some(message) = &state.message {
            ui.label(RichText::new(message).strong());
        }
    }
}

fn choose_with_arrows(ui: &egui::Ui, names: &[String], selected: &mut usize) {
    if keys::pressed(ui, keys::key(Key::ArrowDown)) {
        *selected += 1;
    }
    if keys::pressed(ui, keys::key(Key::ArrowUp)) {
        *selected = selected.saturating_sub(1);
    }
    *selected = (*selected).min(names.len().saturating_sub(1));
}

/// Only the marked profile's buttons answer to keys; the others are shown plain.
fn button(ui: &mut egui::Ui, text: String, shortcut: Option<egui::KeyboardShortcut>) -> bool {
    match shortcut {
        Some(shortcut) => keys::button(ui, text, shortcut),
        None => ui.button(text).clicked(),
    }
}

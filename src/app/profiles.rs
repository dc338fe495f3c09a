//! The Profiles screen: who is studying. Open, create, rename and delete (with a
//! confirmation; a deleted profile's files are kept aside). Up and Down pick a
//! profile, so that every action also works from the keyboard.

use eframe::egui::{self, Key, RichText};

use super::{Command, keys};

#[derive(Debug, Default)]
pub struct ProfilesState {
    pub new_name: String,
    pub rename_to: String,
    pub confirm_delete: Option<String>,
    pub message: Option<String>,
    /// The profile the keys act on, by position in the list.
    pub selected: usize,
}

pub fn show(ui: &mut egui::Ui, names: &[String], current: &str, state: &mut ProfilesState) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading("Who is studying?");
        ui.label("Each profile keeps its own progress, settings and drill results.");
        ui.add_space(8.0);
        choose_with_arrows(ui, names, state);
        egui::Grid::new("profiles").num_columns(5).spacing([12.0, 6.0]).show(ui, |ui| {
            for (index, name) in names.iter().enumerate() {
                let selected = index == state.selected;
                ui.label(if selected { "»" } else { " " });
                let label = if name == current { format!("{name} (open)") } else { name.clone() };
                ui.label(RichText::new(label).size(18.0).strong());
                let open = if selected { Some(keys::key(Key::Enter)) } else { None };
                if button(ui, format!("Open {name}"), open) {
                    commands.push(Command::OpenProfile(name.clone()));
                }
                if name != crate::profiles::DEFAULT_PROFILE {
                    let (rename, delete) =
                        if selected { (Some(keys::ctrl(Key::R)), Some(keys::key(Key::Delete))) } else { (None, None) };
                    if button(ui, format!("Rename {name}"), rename) {
                        commands.push(Command::RenameProfile(name.clone(), state.rename_to.clone()));
                    }
                    if button(ui, format!("Delete {name}"), delete) {
                        state.confirm_delete = Some(name.clone());
                    }
                }
                ui.end_row();
            }
        });
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let label = ui.label("New profile name");
            let field =
                ui.add(egui::TextEdit::singleline(&mut state.new_name).desired_width(180.0)).labelled_by(label.id);
            let entered = field.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter));
            // With no name yet, the key goes to the field: type the name, then Enter.
            if keys::button(ui, "Create profile", keys::ctrl(Key::N)) || entered {
                if state.new_name.trim().is_empty() {
                    field.request_focus();
                } else {
                    commands.push(Command::CreateProfile(std::mem::take(&mut state.new_name)));
                }
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Rename to");
            ui.add(egui::TextEdit::singleline(&mut state.rename_to).desired_width(180.0)).labelled_by(label.id);
            ui.label(RichText::new("then press Rename beside the profile (Ctrl+R renames the one marked »)").weak());
        });
        if let Some(name) = state.confirm_delete.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(egui::Color32::RED, format!("Delete {name}? Its files are kept aside, not erased."));
                if keys::button(ui, "Yes, delete", keys::key(Key::Y)) {
                    state.confirm_delete = None;
                    commands.push(Command::DeleteProfile(name));
                }
                if keys::button(ui, "Keep it", keys::key(Key::Escape)) {
                    state.confirm_delete = None;
                }
            });
        }
        if let Some(message) = &state.message {
            ui.label(RichText::new(message).strong());
        }
    });
    commands
}

fn choose_with_arrows(ui: &egui::Ui, names: &[String], state: &mut ProfilesState) {
    if keys::pressed(ui, keys::key(Key::ArrowDown)) {
        state.selected += 1;
    }
    if keys::pressed(ui, keys::key(Key::ArrowUp)) {
        state.selected = state.selected.saturating_sub(1);
    }
    state.selected = state.selected.min(names.len().saturating_sub(1));
}

/// Only the marked profile's buttons answer to keys; the others are shown plain.
fn button(ui: &mut egui::Ui, text: String, shortcut: Option<egui::KeyboardShortcut>) -> bool {
    match shortcut {
        Some(shortcut) => keys::button(ui, text, shortcut),
        None => ui.button(text).clicked(),
    }
}

//! The Profiles screen: who is studying. Open, create, rename and delete (with a
//! confirmation; a deleted profile's files are kept aside).

use eframe::egui::{self, RichText};

use super::Command;

#[derive(Debug, Default)]
pub struct ProfilesState {
    pub new_name: String,
    pub rename_to: String,
    pub confirm_delete: Option<String>,
    pub message: Option<String>,
}

pub fn show(ui: &mut egui::Ui, names: &[String], current: &str, state: &mut ProfilesState) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading("Who is studying?");
        ui.label("Each profile keeps its own progress, settings and drill results.");
        ui.add_space(8.0);
        egui::Grid::new("profiles").num_columns(4).spacing([12.0, 6.0]).show(ui, |ui| {
            for name in names {
                let label = if name == current { format!("{name} (open)") } else { name.clone() };
                ui.label(RichText::new(label).size(18.0).strong());
                if ui.button(format!("Open {name}")).clicked() {
                    commands.push(Command::OpenProfile(name.clone()));
                }
                if name != crate::profiles::DEFAULT_PROFILE {
                    if ui.button(format!("Rename {name}")).clicked() {
                        commands.push(Command::RenameProfile(name.clone(), state.rename_to.clone()));
                    }
                    if ui.button(format!("Delete {name}")).clicked() {
                        state.confirm_delete = Some(name.clone());
                    }
                }
                ui.end_row();
            }
        });
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let label = ui.label("New profile name");
            ui.add(egui::TextEdit::singleline(&mut state.new_name).desired_width(180.0)).labelled_by(label.id);
            if ui.button("Create profile").clicked() {
                commands.push(Command::CreateProfile(std::mem::take(&mut state.new_name)));
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Rename to");
            ui.add(egui::TextEdit::singleline(&mut state.rename_to).desired_width(180.0)).labelled_by(label.id);
            ui.label(RichText::new("then press Rename beside the profile").weak());
        });
        if let Some(name) = state.confirm_delete.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(egui::Color32::RED, format!("Delete {name}? Its files are kept aside, not erased."));
                if ui.button("Yes, delete").clicked() {
                    state.confirm_delete = None;
                    commands.push(Command::DeleteProfile(name));
                }
                if ui.button("Keep it").clicked() {
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

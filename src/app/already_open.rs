//! Shown when another window already writes this progress: open read-only or quit.

use eframe::egui::{self, RichText};

use super::keys;
use crate::desk::Intent;

pub fn already_open_ui(ui: &mut egui::Ui) -> Vec<Intent> {
    let mut commands = Vec::new();
    egui::CentralPanel::default().show(ui, |ui| {
        ui.add_space(ui.available_height() * 0.2);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new("portcards is already open").size(28.0).strong());
            ui.add_space(10.0);
            ui.label(
                "Another portcards window is studying with this progress. Two windows writing the same \
                 file would lose answers, so this one can only open read-only.",
            );
            ui.add_space(20.0);
            if keys::button(ui, RichText::new("Open read-only").size(18.0), keys::key(egui::Key::Enter)) {
                commands.push(Intent::OpenReadOnly);
            }
            ui.add_space(6.0);
            if keys::button(ui, RichText::new("Quit").size(18.0), keys::ctrl(egui::Key::Q)) {
                commands.push(Intent::Quit);
            }
        });
    });
    commands
}

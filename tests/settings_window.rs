//! The Settings screen and the keyboard help, through the window.

mod common;

use common::{clock_at, open_app};
use egui_kittest::kittest::Queryable;
use portcards::app::egui;
use portcards::deck::Direction;
use portcards::progress::Theme;
use portcards::store::Store;

#[test]
fn settings_change_the_theme_the_text_size_and_what_is_asked_and_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, [1000.0, 760.0]);
    harness.key_press(egui::Key::F7);
    harness.run();
    harness.get_by_label("Light").click();
    harness.run();
    harness.get_by_label("port to service").click();
    harness.run();
    let settings = harness.state().desk().session().progress().settings.clone();
    assert_eq!(settings.theme, Theme::Light);
    assert!(!settings.ask_port_to_service);
    assert_eq!(harness.ctx.options(|options| options.theme_preference), egui::ThemePreference::Light);
    let saved = Store::at(dir.path()).load(chrono::Utc::now()).progress.settings;
    assert_eq!(saved, settings);
    harness.key_press(egui::Key::F1);
    harness.run();
    assert_ne!(harness.state().desk().session().current_card().unwrap().direction, Direction::PortToService);
}

#[test]
fn question_mark_shows_every_key_and_escape_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, [1000.0, 760.0]);
    harness.key_press(egui::Key::F2);
    harness.run();
    harness.event(egui::Event::Text("?".into()));
    harness.run();
    assert!(harness.state().key_help_shown());
    harness.get_by_label("undo the last answer");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!harness.state().key_help_shown());
}

//! Several learners on one machine: create, switch, rename and delete profiles in the
//! window, each with its own progress.

use crate::support::{clock_at, open_app, type_and_enter};
use egui_kittest::kittest::Queryable;
use portcards::app::egui;
use portcards::app::{PortcardsApp, Screen};
use portcards::profiles::Profiles;

fn answer_one(harness: &mut egui_kittest::Harness<'static, PortcardsApp>) {
    let answer = harness.state().desk().session().current_card().unwrap().answer.clone();
    type_and_enter(harness, &answer);
    harness.key_press(egui::Key::Enter);
    harness.run();
}

#[test]
fn each_profile_keeps_its_own_progress() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, [1000.0, 760.0]);
    answer_one(&mut harness);
    harness.key_press(egui::Key::F6);
    harness.run();
    let name = harness.get_by_label("New profile name");
    name.focus();
    name.type_text("Ana");
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    harness.get_by_label("Profile Ana created.");
    harness.get_by_label("Open Ana").click();
    harness.run();
    assert_eq!((harness.state().desk().profile(), harness.state().screen()), ("Ana", Screen::Study));
    assert!(harness.state().desk().session().progress().log.is_empty(), "Ana starts fresh");
    answer_one(&mut harness);
    answer_one(&mut harness);
    harness.key_press(egui::Key::F6);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().desk().session().progress().log.len(), 1);
    assert_eq!(Profiles::at(dir.path()).last_used(), "default");
    harness.key_press(egui::Key::F6);
    harness.run();
    harness.get_by_label("Open Ana").click();
    harness.run();
    assert_eq!(harness.state().desk().session().progress().log.len(), 2);
    assert_eq!(Profiles::at(dir.path()).last_used(), "Ana", "the last profile opens next time");
}

#[test]
fn rename_and_delete_with_confirmation_keep_the_files() {
    let dir = tempfile::tempdir().unwrap();
    Profiles::at(dir.path()).create("Ben").unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, [1000.0, 760.0]);
    harness.key_press(egui::Key::F6);
    harness.run();
    let field = harness.get_by_label("Rename to");
    field.focus();
    field.type_text("Benjamin");
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    harness.run();
    harness.get_by_label("Ben is now Benjamin.");
    assert_eq!(Profiles::at(dir.path()).list(), ["default", "Benjamin"]);
    harness.key_press(egui::Key::Delete);
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(Profiles::at(dir.path()).list(), ["default", "Benjamin"]);
    harness.key_press(egui::Key::Delete);
    harness.run();
    harness.get_by_label("Yes, delete Y").click();
    harness.run();
    harness.get_by_label_contains("Profile Benjamin deleted; its files were kept in");
    assert_eq!(Profiles::at(dir.path()).list(), ["default"]);
}

//! Exam date, undo and leeches through the real window.

mod common;

use common::{clock_at, open_app, type_and_enter};

const SIZE: [f32; 2] = [1000.0, 760.0];

fn clock() -> ManualClock {
    clock_at("2026-11-27T10:00:00+00:00")
}

use chrono::Duration;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portcards::app::PortcardsApp;
use portcards::app::egui;
use portcards::clock::{Clock, ManualClock};
use portcards::store::Store;

/// Opens the plan, types the date and presses Enter in the field.
fn enter_exam_date(harness: &mut egui_kittest::Harness<'static, PortcardsApp>, text: &str) {
    harness.get_by_label("Plan: exam date and daily limits").click();
    harness.run();
    let field = harness.get_by_label("Exam date (YYYY-MM-DD)");
    field.focus();
    field.type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

#[test]
fn setting_an_exam_date_shows_days_left_and_the_prediction() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock(), SIZE);
    enter_exam_date(&mut harness, "2026-12-04");
    harness.get_by_label("Exam in 7 days   ·   predicted recall on exam day: core 0 %, all 0 % (0-0 %)");
    harness.get_by_label(
        "Plan: the usual order for now; after about three days of study the plan and the forecast are about you",
    );
    // 202 cards asked (139 port cards and 63 exam-style cards of core ports) over the 6 days before the exam.
    harness.get_by_label_contains("New cards raised to 34 a day");
    assert_eq!(harness.state().desk().session().counts(clock().now()).new, 34);
    let saved = portcards::store::parse_progress(&std::fs::read(dir.path().join("progress.json")).unwrap()).unwrap();
    assert_eq!(saved.settings.exam_date, Some("2026-12-04".parse().unwrap()));
    harness.key_press(egui::Key::F3);
    harness.run();
    harness.get_by_label("Predicted recall up to the exam");
    harness.get_by_label("If nothing more were studied: core 0 %, all 0 % on exam day (days from today on the axis)");
}

#[test]
fn a_bad_exam_date_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock(), SIZE);
    enter_exam_date(&mut harness, "next friday");
    harness.get_by_label("\"next friday\" is not a date like 2026-12-15.");
    assert_eq!(harness.state().desk().session().progress().settings.exam_date, None);
}

#[test]
fn ctrl_z_takes_the_last_answer_back_also_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock(), SIZE);
    common::ask(&mut harness, "20:port-to-service");
    type_and_enter(&mut harness, "ftp");
    harness.key_press(egui::Key::Num3);
    harness.run();
    assert_eq!(harness.state().desk().session().progress().log.len(), 1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(harness.state().desk().session().progress().log.is_empty());
    harness.get_by_label("Port 20 — FTP-transfer");
    let saved = Store::at(dir.path()).load(chrono::Utc::now()).progress;
    assert!(saved.log.is_empty() && saved.cards.is_empty(), "the saved file is restored too");
    harness.key_press(egui::Key::Num4);
    harness.run();
    assert_eq!(harness.state().desk().session().progress().log[0].grade, portcards::progress::Grade::Easy);
}

#[test]
fn a_leech_is_shown_with_a_memory_hint() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut harness = open_app(dir.path(), &clock, SIZE);
    let ask_echo_now = |harness: &mut Harness<'static, PortcardsApp>| {
        harness.key_press(egui::Key::F2);
        harness.run();
        harness.get_all_by_label("Ask now").next().unwrap().click();
        harness.run();
        harness.get_by_label("Which service uses port 7?");
    };
    for _ in 0..8 {
        ask_echo_now(&mut harness);
        type_and_enter(&mut harness, "wrong");
        harness.key_press(egui::Key::Num1);
        harness.run();
        clock.advance(Duration::minutes(2));
    }
    ask_echo_now(&mut harness);
    harness.get_by_label_contains("Leech: missed 8 times. Memory hint: Echo Protocol: Server echo the host input.");
}

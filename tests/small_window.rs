//! Every screen at 800x600 with the largest text size (28 pt, twice the normal): what
//! a learner needs is on screen, or scrolls into view, and nothing falls off.

mod common;

use common::{clock_at, open_app, type_and_enter};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use portcards::app::{PortcardsApp, egui};
use portcards::progress::Progress;
use portcards::store::Store;

const LARGEST_TEXT: f32 = 28.0;

fn open_large(dir: &std::path::Path) -> Harness<'static, PortcardsApp> {
    let mut progress = Progress::default();
    progress.settings.font_size = LARGEST_TEXT;
    Store::at(dir).save(&progress).unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir, &clock, [800.0, 600.0]);
    harness.run();
    assert_eq!(harness.ctx.zoom_factor(), 2.0, "the text size doubles everything");
    harness
}

/// Scrolls the widget named `label` into view and checks that all of it is inside
/// the window.
fn assert_reachable(harness: &mut Harness<'static, PortcardsApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    let window = harness.ctx.content_rect();
    let rect = harness.get_by_label(label).rect();
    assert!(window.contains_rect(rect), "{label:?} at {rect:?} is not inside the window {window:?}");
}

fn show(harness: &mut Harness<'static, PortcardsApp>, key: egui::Key) {
    harness.key_press(key);
    harness.run();
}

#[test]
fn study_question_answer_and_every_grade_fit() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    assert_reachable(&mut harness, "Your answer");
    assert_reachable(&mut harness, "Check");
    type_and_enter(&mut harness, "ftp");
    let grades: Vec<String> = harness
        .get_all_by(|node| {
            node.label().is_some_and(|label| label.contains("\n") && label.starts_with(['1', '2', '3', '4']))
        })
        .map(|node| node.accesskit_node().label().unwrap_or_default())
        .collect();
    assert_eq!(grades.len(), 4, "{grades:?}");
    for grade in &grades {
        assert_reachable(&mut harness, grade);
    }
    harness.get_by_label("3  Good\n10m").click();
    harness.run();
    assert_eq!(harness.state().desk().session().progress().log.len(), 1);
}

#[test]
fn every_tab_can_be_reached() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    for tab in ["Study", "Browse", "Statistics", "Drill", "Self-test", "Profiles", "Settings"] {
        assert_reachable(&mut harness, tab);
    }
}

#[test]
fn browse_keeps_its_filters_and_the_right_hand_buttons_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F2);
    for label in ["Filter", "Core only", "Weak only"] {
        assert_reachable(&mut harness, label);
    }
    let ask = harness.get_all_by_label("Ask now").next().expect("a line of the table").rect();
    harness.get_all_by_label("Ask now").next().unwrap().scroll_to_me();
    harness.run();
    let window = harness.ctx.content_rect();
    let ask_after = harness.get_all_by_label("Ask now").next().unwrap().rect();
    assert!(window.contains_rect(ask_after), "Ask now at {ask_after:?} (was {ask:?}) is outside {window:?}");
}

#[test]
fn statistics_moving_and_resetting_are_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F3);
    for label in ["Export Ctrl+E", "Import and merge Ctrl+I", "Reset all progress... Ctrl+Shift+Delete"] {
        assert_reachable(&mut harness, label);
    }
}

#[test]
fn drill_setup_and_start_are_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F4);
    for label in ["Core only", "Typed", "Start drill  [Enter]"] {
        assert_reachable(&mut harness, label);
    }
}

#[test]
fn self_test_start_and_report_actions_are_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F5);
    assert_reachable(&mut harness, "Start self-test  [Enter]");
    harness.get_by_label("Start self-test  [Enter]").click();
    harness.run();
    assert_reachable(&mut harness, "End the test now Ctrl+End");
    harness.get_by_label("End the test now Ctrl+End").click();
    harness.run();
    for label in ["Export CSV Ctrl+E", "New self-test N"] {
        assert_reachable(&mut harness, label);
    }
}

#[test]
fn profiles_and_settings_are_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F6);
    for label in ["Open default Enter", "New profile name", "Create profile Ctrl+N"] {
        assert_reachable(&mut harness, label);
    }
    show(&mut harness, egui::Key::F7);
    for label in ["Set exam date", "Light", "Dark", "Reset Ctrl+0"] {
        assert_reachable(&mut harness, label);
    }
}

//! Nothing lost: a second window, a folder that cannot be written, a clock that
//! jumps back. Driven through the real window with egui_kittest.

use crate::support::{clock_at, open_app, open_app_saving_in_background, type_and_enter};

const SIZE: [f32; 2] = [960.0, 720.0];

fn clock() -> ManualClock {
    clock_at("2026-11-27T10:00:00+01:00")
}

use chrono::Duration;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portcards::app::egui;
use portcards::app::{PortcardsApp, SaveStatus};
use portcards::clock::ManualClock;

fn answer_current_card(harness: &mut Harness<'static, PortcardsApp>) {
    let answer = harness.state().desk().session().current_card().expect("a card").answer.clone();
    type_and_enter(harness, &answer);
    harness.key_press(egui::Key::Enter);
    harness.run();
}

#[test]
fn a_second_window_offers_read_only_and_never_writes() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut first = open_app(dir.path(), &clock, SIZE);
    answer_current_card(&mut first);
    let saved_by_first = std::fs::read(dir.path().join("progress.json")).unwrap();

    let mut second = open_app(dir.path(), &clock, SIZE);
    second.get_by_label("portcards is already open");
    second.key_press(egui::Key::Enter);
    second.run();
    assert!(!second.state().desk().is_writable());
    assert_eq!(second.state().desk().save_status(), &SaveStatus::ReadOnly);
    second.get_by_label("Read-only: progress is not saved");
    answer_current_card(&mut second);
    assert_eq!(second.state().desk().session().progress().log.len(), 2, "study works in memory");
    assert_eq!(std::fs::read(dir.path().join("progress.json")).unwrap(), saved_by_first);
}

#[test]
fn the_second_window_may_also_quit() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let _first = open_app(dir.path(), &clock, SIZE);
    let mut second = open_app(dir.path(), &clock, SIZE);
    second.get_by_label("Quit Ctrl+Q").click();
    second.run();
    assert!(second.state().quit_requested());
}

#[test]
fn an_unwritable_folder_warns_keeps_answers_and_saves_once_it_can() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("portcards");
    std::fs::write(&folder, b"a file where the folder should be").unwrap();
    let clock = clock();
    let mut harness = open_app(&folder, &clock, SIZE);
    answer_current_card(&mut harness);
    assert!(matches!(harness.state().desk().save_status(), SaveStatus::Failed(_)));
    harness.get_by_label_contains("Progress is not being saved");
    std::fs::remove_file(&folder).unwrap();
    clock.advance(Duration::seconds(30));
    answer_current_card(&mut harness);
    assert_eq!(harness.state().desk().save_status(), &SaveStatus::Saved);
    assert!(harness.query_by_label_contains("Progress is not being saved").is_none());
    let saved = portcards::store::parse_progress(&std::fs::read(folder.join("progress.json")).unwrap()).unwrap();
    assert_eq!(saved.log.len(), 2, "both answers reached the disk");
}

#[test]
fn a_clock_set_back_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut harness = open_app(dir.path(), &clock, SIZE);
    answer_current_card(&mut harness);
    answer_current_card(&mut harness);
    clock.advance(-Duration::days(3));
    answer_current_card(&mut harness);
    let progress = harness.state().desk().session().progress();
    assert_eq!(progress.log.len(), 3);
    assert_eq!(progress.cards.len(), 3);
    for state in progress.cards.values() {
        assert!(state.due > state.last_review, "{state:?}");
    }
}

#[test]
fn saves_made_on_the_writer_thread_reach_the_disk_and_quitting_waits_for_them() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut harness = open_app_saving_in_background(dir.path(), &clock);
    answer_current_card(&mut harness);
    answer_current_card(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    harness.run();
    assert!(harness.state().quit_requested());
    assert_eq!(harness.state().desk().save_status(), &SaveStatus::Saved);
    let saved = portcards::store::Store::at(dir.path()).load(chrono::Utc::now()).progress;
    assert_eq!(saved.log.len(), 2);
}

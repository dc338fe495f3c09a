//! Nothing lost: a second window, a folder that cannot be written, a clock that
//! jumps back. Driven through the real window with egui_kittest.

use chrono::Duration;
use egui_kittest::kittest::Queryable;
use portcards::app::SaveStatus;
use portcards::app::egui::Key;

use crate::support::{Window, WindowSetup};

/// On a clock an hour east of UTC.
fn east_of_utc() -> WindowSetup {
    Window::new().at("2026-11-27T10:00:00+01:00")
}

#[test]
fn a_second_window_offers_read_only_and_never_writes() {
    let mut first = east_of_utc().open();
    first.answer_right();
    let saved_by_first = std::fs::read(first.folder().join("progress.json")).unwrap();

    let mut second = east_of_utc().in_folder(first.folder()).open();
    second.get_by_label("portcards is already open");
    second.press(Key::Enter);
    assert!(!second.desk().is_writable());
    assert_eq!(second.desk().save_status(), &SaveStatus::ReadOnly);
    second.get_by_label("Read-only: progress is not saved");
    second.answer_right();
    assert_eq!(second.session().progress().log.len(), 2, "study works in memory");
    assert_eq!(std::fs::read(first.folder().join("progress.json")).unwrap(), saved_by_first);
}

#[test]
fn the_second_window_may_also_quit() {
    let first = east_of_utc().open();
    let mut second = east_of_utc().in_folder(first.folder()).open();
    second.click("Quit Ctrl+Q");
    assert!(second.state().quit_requested());
}

#[test]
fn an_unwritable_folder_warns_keeps_answers_and_saves_once_it_can() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("portcards");
    std::fs::write(&folder, b"a file where the folder should be").unwrap();
    let mut window = east_of_utc().in_folder(&folder).open();
    window.answer_right();
    assert!(matches!(window.desk().save_status(), SaveStatus::Failed(_)));
    window.get_by_label_contains("Progress is not being saved");
    std::fs::remove_file(&folder).unwrap();
    window.advance(Duration::seconds(30));
    window.answer_right();
    assert_eq!(window.desk().save_status(), &SaveStatus::Saved);
    assert!(window.query_by_label_contains("Progress is not being saved").is_none());
    let saved = portcards::store::parse_progress(&std::fs::read(folder.join("progress.json")).unwrap()).unwrap();
    assert_eq!(saved.log.len(), 2, "both answers reached the disk");
}

#[test]
fn a_clock_set_back_loses_nothing() {
    let mut window = east_of_utc().open();
    window.answer_right();
    window.answer_right();
    window.advance(-Duration::days(3));
    window.answer_right();
    let progress = window.session().progress();
    assert_eq!(progress.log.len(), 3);
    assert_eq!(progress.cards.len(), 3);
    for state in progress.cards.values() {
        assert!(state.due > state.last_review, "{state:?}");
    }
}

#[test]
fn saves_made_on_the_writer_thread_reach_the_disk_and_quitting_waits_for_them() {
    let mut window = east_of_utc().saving_in_background().open();
    window.answer_right();
    window.answer_right();
    window.ctrl(Key::Q);
    assert!(window.state().quit_requested());
    assert_eq!(window.desk().save_status(), &SaveStatus::Saved);
    let saved = portcards::store::Store::at(window.folder()).load(chrono::Utc::now()).progress;
    assert_eq!(saved.log.len(), 2);
}

//! A write that fails for want of space, without root: the process's file-size limit
//! (RLIMIT_FSIZE, Linux and other Unix) makes the next save fail with "File too
//! large", as a full disk would with "No space left". Through the real window, saving
//! on the writer thread: the red line shows, studying goes on, nothing answered is
//! lost, and saving resumes once the limit is lifted.
//!
//! The limit applies to the whole process, where the other window tests save files at
//! the same time: so the test runs in a process of its own, the test binary started
//! again for this one test.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use chrono::Utc;
use egui_kittest::kittest::Queryable;
use portcards::app::SaveStatus;
use portcards::progress::Progress;
use portcards::store::Store;
use portcards::testing::long_history;
use rlimit::Resource;

use crate::support::Window;

const LOG_BEFORE: usize = 2_000;
/// What the system reports when a write would pass the file-size limit.
const EFBIG: i32 = 27;

fn answer_current_card(window: &mut Window) {
    window.answer_right();
    // The writer thread reports back within a few frames.
    for _ in 0..50 {
        if !window.desk().saves_pending() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        window.run();
    }
}

/// Set in the process that the test starts for itself.
const ALONE: &str = "PORTCARDS_TEST_ALONE";
/// This test's name, as the test binary knows it.
const NAME: &str = "file_size_limit::linux_only_a_write_past_the_file_size_limit_shows_red_keeps_answers_and_resumes";

#[test]
fn linux_only_a_write_past_the_file_size_limit_shows_red_keeps_answers_and_resumes() {
    if std::env::var_os(ALONE).is_none() {
        return run_in_a_process_of_its_own();
    }
    // Without a handler the signal would end the process; with one, write() fails.
    signal_hook::flag::register(signal_hook::consts::SIGXFSZ, Arc::new(AtomicBool::new(false))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = long_history(LOG_BEFORE, "2026-01-01T10:00:00Z");
    let store = Store::at(dir.path());
    store.save(&Progress { log, ..Progress::default() }).unwrap();
    let before = std::fs::read(store.progress_path()).unwrap();

    let (_, hard) = rlimit::getrlimit(Resource::FSIZE).unwrap();
    Resource::FSIZE.set(before.len() as u64, hard).unwrap();
    let mut window = Window::new().in_folder(dir.path()).saving_in_background().open();
    answer_current_card(&mut window);
    let SaveStatus::Failed(error) = window.desk().save_status().clone() else {
        panic!("the save should fail: {:?}", window.desk().save_status());
    };
    assert!(error.contains(&format!("os error {EFBIG}")), "the file-size error itself: {error}");
    window.get_by_label("Progress NOT saved");
    window.get_by_label_contains("Progress is not being saved");
    for _ in 0..3 {
        answer_current_card(&mut window);
    }
    assert_eq!(window.session().progress().log.len(), LOG_BEFORE + 4, "studying goes on");
    assert_eq!(std::fs::read(store.progress_path()).unwrap(), before, "the last good file is untouched");

    Resource::FSIZE.set(rlimit::INFINITY, hard).unwrap();
    answer_current_card(&mut window);
    assert_eq!(window.desk().save_status(), &SaveStatus::Saved);
    window.get_by_label("Progress saved");
    let saved = store.load(Utc::now()).progress;
    assert_eq!(saved.log.len(), LOG_BEFORE + 5, "every answer, the ones made while failing too");
}

/// Runs this test again in a child process (the test binary, asked for this test
/// alone), and passes or fails with it.
fn run_in_a_process_of_its_own() {
    let output = Command::new(std::env::current_exe().expect("the test binary"))
        .args([NAME, "--exact", "--nocapture"])
        .env(ALONE, "1")
        .output()
        .expect("the test binary starts again");
    let text = String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && text.contains("test result: ok. 1 passed"), "in a process of its own:\n{text}");
}

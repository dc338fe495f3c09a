//! Bad progress files that open read-only: whatever is found is left exactly as it
//! was, and the learner is told which file, through the real window. (The cases that
//! set a file aside are in the core tests' bad_files.)

use std::path::Path;

use egui_kittest::kittest::Queryable;
use portcards::store::PROGRESS_FILE;

use crate::support::Window;

/// Opens the window on `dir`, studies two cards, and checks that `path` is exactly as
/// it was and that the notice on screen names it.
fn study_in_the_window_and_leave_untouched(dir: &Path, path: &Path, fingerprint: impl Fn(&Path) -> Vec<u8>) {
    let before = fingerprint(path);
    let mut window = Window::new().in_folder(dir).open();
    window.get_by_label_contains(&path.display().to_string());
    assert!(!window.desk().is_writable());
    window.answer_right();
    window.answer_right();
    assert_eq!(window.session().progress().log.len(), 2, "studying goes on in memory");
    assert_eq!(fingerprint(path), before, "{} is left exactly as it was", path.display());
}

#[test]
fn a_file_from_a_newer_portcards_is_left_byte_identical_after_studying() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(PROGRESS_FILE);
    std::fs::write(&path, br#"{"format_version": 99, "future_field": [1, 2, 3]}"#).unwrap();
    study_in_the_window_and_leave_untouched(dir.path(), &path, |path| std::fs::read(path).unwrap());
}

#[test]
fn a_folder_where_the_file_should_be_is_left_alone_after_studying() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(PROGRESS_FILE);
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("inside.txt"), b"someone's notes").unwrap();
    study_in_the_window_and_leave_untouched(dir.path(), &path, |path| std::fs::read(path.join("inside.txt")).unwrap());
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_left_alone_after_studying() {
    // A link to itself cannot be read, even by root (which file permissions do not stop).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(PROGRESS_FILE);
    std::os::unix::fs::symlink(PROGRESS_FILE, &path).unwrap();
    study_in_the_window_and_leave_untouched(dir.path(), &path, |path| {
        std::fs::read_link(path).unwrap().into_os_string().into_encoded_bytes()
    });
}

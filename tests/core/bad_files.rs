//! Bad progress files: whatever is found, the original bytes are kept somewhere and
//! the learner is told which file. Through the desk, for the cases that set a file
//! aside (the ones that open read-only are in the window tests' bad_files).

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use portcards::desk::{Desk, Intent, Opening, SaveStatus};
use portcards::progress::Grade;
use portcards::store::{BACKUP_FILE, PROGRESS_FILE};
use portcards::testing::at;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn open(dir: &Path, now: DateTime<FixedOffset>) -> Desk {
    Desk::open(Opening::builtin(dir, false, 3), now)
}

fn answer(desk: &mut Desk, now: DateTime<FixedOffset>) {
    let answer = desk.session().current_card().expect("a card").answer.clone();
    desk.apply(Intent::Submit(answer), now);
    desk.apply(Intent::Grade(Grade::Good), now);
}

/// Files in `dir` whose names start with `prefix`, with their bytes.
fn kept_files(dir: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut kept: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap())
        .map(|entry| (entry.file_name().into_string().unwrap(), entry.path()))
        .filter(|(name, _)| name.starts_with(prefix))
        .map(|(name, path)| (name, std::fs::read(path).unwrap()))
        .collect();
    kept.sort();
    kept
}

#[test]
fn a_saved_file_cut_at_any_byte_is_kept_and_the_save_before_restored() {
    let mut rng = StdRng::seed_from_u64(16);
    for round in 0..25 {
        let dir = tempfile::tempdir().unwrap();
        let now = at("2026-11-27T10:00:00+00:00");
        let mut desk = open(dir.path(), now);
        for _ in 0..5 {
            answer(&mut desk, now);
        }
        drop(desk);
        let path = dir.path().join(PROGRESS_FILE);
        let whole = std::fs::read(&path).unwrap();
        let cut = &whole[..rng.random_range(0..whole.len())];
        std::fs::write(&path, cut).unwrap();

        let later = now + chrono::Duration::minutes(1);
        let desk = open(dir.path(), later);
        let notice = desk.notices().first().unwrap_or_else(|| panic!("round {round}: no notice"));
        assert!(notice.contains(&path.display().to_string()), "round {round}: names the file: {notice}");
        assert!(notice.contains("restored from the backup"), "round {round}: {notice}");
        assert_eq!(desk.session().progress().log.len(), 4, "round {round}: the save before the last");
        let kept = kept_files(dir.path(), &format!("{PROGRESS_FILE}.corrupt-"));
        assert_eq!(kept.len(), 1, "round {round}");
        assert_eq!(kept[0].1, cut, "round {round}: the cut file is kept byte for byte");
    }
}

#[test]
fn main_file_and_backup_both_damaged_are_both_kept() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+00:00");
    std::fs::write(dir.path().join(PROGRESS_FILE), b"{\"format_version\": 2, \"cards\": {").unwrap();
    std::fs::write(dir.path().join(BACKUP_FILE), b"\x00\x01 not json").unwrap();
    let mut desk = open(dir.path(), now);
    let notice = desk.notices()[0].clone();
    assert!(notice.contains("its backup could not be read either"), "{notice}");
    assert!(notice.contains(&dir.path().join(PROGRESS_FILE).display().to_string()), "{notice}");
    answer(&mut desk, now);
    answer(&mut desk, now);
    assert_eq!(desk.save_status(), &SaveStatus::Saved, "a fresh start saves");
    let main = kept_files(dir.path(), &format!("{PROGRESS_FILE}.corrupt-"));
    let backup = kept_files(dir.path(), &format!("{BACKUP_FILE}.corrupt-"));
    assert_eq!(main.len(), 1);
    assert_eq!(main[0].1, b"{\"format_version\": 2, \"cards\": {");
    assert_eq!(backup, [(backup[0].0.clone(), b"\x00\x01 not json".to_vec())], "the damaged backup is kept too");
}

#[test]
fn two_damaged_files_set_aside_in_the_same_second_keep_both_copies() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+00:00");
    for garbage in [&b"first damaged file"[..], b"second damaged file"] {
        std::fs::write(dir.path().join(PROGRESS_FILE), garbage).unwrap();
        let desk = open(dir.path(), now);
        assert!(!desk.notices().is_empty());
    }
    let kept = kept_files(dir.path(), &format!("{PROGRESS_FILE}.corrupt-"));
    let names: Vec<&str> = kept.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["progress.json.corrupt-20261127-100000", "progress.json.corrupt-20261127-100000-2"]);
    assert_eq!(kept[0].1, b"first damaged file");
    assert_eq!(kept[1].1, b"second damaged file");
}

//! Where progress lives on disk, how it is written safely, and what happens when
//! the file is bad.
//!
//! Saving writes a temporary file in the same folder, syncs it, renames it over
//! progress.json and syncs the folder, so a crash leaves the old file or the new
//! one, never half of either. A file that does not parse is kept beside it as
//! `progress.json.corrupt-<timestamp>` and the learner is told; a file written by a
//! newer portcards is left alone and opened read-only.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::progress::{FORMAT_VERSION, Progress};

pub const PROGRESS_FILE: &str = "progress.json";

/// The folder holding one learner's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
}

/// The progress read at start and what the learner needs to know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub progress: Progress,
    /// Something to show on screen, such as "your file was damaged and kept as …".
    pub notice: Option<String>,
    /// False when saving would destroy something we could not read.
    pub writable: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no home folder was found to keep progress in")]
    NoConfigDir,
    #[error("could not save progress to {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

impl Store {
    /// The user's config folder: `$XDG_CONFIG_HOME/portcards` or `~/.config/portcards` on Linux.
    pub fn in_config_dir() -> Result<Self, StoreError> {
        let dirs = directories::ProjectDirs::from("", "", "portcards").ok_or(StoreError::NoConfigDir)?;
        Ok(Store::at(dirs.config_dir()))
    }

    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Store { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn progress_path(&self) -> PathBuf {
        self.dir.join(PROGRESS_FILE)
    }

    /// Reads progress. Never fails: the worst case is a fresh start with a notice
    /// saying what happened and where the old file was kept.
    pub fn load(&self, now: DateTime<Utc>) -> Loaded {
        let path = self.progress_path();
        let text = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return fresh(None, true),
            Err(error) => {
                let notice = format!(
                    "Could not read {}: {error}. Progress will not be saved until this is fixed.",
                    path.display()
                );
                return fresh(Some(notice), false);
            }
        };
        match serde_json::from_slice::<Progress>(&text) {
            Ok(progress) if progress.format_version > FORMAT_VERSION => {
                let notice = format!(
                    "{} was written by a newer portcards (format {}, this one reads {FORMAT_VERSION}). \
                     It is opened read-only so that nothing in it is lost; update portcards to save again.",
                    path.display(),
                    progress.format_version
                );
                Loaded { progress, notice: Some(notice), writable: false }
            }
            Ok(progress) => Loaded { progress, notice: None, writable: true },
            Err(error) => self.set_aside_corrupt(&path, &error, now),
        }
    }

    fn set_aside_corrupt(&self, path: &Path, error: &serde_json::Error, now: DateTime<Utc>) -> Loaded {
        let kept = self.dir.join(format!("{PROGRESS_FILE}.corrupt-{}", now.format("%Y%m%d-%H%M%S")));
        match fs::rename(path, &kept) {
            Ok(()) => fresh(
                Some(format!(
                    "Your progress file could not be read ({error}). It was kept as {} and you are starting fresh.",
                    kept.display()
                )),
                true,
            ),
            Err(rename_error) => fresh(
                Some(format!(
                    "Your progress file could not be read ({error}) and could not be set aside ({rename_error}). \
                     Progress will not be saved, so that the file is not overwritten."
                )),
                false,
            ),
        }
    }

    /// Writes progress atomically.
    pub fn save(&self, progress: &Progress) -> Result<(), StoreError> {
        let path = self.progress_path();
        let wrap = |source: io::Error| StoreError::Write { path: path.clone(), source };
        fs::create_dir_all(&self.dir).map_err(wrap)?;
        let json = serde_json::to_vec_pretty(progress).map_err(|error| wrap(io::Error::other(error)))?;
        let temp = self.dir.join(format!(".{PROGRESS_FILE}.{}.tmp", std::process::id()));
        let written = write_synced(&temp, &json).and_then(|()| fs::rename(&temp, &path));
        if let Err(error) = written {
            let _ = fs::remove_file(&temp);
            return Err(wrap(error));
        }
        // The rename is only durable once the folder entry is on disk too.
        File::open(&self.dir).and_then(|dir| dir.sync_all()).map_err(wrap)
    }
}

fn fresh(notice: Option<String>, writable: bool) -> Loaded {
    Loaded { progress: Progress::default(), notice, writable }
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-27T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn missing_file_is_a_fresh_start_without_notice() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = Store::at(dir.path().join("portcards")).load(now());
        assert_eq!(loaded, Loaded { progress: Progress::default(), notice: None, writable: true });
    }

    #[test]
    fn save_then_load_gives_the_same_progress_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("nested/portcards"));
        let mut progress = Progress::default();
        progress.settings.new_per_day = 7;
        store.save(&progress).unwrap();
        assert_eq!(store.load(now()).progress, progress);
        let names: Vec<String> = fs::read_dir(store.dir())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into())
            .collect();
        assert_eq!(names, [PROGRESS_FILE]);
    }

    #[test]
    fn corrupt_file_is_kept_and_the_learner_told() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        fs::write(store.progress_path(), b"{\"format_version\": 1, \"cards\": {").unwrap();
        let loaded = store.load(now());
        assert!(loaded.writable);
        assert_eq!(loaded.progress, Progress::default());
        let notice = loaded.notice.unwrap();
        assert!(notice.contains("progress.json.corrupt-20261127-100000"), "{notice}");
        let kept = fs::read(dir.path().join("progress.json.corrupt-20261127-100000")).unwrap();
        assert_eq!(kept, b"{\"format_version\": 1, \"cards\": {");
        assert!(!store.progress_path().exists());
    }

    #[test]
    fn wrong_shape_and_empty_files_count_as_corrupt() {
        for content in [&b"[1, 2, 3]"[..], b"", b"\xff\xfe"] {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::at(dir.path());
            fs::write(store.progress_path(), content).unwrap();
            let loaded = store.load(now());
            assert!(loaded.notice.is_some());
            assert!(dir.path().join("progress.json.corrupt-20261127-100000").exists());
        }
    }

    #[test]
    fn newer_format_is_opened_read_only_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let newer = format!("{{\"format_version\": {}}}", FORMAT_VERSION + 1);
        fs::write(store.progress_path(), &newer).unwrap();
        let loaded = store.load(now());
        assert!(!loaded.writable);
        assert!(loaded.notice.unwrap().contains("newer portcards"));
        assert_eq!(fs::read_to_string(store.progress_path()).unwrap(), newer);
    }

    #[test]
    fn a_failed_save_leaves_the_previous_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut progress = Progress::default();
        progress.settings.new_per_day = 3;
        store.save(&progress).unwrap();
        let before = fs::read(store.progress_path()).unwrap();
        // A folder standing where the temporary file goes makes the write fail.
        fs::create_dir(dir.path().join(format!(".{PROGRESS_FILE}.{}.tmp", std::process::id()))).unwrap();
        progress.settings.new_per_day = 99;
        assert!(store.save(&progress).is_err());
        assert_eq!(fs::read(store.progress_path()).unwrap(), before);
    }

    #[test]
    fn save_into_a_folder_that_is_a_file_fails_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("portcards");
        fs::write(&blocker, b"not a folder").unwrap();
        let error = Store::at(&blocker).save(&Progress::default()).unwrap_err();
        assert!(error.to_string().contains("progress.json"), "{error}");
        assert_eq!(fs::read(&blocker).unwrap(), b"not a folder");
    }
}

//! Where progress lives on disk, how it is written safely, and what happens when
//! the file is bad.
//!
//! Saving writes a temporary file in the same folder, syncs it, keeps the previous
//! file as progress.json.bak, renames the new one over progress.json and syncs the
//! folder, so a crash leaves the old file or the new one, never half of either. A
//! file that does not parse is kept beside it as `progress.json.corrupt-<timestamp>`,
//! the backup is restored where it can be, and the learner is told; a file written by
//! a newer portcards is left alone and opened read-only. A lock file keeps a second
//! window from writing the same progress.

use std::fs::{self, File};
use std::io::{self, Write};

use atomic_write_file::AtomicWriteFile;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::progress::{FORMAT_VERSION, Progress};

pub const PROGRESS_FILE: &str = "progress.json";
pub const BACKUP_FILE: &str = "progress.json.bak";
pub const LOCK_FILE: &str = "progress.lock";
/// Drill results, kept apart from the spaced-repetition progress.
pub const DRILLS_FILE: &str = "drills.json";
/// The performance-based questions checked, one record each.
pub const PBQS_FILE: &str = "pbqs.json";
/// The performance-based question being worked, so that quitting mid-task keeps it.
pub const PBQ_WORK_FILE: &str = "pbq-work.json";
/// No progress file comes near this; a bigger one is set aside unread.
pub const MAX_PROGRESS_BYTES: u64 = 64 * 1024 * 1024;

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

/// Held while a window writes this progress; dropping it lets another window in.
#[derive(Debug)]
pub struct ProfileLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("another portcards window is already using this progress")]
    HeldElsewhere,
    #[error("could not create the lock file: {0}")]
    Io(#[from] io::Error),
}

/// Why a progress file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{} is not a progress file: {source}", path.display())]
    NotProgress { path: PathBuf, source: serde_json::Error },
    #[error("{} comes from a newer portcards (format {format})", path.display())]
    Newer { path: PathBuf, format: u32 },
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no home folder was found to keep progress in")]
    NoConfigDir,
    // The cause is part of the message, not a `source`: printed as a chain (anyhow's
    // `{:#}`) it would otherwise appear twice.
    #[error("could not write {}: {cause}", path.display())]
    Write { path: PathBuf, cause: io::Error },
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

    pub fn backup_path(&self) -> PathBuf {
        self.dir.join(BACKUP_FILE)
    }

    /// Takes the lock that makes this window the only writer of this progress.
    pub fn lock(&self) -> Result<ProfileLock, LockError> {
        fs::create_dir_all(&self.dir)?;
        let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(self.dir.join(LOCK_FILE))?;
        match file.try_lock() {
            Ok(()) => Ok(ProfileLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(LockError::HeldElsewhere),
            Err(fs::TryLockError::Error(error)) => Err(LockError::Io(error)),
        }
    }

    /// Reads progress. Never fails: the worst case is a fresh start with a notice
    /// saying what happened and where the old file was kept.
    ///
    /// Call it with the lock held: it also removes temporary files left by a save that
    /// was cut short (they hold nothing the last complete file lacks).
    pub fn load(&self, now: DateTime<Utc>) -> Loaded {
        self.remove_leftover_temporary_files();
        let path = self.progress_path();
        let size = fs::metadata(&path).map(|meta| meta.len()).unwrap_or(0);
        if size > MAX_PROGRESS_BYTES {
            let why = format!("it is {} MB, far larger than any progress file", size / (1024 * 1024));
            return self.set_aside_corrupt(&path, &why, now);
        }
        let text = match fs::read(&path) {
            Ok(bytes) => bytes,
            // A folder that is missing (or a file where it should be) is a fresh start; a
            // failing save then says so on screen and retries after every answer.
            Err(error) if matches!(error.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
                return self.restore_lost_file().unwrap_or_else(|| fresh(None, true));
            }
            Err(error) => {
                let notice = format!(
                    "Could not read {}: {error}. Progress will not be saved until this is fixed.",
                    path.display()
                );
                return fresh(Some(notice), false);
            }
        };
        match parse_progress(&text) {
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
            Err(error) => self.set_aside_corrupt(&path, &error.to_string(), now),
        }
    }

    /// Temporary files beside progress.json or drills.json (`.progress.json.XXXXXX`, or
    /// `.progress.json.tmp` from portcards before 0.2): only the lock holder writes, so
    /// any found while holding it were left by a crash. A file that cannot be removed
    /// is left for next time; it harms nothing.
    fn remove_leftover_temporary_files(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let leftover = [PROGRESS_FILE, DRILLS_FILE, PBQS_FILE, PBQ_WORK_FILE].iter().any(|file| {
                name.strip_prefix(&format!(".{file}.")).is_some_and(|suffix| {
                    suffix == "tmp" || (suffix.len() == 6 && suffix.chars().all(|c| c.is_ascii_alphanumeric()))
                })
            });
            if leftover && entry.file_type().is_ok_and(|kind| kind.is_file()) {
                fs::remove_file(entry.path()).ok();
            }
        }
    }

    /// Reads progress without changing anything on disk, for a read-only window.
    pub fn peek(&self) -> Loaded {
        match fs::read(self.progress_path()).map(|bytes| parse_progress(&bytes)) {
            Ok(Ok(progress)) => Loaded { progress, notice: None, writable: false },
            Ok(Err(why)) => fresh(Some(format!("The progress file could not be read ({why}).")), false),
            Err(_) => fresh(None, false),
        }
    }

    /// A crash between keeping the backup and renaming the new file in cannot happen
    /// with hard links, but a person may delete progress.json by hand: a backup beside
    /// a missing file is restored rather than ignored.
    fn restore_lost_file(&self) -> Option<Loaded> {
        let progress = parse_progress(&fs::read(self.backup_path()).ok()?).ok()?;
        let notice = format!(
            "{} was missing; your progress was restored from {}.",
            self.progress_path().display(),
            self.backup_path().display()
        );
        Some(Loaded { progress, notice: Some(notice), writable: true })
    }

    fn set_aside_corrupt(&self, path: &Path, why: &str, now: DateTime<Utc>) -> Loaded {
        let kept = match self.set_aside(path, now) {
            Ok(kept) => kept,
            Err(rename_error) => {
                return fresh(
                    Some(format!(
                        "Your progress file {} could not be read ({why}) and could not be set aside \
                         ({rename_error}). Progress will not be saved, so that the file is not overwritten.",
                        path.display()
                    )),
                    false,
                );
            }
        };
        let kept_note = format!(
            "Your progress file {} could not be read ({why}). It was kept as {}",
            path.display(),
            kept.display()
        );
        let backup = self.backup_path();
        let Ok(backup_bytes) = fs::read(&backup) else {
            return fresh(Some(format!("{kept_note} and you are starting fresh.")), true);
        };
        match parse_progress(&backup_bytes) {
            Ok(progress) if progress.format_version <= FORMAT_VERSION => Loaded {
                progress,
                notice: Some(format!(
                    "{kept_note}, and your progress was restored from the backup of the save before."
                )),
                writable: true,
            },
            // The next save would replace the backup: a damaged one is kept aside too.
            _ => match self.set_aside(&backup, now) {
                Ok(kept_backup) => fresh(
                    Some(format!(
                        "{kept_note}; its backup could not be read either and was kept as {}. You are starting fresh.",
                        kept_backup.display()
                    )),
                    true,
                ),
                Err(error) => fresh(
                    Some(format!(
                        "{kept_note}; its backup {} could not be read or set aside ({error}). \
                         Progress will not be saved, so that it is not overwritten.",
                        backup.display()
                    )),
                    false,
                ),
            },
        }
    }

    fn set_aside(&self, path: &Path, now: DateTime<Utc>) -> io::Result<PathBuf> {
        set_aside(path, now)
    }

    /// Writes progress to a file of the learner's choosing (same format as
    /// progress.json), atomically.
    pub fn export(progress: &Progress, path: &Path) -> Result<(), StoreError> {
        replace_file(path, progress, || Ok(()))
    }

    /// Reads an exported progress file, refusing one from a newer portcards.
    pub fn import(path: &Path) -> Result<Progress, ImportError> {
        let bytes = fs::read(path).map_err(|source| ImportError::Read { path: path.to_path_buf(), source })?;
        let progress =
            parse_progress(&bytes).map_err(|source| ImportError::NotProgress { path: path.to_path_buf(), source })?;
        if progress.format_version > FORMAT_VERSION {
            return Err(ImportError::Newer { path: path.to_path_buf(), format: progress.format_version });
        }
        Ok(progress)
    }

    /// Copies the current progress aside before a reset; returns where it went.
    pub fn keep_before_reset(&self, now: DateTime<Utc>) -> Result<Option<PathBuf>, StoreError> {
        let path = self.progress_path();
        if !path.exists() {
            return Ok(None);
        }
        let kept = self.dir.join(format!("{PROGRESS_FILE}.reset-{}", now.format("%Y%m%d-%H%M%S")));
        fs::copy(&path, &kept).map_err(|cause| StoreError::Write { path: kept.clone(), cause })?;
        Ok(Some(kept))
    }

    /// Writes progress atomically.
    pub fn save(&self, progress: &Progress) -> Result<(), StoreError> {
        self.replace(PROGRESS_FILE, progress, true)
    }

    /// The drill history; a missing or unreadable file is an empty history (drills are
    /// not worth stopping a class for), an unreadable one is set aside first.
    pub fn load_drills(&self, now: DateTime<Utc>) -> Vec<crate::drill::Record> {
        self.load_history(DRILLS_FILE, now)
    }

    pub fn save_drills(&self, history: &[crate::drill::Record]) -> Result<(), StoreError> {
        self.replace(DRILLS_FILE, history, false)
    }

    /// The performance-based questions checked; kept as the drill history is.
    pub fn load_pbqs(&self, now: DateTime<Utc>) -> Vec<crate::pbq::PbqRecord> {
        self.load_history(PBQS_FILE, now)
    }

    pub fn save_pbqs(&self, history: &[crate::pbq::PbqRecord]) -> Result<(), StoreError> {
        self.replace(PBQS_FILE, history, false)
    }

    /// The performance-based question being worked, if one was kept; an unreadable file
    /// is set aside and no task is restored.
    pub fn load_pbq_work(&self, now: DateTime<Utc>) -> Option<crate::pbq::work::SavedWork> {
        let path = self.dir.join(PBQ_WORK_FILE);
        let bytes = fs::read(&path).ok()?;
        serde_json::from_slice(&bytes).map_err(|error| self.set_aside_unreadable(&path, &error, now)).ok()
    }

    /// Keeps the task being worked, or forgets it (`None`: closed).
    pub fn save_pbq_work(&self, work: Option<&crate::pbq::work::SavedWork>) -> Result<(), StoreError> {
        match work {
            Some(work) => self.replace(PBQ_WORK_FILE, work, false),
            None => match fs::remove_file(self.dir.join(PBQ_WORK_FILE)) {
                Err(cause) if cause.kind() != std::io::ErrorKind::NotFound => {
                    Err(StoreError::Write { path: self.dir.join(PBQ_WORK_FILE), cause })
                }
                _ => Ok(()),
            },
        }
    }

    /// A history file (drills, PBQs); a missing or unreadable one is an empty history,
    /// and an unreadable one is set aside first.
    fn load_history<T: serde::de::DeserializeOwned>(&self, name: &str, now: DateTime<Utc>) -> Vec<T> {
        let path = self.dir.join(name);
        let Ok(bytes) = fs::read(&path) else { return Vec::new() };
        serde_json::from_slice(&bytes).unwrap_or_else(|error| {
            // A history is not worth stopping a class for: the next save replaces it.
            self.set_aside_unreadable(&path, &error, now);
            Vec::new()
        })
    }

    /// Sets aside a side file (a history, the PBQ being worked) that could not be read,
    /// and logs it: the learner is not stopped for it, so the log is the only trace.
    fn set_aside_unreadable(&self, path: &Path, problem: &serde_json::Error, now: DateTime<Utc>) {
        match self.set_aside(path, now) {
            Ok(kept) => log::warn!("{} could not be read ({problem}); set aside as {}", path.display(), kept.display()),
            Err(error) => log::error!("{} could not be read ({problem}) nor set aside: {error}", path.display()),
        }
    }

    /// Writes `value` as JSON over `name` atomically: a temporary file, sync, (the old
    /// file kept as a backup when asked), rename, sync of the folder.
    fn replace(
        &self,
        name: &str,
        value: &(impl serde::Serialize + ?Sized),
        keep_backup: bool,
    ) -> Result<(), StoreError> {
        let path = self.dir.join(name);
        fs::create_dir_all(&self.dir).map_err(|cause| StoreError::Write { path: path.clone(), cause })?;
        replace_file(&path, value, || if keep_backup { self.keep_backup(&path) } else { Ok(()) })
    }
}

impl Store {
    /// Keeps the current file as progress.json.bak: a hard link, so that it costs no
    /// copying and the rename that follows leaves the old contents reachable.
    fn keep_backup(&self, path: &Path) -> io::Result<()> {
        if !path.exists() {
            return Ok(());
        }
        let backup = self.backup_path();
        match fs::remove_file(&backup) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
        fs::hard_link(path, &backup).or_else(|_| fs::copy(path, &backup).map(drop))
    }
}

/// Parses progress.json as saved; the error says what is wrong and where.
pub fn parse_progress(bytes: &[u8]) -> Result<Progress, serde_json::Error> {
    let mut progress = serde_json::from_slice::<Progress>(bytes)?;
    // An older file is upgraded in memory, so that its next save says which layout it has.
    progress.format_version = progress.format_version.max(FORMAT_VERSION);
    Ok(progress)
}

fn fresh(notice: Option<String>, writable: bool) -> Loaded {
    Loaded { progress: Progress::default(), notice, writable }
}

/// Writes `value` as JSON over `path` atomically: a temporary file beside it, sync,
/// `before_rename` (keeping a backup), rename, sync of the folder.
fn replace_file(
    path: &Path,
    value: &(impl serde::Serialize + ?Sized),
    before_rename: impl FnOnce() -> io::Result<()>,
) -> Result<(), StoreError> {
    // Compact: a pretty-printed log is half again as large and slower to write.
    let json = serde_json::to_vec(value)
        .map_err(|error| StoreError::Write { path: path.to_path_buf(), cause: io::Error::other(error) })?;
    replace_bytes(path, &json, before_rename)
}

/// Renames a damaged file, in its own folder, to `<name>.corrupt-<time>`, with `-2`,
/// `-3`... when a file was already set aside in the same second, so that no copy
/// replaces another. Nothing is deleted: the learner (or a developer) can still open it.
pub fn set_aside(path: &Path, now: DateTime<Utc>) -> io::Result<PathBuf> {
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let stamp = format!("{name}.corrupt-{}", now.format("%Y%m%d-%H%M%S"));
    let folder = path.parent().unwrap_or(Path::new("."));
    let kept = (1..)
        .map(|copy| folder.join(if copy == 1 { stamp.clone() } else { format!("{stamp}-{copy}") }))
        .find(|candidate| fs::symlink_metadata(candidate).is_err())
        .expect("some numbered name is free");
    fs::rename(path, &kept)?;
    Ok(kept)
}

/// Writes `bytes` over `path` atomically (exports and reports): a reader sees the old
/// file or the new one, never half of either.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    replace_bytes(path, bytes, || Ok(()))
}

/// The atomic write itself, by `atomic-write-file`: a temporary file beside `path`,
/// written and synced; then `before_rename` (keeping the backup); then the commit,
/// which renames it over `path` and, where the system has such a thing, syncs the
/// folder so that the rename survives a power cut.
fn replace_bytes(path: &Path, bytes: &[u8], before_rename: impl FnOnce() -> io::Result<()>) -> Result<(), StoreError> {
    let wrap = |cause: io::Error| StoreError::Write { path: path.to_path_buf(), cause };
    let mut file = AtomicWriteFile::open(path).map_err(wrap)?;
    let prepared = file
        .write_all(bytes)
        .inspect(|()| crash_point::reached(path, crash_point::Step::Written))
        // The commit syncs too; syncing here first puts the new contents on disk before
        // the backup step, and gives the crash test its "synced" point (the commit's
        // own sync then has nothing left to write).
        .and_then(|()| file.sync_all())
        .inspect(|()| crash_point::reached(path, crash_point::Step::Synced))
        .and_then(|()| before_rename())
        .inspect(|()| crash_point::reached(path, crash_point::Step::BackupKept));
    if let Err(error) = prepared {
        // The temporary file goes; if even that fails, the write's own error is the
        // one to report (a leftover is removed the next time the folder is opened).
        if let Err(cleanup) = file.discard() {
            log::warn!("could not remove a temporary file beside {}: {cleanup}", path.display());
        }
        return Err(wrap(error));
    }
    file.commit().map_err(wrap)?;
    crash_point::reached(path, crash_point::Step::Committed);
    Ok(())
}

/// Crash points inside the save of progress.json, for the crash-safety test only.
/// With the `test-support` feature (the test build), `PORTCARDS_CRASH_AT=<step>:<n>`
/// on a child process makes it abort when its n-th save reaches that step, so that
/// every step is crashed at least once. The shipped binary has the steps and no
/// crash: `reached` does nothing there and the variable is never read.
pub mod crash_point {
    /// The steps of a save, in order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Step {
        /// The temporary file holds the new contents.
        Written,
        /// ... and they are on disk.
        Synced,
        /// progress.json.bak holds the previous file.
        BackupKept,
        /// The new file is in place and the folder synced.
        Committed,
    }

    impl Step {
        pub const ALL: [Step; 4] = [Step::Written, Step::Synced, Step::BackupKept, Step::Committed];

        pub fn name(self) -> &'static str {
            match self {
                Step::Written => "written",
                Step::Synced => "synced",
                Step::BackupKept => "backup-kept",
                Step::Committed => "committed",
            }
        }
    }

    #[cfg(not(feature = "test-support"))]
    pub(super) fn reached(_path: &std::path::Path, _step: Step) {}

    #[cfg(feature = "test-support")]
    pub use planned::VARIABLE;
    #[cfg(feature = "test-support")]
    pub(super) use planned::reached;

    #[cfg(feature = "test-support")]
    mod planned {
        use std::path::Path;
        use std::sync::OnceLock;
        use std::sync::atomic::{AtomicUsize, Ordering};

        use super::Step;

        pub const VARIABLE: &str = "PORTCARDS_CRASH_AT";

        fn plan() -> Option<(Step, usize)> {
            static PLAN: OnceLock<Option<(Step, usize)>> = OnceLock::new();
            *PLAN.get_or_init(|| {
                let text = std::env::var(VARIABLE).ok()?;
                let (name, count) = text.split_once(':')?;
                let step = Step::ALL.into_iter().find(|step| step.name() == name)?;
                Some((step, count.parse().ok()?))
            })
        }

        pub(in crate::store) fn reached(path: &Path, step: Step) {
            let Some((wanted, count)) = plan() else { return };
            static SEEN: AtomicUsize = AtomicUsize::new(0);
            let is_progress = path.file_name().is_some_and(|name| name == crate::store::PROGRESS_FILE);
            if is_progress && step == wanted && SEEN.fetch_add(1, Ordering::SeqCst) + 1 == count {
                std::process::abort();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::now;

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
        store.save(&progress).unwrap();
        let mut names: Vec<String> = fs::read_dir(store.dir())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into())
            .collect();
        names.sort();
        assert_eq!(names, [PROGRESS_FILE, BACKUP_FILE]);
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
    fn the_previous_save_is_kept_as_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut progress = Progress::default();
        progress.settings.new_per_day = 1;
        store.save(&progress).unwrap();
        progress.settings.new_per_day = 2;
        store.save(&progress).unwrap();
        let backup: Progress = serde_json::from_slice(&fs::read(store.backup_path()).unwrap()).unwrap();
        assert_eq!(backup.settings.new_per_day, 1);
    }

    #[test]
    fn a_corrupt_file_is_replaced_by_the_backup_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut progress = Progress::default();
        progress.settings.new_per_day = 4;
        store.save(&progress).unwrap();
        store.save(&progress).unwrap();
        fs::write(store.progress_path(), b"{\"format_version\": 1, \"cards\": {\"x\"").unwrap();
        let loaded = store.load(now());
        assert_eq!(loaded.progress.settings.new_per_day, 4);
        assert!(loaded.notice.unwrap().contains("restored from the backup"));
        assert!(dir.path().join("progress.json.corrupt-20261127-100000").exists());
    }

    #[test]
    fn a_deleted_file_comes_back_from_its_backup() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut progress = Progress::default();
        progress.settings.new_per_day = 6;
        store.save(&progress).unwrap();
        store.save(&progress).unwrap();
        fs::remove_file(store.progress_path()).unwrap();
        let loaded = store.load(now());
        assert_eq!(loaded.progress.settings.new_per_day, 6);
        assert!(loaded.notice.unwrap().contains("restored"));
    }

    #[test]
    fn a_huge_file_is_set_aside_unread() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let file = File::create(store.progress_path()).unwrap();
        file.set_len(100 * 1024 * 1024).unwrap();
        let loaded = store.load(now());
        assert!(loaded.notice.unwrap().contains("100 MB"));
        assert_eq!(fs::metadata(dir.path().join("progress.json.corrupt-20261127-100000")).unwrap().len(), 100 << 20);
    }

    #[test]
    fn a_second_writer_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let first = store.lock().unwrap();
        assert!(matches!(store.lock(), Err(LockError::HeldElsewhere)));
        drop(first);
        assert!(store.lock().is_ok());
    }

    #[test]
    fn a_file_where_the_folder_should_be_starts_fresh_and_saving_fails_visibly() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("portcards");
        fs::write(&blocker, b"x").unwrap();
        let store = Store::at(&blocker);
        let loaded = store.load(now());
        assert!(loaded.writable && loaded.notice.is_none());
        assert!(store.save(&loaded.progress).is_err());
        fs::remove_file(&blocker).unwrap();
        assert!(store.save(&loaded.progress).is_ok(), "saving resumes once the folder can be made");
    }

    #[test]
    fn export_then_import_round_trips_and_newer_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("moved.json");
        let mut progress = Progress::default();
        progress.settings.new_per_day = 12;
        Store::export(&progress, &path).unwrap();
        assert_eq!(Store::import(&path).unwrap(), progress);
        fs::write(&path, format!("{{\"format_version\": {}}}", FORMAT_VERSION + 1)).unwrap();
        assert!(Store::import(&path).unwrap_err().to_string().contains("newer"));
        fs::write(&path, "nonsense").unwrap();
        assert!(Store::import(&path).unwrap_err().to_string().contains("not a progress file"));
    }

    #[test]
    fn a_reset_keeps_a_copy_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        assert_eq!(store.keep_before_reset(now()).unwrap(), None);
        store.save(&Progress::default()).unwrap();
        let kept = store.keep_before_reset(now()).unwrap().unwrap();
        assert_eq!(kept.file_name().unwrap(), "progress.json.reset-20261127-100000");
        assert_eq!(fs::read(kept).unwrap(), fs::read(store.progress_path()).unwrap());
    }

    #[test]
    fn drill_history_round_trips_and_a_bad_file_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        assert!(store.load_drills(now()).is_empty());
        let record = crate::drill::Record { kind: "60 s".into(), at: now(), asked: 12, right: 10, best_streak: 6 };
        store.save_drills(std::slice::from_ref(&record)).unwrap();
        assert_eq!(store.load_drills(now()), [record]);
        fs::write(dir.path().join(DRILLS_FILE), b"garbage").unwrap();
        assert!(store.load_drills(now()).is_empty());
        assert!(dir.path().join("drills.json.corrupt-20261127-100000").exists());
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
    fn temporary_files_left_by_a_crash_go_when_the_folder_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        store.save(&Progress::default()).unwrap();
        for name in [".progress.json.a1B2c3", ".progress.json.tmp", ".drills.json.Zz9Yy8"] {
            fs::write(dir.path().join(name), b"half a save").unwrap();
        }
        fs::write(dir.path().join(".progress.json.notes"), b"not ours").unwrap();
        store.load(now());
        let mut names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, [".progress.json.notes", "progress.json"]);
    }

    #[test]
    fn a_failed_save_leaves_the_previous_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut progress = Progress::default();
        progress.settings.new_per_day = 3;
        store.save(&progress).unwrap();
        let before = fs::read(store.progress_path()).unwrap();
        // A folder that is not empty where the backup goes makes the save fail
        // after the new contents are written, just before the rename.
        fs::create_dir_all(dir.path().join(BACKUP_FILE).join("in-the-way")).unwrap();
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

//! The log file a learner can send: every error and warning the app meets, with its
//! time and where in the code, in `portcards.log` in the config folder (beside the
//! default profile's progress). A window started from the desktop menu has no
//! terminal, so without this file its errors would be lost.
//!
//! Not for what the learner must act on: that is shown on screen too. Each error is
//! logged once, where it is handled (the store sets a file aside, the desk fails to
//! export, the live server stops), and the window says where the log is when
//! something was logged (see [`problems_logged`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use flexi_logger::{Cleanup, Criterion, Duplicate, FileSpec, FlexiLoggerError, Logger, LoggerHandle, Naming};

/// The log's name in the config folder.
pub const LOG_FILE: &str = "portcards.log";

/// A log larger than this is renamed with its date and a new one begun: a megabyte
/// is some ten thousand lines, years of a learner's errors, and still small enough to
/// attach to an e-mail.
pub const LOG_SIZE_LIMIT: u64 = 1_000_000;

/// Rotated logs kept besides the current one; older ones are deleted, so the logs
/// never take more than about four megabytes.
pub const KEPT_OLD_LOGS: usize = 3;

/// What is written: warnings and errors from everywhere, and portcards' own start-up
/// line, so that a sent log says which version ran on which folder.
const WHAT_IS_LOGGED: &str = "warn, portcards=info";

/// Warnings and errors logged since the process started.
static PROBLEMS: AtomicUsize = AtomicUsize::new(0);

/// How many warnings and errors have been logged since start: the window points to
/// the log once this is above zero.
pub fn problems_logged() -> usize {
    PROBLEMS.load(Ordering::Relaxed)
}

/// The running log. Keep it for the whole run: dropping it flushes and closes the file.
pub struct LogFile {
    path: PathBuf,
    _handle: LoggerHandle,
}

impl LogFile {
    /// The file being written.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the log file in {folder} could not be opened: {cause}")]
pub struct LogError {
    folder: PathBuf,
    cause: String,
}

/// Starts logging to `portcards.log` in `folder` (made if missing), appending to the
/// last run's log; warnings and errors also go to the terminal, if there is one.
/// Only one log runs per process: a second start is an error.
pub fn start(folder: &Path) -> Result<LogFile, LogError> {
    start_capped(folder, LOG_SIZE_LIMIT)
}

fn start_capped(folder: &Path, size_limit: u64) -> Result<LogFile, LogError> {
    let failed = |cause: FlexiLoggerError| LogError { folder: folder.to_path_buf(), cause: cause.to_string() };
    let file = FileSpec::default().directory(folder).basename("portcards").suppress_timestamp().suffix("log");
    let (logger, handle) = Logger::try_with_str(WHAT_IS_LOGGED)
        .map_err(failed)?
        .log_to_file(file)
        .append()
        .rotate(
            Criterion::Size(size_limit),
            // The current log keeps the plain name; a full one is renamed with its date.
            Naming::TimestampsCustomFormat { current_infix: Some(""), format: "%Y-%m-%d_%H-%M-%S" },
            Cleanup::KeepLogFiles(KEPT_OLD_LOGS),
        )
        // Rare and small: deleting an old log needs no thread of its own.
        .cleanup_in_background_thread(false)
        .format_for_files(flexi_logger::detailed_format)
        .duplicate_to_stderr(Duplicate::Warn)
        .build()
        .map_err(failed)?;
    log::set_boxed_logger(Box::new(CountingProblems { inner: logger }))
        .map_err(|error| failed(FlexiLoggerError::Log(error)))?;
    log::set_max_level(log::LevelFilter::Info);
    Ok(LogFile { path: folder.join(LOG_FILE), _handle: handle })
}

/// The file logger, counting the warnings and errors it writes.
struct CountingProblems {
    inner: Box<dyn log::Log>,
}

impl log::Log for CountingProblems {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        self.inner.enabled(metadata)
    }

    fn log(&self, record: &log::Record) {
        if record.level() <= log::Level::Warn && self.inner.enabled(record.metadata()) {
            PROBLEMS.fetch_add(1, Ordering::Relaxed);
        }
        self.inner.log(record);
    }

    fn flush(&self) {
        self.inner.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::now;

    /// Every log file in `folder`, the current one included.
    fn logs_in(folder: &Path) -> Vec<PathBuf> {
        let mut logs: Vec<PathBuf> = std::fs::read_dir(folder)
            .expect("the log folder")
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "log"))
            .collect();
        logs.sort();
        logs
    }

    fn all_logged(folder: &Path) -> String {
        logs_in(folder).iter().map(|path| std::fs::read_to_string(path).expect("a log")).collect()
    }

    // One test, because a process has one logger: what the store sets aside is logged
    // once, counted, and the logs stay within their cap however much is written.
    #[test]
    fn a_set_aside_file_is_logged_once_and_the_logs_stay_capped() {
        let logs = tempfile::tempdir().unwrap();
        const CAP: u64 = 20_000;
        let log = start_capped(logs.path(), CAP).expect("the log starts");
        assert_eq!(log.path(), logs.path().join(LOG_FILE));
        assert!(start(logs.path()).is_err(), "a second log in the same process is refused");

        let profile = tempfile::tempdir().unwrap();
        let store = crate::store::Store::at(profile.path());
        let drills = profile.path().join(crate::store::DRILLS_FILE);
        std::fs::write(&drills, "{ not json").unwrap();
        let before = problems_logged();
        assert!(store.load_drills(now()).is_empty());
        log::logger().flush();
        let logged = all_logged(logs.path());
        let mentions = logged.lines().filter(|line| line.contains(&drills.display().to_string())).count();
        assert_eq!(mentions, 1, "the damaged history is logged once: {logged}");
        assert!(logged.contains("WARN"), "{logged}");
        assert!(problems_logged() > before, "the window hears that something was logged");

        for line in 0..2_000 {
            log::warn!("line {line} of a long run of warnings, to fill the log past its cap");
        }
        log::logger().flush();
        let files = logs_in(logs.path());
        assert!(files.len() <= 1 + KEPT_OLD_LOGS, "old logs are deleted: {files:?}");
        assert!(files.contains(&logs.path().join(LOG_FILE)), "the current log keeps its name: {files:?}");
        for file in &files {
            let size = std::fs::metadata(file).unwrap().len();
            assert!(size < CAP + 1_000, "{} is {size} bytes, over the cap", file.display());
        }
    }
}

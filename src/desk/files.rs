//! Moving progress on the desk: export to a file, import and merge, reset all (with
//! a copy of the old file kept); and the deck written out for elsewhere (Anki, a
//! cheat sheet).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use chrono::{DateTime, FixedOffset};

use super::{Desk, Effect, logged_failure};
use crate::progress::Progress;
use crate::sheets::Sheet;
use crate::store::{ImportError, Store, StoreError};

/// Exports on the writer thread and imports being read, with the file each is about.
#[derive(Default)]
pub(super) struct FileMoves {
    exports: Vec<(PathBuf, Receiver<Result<(), StoreError>>)>,
    imports: Vec<(PathBuf, Receiver<Result<Progress, ImportError>>)>,
}

impl FileMoves {
    pub(super) fn is_running(&self) -> bool {
        !self.exports.is_empty() || !self.imports.is_empty()
    }

    /// The moves that have answered, taken out.
    fn finished(&mut self) -> Finished {
        (finished(&mut self.exports), finished(&mut self.imports))
    }

    /// Every move's answer, waiting for those still running (the desk is closing or
    /// switching profile: an import must land on the profile it was asked for).
    fn wait_for_all(&mut self) -> Finished {
        (answered(&mut self.exports), answered(&mut self.imports))
    }
}

type Finished = (Vec<(PathBuf, Result<(), StoreError>)>, Vec<(PathBuf, Result<Progress, ImportError>)>);

/// Every move of `running`, taken out with its answer once it comes; a thread that
/// ended without answering is dropped.
fn answered<T>(running: &mut Vec<(PathBuf, Receiver<T>)>) -> Vec<(PathBuf, T)> {
    running.drain(..).filter_map(|(path, outcome)| Some((path, outcome.recv().ok()?))).collect()
}

/// The moves of `running` that have answered, taken out; a thread that ended without
/// answering is dropped.
fn finished<T>(running: &mut Vec<(PathBuf, Receiver<T>)>) -> Vec<(PathBuf, T)> {
    let mut done = Vec::new();
    running.retain(|(path, outcome)| match outcome.try_recv() {
        Ok(answer) => {
            done.push((path.clone(), answer));
            false
        }
        Err(TryRecvError::Empty) => true,
        Err(TryRecvError::Disconnected) => false,
    });
    done
}

impl Desk {
    pub(super) fn export_sheet(&mut self, path: &Path, sheet: Sheet) -> Effect {
        let text = sheet.render(self.session.deck(), &self.session.progress().settings);
        let said = match crate::store::write_file_atomically(path, text.as_bytes()) {
            Ok(()) => {
                self.file_places.used(path);
                format!("{} written to {}.", sheet.name(), path.display())
            }
            Err(error) => logged_failure(error.to_string()),
        };
        Effect::FileNotice(said)
    }

    /// Exports progress: on the writer thread when there is one (the sentence comes
    /// with a later tick), else here and now.
    pub(super) fn export(&mut self, path: &Path) -> Vec<Effect> {
        if self.writable
            && let Some(saver) = &mut self.saver
            && let Ok(done) = saver.export(self.session.progress(), path.to_path_buf())
        {
            self.model_unsaved = false;
            self.saves_pending = true;
            self.moves.exports.push((path.to_path_buf(), done));
            return Vec::new();
        }
        vec![self.exported(path, Store::export(self.session.progress(), path))]
    }

    fn exported(&mut self, path: &Path, outcome: Result<(), StoreError>) -> Effect {
        let said = match outcome {
            Ok(()) => {
                self.file_places.used(path);
                format!("Progress exported to {}.", path.display())
            }
            Err(error) => logged_failure(error.to_string()),
        };
        Effect::FileNotice(said)
    }

    /// Imports and merges a progress file: read on a thread of its own when saves run
    /// off the caller's thread (the merge comes with a later tick), else here and now.
    pub(super) fn import(&mut self, path: &Path, now: DateTime<FixedOffset>) -> Vec<Effect> {
        if self.saver.is_some() {
            let (sender, read) = mpsc::channel();
            let reading = path.to_path_buf();
            let started = std::thread::Builder::new()
                .name("portcards-import".into())
                .spawn(move || sender.send(Store::import(&reading)).ok());
            if started.is_ok() {
                self.moves.imports.push((path.to_path_buf(), read));
                return Vec::new();
            }
        }
        vec![self.imported(path, Store::import(path), now)]
    }

    fn imported(&mut self, path: &Path, read: Result<Progress, ImportError>, now: DateTime<FixedOffset>) -> Effect {
        let said = match read {
            Ok(other) => {
                self.file_places.used(path);
                let mut merged = self.session.progress().clone();
                let summary = merged.merge(other);
                self.session.replace_progress(merged, now);
                self.save();
                format!(
                    "Imported {}: {} updated, {} added.",
                    path.display(),
                    crate::session::count_of(summary.cards_taken, "card"),
                    crate::session::count_of(summary.reviews_added, "review")
                )
            }
            Err(error) => logged_failure(error.to_string()),
        };
        Effect::FileNotice(said)
    }

    /// Takes in the exports and imports finished on other threads.
    pub(super) fn take_in_moves(&mut self, now: DateTime<FixedOffset>) -> Vec<Effect> {
        let finished = self.moves.finished();
        self.take_in(finished, now)
    }

    /// Waits for the exports and imports still running and takes them in.
    pub(super) fn finish_moves(&mut self, now: DateTime<FixedOffset>) {
        let finished = self.moves.wait_for_all();
        self.take_in(finished, now);
    }

    fn take_in(&mut self, (exports, imports): Finished, now: DateTime<FixedOffset>) -> Vec<Effect> {
        let mut effects: Vec<Effect> =
            exports.into_iter().map(|(path, outcome)| self.exported(&path, outcome)).collect();
        for (path, read) in imports {
            effects.push(self.imported(&path, read, now));
            self.version += 1;
        }
        effects
    }

    pub(super) fn reset_all(&mut self, now: DateTime<FixedOffset>) -> Effect {
        let kept = if self.writable { self.store.keep_before_reset(now.to_utc()) } else { Ok(None) };
        let said = match kept {
            Err(error) => logged_failure(format!("Nothing was reset: {error}")),
            Ok(kept) => {
                let settings = self.session.progress().settings.clone();
                self.session.replace_progress(Progress { settings, ..Default::default() }, now);
                self.save();
                match kept {
                    Some(path) => format!("All progress was reset. The old file was kept as {}.", path.display()),
                    None => "All progress was reset.".to_string(),
                }
            }
        };
        Effect::FileNotice(said)
    }
}

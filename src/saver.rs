//! Saving off the UI thread: the window hands over what changed and goes on drawing; a
//! writer thread saves it atomically through [`Store`], writing only the newest state
//! when answers come faster than the disk.
//!
//! The review log only grows, except when an answer is taken back: so the writer keeps
//! its own copy of the log, and each save hands over the reviews added since the last
//! one (and where the log was cut, after an undo) with a copy of everything else. A
//! save costs a frame the same at 100,000 reviews as at ten. An export of progress to
//! a file of the learner's choosing is handed over the same way and written here too.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use crate::progress::Progress;
use crate::review_log::Review;
use crate::store::{Store, StoreError};

/// What changed since the last handover: the progress without its log, how much of
/// the writer's copy of the log stays, and the reviews after those.
struct Handover {
    rest: Box<Progress>,
    keep: usize,
    appended: Vec<Review>,
}

enum Job {
    Save(Handover),
    /// Writes the progress handed over to `path` (an export), and says how it went.
    Export {
        handover: Handover,
        path: PathBuf,
        done: Sender<Result<(), StoreError>>,
    },
    Flush(Sender<()>),
}

/// The writer thread is gone: the caller saves in place instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaverGone;

/// A writer thread for one store.
pub struct Saver {
    jobs: Option<Sender<Job>>,
    results: Receiver<Result<(), StoreError>>,
    thread: Option<JoinHandle<()>>,
    /// The log as last handed over: its length and its last review, to tell an added
    /// review from one taken back and another given in its place.
    sent_len: usize,
    sent_last: Option<Review>,
}

impl Saver {
    pub fn spawn(store: Store) -> Saver {
        Saver::starting_from(store, &[])
    }

    /// A writer thread that already holds `log` (the log just read from the store), so
    /// that the first save hands over only what was added to it.
    pub fn starting_from(store: Store, log: &[Review]) -> Saver {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outcomes, results) = mpsc::channel();
        let known = log.to_vec();
        let thread = std::thread::Builder::new()
            .name("portcards-saver".into())
            .spawn(move || write_jobs(&store, known, &inbox, &outcomes))
            .ok();
        Saver { jobs: Some(jobs), results, thread, sent_len: log.len(), sent_last: log.last().cloned() }
    }

    /// Queues a save of `progress` and returns at once, having copied only what changed
    /// since the last save. [`SaverGone`] when the writer thread has stopped.
    pub fn save(&mut self, progress: &Progress) -> Result<(), SaverGone> {
        let handover = self.handover(progress);
        self.send(Job::Save(handover))
    }

    /// Queues an export of `progress` to `path` (the progress file itself is not
    /// written), handed over as a save is; the outcome arrives on the receiver.
    pub fn export(
        &mut self,
        progress: &Progress,
        path: PathBuf,
    ) -> Result<Receiver<Result<(), StoreError>>, SaverGone> {
        let (done, outcome) = mpsc::channel();
        let handover = self.handover(progress);
        self.send(Job::Export { handover, path, done })?;
        Ok(outcome)
    }

    /// What changed in `progress` since the last handover; counts it as handed over.
    fn handover(&mut self, progress: &Progress) -> Handover {
        let log = &progress.log;
        let unchanged_prefix = self.sent_len <= log.len()
            && self.sent_len.checked_sub(1).map(|last| &log[last]) == self.sent_last.as_ref();
        let keep = if unchanged_prefix { self.sent_len } else { 0 };
        let rest = Progress {
            format_version: progress.format_version,
            settings: progress.settings.clone(),
            cards: progress.cards.clone(),
            log: Vec::new(),
            memory_model: progress.memory_model,
            order_seed: progress.order_seed,
            known_at_day_start: progress.known_at_day_start,
        };
        self.sent_len = log.len();
        self.sent_last = log.last().cloned();
        Handover { rest: Box::new(rest), keep, appended: log[keep..].to_vec() }
    }

    fn send(&mut self, job: Job) -> Result<(), SaverGone> {
        let sent = self.jobs.as_ref().is_some_and(|jobs| jobs.send(job).is_ok());
        if !sent {
            // The next handover starts from nothing: a new writer has no copy of the log.
            self.jobs = None;
            self.sent_len = 0;
            self.sent_last = None;
            return Err(SaverGone);
        }
        Ok(())
    }

    /// The outcome of the newest save finished since the last call, if any.
    pub fn poll(&self) -> Option<Result<(), StoreError>> {
        self.results.try_iter().last()
    }

    /// Waits until everything queued is on disk; returns the last outcome.
    pub fn flush(&self) -> Option<Result<(), StoreError>> {
        let (done, wait) = mpsc::channel();
        if let Some(jobs) = &self.jobs
            && jobs.send(Job::Flush(done)).is_ok()
        {
            // An error here means the thread has stopped: nothing is left to wait for.
            wait.recv().ok();
        }
        self.poll()
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        // Closing the queue lets the thread finish what is queued and stop.
        self.jobs = None;
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            log::error!("the writer thread stopped with an error; the last save may be missing");
        }
    }
}

fn write_jobs(store: &Store, mut log: Vec<Review>, inbox: &Receiver<Job>, outcomes: &Sender<Result<(), StoreError>>) {
    while let Ok(job) = inbox.recv() {
        let mut newest: Option<Box<Progress>> = None;
        let mut waiting = Vec::new();
        // Every change to the log is applied in turn; only the newest state is written.
        for job in std::iter::once(job).chain(inbox.try_iter()) {
            match job {
                Job::Save(handover) => newest = Some(take_in(&mut log, handover)),
                Job::Export { handover, path, done } => {
                    let mut progress = take_in(&mut log, handover);
                    progress.log = std::mem::take(&mut log);
                    done.send(Store::export(&progress, &path)).ok();
                    log = std::mem::take(&mut progress.log);
                    // An export hands over what a save would: the progress file gets it too.
                    newest = Some(progress);
                }
                Job::Flush(done) => waiting.push(done),
            }
        }
        if let Some(mut progress) = newest {
            progress.log = std::mem::take(&mut log);
            // The receiving end is gone only when the window has closed: no one to tell.
            outcomes.send(store.save(&progress)).ok();
            log = std::mem::take(&mut progress.log);
        }
        for done in waiting {
            done.send(()).ok();
        }
    }
}

/// Applies a handover to the writer's copy of the log; returns the rest of the progress.
fn take_in(log: &mut Vec<Review>, handover: Handover) -> Box<Progress> {
    let Handover { rest, keep, appended } = handover;
    log.truncate(keep);
    log.extend(appended);
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_writes_the_progress_handed_over_and_the_file_keeps_it_too() {
        use crate::testing::{now, review};
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut saver = Saver::spawn(store.clone());
        let mut progress = Progress::default();
        progress.log.push(review("22:port-to-service", now(), crate::review_log::Grade::Good));
        saver.save(&progress).unwrap();
        progress.log.push(review("23:port-to-service", now(), crate::review_log::Grade::Again));
        let exported = dir.path().join("moved.json");
        let done = saver.export(&progress, exported.clone()).unwrap();
        assert!(matches!(done.recv(), Ok(Ok(()))));
        assert_eq!(Store::import(&exported).unwrap().log, progress.log, "the whole log, the new review included");
        assert!(matches!(saver.flush(), Some(Ok(()))));
        assert_eq!(store.load(now()).progress.log, progress.log);
        let refused = saver.export(&progress, dir.path().join("no-folder").join("moved.json")).unwrap();
        assert!(matches!(refused.recv(), Ok(Err(error)) if error.to_string().contains("no-folder")));
    }

    #[test]
    fn saves_reach_the_disk_and_the_newest_wins() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut saver = Saver::spawn(store.clone());
        for new_per_day in 1..=20 {
            let mut progress = Progress::default();
            progress.settings.new_per_day = new_per_day;
            saver.save(&progress).unwrap();
        }
        assert!(matches!(saver.flush(), Some(Ok(()))));
        assert_eq!(store.load(chrono::Utc::now()).progress.settings.new_per_day, 20);
    }

    #[test]
    fn a_failed_save_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").unwrap();
        let mut saver = Saver::spawn(Store::at(&blocker));
        saver.save(&Progress::default()).unwrap();
        assert!(matches!(saver.flush(), Some(Err(error)) if error.to_string().contains("progress.json")));
    }

    #[test]
    fn dropping_the_saver_finishes_what_was_queued() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        {
            let mut saver = Saver::spawn(store.clone());
            let mut progress = Progress::default();
            progress.settings.new_per_day = 3;
            saver.save(&progress).unwrap();
        }
        assert_eq!(store.load(chrono::Utc::now()).progress.settings.new_per_day, 3);
    }

    #[test]
    fn the_log_is_handed_over_in_pieces_and_saved_whole_through_undo_and_a_new_answer() {
        use crate::review_log::Grade;
        use crate::testing::{now, review};
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut saver = Saver::spawn(store.clone());
        let mut progress = Progress::default();
        let answer =
            |minute: i64, grade: Grade| review("22:port-to-service", now() + chrono::Duration::minutes(minute), grade);
        for minute in 0..5 {
            progress.log.push(answer(minute, Grade::Good));
            saver.save(&progress).unwrap();
        }
        // Taken back, and another answer given in its place: the same length.
        progress.log.pop();
        saver.save(&progress).unwrap();
        progress.log.push(answer(10, Grade::Again));
        saver.save(&progress).unwrap();
        // Taken back twice and one given: shorter than before, a different last review.
        progress.log.truncate(3);
        progress.log.push(answer(11, Grade::Hard));
        saver.save(&progress).unwrap();
        assert!(matches!(saver.flush(), Some(Ok(()))));
        assert_eq!(store.load(now()).progress.log, progress.log);
        // A log replaced whole (an import) is sent whole.
        progress.log = vec![answer(20, Grade::Easy), answer(21, Grade::Good)];
        saver.save(&progress).unwrap();
        assert!(matches!(saver.flush(), Some(Ok(()))));
        assert_eq!(store.load(now()).progress.log, progress.log);
    }
}

//! Saving off the UI thread: the window hands over a copy of the progress and goes on
//! drawing; a writer thread saves it atomically through [`Store`], keeping only the
//! newest copy when answers come faster than the disk.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use crate::progress::Progress;
use crate::store::{Store, StoreError};

enum Job {
    Save(Box<Progress>),
    Flush(Sender<()>),
}

/// A writer thread for one store.
pub struct Saver {
    jobs: Option<Sender<Job>>,
    results: Receiver<Result<(), StoreError>>,
    thread: Option<JoinHandle<()>>,
}

impl Saver {
    pub fn spawn(store: Store) -> Saver {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outcomes, results) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("portcards-saver".into())
            .spawn(move || write_jobs(&store, &inbox, &outcomes))
            .ok();
        Saver { jobs: Some(jobs), results, thread }
    }

    /// Queues a save and returns at once. Gives the progress back when the writer
    /// thread is gone, so that the caller can save it in place instead.
    pub fn save(&self, progress: Progress) -> Result<(), Box<Progress>> {
        let Some(jobs) = &self.jobs else { return Err(Box::new(progress)) };
        jobs.send(Job::Save(Box::new(progress))).map_err(|unsent| match unsent.0 {
            Job::Save(progress) => progress,
            Job::Flush(_) => unreachable!("a save was sent"),
        })
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
            eprintln!("portcards: the writer thread stopped with an error; the last save may be missing");
        }
    }
}

fn write_jobs(store: &Store, inbox: &Receiver<Job>, outcomes: &Sender<Result<(), StoreError>>) {
    while let Ok(job) = inbox.recv() {
        let mut newest = None;
        let mut waiting = Vec::new();
        for job in std::iter::once(job).chain(inbox.try_iter()) {
            match job {
                Job::Save(progress) => newest = Some(progress),
                Job::Flush(done) => waiting.push(done),
            }
        }
        if let Some(progress) = newest {
            // The receiving end is gone only when the window has closed: no one to tell.
            outcomes.send(store.save(&progress)).ok();
        }
        for done in waiting {
            done.send(()).ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_reach_the_disk_and_the_newest_wins() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let saver = Saver::spawn(store.clone());
        for new_per_day in 1..=20 {
            let mut progress = Progress::default();
            progress.settings.new_per_day = new_per_day;
            saver.save(progress).unwrap();
        }
        assert!(matches!(saver.flush(), Some(Ok(()))));
        assert_eq!(store.load(chrono::Utc::now()).progress.settings.new_per_day, 20);
    }

    #[test]
    fn a_failed_save_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").unwrap();
        let saver = Saver::spawn(Store::at(&blocker));
        saver.save(Progress::default()).unwrap();
        assert!(matches!(saver.flush(), Some(Err(error)) if error.to_string().contains("progress.json")));
    }

    #[test]
    fn dropping_the_saver_finishes_what_was_queued() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        {
            let saver = Saver::spawn(store.clone());
            let mut progress = Progress::default();
            progress.settings.new_per_day = 3;
            saver.save(progress).unwrap();
        }
        assert_eq!(store.load(chrono::Utc::now()).progress.settings.new_per_day, 3);
    }
}

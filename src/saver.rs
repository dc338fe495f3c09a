//! Saving off the UI thread: the window hands over a copy of the progress and goes on
//! drawing; a writer thread saves it atomically through [`Store`], keeping only the
//! newest copy when answers come faster than the disk.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use crate::progress::Progress;
use crate::store::Store;

enum Job {
    Save(Box<Progress>),
    Flush(Sender<()>),
}

/// A writer thread for one store.
pub struct Saver {
    jobs: Option<Sender<Job>>,
    results: Receiver<Result<(), String>>,
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

    /// Queues a save and returns at once.
    pub fn save(&self, progress: Progress) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Job::Save(Box::new(progress)));
        }
    }

    /// The outcome of the newest save finished since the last call, if any.
    pub fn poll(&self) -> Option<Result<(), String>> {
        self.results.try_iter().last()
    }

    /// Waits until everything queued is on disk; returns the last outcome.
    pub fn flush(&self) -> Option<Result<(), String>> {
        let (done, wait) = mpsc::channel();
        if let Some(jobs) = &self.jobs
            && jobs.send(Job::Flush(done)).is_ok()
        {
            let _ = wait.recv();
        }
        self.poll()
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        // Closing the queue lets the thread finish what is queued and stop.
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn write_jobs(store: &Store, inbox: &Receiver<Job>, outcomes: &Sender<Result<(), String>>) {
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
            let _ = outcomes.send(store.save(&progress).map_err(|error| error.to_string()));
        }
        for done in waiting {
            let _ = done.send(());
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
            saver.save(progress);
        }
        assert_eq!(saver.flush(), Some(Ok(())));
        assert_eq!(store.load(chrono::Utc::now()).progress.settings.new_per_day, 20);
    }

    #[test]
    fn a_failed_save_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").unwrap();
        let saver = Saver::spawn(Store::at(&blocker));
        saver.save(Progress::default());
        assert!(matches!(saver.flush(), Some(Err(error)) if error.contains("progress.json")));
    }

    #[test]
    fn dropping_the_saver_finishes_what_was_queued() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        {
            let saver = Saver::spawn(store.clone());
            let mut progress = Progress::default();
            progress.settings.new_per_day = 3;
            saver.save(progress);
        }
        assert_eq!(store.load(chrono::Utc::now()).progress.settings.new_per_day, 3);
    }
}

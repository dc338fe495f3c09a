//! Refitting the memory model off the UI thread: the desk hands over the log's recent
//! window, a worker fits it, and the desk takes the model back on a later frame. A fit
//! takes tens of milliseconds; a frame has sixteen.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use crate::memory_model::{self, MemoryModel};
use crate::review_log::Review;

/// What a fit reads: the log's most recent reviews, and the log's whole length (the
/// model remembers it, to know when the next refit is due).
pub struct RefitJob {
    pub recent: Vec<Review>,
    pub log_len: usize,
}

/// A worker thread that fits one job at a time.
pub struct Refitter {
    jobs: Option<Sender<RefitJob>>,
    results: Receiver<MemoryModel>,
    busy: bool,
    thread: Option<JoinHandle<()>>,
}

impl Refitter {
    pub fn spawn() -> Refitter {
        let (jobs, inbox) = mpsc::channel::<RefitJob>();
        let (models, results) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("portcards-refit".into())
            .spawn(move || {
                for job in inbox {
                    if models.send(memory_model::fit_recent(&job.recent, job.log_len)).is_err() {
                        break;
                    }
                }
            })
            .ok();
        Refitter { jobs: thread.is_some().then_some(jobs), results, busy: false, thread }
    }

    /// A fit is running.
    pub fn is_busy(&self) -> bool {
        self.busy
    }

    /// Starts a fit and returns at once; gives the job back when the worker is gone,
    /// so that the caller can fit it in place instead.
    pub fn start(&mut self, job: RefitJob) -> Result<(), RefitJob> {
        let Some(jobs) = &self.jobs else { return Err(job) };
        jobs.send(job).map_err(|unsent| unsent.0)?;
        self.busy = true;
        Ok(())
    }

    /// The model of a finished fit, if one finished since the last call.
    pub fn poll(&mut self) -> Option<MemoryModel> {
        let model = self.results.try_recv().ok()?;
        self.busy = false;
        Some(model)
    }

    /// Waits for the running fit, if any (tests, and a desk that must not lose it).
    pub fn wait(&mut self) -> Option<MemoryModel> {
        if !self.busy {
            return None;
        }
        let model = self.results.recv().ok();
        self.busy = false;
        model
    }
}

impl Drop for Refitter {
    fn drop(&mut self) {
        // Closing the queue ends the worker after its running fit.
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review_log::Grade;
    use crate::testing::{now, review};

    #[test]
    fn a_fit_on_the_worker_equals_a_fit_in_place() {
        // Thirty cards answered on three days: enough later-day answers to fit.
        let log: Vec<Review> = (0..90)
            .map(|index| {
                let day = chrono::Duration::days(index / 30 * 2) + chrono::Duration::minutes(index % 30);
                let grade = if index % 4 == 0 { Grade::Again } else { Grade::Good };
                review(&format!("{}:port-to-service", index % 30), now() + day, grade)
            })
            .collect();
        let in_place = memory_model::fit(&log);
        assert!(in_place.is_fitted(), "{in_place:?}");
        let mut refitter = Refitter::spawn();
        assert!(!refitter.is_busy() && refitter.poll().is_none());
        assert!(refitter.start(RefitJob { recent: log.clone(), log_len: log.len() }).is_ok());
        assert!(refitter.is_busy());
        assert_eq!(refitter.wait(), Some(in_place));
        assert!(!refitter.is_busy());
    }
}

//! Studying without a window, for the crash-safety test: answers cards through the
//! same session and store as the app, and reports each answer once it is on disk.

use std::io::Write;

use chrono::{DateTime, Duration, FixedOffset};

use crate::deck::Deck;
use crate::facts::Facts;
use crate::progress::Grade;
use crate::session::{Session, Showing};
use crate::store::{LockError, Store};
use crate::table::parse_table;

#[derive(Debug, thiserror::Error)]
pub enum DriveError {
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("could not report progress: {0}")]
    Report(#[from] std::io::Error),
    #[error("the progress file could not be read cleanly: {0}")]
    Damaged(String),
}

/// Answers `answers` cards right, saving after each and then printing
/// `saved <reviews in the log> <card>` on `report`. Time starts a minute after the
/// last saved review (or at `start`) and moves a minute per answer.
pub fn drive(
    store: &Store,
    answers: usize,
    start: DateTime<FixedOffset>,
    report: &mut impl Write,
) -> Result<(), DriveError> {
    let _lock = store.lock()?;
    let loaded = store.load(start.to_utc());
    if let Some(notice) = loaded.notice {
        return Err(DriveError::Damaged(notice));
    }
    let mut now = loaded
        .progress
        .log
        .last()
        .map_or(start, |last| crate::schedule::later(last.at, Duration::minutes(1)).fixed_offset());
    let deck = Deck::build(parse_table(crate::BUILTIN_TABLE).rows, &Facts::builtin(), false);
    let mut session = Session::new(deck, loaded.progress, now, 1);
    for _ in 0..answers {
        if matches!(session.showing(), Showing::Done { .. }) {
            session.practise_ahead(now);
        }
        let Some(card) = session.current_card() else { break };
        let answer = card.answer.clone();
        session.submit(&answer, now);
        let Some(review) = session.grade(Grade::Good, now) else { break };
        let card = review.card.clone();
        store.save(session.progress())?;
        writeln!(report, "saved {} {card}", session.progress().log.len())?;
        report.flush()?;
        now += Duration::minutes(1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drives_answers_to_disk_and_carries_on_next_time() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let start = DateTime::parse_from_rfc3339("2026-11-27T10:00:00+00:00").unwrap();
        let mut report = Vec::new();
        drive(&store, 3, start, &mut report).unwrap();
        drive(&store, 2, start, &mut report).unwrap();
        let lines: Vec<String> = String::from_utf8(report).unwrap().lines().map(str::to_string).collect();
        assert_eq!(lines.len(), 5);
        assert!(lines[4].starts_with("saved 5 "), "{lines:?}");
        assert_eq!(store.load(start.to_utc()).progress.log.len(), 5);
    }
}

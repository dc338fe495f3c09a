//! Studying without a window, for the crash-safety test: answers cards through the
//! same desk as the window, and reports each answer once it is on disk.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset};

use crate::desk::{Desk, Intent, Opening, SaveStatus};
use crate::progress::Grade;
use crate::session::Showing;
use crate::store::LockError;

#[derive(Debug, thiserror::Error)]
pub enum DriveError {
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error("could not save progress: {0}")]
    Save(String),
    #[error("could not report progress: {0}")]
    Report(#[from] std::io::Error),
    #[error("the progress file could not be read cleanly: {0}")]
    Damaged(String),
}

/// How the driver saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saving {
    /// In place, straight after each answer.
    InPlace,
    /// On the writer thread, as the window saves; the driver waits for it before
    /// reporting an answer saved.
    WriterThread,
}

/// Answers `answers` cards right in the default profile under `folder`, through the
/// same desk as the window, saving after each and then printing
/// `saved <reviews in the log> <card>` on `report`. Time starts a minute after the
/// last saved review (or at `start`) and moves a minute per answer.
pub fn drive(
    folder: &Path,
    answers: usize,
    start: DateTime<FixedOffset>,
    saving: Saving,
    report: &mut impl Write,
) -> Result<(), DriveError> {
    let opening = Opening::builtin(folder, saving == Saving::WriterThread, 1);
    let mut desk = Desk::open(opening, start);
    if desk.is_blocked_by_other_window() {
        return Err(LockError::HeldElsewhere.into());
    }
    if let Some(notice) = desk.notices().first() {
        return Err(DriveError::Damaged(notice.clone()));
    }
    let mut now = desk
        .session()
        .progress()
        .log
        .last()
        .map_or(start, |last| crate::schedule::later(last.at, Duration::minutes(1)).fixed_offset());
    for _ in 0..answers {
        desk.tick(now);
        if matches!(desk.session().showing(), Showing::Done { .. }) {
            desk.apply(Intent::PractiseAhead, now);
        }
        let Some(card) = desk.session().current_card() else { break };
        let (answer, card) = (card.answer.clone(), card.id.clone());
        desk.apply(Intent::Submit(answer), now);
        let logged = desk.session().progress().log.len();
        desk.apply(Intent::Grade(Grade::Good), now);
        if desk.session().progress().log.len() == logged {
            break;
        }
        desk.flush_saves();
        if let SaveStatus::Failed(error) = desk.save_status() {
            return Err(DriveError::Save(error.clone()));
        }
        writeln!(report, "saved {} {card}", desk.session().progress().log.len())?;
        report.flush()?;
        now += Duration::minutes(1);
    }
    Ok(())
}

/// Serves a live round on loopback without a window, for the kill test: prints
/// `serving <join address> <PIN>` on `report`, opens the first question once
/// `players` have joined, then keeps the round going until the process is stopped
/// (it never returns on its own).
#[cfg(feature = "live")]
pub fn serve_round(folder: &Path, questions: usize, players: usize, report: &mut impl Write) -> Result<(), DriveError> {
    use crate::desk::LiveIntent;
    use crate::live::RoundSetup;
    let now = || chrono::Local::now().fixed_offset();
    let mut desk = Desk::open(Opening::builtin(folder, false, 1), now());
    let setup = RoundSetup { questions, seconds: 120, ..RoundSetup::default() };
    let loopback = std::net::IpAddr::from([127, 0, 0, 1]);
    desk.apply(Intent::Live(LiveIntent::Start { setup, ip: loopback }), now());
    let Some(host) = desk.live() else { return Err(DriveError::Save("the round did not start".into())) };
    let pin = host.round(|round| round.pin().to_string());
    writeln!(report, "serving {} {pin}", host.join_url)?;
    report.flush()?;
    loop {
        std::thread::sleep(std::time::Duration::from_millis(20));
        let waiting = desk.live().is_some_and(|host| {
            host.round(|round| round.phase() == crate::live::round::Phase::Lobby && round.players().len() >= players)
        });
        if waiting {
            desk.apply(Intent::Live(LiveIntent::Next), now());
        }
        desk.tick(now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drives_answers_to_disk_and_carries_on_next_time() {
        let dir = tempfile::tempdir().unwrap();
        let start = DateTime::parse_from_rfc3339("2026-11-27T10:00:00+00:00").unwrap();
        let mut report = Vec::new();
        drive(dir.path(), 3, start, Saving::InPlace, &mut report).unwrap();
        drive(dir.path(), 2, start, Saving::WriterThread, &mut report).unwrap();
        let lines: Vec<String> = String::from_utf8(report).unwrap().lines().map(str::to_string).collect();
        assert_eq!(lines.len(), 5);
        assert!(lines[4].starts_with("saved 5 "), "{lines:?}");
        assert_eq!(crate::store::Store::at(dir.path()).load(start.to_utc()).progress.log.len(), 5);
    }
}

//! A live round written down as it is played: one JSON line per event (the round's
//! questions, each join, each question opened, each answer counted, the end), appended
//! to a file in the profile's folder before the phone hears its answer was counted.
//! A crash, a kill or a power cut mid-round leaves every acknowledged answer on disk
//! (a torn last line is skipped), and the next start offers the round's results.
//! The record it plays back into, and that record's CSV, are `live::report`'s.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use super::report::{RecordedAnswer, RecordedPlayer, RoundRecord};

/// The folder, inside a profile's, that holds the rounds' journals.
pub const JOURNAL_FOLDER: &str = "live-rounds";

/// One thing that happened in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Started {
        at: DateTime<Utc>,
        questions: Vec<JournalQuestion>,
        /// The class that played it (journals from before classes have none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        class: Option<String>,
        /// What the round asked, in words ("Core ports").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pool: Option<String>,
        /// How students answered (journals from before say nothing: four options).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<super::LiveKind>,
    },
    Joined {
        player: u32,
        name: String,
    },
    Opened {
        question: usize,
    },
    Answered {
        player: u32,
        question: usize,
        given: String,
        right: bool,
        points: u32,
        seconds: f64,
    },
    Removed {
        player: u32,
    },
    Ended,
}

/// A question as the CSV names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalQuestion {
    pub card: String,
    pub prompt: String,
    pub answer: String,
}

/// An open journal, appended to.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
}

impl Journal {
    /// A new journal for a round started `at`, in `profile_folder`'s journal folder.
    pub fn create(profile_folder: &Path, at: DateTime<Utc>) -> io::Result<Journal> {
        let folder = profile_folder.join(JOURNAL_FOLDER);
        fs::create_dir_all(&folder)?;
        let path = folder.join(format!("round-{}.jsonl", at.format("%Y-%m-%dT%H-%M-%S%.3f")));
        let file = OpenOptions::new().create_new(true).append(true).open(&path)?;
        Ok(Journal { file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends the events, each a line, in one write: once this returns, a kill of the
    /// process cannot lose them (the system holds them; `sync` is not needed for that,
    /// and would cost every answer a disk flush).
    pub fn record(&mut self, events: &[Event]) -> io::Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let mut lines = Vec::new();
        for event in events {
            serde_json::to_writer(&mut lines, event).map_err(io::Error::other)?;
            lines.push(b'\n');
        }
        self.file.write_all(&lines)
    }
}

impl RoundRecord {
    /// Plays the events back. A line that is not a whole event (the last one, cut off
    /// by a crash) is skipped.
    pub fn from_lines(text: &str) -> RoundRecord {
        let mut record = RoundRecord::default();
        for event in text.lines().filter_map(|line| serde_json::from_str::<Event>(line).ok()) {
            record.apply(event);
        }
        record
    }

    pub fn read(path: &Path) -> io::Result<RoundRecord> {
        Ok(RoundRecord::from_lines(&fs::read_to_string(path)?))
    }

    fn apply(&mut self, event: Event) {
        match event {
            Event::Started { at, questions, class, pool, kind } => {
                self.started = Some(at);
                self.questions = questions;
                self.class = class;
                self.pool = pool;
                self.kind = kind;
            }
            Event::Joined { player, name } => self.players.push(RecordedPlayer {
                id: player,
                name,
                answers: Default::default(),
                // Joining during a question: that one was already running.
                first_question: self.asked,
            }),
            Event::Opened { question } => self.asked = self.asked.max(question + 1),
            Event::Answered { player, question, given, right, points, seconds } => {
                if let Some(player) = self.players.iter_mut().find(|known| known.id == player) {
                    player.answers.insert(question, RecordedAnswer { given, right, points, seconds });
                }
            }
            Event::Removed { player } => self.players.retain(|known| known.id != player),
            Event::Ended => self.ended = true,
        }
    }
}

/// The journal of the most recent round in a profile's folder, if any.
pub fn latest(profile_folder: &Path) -> Option<PathBuf> {
    let folder = profile_folder.join(JOURNAL_FOLDER);
    let mut journals: Vec<PathBuf> = fs::read_dir(folder)
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "jsonl"))
        .collect();
    // The names carry the start time, so the last in order is the latest.
    journals.sort();
    journals.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        "2026-12-06T21:30:00Z".parse().unwrap()
    }

    fn question(card: &str) -> JournalQuestion {
        JournalQuestion { card: card.into(), prompt: format!("Which port does {card} use?"), answer: "22".into() }
    }

    #[test]
    fn a_journal_plays_back_and_a_torn_last_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::create(dir.path(), at()).unwrap();
        journal
            .record(&[
                Event::Started {
                    at: at(),
                    questions: vec![question("a"), question("b"), question("c")],
                    class: Some("Period 3".into()),
                    pool: None,
                    kind: None,
                },
                Event::Joined { player: 1, name: "=1+1".into() },
                Event::Opened { question: 0 },
                Event::Answered { player: 1, question: 0, given: "22".into(), right: true, points: 900, seconds: 2.5 },
                Event::Joined { player: 2, name: "Zoë".into() },
                Event::Opened { question: 1 },
            ])
            .unwrap();
        let path = journal.path().to_path_buf();
        drop(journal);
        // A crash in the middle of a line.
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(br#"{"event":"answered","player":2,"quest"#).unwrap();
        assert_eq!(latest(dir.path()), Some(path.clone()));
        let record = RoundRecord::read(&path).unwrap();
        assert_eq!(record.asked, 2);
        assert!(!record.ended);
        assert_eq!(record.players.len(), 2);
        assert_eq!(record.score(&record.players[0]), 900);
        assert_eq!(record.players[1].first_question, 1, "joined during question 1");
        let csv = String::from_utf8(record.csv().unwrap()).unwrap();
        assert_eq!(csv.lines().count(), 1 + 2 * 2, "{csv}");
        assert!(csv.contains("'=1+1,1,a,"), "{csv}");
        assert!(csv.contains("Zoë,1,a,Which port does a use?,,22,not yet joined"), "{csv}");
    }
}

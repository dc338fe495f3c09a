//! The review log's types: a grade, one answer as it happened, and a card's
//! scheduling state. They sit below everything that reads the log (the memory model,
//! the scheduler, the session) and what saves it ([`progress`](crate::progress)).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::deck::CardId;
use crate::matcher::Judgement;

/// A learner's self-assessment after answering, as in Anki.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Again,
    Hard,
    Good,
    Easy,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    pub fn label(self) -> &'static str {
        match self {
            Grade::Again => "Again",
            Grade::Hard => "Hard",
            Grade::Good => "Good",
            Grade::Easy => "Easy",
        }
    }

    /// The key that picks this grade: 1 to 4.
    pub fn number(self) -> u8 {
        match self {
            Grade::Again => 1,
            Grade::Hard => 2,
            Grade::Good => 3,
            Grade::Easy => 4,
        }
    }
}

/// Where a card is in its life. A card absent from
/// [`Progress::cards`](crate::progress::Progress::cards) is new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "phase", content = "step")]
pub enum Phase {
    /// Seen for the first time today, going through the learning steps.
    Learning(u8),
    /// Graduated: shown again after an interval of days.
    Review,
    /// Forgotten after graduating, going through the relearning steps.
    Relearning(u8),
}

/// FSRS memory: how long the memory lasts, and how hard the card is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    pub stability: f32,
    pub difficulty: f32,
}

/// The scheduling state of one card that has been seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    #[serde(flatten)]
    pub phase: Phase,
    pub memory: Memory,
    pub due: DateTime<Utc>,
    pub first_review: DateTime<Utc>,
    pub last_review: DateTime<Utc>,
    /// The interval of days last given, 0 while in learning steps.
    pub interval_days: u32,
    pub reps: u32,
    pub lapses: u32,
    /// Every Again, in learning or in review: a card missed [`LEECH_MISSES`] times is a leech.
    #[serde(default)]
    pub misses: u32,
}

/// Misses after which a card is flagged as a leech and shown with a memory hint.
pub const LEECH_MISSES: u32 = 8;

impl CardState {
    pub fn is_leech(&self) -> bool {
        self.misses >= LEECH_MISSES
    }
}

/// How a card is answered. A card's schedule is shared across modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerMode {
    #[default]
    Typed,
    MultipleChoice,
    Flip,
}

impl AnswerMode {
    pub const ALL: [AnswerMode; 3] = [AnswerMode::Typed, AnswerMode::MultipleChoice, AnswerMode::Flip];

    /// The mode after this one, for the key that cycles through them.
    pub fn next(self) -> Self {
        match self {
            AnswerMode::Typed => AnswerMode::MultipleChoice,
            AnswerMode::MultipleChoice => AnswerMode::Flip,
            AnswerMode::Flip => AnswerMode::Typed,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AnswerMode::Typed => "Type the answer",
            AnswerMode::MultipleChoice => "Multiple choice",
            AnswerMode::Flip => "Flip and grade",
        }
    }
}

/// One answer, as it happened.
///
/// Saved as an array in field order (see
/// [`FORMAT_VERSION`](crate::progress::FORMAT_VERSION)); serde's derived reader
/// accepts that and the objects of format 1, and fills the trailing defaults.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Review {
    pub card: CardId,
    #[serde(deserialize_with = "review_time::read")]
    pub at: DateTime<Utc>,
    pub answer: String,
    pub verdict: Judgement,
    pub grade: Grade,
    pub ms: u64,
    #[serde(default)]
    pub mode: AnswerMode,
    /// The learner pressed "I was right" after a wrong verdict: kept so that the
    /// alias list can grow from real use.
    #[serde(default)]
    pub overridden: bool,
}

impl Serialize for Review {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut fields = serializer.serialize_seq(Some(if self.overridden { 8 } else { 7 }))?;
        fields.serialize_element(&self.card)?;
        match self.at.timestamp_nanos_opt() {
            Some(nanos) => fields.serialize_element(&nanos)?,
            // Outside 1677-2262 only a text time can say it.
            None => fields.serialize_element(&self.at)?,
        }
        fields.serialize_element(&self.answer)?;
        fields.serialize_element(&self.verdict)?;
        fields.serialize_element(&self.grade)?;
        fields.serialize_element(&self.ms)?;
        fields.serialize_element(&self.mode)?;
        if self.overridden {
            fields.serialize_element(&true)?;
        }
        fields.end()
    }
}

/// A review's time: nanoseconds since 1970 (format 2) or RFC 3339 text (format 1).
mod review_time {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Nanos(i64),
        Text(DateTime<Utc>),
    }

    pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
        Ok(match Written::deserialize(deserializer)? {
            Written::Nanos(nanos) => DateTime::from_timestamp_nanos(nanos),
            Written::Text(time) => time,
        })
    }
}

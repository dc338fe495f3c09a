//! Builders the tests share, unit and integration alike: a moment from text, the seed
//! deck, a card's id from text, and a review with plain defaults that a test changes
//! with struct update syntax (`Review { answer: "ssh".into(), ..review(..) }`).
//!
//! Public so that `tests/` and the benchmarks build their fixtures the same way; the
//! app itself never calls it.

use chrono::{DateTime, FixedOffset, Utc};

use crate::deck::{CardId, Deck};
use crate::facts::Facts;
use crate::matcher::Judgement;
use crate::review_log::{AnswerMode, Grade, Review};
use crate::table::parse_table;

/// The deck built from data/ports.md with its facts, without the exam extras.
pub fn seed_deck() -> Deck {
    Deck::build(parse_table(crate::BUILTIN_TABLE).rows, &Facts::builtin(), false)
}

/// The same with the exam extras added.
pub fn seed_deck_with_extras() -> Deck {
    Deck::build(parse_table(crate::BUILTIN_TABLE).rows, &Facts::builtin(), true)
}

/// 2026-11-27 10:00 UTC, the moment most tests happen at.
pub fn now() -> DateTime<Utc> {
    "2026-11-27T10:00:00Z".parse().expect("a valid time")
}

/// A moment with its offset, from RFC 3339 text: `at("2026-11-27T10:00:00+01:00")`.
pub fn at(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).expect("a valid RFC 3339 time")
}

/// A card's id from its text, as saved: `card_id("22:port-to-service")`.
pub fn card_id(text: &str) -> CardId {
    serde_json::from_value(serde_json::Value::String(text.to_string())).expect("a card id is any text")
}

/// One typed answer to `card` at `at`, graded `grade`: wrong when Again, else right,
/// answered in 4 s, not overridden.
pub fn review(card: &str, at: DateTime<Utc>, grade: Grade) -> Review {
    Review {
        card: card_id(card),
        at,
        answer: String::new(),
        verdict: if grade == Grade::Again { Judgement::Wrong } else { Judgement::Correct },
        grade,
        ms: 4_000,
        mode: AnswerMode::Typed,
        overridden: false,
    }
}

/// The answers of a long history: `count` right answers to the SSH card, a minute
/// apart from `start` (RFC 3339), as after months of study (for tests that need saves
/// to take time or files to grow).
pub fn long_history(count: usize, start: &str) -> Vec<Review> {
    let start: DateTime<Utc> = start.parse().expect("a valid test time");
    (0..count)
        .map(|index| Review {
            answer: "ssh".into(),
            ms: 1500,
            ..review("22:port-to-service", start + chrono::Duration::minutes(index as i64), Grade::Good)
        })
        .collect()
}

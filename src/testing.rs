//! What the unit tests share: the seed deck and a fixed moment.

use chrono::{DateTime, Utc};

use crate::deck::Deck;
use crate::facts::Facts;
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

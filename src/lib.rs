//! portcards: spaced-repetition flashcards for network port numbers.
//!
//! The library holds everything a test would want to check: reading the port
//! table, building cards, checking answers, scheduling with FSRS, the study
//! session and saving progress. The `app` module is the egui window on top; it
//! only draws state and sends the learner's intents back.

#[cfg(feature = "gui")]
pub mod app;
pub mod card_table;
pub mod clock;
pub mod coverage;
pub mod deck;
pub mod desk;
pub mod drill;
pub mod exam;
pub mod facts;
pub mod figures;
pub mod file_dialog;
#[cfg(feature = "test-support")]
pub mod headless;
pub mod known_ports;
pub mod live;
pub mod log_file;
pub mod lookup;
pub mod matcher;
pub mod memory_model;
pub mod pbq;
pub mod ports;
pub mod profiles;
pub mod progress;
pub mod refitter;
pub mod review_log;
pub mod saver;
pub mod schedule;
pub mod selftest;
pub mod services;
pub mod session;
pub mod sheets;
pub mod spreadsheet;
pub mod store;
pub mod table;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;

/// The port table shipped with portcards (data/ports.md), used when no `--table` is given.
pub const BUILTIN_TABLE: &str = include_str!("../data/ports.md");

//! The library without a window: the data files, the matcher, the exam lists, the desk
//! with bad files, the command line, and the shape of the code. One test crate, one
//! link of the app: `cargo test --test core`.
//!
//! The other test crates: `window` (the real app, headless, through egui_kittest),
//! `live` (the classroom round over loopback and its system tests), `system` (crashes
//! and a full disk).

mod architecture;
mod bad_files;
mod check_command;
mod code_shape;
mod exam_coverage;
mod exam_questions;
mod iana_names;
mod known_ports;
mod live_questions;
mod matcher_cases;
mod option_fairness;
mod readme_coverage;
mod related_cards;
mod study_order;
mod today_plan;
mod us_spelling;

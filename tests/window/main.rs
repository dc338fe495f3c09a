//! The real app in a headless window, driven through egui_kittest as a learner or a
//! teacher would: keys, clicks and typing, at a known time, on a temporary folder.
//! `cargo test --test window`.

mod support;

mod answer_modes;
mod bad_files;
mod browse_and_stats;
mod class_view;
mod drill_and_selftest;
mod exam_plan;
mod exam_questions;
mod file_dialog;
#[cfg(unix)]
mod file_size_limit;
mod focus;
mod live;
mod pbq;
mod profiles;
mod progress_seen;
mod projector_class;
mod projector_colours;
mod projector_fit;
mod robustness;
mod settings;
mod small_window;
mod study;

//! Exam date, undo and leeches through the real window.

use crate::support::{clock_at, open_app, type_and_enter};

const SIZE: [f32; 2] = [1000.0, 760.0];

fn clock() -> ManualClock {
    clock_at("2026-11-27T10:00:00+00:00")
}

use chrono::Duration;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portcards::app::PortcardsApp;
use portcards::app::egui;
use portcards::clock::{Clock, ManualClock};
use portcards::store::Store;

/// Opens the plan, types the date and presses Enter in the field.
fn enter_exam_date(harness: &mut egui_kittest::Harness<'static, PortcardsApp>, text: &str) {
    harness.get_by_label("Plan: exam date and daily limits").click();
    harness.run();
    let field = harness.get_by_label("Exam date (YYYY-MM-DD)");
    field.focus();
    field.type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

#[test]
fn setting_an_exam_date_shows_days_left_and_the_prediction() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock(), SIZE);
    enter_exam_date(&mut harness, "2026-12-04");
    // Before a first study day there is no pace to forecast from: it says when there will be.
    harness.get_by_label(
        "Exam in 7 days   ·   After your first study day, this says whether you are on track for the exam at your pace.",
    );
    // With no more study, one click away.
    harness.get_by_label("If you stopped today").click();
    harness.run();
    harness.get_by_label("Recall on exam day with no more study: core 0 %, all 0 % (0-0 %)");
    harness.get_by_label(
        "Plan: the usual order for now; after about three days of study the plan and the forecast are about you",
    );
    // 202 cards asked (139 port cards and 63 exam-style cards of core ports) over the 6 days before the exam.
    harness.get_by_label_contains("New cards raised to 34 a day");
    assert_eq!(harness.state().desk().session().counts(clock().now()).new, 34);
    let saved = portcards::store::parse_progress(&std::fs::read(dir.path().join("progress.json")).unwrap()).unwrap();
    assert_eq!(saved.settings.exam_date, Some("2026-12-04".parse().unwrap()));
    harness.key_press(egui::Key::F3);
    harness.run();
    harness.get_by_label("Predicted recall up to the exam");
    harness.get_by_label("If nothing more were studied: core 0 %, all 0 % on exam day (days from today on the axis)");
}

#[test]
fn a_bad_exam_date_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock(), SIZE);
    enter_exam_date(&mut harness, "next friday");
    harness.get_by_label("\"next friday\" is not a date like 2026-12-15.");
    assert_eq!(harness.state().desk().session().progress().settings.exam_date, None);
}

#[test]
fn ctrl_z_takes_the_last_answer_back_also_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock(), SIZE);
    crate::support::ask(&mut harness, "20:port-to-service");
    type_and_enter(&mut harness, "ftp");
    harness.key_press(egui::Key::Num3);
    harness.run();
    assert_eq!(harness.state().desk().session().progress().log.len(), 1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(harness.state().desk().session().progress().log.is_empty());
    harness.get_by_label("Port 20 — FTP-transfer");
    let saved = Store::at(dir.path()).load(chrono::Utc::now()).progress;
    assert!(saved.log.is_empty() && saved.cards.is_empty(), "the saved file is restored too");
    harness.key_press(egui::Key::Num4);
    harness.run();
    assert_eq!(harness.state().desk().session().progress().log[0].grade, portcards::progress::Grade::Easy);
}

#[test]
fn a_leech_is_shown_with_a_memory_hint() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut harness = open_app(dir.path(), &clock, SIZE);
    let ask_echo_now = |harness: &mut Harness<'static, PortcardsApp>| {
        harness.key_press(egui::Key::F2);
        harness.run();
        harness.get_all_by_label("Ask now").next().unwrap().click();
        harness.run();
        harness.get_by_label("Which service uses port 7?");
    };
    for _ in 0..8 {
        ask_echo_now(&mut harness);
        type_and_enter(&mut harness, "wrong");
        harness.key_press(egui::Key::Num1);
        harness.run();
        clock.advance(Duration::minutes(2));
    }
    ask_echo_now(&mut harness);
    harness.get_by_label_contains("Leech: missed 8 times. Memory hint: Echo Protocol: Server echo the host input.");
}

/// A saved log of `days` study days of `per_day` right answers to new cards (30 s each),
/// from `first_day`, with the exam on `exam`.
fn saved_study(dir: &std::path::Path, first_day: &str, days: i64, per_day: usize, exam: &str) {
    use portcards::progress::{Grade, Progress};
    let deck = portcards::testing::seed_deck();
    let scheduler = portcards::schedule::Scheduler::new(Default::default());
    let start = portcards::testing::at(first_day);
    let mut progress = Progress::default();
    progress.settings.exam_date = Some(exam.parse().unwrap());
    let core_first: Vec<&portcards::deck::Card> =
        deck.cards.iter().filter(|card| card.core).chain(deck.cards.iter().filter(|card| !card.core)).collect();
    for day in 0..days {
        for (slot, card) in core_first.iter().skip(day as usize * per_day).take(per_day).enumerate() {
            let at = start + chrono::Duration::days(day) + chrono::Duration::seconds(30 * slot as i64);
            let state = scheduler.apply(&card.id, None, card.core, Grade::Good, at);
            progress.cards.insert(card.id.clone(), state);
            progress.log.push(portcards::progress::Review {
                ms: 30_000,
                ..portcards::testing::review(card.id.as_str(), at.to_utc(), Grade::Good)
            });
        }
    }
    Store::at(dir).save(&progress).unwrap();
}

#[test]
fn the_forecast_says_on_track_or_behind_from_the_saved_log() {
    // Every card met over two days at 120 answers a day, a month to the exam.
    let dir = tempfile::tempdir().unwrap();
    saved_study(dir.path(), "2026-11-24T10:00:00+00:00", 3, 120, "2026-12-27");
    let harness = open_app(dir.path(), &clock(), SIZE);
    harness.get_by_label_contains("On track: about 95 % of core ports on exam day at your pace of 60 minutes a day.");
    // Four cards a day for three days, ten days to the exam: behind, and told what would do.
    let dir = tempfile::tempdir().unwrap();
    saved_study(dir.path(), "2026-11-24T10:00:00+00:00", 3, 4, "2026-12-07");
    let harness = open_app(dir.path(), &clock(), SIZE);
    harness.get_by_label_contains("Behind: about");
    harness.get_by_label_contains("more minutes a day would reach 90 %");
}

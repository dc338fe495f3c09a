//! Exam date, undo and leeches through the real window.

use chrono::Duration;
use egui_kittest::kittest::Queryable;
use portcards::app::egui::Key;
use portcards::progress::Progress;
use portcards::store::Store;

use crate::support::{Window, WindowSetup};

fn plan() -> WindowSetup {
    Window::new().size(1000.0, 760.0)
}

/// Opens the plan, types the date and presses Enter in the field.
fn enter_exam_date(window: &mut Window, text: &str) {
    window.click("Plan: exam date and daily limits");
    window.type_into("Exam date (YYYY-MM-DD)", text);
    window.press(Key::Enter);
}

#[test]
fn setting_an_exam_date_shows_days_left_and_the_prediction() {
    let mut window = plan().open();
    enter_exam_date(&mut window, "2026-12-04");
    // Today's line agrees with the field, which still shows the learner's 10 a day; before
    // a first study day there is no pace to forecast from: it says when there will be.
    window.get_by_label(
        "Exam in 7 days   ·   Today: 35 new cards (25 more than your 10 a day, so that every card is seen before \
         the exam) and 0 due, about 18 minutes. After your first study day, this says whether your pace keeps you on \
         track for the exam.",
    );
    // With no more study, one click away.
    window.click("If you stopped today");
    window.get_by_label("Recall on exam day with no more study: core 0 %, all 0 % (0-0 %)");
    window.get_by_label(
        "Plan: the usual order for now; after about three days of study the plan and the forecast are about you",
    );
    // 206 cards asked (139 port cards and 67 exam-style cards of core ports) over the 6 days before the exam.
    assert_eq!(window.session().counts(window.now()).new, 35);
    let saved =
        portcards::store::parse_progress(&std::fs::read(window.folder().join("progress.json")).unwrap()).unwrap();
    assert_eq!(saved.settings.exam_date, Some("2026-12-04".parse().unwrap()));
    window.press(Key::F3);
    window.get_by_label("Predicted recall up to the exam");
    window.get_by_label("If nothing more were studied: core 0 %, all 0 % on exam day (days from today on the axis)");
}

#[test]
fn a_bad_exam_date_is_explained() {
    let mut window = plan().open();
    enter_exam_date(&mut window, "next friday");
    window.get_by_label("\"next friday\" is not a date like 2026-12-15.");
    assert_eq!(window.session().progress().settings.exam_date, None);
}

#[test]
fn ctrl_z_takes_the_last_answer_back_also_on_disk() {
    let mut window = plan().open();
    window.ask("20:port-to-service");
    window.type_answer("ftp");
    window.press(Key::Num3);
    assert_eq!(window.session().progress().log.len(), 1);
    window.ctrl(Key::Z);
    assert!(window.session().progress().log.is_empty());
    window.get_by_label("Port 20 — FTP-transfer");
    let saved = Store::at(window.folder()).load(chrono::Utc::now()).progress;
    assert!(saved.log.is_empty() && saved.cards.is_empty(), "the saved file is restored too");
    window.press(Key::Num4);
    assert_eq!(window.session().progress().log[0].grade, portcards::progress::Grade::Easy);
}

#[test]
fn a_leech_is_shown_with_a_memory_hint() {
    let mut window = plan().open();
    let ask_echo_now = |window: &mut Window| {
        window.press(Key::F2);
        window.get_all_by_label("Ask now").next().unwrap().click();
        window.run();
        window.get_by_label("Which service uses port 7?");
    };
    for _ in 0..8 {
        ask_echo_now(&mut window);
        window.type_answer("wrong");
        window.press(Key::Num1);
        window.advance(Duration::minutes(2));
    }
    ask_echo_now(&mut window);
    window.get_by_label_contains("Leech: missed 8 times. Memory hint: Echo Protocol: Server echo the host input.");
}

/// A saved log of `days` study days of `per_day` right answers to new cards (30 s each),
/// from `first_day`, with the exam on `exam`.
fn saved_study(first_day: &str, days: i64, per_day: usize, exam: &str) -> Progress {
    use portcards::progress::Grade;
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
    progress
}

#[test]
fn the_forecast_says_on_track_or_behind_from_the_saved_log() {
    // Every card met over two days at 120 answers a day, a month to the exam.
    let window = plan().progress(saved_study("2026-11-24T10:00:00+00:00", 3, 120, "2026-12-27")).open();
    window.get_by_label_contains("Keep this pace and you are on track: about 95 % of core ports on exam day.");
    // Four cards a day for three days, ten days to the exam: behind, and told what would do.
    let window = plan().progress(saved_study("2026-11-24T10:00:00+00:00", 3, 4, "2026-12-07")).open();
    // One change that fixes it, above the minutes it says the learner studies now.
    let plan = window.session().today_plan(window.now());
    let portcards::session::Standing::Behind { core, minutes_now, minutes_needed } = plan.standing else {
        panic!("behind: {plan:?}")
    };
    assert!(minutes_needed > minutes_now, "{plan:?}");
    window.get_by_label_contains(&format!(
        "Behind: about {:.0} % of core ports on exam day at {minutes_now} minutes a day; {minutes_needed} minutes a day \
         would reach 90 %.",
        core * 100.0
    ));
    assert!(window.query_by_label_contains("cards fit before the exam").is_none(), "no second, contradicting line");
}

//! A whole drill (with a hand-set clock) and a whole self-test, through the window.

use crate::support::{clock_at, open_app};
use chrono::Duration;
use egui_kittest::kittest::Queryable;
use portcards::app::egui;
use portcards::app::{PortcardsApp, Screen};
use portcards::clock::Clock;
use portcards::store::Store;

const SIZE: [f32; 2] = [1000.0, 800.0];

/// The right option for the drill question on screen, and its key.
fn right_choice(harness: &egui_kittest::Harness<'static, PortcardsApp>) -> usize {
    let app = harness.state();
    let drill = app.desk().drill().expect("a drill is running");
    let answer = &app.desk().session().deck().cards[drill.current].answer;
    drill.choices.iter().position(|choice| choice == answer).expect("the answer is offered")
}

#[test]
fn a_whole_timed_drill_scores_streaks_and_keeps_the_best() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, SIZE);
    harness.key_press(egui::Key::F4);
    harness.run();
    assert_eq!(harness.state().screen(), Screen::Drill);
    harness.get_by_label("No drill of this kind yet (60 s, core ports, multiple choice).");
    harness.get_by_label("Start drill  [Enter]").click();
    harness.run();
    harness.get_by_label("60 s");
    let keys = [egui::Key::Num1, egui::Key::Num2, egui::Key::Num3, egui::Key::Num4];
    for round in 0..6 {
        let right = right_choice(&harness);
        let key = if round == 2 { keys[(right + 1) % 4] } else { keys[right] };
        clock.advance(Duration::seconds(4));
        harness.key_press(key);
        harness.run();
    }
    harness.get_by_label("Score 5   ·   Streak 3");
    clock.advance(Duration::seconds(40));
    harness.run();
    harness.get_by_label("5 of 6 right");
    harness.get_by_label("Accuracy 83 %   ·   best streak 3");
    harness.get_by_label("Drill the misses again M");
    let history = harness.state().desk().drill_history();
    assert_eq!((history.len(), history[0].right, history[0].asked), (1, 5, 6));
    assert_eq!(Store::at(dir.path()).load_drills(clock.now().to_utc()).len(), 1, "saved to drills.json");
    assert!(Store::at(dir.path()).load(clock.now().to_utc()).progress.log.is_empty(), "a drill is not a review");

    harness.get_by_label("Drill the misses again M").click();
    harness.run();
    harness.get_by_label("60 s");
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press(egui::Key::N);
    harness.run();
    harness.get_by_label("Best for 60 s, core ports, multiple choice: 5 of 6 (83 %)");
}

#[test]
fn a_whole_self_test_reports_and_sends_the_misses_to_study() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, SIZE);
    harness.key_press(egui::Key::F5);
    harness.run();
    let count = harness.get_by_label("Questions");
    count.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Questions").type_text("4");
    // Enter takes the number only; a second Enter starts.
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(harness.state().desk().self_test().is_none(), "Enter in the field only commits the number");
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("Question 1 of 4");
    for index in 0..4 {
        let app = harness.state();
        let test = app.desk().self_test().unwrap();
        let card = test.questions[index];
        let answer =
            if index % 2 == 0 { app.desk().session().deck().cards[card].answer.clone() } else { "no idea".into() };
        let field = harness.get_by_label("Your answer");
        field.focus();
        field.type_text(&answer);
        harness.run();
        harness.key_press(egui::Key::Enter);
        harness.run();
        assert!(harness.query_by_label("Correct").is_none(), "no feedback before the end");
    }
    harness.get_by_label_contains("Score 2 of 4 (50 %)");
    let file = dir.path().join("report");
    harness.get_by_label("Export CSV... Ctrl+E").click();
    harness.run();
    crate::support::choose_file(&mut harness, &file);
    let csv = std::fs::read_to_string(file.with_extension("csv")).expect("the extension is added to a bare name");
    assert_eq!(csv.lines().count(), 5);
    assert!(csv.contains(",no idea,"));
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::E);
    harness.run();
    crate::support::choose_file(&mut harness, &file);
    assert!(std::fs::read_to_string(file.with_extension("md")).unwrap().contains("Score: 2 of 4"));

    let missed = harness.state().desk().self_test().unwrap().questions[1];
    harness.get_by_label("Review these now R").click();
    harness.run();
    assert_eq!(harness.state().screen(), Screen::Study);
    let prompt = harness.state().desk().session().deck().cards[missed].prompt.clone();
    harness.get_by_label(&prompt);
}

#[test]
fn presenter_mode_is_keyboard_only_space_shows_the_answer_then_moves_on() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, SIZE);
    harness.key_press(egui::Key::F4);
    harness.run();
    harness.key_press(egui::Key::P);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(harness.query_by_label("Study").is_none(), "presenting hides the tabs");
    let first = harness.state().desk().drill().unwrap().current;
    let answer = harness.state().desk().session().deck().cards[first].answer.clone();
    assert!(harness.query_by_label(&answer).is_none());
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label(&answer);
    harness.key_press(egui::Key::Space);
    harness.run();
    let drill = harness.state().desk().drill().unwrap();
    assert_ne!(drill.current, first);
    assert!(drill.asked.is_empty(), "shown, not scored");
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("0 of 0 right");
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("Start drill  [Enter]");
}

//! A whole drill (with a hand-set clock) and a whole self-test, through the window.

use chrono::Duration;
use egui_kittest::kittest::Queryable;
use portcards::app::Screen;
use portcards::app::egui::Key;
use portcards::store::Store;

use crate::support::Window;

fn open() -> Window {
    Window::new().size(1000.0, 800.0).open()
}

/// The right option for the drill question on screen, and its key.
fn right_choice(window: &Window) -> usize {
    let drill = window.desk().drill().expect("a drill is running");
    let answer = &window.session().deck().cards[drill.current].answer;
    drill.choices.iter().position(|choice| choice == answer).expect("the answer is offered")
}

#[test]
fn a_whole_timed_drill_scores_streaks_and_keeps_the_best() {
    let mut window = open();
    window.press(Key::F4);
    assert_eq!(window.state().screen(), Screen::Drill);
    window.get_by_label("No drill of this kind yet (60 s, core ports, multiple choice).");
    window.click("Start drill  [Enter]");
    window.get_by_label("60 s");
    let keys = [Key::Num1, Key::Num2, Key::Num3, Key::Num4];
    for round in 0..6 {
        let right = right_choice(&window);
        let key = if round == 2 { keys[(right + 1) % 4] } else { keys[right] };
        window.advance(Duration::seconds(4));
        window.press(key);
    }
    window.get_by_label("Score 5   ·   Streak 3");
    window.advance(Duration::seconds(40));
    window.run();
    window.get_by_label("5 of 6 right");
    window.get_by_label("Accuracy 83 %   ·   best streak 3");
    window.get_by_label("Drill the misses again M");
    let history = window.desk().drill_history();
    assert_eq!((history.len(), history[0].right, history[0].asked), (1, 5, 6));
    assert_eq!(Store::at(window.folder()).load_drills(window.now().to_utc()).len(), 1, "saved to drills.json");
    assert!(Store::at(window.folder()).load(window.now().to_utc()).progress.log.is_empty(), "a drill is not a review");

    window.click("Drill the misses again M");
    window.get_by_label("60 s");
    window.press(Key::Escape);
    window.press(Key::N);
    window.get_by_label("Best for 60 s, core ports, multiple choice: 5 of 6 (83 %)");
}

#[test]
fn a_whole_self_test_reports_and_sends_the_misses_to_study() {
    let mut window = open();
    window.press(Key::F5);
    window.retype("Questions", "4");
    // Enter takes the number only; a second Enter starts.
    window.press(Key::Enter);
    assert!(window.desk().self_test().is_none(), "Enter in the field only commits the number");
    window.press(Key::Enter);
    window.get_by_label("Question 1 of 4");
    for index in 0..4 {
        let card = window.desk().self_test().unwrap().questions[index];
        let answer = if index % 2 == 0 { window.session().deck().cards[card].answer.clone() } else { "no idea".into() };
        window.type_answer(&answer);
        assert!(window.query_by_label("Correct").is_none(), "no feedback before the end");
    }
    window.get_by_label_contains("Score 2 of 4 (50 %)");
    let file = window.folder().join("report");
    window.click("Export CSV... Ctrl+E");
    window.choose_file(&file);
    let csv = std::fs::read_to_string(file.with_extension("csv")).expect("the extension is added to a bare name");
    assert_eq!(csv.lines().count(), 5);
    assert!(csv.contains(",no idea,"));
    window.ctrl_shift(Key::E);
    window.choose_file(&file);
    assert!(std::fs::read_to_string(file.with_extension("md")).unwrap().contains("Score: 2 of 4"));

    let missed = window.desk().self_test().unwrap().questions[1];
    window.click("Review these now R");
    assert_eq!(window.state().screen(), Screen::Study);
    let prompt = window.session().deck().cards[missed].prompt.clone();
    window.get_by_label(&prompt);
}

#[test]
fn presenter_mode_is_keyboard_only_space_shows_the_answer_then_moves_on() {
    let mut window = open();
    window.press(Key::F4);
    window.press(Key::P);
    window.press(Key::Enter);
    assert!(window.query_by_label("Study").is_none(), "presenting hides the tabs");
    let first = window.desk().drill().unwrap().current;
    let answer = window.session().deck().cards[first].answer.clone();
    assert!(window.query_by_label(&answer).is_none());
    window.press(Key::Space);
    window.get_by_label(&answer);
    window.press(Key::Space);
    let drill = window.desk().drill().unwrap();
    assert_ne!(drill.current, first);
    assert!(drill.asked.is_empty(), "shown, not scored");
    window.press(Key::Escape);
    window.get_by_label("0 of 0 right");
    window.press(Key::Enter);
    window.get_by_label("Start drill  [Enter]");
}

//! The real app, driven headlessly through egui_kittest: type, press Enter, grade,
//! quit, start again from what was saved.

use chrono::Duration;
use egui_kittest::kittest::Queryable;
use portcards::app::SaveStatus;
use portcards::app::egui::Key;
use portcards::deck::{Card, Direction};
use portcards::session::Showing;

use crate::support::{Window, WindowSetup};

/// The Study screen at 960x680, on a clock an hour east of UTC.
fn study() -> WindowSetup {
    Window::new().at("2026-11-27T10:00:00+01:00").size(960.0, 680.0)
}

/// Answers the day's ten new cards right, grading each with `grade_key`.
fn answer_the_days_new_cards(window: &mut Window, grade_key: Key) {
    for _ in 0..10 {
        let answer = current(window).answer;
        window.type_answer(&answer);
        window.press(grade_key);
    }
}

/// The card on screen.
fn current(window: &Window) -> Card {
    window.session().current_card().expect("a card on screen").clone()
}

/// An answer that is wrong for this card: another core port's service.
fn wrong_for(card: &Card) -> &'static str {
    if card.answer.eq_ignore_ascii_case("telnet") { "dns" } else { "telnet" }
}

#[test]
fn first_card_is_a_core_port_question() {
    let window = study().open();
    let card = current(&window);
    assert!(card.core);
    window.get_by_label(&card.prompt);
    // Either way round: new cards come both ways from the first day.
    window.get_by_label(&format!("{}   ·   CORE IN YOUR TABLE   ·   new", card.direction.label()));
    window.get_by_label("New 10");
    // The deck's size, on the first screen.
    let (asked, met) = window.session().deck_size();
    assert!(asked > 200 && met == 0, "{asked} {met}");
    window.get_by_label(&format!("{asked} cards, 0 met"));
}

#[test]
fn typed_answer_enter_grade_next_card_and_saved() {
    let mut window = study().open();
    let card = current(&window);
    window.type_answer(&card.answer);
    window.get_by_label("Correct");
    window.get_by_label("3  Good\n10m");
    let row = window.session().deck().row_of(&card).clone();
    window.get_by_label(&format!("Port {} — {}", row.ports, row.service));
    window.advance(Duration::seconds(5));
    window.press(Key::Enter);
    let next = current(&window);
    assert_ne!(next.row, card.row, "another row comes next");
    window.get_by_label(&next.prompt);
    assert_eq!(window.desk().save_status(), &SaveStatus::Saved);
    let saved =
        portcards::store::parse_progress(&std::fs::read(window.folder().join("progress.json")).unwrap()).unwrap();
    assert!(saved.cards.contains_key(&card.id));
    assert_eq!((&saved.log[0].card, saved.log[0].answer.as_str()), (&card.id, card.answer.as_str()));
}

#[test]
fn wrong_answer_shows_the_right_one_and_suggests_again() {
    let mut window = study().open();
    let wrong = wrong_for(&current(&window));
    window.type_answer(wrong);
    window.get_by_label("Not quite");
    window.get_by_label(&format!("You typed: {wrong}"));
    window.press(Key::Enter);
    let log = &window.session().progress().log;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].grade, portcards::progress::Grade::Again);
}

#[test]
fn grade_buttons_show_intervals_and_keys_pick_grades() {
    let mut window = study().open();
    let answer = current(&window).answer;
    window.type_answer(&answer);
    window.get_by_label("1  Again\n1m");
    window.get_by_label("3  Good\n10m");
    window.press(Key::Num4);
    let log = &window.session().progress().log;
    assert_eq!(log[0].grade, portcards::progress::Grade::Easy);
}

#[test]
fn clicking_a_grade_button_grades() {
    let mut window = study().open();
    let answer = current(&window).answer;
    window.type_answer(&answer);
    window.click("2  Hard\n6m");
    assert_eq!(window.session().progress().log[0].grade, portcards::progress::Grade::Hard);
}

#[test]
fn restart_carries_on_where_it_stopped() {
    let mut window = study().open();
    let first = current(&window);
    window.type_answer(&first.answer);
    window.press(Key::Num4);
    window.ctrl(Key::Q);
    assert!(window.state().quit_requested());
    window.advance(Duration::minutes(1));
    let window = window.reopen();
    let session = window.session();
    assert_eq!(session.progress().log.len(), 1);
    let Showing::Question { card, .. } = session.showing() else { panic!("no question") };
    assert_ne!(session.card(*card).id, first.id, "the easy card is not due again");
    window.get_by_label(&session.card(*card).prompt);
    window.get_by_label("New 9");
}

#[test]
fn corrupt_progress_is_kept_and_announced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("progress.json"), "{ not json").unwrap();
    let window = study().in_folder(dir.path()).open();
    window.get_by_label_contains("could not be read");
    window.get_by_label("Dismiss Ctrl+D");
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("progress.json.corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1);
}

#[test]
fn done_screen_says_when_next_card_is_due_and_practise_ahead_works() {
    let mut window = study().open();
    // Easy: each goes straight to a review days away.
    answer_the_days_new_cards(&mut window, Key::Num4);
    window.get_by_label("Done for today");
    window.get_by_label_contains("The next card is due");
    window.press(Key::A);
    window.get_by_label_contains("·   practicing ahead");
    window.get_by_label("Your answer");
    window.press(Key::Escape);
    window.get_by_label("Done for today");
}

#[test]
fn cards_on_a_learning_step_are_offered_on_the_done_screen_not_shown_early() {
    let mut window = study().open();
    // Good: each comes back after its ten-minute step.
    answer_the_days_new_cards(&mut window, Key::Num3);
    window.get_by_label("Nothing due right now");
    window.get_by_label("10 cards come back within 20 minutes: practice them now?");
    window.get_by_label_contains("The next card is due in 10 minutes");
    window.press(Key::A);
    window.get_by_label("Your answer");
    assert_eq!(window.session().counts(window.now()).learning, 10);
}

#[test]
fn a_teachers_table_with_a_bad_row_loads_the_rest_and_says_which_line() {
    let table = "| Port | Service |\n|---|---|\n| **3389** | RDP |\n| 99999 | Nope |\n";
    let mut window = study().table(table).open();
    window.get_by_label_contains("line 4: port \"99999\"");
    let card = current(&window);
    assert_eq!(window.session().deck().row_of(&card).ports.to_string(), "3389");
    window.get_by_label(&card.prompt);
    window.ctrl(Key::D);
    assert!(window.query_by_label_contains("line 4").is_none());
    assert!(window.desk().notices().is_empty());
}

#[test]
fn a_partly_right_range_suggests_hard_and_names_what_is_missing() {
    let table = "| Port | Service |\n|---|---|\n| **137-139** | NetBIOS |\n";
    let mut window = study().table(table).open();
    if current(&window).direction == Direction::PortToService {
        window.type_answer("netbios");
        window.press(Key::Num4);
        // The other direction of the row waits for the next day.
        window.get_by_label("Done for today");
        window.advance(Duration::days(1));
        window.run();
    }
    window.get_by_label("Which ports does NetBIOS use?");
    window.type_answer("137");
    window.get_by_label("Partly right");
    window.get_by_label_contains("missing 138, 139");
    window.press(Key::Enter);
    let last = window.session().progress().log.last().map(|review| review.grade);
    assert_eq!(last, Some(portcards::progress::Grade::Hard));
}

#[test]
fn quitting_between_checking_and_grading_keeps_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let first = {
        let mut window = study().in_folder(dir.path()).open();
        let first = current(&window);
        window.type_answer(wrong_for(&first));
        window.get_by_label("Not quite");
        window.ctrl(Key::Q);
        assert!(window.state().quit_requested());
        first
    };
    let saved = portcards::store::parse_progress(&std::fs::read(dir.path().join("progress.json")).unwrap()).unwrap();
    assert_eq!(saved.log.len(), 1, "the checked answer is on disk");
    assert_eq!((&saved.log[0].card, saved.log[0].grade), (&first.id, portcards::progress::Grade::Again));
}

#[test]
fn ctrl_z_before_grading_takes_back_the_check_not_the_previous_card() {
    let mut window = study().open();
    let first = current(&window);
    window.type_answer(&first.answer);
    window.press(Key::Num3);
    let second = current(&window);
    window.type_answer(wrong_for(&second));
    window.get_by_label("Not quite");
    window.ctrl(Key::Z);
    // The second card's question again, ready to type; the first card's grade stands.
    assert_eq!(current(&window).id, second.id);
    window.get_by_label(&second.prompt);
    window.get_by_label("Your answer");
    assert_eq!(window.session().progress().log.len(), 1);
}

#[test]
fn ctrl_h_opens_the_keys_from_the_answer_field_while_typing() {
    let mut window = study().open();
    window.type_into("Your answer", "ss");
    window.ctrl(Key::H);
    assert!(window.state().key_help_shown());
    window.get_by_label("this list, from every screen (Ctrl+H also while typing; Esc closes it)");
    window.press(Key::Escape);
    assert!(!window.state().key_help_shown());
}

//! The real app, driven headlessly through egui_kittest: type, press Enter, grade,
//! quit, start again from what was saved.

use crate::support::{clock_at, open_app, open_app_with_table, type_and_enter};
use portcards::app::egui;

const SIZE: [f32; 2] = [960.0, 680.0];

fn clock() -> portcards::clock::ManualClock {
    clock_at("2026-11-27T10:00:00+01:00")
}

use chrono::Duration;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portcards::app::PortcardsApp;
use portcards::app::SaveStatus;
use portcards::deck::Card;
use portcards::session::Showing;

/// Answers the day's ten new cards right, grading each with `grade_key`.
fn answer_the_days_new_cards(harness: &mut Harness<'static, PortcardsApp>, grade_key: egui::Key) {
    for _ in 0..10 {
        let answer = current(harness).answer;
        type_and_enter(harness, &answer);
        harness.key_press(grade_key);
        harness.run();
    }
}

/// The card on screen.
fn current(harness: &Harness<'static, PortcardsApp>) -> Card {
    harness.state().desk().session().current_card().expect("a card on screen").clone()
}

/// An answer that is wrong for this card: another core port's service.
fn wrong_for(card: &Card) -> &'static str {
    if card.answer.eq_ignore_ascii_case("telnet") { "dns" } else { "telnet" }
}

#[test]
fn first_card_is_a_core_port_question() {
    let dir = tempfile::tempdir().unwrap();
    let harness = open_app(dir.path(), &clock(), SIZE);
    let card = current(&harness);
    assert!(card.core);
    harness.get_by_label(&card.prompt);
    harness.get_by_label("Port to service   ·   CORE PORT   ·   new");
    harness.get_by_label("New 10");
    // The deck's size, on the first screen.
    let (asked, met) = harness.state().desk().session().deck_size();
    assert!(asked > 200 && met == 0, "{asked} {met}");
    harness.get_by_label(&format!("{asked} cards, 0 met"));
}

#[test]
fn typed_answer_enter_grade_next_card_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut harness = open_app(dir.path(), &clock, SIZE);
    let card = current(&harness);
    type_and_enter(&mut harness, &card.answer);
    harness.get_by_label("Correct");
    harness.get_by_label("3  Good\n10m");
    let row = harness.state().desk().session().deck().row_of(&card).clone();
    harness.get_by_label(&format!("Port {} — {}", row.ports, row.service));
    clock.advance(Duration::seconds(5));
    harness.key_press(egui::Key::Enter);
    harness.run();
    let next = current(&harness);
    assert_ne!(next.row, card.row, "another row comes next");
    harness.get_by_label(&next.prompt);
    assert_eq!(harness.state().desk().save_status(), &SaveStatus::Saved);
    let saved = portcards::store::parse_progress(&std::fs::read(dir.path().join("progress.json")).unwrap()).unwrap();
    assert!(saved.cards.contains_key(&card.id));
    assert_eq!((&saved.log[0].card, saved.log[0].answer.as_str()), (&card.id, card.answer.as_str()));
}

#[test]
fn wrong_answer_shows_the_right_one_and_suggests_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock(), SIZE);
    let wrong = wrong_for(&current(&harness));
    type_and_enter(&mut harness, wrong);
    harness.get_by_label("Not quite");
    harness.get_by_label(&format!("You typed: {wrong}"));
    harness.key_press(egui::Key::Enter);
    harness.run();
    let log = &harness.state().desk().session().progress().log;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].grade, portcards::progress::Grade::Again);
}

#[test]
fn grade_buttons_show_intervals_and_keys_pick_grades() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock(), SIZE);
    let answer = current(&harness).answer;
    type_and_enter(&mut harness, &answer);
    harness.get_by_label("1  Again\n1m");
    harness.get_by_label("3  Good\n10m");
    harness.key_press(egui::Key::Num4);
    harness.run();
    let log = &harness.state().desk().session().progress().log;
    assert_eq!(log[0].grade, portcards::progress::Grade::Easy);
}

#[test]
fn clicking_a_grade_button_grades() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock(), SIZE);
    let answer = current(&harness).answer;
    type_and_enter(&mut harness, &answer);
    harness.get_by_label("2  Hard\n6m").click();
    harness.run();
    assert_eq!(harness.state().desk().session().progress().log[0].grade, portcards::progress::Grade::Hard);
}

#[test]
fn restart_carries_on_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let first = {
        let mut harness = open_app(dir.path(), &clock, SIZE);
        let first = current(&harness);
        type_and_enter(&mut harness, &first.answer);
        harness.key_press(egui::Key::Num4);
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
        harness.run();
        assert!(harness.state().quit_requested());
        first
    };
    clock.advance(Duration::minutes(1));
    let harness = open_app(dir.path(), &clock, SIZE);
    let session = harness.state().desk().session();
    assert_eq!(session.progress().log.len(), 1);
    let Showing::Question { card, .. } = session.showing() else { panic!("no question") };
    assert_ne!(session.card(*card).id, first.id, "the easy card is not due again");
    harness.get_by_label(&session.card(*card).prompt);
    harness.get_by_label("New 9");
}

#[test]
fn corrupt_progress_is_kept_and_announced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("progress.json"), "{ not json").unwrap();
    let harness = open_app(dir.path(), &clock(), SIZE);
    harness.get_by_label_contains("could not be read");
    harness.get_by_label("Dismiss Ctrl+D");
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("progress.json.corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1);
}

#[test]
fn done_screen_says_when_next_card_is_due_and_practise_ahead_works() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut harness = open_app(dir.path(), &clock, SIZE);
    // Easy: each goes straight to a review days away.
    answer_the_days_new_cards(&mut harness, egui::Key::Num4);
    harness.get_by_label("Done for today");
    harness.get_by_label_contains("The next card is due");
    harness.key_press(egui::Key::A);
    harness.run();
    harness.get_by_label_contains("·   practicing ahead");
    harness.get_by_label("Your answer");
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("Done for today");
}

#[test]
fn cards_on_a_learning_step_are_offered_on_the_done_screen_not_shown_early() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut harness = open_app(dir.path(), &clock, SIZE);
    // Good: each comes back after its ten-minute step.
    answer_the_days_new_cards(&mut harness, egui::Key::Num3);
    harness.get_by_label("Nothing due right now");
    harness.get_by_label("10 cards come back within 20 minutes: practice them now?");
    harness.get_by_label_contains("The next card is due in 10 minutes");
    harness.key_press(egui::Key::A);
    harness.run();
    harness.get_by_label("Your answer");
    assert_eq!(harness.state().desk().session().counts(portcards::clock::Clock::now(&clock)).learning, 10);
}

#[test]
fn a_teachers_table_with_a_bad_row_loads_the_rest_and_says_which_line() {
    let dir = tempfile::tempdir().unwrap();
    let table = "| Port | Service |\n|---|---|\n| **3389** | RDP |\n| 99999 | Nope |\n";
    let mut harness = open_app_with_table(dir.path(), &clock(), SIZE, table);
    harness.get_by_label_contains("line 4: port \"99999\"");
    harness.get_by_label("Which service uses port 3389?");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    harness.run();
    assert!(harness.query_by_label_contains("line 4").is_none());
    assert!(harness.state().desk().notices().is_empty());
}

#[test]
fn a_partly_right_range_suggests_hard_and_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let table = "| Port | Service |\n|---|---|\n| **137-139** | NetBIOS |\n";
    let clock = clock();
    let mut harness = open_app_with_table(dir.path(), &clock, SIZE, table);
    type_and_enter(&mut harness, "netbios");
    harness.key_press(egui::Key::Num4);
    harness.run();
    // The other direction of the row waits for the next day.
    harness.get_by_label("Done for today");
    clock.advance(Duration::days(1));
    harness.run();
    harness.get_by_label("Which ports does NetBIOS use?");
    type_and_enter(&mut harness, "137");
    harness.get_by_label("Partly right");
    harness.get_by_label_contains("missing 138, 139");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().desk().session().progress().log[1].grade, portcards::progress::Grade::Hard);
}

#[test]
fn quitting_between_checking_and_grading_keeps_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let first = {
        let mut harness = open_app(dir.path(), &clock, SIZE);
        let first = current(&harness);
        type_and_enter(&mut harness, wrong_for(&first));
        harness.get_by_label("Not quite");
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
        harness.run();
        assert!(harness.state().quit_requested());
        first
    };
    let saved = portcards::store::parse_progress(&std::fs::read(dir.path().join("progress.json")).unwrap()).unwrap();
    assert_eq!(saved.log.len(), 1, "the checked answer is on disk");
    assert_eq!((&saved.log[0].card, saved.log[0].grade), (&first.id, portcards::progress::Grade::Again));
}

#[test]
fn ctrl_z_before_grading_takes_back_the_check_not_the_previous_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock(), SIZE);
    let first = current(&harness);
    type_and_enter(&mut harness, &first.answer);
    harness.key_press(egui::Key::Num3);
    harness.run();
    let second = current(&harness);
    type_and_enter(&mut harness, wrong_for(&second));
    harness.get_by_label("Not quite");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    // The second card's question again, ready to type; the first card's grade stands.
    assert_eq!(current(&harness).id, second.id);
    harness.get_by_label(&second.prompt);
    harness.get_by_label("Your answer");
    assert_eq!(harness.state().desk().session().progress().log.len(), 1);
}

#[test]
fn ctrl_h_opens_the_keys_from_the_answer_field_while_typing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock(), SIZE);
    let field = harness.get_by_label("Your answer");
    field.focus();
    field.type_text("ss");
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::H);
    harness.run();
    assert!(harness.state().key_help_shown());
    harness.get_by_label("this list, from every screen (Ctrl+H also while typing; Esc closes it)");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!harness.state().key_help_shown());
}

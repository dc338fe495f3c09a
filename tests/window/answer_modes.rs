//! The three ways of answering, the "I was right" override and exam extras, driven
//! through the real window with egui_kittest.

use egui_kittest::kittest::{NodeT, Queryable};
use portcards::app::egui::Key;
use portcards::matcher::Judgement;
use portcards::progress::{AnswerMode, Grade};
use portcards::session::Showing;

use crate::support::{Window, WindowSetup};

/// On a clock an hour east of UTC.
fn east_of_utc() -> WindowSetup {
    Window::new().at("2026-11-27T10:00:00+01:00")
}

fn pick_mode(window: &mut Window, mode: &str) {
    window.click("Answer mode");
    window.click(mode);
}

fn choices(window: &Window) -> Vec<String> {
    match window.session().showing() {
        Showing::Question { choices, .. } => choices.clone(),
        other => panic!("no question showing: {other:?}"),
    }
}

#[test]
fn multiple_choice_shows_four_options_and_a_right_pick_schedules_as_good_at_most() {
    let mut window = east_of_utc().open();
    window.ask("20:port-to-service");
    pick_mode(&mut window, "Multiple choice");
    assert_eq!(window.session().answer_mode(), AnswerMode::MultipleChoice);
    let options = choices(&window);
    assert_eq!(options.len(), 4);
    for (index, option) in options.iter().enumerate() {
        window.get_by_label(&format!("{}   {option}", index + 1));
    }
    let right = options.iter().position(|option| option == "FTP-transfer").expect("the answer is offered");
    let key = [Key::Num1, Key::Num2, Key::Num3, Key::Num4][right];
    window.press(key);
    window.get_by_label("Correct");
    window.get_by_label("You picked: FTP-transfer");
    window.press(Key::Num4);
    let review = &window.session().progress().log[0];
    assert_eq!(review.grade, Grade::Good, "Easy is capped to Good for a multiple-choice pick");
    assert_eq!(review.mode, AnswerMode::MultipleChoice);
}

#[test]
fn a_wrong_pick_is_wrong_and_suggests_again() {
    let mut window = east_of_utc().open();
    window.ask("20:port-to-service");
    pick_mode(&mut window, "Multiple choice");
    let options = choices(&window);
    let wrong = options.iter().position(|option| option != "FTP-transfer").unwrap();
    window.click(&format!("{}   {}", wrong + 1, options[wrong]));
    window.get_by_label("Not quite");
    window.press(Key::Enter);
    assert_eq!(window.session().progress().log[0].grade, Grade::Again);
}

#[test]
fn flip_mode_space_shows_the_answer_and_the_learner_grades() {
    let mut window = east_of_utc().open();
    window.ask("20:port-to-service");
    pick_mode(&mut window, "Flip and grade");
    window.get_by_label("Show answer");
    window.press(Key::Space);
    window.get_by_label("How did you do?");
    window.get_by_label("Port 20 — FTP-transfer");
    window.press(Key::Num2);
    let review = &window.session().progress().log[0];
    assert_eq!((review.grade, review.verdict, review.mode), (Grade::Hard, Judgement::SelfGraded, AnswerMode::Flip));
}

#[test]
fn the_answer_mode_is_saved_and_comes_back() {
    let mut window = east_of_utc().open();
    pick_mode(&mut window, "Flip and grade");
    let window = window.reopen();
    assert_eq!(window.session().answer_mode(), AnswerMode::Flip);
    window.get_by_label("Show answer");
}

#[test]
fn i_was_right_regrades_a_wrong_answer_and_is_kept_in_the_log() {
    let mut window = east_of_utc().open();
    window.ask("20:port-to-service");
    window.type_answer("file mover");
    window.get_by_label("Not quite");
    window.click("I was right (R)");
    window.get_by_label("Correct");
    window.get_by_label("You marked this answer as right.");
    window.press(Key::Enter);
    let review = &window.session().progress().log[0];
    assert!(review.overridden);
    assert_eq!((review.grade, review.verdict), (Grade::Good, Judgement::Correct));
    let saved =
        portcards::store::parse_progress(&std::fs::read(window.folder().join("progress.json")).unwrap()).unwrap();
    assert!(saved.log[0].overridden);
}

#[test]
fn a_typo_is_accepted_with_a_note_and_facts_are_shown() {
    let mut window = east_of_utc().open();
    window.ask("20:port-to-service");
    window.type_answer("ftp tranfser");
    window.get_by_label("Correct");
    window.get_by_label("Accepted: \"ftp tranfser\" is a typo of FTP-transfer.");
    window.get_by_label("File Transfer Protocol (data transfer)");
    window.get_by_label("Transport: TCP");
    window.get_by_label("On the N10-009 objectives (1.4)");
}

#[test]
fn choosing_network_plus_adds_the_ports_the_table_lacks() {
    let mut window = east_of_utc().open();
    let before = window.session().deck().cards.len();
    let picker = window.get_by_label("Studying for");
    assert_eq!(picker.accesskit_node().value().as_deref(), Some("Choose your exam..."), "the choice is offered");
    window.get_by_label("Welcome! What are you studying for?");
    window.get_by_label("Your exam date, if you know it (YYYY-MM-DD)");
    window.click("Network+ N10-009");
    assert!(window.query_by_label("Welcome! What are you studying for?").is_none(), "asked once");
    let picker = window.get_by_label("Studying for");
    assert_eq!(picker.accesskit_node().value().as_deref(), Some("Network+ N10-009"));
    let session = window.session();
    assert_eq!(session.progress().settings.study_for, Some(portcards::coverage::StudyFor::NetworkPlus));
    assert!(session.deck().cards.len() > before);
    for ports in ["3389", "3306", "1701", "8080"] {
        assert!(session.deck().rows.iter().any(|row| row.ports.to_string() == ports), "{ports}");
    }
    assert!(session.deck().rows.iter().all(|row| row.ports.to_string() != "989-990"), "not on the N10-009 list");
    let saved = portcards::store::Store::at(window.folder()).load(chrono::Utc::now()).progress;
    assert_eq!(saved.settings.study_for, Some(portcards::coverage::StudyFor::NetworkPlus), "saved");
}

#[test]
fn ctrl_m_cycles_through_the_answer_modes() {
    let mut window = east_of_utc().open();
    let mut seen = Vec::new();
    for _ in 0..3 {
        window.ctrl(Key::M);
        seen.push(window.session().answer_mode());
    }
    assert_eq!(seen, [AnswerMode::MultipleChoice, AnswerMode::Flip, AnswerMode::Typed]);
}

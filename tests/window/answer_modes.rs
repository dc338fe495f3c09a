//! The three ways of answering, the "I was right" override and exam extras, driven
//! through the real window with egui_kittest.

use crate::support::{ask, clock_at, open_app};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use portcards::app::PortcardsApp;
use portcards::app::egui;
use portcards::matcher::Judgement;
use portcards::progress::{AnswerMode, Grade};
use portcards::session::Showing;

fn pick_mode(harness: &mut Harness<'static, PortcardsApp>, mode: &str) {
    harness.get_by_label("Answer mode").click();
    harness.run();
    harness.get_by_label(mode).click();
    harness.run();
}

fn choices(harness: &Harness<'static, PortcardsApp>) -> Vec<String> {
    match harness.state().desk().session().showing() {
        Showing::Question { choices, .. } => choices.clone(),
        other => panic!("no question showing: {other:?}"),
    }
}

#[test]
fn multiple_choice_shows_four_options_and_a_right_pick_schedules_as_good_at_most() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock_at("2026-11-27T10:00:00+01:00"), [960.0, 720.0]);
    ask(&mut harness, "20:port-to-service");
    pick_mode(&mut harness, "Multiple choice");
    assert_eq!(harness.state().desk().session().answer_mode(), AnswerMode::MultipleChoice);
    let options = choices(&harness);
    assert_eq!(options.len(), 4);
    for (index, option) in options.iter().enumerate() {
        harness.get_by_label(&format!("{}   {option}", index + 1));
    }
    let right = options.iter().position(|option| option == "FTP-transfer").expect("the answer is offered");
    let key = [egui::Key::Num1, egui::Key::Num2, egui::Key::Num3, egui::Key::Num4][right];
    harness.key_press(key);
    harness.run();
    harness.get_by_label("Correct");
    harness.get_by_label("You picked: FTP-transfer");
    harness.key_press(egui::Key::Num4);
    harness.run();
    let review = &harness.state().desk().session().progress().log[0];
    assert_eq!(review.grade, Grade::Good, "Easy is capped to Good for a multiple-choice pick");
    assert_eq!(review.mode, AnswerMode::MultipleChoice);
}

#[test]
fn a_wrong_pick_is_wrong_and_suggests_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock_at("2026-11-27T10:00:00+01:00"), [960.0, 720.0]);
    ask(&mut harness, "20:port-to-service");
    pick_mode(&mut harness, "Multiple choice");
    let options = choices(&harness);
    let wrong = options.iter().position(|option| option != "FTP-transfer").unwrap();
    harness.get_by_label(&format!("{}   {}", wrong + 1, options[wrong])).click();
    harness.run();
    harness.get_by_label("Not quite");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().desk().session().progress().log[0].grade, Grade::Again);
}

#[test]
fn flip_mode_space_shows_the_answer_and_the_learner_grades() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock_at("2026-11-27T10:00:00+01:00"), [960.0, 720.0]);
    ask(&mut harness, "20:port-to-service");
    pick_mode(&mut harness, "Flip and grade");
    harness.get_by_label("Show answer");
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label("How did you do?");
    harness.get_by_label("Port 20 — FTP-transfer");
    harness.key_press(egui::Key::Num2);
    harness.run();
    let review = &harness.state().desk().session().progress().log[0];
    assert_eq!((review.grade, review.verdict, review.mode), (Grade::Hard, Judgement::SelfGraded, AnswerMode::Flip));
}

#[test]
fn the_answer_mode_is_saved_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut harness = open_app(dir.path(), &clock_at("2026-11-27T10:00:00+01:00"), [960.0, 720.0]);
        pick_mode(&mut harness, "Flip and grade");
    }
    let harness = open_app(dir.path(), &clock_at("2026-11-27T10:00:00+01:00"), [960.0, 720.0]);
    assert_eq!(harness.state().desk().session().answer_mode(), AnswerMode::Flip);
    harness.get_by_label("Show answer");
}

#[test]
fn i_was_right_regrades_a_wrong_answer_and_is_kept_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock_at("2026-11-27T10:00:00+01:00"), [960.0, 720.0]);
    ask(&mut harness, "20:port-to-service");
    let field = harness.get_by_label("Your answer");
    field.focus();
    field.type_text("file mover");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("Not quite");
    harness.get_by_label("I was right (R)").click();
    harness.run();
    harness.get_by_label("Correct");
    harness.get_by_label("You marked this answer as right.");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let review = &harness.state().desk().session().progress().log[0];
    assert!(review.overridden);
    assert_eq!((review.grade, review.verdict), (Grade::Good, Judgement::Correct));
    let saved = portcards::store::parse_progress(&std::fs::read(dir.path().join("progress.json")).unwrap()).unwrap();
    assert!(saved.log[0].overridden);
}

#[test]
fn a_typo_is_accepted_with_a_note_and_facts_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock_at("2026-11-27T10:00:00+01:00"), [960.0, 720.0]);
    ask(&mut harness, "20:port-to-service");
    let field = harness.get_by_label("Your answer");
    field.focus();
    field.type_text("ftp tranfser");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("Correct");
    harness.get_by_label("Accepted: \"ftp tranfser\" is a typo of FTP-transfer.");
    harness.get_by_label("File Transfer Protocol (data transfer)");
    harness.get_by_label("Transport: TCP");
    harness.get_by_label("On the Network+ N10-009 port list");
}

#[test]
fn choosing_network_plus_adds_the_ports_the_table_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock_at("2026-11-27T10:00:00+01:00"), [960.0, 720.0]);
    let before = harness.state().desk().session().deck().cards.len();
    let picker = harness.get_by_label("Studying for");
    assert_eq!(picker.accesskit_node().value().as_deref(), Some("Choose your exam..."), "the choice is offered");
    harness.get_by_label("Welcome! What are you studying for?");
    harness.get_by_label("Your exam date, if you know it (YYYY-MM-DD)");
    harness.get_by_label("Network+ N10-009").click();
    harness.run();
    assert!(harness.query_by_label("Welcome! What are you studying for?").is_none(), "asked once");
    let picker = harness.get_by_label("Studying for");
    assert_eq!(picker.accesskit_node().value().as_deref(), Some("Network+ N10-009"));
    let session = harness.state().desk().session();
    assert_eq!(session.progress().settings.study_for, Some(portcards::coverage::StudyFor::NetworkPlus));
    assert!(session.deck().cards.len() > before);
    for ports in ["3389", "3306", "1701", "8080"] {
        assert!(session.deck().rows.iter().any(|row| row.ports.to_string() == ports), "{ports}");
    }
    assert!(session.deck().rows.iter().all(|row| row.ports.to_string() != "989-990"), "not on the N10-009 list");
    let saved = portcards::store::Store::at(dir.path()).load(chrono::Utc::now()).progress;
    assert_eq!(saved.settings.study_for, Some(portcards::coverage::StudyFor::NetworkPlus), "saved");
}

#[test]
fn ctrl_m_cycles_through_the_answer_modes() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock_at("2026-11-27T10:00:00+01:00"), [960.0, 720.0]);
    let mut seen = Vec::new();
    for _ in 0..3 {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::M);
        harness.run();
        seen.push(harness.state().desk().session().answer_mode());
    }
    assert_eq!(seen, [AnswerMode::MultipleChoice, AnswerMode::Flip, AnswerMode::Typed]);
}

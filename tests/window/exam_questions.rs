//! A learner answers a counterpart, a scenario and a family card of the exam-style
//! questions through the window. (The questions' data is checked in the core tests'
//! exam_questions.)

use crate::support::{clock_at, open_app, type_and_enter};
use egui_kittest::kittest::Queryable;
use portcards::app::egui;
use portcards::exam::Family;
use portcards::matcher::Judgement;
use portcards::progress::{Progress, Scope};
use portcards::store::Store;

/// Opens Browse, filters to one card by its question and studies it now.
fn study_card_with_prompt(harness: &mut egui_kittest::Harness<'static, portcards::app::PortcardsApp>, text: &str) {
    harness.key_press(egui::Key::F2);
    harness.run();
    let filter = harness.get_by_label("Filter");
    filter.focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Filter").type_text(text);
    harness.run();
    harness.get_by_label("1 cards");
    harness.get_by_label("Ask now").click();
    harness.run();
}

fn app_asking_every_kind(dir: &std::path::Path) -> egui_kittest::Harness<'static, portcards::app::PortcardsApp> {
    let mut progress = Progress::default();
    progress.settings.ask_scenarios = Scope::All;
    progress.settings.ask_counterparts = Scope::All;
    progress.settings.ask_families = Scope::All;
    Store::at(dir).save(&progress).unwrap();
    open_app(dir, &clock_at("2026-11-27T10:00:00+00:00"), [960.0, 720.0])
}

#[test]
fn a_learner_answers_a_counterpart_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_asking_every_kind(dir.path());
    study_card_with_prompt(&mut harness, "LDAP (port 389) is not secure");
    harness.get_by_label("LDAP (port 389) is not secure. What replaces it, and on which port?");
    type_and_enter(&mut harness, "ldaps 636");
    harness.get_by_label("Correct");
    harness.get_by_label("Answer: LDAPS, port 636");
    harness.get_by_label_contains("binds (user names and passwords)");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let review = harness.state().desk().session().progress().log.last().unwrap().clone();
    assert_eq!((review.card.as_str(), review.verdict), ("counterpart:ldap:secure", Judgement::Correct));
}

#[test]
fn a_learner_answers_a_scenario_card_partly() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_asking_every_kind(dir.path());
    study_card_with_prompt(&mut harness, "exchange routes between their autonomous systems");
    type_and_enter(&mut harness, "bgp");
    harness.get_by_label("Partly right");
    harness.get_by_label("Right protocol; it needs its port too: BGP (port 179).");
    harness.get_by_label("Answer: BGP, port 179");
    harness.get_by_label_contains("runs over TCP 179");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let review = harness.state().desk().session().progress().log.last().unwrap().clone();
    assert_eq!((review.card.as_str(), review.verdict), ("scenario:isp-routing", Judgement::Partial));
}

#[test]
fn a_learner_answers_a_family_card_and_sees_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_asking_every_kind(dir.path());
    study_card_with_prompt(&mut harness, "Name the 4 mail ports");
    harness.get_by_label("Name the 4 mail ports the exams ask about, in any order.");
    type_and_enter(&mut harness, "143 25 110");
    harness.get_by_label("Partly right");
    harness.get_by_label("Missing: 465 (SMTPS).");
    harness.get_by_label("Answer: 25, 110, 143, 465");
}

#[test]
fn studying_one_family_asks_only_its_cards() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock_at("2026-11-27T10:00:00+00:00"), [960.0, 720.0]);
    harness.key_press(egui::Key::F7);
    harness.run();
    harness.get_by_label("Study only this family").click();
    harness.run();
    harness.get_by_label("Mail").click();
    harness.run();
    assert_eq!(harness.state().desk().session().progress().settings.focus_family, Some(Family::Mail));
    harness.key_press(egui::Key::F1);
    harness.run();
    harness.get_by_label_contains("Mail ports only");
    for _ in 0..5 {
        let card = harness.state().desk().session().current_card().unwrap().clone();
        assert!(card.families.contains(&Family::Mail), "{} is not about mail", card.id);
        type_and_enter(&mut harness, &card.answer);
        harness.key_press(egui::Key::Num3);
        harness.run();
    }
}

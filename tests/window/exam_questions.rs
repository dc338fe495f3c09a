//! A learner answers a counterpart, a scenario and a family card of the exam-style
//! questions through the window. (The questions' data is checked in the core tests'
//! exam_questions.)

use egui_kittest::kittest::Queryable;
use portcards::app::egui::Key;
use portcards::exam::Family;
use portcards::matcher::Judgement;
use portcards::progress::{Progress, Scope};

use crate::support::Window;

/// Opens Browse, filters to one card by its question and studies it now.
fn study_card_with_prompt(window: &mut Window, text: &str) {
    window.press(Key::F2);
    window.retype("Filter", text);
    window.get_by_label("1 cards");
    window.click("Ask now");
}

fn app_asking_every_kind() -> Window {
    let mut progress = Progress::default();
    progress.settings.ask_scenarios = Scope::All;
    progress.settings.ask_counterparts = Scope::All;
    progress.settings.ask_families = Scope::All;
    Window::new().progress(progress).open()
}

#[test]
fn a_learner_answers_a_counterpart_card() {
    let mut window = app_asking_every_kind();
    study_card_with_prompt(&mut window, "LDAP (port 389) is not secure");
    window.get_by_label("LDAP (port 389) is not secure. What replaces it, and on which port?");
    window.type_answer("ldaps 636");
    window.get_by_label("Correct");
    window.get_by_label("Answer: LDAPS, port 636");
    window.get_by_label_contains("binds (user names and passwords)");
    window.press(Key::Enter);
    let review = window.session().progress().log.last().unwrap().clone();
    assert_eq!((review.card.as_str(), review.verdict), ("counterpart:ldap:secure", Judgement::Correct));
}

#[test]
fn a_learner_answers_a_scenario_card_partly() {
    let mut window = app_asking_every_kind();
    study_card_with_prompt(&mut window, "exchange routes between their autonomous systems");
    window.type_answer("bgp");
    window.get_by_label("Partly right");
    window.get_by_label("Right protocol; it needs its port too: BGP (port 179).");
    window.get_by_label("Answer: BGP, port 179");
    window.get_by_label_contains("runs over TCP 179");
    window.press(Key::Enter);
    let review = window.session().progress().log.last().unwrap().clone();
    assert_eq!((review.card.as_str(), review.verdict), ("scenario:isp-routing", Judgement::Partial));
}

#[test]
fn a_learner_answers_a_family_card_and_sees_what_is_missing() {
    let mut window = app_asking_every_kind();
    study_card_with_prompt(&mut window, "Name the 4 mail ports");
    window.get_by_label("Name the 4 mail ports your table marks as core, in any order.");
    window.type_answer("143 25 110");
    window.get_by_label("Partly right");
    window.get_by_label("Missing: 465 (SMTPS).");
    window.get_by_label("Answer: 25, 110, 143, 465");
}

#[test]
fn studying_one_family_asks_only_its_cards() {
    let mut window = Window::new().open();
    window.press(Key::F7);
    window.click("Study only this family");
    window.click("Mail");
    assert_eq!(window.session().progress().settings.focus_family, Some(Family::Mail));
    window.press(Key::F1);
    window.get_by_label_contains("Mail ports only");
    for _ in 0..5 {
        let card = window.session().current_card().unwrap().clone();
        assert!(card.families.contains(&Family::Mail), "{} is not about mail", card.id);
        window.type_answer(&card.answer);
        window.press(Key::Num3);
    }
}

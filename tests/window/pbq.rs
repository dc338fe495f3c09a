//! The PBQ screen in a headless window, by keyboard alone: a firewall rule table built
//! with Tab, Enter and typed ports; a listing's lines marked with Tab and Space; a match
//! made with Tab and Enter. Each is checked and gets full marks; and what a task missed
//! comes first in study without a review in the log.

use crate::support::{clock_at, open_app};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use portcards::app::{PortcardsApp, egui};
use portcards::desk::{Intent, Screen};
use portcards::pbq::firewall::{Action, Place, Protocol};
use portcards::pbq::{Pbq, PbqKind};

fn open_pbq(dir: &std::path::Path, kind_key: egui::Key) -> Harness<'static, PortcardsApp> {
    let mut harness = open_app(dir, &clock_at("2026-11-27T10:00:00+00:00"), [1280.0, 900.0]);
    harness.key_press(egui::Key::F9);
    harness.run();
    assert_eq!(harness.state().screen(), Screen::Pbq);
    harness.key_press_modifiers(egui::Modifiers::ALT, kind_key);
    harness.run();
    harness
}

fn task(harness: &Harness<'static, PortcardsApp>) -> Pbq {
    harness.state().desk().pbq().expect("a task on screen").task.clone()
}

fn focused_label(harness: &Harness<'static, PortcardsApp>) -> String {
    harness
        .query_all_by(|node| node.is_focused())
        .next()
        .map(|node| node.accesskit_node().label().unwrap_or_default())
        .unwrap_or_default()
}

/// Presses Tab until the focus is on the widget whose label starts with `label`.
fn tab_to(harness: &mut Harness<'static, PortcardsApp>, label: &str) {
    for _ in 0..80 {
        if focused_label(harness).starts_with(label) {
            return;
        }
        harness.key_press(egui::Key::Tab);
        harness.run();
    }
    panic!("Tab never reached {label:?}; the focus is on {:?}", focused_label(harness));
}

/// Presses Enter on the focused cell until it shows `value` ("Rule 1 source: internet").
fn enter_until(harness: &mut Harness<'static, PortcardsApp>, name: &str, value: &str) {
    let wanted = format!("{name}: {value}");
    for _ in 0..12 {
        if focused_label(harness) == wanted {
            return;
        }
        harness.key_press(egui::Key::Enter);
        harness.run();
    }
    panic!("Enter never made {wanted:?}; it shows {:?}", focused_label(harness));
}

fn check_and_expect_full_marks(harness: &mut Harness<'static, PortcardsApp>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    let outcome = harness.state().desk().pbq().unwrap().outcome.clone().expect("checked");
    assert_eq!(outcome.right(), outcome.total(), "{outcome:#?}");
}

#[test]
fn a_firewall_table_built_with_tab_enter_and_typed_ports_meets_every_requirement() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_pbq(dir.path(), egui::Key::Num1);
    let Pbq::Firewall(firewall) = task(&harness) else { panic!("a firewall task") };
    harness.get_by_label_contains("Network: the internet, the firewall");
    for (index, rule) in firewall.reference.iter().enumerate() {
        let number = index + 1;
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
        harness.run();
        // The new rule's first cell has the focus.
        let action = format!("Rule {number} action");
        assert!(focused_label(&harness).starts_with(&action), "{:?}", focused_label(&harness));
        enter_until(&mut harness, &action, &rule.action.to_string());
        for (cell, place) in [("source", rule.source), ("destination", rule.destination)] {
            let name = format!("Rule {number} {cell}");
            tab_to(&mut harness, &name);
            enter_until(&mut harness, &name, &firewall.place_label(place));
        }
        let name = format!("Rule {number} protocol");
        tab_to(&mut harness, &name);
        enter_until(&mut harness, &name, &rule.protocol.to_string());
        tab_to(&mut harness, &format!("Rule {number} port"));
        let ports = rule.ports.to_string();
        harness.get_by_label(&format!("Rule {number} port")).type_text(if ports == "any" { "" } else { &ports });
        harness.run();
    }
    check_and_expect_full_marks(&mut harness);
    harness.get_by_label_contains(&format!("of {} requirements met", firewall.requirements.len()));
}

#[test]
fn a_wrong_port_cell_is_named_and_nothing_is_scored() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_pbq(dir.path(), egui::Key::Num1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    tab_to(&mut harness, "Rule 1 port");
    harness.get_by_label("Rule 1 port").type_text("https");
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    let work = harness.state().desk().pbq().unwrap();
    assert!(work.outcome.is_none());
    harness.get_by_label_contains("Rule 1's port: \"https\"");
}

#[test]
fn a_listing_marked_with_tab_and_space_scores_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_pbq(dir.path(), egui::Key::Num2);
    let Pbq::Listing(listing) = task(&harness) else { panic!("a listing") };
    harness.get_by_label(listing.question.text());
    for line in listing.lines.iter().filter(|line| line.should_mark) {
        tab_to(&mut harness, &line.text);
        harness.key_press(egui::Key::Space);
        harness.run();
    }
    check_and_expect_full_marks(&mut harness);
}

#[test]
fn a_match_made_with_tab_and_enter_scores_every_pair() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_pbq(dir.path(), egui::Key::Num3);
    let Pbq::Matching(matching) = task(&harness) else { panic!("a match") };
    for pair in &matching.pairs {
        let name = format!("{} matches", pair.left);
        tab_to(&mut harness, &name);
        let value = format!("{}. {}", pair.answer + 1, matching.right[pair.answer]);
        enter_until(&mut harness, &name, &value);
    }
    check_and_expect_full_marks(&mut harness);
}

#[test]
fn a_match_made_by_dragging_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_pbq(dir.path(), egui::Key::Num3);
    let Pbq::Matching(matching) = task(&harness) else { panic!("a match") };
    let pair = &matching.pairs[0];
    let answer = format!("{}. {}", pair.answer + 1, matching.right[pair.answer]);
    let from = harness.get_by_label(&answer).rect().center();
    let to = harness.get_by_label(&pair.left).rect().center();
    harness.drag_at(from);
    harness.run();
    harness.hover_at(to);
    harness.run();
    harness.drop_at(to);
    harness.run();
    assert_eq!(harness.state().desk().pbq().unwrap().matches[0], Some(pair.answer));
}

/// A task's misses put their ports' cards first in study; nothing enters the log.
#[test]
fn misses_come_first_in_study_without_a_review() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_pbq(dir.path(), egui::Key::Num3);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    let outcome = harness.state().desk().pbq().unwrap().outcome.clone().unwrap();
    assert_eq!(outcome.right(), 0, "nothing matched");
    harness.key_press(egui::Key::S);
    harness.run();
    assert_eq!(harness.state().screen(), Screen::Study);
    let desk = harness.state().desk();
    assert!(desk.session().progress().log.is_empty(), "a PBQ result is no review");
    let card = desk.session().current_card().expect("a card first");
    let deck = desk.session().deck();
    let missed_rows: Vec<usize> = outcome.missed_ports().iter().filter_map(|ports| deck.row_for(ports)).collect();
    assert!(missed_rows.contains(&card.row), "{} is not of a missed port", card.id);
}

#[test]
fn a_miss_can_be_drilled() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_pbq(dir.path(), egui::Key::Num2);
    // The first line has the focus (a new task puts it there); checking takes it away,
    // so that D is not swallowed by a disabled checkbox.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    harness.key_press(egui::Key::D);
    harness.run();
    assert_eq!(harness.state().screen(), Screen::Drill);
    assert!(harness.state().desk().drill().is_some());
}

/// The self-test opens with three PBQs when asked, timed with the rest; the report
/// scores each per requirement, line or pair, on screen and in the CSV.
#[test]
fn the_self_test_opens_with_pbqs_and_reports_them_per_item() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_app(dir.path(), &clock_at("2026-11-27T10:00:00+00:00"), [1280.0, 900.0]);
    harness.key_press(egui::Key::F5);
    harness.run();
    harness.get_by_label("3").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label_contains("Performance-based question 1 of 3");
    harness.get_by_label_contains("Network: the internet");
    // A rule typed in the test: allow everything from the internet to the servers.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    tab_to(&mut harness, "Rule 1 source");
    enter_until(&mut harness, "Rule 1 source", "internet");
    for number in 2..=3 {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
        harness.run();
        harness.get_by_label_contains(&format!("Performance-based question {number} of 3"));
    }
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    harness.get_by_label_contains("Question 1 of");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::End);
    harness.run();
    let report = harness.state().desk().self_test().unwrap().report(harness.state().desk().session().deck());
    assert_eq!(report.pbqs.len(), 3);
    assert!(report.pbqs[0].right() < report.pbqs[0].total(), "allowing too much fails a requirement");
    harness.get_by_label_contains("PBQ 1, Firewall rules:");
    harness.get_by_label_contains("PBQ 3, Match:");
    let path = dir.path().join("report.csv");
    harness.state_mut().queue_intent(Intent::SelfTest(portcards::desk::SelfTestIntent::Export {
        path: path.clone(),
        format: portcards::desk::ReportFormat::Csv,
    }));
    harness.run();
    let csv = std::fs::read_to_string(&path).unwrap();
    let rows = csv.lines().filter(|line| line.trim_start_matches('"').starts_with("PBQ ")).count();
    assert_eq!(rows, report.pbqs.iter().map(|outcome| outcome.total()).sum::<usize>(), "{csv}");
}

#[test]
fn rules_move_and_go_and_a_checked_table_is_changed_only_after_asking() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_pbq(dir.path(), egui::Key::Num1);
    for _ in 0..2 {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
        harness.run();
    }
    enter_until(&mut harness, "Rule 2 action", "deny");
    harness.get_all_by_label("Up").nth(1).unwrap().click();
    harness.run();
    let rules = &harness.state().desk().pbq().unwrap().rules;
    assert_eq!((rules[0].action, rules[1].action), (Action::Deny, Action::Allow), "the deny moved up");
    assert_eq!((rules[0].source, rules[0].protocol), (Place::Any, Protocol::Tcp));
    harness.get_all_by_label("Remove").next().unwrap().click();
    harness.run();
    assert_eq!(harness.state().desk().pbq().unwrap().rules.len(), 1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    assert_eq!(harness.state().desk().pbq().unwrap().rules.len(), 1, "no edits after the check");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    assert_eq!(harness.state().desk().pbq().unwrap().rules.len(), 2);
    let _ = PbqKind::ALL;
}

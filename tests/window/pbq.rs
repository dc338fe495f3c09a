//! The PBQ screen in a headless window, by keyboard alone: a firewall rule table built
//! with Tab, Enter and typed ports; a listing's lines marked with Tab and Space; a match
//! made with Tab and Enter. Each is checked and gets full marks; and what a task missed
//! comes first in study without a review in the log.

use egui_kittest::kittest::{NodeT, Queryable};
use portcards::app::egui::Key;
use portcards::desk::{Intent, Screen};
use portcards::pbq::firewall::{Action, Place, Protocol};
use portcards::pbq::{Pbq, PbqKind};

use crate::support::Window;

fn open_pbq(kind_key: Key) -> Window {
    let mut window = Window::new().size(1280.0, 900.0).open();
    window.press(Key::F9);
    assert_eq!(window.state().screen(), Screen::Pbq);
    window.alt(kind_key);
    window
}

fn task(window: &Window) -> Pbq {
    window.desk().pbq().expect("a task on screen").task.clone()
}

fn focused_label(window: &Window) -> String {
    window
        .query_all_by(|node| node.is_focused())
        .next()
        .map(|node| node.accesskit_node().label().unwrap_or_default())
        .unwrap_or_default()
}

/// Presses Tab until the focus is on the widget whose label starts with `label`.
fn tab_to(window: &mut Window, label: &str) {
    for _ in 0..80 {
        if focused_label(window).starts_with(label) {
            return;
        }
        window.press(Key::Tab);
    }
    panic!("Tab never reached {label:?}; the focus is on {:?}", focused_label(window));
}

/// Presses Enter on the focused cell until it shows `value` ("Rule 1 source: internet").
fn enter_until(window: &mut Window, name: &str, value: &str) {
    let wanted = format!("{name}: {value}");
    for _ in 0..12 {
        if focused_label(window) == wanted {
            return;
        }
        window.press(Key::Enter);
    }
    panic!("Enter never made {wanted:?}; it shows {:?}", focused_label(window));
}

fn check_and_expect_full_marks(window: &mut Window) {
    window.ctrl(Key::Enter);
    let outcome = window.desk().pbq().unwrap().outcome.clone().expect("checked");
    assert_eq!(outcome.right(), outcome.total(), "{outcome:#?}");
}

#[test]
fn a_firewall_table_built_with_tab_enter_and_typed_ports_meets_every_requirement() {
    let mut window = open_pbq(Key::Num1);
    let Pbq::Firewall(firewall) = task(&window) else { panic!("a firewall task") };
    window.get_by_label_contains("Network: the internet, the firewall");
    for (index, rule) in firewall.reference.iter().enumerate() {
        let number = index + 1;
        window.ctrl(Key::N);
        // The new rule's first cell has the focus.
        let action = format!("Rule {number} action");
        assert!(focused_label(&window).starts_with(&action), "{:?}", focused_label(&window));
        enter_until(&mut window, &action, &rule.action.to_string());
        for (cell, place) in [("source", rule.source), ("destination", rule.destination)] {
            let name = format!("Rule {number} {cell}");
            tab_to(&mut window, &name);
            enter_until(&mut window, &name, &firewall.place_label(place));
        }
        let name = format!("Rule {number} protocol");
        tab_to(&mut window, &name);
        enter_until(&mut window, &name, &rule.protocol.to_string());
        tab_to(&mut window, &format!("Rule {number} port"));
        let ports = rule.ports.to_string();
        window.get_by_label(&format!("Rule {number} port")).type_text(if ports == "any" { "" } else { &ports });
        window.run();
    }
    check_and_expect_full_marks(&mut window);
    window.get_by_label_contains(&format!("of {} requirements met", firewall.requirements.len()));
}

#[test]
fn a_wrong_port_cell_is_named_and_nothing_is_scored() {
    let mut window = open_pbq(Key::Num1);
    window.ctrl(Key::N);
    tab_to(&mut window, "Rule 1 port");
    window.get_by_label("Rule 1 port").type_text("https");
    window.run();
    window.ctrl(Key::Enter);
    let work = window.desk().pbq().unwrap();
    assert!(work.outcome.is_none());
    window.get_by_label_contains("Rule 1's port: \"https\"");
}

#[test]
fn a_listing_marked_with_tab_and_space_scores_every_line() {
    let mut window = open_pbq(Key::Num2);
    let Pbq::Listing(listing) = task(&window) else { panic!("a listing") };
    window.get_by_label(listing.question.text());
    for line in listing.lines.iter().filter(|line| line.should_mark) {
        tab_to(&mut window, &line.text);
        window.press(Key::Space);
    }
    check_and_expect_full_marks(&mut window);
}

#[test]
fn a_match_made_with_tab_and_enter_scores_every_pair() {
    let mut window = open_pbq(Key::Num3);
    let Pbq::Matching(matching) = task(&window) else { panic!("a match") };
    for pair in &matching.pairs {
        let name = format!("{} matches", pair.left);
        tab_to(&mut window, &name);
        let value = format!("{}. {}", pair.answer + 1, matching.right[pair.answer]);
        enter_until(&mut window, &name, &value);
    }
    check_and_expect_full_marks(&mut window);
}

#[test]
fn a_match_made_with_the_answers_numbers_scores_every_pair_and_more_answers_than_protocols_are_offered() {
    let mut window = open_pbq(Key::Num3);
    let Pbq::Matching(matching) = task(&window) else { panic!("a match") };
    assert!(matching.right.len() > matching.pairs.len(), "the last pair is not given away");
    const DIGITS: [Key; 9] =
        [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];
    for pair in &matching.pairs {
        let name = format!("{} matches", pair.left);
        tab_to(&mut window, &name);
        window.press(DIGITS[pair.answer]);
        assert_eq!(focused_label(&window), format!("{name}: {}. {}", pair.answer + 1, matching.right[pair.answer]));
    }
    window.ctrl(Key::Enter);
    let outcome = window.desk().pbq().unwrap().outcome.clone().expect("checked");
    assert_eq!(outcome.right(), outcome.total(), "{outcome:#?}");
    // Each right pair says why: what runs on the port, or what the replacement does.
    for (item, pair) in outcome.items.iter().zip(&matching.pairs) {
        assert!(item.explanation.ends_with(&pair.why), "{}", item.explanation);
    }
}

#[test]
fn enter_does_not_offer_an_answer_another_protocol_has_taken() {
    let mut window = open_pbq(Key::Num3);
    let Pbq::Matching(matching) = task(&window) else { panic!("a match") };
    let (first, second) = (&matching.pairs[0], &matching.pairs[1]);
    let taken = format!("{}. {}", first.answer + 1, matching.right[first.answer]);
    tab_to(&mut window, &format!("{} matches", first.left));
    enter_until(&mut window, &format!("{} matches", first.left), &taken);
    let name = format!("{} matches", second.left);
    tab_to(&mut window, &name);
    // Round the whole cycle: "(choose)" and every answer not taken, once each.
    let mut shown = Vec::new();
    for _ in 0..matching.right.len() {
        window.press(Key::Enter);
        shown.push(focused_label(&window));
    }
    assert!(!shown.contains(&format!("{name}: {taken}")), "{shown:#?}");
    assert_eq!(shown.last().unwrap(), &format!("{name}: (choose)"), "back to the start after the answers on offer");
    // Its number does nothing there either.
    let digit = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];
    window.press(digit[first.answer]);
    assert_eq!(window.desk().pbq().unwrap().matches[1], None);
}

#[test]
fn a_match_made_by_dragging_counts() {
    let mut window = open_pbq(Key::Num3);
    let Pbq::Matching(matching) = task(&window) else { panic!("a match") };
    let pair = &matching.pairs[0];
    let answer = format!("{}. {}", pair.answer + 1, matching.right[pair.answer]);
    let from = window.get_by_label(&answer).rect().center();
    let to = window.get_by_label(&pair.left).rect().center();
    window.drag_at(from);
    window.run();
    window.hover_at(to);
    window.run();
    window.drop_at(to);
    window.run();
    assert_eq!(window.desk().pbq().unwrap().matches[0], Some(pair.answer));
}

/// A task's misses put their ports' cards first in study; nothing enters the log.
#[test]
fn misses_come_first_in_study_without_a_review() {
    let mut window = open_pbq(Key::Num3);
    window.ctrl(Key::Enter);
    let outcome = window.desk().pbq().unwrap().outcome.clone().unwrap();
    assert_eq!(outcome.right(), 0, "nothing matched");
    window.press(Key::S);
    assert_eq!(window.state().screen(), Screen::Study);
    let desk = window.desk();
    assert!(desk.session().progress().log.is_empty(), "a PBQ result is no review");
    let card = desk.session().current_card().expect("a card first");
    let deck = desk.session().deck();
    let missed_rows: Vec<usize> = outcome.missed_ports().iter().filter_map(|ports| deck.row_for(ports)).collect();
    assert!(missed_rows.contains(&card.row), "{} is not of a missed port", card.id);
}

#[test]
fn a_miss_can_be_drilled() {
    let mut window = open_pbq(Key::Num2);
    // The first line has the focus (a new task puts it there); checking takes it away,
    // so that D is not swallowed by a disabled checkbox.
    window.ctrl(Key::Enter);
    window.press(Key::D);
    assert_eq!(window.state().screen(), Screen::Drill);
    assert!(window.desk().drill().is_some());
}

/// The self-test opens with three PBQs when asked, timed with the rest; the report
/// scores each per requirement, line or pair, on screen and in the CSV.
#[test]
fn the_self_test_opens_with_pbqs_and_reports_them_per_item() {
    let mut window = Window::new().size(1280.0, 900.0).open();
    window.press(Key::F5);
    window.click("3");
    window.press(Key::Enter);
    window.get_by_label_contains("Performance-based question 1 of 3");
    window.get_by_label_contains("Network: the internet");
    // The firewall's requirements, in the test as on the PBQ screen.
    window.get_by_label("Requirements");
    // A rule typed in the test: allow everything from the internet to the servers.
    window.ctrl(Key::N);
    tab_to(&mut window, "Rule 1 source");
    enter_until(&mut window, "Rule 1 source", "internet");
    for number in 2..=3 {
        window.ctrl(Key::Enter);
        window.get_by_label_contains(&format!("Performance-based question {number} of 3"));
    }
    window.ctrl(Key::Enter);
    window.get_by_label_contains("Question 1 of");
    window.ctrl(Key::End);
    let report = window.desk().self_test().unwrap().report(window.session().deck());
    assert_eq!(report.pbqs.len(), 3);
    assert!(report.pbqs[0].right() < report.pbqs[0].total(), "allowing too much fails a requirement");
    window.get_by_label_contains("PBQ 1, Firewall rules:");
    window.get_by_label_contains("PBQ 3, Match:");
    let path = window.folder().join("report.csv");
    window.state_mut().queue_intent(Intent::SelfTest(portcards::desk::SelfTestIntent::Export {
        path: path.clone(),
        format: portcards::desk::ReportFormat::Csv,
    }));
    window.run();
    let csv = std::fs::read_to_string(&path).unwrap();
    let rows = csv.lines().filter(|line| line.trim_start_matches('"').starts_with("PBQ ")).count();
    assert_eq!(rows, report.pbqs.iter().map(|outcome| outcome.total()).sum::<usize>(), "{csv}");
}

#[test]
fn rules_move_and_go_and_a_checked_table_is_changed_only_after_asking() {
    let mut window = open_pbq(Key::Num1);
    for _ in 0..2 {
        window.ctrl(Key::N);
    }
    enter_until(&mut window, "Rule 2 action", "deny");
    window.get_all_by_label("Up").nth(1).unwrap().click();
    window.run();
    let rules = &window.desk().pbq().unwrap().rules;
    assert_eq!((rules[0].action, rules[1].action), (Action::Deny, Action::Allow), "the deny moved up");
    assert_eq!((rules[0].source, rules[0].protocol), (Place::Any, Protocol::Tcp));
    window.get_all_by_label("Remove").next().unwrap().click();
    window.run();
    assert_eq!(window.desk().pbq().unwrap().rules.len(), 1);
    window.ctrl(Key::Enter);
    window.ctrl(Key::N);
    assert_eq!(window.desk().pbq().unwrap().rules.len(), 1, "no edits after the check");
    window.ctrl(Key::T);
    window.ctrl(Key::N);
    assert_eq!(window.desk().pbq().unwrap().rules.len(), 2);
    let _ = PbqKind::ALL;
}

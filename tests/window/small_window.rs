//! Every screen at 800x600 with the largest text size (28 pt, twice the normal): what
//! a learner needs is on screen, or scrolls into view, and nothing falls off.

use crate::support::{clock_at, open_app, type_and_enter};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use portcards::app::{PortcardsApp, egui};
use portcards::progress::Progress;
use portcards::store::Store;

const LARGEST_TEXT: f32 = 28.0;

fn open_large(dir: &std::path::Path) -> Harness<'static, PortcardsApp> {
    let mut progress = Progress::default();
    progress.settings.font_size = LARGEST_TEXT;
    Store::at(dir).save(&progress).unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir, &clock, [800.0, 600.0]);
    harness.run();
    assert_eq!(harness.ctx.zoom_factor(), 2.0, "the text size doubles everything");
    harness
}

/// Scrolls the widget named `label` into view and checks that all of it is inside
/// the window.
fn assert_reachable(harness: &mut Harness<'static, PortcardsApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    let window = harness.ctx.content_rect();
    let rect = harness.get_by_label(label).rect();
    assert!(window.contains_rect(rect), "{label:?} at {rect:?} is not inside the window {window:?}");
}

fn show(harness: &mut Harness<'static, PortcardsApp>, key: egui::Key) {
    harness.key_press(key);
    harness.run();
}

#[test]
fn study_question_answer_and_every_grade_fit() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    assert_reachable(&mut harness, "Your answer");
    assert_reachable(&mut harness, "Check");
    type_and_enter(&mut harness, "ftp");
    let grades: Vec<String> = harness
        .get_all_by(|node| {
            node.label().is_some_and(|label| label.contains("\n") && label.starts_with(['1', '2', '3', '4']))
        })
        .map(|node| node.accesskit_node().label().unwrap_or_default())
        .collect();
    assert_eq!(grades.len(), 4, "{grades:?}");
    for grade in &grades {
        assert_reachable(&mut harness, grade);
    }
    harness.get_by_label("3  Good\n10m").click();
    harness.run();
    assert_eq!(harness.state().desk().session().progress().log.len(), 1);
}

#[test]
fn every_tab_can_be_reached() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    for tab in ["Study", "Browse", "Statistics", "Drill", "Self-test", "Profiles", "Settings"] {
        assert_reachable(&mut harness, tab);
    }
}

#[test]
fn browse_keeps_its_filters_and_the_right_hand_buttons_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F2);
    for label in ["Filter", "Core only", "Weak only"] {
        assert_reachable(&mut harness, label);
    }
    let ask = harness.get_all_by_label("Ask now").next().expect("a line of the table").rect();
    harness.get_all_by_label("Ask now").next().unwrap().scroll_to_me();
    harness.run();
    let window = harness.ctx.content_rect();
    let ask_after = harness.get_all_by_label("Ask now").next().unwrap().rect();
    assert!(window.contains_rect(ask_after), "Ask now at {ask_after:?} (was {ask:?}) is outside {window:?}");
}

#[test]
fn statistics_moving_and_resetting_are_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F3);
    for label in ["Export progress... Ctrl+E", "Import and merge... Ctrl+I", "Reset all progress... Ctrl+Shift+Delete"]
    {
        assert_reachable(&mut harness, label);
    }
}

/// Inside the window without any scrolling (a modal dialog does not scroll).
fn assert_in_window(harness: &Harness<'static, PortcardsApp>, label: &str) {
    let window = harness.ctx.content_rect();
    let rect = harness.get_by_label(label).rect();
    assert!(window.contains_rect(rect), "{label:?} at {rect:?} is not inside the window {window:?}");
}

#[test]
fn the_file_dialog_fits_with_a_long_listing_and_its_question() {
    let dir = tempfile::tempdir().unwrap();
    let documents = dir.path().join("Documents");
    std::fs::create_dir_all(documents.join("a folder with a rather long name for a small window")).unwrap();
    for day in 1..=30 {
        std::fs::write(documents.join(format!("portcards-progress-2026-11-{day:02}.json")), "{}").unwrap();
    }
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F3);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run();
    for label in ["Export progress", "Folder", "Up Alt+Up", "Documents", "File name", "Save Enter", "Cancel Esc"] {
        assert_in_window(&harness, label);
    }
    let file = harness.get_by_label("File name");
    file.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("File name").type_text("portcards-progress-2026-11-30.json");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    for label in ["Replace it Y", "No N"] {
        assert_in_window(&harness, label);
    }
}

#[test]
fn drill_setup_and_start_are_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F4);
    for label in ["Core only", "Typed", "Start drill  [Enter]"] {
        assert_reachable(&mut harness, label);
    }
}

#[test]
fn self_test_start_and_report_actions_are_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F5);
    assert_reachable(&mut harness, "Start self-test  [Enter]");
    harness.get_by_label("Start self-test  [Enter]").click();
    harness.run();
    assert_reachable(&mut harness, "End the test now Ctrl+End");
    harness.get_by_label("End the test now Ctrl+End").click();
    harness.run();
    for label in ["Export CSV... Ctrl+E", "New self-test N"] {
        assert_reachable(&mut harness, label);
    }
}

#[test]
fn profiles_and_settings_are_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F6);
    for label in ["Open default Enter", "New profile name", "Create profile Ctrl+N"] {
        assert_reachable(&mut harness, label);
    }
    show(&mut harness, egui::Key::F7);
    for label in ["Set exam date", "Light", "Dark", "Reset Ctrl+0"] {
        assert_reachable(&mut harness, label);
    }
}

/// Each PBQ kind at 800x600 and the largest text: the task, every cell of a rule, the
/// check and the results' actions can be scrolled to and fit.
#[test]
fn every_pbq_kind_fits() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large(dir.path());
    show(&mut harness, egui::Key::F9);
    for label in ["Firewall rules Alt+1", "Read the output Alt+2", "Match Alt+3"] {
        assert_reachable(&mut harness, label);
    }
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::Num1);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    let network = harness.get_by_label_contains("Network: the internet").accesskit_node().label().unwrap_or_default();
    assert_reachable(&mut harness, &network);
    for cell in
        ["Rule 1 action: allow", "Rule 1 source: any", "Rule 1 destination: any", "Rule 1 protocol: TCP", "Rule 1 port"]
    {
        assert_reachable(&mut harness, cell);
    }
    for label in ["Up", "Down", "Remove", "Add a rule Ctrl+N", "Check Ctrl+Enter"] {
        assert_reachable(&mut harness, label);
    }
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    for label in ["Change the answer Ctrl+T", "New task Ctrl+G", "Study these ports now S", "Drill them D"] {
        assert_reachable(&mut harness, label);
    }
    for (key, first) in [(egui::Key::Num2, None), (egui::Key::Num3, Some(" matches: (choose)"))] {
        harness.key_press_modifiers(egui::Modifiers::ALT, key);
        harness.run();
        let label = match (&harness.state().desk().pbq().unwrap().task, first) {
            (portcards::pbq::Pbq::Listing(listing), _) => listing.lines.last().unwrap().text.clone(),
            (portcards::pbq::Pbq::Matching(matching), Some(suffix)) => {
                format!("{}{suffix}", matching.pairs.last().unwrap().left)
            }
            (task, _) => panic!("another kind: {task:?}"),
        };
        assert_reachable(&mut harness, &label);
        assert_reachable(&mut harness, "Check Ctrl+Enter");
    }
}

/// Whether the widget named `label` is wholly inside the window as it stands (no scrolling).
fn visible(harness: &Harness<'static, PortcardsApp>, label: &str) -> bool {
    let window = harness.ctx.content_rect();
    harness.get_by_label(label).rect().intersect(window) == harness.get_by_label(label).rect()
        && window.contains_rect(harness.get_by_label(label).rect())
}

/// The largest text with an exam date and a pace warning on the Study screen: a learner
/// who studied 30 answers a day for three days, with the exam in ten days.
fn open_large_with_exam(dir: &std::path::Path) -> Harness<'static, PortcardsApp> {
    use portcards::progress::Grade;
    let mut progress = Progress::default();
    progress.settings.font_size = LARGEST_TEXT;
    progress.settings.exam_date = Some("2026-12-07".parse().unwrap());
    let deck = portcards::testing::seed_deck();
    let start = portcards::testing::at("2026-11-24T10:00:00+00:00").to_utc();
    let scheduler = portcards::schedule::Scheduler::new(Default::default());
    for day in 0..3 {
        for (index, card) in deck.cards.iter().enumerate().skip(day * 30).take(30) {
            let at = start + chrono::Duration::days(day as i64) + chrono::Duration::minutes(index as i64);
            let state = scheduler.apply(&card.id, None, card.core, Grade::Good, at.fixed_offset());
            progress.cards.insert(card.id.clone(), state);
            progress.log.push(portcards::testing::review(card.id.as_str(), at, Grade::Good));
        }
    }
    Store::at(dir).save(&progress).unwrap();
    let mut harness = open_app(dir, &clock_at("2026-11-27T10:00:00+00:00"), [800.0, 600.0]);
    harness.run();
    harness
}

#[test]
fn with_an_exam_date_and_a_pace_warning_the_question_the_answer_and_the_grades_show_without_scrolling() {
    for mode in ["Type the answer", "Multiple choice", "Flip and grade"] {
        let dir = tempfile::tempdir().unwrap();
        let mut harness = open_large_with_exam(dir.path());
        // Ctrl+M steps through the modes (the picker is folded away with the plan).
        let presses = ["Type the answer", "Multiple choice", "Flip and grade"].iter().position(|m| *m == mode).unwrap();
        for _ in 0..presses {
            harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::M);
            harness.run();
        }
        // The pace warning and the plan are there, folded into the exam's line.
        let toggle_plan = |harness: &mut Harness<'static, PortcardsApp>| {
            harness.get_by(|node| node.label().is_some_and(|label| label.ends_with("on the day"))).click();
            harness.run();
        };
        toggle_plan(&mut harness);
        assert!(harness.query_by_label_contains("At your pace").is_some(), "{mode}: the pace warning is in the fold");
        toggle_plan(&mut harness);
        assert!(harness.query_by_label_contains("At your pace").is_none(), "{mode}: folded again");
        let prompt = harness.state().desk().session().current_card().expect("a card").prompt.clone();
        assert!(visible(&harness, &prompt), "{mode}: the question is below the fold");
        match mode {
            "Type the answer" => {
                assert!(visible(&harness, "Your answer"), "{mode}: the answer field");
                // A wrong answer that names another port: the longest verdict, with its
                // explanation and "I was right".
                let card = harness.state().desk().session().current_card().unwrap().answer.clone();
                type_and_enter(&mut harness, if card.eq_ignore_ascii_case("telnet") { "dns" } else { "telnet" });
                harness.get_by_label("I was right (R)");
            }
            "Multiple choice" => {
                harness.key_press(egui::Key::Num1);
                harness.run();
            }
            _ => {
                assert!(visible(&harness, "Show answer"), "{mode}: the show-answer button");
                harness.key_press(egui::Key::Space);
                harness.run();
            }
        }
        for grade in ["1  Again", "2  Hard", "3  Good", "4  Easy"] {
            let label = harness
                .get_all_by(|node| node.label().is_some_and(|label| label.starts_with(grade)))
                .next()
                .unwrap_or_else(|| panic!("{mode}: no {grade} button"))
                .accesskit_node()
                .label()
                .unwrap_or_default();
            assert!(visible(&harness, &label), "{mode}: {grade} is below the fold");
        }
    }
}

#[test]
fn the_answer_field_has_the_keys_from_the_start_at_the_largest_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_large_with_exam(dir.path());
    assert!(harness.ctx.memory(|memory| memory.focused()).is_some(), "nothing has the keys");
    // Typed straight away, without clicking the field.
    harness.key_press(egui::Key::S);
    harness.event(egui::Event::Text("ssh".into()));
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(matches!(harness.state().desk().session().showing(), portcards::session::Showing::Answer { .. }));
}

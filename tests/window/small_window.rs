//! Every screen at 800x600 with the largest text size (28 pt, twice the normal): what
//! a learner needs is on screen, or scrolls into view, and nothing falls off.

use egui_kittest::kittest::{NodeT, Queryable};
use portcards::app::egui::{self, Key};
use portcards::progress::Progress;

use crate::support::{Window, WindowSetup};

const LARGEST_TEXT: f32 = 28.0;

/// Opens `setup` at 800x600 with the largest text size.
pub fn open_large(setup: WindowSetup) -> Window {
    let mut progress = Progress::default();
    progress.settings.font_size = LARGEST_TEXT;
    let mut window = setup.size(800.0, 600.0).progress(progress).open();
    window.run();
    assert_eq!(window.ctx.zoom_factor(), 2.0, "the text size doubles everything");
    window
}

/// Scrolls the widget named `label` into view and checks that all of it is inside
/// the window.
pub fn assert_reachable(window: &mut Window, label: &str) {
    window.get_by_label(label).scroll_to_me();
    window.run();
    let screen = window.ctx.content_rect();
    let rect = window.get_by_label(label).rect();
    assert!(screen.contains_rect(rect), "{label:?} at {rect:?} is not inside the window {screen:?}");
}

#[test]
fn study_question_answer_and_every_grade_fit() {
    let mut window = open_large(Window::new());
    assert_reachable(&mut window, "Your answer");
    assert_reachable(&mut window, "Check");
    window.type_answer("ftp");
    let grades: Vec<String> = window
        .get_all_by(|node| {
            node.label().is_some_and(|label| label.contains("\n") && label.starts_with(['1', '2', '3', '4']))
        })
        .map(|node| node.accesskit_node().label().unwrap_or_default())
        .collect();
    assert_eq!(grades.len(), 4, "{grades:?}");
    for grade in &grades {
        assert_reachable(&mut window, grade);
    }
    window.click("3  Good\n10m");
    assert_eq!(window.session().progress().log.len(), 1);
}

#[test]
fn every_tab_can_be_reached() {
    let mut window = open_large(Window::new());
    for tab in ["Study", "Browse", "Statistics", "Drill", "Self-test", "Profiles", "Settings"] {
        assert_reachable(&mut window, tab);
    }
}

#[test]
fn browse_keeps_its_filters_and_the_right_hand_buttons_reachable() {
    let mut window = open_large(Window::new());
    window.press(Key::F2);
    for label in ["Filter", "Core only", "Weak only"] {
        assert_reachable(&mut window, label);
    }
    let ask = window.get_all_by_label("Ask now").next().expect("a line of the table").rect();
    window.get_all_by_label("Ask now").next().unwrap().scroll_to_me();
    window.run();
    let screen = window.ctx.content_rect();
    let ask_after = window.get_all_by_label("Ask now").next().unwrap().rect();
    assert!(screen.contains_rect(ask_after), "Ask now at {ask_after:?} (was {ask:?}) is outside {screen:?}");
}

#[test]
fn statistics_moving_and_resetting_are_reachable() {
    let mut window = open_large(Window::new());
    window.press(Key::F3);
    for label in ["Export progress... Ctrl+E", "Import and merge... Ctrl+I", "Reset all progress... Ctrl+Shift+Delete"]
    {
        assert_reachable(&mut window, label);
    }
}

/// Inside the window without any scrolling (a modal dialog does not scroll).
fn assert_in_window(window: &Window, label: &str) {
    let screen = window.ctx.content_rect();
    let rect = window.get_by_label(label).rect();
    assert!(screen.contains_rect(rect), "{label:?} at {rect:?} is not inside the window {screen:?}");
}

#[test]
fn the_file_dialog_fits_with_a_long_listing_and_its_question() {
    let dir = tempfile::tempdir().unwrap();
    let documents = dir.path().join("Documents");
    std::fs::create_dir_all(documents.join("a folder with a rather long name for a small window")).unwrap();
    for day in 1..=30 {
        std::fs::write(documents.join(format!("portcards-progress-2026-11-{day:02}.json")), "{}").unwrap();
    }
    let mut window = open_large(Window::new().in_folder(dir.path()));
    window.press(Key::F3);
    window.ctrl(Key::E);
    for label in ["Export progress", "Folder", "Up Alt+Up", "Documents", "File name", "Save Enter", "Cancel Esc"] {
        assert_in_window(&window, label);
    }
    window.retype("File name", "portcards-progress-2026-11-30.json");
    window.press(Key::Enter);
    for label in ["Replace it Y", "No N"] {
        assert_in_window(&window, label);
    }
}

#[test]
fn drill_setup_and_start_are_reachable() {
    let mut window = open_large(Window::new());
    window.press(Key::F4);
    for label in ["Core only", "Typed", "Start drill  [Enter]"] {
        assert_reachable(&mut window, label);
    }
}

#[test]
fn self_test_start_and_report_actions_are_reachable() {
    let mut window = open_large(Window::new());
    window.press(Key::F5);
    assert_reachable(&mut window, "Start self-test  [Enter]");
    window.click("Start self-test  [Enter]");
    assert_reachable(&mut window, "End the test now Ctrl+End");
    window.click("End the test now Ctrl+End");
    for label in ["Export CSV... Ctrl+E", "New self-test N"] {
        assert_reachable(&mut window, label);
    }
}

#[test]
fn profiles_and_settings_are_reachable() {
    let mut window = open_large(Window::new());
    window.press(Key::F6);
    for label in ["Open default Enter", "New profile name", "Create profile Ctrl+N"] {
        assert_reachable(&mut window, label);
    }
    window.press(Key::F7);
    for label in ["Set exam date", "Light", "Dark", "Reset Ctrl+0"] {
        assert_reachable(&mut window, label);
    }
}

/// Each PBQ kind at 800x600 and the largest text: the task, every cell of a rule, the
/// check and the results' actions can be scrolled to and fit.
#[test]
fn every_pbq_kind_fits() {
    let mut window = open_large(Window::new());
    window.press(Key::F9);
    for label in ["Firewall rules Alt+1", "Read the output Alt+2", "Match Alt+3"] {
        assert_reachable(&mut window, label);
    }
    window.alt(Key::Num1);
    window.ctrl(Key::N);
    let network = window.get_by_label_contains("Network: the internet").accesskit_node().label().unwrap_or_default();
    assert_reachable(&mut window, &network);
    for cell in
        ["Rule 1 action: allow", "Rule 1 source: any", "Rule 1 destination: any", "Rule 1 protocol: TCP", "Rule 1 port"]
    {
        assert_reachable(&mut window, cell);
    }
    for label in ["Up", "Down", "Remove", "Add a rule Ctrl+N", "Check Ctrl+Enter"] {
        assert_reachable(&mut window, label);
    }
    window.ctrl(Key::Enter);
    for label in ["Change the answer Ctrl+T", "New task Ctrl+G", "Study these ports now S", "Drill them D"] {
        assert_reachable(&mut window, label);
    }
    for (key, first) in [(Key::Num2, None), (Key::Num3, Some(" matches: (choose)"))] {
        window.alt(key);
        let label = match (&window.desk().pbq().unwrap().task, first) {
            (portcards::pbq::Pbq::Listing(listing), _) => listing.lines.last().unwrap().text.clone(),
            (portcards::pbq::Pbq::Matching(matching), Some(suffix)) => {
                format!("{}{suffix}", matching.pairs.last().unwrap().left)
            }
            (task, _) => panic!("another kind: {task:?}"),
        };
        assert_reachable(&mut window, &label);
        assert_reachable(&mut window, "Check Ctrl+Enter");
    }
}

/// Whether the widget named `label` is wholly inside the window as it stands (no scrolling).
fn visible(window: &Window, label: &str) -> bool {
    let screen = window.ctx.content_rect();
    window.get_by_label(label).rect().intersect(screen) == window.get_by_label(label).rect()
        && screen.contains_rect(window.get_by_label(label).rect())
}

/// The largest text with an exam date and a pace warning on the Study screen: a learner
/// who studied 30 answers a day for three days, with the exam in ten days.
fn open_large_with_exam() -> Window {
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
    let mut window = Window::new().size(800.0, 600.0).progress(progress).open();
    window.run();
    window
}

#[test]
fn with_an_exam_date_and_a_wrong_answer_the_question_the_right_answer_and_the_grades_show_without_scrolling() {
    for mode in ["Type the answer", "Multiple choice", "Flip and grade"] {
        let mut window = open_large_with_exam();
        // Ctrl+M steps through the modes (the picker is folded away with the plan).
        let presses = ["Type the answer", "Multiple choice", "Flip and grade"].iter().position(|m| *m == mode).unwrap();
        for _ in 0..presses {
            window.ctrl(Key::M);
        }
        // The pace warning and the plan are there, folded into the exam's line.
        let toggle_plan = |window: &mut Window| {
            window.get_by(|node| node.label().is_some_and(|label| label.ends_with("on the day"))).click();
            window.run();
        };
        toggle_plan(&mut window);
        assert!(window.query_by_label_contains("Today: ").is_some(), "{mode}: today's plan is in the fold");
        toggle_plan(&mut window);
        assert!(window.query_by_label_contains("Today: ").is_none(), "{mode}: folded again");
        let prompt = window.session().current_card().expect("a card").prompt.clone();
        assert!(visible(&window, &prompt), "{mode}: the question is below the fold");
        let known =
            portcards::known_ports::known_today(window.session().deck(), window.session().progress(), window.now());
        assert!(visible(&window, &known.short()), "{mode}: the progress line, said short");
        match mode {
            "Type the answer" => {
                assert!(visible(&window, "Your answer"), "{mode}: the answer field");
                // A wrong answer that names another port: the longest verdict, with its
                // explanation and "I was right".
                let card = window.session().current_card().unwrap().answer.clone();
                window.type_answer(if card.eq_ignore_ascii_case("telnet") { "dns" } else { "telnet" });
                window.get_by_label("I was right (R)");
            }
            "Multiple choice" => {
                // A wrong option, so that the right answer has to be shown.
                let (card, choices) = match window.session().showing() {
                    portcards::session::Showing::Question { card, choices, .. } => (*card, choices.clone()),
                    showing => panic!("{mode}: {showing:?}"),
                };
                let answer = window.session().card(card).answer.clone();
                let wrong = choices.iter().position(|choice| *choice != answer).expect("a wrong option");
                window.press([Key::Num1, Key::Num2, Key::Num3, Key::Num4][wrong]);
            }
            _ => {
                assert!(visible(&window, "Show answer"), "{mode}: the show-answer button");
                window.press(Key::Space);
            }
        }
        // The right answer, without scrolling.
        let card = window.session().current_card().unwrap().clone();
        let right = if card.direction.is_exam_kind() && card.direction != portcards::deck::Direction::ClearText {
            format!("Answer: {}", card.answer)
        } else {
            let row = window.session().deck().row_of(&card);
            format!("Port {} — {}", row.ports, row.service)
        };
        assert!(visible(&window, &right), "{mode}: the right answer {right:?} is below the fold");
        for grade in ["1  Again", "2  Hard", "3  Good", "4  Easy"] {
            let label = window
                .get_all_by(|node| node.label().is_some_and(|label| label.starts_with(grade)))
                .next()
                .unwrap_or_else(|| panic!("{mode}: no {grade} button"))
                .accesskit_node()
                .label()
                .unwrap_or_default();
            assert!(visible(&window, &label), "{mode}: {grade} is below the fold");
        }
    }
}

#[test]
fn the_answer_field_has_the_keys_from_the_start_at_the_largest_text() {
    let mut window = open_large_with_exam();
    assert!(window.ctx.memory(|memory| memory.focused()).is_some(), "nothing has the keys");
    // Typed straight away, without clicking the field.
    window.key_press(Key::S);
    window.event(egui::Event::Text("ssh".into()));
    window.run();
    window.press(Key::Enter);
    assert!(matches!(window.session().showing(), portcards::session::Showing::Answer { .. }));
}

#[test]
fn statistics_fits_the_width_nothing_cut_off_on_the_right() {
    let mut window = open_large_with_exam();
    window.answer_right();
    window.press(Key::F3);
    window.get_by_label_contains("Core ports you know now");
    let screen = window.ctx.content_rect();
    let (mut checked, mut cut_off) = (0, Vec::new());
    for node in
        window.get_all_by(|node| (node.label().is_some() || node.value().is_some()) && node.bounding_box().is_some())
    {
        let rect = node.rect();
        let name = node.accesskit_node().label().or_else(|| node.accesskit_node().value()).unwrap_or_default();
        if rect.max.x > screen.max.x + 0.5 {
            cut_off.push(format!("{name:?} {:?} at {rect:?}", node.accesskit_node().role()));
        }
        checked += 1;
    }
    assert!(cut_off.is_empty(), "run off the right of {screen:?}: {cut_off:#?}");
    assert!(checked > 20, "{checked}");
}

/// A firewall task at 800x600 and the largest text: the requirements stay on screen
/// while the learner Tabs down the rule table, and each cell Tab reaches scrolls into view.
#[test]
fn pbq_requirements_stay_in_view_and_tab_scrolls_the_focused_cell_into_view() {
    let mut window = open_large(Window::new());
    window.press(Key::F9);
    window.alt(Key::Num1);
    for _ in 0..4 {
        window.ctrl(Key::N);
    }
    let first_requirement = match &window.desk().pbq().expect("a task").task {
        portcards::pbq::Pbq::Firewall(task) => format!("1. {}", task.requirements[0].text),
        task => panic!("a firewall task: {task:?}"),
    };
    // The new rule's first cell has the keys; from the first rule, Tab walks the table.
    window.get_by_label("Rule 1 action: allow").focus();
    window.run();
    let screen = window.ctx.content_rect();
    for step in 0..30 {
        window.press(Key::Tab);
        let focused = window.ctx.memory(|memory| memory.focused()).expect("a cell has the keys");
        let rect = window.ctx.read_response(focused).expect("the focused cell was drawn").rect;
        assert!(screen.contains_rect(rect), "Tab {step}: the focused cell at {rect:?} is outside {screen:?}");
        assert!(visible(&window, &first_requirement), "Tab {step}: the requirements scrolled away");
    }
}

/// What came of a file action shows at the top of the screen without scrolling, even
/// at 800x600 and the largest text, and goes when the learner says OK.
#[test]
fn file_actions_say_what_came_of_them_at_the_top_of_the_screen() {
    let mut window = open_large(Window::new());
    window.answer_right();
    window.press(Key::F3);
    let file = window.folder().join("moved.json");
    window.ctrl(Key::E);
    window.choose_file(&file);
    let exported = format!("Progress exported to {}.", file.display());
    assert!(visible(&window, &exported), "the export's sentence is out of sight");
    window.ctrl(Key::I);
    window.choose_file(&file);
    let imported = format!("Imported {}: 0 cards updated, 0 reviews added.", file.display());
    assert!(visible(&window, &imported), "the import's sentence is out of sight");
    assert!(window.query_by_label(&exported).is_none(), "the newest sentence replaces the one before");
    // It stays on the next screen, until OK.
    window.press(Key::F1);
    assert!(visible(&window, &imported));
    window.click("OK");
    assert!(window.query_by_label(&imported).is_none());
}

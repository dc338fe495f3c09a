//! The Live screen in the window, driven as a teacher would (keys and clicks),
//! with students joining and answering over loopback HTTP.

use std::time::Duration;

use egui_kittest::kittest::{NodeT, Queryable};
use portcards::app::Screen;
use portcards::app::egui::{self, Key, Modifiers};
use portcards::live::round::Phase;
use serde_json::Value;

use crate::support::Window;

fn live_screen() -> Window {
    let mut window = Window::new().size(1280.0, 900.0).open();
    window.press(Key::F8);
    window
}

fn settle(window: &mut Window) {
    // The countdown asks for frames while it runs, so step instead of running to rest.
    for _ in 0..4 {
        window.step();
    }
}

/// A key while a round runs, and a few frames (see `settle`).
fn press_and_settle(window: &mut Window, key: Key) {
    window.key_press(key);
    settle(window);
}

/// Ctrl and a key while a round runs, and a few frames (see `settle`).
fn ctrl_and_settle(window: &mut Window, key: Key) {
    window.key_press_modifiers(Modifiers::COMMAND, key);
    settle(window);
}

fn post(agent: &ureq::Agent, url: String, body: Value) -> Value {
    let mut response = agent.post(url).header("Content-Type", "application/json").send(body.to_string()).unwrap();
    serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
}

#[test]
fn a_teacher_runs_a_round_from_the_keyboard_and_the_projector_names_only_the_top_five() {
    let mut window = live_screen();
    assert_eq!(window.state().screen(), Screen::Live);
    window.get_by_label("Live round: the class answers from their phones");

    // Loopback only in tests: pick "this computer only" from the list.
    window.click_containing("Network");
    window.click_containing("this computer only");
    press_and_settle(&mut window, Key::Enter);

    let (url, pin) = {
        let host = window.desk().live().expect("a round is being served");
        (host.join_url.clone(), host.round(|round| round.pin().to_string()))
    };
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    window.get_by_label(&url);
    window.get_by_label(&format!("PIN  {} {}", &pin[..3], &pin[3..]));
    window.get_by_label("QR code of the join address");

    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut tokens = Vec::new();
    for name in ["Ana", "Ben", "Cy", "Dee", "Eve", "Finn", "Gus"] {
        let joined =
            post(&agent, format!("{url}api/join"), serde_json::json!({"type": "join", "pin": pin, "name": name}));
        tokens.push(joined["token"].as_str().unwrap().to_string());
    }
    settle(&mut window);
    window.get_by_label("7 players joined. Start when everybody is in.");

    press_and_settle(&mut window, Key::Space);
    window.get_by_label("Question 1 of 10");
    window.get_by_label_contains("0 of 7 answered");
    let right = window.desk().live().unwrap().round(|round| round.questions()[0].right_option.unwrap());
    // Ana is fastest and right; Gus is wrong; the rest are right later.
    for (place, token) in tokens.iter().enumerate() {
        let option = if place == 6 { (right + 1) % 4 } else { right };
        let body = serde_json::json!({"type": "answer", "token": token, "question": 0, "option": option});
        assert_eq!(post(&agent, format!("{url}api/answer"), body)["counted"], true);
        std::thread::sleep(Duration::from_millis(30));
    }
    settle(&mut window);
    // Everybody answered: the answer, the bars and the top five are up.
    window.get_by_label_contains("Answer: ");
    window.get_by_label("Top five");
    window.get_by_label("Ana");
    assert!(window.query_by_label("Gus").is_none(), "the last place is not named on the projector");

    press_and_settle(&mut window, Key::Space);
    window.get_by_label("Question 2 of 10");
    press_and_settle(&mut window, Key::R);
    assert!(matches!(window.desk().live().unwrap().round(|round| round.phase()), Phase::Revealed { question: 1 }));

    // End early: the podium; every phone hears the end, with its final score and rank;
    // the server stops once they have had time to hear it.
    ctrl_and_settle(&mut window, Key::E);
    window.get_by_label("The podium");
    window.get_by_label_contains("1st   Ana");
    window.get_by_label_contains("over the 2 questions asked");
    for token in &tokens {
        let mut response = agent.get(format!("{url}api/state?token={}", token)).call().unwrap();
        let state: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(state["view"]["phase"], "ended", "{state}");
        assert!(state["view"]["rank"].as_u64().unwrap() >= 1, "{state}");
    }
    assert!(window.desk().live().unwrap().is_serving(), "still there for phones that were away a moment");
    window.advance(chrono::Duration::seconds(portcards::desk::END_GRACE_SECONDS + 1));
    settle(&mut window);
    assert!(!window.desk().live().unwrap().is_serving(), "then the server stops");

    let csv = window.folder().join("class.csv");
    window.click_containing("Save the results (spreadsheet)");
    window.choose_file(&csv);
    let written = std::fs::read_to_string(&csv).expect("the CSV was written");
    assert_eq!(written.lines().count(), 1 + 7 * 2, "a row per student per question asked (2 of 10)");
    assert!(written.lines().any(|line| line.starts_with("Gus,1,") && line.contains(",no,")), "{written}");

    // Gus missed question 1 and nobody answered question 2: a drill of those.
    window.get_by_label_contains("Drill what the class missed").click();
    settle(&mut window);
    assert_eq!(window.state().screen(), Screen::Drill);
    assert!(window.desk().drill().is_some());
}

/// Enter in a number field edits the field only: the round starts on a second Enter,
/// once the field has let go of the keyboard.
#[test]
fn enter_in_the_seconds_field_does_not_start_the_round() {
    let mut window = live_screen();
    window.click_containing("Network");
    window.click_containing("this computer only");
    window.retype("Seconds each:", "45");
    press_and_settle(&mut window, Key::Enter);
    assert!(window.desk().live().is_none(), "Enter committed the number and started nothing");
    press_and_settle(&mut window, Key::Enter);
    let host = window.desk().live().expect("the second Enter starts the round");
    assert_eq!(host.round(|round| round.setup.seconds), 45);
}

/// Quitting or leaving the Live screen mid-round asks first: keep playing, end the round
/// (and stay for the podium and the CSV), or leave anyway.
#[test]
fn quitting_or_leaving_mid_round_asks_first() {
    let mut window = asking_the_first_of_three();

    ctrl_and_settle(&mut window, Key::Q);
    assert!(window.state().asking_to_leave_round());
    assert!(!window.state().quit_requested(), "nothing quits before the teacher says so");
    window.get_by_label("A round is being played");
    press_and_settle(&mut window, Key::Space);
    assert!(matches!(phase(&window), Phase::Asking { question: 0, .. }), "the screen behind hears no keys");
    press_and_settle(&mut window, Key::Escape);
    assert!(!window.state().asking_to_leave_round());
    assert!(matches!(phase(&window), Phase::Asking { question: 0, .. }), "kept playing");

    // The window's close button (the window manager's close request) asks the same.
    window.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    settle(&mut window);
    assert!(window.state().asking_to_leave_round(), "the close button asks too");
    assert!(!window.state().quit_requested());
    press_and_settle(&mut window, Key::Escape);
    assert!(!window.state().asking_to_leave_round());
    assert!(matches!(phase(&window), Phase::Asking { question: 0, .. }), "kept playing");

    press_and_settle(&mut window, Key::F1);
    assert!(window.state().asking_to_leave_round(), "leaving the Live screen asks too");
    assert_eq!(window.state().screen(), Screen::Live);
    press_and_settle(&mut window, Key::E);
    assert_eq!(phase(&window), Phase::Ended);
    assert_eq!(window.state().screen(), Screen::Live, "ended here, for the podium and the CSV");
    window.get_by_label("The podium");

    ctrl_and_settle(&mut window, Key::Q);
    assert!(window.state().quit_requested(), "with the round over, quitting needs no question");
}

/// A presenter remote sends a shortcut's press and release within one frame: the
/// shortcut still acts (Ctrl+E ends the round mid-question).
#[test]
fn a_shortcut_pressed_and_released_within_one_frame_acts() {
    let mut window = asking_the_first_of_three();
    assert!(matches!(phase(&window), Phase::Asking { question: 0, .. }));
    let ctrl = Modifiers::COMMAND;
    let key = |pressed| egui::Event::Key { key: Key::E, physical_key: None, pressed, repeat: false, modifiers: ctrl };
    window.input_mut().events.extend([key(true), key(false)]);
    window.step();
    settle(&mut window);
    assert_eq!(phase(&window), Phase::Ended, "Ctrl+E pressed and released in one frame ends the round");
}

/// The Live screen with a round of three questions on 127.0.0.1, the first one open.
fn asking_the_first_of_three() -> Window {
    let mut window = live_screen();
    let setup = portcards::live::RoundSetup { questions: 3, ..Default::default() };
    let ip = std::net::IpAddr::from([127, 0, 0, 1]);
    window.state_mut().queue_intent(portcards::desk::Intent::Live(portcards::desk::LiveIntent::Start { setup, ip }));
    settle(&mut window);
    press_and_settle(&mut window, Key::Space);
    window
}

fn phase(window: &Window) -> Phase {
    window.desk().live().unwrap().round(|round| round.phase())
}

/// At the end the results are saved as a spreadsheet workbook unless the teacher picks
/// CSV: the dialog proposes .xlsx, and its format buttons switch the name's extension.
#[test]
fn the_results_are_saved_as_a_workbook_by_default() {
    let mut window = asking_the_first_of_three();
    ctrl_and_settle(&mut window, Key::E);
    ctrl_and_settle(&mut window, Key::S);
    let name = |window: &Window| file_name(window);
    assert!(name(&window).ends_with(".xlsx"), "{}", name(&window));
    window.get_by_label("CSV (.csv)").click();
    settle(&mut window);
    assert!(name(&window).ends_with(".csv"), "{}", name(&window));
    window.get_by_label("Spreadsheet (.xlsx)").click();
    settle(&mut window);
    assert!(name(&window).ends_with(".xlsx"), "{}", name(&window));
    let written = window.folder().join("class.xlsx");
    window.choose_file(&written);
    settle(&mut window);
    let bytes = std::fs::read(&written).unwrap_or_else(|error| panic!("{}: {error}", written.display()));
    assert!(bytes.starts_with(b"PK"), "a workbook is a zip file");
}

fn file_name(window: &Window) -> String {
    window.get_by_label("File name").accesskit_node().value().unwrap_or_default().to_string()
}

//! The Live screen in the window, driven as a teacher would (keys and clicks),
//! with students joining and answering over loopback HTTP.

use std::time::Duration;

use crate::support::{clock_at, open_app};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portcards::app::{PortcardsApp, Screen, egui};
use portcards::live::round::Phase;
use serde_json::Value;

fn settle(harness: &mut Harness<'static, PortcardsApp>) {
    // The countdown asks for frames while it runs, so step instead of running to rest.
    for _ in 0..4 {
        harness.step();
    }
}

fn post(agent: &ureq::Agent, url: String, body: Value) -> Value {
    let mut response = agent.post(url).header("Content-Type", "application/json").send(body.to_string()).unwrap();
    serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
}

#[test]
fn a_teacher_runs_a_round_from_the_keyboard_and_the_projector_names_only_the_top_five() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, [1280.0, 900.0]);
    harness.key_press(egui::Key::F8);
    harness.run();
    assert_eq!(harness.state().screen(), Screen::Live);
    harness.get_by_label("Live round: the class answers from their phones");

    // Loopback only in tests: pick "this computer only" from the list.
    harness.get_by_label_contains("Network").click();
    harness.run();
    harness.get_by_label_contains("this computer only").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);

    let (url, pin) = {
        let host = harness.state().desk().live().expect("a round is being served");
        (host.join_url.clone(), host.round(|round| round.pin().to_string()))
    };
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    harness.get_by_label(&url);
    harness.get_by_label(&format!("PIN  {} {}", &pin[..3], &pin[3..]));
    harness.get_by_label("QR code of the join address");

    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut tokens = Vec::new();
    for name in ["Ana", "Ben", "Cy", "Dee", "Eve", "Finn", "Gus"] {
        let joined =
            post(&agent, format!("{url}api/join"), serde_json::json!({"type": "join", "pin": pin, "name": name}));
        tokens.push(joined["token"].as_str().unwrap().to_string());
    }
    settle(&mut harness);
    harness.get_by_label("7 players joined. Start when everybody is in.");

    harness.key_press(egui::Key::Space);
    settle(&mut harness);
    harness.get_by_label("Question 1 of 10");
    harness.get_by_label_contains("0 of 7 answered");
    let right = harness.state().desk().live().unwrap().round(|round| round.questions()[0].right_option.unwrap());
    // Ana is fastest and right; Gus is wrong; the rest are right later.
    for (place, token) in tokens.iter().enumerate() {
        let option = if place == 6 { (right + 1) % 4 } else { right };
        let body = serde_json::json!({"type": "answer", "token": token, "question": 0, "option": option});
        assert_eq!(post(&agent, format!("{url}api/answer"), body)["counted"], true);
        std::thread::sleep(Duration::from_millis(30));
    }
    settle(&mut harness);
    // Everybody answered: the answer, the bars and the top five are up.
    harness.get_by_label_contains("Answer: ");
    harness.get_by_label("Top five");
    harness.get_by_label("Ana");
    assert!(harness.query_by_label("Gus").is_none(), "the last place is not named on the projector");

    harness.key_press(egui::Key::Space);
    settle(&mut harness);
    harness.get_by_label("Question 2 of 10");
    harness.key_press(egui::Key::R);
    settle(&mut harness);
    assert!(matches!(
        harness.state().desk().live().unwrap().round(|round| round.phase()),
        Phase::Revealed { question: 1 }
    ));

    // End early: the podium; every phone hears the end, with its final score and rank;
    // the server stops once they have had time to hear it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    settle(&mut harness);
    harness.get_by_label("The podium");
    harness.get_by_label_contains("1st   Ana");
    harness.get_by_label_contains("over the 2 questions asked");
    for token in &tokens {
        let mut response = agent.get(format!("{url}api/state?token={}", token)).call().unwrap();
        let state: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(state["view"]["phase"], "ended", "{state}");
        assert!(state["view"]["rank"].as_u64().unwrap() >= 1, "{state}");
    }
    assert!(harness.state().desk().live().unwrap().is_serving(), "still there for phones that were away a moment");
    clock.advance(chrono::Duration::seconds(portcards::desk::END_GRACE_SECONDS + 1));
    settle(&mut harness);
    assert!(!harness.state().desk().live().unwrap().is_serving(), "then the server stops");

    let csv = dir.path().join("class.csv");
    harness.get_by_label_contains("Save the results as CSV").click();
    harness.run();
    crate::support::choose_file(&mut harness, &csv);
    let written = std::fs::read_to_string(&csv).expect("the CSV was written");
    assert_eq!(written.lines().count(), 1 + 7 * 2, "a row per student per question asked (2 of 10)");
    assert!(written.lines().any(|line| line.starts_with("Gus,1,") && line.contains(",no,")), "{written}");

    // Gus missed question 1 and nobody answered question 2: a drill of those.
    harness.get_by_label_contains("Drill what the class missed").click();
    settle(&mut harness);
    assert_eq!(harness.state().screen(), Screen::Drill);
    assert!(harness.state().desk().drill().is_some());
}

/// Enter in a number field edits the field only: the round starts on a second Enter,
/// once the field has let go of the keyboard.
#[test]
fn enter_in_the_seconds_field_does_not_start_the_round() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, [1280.0, 900.0]);
    harness.key_press(egui::Key::F8);
    harness.run();
    harness.get_by_label_contains("Network").click();
    harness.run();
    harness.get_by_label_contains("this computer only").click();
    harness.run();
    harness.get_by_label("Seconds each:").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Seconds each:").type_text("45");
    harness.run();
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    assert!(harness.state().desk().live().is_none(), "Enter committed the number and started nothing");
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    let host = harness.state().desk().live().expect("the second Enter starts the round");
    assert_eq!(host.round(|round| round.setup.seconds), 45);
}

/// Quitting or leaving the Live screen mid-round asks first: keep playing, end the round
/// (and stay for the podium and the CSV), or leave anyway.
#[test]
fn quitting_or_leaving_mid_round_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = asking_the_first_of_three(dir.path());

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    settle(&mut harness);
    assert!(harness.state().asking_to_leave_round());
    assert!(!harness.state().quit_requested(), "nothing quits before the teacher says so");
    harness.get_by_label("A round is being played");
    harness.key_press(egui::Key::Space);
    settle(&mut harness);
    assert!(matches!(phase(&harness), Phase::Asking { question: 0, .. }), "the screen behind hears no keys");
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    assert!(!harness.state().asking_to_leave_round());
    assert!(matches!(phase(&harness), Phase::Asking { question: 0, .. }), "kept playing");

    // The window's close button (the window manager's close request) asks the same.
    harness.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    settle(&mut harness);
    assert!(harness.state().asking_to_leave_round(), "the close button asks too");
    assert!(!harness.state().quit_requested());
    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    assert!(!harness.state().asking_to_leave_round());
    assert!(matches!(phase(&harness), Phase::Asking { question: 0, .. }), "kept playing");

    harness.key_press(egui::Key::F1);
    settle(&mut harness);
    assert!(harness.state().asking_to_leave_round(), "leaving the Live screen asks too");
    assert_eq!(harness.state().screen(), Screen::Live);
    harness.key_press(egui::Key::E);
    settle(&mut harness);
    assert_eq!(phase(&harness), Phase::Ended);
    assert_eq!(harness.state().screen(), Screen::Live, "ended here, for the podium and the CSV");
    harness.get_by_label("The podium");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    settle(&mut harness);
    assert!(harness.state().quit_requested(), "with the round over, quitting needs no question");
}

/// A presenter remote sends a shortcut's press and release within one frame: the
/// shortcut still acts (Ctrl+E ends the round mid-question).
#[test]
fn a_shortcut_pressed_and_released_within_one_frame_acts() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = asking_the_first_of_three(dir.path());
    assert!(matches!(phase(&harness), Phase::Asking { question: 0, .. }));
    let ctrl = egui::Modifiers::COMMAND;
    let key =
        |pressed| egui::Event::Key { key: egui::Key::E, physical_key: None, pressed, repeat: false, modifiers: ctrl };
    harness.input_mut().events.extend([key(true), key(false)]);
    harness.step();
    settle(&mut harness);
    assert_eq!(phase(&harness), Phase::Ended, "Ctrl+E pressed and released in one frame ends the round");
}

/// The Live screen with a round of three questions on 127.0.0.1, the first one open.
fn asking_the_first_of_three(dir: &std::path::Path) -> Harness<'static, PortcardsApp> {
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir, &clock, [1280.0, 900.0]);
    harness.key_press(egui::Key::F8);
    harness.run();
    let setup = portcards::live::RoundSetup { questions: 3, ..Default::default() };
    let ip = std::net::IpAddr::from([127, 0, 0, 1]);
    harness.state_mut().queue_intent(portcards::desk::Intent::Live(portcards::desk::LiveIntent::Start { setup, ip }));
    settle(&mut harness);
    harness.key_press(egui::Key::Space);
    settle(&mut harness);
    harness
}

fn phase(harness: &Harness<'static, PortcardsApp>) -> Phase {
    harness.state().desk().live().unwrap().round(|round| round.phase())
}

//! The projector shows the class: every name in the lobby as students join (forty
//! at 1024x768, nothing touched), the list to remove players in a scrolling window
//! of its own that leaves the projector as it was, and the podium the same size
//! once the server has stopped.

use egui_kittest::kittest::Queryable;
use portcards::app::egui::{self, Key};
use portcards::desk::{Intent, LiveIntent};
use portcards::live::RoundSetup;

use crate::support::Window;

/// A round served on loopback on the Live screen of a window of `size`.
fn serving([width, height]: [f32; 2]) -> Window {
    let mut window = Window::new().size(width, height).open();
    window.press(Key::F8);
    let ip = std::net::IpAddr::from([127, 0, 0, 1]);
    window.state_mut().queue_intent(Intent::Live(LiveIntent::Start { setup: RoundSetup::default(), ip }));
    settle(&mut window);
    window
}

fn settle(window: &mut Window) {
    for _ in 0..6 {
        window.step();
    }
}

/// Forty nicknames as a class types them: accents, emoji, long ones.
fn class_names() -> Vec<String> {
    let mut names: Vec<String> =
        ["Zoë 🦊", "José", "Łukasz", "Anaïs", "Maximilian-Alexander"].into_iter().map(str::to_string).collect();
    names.extend((names.len()..40).map(|student| format!("student {student}")));
    names
}

fn join_everybody(window: &mut Window, names: &[String]) {
    let (url, pin) = {
        let host = window.desk().live().expect("a round is served");
        (host.join_url.clone(), host.round(|round| round.pin().to_string()))
    };
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    for name in names {
        let body = serde_json::json!({"type": "join", "pin": pin, "name": name}).to_string();
        let response = agent.post(format!("{url}api/join")).header("Content-Type", "application/json").send(body);
        assert_eq!(response.unwrap().status(), 200, "{name} joins");
    }
    settle(window);
}

fn rect_of(window: &Window, label: &str) -> egui::Rect {
    window.get_by_label(label).rect()
}

fn pin_label(window: &Window) -> String {
    let pin = window.desk().live().unwrap().round(|round| round.pin().to_string());
    format!("PIN  {} {}", &pin[..3], &pin[3..])
}

#[test]
fn forty_names_show_in_the_lobby_at_1024x768_without_touching_anything() {
    let mut window = serving([1024.0, 768.0]);
    let names = class_names();
    join_everybody(&mut window, &names);
    let screen = window.ctx.content_rect();
    for name in &names {
        let rect = rect_of(&window, name);
        assert!(screen.contains_rect(rect), "{name} at {rect:?} is off the screen {screen:?}");
        assert!(rect.height() >= 16.0, "{name} is {} px high: too small for the back row", rect.height());
    }
    let pin = rect_of(&window, &pin_label(&window));
    assert!(pin.height() >= 40.0, "the PIN is {} px high", pin.height());
    assert!(window.query_by_role(egui::accesskit::Role::ScrollBar).is_none(), "nothing scrolls");
}

#[test]
fn the_players_list_scrolls_on_its_own_and_leaves_the_projector_as_it_was() {
    let mut window = serving([1024.0, 768.0]);
    let names = class_names();
    join_everybody(&mut window, &names);
    let pin = pin_label(&window);
    let before: Vec<egui::Rect> = [pin.as_str(), "Zoë 🦊", "student 39"].map(|label| rect_of(&window, label)).into();

    window.get_by_label_contains("Players (40, ").click();
    settle(&mut window);
    let list = window.get_by_label("Players");
    let screen = window.ctx.content_rect().expand(0.5);
    assert!(screen.contains_rect(list.rect()), "the list's window is on the screen");
    assert!(window.query_by_role(egui::accesskit::Role::ScrollBar).is_some(), "the list scrolls");
    window.get_by_label("Remove student 39");
    let open: Vec<egui::Rect> = [pin.as_str(), "Zoë 🦊", "student 39"].map(|label| rect_of(&window, label)).into();
    assert_eq!(before, open, "opening the list moves and resizes nothing the class sees");

    window.get_by_label("Remove José").click();
    settle(&mut window);
    assert!(window.query_by_label("José").is_none(), "José is out, of the list and of the lobby");
    window.get_by_label_contains("Players (39, ").click();
    settle(&mut window);
    assert!(window.query_by_label("Remove student 38").is_none(), "the list is closed");
    assert_eq!(rect_of(&window, &pin), before[0], "and the projector is as it was");
}

#[test]
fn the_podium_keeps_its_size_after_the_server_stops() {
    let mut window = serving([1024.0, 768.0]);
    join_everybody(&mut window, &class_names()[..3]);
    window.state_mut().queue_intent(Intent::Live(LiveIntent::End));
    settle(&mut window);
    let podium = rect_of(&window, "The podium").size();
    window.advance(chrono::Duration::seconds(portcards::desk::END_GRACE_SECONDS + 1));
    settle(&mut window);
    assert!(!window.desk().live().unwrap().is_serving(), "the server has stopped");
    assert_eq!(rect_of(&window, "The podium").size(), podium, "the podium is drawn as large as before");
}

/// Port 8765 taken (by anything: here, this test): the round takes the next free port
/// of 8765-8775, says so on the projector, and the hints, open until the first phone
/// joins, give firewall rules for the whole range.
#[test]
fn a_busy_port_moves_to_the_next_of_a_fixed_range_that_the_hints_open() {
    // Other tests here serve rounds too (on 8765 when free): wait until this one holds it.
    let started = std::time::Instant::now();
    let _taken = loop {
        match std::net::TcpListener::bind("127.0.0.1:8765") {
            Ok(listener) => break listener,
            Err(error) => assert!(started.elapsed().as_secs() < 20, "port 8765 never came free: {error}"),
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut window = serving([1280.0, 800.0]);
    let port = window.desk().live().unwrap().address.port();
    assert!((8766..=8775).contains(&port), "the round took port {port}");
    let url = window.desk().live().unwrap().join_url.clone();
    assert!(url.ends_with(&format!(":{port}/")), "{url}");
    let address = rect_of(&window, &url);
    window.get_by_label_contains(&format!("so the round uses port {port}, in the range the firewall hints open"));
    let rule = window.get_by_label_contains("localport=8765-8775");
    assert!(rule.rect().height() >= 16.0, "the hints are readable, not a dim footnote");
    window.get_by_label_contains("sudo ufw allow 8765:8775/tcp");
    assert!(address.height() >= 34.0, "the address, port and all, is large: {address:?}");

    join_everybody(&mut window, &class_names()[..1]);
    assert!(window.query_by_label_contains("localport=8765-8775").is_none(), "folded once a phone is in");
    window.get_by_label("Phones cannot connect?");
}

//! The student page in a real browser: headless Chromium (Debian's `chromium` and
//! `chromium-driver`) joins with a PIN and a nickname, answers two questions,
//! reloads and keeps its score, comes back with its rejoin code after its storage is
//! lost, plays on over the polling fallback, and hears the end of the round, after
//! which it asks the server nothing more; and the browser's console shows no error
//! over the whole round.
//!
//! Opt-in (`cargo test --test live -- --ignored`): it needs Chromium and chromedriver,
//! Debian's unless `PORTCARDS_CHROMIUM` and `PORTCARDS_CHROMEDRIVER` name others (the
//! GitHub workflow points them at the runner's Chrome), and fails without them. Linux
//! only: the page is the same everywhere, and Linux is where CI has a browser to drive.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use portcards::facts::Facts;
use portcards::live::round::{Round, RoundSetup};
use portcards::live::server::{LiveServer, ServerOptions};
use portcards::table::parse_table;
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Debian's chromedriver and chromium, unless the environment names others.
fn browser_paths() -> (String, String) {
    let named = |variable: &str, debian: &str| std::env::var(variable).unwrap_or_else(|_| debian.to_string());
    (named("PORTCARDS_CHROMEDRIVER", "/usr/bin/chromedriver"), named("PORTCARDS_CHROMIUM", "/usr/bin/chromium"))
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn start_driver() -> (Driver, u16, String) {
    let (chromedriver, chromium) = browser_paths();
    for (what, path, variable) in
        [("Chromium", &chromium, "PORTCARDS_CHROMIUM"), ("chromedriver", &chromedriver, "PORTCARDS_CHROMEDRIVER")]
    {
        assert!(
            std::path::Path::new(path).exists(),
            "no {what} at {path}: this test needs Chromium and chromedriver \
             (Debian: apt install chromium chromium-driver), or {variable} set to where yours is"
        );
    }
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    (driver, port, chromium)
}

async fn browser(driver_port: u16, chromium: &str) -> Client {
    let capabilities = serde_json::json!({
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=390,844"
            ]
        }
    });
    let serde_json::Value::Object(capabilities) = capabilities else { unreachable!() };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a Chromium session")
}

/// What the page wrote to the browser's console since the last call, as
/// "LEVEL message" lines (chromedriver's log endpoint; the console is drained).
fn console_lines(driver_port: u16, session: &str) -> Vec<String> {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response = agent
        .post(format!("http://127.0.0.1:{driver_port}/session/{session}/se/log"))
        .header("Content-Type", "application/json")
        .send(r#"{"type":"browser"}"#)
        .expect("chromedriver's log");
    let body: serde_json::Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    let entries = body["value"].as_array().unwrap_or_else(|| panic!("no browser log from chromedriver: {body}"));
    entries
        .iter()
        .map(|entry| format!("{} {}", entry["level"].as_str().unwrap_or("?"), entry["message"].as_str().unwrap_or("")))
        .collect()
}

/// Waits until the element's text satisfies `check`, and returns it.
async fn text_until(client: &Client, css: &str, check: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let text = match client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if check(&text) {
            return text;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "{css} never matched; last text: {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn click_option(client: &Client, place: usize) {
    let started = Instant::now();
    loop {
        let buttons = client.find_all(Locator::Css("#options button")).await.unwrap();
        if buttons.len() == 4 {
            buttons[place].click().await.unwrap();
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "the options never showed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// With PORTCARDS_SCREENSHOTS=folder, the phone's screen goes there (for the README).
async fn screenshot(client: &Client, name: &str) {
    if let Some(folder) = std::env::var_os("PORTCARDS_SCREENSHOTS") {
        std::fs::write(std::path::Path::new(&folder).join(name), client.screenshot().await.unwrap()).unwrap();
    }
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver (Debian: chromium, chromium-driver)"]
async fn a_phone_joins_answers_reloads_and_keeps_its_score() {
    let (_driver, driver_port, chromium) = start_driver();
    let deck = portcards::deck::Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
    let setup = RoundSetup { questions: 4, seconds: 60, ..RoundSetup::default() };
    let round = Round::new(&deck, setup, &mut StdRng::seed_from_u64(5)).unwrap();
    let pin = round.pin().to_string();
    let server = LiveServer::start(round, "127.0.0.1:0".parse().unwrap(), ServerOptions::system()).unwrap();
    let base = format!("http://{}/", server.address());
    let right = |question: usize| server.round(|round| round.questions()[question].right_option.unwrap());

    let client = browser(driver_port, &chromium).await;
    let session = client.session_id().await.unwrap().expect("a session id");
    client.goto(&base).await.unwrap();
    client.find(Locator::Css("#pin")).await.unwrap().send_keys(&pin).await.unwrap();
    // Markup in a nickname is shown as typed, never run.
    client.find(Locator::Css("#name")).await.unwrap().send_keys("<b>Zoë</b>").await.unwrap();
    client.find(Locator::Css("#join")).await.unwrap().click().await.unwrap();
    text_until(&client, "#prompt", |text| text.contains("You're in")).await;
    let who = text_until(&client, "#who", |text| text.contains("Zoë")).await;
    assert!(who.starts_with("<b>Zoë</b>"), "{who}");
    assert!(client.find_all(Locator::Css("#who b")).await.unwrap().is_empty(), "no element made from the name");
    text_until(&client, "#connection", |text| text == "connected").await;

    // Question 1: right.
    server.update(|round, now| round.next(now));
    text_until(&client, "#progress", |text| text == "Question 1 of 4").await;
    click_option(&client, right(0)).await;
    let verdict = text_until(&client, "#result", |text| text.contains("Right!")).await;
    assert!(verdict.contains("Answer:"), "{verdict}");
    let score_after_one = text_until(&client, "#score", |text| text.starts_with("Score ") && text != "Score 0").await;

    // Question 2: wrong.
    server.update(|round, now| round.next(now));
    text_until(&client, "#progress", |text| text == "Question 2 of 4").await;
    click_option(&client, (right(1) + 1) % 4).await;
    text_until(&client, "#result", |text| text.contains("Not this time")).await;
    let score = text_until(&client, "#score", |text| text.starts_with("Score ")).await;
    assert_eq!(score, score_after_one, "a wrong answer adds nothing");
    screenshot(&client, "live-phone-result.png").await;

    // A reload: the same player, the same score, no second join.
    client.refresh().await.unwrap();
    let again = text_until(&client, "#score", |text| text.starts_with("Score ")).await;
    assert_eq!(again, score);
    text_until(&client, "#who", |text| text.starts_with("<b>Zoë</b>")).await;
    assert_eq!(server.round(|round| round.players().len()), 1);

    // The rejoin code is on the phone; a browser that lost its storage comes back with it.
    let note = text_until(&client, "#code-note", |text| text.starts_with("Rejoin code ")).await;
    let code: String = note.trim_start_matches("Rejoin code ").chars().take(4).collect();
    client.execute("localStorage.clear(); return null;", vec![]).await.unwrap();
    client.refresh().await.unwrap();
    client.find(Locator::Css("#pin")).await.unwrap().send_keys(&pin).await.unwrap();
    client.find(Locator::Css("#name")).await.unwrap().send_keys("<b>Zoë</b>").await.unwrap();
    client.find(Locator::Css("#join")).await.unwrap().click().await.unwrap();
    text_until(&client, "#message", |text| text.contains("rejoin code")).await;
    client.find(Locator::Css("#code")).await.unwrap().send_keys(&code).await.unwrap();
    client.find(Locator::Css("#join")).await.unwrap().click().await.unwrap();
    let back = text_until(&client, "#score", |text| text.starts_with("Score ")).await;
    assert_eq!(back, score, "the same player and score after the lost storage");
    assert_eq!(server.round(|round| round.players().len()), 1, "no ghost, no second player");

    // Where WebSockets are blocked: the polling fallback plays on with the same token.
    client.goto(&format!("{base}?poll")).await.unwrap();
    text_until(&client, "#connection", |text| text == "connected (polling)").await;
    server.update(|round, now| round.next(now));
    text_until(&client, "#progress", |text| text == "Question 3 of 4").await;
    text_until(&client, "#options", |text| !text.is_empty()).await;
    screenshot(&client, "live-phone-question.png").await;
    click_option(&client, right(2)).await;
    text_until(&client, "#result", |text| text.contains("Right!")).await;
    server.round(|round| {
        let player = &round.players()[0];
        assert_eq!(player.right, 2);
        assert!(player.answer(1).is_some_and(|answer| !answer.right));
    });

    // The teacher ends the round during question 4: the phone shows its final score and
    // rank within a second and then asks the server nothing more.
    server.update(|round, now| round.next(now));
    text_until(&client, "#progress", |text| text == "Question 4 of 4").await;
    let ended_at = Instant::now();
    server.update(|round, _| round.end());
    text_until(&client, "#prompt", |text| text == "That's the end of the round.").await;
    assert!(ended_at.elapsed() < Duration::from_secs(2), "heard the end in {:?}", ended_at.elapsed());
    let result = text_until(&client, "#result", |text| text.contains("rank")).await;
    assert!(result.contains("rank 1 of 1"), "{result}");
    text_until(&client, "#connection", |text| text == "round over").await;
    let requests = server.requests();
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(server.requests(), requests, "no requests after the end");
    // No console errors over the whole round. The browser itself logs each refused
    // request as one ("Failed to load resource: ... 409"): the one refusal provoked
    // above (the name taken, before the rejoin code) is the only one allowed.
    let console = console_lines(driver_port, &session);
    let errors: Vec<&String> = console
        .iter()
        .filter(|line| line.starts_with("SEVERE"))
        .filter(|line| !(line.contains("/api/join") && line.contains("status of 409")))
        .collect();
    assert!(errors.is_empty(), "console errors during the round:\n{}", console.join("\n"));
    client.close().await.unwrap();
}

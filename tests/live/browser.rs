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

/// A round of `questions` core questions, a minute each, from a seeded generator (kept
/// for the joins a test makes before serving).
fn new_round(questions: usize, seed: u64) -> (Round, StdRng) {
    let deck = portcards::deck::Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
    let setup = RoundSetup { questions, seconds: 60, ..RoundSetup::default() };
    let mut rng = StdRng::seed_from_u64(seed);
    let round = Round::new(&deck, setup, &mut rng).unwrap();
    (round, rng)
}

/// The round served on loopback, on a port the system picks.
fn serve(round: Round) -> LiveServer {
    LiveServer::start(round, "127.0.0.1:0".parse().unwrap(), ServerOptions::system()).unwrap()
}

/// Types the PIN and a nickname on the page open now, and joins.
async fn join(client: &Client, pin: &str, name: &str) {
    client.find(Locator::Css("#pin")).await.unwrap().send_keys(pin).await.unwrap();
    client.find(Locator::Css("#name")).await.unwrap().send_keys(name).await.unwrap();
    client.find(Locator::Css("#join")).await.unwrap().click().await.unwrap();
}

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
    let (round, _) = new_round(4, 5);
    let pin = round.pin().to_string();
    let server = serve(round);
    let base = format!("http://{}/", server.address());
    let right = |question: usize| server.round(|round| round.questions()[question].right_option.unwrap());

    let client = browser(driver_port, &chromium).await;
    let session = client.session_id().await.unwrap().expect("a session id");
    client.goto(&base).await.unwrap();
    // Markup in a nickname is shown as typed, never run.
    join(&client, &pin, "<b>Zoë</b>").await;
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
    join(&client, &pin, "<b>Zoë</b>").await;
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

/// The colour a computed style names ("rgb(1, 2, 3)"), as channels.
fn computed_rgb(text: &str) -> [f64; 3] {
    let inside = text.trim_start_matches("rgba(").trim_start_matches("rgb(").trim_end_matches(')');
    let channels: Vec<f64> = inside.split(',').map(|part| part.trim().parse().unwrap()).collect();
    [channels[0], channels[1], channels[2]]
}

/// WCAG's contrast ratio of two sRGB colours.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let luminance = |[r, g, b]: [f64; 3]| {
        let linear = |c: f64| {
            let c = c / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver (Debian: chromium, chromium-driver)"]
async fn the_pick_stays_marked_until_the_reveal() {
    let (_driver, driver_port, chromium) = start_driver();
    let (mut round, mut rng) = new_round(2, 7);
    let pin = round.pin().to_string();
    // A classmate who has not answered yet, so that the question stays open.
    round.join(&pin, "Slow Sam", &mut rng).unwrap();
    let server = serve(round);
    let client = browser(driver_port, &chromium).await;
    client.goto(&format!("http://{}/", server.address())).await.unwrap();
    join(&client, &pin, "Ana").await;
    text_until(&client, "#connection", |text| text == "connected").await;
    server.update(|round, now| round.next(now));
    text_until(&client, "#progress", |text| text == "Question 1 of 2").await;
    click_option(&client, 2).await;
    text_until(&client, "#result", |text| text.contains("Wait for the reveal")).await;

    for moment in ["after the tap", "after a reload"] {
        let buttons = client.find_all(Locator::Css("#options button")).await.unwrap();
        assert_eq!(buttons.len(), 4, "{moment}: the options are still there");
        let chosen = client.find_all(Locator::Css("#options button.chosen")).await.unwrap();
        assert_eq!(chosen.len(), 1, "{moment}: one pick marked");
        assert!(chosen[0].text().await.unwrap().contains("YOUR ANSWER"), "{moment}");
        assert_eq!(chosen[0].attr("aria-pressed").await.unwrap().as_deref(), Some("true"));
        assert_eq!(buttons[2].text().await.unwrap(), chosen[0].text().await.unwrap(), "{moment}: the third");
        for (place, button) in buttons.iter().enumerate() {
            assert!(!button.is_enabled().await.unwrap(), "{moment}: option {place} can be tapped again");
        }
        // The options not picked are dimmed, still readable: at least 3:1 (WCAG's floor
        // for what cannot be used), measured on the colours the browser draws.
        let colours = client
            .execute(
                "const b = document.querySelector('#options button:not(.chosen)'); const s = getComputedStyle(b); \
                 return [s.color, s.backgroundColor, s.opacity];",
                vec![],
            )
            .await
            .unwrap();
        let [text, background, opacity] = [0, 1, 2].map(|at| colours[at].as_str().unwrap().to_string());
        assert_eq!(opacity, "1", "{moment}: a see-through option would blend with the page");
        let ratio = contrast(computed_rgb(&text), computed_rgb(&background));
        assert!(ratio >= 3.0, "{moment}: a dimmed option at {ratio:.2}:1 ({text} on {background})");
        client.refresh().await.unwrap();
        text_until(&client, "#progress", |text| text == "Question 1 of 2").await;
        text_until(&client, "#result", |text| text.contains("Wait for the reveal")).await;
    }
    server.update(|round, _| round.reveal());
    text_until(&client, "#result", |text| text.contains("Answer:")).await;
    assert!(client.find_all(Locator::Css("#options button")).await.unwrap().is_empty(), "the reveal takes over");
    client.close().await.unwrap();
}

/// The teacher's computer is gone (the server stops and never comes back): within
/// about 15 s the phone says so in plain words, stops trying, and keeps the last score.
#[tokio::test]
#[ignore = "needs chromium and chromedriver (Debian: chromium, chromium-driver)"]
async fn a_phone_says_plainly_when_the_teachers_computer_is_gone() {
    let (_driver, driver_port, chromium) = start_driver();
    let (round, _) = new_round(3, 5);
    let pin = round.pin().to_string();
    let server = serve(round);
    let right = server.round(|round| round.questions()[0].right_option.unwrap());
    let client = browser(driver_port, &chromium).await;
    client.goto(&format!("http://{}/", server.address())).await.unwrap();
    join(&client, &pin, "Ana").await;
    text_until(&client, "#connection", |text| text == "connected").await;
    server.update(|round, now| round.next(now));
    click_option(&client, right).await;
    let score = text_until(&client, "#score", |text| text.starts_with("Score ") && text != "Score 0").await;
    let points = score.trim_start_matches("Score ").split(' ').next().unwrap().to_string();

    // As a crash would: the server goes mid-round, the port with it.
    let gone_at = Instant::now();
    drop(server);
    let started = Instant::now();
    let said = loop {
        let text = client.find(Locator::Css("#message")).await.unwrap().text().await.unwrap_or_default();
        if text.contains("gone") {
            break text;
        }
        assert!(started.elapsed() < Duration::from_secs(25), "the phone never said so; last: {text:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let waited = gone_at.elapsed();
    assert!((Duration::from_secs(14)..Duration::from_secs(22)).contains(&waited), "said so after {waited:?}");
    assert!(said.contains("The teacher's computer is gone"), "{said}");
    assert!(said.contains(&format!("Your last score: {points}.")), "{said}");
    assert_eq!(client.find(Locator::Css("#connection")).await.unwrap().text().await.unwrap(), "not connected");
    client.close().await.unwrap();
}

//! The live round's server through real HTTP and WebSocket connections on
//! loopback: the page, joining, answering, pushing state, the polling fallback,
//! removal, bad requests, limits, and the port freed at the end.

use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use portcards::facts::Facts;
use portcards::live::round::{Given, Round, RoundSetup};
use portcards::live::server::{LiveServer, ServerOptions};
use portcards::table::parse_table;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::Value;
use tokio_tungstenite::tungstenite::stream::MaybeTlsStream;
use tokio_tungstenite::tungstenite::{self, Message, WebSocket};

fn deck() -> portcards::deck::Deck {
    portcards::deck::Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false)
}

pub(crate) struct Served {
    pub(crate) server: LiveServer,
    base: String,
    pub(crate) pin: String,
    wakes: Arc<AtomicUsize>,
    agent: ureq::Agent,
}

fn serve(setup: RoundSetup) -> Served {
    serve_with(setup, ServerOptions::system())
}

/// A round served on loopback with the given clock and limits (its waker counts wakes).
pub(crate) fn serve_with(setup: RoundSetup, options: ServerOptions) -> Served {
    let round = Round::new(&deck(), setup, &mut StdRng::seed_from_u64(3)).unwrap();
    let pin = round.pin().to_string();
    let wakes = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&wakes);
    let options = ServerOptions {
        waker: Arc::new(move || {
            counted.fetch_add(1, Ordering::SeqCst);
        }),
        seed: 11,
        ..options
    };
    let server = LiveServer::start(round, "127.0.0.1:0".parse().unwrap(), options).unwrap();
    let base = format!("http://{}", server.address());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    Served { server, base, pin, wakes, agent }
}

impl Served {
    pub(crate) fn post(&self, path: &str, body: &str) -> (u16, Value) {
        let mut response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/json")
            .send(body)
            .unwrap();
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        let mut response = self.agent.get(format!("{}{path}", self.base)).call().unwrap();
        (response.status().as_u16(), response.body_mut().read_to_string().unwrap())
    }

    pub(crate) fn join(&self, name: &str) -> String {
        let (status, body) = self.post("/api/join", &join_body(&self.pin, name));
        assert_eq!(status, 200, "{body}");
        body["token"].as_str().unwrap().to_string()
    }

    fn socket(&self, token: &str) -> WebSocket<MaybeTlsStream<TcpStream>> {
        let url = format!("ws://{}/ws?token={token}", self.server.address());
        let (socket, _) = tungstenite::connect(url).unwrap();
        if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        }
        socket
    }
}

pub(crate) fn join_body(pin: &str, name: &str) -> String {
    serde_json::json!({ "type": "join", "pin": pin, "name": name }).to_string()
}

fn read_json(socket: &mut WebSocket<MaybeTlsStream<TcpStream>>) -> Value {
    loop {
        match socket.read().expect("a message within 10 s") {
            Message::Text(text) => {
                let message: Value = serde_json::from_str(text.as_str()).unwrap();
                if message["type"] != "alive" {
                    return message;
                }
            }
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// Reads states until one is in `phase`.
fn state_in(socket: &mut WebSocket<MaybeTlsStream<TcpStream>>, phase: &str) -> Value {
    for _ in 0..20 {
        let message = read_json(socket);
        if message["type"] == "state" && message["view"]["phase"] == phase {
            return message;
        }
    }
    panic!("no state in phase {phase}");
}

#[test]
fn the_page_is_served_and_nothing_else() {
    let served = serve(RoundSetup::default());
    let response = served.agent.get(format!("{}/", served.base)).call().unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(headers["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
    for path in ["/app.js", "/style.css"] {
        assert_eq!(served.get(path).0, 200, "{path}");
    }
    for path in ["/Cargo.toml", "/../Cargo.toml", "/%2e%2e/Cargo.toml", "/assets/live/app.js", "/src/lib.rs", "/api"] {
        let (status, body) = served.get(path);
        assert_eq!(status, 404, "{path}: {body}");
    }
}

#[test]
fn a_phone_joins_answers_over_the_socket_and_hears_every_change() {
    let served = serve(RoundSetup { questions: 3, ..RoundSetup::default() });
    let token = served.join("Ana");
    let mut socket = served.socket(&token);
    let first = state_in(&mut socket, "lobby");
    assert_eq!(first["view"]["name"], "Ana");

    served.server.update(|round, now| round.next(now));
    let asking = state_in(&mut socket, "asking");
    assert_eq!(asking["view"]["options"].as_array().unwrap().len(), 4);
    let right = served.server.round(|round| round.questions()[0].right_option.unwrap());
    let answer = serde_json::json!({ "type": "answer", "token": token, "question": 0, "option": right });
    socket.send(Message::Text(answer.to_string().into())).unwrap();
    // The answer (and the reveal it causes: everybody has answered) come back.
    let mut acked = false;
    let mut revealed = None;
    for _ in 0..10 {
        let message = read_json(&mut socket);
        if message["type"] == "ack" {
            assert_eq!(message["counted"], true);
            acked = true;
        }
        if message["type"] == "state" && message["view"]["phase"] == "revealed" {
            revealed = Some(message);
        }
        if acked && revealed.is_some() {
            break;
        }
    }
    assert!(acked);
    let revealed = revealed.expect("the reveal");
    assert_eq!(revealed["view"]["result"]["right"], true);
    assert!(revealed["view"]["score"].as_u64().unwrap() > 500);

    // A second answer to the same question: refused, the first counts.
    socket.send(Message::Text(answer.to_string().into())).unwrap();
    let refused = read_json(&mut socket);
    assert_eq!(refused["type"], "error");
    assert_eq!(refused["code"], "too_late");
    // Garbage on the socket is answered, and the socket stays usable.
    socket.send(Message::Text("{\"type\":\"nonsense\"}".into())).unwrap();
    assert_eq!(read_json(&mut socket)["code"], "malformed");
    socket.send(Message::Binary(vec![0, 1, 2].into())).unwrap();
    assert_eq!(read_json(&mut socket)["code"], "malformed");
    assert!(served.wakes.load(Ordering::SeqCst) >= 3, "the window is woken on every change");
    served.server.round(|round| assert_eq!(round.players()[0].right, 1));
}

#[test]
fn answers_by_http_and_long_polling_work_without_a_socket() {
    let served = serve(RoundSetup::default());
    let token = served.join("Ben");
    let other = served.join("Cy");
    let (status, body) = served.get(&format!("/api/state?token={token}"));
    assert_eq!(status, 200);
    let version = serde_json::from_str::<Value>(&body).unwrap()["version"].as_u64().unwrap();

    // A long poll waits for the change and returns with it.
    let started = Instant::now();
    let poll = {
        let agent = served.agent.clone();
        let url = format!("{}/api/state?token={token}&since={version}", served.base);
        std::thread::spawn(move || agent.get(url).call().unwrap().body_mut().read_to_string().unwrap())
    };
    std::thread::sleep(Duration::from_millis(300));
    served.server.update(|round, now| round.next(now));
    let polled: Value = serde_json::from_str(&poll.join().unwrap()).unwrap();
    assert_eq!(polled["view"]["phase"], "asking");
    assert!(started.elapsed() < Duration::from_secs(5));

    let answer = |token: &str, option: usize| {
        serde_json::json!({ "type": "answer", "token": token, "question": 0, "option": option }).to_string()
    };
    let (status, ack) = served.post("/api/answer", &answer(&token, 0));
    assert_eq!((status, ack["counted"].as_bool()), (200, Some(true)));
    let (status, again) = served.post("/api/answer", &answer(&token, 1));
    assert_eq!((status, again["code"].as_str()), (409, Some("already_answered")));
    let (status, late) = served.post(
        "/api/answer",
        &serde_json::json!({ "type": "answer", "token": other, "question": 5, "option": 0 }).to_string(),
    );
    assert_eq!((status, late["code"].as_str()), (409, Some("wrong_question")));
    served.server.round(|round| {
        let answered = round.players()[0].answer(0).unwrap();
        assert_eq!(answered.option, Some(0), "the first answer counts");
    });
}

#[test]
fn bad_requests_get_a_clear_answer_and_leave_the_round_alone() {
    let served = serve(RoundSetup::default());
    let ana = served.join("Ana");
    let wrong_pin = if served.pin == "000000" { "000001" } else { "000000" };
    let cases: Vec<(String, u16, &str)> = vec![
        (join_body(wrong_pin, "Ben"), 403, "wrong_pin"),
        (join_body(&served.pin, "ana"), 409, "name_taken"),
        (join_body(&served.pin, &"n".repeat(21)), 422, "nickname"),
        (join_body(&served.pin, "<script>"), 200, ""),
        ("not json".into(), 400, "malformed"),
        (r#"{"type":"join","pin":"1","name":"x","extra":1}"#.into(), 400, "malformed"),
        (format!(r#"{{"type":"join","pin":"1","name":"{}"}}"#, "x".repeat(5000)), 413, "too_long"),
        ("x".repeat(10 * 1024), 413, "too_long"),
    ];
    for (body, status, code) in cases {
        let (got, answer) = served.post("/api/join", &body);
        assert_eq!(got, status, "{body:.80} -> {answer}");
        if !code.is_empty() {
            assert_eq!(answer["code"], code, "{body:.80}");
            assert!(!answer["error"].as_str().unwrap().is_empty());
        }
    }
    // The name is kept as typed, and the page shows it as text (it never builds HTML from it).
    served.server.round(|round| assert!(round.players().iter().any(|player| player.name == "<script>")));
    let script = served.get("/app.js").1;
    assert!(!script.contains("innerHTML"), "the page must not build markup from what it is sent");

    let (status, body) = served.get("/api/state?token=forged");
    assert_eq!(status, 401, "{body}");
    let (status, _) = served.get("/api/state");
    assert_eq!(status, 400);
    let refused = tungstenite::connect(format!("ws://{}/ws?token=forged", served.server.address()));
    assert!(refused.is_err(), "no socket for a forged token");
    served.server.round(|round| {
        assert_eq!(round.players().len(), 2);
        assert_eq!(round.resume(&ana).unwrap().name, "Ana");
    });
}

/// A school that puts every phone behind one address: the class joins, a few phones
/// mistype the PIN (and then many more, until the address must wait), and every
/// player already in still answers, polls and reconnects.
#[test]
fn a_class_behind_one_address_is_never_locked_out_by_a_classmates_typos() {
    let served = serve(RoundSetup { questions: 2, ..RoundSetup::default() });
    let wrong_pin = if served.pin == "000000" { "000001" } else { "000000" };
    let mut tokens = Vec::new();
    for student in 0..40 {
        if student % 8 == 0 {
            assert_eq!(served.post("/api/join", &join_body(wrong_pin, "Typo")).0, 403, "a typo is just refused");
        }
        tokens.push(served.join(&format!("student {student}")));
    }
    // Somebody keeps guessing until the address must wait.
    while served.post("/api/join", &join_body(wrong_pin, "Guess")).0 != 429 {}
    served.server.update(|round, now| round.next(now));
    for token in &tokens {
        let option = served.server.round(|round| round.questions()[0].right_option.unwrap());
        let body = serde_json::json!({"type": "answer", "token": token, "question": 0, "option": option});
        let (status, ack) = served.post("/api/answer", &body.to_string());
        assert_eq!(status, 200, "{ack}");
        assert_eq!(served.get(&format!("/api/state?token={token}")).0, 200);
    }
    let mut socket = served.socket(&tokens[0]);
    state_in(&mut socket, "revealed");
    served.server.round(|round| assert_eq!(round.answered_count(chrono::Utc::now()), (40, 40)));
    // A forged token from that address still waits.
    assert_eq!(served.get("/api/state?token=forged").0, 429);
}

/// A message too long for the socket closes it with a reason the page can show.
#[test]
fn an_oversized_socket_message_closes_with_a_reason() {
    let served = serve(RoundSetup::default());
    let token = served.join("Ana");
    for size in [2 * 1024, 10 * 1024, 64 * 1024, 1024 * 1024, 16 * 1024 * 1024] {
        let mut socket = served.socket(&token);
        state_in(&mut socket, "lobby");
        // A phone's own client would not write the frame out before reading: write it
        // on a thread, and read the answer here (tungstenite writes what it can).
        match socket.send(Message::Text("x".repeat(size).into())) {
            Ok(()) | Err(tungstenite::Error::Io(_)) => {}
            Err(error) => panic!("{size} bytes: {error}"),
        }
        let frame = loop {
            match socket.read() {
                Ok(Message::Close(Some(frame))) => break frame,
                Ok(Message::Text(_) | Message::Ping(_) | Message::Pong(_)) => {}
                other => panic!("{size} bytes: no close frame with a reason: {other:?}"),
            }
        };
        assert_eq!(u16::from(frame.code), 1009, "{size} bytes");
        assert!(frame.reason.contains("too long"), "{size} bytes: {}", frame.reason);
    }
}

/// A socket with nothing to say still says "alive" every few seconds: a phone that
/// hears nothing for 15 s knows the teacher's computer is gone, even one that never
/// hung up (a lid closed, the Wi-Fi off).
#[test]
fn a_quiet_socket_says_it_is_alive() {
    let served = serve(RoundSetup::default());
    let token = served.join("Ana");
    let mut socket = served.socket(&token);
    state_in(&mut socket, "lobby");
    let started = Instant::now();
    let message = match socket.read().expect("a message within 10 s") {
        Message::Text(text) => serde_json::from_str::<Value>(text.as_str()).unwrap(),
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(message["type"], "alive", "{message}");
    assert!(started.elapsed() < Duration::from_secs(7), "after {:?}", started.elapsed());
}

#[test]
fn a_removed_player_is_told_and_their_token_stops_working() {
    let served = serve(RoundSetup::default());
    let token = served.join("Dee");
    let mut socket = served.socket(&token);
    state_in(&mut socket, "lobby");
    let id = served.server.round(|round| round.players()[0].id);
    served.server.update(|round, _| round.remove(id));
    let told = read_json(&mut socket);
    assert_eq!(told["type"], "error");
    assert_eq!(told["code"], "unknown_player");
    assert_eq!(served.get(&format!("/api/state?token={token}")).0, 401);
    // The phone can join again under a new name (and a new token).
    assert_ne!(served.join("Dee again"), token);
}

#[test]
fn a_phone_that_reconnects_keeps_its_score() {
    let served = serve(RoundSetup { questions: 2, ..RoundSetup::default() });
    let token = served.join("Eve");
    served.server.update(|round, now| round.next(now));
    let right = served.server.round(|round| round.questions()[0].right_option.unwrap());
    served.server.update(|round, now| round.answer(&token, 0, Given::Option(right), now)).unwrap();
    served.server.update(|round, now| round.tick(now));
    let score = served.server.round(|round| round.players()[0].score);
    assert!(score > 0);
    // The socket dropped (Wi-Fi gone); a new one with the same token gets the same player.
    let mut socket = served.socket(&token);
    let state = state_in(&mut socket, "revealed");
    assert_eq!(state["view"]["score"].as_u64().unwrap(), u64::from(score));
    assert_eq!(state["view"]["name"], "Eve");
}

#[test]
fn stopping_closes_every_connection_and_frees_the_port() {
    let served = serve(RoundSetup::default());
    let address: SocketAddr = served.server.address();
    let token = served.join("Flo");
    let mut socket = served.socket(&token);
    state_in(&mut socket, "lobby");
    let started = Instant::now();
    let round = served.server.stop();
    assert!(started.elapsed() < Duration::from_secs(4), "stopping took {:?}", started.elapsed());
    assert_eq!(round.players().len(), 1, "the results stay with the teacher");
    loop {
        match socket.read() {
            Ok(Message::Close(_)) | Err(_) => break,
            Ok(_) => continue,
        }
    }
    assert!(TcpStream::connect_timeout(&address, Duration::from_secs(1)).is_err(), "nobody listens any more");
    let again = std::net::TcpListener::bind(address);
    assert!(again.is_ok(), "the port is free: {again:?}");
}

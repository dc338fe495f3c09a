//! Load run for the live round: simulated students on loopback WebSockets answer
//! every question while the teacher's window (the real app, headless) draws the
//! projector view. Prints whether every answer was counted once, the time from an
//! answer to its acknowledgement, and the teacher's frame time while answers arrive.
//!
//! cargo run --release --example live_load -- --students 40 --questions 20
//! cargo run --release --example live_load -- --students 200 --questions 20

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use futures_util::{SinkExt, StreamExt};
use portcards::app::{PortcardsApp, Startup, egui};
use portcards::clock::SystemClock;
use portcards::facts::Facts;
use portcards::live::round::Phase;
use portcards::profiles::{DEFAULT_PROFILE, Profiles};
use portcards::table::parse_table;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio_tungstenite::tungstenite::Message;

#[derive(Default)]
struct Tally {
    sent: usize,
    acked: usize,
    refused: Vec<String>,
    latencies_ms: Vec<f64>,
}

fn main() {
    let mut students = 40usize;
    let mut questions = 20usize;
    let args: Vec<String> = std::env::args().collect();
    for pair in args.windows(2) {
        match pair[0].as_str() {
            "--students" => students = pair[1].parse().expect("--students N"),
            "--questions" => questions = pair[1].parse().expect("--questions N"),
            _ => {}
        }
    }

    let dir = tempfile::tempdir().expect("a scratch folder");
    let table = parse_table(portcards::BUILTIN_TABLE);
    let startup = Startup {
        rows: table.rows,
        facts: Facts::builtin(),
        profiles: Profiles::at(dir.path()),
        profile: DEFAULT_PROFILE.to_string(),
        pick_profile: false,
        background_work: true,
        clock: Box::new(SystemClock),
        seed: 1,
        table_warnings: Vec::new(),
        documents: dir.path().join("Documents"),
    };
    let mut harness =
        Harness::builder().with_size([1280.0, 800.0]).build_eframe(|cc| PortcardsApp::new(&cc.egui_ctx, startup));
    harness.run();
    harness.key_press(egui::Key::F8);
    harness.run();
    harness.get_by_label("Questions:");
    // The teacher sets the count with the field; here the default (10) is raised by keys.
    set_questions(&mut harness, questions);
    harness.get_by_label_contains("Network").click();
    harness.run();
    harness.get_by_label_contains("this computer only").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.step();
    let (url, pin, address) = {
        let host = harness.state().desk().live().expect("the round is served");
        (host.join_url.clone(), host.round(|round| round.pin().to_string()), host.address)
    };
    let total = harness.state().desk().live().unwrap().round(|round| round.questions().len());
    assert_eq!(total, questions);

    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let tokens: Vec<String> = (0..students)
        .map(|n| {
            let body = serde_json::json!({"type": "join", "pin": pin, "name": format!("student {n}")});
            let mut response = agent
                .post(format!("{url}api/join"))
                .header("Content-Type", "application/json")
                .send(body.to_string())
                .expect("join");
            let joined: serde_json::Value =
                serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
            joined["token"].as_str().expect("a token").to_string()
        })
        .collect();

    let tally = Arc::new(Mutex::new(Tally::default()));
    let students_thread = {
        let tally = Arc::clone(&tally);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                let mut tasks = Vec::new();
                for (n, token) in tokens.into_iter().enumerate() {
                    let tally = Arc::clone(&tally);
                    tasks.push(tokio::spawn(student(address, token, n as u64, tally)));
                }
                for task in tasks {
                    task.await.expect("a student finished");
                }
            });
        })
    };

    // The teacher: draw frames; when a question is revealed, go on.
    let mut frame_ms: Vec<f64> = Vec::new();
    let started = Instant::now();
    let mut revealed_at: Option<Instant> = None;
    loop {
        let phase = harness.state().desk().live().unwrap().round(|round| round.phase());
        match phase {
            Phase::Ended => break,
            Phase::Lobby => {
                harness.key_press(egui::Key::Space);
            }
            Phase::Revealed { .. } => {
                // Show the bars for a moment, as a teacher would, then go on.
                let since = *revealed_at.get_or_insert_with(Instant::now);
                if since.elapsed() > Duration::from_millis(150) {
                    harness.key_press(egui::Key::Space);
                    revealed_at = None;
                }
            }
            Phase::Asking { .. } => {}
        }
        let frame = Instant::now();
        harness.step();
        if matches!(phase, Phase::Asking { .. }) {
            frame_ms.push(frame.elapsed().as_secs_f64() * 1000.0);
        }
        std::thread::sleep(Duration::from_millis(5));
        assert!(started.elapsed() < Duration::from_secs(600), "the round did not finish");
    }
    let elapsed = started.elapsed();
    students_thread.join().expect("the students' thread");

    let round = harness.state().desk().live().unwrap().round(|round| round.clone());
    let recorded: usize =
        round.players().iter().map(|player| (0..total).filter(|&q| player.answer(q).is_some()).count()).sum();
    let tally = tally.lock().unwrap();
    let mut latencies = tally.latencies_ms.clone();
    latencies.sort_by(f64::total_cmp);
    frame_ms.sort_by(f64::total_cmp);
    println!(
        "live round load: {students} students x {total} questions on 127.0.0.1, in {:.1} s",
        elapsed.as_secs_f64()
    );
    println!(
        "  answers sent {}, acknowledged {}, recorded in the round {}, refused {}",
        tally.sent,
        tally.acked,
        recorded,
        tally.refused.len()
    );
    for reason in tally.refused.iter().take(5) {
        println!("    refused: {reason}");
    }
    println!(
        "  answer -> ack: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(0.0)
    );
    println!(
        "  teacher frame while answers arrive ({} frames): mean {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        frame_ms.len(),
        frame_ms.iter().sum::<f64>() / frame_ms.len().max(1) as f64,
        percentile(&frame_ms, 0.99),
        frame_ms.last().copied().unwrap_or(0.0)
    );
    let expected = students * total;
    let ok = tally.sent == expected && tally.acked == expected && recorded == expected && tally.refused.is_empty();
    println!("  every answer counted exactly once: {}", if ok { "yes" } else { "NO" });
    if !ok {
        std::process::exit(1);
    }
}

fn set_questions(harness: &mut Harness<'static, PortcardsApp>, questions: usize) {
    let field = harness.get_by_label("Questions:");
    field.focus();
    harness.run();
    // A drag value takes typed digits once focused.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Questions:").type_text(&questions.to_string());
    // Tab commits the number (Enter would also start the round).
    harness.key_press(egui::Key::Tab);
    harness.run();
}

async fn student(address: std::net::SocketAddr, token: String, seed: u64, tally: Arc<Mutex<Tally>>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut socket, _) =
        tokio_tungstenite::connect_async(format!("ws://{address}/ws?token={token}")).await.expect("a socket");
    let mut answered: Option<u64> = None;
    let mut sent_at: Option<Instant> = None;
    while let Some(message) = socket.next().await {
        let Ok(Message::Text(text)) = message else { continue };
        let message: serde_json::Value = serde_json::from_str(text.as_str()).expect("JSON");
        match message["type"].as_str() {
            Some("state") => {
                let view = &message["view"];
                match view["phase"].as_str() {
                    Some("ended") => break,
                    Some("asking") => {
                        let question = view["question"].as_u64().expect("a question");
                        if answered == Some(question) || view["answered"] == true {
                            continue;
                        }
                        answered = Some(question);
                        // Thinking, then a tap.
                        tokio::time::sleep(Duration::from_millis(rng.random_range(20..400))).await;
                        let option = rng.random_range(0..4);
                        let answer = serde_json::json!({"type": "answer", "token": token, "question": question, "option": option});
                        sent_at = Some(Instant::now());
                        tally.lock().unwrap().sent += 1;
                        socket.send(Message::Text(answer.to_string().into())).await.expect("sent");
                    }
                    _ => {}
                }
            }
            Some("ack") => {
                let mut tally = tally.lock().unwrap();
                tally.acked += 1;
                if let Some(sent) = sent_at.take() {
                    tally.latencies_ms.push(sent.elapsed().as_secs_f64() * 1000.0);
                }
            }
            Some("error") => tally.lock().unwrap().refused.push(message["error"].to_string()),
            _ => {}
        }
    }
}

fn percentile(sorted: &[f64], at: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * at).round() as usize]
}

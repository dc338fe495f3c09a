//! Load run for the live round: simulated students answer every question while the
//! teacher's window (the real app, headless) draws the projector view. Prints whether
//! every answer was counted once, the time from an answer to its acknowledgement, and
//! the teacher's frame time while answers arrive.
//!
//! cargo run --release --example live_load -- --students 40 --questions 20
//! cargo run --release --example live_load -- --students 200 --questions 20
//!
//! With `--classroom` (Linux, as root), the round runs over the emulated classroom
//! network of tests/live/classroom.rs instead of loopback: every phone behind one NAT
//! address, 200 ms of delay and 5 % loss on the phones' side.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portcards::app::{PortcardsApp, Startup, egui};
use portcards::clock::SystemClock;
use portcards::facts::Facts;
use portcards::live::round::Phase;
use portcards::profiles::{DEFAULT_PROFILE, Profiles};
use portcards::table::parse_table;

// The live tests' classroom network and phones; the load run uses part of them.
#[cfg(target_os = "linux")]
#[path = "../tests/live/classroom.rs"]
#[allow(dead_code)]
mod classroom;
#[path = "../tests/live/phones.rs"]
mod phones;

use phones::percentile;

/// Students tap after this long (ms): quick, as a class racing for points is.
const THINKING_MS: std::ops::Range<u64> = 20..400;

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
    let on_classroom_network = args.iter().any(|arg| arg == "--classroom");
    #[cfg(target_os = "linux")]
    let network = on_classroom_network.then(|| {
        let conditions = classroom::Conditions { delay: Duration::from_millis(200), loss: 0.05 };
        let network = classroom::Classroom::build(conditions).expect("the classroom network (run as root)");
        network.teacher().enter().expect("the teacher's computer");
        network
    });
    #[cfg(not(target_os = "linux"))]
    assert!(!on_classroom_network, "--classroom needs Linux");

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
    let adapter = if on_classroom_network { "10.77.0.1" } else { "this computer only" };
    harness.get_by_label_contains(adapter).click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.step();
    let (url, pin) = {
        let host = harness.state().desk().live().expect("the round is served");
        (host.join_url.clone(), host.round(|round| round.pin().to_string()))
    };
    let total = harness.state().desk().live().unwrap().round(|round| round.questions().len());
    assert_eq!(total, questions);

    #[cfg(target_os = "linux")]
    let wifi = network.as_ref().map(classroom::Classroom::phones);
    let students_thread = std::thread::spawn(move || {
        #[cfg(target_os = "linux")]
        if let Some(wifi) = wifi {
            wifi.enter().expect("the phones' side of the Wi-Fi");
        }
        phones::play(&url, &pin, students, 0, THINKING_MS)
    });

    // The teacher: draw frames; when a question is revealed, go on.
    let mut frame_ms: Vec<f64> = Vec::new();
    let started = Instant::now();
    let mut revealed_at: Option<Instant> = None;
    loop {
        let phase = harness.state().desk().live().unwrap().round(|round| round.phase());
        match phase {
            Phase::Ended => break,
            Phase::Lobby => {
                let joined = harness.state().desk().live().unwrap().round(|round| round.players().len());
                if joined == students {
                    harness.key_press(egui::Key::Space);
                }
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
    // The server stays up for the phones to hear the end; draw while they do.
    while !students_thread.is_finished() {
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    let elapsed = started.elapsed();
    let tally = students_thread.join().expect("the students' thread");
    let tally = tally.lock().unwrap();

    let round = harness.state().desk().live().unwrap().round(|round| round.clone());
    let recorded: usize =
        round.players().iter().map(|player| (0..total).filter(|&q| player.answer(q).is_some()).count()).sum();
    let mut latencies = tally.latencies_ms.clone();
    latencies.sort_by(f64::total_cmp);
    frame_ms.sort_by(f64::total_cmp);
    let network_name = if on_classroom_network {
        "the classroom network (one NAT address, 200 ms delay, 5 % loss)"
    } else {
        "127.0.0.1"
    };
    println!(
        "live round load: {students} students x {total} questions on {network_name}, in {:.1} s",
        elapsed.as_secs_f64()
    );
    println!(
        "  answers sent {}, acknowledged {}, recorded in the round {}, refused {}; {} phones heard the end",
        tally.sent,
        tally.acked.len(),
        recorded,
        tally.refused.len(),
        tally.ended.len()
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
    let ok = tally.sent == expected
        && tally.acked.len() == expected
        && recorded == expected
        && tally.refused.is_empty()
        && tally.ended.len() == students;
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

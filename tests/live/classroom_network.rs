//! A live round over a classroom network rather than loopback (Linux, as root): the
//! teacher's computer and 40 phones in network namespaces joined by a bridge, every
//! phone behind one NAT address, 200 ms of delay and 5 % loss on the phones' side
//! (see classroom.rs; the phones are phones.rs). 40 students answer 10 questions and
//! the teacher ends the round during the tenth: every answer a phone was told was
//! counted is counted exactly once, nobody is locked out by the mistyped PINs of a few,
//! every phone hears the end with its own score, and the figures are printed. Opt-in
//! (`cargo test --test live -- --ignored`): it fails when the network cannot be built.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use portcards::desk::{Desk, Intent, LiveIntent, Opening};
use portcards::live::RoundSetup;
use portcards::live::round::{Phase, Round};

use crate::classroom::{self, Classroom, Conditions, Namespace, ROUTER_IP};
use crate::phones::{self, percentile};

const STUDENTS: usize = 40;
const QUESTIONS: usize = 10;
const MISTYPING: usize = 3;

struct Served {
    url: String,
    pin: String,
    port: u16,
}

/// What the teacher's side saw: the round as it stood when the phones were done,
/// and when the teacher pressed End.
struct TeacherSaw {
    round: Round,
    ended_at: Instant,
}

/// The teacher: starts the round on the classroom address, opens the first question
/// when the class is in, reveals when everybody present answered, goes on after a
/// moment, and ends the round once half the class answered the tenth question.
fn teach(computer: &Namespace, served: mpsc::Sender<Served>, done: Arc<AtomicBool>) -> TeacherSaw {
    computer.enter().expect("the teacher's computer");
    let folder = tempfile::tempdir().unwrap();
    let now = || chrono::Local::now().fixed_offset();
    let mut desk = Desk::open(Opening::builtin(folder.path(), false, 5), now());
    let setup = RoundSetup { questions: QUESTIONS, seconds: 30, ..RoundSetup::default() };
    desk.apply(Intent::Live(LiveIntent::Start { setup, ip: classroom::TEACHER_IP.into() }), now());
    let host = desk.live().expect("the round is served on the classroom address");
    let pin = host.round(|round| round.pin().to_string());
    served.send(Served { url: host.join_url.clone(), pin, port: host.address.port() }).unwrap();
    let mut revealed_at: Option<Instant> = None;
    let mut ended_at = None;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(20));
        desk.tick(now());
        let Some(host) = desk.live() else { break };
        let (phase, players, (answered, eligible)) =
            host.round(|round| (round.phase(), round.players().len(), round.answered_count(now().to_utc())));
        let intent = match phase {
            Phase::Lobby if players == STUDENTS => Some(LiveIntent::Next),
            Phase::Asking { question, .. } if question == QUESTIONS - 1 && answered >= STUDENTS / 2 => {
                ended_at.get_or_insert_with(Instant::now);
                Some(LiveIntent::End)
            }
            Phase::Asking { .. } if answered == eligible && eligible > 0 => Some(LiveIntent::Reveal),
            Phase::Revealed { .. } if revealed_at.get_or_insert_with(Instant::now).elapsed().as_millis() > 300 => {
                revealed_at = None;
                Some(LiveIntent::Next)
            }
            _ => None,
        };
        if let Some(intent) = intent {
            desk.apply(Intent::Live(intent), now());
        }
    }
    let round = desk.live().expect("the round stays on screen after its end").round(Round::clone);
    TeacherSaw { round, ended_at: ended_at.expect("the teacher ended the round") }
}

#[test]
#[ignore = "needs root, iproute2 and iptables"]
fn linux_only_forty_phones_behind_one_address_on_a_lossy_slow_network() {
    let conditions = Conditions { delay: Duration::from_millis(200), loss: 0.05 };
    // Held here alone, so that a failing assertion still takes the network down.
    let classroom = Classroom::build(conditions).unwrap_or_else(|error| {
        panic!("the classroom network could not be built (it needs root, iproute2 and iptables): {error}")
    });
    let (served_sender, served) = mpsc::channel();
    let done = Arc::new(AtomicBool::new(false));
    let teacher = {
        let (computer, done) = (classroom.teacher(), Arc::clone(&done));
        std::thread::spawn(move || teach(&computer, served_sender, done))
    };
    let Served { url, pin, port } = served.recv_timeout(Duration::from_secs(30)).expect("the round started");
    assert!(url.starts_with("http://10.77.0.1:"), "{url}");
    let started = Instant::now();
    let phones = {
        let wifi = classroom.phones();
        std::thread::spawn(move || {
            wifi.enter().expect("the phones' side of the Wi-Fi");
            // Students think for up to a second and a half before they tap.
            phones::play(&url, &pin, STUDENTS, MISTYPING, 50..1500)
        })
    };
    // While the class plays, the teacher's computer sees every phone at one address.
    let mut peers_seen = BTreeSet::new();
    while !phones.is_finished() {
        peers_seen.extend(classroom.teacher_peers(port));
        std::thread::sleep(Duration::from_millis(250));
        assert!(started.elapsed() < Duration::from_secs(300), "the round did not finish");
    }
    let tally = phones.join().expect("the phones");
    done.store(true, Ordering::Relaxed);
    let saw = teacher.join().expect("the teacher");
    let tally = tally.lock().unwrap();
    let round = &saw.round;

    assert_eq!(peers_seen, BTreeSet::from([std::net::IpAddr::from(ROUTER_IP)]), "every phone behind one address");
    // Nobody locked out: the mistyped PINs were refused, then everybody got in.
    assert_eq!(tally.wrong_pins_refused, MISTYPING);
    assert_eq!(tally.joined, STUDENTS);
    assert_eq!(round.players().len(), STUDENTS);
    assert_eq!(round.asked(), QUESTIONS, "the round ended during the last question");
    // Every acknowledged answer is in the round exactly once (one slot per question).
    let student_of = |name: &str| name.trim_start_matches("student ").parse::<usize>().unwrap();
    let recorded: BTreeSet<(usize, usize)> = round
        .players()
        .iter()
        .flat_map(|player| {
            (0..QUESTIONS).filter(|&question| player.answer(question).is_some()).map(|q| (student_of(&player.name), q))
        })
        .collect();
    let missing: Vec<_> = tally.acked.difference(&recorded).collect();
    assert!(missing.is_empty(), "acknowledged but not counted: {missing:?}");
    assert!(recorded.len() <= tally.sent, "{} counted of {} sent", recorded.len(), tally.sent);
    // Refusals: only answers that arrived after the end.
    assert!(tally.refused.iter().all(|reason| reason.contains("ended")), "{:?}", tally.refused);
    // Every phone heard the end, with the score the teacher's screen has for it.
    assert_eq!(tally.ended.len(), STUDENTS, "every phone shows the final screen");
    for (student, _, score, rank) in &tally.ended {
        let player = round.players().iter().find(|player| student_of(&player.name) == *student).unwrap();
        assert_eq!(u64::from(player.score), *score, "student {student}'s final score");
        assert!(*rank >= 1);
    }
    let end_reached_ms: Vec<f64> = {
        let mut all: Vec<f64> =
            tally.ended.iter().map(|(_, at, _, _)| at.duration_since(saw.ended_at).as_secs_f64() * 1000.0).collect();
        all.sort_by(f64::total_cmp);
        all
    };
    let mut latencies = tally.latencies_ms.clone();
    latencies.sort_by(f64::total_cmp);
    let (delayed, lost) = (classroom.packets_delayed(), classroom.packets_lost());
    println!(
        "classroom network: {STUDENTS} phones behind one NAT address, {} ms delay and {:.0} % loss on their side",
        conditions.delay.as_millis(),
        conditions.loss * 100.0
    );
    println!(
        "  {} questions in {:.1} s; {} answers sent, {} acknowledged, {} counted; {} reconnects",
        round.asked(),
        started.elapsed().as_secs_f64(),
        tally.sent,
        tally.acked.len(),
        recorded.len(),
        tally.reconnects
    );
    println!(
        "  answer -> ack: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(0.0)
    );
    println!(
        "  end reached every phone: median {:.0} ms, last {:.0} ms after End",
        percentile(&end_reached_ms, 0.5),
        end_reached_ms.last().copied().unwrap_or(0.0)
    );
    println!("  phones' packets: {delayed} delayed, {lost} lost");
    // The network really was slow and lossy: an answer cannot be acknowledged faster
    // than the delay, and some packets were lost.
    assert!(percentile(&latencies, 0.5) >= 200.0, "the delay was not applied");
    assert!(lost > 0, "no packet was lost");
    assert!(end_reached_ms.last().copied().unwrap_or(f64::MAX) < 5_000.0, "the end took too long: {end_reached_ms:?}");
}

//! A teacher's rounds played by script: the desk with the live server's clock in the
//! script's hands, students joining and answering over HTTP on loopback, each round
//! on the date the script says. For the class memory's tests and the class view's
//! screenshot (examples/class_rounds.rs).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, Utc};
use portcards::desk::{Desk, Effect, Intent, LiveIntent, Opening, Screen};
use portcards::live::round::Phase;
use portcards::live::{LiveKind, LivePool, RoundSetup};

pub const LOOPBACK: std::net::IpAddr = std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

/// A teacher's profile with the live server's clock in the test's hands.
pub struct Teacher {
    pub desk: Desk,
    pub clock: Arc<Mutex<DateTime<Utc>>>,
    /// The folder the profiles are in.
    pub folder: PathBuf,
    /// A scratch folder's, removed with the teacher.
    scratch: Option<tempfile::TempDir>,
    /// What the desk said when the Live screen opened.
    pub opened: Vec<Effect>,
}

impl Teacher {
    /// A teacher in a scratch folder of their own.
    pub fn new(now: DateTime<FixedOffset>) -> Teacher {
        let scratch = tempfile::tempdir().unwrap();
        let mut teacher = Teacher::open(scratch.path().to_path_buf(), now);
        teacher.scratch = Some(scratch);
        teacher
    }

    /// The default profile under `folder`, opened on the Live screen.
    pub fn open(folder: PathBuf, now: DateTime<FixedOffset>) -> Teacher {
        let mut desk = Desk::open(Opening::builtin(&folder, false, 5), now);
        let clock = Arc::new(Mutex::new(now.to_utc()));
        let reading = Arc::clone(&clock);
        desk.set_live_clock(Arc::new(move || *reading.lock().unwrap()));
        let opened = desk.apply(Intent::Show(Screen::Live), now);
        Teacher { desk, clock, folder, scratch: None, opened }
    }

    /// The profile closed and opened again, as after a restart.
    pub fn restart(self, now: DateTime<FixedOffset>) -> Teacher {
        let Teacher { desk, folder, scratch, .. } = self;
        drop(desk);
        let mut teacher = Teacher::open(folder, now);
        teacher.scratch = scratch;
        teacher
    }

    pub fn live(&mut self, intent: LiveIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        self.desk.apply(Intent::Live(intent), now)
    }

    /// Plays a whole round at `now` for `class`: `students` join, and each answers
    /// every question, right when `knows(student, card id)` says so. Returns the card
    /// ids asked, in order.
    pub fn play(
        &mut self,
        now: DateTime<FixedOffset>,
        class: &str,
        setup: RoundSetup,
        students: usize,
        knows: impl Fn(usize, &str) -> bool,
    ) -> Vec<String> {
        *self.clock.lock().unwrap() = now.to_utc();
        self.live(LiveIntent::ChooseClass(class.to_string()), now);
        let effects = self.live(LiveIntent::Start { setup, ip: LOOPBACK }, now);
        let host = self.desk.live().unwrap_or_else(|| panic!("the round starts: {effects:?}"));
        let (url, pin) = (host.join_url.clone(), host.round(|round| round.pin().to_string()));
        let tokens: Vec<String> = (0..students)
            .map(|student| {
                let body = format!(r#"{{"type":"join","pin":"{pin}","name":"Student {student}"}}"#);
                let reply = post(&url, "join", body);
                reply["token"].as_str().expect("joined").to_string()
            })
            .collect();
        let questions = self.desk.live().unwrap().round(|round| round.questions().to_vec());
        let cards = self.desk.live().unwrap().round(|round| round.journal_questions());
        for (question, asked) in questions.iter().enumerate() {
            self.live(LiveIntent::Next, now);
            let right = asked.right_option.expect("four options, one right");
            for (student, token) in tokens.iter().enumerate() {
                let option = if knows(student, &cards[question].card) { right } else { (right + 1) % 4 };
                let body = format!(r#"{{"type":"answer","token":"{token}","question":{question},"option":{option}}}"#);
                assert_eq!(post(&url, "answer", body)["counted"], true);
            }
            self.live(LiveIntent::Reveal, now);
        }
        self.live(LiveIntent::Next, now);
        let phase = self.desk.live().unwrap().round(|round| round.phase());
        assert_eq!(phase, Phase::Ended, "the podium after the last question");
        self.live(LiveIntent::Close, now);
        cards.into_iter().map(|question| question.card).collect()
    }
}

pub fn post(url: &str, what: &str, body: String) -> serde_json::Value {
    let mut reply = ureq::post(format!("{url}api/{what}"))
        .header("Content-Type", "application/json")
        .send(body)
        .unwrap_or_else(|error| panic!("{what}: {error}"));
    serde_json::from_str(&reply.body_mut().read_to_string().unwrap()).unwrap()
}

pub fn four(questions: usize) -> RoundSetup {
    RoundSetup { questions, seconds: 20, pool: LivePool::Core, kind: LiveKind::FourOptions }
}

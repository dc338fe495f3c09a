//! Fair play from one address (a school's NAT puts the whole class behind one): a
//! classmate cannot find another student's rejoin code by trying, a prankster's
//! wrong PINs do not keep a late joiner out, guessing the PIN stays slow, and the
//! rate limits forget whom they have not heard from.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use portcards::live::limiter::{Buckets, RateLimit};
use portcards::live::round::RoundSetup;
use portcards::live::server::{Limits, ServerOptions};

use crate::server::{Served, join_body, serve_with};

/// A clock the test moves by hand.
#[derive(Clone)]
struct HandClock(Arc<Mutex<DateTime<Utc>>>);

impl HandClock {
    fn new() -> HandClock {
        HandClock(Arc::new(Mutex::new(Utc::now())))
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }

    fn options(&self, limits: Limits) -> ServerOptions {
        let clock = Arc::clone(&self.0);
        ServerOptions { now: Arc::new(move || *clock.lock().unwrap()), limits, ..ServerOptions::system() }
    }
}

fn wrong_pin(served: &Served) -> &'static str {
    if served.pin == "000000" { "000001" } else { "000000" }
}

fn rejoin_body(pin: &str, name: &str, code: &str) -> String {
    serde_json::json!({ "type": "join", "pin": pin, "name": name, "code": code }).to_string()
}

/// Every rejoin code there is, but `except`, in a fixed order.
fn other_codes(except: &str) -> impl Iterator<Item = String> {
    const LETTERS: &str = "ACDEFHJKMNPRTUVWXY34679";
    let letters: Vec<char> = LETTERS.chars().collect();
    let except = except.to_string();
    (0..letters.len().pow(4))
        .map(move |n| (0..4).map(|place| letters[n / letters.len().pow(place) % letters.len()]).collect::<String>())
        .filter(move |code| *code != except)
}

#[test]
fn a_right_pin_is_let_in_after_fifty_wrong_ones_from_the_same_address() {
    let clock = HandClock::new();
    let served = serve_with(RoundSetup::default(), clock.options(Limits::default()));
    let statuses: Vec<u16> =
        (0..50).map(|_| served.post("/api/join", &join_body(wrong_pin(&served), "Prankster")).0).collect();
    assert_eq!(&statuses[..30], &[403; 30], "a few typos are just refused");
    assert!(statuses[30..].iter().all(|&status| status == 429), "then the address must wait: {statuses:?}");
    let (status, body) = served.post("/api/join", &join_body(&served.pin, "Late Lea"));
    assert_eq!(status, 200, "the right PIN gets in: {body}");
    served.server.round(|round| assert_eq!(round.players()[0].name, "Late Lea"));
}

/// Past the address's limit each PIN looked at uses up one of the round's few
/// checks; once they are gone, the address waits before its PIN is compared, so a
/// guesser cannot go on trying at the speed the server answers.
#[test]
fn guessing_the_pin_past_the_limit_gets_only_the_rounds_few_checks() {
    let clock = HandClock::new();
    let limits = Limits { pin_checks_past_limit: 5, ..Limits::default() };
    let served = serve_with(RoundSetup::default(), clock.options(limits));
    for _ in 0..35 {
        served.post("/api/join", &join_body(wrong_pin(&served), "Guess"));
    }
    assert_eq!(served.post("/api/join", &join_body(&served.pin, "Guess")).0, 429, "the checks are used up");
    // The address has refusals again after a while: its PIN is looked at once more.
    clock.advance(Duration::seconds(5));
    assert_eq!(served.post("/api/join", &join_body(&served.pin, "Patient")).0, 200);
}

#[test]
fn brute_forcing_a_rejoin_code_from_one_address_is_stopped() {
    let clock = HandClock::new();
    let served = serve_with(RoundSetup::default(), clock.options(Limits::default()));
    let (_, ana) = served.post("/api/join", &join_body(&served.pin, "Ana"));
    let code = ana["rejoin_code"].as_str().unwrap().to_string();
    let mut answered = Vec::new();
    for guess in other_codes(&code).take(300) {
        let (status, body) = served.post("/api/join", &rejoin_body(&served.pin, "Ana", &guess));
        assert_ne!(status, 200, "a wrong code never lets in: {body}");
        answered.push(status);
    }
    assert_eq!(answered.iter().filter(|&&status| status == 409).count(), 5, "{answered:?}");
    assert!(answered[5..].iter().all(|&status| status == 429));
    // Even the right code waits now: guesses are not compared at all.
    assert_eq!(served.post("/api/join", &rejoin_body(&served.pin, "Ana", &code)).0, 429);
    // A minute later the name has one try again, and the right code brings Ana back.
    clock.advance(Duration::seconds(61));
    let (status, back) = served.post("/api/join", &rejoin_body(&served.pin, "Ana", &code));
    assert_eq!((status, &back["token"]), (200, &ana["token"]));
}

#[test]
fn guessing_codes_across_many_names_is_stopped_by_the_address() {
    let clock = HandClock::new();
    let served = serve_with(RoundSetup::default(), clock.options(Limits::default()));
    let names: Vec<String> = (0..20).map(|student| format!("student {student}")).collect();
    for name in &names {
        served.join(name);
    }
    let statuses: Vec<u16> =
        names.iter().map(|name| served.post("/api/join", &rejoin_body(&served.pin, name, "AAAA")).0).collect();
    assert_eq!(&statuses[..10], &[409; 10]);
    assert!(statuses[10..].iter().all(|&status| status == 429), "{statuses:?}");
}

#[test]
fn the_limits_forget_keys_not_heard_from() {
    let clock = HandClock::new();
    let served = serve_with(RoundSetup::default(), clock.options(Limits::default()));
    let token = served.join("Ana");
    for forged in 0..25 {
        assert_eq!(served.get(&format!("/api/state?token=forged{forged}")).0, 401);
    }
    assert!(served.server.limited_keys() >= 26, "{}", served.server.limited_keys());
    let limits = Limits::default();
    clock.advance(Buckets::longest_memory(&[limits.per_player, limits.refusals_per_address]));
    assert_eq!(served.get(&format!("/api/state?token={token}")).0, 200);
    assert_eq!(served.server.limited_keys(), 1, "only Ana, just heard from");
}

#[test]
fn a_flood_of_made_up_keys_leaves_only_the_recent_ones() {
    let limit = RateLimit { burst: 2.0, per_second: 1.0 };
    let start = Utc::now();
    let mut buckets = Buckets::default();
    for second in 0..1_000 {
        let now = start + Duration::seconds(second);
        assert!(buckets.take(&format!("made-up {second}"), limit, now));
    }
    assert!(buckets.remembered() <= 20, "{} keys remembered", buckets.remembered());
    // A key whose bucket is still filling is kept: forgetting it would let it start afresh.
    let slow = RateLimit { burst: 2.0, per_second: 0.01 };
    let now = start + Duration::seconds(2_000);
    assert!(buckets.take("busy", slow, now) && buckets.take("busy", slow, now));
    let later = now + Duration::seconds(60);
    assert!(buckets.take("somebody else", limit, later), "a sweep runs");
    assert!(buckets.is_empty("busy", later), "the busy key is still limited");
}

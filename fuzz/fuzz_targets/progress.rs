//! Any bytes as progress.json: loading either refuses cleanly or gives progress a
//! session can study with, whatever dates and numbers it holds.
#![no_main]

use chrono::{DateTime, Duration};
use libfuzzer_sys::fuzz_target;
use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::progress::Grade;
use portcards::session::Session;
use portcards::table::parse_table;

fuzz_target!(|data: &[u8]| {
    let Ok(progress) = portcards::store::parse_progress(data) else { return };
    let now = DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap();
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
    let mut session = Session::new(deck, progress, now, 1);
    let _ = session.counts(now);
    for step in 0..3 {
        let at = now + Duration::minutes(step);
        session.practise_ahead(at);
        session.submit("ssh", at);
        session.grade(Grade::Good, at);
    }
});

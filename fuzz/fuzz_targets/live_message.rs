//! Any bytes a phone could send to a live round are refused with a reason or
//! carried out, and the round never panics.
#![no_main]

use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::live::messages::{self, ClientMessage};
use portcards::live::round::{Round, RoundSetup};
use portcards::table::parse_table;
use rand::SeedableRng;
use rand::rngs::StdRng;

fn round() -> &'static Round {
    static ROUND: OnceLock<Round> = OnceLock::new();
    ROUND.get_or_init(|| {
        let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
        Round::new(&deck, RoundSetup::default(), &mut StdRng::seed_from_u64(1)).expect("a round")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(message) = messages::parse(data) else { return };
    let mut round = round().clone();
    let mut rng = StdRng::seed_from_u64(2);
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap();
    let pin = round.pin().to_string();
    let player = round.join(&pin, "Fuzz", &mut rng).expect("a first player joins");
    round.next(now);
    match message {
        ClientMessage::Join { pin, name, code: None } => {
            if round.join(&pin, &name, &mut rng).is_ok() {
                assert!(round.players().len() == 2);
            }
        }
        ClientMessage::Join { pin, name, code: Some(code) } => {
            // A rejoin never adds a player, and only the right code brings one back.
            if let Ok(back) = round.rejoin(&pin, &name, &code) {
                assert_eq!(back.token, player.token);
                assert_eq!(code.trim().to_uppercase(), player.rejoin_code);
            }
            assert_eq!(round.players().len(), 1);
        }
        ClientMessage::Answer { token, question, given } => {
            // The forged token as sent, then the same answer from the real player.
            assert!(round.answer(&token, question, given.clone(), now).is_err() || token == player.token);
            if round.answer(&player.token, question, given, now).is_ok() {
                round.reveal();
                assert!(round.players()[0].score <= 1_500);
            }
        }
    }
});

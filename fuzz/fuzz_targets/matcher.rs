//! Any answer to any card of the real deck, and any lookup query, never panics.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::table::parse_table;

fn deck() -> &'static Deck {
    static DECK: OnceLock<Deck> = OnceLock::new();
    DECK.get_or_init(|| Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), true))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(typed) = std::str::from_utf8(rest) else { return };
    let deck = deck();
    let card = usize::from(selector) % deck.cards.len();
    let verdict = deck.check(card, typed);
    let _ = verdict.explanation(typed);
    let _ = portcards::lookup::lookup(deck, typed);
});

//! Any text as a port table: parsing, building a deck and `check` never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::table::parse_table;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let table = parse_table(text);
        for problem in &table.problems {
            let _ = problem.to_string();
        }
        let deck = Deck::build(table.rows, &Facts::builtin(), false);
        for card in 0..deck.cards.len().min(8) {
            let _ = deck.check(card, "ssh");
        }
    }
});

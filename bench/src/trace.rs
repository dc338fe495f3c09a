//! `--trace`: one learner, day by day, under portcards beside plain FSRS-6, Leitner
//! and the reference (the day lines go to standard error when `PC_TRACE` is set).

use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::table::parse_table;

use crate::cell::{Cell, Kind, port_cards, small_deck};
use crate::learners::{Family, Learner};
use crate::zoo::run;

/// `--trace FAMILY,DECK_INDEX,HORIZON,BUDGET,SEED`: the runs, with their day lines on
/// standard error (`PC_TRACE` set).
pub fn trace(spec: &str) {
    let parts: Vec<&str> = spec.split(',').collect();
    let family = Family::ALL.into_iter().find(|family| family.key() == parts[0]).expect("a family");
    let table = parse_table(portcards::BUILTIN_TABLE);
    let facts = Facts::builtin();
    let deck =
        if parts[1] == "0" { Deck::build(table.rows.clone(), &facts, false) } else { small_deck(&table.rows, &facts) };
    let cards = port_cards(&deck);
    let (horizon, budget, seed): (i64, i64, u64) =
        (parts[2].parse().unwrap(), parts[3].parse().unwrap(), parts[4].parse().unwrap());
    let cell = Cell { deck: &deck, cards: &cards, horizon, budget };
    for kind in [Kind::PortcardsExam, Kind::Portcards, Kind::PlainFsrs, Kind::Leitner, Kind::Oracle] {
        let mut learner = Learner::new(family, deck.cards.len(), seed * 7919 + budget as u64 * 31 + horizon as u64);
        let outcome = run(kind, &cell, &mut learner, seed);
        println!("{kind:?}: recall {:.3} reviews {}", outcome.recall, outcome.reviews);
    }
}

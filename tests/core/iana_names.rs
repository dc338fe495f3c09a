//! IANA's service names (data/iana-service-names.tsv) against every deck: each port
//! has its registry name, `lookup` finds the port by it, and the port's card accepts
//! it, except where IANA assigns the port to another service than the one taught.

use portcards::coverage::StudyFor;
use portcards::deck::{Deck, DeckKind};
use portcards::facts::Facts;
use portcards::lookup::{Lookup, describe, lookup};
use portcards::matcher::Judgement;
use portcards::table::parse_table;

fn decks() -> Vec<Deck> {
    let kinds = [DeckKind::Table, DeckKind::TableAndExtras, DeckKind::For(StudyFor::Both)];
    kinds
        .into_iter()
        .map(|kind| Deck::build_kind(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), kind))
        .collect()
}

#[test]
fn every_port_in_every_deck_has_its_iana_name() {
    for deck in decks() {
        for (row, port_row) in deck.rows.iter().enumerate() {
            for port in port_row.ports.ports() {
                assert!(
                    deck.iana_names(row).iter().any(|name| name.port == port),
                    "port {port} ({}) has no IANA name in data/iana-service-names.tsv",
                    port_row.service
                );
            }
        }
    }
}

#[test]
fn lookup_finds_each_port_by_its_iana_name_and_its_card_accepts_it() {
    let mut tried = 0;
    for deck in decks() {
        for row in 0..deck.rows.len() {
            let card = deck
                .cards
                .iter()
                .position(|card| card.row == row && card.id.as_str().ends_with(":port-to-service"))
                .expect("every row has a port-to-service card");
            for name in deck.iana_names(row) {
                tried += 1;
                let verdict = deck.check(card, &name.keyword);
                if name.answers {
                    assert_eq!(
                        verdict.judgement,
                        Judgement::Correct,
                        "{} on {}: {verdict:?}",
                        name.keyword,
                        deck.cards[card].id
                    );
                    match lookup(&deck, &name.keyword) {
                        Lookup::Found(rows) => assert!(rows.contains(&row), "{} finds {rows:?}", name.keyword),
                        other => panic!("lookup {} gave {other:?}", name.keyword),
                    }
                } else {
                    assert_ne!(
                        verdict.judgement,
                        Judgement::Correct,
                        "{} is not what {} teaches",
                        name.keyword,
                        deck.cards[card].id
                    );
                }
                assert!(describe(&deck, row).contains(&name.keyword), "lookup shows {}", name.keyword);
            }
        }
    }
    assert!(tried > 150, "only {tried}");
}

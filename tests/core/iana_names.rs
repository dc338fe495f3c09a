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

/// Every name, alias and comment that Debian's /etc/services gives for a port of the
/// deck (the shipped copy of those lines) finds that port with `lookup`.
#[test]
fn lookup_finds_each_port_by_every_name_alias_and_comment_of_etc_services() {
    let services = portcards::services::Services::builtin();
    let mut tried = 0;
    let mut missed = Vec::new();
    for deck in decks() {
        for line in services.lines.iter().filter(|line| deck.rows.iter().any(|row| row.ports.contains(line.port))) {
            let names =
                std::iter::once(&line.name).chain(&line.aliases).chain(Some(&line.comment).filter(|c| !c.is_empty()));
            for name in names {
                tried += 1;
                let rows = match lookup(&deck, name) {
                    Lookup::Found(rows) | Lookup::Within { rows, .. } => rows,
                    _ => Vec::new(),
                };
                if !rows.iter().any(|&row| deck.rows[row].ports.contains(line.port)) {
                    missed.push(format!("\"{name}\" ({}) finds {:?}", line.describe(), lookup(&deck, name)));
                }
            }
        }
    }
    assert!(missed.is_empty(), "{} of {tried} not found:\n{}", missed.len(), missed.join("\n"));
    assert!(tried > 300, "only {tried}");
}

/// The shipped lines are the system's own: every /etc/services line on a port of any
/// deck is in data/etc-services-deck.txt as it stands, and nothing else is. Opt-in, as
/// it reads the machine's file; CI runs it on Debian, where a newer netbase that
/// renames a port fails it until the copy is brought up to date.
#[test]
#[ignore = "needs Debian's /etc/services (netbase)"]
fn the_shipped_lines_match_the_systems_etc_services() {
    let system = std::fs::read_to_string("/etc/services").expect("/etc/services is readable");
    let system = portcards::services::Services::parse(&system);
    let shipped = portcards::services::Services::builtin();
    let deck_ports: Vec<u16> =
        decks().iter().flat_map(|deck| deck.rows.iter().flat_map(|row| row.ports.ports())).collect();
    let on_deck: Vec<_> = system.lines.iter().filter(|line| deck_ports.contains(&line.port)).collect();
    for line in &on_deck {
        assert!(shipped.lines.contains(line), "/etc/services has {} that the copy lacks", line.describe());
    }
    for line in &shipped.lines {
        assert!(on_deck.contains(&line), "the copy has {} that /etc/services lacks", line.describe());
    }
}

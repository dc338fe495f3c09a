//! Which cards are related (`portcards::deck::are_related`): the same row, a secure
//! or insecure counterpart, a card whose text names the other's answer. The study
//! queue and the live round keep related cards apart.

use portcards::deck::{Deck, are_related};
use portcards::facts::Facts;
use portcards::table::parse_table;

fn deck() -> Deck {
    Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), true)
}

fn card(deck: &Deck, id: &str) -> usize {
    deck.cards.iter().position(|card| card.id.as_str() == id).unwrap_or_else(|| panic!("no card {id}"))
}

fn related(deck: &Deck, a: &str, b: &str) -> bool {
    let (a, b) = (card(deck, a), card(deck, b));
    let both_ways = are_related(deck, a, b);
    assert_eq!(both_ways, are_related(deck, b, a), "the relation is symmetric");
    both_ways
}

#[test]
fn two_cards_of_one_row_are_related() {
    let deck = deck();
    assert!(related(&deck, "22:port-to-service", "22:service-to-port"));
    assert!(related(&deck, "69:port-to-transport", "69:service-to-port"));
}

#[test]
fn secure_and_insecure_counterparts_are_related() {
    let deck = deck();
    assert!(related(&deck, "587:port-to-service", "465:port-to-service"), "submission and SMTPS");
    assert!(related(&deck, "80:service-to-port", "443:port-to-service"), "HTTP and HTTPS");
    assert!(related(&deck, "23:port-to-service", "22:service-to-port"), "Telnet and SSH");
    assert!(related(&deck, "389:port-to-service", "636:service-to-port"), "LDAP and LDAPS");
    assert!(related(&deck, "636:port-to-service", "3269:port-to-service"), "LDAPS and its global catalog");
}

#[test]
fn a_card_whose_text_names_the_next_ones_answer_is_related() {
    let deck = deck();
    // 4500's full name, "IPsec NAT traversal (IKE and ESP inside UDP)", names IKE.
    assert!(related(&deck, "4500:port-to-service", "500:service-to-port"));
    // A counterpart card's answer is another row's service.
    assert!(related(&deck, "counterpart:telnet:secure", "22:port-to-service"));
}

#[test]
fn unrelated_cards_are_not_related() {
    let deck = deck();
    assert!(!related(&deck, "22:port-to-service", "53:port-to-service"));
    assert!(!related(&deck, "4500:port-to-service", "123:service-to-port"));
    assert!(!related(&deck, "587:port-to-service", "161-162:port-to-service"));
    // Most pairs of rows have nothing to do with each other.
    let rows = deck.rows.len();
    let firsts: Vec<usize> = (0..rows)
        .map(|row| deck.cards.iter().position(|card| card.row == row).expect("a card for every row"))
        .collect();
    let pairs = rows * (rows - 1) / 2;
    let related_pairs = (0..rows)
        .flat_map(|a| (a + 1..rows).map(move |b| (a, b)))
        .filter(|&(a, b)| are_related(&deck, firsts[a], firsts[b]))
        .count();
    assert!(related_pairs * 10 < pairs, "{related_pairs} of {pairs} row pairs related");
}

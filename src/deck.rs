//! Turning table rows into cards with stable identities and prompts.
//!
//! Every row gives two cards: port → service and service → port. A card's
//! identity is its port(s) plus its direction (`22:port-to-service`), so that
//! editing a table keeps the progress of the rows that did not change.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::matcher::{self, Verdict};
use crate::ports::PortSpec;
use crate::table::PortRow;

/// Which way a card asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    PortToService,
    ServiceToPort,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::PortToService, Direction::ServiceToPort];

    fn slug(self) -> &'static str {
        match self {
            Direction::PortToService => "port-to-service",
            Direction::ServiceToPort => "service-to-port",
        }
    }
}

/// A card's identity, stable across edits of unrelated rows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardId(String);

impl CardId {
    pub fn new(ports: &PortSpec, direction: Direction) -> Self {
        CardId(format!("{ports}:{}", direction.slug()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One flashcard.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: CardId,
    /// Index into [`Deck::rows`].
    pub row: usize,
    pub direction: Direction,
    pub core: bool,
    pub prompt: String,
    /// The full correct answer as shown after answering.
    pub answer: String,
    expected: Expected,
}

#[derive(Debug, Clone, PartialEq)]
enum Expected {
    Service { spellings: Vec<String> },
    Ports { ports: PortSpec, also_right: Vec<PortSpec> },
}

impl Card {
    /// Checks a typed answer.
    pub fn check(&self, typed: &str) -> Verdict {
        match &self.expected {
            Expected::Service { spellings } => matcher::check_service(typed, spellings),
            Expected::Ports { ports, also_right } => matcher::check_ports(typed, ports, also_right),
        }
    }
}

/// The rows of a table and the cards built from them.
#[derive(Debug, Clone, Default)]
pub struct Deck {
    pub rows: Vec<PortRow>,
    pub cards: Vec<Card>,
    positions: HashMap<CardId, usize>,
}

impl Deck {
    pub fn build(rows: Vec<PortRow>) -> Self {
        let mut cards = Vec::with_capacity(rows.len() * 2);
        for index in 0..rows.len() {
            for direction in Direction::ALL {
                cards.push(card_for(&rows, index, direction));
            }
        }
        let positions = cards.iter().enumerate().map(|(index, card)| (card.id.clone(), index)).collect();
        Deck { rows, cards, positions }
    }

    pub fn card(&self, id: &CardId) -> Option<&Card> {
        self.position(id).map(|index| &self.cards[index])
    }

    /// The index of a card in [`Deck::cards`].
    pub fn position(&self, id: &CardId) -> Option<usize> {
        self.positions.get(id).copied()
    }

    pub fn row_of(&self, card: &Card) -> &PortRow {
        &self.rows[card.row]
    }
}

fn card_for(rows: &[PortRow], index: usize, direction: Direction) -> Card {
    let row = &rows[index];
    let plural = row.ports.port_count() > 1;
    let (prompt, answer, expected) = match direction {
        Direction::PortToService => {
            let noun = if plural { "ports" } else { "port" };
            let prompt = format!("Which service uses {noun} {}?", row.ports);
            let spellings = matcher::accepted_spellings(&row.service);
            (prompt, row.service.clone(), Expected::Service { spellings })
        }
        Direction::ServiceToPort => {
            let noun = if plural { "ports do" } else { "port does" };
            let prompt = format!("Which {noun} {} use?", row.service);
            let also_right = same_service_elsewhere(rows, index);
            let answer = row.ports.to_string();
            (prompt, answer, Expected::Ports { ports: row.ports.clone(), also_right })
        }
    };
    Card { id: CardId::new(&row.ports, direction), row: index, direction, core: row.core, prompt, answer, expected }
}

/// Ports of other rows with the same service name: the question has more than one answer.
fn same_service_elsewhere(rows: &[PortRow], index: usize) -> Vec<PortSpec> {
    let name = matcher::normalise(&rows[index].service);
    rows.iter()
        .enumerate()
        .filter(|(other, row)| *other != index && matcher::normalise(&row.service) == name)
        .map(|(_, row)| row.ports.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Outcome;
    use crate::table::parse_table;

    fn seed_deck() -> Deck {
        Deck::build(parse_table(include_str!("../data/ports.md")).rows)
    }

    #[test]
    fn every_row_gives_two_cards_with_unique_ids() {
        let deck = seed_deck();
        assert_eq!(deck.cards.len(), 92);
        let mut ids: Vec<&CardId> = deck.cards.iter().map(|card| &card.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 92);
    }

    #[test]
    fn prompts_read_naturally() {
        let deck = seed_deck();
        let by_id = |id: &str| deck.cards.iter().find(|card| card.id.as_str() == id).unwrap();
        assert_eq!(by_id("22:port-to-service").prompt, "Which service uses port 22?");
        assert_eq!(by_id("22:service-to-port").prompt, "Which port does SSH/SCP use?");
        assert_eq!(by_id("67-68:service-to-port").prompt, "Which ports do DHCP/BOOTP use?");
        assert_eq!(by_id("67-68:service-to-port").answer, "67-68");
        assert!(by_id("67-68:port-to-service").core);
        assert!(!by_id("7:port-to-service").core);
    }

    #[test]
    fn ranges_are_one_card_answered_by_the_range() {
        let deck = seed_deck();
        let netbios = deck.card(&CardId::new(&"137-139".parse().unwrap(), Direction::ServiceToPort)).unwrap();
        assert_eq!(netbios.check("137-139").outcome, Outcome::Correct);
        assert_eq!(netbios.check("137").outcome, Outcome::Partial);
    }

    #[test]
    fn kerberos_accepts_either_of_its_ports() {
        let deck = seed_deck();
        let kerberos = deck.card(&CardId::new(&"88".parse().unwrap(), Direction::ServiceToPort)).unwrap();
        assert_eq!(kerberos.check("88").outcome, Outcome::Correct);
        assert_eq!(kerberos.check("464").outcome, Outcome::Correct);
        assert_eq!(kerberos.check("389").outcome, Outcome::Wrong);
    }
}

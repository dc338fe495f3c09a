//! Turning table rows (plus their facts) into cards with stable identities,
//! prompts, answer checks and multiple-choice options.
//!
//! Every row gives port → service and service → port cards, and port → transport
//! cards where the facts teach a transport (one per part of a range whose parts
//! differ). A card's identity is its port(s) plus its direction
//! (`22:port-to-service`), so that editing a table keeps the progress of the rows
//! that did not change.

use std::collections::HashMap;
use std::fmt;

use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::facts::{Facts, PortFacts, Transport};
use crate::matcher::{self, Outcome, Rival, Spelling, Verdict};
use crate::ports::PortSpec;
use crate::table::PortRow;

/// Which way a card asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    PortToService,
    ServiceToPort,
    PortToTransport,
}

impl Direction {
    fn slug(self) -> &'static str {
        match self {
            Direction::PortToService => "port-to-service",
            Direction::ServiceToPort => "service-to-port",
            Direction::PortToTransport => "port-to-transport",
        }
    }

    /// What the card asks for, in one word.
    pub fn asks_for(self) -> &'static str {
        match self {
            Direction::PortToService => "service",
            Direction::ServiceToPort => "port",
            Direction::PortToTransport => "transport",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::PortToService => "Port to service",
            Direction::ServiceToPort => "Service to port",
            Direction::PortToTransport => "Port to transport",
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
    /// The full correct answer as shown after answering, and as the right choice.
    pub answer: String,
    expected: Expected,
}

#[derive(Debug, Clone, PartialEq)]
enum Expected {
    Service,
    Ports { ports: PortSpec, also_right: Vec<PortSpec> },
    Transport(Transport),
}

/// The rows of a table, their facts and the cards built from them.
#[derive(Debug, Clone, Default)]
pub struct Deck {
    pub rows: Vec<PortRow>,
    pub cards: Vec<Card>,
    facts: Vec<Option<PortFacts>>,
    spellings: Vec<Vec<Spelling>>,
    /// "NTP (port 123)", how a verdict names another row.
    labels: Vec<String>,
    confusable: Vec<Vec<usize>>,
    positions: HashMap<CardId, usize>,
    /// Rows by normalised service name, for questions with more than one answer.
    rows_by_name: HashMap<String, Vec<usize>>,
}

impl Deck {
    /// Builds the deck from the table's rows, adding the facts' extras when asked.
    pub fn build(mut rows: Vec<PortRow>, facts: &Facts, with_extras: bool) -> Self {
        if with_extras {
            let extras = facts.extras().filter(|extra| rows.iter().all(|row| row.ports != extra.ports));
            let extras: Vec<PortRow> = extras.map(PortFacts::as_extra_row).collect();
            rows.extend(extras);
        }
        let row_facts: Vec<Option<PortFacts>> = rows.iter().map(|row| facts.for_ports(&row.ports).cloned()).collect();
        let spellings = rows
            .iter()
            .zip(&row_facts)
            .map(|(row, facts)| {
                let mut aliases = facts.as_ref().map(|facts| facts.aliases.clone()).unwrap_or_default();
                aliases.extend(facts.as_ref().map(|facts| facts.name.clone()));
                matcher::spellings(&row.service, &aliases)
            })
            .collect();
        let labels = rows.iter().map(|row| format!("{} (port {})", row.service, row.ports)).collect();
        let rows_by_ports: HashMap<&PortSpec, usize> =
            rows.iter().enumerate().map(|(index, row)| (&row.ports, index)).collect();
        let row_of_ports = |ports: &PortSpec| rows_by_ports.get(ports).copied();
        let confusable = rows
            .iter()
            .map(|row| facts.confusable_with(&row.ports).into_iter().filter_map(row_of_ports).collect())
            .collect();
        let mut rows_by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, row) in rows.iter().enumerate() {
            rows_by_name.entry(matcher::compact(&row.service)).or_default().push(index);
        }
        let mut deck = Deck {
            rows,
            cards: Vec::new(),
            facts: row_facts,
            spellings,
            labels,
            confusable,
            positions: HashMap::new(),
            rows_by_name,
        };
        deck.cards = (0..deck.rows.len()).flat_map(|index| deck.cards_for_row(index)).collect();
        deck.positions = deck.cards.iter().enumerate().map(|(index, card)| (card.id.clone(), index)).collect();
        deck
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

    pub fn facts_of_row(&self, row: usize) -> Option<&PortFacts> {
        self.facts.get(row).and_then(Option::as_ref)
    }

    /// Every accepted spelling of a row's service.
    pub fn spellings_of_row(&self, row: usize) -> &[Spelling] {
        &self.spellings[row]
    }

    /// Checks a typed (or chosen) answer to a card.
    pub fn check(&self, card: usize, typed: &str) -> Verdict {
        let card = &self.cards[card];
        match &card.expected {
            Expected::Service => {
                let rivals = (0..self.rows.len())
                    .filter(|&row| row != card.row)
                    .map(|row| Rival { label: &self.labels[row], spellings: &self.spellings[row] });
                matcher::check_service(typed, &self.rows[card.row].service, &self.spellings[card.row], rivals)
            }
            Expected::Ports { ports, also_right } => matcher::check_ports(typed, ports, also_right),
            Expected::Transport(transport) => matcher::check_transport(typed, *transport),
        }
    }

    /// Four options for multiple choice (three for a transport card), the right one
    /// among them, shuffled. Distractors are confusable first (the same family, then
    /// neighbouring port numbers), and never an answer the card would accept.
    pub fn choices(&self, card: usize, rng: &mut impl Rng) -> Vec<String> {
        let this = &self.cards[card];
        let mut options = vec![this.answer.clone()];
        if let Expected::Transport(_) = this.expected {
            options.extend([Transport::Tcp, Transport::Udp, Transport::Both].iter().map(ToString::to_string));
            options.sort();
            options.dedup();
        } else {
            let candidates = self.distractor_rows(this.row, rng);
            for row in candidates {
                let text = match this.direction {
                    Direction::ServiceToPort => self.rows[row].ports.to_string(),
                    _ => self.rows[row].service.clone(),
                };
                let accepted = self.check(card, &text).outcome != Outcome::Wrong;
                if !accepted && !options.contains(&text) {
                    options.push(text);
                }
                if options.len() == 4 {
                    break;
                }
            }
        }
        options.shuffle(rng);
        options
    }

    /// Other rows in the order distractors are tried: confusable ones (shuffled), then
    /// the nearest port numbers, a little shuffled so the same three do not always come.
    fn distractor_rows(&self, row: usize, rng: &mut impl Rng) -> Vec<usize> {
        let mut confusable = self.confusable[row].clone();
        confusable.shuffle(rng);
        let first = i64::from(self.rows[row].ports.first());
        let mut nearby: Vec<usize> =
            (0..self.rows.len()).filter(|&other| other != row && !confusable.contains(&other)).collect();
        nearby.sort_by_key(|&other| (i64::from(self.rows[other].ports.first()) - first).abs());
        let window = nearby.len().min(6);
        nearby[..window].shuffle(rng);
        confusable.into_iter().chain(nearby).collect()
    }

    fn cards_for_row(&self, index: usize) -> Vec<Card> {
        let row = &self.rows[index];
        let plural = |ports: &PortSpec| ports.port_count() > 1;
        let mut cards = Vec::with_capacity(3);
        let card = |ports: &PortSpec, direction, prompt: String, answer: String, expected| Card {
            id: CardId::new(ports, direction),
            row: index,
            direction,
            core: row.core,
            prompt,
            answer,
            expected,
        };
        let noun = if plural(&row.ports) { "ports" } else { "port" };
        cards.push(card(
            &row.ports,
            Direction::PortToService,
            format!("Which service uses {noun} {}?", row.ports),
            row.service.clone(),
            Expected::Service,
        ));
        let verb = if plural(&row.ports) { "ports do" } else { "port does" };
        let mut also_right = self.same_service_elsewhere(index);
        also_right.extend(self.facts_of_row(index).map(|facts| facts.also_ports.clone()).unwrap_or_default());
        also_right.dedup();
        cards.push(card(
            &row.ports,
            Direction::ServiceToPort,
            format!("Which {verb} {} use?", row.service),
            row.ports.to_string(),
            Expected::Ports { ports: row.ports.clone(), also_right },
        ));
        for (ports, transport) in self.facts_of_row(index).map(PortFacts::transport_groups).unwrap_or_default() {
            let subject = if ports == row.ports {
                format!("{noun} {ports}")
            } else {
                let part_noun = if plural(&ports) { "ports" } else { "port" };
                format!("{part_noun} {ports} ({})", row.service)
            };
            let verb = if plural(&ports) { "do" } else { "does" };
            cards.push(card(
                &ports,
                Direction::PortToTransport,
                format!("Which transport {verb} {subject} use?"),
                transport.to_string(),
                Expected::Transport(transport),
            ));
        }
        cards
    }

    /// Ports of other rows with the same service name: the question has more than one answer.
    fn same_service_elsewhere(&self, index: usize) -> Vec<PortSpec> {
        let name = matcher::compact(&self.rows[index].service);
        let rows = self.rows_by_name.get(&name).map_or(&[][..], Vec::as_slice);
        rows.iter().filter(|&&other| other != index).map(|&other| self.rows[other].ports.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::parse_table;
    use crate::testing::seed_deck;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn index(deck: &Deck, id: &str) -> usize {
        deck.cards.iter().position(|card| card.id.as_str() == id).unwrap_or_else(|| panic!("no card {id}"))
    }

    #[test]
    fn every_row_gives_three_cards_with_unique_ids_and_netbios_four() {
        let deck = seed_deck();
        assert_eq!(deck.cards.len(), 46 * 3 + 1);
        let mut ids: Vec<&CardId> = deck.cards.iter().map(|card| &card.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), deck.cards.len());
    }

    #[test]
    fn prompts_read_naturally() {
        let deck = seed_deck();
        let prompt = |id: &str| deck.cards[index(&deck, id)].prompt.clone();
        assert_eq!(prompt("22:port-to-service"), "Which service uses port 22?");
        assert_eq!(prompt("22:service-to-port"), "Which port does SSH/SCP use?");
        assert_eq!(prompt("67-68:service-to-port"), "Which ports do DHCP/BOOTP use?");
        assert_eq!(prompt("69:port-to-transport"), "Which transport does port 69 use?");
        assert_eq!(prompt("67-68:port-to-transport"), "Which transport do ports 67-68 use?");
        assert_eq!(prompt("139:port-to-transport"), "Which transport does port 139 (NetBIOS) use?");
        assert_eq!(prompt("137-138:port-to-transport"), "Which transport do ports 137-138 (NetBIOS) use?");
        assert_eq!(deck.cards[index(&deck, "69:port-to-transport")].answer, "UDP");
    }

    #[test]
    fn a_ten_thousand_row_table_builds_a_deck() {
        let mut source = String::from("| Port | Service |\n|---|---|\n");
        for port in 1..=10_000 {
            source.push_str(&format!("| {port} | Service {} |\n", port % 97));
        }
        let deck = Deck::build(parse_table(&source).rows, &Facts::builtin(), false);
        assert!(deck.cards.len() >= 20_000);
        let card = index(&deck, "5000:service-to-port");
        assert_eq!(deck.check(card, "5000").outcome, Outcome::Correct);
        assert_eq!(deck.check(card, "5097").outcome, Outcome::Correct, "same name, another row");
        let mut rng = StdRng::seed_from_u64(1);
        assert_eq!(deck.choices(card, &mut rng).len(), 4);
    }

    #[test]
    fn extras_join_only_when_asked() {
        let table = parse_table(crate::BUILTIN_TABLE).rows;
        let with = Deck::build(table.clone(), &Facts::builtin(), true);
        assert!(with.card(&CardId::new(&"3389".parse().unwrap(), Direction::PortToService)).is_some());
        let without = Deck::build(table, &Facts::builtin(), false);
        assert!(without.card(&CardId::new(&"3389".parse().unwrap(), Direction::PortToService)).is_none());
    }

    #[test]
    fn choices_hold_one_right_answer_and_three_confusable_wrong_ones() {
        let deck = seed_deck();
        let mut rng = StdRng::seed_from_u64(7);
        for card in 0..deck.cards.len() {
            for _ in 0..5 {
                let options = deck.choices(card, &mut rng);
                let right: Vec<&String> =
                    options.iter().filter(|option| deck.check(card, option).outcome == Outcome::Correct).collect();
                assert_eq!(right.len(), 1, "{}: {options:?}", deck.cards[card].id);
                let expected_len = if deck.cards[card].direction == Direction::PortToTransport { 3 } else { 4 };
                assert_eq!(options.len(), expected_len, "{}: {options:?}", deck.cards[card].id);
            }
        }
    }

    #[test]
    fn smtp_distractors_come_from_its_confusable_families() {
        let deck = seed_deck();
        let card = index(&deck, "25:port-to-service");
        let mut rng = StdRng::seed_from_u64(1);
        let options = deck.choices(card, &mut rng);
        let mail = ["SMTP", "SMTPS", "POP3", "IMAP4", "SNMP", "syslog"];
        assert!(options.iter().all(|option| mail.contains(&option.as_str())), "{options:?}");
    }

    #[test]
    fn kerberos_choices_never_offer_its_other_port() {
        let deck = seed_deck();
        let card = index(&deck, "88:service-to-port");
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..20 {
            assert!(!deck.choices(card, &mut rng).contains(&"464".to_string()));
        }
    }
}

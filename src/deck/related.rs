//! Which cards are related, so that no one gives the next one's answer away: two
//! cards of one row, a row and its secure or insecure counterpart (HTTP and HTTPS,
//! 587 and 465), and a card whose shown text (prompt, answer, note, the row's full
//! name and remarks) names the other's row by a name or a port (4500's "IKE and ESP
//! inside UDP" names ISAKMP on 500).
//!
//! The relation is worked out once when the deck is built, row by row and card by
//! card, so that asking it is a look-up: the study queue asks it for every candidate
//! of every pick, the live round for every question it draws.
//!
//! Not here: what to do with it (the study queue in `session::queue`, the live round).

use std::collections::{HashMap, HashSet};

use super::{Card, CardIndex, Deck};
use crate::exam::Counterpart;
use crate::matcher;

/// The most words a name of a row spans ("simple mail transfer protocol secure").
const LONGEST_NAME_WORDS: usize = 6;

/// Whether two cards are related: showing one right after the other would give its
/// answer away, or ask the same thing twice. Symmetric; a card is related to itself.
pub fn are_related(deck: &Deck, a: CardIndex, b: CardIndex) -> bool {
    let (card_a, card_b) = (&deck.cards[a], &deck.cards[b]);
    card_a.row == card_b.row
        || deck.relations.counterpart_rows[card_a.row].contains(&card_b.row)
        || deck.relations.rows_named_by_card[a].contains(&card_b.row)
        || deck.relations.rows_named_by_card[b].contains(&card_a.row)
}

/// The relation, computed once per deck.
#[derive(Debug, Clone, Default)]
pub(super) struct Relations {
    /// For each row, the rows of its secure or insecure counterparts and of the ports
    /// its facts accept beside its own (587 for 465, 3269 for 636).
    counterpart_rows: Vec<HashSet<usize>>,
    /// For each card, the other rows its shown text names.
    rows_named_by_card: Vec<HashSet<usize>>,
}

impl Relations {
    pub(super) fn new(deck: &Deck, counterparts: &[Counterpart]) -> Self {
        let names = NameIndex::new(deck);
        let rows_named_by_card = deck
            .cards
            .iter()
            .map(|card| {
                let mut named = names.rows_named(&shown_text(deck, card));
                named.remove(&card.row);
                named
            })
            .collect();
        Relations { counterpart_rows: counterpart_rows(deck, counterparts), rows_named_by_card }
    }
}

/// Each row's counterparts, both ways: the pairs of the exam questions (every port a
/// side accepts), and the other ports a row's facts accept.
fn counterpart_rows(deck: &Deck, counterparts: &[Counterpart]) -> Vec<HashSet<usize>> {
    let mut related = vec![HashSet::new(); deck.rows.len()];
    let mut link = |a: usize, b: usize| {
        if a != b {
            related[a].insert(b);
            related[b].insert(a);
        }
    };
    for pair in counterparts {
        let sides = std::iter::once(&pair.insecure).chain(&pair.secure);
        let rows: Vec<usize> = sides
            .flat_map(|side| std::iter::once(&side.ports).chain(&side.also_ports))
            .filter_map(|ports| deck.rows.iter().position(|row| row.ports == *ports))
            .collect();
        for (place, &row) in rows.iter().enumerate() {
            for &other in &rows[place + 1..] {
                link(row, other);
            }
        }
    }
    for row in 0..deck.rows.len() {
        let also = deck.facts_of_row(row).map(|facts| facts.also_ports.clone()).unwrap_or_default();
        for other in also.iter().filter_map(|ports| deck.rows.iter().position(|candidate| candidate.ports == *ports)) {
            link(row, other);
        }
    }
    related
}

/// Everything the learner reads on a card and its answer: the prompt, the answer and
/// its note, and for the port and service cards the row's full name and remarks.
fn shown_text(deck: &Deck, card: &Card) -> String {
    let mut text = vec![card.prompt.clone(), card.answer.clone()];
    text.extend(card.note.clone());
    if !card.direction.is_exam_kind() {
        let row = &deck.rows[card.row];
        text.push(row.service.clone());
        text.push(row.info.clone());
        if let Some(facts) = deck.facts_of_row(card.row) {
            text.push(facts.name.clone());
            text.extend(facts.note.clone());
        }
    }
    text.join(" \n ")
}

/// The rows by each of their names (compacted) and by each of their ports.
struct NameIndex {
    by_name: HashMap<String, Vec<usize>>,
    by_port: HashMap<u16, Vec<usize>>,
}

/// Ranges wider than this are found by their first port only (a table's dynamic
/// range would otherwise fill the index with tens of thousands of ports).
const WIDEST_RANGE_INDEXED: usize = 64;

impl NameIndex {
    fn new(deck: &Deck) -> Self {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_port: HashMap<u16, Vec<usize>> = HashMap::new();
        for (row, ports) in deck.rows.iter().map(|row| &row.ports).enumerate() {
            for spelling in deck.spellings_of_row(row) {
                by_name.entry(spelling.compact.clone()).or_default().push(row);
            }
            let indexed: Vec<u16> =
                if ports.port_count() <= WIDEST_RANGE_INDEXED { ports.ports().collect() } else { vec![ports.first()] };
            for port in indexed {
                by_port.entry(port).or_default().push(row);
            }
        }
        NameIndex { by_name, by_port }
    }

    /// The rows a text names: a run of its words that is a row's name, or a number
    /// that is one of a row's ports.
    fn rows_named(&self, text: &str) -> HashSet<usize> {
        let words: Vec<String> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(str::to_lowercase).collect();
        let mut named = HashSet::new();
        for start in 0..words.len() {
            if let Ok(port) = words[start].parse::<u16>() {
                named.extend(self.by_port.get(&port).into_iter().flatten());
                continue;
            }
            for end in start + 1..=(start + LONGEST_NAME_WORDS).min(words.len()) {
                let run = matcher::compact(&words[start..end].join(" "));
                if run.is_empty() || run.chars().all(|c| c.is_ascii_digit()) {
                    continue;
                }
                named.extend(self.by_name.get(&run).into_iter().flatten());
            }
        }
        named
    }
}

//! Turning table rows (plus their facts) into cards with stable identities,
//! prompts and answer checks.
//!
//! Every row gives port → service and service → port cards, and port → transport
//! cards where the facts teach a transport (one per part of a range whose parts
//! differ). A card's identity is its port(s) plus its direction
//! (`22:port-to-service`), so that editing a table keeps the progress of the rows
//! that did not change.
//!
//! Not here: the exam-style cards (`exam_cards`: counterparts, clear text,
//! scenarios, families, IP protocol numbers) and the options of multiple choice
//! (`distractors`), each in a file of its own under `deck/`.

mod distractors;
mod exam_cards;
mod named_ports;
pub mod related;

pub use related::are_related;

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::coverage::{Listing, StudyFor};
use crate::exam::Family;
use crate::facts::{Facts, PortFacts};
use crate::matcher::{self, Judgement, Parts, Rival, Spelling, Verdict};
use crate::ports::PortSpec;
use crate::ports::Transport;
use crate::table::PortRow;

/// Which way a card asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    PortToService,
    ServiceToPort,
    PortToTransport,
    /// An insecure protocol: name its secure replacement and port.
    SecureCounterpart,
    /// A secure protocol: name the insecure one it replaced, and its port.
    InsecureCounterpart,
    /// Does this protocol send its data in clear text?
    ClearText,
    /// A described need: answer with a port, a protocol, or both.
    Scenario,
    /// Name every port of a family.
    Family,
    /// A protocol carried in IP itself (ESP): name its IP protocol number.
    ProtocolNumber,
}

impl Direction {
    pub fn slug(self) -> &'static str {
        match self {
            Direction::PortToService => "port-to-service",
            Direction::ServiceToPort => "service-to-port",
            Direction::PortToTransport => "port-to-transport",
            Direction::SecureCounterpart => "secure",
            Direction::InsecureCounterpart => "replaces",
            Direction::ClearText => "clear-text",
            Direction::Scenario => "scenario",
            Direction::Family => "family",
            Direction::ProtocolNumber => "ip-protocol",
        }
    }

    /// The kinds that ask like the exam does, beyond port and service.
    pub fn is_exam_kind(self) -> bool {
        !matches!(self, Direction::PortToService | Direction::ServiceToPort | Direction::PortToTransport)
    }

    /// What the card asks for, in one word.
    pub fn asks_for(self) -> &'static str {
        match self {
            Direction::PortToService => "service",
            Direction::ServiceToPort => "port",
            Direction::PortToTransport => "transport",
            Direction::SecureCounterpart => "secure",
            Direction::InsecureCounterpart => "insecure",
            Direction::ClearText => "clear text?",
            Direction::Scenario => "scenario",
            Direction::Family => "family",
            Direction::ProtocolNumber => "protocol number",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::PortToService => "Port to service",
            Direction::ServiceToPort => "Service to port",
            Direction::PortToTransport => "Port to transport",
            Direction::SecureCounterpart => "Secure counterpart",
            Direction::InsecureCounterpart => "What it replaced",
            Direction::ClearText => "Clear text or encrypted",
            Direction::Scenario => "Scenario",
            Direction::Family => "Port family",
            Direction::ProtocolNumber => "IP protocol number",
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

    /// Cards that are not about one row: `scenario:clock-drift`, `family:mail`,
    /// `counterpart:telnet:secure`.
    fn named(parts: &[&str]) -> Self {
        CardId(parts.join(":"))
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

/// A card's place in [`Deck::cards`]: the deck's own index, valid until the deck is
/// rebuilt. [`CardId`] is the name that lasts (in progress files and logs).
pub type CardIndex = usize;

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
    /// Why the answer is what it is, shown after answering (scenarios, counterparts).
    pub note: Option<String>,
    /// The families of the ports it asks about, for studying one family.
    pub families: Vec<Family>,
    expected: Expected,
}

#[derive(Debug, Clone, PartialEq)]
enum Expected {
    Service,
    Ports {
        ports: PortSpec,
        also_right: Vec<PortSpec>,
    },
    Transport(Transport),
    /// A protocol with its port or transport; any one of the alternatives is right.
    Parts(Vec<Parts>),
    ClearText(bool),
    /// The members of a family a learner is expected to know, by ports and service;
    /// `tolerated` are the family's other ports, not asked but not wrong either.
    PortSet {
        members: Vec<(PortSpec, String)>,
        tolerated: Vec<PortSpec>,
    },
    /// An IP protocol number (ESP: 50), not a port.
    ProtocolNumber {
        number: u8,
        name: String,
    },
}

/// The rows of a table, their facts and the cards built from them.
#[derive(Debug, Clone, Default)]
pub struct Deck {
    pub rows: Vec<PortRow>,
    pub cards: Vec<Card>,
    facts: Vec<Option<PortFacts>>,
    /// IANA's names for each row's ports.
    iana: Vec<Vec<crate::facts::IanaName>>,
    spellings: Vec<Vec<Spelling>>,
    /// "NTP (port 123)", how a verdict names another row.
    labels: Vec<String>,
    confusable: Vec<Vec<usize>>,
    positions: HashMap<CardId, usize>,
    /// Rows by normalised service name, for questions with more than one answer.
    rows_by_name: HashMap<String, Vec<usize>>,
    /// Protocols outside the deck ("TELNETS (port 992)") and their spellings.
    elsewhere: Vec<(String, Vec<Spelling>)>,
    /// The ports the chosen exam asks; empty when the deck is not built for an exam.
    exam_list: Vec<PortSpec>,
    /// The exam the deck is built for, if any.
    study_for: Option<StudyFor>,
    /// Where each exam lists each row's ports (both exams, whatever the deck's kind).
    listings: Vec<Vec<Listing>>,
    /// Whether the learner's table marks each row as core (bold); extras are not.
    table_core: Vec<bool>,
    /// The IP protocol numbers the chosen exam's objectives name (core in its deck).
    exam_protocols: Vec<u8>,
    /// Every IP protocol the facts know (ESP, AH, GRE): for a lookup, and for naming a
    /// wrong number ("51 is AH's").
    ip_protocols: Vec<crate::exam::IpProtocol>,
    /// Which cards give each other's answers away (`related`).
    relations: related::Relations,
}

/// What a row is to the learner, as the Study screen labels it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Named on the objectives of the chosen exam(s): "N10-009", "N10-009 and SY0-701".
    Objectives(String),
    /// On the chosen exam's list from practice questions, not its objectives.
    PracticeTests,
    /// Bold in the learner's table, and on no chosen exam's list.
    TableCore,
    Neither,
}

impl Standing {
    /// The label beside a card: "ON THE N10-009 OBJECTIVES", "CORE IN YOUR TABLE".
    pub fn label(&self) -> Option<String> {
        match self {
            Standing::Objectives(exams) => Some(format!("ON THE {exams} OBJECTIVES")),
            Standing::PracticeTests => Some("OFTEN IN PRACTICE TESTS".to_string()),
            Standing::TableCore => Some("CORE IN YOUR TABLE".to_string()),
            Standing::Neither => None,
        }
    }
}

/// Which rows a deck holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeckKind {
    /// The table alone.
    Table,
    /// The table and every extra in the facts (the "exam extras" box).
    TableAndExtras,
    /// The table and what the chosen exam asks.
    For(StudyFor),
}

impl Deck {
    /// Builds the deck from the table's rows, adding the facts' extras when asked.
    pub fn build(rows: Vec<PortRow>, facts: &Facts, with_extras: bool) -> Self {
        Deck::build_kind(rows, facts, if with_extras { DeckKind::TableAndExtras } else { DeckKind::Table })
    }

    /// Builds the deck of a kind: the table alone, with every extra, or for an exam
    /// (the table's rows, then the extras that exam asks; what its objectives name
    /// counts as core and is what its family cards ask first).
    pub fn build_kind(rows: Vec<PortRow>, facts: &Facts, kind: DeckKind) -> Self {
        let mut table_core: Vec<bool> = rows.iter().map(|row| row.core).collect();
        let (mut rows, exam_list) = rows_of_kind(rows, facts, kind);
        table_core.resize(rows.len(), false);
        let listings = rows.iter().map(|row| facts.coverage.listings(&row.ports)).collect();
        let row_facts: Vec<Option<PortFacts>> = rows.iter().map(|row| facts.for_ports(&row.ports).cloned()).collect();
        // The deck shows the table's rows with their slips corrected and where the
        // facts name a service better (two rows both called "Kerberos"); the table's
        // own name stays an accepted answer.
        let mut table_names = Vec::with_capacity(rows.len());
        for (row, row_facts) in rows.iter_mut().zip(&row_facts) {
            table_names.push(row.service.clone());
            let shown = row_facts.as_ref().and_then(|facts| facts.service.clone());
            row.service = shown.unwrap_or_else(|| facts.corrected(&row.service));
            let corrected_info = row_facts.as_ref().and_then(|facts| facts.info.clone());
            row.info = corrected_info.unwrap_or_else(|| facts.corrected(&row.info));
        }
        let spellings = row_spellings(&rows, &row_facts, &table_names, facts);
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
        let iana = rows.iter().map(|row| facts.iana_names(&row.ports).cloned().collect()).collect();
        let exam_protocols = match kind {
            DeckKind::For(study_for) => facts
                .coverage
                .protocols(study_for)
                .iter()
                .filter(|item| item.source != crate::coverage::PRACTICE_QUESTIONS)
                .map(|item| item.number)
                .collect(),
            DeckKind::Table | DeckKind::TableAndExtras => Vec::new(),
        };
        let mut deck = Deck {
            iana,
            exam_list,
            study_for: match kind {
                DeckKind::For(study_for) => Some(study_for),
                DeckKind::Table | DeckKind::TableAndExtras => None,
            },
            listings,
            table_core,
            exam_protocols,
            ip_protocols: facts.questions.ip_protocols.clone(),
            relations: related::Relations::default(),
            rows,
            cards: Vec::new(),
            facts: row_facts,
            spellings,
            labels,
            confusable,
            positions: HashMap::new(),
            rows_by_name,
            elsewhere: facts
                .elsewhere
                .iter()
                .map(|other| {
                    let label = format!("{} (port {}, not in this deck)", other.name, other.ports);
                    (label, matcher::spellings(&other.name, &other.aliases))
                })
                .collect(),
        };
        deck.cards = (0..deck.rows.len()).flat_map(|index| deck.cards_for_row(index)).collect();
        let exam_cards = deck.exam_cards(&facts.questions);
        deck.cards.extend(exam_cards);
        deck.positions = deck.cards.iter().enumerate().map(|(index, card)| (card.id.clone(), index)).collect();
        deck.relations = related::Relations::new(&deck, &facts.questions.counterparts);
        deck
    }

    /// IANA's names for a row's ports, in port order.
    pub fn iana_names(&self, row: usize) -> &[crate::facts::IanaName] {
        &self.iana[row]
    }

    /// Whether the deck is built for an exam (Network+, Security+ or both).
    pub fn is_for_exam(&self) -> bool {
        !self.exam_list.is_empty()
    }

    /// Whether the exam the deck is built for asks about a row (false without one).
    pub fn exam_asks(&self, row: usize) -> bool {
        self.exam_list.contains(&self.rows[row].ports)
    }

    /// Where each exam lists a row's ports, Network+ first (whatever exam the deck
    /// is built for): on its objectives, or often in its practice tests.
    pub fn listings(&self, row: usize) -> &[Listing] {
        &self.listings[row]
    }

    /// What a row is to this learner: named on the chosen exam's objectives, often in
    /// its practice tests, core in their own table, or none of these.
    pub fn standing(&self, row: usize) -> Standing {
        let chosen = self.study_for.map_or(&[][..], StudyFor::exam_codes);
        let listed = |listing: &&Listing| chosen.contains(&listing.exam());
        let mut exams: Vec<&str> = self.listings[row]
            .iter()
            .filter(listed)
            .filter(|listing| listing.on_objectives())
            .map(Listing::exam)
            .collect();
        exams.dedup();
        if !exams.is_empty() {
            return Standing::Objectives(exams.join(" and "));
        }
        if self.listings[row].iter().any(|listing| listed(&listing)) {
            return Standing::PracticeTests;
        }
        if self.table_core[row] {
            return Standing::TableCore;
        }
        // An extra the deck weights (the N10-009 ports of the "exam extras" box).
        let named = self.listings[row].iter().find(|listing| listing.on_objectives());
        match named {
            Some(listing) if self.rows[row].core => Standing::Objectives(listing.exam().to_string()),
            _ => Standing::Neither,
        }
    }

    /// The IP protocol a lookup names: by name ("esp"), full name, or as "IP protocol
    /// 50" / "protocol 50"; with `number_alone`, a bare "50" too.
    pub fn ip_protocol_named(&self, query: &str, number_alone: bool) -> Option<&crate::exam::IpProtocol> {
        let compact = matcher::compact(query);
        let lower = query.to_lowercase();
        let digits: String = lower.chars().filter(char::is_ascii_digit).collect();
        let names_a_protocol = lower.contains("proto");
        let only_digits = lower.trim().chars().all(|c| c.is_ascii_digit());
        let number: Option<u8> =
            if names_a_protocol || (number_alone && only_digits) { digits.parse().ok() } else { None };
        // "tcp" and "udp" are filler words to the matcher, which compacts them away:
        // the name is compared as typed too.
        let named = |name: &str| {
            name.eq_ignore_ascii_case(query.trim()) || (!compact.is_empty() && matcher::compact(name) == compact)
        };
        self.ip_protocols
            .iter()
            .find(|protocol| Some(protocol.number) == number || named(&protocol.name) || named(&protocol.full_name))
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
    /// The protocol outside the deck that `typed` names exactly, as a verdict labels it.
    pub fn elsewhere_named(&self, typed: &str) -> Option<&str> {
        let typed = matcher::compact(typed);
        self.elsewhere
            .iter()
            .find(|(_, spellings)| spellings.iter().any(|spelling| spelling.compact == typed))
            .map(|(label, _)| label.as_str())
    }

    pub fn spellings_of_row(&self, row: usize) -> &[Spelling] {
        &self.spellings[row]
    }

    /// Every protocol an answer could name: each row (with its place) and each
    /// protocol outside the deck.
    fn rivals(&self) -> impl Iterator<Item = (Option<usize>, Rival<'_>)> + Clone {
        let rows = (0..self.rows.len())
            .map(|row| (Some(row), Rival { label: &self.labels[row], spellings: &self.spellings[row] }));
        rows.chain(self.elsewhere.iter().map(|(label, spellings)| (None, Rival { label, spellings })))
    }

    /// Every protocol an answer could name, as a verdict labels it, with its spellings.
    pub fn protocol_names(&self) -> impl Iterator<Item = (&str, &[Spelling])> {
        self.rivals().map(|(_, rival)| (rival.label, rival.spellings))
    }

    /// The names that answer a card that asks for a protocol (empty for the kinds
    /// that ask for a port, a transport or clear text only).
    pub fn accepted_names(&self, card: usize) -> Vec<&Spelling> {
        let card = &self.cards[card];
        match &card.expected {
            Expected::Service => self.spellings[card.row].iter().collect(),
            Expected::Parts(right) => right.iter().flat_map(|parts| &parts.spellings).collect(),
            _ => Vec::new(),
        }
    }

    /// Checks a typed (or chosen) answer to a card.
    pub fn check(&self, card: usize, typed: &str) -> Verdict {
        let card = &self.cards[card];
        // The full answer as shown (a multiple-choice option) is right as it stands,
        // also where it lists alternatives: "SFTP, port 22 or FTPS, ports 989-990".
        if matches!(card.expected, Expected::Parts(_) | Expected::PortSet { .. })
            && matcher::compact(typed) == matcher::compact(&card.answer)
        {
            return Verdict::new(Judgement::Correct, matcher::Why::Exact);
        }
        match &card.expected {
            Expected::Service => self.check_service_answer(card, typed),
            Expected::Ports { ports, also_right } => self.check_port_answer(card, typed, ports, also_right),
            Expected::Transport(transport) => {
                // A range whose parts differ asks each part apart: the note is the whole's.
                let facts = self.facts_of_row(card.row).filter(|facts| facts.transport_by_port.is_empty());
                let also = facts.and_then(|facts| facts.also_transport.as_ref());
                matcher::check_transport(typed, *transport, also.map(|(other, why)| (*other, why.as_str())))
            }
            Expected::Parts(right) => matcher::check_parts(typed, right, self.rivals().map(|(_, rival)| rival)),
            Expected::ClearText(clear_text) => matcher::check_clear_text(typed, *clear_text),
            Expected::PortSet { members, tolerated } => matcher::check_port_set(typed, members, tolerated),
            Expected::ProtocolNumber { number, name } => self.check_protocol_number(typed, *number, name),
        }
    }

    /// An IP protocol number; a port of the deck given instead is named as a port
    /// ("500 is a port: IKE's. ESP has no port; it is IP protocol 50").
    fn check_protocol_number(&self, typed: &str, number: u8, name: &str) -> Verdict {
        let known = self.ip_protocols.iter().map(|protocol| (protocol.number, protocol.name.as_str()));
        let verdict = matcher::check_protocol_number(typed, number, name, known);
        if matches!(verdict.why, matcher::Why::Wrong(_))
            && let Ok(given) = matcher::parse_port_answer(typed)
            && let Some(row) = self.rows.iter().position(|row| row.ports.contains(given.first()))
        {
            let why = format!(
                "{given} is a port: {}. {name} has no port; it rides directly in IP as IP protocol {number}.",
                self.labels[row]
            );
            return Verdict::new(Judgement::Wrong, matcher::Why::IsOther(why));
        }
        verdict
    }

    /// A port answer, with the near misses that teach: another row's port names that
    /// row ("That is SMTP submission (port 587)"), and a transport named with the right
    /// port that the service does not use is pointed out ("NTP runs over UDP").
    fn check_port_answer(&self, card: &Card, typed: &str, ports: &PortSpec, also_right: &[PortSpec]) -> Verdict {
        let verdict = matcher::check_ports(typed, ports, also_right);
        if matches!(verdict.why, matcher::Why::NotUnderstood(_))
            && let Some(verdict) = self.check_port_with_name(card, typed)
        {
            return verdict;
        }
        let given = matcher::parse_port_answer(typed).ok();
        if verdict.judgement == Judgement::Wrong
            && let Some(given) = &given
            && let Some(other) = self.rows.iter().position(|row| row.ports == *given)
            && other != card.row
        {
            let service = &self.rows[card.row].service;
            let why = format!("That is {}; {service} is {}.", self.labels[other], ports);
            return Verdict::new(Judgement::Wrong, matcher::Why::IsOther(why));
        }
        if verdict.judgement == Judgement::Wrong
            && let Some(given) = &given
        {
            let service = &self.rows[card.row].service;
            let whose = match self.row_for(given).filter(|&row| row != card.row) {
                Some(row) => format!("{given} belongs to {}", self.labels[row]),
                None => format!("No service in this deck uses {given}"),
            };
            let why = format!("{whose}; {service} is on {}.", ports.phrase());
            return Verdict::new(Judgement::Wrong, matcher::Why::Wrong(why));
        }
        if verdict.judgement == Judgement::Correct
            && card.direction == Direction::ServiceToPort
            && let Some(facts) = self.facts_of_row(card.row)
            && let Some(named) = matcher::parse_transport(typed)
            && facts.transport_by_port.is_empty()
            && named != facts.transport
            && facts.transport != Transport::Both
            && facts.also_transport.as_ref().is_none_or(|(other, _)| named != *other)
        {
            let service = &self.rows[card.row].service;
            let note = format!("Right port; note that {service} runs over {}, not {named}.", facts.transport);
            return Verdict::new(Judgement::Correct, matcher::Why::RightWithNote(note));
        }
        verdict
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
            note: None,
            families: self.families_of_row(index),
            expected,
        };
        cards.push(card(
            &row.ports,
            Direction::PortToService,
            format!("Which service uses {}?", row.ports.phrase()),
            row.service.clone(),
            Expected::Service,
        ));
        // The service is the subject, one protocol: "Which ports does SNMP use?"
        let noun = if plural(&row.ports) { "ports" } else { "port" };
        let mut also_right = self.same_service_elsewhere(index);
        also_right.extend(self.facts_of_row(index).map(|facts| facts.also_ports.clone()).unwrap_or_default());
        also_right.dedup();
        cards.push(card(
            &row.ports,
            Direction::ServiceToPort,
            format!("Which {noun} does {} use?", row.service),
            row.ports.to_string(),
            Expected::Ports { ports: row.ports.clone(), also_right },
        ));
        for (ports, transport) in self.facts_of_row(index).map(PortFacts::transport_groups).unwrap_or_default() {
            let subject =
                if ports == row.ports { ports.phrase() } else { format!("{} ({})", ports.phrase(), row.service) };
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

    /// The rows holding these ports, each once, in the order given.
    pub fn rows_of_ports(&self, ports: &[PortSpec]) -> Vec<usize> {
        let mut rows: Vec<usize> = Vec::new();
        for row in ports.iter().filter_map(|ports| self.row_for(ports)) {
            if !rows.contains(&row) {
                rows.push(row);
            }
        }
        rows
    }

    /// The port-to-service and service-to-port cards of the rows holding these ports,
    /// for putting first in study what a performance-based question missed.
    pub fn study_cards_of_ports(&self, ports: &[PortSpec]) -> Vec<CardIndex> {
        let rows = self.rows_of_ports(ports);
        (0..self.cards.len())
            .filter(|&card| {
                let card = &self.cards[card];
                rows.contains(&card.row)
                    && matches!(card.direction, Direction::ServiceToPort | Direction::PortToService)
            })
            .collect()
    }

    pub fn families_of_row(&self, row: usize) -> Vec<Family> {
        self.facts_of_row(row).map(|facts| facts.families.clone()).unwrap_or_default()
    }

    /// The row for a port set: the one with exactly these ports, else the one holding
    /// its first port (162 is in the SNMP row 161-162).
    pub fn row_for(&self, ports: &PortSpec) -> Option<usize> {
        self.rows
            .iter()
            .position(|row| row.ports == *ports)
            .or_else(|| self.rows.iter().position(|row| row.ports.contains(ports.first())))
    }

    /// Ports of other rows with the same service name: the question has more than one answer.
    fn same_service_elsewhere(&self, index: usize) -> Vec<PortSpec> {
        let name = matcher::compact(&self.rows[index].service);
        let rows = self.rows_by_name.get(&name).map_or(&[][..], Vec::as_slice);
        rows.iter().filter(|&&other| other != index).map(|&other| self.rows[other].ports.clone()).collect()
    }
}

/// Every accepted spelling of each row: the name shown, the facts' aliases and full
/// name, the table's own name and IANA's keywords that answer it.
fn row_spellings(
    rows: &[PortRow],
    row_facts: &[Option<PortFacts>],
    table_names: &[String],
    all_facts: &Facts,
) -> Vec<Vec<Spelling>> {
    rows.iter()
        .zip(row_facts)
        .zip(table_names)
        .map(|((row, facts), table_name)| {
            let mut aliases = facts.as_ref().map(|facts| facts.aliases.clone()).unwrap_or_default();
            aliases.extend(facts.as_ref().map(|facts| facts.name.clone()));
            aliases.push(table_name.clone());
            aliases.extend(iana_answers(row, all_facts));
            let mut spellings = matcher::spellings(&row.service, &aliases);
            // The table's own name for the row is its name, not an alias ("Kerberos"
            // for 464, which the facts show as "Kerberos kpasswd"); a slip the facts
            // correct ("Microsft DS") stays an alias, so that the verdict says so.
            if all_facts.corrected(table_name) == *table_name {
                let table_name = matcher::compact(table_name);
                spellings.iter_mut().filter(|spelling| spelling.compact == table_name).for_each(|s| s.exact = true);
            }
            spellings
        })
        .collect()
}

/// IANA's keywords that answer a row's cards ("ms-wbt-server" for RDP).
fn iana_answers(row: &PortRow, facts: &Facts) -> Vec<String> {
    facts.iana_names(&row.ports).filter(|name| name.answers).map(|name| name.keyword.clone()).collect()
}

/// The table's rows and the extras a deck kind adds; for an exam, its list of
/// ports. For an exam, core is what its objectives name: the table's bold rows that
/// it does not name lose their weight (the Study screen still labels them as core in
/// the learner's table).
fn rows_of_kind(mut rows: Vec<PortRow>, facts: &Facts, kind: DeckKind) -> (Vec<PortRow>, Vec<PortSpec>) {
    let wanted = |extra: &&PortFacts| match kind {
        DeckKind::Table => false,
        DeckKind::TableAndExtras => true,
        DeckKind::For(study_for) => facts.coverage.asks(study_for, &extra.ports),
    };
    let extras = facts.extras().filter(wanted).filter(|extra| rows.iter().all(|row| row.ports != extra.ports));
    let extras: Vec<PortRow> = extras.map(PortFacts::as_extra_row).collect();
    rows.extend(extras);
    let exam_list: Vec<PortSpec> = match kind {
        DeckKind::For(study_for) => facts.coverage.items(study_for).iter().map(|item| item.ports.clone()).collect(),
        _ => Vec::new(),
    };
    if let DeckKind::For(study_for) = kind
        && study_for != StudyFor::TableOnly
    {
        for row in &mut rows {
            row.core = facts.coverage.on_objectives(study_for, &row.ports);
        }
    }
    (rows, exam_list)
}

/// Ports in order, each set as it is written: "25, 110, 137-139".
fn list_ports(mut ports: Vec<&PortSpec>) -> String {
    ports.sort_by_key(|ports| ports.first());
    ports.iter().map(|ports| ports.to_string()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::parse_table;
    use crate::testing::seed_deck;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    pub(super) fn index(deck: &Deck, id: &str) -> usize {
        deck.cards.iter().position(|card| card.id.as_str() == id).unwrap_or_else(|| panic!("no card {id}"))
    }

    #[test]
    fn every_row_gives_three_cards_with_unique_ids_and_netbios_four() {
        let deck = seed_deck();
        assert_eq!(deck.cards.iter().filter(|card| !card.direction.is_exam_kind()).count(), 46 * 3 + 1);
        let mut ids: Vec<&CardId> = deck.cards.iter().map(|card| &card.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), deck.cards.len());
    }

    #[test]
    fn no_two_cards_ask_the_same_question() {
        for extras in [false, true] {
            let deck = Deck::build(parse_table(crate::BUILTIN_TABLE).rows, &Facts::builtin(), extras);
            let mut seen = std::collections::HashMap::new();
            for card in &deck.cards {
                if let Some(first) = seen.insert(card.prompt.clone(), card.id.clone()) {
                    panic!("{} and {} both ask {:?}", first, card.id, card.prompt);
                }
            }
        }
    }

    #[test]
    fn prompts_read_naturally() {
        let deck = seed_deck();
        let prompt = |id: &str| deck.cards[index(&deck, id)].prompt.clone();
        assert_eq!(prompt("22:port-to-service"), "Which service uses port 22?");
        assert_eq!(prompt("22:service-to-port"), "Which port does SSH/SCP use?");
        assert_eq!(prompt("67-68:service-to-port"), "Which ports does DHCP/BOOTP use?");
        assert_eq!(prompt("161-162:service-to-port"), "Which ports does SNMP use?");
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
        assert_eq!(deck.check(card, "5000").judgement, Judgement::Correct);
        assert_eq!(deck.check(card, "5097").judgement, Judgement::Correct, "same name, another row");
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
}

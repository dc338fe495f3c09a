//! Multiple choice: the options a card offers, and the wrong ones worth offering.
//!
//! Distractors come confusable first (the rows the facts say are mixed up with this
//! one, then the nearest port numbers, a little shuffled), take the answer's own form
//! (a range for a range), and are never an answer the card would accept. Transport
//! and clear-text cards offer their fixed few.
//!
//! Not here: building the cards and checking an answer (the `deck` module), or
//! which card is asked (the session).

use rand::Rng;
use rand::seq::SliceRandom;

use super::{Deck, Direction, Expected, list_ports};
use crate::matcher::{self, Judgement, Parts};
use crate::ports::{PortSpec, Transport};

impl Deck {
    /// Four options for multiple choice (three for a transport card), the right one
    /// among them, shuffled. Distractors are confusable first (the same family, then
    /// neighbouring port numbers), and never an answer the card would accept.
    pub fn choices(&self, card: usize, rng: &mut impl Rng) -> Vec<String> {
        let this = &self.cards[card];
        let mut options = vec![this.answer.clone()];
        let fixed: Option<Vec<String>> = match &this.expected {
            Expected::Transport(_) => {
                Some([Transport::Tcp, Transport::Udp, Transport::Both].map(|t| t.to_string()).into())
            }
            Expected::ClearText(_) => Some(vec![matcher::CLEAR_TEXT.to_string(), matcher::ENCRYPTED.to_string()]),
            _ => None,
        };
        if let Some(fixed) = fixed {
            options.extend(fixed);
            options.sort();
            options.dedup();
            options.shuffle(rng);
            return options;
        }
        // A family's distractors are near misses (one member swapped), so partly
        // right is allowed there; elsewhere a distractor is plainly wrong.
        let wrong_enough = |text: &str| match this.expected {
            Expected::PortSet { .. } => self.check(card, text).judgement != Judgement::Correct,
            _ => self.check(card, text).judgement == Judgement::Wrong,
        };
        for text in self.distractor_texts(card, rng) {
            if !options.contains(&text) && wrong_enough(&text) {
                options.push(text);
            }
            if options.len() == 4 {
                break;
            }
        }
        options.shuffle(rng);
        options
    }

    /// Wrong answers worth offering, best first.
    fn distractor_texts(&self, card: usize, rng: &mut impl Rng) -> Vec<String> {
        let this = &self.cards[card];
        let rows = self.distractor_rows(this.row, rng);
        let port_text = |row: usize| self.rows[row].ports.to_string();
        match &this.expected {
            Expected::Service => rows.into_iter().map(|row| self.rows[row].service.clone()).collect(),
            Expected::Ports { ports, .. } => {
                // Options of the answer's own form first (ranges for a range, single
                // ports for a single port), so that the form never gives it away.
                let mut rows = rows;
                let is_range = |spec: &PortSpec| spec.port_count() > 1;
                rows.sort_by_key(|&row| is_range(&self.rows[row].ports) != is_range(ports));
                rows.into_iter().map(port_text).collect()
            }
            Expected::Parts(right) => {
                // The same kind of answer from the other cards of this kind first.
                let mut texts: Vec<String> = self
                    .cards
                    .iter()
                    .filter(|other| other.direction == this.direction && other.id != this.id)
                    .flat_map(|other| match &other.expected {
                        Expected::Parts(parts) => parts.iter().map(describe_parts).collect(),
                        _ => Vec::new(),
                    })
                    .collect();
                texts.shuffle(rng);
                let by_transport = right.first().is_some_and(|parts| parts.ports.is_empty());
                let row_texts = rows.into_iter().map(|row| {
                    let transport = self.facts_of_row(row).map_or(Transport::Both, |facts| facts.transport);
                    let second = if by_transport { transport.to_string() } else { self.rows[row].ports.phrase() };
                    format!("{}, {second}", self.rows[row].service)
                });
                let singles: Vec<String> = if this.direction == Direction::Scenario {
                    row_texts.chain(texts).collect()
                } else {
                    texts.into_iter().chain(row_texts).collect()
                };
                // A compound answer ("SFTP, port 22 or FTPS, ports 989-990") among single
                // options would stand out by its "or" and its length: its distractors are
                // compound too, as many parts each.
                if right.len() > 1 {
                    singles.chunks_exact(right.len()).map(|parts| parts.join(" or ")).collect()
                } else {
                    singles
                }
            }
            Expected::PortSet { members, tolerated } => {
                let outsiders: Vec<&PortSpec> = rows
                    .iter()
                    .map(|&row| &self.rows[row].ports)
                    .filter(|ports| members.iter().all(|(member, _)| member != *ports) && !tolerated.contains(ports))
                    .collect();
                (0..12)
                    .filter_map(|attempt| {
                        let outsider = outsiders.get(attempt % outsiders.len().max(1))?;
                        let mut ports: Vec<&PortSpec> = members.iter().map(|(ports, _)| ports).collect();
                        let swapped = rng.random_range(0..ports.len());
                        ports[swapped] = outsider;
                        Some(list_ports(ports))
                    })
                    .collect()
            }
            Expected::ProtocolNumber { number, .. } => {
                // The other IP protocols' numbers, the port beside it (a trap the exams
                // set: 500 for ESP), and TCP's and UDP's own numbers.
                let mut texts: Vec<String> = self
                    .ip_protocols
                    .iter()
                    .filter(|other| other.number != *number)
                    .map(|other| other.number.to_string())
                    .collect();
                texts.shuffle(rng);
                texts.insert(1.min(texts.len()), self.rows[this.row].ports.first().to_string());
                texts.extend(["6", "17"].map(str::to_string));
                texts
            }
            Expected::Transport(_) | Expected::ClearText(_) => Vec::new(),
        }
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
}

/// A right answer as an option reads: "SSH, port 22".
fn describe_parts(parts: &Parts) -> String {
    match (parts.ports.first(), parts.transport) {
        (Some(ports), _) => format!("{}, {}", parts.name, ports.phrase()),
        (None, Some(transport)) => format!("{}, {transport}", parts.name),
        (None, None) => parts.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::super::tests::index;
    use super::*;
    use crate::facts::Facts;
    use crate::table::parse_table;
    use crate::testing::seed_deck;

    #[test]
    fn choices_hold_one_right_answer_and_three_confusable_wrong_ones() {
        let with_extras = Deck::build(parse_table(crate::BUILTIN_TABLE).rows, &Facts::builtin(), true);
        for deck in [seed_deck(), with_extras] {
            every_card_has_one_right_choice(&deck);
        }
    }

    fn every_card_has_one_right_choice(deck: &Deck) {
        let mut rng = StdRng::seed_from_u64(7);
        for card in 0..deck.cards.len() {
            for _ in 0..5 {
                let options = deck.choices(card, &mut rng);
                let right: Vec<&String> =
                    options.iter().filter(|option| deck.check(card, option).judgement == Judgement::Correct).collect();
                assert_eq!(right.len(), 1, "{}: {options:?}", deck.cards[card].id);
                let expected_len = match deck.cards[card].direction {
                    Direction::PortToTransport => 3,
                    Direction::ClearText => 2,
                    _ => 4,
                };
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
    fn kerberos_asks_88_and_offers_kpasswds_464_as_a_near_miss() {
        let deck = seed_deck();
        let card = index(&deck, "88:service-to-port");
        let verdict = deck.check(card, "464");
        assert_eq!(verdict.judgement, Judgement::Wrong, "464 is kpasswd, not Kerberos' tickets");
        let mut rng = StdRng::seed_from_u64(3);
        let offered = (0..20).filter(|_| deck.choices(card, &mut rng).contains(&"464".to_string())).count();
        assert!(offered > 0, "the confusable kpasswd port is a fair distractor");
    }
}

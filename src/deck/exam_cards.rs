//! The exam-style cards, built from `data/exam-questions.toml` over the deck's rows:
//! secure counterparts both ways, clear text or encrypted, scenarios, port families
//! and IP protocol numbers. Each card gets a stable name (`scenario:clock-drift`,
//! `family:mail`), a prompt that does not give its answer away, and what a right
//! answer is.
//!
//! Not here: the port and service cards of each row, checking answers (the `deck`
//! module), or the options of multiple choice (`distractors`).

use super::{Card, CardId, Deck, Direction, Expected, list_ports};
use crate::exam::{Asks, ExamQuestions, Family, Side};
use crate::matcher::{self, Parts};
use crate::ports::{PortSpec, Transport};

impl Deck {
    /// Every exam-style card the questions give over this deck, kind by kind.
    pub(super) fn exam_cards(&self, questions: &ExamQuestions) -> Vec<Card> {
        let exam_cards = [
            self.counterpart_cards(&questions.counterparts),
            self.clear_text_cards(),
            self.scenario_cards(&questions.scenarios),
            self.family_cards(),
            self.protocol_number_cards(&questions.ip_protocols),
        ];
        exam_cards.into_iter().flatten().collect()
    }

    /// Both ways of each counterpart pair: what replaces the insecure protocol, and
    /// (once per secure protocol) what it replaced. A pair whose insecure side is not
    /// in the deck is left out; a secure side needs no row, its facts are in the pair.
    fn counterpart_cards(&self, pairs: &[crate::exam::Counterpart]) -> Vec<Card> {
        let mut cards = Vec::new();
        // Each secure side, with the insecure sides it replaced (their row and why).
        type Replaced<'a> = (&'a Side, Vec<(&'a Side, usize, &'a str)>);
        let mut replaced: Vec<Replaced> = Vec::new();
        for pair in pairs {
            let Some(row) = self.row_for(&pair.insecure.ports) else { continue };
            let secure_rows: Vec<usize> = pair.secure.iter().filter_map(|side| self.row_for(&side.ports)).collect();
            let mut families = self.families_of_row(row);
            families.extend(secure_rows.iter().flat_map(|&row| self.families_of_row(row)));
            families.sort();
            families.dedup();
            let answer = pair.secure.iter().map(Side::describe).collect::<Vec<_>>().join(" or ");
            cards.push(Card {
                id: CardId::named(&["counterpart", &pair.id, Direction::SecureCounterpart.slug()]),
                row,
                direction: Direction::SecureCounterpart,
                core: self.rows[row].core || secure_rows.iter().any(|&row| self.rows[row].core),
                // Where the replacement runs on the same ports (SNMPv3), the ports
                // would give half the answer away.
                prompt: if pair.secure.iter().all(|side| side.ports == pair.insecure.ports) {
                    format!("{} is not secure. What replaces it, and on which port?", pair.insecure.name)
                } else {
                    format!(
                        "{} ({}) is not secure. What replaces it, and on which port?",
                        pair.insecure.name,
                        pair.insecure.ports.phrase()
                    )
                },
                answer,
                note: Some(format!(
                    "{} {}.",
                    pair.why,
                    std::iter::once(&pair.insecure)
                        .chain(&pair.secure)
                        .map(Side::runs_over)
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
                families: families.clone(),
                expected: Expected::Parts(pair.secure.iter().map(side_parts).collect()),
            });
            for side in pair.secure.iter().filter(|side| !side.extends) {
                let entry =
                    match replaced.iter_mut().find(|(known, _)| known.name == side.name && known.ports == side.ports) {
                        Some(entry) => entry,
                        None => {
                            replaced.push((side, Vec::new()));
                            replaced.last_mut().expect("just pushed")
                        }
                    };
                entry.1.push((&pair.insecure, row, &pair.why));
            }
        }
        cards.extend(replaced.into_iter().map(|(secure, insecure)| self.replaced_card(secure, &insecure)));
        cards
    }

    /// "What did it replace?" for one secure protocol, from the pairs that name it:
    /// each insecure side with its row and why.
    fn replaced_card(&self, secure: &Side, insecure: &[(&Side, usize, &str)]) -> Card {
        let secure_row = self.row_for(&secure.ports);
        let row = secure_row.unwrap_or(insecure[0].1);
        let mut families: Vec<Family> = insecure.iter().flat_map(|(_, row, _)| self.families_of_row(*row)).collect();
        families.extend(secure_row.map(|row| self.families_of_row(row)).unwrap_or_default());
        families.sort();
        families.dedup();
        let slug: String =
            secure.name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        let mut whys: Vec<&str> = insecure.iter().map(|(_, _, why)| *why).collect();
        whys.dedup();
        Card {
            id: CardId::named(&["counterpart", &slug, Direction::InsecureCounterpart.slug()]),
            row,
            direction: Direction::InsecureCounterpart,
            core: insecure.iter().any(|(_, row, _)| self.rows[*row].core)
                || secure_row.is_some_and(|row| self.rows[row].core),
            prompt: replaced_prompt(secure, insecure),
            answer: insecure.iter().map(|(side, _, _)| side.describe()).collect::<Vec<_>>().join(" or "),
            note: Some(whys.join(" ")),
            families,
            expected: Expected::Parts(insecure.iter().map(|(side, _, _)| side_parts(side)).collect()),
        }
    }

    /// "Clear text or encrypted?" for each row whose facts say which.
    fn clear_text_cards(&self) -> Vec<Card> {
        (0..self.rows.len())
            .filter_map(|index| {
                let clear_text = self.facts_of_row(index)?.clear_text?;
                let row = &self.rows[index];
                // Every one is asked by its port: "Does LDAPS send its data in clear
                // text?" answers itself, and asking only the secure-sounding ones by port
                // would tell that those are encrypted.
                let prompt =
                    format!("Does the service on {} send its data in clear text or encrypted?", row.ports.phrase());
                Some(Card {
                    id: CardId::new(&row.ports, Direction::ClearText),
                    row: index,
                    direction: Direction::ClearText,
                    core: row.core,
                    prompt,
                    answer: if clear_text { matcher::CLEAR_TEXT } else { matcher::ENCRYPTED }.to_string(),
                    note: None,
                    families: self.families_of_row(index),
                    expected: Expected::ClearText(clear_text),
                })
            })
            .collect()
    }

    /// One card per scenario whose answer port is in the deck.
    fn scenario_cards(&self, scenarios: &[crate::exam::Scenario]) -> Vec<Card> {
        scenarios
            .iter()
            .filter_map(|scenario| {
                let index = self.row_for(&scenario.ports)?;
                let row = &self.rows[index];
                let transport = self.facts_of_row(index).map_or(Transport::Both, |facts| facts.transport);
                let parts = |ports: Vec<PortSpec>, transport: Option<Transport>| Parts {
                    name: row.service.clone(),
                    spellings: self.spellings[index].clone(),
                    ports,
                    transport,
                };
                let mut accepted = vec![scenario.ports.clone()];
                accepted.extend(scenario.also.iter().cloned());
                let (answer, expected) = match scenario.asks {
                    Asks::Port => (
                        scenario.ports.to_string(),
                        Expected::Ports { ports: scenario.ports.clone(), also_right: scenario.also.clone() },
                    ),
                    Asks::Protocol => (row.service.clone(), Expected::Service),
                    Asks::ProtocolAndPort => (
                        format!("{}, {}", row.service, scenario.ports.phrase()),
                        Expected::Parts(vec![parts(accepted, None)]),
                    ),
                    Asks::ProtocolAndTransport => (
                        format!("{}, {transport}", row.service),
                        Expected::Parts(vec![parts(Vec::new(), Some(transport))]),
                    ),
                };
                Some(Card {
                    id: CardId::named(&[Direction::Scenario.slug(), &scenario.id]),
                    row: index,
                    direction: Direction::Scenario,
                    core: row.core,
                    prompt: scenario.question.clone(),
                    answer,
                    note: Some(scenario.why.clone()),
                    families: self.families_of_row(index),
                    expected,
                })
            })
            .collect()
    }

    /// "Name the mail ports" for each family with two or more rows to ask. For an
    /// exam, the ports its objectives name ("on the N10-009 objectives"), or where
    /// fewer than two are named, its whole list ("on the N10-009 objectives or often
    /// in its practice tests"); without one, the rows marked core. The family's other
    /// ports are accepted, never required.
    fn family_cards(&self) -> Vec<Card> {
        Family::ALL.iter().filter_map(|&family| self.family_card(family)).collect()
    }

    fn family_card(&self, family: Family) -> Option<Card> {
        let in_family: Vec<usize> =
            (0..self.rows.len()).filter(|&row| self.families_of_row(row).contains(&family)).collect();
        let (members, asked_as) = self.family_members(&in_family)?;
        let others: Vec<usize> = in_family.into_iter().filter(|row| !members.contains(row)).collect();
        let row = members.iter().copied().find(|&row| self.rows[row].core).unwrap_or(members[0]);
        let listed: Vec<(PortSpec, String)> =
            members.iter().map(|&row| (self.rows[row].ports.clone(), self.rows[row].service.clone())).collect();
        let mut note: Vec<String> = listed.iter().map(|(ports, service)| format!("{ports} {service}")).collect();
        if !others.is_empty() {
            let also: Vec<String> =
                others.iter().map(|&row| format!("{} {}", self.rows[row].ports, self.rows[row].service)).collect();
            note.push(format!("also in the family, not asked: {}", also.join(", ")));
        }
        Some(Card {
            id: CardId::named(&[Direction::Family.slug(), &family.slug()]),
            row,
            direction: Direction::Family,
            core: members.iter().any(|&row| self.rows[row].core),
            prompt: format!("Name the {} {} ports {asked_as}, in any order.", members.len(), family.label()),
            answer: list_ports(listed.iter().map(|(ports, _)| ports).collect()),
            note: Some(note.join(" · ")),
            families: vec![family],
            expected: Expected::PortSet {
                members: listed,
                tolerated: others.iter().map(|&row| self.rows[row].ports.clone()).collect(),
            },
        })
    }

    /// The rows a family card asks, and how its prompt says where they come from;
    /// `None` when fewer than two.
    fn family_members(&self, in_family: &[usize]) -> Option<(Vec<usize>, String)> {
        let pick = |wanted: &dyn Fn(usize) -> bool| -> Vec<usize> {
            in_family.iter().copied().filter(|&row| wanted(row)).collect()
        };
        let Some(study_for) = self.study_for.filter(|_| self.is_for_exam()) else {
            let members = pick(&|row| self.rows[row].core);
            let from_table = members.iter().all(|&row| self.table_core[row]);
            let asked_as = if from_table {
                "your table marks as core".to_string()
            } else {
                "marked core (bold in your table, or on the N10-009 objectives)".to_string()
            };
            return (members.len() >= 2).then_some((members, asked_as));
        };
        let exams = study_for.exam_codes().join(" or ");
        let named = pick(&|row| self.rows[row].core);
        if named.len() >= 2 {
            return Some((named, format!("on the {exams} objectives")));
        }
        let listed = pick(&|row| self.exam_list.contains(&self.rows[row].ports));
        let asked_as = if named.is_empty() {
            format!("often in {exams} practice tests")
        } else {
            format!("on the {exams} objectives or often in practice tests")
        };
        (listed.len() >= 2).then_some((listed, asked_as))
    }

    /// "Which IP protocol number does ESP use?" for each protocol whose port row is in
    /// the deck (IKE's 500 for ESP and AH). Core when the exam lists it, else when
    /// its row is core.
    fn protocol_number_cards(&self, protocols: &[crate::exam::IpProtocol]) -> Vec<Card> {
        protocols
            .iter()
            .filter_map(|protocol| {
                let row = self.rows.iter().position(|row| row.ports == protocol.beside)?;
                let core = if self.exam_list.is_empty() {
                    self.rows[row].core
                } else {
                    self.exam_protocols.contains(&protocol.number)
                };
                Some(Card {
                    id: CardId::named(&[Direction::ProtocolNumber.slug(), &protocol.id]),
                    row,
                    direction: Direction::ProtocolNumber,
                    core,
                    prompt: format!("Which IP protocol number does {} ({}) use?", protocol.name, protocol.full_name),
                    answer: protocol.number.to_string(),
                    note: Some(protocol.why.clone()),
                    families: self.families_of_row(row),
                    expected: Expected::ProtocolNumber { number: protocol.number, name: protocol.name.clone() },
                })
            })
            .collect()
    }
}

/// "What did it replace?" asked so that the prompt never names the answer: by the
/// secure protocol's name and ports, by its ports alone where its name holds the
/// answer's (LDAPS holds LDAP), by its name alone where the ports are the answer's.
fn replaced_prompt(secure: &Side, insecure: &[(&Side, usize, &str)]) -> String {
    let name_holds_answer = insecure.iter().any(|(side, _, _)| name_holds(&secure.name, &side.name));
    let same_ports = insecure.iter().all(|(side, _, _)| side.ports == secure.ports);
    let ask = "is the secure replacement for which insecure protocol? Give its name and port.";
    if name_holds_answer {
        let named =
            secure.asked_as.clone().unwrap_or_else(|| format!("The secure protocol on {}", secure.ports.phrase()));
        format!("{named} replaced which insecure protocol? Give its name and port.")
    } else if same_ports {
        format!("{} {ask}", secure.name)
    } else {
        format!("{} ({}) {ask}", secure.name, secure.ports.phrase())
    }
}

/// Whether a text holds a protocol's name: a word of it contains the name's first
/// word ("LDAPS" holds LDAP, "SNMPv3" holds "SNMP v1/v2c", "SFTP" holds FTP).
fn name_holds(text: &str, name: &str) -> bool {
    let name = matcher::normalise(name);
    let Some(first) = name.split(' ').next().filter(|first| first.len() >= 3) else { return false };
    matcher::normalise(text).split(' ').any(|word| word.contains(first))
}

/// A protocol of a counterpart pair as an answer names it: its name and ports.
fn side_parts(side: &Side) -> Parts {
    let mut ports = vec![side.ports.clone()];
    ports.extend(side.also_ports.iter().cloned());
    Parts { name: side.name.clone(), spellings: matcher::spellings(&side.name, &side.aliases), ports, transport: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Facts;
    use crate::table::parse_table;

    #[test]
    fn a_clear_text_question_never_answers_itself() {
        let deck = Deck::build(parse_table(crate::BUILTIN_TABLE).rows, &Facts::builtin(), true);
        for card in deck.cards.iter().filter(|card| card.direction == Direction::ClearText) {
            let prompt = card.prompt.to_lowercase();
            assert!(!prompt.contains("tls") && !prompt.contains("ssl"), "{}: {}", card.id, card.prompt);
            for giveaway in ["ldaps", "ftps", "https", "smtps", "imaps", "pop3s"] {
                assert!(!prompt.contains(giveaway), "{}: {}", card.id, card.prompt);
            }
        }
    }
}

//! Answers that give a name and a port together: "port 443 https" and "https on 443"
//! on a card asking the service, "443 (https)" on one asking the port. Restating what
//! the card asked beside the right answer is right; a right name beside another port,
//! or a right port beside another name, is partly right, and says which part is not.
//!
//! Not here: comparing names or numbers themselves (`matcher`).

use super::{Card, Deck};
use crate::matcher::{self, Judgement, Verdict, Why};
use crate::ports::PortSpec;

impl Deck {
    /// A card that asks for a service: the answer's name is judged, and a port given
    /// beside it must be the card's own.
    pub(super) fn check_service_answer(&self, card: &Card, typed: &str) -> Verdict {
        let row = &self.rows[card.row];
        let whole = self.check_service_name(card, typed);
        let (name, given) = matcher::name_and_ports(typed);
        // A name with a number in it ("POP 3") is judged as it stands.
        let Some(given) = given.filter(|_| whole.judgement != Judgement::Correct) else { return whole };
        if matcher::compact(&name).is_empty() {
            let why = format!(
                "{given} is a port number; the card asks which service uses {}: {}.",
                row.ports.phrase(),
                row.service
            );
            return Verdict::new(Judgement::Wrong, Why::Wrong(why));
        }
        let verdict = self.check_service_name(card, &name);
        if verdict.judgement != Judgement::Correct {
            return verdict;
        }
        if given.is_subset_of(&row.ports) {
            return match verdict.why {
                // The typed text holds the port too: say what was taken as the name.
                Why::AliasOf(_) | Why::TypoOf(_) => {
                    let why = format!("Accepted: {} on {}.", row.service, row.ports.phrase());
                    Verdict::new(Judgement::Correct, Why::RightWithNote(why))
                }
                _ => verdict,
            };
        }
        let why = format!(
            "Right service, but {} is on {}, not {given}{}.",
            row.service,
            row.ports.phrase(),
            self.whose_port(&given).map(|label| format!(": that is {label}")).unwrap_or_default()
        );
        Verdict::new(Judgement::Partial, Why::Missing(why))
    }

    /// The name alone, against the row's names and every other protocol's.
    fn check_service_name(&self, card: &Card, typed: &str) -> Verdict {
        let rivals = self.rivals().filter(|(row, _)| *row != Some(card.row)).map(|(_, rival)| rival);
        matcher::check_service(typed, &self.rows[card.row].service, &self.spellings[card.row], rivals)
    }

    /// A port answer with words beside it ("443 https", "port 22 (ssh)"): words that
    /// name the card's own service are a restatement; words naming another make a
    /// right port partly right.
    pub(super) fn check_port_with_name(&self, card: &Card, typed: &str) -> Option<Verdict> {
        let (name, given) = matcher::name_and_ports(typed);
        let given = given?;
        if matcher::compact(&name).is_empty() {
            return None;
        }
        let name_verdict = self.check_service_name(card, &name);
        let port_verdict = self.check(self.position(&card.id)?, &given.to_string());
        if name_verdict.judgement == Judgement::Correct || port_verdict.judgement != Judgement::Correct {
            return Some(port_verdict);
        }
        let service = &self.rows[card.row].service;
        let why = format!("Right port; the service on {given} is {service}, not \"{}\".", name.trim());
        Some(Verdict::new(Judgement::Partial, Why::IsOther(why)))
    }

    /// How a verdict names the row whose ports these are: "Telnet (port 23)".
    pub(super) fn whose_port(&self, ports: &PortSpec) -> Option<&str> {
        let row = self.rows.iter().position(|row| row.ports == *ports)?;
        Some(&self.labels[row])
    }
}

//! `portcards lookup QUERY`: a quick reference that finds ports by number, acronym,
//! full name or a typo of one, with the same matching as the study cards.

use crate::deck::{Deck, Direction, Standing};
use crate::matcher::{self, Closeness};

/// What a lookup found: rows of the deck, or the nearest candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Every row the query names (ftp → 20 and 21; a port inside a range → the range).
    Found(Vec<usize>),
    /// Several rows fit equally loosely; the learner must say which.
    Ambiguous(Vec<usize>),
    /// Nothing fits; the closest rows, nearest first.
    Unknown(Vec<usize>),
    /// The query cannot name a port at all ("70000").
    Invalid(String),
    /// A protocol outside the deck: "TELNETS (port 992, not in this deck)".
    Elsewhere(String),
    /// A protocol carried in IP itself, which has a protocol number and no port.
    IpProtocol(String),
}

const CANDIDATES: usize = 5;

pub fn lookup(deck: &Deck, query: &str) -> Lookup {
    if query.trim().is_empty() {
        return Lookup::Invalid("give a port number or a service name".to_string());
    }
    let port_in_deck = matcher::parse_port_answer(query)
        .is_ok_and(|ports| deck.rows.iter().any(|row| ports.ports().any(|port| row.ports.contains(port))));
    if let Some(protocol) = deck.ip_protocol_named(query, !port_in_deck) {
        return Lookup::IpProtocol(format!(
            "{} ({}) is IP protocol {}, not a port. {}",
            protocol.name, protocol.full_name, protocol.number, protocol.why
        ));
    }
    match matcher::parse_port_answer(query) {
        Ok(ports) => by_port(deck, ports.ports().collect()),
        Err(error) if query.trim().chars().all(|c| c.is_ascii_digit() || "-/, ".contains(c)) => {
            Lookup::Invalid(error.to_string())
        }
        Err(_) => by_name(deck, query),
    }
}

fn by_port(deck: &Deck, wanted: Vec<u16>) -> Lookup {
    let found: Vec<usize> =
        (0..deck.rows.len()).filter(|&row| wanted.iter().any(|port| deck.rows[row].ports.contains(*port))).collect();
    if !found.is_empty() {
        return Lookup::Found(found);
    }
    let first = i64::from(wanted.first().copied().unwrap_or(0));
    let mut nearest: Vec<usize> = (0..deck.rows.len()).collect();
    nearest.sort_by_key(|&row| (i64::from(deck.rows[row].ports.first()) - first).abs());
    nearest.truncate(CANDIDATES);
    Lookup::Unknown(nearest)
}

fn by_name(deck: &Deck, query: &str) -> Lookup {
    let mut scored: Vec<(Closeness, usize)> =
        (0..deck.rows.len()).map(|row| (matcher::closeness(query, deck.spellings_of_row(row)), row)).collect();
    scored.sort();
    let Some(&(best, _)) = scored.first() else { return Lookup::Unknown(Vec::new()) };
    if best != Closeness::Exact
        && let Some(label) = deck.elsewhere_named(query)
    {
        return Lookup::Elsewhere(label.to_string());
    }
    let tied: Vec<usize> = scored.iter().take_while(|(closeness, _)| *closeness == best).map(|&(_, row)| row).collect();
    match best {
        Closeness::Exact | Closeness::Typo(_) => Lookup::Found(tied),
        Closeness::Within if tied.len() == 1 => Lookup::Found(tied),
        Closeness::Within => Lookup::Ambiguous(tied),
        Closeness::Far(_) => Lookup::Unknown(scored.iter().take(CANDIDATES).map(|&(_, row)| row).collect()),
    }
}

/// Appends one line; writing into a String cannot fail, so there is no error to drop.
fn push_line(text: &mut String, line: std::fmt::Arguments<'_>) {
    text.push_str(&line.to_string());
    text.push('\n');
}

/// The full entry for a row, as the terminal shows it.
pub fn describe(deck: &Deck, row: usize) -> String {
    let port_row = &deck.rows[row];
    let facts = deck.facts_of_row(row);
    let mut text = String::new();
    let standing = deck.standing(row);
    let core = match &standing {
        Standing::Objectives(exams) => format!("core: on the {exams} objectives"),
        Standing::TableCore => "core in your table".to_string(),
        Standing::PracticeTests | Standing::Neither if port_row.core => "core port".to_string(),
        Standing::PracticeTests | Standing::Neither => "not core".to_string(),
    };
    push_line(&mut text, format_args!("{:<10} {}  ({core})", port_row.ports.to_string(), port_row.service));
    if let Some(facts) = facts {
        push_line(&mut text, format_args!("  name:      {}", facts.name));
        let groups = facts.transport_groups();
        let transport = if groups.len() == 1 {
            groups[0].1.to_string()
        } else {
            groups.iter().map(|(ports, transport)| format!("{ports} {transport}")).collect::<Vec<_>>().join(", ")
        };
        push_line(&mut text, format_args!("  transport: {transport}"));
    } else if !port_row.transport.is_empty() {
        push_line(&mut text, format_args!("  transport: {}", port_row.transport));
    }
    if !port_row.info.is_empty() {
        push_line(&mut text, format_args!("  info:      {}", port_row.info));
    }
    for name in deck.iana_names(row) {
        let taught = if name.answers { "" } else { "  (IANA's assignment, not what is taught)" };
        push_line(
            &mut text,
            format_args!(
                "  IANA:      {} {}/{} \"{}\"{taught}",
                name.keyword, name.port, name.transport, name.description
            ),
        );
    }
    let listings = deck.listings(row);
    if listings.is_empty() {
        push_line(&mut text, format_args!("  exam:      not on the N10-009 or SY0-701 lists"));
    }
    for listing in listings {
        push_line(&mut text, format_args!("  exam:      {}", listing.describe()));
    }
    if let Some(facts) = facts {
        if let Some(clear_text) = facts.clear_text {
            let wire = if clear_text { "clear text" } else { "encrypted" };
            push_line(&mut text, format_args!("  on wire:   {wire}"));
        }
        if !facts.families.is_empty() {
            let families: Vec<&str> = facts.families.iter().map(|family| family.label()).collect();
            push_line(&mut text, format_args!("  families:  {}", families.join(", ")));
        }
    }
    let replaced_by =
        deck.cards.iter().filter(|card| card.row == row && card.direction == Direction::SecureCounterpart);
    for card in replaced_by {
        push_line(&mut text, format_args!("  secure:    {}", card.answer));
    }
    if let Some(note) = facts.and_then(|facts| facts.note.as_ref()) {
        push_line(&mut text, format_args!("  note:      {note}"));
    }
    if port_row.line == 0 {
        push_line(&mut text, format_args!("  source:    exam extras (not in your table)"));
    }
    text
}

/// One line per candidate, for "did you mean".
pub fn candidate_line(deck: &Deck, row: usize) -> String {
    format!("  {:<10} {}", deck.rows[row].ports.to_string(), deck.rows[row].service)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::seed_deck_with_extras as deck;

    fn ports(deck: &Deck, found: &Lookup) -> Vec<String> {
        let rows = match found {
            Lookup::Found(rows) | Lookup::Ambiguous(rows) | Lookup::Unknown(rows) => rows,
            Lookup::Invalid(_) | Lookup::Elsewhere(_) | Lookup::IpProtocol(_) => return Vec::new(),
        };
        rows.iter().map(|&row| deck.rows[row].ports.to_string()).collect()
    }

    #[test]
    fn a_protocol_outside_the_deck_is_named_not_taken_for_a_neighbour() {
        let deck = deck();
        assert_eq!(lookup(&deck, "telnets"), Lookup::Elsewhere("TELNETS (port 992, not in this deck)".into()));
        assert_eq!(ports(&deck, &lookup(&deck, "telnet")), ["23"]);
        assert_eq!(ports(&deck, &lookup(&deck, "ftp over ssh")), ["22"]);
        assert_eq!(ports(&deck, &lookup(&deck, "name server")), ["53"], "DNS's, no longer also WINS's");
        assert_eq!(ports(&deck, &lookup(&deck, "ftp")), ["20", "21"], "a word two rows share lists both");
        assert!(matches!(lookup(&deck, "router"), Lookup::Unknown(_)), "no row claims a generic word");
        // A typo allowance never changes the acronym: SIP over TLS is not SMTP over TLS.
        assert_ne!(ports(&deck, &lookup(&deck, "sip over tls")), ["465"]);
        assert_eq!(ports(&deck, &lookup(&deck, "smtp over tsl")), ["465"], "a slip in the rest is still a typo");
    }

    #[test]
    fn finds_by_number_acronym_full_name_and_typo() {
        let deck = deck();
        for (query, expected) in [
            ("445", vec!["445"]),
            ("smb", vec!["445"]),
            ("Server Message Block", vec!["445"]),
            ("kerberso", vec!["88", "464"]),
            ("ftp", vec!["20", "21"]),
            ("138", vec!["137-139"]),
            ("3389", vec!["3389"]),
            ("remote desktop", vec!["3389"]),
            ("tcp/22", vec!["22"]),
        ] {
            let found = lookup(&deck, query);
            assert!(matches!(found, Lookup::Found(_)), "{query}: {found:?}");
            assert_eq!(ports(&deck, &found), expected, "{query}");
        }
    }

    #[test]
    fn ip_protocols_are_found_by_name_and_number_and_said_not_to_be_ports() {
        let deck = deck();
        for query in ["esp", "ESP", "Encapsulating Security Payload", "ip protocol 50", "protocol 50", "50"] {
            let Lookup::IpProtocol(text) = lookup(&deck, query) else { panic!("{query}: {:?}", lookup(&deck, query)) };
            assert!(text.starts_with("ESP (Encapsulating Security Payload) is IP protocol 50, not a port."), "{text}");
        }
        assert!(matches!(lookup(&deck, "gre"), Lookup::IpProtocol(text) if text.contains("47")));
        // A port of the deck stays a port: 47 is not in the deck, but 51 is not either;
        // "500" is IKE's port, never ESP.
        assert_eq!(ports(&deck, &lookup(&deck, "500")), vec!["500"]);
    }

    #[test]
    fn unknown_queries_list_the_closest_candidates() {
        let deck = deck();
        let found = lookup(&deck, "9999");
        assert!(matches!(found, Lookup::Unknown(ref rows) if rows.len() == 5), "{found:?}");
        let found = lookup(&deck, "gopherz zzz");
        assert!(matches!(found, Lookup::Unknown(_)), "{found:?}");
        assert_eq!(lookup(&deck, "70000"), Lookup::Invalid("70000 is not a port: ports run from 1 to 65535".into()));
    }

    #[test]
    fn a_loose_word_in_several_names_is_ambiguous() {
        let deck = deck();
        let found = lookup(&deck, "transfer");
        assert!(matches!(found, Lookup::Ambiguous(ref rows) if rows.len() > 1), "{found:?}");
    }

    #[test]
    fn description_shows_every_fact() {
        let deck = deck();
        let Lookup::Found(rows) = lookup(&deck, "445") else { panic!() };
        let text = describe(&deck, rows[0]);
        for expected in ["445", "Microsft DS", "not core", "Server Message Block", "TCP", "N10-009", "microsoft-ds"] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
    }
}

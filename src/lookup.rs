//! `portcards lookup QUERY`: a quick reference that finds ports by number, acronym,
//! full name, a name with its port ("kerberos 88") or a typo of one, with the same
//! matching as the study cards; names that stand for several parts (IPsec) or ride on
//! a row (DoH on 443), IP protocols (ESP 50, ICMP 1), and ports outside the deck with
//! their /etc/services name.

use crate::deck::{Deck, Direction, Standing};
use crate::facts::Facts;
use crate::matcher::{self, Closeness};
use crate::services::Services;

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
    /// A name for parts of rows, or one that rides on them (IPsec, DoH, rsh): what it
    /// is, then those rows.
    Within { text: String, rows: Vec<usize> },
    /// A port or name outside the deck, with what /etc/services calls it.
    Outside(String),
}

const CANDIDATES: usize = 5;

/// Looks a query up in the deck, with the shipped facts and the shipped /etc/services
/// lines of the deck's ports.
pub fn lookup(deck: &Deck, query: &str) -> Lookup {
    lookup_with(deck, &Facts::builtin(), &Services::builtin(), query)
}

/// Looks a query up with these facts and services (the command line adds the
/// system's /etc/services, for ports outside the deck).
pub fn lookup_with(deck: &Deck, facts: &Facts, services: &Services, query: &str) -> Lookup {
    if query.trim().is_empty() {
        return Lookup::Invalid("give a port number or a service name".to_string());
    }
    if let Some(found) = suite(deck, facts, query) {
        return found;
    }
    let parsed = matcher::parse_port_answer(query);
    let port_in_deck = parsed
        .as_ref()
        .is_ok_and(|ports| deck.rows.iter().any(|row| ports.ports().any(|port| row.ports.contains(port))));
    if let Some(protocol) = deck.ip_protocol_named(query, !port_in_deck) {
        return ip_protocol(protocol);
    }
    match parsed {
        Ok(ports) => by_port(deck, services, ports.ports().collect()),
        Err(error) if query.trim().chars().all(|c| c.is_ascii_digit() || "-/, ".contains(c)) => {
            Lookup::Invalid(error.to_string())
        }
        // A name that ends in a number ("POP version 3") is a name before it is a port.
        Err(_) if names_exactly(deck, services, query) => by_name(deck, facts, services, query),
        Err(_) => match split_name_and_port(query) {
            Some((name, ports)) => by_name_and_port(deck, facts, services, &name, ports),
            None => by_name(deck, facts, services, query),
        },
    }
}

/// Whether the whole query is a row's name or a services name, exactly.
fn names_exactly(deck: &Deck, services: &Services, query: &str) -> bool {
    !services.named(query).is_empty()
        || (0..deck.rows.len()).any(|row| matcher::closeness(query, deck.spellings_of_row(row)) == Closeness::Exact)
}

/// "kerberos 88", "88 kerberos", "radius accounting 1813", "port 443 https": the name
/// (the words that are not the port, "port" or "on") and the port.
fn split_name_and_port(query: &str) -> Option<(String, crate::ports::PortSpec)> {
    let is_port = |word: &str| {
        word.starts_with(|c: char| c.is_ascii_digit()) && word.chars().all(|c| c.is_ascii_digit() || c == '-')
    };
    let words: Vec<&str> = query.split_whitespace().collect();
    let ports: Vec<&str> = words.iter().copied().filter(|word| is_port(word)).collect();
    let [port] = ports[..] else { return None };
    let name: Vec<&str> = words
        .iter()
        .copied()
        .filter(|word| !is_port(word) && !["port", "ports", "on", "at"].contains(&word.to_lowercase().as_str()))
        .collect();
    let name = name.join(" ");
    name.chars().any(char::is_alphabetic).then_some(())?;
    Some((name, port.parse().ok()?))
}

/// A name with its port: the rows on the port that the name fits; where the name
/// fits none of them, the port's rows all the same (the number is the surer part);
/// a port outside the deck, what the name finds, else what /etc/services says.
fn by_name_and_port(
    deck: &Deck,
    facts: &Facts,
    services: &Services,
    name: &str,
    ports: crate::ports::PortSpec,
) -> Lookup {
    // "icmp 1": an IP protocol with its number, not a port.
    if let Some(protocol) = deck.ip_protocol_named(name, false) {
        return ip_protocol(protocol);
    }
    let on_port = by_port(deck, services, ports.ports().collect());
    if let Lookup::Found(rows) = &on_port {
        let fits = |row: &usize| {
            !matches!(matcher::closeness(name, deck.spellings_of_row(*row)), Closeness::Far(_))
                || services.named(name).iter().any(|line| deck.rows[*row].ports.contains(line.port))
        };
        let named: Vec<usize> = rows.iter().copied().filter(fits).collect();
        return Lookup::Found(if named.is_empty() { rows.clone() } else { named });
    }
    match by_name(deck, facts, services, name) {
        found @ (Lookup::Outside(_) | Lookup::Elsewhere(_)) => found,
        _ => on_port,
    }
}

/// An IP protocol, said not to be a port.
fn ip_protocol(protocol: &crate::exam::IpProtocol) -> Lookup {
    Lookup::IpProtocol(format!(
        "{} ({}) is IP protocol {}, not a port. {}",
        protocol.name, protocol.full_name, protocol.number, protocol.why
    ))
}

/// IPsec and other names for several parts: every part's row and protocol number.
fn suite(deck: &Deck, facts: &Facts, query: &str) -> Option<Lookup> {
    let compact = matcher::compact(query);
    let suite = facts.suites.iter().find(|suite| {
        std::iter::once(&suite.name).chain(&suite.aliases).any(|name| matcher::compact(name) == compact)
    })?;
    let specs: Vec<crate::ports::PortSpec> = suite.ports.iter().filter_map(|ports| ports.parse().ok()).collect();
    let rows = deck.rows_of_ports(&specs);
    let mut text = suite.why.clone();
    for number in &suite.ip_protocols {
        if let Some(protocol) = facts.questions.ip_protocols.iter().find(|protocol| protocol.number == *number) {
            text.push_str(&format!(
                "\n{:<10} {} ({}): IP protocol {}, no port",
                "", protocol.name, protocol.full_name, number
            ));
        }
    }
    Some(Lookup::Within { text, rows })
}

fn by_port(deck: &Deck, services: &Services, wanted: Vec<u16>) -> Lookup {
    let found: Vec<usize> =
        (0..deck.rows.len()).filter(|&row| wanted.iter().any(|port| deck.rows[row].ports.contains(*port))).collect();
    if !found.is_empty() {
        return Lookup::Found(found);
    }
    let Some(&first) = wanted.first() else { return Lookup::Unknown(Vec::new()) };
    let lines: Vec<String> = services.on_port(first).iter().map(|line| line.describe()).collect();
    if lines.is_empty() {
        return Lookup::Outside(format!("{first} is not in this deck, and /etc/services names no service on it."));
    }
    Lookup::Outside(format!("{first} is not in this deck. /etc/services: {}.", lines.join("; ")))
}

fn by_name(deck: &Deck, facts: &Facts, services: &Services, query: &str) -> Lookup {
    let mut scored: Vec<(Closeness, usize)> =
        (0..deck.rows.len()).map(|row| (matcher::closeness(query, deck.spellings_of_row(row)), row)).collect();
    scored.sort();
    let Some(&(best, _)) = scored.first() else { return Lookup::Unknown(Vec::new()) };
    let named_lines = services.named(query);
    let rows_of_lines: Vec<usize> = (0..deck.rows.len())
        .filter(|&row| named_lines.iter().any(|line| deck.rows[row].ports.contains(line.port)))
        .collect();
    let tied: Vec<usize> = scored.iter().take_while(|(closeness, _)| *closeness == best).map(|&(_, row)| row).collect();
    if best == Closeness::Exact || !rows_of_lines.is_empty() {
        let mut rows = if best == Closeness::Exact { tied } else { Vec::new() };
        rows.extend(rows_of_lines.into_iter().filter(|row| !rows.contains(row)).collect::<Vec<_>>());
        return Lookup::Found(rows);
    }
    if let Some(found) = rides_on(deck, facts, query) {
        return found;
    }
    if let Some(label) = deck.elsewhere_named(query) {
        return Lookup::Elsewhere(label.to_string());
    }
    if !named_lines.is_empty() {
        let lines: Vec<String> = named_lines.iter().map(|line| line.describe()).collect();
        return Lookup::Outside(format!("\"{query}\" is not in this deck. /etc/services: {}.", lines.join("; ")));
    }
    if let Closeness::Typo(_) = best {
        return Lookup::Found(tied);
    }
    if let Some(rows) = named_by_every_word(deck, query).or_else(|| named_by_leading_words(deck, query)) {
        return Lookup::Found(rows);
    }
    match best {
        Closeness::Exact | Closeness::Typo(_) => Lookup::Found(tied),
        Closeness::Within if tied.len() == 1 => Lookup::Found(tied),
        Closeness::Within => Lookup::Ambiguous(tied),
        Closeness::Far(_) => Lookup::Unknown(scored.iter().take(CANDIDATES).map(|&(_, row)| row).collect()),
    }
}

/// A name the exam questions give a protocol that rides on a row or names parts of
/// rows (DNS over HTTPS on 443, DNSSEC on 53, rsh on 514): what it is, and the rows.
fn rides_on(deck: &Deck, facts: &Facts, query: &str) -> Option<Lookup> {
    let compact = matcher::compact(query);
    for pair in &facts.questions.counterparts {
        for side in std::iter::once(&pair.insecure).chain(&pair.secure) {
            let names = std::iter::once(&side.name).chain(&side.aliases);
            if !names.into_iter().any(|name| matcher::compact(name) == compact) {
                continue;
            }
            let specs: Vec<crate::ports::PortSpec> =
                side.ports.ports().filter_map(|port| port.to_string().parse().ok()).collect();
            let rows = deck.rows_of_ports(&specs);
            let text = format!("{}: {}. {}", side.name, side.ports.phrase(), pair.why);
            return Some(Lookup::Within { text, rows });
        }
    }
    None
}

/// A query of several words that one row's spelling holds every word of ("global
/// catalog ssl" in "global catalog over ssl"): that row, when it is the only one.
fn named_by_every_word(deck: &Deck, query: &str) -> Option<Vec<usize>> {
    let normalised = matcher::normalise(query);
    let words: Vec<&str> = normalised.split(' ').filter(|word| !word.is_empty()).collect();
    if words.len() < 2 {
        return None;
    }
    let rows: Vec<usize> = (0..deck.rows.len())
        .filter(|&row| {
            deck.spellings_of_row(row).iter().any(|spelling| words.iter().all(|word| spelling.compact.contains(word)))
        })
        .collect();
    (rows.len() == 1).then_some(rows)
}

/// A query of several words whose first words name a row exactly ("sip over tcp"):
/// that row, never another family's that shares the later words.
fn named_by_leading_words(deck: &Deck, query: &str) -> Option<Vec<usize>> {
    let words: Vec<&str> = query.split_whitespace().collect();
    (1..words.len()).rev().find_map(|length| {
        let leading = words[..length].join(" ");
        let rows: Vec<usize> = (0..deck.rows.len())
            .filter(|&row| matcher::closeness(&leading, deck.spellings_of_row(row)) == Closeness::Exact)
            .collect();
        (!rows.is_empty()).then_some(rows)
    })
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
    if let Some((_, note)) = facts.and_then(|facts| facts.also_transport.as_ref()) {
        push_line(&mut text, format_args!("  also:      {note}"));
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
    for line in Services::builtin().lines.iter().filter(|line| port_row.ports.contains(line.port)) {
        push_line(&mut text, format_args!("  services:  {}", line.describe()));
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
    use crate::services::Services;
    use crate::testing::seed_deck_with_extras as deck;

    fn ports(deck: &Deck, found: &Lookup) -> Vec<String> {
        let rows = match found {
            Lookup::Found(rows) | Lookup::Ambiguous(rows) | Lookup::Unknown(rows) => rows,
            Lookup::Within { rows, .. } => rows,
            Lookup::Invalid(_) | Lookup::Elsewhere(_) | Lookup::IpProtocol(_) | Lookup::Outside(_) => {
                return Vec::new();
            }
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
        assert!(matches!(lookup(&deck, "switch"), Lookup::Unknown(_)), "no row claims a generic word");
        assert_eq!(ports(&deck, &lookup(&deck, "router")), ["520"], "/etc/services' alias of route (RIP)");
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
        assert_eq!(
            lookup(&deck, "9999"),
            Lookup::Outside("9999 is not in this deck, and /etc/services names no service on it.".into())
        );
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

    fn found(deck: &Deck, query: &str) -> Vec<String> {
        let found = lookup(deck, query);
        assert!(matches!(found, Lookup::Found(_) | Lookup::Within { .. }), "{query}: {found:?}");
        ports(deck, &found)
    }

    #[test]
    fn a_name_with_its_port_finds_that_row() {
        let deck = deck();
        for (query, expected) in [
            ("kerberos 88", "88"),
            ("88 kerberos", "88"),
            ("kerberos 464", "464"),
            ("smb 445", "445"),
            ("syslog tls 6514", "6514"),
            ("radius accounting 1813", "1812-1813"),
            ("sip 5061", "5060-5061"),
            ("port 443 https", "443"),
            ("https on 443", "443"),
            ("global catalog ssl", "3269"),
        ] {
            assert_eq!(found(&deck, query), [expected], "{query}");
        }
    }

    #[test]
    fn the_names_of_n10_009_objective_3_4_and_ipsecs_parts_are_found() {
        let deck = deck();
        for (query, expected) in [
            ("ptp", vec!["319-320"]),
            ("precision time protocol", vec!["319-320"]),
            ("nts", vec!["4460"]),
            ("ntp", vec!["123"]),
            ("dot", vec!["853"]),
            ("doh", vec!["443"]),
            ("dnssec", vec!["53"]),
            ("rsh", vec!["512", "514"]),
            ("rlogin", vec!["512", "514"]),
            ("smb over netbios", vec!["137-139"]),
            ("sip over tls", vec!["5060-5061"]),
            ("sip over tcp", vec!["5060-5061"]),
            ("ipsec", vec!["500", "4500"]),
        ] {
            assert_eq!(found(&deck, query), expected, "{query}");
        }
        let Lookup::Within { text, .. } = lookup(&deck, "ipsec") else { panic!() };
        for part in ["UDP 500", "4500", "ESP", "IP protocol 50", "AH", "IP protocol 51"] {
            assert!(text.contains(part), "{part} missing from: {text}");
        }
        for (query, number) in [("icmp", 1), ("tcp", 6), ("udp", 17), ("icmp 1", 1)] {
            let Lookup::IpProtocol(text) = lookup(&deck, query) else { panic!("{query}") };
            assert!(text.contains(&format!("is IP protocol {number}, not a port")), "{text}");
        }
    }

    #[test]
    fn a_port_or_name_outside_the_deck_says_so_with_its_etc_services_name() {
        let deck = deck();
        let system = Services::parse(
            "nfs\t\t2049/tcp\t\t\t# Network File System\npostgresql\t5432/tcp\tpostgres\t# PostgreSQL Database\n",
        );
        let services = Services::builtin().with(system);
        let look = |query: &str| lookup_with(&deck, &Facts::builtin(), &services, query);
        for query in ["nfs 2049", "2049", "nfs"] {
            let Lookup::Outside(text) = look(query) else { panic!("{query}: {:?}", look(query)) };
            assert!(text.contains("not in this deck") && text.contains("nfs 2049/tcp"), "{text}");
        }
        let Lookup::Outside(text) = look("postgres 5432") else { panic!() };
        assert!(text.contains("postgresql 5432/tcp (postgres)"), "{text}");
        assert_eq!(
            look("1521"),
            Lookup::Outside("1521 is not in this deck, and /etc/services names no service on it.".into())
        );
    }

    #[test]
    fn an_entry_prints_its_transport_note() {
        let deck = deck();
        for (query, note) in [("3389", "UDP 3389"), ("443", "QUIC"), ("514", "TCP 514")] {
            let Lookup::Found(rows) = lookup(&deck, query) else { panic!("{query}") };
            let text = describe(&deck, rows[0]);
            assert!(text.contains("  also:") && text.contains(note), "{note} missing from:\n{text}");
        }
    }
}

//! The exam-style questions' data is sound: every port and service resolves, one right
//! answer each, transports agree with the facts. (A learner answering them through the
//! window is in the window tests' exam_questions.)

use std::collections::HashSet;

use portcards::deck::{Deck, Direction};
use portcards::exam::{Asks, ExamQuestions, Family, Side};
use portcards::facts::Facts;
use portcards::matcher::{self, Closeness, Judgement};
use portcards::ports::Transport;
use portcards::progress::{Progress, Scope};
use portcards::table::parse_table;

fn deck(with_extras: bool) -> Deck {
    Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), with_extras)
}

fn questions() -> ExamQuestions {
    Facts::builtin().questions
}

fn find<'a>(deck: &'a Deck, id: &str) -> (usize, &'a portcards::deck::Card) {
    let index = deck.cards.iter().position(|card| card.id.as_str() == id).unwrap_or_else(|| panic!("no card {id}"));
    (index, &deck.cards[index])
}

/// A side names what the facts (or the table) say is on its ports: some spelling of
/// the one is part of the other ("snmp" in "SNMPv3", "rexec" in "rexec/rsh").
fn side_matches_its_ports(deck: &Deck, side: &Side) -> bool {
    let facts = Facts::builtin();
    let mut spellings = Vec::new();
    if let Some(entry) = facts.for_ports(&side.ports) {
        spellings.extend(matcher::spellings(&entry.name, &entry.aliases));
    }
    if let Some(row) = deck.row_for(&side.ports) {
        spellings.extend(deck.spellings_of_row(row).iter().cloned());
    }
    let names: Vec<String> =
        std::iter::once(&side.name).chain(&side.aliases).map(|name| matcher::compact(name)).collect();
    spellings.iter().any(|spelling| names.iter().any(|name| name.contains(&spelling.compact)))
}

#[test]
fn every_counterpart_side_resolves_to_the_deck_or_the_facts() {
    let deck = deck(true);
    let facts = Facts::builtin();
    for pair in questions().counterparts {
        assert!(deck.row_for(&pair.insecure.ports).is_some(), "{}: insecure side not in the table", pair.id);
        assert!(!pair.secure.is_empty(), "{}", pair.id);
        for side in std::iter::once(&pair.insecure).chain(&pair.secure) {
            let known = side.ports.ports().all(|port| {
                facts.entries().iter().any(|entry| entry.ports.contains(port))
                    || deck.rows.iter().any(|row| row.ports.contains(port))
            });
            assert!(known, "{}: {} has ports nobody knows", pair.id, side.describe());
            assert!(side_matches_its_ports(&deck, side), "{}: {} is not what its ports carry", pair.id, side.name);
        }
    }
}

#[test]
fn counterpart_transports_agree_with_the_facts() {
    let facts = Facts::builtin();
    let deck = deck(true);
    for pair in questions().counterparts {
        for side in std::iter::once(&pair.insecure).chain(&pair.secure) {
            // Only ports whose facts describe this protocol: 514/TCP is rsh, 514/UDP syslog.
            let entries: Vec<_> = facts
                .entries()
                .iter()
                .filter(|entry| side.ports.ports().any(|port| entry.ports.contains(port)))
                .filter(|entry| {
                    let spellings = matcher::spellings(&entry.name, &entry.aliases);
                    matches!(matcher::closeness(&side.name, &spellings), Closeness::Exact | Closeness::Within)
                        || side_matches_its_ports(&deck, &Side { ports: entry.ports.clone(), ..side.clone() })
                })
                .collect();
            let transports: HashSet<String> = entries.iter().map(|entry| entry.transport.to_string()).collect();
            assert!(transports.len() <= 1, "{}: {} has transports {transports:?}", pair.id, side.name);
            if let (Some(declared), Some(entry)) = (side.transport, entries.first()) {
                assert_eq!(declared, entry.transport, "{}: {}", pair.id, side.name);
            }
        }
        let secure_transports: Vec<Transport> = pair.secure.iter().filter_map(|side| side.transport).collect();
        assert_eq!(secure_transports.len(), pair.secure.len(), "{}: every secure side says its transport", pair.id);
    }
}

#[test]
fn every_scenario_resolves_to_one_row_and_has_one_right_answer() {
    let deck = deck(true);
    let mut seen_questions = HashSet::new();
    for scenario in questions().scenarios {
        assert!(seen_questions.insert(scenario.question.clone()), "{} asked twice", scenario.id);
        let row = deck.row_for(&scenario.ports).unwrap_or_else(|| panic!("{}: no row", scenario.id));
        assert!(
            scenario.ports.is_subset_of(&deck.rows[row].ports),
            "{}: {} spans more than the row {}",
            scenario.id,
            scenario.ports,
            deck.rows[row].ports
        );
        let holders = deck.rows.iter().filter(|other| other.ports.ports().any(|port| scenario.ports.contains(port)));
        assert_eq!(holders.count(), 1, "{}: its ports are in more than one row", scenario.id);
        let (index, card) = find(&deck, &format!("scenario:{}", scenario.id));
        assert_eq!(deck.check(index, &card.answer).judgement, Judgement::Correct, "{}: {}", scenario.id, card.answer);
        if scenario.asks != Asks::Port {
            let facts = Facts::builtin();
            assert!(facts.for_ports(&deck.rows[row].ports).is_some(), "{}: the protocol has no facts", scenario.id);
        }
        // The other scenarios' answers are not also right here, unless they are the same answer.
        for other in questions().scenarios.iter().filter(|other| other.id != scenario.id) {
            let (other_index, other_card) = find(&deck, &format!("scenario:{}", other.id));
            let same_answer = deck.check(other_index, &card.answer).judgement == Judgement::Correct;
            if deck.check(index, &other_card.answer).judgement == Judgement::Correct {
                assert!(same_answer, "{} accepts {}'s answer {}", scenario.id, other.id, other_card.answer);
            }
        }
    }
}

/// A scenario describes a need; it stands on its own ("The same ..." needs the one
/// before it) and does not name the protocol it asks the port of (that is a recall
/// card), and no two share an answer for the same reason.
#[test]
fn scenarios_describe_the_need_without_naming_the_answer() {
    let deck = deck(true);
    let mut problems = Vec::new();
    let mut answers = HashSet::new();
    for scenario in questions().scenarios {
        let question = scenario.question.to_lowercase();
        if question.starts_with("the same") {
            problems.push(format!("{}: does not stand on its own", scenario.id));
        }
        if question.contains('(') {
            problems.push(format!("{}: labels its answer in brackets", scenario.id));
        }
        if !answers.insert((scenario.ports.clone(), scenario.asks)) {
            problems.push(format!("{}: another scenario asks the same of {}", scenario.id, scenario.ports));
        }
        if scenario.asks != Asks::Port {
            continue;
        }
        let words: Vec<String> =
            question.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(String::from).collect();
        let row = deck.row_for(&scenario.ports).unwrap();
        for spelling in deck.spellings_of_row(row).iter().filter(|spelling| spelling.compact.len() >= 3) {
            let named = (1..=4).any(|size| words.windows(size).any(|run| run.concat() == spelling.compact));
            if named {
                problems.push(format!("{}: names its answer's protocol ({})", scenario.id, spelling.compact));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn there_are_forty_scenarios_and_without_extras_only_table_ports_are_asked() {
    let questions = questions();
    assert!(questions.scenarios.len() >= 40);
    let table_only = deck(false);
    for scenario in &questions.scenarios {
        let id = format!("scenario:{}", scenario.id);
        let built = table_only.cards.iter().any(|card| card.id.as_str() == id);
        assert_eq!(built, table_only.row_for(&scenario.ports).is_some(), "{}", scenario.id);
    }
}

#[test]
fn each_port_has_a_family_and_family_cards_accept_any_order() {
    let facts = Facts::builtin();
    for entry in facts.entries() {
        assert!(!entry.families.is_empty(), "{} has no family", entry.ports);
    }
    let deck = deck(false);
    let (index, mail) = find(&deck, "family:mail");
    // Asked: the rows the table marks as core (it names no exam); 102 (MS Exchange) is
    // in the family, accepted but not asked.
    assert_eq!(mail.answer, "25, 110, 143, 465");
    assert_eq!(mail.prompt, "Name the 4 mail ports your table marks as core, in any order.");
    assert_eq!(deck.check(index, "465 143 110 25").judgement, Judgement::Correct);
    assert_eq!(deck.check(index, "465 143 110 102 25").judgement, Judgement::Correct, "102 is in the family");
    let partly = deck.check(index, "25, 110, 143");
    assert_eq!(partly.judgement, Judgement::Partial);
    assert_eq!(partly.explanation("").unwrap(), "Missing: 465 (SMTPS).");
    let stray = deck.check(index, "25 110 143 465 80");
    assert_eq!(stray.judgement, Judgement::Partial);
    assert_eq!(stray.explanation("").unwrap(), "Not in this family: 80.");
    assert_eq!(deck.check(index, "80 443").judgement, Judgement::Wrong);
    assert!(mail.note.as_deref().unwrap().ends_with("also in the family, not asked: 102 MS Exchange"));
    let with_extras = self::deck(true);
    let (_, mail) = find(&with_extras, "family:mail");
    assert_eq!(mail.answer, "25, 110, 143, 465, 587", "993 and 995 are accepted, not asked");
}

#[test]
fn counterparts_ask_both_ways_and_say_which_part_is_missing() {
    let deck = deck(false);
    let (telnet, card) = find(&deck, "counterpart:telnet:secure");
    assert_eq!(card.prompt, "Telnet (port 23) is not secure. What replaces it, and on which port?");
    assert_eq!(deck.check(telnet, "SSH on port 22").judgement, Judgement::Correct);
    assert_eq!(deck.check(telnet, "secure shell, 22").judgement, Judgement::Correct);
    let name_only = deck.check(telnet, "ssh");
    assert_eq!(name_only.judgement, Judgement::Partial);
    assert_eq!(name_only.explanation("ssh").unwrap(), "Right protocol; it needs its port too: SSH (port 22).");
    assert_eq!(deck.check(telnet, "22").judgement, Judgement::Partial);
    assert_eq!(deck.check(telnet, "HTTPS 443").judgement, Judgement::Wrong);
    let (ftp, _) = find(&deck, "counterpart:ftp:secure");
    assert_eq!(deck.check(ftp, "SFTP 22").judgement, Judgement::Correct);
    assert_eq!(deck.check(ftp, "FTPS 989-990").judgement, Judgement::Correct);
    assert_eq!(deck.check(ftp, "ftps 990").judgement, Judgement::Correct);
    let (ssh, card) = find(&deck, "counterpart:ssh:replaces");
    assert_eq!(card.answer, "Telnet, port 23 or rexec/rsh, ports 512, 514");
    assert_eq!(deck.check(ssh, "telnet 23").judgement, Judgement::Correct);
    assert_eq!(deck.check(ssh, "rsh 514").judgement, Judgement::Correct);
    let (dot, card) = find(&deck, "counterpart:dns:secure");
    assert!(card.core, "DNS is a core port, so its counterpart card is too");
    assert_eq!(deck.check(dot, "DNS over TLS 853").judgement, Judgement::Correct);
    assert_eq!(deck.check(dot, "DoT 853").judgement, Judgement::Correct);
    // Security+ pairs DNS with DNSSEC; DNS over HTTPS is right too.
    assert_eq!(deck.check(dot, "DNSSEC 53").judgement, Judgement::Correct);
    assert_eq!(deck.check(dot, "DNS over HTTPS, 443").judgement, Judgement::Correct);
    assert_eq!(deck.check(dot, "DoH 443").judgement, Judgement::Correct);
    assert!(card.note.as_deref().unwrap().contains("signs the answers"), "DNSSEC signs, it does not encrypt");
    assert!(card.note.as_deref().unwrap().contains("extends DNS rather than replacing it"));
    // DNSSEC extends DNS: it is a right answer above, never asked what it replaced.
    assert!(deck.cards.iter().all(|card| card.id.as_str() != "counterpart:dnssec:replaces"));
    // SNMPv3's name holds SNMP and it runs on SNMP's ports: the prompt gives neither.
    let (_, card) = find(&deck, "counterpart:snmpv3:replaces");
    assert_eq!(
        card.prompt,
        "Version 3 of a device management protocol, which added users, authentication and encryption on the same ports, replaced which insecure protocol? Give its name and port."
    );
    let (_, card) = find(&deck, "counterpart:ldaps:replaces");
    assert_eq!(
        card.prompt,
        "The secure protocol on port 636 replaced which insecure protocol? Give its name and port."
    );
}

/// The facts the exams test, as the facts file now states them.
#[test]
fn version_dependent_protocols_get_no_clear_text_card_and_netbios_is_both() {
    let deck = deck(true);
    for ports in ["161-162", "49", "445"] {
        let id = format!("{ports}:clear-text");
        assert!(deck.cards.iter().all(|card| card.id.as_str() != id), "{id}: depends on the version or options");
    }
    assert!(deck.cards.iter().any(|card| card.id.as_str() == "23:clear-text"));
    let facts = Facts::builtin();
    let netbios = facts.for_ports(&"137-139".parse().unwrap()).unwrap();
    assert_eq!(netbios.transport, Transport::Both, "137-138 UDP and 139 TCP: the row is both");
}

#[test]
fn clear_text_cards_cover_the_deck_protocols_the_facts_can_answer() {
    let deck = deck(false);
    let (telnet, card) = find(&deck, "23:clear-text");
    assert_eq!(card.prompt, "Does the service on port 23 send its data in clear text or encrypted?");
    for (typed, outcome) in
        [("clear text", Judgement::Correct), ("plaintext", Judgement::Correct), ("encrypted", Judgement::Wrong)]
    {
        assert_eq!(deck.check(telnet, typed).judgement, outcome, "{typed}");
    }
    let (ssh, _) = find(&deck, "22:clear-text");
    assert_eq!(deck.check(ssh, "encrypted").judgement, Judgement::Correct);
    assert_eq!(deck.check(ssh, "unencrypted").judgement, Judgement::Wrong);
    let rows_with_cards = deck.cards.iter().filter(|card| card.direction == Direction::ClearText).count();
    assert!(rows_with_cards >= 35, "{rows_with_cards}");
}

#[test]
fn the_new_kinds_are_on_for_core_ports_by_default_and_can_be_switched() {
    let deck = deck(false);
    let mut progress = Progress::default();
    let asked = |progress: &Progress, id: &str| progress.settings.asks(find(&deck, id).1);
    assert!(asked(&progress, "scenario:secure-admin-cli"), "22 is core");
    assert!(!asked(&progress, "scenario:isp-routing"), "179 is not core");
    progress.settings.ask_scenarios = Scope::All;
    assert!(asked(&progress, "scenario:isp-routing"));
    progress.settings.ask_scenarios = Scope::Off;
    assert!(!asked(&progress, "scenario:secure-admin-cli"));
    progress.settings.focus_family = Some(Family::Mail);
    assert!(asked(&progress, "25:port-to-service"));
    assert!(!asked(&progress, "22:port-to-service"));
}

#[test]
fn every_card_text_draws_with_the_bundled_font() {
    // egui's default font lacks arrows and most symbols: a missing glyph panics.
    let allowed = "–—·»×…±é";
    for card in &deck(true).cards {
        for text in [&card.prompt, &card.answer].into_iter().chain(&card.note) {
            assert!(text.chars().all(|c| c.is_ascii() || allowed.contains(c)), "{}: {text}", card.id);
        }
    }
}

/// What an instructor marked wrong (issue 42), as the cards now read.
#[test]
fn the_audits_wrong_items_read_right() {
    let with_extras = deck(true);
    let (_, aaa) = find(&with_extras, "scenario:device-admin-aaa");
    assert_eq!(aaa.answer, "TACACS+, port 49", "only TACACS+ encrypts the whole exchange");
    let echo = with_extras.rows.iter().find(|row| row.ports.to_string() == "7").unwrap();
    assert!(!echo.info.contains("ICMP"), "port 7 relays no ICMP: {}", echo.info);
    let echo_note = Facts::builtin().for_ports(&"7".parse().unwrap()).unwrap().note.clone().unwrap();
    assert!(echo_note.contains("IP protocol 1"), "{echo_note}");
    let pptp = Facts::builtin().for_ports(&"1723".parse().unwrap()).unwrap().clone();
    let pptp_note = pptp.note.unwrap();
    assert!(pptp_note.contains("MPPE") && pptp_note.contains("MS-CHAPv2 is its authentication"), "{pptp_note}");
    for ports in ["1723", "587"] {
        let id = format!("{ports}:clear-text");
        assert!(with_extras.cards.iter().all(|card| card.id.as_str() != id), "{id}: clear or encrypted depends");
    }
    // The table's bold rows are the table's, not "what the exams ask".
    for card in deck(false).cards.iter().filter(|card| card.direction == Direction::Family) {
        assert!(!card.prompt.contains("exam"), "{}: {}", card.id, card.prompt);
    }
    let network_plus = Deck::build_kind(
        parse_table(portcards::BUILTIN_TABLE).rows,
        &Facts::builtin(),
        portcards::deck::DeckKind::For(portcards::coverage::StudyFor::NetworkPlus),
    );
    let (_, databases) = find(&network_plus, "family:database");
    assert_eq!(
        databases.prompt,
        "Name the 2 database ports on the N10-009 objectives or often in practice tests, in any order."
    );
    let (_, mail) = find(&network_plus, "family:mail");
    assert_eq!(mail.prompt, "Name the 2 mail ports on the N10-009 objectives, in any order.");
    assert_eq!(mail.answer, "25, 587");
    let (_, smtp) = find(&network_plus, "counterpart:smtp:secure");
    assert_eq!(smtp.answer, "SMTPS, port 587", "N10-009 names SMTPS on 587");
    let labels: Vec<&str> = network_plus.rows.iter().map(|row| row.service.as_str()).collect();
    for shown in ["SMB", "IKE/ISAKMP", "RIPng", "HP OpenView", "TACACS+"] {
        assert!(labels.contains(&shown), "{shown} not in {labels:?}");
    }
}

//! The written coverage lists (data/exam-coverage.toml) against the deck built for
//! each exam: every port an exam asks has cards, and choosing an exam loses nothing.

use portcards::coverage::StudyFor;
use portcards::deck::{Deck, DeckKind, Standing};
use portcards::desk::{Desk, Intent, Opening, SettingsIntent};
use portcards::facts::Facts;
use portcards::matcher::Judgement;
use portcards::store::Store;
use portcards::table::parse_table;
use portcards::testing::at;

fn deck_for(study_for: StudyFor) -> Deck {
    Deck::build_kind(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), DeckKind::For(study_for))
}

#[test]
fn every_port_an_exam_asks_has_cards_and_only_what_its_objectives_name_is_core() {
    let facts = Facts::builtin();
    for study_for in [StudyFor::NetworkPlus, StudyFor::SecurityPlus, StudyFor::Both] {
        let deck = deck_for(study_for);
        let items = facts.coverage.items(study_for);
        assert!(items.len() >= 20, "{study_for:?}: only {} entries", items.len());
        for item in items {
            let row = deck.rows.iter().position(|row| row.ports == item.ports);
            let Some(row) = row else { panic!("{study_for:?}: {} {} has no row", item.ports, item.name) };
            assert!(deck.cards.iter().any(|card| card.row == row), "{study_for:?}: {} has no card", item.ports);
            let named = facts.coverage.on_objectives(study_for, &item.ports);
            assert_eq!(
                deck.rows[row].core, named,
                "{study_for:?}: {} core only when the objectives name it",
                item.ports
            );
            assert!(deck.exam_asks(row));
        }
        for (row, port_row) in deck.rows.iter().enumerate() {
            if port_row.core {
                assert!(
                    facts.coverage.on_objectives(study_for, &port_row.ports),
                    "{study_for:?}: {} is core",
                    port_row.ports
                );
            }
            let unnamed_core = deck
                .cards
                .iter()
                .find(|card| card.row == row && card.core && !port_row.core && !card.direction.is_exam_kind());
            assert!(unnamed_core.is_none(), "{study_for:?}: {unnamed_core:?} is core though its row is not named");
        }
        let table_rows = parse_table(portcards::BUILTIN_TABLE).rows.len();
        assert!(
            deck.rows[..table_rows]
                .iter()
                .zip(parse_table(portcards::BUILTIN_TABLE).rows)
                .all(|(a, b)| a.ports == b.ports),
            "the table's rows come first"
        );
    }
    let table_only = deck_for(StudyFor::TableOnly);
    let table = parse_table(portcards::BUILTIN_TABLE).rows;
    assert_eq!(table_only.rows.len(), table.len(), "a teacher's table stays as it is");
    assert!(
        table_only.rows.iter().zip(&table).all(|(a, b)| a.core == b.core),
        "the table's bold rows keep their weight"
    );
}

/// With Network+ chosen, Direct Connect (bold in the table, on no exam's list) loses
/// its weight and is labeled as core in the learner's table, not as the exam's; IKE
/// (named by objective 1.4 under IPsec) and SMB are the exam's core.
#[test]
fn the_tables_bold_rows_off_the_objectives_are_labeled_as_the_tables_core() {
    let deck = deck_for(StudyFor::NetworkPlus);
    let row = |ports: &str| deck.rows.iter().position(|row| row.ports.to_string() == ports).unwrap();
    let direct_connect = row("411-412");
    assert!(!deck.rows[direct_connect].core);
    assert_eq!(deck.standing(direct_connect), Standing::TableCore);
    assert_eq!(deck.standing(direct_connect).label().as_deref(), Some("CORE IN YOUR TABLE"));
    for named in ["500", "445", "514", "853", "49", "1812-1813"] {
        assert!(deck.rows[row(named)].core, "{named}");
        assert_eq!(deck.standing(row(named)), Standing::Objectives("N10-009".into()), "{named}");
    }
    assert_eq!(deck.standing(row("3306")), Standing::PracticeTests, "MySQL was N10-008's");
    assert!(!deck.rows[row("3306")].core);
    let table = Deck::build_kind(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), DeckKind::Table);
    let direct_connect = table.rows.iter().position(|row| row.ports.to_string() == "411-412").unwrap();
    assert!(table.rows[direct_connect].core, "the table-only deck keeps the table's weight");
}

/// Every IP protocol number an exam lists (ICMP 1, TCP 6, UDP 17, GRE 47, ESP 50,
/// AH 51) has its own card in that exam's deck, asking the number, weighted as core
/// where the exam's objectives name it.
#[test]
fn every_ip_protocol_an_exam_asks_has_a_number_card() {
    let facts = Facts::builtin();
    for study_for in [StudyFor::NetworkPlus, StudyFor::SecurityPlus, StudyFor::Both] {
        let deck = deck_for(study_for);
        let protocols = facts.coverage.protocols(study_for);
        assert!(protocols.len() >= 2, "{study_for:?}");
        for item in protocols {
            let card = deck
                .cards
                .iter()
                .position(|card| {
                    card.direction == portcards::deck::Direction::ProtocolNumber
                        && card.answer == item.number.to_string()
                })
                .unwrap_or_else(|| panic!("{study_for:?}: {} ({}) has no card", item.name, item.number));
            let named = item.source != portcards::coverage::PRACTICE_QUESTIONS;
            assert_eq!(
                deck.cards[card].core, named,
                "{study_for:?}: {} core only when the objectives name it",
                item.name
            );
            assert_eq!(deck.check(card, &item.number.to_string()).judgement, Judgement::Correct);
        }
    }
}

/// A family card asks only what the chosen exam asks; the rest is accepted.
#[test]
fn family_cards_ask_only_what_the_exam_asks() {
    let deck = deck_for(StudyFor::NetworkPlus);
    let card =
        deck.cards.iter().position(|card| card.id.as_str() == "family:file-transfer").expect("a file transfer card");
    let answer = &deck.cards[card].answer;
    assert!(!answer.contains("411-412"), "Direct Connect is on no exam: {answer}");
    let with_direct_connect = format!("{answer}, 411-412");
    assert_eq!(deck.check(card, &with_direct_connect).judgement, Judgement::Correct);
    let security = deck_for(StudyFor::SecurityPlus);
    let card = security.cards.iter().position(|card| card.id.as_str() == "family:file-transfer").unwrap();
    assert!(security.cards[card].answer.contains("989-990"), "Security+ asks FTPS: {}", security.cards[card].answer);
}

/// A learner who studied with the table alone keeps every review and card state when
/// they choose an exam, and gets them back if they go back.
#[test]
fn choosing_an_exam_keeps_every_review_and_card_state() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = Desk::open(Opening::builtin(dir.path(), false, 7), now);
    for _ in 0..6 {
        let answer = desk.session().current_card().unwrap().answer.clone();
        desk.apply(Intent::Submit(answer), now);
        desk.apply(Intent::Grade(portcards::progress::Grade::Good), now);
    }
    let before = desk.session().progress().clone();
    assert_eq!(before.log.len(), 6);
    for study_for in [StudyFor::SecurityPlus, StudyFor::NetworkPlus, StudyFor::TableOnly] {
        desk.apply(Intent::Settings(SettingsIntent::SetStudyFor(study_for)), now);
        let progress = desk.session().progress();
        assert_eq!(progress.log, before.log, "{study_for:?}");
        assert_eq!(progress.cards, before.cards, "{study_for:?}");
    }
    drop(desk);
    let saved = Store::at(dir.path()).load(now.to_utc()).progress;
    assert_eq!(saved.log, before.log);
    assert_eq!(saved.cards, before.cards);
    assert_eq!(saved.settings.study_for, Some(StudyFor::TableOnly));
}

/// Whether a quoted line names a protocol by one of these compact spellings: some run
/// of its words, compacted, is one of them.
fn line_names(line: &str, spellings: &[String]) -> bool {
    let words: Vec<String> = portcards::matcher::normalise(line).split(' ').map(str::to_string).collect();
    (0..words.len()).any(|start| (start + 1..=words.len()).any(|end| spellings.contains(&words[start..end].concat())))
}

/// The numbers a quoted line gives ("20/21" → 20, 21).
fn line_numbers(line: &str) -> Vec<u16> {
    line.split(|c: char| !c.is_ascii_digit()).filter_map(|digits| digits.parse().ok()).collect()
}

/// Every entry that cites an exam objective quotes a line of that objective (as
/// data/exam-objectives.toml holds it) which names the entry by a name its cards
/// accept and, where the line gives ports, gives the entry's; every other entry is
/// "practice questions" and quotes nothing.
#[test]
fn every_citation_quotes_an_objective_line_that_names_it() {
    let facts = Facts::builtin();
    let coverage = &facts.coverage;
    assert!(coverage.objectives.len() >= 8, "the quoted objectives did not load");
    let deck = deck_for(StudyFor::Both);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for item in coverage.network_plus.iter().chain(&coverage.security_plus) {
        let what = format!("{} {} ({}, \"{}\")", item.exam, item.ports, item.name, item.source);
        if item.source == portcards::coverage::PRACTICE_QUESTIONS {
            if item.quote.is_some() {
                wrong.push(format!("{what}: practice questions quote no objective"));
            }
            continue;
        }
        let Some(objective) = coverage.objective(&item.source).filter(|objective| objective.exam == item.exam) else {
            wrong.push(format!("{what}: no quoted {} objective of that number", item.exam));
            continue;
        };
        let Some(quote) = item.quote.as_ref().filter(|quote| objective.lines.contains(quote)) else {
            wrong.push(format!("{what}: its quote {:?} is not a line of {}", item.quote, objective.citation()));
            continue;
        };
        let row = deck.rows.iter().position(|row| row.ports == item.ports).expect("every entry has a row");
        let spellings: Vec<String> =
            deck.spellings_of_row(row).iter().map(|spelling| spelling.compact.clone()).collect();
        if !line_names(quote, &spellings) {
            wrong.push(format!("{what}: \"{quote}\" names none of {spellings:?}"));
        }
        let numbers = line_numbers(quote);
        if !numbers.is_empty() && !item.ports.ports().all(|port| numbers.contains(&port)) {
            wrong.push(format!("{what}: \"{quote}\" gives ports {numbers:?}"));
        }
        checked += 1;
    }
    let protocols = coverage.network_plus_protocols.iter().map(|item| (item, "N10-009"));
    for (item, exam) in protocols.chain(coverage.security_plus_protocols.iter().map(|item| (item, "SY0-701"))) {
        let what = format!("{exam} IP protocol {} ({})", item.number, item.name);
        if item.source == portcards::coverage::PRACTICE_QUESTIONS {
            continue;
        }
        let quoted = coverage
            .objective(&item.source)
            .filter(|objective| objective.exam == exam)
            .and_then(|objective| item.quote.as_ref().filter(|quote| objective.lines.contains(quote)));
        let protocol = facts.questions.ip_protocols.iter().find(|protocol| protocol.number == item.number);
        let named = protocol.is_some_and(|protocol| {
            quoted.is_some_and(|quote| quote.split(|c: char| !c.is_alphanumeric()).any(|word| word == protocol.name))
        });
        if !named {
            wrong.push(format!("{what}: \"{}\" quotes no line of it that names it", item.source));
        }
        checked += 1;
    }
    assert!(wrong.is_empty(), "{} wrong citations:\n{}", wrong.len(), wrong.join("\n"));
    assert!(checked >= 30, "only {checked} citations checked");
}

/// The learner reads an entry's source as it is: "on the N10-009 objectives (1.4)" or
/// "often in N10-009 practice tests", never the one for the other.
#[test]
fn lookup_says_where_each_exam_lists_a_port() {
    let deck =
        Deck::build_kind(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), DeckKind::TableAndExtras);
    let entry = |query: &str| match portcards::lookup::lookup(&deck, query) {
        portcards::lookup::Lookup::Found(rows) => portcards::lookup::describe(&deck, rows[0]),
        other => panic!("{query}: {other:?}"),
    };
    let ike = entry("500");
    assert!(
        ike.contains("on the N10-009 objectives (1.4)") && ike.contains("on the SY0-701 objectives (3.2)"),
        "{ike}"
    );
    let mysql = entry("3306");
    assert!(mysql.contains("often in N10-009 practice tests") && !mysql.contains("N10-009 objectives"), "{mysql}");
    assert!(entry("411").contains("not on the N10-009 or SY0-701 lists"));
}

//! The written coverage lists (data/exam-coverage.toml) against the deck built for
//! each exam: every port an exam asks has cards, and choosing an exam loses nothing.

use portcards::coverage::StudyFor;
use portcards::deck::{Deck, DeckKind};
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
fn every_port_an_exam_asks_has_cards_in_that_exams_deck_and_counts_as_core() {
    let facts = Facts::builtin();
    for study_for in [StudyFor::NetworkPlus, StudyFor::SecurityPlus, StudyFor::Both] {
        let deck = deck_for(study_for);
        let items = facts.coverage.items(study_for);
        assert!(items.len() >= 20, "{study_for:?}: only {} entries", items.len());
        for item in items {
            let row = deck.rows.iter().position(|row| row.ports == item.ports);
            let Some(row) = row else { panic!("{study_for:?}: {} {} has no row", item.ports, item.name) };
            assert!(deck.cards.iter().any(|card| card.row == row), "{study_for:?}: {} has no card", item.ports);
            assert!(deck.rows[row].core, "{study_for:?}: {} is not weighted as core", item.ports);
            assert!(deck.exam_asks(row));
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
    assert_eq!(
        table_only.rows.len(),
        parse_table(portcards::BUILTIN_TABLE).rows.len(),
        "a teacher's table stays as it is"
    );
}

/// Every IP protocol number an exam lists (GRE 47, ESP 50, AH 51) has its own card in
/// that exam's deck, asking the number, weighted as core.
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
            assert!(deck.cards[card].core, "{study_for:?}: {} is not core", item.name);
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

/// The README's coverage table, printed: `cargo test --test core coverage_figures -- --nocapture`.
#[test]
fn coverage_figures_for_the_readme() {
    let facts = Facts::builtin();
    let table = parse_table(portcards::BUILTIN_TABLE).rows;
    for study_for in [StudyFor::NetworkPlus, StudyFor::SecurityPlus, StudyFor::Both] {
        let items = facts.coverage.items(study_for);
        let in_table = items.iter().filter(|item| table.iter().any(|row| row.ports == item.ports)).count();
        let deck = deck_for(study_for);
        println!(
            "| {} | {} | {} | {} of {} | {} |",
            study_for.label(),
            items.len(),
            items.iter().filter(|item| !item.source.contains("practice")).count(),
            in_table,
            items.len(),
            deck.cards.len()
        );
        assert_eq!(
            items.len(),
            items.iter().filter(|item| deck.rows.iter().any(|row| row.ports == item.ports)).count()
        );
        let protocols = facts.coverage.protocols(study_for);
        println!(
            "  and IP protocol numbers: {} ({}), all in the deck",
            protocols.len(),
            protocols.iter().map(|item| format!("{} {}", item.name, item.number)).collect::<Vec<_>>().join(", ")
        );
    }
}

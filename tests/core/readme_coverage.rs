//! The coverage tables against what the code computes: README's figures per exam
//! (ports, what the objectives name, IP protocol numbers, cards in the deck and the
//! cards the Study screen counts with the default settings) and docs/exam-coverage.md's
//! objective line per port and protocol number. A failing test prints the table as it
//! should read, to paste between the markers.

use portcards::coverage::{Coverage, CoverageItem, PRACTICE_QUESTIONS, ProtocolItem, StudyFor};
use portcards::deck::{Deck, DeckKind};
use portcards::facts::Facts;
use portcards::progress::Settings;
use portcards::table::parse_table;

const START: &str = "<!-- coverage tables: written by tests/core/readme_coverage.rs -->";
const END: &str = "<!-- end of coverage tables -->";

fn deck_for(study_for: StudyFor) -> Deck {
    Deck::build_kind(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), DeckKind::For(study_for))
}

/// The figures for one choice, as a row of the first table.
fn figures_row(coverage: &Coverage, study_for: StudyFor) -> String {
    let table = parse_table(portcards::BUILTIN_TABLE).rows;
    let items = coverage.items(study_for);
    let named = items.iter().filter(|item| coverage.on_objectives(study_for, &item.ports)).count();
    let in_table = items.iter().filter(|item| table.iter().any(|row| row.ports == item.ports)).count();
    let protocols = coverage.protocols(study_for);
    let protocol_list: Vec<String> =
        protocols.iter().map(|item| format!("{} {}", short(&item.name), item.number)).collect();
    let deck = deck_for(study_for);
    let settings = Settings { study_for: Some(study_for), ..Settings::default() };
    let asked = deck.cards.iter().filter(|card| settings.asks(card)).count();
    format!(
        "| {} | {} | {named} | {in_table} of {} | {} ({}) | {} | {asked} |",
        study_for.label(),
        items.len(),
        items.len(),
        protocols.len(),
        protocol_list.join(", "),
        deck.cards.len(),
    )
}

/// "ESP (IPsec)" → "ESP".
fn short(name: &str) -> &str {
    name.split(" (").next().unwrap_or(name)
}

/// Where one exam's entry comes from, as a cell: `1.4: "Secure Shell (SSH) 22"`.
fn source_cell(source: &str, quote: Option<&String>, exam: &str) -> String {
    match quote {
        _ if source == PRACTICE_QUESTIONS => "practice questions".to_string(),
        Some(quote) => format!("{}: \"{quote}\"", source.trim_start_matches(exam).trim()),
        None => source.to_string(),
    }
}

fn port_cell(items: &[CoverageItem], ports: &portcards::ports::PortSpec, exam: &str) -> String {
    items
        .iter()
        .find(|item| item.ports == *ports)
        .map_or_else(String::new, |item| source_cell(&item.source, item.quote.as_ref(), exam))
}

fn protocol_cell(items: &[ProtocolItem], number: u8, exam: &str) -> String {
    items
        .iter()
        .find(|item| item.number == number)
        .map_or_else(String::new, |item| source_cell(&item.source, item.quote.as_ref(), exam))
}

/// README's table: the figures per exam.
fn expected_figures() -> String {
    let coverage = Facts::builtin().coverage;
    let mut text = String::new();
    text.push_str(START);
    text.push_str("\n\n| studying for | ports asked | named on the objectives | in the seed table | IP protocol numbers asked | cards in the deck | asked with the default settings |\n");
    text.push_str("| --- | --- | --- | --- | --- | --- | --- |\n");
    for study_for in [StudyFor::NetworkPlus, StudyFor::SecurityPlus, StudyFor::Both] {
        text.push_str(&figures_row(&coverage, study_for));
        text.push('\n');
    }
    text.push('\n');
    text.push_str(END);
    text
}

/// docs/exam-coverage.md's table: where each port and protocol number comes from.
fn expected_sources() -> String {
    let coverage = Facts::builtin().coverage;
    let mut text = String::new();
    text.push_str(START);
    text.push_str("\n\n| ports | protocol | Network+ N10-009 | Security+ SY0-701 |\n| --- | --- | --- | --- |\n");
    let mut entries: Vec<&CoverageItem> = coverage.items(StudyFor::Both);
    entries.sort_by_key(|item| item.ports.first());
    for item in entries {
        let network_plus = port_cell(&coverage.network_plus, &item.ports, "N10-009");
        let security_plus = port_cell(&coverage.security_plus, &item.ports, "SY0-701");
        text.push_str(&format!("| {} | {} | {network_plus} | {security_plus} |\n", item.ports, item.name));
    }
    let mut protocols = coverage.protocols(StudyFor::Both);
    protocols.sort_by_key(|item| item.number);
    for item in protocols {
        let network_plus = protocol_cell(&coverage.network_plus_protocols, item.number, "N10-009");
        let security_plus = protocol_cell(&coverage.security_plus_protocols, item.number, "SY0-701");
        text.push_str(&format!(
            "| IP protocol {} | {} | {network_plus} | {security_plus} |\n",
            item.number,
            short(&item.name)
        ));
    }
    text.push('\n');
    text.push_str(END);
    text
}

/// The text between the markers of a file of the project, markers included.
fn written_in(file: &str) -> Option<String> {
    let text = std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let start = text.find(START)?;
    let length = text[start..].find(END)?;
    Some(text[start..start + length + END.len()].to_string())
}

#[test]
fn readmes_coverage_figures_match_what_the_code_computes() {
    let expected = expected_figures();
    assert_eq!(
        written_in("README.md"),
        Some(expected.clone()),
        "README.md should hold, between its markers:\n{expected}"
    );
}

#[test]
fn the_objective_line_of_every_port_matches_the_coverage_data() {
    let expected = expected_sources();
    assert_eq!(
        written_in("docs/exam-coverage.md"),
        Some(expected.clone()),
        "docs/exam-coverage.md should hold, between its markers:\n{expected}"
    );
}

//! The deck as files for elsewhere: a tab-separated file that Anki and AnkiDroid
//! import (with Anki's file headers, a stable GUID per card so that importing again
//! updates rather than duplicates, and tags for the kind, core ports and families),
//! and a one-page cheat sheet in Markdown, grouped by family with core ports marked.
//!
//! Both take the cards the learner's settings ask, from their own table.

use std::fmt::Write;

use crate::deck::{Card, Deck};
use crate::exam::Family;
use crate::progress::Settings;

/// The deck as a file for elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Anki,
    CheatSheet,
}

impl Sheet {
    /// The file's text: the cards `settings` ask (Anki), or every row (cheat sheet).
    pub fn render(self, deck: &Deck, settings: &Settings) -> String {
        match self {
            Sheet::Anki => anki_tsv(deck, settings),
            Sheet::CheatSheet => cheat_sheet(deck),
        }
    }

    /// What the file is called where a sentence names it.
    pub fn name(self) -> &'static str {
        match self {
            Sheet::Anki => "Anki file",
            Sheet::CheatSheet => "Cheat sheet",
        }
    }
}

/// The tag every exported note carries, so that a learner finds them in Anki.
pub const ANKI_TAG: &str = "portcards";
/// The Anki deck the notes go to (Anki creates it).
pub const ANKI_DECK: &str = "Portcards";

/// Anki's text import: `#` headers, then one note a line, tab-separated: GUID, front,
/// back, tags. Fields are HTML (`#html:true`); text from the table is escaped.
pub fn anki_tsv(deck: &Deck, settings: &Settings) -> String {
    let mut text = String::new();
    for header in [
        "#separator:tab",
        "#html:true",
        "#notetype:Basic",
        &format!("#deck:{ANKI_DECK}"),
        "#guid column:1",
        "#tags column:4",
        "#columns:GUID\tFront\tBack\tTags",
    ] {
        text.push_str(header);
        text.push('\n');
    }
    for card in deck.cards.iter().filter(|card| settings.asks(card)) {
        let fields = [anki_guid(card), html(&card.prompt), back_of(card), tags_of(card)];
        text.push_str(&fields.join("\t"));
        text.push('\n');
    }
    text
}

/// The same GUID every time for the same card (its lasting id), so that a second
/// import updates the note instead of adding a copy.
pub fn anki_guid(card: &Card) -> String {
    format!("{ANKI_TAG}-{}", card.id)
}

fn back_of(card: &Card) -> String {
    match &card.note {
        Some(note) => format!("<b>{}</b><br>{}", html(&card.answer), html(note)),
        None => format!("<b>{}</b>", html(&card.answer)),
    }
}

fn tags_of(card: &Card) -> String {
    let mut tags = vec![ANKI_TAG.to_string(), format!("{ANKI_TAG}::{}", card.direction.slug())];
    if card.core {
        tags.push(format!("{ANKI_TAG}::core"));
    }
    tags.extend(card.families.iter().map(|family| format!("{ANKI_TAG}::family::{}", family.slug())));
    tags.join(" ")
}

/// Text as an HTML field on one line: no tabs or line breaks (they end a field or a
/// note), and `<`, `>`, `&`, `"` escaped.
fn html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\t' => escaped.push(' '),
            '\r' => {}
            '\n' => escaped.push_str("<br>"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// A one-page cheat sheet: each family's ports with their service and transport,
/// core ports in bold, for a classroom wall or a last look before the exam.
pub fn cheat_sheet(deck: &Deck) -> String {
    let mut sheet = String::from("# Port cheat sheet\n\n**Bold**: core ports (the bold rows of your table).\n");
    for family in Family::ALL {
        let rows: Vec<usize> =
            (0..deck.rows.len()).filter(|&row| deck.families_of_row(row).contains(&family)).collect();
        if rows.is_empty() {
            continue;
        }
        // Writing into a String cannot fail.
        writeln!(sheet, "\n## {}\n\n| port | service | transport |\n| --- | --- | --- |", family.title()).ok();
        for row in rows {
            let port_row = &deck.rows[row];
            let transport =
                deck.facts_of_row(row).map_or_else(|| port_row.transport.clone(), |facts| facts.transport.to_string());
            let (open, close) = if port_row.core { ("**", "**") } else { ("", "") };
            let service = port_row.service.replace('|', "\\|");
            writeln!(sheet, "| {open}{}{close} | {open}{service}{close} | {transport} |", port_row.ports).ok();
        }
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::seed_deck_with_extras;

    #[test]
    fn the_anki_file_has_the_headers_and_one_note_a_card_asked() {
        let deck = seed_deck_with_extras();
        let settings = Settings::default();
        let text = anki_tsv(&deck, &settings);
        assert!(text.starts_with("#separator:tab\n#html:true\n#notetype:Basic\n#deck:Portcards\n"));
        let notes: Vec<&str> = text.lines().filter(|line| !line.starts_with('#')).collect();
        assert_eq!(notes.len(), deck.cards.iter().filter(|card| settings.asks(card)).count());
        assert!(notes.iter().all(|note| note.split('\t').count() == 4), "four fields a note");
        let ssh = notes.iter().find(|note| note.starts_with("portcards-22:port-to-service\t")).unwrap();
        assert!(ssh.contains("Which service uses port 22?"));
        assert!(ssh.ends_with("portcards portcards::port-to-service portcards::core portcards::family::remote-access portcards::family::file-transfer"), "{ssh}");
    }

    #[test]
    fn html_fields_stay_on_one_line_and_escape_markup() {
        assert_eq!(html("a\tb\nc <d> & \"e\""), "a b<br>c &lt;d&gt; &amp; &quot;e&quot;");
    }

    #[test]
    fn the_cheat_sheet_groups_by_family_and_marks_core_ports() {
        let sheet = cheat_sheet(&seed_deck_with_extras());
        assert!(sheet.contains("## Mail\n"), "{sheet}");
        assert!(sheet.contains("| **22** | **SSH/SCP** | TCP |"), "{sheet}");
        assert!(sheet.contains("| 102 | MS Exchange | TCP |"), "{sheet}");
    }
}

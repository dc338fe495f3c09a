//! Reading a markdown port table into rows, each with the line it came from.
//!
//! The table is whatever a person wrote: pipes at the ends or not, tabs, trailing
//! spaces, rows that end in `&` or `&&`, bold written `**x**` or `__x__` (or opened
//! and never closed), ranges written `67-68`, `5060–5061` or `1812/1813`. The
//! markdown itself is parsed by pulldown-cmark; this module only tidies each line
//! first and interprets the cells afterwards. A bad row becomes a [`RowProblem`]
//! that names its line; the other rows still load.
//!
//! This module knows nothing about cards or scheduling.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::ports::{PortSpec, PortSpecError};

/// One row of the port table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortRow {
    /// 1-based line number in the source file.
    pub line: usize,
    pub ports: PortSpec,
    pub service: String,
    /// The transport column as written ("TCP/UDP"), empty when the table has none.
    pub transport: String,
    /// The information column as written, empty when the table has none.
    pub info: String,
    /// A row is core when its port cell is bold.
    pub core: bool,
}

/// What was wrong with one line of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: usize,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    NoTable,
    NoPortColumn,
    EmptyPort,
    BadPort { cell: String, why: PortSpecError },
    EmptyService { ports: String },
    DuplicatePorts { ports: String, first_line: usize },
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: ", self.line)?;
        }
        match &self.kind {
            ProblemKind::NoTable => write!(f, "no markdown table found (a header row, then a row like | --- | --- |)"),
            ProblemKind::NoPortColumn => write!(f, "the table has no column for port numbers"),
            ProblemKind::EmptyPort => write!(f, "the port cell is empty"),
            ProblemKind::BadPort { cell, why } => write!(f, "port \"{cell}\": {why}"),
            ProblemKind::EmptyService { ports } => write!(f, "port {ports} has no service name"),
            ProblemKind::DuplicatePorts { ports, first_line } => {
                write!(f, "port {ports} is listed again (first on line {first_line}); this row is skipped")
            }
        }
    }
}

/// The rows that loaded and the problems with the ones that did not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortTable {
    pub rows: Vec<PortRow>,
    pub problems: Vec<RowProblem>,
}

impl PortTable {
    pub fn core_count(&self) -> usize {
        self.rows.iter().filter(|row| row.core).count()
    }

    /// One sentence for the learner when rows were skipped, naming each line.
    pub fn skipped_rows_notice(&self, table_name: &str) -> Option<String> {
        if self.problems.is_empty() {
            return None;
        }
        let problems: Vec<String> = self.problems.iter().map(ToString::to_string).collect();
        Some(format!("{} row(s) of {table_name} were skipped: {}.", problems.len(), problems.join("; ")))
    }
}

/// Why a table file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum TableFileError {
    // The cause is part of the message, not a `source`: shown as a chain it would
    // print twice ("...: No such file or directory: No such file or directory").
    #[error("cannot read {path}: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error("{path} is not a text file (byte {offset} is not UTF-8)")]
    NotText { path: String, offset: usize },
}

/// Reads and parses a table file.
pub fn read_table_file(path: &std::path::Path) -> Result<PortTable, TableFileError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|cause| TableFileError::Read { path: shown.clone(), cause })?;
    let text = String::from_utf8(bytes)
        .map_err(|error| TableFileError::NotText { path: shown, offset: error.utf8_error().valid_up_to() })?;
    Ok(parse_table(&text))
}

/// Parses a markdown document holding one or more port tables.
pub fn parse_table(source: &str) -> PortTable {
    let tidy = tidy_lines(source);
    let line_starts = line_starts(&tidy);
    let mut table = PortTable::default();
    let mut first_line_of: HashMap<PortSpec, usize> = HashMap::new();
    let mut found_table = false;
    for raw in raw_tables(&tidy) {
        found_table = true;
        let line_of = |offset: usize| line_starts.partition_point(|&start| start <= offset);
        let Some(columns) = Columns::from_header(&raw.header) else {
            table.problems.push(RowProblem { line: line_of(raw.header_offset), kind: ProblemKind::NoPortColumn });
            continue;
        };
        for (offset, cells) in &raw.rows {
            let line = line_of(*offset);
            match columns.read_row(line, cells) {
                Ok(row) => match first_line_of.entry(row.ports.clone()) {
                    Entry::Occupied(first) => {
                        let kind =
                            ProblemKind::DuplicatePorts { ports: row.ports.to_string(), first_line: *first.get() };
                        table.problems.push(RowProblem { line: row.line, kind });
                    }
                    Entry::Vacant(slot) => {
                        slot.insert(row.line);
                        table.rows.push(row);
                    }
                },
                Err(kind) => table.problems.push(RowProblem { line, kind }),
            }
        }
    }
    if !found_table {
        table.problems.push(RowProblem { line: 0, kind: ProblemKind::NoTable });
    }
    table
}

/// Makes each line something CommonMark reads as a table row, keeping one output
/// line per input line so that line numbers stay true.
fn tidy_lines(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.lines() {
        let line = line.replace('\t', " ");
        out.push_str(&replace_ampersand_ending(line.trim_end()));
        out.push('\n');
    }
    out
}

/// `| 79 | Finger | | &&` and `| 119 | NNTP | | &|` end their row with ampersands
/// where a pipe belongs.
fn replace_ampersand_ending(line: &str) -> String {
    if !line.contains('|') {
        return line.to_string();
    }
    let without_pipe = line.strip_suffix('|').unwrap_or(line).trim_end();
    match without_pipe.strip_suffix('&') {
        Some(rest) => format!("{} |", rest.trim_end_matches('&').trim_end()),
        None => line.to_string(),
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(index, _)| index + 1)).collect()
}

/// A cell's visible text and whether any of it was bold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Cell {
    text: String,
    bold: bool,
}

impl Cell {
    /// Bold opened but never closed (`**DHCP/BOOTP`) reaches us as literal markers.
    fn finish(mut self) -> Self {
        let trimmed = self.text.trim();
        for marker in ["**", "__"] {
            if let Some(rest) = trimmed.strip_prefix(marker) {
                let rest = rest.strip_suffix(marker).unwrap_or(rest);
                return Cell { text: rest.trim().to_string(), bold: true };
            }
        }
        self.text = trimmed.to_string();
        self
    }
}

struct RawTable {
    header: Vec<Cell>,
    header_offset: usize,
    rows: Vec<(usize, Vec<Cell>)>,
}

fn raw_tables(text: &str) -> Vec<RawTable> {
    let mut tables = Vec::new();
    let mut current: Option<RawTable> = None;
    let mut cells: Vec<Cell> = Vec::new();
    let mut cell: Option<Cell> = None;
    let mut row_offset = 0;
    let mut strong_depth = 0usize;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Table(_)) => {
                current = Some(RawTable { header: Vec::new(), header_offset: range.start, rows: Vec::new() })
            }
            Event::End(TagEnd::Table) => tables.extend(current.take()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                cells.clear();
                row_offset = range.start;
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(table) = current.as_mut() {
                    table.header = std::mem::take(&mut cells);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(table) = current.as_mut() {
                    table.rows.push((row_offset, std::mem::take(&mut cells)));
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(Cell::default()),
            Event::End(TagEnd::TableCell) => cells.extend(cell.take().map(Cell::finish)),
            Event::Start(Tag::Strong) => strong_depth += 1,
            Event::End(TagEnd::Strong) => strong_depth = strong_depth.saturating_sub(1),
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = cell.as_mut() {
                    cell.text.push_str(&text);
                    cell.bold |= strong_depth > 0 && !text.trim().is_empty();
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(cell) = cell.as_mut() {
                    cell.text.push(' ');
                }
            }
            _ => {}
        }
    }
    tables
}

/// Which cell holds what, found from the header names.
#[derive(Debug, Clone, Copy)]
struct Columns {
    port: usize,
    service: Option<usize>,
    transport: Option<usize>,
    info: Option<usize>,
}

impl Columns {
    fn from_header(header: &[Cell]) -> Option<Self> {
        let names: Vec<String> = header.iter().map(|cell| cell.text.to_lowercase()).collect();
        let find = |wanted: &dyn Fn(&str) -> bool| names.iter().position(|name| wanted(name));
        let is_transport = |name: &str| name.contains("transport") || name == "protocol" || name == "tcp/udp";
        let port = find(&|name| (name.contains("port") && !is_transport(name)) || name == "number" || name == "#")?;
        let service = find(&|name| name.contains("service") || name.contains("name") || name == "protocol");
        let transport = find(&is_transport).filter(|&index| Some(index) != service);
        let info = find(&|name| {
            ["info", "description", "notes", "details", "comment", "purpose"].iter().any(|word| name.contains(word))
        });
        let service = service.or_else(|| (0..names.len()).find(|&index| index != port && Some(index) != transport));
        Some(Columns { port, service, transport, info })
    }

    fn read_row(&self, line: usize, cells: &[Cell]) -> Result<PortRow, ProblemKind> {
        let text = |index: Option<usize>| index.and_then(|index| cells.get(index)).map(|cell| cell.text.clone());
        let port_cell = cells.get(self.port).cloned().unwrap_or_default();
        if port_cell.text.is_empty() {
            return Err(ProblemKind::EmptyPort);
        }
        let ports: PortSpec =
            port_cell.text.parse().map_err(|why| ProblemKind::BadPort { cell: port_cell.text.clone(), why })?;
        let service = text(self.service).unwrap_or_default();
        if service.is_empty() {
            return Err(ProblemKind::EmptyService { ports: ports.to_string() });
        }
        Ok(PortRow {
            line,
            ports,
            service,
            transport: text(self.transport).unwrap_or_default(),
            info: text(self.info).unwrap_or_default(),
            core: port_cell.bold,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../data/ports.md");

    fn row<'a>(table: &'a PortTable, ports: &str) -> &'a PortRow {
        table.rows.iter().find(|row| row.ports.to_string() == ports).expect(ports)
    }

    #[test]
    fn seed_gives_46_rows_18_core_and_no_problems() {
        let table = parse_table(SEED);
        assert_eq!(table.problems, vec![]);
        assert_eq!(table.rows.len(), 46);
        assert_eq!(table.core_count(), 18);
    }

    #[test]
    fn seed_pins_every_port_and_service() {
        let expected = [
            ("7", "Echo", false),
            ("19", "Chargen", false),
            ("20", "FTP-transfer", true),
            ("21", "FTP-connection", true),
            ("22", "SSH/SCP", true),
            ("23", "Telnet", true),
            ("25", "SMTP", true),
            ("42", "WINS Replication", false),
            ("43", "WHOIS", false),
            ("49", "TACACS", false),
            ("53", "DNS", true),
            ("67-68", "DHCP/BOOTP", true),
            ("69", "TFTP", true),
            ("70", "Gopher", false),
            ("79", "Finger", false),
            ("80", "HTTP", true),
            ("88", "Kerberos", false),
            ("102", "MS Exchange", false),
            ("110", "POP3", true),
            ("113", "Ident", false),
            ("119", "NNTP", false),
            ("123", "NTP", true),
            ("135", "Microsoft RPC", false),
            ("137-139", "NetBIOS", false),
            ("143", "IMAP4", true),
            ("161-162", "SNMP", true),
            ("177", "XDMCP", false),
            ("179", "BGP", false),
            ("201", "AppleTalk", false),
            ("264", "BGMP", false),
            ("318", "TSP", false),
            ("381-383", "HP Openview", false),
            ("389", "LDAP", true),
            ("411-412", "Direct Connect", true),
            ("443", "HTTPS", true),
            ("445", "Microsft DS", false),
            ("464", "Kerberos", false),
            ("465", "SMTPS", true),
            ("497", "Retrospect", false),
            ("500", "ISAKMP", true),
            ("512", "rexec", false),
            ("514", "syslog", false),
            ("515", "LPD/LPR", false),
            ("520", "RIP", false),
            ("521", "RIPng (IPv6)", false),
            ("540", "UUCP", false),
        ];
        let table = parse_table(SEED);
        let actual: Vec<(String, String, bool)> =
            table.rows.iter().map(|row| (row.ports.to_string(), row.service.clone(), row.core)).collect();
        let expected: Vec<(String, String, bool)> =
            expected.iter().map(|(port, service, core)| (port.to_string(), service.to_string(), *core)).collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn seed_rows_keep_their_line_numbers_and_columns() {
        let table = parse_table(SEED);
        let ssh = row(&table, "22");
        assert_eq!(ssh.line, 9);
        assert_eq!(ssh.transport, "TCP");
        assert_eq!(ssh.info, "Secure Shell: Secure way to access a computer over the network");
        assert_eq!(row(&table, "540").line, 50);
        assert_eq!(row(&table, "7").transport, "TCP/UDP");
    }

    #[test]
    fn rows_ending_in_ampersands_load() {
        let table = parse_table(SEED);
        assert_eq!(row(&table, "79").service, "Finger");
        assert_eq!(row(&table, "80").service, "HTTP");
        assert_eq!(row(&table, "119").info, "");
    }

    #[test]
    fn unclosed_bold_counts_as_bold_and_loses_its_stars() {
        let table = parse_table(SEED);
        let dhcp = row(&table, "67-68");
        assert!(dhcp.core);
        assert_eq!(dhcp.service, "DHCP/BOOTP");
    }

    #[test]
    fn pipes_at_the_ends_are_optional_and_underscores_bold() {
        let source = "Port | Service\n--- | ---\n__22__ | SSH\n23 | Telnet\n";
        let table = parse_table(source);
        assert_eq!(table.problems, vec![]);
        assert_eq!(table.rows.len(), 2);
        assert!(table.rows[0].core);
        assert!(!table.rows[1].core);
        assert_eq!(table.rows[1].line, 4);
    }

    #[test]
    fn columns_are_found_by_header_name() {
        let source = "| Notes | Name | Proto | Port |\n|-|-|-|-|\n| remote | SSH | TCP | 22 |\n";
        let table = parse_table(source);
        let ssh = &table.rows[0];
        assert_eq!((ssh.ports.to_string().as_str(), ssh.service.as_str(), ssh.info.as_str()), ("22", "SSH", "remote"));
    }

    #[test]
    fn every_range_spelling_loads() {
        let source =
            "| Port | Service |\n|---|---|\n| 5060–5061 | SIP |\n| 1812/1813 | RADIUS |\n| 137 - 139 | NetBIOS |\n";
        let table = parse_table(source);
        assert_eq!(table.problems, vec![]);
        let ports: Vec<String> = table.rows.iter().map(|row| row.ports.to_string()).collect();
        assert_eq!(ports, ["5060-5061", "1812-1813", "137-139"]);
    }

    #[test]
    fn bad_rows_name_their_lines_and_the_rest_still_load() {
        let source = "| Port | Service |\n|---|---|\n| abc | Nope |\n| 22 | SSH |\n| 0 | Zero |\n| 70000 | Big |\n| 69-67 | Back |\n| 25 |  |\n|  | Lonely |\n| 22 | SSH again |\n";
        let table = parse_table(source);
        assert_eq!(table.rows.len(), 1);
        let lines: Vec<usize> = table.problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, [3, 5, 6, 7, 8, 9, 10]);
        let messages: Vec<String> = table.problems.iter().map(ToString::to_string).collect();
        assert!(messages[0].starts_with("line 3: port \"abc\""), "{}", messages[0]);
        assert!(messages[1].contains("1 to 65535"), "{}", messages[1]);
        assert!(messages[3].contains("reversed"), "{}", messages[3]);
        assert!(messages[4].contains("no service name"), "{}", messages[4]);
        assert!(messages[5].contains("empty"), "{}", messages[5]);
        assert!(messages[6].contains("first on line 4"), "{}", messages[6]);
    }

    #[test]
    fn skipped_rows_are_summarised_for_the_learner() {
        let table = parse_table("| Port | Service |\n|---|---|\n| 22 | SSH |\n| x | Bad |\n");
        let notice = table.skipped_rows_notice("my.md").unwrap();
        assert_eq!(notice, "1 row(s) of my.md were skipped: line 4: port \"x\": \"x\" is not a number.");
        assert_eq!(parse_table(SEED).skipped_rows_notice("seed"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn any_text_parses_without_panic_and_lines_stay_in_the_file(text in "(\\PC{0,40}\n){0,12}") {
            let table = parse_table(&text);
            let lines = text.lines().count();
            for row in &table.rows {
                proptest::prop_assert!(row.line >= 1 && row.line <= lines.max(1));
            }
            for problem in &table.problems {
                proptest::prop_assert!(problem.line <= lines.max(1));
            }
        }

        #[test]
        fn table_like_text_parses_without_panic(
            rows in proptest::collection::vec(("[ *_0-9a-z/&|–-]{0,12}", "[ *_a-zA-Z/()&|-]{0,12}", "[&| ]{0,3}"), 0..8)
        ) {
            let mut text = String::from("| Port | Service |\n|---|---|\n");
            for (port, service, ending) in rows {
                text.push_str(&format!("| {port} | {service} {ending}\n"));
            }
            let table = parse_table(&text);
            for row in &table.rows {
                proptest::prop_assert!(!row.service.is_empty());
                proptest::prop_assert!(row.ports.first() >= 1);
            }
        }
    }

    #[test]
    fn ten_thousand_rows_load() {
        let mut source = String::from("| Port | Service |\n|---|---|\n");
        for port in 1..=10_000 {
            source.push_str(&format!("| {port} | Service {port} |\n"));
        }
        let table = parse_table(&source);
        assert_eq!(table.rows.len(), 10_000);
        assert_eq!(table.rows[9_999].line, 10_002);
    }

    #[test]
    fn text_without_a_table_says_so() {
        let table = parse_table("just some notes\nabout ports\n");
        assert!(table.rows.is_empty());
        assert_eq!(table.problems[0].kind, ProblemKind::NoTable);
    }
}

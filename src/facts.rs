//! Facts behind each port (data/port-facts.toml): transport as taught, full name,
//! accepted aliases, notes where sources disagree, corrections of the table's lines, the
//! optional "exam extras", and confusable groups for multiple choice.
//!
//! The user's table stays the source of the deck; facts only add to it. Facts are
//! joined to a table row by its port set.

use std::collections::HashMap;

use serde::Deserialize;

use crate::exam::{ExamQuestions, Family};
use crate::ports::{PortSpec, Transport};
use crate::table::PortRow;

/// The facts shipped with portcards.
pub const BUILTIN_FACTS: &str = include_str!("../data/port-facts.toml");

/// IANA's service names and descriptions for the deck's ports.
pub const BUILTIN_IANA_NAMES: &str = include_str!("../data/iana-service-names.tsv");

/// One port's name in IANA's registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IanaName {
    pub port: u16,
    pub transport: String,
    /// The registry's keyword: "ms-wbt-server".
    pub keyword: String,
    pub description: String,
    /// "netbase" (Debian's /etc/services) or "iana".
    pub source: String,
    /// Whether the keyword also answers a card about the port (not where IANA assigns
    /// the port to another service than the one taught).
    pub answers: bool,
}

/// Reads the tab-separated list; a malformed line is named by its number.
pub fn parse_iana_names(text: &str) -> Result<Vec<IanaName>, String> {
    let mut names = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [port, transport, keyword, description, source, answers] = fields[..] else {
            return Err(format!("line {}: expected 6 tab-separated fields, found {}", index + 1, fields.len()));
        };
        let port = port.parse().map_err(|_| format!("line {}: \"{port}\" is not a port", index + 1))?;
        let answers = match answers {
            "yes" => true,
            "no" => false,
            other => return Err(format!("line {}: answers is \"{other}\", not yes or no", index + 1)),
        };
        names.push(IanaName {
            port,
            transport: transport.to_string(),
            keyword: keyword.to_string(),
            description: description.to_string(),
            source: source.to_string(),
            answers,
        });
    }
    Ok(names)
}

/// Everything known about one port or range.
#[derive(Debug, Clone, PartialEq)]
pub struct PortFacts {
    pub ports: PortSpec,
    pub name: String,
    /// The service as an extras card shows it (extras have no table row).
    pub service: Option<String>,
    pub transport: Transport,
    /// Parts of a range whose transport differs, in port order.
    pub transport_by_port: Vec<(PortSpec, Transport)>,
    pub aliases: Vec<String>,
    pub also_ports: Vec<PortSpec>,
    pub note: Option<String>,
    /// The information line as cards show it, where the table's is wrong (echo does
    /// not relay ICMP); the table itself is never changed.
    pub info: Option<String>,
    pub extra: bool,
    pub core: bool,
    pub families: Vec<Family>,
    /// Whether it sends its data readable on the wire; `None` where that depends.
    pub clear_text: Option<bool>,
    /// The other transport some versions use (HTTP/3 on UDP 443), and why: naming
    /// both transports is then partly right rather than wrong.
    pub also_transport: Option<(Transport, String)>,
}

impl PortFacts {
    /// The transport of each part of the range, or of the whole when it is the same.
    pub fn transport_groups(&self) -> Vec<(PortSpec, Transport)> {
        if self.transport_by_port.is_empty() {
            vec![(self.ports.clone(), self.transport)]
        } else {
            self.transport_by_port.clone()
        }
    }

    /// A table row for an extras port, which no table lists.
    pub fn as_extra_row(&self) -> PortRow {
        PortRow {
            line: 0,
            ports: self.ports.clone(),
            service: self.service.clone().unwrap_or_else(|| self.name.clone()),
            transport: self.transport.to_string(),
            info: self.name.clone(),
            core: self.core,
        }
    }
}

/// All facts, found by port set.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    entries: Vec<PortFacts>,
    by_ports: HashMap<PortSpec, usize>,
    confusable: Vec<Vec<PortSpec>>,
    /// Protocols no card asks about whose names come close to one that is asked
    /// (TELNETS beside Telnet): an answer naming one is wrong, and says what it is.
    pub elsewhere: Vec<Elsewhere>,
    /// Names that stand for several parts (IPsec).
    pub suites: Vec<Suite>,
    /// Counterparts and scenarios, which draw on the same ports.
    pub questions: ExamQuestions,
    /// What each exam asks (data/exam-coverage.toml).
    pub coverage: crate::coverage::Coverage,
    /// IANA's names for the ports (data/iana-service-names.tsv).
    pub iana: Vec<IanaName>,
    /// Misspelt words in a table and their correction, for what the deck shows.
    fixes: Vec<(String, String)>,
}

/// A name that stands for several parts, each on its own port or IP protocol number
/// (IPsec: IKE on 500, NAT traversal on 4500, ESP 50, AH 51): a lookup shows them all.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suite {
    pub name: String,
    pub aliases: Vec<String>,
    /// The parts' ports, as data/port-facts.toml keys them.
    pub ports: Vec<String>,
    /// The parts carried in IP itself.
    #[serde(default)]
    pub ip_protocols: Vec<u8>,
    pub why: String,
}

/// A protocol outside the deck, named so that it is never taken for a neighbour.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Elsewhere {
    pub name: String,
    pub ports: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum FactsError {
    #[error("the facts file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("facts for \"{ports}\": {why}")]
    Entry { ports: String, why: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    port: Vec<RawPort>,
    #[serde(default)]
    confusable: Vec<RawGroup>,
    #[serde(default)]
    elsewhere: Vec<Elsewhere>,
    #[serde(default)]
    suite: Vec<Suite>,
    #[serde(default)]
    fixes: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPort {
    ports: String,
    name: String,
    service: Option<String>,
    transport: Transport,
    #[serde(default)]
    transport_by_port: HashMap<String, Transport>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    also_ports: Vec<String>,
    note: Option<String>,
    info: Option<String>,
    #[serde(default)]
    extra: bool,
    #[serde(default)]
    core: bool,
    #[serde(default)]
    families: Vec<Family>,
    clear_text: Option<bool>,
    also_transport: Option<Transport>,
    transport_note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    ports: Vec<String>,
}

fn spec(text: &str) -> Result<PortSpec, FactsError> {
    text.parse()
        .map_err(|error: crate::ports::PortSpecError| FactsError::Entry { ports: text.into(), why: error.to_string() })
}

impl Facts {
    /// The facts shipped with portcards; a broken built-in file is a bug caught by tests.
    pub fn builtin() -> Self {
        let mut facts = Facts::parse(BUILTIN_FACTS).unwrap_or_default();
        facts.questions = ExamQuestions::builtin();
        facts.coverage = crate::coverage::Coverage::builtin();
        facts.iana = parse_iana_names(BUILTIN_IANA_NAMES).unwrap_or_default();
        facts
    }

    pub fn parse(text: &str) -> Result<Self, FactsError> {
        let raw: RawFile = toml::from_str(text)?;
        let mut facts = Facts::default();
        for entry in raw.port {
            let ports = spec(&entry.ports)?;
            let mut transport_by_port = Vec::new();
            for (part, transport) in &entry.transport_by_port {
                let part_spec = spec(part)?;
                if !part_spec.is_subset_of(&ports) {
                    let why = format!("{part} is outside the range");
                    return Err(FactsError::Entry { ports: entry.ports.clone(), why });
                }
                transport_by_port.push((part_spec, *transport));
            }
            transport_by_port.sort_by_key(|(part, _)| part.first());
            let also_ports = entry.also_ports.iter().map(|text| spec(text)).collect::<Result<_, _>>()?;
            if facts.by_ports.insert(ports.clone(), facts.entries.len()).is_some() {
                return Err(FactsError::Entry { ports: entry.ports, why: "listed twice".into() });
            }
            let also_transport = match (entry.also_transport, entry.transport_note) {
                (Some(transport), Some(note)) => Some((transport, note)),
                (None, None) => None,
                _ => {
                    let why = "also_transport and transport_note go together".into();
                    return Err(FactsError::Entry { ports: entry.ports, why });
                }
            };
            facts.entries.push(PortFacts {
                ports,
                name: entry.name,
                service: entry.service,
                transport: entry.transport,
                transport_by_port,
                aliases: entry.aliases,
                also_ports,
                note: entry.note,
                info: entry.info,
                extra: entry.extra,
                core: entry.core,
                families: entry.families,
                clear_text: entry.clear_text,
                also_transport,
            });
        }
        for group in raw.confusable {
            facts.confusable.push(group.ports.iter().map(|text| spec(text)).collect::<Result<_, _>>()?);
        }
        for other in &raw.elsewhere {
            spec(&other.ports)?;
        }
        facts.elsewhere = raw.elsewhere;
        for suite in &raw.suite {
            for ports in &suite.ports {
                spec(ports)?;
            }
        }
        facts.suites = raw.suite;
        facts.fixes = raw.fixes.into_iter().collect();
        Ok(facts)
    }

    /// `text` with the known spelling slips of tables corrected, word by word.
    pub fn corrected(&self, text: &str) -> String {
        let mut corrected = text.to_string();
        for (slip, right) in &self.fixes {
            corrected = corrected.replace(slip.as_str(), right);
        }
        corrected
    }

    /// IANA's names for the ports of a set, in port order.
    pub fn iana_names(&self, ports: &PortSpec) -> impl Iterator<Item = &IanaName> {
        self.iana.iter().filter(move |name| ports.contains(name.port))
    }

    pub fn for_ports(&self, ports: &PortSpec) -> Option<&PortFacts> {
        self.by_ports.get(ports).map(|&index| &self.entries[index])
    }

    pub fn entries(&self) -> &[PortFacts] {
        &self.entries
    }

    /// The extras deck: ports the exam stresses that a table may lack.
    pub fn extras(&self) -> impl Iterator<Item = &PortFacts> {
        self.entries.iter().filter(|entry| entry.extra)
    }

    /// Port sets named in the same confusable group as `ports`.
    pub fn confusable_with(&self, ports: &PortSpec) -> Vec<&PortSpec> {
        let mut found: Vec<&PortSpec> = Vec::new();
        for group in self.confusable.iter().filter(|group| group.contains(ports)) {
            for other in group {
                if other != ports && !found.contains(&other) {
                    found.push(other);
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::parse_table;

    #[test]
    fn the_iana_list_parses_and_a_bad_line_is_named() {
        let names = parse_iana_names(BUILTIN_IANA_NAMES).unwrap();
        assert!(names.len() >= 70);
        assert!(names.iter().any(|name| name.port == 3389 && name.keyword == "ms-wbt-server"));
        let error = parse_iana_names("# comment\n22\ttcp\tssh\n").unwrap_err();
        assert!(error.starts_with("line 2:"), "{error}");
    }

    #[test]
    fn builtin_facts_parse() {
        let facts = Facts::parse(BUILTIN_FACTS).unwrap();
        assert!(facts.entries().len() >= 57);
    }

    #[test]
    fn every_seed_row_has_facts() {
        let facts = Facts::builtin();
        let table = parse_table(crate::BUILTIN_TABLE);
        for row in &table.rows {
            let found = facts.for_ports(&row.ports);
            assert!(found.is_some_and(|facts| !facts.extra), "no facts for {} {}", row.ports, row.service);
        }
    }

    #[test]
    fn every_network_plus_objective_port_has_facts() {
        let facts = Facts::builtin();
        let objective_ports: Vec<String> = facts
            .coverage
            .network_plus
            .iter()
            .filter(|item| item.source == "N10-009 1.4")
            .map(|item| item.ports.to_string())
            .collect();
        assert_eq!(objective_ports.len(), 21, "the 20 port lines of 1.4 and IKE: {objective_ports:?}");
        for ports in &objective_ports {
            assert!(facts.for_ports(&ports.parse().unwrap()).is_some(), "{ports}");
        }
    }

    #[test]
    fn taught_transports() {
        let facts = Facts::builtin();
        let transport = |ports: &str| facts.for_ports(&ports.parse().unwrap()).unwrap().transport;
        for udp in ["67-68", "69", "123", "161-162", "514", "520", "500"] {
            assert_eq!(transport(udp), Transport::Udp, "{udp}");
        }
        assert_eq!(transport("53"), Transport::Both);
        assert_eq!(transport("22"), Transport::Tcp);
        let netbios = facts.for_ports(&"137-139".parse().unwrap()).unwrap().transport_groups();
        let groups: Vec<(String, Transport)> = netbios.iter().map(|(part, t)| (part.to_string(), *t)).collect();
        assert_eq!(groups, [("137-138".to_string(), Transport::Udp), ("139".to_string(), Transport::Tcp)]);
    }

    #[test]
    fn extras_are_not_in_the_seed_and_include_the_exam_ports_it_lacks() {
        let facts = Facts::builtin();
        let table = parse_table(crate::BUILTIN_TABLE);
        let extras: Vec<String> = facts.extras().map(|entry| entry.ports.to_string()).collect();
        for wanted in ["587", "636", "1433", "3389", "5060-5061", "989-990", "993", "995", "1812-1813", "3306"] {
            assert!(extras.contains(&wanted.to_string()), "{wanted} missing from extras");
        }
        for extra in facts.extras() {
            assert!(table.rows.iter().all(|row| row.ports != extra.ports), "{} is in the table", extra.ports);
        }
    }

    #[test]
    fn disagreements_with_the_seed_carry_notes() {
        let facts = Facts::builtin();
        for ports in ["445", "411-412", "464", "465"] {
            assert!(facts.for_ports(&ports.parse().unwrap()).unwrap().note.is_some(), "{ports}");
        }
    }

    #[test]
    fn confusable_groups_resolve_to_known_ports() {
        let facts = Facts::builtin();
        for group in &facts.confusable {
            for ports in group {
                assert!(facts.for_ports(ports).is_some(), "{ports} in a confusable group has no facts");
            }
        }
        assert!(facts.confusable_with(&"123".parse().unwrap()).contains(&&"119".parse().unwrap()));
    }

    #[test]
    fn bad_facts_say_which_entry() {
        let error = Facts::parse("[[port]]\nports = \"0\"\nname = \"x\"\ntransport = \"TCP\"\n").unwrap_err();
        assert!(error.to_string().contains("\"0\""), "{error}");
        assert!(Facts::parse("[[port]]\nports = \"1\"\nname = \"x\"\ntransport = \"SCTP\"\n").is_err());
    }
}

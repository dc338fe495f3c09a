//! What each exam asks about ports (data/exam-coverage.toml), the objective lines
//! those lists quote (data/exam-objectives.toml), and what the learner studies for:
//! the choice that decides which extras join the table, which ports count as core
//! (what the chosen exam's objectives name), and what family cards ask.

use serde::{Deserialize, Serialize};

use crate::ports::PortSpec;

/// The coverage lists shipped with portcards.
pub const BUILTIN_COVERAGE: &str = include_str!("../data/exam-coverage.toml");

/// The exam objective lines the coverage lists quote.
pub const BUILTIN_OBJECTIVES: &str = include_str!("../data/exam-objectives.toml");

/// The source of an entry that no objective line names.
pub const PRACTICE_QUESTIONS: &str = "practice questions";

/// What the learner studies for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudyFor {
    NetworkPlus,
    SecurityPlus,
    Both,
    /// The table alone, as a teacher's own table is meant.
    TableOnly,
}

impl StudyFor {
    pub const ALL: [StudyFor; 4] = [StudyFor::NetworkPlus, StudyFor::SecurityPlus, StudyFor::Both, StudyFor::TableOnly];

    pub fn label(self) -> &'static str {
        match self {
            StudyFor::NetworkPlus => "Network+ N10-009",
            StudyFor::SecurityPlus => "Security+ SY0-701",
            StudyFor::Both => "Network+ and Security+",
            StudyFor::TableOnly => "This table only",
        }
    }

    /// The exam codes a choice studies for: "N10-009", "SY0-701", both, or none.
    pub fn exam_codes(self) -> &'static [&'static str] {
        match self {
            StudyFor::NetworkPlus => &[NETWORK_PLUS],
            StudyFor::SecurityPlus => &[SECURITY_PLUS],
            StudyFor::Both => &[NETWORK_PLUS, SECURITY_PLUS],
            StudyFor::TableOnly => &[],
        }
    }
}

/// The Network+ exam the lists follow.
pub const NETWORK_PLUS: &str = "N10-009";
/// The Security+ exam the lists follow.
pub const SECURITY_PLUS: &str = "SY0-701";

/// One objective of an exam, with the lines of it that the lists quote.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub exam: String,
    pub objective: String,
    pub title: String,
    pub lines: Vec<String>,
}

impl Objective {
    /// How entries cite it: "N10-009 1.4".
    pub fn citation(&self) -> String {
        format!("{} {}", self.exam, self.objective)
    }
}

/// Where an entry comes from, as a learner reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// Named on the exam's objectives: "on the N10-009 objectives (1.4)".
    Objectives { exam: String, objective: String },
    /// Not on the objectives, but common in practice questions.
    PracticeTests { exam: String },
}

impl Listing {
    pub fn exam(&self) -> &str {
        match self {
            Listing::Objectives { exam, .. } | Listing::PracticeTests { exam } => exam,
        }
    }

    pub fn on_objectives(&self) -> bool {
        matches!(self, Listing::Objectives { .. })
    }

    /// "on the N10-009 objectives (1.4)" or "often in SY0-701 practice tests".
    pub fn describe(&self) -> String {
        match self {
            Listing::Objectives { exam, objective } => format!("on the {exam} objectives ({objective})"),
            Listing::PracticeTests { exam } => format!("often in {exam} practice tests"),
        }
    }

    /// The same as a line of its own: "On the N10-009 objectives (1.4)".
    pub fn sentence(&self) -> String {
        let text = self.describe();
        let mut chars = text.chars();
        chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }
}

/// One port an exam asks, and where it says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageItem {
    pub ports: PortSpec,
    pub name: String,
    /// "N10-009 1.4" or [`PRACTICE_QUESTIONS`].
    pub source: String,
    /// The objective's line that names it, with an objective source.
    pub quote: Option<String>,
    /// "N10-009" or "SY0-701".
    pub exam: &'static str,
}

impl CoverageItem {
    pub fn listing(&self) -> Listing {
        listing(self.exam, &self.source)
    }
}

/// An entry's source as a learner reads it.
fn listing(exam: &str, source: &str) -> Listing {
    match source.strip_prefix(exam).map(str::trim) {
        Some(objective) if !objective.is_empty() => {
            Listing::Objectives { exam: exam.to_string(), objective: objective.to_string() }
        }
        _ => Listing::PracticeTests { exam: exam.to_string() },
    }
}

/// One IP protocol number an exam asks (ESP's 50), and where it says so.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtocolItem {
    pub number: u8,
    pub name: String,
    pub source: String,
    /// The objective's line that names it, with an objective source.
    pub quote: Option<String>,
}

impl ProtocolItem {
    /// Where it comes from for an exam ("N10-009").
    pub fn listing(&self, exam: &str) -> Listing {
        listing(exam, &self.source)
    }
}

/// Both exams' lists.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub network_plus: Vec<CoverageItem>,
    pub security_plus: Vec<CoverageItem>,
    pub network_plus_protocols: Vec<ProtocolItem>,
    pub security_plus_protocols: Vec<ProtocolItem>,
    /// The objective lines the lists quote (data/exam-objectives.toml).
    pub objectives: Vec<Objective>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObjectives {
    objective: Vec<Objective>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    network_plus: Vec<RawItem>,
    security_plus: Vec<RawItem>,
    #[serde(default)]
    network_plus_protocol: Vec<ProtocolItem>,
    #[serde(default)]
    security_plus_protocol: Vec<ProtocolItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    ports: String,
    name: String,
    source: String,
    quote: Option<String>,
}

impl Coverage {
    /// The lists shipped with portcards; a broken built-in file is a bug the tests catch.
    pub fn builtin() -> Coverage {
        let mut coverage = Coverage::parse(BUILTIN_COVERAGE).unwrap_or_default();
        coverage.objectives = parse_objectives(BUILTIN_OBJECTIVES).unwrap_or_default();
        coverage
    }

    pub fn parse(text: &str) -> Result<Coverage, String> {
        let raw: RawFile = toml::from_str(text).map_err(|error| error.to_string())?;
        let items = |raw: Vec<RawItem>, exam: &'static str| -> Result<Vec<CoverageItem>, String> {
            raw.into_iter()
                .map(|item| {
                    let ports = item.ports.parse().map_err(|error| format!("\"{}\": {error}", item.ports))?;
                    Ok(CoverageItem { ports, name: item.name, source: item.source, quote: item.quote, exam })
                })
                .collect()
        };
        Ok(Coverage {
            network_plus: items(raw.network_plus, NETWORK_PLUS)?,
            security_plus: items(raw.security_plus, SECURITY_PLUS)?,
            network_plus_protocols: raw.network_plus_protocol,
            security_plus_protocols: raw.security_plus_protocol,
            objectives: Vec::new(),
        })
    }

    /// The IP protocol numbers a choice asks, each once.
    pub fn protocols(&self, study_for: StudyFor) -> Vec<&ProtocolItem> {
        chosen(&self.network_plus_protocols, &self.security_plus_protocols, study_for, |item| item.number)
    }

    /// What a choice asks: one exam's list, both (each port once), or nothing.
    pub fn items(&self, study_for: StudyFor) -> Vec<&CoverageItem> {
        chosen(&self.network_plus, &self.security_plus, study_for, |item| item.ports.clone())
    }

    /// Whether the choice asks about these ports.
    pub fn asks(&self, study_for: StudyFor, ports: &PortSpec) -> bool {
        self.items(study_for).iter().any(|item| item.ports == *ports)
    }

    /// Whether the objectives of the chosen exam (or of either, for both) name these
    /// ports: what counts as core in that exam's deck.
    pub fn on_objectives(&self, study_for: StudyFor, ports: &PortSpec) -> bool {
        self.listings(ports)
            .iter()
            .any(|listing| listing.on_objectives() && study_for.exam_codes().contains(&listing.exam()))
    }

    /// Where each exam lists these ports, Network+ first; empty when neither does.
    pub fn listings(&self, ports: &PortSpec) -> Vec<Listing> {
        self.network_plus
            .iter()
            .chain(&self.security_plus)
            .filter(|item| item.ports == *ports)
            .map(CoverageItem::listing)
            .collect()
    }

    /// Where each exam lists an IP protocol number, Network+ first.
    pub fn protocol_listings(&self, number: u8) -> Vec<Listing> {
        let network_plus = self.network_plus_protocols.iter().map(|item| (item, NETWORK_PLUS));
        let security_plus = self.security_plus_protocols.iter().map(|item| (item, SECURITY_PLUS));
        network_plus
            .chain(security_plus)
            .filter(|(item, _)| item.number == number)
            .map(|(item, exam)| item.listing(exam))
            .collect()
    }

    /// The objective an entry cites ("N10-009 1.4"), if it is quoted.
    pub fn objective(&self, citation: &str) -> Option<&Objective> {
        self.objectives.iter().find(|objective| objective.citation() == citation)
    }
}

/// Reads data/exam-objectives.toml.
pub fn parse_objectives(text: &str) -> Result<Vec<Objective>, String> {
    let raw: RawObjectives = toml::from_str(text).map_err(|error| error.to_string())?;
    Ok(raw.objective)
}

/// One exam's list, both (each entry once, by `key`), or nothing.
fn chosen<'a, T, K: PartialEq>(
    network_plus: &'a [T],
    security_plus: &'a [T],
    study_for: StudyFor,
    key: impl Fn(&T) -> K,
) -> Vec<&'a T> {
    let all: Vec<&T> = match study_for {
        StudyFor::NetworkPlus => network_plus.iter().collect(),
        StudyFor::SecurityPlus => security_plus.iter().collect(),
        StudyFor::Both => network_plus.iter().chain(security_plus).collect(),
        StudyFor::TableOnly => Vec::new(),
    };
    let mut seen: Vec<K> = Vec::new();
    all.into_iter()
        .filter(|item| {
            let key = key(item);
            let new = !seen.contains(&key);
            if new {
                seen.push(key);
            }
            new
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_parse_and_name_a_source_for_every_entry() {
        let coverage = Coverage::parse(BUILTIN_COVERAGE).unwrap();
        assert!(coverage.network_plus.len() >= 21);
        assert!(coverage.security_plus.len() >= 20);
        for item in coverage.network_plus.iter().chain(&coverage.security_plus) {
            assert!(!item.source.is_empty() && !item.name.is_empty(), "{item:?}");
        }
    }

    #[test]
    fn both_is_the_union_with_each_port_once() {
        let coverage = Coverage::builtin();
        let both = coverage.items(StudyFor::Both);
        for item in coverage.network_plus.iter().chain(&coverage.security_plus) {
            assert_eq!(both.iter().filter(|known| known.ports == item.ports).count(), 1, "{}", item.ports);
        }
        assert!(coverage.items(StudyFor::TableOnly).is_empty());
        assert!(coverage.asks(StudyFor::SecurityPlus, &"989-990".parse().unwrap()));
        assert!(!coverage.asks(StudyFor::NetworkPlus, &"989-990".parse().unwrap()));
    }

    #[test]
    fn a_bad_entry_is_named() {
        let error = Coverage::parse(
            "[[network_plus]]\nports = \"0\"\nname = \"x\"\nsource = \"y\"\n[[security_plus]]\nports = \"1\"\nname = \"x\"\nsource = \"y\"\n",
        )
        .unwrap_err();
        assert!(error.contains("\"0\""), "{error}");
    }
}

//! What each exam asks about ports (data/exam-coverage.toml), and what the learner
//! studies for: the choice that decides which extras join the table, which ports
//! count as core, and what family cards ask.

use serde::{Deserialize, Serialize};

use crate::ports::PortSpec;

/// The coverage lists shipped with portcards.
pub const BUILTIN_COVERAGE: &str = include_str!("../data/exam-coverage.toml");

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
}

/// One port an exam asks, and where it says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageItem {
    pub ports: PortSpec,
    pub name: String,
    pub source: String,
}

/// One IP protocol number an exam asks (ESP's 50), and where it says so.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtocolItem {
    pub number: u8,
    pub name: String,
    pub source: String,
}

/// Both exams' lists.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub network_plus: Vec<CoverageItem>,
    pub security_plus: Vec<CoverageItem>,
    pub network_plus_protocols: Vec<ProtocolItem>,
    pub security_plus_protocols: Vec<ProtocolItem>,
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
}

impl Coverage {
    /// The lists shipped with portcards; a broken built-in file is a bug the tests catch.
    pub fn builtin() -> Coverage {
        Coverage::parse(BUILTIN_COVERAGE).unwrap_or_default()
    }

    pub fn parse(text: &str) -> Result<Coverage, String> {
        let raw: RawFile = toml::from_str(text).map_err(|error| error.to_string())?;
        let items = |raw: Vec<RawItem>| -> Result<Vec<CoverageItem>, String> {
            raw.into_iter()
                .map(|item| {
                    let ports = item.ports.parse().map_err(|error| format!("\"{}\": {error}", item.ports))?;
                    Ok(CoverageItem { ports, name: item.name, source: item.source })
                })
                .collect()
        };
        Ok(Coverage {
            network_plus: items(raw.network_plus)?,
            security_plus: items(raw.security_plus)?,
            network_plus_protocols: raw.network_plus_protocol,
            security_plus_protocols: raw.security_plus_protocol,
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

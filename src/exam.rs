//! Questions the way the exams ask them, beyond "which port is SSH?": secure
//! counterparts, described scenarios, and port families.
//!
//! The questions live in `data/exam-questions.toml`, the families and the clear-text
//! flags beside each port in `data/port-facts.toml`. This module only reads and
//! checks that data; `deck` turns it into cards.

use serde::{Deserialize, Serialize};

use crate::ports::PortSpec;
use crate::ports::Transport;

const BUILTIN_QUESTIONS: &str = include_str!("../data/exam-questions.toml");

/// A group of ports the exams treat together ("name the mail ports").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    #[serde(alias = "mail")]
    Mail,
    #[serde(alias = "file transfer")]
    FileTransfer,
    #[serde(alias = "remote access")]
    RemoteAccess,
    #[serde(alias = "web")]
    Web,
    #[serde(alias = "directory and authentication")]
    DirectoryAndAuthentication,
    #[serde(alias = "name and address services")]
    NameAndAddressServices,
    #[serde(alias = "network management")]
    NetworkManagement,
    #[serde(alias = "routing")]
    Routing,
    #[serde(alias = "windows networking")]
    WindowsNetworking,
    #[serde(alias = "databases")]
    Databases,
    #[serde(alias = "voice and video")]
    VoiceAndVideo,
    #[serde(alias = "legacy")]
    Legacy,
}

impl Family {
    pub const ALL: [Family; 12] = [
        Family::Mail,
        Family::FileTransfer,
        Family::RemoteAccess,
        Family::Web,
        Family::DirectoryAndAuthentication,
        Family::NameAndAddressServices,
        Family::NetworkManagement,
        Family::Routing,
        Family::WindowsNetworking,
        Family::Databases,
        Family::VoiceAndVideo,
        Family::Legacy,
    ];

    /// As a sentence says it: "Name the {label} ports".
    pub fn label(self) -> &'static str {
        match self {
            Family::Mail => "mail",
            Family::FileTransfer => "file transfer",
            Family::RemoteAccess => "remote access",
            Family::Web => "web",
            Family::DirectoryAndAuthentication => "directory and authentication",
            Family::NameAndAddressServices => "name and address",
            Family::NetworkManagement => "network management",
            Family::Routing => "routing",
            Family::WindowsNetworking => "Windows networking",
            Family::Databases => "database",
            Family::VoiceAndVideo => "voice and video",
            Family::Legacy => "legacy",
        }
    }

    /// As a list or a menu shows it.
    pub fn title(self) -> &'static str {
        match self {
            Family::Mail => "Mail",
            Family::FileTransfer => "File transfer",
            Family::RemoteAccess => "Remote access",
            Family::Web => "Web",
            Family::DirectoryAndAuthentication => "Directory and authentication",
            Family::NameAndAddressServices => "Name and address services",
            Family::NetworkManagement => "Network management",
            Family::Routing => "Routing",
            Family::WindowsNetworking => "Windows networking",
            Family::Databases => "Databases",
            Family::VoiceAndVideo => "Voice and video",
            Family::Legacy => "Legacy",
        }
    }

    /// The part of a card id: `family:file-transfer`.
    pub fn slug(self) -> String {
        self.label().to_lowercase().replace(' ', "-")
    }
}

/// One named protocol on its ports, as a counterpart side.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Side {
    pub name: String,
    /// As taught; tests check it against the facts of its ports.
    pub transport: Option<Transport>,
    #[serde(deserialize_with = "port_text::one")]
    pub ports: PortSpec,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Other port sets accepted for this side (465 or 587 for SMTPS).
    #[serde(default, deserialize_with = "port_text::many")]
    pub also_ports: Vec<PortSpec>,
    /// It secures the insecure protocol without replacing it (DNSSEC extends DNS): a
    /// right answer to "what secures it", never asked "what did it replace".
    #[serde(default)]
    pub extends: bool,
    /// How "what did it replace?" names it where its name holds the answer's (DNS over
    /// HTTPS holds DNS) and its port is another protocol's too (HTTPS's 443).
    #[serde(default)]
    pub asked_as: Option<String>,
}

impl Side {
    /// "SSH, port 22", "FTPS, ports 989-990": also how a multiple-choice option reads.
    pub fn describe(&self) -> String {
        format!("{}, {}", self.name, self.ports.phrase())
    }

    /// "SSH runs over TCP 22", for the note under the answer.
    pub fn runs_over(&self) -> String {
        match self.transport {
            Some(transport) => format!("{} runs over {transport} {}", self.name, self.ports),
            None => format!("{} uses {}", self.name, self.ports),
        }
    }
}

/// An insecure protocol and what replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counterpart {
    pub id: String,
    pub insecure: Side,
    pub secure: Vec<Side>,
    pub why: String,
}

/// What a scenario wants for an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Asks {
    #[serde(rename = "port")]
    Port,
    #[serde(rename = "protocol")]
    Protocol,
    #[serde(rename = "protocol and port")]
    ProtocolAndPort,
    #[serde(rename = "protocol and transport")]
    ProtocolAndTransport,
}

/// A described need with one right answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub question: String,
    pub asks: Asks,
    #[serde(deserialize_with = "port_text::one")]
    pub ports: PortSpec,
    #[serde(default, deserialize_with = "port_text::many")]
    pub also: Vec<PortSpec>,
    pub why: String,
}

/// A protocol carried directly in IP, named by its protocol number, not a port
/// (ESP is IP protocol 50): the exams list these beside the ports.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpProtocol {
    pub id: String,
    pub number: u8,
    pub name: String,
    pub full_name: String,
    /// The port row the card sits beside (IKE's 500 for ESP): the card is in a deck
    /// that holds that row.
    #[serde(deserialize_with = "port_text::one")]
    pub beside: PortSpec,
    pub why: String,
}

/// Everything in `data/exam-questions.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamQuestions {
    #[serde(default, rename = "counterpart")]
    pub counterparts: Vec<Counterpart>,
    #[serde(default, rename = "scenario")]
    pub scenarios: Vec<Scenario>,
    #[serde(default, rename = "ip_protocol")]
    pub ip_protocols: Vec<IpProtocol>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExamQuestionsError {
    #[error("the exam questions file is not valid: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("the id \"{0}\" is used twice")]
    DuplicateId(String),
}

impl ExamQuestions {
    /// The questions shipped with portcards; a broken built-in file is a bug caught by tests.
    pub fn builtin() -> Self {
        ExamQuestions::parse(BUILTIN_QUESTIONS).unwrap_or_default()
    }

    pub fn parse(text: &str) -> Result<Self, ExamQuestionsError> {
        let questions: ExamQuestions = toml::from_str(text)?;
        let mut ids = std::collections::HashSet::new();
        let all_ids = questions
            .counterparts
            .iter()
            .map(|c| &c.id)
            .chain(questions.scenarios.iter().map(|s| &s.id))
            .chain(questions.ip_protocols.iter().map(|p| &p.id));
        for id in all_ids {
            if !ids.insert(id.as_str()) {
                return Err(ExamQuestionsError::DuplicateId(id.clone()));
            }
        }
        Ok(questions)
    }
}

/// Port sets are written as text in the data files ("989-990", "512, 514").
mod port_text {
    use serde::{Deserialize, Deserializer};

    use crate::ports::PortSpec;

    pub fn one<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PortSpec, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }

    pub fn many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<PortSpec>, D::Error> {
        let texts = Vec::<String>::deserialize(deserializer)?;
        texts.iter().map(|text| text.parse().map_err(serde::de::Error::custom)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_questions_parse_with_forty_scenarios_and_the_eleven_pairs() {
        let questions = ExamQuestions::parse(BUILTIN_QUESTIONS).unwrap();
        assert!(questions.scenarios.len() >= 40, "{} scenarios", questions.scenarios.len());
        assert_eq!(questions.counterparts.len(), 11);
        let pair = |id: &str| questions.counterparts.iter().find(|pair| pair.id == id).unwrap();
        assert_eq!(pair("telnet").secure[0].describe(), "SSH, port 22");
        assert_eq!(pair("ftp").secure[1].describe(), "FTPS, ports 989-990");
    }

    #[test]
    fn a_reused_id_is_refused() {
        let text = r#"
            [[scenario]]
            id = "x"
            question = "q"
            asks = "port"
            ports = "22"
            why = "w"
            [[scenario]]
            id = "x"
            question = "q2"
            asks = "port"
            ports = "23"
            why = "w"
        "#;
        assert!(matches!(ExamQuestions::parse(text), Err(ExamQuestionsError::DuplicateId(id)) if id == "x"));
    }

    #[test]
    fn a_bad_port_names_itself() {
        let text = "[[scenario]]\nid = \"x\"\nquestion = \"q\"\nasks = \"port\"\nports = \"99999\"\nwhy = \"w\"\n";
        let error = ExamQuestions::parse(text).unwrap_err().to_string();
        assert!(error.contains("99999"), "{error}");
    }

    #[test]
    fn families_read_as_the_facts_write_them() {
        #[derive(Deserialize)]
        struct Tagged {
            families: Vec<Family>,
        }
        let tagged: Tagged = toml::from_str(r#"families = ["mail", "windows networking", "file_transfer"]"#).unwrap();
        assert_eq!(tagged.families, [Family::Mail, Family::WindowsNetworking, Family::FileTransfer]);
        assert_eq!(Family::NameAndAddressServices.slug(), "name-and-address");
    }
}

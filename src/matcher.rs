//! Deciding whether a typed answer is right, and saying why.
//!
//! Pure functions only: no cards, no scheduling. Service names are compared with
//! case, spaces and punctuation ignored, and any part of a slash name
//! ("SSH/SCP") is accepted; port answers are compared as sets of numbers, so
//! `67-68`, `67/68` and `68, 67` are the same answer.

use serde::{Deserialize, Serialize};

use crate::ports::PortSpec;

/// How an answer compares with what was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Correct,
    /// Part of a set of ports: right so far, but not all of it.
    Partial,
    Wrong,
}

/// The outcome and, where useful, a sentence for the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Outcome,
    pub note: Option<String>,
}

impl Verdict {
    fn correct() -> Self {
        Verdict { outcome: Outcome::Correct, note: None }
    }

    fn wrong(note: impl Into<String>) -> Self {
        Verdict { outcome: Outcome::Wrong, note: Some(note.into()) }
    }
}

/// Lower case, letters and digits only: "Microsoft-DS " and "microsoft ds" agree.
pub fn normalise(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The spellings of a service name a learner may type: the whole name, each part of
/// a slash name, and each part without a trailing qualifier ("RIPng (IPv6)" → "RIPng",
/// "FTP-transfer" → "FTP").
pub fn accepted_spellings(service: &str) -> Vec<String> {
    let mut spellings = vec![service.trim().to_string()];
    for part in service.split('/').map(str::trim).filter(|part| !part.is_empty()) {
        spellings.push(part.to_string());
        if let Some((head, _)) = part.split_once('(') {
            spellings.push(head.trim().to_string());
        }
        if let Some((head, _)) = part.split_once('-') {
            spellings.push(head.trim().to_string());
        }
    }
    let mut normalised: Vec<String> = spellings.iter().map(|spelling| normalise(spelling)).collect();
    normalised.retain(|spelling| !spelling.is_empty());
    normalised.sort();
    normalised.dedup();
    normalised
}

/// Checks a typed service name against the accepted spellings.
pub fn check_service(typed: &str, accepted: &[String]) -> Verdict {
    let typed = normalise(typed);
    if typed.is_empty() {
        return Verdict::wrong("No answer given.");
    }
    if accepted.contains(&typed) { Verdict::correct() } else { Verdict::wrong("Not the service name.") }
}

/// Checks typed port numbers against the expected set. `also_right` holds other
/// sets that answer the same question (Kerberos is on 88 and on 464).
pub fn check_ports(typed: &str, expected: &PortSpec, also_right: &[PortSpec]) -> Verdict {
    if typed.trim().is_empty() {
        return Verdict::wrong("No answer given.");
    }
    let Ok(given) = typed.parse::<PortSpec>() else {
        return Verdict::wrong(format!("\"{}\" is not a port number.", typed.trim()));
    };
    if &given == expected {
        return Verdict::correct();
    }
    if let Some(other) = also_right.iter().find(|other| **other == given) {
        let note = format!("Port {other} is right too; this card's row is {expected}.");
        return Verdict { outcome: Outcome::Correct, note: Some(note) };
    }
    if given.is_subset_of(expected) {
        let missing: Vec<String> =
            expected.ports().filter(|port| !given.contains(*port)).map(|p| p.to_string()).collect();
        let note = format!("Right so far, but it is {expected}: missing {}.", missing.join(", "));
        return Verdict { outcome: Outcome::Partial, note: Some(note) };
    }
    Verdict::wrong(format!("{given} is not it."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spec(text: &str) -> PortSpec {
        text.parse().unwrap()
    }

    #[test]
    fn case_spaces_and_punctuation_are_ignored() {
        let accepted = accepted_spellings("Microsft DS");
        assert_eq!(check_service("microsft-ds", &accepted).outcome, Outcome::Correct);
        assert_eq!(check_service("  MICROSFT DS ", &accepted).outcome, Outcome::Correct);
    }

    #[test]
    fn any_part_of_a_slash_name_is_right() {
        let accepted = accepted_spellings("SSH/SCP");
        for typed in ["ssh", "SCP", "ssh/scp", "SSH / SCP"] {
            assert_eq!(check_service(typed, &accepted).outcome, Outcome::Correct, "{typed}");
        }
        assert_eq!(check_service("sftp", &accepted).outcome, Outcome::Wrong);
    }

    #[test]
    fn qualifiers_may_be_left_out() {
        assert_eq!(check_service("ripng", &accepted_spellings("RIPng (IPv6)")).outcome, Outcome::Correct);
        assert_eq!(check_service("ftp", &accepted_spellings("FTP-transfer")).outcome, Outcome::Correct);
        assert_eq!(check_service("rip", &accepted_spellings("RIPng (IPv6)")).outcome, Outcome::Wrong);
    }

    #[test]
    fn look_alike_services_are_wrong() {
        assert_eq!(check_service("ntp", &accepted_spellings("NNTP")).outcome, Outcome::Wrong);
        assert_eq!(check_service("smtp", &accepted_spellings("SNMP")).outcome, Outcome::Wrong);
        assert_eq!(check_service("ftp", &accepted_spellings("TFTP")).outcome, Outcome::Wrong);
        assert_eq!(check_service("", &accepted_spellings("TFTP")).outcome, Outcome::Wrong);
    }

    #[test]
    fn ports_compare_as_numbers_and_sets() {
        let dhcp = spec("67-68");
        for typed in ["67-68", "67/68", "68, 67", "67 and 68", "067-068"] {
            assert_eq!(check_ports(typed, &dhcp, &[]).outcome, Outcome::Correct, "{typed}");
        }
        assert_eq!(check_ports("69", &dhcp, &[]).outcome, Outcome::Wrong);
        assert_eq!(check_ports("ssh", &spec("22"), &[]).outcome, Outcome::Wrong);
    }

    #[test]
    fn one_port_of_a_range_is_partly_right_and_names_the_rest() {
        let verdict = check_ports("137", &spec("137-139"), &[]);
        assert_eq!(verdict.outcome, Outcome::Partial);
        assert!(verdict.note.unwrap().contains("missing 138, 139"));
    }

    #[test]
    fn another_row_with_the_same_service_is_also_right() {
        let verdict = check_ports("464", &spec("88"), &[spec("464")]);
        assert_eq!(verdict.outcome, Outcome::Correct);
        assert!(verdict.note.unwrap().contains("464"));
    }

    proptest! {
        #[test]
        fn never_panics(typed in "\\PC{0,40}") {
            let _ = check_service(&typed, &accepted_spellings("SSH/SCP"));
            let _ = check_ports(&typed, &spec("20-21"), &[]);
        }

        #[test]
        fn case_and_spacing_never_change_the_verdict(typed in "[a-zA-Z /-]{0,12}") {
            let accepted = accepted_spellings("SSH/SCP");
            let spaced: String = typed.chars().flat_map(|c| [c, ' ']).collect();
            prop_assert_eq!(check_service(&typed, &accepted).outcome, check_service(&spaced.to_uppercase(), &accepted).outcome);
        }
    }
}

//! Port numbers and sets of them, as a table cell or a learner writes them.
//!
//! `PortSpec` is the canonical form: sorted, merged ranges of ports 1-65535. It
//! parses `22`, `67-68`, `5060–5061` (en dash), `1812/1813`, `20, 21` and
//! `20 and 21`, and displays ranges as `67-68` and separate ports as `20, 21`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One or more ports, kept as sorted ranges that neither overlap nor touch.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PortSpec {
    ranges: Vec<(u16, u16)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortSpecError {
    #[error("no port number")]
    Empty,
    #[error("\"{0}\" is not a number")]
    NotANumber(String),
    #[error("{0} is not a port: ports run from 1 to 65535")]
    OutOfRange(u64),
    #[error("the range {0}-{1} is reversed (did you mean {1}-{0}?)")]
    Reversed(u16, u16),
}

impl PortSpec {
    pub fn single(port: u16) -> Self {
        PortSpec { ranges: vec![(port, port)] }
    }

    pub fn from_ranges(ranges: impl IntoIterator<Item = (u16, u16)>) -> Self {
        let mut ranges: Vec<(u16, u16)> = ranges.into_iter().collect();
        ranges.sort_unstable();
        let mut merged: Vec<(u16, u16)> = Vec::with_capacity(ranges.len());
        for (first, last) in ranges {
            match merged.last_mut() {
                Some(previous) if u32::from(first) <= u32::from(previous.1) + 1 => previous.1 = previous.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        PortSpec { ranges: merged }
    }

    pub fn ranges(&self) -> &[(u16, u16)] {
        &self.ranges
    }

    pub fn first(&self) -> u16 {
        self.ranges.first().map_or(0, |range| range.0)
    }

    pub fn contains(&self, port: u16) -> bool {
        self.ranges.iter().any(|&(first, last)| (first..=last).contains(&port))
    }

    /// "port 22", "ports 989-990": the set as a sentence names it.
    pub fn phrase(&self) -> String {
        let noun = if self.port_count() > 1 { "ports" } else { "port" };
        format!("{noun} {self}")
    }

    pub fn port_count(&self) -> usize {
        self.ranges.iter().map(|&(first, last)| usize::from(last - first) + 1).sum()
    }

    pub fn ports(&self) -> impl Iterator<Item = u16> + '_ {
        self.ranges.iter().flat_map(|&(first, last)| first..=last)
    }

    /// True when every port of `self` is also in `other`.
    pub fn is_subset_of(&self, other: &PortSpec) -> bool {
        self.ranges.iter().all(|&(first, last)| {
            other.ranges.iter().any(|&(other_first, other_last)| other_first <= first && last <= other_last)
        })
    }
}

impl fmt::Display for PortSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, &(first, last)) in self.ranges.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            if first == last {
                write!(f, "{first}")?;
            } else {
                write!(f, "{first}-{last}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for PortSpec {
    type Err = PortSpecError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let normalised = text.replace(['–', '—'], "-").replace(" and ", ",").replace(['/', ';', '&'], ",");
        let mut ranges = Vec::new();
        for part in normalised.split(',').map(str::trim).filter(|part| !part.is_empty()) {
            ranges.push(parse_range(part)?);
        }
        if ranges.is_empty() {
            return Err(PortSpecError::Empty);
        }
        Ok(PortSpec::from_ranges(ranges))
    }
}

fn parse_range(part: &str) -> Result<(u16, u16), PortSpecError> {
    match part.split_once('-') {
        Some((first, last)) => {
            let (first, last) = (parse_port(first)?, parse_port(last)?);
            if first > last {
                return Err(PortSpecError::Reversed(first, last));
            }
            Ok((first, last))
        }
        None => parse_port(part).map(|port| (port, port)),
    }
}

fn parse_port(text: &str) -> Result<u16, PortSpecError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(PortSpecError::Empty);
    }
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(PortSpecError::NotANumber(text.to_string()));
    }
    let value: u64 = text.trim_start_matches('0').parse().unwrap_or(if text.len() > 18 { u64::MAX } else { 0 });
    match u16::try_from(value) {
        Ok(port) if port >= 1 => Ok(port),
        _ => Err(PortSpecError::OutOfRange(value)),
    }
}

/// TCP, UDP or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Transport {
    #[serde(rename = "TCP")]
    Tcp,
    #[serde(rename = "UDP")]
    Udp,
    #[serde(rename = "TCP/UDP")]
    Both,
}

impl Transport {
    pub fn uses_tcp(self) -> bool {
        matches!(self, Transport::Tcp | Transport::Both)
    }

    pub fn uses_udp(self) -> bool {
        matches!(self, Transport::Udp | Transport::Both)
    }

    pub fn from_flags(tcp: bool, udp: bool) -> Option<Self> {
        match (tcp, udp) {
            (true, true) => Some(Transport::Both),
            (true, false) => Some(Transport::Tcp),
            (false, true) => Some(Transport::Udp),
            (false, false) => None,
        }
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Transport::Tcp => "TCP",
            Transport::Udp => "UDP",
            Transport::Both => "TCP and UDP",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spec(text: &str) -> PortSpec {
        text.parse().unwrap()
    }

    #[test]
    fn spellings_of_one_range_are_equal() {
        for text in ["67-68", "67 - 68", "67–68", "67/68", "67, 68", "68,67", "67 and 68"] {
            assert_eq!(spec(text), PortSpec::from_ranges([(67, 68)]), "{text}");
        }
    }

    #[test]
    fn separate_ports_display_with_commas() {
        assert_eq!(spec("21/20").to_string(), "20-21");
        assert_eq!(spec("989, 995").to_string(), "989, 995");
    }

    #[test]
    fn bad_ports_say_what_is_wrong() {
        assert_eq!("".parse::<PortSpec>(), Err(PortSpecError::Empty));
        assert_eq!("ssh".parse::<PortSpec>(), Err(PortSpecError::NotANumber("ssh".into())));
        assert_eq!("0".parse::<PortSpec>(), Err(PortSpecError::OutOfRange(0)));
        assert_eq!("65536".parse::<PortSpec>(), Err(PortSpecError::OutOfRange(65536)));
        assert_eq!("99999999999999999999999".parse::<PortSpec>(), Err(PortSpecError::OutOfRange(u64::MAX)));
        assert_eq!("69-67".parse::<PortSpec>(), Err(PortSpecError::Reversed(69, 67)));
        assert_eq!("-5".parse::<PortSpec>(), Err(PortSpecError::Empty));
    }

    #[test]
    fn subsets_and_counts() {
        assert!(spec("137").is_subset_of(&spec("137-139")));
        assert!(!spec("136-137").is_subset_of(&spec("137-139")));
        assert_eq!(spec("137-139").port_count(), 3);
        assert!(spec("20, 21").contains(21));
    }

    proptest! {
        #[test]
        fn display_parses_back_to_the_same_set(ranges in prop::collection::vec((1u16..=65535, 0u16..50), 1..6)) {
            let spec = PortSpec::from_ranges(ranges.into_iter().map(|(first, width)| (first, first.saturating_add(width))));
            prop_assert_eq!(spec.to_string().parse::<PortSpec>(), Ok(spec));
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,30}") {
            let _ = text.parse::<PortSpec>();
        }
    }
}

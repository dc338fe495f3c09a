//! The services database in /etc/services' own format: a name, a port and transport,
//! aliases and a comment per line. The lines for the deck's ports ship with portcards
//! (data/etc-services-deck.txt, copied from Debian's netbase); for ports outside the
//! deck, `portcards lookup` reads the system's /etc/services when it is there.
//!
//! Not here: IANA's names that answer cards (`facts`, data/iana-service-names.tsv),
//! or deciding what a lookup shows (`lookup`).

use crate::matcher;

/// The /etc/services lines for every port in any deck.
pub const BUILTIN_DECK_SERVICES: &str = include_str!("../data/etc-services-deck.txt");

/// One line of /etc/services: `route 520/udp router routed # RIP`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceLine {
    pub name: String,
    pub port: u16,
    /// "tcp" or "udp" (or whatever the file says).
    pub transport: String,
    pub aliases: Vec<String>,
    /// The text after `#`, empty where there is none.
    pub comment: String,
}

impl ServiceLine {
    /// Whether a query names this line exactly: its name, an alias or its comment.
    pub fn is_named(&self, compact_query: &str) -> bool {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .chain(std::iter::once(&self.comment).filter(|comment| !comment.is_empty()))
            .any(|name| matcher::compact(name) == compact_query)
    }

    /// `route 520/udp (router, routed) "RIP"`.
    pub fn describe(&self) -> String {
        let mut text = format!("{} {}/{}", self.name, self.port, self.transport);
        if !self.aliases.is_empty() {
            text.push_str(&format!(" ({})", self.aliases.join(", ")));
        }
        if !self.comment.is_empty() {
            text.push_str(&format!(" \"{}\"", self.comment));
        }
        text
    }
}

/// The lines of a services file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Services {
    pub lines: Vec<ServiceLine>,
}

impl Services {
    /// The shipped lines for the deck's ports.
    pub fn builtin() -> Services {
        Services::parse(BUILTIN_DECK_SERVICES)
    }

    /// Reads a services file. Lines that are not `name port/transport ...` (a system
    /// file may hold anything) are passed over: the database is a reference, and the
    /// shipped part is checked by the tests.
    pub fn parse(text: &str) -> Services {
        let lines = text.lines().filter_map(parse_line).collect();
        Services { lines }
    }

    /// These lines, then the other's lines that are not already here.
    pub fn with(mut self, other: Services) -> Services {
        for line in other.lines {
            if !self.lines.contains(&line) {
                self.lines.push(line);
            }
        }
        self
    }

    /// The lines a query names exactly (name, alias or comment).
    pub fn named(&self, query: &str) -> Vec<&ServiceLine> {
        let compact = matcher::compact(query);
        if compact.is_empty() {
            return Vec::new();
        }
        self.lines.iter().filter(|line| line.is_named(&compact)).collect()
    }

    /// The lines on a port.
    pub fn on_port(&self, port: u16) -> Vec<&ServiceLine> {
        self.lines.iter().filter(|line| line.port == port).collect()
    }
}

fn parse_line(line: &str) -> Option<ServiceLine> {
    let (body, comment) = line.split_once('#').unwrap_or((line, ""));
    let mut words = body.split_whitespace();
    let name = words.next()?;
    let (port, transport) = words.next()?.split_once('/')?;
    Some(ServiceLine {
        name: name.to_string(),
        port: port.parse().ok()?,
        transport: transport.to_string(),
        aliases: words.map(str::to_string).collect(),
        comment: comment.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_with_aliases_and_comments_and_odd_lines_are_passed_over() {
        let services = Services::parse(
            "# a comment\n\nroute\t\t520/udp\t\trouter routed\t# RIP\nnfs\t2049/tcp\t\t\t# Network File System\nbroken line\nssh 22/tcp\n",
        );
        assert_eq!(services.lines.len(), 3);
        assert_eq!(services.lines[0].aliases, ["router", "routed"]);
        assert_eq!(services.lines[0].comment, "RIP");
        assert_eq!(services.named("routed")[0].port, 520);
        assert_eq!(services.named("Network File System")[0].name, "nfs");
        assert!(services.named("").is_empty());
        assert_eq!(services.lines[0].describe(), "route 520/udp (router, routed) \"RIP\"");
    }

    #[test]
    fn the_shipped_lines_hold_every_deck_port_line() {
        let services = Services::builtin();
        assert!(services.lines.len() >= 80, "{}", services.lines.len());
        assert_eq!(services.named("kerberos-sec")[0].port, 88);
    }
}

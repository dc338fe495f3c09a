//! The read-the-output task: a server's listening services as `nmap -sV` or
//! `ss -tulpn` prints them, and a question about them (which send credentials in clear
//! text, which a hardened web server closes, which belong to a domain controller or a
//! mail server). The learner marks lines; each line is scored.

use std::fmt::Write as _;

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};

use crate::ports::Transport;

/// A service a scanned server may run: its port, what nmap and ss call it, the banners
/// nmap prints, and what the tasks ask of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    pub port: u16,
    pub transport: Transport,
    /// nmap's service name (IANA's keyword mostly).
    pub nmap_name: &'static str,
    /// What `ss -p` shows as the process.
    pub process: &'static str,
    pub banners: &'static [&'static str],
    /// What the protocol is, for the explanations.
    pub protocol: &'static str,
    /// Sends user names and passwords (or community strings) readable on the wire.
    pub credentials_in_clear: bool,
    pub domain_controller: bool,
    pub mail_server: bool,
}

const fn service(
    port: u16,
    transport: Transport,
    nmap_name: &'static str,
    process: &'static str,
    banners: &'static [&'static str],
    protocol: &'static str,
) -> Service {
    Service {
        port,
        transport,
        nmap_name,
        process,
        banners,
        protocol,
        credentials_in_clear: false,
        domain_controller: false,
        mail_server: false,
    }
}

const fn clear(mut service: Service) -> Service {
    service.credentials_in_clear = true;
    service
}

const fn dc(mut service: Service) -> Service {
    service.domain_controller = true;
    service
}

const fn mail(mut service: Service) -> Service {
    service.mail_server = true;
    service
}

use Transport::{Tcp, Udp};

/// The services scans are made of. Their ports, transports and clear-text nature agree
/// with data/port-facts.toml (a test checks).
pub const SERVICES: &[Service] = &[
    clear(service(21, Tcp, "ftp", "vsftpd", &["vsftpd 3.0.3", "ProFTPD 1.3.8"], "FTP")),
    service(
        22,
        Tcp,
        "ssh",
        "sshd",
        &["OpenSSH 9.2p1 Debian 2+deb12u3 (protocol 2.0)", "OpenSSH 8.9p1 Ubuntu 3ubuntu0.10 (protocol 2.0)"],
        "SSH",
    ),
    clear(service(23, Tcp, "telnet", "in.telnetd", &["Linux telnetd", "BusyBox telnetd"], "Telnet")),
    mail(service(25, Tcp, "smtp", "master", &["Postfix smtpd", "Exim smtpd 4.96"], "SMTP")),
    dc(service(53, Udp, "domain", "named", &["ISC BIND 9.18.28", "Microsoft DNS 6.1.7601"], "DNS")),
    clear(service(80, Tcp, "http", "nginx", &["nginx 1.22.1", "Apache httpd 2.4.62 ((Debian))"], "HTTP")),
    dc(service(
        88,
        Tcp,
        "kerberos-sec",
        "lsass.exe",
        &["Microsoft Windows Kerberos (server time: 2026-12-07 09:14:02Z)"],
        "Kerberos",
    )),
    mail(clear(service(110, Tcp, "pop3", "dovecot", &["Dovecot pop3d"], "POP3"))),
    mail(clear(service(143, Tcp, "imap", "dovecot", &["Dovecot imapd"], "IMAP"))),
    clear(service(161, Udp, "snmp", "snmpd", &["SNMPv1 server; net-snmp SNMPv2c server (public)"], "SNMP v1/v2c")),
    dc(clear(service(
        389,
        Tcp,
        "ldap",
        "lsass.exe",
        &["Microsoft Windows Active Directory LDAP (Domain: corp.example, Site: Default-First-Site-Name)"],
        "LDAP",
    ))),
    service(443, Tcp, "https", "nginx", &["nginx 1.22.1", "Microsoft IIS httpd 10.0"], "HTTPS"),
    dc(service(445, Tcp, "microsoft-ds", "System", &["Microsoft Windows Server 2022 microsoft-ds"], "SMB")),
    dc(service(464, Tcp, "kpasswd5", "lsass.exe", &["Microsoft Windows kpasswd"], "Kerberos password change")),
    mail(service(587, Tcp, "submission", "master", &["Postfix smtpd"], "SMTP submission")),
    dc(service(636, Tcp, "ldapssl", "lsass.exe", &["Microsoft Windows Active Directory LDAP over TLS"], "LDAPS")),
    mail(service(993, Tcp, "imaps", "dovecot", &["Dovecot imapd (TLS)"], "IMAPS")),
    mail(service(995, Tcp, "pop3s", "dovecot", &["Dovecot pop3d (TLS)"], "POP3S")),
    service(1433, Tcp, "ms-sql-s", "sqlservr.exe", &["Microsoft SQL Server 2019 15.00.2000"], "Microsoft SQL Server"),
    dc(service(
        3268,
        Tcp,
        "globalcatLDAP",
        "lsass.exe",
        &["Microsoft Windows Active Directory LDAP (global catalog)"],
        "LDAP global catalog",
    )),
    service(3306, Tcp, "mysql", "mysqld", &["MySQL 8.0.36", "MariaDB 10.11.6"], "MySQL"),
    service(3389, Tcp, "ms-wbt-server", "svchost.exe", &["Microsoft Terminal Services"], "RDP"),
    service(5900, Tcp, "vnc", "Xvnc", &["VNC (protocol 3.8)"], "VNC"),
    service(69, Udp, "tftp", "in.tftpd", &["Netkit tftpd"], "TFTP"),
];

/// What the learner is asked to mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Question {
    /// Services that send credentials readable on the wire.
    ClearTextCredentials,
    /// A web server that keeps only HTTPS and SSH: mark what to close.
    CloseOnHardenedWebServer,
    DomainController,
    MailServer,
}

impl Question {
    pub const ALL: [Question; 4] = [
        Question::ClearTextCredentials,
        Question::CloseOnHardenedWebServer,
        Question::DomainController,
        Question::MailServer,
    ];

    pub fn text(self) -> &'static str {
        match self {
            Question::ClearTextCredentials => "Mark every service that sends user names and passwords in clear text.",
            Question::CloseOnHardenedWebServer => {
                "This is a public web server. It must serve HTTPS and stay manageable over SSH, nothing else. Mark every service to close."
            }
            Question::DomainController => {
                "Mark every service this server runs as an Active Directory domain controller."
            }
            Question::MailServer => "Mark every service this server runs as a mail server.",
        }
    }

    fn marks(self, service: &Service) -> bool {
        match self {
            Question::ClearTextCredentials => service.credentials_in_clear,
            Question::CloseOnHardenedWebServer => !matches!(service.port, 22 | 443),
            Question::DomainController => service.domain_controller,
            Question::MailServer => service.mail_server,
        }
    }

    fn why(self, service: &Service, marked: bool) -> String {
        let name = service.protocol;
        match (self, marked) {
            (Question::ClearTextCredentials, true) => format!("{name} sends its logins readable on the wire."),
            (Question::ClearTextCredentials, false) if matches!(service.port, 25 | 53 | 445 | 69) => {
                format!("{name} is no login in clear text here (its danger is elsewhere).")
            }
            (Question::ClearTextCredentials, false) => format!("{name} encrypts its logins, or has none."),
            (Question::CloseOnHardenedWebServer, true) => format!("{name} is not HTTPS or SSH: close it."),
            (Question::CloseOnHardenedWebServer, false) => format!("{name} is one of the two it keeps."),
            (Question::DomainController, true) => format!("{name} is one of a domain controller's services."),
            (Question::DomainController, false) => format!("{name} is not part of Active Directory."),
            (Question::MailServer, true) => format!("{name} carries mail."),
            (Question::MailServer, false) => format!("{name} is not a mail service."),
        }
    }
}

/// How the listing is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Nmap,
    Ss,
}

/// One line of the listing, what the scorer expects of it, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub service: Service,
    pub should_mark: bool,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingTask {
    pub question: Question,
    pub style: Style,
    /// What was run, shown above the listing ("nmap -sV 10.0.5.12").
    pub command: String,
    /// Lines before the services (nmap's header), not scored.
    pub header: Vec<String>,
    pub lines: Vec<Line>,
}

/// How one line fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineResult {
    pub line: String,
    pub right: bool,
    pub explanation: String,
}

impl ListingTask {
    /// A new listing: seven to ten services with at least two to mark and two to leave.
    pub fn generate(rng: &mut impl Rng) -> ListingTask {
        let question = *Question::ALL.choose(rng).expect("questions");
        let style = if rng.random_bool(0.5) { Style::Nmap } else { Style::Ss };
        let count = rng.random_range(7..=10);
        let (mut marked, mut unmarked): (Vec<&Service>, Vec<&Service>) =
            SERVICES.iter().partition(|service| question.marks(service));
        marked.shuffle(rng);
        unmarked.shuffle(rng);
        let take_marked = rng.random_range(2..=(count - 2).min(marked.len()));
        let mut chosen: Vec<Service> = marked.into_iter().take(take_marked).copied().collect();
        chosen.extend(unmarked.into_iter().take(count - take_marked).copied());
        if question == Question::CloseOnHardenedWebServer {
            // The two it keeps are always there to keep.
            for port in [22, 443] {
                if !chosen.iter().any(|service| service.port == port) {
                    chosen.pop();
                    chosen.push(*SERVICES.iter().find(|service| service.port == port).expect("ssh and https"));
                }
            }
        }
        chosen.sort_by_key(|service| (service.transport == Udp, service.port));
        let address =
            format!("10.{}.{}.{}", rng.random_range(0..=40), rng.random_range(0..=255), rng.random_range(2..=250));
        let lines = chosen
            .iter()
            .map(|service| {
                let banner = *service.banners.choose(rng).expect("a banner");
                let should_mark = question.marks(service);
                Line {
                    text: line_text(style, service, banner, &address),
                    service: *service,
                    should_mark,
                    why: question.why(service, should_mark),
                }
            })
            .collect();
        let (command, header) = match style {
            Style::Nmap => (
                format!("nmap -sS -sU -sV {address}"),
                vec![
                    format!("Nmap scan report for {address}"),
                    "Host is up (0.00041s latency).".to_string(),
                    "PORT      STATE         SERVICE       VERSION".to_string(),
                ],
            ),
            Style::Ss => ("ss -tulpn".to_string(), vec!["Netid State  Local Address:Port   Process".to_string()]),
        };
        ListingTask { question, style, command, header, lines }
    }

    /// Scores the learner's marks (one per line, in order).
    pub fn score(&self, marked: &[bool]) -> Vec<LineResult> {
        self.lines
            .iter()
            .zip(marked.iter().copied().chain(std::iter::repeat(false)))
            .map(|(line, marked)| {
                let right = marked == line.should_mark;
                let verdict = match (right, marked) {
                    (true, _) => "Right",
                    (false, true) => "Not this one",
                    (false, false) => "Missed",
                };
                LineResult {
                    line: line.text.clone(),
                    right,
                    explanation: format!(
                        "{verdict}: port {} {}. {}",
                        line.service.port, line.service.protocol, line.why
                    ),
                }
            })
            .collect()
    }

    /// The whole listing as a terminal would show it.
    pub fn text(&self) -> String {
        let mut text = format!("$ {}\n", self.command);
        for line in &self.header {
            let _ = writeln!(text, "{line}");
        }
        for line in &self.lines {
            let _ = writeln!(text, "{}", line.text);
        }
        text
    }
}

fn line_text(style: Style, service: &Service, banner: &str, address: &str) -> String {
    let wire = if service.transport == Udp { "udp" } else { "tcp" };
    match style {
        Style::Nmap => {
            let port = format!("{}/{wire}", service.port);
            let state = if service.transport == Udp { "open|filtered" } else { "open" };
            format!("{port:<9} {state:<13} {:<13} {banner}", service.nmap_name)
        }
        Style::Ss => {
            let state = if service.transport == Udp { "UNCONN" } else { "LISTEN" };
            let local = if service.port == 53 {
                format!("{address}:{}", service.port)
            } else {
                format!("0.0.0.0:{}", service.port)
            };
            format!(
                "{wire:<5} {state:<6} {local:<21} users:((\"{}\",pid={},fd={}))",
                service.process,
                400 + service.port % 1000,
                3 + service.port % 7
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn the_reference_marks_score_every_line_and_a_flipped_mark_loses_one() {
        for seed in 0..500 {
            let task = ListingTask::generate(&mut StdRng::seed_from_u64(seed));
            let reference: Vec<bool> = task.lines.iter().map(|line| line.should_mark).collect();
            assert!(task.score(&reference).iter().all(|result| result.right), "seed {seed}");
            for flip in 0..reference.len() {
                let mut marks = reference.clone();
                marks[flip] = !marks[flip];
                let right = task.score(&marks).iter().filter(|result| result.right).count();
                assert_eq!(right, reference.len() - 1, "seed {seed}, line {flip}");
            }
            let to_mark = reference.iter().filter(|&&mark| mark).count();
            assert!(to_mark >= 2 && reference.len() - to_mark >= 2, "seed {seed}: {reference:?}");
        }
    }

    #[test]
    fn the_services_agree_with_the_facts() {
        let facts = crate::facts::Facts::builtin();
        for service in SERVICES {
            let port: crate::ports::PortSpec = crate::ports::PortSpec::single(service.port);
            let containing = || facts.entries().iter().find(|entry| entry.ports.contains(service.port));
            let Some(known) = facts.for_ports(&port).or_else(containing) else {
                panic!("{} is in no facts", service.port)
            };
            if service.credentials_in_clear {
                // Clear text by the facts, or the insecure side of a counterpart pair
                // (SNMP depends on its version; the listing shows v1/v2c).
                let insecure_pair =
                    facts.questions.counterparts.iter().any(|pair| pair.insecure.ports.contains(service.port));
                assert!(known.clear_text == Some(true) || insecure_pair, "{} sends in clear text", service.port);
            }
            let transport_fits = known.transport == Transport::Both || known.transport == service.transport;
            assert!(transport_fits, "{} runs over {}", service.port, known.transport);
        }
    }

    #[test]
    fn a_listing_reads_as_the_tools_print_it() {
        let task = (0..50)
            .map(|seed| ListingTask::generate(&mut StdRng::seed_from_u64(seed)))
            .find(|task| task.style == Style::Nmap && task.lines.iter().any(|line| line.service.port == 22))
            .unwrap();
        let text = task.text();
        assert!(text.starts_with("$ nmap -sS -sU -sV 10."), "{text}");
        assert!(text.contains("22/tcp    open          ssh           OpenSSH"), "{text}");
    }
}

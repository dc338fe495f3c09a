//! The answer matcher against the real deck: what learners type, and what each
//! answer must be judged. One line per case: card, input, expected verdict.

use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::matcher::{Judgement, Why};
use portcards::table::parse_table;

/// exact | alias | typo | also | partial | other (another card's name) | wrong | blank
const CASES: &[(&str, &str, &str)] = &[
    // Port → service: names as the table writes them, and their parts.
    ("22:port-to-service", "SSH/SCP", "exact"),
    ("22:port-to-service", "ssh", "exact"),
    ("22:port-to-service", "scp", "exact"),
    ("22:port-to-service", " SSH ", "exact"),
    ("22:port-to-service", "s s h", "exact"),
    ("22:port-to-service", "Secure Shell", "alias"),
    ("22:port-to-service", "secure-shell", "alias"),
    ("22:port-to-service", "sftp", "alias"),
    ("22:port-to-service", "secure copy", "alias"),
    ("22:port-to-service", "the ssh protocol", "exact"),
    ("22:port-to-service", "tcp/ssh", "exact"),
    ("22:port-to-service", "shh", "close"),
    ("22:port-to-service", "secure shel", "typo"),
    ("22:port-to-service", "telnet", "other"),
    ("22:port-to-service", "", "blank"),
    ("20:port-to-service", "FTP-transfer", "exact"),
    ("20:port-to-service", "ftp", "exact"),
    ("20:port-to-service", "FTP data", "alias"),
    ("20:port-to-service", "file transfer protocol", "alias"),
    ("20:port-to-service", "tftp", "other"),
    ("20:port-to-service", "sftp", "other"),
    ("20:port-to-service", "ftp transfr", "typo"),
    ("21:port-to-service", "ftp", "exact"),
    ("21:port-to-service", "FTP control", "alias"),
    ("21:port-to-service", "ftp-connection", "exact"),
    ("21:port-to-service", "tftp", "other"),
    ("23:port-to-service", "telnet", "exact"),
    ("23:port-to-service", "TELNET", "exact"),
    ("23:port-to-service", "telent", "typo"),
    ("23:port-to-service", "ssh", "other"),
    ("25:port-to-service", "smtp", "exact"),
    ("25:port-to-service", "Simple Mail Transfer Protocol", "alias"),
    ("25:port-to-service", "snmp", "other"),
    ("25:port-to-service", "smtps", "other"),
    ("25:port-to-service", "stmp", "close"),
    ("25:port-to-service", "simple mail transfer", "alias"),
    ("25:port-to-service", "simple mail tranfer protocol", "typo"),
    ("42:port-to-service", "WINS Replication", "exact"),
    ("42:port-to-service", "wins", "alias"),
    ("42:port-to-service", "nameserver", "other"),
    ("42:port-to-service", "wins replicaton", "typo"),
    ("43:port-to-service", "whois", "exact"),
    ("43:port-to-service", "who is", "exact"),
    ("49:port-to-service", "tacacs", "exact"),
    ("49:port-to-service", "TACACS+", "exact"),
    ("49:port-to-service", "radius", "other"),
    ("49:port-to-service", "kerberos", "other"),
    ("49:port-to-service", "diameter", "wrong"),
    ("53:port-to-service", "dns", "exact"),
    ("53:port-to-service", "Domain Name System", "alias"),
    ("53:port-to-service", "domain name service", "alias"),
    ("53:port-to-service", "dsn", "close"),
    ("53:port-to-service", "domian name system", "typo"),
    ("67-68:port-to-service", "dhcp", "exact"),
    ("67-68:port-to-service", "BOOTP", "exact"),
    ("67-68:port-to-service", "bootps", "alias"),
    ("67-68:port-to-service", "bootpc", "alias"),
    ("67-68:port-to-service", "dynamic host configuration protocol", "alias"),
    ("67-68:port-to-service", "dhpc", "close"),
    ("67-68:port-to-service", "tftp", "other"),
    ("69:port-to-service", "tftp", "exact"),
    ("69:port-to-service", "trivial file transfer protocol", "alias"),
    ("69:port-to-service", "ftp", "other"),
    ("69:port-to-service", "trivial file transfer protocl", "typo"),
    ("70:port-to-service", "gopher", "exact"),
    ("79:port-to-service", "finger", "exact"),
    ("80:port-to-service", "http", "exact"),
    ("80:port-to-service", "www", "alias"),
    ("80:port-to-service", "https", "other"),
    ("80:port-to-service", "htp", "close"),
    ("80:port-to-service", "hypertext transfer protocol", "alias"),
    ("88:port-to-service", "kerberos", "exact"),
    ("88:port-to-service", "kerberso", "typo"),
    ("88:port-to-service", "Kerberos", "exact"),
    ("88:port-to-service", "krb5", "alias"),
    ("88:port-to-service", "ldap", "other"),
    ("102:port-to-service", "ms exchange", "exact"),
    ("102:port-to-service", "MS-Exchange", "exact"),
    ("102:port-to-service", "iso-tsap", "alias"),
    ("102:port-to-service", "x.400", "alias"),
    ("102:port-to-service", "microsoft exchange", "alias"),
    ("110:port-to-service", "pop3", "exact"),
    ("110:port-to-service", "POP 3", "exact"),
    ("110:port-to-service", "pop", "alias"),
    ("110:port-to-service", "pop2", "close"),
    ("110:port-to-service", "imap", "other"),
    ("110:port-to-service", "post office protocol", "alias"),
    ("113:port-to-service", "ident", "exact"),
    ("119:port-to-service", "nntp", "exact"),
    ("119:port-to-service", "ntp", "other"),
    ("119:port-to-service", "network news transfer protocol", "alias"),
    ("123:port-to-service", "ntp", "exact"),
    ("123:port-to-service", "nntp", "other"),
    ("123:port-to-service", "network time protocol", "alias"),
    ("123:port-to-service", "network tiem protocol", "typo"),
    ("135:port-to-service", "Microsoft RPC", "exact"),
    ("135:port-to-service", "rpc", "alias"),
    ("135:port-to-service", "msrpc", "alias"),
    ("135:port-to-service", "epmap", "alias"),
    ("135:port-to-service", "microsoft-rpc", "exact"),
    ("135:port-to-service", "microsfot rpc", "typo"),
    ("137-139:port-to-service", "netbios", "exact"),
    ("137-139:port-to-service", "NetBIOS", "exact"),
    ("137-139:port-to-service", "netbois", "typo"),
    ("137-139:port-to-service", "smb", "partial"),
    ("143:port-to-service", "imap4", "exact"),
    ("143:port-to-service", "imap", "alias"),
    ("143:port-to-service", "imap3", "close"),
    ("143:port-to-service", "pop3", "other"),
    ("161-162:port-to-service", "snmp", "exact"),
    ("161-162:port-to-service", "smtp", "other"),
    ("161-162:port-to-service", "snmp trap", "alias"),
    ("161-162:port-to-service", "simple network management protocol", "alias"),
    ("177:port-to-service", "xdmcp", "exact"),
    ("179:port-to-service", "bgp", "exact"),
    ("179:port-to-service", "bgmp", "other"),
    ("179:port-to-service", "border gateway protocol", "alias"),
    ("201:port-to-service", "appletalk", "exact"),
    ("201:port-to-service", "apple talk", "exact"),
    ("264:port-to-service", "bgmp", "exact"),
    ("264:port-to-service", "bgp", "other"),
    ("318:port-to-service", "tsp", "exact"),
    ("318:port-to-service", "time stamp protocol", "alias"),
    ("381-383:port-to-service", "hp openview", "exact"),
    ("381-383:port-to-service", "openview", "alias"),
    ("381-383:port-to-service", "hp open view", "exact"),
    ("389:port-to-service", "ldap", "exact"),
    ("389:port-to-service", "ldaps", "other"),
    ("389:port-to-service", "ldapz", "close"),
    ("389:port-to-service", "lightweight directory access protocol", "alias"),
    ("389:port-to-service", "lightweight directory acess protocol", "typo"),
    ("411-412:port-to-service", "direct connect", "exact"),
    ("411-412:port-to-service", "directconnect", "exact"),
    ("411-412:port-to-service", "direct conect", "typo"),
    ("443:port-to-service", "https", "exact"),
    ("443:port-to-service", "http", "other"),
    ("443:port-to-service", "http over tls", "alias"),
    ("443:port-to-service", "http secure", "alias"),
    ("445:port-to-service", "microsft ds", "alias"),
    ("445:port-to-service", "smb", "exact"),
    ("445:port-to-service", "cifs", "alias"),
    ("445:port-to-service", "microsoft-ds", "alias"),
    ("445:port-to-service", "ms-ds", "alias"),
    ("445:port-to-service", "MicrosoftDS", "alias"),
    ("445:port-to-service", "server message block", "alias"),
    ("445:port-to-service", "netbios", "other"),
    ("464:port-to-service", "kerberos", "exact"),
    ("464:port-to-service", "kpasswd", "alias"),
    ("465:port-to-service", "smtps", "exact"),
    ("465:port-to-service", "smtp", "other"),
    ("465:port-to-service", "submissions", "alias"),
    ("497:port-to-service", "retrospect", "exact"),
    ("497:port-to-service", "retrospekt", "typo"),
    ("500:port-to-service", "isakmp", "exact"),
    ("500:port-to-service", "ike", "exact"),
    ("500:port-to-service", "internet key exchange", "alias"),
    ("512:port-to-service", "rexec", "exact"),
    ("514:port-to-service", "syslog", "exact"),
    ("514:port-to-service", "sys log", "exact"),
    ("514:port-to-service", "syslgo", "typo"),
    ("515:port-to-service", "lpd", "exact"),
    ("515:port-to-service", "lpr", "exact"),
    ("515:port-to-service", "line printer daemon", "alias"),
    ("520:port-to-service", "rip", "exact"),
    ("520:port-to-service", "ripng", "other"),
    ("520:port-to-service", "routing information protocol", "alias"),
    ("521:port-to-service", "ripng", "exact"),
    ("521:port-to-service", "RIPng (IPv6)", "exact"),
    ("521:port-to-service", "rip", "partial"),
    ("521:port-to-service", "rip ng", "exact"),
    ("540:port-to-service", "uucp", "exact"),
    ("7:port-to-service", "echo", "exact"),
    ("19:port-to-service", "chargen", "exact"),
    ("19:port-to-service", "character generator", "alias"),
    ("19:port-to-service", "charegn", "typo"),
    // Service → port: numbers, sets, decorations, other sources.
    ("22:service-to-port", "22", "exact"),
    ("22:service-to-port", "tcp/22", "exact"),
    ("22:service-to-port", "22/tcp", "exact"),
    ("22:service-to-port", "port 22", "exact"),
    ("22:service-to-port", "23", "other"),
    ("22:service-to-port", "2", "wrong"),
    ("22:service-to-port", "twenty-two", "wrong"),
    ("67-68:service-to-port", "67-68", "exact"),
    ("67-68:service-to-port", "67/68", "exact"),
    ("67-68:service-to-port", "67, 68", "exact"),
    ("67-68:service-to-port", "67 and 68", "exact"),
    ("67-68:service-to-port", "68 67", "wrong"),
    ("67-68:service-to-port", "68,67", "exact"),
    ("67-68:service-to-port", "67", "partial"),
    ("67-68:service-to-port", "68", "partial"),
    ("67-68:service-to-port", "udp/67-68", "exact"),
    ("67-68:service-to-port", "67-69", "wrong"),
    ("137-139:service-to-port", "137-139", "exact"),
    ("137-139:service-to-port", "137, 138, 139", "exact"),
    ("137-139:service-to-port", "139", "partial"),
    ("137-139:service-to-port", "137-138", "partial"),
    ("161-162:service-to-port", "161", "partial"),
    ("161-162:service-to-port", "161/162", "exact"),
    ("88:service-to-port", "88", "exact"),
    ("88:service-to-port", "464", "other"),
    ("464:service-to-port", "88", "other"),
    ("465:service-to-port", "465", "exact"),
    ("465:service-to-port", "587", "also"),
    ("465:service-to-port", "25", "other"),
    ("587:service-to-port", "465", "also"),
    ("3389:service-to-port", "3389", "exact"),
    ("5060-5061:service-to-port", "5060–5061", "exact"),
    ("5060-5061:service-to-port", "5060", "partial"),
    ("1812-1813:service-to-port", "1812/1813", "exact"),
    ("445:service-to-port", "445", "exact"),
    ("445:service-to-port", "0445", "exact"),
    ("445:service-to-port", "", "blank"),
    // Extras, when on.
    ("3389:port-to-service", "rdp", "exact"),
    ("3389:port-to-service", "remote desktop", "alias"),
    ("636:port-to-service", "ldaps", "exact"),
    ("636:port-to-service", "ldap", "other"),
    ("993:port-to-service", "imaps", "exact"),
    ("995:port-to-service", "pop3s", "exact"),
    ("995:port-to-service", "pop3", "other"),
    ("1433:port-to-service", "mssql", "alias"),
    ("1433:port-to-service", "sql server", "exact"),
    // Port → transport.
    ("69:port-to-transport", "udp", "exact"),
    ("69:port-to-transport", "UDP", "exact"),
    ("69:port-to-transport", "tcp", "wrong"),
    ("53:port-to-transport", "both", "exact"),
    ("53:port-to-transport", "TCP/UDP", "exact"),
    ("53:port-to-transport", "tcp and udp", "exact"),
    ("53:port-to-transport", "udp", "partial"),
    ("22:port-to-transport", "tcp", "exact"),
    ("22:port-to-transport", "both", "wrong"),
    ("139:port-to-transport", "tcp", "exact"),
    ("137-138:port-to-transport", "udp", "exact"),
    ("161-162:port-to-transport", "udp", "exact"),
    ("514:port-to-transport", "udp", "exact"),
    ("500:port-to-transport", "udp", "exact"),
    ("520:port-to-transport", "udp", "exact"),
    ("123:port-to-transport", "udp", "exact"),
    ("67-68:port-to-transport", "udp", "exact"),
    ("443:port-to-transport", "tcp", "exact"),
    ("443:port-to-transport", "sctp", "wrong"),
    // Names the objectives use, and words that belong to more than one row.
    ("22:port-to-service", "ftp over ssh", "alias"),
    ("22:port-to-service", "Secure File Transfer Protocol", "alias"),
    ("989-990:port-to-service", "ftp over ssh", "other"),
    ("989-990:port-to-service", "ftp over ssl", "alias"),
    ("23:port-to-service", "telnets", "other"),
    ("23:port-to-service", "telnet over tls", "other"),
    ("53:port-to-service", "name server", "alias"),
    ("42:port-to-service", "name server", "other"),
    ("42:port-to-service", "host name server", "alias"),
    ("53:port-to-service", "domain name system", "alias"),
    ("520:port-to-service", "router", "wrong"),
    ("113:port-to-service", "auth", "alias"),
    ("102:port-to-service", "exchange", "wrong"),
    ("161-162:port-to-service", "SNMPv3", "alias"),
    ("465:port-to-service", "Simple Mail Transfer Protocol Secure", "alias"),
    ("636:port-to-service", "Lightweight Directory Access Protocol over SSL", "alias"),
    ("1433:port-to-service", "Structured Query Language Server", "alias"),
    // Another protocol's name with the right port is never right (issue 35, W1).
    ("counterpart:http:secure", "FTP over TLS, 443", "partial-other"),
    ("counterpart:http:secure", "SMTP over TLS, 443", "partial-other"),
    ("counterpart:imap:secure", "SMTP over TLS, 993", "partial-other"),
    ("counterpart:ldap:secure", "IMAP over TLS, 636", "partial-other"),
    ("counterpart:smtp:secure", "IMAP over TLS, 465", "partial-other"),
    ("counterpart:smtp:secure", "SMTP over SSL, 465", "exact"),
    ("counterpart:http:secure", "HTTP over TLS, 443", "exact"),
    // Right answers that were marked partly right or wrong.
    ("counterpart:ftp:secure", "SSH 22", "exact"),
    ("counterpart:ftp:secure", "SCP 22", "exact"),
    ("counterpart:ftp:secure", "FTPS 21", "exact"),
    ("counterpart:ftp:secure", "FTPS 990", "exact"),
    ("counterpart:ldap:secure", "LDAPS 3269", "exact"),
    ("989-990:service-to-port", "990", "also"),
    ("636:service-to-port", "3269", "also"),
    ("500:port-to-service", "IPsec", "alias"),
    ("587:port-to-service", "SMTP", "partial"),
    ("587:port-to-service", "SMTP submission", "exact"),
    ("scenario:ftps-implicit", "990", "also"),
    ("5061:port-to-transport", "TCP", "exact"),
    ("5060:port-to-transport", "TCP/UDP", "exact"),
    // Versions that use the other transport: both is partly right, the other alone says why.
    ("3389:port-to-transport", "TCP/UDP", "partial"),
    ("443:port-to-transport", "TCP/UDP", "partial"),
    ("514:port-to-transport", "TCP/UDP", "partial"),
    ("443:port-to-transport", "UDP", "close"),
    ("80:port-to-transport", "TCP/UDP", "wrong"),
    // Near misses teach.
    ("25:service-to-port", "587", "other"),
    ("389:service-to-port", "636", "other"),
    ("123:service-to-port", "tcp 123", "note"),
    ("123:service-to-port", "udp 123", "exact"),
    ("123:service-to-port", "123", "exact"),
    ("25:port-to-service", "smpt", "close"),
    // Two names of the same service together; never two services.
    ("22:port-to-service", "Secure Shell (SSH)", "alias"),
    ("22:port-to-service", "ssh / sftp", "alias"),
    ("445:port-to-service", "SMB/CIFS", "alias"),
    ("3389:port-to-service", "remote desktop (RDP)", "alias"),
    ("53:port-to-service", "DNS (domain name system)", "alias"),
    ("22:port-to-service", "SSH/Telnet", "partial-other"),
    // The table's slips are shown corrected, and the table's own spelling still counts.
    ("445:port-to-service", "Microsoft DS", "alias"),
    ("445:port-to-service", "Microsft DS", "alias"),
    ("464:port-to-service", "Kerberos", "exact"),
    // A name with words that only say what it is for is that name, never another's.
    ("25:port-to-service", "smtp mail", "alias"),
    ("123:port-to-service", "ntp time", "alias"),
    ("80:port-to-service", "http web", "alias"),
    ("67-68:port-to-service", "dhcp server", "alias"),
    ("88:port-to-service", "kerberos auth", "alias"),
    ("5060-5061:port-to-service", "voip sip", "alias"),
    ("587:port-to-service", "mail submission", "alias"),
    ("25:port-to-service", "telnet mail", "other"),
    ("80:port-to-service", "ftp web", "other"),
    ("113:port-to-service", "kerberos auth", "other"),
    ("25:port-to-service", "mail", "wrong"),
    ("53:port-to-service", "domain name server", "alias"),
    ("69:port-to-service", "trivial ftp", "alias"),
    ("161-162:port-to-service", "snmp version 3", "alias"),
    ("443:port-to-service", "https (ssl)", "alias"),
    ("69:port-to-service", "tftp (trivial)", "alias"),
    ("25:port-to-service", "smtp email relay", "alias"),
    ("3389:port-to-service", "microsoft rdp", "alias"),
    ("161-162:port-to-service", "snmp monitoring", "alias"),
    ("21:port-to-service", "ftp commands", "alias"),
    ("22:port-to-service", "ssh (telnet)", "partial-other"),
    ("80:port-to-service", "https (web)", "other"),
    // "version 3" is part of the name, not a port.
    ("counterpart:snmp:secure", "snmp version 3, 161", "exact"),
    ("counterpart:snmp:secure", "snmpv3 management, 161", "exact"),
    ("counterpart:snmp:secure", "snmp management, 161", "partial-other"),
    // IP protocol numbers are not ports: a port answer is wrong and says why.
    ("ip-protocol:esp", "50", "exact"),
    ("ip-protocol:esp", "IP protocol 50", "exact"),
    ("ip-protocol:esp", "protocol number 50", "exact"),
    ("ip-protocol:esp", "port 50", "partial-close"),
    ("ip-protocol:esp", "UDP 50", "partial-close"),
    ("ip-protocol:esp", "500", "other"),
    ("ip-protocol:esp", "4500", "other"),
    ("ip-protocol:esp", "51", "other"),
    ("ip-protocol:esp", "ESP", "wrong"),
    ("ip-protocol:ah", "51", "exact"),
    ("ip-protocol:ah", "50", "other"),
    ("ip-protocol:gre", "47", "exact"),
    ("ip-protocol:gre", "1723", "other"),
    ("ip-protocol:gre", "", "blank"),
    // The card's own port restated beside the right name is right; beside another
    // port, or another name beside the right port, partly right.
    ("443:port-to-service", "port 443 https", "exact"),
    ("443:port-to-service", "https on 443", "exact"),
    ("443:port-to-service", "https port 443", "exact"),
    ("443:port-to-service", "http over tls on 443", "note"),
    ("443:port-to-service", "https 80", "partial"),
    ("443:port-to-service", "443", "wrong"),
    ("443:service-to-port", "443 (https)", "exact"),
    ("443:service-to-port", "port 443 https", "exact"),
    ("443:service-to-port", "443 http", "partial-other"),
    ("110:port-to-service", "pop3 110", "exact"),
    // A name that begins the card's (the protocol it builds on) is partly right, and
    // alike on similar cards: SMTP on 465 and on 587, IPsec on 4500, LDAPS on 3269.
    ("465:port-to-service", "SMTP", "other"),
    ("587:port-to-service", "smtps", "alias"),
    ("4500:port-to-service", "ipsec", "partial"),
    ("4500:port-to-service", "ipsec nat traversal", "alias"),
    ("3269:port-to-service", "ldap ssl", "partial"),
    ("3269:port-to-service", "ldaps", "partial"),
    ("636:port-to-service", "ldap ssl", "alias"),
    ("264:port-to-service", "bgp", "other"),
    ("80:port-to-service", "https", "other"),
    // Two services, one right: partly right, naming the other.
    ("23:port-to-service", "ssh (telnet)", "partial-other"),
    ("23:port-to-service", "telnet or ssh", "partial-other"),
    // Nothing recognised: wrong, and says so.
    ("25:port-to-service", "blah", "wrong"),
    ("25:service-to-port", "9999", "wrong"),
];

fn kind(why: &Why) -> &'static str {
    match why {
        Why::Exact => "exact",
        Why::AliasOf(_) => "alias",
        Why::TypoOf(_) => "typo",
        Why::AlsoRight(_) => "also",
        Why::Missing(_) => "partial",
        Why::IsOther(_) => "other",
        Why::Blank => "blank",
        Why::RightWithNote(_) => "note",
        Why::Close(_) => "close",
        Why::Wrong(_) | Why::NotUnderstood(_) => "wrong",
        Why::Overridden => "overridden",
        Why::SelfGraded => "self-graded",
    }
}

#[test]
fn every_case_gets_its_expected_verdict() {
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), true);
    assert!(CASES.len() >= 150, "only {} cases", CASES.len());
    let mut failures = Vec::new();
    for &(card, typed, expected) in CASES {
        let index = deck.cards.iter().position(|c| c.id.as_str() == card).unwrap_or_else(|| panic!("no card {card}"));
        let verdict = deck.check(index, typed);
        // "partial-other": partly right, and the why names another protocol.
        let (partly, expected_kind) = match expected.strip_prefix("partial-") {
            Some(kind) => (true, kind),
            None => (expected == "partial", expected),
        };
        let outcome_fits = match expected_kind {
            _ if partly => verdict.judgement == Judgement::Partial,
            "exact" | "alias" | "typo" | "also" | "note" => verdict.judgement == Judgement::Correct,
            _ => verdict.judgement == Judgement::Wrong,
        };
        if kind(&verdict.why) != expected_kind || !outcome_fits {
            failures.push(format!("{card} {typed:?}: expected {expected}, got {verdict:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn typo_feedback_names_the_service() {
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
    let index = deck.cards.iter().position(|c| c.id.as_str() == "88:port-to-service").unwrap();
    let verdict = deck.check(index, "kerberso");
    assert_eq!(verdict.explanation("kerberso").unwrap(), "Accepted: \"kerberso\" is a typo of Kerberos.");
    let ntp = deck.cards.iter().position(|c| c.id.as_str() == "119:port-to-service").unwrap();
    assert_eq!(deck.check(ntp, "ntp").explanation("ntp").unwrap(), "That is NTP (port 123).");
}

/// Every spelling a row accepts names that row when looked up, and no row that does
/// not accept it: a typo allowance never carries one protocol's name to another's.
#[test]
fn every_alias_resolves_to_the_rows_that_accept_it_and_no_other() {
    use portcards::lookup::{Lookup, lookup};
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), true);
    let mut failures = Vec::new();
    for row in 0..deck.rows.len() {
        for spelling in deck.spellings_of_row(row) {
            let owners: Vec<usize> = (0..deck.rows.len())
                .filter(|&other| deck.spellings_of_row(other).iter().any(|s| s.compact == spelling.compact))
                .collect();
            // A number-like spelling ("x.400") is looked up as a port; only names here.
            if portcards::matcher::parse_port_answer(&spelling.compact).is_ok() {
                continue;
            }
            match lookup(&deck, &spelling.compact) {
                Lookup::Found(rows) if rows == owners => {}
                // A suite's name (IPsec) shows every part, its owner's row among them.
                Lookup::Within { rows, .. } if owners.iter().all(|owner| rows.contains(owner)) => {}
                other => failures.push(format!("{:?} (row {}): {other:?}, owners {owners:?}", spelling.compact, row)),
            }
        }
    }
    assert!(failures.is_empty(), "{} spellings resolve elsewhere:\n{}", failures.len(), failures.join("\n"));
}

/// No answer that names one row's service passes on another row's card by the typo
/// allowance: "ftp over ssh" is one edit from "ftp over ssl", and still not FTPS.
#[test]
fn no_service_name_passes_as_a_typo_of_another() {
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), true);
    let mut failures = Vec::new();
    for card in (0..deck.cards.len()).filter(|&card| deck.cards[card].id.as_str().ends_with(":port-to-service")) {
        let row = deck.cards[card].row;
        for other in (0..deck.rows.len()).filter(|&other| other != row) {
            for spelling in deck.spellings_of_row(other) {
                let shared = deck.spellings_of_row(row).iter().any(|own| own.compact == spelling.compact);
                let verdict = deck.check(card, &spelling.compact);
                if !shared && verdict.judgement == Judgement::Correct {
                    failures.push(format!("{:?} (row {other}) passes on {}", spelling.compact, deck.cards[card].id));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The second part of a card's shown answer, as a learner would type it after a
/// name: its first port ("443", "989-990") or, failing that, its transport.
fn first_port_or_transport(answer: &str) -> String {
    let words = answer.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')');
    let port = words.clone().find(|word| word.chars().next().is_some_and(|c| c.is_ascii_digit()));
    let transport = words.clone().find(|word| ["TCP", "UDP", "TCP/UDP"].contains(word));
    port.or(transport).unwrap_or_default().to_string()
}

/// No answer that names a different protocol than the card's passes, whatever the
/// card asks: its service, its counterpart, a scenario's protocol. Every other
/// protocol's every name is tried on every such card, with the right port beside it
/// where the card asks for a port too ("FTP over TLS, 443" is not HTTPS).
#[test]
fn no_other_protocols_name_passes_on_any_card() {
    for extras in [false, true] {
        let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), extras);
        let mut failures = Vec::new();
        let mut tried = 0;
        for card in 0..deck.cards.len() {
            let accepted = deck.accepted_names(card);
            if accepted.is_empty() {
                continue;
            }
            let second = if deck.cards[card].id.as_str().ends_with(":port-to-service") {
                String::new()
            } else {
                first_port_or_transport(&deck.cards[card].answer)
            };
            for (label, spellings) in deck.protocol_names() {
                for spelling in spellings.iter().filter(|s| !accepted.iter().any(|own| own.compact == s.compact)) {
                    let typed = format!("{} {second}", spelling.compact);
                    tried += 1;
                    if deck.check(card, &typed).judgement == Judgement::Correct {
                        failures.push(format!("{typed:?} ({label}) passes on {}", deck.cards[card].id));
                    }
                }
            }
        }
        assert!(tried > 10_000, "only {tried} tries: the test lost its cards");
        assert!(failures.is_empty(), "extras {extras}: {} of {tried}:\n{}", failures.len(), failures.join("\n"));
    }
}

/// Every verdict that is not right says why: every card of both decks, with answers
/// that are blank, nonsense, another card's answer, a slip of its own, a port where a
/// name is asked and the other way round, a hedge between two services.
#[test]
fn every_verdict_that_is_not_right_says_why() {
    let mut checked = 0;
    for extras in [false, true] {
        let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), extras);
        let mut silent = Vec::new();
        for card in 0..deck.cards.len() {
            let own = &deck.cards[card].answer;
            let next = &deck.cards[(card + 1) % deck.cards.len()].answer;
            let ports = deck.row_of(&deck.cards[card]).ports.to_string();
            let shortened: String = own.chars().take(own.chars().count().saturating_sub(1)).collect();
            let answers = [
                String::new(),
                "nonsense".to_string(),
                "zzz 99".to_string(),
                "12345".to_string(),
                "tcp".to_string(),
                "both".to_string(),
                "clear text".to_string(),
                "encrypted".to_string(),
                "80".to_string(),
                ports.clone(),
                format!("{own} {next}"),
                next.clone(),
                shortened,
                format!("{own} 1"),
                format!("http {ports}"),
                "ssh (telnet)".to_string(),
                own.split(' ').next().unwrap_or_default().to_string(),
            ];
            for typed in &answers {
                let verdict = deck.check(card, typed);
                if verdict.judgement == Judgement::Correct {
                    continue;
                }
                checked += 1;
                let why = verdict.explanation(typed).unwrap_or_default();
                if why.trim().is_empty() {
                    silent.push(format!("{} {typed:?}: {verdict:?}", deck.cards[card].id));
                }
            }
        }
        assert!(silent.is_empty(), "extras {extras}: {} without a reason:\n{}", silent.len(), silent.join("\n"));
    }
    assert!(checked > 5_000, "only {checked} verdicts checked");
}

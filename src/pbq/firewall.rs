//! The firewall task: a small network (the internet, a screened subnet with one or two
//! servers, an internal network with the admin workstation), requirements in the
//! exam's words, and a rule table the learner fills. The rules are evaluated in order,
//! first match wins, with an implicit deny after the last; each requirement is scored by
//! probe packets that it says must pass or must not, so that a rule allowing too much
//! fails a requirement even where the traffic it needs gets through.

use std::fmt;
use std::net::Ipv4Addr;

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};

use crate::ports::PortSpec;

/// A protocol as a rule names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    Tcp,
    Udp,
    Both,
}

impl Protocol {
    pub const ALL: [Protocol; 3] = [Protocol::Tcp, Protocol::Udp, Protocol::Both];

    fn covers(self, transport: Wire) -> bool {
        matches!((self, transport), (Protocol::Both, _) | (Protocol::Tcp, Wire::Tcp) | (Protocol::Udp, Wire::Udp))
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Both => "TCP/UDP",
        })
    }
}

/// What one packet travels on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wire {
    Tcp,
    Udp,
}

impl fmt::Display for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Wire::Tcp => "TCP",
            Wire::Udp => "UDP",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Allow,
    Deny,
}

impl Action {
    pub fn flipped(self) -> Action {
        match self {
            Action::Allow => Action::Deny,
            Action::Deny => Action::Allow,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Allow => "allow",
            Action::Deny => "deny",
        })
    }
}

/// A source or destination a rule can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Any,
    Internet,
    ScreenedSubnet,
    Internal,
    AdminWorkstation,
    /// One of the task's servers, by its place in [`FirewallTask::servers`].
    Server(usize),
}

/// A machine a probe packet comes from or goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Host {
    /// Somebody on the internet.
    Outsider,
    /// A staff computer on the internal network.
    StaffPc,
    AdminWorkstation,
    Server(usize),
}

impl Place {
    fn holds(self, host: Host) -> bool {
        match self {
            Place::Any => true,
            Place::Internet => host == Host::Outsider,
            Place::ScreenedSubnet => matches!(host, Host::Server(_)),
            Place::Internal => matches!(host, Host::StaffPc | Host::AdminWorkstation),
            Place::AdminWorkstation => host == Host::AdminWorkstation,
            Place::Server(index) => host == Host::Server(index),
        }
    }
}

/// The ports a rule names: any, or a set ("443", "989-990", "500, 4500").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ports {
    Any,
    Set(PortSpec),
}

impl Ports {
    /// What the learner types in the port cell: a number, a range, a list, or "any"
    /// (an empty cell is any, as on a real firewall's form).
    pub fn parse(text: &str) -> Result<Ports, String> {
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("any") || text == "*" {
            return Ok(Ports::Any);
        }
        text.parse().map(Ports::Set).map_err(|error| format!("\"{text}\": {error}"))
    }

    fn covers(&self, port: u16) -> bool {
        match self {
            Ports::Any => true,
            Ports::Set(ports) => ports.contains(port),
        }
    }
}

impl fmt::Display for Ports {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ports::Any => f.write_str("any"),
            Ports::Set(ports) => write!(f, "{ports}"),
        }
    }
}

/// One line of the rule table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rule {
    pub source: Place,
    pub destination: Place,
    pub protocol: Protocol,
    pub ports: Ports,
    pub action: Action,
}

impl Rule {
    fn matches(&self, packet: &Packet) -> bool {
        self.source.holds(packet.from)
            && self.destination.holds(packet.to)
            && self.protocol.covers(packet.wire)
            && self.ports.covers(packet.port)
    }
}

/// A packet the scorer sends through the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet {
    pub from: Host,
    pub to: Host,
    pub wire: Wire,
    pub port: u16,
}

/// Which rule decided a packet: a rule of the table (0-based) or the implicit deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecidedBy {
    Rule(usize),
    ImplicitDeny,
}

/// First match wins; nothing matching is denied.
pub fn decide(rules: &[Rule], packet: &Packet) -> (Action, DecidedBy) {
    rules
        .iter()
        .position(|rule| rule.matches(packet))
        .map_or((Action::Deny, DecidedBy::ImplicitDeny), |index| (rules[index].action, DecidedBy::Rule(index)))
}

/// What a server in the screened subnet is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    WebShop,
    MailRelay,
    PublicDns,
    FileDrop,
    VpnGateway,
}

/// A service a role offers: its wire, ports, and name as the requirement says it.
struct Offered {
    wire: Wire,
    ports: &'static str,
    name: &'static str,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::WebShop, Role::MailRelay, Role::PublicDns, Role::FileDrop, Role::VpnGateway];

    pub fn server_name(self) -> &'static str {
        match self {
            Role::WebShop => "web shop",
            Role::MailRelay => "mail server",
            Role::PublicDns => "DNS server",
            Role::FileDrop => "file server",
            Role::VpnGateway => "VPN gateway",
        }
    }

    fn offered(self) -> Vec<Offered> {
        let offer = |wire, ports, name| Offered { wire, ports, name };
        match self {
            Role::WebShop => vec![offer(Wire::Tcp, "443", "HTTPS")],
            Role::MailRelay => vec![offer(Wire::Tcp, "25", "SMTP")],
            Role::PublicDns => {
                vec![offer(Wire::Udp, "53", "DNS"), offer(Wire::Tcp, "53", "DNS (zone transfers and large answers)")]
            }
            Role::FileDrop => vec![offer(Wire::Tcp, "989-990", "FTPS")],
            Role::VpnGateway => vec![offer(Wire::Udp, "500", "IKE"), offer(Wire::Udp, "4500", "IPsec NAT traversal")],
        }
    }

    /// The clear-text or legacy ports a learner might open instead, which must stay shut.
    fn tempting(self) -> Vec<(Wire, u16, &'static str)> {
        match self {
            Role::WebShop => vec![(Wire::Tcp, 80, "HTTP, clear text")],
            Role::MailRelay => vec![(Wire::Tcp, 110, "POP3"), (Wire::Tcp, 143, "IMAP")],
            Role::PublicDns => vec![(Wire::Udp, 69, "TFTP")],
            Role::FileDrop => vec![(Wire::Tcp, 21, "FTP, clear text"), (Wire::Tcp, 20, "FTP data")],
            Role::VpnGateway => vec![(Wire::Tcp, 1723, "PPTP, broken encryption")],
        }
    }

    /// The requirement as the exam words it, in a few wordings.
    fn wordings(self) -> [&'static str; 2] {
        match self {
            Role::WebShop => [
                "Customers on the internet must reach the web shop securely.",
                "The web shop must be reachable from the internet over an encrypted connection only.",
            ],
            Role::MailRelay => [
                "Mail from the internet must be delivered to the mail server.",
                "Other mail servers on the internet must be able to deliver mail to the mail server.",
            ],
            Role::PublicDns => [
                "The DNS server must answer queries from the internet, including large answers.",
                "Anyone on the internet must be able to resolve the company's names with its DNS server.",
            ],
            Role::FileDrop => [
                "Partners must upload files to the file server over implicit FTPS.",
                "The file server must accept FTP over implicit TLS from the internet, and nothing in clear text.",
            ],
            Role::VpnGateway => [
                "Remote staff must reach the VPN gateway with IPsec, also from behind NAT.",
                "The VPN gateway must accept IPsec key exchange from the internet, including NAT traversal.",
            ],
        }
    }
}

/// How the servers are managed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Management {
    Ssh,
    Rdp,
}

impl Management {
    fn port(self) -> u16 {
        match self {
            Management::Ssh => 22,
            Management::Rdp => 3389,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Management::Ssh => "SSH",
            Management::Rdp => "RDP",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Server {
    pub role: Role,
    pub address: Ipv4Addr,
}

/// A probe and what the requirement says must happen to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub packet: Packet,
    pub must: Action,
}

/// One requirement: the exam's sentence, its probes, and the rule that meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub text: String,
    pub probes: Vec<Probe>,
    /// What a right answer does, for the explanation ("allow internet → web shop,
    /// TCP 443 (HTTPS)").
    pub needs: String,
}

/// A generated task: the network, the requirements, and a reference answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirewallTask {
    pub servers: Vec<Server>,
    pub management: Management,
    pub screened_subnet: String,
    pub internal_network: String,
    pub admin_address: Ipv4Addr,
    pub requirements: Vec<Requirement>,
    pub reference: Vec<Rule>,
}

/// Address plans a task draws from: (screened subnet's first three octets, internal's).
const ADDRESS_PLANS: [([u8; 3], [u8; 3]); 4] = [
    ([172, 16, 10], [10, 0, 5]),
    ([192, 168, 50], [192, 168, 10]),
    ([10, 20, 0], [10, 10, 0]),
    ([203, 0, 113], [172, 20, 1]),
];

impl FirewallTask {
    /// A new task: one or two servers with distinct roles, SSH or RDP management, and
    /// sometimes staff who use a server too.
    pub fn generate(rng: &mut impl Rng) -> FirewallTask {
        let mut roles = Role::ALL.to_vec();
        roles.shuffle(rng);
        roles.truncate(rng.random_range(1..=2));
        let (dmz, lan) = *ADDRESS_PLANS.choose(rng).expect("address plans");
        let servers: Vec<Server> = roles
            .iter()
            .enumerate()
            .map(|(index, &role)| Server {
                role,
                address: Ipv4Addr::new(dmz[0], dmz[1], dmz[2], 10 + index as u8 * 10),
            })
            .collect();
        let management = if rng.random_bool(0.5) { Management::Ssh } else { Management::Rdp };
        let admin_address = Ipv4Addr::new(lan[0], lan[1], lan[2], rng.random_range(20..60));
        let staff_use_web = roles.contains(&Role::WebShop) && rng.random_bool(0.5);
        let mut task = FirewallTask {
            servers,
            management,
            screened_subnet: format!("{}.{}.{}.0/24", dmz[0], dmz[1], dmz[2]),
            internal_network: format!("{}.{}.{}.0/24", lan[0], lan[1], lan[2]),
            admin_address,
            requirements: Vec::new(),
            reference: Vec::new(),
        };
        let wording = rng.random_range(0..2);
        for index in 0..task.servers.len() {
            task.add_service_requirement(index, wording);
        }
        task.add_management_requirement();
        if staff_use_web {
            task.add_staff_requirement();
        }
        task.add_nothing_else_requirement();
        task
    }

    /// The port the servers are managed on (22 for SSH, 3389 for RDP).
    pub fn management_port(&self) -> u16 {
        self.management.port()
    }

    pub fn place_label(&self, place: Place) -> String {
        match place {
            Place::Any => "any".to_string(),
            Place::Internet => "internet".to_string(),
            Place::ScreenedSubnet => format!("screened subnet {}", self.screened_subnet),
            Place::Internal => format!("internal network {}", self.internal_network),
            Place::AdminWorkstation => format!("admin workstation {}", self.admin_address),
            Place::Server(index) => {
                format!("{} {}", self.servers[index].role.server_name(), self.servers[index].address)
            }
        }
    }

    /// Every place a rule can name, in the order the table offers them.
    pub fn places(&self) -> Vec<Place> {
        let mut places = vec![Place::Any, Place::Internet, Place::ScreenedSubnet];
        places.extend((0..self.servers.len()).map(Place::Server));
        places.extend([Place::Internal, Place::AdminWorkstation]);
        places
    }

    fn host_label(&self, host: Host) -> String {
        match host {
            Host::Outsider => "the internet".to_string(),
            Host::StaffPc => "a staff computer".to_string(),
            Host::AdminWorkstation => "the admin workstation".to_string(),
            Host::Server(index) => format!("the {}", self.servers[index].role.server_name()),
        }
    }

    /// "the internet → the web shop, TCP 443".
    pub fn packet_label(&self, packet: &Packet) -> String {
        format!("{} → {}, {} {}", self.host_label(packet.from), self.host_label(packet.to), packet.wire, packet.port)
    }

    fn add_service_requirement(&mut self, index: usize, wording: usize) {
        let role = self.servers[index].role;
        let mut probes = Vec::new();
        let mut needs = Vec::new();
        for offered in role.offered() {
            let ports: PortSpec = offered.ports.parse().expect("a role's ports");
            for port in ports.ports() {
                probes.push(Probe {
                    packet: Packet { from: Host::Outsider, to: Host::Server(index), wire: offered.wire, port },
                    must: Action::Allow,
                });
            }
            needs.push(format!("{} {} ({})", offered.wire, ports, offered.name));
            self.reference.push(Rule {
                source: Place::Internet,
                destination: Place::Server(index),
                protocol: if offered.wire == Wire::Tcp { Protocol::Tcp } else { Protocol::Udp },
                ports: Ports::Set(ports),
                action: Action::Allow,
            });
        }
        for (wire, port, _) in role.tempting() {
            probes.push(Probe {
                packet: Packet { from: Host::Outsider, to: Host::Server(index), wire, port },
                must: Action::Deny,
            });
        }
        let tempting: Vec<String> =
            role.tempting().iter().map(|(wire, port, name)| format!("{wire} {port} ({name})")).collect();
        self.requirements.push(Requirement {
            text: role.wordings()[wording].to_string(),
            probes,
            needs: format!(
                "allow internet → {}: {}; and no more: {} {} shut",
                self.place_label(Place::Server(index)),
                needs.join(", "),
                tempting.join(", "),
                if tempting.len() == 1 { "stays" } else { "stay" }
            ),
        });
    }

    fn add_management_requirement(&mut self) {
        let port = self.management.port();
        let mut probes = Vec::new();
        for index in 0..self.servers.len() {
            let to = Host::Server(index);
            probes.push(Probe {
                packet: Packet { from: Host::AdminWorkstation, to, wire: Wire::Tcp, port },
                must: Action::Allow,
            });
            for from in [Host::StaffPc, Host::Outsider] {
                probes.push(Probe { packet: Packet { from, to, wire: Wire::Tcp, port }, must: Action::Deny });
            }
        }
        let servers = if self.servers.len() == 1 { "the server" } else { "the servers" };
        self.requirements.push(Requirement {
            text: format!("Only the admin workstation may manage {servers}, with {}.", self.management.name()),
            probes,
            needs: format!(
                "allow admin workstation {} → screened subnet, TCP {port} ({}); staff computers and the internet are denied it",
                self.admin_address,
                self.management.name()
            ),
        });
        self.reference.push(Rule {
            source: Place::AdminWorkstation,
            destination: Place::ScreenedSubnet,
            protocol: Protocol::Tcp,
            ports: Ports::Set(PortSpec::single(port)),
            action: Action::Allow,
        });
    }

    fn add_staff_requirement(&mut self) {
        let web = self.servers.iter().position(|server| server.role == Role::WebShop).expect("a web shop");
        let to = Host::Server(web);
        self.requirements.push(Requirement {
            text: "Staff on the internal network must reach the web shop too.".to_string(),
            probes: vec![
                Probe { packet: Packet { from: Host::StaffPc, to, wire: Wire::Tcp, port: 443 }, must: Action::Allow },
                Probe { packet: Packet { from: Host::StaffPc, to, wire: Wire::Tcp, port: 80 }, must: Action::Deny },
            ],
            needs: format!("allow internal network → {}, TCP 443", self.place_label(Place::Server(web))),
        });
        self.reference.push(Rule {
            source: Place::Internal,
            destination: Place::Server(web),
            protocol: Protocol::Tcp,
            ports: Ports::Set(PortSpec::single(443)),
            action: Action::Allow,
        });
    }

    /// Nothing from the internet reaches the internal network, nothing else reaches the
    /// servers, and a server taken over cannot reach the internal network.
    fn add_nothing_else_requirement(&mut self) {
        let mut probes = Vec::new();
        let deny = |from, to, wire, port| Probe { packet: Packet { from, to, wire, port }, must: Action::Deny };
        for (wire, port) in [(Wire::Tcp, 445), (Wire::Tcp, 3389), (Wire::Tcp, 22), (Wire::Tcp, 443), (Wire::Udp, 161)] {
            probes.push(deny(Host::Outsider, Host::StaffPc, wire, port));
            probes.push(deny(Host::Outsider, Host::AdminWorkstation, wire, port));
        }
        for index in 0..self.servers.len() {
            for (wire, port) in
                [(Wire::Tcp, 23), (Wire::Tcp, 3306), (Wire::Tcp, 445), (Wire::Udp, 161), (Wire::Tcp, 8080)]
            {
                probes.push(deny(Host::Outsider, Host::Server(index), wire, port));
            }
            for (wire, port) in [(Wire::Tcp, 445), (Wire::Tcp, 22), (Wire::Tcp, 3389)] {
                probes.push(deny(Host::Server(index), Host::StaffPc, wire, port));
            }
        }
        self.requirements.push(Requirement {
            text: "Nothing else may enter: not the internal network from the internet or from the screened subnet, and no other service of the servers.".to_string(),
            probes,
            needs: "no rule wider than the ones above; end with deny any → any (the implicit deny does the same)".to_string(),
        });
        self.reference.push(Rule {
            source: Place::Any,
            destination: Place::Any,
            protocol: Protocol::Both,
            ports: Ports::Any,
            action: Action::Deny,
        });
    }

    /// Scores a rule table: each requirement met when every one of its probes gets
    /// the verdict the requirement says, with a sentence on what decided the first
    /// that did not.
    pub fn score(&self, rules: &[Rule]) -> Vec<RequirementResult> {
        self.requirements
            .iter()
            .map(|requirement| {
                let failed = requirement.probes.iter().find(|probe| decide(rules, &probe.packet).0 != probe.must);
                let explanation = match failed {
                    None => format!("Met: {}.", capitalised(&requirement.needs)),
                    Some(probe) => format!("{} It needs: {}.", self.why_failed(rules, probe), requirement.needs),
                };
                RequirementResult { text: requirement.text.clone(), met: failed.is_none(), explanation }
            })
            .collect()
    }

    /// Why one probe got the wrong verdict: the rule that decided it, and a later rule
    /// that would have decided it right (the order was wrong).
    fn why_failed(&self, rules: &[Rule], probe: &Probe) -> String {
        let (action, decided) = decide(rules, &probe.packet);
        let what = self.packet_label(&probe.packet);
        let by = match decided {
            DecidedBy::Rule(index) => format!("your rule {} ({})", index + 1, self.rule_label(&rules[index])),
            DecidedBy::ImplicitDeny => "the implicit deny at the end (no rule allows it)".to_string(),
        };
        let verdict = if action == Action::Allow { "let through" } else { "blocked" };
        let too_much = if action == Action::Allow { " That is more than the requirement allows." } else { "" };
        let what = capitalised(&what);
        let later = match decided {
            DecidedBy::Rule(index) => rules
                .iter()
                .enumerate()
                .skip(index + 1)
                .find(|(_, rule)| rule.matches(&probe.packet) && rule.action == probe.must)
                .map(|(later, _)| {
                    format!(
                        " Your rule {} would {} it, but rule {} comes first: order matters.",
                        later + 1,
                        probe.must,
                        index + 1
                    )
                }),
            DecidedBy::ImplicitDeny => None,
        };
        format!("{what}: {verdict} by {by}.{too_much}{}", later.unwrap_or_default())
    }

    /// "allow internet → web shop 172.16.10.10, TCP 443".
    pub fn rule_label(&self, rule: &Rule) -> String {
        format!(
            "{} {} → {}, {} {}",
            rule.action,
            self.place_label(rule.source),
            self.place_label(rule.destination),
            rule.protocol,
            rule.ports
        )
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// How one requirement fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequirementResult {
    pub text: String,
    pub met: bool,
    pub explanation: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn task(seed: u64) -> FirewallTask {
        FirewallTask::generate(&mut StdRng::seed_from_u64(seed))
    }

    fn met(task: &FirewallTask, rules: &[Rule]) -> usize {
        task.score(rules).iter().filter(|result| result.met).count()
    }

    #[test]
    fn the_reference_answer_meets_every_requirement_of_every_task() {
        for seed in 0..500 {
            let task = task(seed);
            let results = task.score(&task.reference);
            assert!(results.iter().all(|result| result.met), "seed {seed}: {results:#?}");
        }
    }

    #[test]
    fn each_reference_rule_flipped_loses_marks() {
        for seed in 0..200 {
            let task = task(seed);
            let full = task.requirements.len();
            for index in 0..task.reference.len() {
                let mut rules = task.reference.clone();
                rules[index].action = rules[index].action.flipped();
                assert!(met(&task, &rules) < full, "seed {seed}: rule {} flipped still meets all", index + 1);
            }
        }
    }

    #[test]
    fn a_table_that_allows_too_much_fails_even_where_the_traffic_passes() {
        let task = task(3);
        // Everything from the internet to the servers: the services pass, but so does
        // the rest.
        let mut rules = vec![Rule {
            source: Place::Internet,
            destination: Place::ScreenedSubnet,
            protocol: Protocol::Both,
            ports: Ports::Any,
            action: Action::Allow,
        }];
        rules.extend(task.reference.iter().cloned());
        let results = task.score(&rules);
        assert!(!results[0].met, "{results:#?}");
        assert!(results[0].explanation.contains("let through by your rule 1"), "{}", results[0].explanation);
        assert!(results[0].explanation.contains("more than the requirement allows"));
    }

    #[test]
    fn the_right_rules_in_the_wrong_order_fail_and_say_so() {
        let task = task(5);
        // The final deny first: it decides everything.
        let mut rules = task.reference.clone();
        let deny = rules.pop().expect("the reference ends with deny");
        rules.insert(0, deny);
        let results = task.score(&rules);
        let failed: Vec<&RequirementResult> = results.iter().filter(|result| !result.met).collect();
        assert!(!failed.is_empty());
        assert!(failed[0].explanation.contains("order matters"), "{}", failed[0].explanation);
        // And only the requirements that need an allow fail: "nothing else" is met.
        assert!(results.last().unwrap().met);
    }

    #[test]
    fn a_missing_deny_before_a_wide_allow_fails_the_management_requirement() {
        // Staff may browse the shop; a learner allows the internal network everything
        // on the servers and so lets every staff computer manage them too.
        let task =
            (0..100).map(task).find(|task| task.requirements.iter().any(|r| r.text.starts_with("Staff"))).unwrap();
        let mut rules: Vec<Rule> =
            task.reference.iter().filter(|rule| rule.source != Place::Internal).cloned().collect();
        rules.insert(
            0,
            Rule {
                source: Place::Internal,
                destination: Place::ScreenedSubnet,
                protocol: Protocol::Tcp,
                ports: Ports::Any,
                action: Action::Allow,
            },
        );
        let results = task.score(&rules);
        let management = results.iter().find(|result| result.text.starts_with("Only the admin")).unwrap();
        assert!(!management.met, "{management:#?}");
        assert!(management.explanation.starts_with("A staff computer"), "{}", management.explanation);
        // With a deny for staff before it, the same table meets it.
        let mut fixed = rules.clone();
        fixed.insert(
            0,
            Rule {
                source: Place::AdminWorkstation,
                destination: Place::ScreenedSubnet,
                protocol: Protocol::Tcp,
                ports: Ports::Set(PortSpec::single(task.management.port())),
                action: Action::Allow,
            },
        );
        fixed.insert(
            1,
            Rule {
                source: Place::Internal,
                destination: Place::ScreenedSubnet,
                protocol: Protocol::Tcp,
                ports: Ports::Set(PortSpec::single(task.management.port())),
                action: Action::Deny,
            },
        );
        let management =
            task.score(&fixed).into_iter().find(|result| result.text.starts_with("Only the admin")).unwrap();
        assert!(management.met, "{management:#?}");
    }

    #[test]
    fn an_empty_table_meets_only_nothing_else() {
        let task = task(9);
        let results = task.score(&[]);
        assert!(results.last().unwrap().met);
        assert!(results[..results.len() - 1].iter().all(|result| !result.met));
        assert!(results[0].explanation.contains("implicit deny"), "{}", results[0].explanation);
    }

    #[test]
    fn ports_parse_as_the_table_cell_takes_them() {
        assert_eq!(Ports::parse(""), Ok(Ports::Any));
        assert_eq!(Ports::parse("any"), Ok(Ports::Any));
        assert_eq!(Ports::parse(" 443 "), Ok(Ports::Set(PortSpec::single(443))));
        assert!(matches!(Ports::parse("989-990"), Ok(Ports::Set(ports)) if ports.port_count() == 2));
        assert!(Ports::parse("https").unwrap_err().contains("https"));
    }
}

//! Which address the class should use: this computer's network adapters, named by
//! kind, with the one on the default route first.
//!
//! Picking automatically often lands on a VPN or a container bridge, which phones
//! on the classroom Wi-Fi cannot reach, so the teacher picks from this list.

use std::net::{IpAddr, Ipv4Addr, UdpSocket};

/// What an adapter probably is, from its name and address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdapterKind {
    /// Wi-Fi or Ethernet: what the class can reach.
    Network,
    Vpn,
    /// Docker, Podman, libvirt, WSL and other virtual bridges.
    Container,
    /// This computer only (for trying the page on the same machine).
    Loopback,
}

impl AdapterKind {
    pub fn label(self) -> &'static str {
        match self {
            AdapterKind::Network => "network",
            AdapterKind::Vpn => "VPN: phones cannot reach it",
            AdapterKind::Container => "container/virtual: phones cannot reach it",
            AdapterKind::Loopback => "this computer only",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adapter {
    pub name: String,
    pub ip: Ipv4Addr,
    pub kind: AdapterKind,
    /// The adapter the default route leaves by (the usual choice).
    pub default_route: bool,
}

impl Adapter {
    /// "wlp2s0 192.168.1.20 (network, default route)".
    pub fn describe(&self) -> String {
        let route = if self.default_route { ", default route" } else { "" };
        format!("{} {} ({}{route})", self.name, self.ip, self.kind.label())
    }
}

/// What an adapter's name and address say it is.
pub fn classify(name: &str, ip: Ipv4Addr) -> AdapterKind {
    let name = name.to_ascii_lowercase();
    const VPN: &[&str] =
        &["tun", "tap", "wg", "utun", "ppp", "ipsec", "tailscale", "zt", "nordlynx", "proton", "vpn", "openvpn"];
    const CONTAINER: &[&str] =
        &["docker", "br-", "veth", "virbr", "vbox", "vmnet", "podman", "cni", "flannel", "lxc", "lxd", "vethernet"];
    if ip.is_loopback() {
        AdapterKind::Loopback
    } else if VPN.iter().any(|prefix| name.starts_with(prefix)) || name.contains("vpn") {
        AdapterKind::Vpn
    } else if CONTAINER.iter().any(|prefix| name.starts_with(prefix)) || name.contains("wsl") {
        AdapterKind::Container
    } else if ip.octets()[0] == 100 && (64..128).contains(&ip.octets()[1]) {
        // 100.64.0.0/10: carrier-grade NAT, as Tailscale and similar VPNs number themselves.
        AdapterKind::Vpn
    } else {
        AdapterKind::Network
    }
}

/// The local address the default route uses: a UDP socket "connected" to a
/// documentation address (nothing is sent) says which one the system would pick.
fn default_route_address() -> Option<Ipv4Addr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).ok()?;
    match socket.local_addr().ok()?.ip() {
        IpAddr::V4(ip) if !ip.is_unspecified() => Some(ip),
        _ => None,
    }
}

/// This computer's IPv4 adapters: the default route's first, then the networks,
/// then VPNs and containers, and this computer only last.
pub fn adapters() -> Vec<Adapter> {
    let default = default_route_address();
    let mut adapters: Vec<Adapter> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|interface| match interface.ip() {
            IpAddr::V4(ip) if !ip.is_link_local() => Some(Adapter {
                kind: classify(&interface.name, ip),
                default_route: Some(ip) == default,
                name: interface.name,
                ip,
            }),
            _ => None,
        })
        .collect();
    order(&mut adapters);
    if !adapters.iter().any(|adapter| adapter.kind == AdapterKind::Loopback) {
        adapters.push(Adapter {
            name: "loopback".into(),
            ip: Ipv4Addr::LOCALHOST,
            kind: AdapterKind::Loopback,
            default_route: false,
        });
    }
    adapters
}

fn order(adapters: &mut [Adapter]) {
    let rank = |adapter: &Adapter| {
        let kind = match adapter.kind {
            AdapterKind::Network => 0,
            AdapterKind::Vpn => 1,
            AdapterKind::Container => 2,
            AdapterKind::Loopback => 3,
        };
        // A VPN can hold the default route; a reachable network still comes first.
        (kind, !adapter.default_route)
    };
    adapters.sort_by_key(|adapter| rank(adapter));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adapters_are_named_by_kind() {
        let lan = Ipv4Addr::new(192, 168, 1, 20);
        assert_eq!(classify("wlp2s0", lan), AdapterKind::Network);
        assert_eq!(classify("eth0", lan), AdapterKind::Network);
        assert_eq!(classify("Wi-Fi", lan), AdapterKind::Network);
        assert_eq!(classify("docker0", Ipv4Addr::new(172, 17, 0, 1)), AdapterKind::Container);
        assert_eq!(classify("br-3f2a", Ipv4Addr::new(172, 18, 0, 1)), AdapterKind::Container);
        assert_eq!(classify("vEthernet (WSL)", Ipv4Addr::new(172, 29, 0, 1)), AdapterKind::Container);
        assert_eq!(classify("tun0", Ipv4Addr::new(10, 8, 0, 2)), AdapterKind::Vpn);
        assert_eq!(classify("wg0", Ipv4Addr::new(10, 6, 0, 2)), AdapterKind::Vpn);
        assert_eq!(classify("tailscale0", Ipv4Addr::new(100, 101, 2, 3)), AdapterKind::Vpn);
        assert_eq!(classify("en0", Ipv4Addr::new(100, 101, 2, 3)), AdapterKind::Vpn);
        assert_eq!(classify("lo", Ipv4Addr::LOCALHOST), AdapterKind::Loopback);
    }

    #[test]
    fn a_reachable_network_comes_before_a_vpn_on_the_default_route() {
        let adapter = |name: &str, kind, default_route| Adapter {
            name: name.into(),
            ip: Ipv4Addr::new(10, 0, 0, 1),
            kind,
            default_route,
        };
        let mut adapters = vec![
            adapter("lo", AdapterKind::Loopback, false),
            adapter("docker0", AdapterKind::Container, false),
            adapter("tun0", AdapterKind::Vpn, true),
            adapter("eth1", AdapterKind::Network, false),
            adapter("wlan0", AdapterKind::Network, true),
        ];
        order(&mut adapters);
        let names: Vec<&str> = adapters.iter().map(|adapter| adapter.name.as_str()).collect();
        assert_eq!(names, ["wlan0", "eth1", "tun0", "docker0", "lo"]);
    }

    #[test]
    fn this_machine_lists_at_least_loopback() {
        assert!(adapters().iter().any(|adapter| adapter.kind == AdapterKind::Loopback));
    }
}

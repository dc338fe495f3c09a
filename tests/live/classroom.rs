//! A classroom network on one machine, for the live round's test and load run: the
//! teacher's computer, a switch, and a Wi-Fi router that puts every phone behind one
//! address (NAT), each in a network namespace of its own; the phones' side of the
//! router's link delays what the phones send and loses some of it, as a crowded
//! classroom Wi-Fi does. The phones themselves are in tests/live/phones.rs.
//!
//! ```text
//! teacher (eth0 10.77.0.1) ── switch (bridge) ── router (10.77.0.2 │ NAT │ 192.168.50.1) ── phones (192.168.50.2)
//! ```
//!
//! Needs root, iproute2 and iptables (CI runs as root and installs both). The delay is
//! made in the kernel's packet path by a netfilter queue that holds each packet the
//! phones send for the delay: `tc netem` would do it, but this machine's kernel has
//! no netem (CONFIG_NET_SCH_NETEM is off), while NFQUEUE and the `statistic` match,
//! which drops the lost packets, are built in.

use std::collections::{BTreeSet, VecDeque};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TEACHER_IP: Ipv4Addr = Ipv4Addr::new(10, 77, 0, 1);
/// The one address every phone shares, as the teacher's computer sees them.
pub const ROUTER_IP: Ipv4Addr = Ipv4Addr::new(10, 77, 0, 2);
const QUEUE: u16 = 77;

/// The network conditions on the phones' side.
#[derive(Debug, Clone, Copy)]
pub struct Conditions {
    pub delay: Duration,
    /// Of every packet a phone sends, this share is lost.
    pub loss: f64,
}

/// The namespaces and the delay worker; dropping it takes the whole network down.
pub struct Classroom {
    prefix: String,
    pub conditions: Conditions,
    stop: Arc<AtomicBool>,
    delayed: Arc<Mutex<u64>>,
    worker: Option<std::thread::JoinHandle<()>>,
}

fn run(args: &[&str]) -> Result<(), String> {
    let output = Command::new(args[0]).args(&args[1..]).output().map_err(|error| format!("{}: {error}", args[0]))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()))
    }
}

/// One machine of the classroom.
#[derive(Debug, Clone)]
pub struct Namespace(String);

impl Namespace {
    /// Moves the calling thread here: the sockets it opens from then on (and the
    /// threads it starts) are on this machine of the classroom.
    pub fn enter(&self) -> Result<(), String> {
        let path = format!("/var/run/netns/{}", self.0);
        let file = std::fs::File::open(&path).map_err(|error| format!("{path}: {error}"))?;
        nix::sched::setns(file, nix::sched::CloneFlags::CLONE_NEWNET).map_err(|error| format!("setns {path}: {error}"))
    }
}

/// Namespaces an earlier run left behind (it was killed before it could clean up).
fn remove_stale_namespaces() {
    let Ok(output) = Command::new("ip").args(["netns", "list"]).output() else { return };
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Some(name) = line.split_whitespace().next() else { continue };
        let Some(pid) = name.strip_prefix("pc").and_then(|rest| rest.split('-').next()) else { continue };
        let alive = std::path::Path::new(&format!("/proc/{pid}")).exists();
        if pid.chars().all(|c| c.is_ascii_digit()) && !alive {
            let _ = run(&["ip", "netns", "del", name]);
        }
    }
}

impl Classroom {
    /// Builds the network. Fails with what is missing (root, `ip`, `iptables`).
    pub fn build(conditions: Conditions) -> Result<Classroom, String> {
        remove_stale_namespaces();
        let prefix = format!("pc{}", std::process::id());
        let mut classroom = Classroom {
            prefix,
            conditions,
            stop: Arc::new(AtomicBool::new(false)),
            delayed: Arc::new(Mutex::new(0)),
            worker: None,
        };
        classroom.wire()?;
        classroom.start_delay()?;
        Ok(classroom)
    }

    fn namespace(&self, role: &str) -> String {
        format!("{}-{role}", self.prefix)
    }

    fn wire(&self) -> Result<(), String> {
        let [teacher, switch, router, phones] =
            ["teacher", "switch", "router", "phones"].map(|role| self.namespace(role));
        for namespace in [&teacher, &switch, &router, &phones] {
            run(&["ip", "netns", "add", namespace])?;
        }
        let ip_in = |namespace: &str, args: &[&str]| {
            let mut all = vec!["ip", "-n", namespace];
            all.extend_from_slice(args);
            run(&all)
        };
        ip_in(&switch, &["link", "add", "br0", "type", "bridge"])?;
        ip_in(&switch, &["link", "set", "br0", "up"])?;
        // Cables: the teacher and the router to the switch; the phones to the router.
        run(&[
            "ip", "link", "add", "eth0", "netns", &teacher, "type", "veth", "peer", "name", "port1", "netns", &switch,
        ])?;
        run(&[
            "ip", "link", "add", "uplink", "netns", &router, "type", "veth", "peer", "name", "port2", "netns", &switch,
        ])?;
        run(&[
            "ip", "link", "add", "wlan0", "netns", &phones, "type", "veth", "peer", "name", "wifi", "netns", &router,
        ])?;
        for port in ["port1", "port2"] {
            ip_in(&switch, &["link", "set", port, "master", "br0", "up"])?;
        }
        ip_in(&teacher, &["addr", "add", &format!("{TEACHER_IP}/24"), "dev", "eth0"])?;
        ip_in(&router, &["addr", "add", &format!("{ROUTER_IP}/24"), "dev", "uplink"])?;
        ip_in(&router, &["addr", "add", "192.168.50.1/24", "dev", "wifi"])?;
        ip_in(&phones, &["addr", "add", "192.168.50.2/24", "dev", "wlan0"])?;
        for (namespace, device) in [(&teacher, "eth0"), (&router, "uplink"), (&router, "wifi"), (&phones, "wlan0")] {
            ip_in(namespace, &["link", "set", device, "up"])?;
        }
        for namespace in [&teacher, &phones] {
            ip_in(namespace, &["link", "set", "lo", "up"])?;
        }
        ip_in(&phones, &["route", "add", "default", "via", "192.168.50.1"])?;
        run(&["ip", "netns", "exec", &router, "sysctl", "-qw", "net.ipv4.ip_forward=1"])?;
        let iptables = |namespace: &str, args: &[&str]| {
            let mut all = vec!["ip", "netns", "exec", namespace, "iptables"];
            all.extend_from_slice(args);
            run(&all)
        };
        iptables(&router, &["-t", "nat", "-A", "POSTROUTING", "-o", "uplink", "-j", "MASQUERADE"])?;
        // What the phones send: some lost, the rest held for the delay.
        let probability = format!("{}", self.conditions.loss);
        iptables(
            &phones,
            &[
                "-A",
                "OUTPUT",
                "-o",
                "wlan0",
                "-m",
                "statistic",
                "--mode",
                "random",
                "--probability",
                &probability,
                "-j",
                "DROP",
            ],
        )?;
        iptables(&phones, &["-A", "OUTPUT", "-o", "wlan0", "-j", "NFQUEUE", "--queue-num", &QUEUE.to_string()])?;
        Ok(())
    }

    /// The teacher's computer, to move a thread into.
    pub fn teacher(&self) -> Namespace {
        Namespace(self.namespace("teacher"))
    }

    /// The phones' side of the Wi-Fi, to move a thread into.
    pub fn phones(&self) -> Namespace {
        Namespace(self.namespace("phones"))
    }

    /// The worker that holds each packet the phones send for the delay, in order.
    fn start_delay(&mut self) -> Result<(), String> {
        let (ready_sender, ready) = std::sync::mpsc::channel::<Result<(), String>>();
        let phones = self.phones();
        let (stop, delayed, delay) = (Arc::clone(&self.stop), Arc::clone(&self.delayed), self.conditions.delay);
        self.worker = Some(std::thread::spawn(move || {
            let opened = (|| -> Result<nfq::Queue, String> {
                phones.enter()?;
                let mut queue = nfq::Queue::open().map_err(|error| format!("netfilter queue: {error}"))?;
                queue.bind(QUEUE).map_err(|error| format!("netfilter queue: {error}"))?;
                queue.set_queue_max_len(QUEUE, 65_535).map_err(|error| error.to_string())?;
                queue.set_nonblocking(true);
                Ok(queue)
            })();
            let mut queue = match opened {
                Ok(queue) => {
                    let _ = ready_sender.send(Ok(()));
                    queue
                }
                Err(error) => {
                    let _ = ready_sender.send(Err(error));
                    return;
                }
            };
            let mut held: VecDeque<(Instant, nfq::Message)> = VecDeque::new();
            while !stop.load(Ordering::Relaxed) {
                loop {
                    match queue.recv() {
                        Ok(mut message) => {
                            message.set_verdict(nfq::Verdict::Accept);
                            held.push_back((Instant::now() + delay, message));
                        }
                        Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => break,
                        Err(error) => panic!("the delay queue failed: {error}"),
                    }
                }
                while held.front().is_some_and(|(due, _)| *due <= Instant::now()) {
                    let (_, message) = held.pop_front().expect("a packet is due");
                    queue.verdict(message).expect("a packet let through");
                    *delayed.lock().unwrap() += 1;
                }
                std::thread::sleep(Duration::from_micros(500));
            }
        }));
        ready.recv().map_err(|_| "the delay worker stopped".to_string())?
    }

    /// Packets the phones sent that went through the delay.
    pub fn packets_delayed(&self) -> u64 {
        *self.delayed.lock().unwrap()
    }

    /// Packets the phones' link lost on purpose.
    pub fn packets_lost(&self) -> u64 {
        let output = Command::new("ip")
            .args(["netns", "exec", &self.namespace("phones"), "iptables", "-L", "OUTPUT", "-v", "-n", "-x"])
            .output()
            .expect("iptables");
        let text = String::from_utf8_lossy(&output.stdout);
        text.lines()
            .find(|line| line.contains("DROP") && line.contains("statistic"))
            .and_then(|line| line.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }

    /// The addresses of the connections the teacher's computer holds to `port`.
    pub fn teacher_peers(&self, port: u16) -> BTreeSet<IpAddr> {
        let output = Command::new("ip")
            .args(["netns", "exec", &self.namespace("teacher"), "ss", "-tnH", "state", "established"])
            .output()
            .expect("ss");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let local: SocketAddr = fields.get(fields.len().checked_sub(2)?)?.parse().ok()?;
                let peer: SocketAddr = fields.last()?.parse().ok()?;
                (local.port() == port).then_some(peer.ip())
            })
            .collect()
    }
}

impl Drop for Classroom {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
        // Deleting a namespace takes its cables and rules with it.
        for role in ["phones", "router", "switch", "teacher"] {
            let _ = run(&["ip", "netns", "del", &self.namespace(role)]);
        }
    }
}

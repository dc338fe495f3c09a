//! The live round on the desk: starting the server on the address the teacher
//! picked, moving the round on, removing a player, the CSV, and a drill of what the
//! class missed. Nothing here touches anyone's study progress.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::{Desk, DrillIntent, Effect, Screen};
use crate::deck::Deck;
use crate::live::journal::{Journal, RoundRecord};
use crate::live::network::{self, Adapter};
use crate::live::round::{PlayerId, Round, RoundSetup};
use crate::live::server::{LiveServer, Now, ServerOptions, Waker};
use crate::live::{LivePool, PREFERRED_PORT, join_address};

#[derive(Debug, Clone, PartialEq)]
pub enum LiveIntent {
    /// Make a round and serve it on this address (port [`PREFERRED_PORT`] when free).
    Start {
        setup: RoundSetup,
        ip: IpAddr,
    },
    /// The next question (from the lobby or a reveal); after the last, the podium.
    Next,
    /// Show the answer now, before the time is up.
    Reveal,
    /// End the round: the server stops, the podium and the results stay.
    End,
    Remove(PlayerId),
    /// Write every student's answer to every question to this file (CSV).
    ExportCsv(std::path::PathBuf),
    /// Write the last round's results, from its journal, to this file (CSV).
    ExportLastRound(std::path::PathBuf),
    /// A drill of the ports the class missed most.
    DrillMisses,
    /// Forget the round (after its end) and set up another.
    Close,
    /// List this computer's network adapters again (a cable plugged in, Wi-Fi joined).
    FindAdapters,
}

impl From<LiveIntent> for super::Intent {
    fn from(intent: LiveIntent) -> super::Intent {
        super::Intent::Live(intent)
    }
}

/// A round being played, or over with its results kept.
pub struct LiveHost {
    hosting: Hosting,
    /// When the server saw the round end; it stops [`END_GRACE_SECONDS`] later.
    ended_at: Option<chrono::DateTime<chrono::Utc>>,
    deck: Deck,
    pub join_url: String,
    pub address: SocketAddr,
}

impl std::fmt::Debug for LiveHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveHost").field("join_url", &self.join_url).finish_non_exhaustive()
    }
}

/// How long the server keeps answering after the round ends: every phone, on a
/// socket or polling, hears the end and shows its final score and rank; then the
/// server stops and its port is free.
pub const END_GRACE_SECONDS: i64 = 30;

/// The server while phones can play; the round as it ended once it has stopped.
enum Hosting {
    Serving(LiveServer),
    Ended(Round),
}

impl LiveHost {
    /// Reads the round, running or ended.
    pub fn round<R>(&self, read: impl FnOnce(&Round) -> R) -> R {
        match &self.hosting {
            Hosting::Serving(server) => server.round(read),
            Hosting::Ended(round) => read(round),
        }
    }

    /// The deck the round's questions come from (with the exam kinds when asked).
    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    /// Whether phones can still reach it.
    pub fn is_serving(&self) -> bool {
        matches!(self.hosting, Hosting::Serving(_))
    }

    /// A question or the lobby is on: the window is the projector.
    pub fn is_playing(&self) -> bool {
        self.is_serving() && self.round(|round| round.phase() != crate::live::round::Phase::Ended)
    }

    /// Whether the round has been over for the grace period while the server still
    /// runs (the end is noted the first time it is seen).
    fn over_for_long_enough(&mut self, now: chrono::DateTime<chrono::Utc>) -> bool {
        let Hosting::Serving(server) = &self.hosting else { return false };
        if server.round(|round| round.phase()) != crate::live::round::Phase::Ended {
            return false;
        }
        let ended_at = *self.ended_at.get_or_insert(now);
        now - ended_at >= chrono::Duration::seconds(END_GRACE_SECONDS)
    }

    /// When the server stops, if the round is over and it still runs.
    pub fn stops_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.is_serving().then_some(self.ended_at?).map(|ended| ended + chrono::Duration::seconds(END_GRACE_SECONDS))
    }

    fn server(&self) -> Option<&LiveServer> {
        match &self.hosting {
            Hosting::Serving(server) => Some(server),
            Hosting::Ended(_) => None,
        }
    }
}

/// Where the live server's time and wake-ups come from, where this computer's network
/// adapters are found, and the ones found last.
#[derive(Clone)]
pub(super) struct LiveHooks {
    pub now: Now,
    pub waker: Waker,
    pub find_adapters: AdapterFinder,
    pub adapters: Vec<Adapter>,
}

/// Lists this computer's network adapters (tests hand in their own).
pub type AdapterFinder = Arc<dyn Fn() -> Vec<Adapter> + Send + Sync>;

impl Default for LiveHooks {
    fn default() -> Self {
        LiveHooks {
            now: Arc::new(chrono::Utc::now),
            waker: Arc::new(|| {}),
            find_adapters: Arc::new(network::adapters),
            adapters: Vec::new(),
        }
    }
}

impl Desk {
    pub fn live(&self) -> Option<&LiveHost> {
        self.live.as_ref()
    }

    /// The window's repaint, called from the server's thread when a phone changes
    /// something.
    pub fn set_live_waker(&mut self, waker: Waker) {
        self.live_hooks.waker = waker;
    }

    /// The live server's clock (tests hand in their own).
    pub fn set_live_clock(&mut self, now: Now) {
        self.live_hooks.now = now;
    }

    /// How this computer's network adapters are found (tests hand in their own).
    pub fn set_adapter_finder(&mut self, find: AdapterFinder) {
        self.live_hooks.find_adapters = find;
        self.live_hooks.adapters.clear();
    }

    /// The network adapters a round can be served on, the usual choice first: found
    /// when the Live screen is first opened, and again on [`LiveIntent::FindAdapters`].
    pub fn live_adapters(&self) -> &[Adapter] {
        &self.live_hooks.adapters
    }

    /// Finds the adapters if they were never found, and reads the last round's
    /// journal (a round cut short by a crash or a quit is offered on the Live screen).
    pub(super) fn find_adapters_once(&mut self) {
        if self.live_hooks.adapters.is_empty() {
            self.live_hooks.adapters = (self.live_hooks.find_adapters)();
        }
        if self.live.is_none() {
            self.last_round = crate::live::journal::latest(self.store.dir())
                .and_then(|path| RoundRecord::read(&path).ok().map(|record| (path, record)))
                .filter(|(_, record)| !record.players.is_empty());
        }
    }

    /// The last round of this profile, as its journal tells it, when no round is on.
    pub fn last_round(&self) -> Option<&RoundRecord> {
        self.last_round.as_ref().map(|(_, record)| record)
    }

    fn export_last_round(&mut self, path: &std::path::Path) -> Effect {
        let Some((_, record)) = &self.last_round else {
            return Effect::Said(Screen::Live, "There is no earlier round.".into());
        };
        let csv = record.csv();
        self.write_results(path, csv, "The last round's results were")
    }

    /// Writes a round's CSV atomically and says how it went ("{what} written to ...").
    fn write_results(&mut self, path: &std::path::Path, csv: Result<Vec<u8>, csv::Error>, what: &str) -> Effect {
        let written = csv
            .map_err(|error| error.to_string())
            .and_then(|bytes| crate::store::write_file_atomically(path, &bytes).map_err(|error| error.to_string()));
        let said = match written {
            Ok(()) => {
                self.file_places.used(path);
                format!("{what} written to {}.", path.display())
            }
            Err(error) => {
                super::logged_failure(format!("The results could not be written to {}: {error}", path.display()))
            }
        };
        Effect::Said(Screen::Live, said)
    }

    pub(super) fn apply_live(&mut self, intent: LiveIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        match intent {
            LiveIntent::Start { setup, ip } => return self.start_live(setup, ip),
            LiveIntent::Next => self.update_live(|round, now| round.next(now)),
            LiveIntent::Reveal => self.update_live(|round, _| round.reveal()),
            LiveIntent::Remove(player) => {
                if let Some(name) = self.live_name(player) {
                    self.update_live(|round, _| round.remove(player));
                    return said(format!("{name} is out of the round."));
                }
            }
            LiveIntent::End => {
                // The phones hear the end from the server, which stops a little later
                // (see END_GRACE_SECONDS), when every phone has had time to hear it.
                self.update_live(|round, _| round.end());
                if let Some(host) = &mut self.live {
                    host.ended_at.get_or_insert(now.to_utc());
                }
            }
            LiveIntent::ExportCsv(path) => return vec![self.export_live_csv(&path)],
            LiveIntent::ExportLastRound(path) => return vec![self.export_last_round(&path)],
            LiveIntent::DrillMisses => {
                let setup = self.live.as_ref().and_then(|host| host.round(|round| round.drill_of_misses(&host.deck)));
                let Some(setup) = setup else { return said("Nobody missed anything: nothing to drill.".into()) };
                let mut effects = self.apply_drill(DrillIntent::Start(setup), now);
                if effects.contains(&Effect::DrillStarted) {
                    effects.insert(0, Effect::Open(Screen::Drill));
                }
                return effects;
            }
            LiveIntent::Close => {
                // Dropping the host stops a server that still runs and frees its port.
                self.live = None;
                self.find_adapters_once();
            }
            LiveIntent::FindAdapters => self.live_hooks.adapters = (self.live_hooks.find_adapters)(),
        }
        Vec::new()
    }

    fn start_live(&mut self, setup: RoundSetup, ip: IpAddr) -> Vec<Effect> {
        // Stop any earlier round first, so that its port is free again.
        self.live = None;
        let deck = Deck::build(self.rows.clone(), &self.facts, setup.pool == LivePool::ExamKinds);
        self.runs += 1;
        let mut rng = StdRng::seed_from_u64(self.seed.wrapping_add(self.runs));
        let round = match Round::new(&deck, setup, &mut rng) {
            Ok(round) => round,
            Err(error) => return said(error.to_string()),
        };
        let preferred = std::net::TcpListener::bind(SocketAddr::new(ip, PREFERRED_PORT));
        let busy = preferred.as_ref().err().map(ToString::to_string);
        let listener = match preferred.or_else(|_| std::net::TcpListener::bind(SocketAddr::new(ip, 0))) {
            Ok(listener) => listener,
            Err(error) => {
                return said(super::logged_failure(format!(
                    "The round could not start on {ip}: {error}. Pick another address."
                )));
            }
        };
        // The round is written down as it is played, in the profile's folder.
        let started = (self.live_hooks.now)();
        let journal = match self.writable.then(|| Journal::create(self.store.dir(), started)) {
            Some(Ok(journal)) => Some(journal),
            Some(Err(error)) => {
                self.notices
                    .push(super::logged_failure(format!("The round's answers will not be kept on disk: {error}")));
                None
            }
            None => None,
        };
        let options = ServerOptions {
            now: Arc::clone(&self.live_hooks.now),
            waker: Arc::clone(&self.live_hooks.waker),
            // From the desk's seed, so that a round is as reproducible as a drill.
            seed: self.seed.rotate_left(32) ^ self.runs,
            limits: Default::default(),
            journal,
        };
        let server = LiveServer::serve_on(round, listener, options);
        match server {
            Ok(server) => {
                let address = server.address();
                self.live = Some(LiveHost {
                    hosting: Hosting::Serving(server),
                    ended_at: None,
                    deck,
                    join_url: join_address(address.ip(), address.port()),
                    address,
                });
                match busy {
                    Some(why) => said(format!(
                        "Port {PREFERRED_PORT} is taken on this computer ({why}), so the round uses port {}: \
                         the address on the screen has it.",
                        address.port()
                    )),
                    None => Vec::new(),
                }
            }
            Err(error) => said(super::logged_failure(format!(
                "The round could not start on {ip}: {error}. Pick another address."
            ))),
        }
    }

    /// Stops a server whose round has been over for the grace period.
    pub(super) fn tick_live(&mut self, now: DateTime<FixedOffset>) {
        if !self.live.as_mut().is_some_and(|host| host.over_for_long_enough(now.to_utc())) {
            return;
        }
        if let Some(host) = self.live.take() {
            let hosting = match host.hosting {
                Hosting::Serving(server) => Hosting::Ended(server.stop()),
                ended => ended,
            };
            self.live = Some(LiveHost { hosting, ..host });
            self.version += 1;
        }
    }

    fn update_live<R>(&self, change: impl FnOnce(&mut Round, chrono::DateTime<chrono::Utc>) -> R) {
        if let Some(server) = self.live.as_ref().and_then(LiveHost::server) {
            server.update(change);
        }
    }

    fn live_name(&self, player: PlayerId) -> Option<String> {
        self.live.as_ref()?.round(|round| {
            round.players().iter().find(|candidate| candidate.id == player).map(|found| found.name.clone())
        })
    }

    fn export_live_csv(&mut self, path: &std::path::Path) -> Effect {
        let Some(host) = self.live.as_ref() else { return Effect::Said(Screen::Live, "No round to export.".into()) };
        let csv = host.round(|round| round.csv());
        self.write_results(path, csv, "Results")
    }
}

fn said(sentence: String) -> Vec<Effect> {
    vec![Effect::Said(Screen::Live, sentence)]
}

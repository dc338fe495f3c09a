//! The desk's live part: the round being played (or over, its results kept), the
//! last round's journal, and where the server's time, wake-ups and this computer's
//! network adapters come from. Starting the server on the address the teacher picked,
//! moving the round on, removing a player, the CSV, and a drill of what the class
//! missed (which the desk hands to the drill part). Nothing here touches anyone's
//! study progress.
//!
//! What it needs of the rest of the desk comes in with each intent ([`LiveNeeds`]):
//! the table and facts a round's deck is built from, the seed, the profile's folder,
//! the notices and the file dialogs' place.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::{Disk, Draws, Effect, Next, Screen};
use crate::deck::Deck;
use crate::facts::Facts;
use crate::file_dialog::FilePlaces;
use crate::live::chosen;
use crate::live::class_memory::{ClassMemory, day_words, plan_review};
use crate::live::classes::{CLASS_NAME_CHARS, ClassReport, KeptRound, KeptRounds, plan_groups, same_class};
use crate::live::journal::{Journal, RoundRecord};
use crate::live::network::{self, Adapter};
use crate::live::round::{PlayerId, Round, RoundSetup};
use crate::live::server::{LiveServer, Now, ServerOptions, Waker};
use crate::live::{LivePool, PORTS, PREFERRED_PORT, join_address};
use crate::table::PortRow;

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
    /// Write every student's answer to every question to this file (a workbook, or a
    /// CSV when its name ends in .csv).
    ExportResults(std::path::PathBuf),
    /// Write a kept round's results, from its journal, to this file (as above): the
    /// round opened from the Rounds list, or the latest played when none is open.
    ExportKeptRound(std::path::PathBuf),
    /// The next round is for this class (a name picked from the list or typed; blank
    /// for none). Rounds are remembered by class, and a class's memory plans its review.
    ChooseClass(String),
    /// Open a kept round from the Rounds list (its place in `Desk::kept_rounds`): its
    /// podium, its questions, its results to save.
    OpenKeptRound(usize),
    /// Back from a kept round to the set-up.
    CloseKeptRound,
    /// Take the opened kept round out of the list and out of its class's memory (a
    /// trial round, a round under the wrong class): its journal is moved into the
    /// rounds folder's `removed` folder, not deleted.
    RemoveKeptRound,
    /// The ports a round of "these ports" asks, as the teacher types them ("22, ldap").
    ListPorts(String),
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

/// Where a kept round taken out of the list goes, inside the rounds folder (only the
/// rounds folder itself is read).
pub const REMOVED_FOLDER: &str = "removed";

/// How long the server keeps answering after the round ends: every phone, on a
/// socket or polling, hears the end and shows its final score and rank; then the
/// server stops and its port is free.
pub const END_GRACE_SECONDS: i64 = 30;

/// The server while phones can play; the round as it ended once it has stopped.
enum Hosting {
    Serving(LiveServer),
    Ended(Box<Round>),
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
struct LiveHooks {
    now: Now,
    waker: Waker,
    find_adapters: AdapterFinder,
    adapters: Vec<Adapter>,
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

/// The round being played or over, the rounds kept, the class chosen, and the hooks.
#[derive(Default)]
pub(super) struct LiveDesk {
    host: Option<LiveHost>,
    /// Every round's journal, read when the Live screen opens with no round on.
    kept: KeptRounds,
    /// A kept round opened from the list.
    opened: Option<usize>,
    /// Whether `kept` was read since the rounds last changed on disk (a round closed or
    /// taken out): the journals are read once, not on every visit to the screen.
    kept_is_read: bool,
    /// The class the next round is for.
    class: Option<String>,
    /// The ports listed for a round of "these ports", as typed.
    listed: String,
    /// The table's cards, which a class's memory counts in (built when the Live screen
    /// first opens).
    class_deck: Option<Deck>,
    hooks: LiveHooks,
}

/// What a live intent may use of the rest of the desk.
pub(super) struct LiveNeeds<'a> {
    /// The table and its facts: a round builds its own deck (with the exam kinds when asked).
    pub(super) rows: &'a [PortRow],
    pub(super) facts: &'a Facts,
    pub(super) draws: &'a mut Draws,
    pub(super) disk: Disk<'a>,
    /// Where a round whose answers cannot be kept on disk says so.
    pub(super) notices: &'a mut Vec<String>,
    pub(super) file_places: &'a mut FilePlaces,
}

impl LiveDesk {
    pub(super) fn host(&self) -> Option<&LiveHost> {
        self.host.as_ref()
    }

    /// The window's repaint, called from the server's thread when a phone changes
    /// something.
    pub(super) fn set_waker(&mut self, waker: Waker) {
        self.hooks.waker = waker;
    }

    /// The live server's clock (tests hand in their own).
    pub(super) fn set_clock(&mut self, now: Now) {
        self.hooks.now = now;
    }

    /// How this computer's network adapters are found (tests hand in their own).
    pub(super) fn set_adapter_finder(&mut self, find: AdapterFinder) {
        self.hooks.find_adapters = find;
        self.hooks.adapters.clear();
    }

    /// The network adapters a round can be served on, the usual choice first: found
    /// when the Live screen is first opened, and again on [`LiveIntent::FindAdapters`].
    pub(super) fn adapters(&self) -> &[Adapter] {
        &self.hooks.adapters
    }

    /// When the Live screen opens: finds the adapters if they were never found, and,
    /// with no round on, reads every kept round (a round cut short by a crash or a quit
    /// is offered with the others; a damaged journal is set aside and said).
    pub(super) fn open_screen(&mut self, needs: LiveNeeds, now: DateTime<FixedOffset>) -> Vec<Effect> {
        if self.hooks.adapters.is_empty() {
            self.hooks.adapters = (self.hooks.find_adapters)();
        }
        if self.class_deck.is_none() {
            self.class_deck = Some(Deck::build(needs.rows.to_vec(), needs.facts, false));
        }
        if self.host.is_none() {
            self.opened = None;
            if std::mem::replace(&mut self.kept_is_read, true) {
                return Vec::new();
            }
            self.kept = KeptRounds::read(needs.disk.store.dir(), now.to_utc());
            if self.class.is_none() {
                // The class of the latest round is the likeliest next.
                self.class = self.kept.latest_played().and_then(|round| round.record.class.clone());
            }
            // Said on the Live screen, where the teacher looks for the rounds (and
            // logged once, where they were set aside).
            let set_aside = std::mem::take(&mut self.kept.set_aside);
            if !set_aside.is_empty() {
                return said(set_aside.join(" "));
            }
        }
        Vec::new()
    }

    pub(super) fn kept(&self) -> &KeptRounds {
        &self.kept
    }

    pub(super) fn listed(&self) -> &str {
        &self.listed
    }

    pub(super) fn class(&self) -> Option<&str> {
        self.class.as_deref()
    }

    pub(super) fn class_deck(&self) -> Option<&Deck> {
        self.class_deck.as_ref()
    }

    pub(super) fn opened_round(&self) -> Option<&KeptRound> {
        self.kept.rounds.get(self.opened?)
    }

    pub(super) fn class_report(&self, setup: RoundSetup, now: chrono::DateTime<chrono::Utc>) -> Option<ClassReport> {
        let (class, deck) = (self.class.as_deref()?, self.class_deck.as_ref()?);
        let pool = Round::pool(deck, RoundSetup { pool: LivePool::ClassReview, ..setup });
        Some(ClassReport::new(deck, &self.kept, class, &pool, setup.questions, now))
    }

    /// Moves the opened kept round's journal into the `removed` folder beside it.
    fn remove_kept_round(&mut self) -> Vec<Effect> {
        let Some(round) = self.opened_round() else { return Vec::new() };
        let path = round.path.clone();
        let Some((folder, name)) = path.parent().zip(path.file_name()) else { return Vec::new() };
        let removed = folder.join(REMOVED_FOLDER);
        let moved = std::fs::create_dir_all(&removed).and_then(|()| std::fs::rename(&path, removed.join(name)));
        self.opened = None;
        match moved {
            Ok(()) => said(format!(
                "The round is out of the list and of its class's memory. Its file is in {} should you want it back.",
                removed.display()
            )),
            Err(error) => {
                said(super::logged_failure(format!("The round could not be moved out of {}: {error}", path.display())))
            }
        }
    }

    fn export_kept_round(&self, path: &std::path::Path, file_places: &mut FilePlaces) -> Effect {
        let Some(round) = self.opened_round().or_else(|| self.kept.latest_played()) else {
            return Effect::Said(Screen::Live, "There is no earlier round.".into());
        };
        let what = match round.record.started {
            Some(at) => {
                format!("The results of the round of {}", at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"))
            }
            None => "The round's results".to_string(),
        };
        write_results(path, results_file(&round.record, path), &format!("{what} were"), file_places)
    }

    pub(super) fn apply(&mut self, intent: LiveIntent, needs: LiveNeeds, now: DateTime<FixedOffset>) -> Next {
        match intent {
            LiveIntent::Start { setup, ip } => return Next::Show(self.start(setup, ip, needs, now)),
            LiveIntent::Next => self.update(|round, now| round.next(now)),
            LiveIntent::Reveal => self.update(|round, _| round.reveal()),
            LiveIntent::Remove(player) => {
                if let Some(name) = self.name(player) {
                    self.update(|round, _| round.remove(player));
                    return Next::Show(said(format!("{name} is out of the round.")));
                }
            }
            LiveIntent::End => {
                // The phones hear the end from the server, which stops a little later
                // (see END_GRACE_SECONDS), when every phone has had time to hear it.
                self.update(|round, _| round.end());
                if let Some(host) = &mut self.host {
                    host.ended_at.get_or_insert(now.to_utc());
                }
            }
            LiveIntent::ExportResults(path) => return Next::Show(vec![self.export_results(&path, needs.file_places)]),
            LiveIntent::ExportKeptRound(path) => {
                return Next::Show(vec![self.export_kept_round(&path, needs.file_places)]);
            }
            LiveIntent::ChooseClass(name) => {
                let name: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
                let name: String = name.chars().take(CLASS_NAME_CHARS).collect();
                let name = name.as_str();
                self.class = (!name.is_empty()).then(|| {
                    // A known class keeps the spelling it was played under.
                    let known = self.kept.classes().into_iter().find(|class| same_class(&class.name, name));
                    known.map_or_else(|| name.to_string(), |class| class.name)
                });
            }
            LiveIntent::OpenKeptRound(place) => {
                if place < self.kept.rounds.len() {
                    self.opened = Some(place);
                }
            }
            LiveIntent::CloseKeptRound => self.opened = None,
            LiveIntent::RemoveKeptRound => {
                let mut said = self.remove_kept_round();
                self.kept_is_read = false;
                said.extend(self.open_screen(needs, now));
                return Next::Show(said);
            }
            LiveIntent::ListPorts(list) => self.listed = list,
            LiveIntent::DrillMisses => {
                let setup = self.host.as_ref().and_then(|host| host.round(|round| round.drill_of_misses(&host.deck)));
                return match setup {
                    Some(setup) => Next::Drill(setup),
                    None => Next::Show(said("Nobody missed anything: nothing to drill.".into())),
                };
            }
            LiveIntent::Close => {
                // Dropping the host stops a server that still runs and frees its port.
                self.host = None;
                self.kept_is_read = false;
                return Next::Show(self.open_screen(needs, now));
            }
            LiveIntent::FindAdapters => self.hooks.adapters = (self.hooks.find_adapters)(),
        }
        Next::Show(Vec::new())
    }

    /// The chosen class's memory, in the class deck's places.
    fn class_memory(&self) -> Option<(ClassMemory, &Deck)> {
        let (class, deck) = (self.class.as_deref()?, self.class_deck.as_ref()?);
        Some((ClassMemory::from_rounds(deck, &self.kept.played_by(class, deck)), deck))
    }

    /// A review round for the chosen class: the plan from its memory (the cards it has
    /// most likely forgotten, each group with its reason for the lobby).
    fn planned_round(
        memory: Option<&(ClassMemory, &Deck)>,
        deck: &Deck,
        setup: RoundSetup,
        now: DateTime<FixedOffset>,
        rng: &mut StdRng,
    ) -> Result<Round, String> {
        let Some((memory, class_deck)) = memory else {
            return Err(
                "Pick or name the class first: the review is planned from what that class has forgotten.".into()
            );
        };
        let pool = Round::pool(class_deck, RoundSetup { pool: LivePool::ClassReview, ..setup });
        let plan = plan_review(memory, &pool, setup.questions, now.to_utc());
        // The plan is in the class deck's places; the round's deck is built the same
        // way, but its cards are found by id all the same.
        let cards: Vec<_> =
            plan.iter().filter_map(|planned| deck.position(&class_deck.cards[planned.card].id)).collect();
        let mut round = Round::with_cards(deck, setup, &cards, rng).map_err(|error| error.to_string())?;
        round.set_plan_groups(plan_groups(&plan, now));
        Ok(round)
    }

    /// The round's questions as the set-up asks (the class's review, a list, or a pool),
    /// for the class chosen, each with how the class did when last asked.
    fn make_round(
        &self,
        deck: &Deck,
        setup: RoundSetup,
        now: DateTime<FixedOffset>,
        rng: &mut StdRng,
    ) -> Result<Round, String> {
        let memory = self.class_memory();
        let mut round = match setup.pool {
            LivePool::ClassReview => LiveDesk::planned_round(memory.as_ref(), deck, setup, now, rng)?,
            LivePool::Listed => {
                let rows = chosen::rows_listed(deck, &self.listed)?;
                let cards = chosen::cards_listed(deck, &rows, setup);
                Round::from_pool(deck, setup, &cards, rng).map_err(|error| error.to_string())?
            }
            _ => Round::new(deck, setup, rng).map_err(|error| error.to_string())?,
        };
        round.set_class(self.class.clone());
        if let Some((memory, class_deck)) = &memory {
            round.set_earlier(earlier_results(&round, memory, class_deck, now));
        }
        Ok(round)
    }

    fn start(&mut self, setup: RoundSetup, ip: IpAddr, needs: LiveNeeds, now: DateTime<FixedOffset>) -> Vec<Effect> {
        // Stop any earlier round first, so that its port is free again.
        self.host = None;
        let deck = Deck::build(needs.rows.to_vec(), needs.facts, setup.pool == LivePool::ExamKinds);
        let mut rng = StdRng::seed_from_u64(needs.draws.next_seed());
        let round = match self.make_round(&deck, setup, now, &mut rng) {
            Ok(round) => round,
            Err(error) => return said(error),
        };
        let (listener, busy) = match bind_in_range(ip) {
            Ok(bound) => bound,
            Err(error) => {
                return said(super::logged_failure(format!(
                    "The round could not start on {ip}: {error}. Pick another address."
                )));
            }
        };
        // The round is written down as it is played, in the profile's folder.
        let started = (self.hooks.now)();
        let journal = match needs.disk.writable.then(|| Journal::create(needs.disk.store.dir(), started)) {
            Some(Ok(journal)) => Some(journal),
            Some(Err(error)) => {
                needs
                    .notices
                    .push(super::logged_failure(format!("The round's answers will not be kept on disk: {error}")));
                None
            }
            None => None,
        };
        let options = ServerOptions {
            now: Arc::clone(&self.hooks.now),
            waker: Arc::clone(&self.hooks.waker),
            // From the desk's seed, so that a round is as reproducible as a drill.
            seed: needs.draws.seed.rotate_left(32) ^ needs.draws.runs,
            limits: Default::default(),
            journal,
        };
        let server = LiveServer::serve_on(round, listener, options);
        match server {
            Ok(server) => {
                let address = server.address();
                self.host = Some(LiveHost {
                    hosting: Hosting::Serving(server),
                    ended_at: None,
                    deck,
                    join_url: join_address(address.ip(), address.port()),
                    address,
                });
                match busy {
                    Some(why) if PORTS.contains(&address.port()) => said(format!(
                        "Port {PREFERRED_PORT} is taken on this computer ({why}), so the round uses port {}, \
                         in the range the firewall hints open.",
                        address.port()
                    )),
                    Some(why) => said(format!(
                        "Ports {}-{} are all taken on this computer ({why}), so the round uses port {}: \
                         a firewall may need a rule for it.",
                        PORTS.start(),
                        PORTS.end(),
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

    /// Stops a server whose round has been over for the grace period; true when it did.
    pub(super) fn tick(&mut self, now: DateTime<FixedOffset>) -> bool {
        if !self.host.as_mut().is_some_and(|host| host.over_for_long_enough(now.to_utc())) {
            return false;
        }
        let Some(host) = self.host.take() else { return false };
        let hosting = match host.hosting {
            Hosting::Serving(server) => Hosting::Ended(Box::new(server.stop())),
            ended => ended,
        };
        self.host = Some(LiveHost { hosting, ..host });
        true
    }

    /// When the window should look again: when a round's server stops.
    pub(super) fn stops_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.host.as_ref().and_then(LiveHost::stops_at)
    }

    fn update<R>(&self, change: impl FnOnce(&mut Round, chrono::DateTime<chrono::Utc>) -> R) {
        if let Some(server) = self.host.as_ref().and_then(LiveHost::server) {
            server.update(change);
        }
    }

    fn name(&self, player: PlayerId) -> Option<String> {
        self.host.as_ref()?.round(|round| {
            round.players().iter().find(|candidate| candidate.id == player).map(|found| found.name.clone())
        })
    }

    fn export_results(&self, path: &std::path::Path, file_places: &mut FilePlaces) -> Effect {
        let Some(host) = self.host.as_ref() else { return Effect::Said(Screen::Live, "No round to export.".into()) };
        let record = host.round(Round::record);
        write_results(path, results_file(&record, path), "Results", file_places)
    }
}

/// A socket for the round on the first free port of [`PORTS`] (the system's choice
/// when every one is taken), and why the preferred port was not free, if it was not.
fn bind_in_range(ip: IpAddr) -> std::io::Result<(std::net::TcpListener, Option<String>)> {
    let mut busy = None;
    for port in PORTS {
        match std::net::TcpListener::bind(SocketAddr::new(ip, port)) {
            Ok(listener) => return Ok((listener, busy)),
            Err(error) => {
                busy.get_or_insert_with(|| error.to_string());
            }
        }
    }
    Ok((std::net::TcpListener::bind(SocketAddr::new(ip, 0))?, busy))
}

/// A round's results in the format the file's name asks for: a CSV for `.csv`, a
/// workbook (`.xlsx`, what the file dialog proposes) for anything else.
fn results_file(record: &RoundRecord, path: &std::path::Path) -> Result<Vec<u8>, String> {
    if path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("csv")) {
        record.csv().map_err(|error| error.to_string())
    } else {
        record.xlsx().map_err(|error| error.to_string())
    }
}

/// Writes a round's results atomically and says how it went ("{what} written to ...").
fn write_results(
    path: &std::path::Path,
    contents: Result<Vec<u8>, String>,
    what: &str,
    file_places: &mut FilePlaces,
) -> Effect {
    let written =
        contents.and_then(|bytes| crate::store::write_file_atomically(path, &bytes).map_err(|error| error.to_string()));
    let said = match written {
        Ok(()) => {
            file_places.used(path);
            format!("{what} written to {}.", path.display())
        }
        Err(error) => super::logged_failure(format!("The results could not be written to {}: {error}", path.display())),
    };
    Effect::Said(Screen::Live, said)
}

fn said(sentence: String) -> Vec<Effect> {
    vec![Effect::Said(Screen::Live, sentence)]
}

/// For each of the round's questions, how the class did when it was last asked: the
/// class sees its progress at the reveal.
fn earlier_results(
    round: &Round,
    memory: &ClassMemory,
    deck: &Deck,
    now: DateTime<FixedOffset>,
) -> Vec<Option<String>> {
    round
        .journal_questions()
        .iter()
        .map(|question| {
            let card = deck.cards.iter().position(|card| card.id.as_str() == question.card)?;
            let (on, share) = memory.last_asked(card)?;
            Some(format!("Last time, {}: {:.0} % right", day_words(on, now), 100.0 * share))
        })
        .collect()
}

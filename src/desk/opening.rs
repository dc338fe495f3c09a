//! Opening a profile's files: the lock, the progress (or what to say about it), the
//! drill history and the writer thread, for the window, the headless driver and
//! tests alike.

use chrono::{DateTime, FixedOffset};

use super::{Desk, Draws, DrillDesk, PbqDesk, SaveStatus};
use crate::deck::Deck;
use crate::facts::Facts;
use crate::profiles::Profiles;
use crate::refitter::Refitter;
use crate::saver::Saver;
use crate::session::Session;
use crate::store::{Loaded, LockError, Store};
use crate::table::PortRow;

/// Everything a desk needs at start: the table, its facts, the learners' profiles
/// and which to open, and the seed for random choices.
pub struct Opening {
    pub rows: Vec<PortRow>,
    pub facts: Facts,
    pub profiles: Profiles,
    pub profile: String,
    /// Save on a writer thread and refit the memory model on a worker, so that the
    /// caller never waits for the disk or a fit; tests that read the file straight
    /// after an answer save and fit in place instead.
    pub background_work: bool,
    pub seed: u64,
    /// Problems met while loading the table, shown once.
    pub table_warnings: Vec<String>,
    /// Where file dialogs open first: the learner's documents folder.
    pub documents: std::path::PathBuf,
}

impl Opening {
    /// The built-in table and facts, the default profile under `folder`, no warnings:
    /// what the headless driver and tests open.
    pub fn builtin(folder: &std::path::Path, background_work: bool, seed: u64) -> Opening {
        Opening {
            rows: crate::table::parse_table(crate::BUILTIN_TABLE).rows,
            facts: Facts::builtin(),
            profiles: Profiles::at(folder),
            profile: crate::profiles::DEFAULT_PROFILE.to_string(),
            background_work,
            seed,
            table_warnings: Vec::new(),
            documents: folder.join("Documents"),
        }
    }
}

/// A profile's files, opened.
struct Opened {
    session: Session,
    writable: bool,
    save_status: SaveStatus,
    lock: Option<crate::store::ProfileLock>,
    blocked_by_other_window: bool,
    drill_history: Vec<crate::drill::Record>,
    pbq_history: Vec<crate::pbq::PbqRecord>,
    /// The PBQ left mid-task last time, made again.
    pbq: Option<crate::pbq::work::PbqWork>,
    notices: Vec<String>,
}

impl Opened {
    fn open(store: &Store, rows: &[PortRow], facts: &Facts, now: DateTime<FixedOffset>, seed: u64) -> Self {
        let (lock, blocked_by_other_window, lock_notice) = match store.lock() {
            Ok(lock) => (Some(lock), false, None),
            Err(LockError::HeldElsewhere) => (None, true, None),
            Err(error) => (None, false, Some(super::logged_failure(format!("Progress may not be saved: {error}.")))),
        };
        // Another window owns the file: do not even set a corrupt file aside under it.
        let loaded =
            if blocked_by_other_window { Loaded { writable: false, ..store.peek() } } else { store.load(now.to_utc()) };
        let save_status = if loaded.writable { SaveStatus::NothingYet } else { SaveStatus::ReadOnly };
        let deck = Deck::build_kind(rows.to_vec(), facts, loaded.progress.settings.deck_kind());
        Opened {
            session: Session::new(deck, loaded.progress, now, seed),
            writable: loaded.writable,
            save_status,
            lock,
            blocked_by_other_window,
            drill_history: store.load_drills(now.to_utc()),
            pbq_history: store.load_pbqs(now.to_utc()),
            pbq: store.load_pbq_work(now.to_utc()).and_then(|saved| crate::pbq::work::PbqWork::restore(saved, facts)),
            // The store set a damaged file aside and says so: the log keeps it too.
            notices: lock_notice.into_iter().chain(loaded.notice.map(super::logged_failure)).collect(),
        }
    }
}

impl Desk {
    /// Opens `opening.profile`: takes its lock, reads its progress (setting a damaged
    /// file aside), and remembers it as the profile to open next time.
    pub fn open(opening: Opening, now: DateTime<FixedOffset>) -> Desk {
        let Opening { rows, facts, profiles, profile, background_work, seed, table_warnings, documents } = opening;
        let store = profiles.store(&profile);
        let opened = Opened::open(&store, &rows, &facts, now, seed);
        let mut notices = table_warnings;
        notices.extend(opened.notices);
        let mut session = opened.session;
        if background_work {
            session.defer_refits();
        }
        let saver = background_work.then(|| Saver::starting_from(store.clone(), &session.progress().log));
        let mut desk = Desk {
            session,
            refitter: background_work.then(Refitter::spawn),
            version: 0,
            model_unsaved: false,
            rows,
            facts,
            saver,
            store,
            profiles,
            profile,
            writable: opened.writable,
            save_status: opened.save_status,
            lock: opened.lock,
            blocked_by_other_window: opened.blocked_by_other_window,
            notices,
            saves_pending: false,
            draws: Draws::new(seed),
            last_reset: None,
            file_places: crate::file_dialog::FilePlaces::new(documents),
            moves: Default::default(),
            drills: DrillDesk::new(opened.drill_history),
            pbqs: PbqDesk::new(opened.pbq, opened.pbq_history),
            #[cfg(feature = "live")]
            live: Default::default(),
        };
        desk.remember_last_used();
        desk
    }

    /// Closes the current profile (everything saved, its lock let go) and opens another
    /// in its place.
    pub(super) fn switch_profile(&mut self, name: &str, now: DateTime<FixedOffset>) {
        self.keep_open_pbq_work();
        self.finish_moves(now);
        self.flush_saves();
        self.lock = None;
        self.store = self.profiles.store(name);
        let opened = Opened::open(&self.store, &self.rows, &self.facts, now, self.draws.seed);
        if self.saver.is_some() {
            self.saver = Some(Saver::starting_from(self.store.clone(), &opened.session.progress().log));
        }
        self.session = opened.session;
        if self.refitter.is_some() {
            // A fit of the other profile's log may still be running: its model is not
            // this one's.
            self.refitter = Some(Refitter::spawn());
            self.session.defer_refits();
        }
        self.writable = opened.writable;
        self.save_status = opened.save_status;
        self.lock = opened.lock;
        self.blocked_by_other_window = opened.blocked_by_other_window;
        self.drills = DrillDesk::new(opened.drill_history);
        self.pbqs = PbqDesk::new(opened.pbq, opened.pbq_history);
        self.notices = opened.notices;
        self.profile = name.to_string();
        self.last_reset = None;
        self.remember_last_used();
    }

    /// Lets go of the lock, for a rename of the open profile's folder.
    pub(super) fn release_lock(&mut self) {
        self.flush_saves();
        self.lock = None;
    }

    fn remember_last_used(&mut self) {
        if let Err(error) = self.profiles.set_last_used(&self.profile) {
            self.notices.push(super::logged_failure(format!(
                "Could not note {} as the profile to open next time: {error}. Your progress is not affected.",
                self.profile
            )));
        }
    }
}

//! One open profile, without a window: the place that decides.
//!
//! The desk owns what a learner has open: the study session, the store and its
//! writer thread, the profile lock, the profiles, and whether the last save worked;
//! and three parts that own their own state: drills and self-tests
//! (`drill_desk::DrillDesk`), the performance-based question being worked
//! (`pbq_desk::PbqDesk`) and the live round (`live_desk::LiveDesk`). Everything a
//! learner can do is an [`Intent`]; [`Desk::apply`] carries it out (the session,
//! saving, files) or routes it to its part, lending the part what it needs of the rest
//! (the session, the store, the seed) for that call, and returns the [`Effect`]s the
//! window should show. The window only draws the desk's state and turns clicks and
//! keys into intents, so every decision here is tested without one.
//!
//! Not here: drawing, keys, focus and layout (the `app` module).

mod drill_desk;
mod files;
mod intents;
#[cfg(feature = "live")]
mod live_desk;
mod opening;
mod pbq_desk;
mod profile_desk;

use chrono::{DateTime, FixedOffset, Utc};

pub use crate::pbq::work::{Edit as PbqEdit, PbqWork, RuleDraft};
pub use intents::{DrillIntent, Effect, Intent, ProfileIntent, ReportFormat, Screen, SelfTestIntent, SettingsIntent};
#[cfg(feature = "live")]
pub use live_desk::{AdapterFinder, END_GRACE_SECONDS, LiveHost, LiveIntent};
pub use opening::Opening;
pub use pbq_desk::PbqIntent;

use drill_desk::DrillDesk;
use pbq_desk::PbqDesk;

use crate::deck::{CardId, CardIndex, Deck};
use crate::drill::{Drill, Record, Setup};
use crate::facts::Facts;
use crate::file_dialog::FilePlaces;
use crate::pbq::PbqRecord;
use crate::profiles::Profiles;
use crate::progress::{CardState, Grade};
use crate::refitter::Refitter;
use crate::saver::Saver;
use crate::selftest::SelfTest;
use crate::session::{Session, Showing};
use crate::sheets::Sheet;
use crate::store::{ProfileLock, Store};
use crate::table::PortRow;

/// Whether the last save worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    NothingYet,
    Saved,
    Failed(String),
    ReadOnly,
}

pub struct Desk {
    session: Session,
    rows: Vec<PortRow>,
    facts: Facts,
    store: Store,
    profiles: Profiles,
    profile: String,
    writable: bool,
    save_status: SaveStatus,
    /// Held for as long as this desk may write; `None` when read-only or unlockable.
    lock: Option<ProfileLock>,
    /// Another window holds the lock and the learner has not chosen yet.
    blocked_by_other_window: bool,
    notices: Vec<String>,
    /// The writer thread, when saves happen off the caller's thread.
    saver: Option<Saver>,
    /// The worker that refits the memory model, when refits happen off it too.
    refitter: Option<Refitter>,
    /// See [`Desk::version`].
    version: u64,
    /// A refit was taken in since the last save.
    model_unsaved: bool,
    saves_pending: bool,
    draws: Draws,
    /// The last card reset from Browse, for undo.
    last_reset: Option<(CardId, CardState)>,
    /// Where the file dialogs open.
    file_places: FilePlaces,
    /// Exports and imports of progress running off the caller's thread.
    moves: files::FileMoves,
    /// The drill and self-test running, and the drill history.
    drills: DrillDesk,
    /// The PBQ being worked, and the PBQ history.
    pbqs: PbqDesk,
    /// The live round served or over, and its hooks.
    #[cfg(feature = "live")]
    live: live_desk::LiveDesk,
}

/// The desk's seed and the draws made from it: each drill, self-test, PBQ and round
/// takes the next seed, so that two in a row differ and a run is reproducible.
struct Draws {
    seed: u64,
    /// Drills, self-tests, PBQs and rounds started.
    runs: u64,
}

impl Draws {
    fn new(seed: u64) -> Draws {
        Draws { seed, runs: 0 }
    }

    /// The seed of the next drill, self-test, PBQ or round.
    fn next_seed(&mut self) -> u64 {
        self.runs += 1;
        self.seed.wrapping_add(self.runs)
    }
}

/// The profile's folder as a part of the desk may use it: its store, and whether this
/// desk writes there (not when read-only).
#[derive(Clone, Copy)]
struct Disk<'a> {
    store: &'a Store,
    writable: bool,
}

/// What a part hands back: effects to show, or work for another part, which the desk
/// routes (the misses of a task or a round, studied or drilled).
enum Next {
    Show(Vec<Effect>),
    /// These cards first in study.
    Study(Vec<CardIndex>),
    /// A drill of this set-up.
    Drill(Setup),
}

impl Next {
    fn said(screen: Screen, sentence: &str) -> Next {
        Next::Show(vec![Effect::Said(screen, sentence.to_string())])
    }
}

impl Desk {
    /// Where the file dialogs open: the documents folder, or the folder last used.
    pub fn file_places(&self) -> &FilePlaces {
        &self.file_places
    }

    /// Which file dialog the window opens: the system's, where the window has one.
    pub fn use_file_dialogs(&mut self, style: crate::file_dialog::DialogStyle) {
        self.file_places.use_style(style);
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn profile(&self) -> &str {
        &self.profile
    }

    pub fn profiles(&self) -> &Profiles {
        &self.profiles
    }

    pub fn save_status(&self) -> &SaveStatus {
        &self.save_status
    }

    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    pub fn is_writable(&self) -> bool {
        self.writable
    }

    pub fn is_blocked_by_other_window(&self) -> bool {
        self.blocked_by_other_window
    }

    /// A save, an export or an import handed to another thread has not reported back yet.
    pub fn saves_pending(&self) -> bool {
        self.saves_pending || self.moves.is_running()
    }

    pub fn drill_history(&self) -> &[Record] {
        self.drills.history()
    }

    pub fn drill(&self) -> Option<&Drill> {
        self.drills.drill()
    }

    pub fn self_test(&self) -> Option<&SelfTest> {
        self.drills.self_test()
    }

    /// The performance-based question being worked.
    pub fn pbq(&self) -> Option<&PbqWork> {
        self.pbqs.work()
    }

    /// Every performance-based question checked, oldest first.
    pub fn pbq_history(&self) -> &[PbqRecord] {
        self.pbqs.history()
    }

    /// The card whose reset can still be undone.
    pub fn last_reset(&self) -> Option<&CardId> {
        self.last_reset.as_ref().map(|(id, _)| id)
    }

    /// Counts the changes to what the desk holds: every intent applied and every refit
    /// taken in. A view that keeps what it computed from the desk keys it on this (and
    /// on the minute, for what the passing of time changes).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Carries out one intent and says what the window should show.
    pub fn apply(&mut self, intent: impl Into<Intent>, now: DateTime<FixedOffset>) -> Vec<Effect> {
        self.version += 1;
        match intent.into() {
            Intent::Submit(given) => self.session.submit(&given, now),
            Intent::Choose(choice) => self.session.choose(choice, now),
            Intent::Reveal => self.session.reveal(now),
            Intent::OverrideAsRight => self.session.override_as_right(),
            Intent::Grade(grade) => return self.grade(grade, now),
            Intent::Undo => {
                if self.session.undo() {
                    self.save();
                }
                // The question (or the last card's) is back: the learner types on.
                return vec![Effect::FocusAnswer];
            }
            Intent::PractiseAhead => {
                self.session.practise_ahead(now);
                return vec![Effect::FocusAnswer];
            }
            Intent::StopPractisingAhead => self.session.stop_practising_ahead(now),
            Intent::Settings(intent) => return self.apply_settings(intent, now),
            Intent::DismissNotice => {
                if !self.notices.is_empty() {
                    self.notices.remove(0);
                }
                return vec![Effect::FocusAnswer];
            }
            Intent::OpenReadOnly => self.open_read_only(),
            Intent::Show(screen) => {
                self.keep_open_pbq_work();
                #[cfg(feature = "live")]
                if screen == Screen::Live {
                    let (live, needs) = self.live_and_needs();
                    return opened(screen).into_iter().chain(live.open_screen(needs, now)).collect();
                }
                return opened(screen);
            }
            Intent::StudyNow(card) => {
                self.session.study_now(card, now);
                return studying();
            }
            Intent::ReviewNow(cards) => {
                self.session.queue_now(&cards, now);
                return studying();
            }
            Intent::ResetCard(card) => self.reset_card(card, now),
            Intent::UndoReset => self.undo_reset(),
            Intent::Drill(intent) => return self.apply_drill(intent, now),
            Intent::SelfTest(intent) => return self.apply_self_test(intent, now),
            Intent::Pbq(intent) => return self.apply_pbq(intent, now),
            Intent::Profile(intent) => return self.apply_profile(intent, now),
            #[cfg(feature = "live")]
            Intent::Live(intent) => {
                let (live, needs) = self.live_and_needs();
                let next = live.apply(intent, needs, now);
                return self.follow(next, now);
            }
            Intent::Export(path) => return self.export(&path),
            Intent::Import(path) => return self.import(&path, now),
            Intent::ExportAnki(path) => return vec![self.export_sheet(&path, Sheet::Anki)],
            Intent::ExportCheatSheet(path) => return vec![self.export_sheet(&path, Sheet::CheatSheet)],
            Intent::ResetAll => return vec![self.reset_all(now)],
            Intent::FitMemoryModel => return vec![self.fit_memory_model()],
            Intent::Quit => {
                self.close(now);
                return vec![Effect::Quit];
            }
        }
        Vec::new()
    }

    /// Carries out what a part handed back: its effects, or the misses it found studied
    /// first or drilled.
    fn follow(&mut self, next: Next, now: DateTime<FixedOffset>) -> Vec<Effect> {
        match next {
            Next::Show(effects) => effects,
            Next::Study(cards) => self.apply(Intent::ReviewNow(cards), now),
            Next::Drill(setup) => {
                let mut effects = self.apply_drill(DrillIntent::Start(setup), now);
                if effects.contains(&Effect::DrillStarted) {
                    effects.insert(0, Effect::Open(Screen::Drill));
                }
                effects
            }
        }
    }

    fn apply_drill(&mut self, intent: DrillIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        let disk = Disk { store: &self.store, writable: self.writable };
        let deck = self.session.deck();
        self.drills.apply_drill(intent, deck, &mut self.draws, disk, &mut self.save_status, now.to_utc())
    }

    fn apply_self_test(&mut self, intent: SelfTestIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        let stops = intent == SelfTestIntent::Stop;
        let (draws, file_places) = (&mut self.draws, &mut self.file_places);
        let effects = self.drills.apply_self_test(intent, &self.session, &self.facts, draws, file_places, now.to_utc());
        if stops {
            self.record_finished_self_test_pbqs(now.to_utc());
        }
        effects
    }

    fn apply_pbq(&mut self, intent: PbqIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        let disk = Disk { store: &self.store, writable: self.writable };
        let next = self.pbqs.apply(intent, &self.session, &self.facts, &mut self.draws, disk, now);
        self.follow(next, now)
    }

    /// A finished self-test's performance-based questions go into the PBQ history, once;
    /// a history that could not be saved says so in a notice.
    fn record_finished_self_test_pbqs(&mut self, now: DateTime<Utc>) {
        for record in self.drills.finished_self_test_pbqs(now) {
            let disk = Disk { store: &self.store, writable: self.writable };
            for effect in self.pbqs.record(record, disk) {
                if let Effect::Said(_, message) = effect {
                    self.notices.push(message);
                }
            }
        }
    }

    /// Keeps the PBQ being worked, if there is one (leaving the screen, quitting,
    /// switching profile): a port typed since the last intent goes to disk too.
    fn keep_open_pbq_work(&self) {
        self.pbqs.keep_open_work(Disk { store: &self.store, writable: self.writable });
    }

    /// "Fit now": a deliberate click, so the fit runs here (tens of milliseconds).
    fn fit_memory_model(&mut self) -> Effect {
        self.session.fit_memory_model();
        self.save();
        let model = self.session.memory_model();
        let said = if model.is_fitted() {
            format!("Fitted just now, from {} answers on a later day.", model.evidence)
        } else {
            format!(
                "Not enough answers on a later day yet ({} of {}): the defaults stay.",
                model.evidence,
                crate::memory_model::THIN_EVIDENCE
            )
        };
        Effect::Said(Screen::Settings, said)
    }

    /// The intents that change what is studied and how.
    fn apply_settings(&mut self, intent: SettingsIntent, now: DateTime<FixedOffset>) -> Vec<Effect> {
        let mut effects = Vec::new();
        match intent {
            SettingsIntent::SetAnswerMode(mode) => {
                self.session.set_answer_mode(mode);
                effects.push(Effect::FocusAnswer);
            }
            SettingsIntent::SetExamExtras(on) => {
                let mut settings = self.session.progress().settings.clone();
                settings.exam_extras = on;
                self.session.set_settings(settings, now);
                self.rebuild_deck(now);
                effects.extend([Effect::ClearAnswer, Effect::FocusAnswer]);
            }
            SettingsIntent::SetStudyFor(study_for) => {
                let mut settings = self.session.progress().settings.clone();
                settings.study_for = Some(study_for);
                self.session.set_settings(settings, now);
                self.rebuild_deck(now);
                effects.extend([Effect::ClearAnswer, Effect::FocusAnswer]);
            }
            SettingsIntent::SetExamDate(date) => {
                self.session.set_exam_date(date, now);
                // The date is set with Enter or a click: the learner goes back to the cards.
                effects.push(Effect::FocusAnswer);
            }
            SettingsIntent::SetLimits { new_per_day, review_cap, back_from_break } => {
                self.session.set_limits(new_per_day, review_cap, back_from_break, now);
            }
            SettingsIntent::SetSettings(settings) => {
                let deck_changed = settings.deck_kind() != self.session.progress().settings.deck_kind();
                self.session.set_settings(*settings, now);
                if deck_changed {
                    self.rebuild_deck(now);
                }
            }
            SettingsIntent::TickDrillRow(ports, ticked) => {
                let mut settings = self.session.progress().settings.clone();
                settings.drill_rows.retain(|row| *row != ports);
                if ticked {
                    settings.drill_rows.push(ports);
                }
                self.session.set_settings(settings, now);
            }
        }
        self.save();
        effects
    }

    fn grade(&mut self, grade: Grade, now: DateTime<FixedOffset>) -> Vec<Effect> {
        if self.session.grade(grade, now).is_none() {
            return Vec::new();
        }
        self.save();
        self.pump_refits();
        vec![Effect::ClearAnswer, Effect::FocusAnswer]
    }

    /// Takes in a finished refit and starts a due one. The model is saved with the next
    /// answer, or before the desk closes ([`Desk::flush_saves`]): a save of its own
    /// would be a second write for one answer.
    fn pump_refits(&mut self) {
        let Some(refitter) = &mut self.refitter else { return };
        let fitted = refitter.poll().is_some_and(|model| self.session.accept_fit(model));
        if !refitter.is_busy()
            && let Some(job) = self.session.take_refit_job()
            && let Err(job) = refitter.start(job)
        {
            // The worker is gone: fit here rather than never.
            self.session.accept_fit(crate::memory_model::fit_recent(&job.recent, job.log_len));
        }
        if fitted {
            self.version += 1;
            self.model_unsaved = true;
        }
    }

    /// A refit is running on the worker.
    pub fn refit_running(&self) -> bool {
        self.refitter.as_ref().is_some_and(Refitter::is_busy)
    }

    /// Builds the deck the settings ask for; progress is kept card by card.
    fn rebuild_deck(&mut self, now: DateTime<FixedOffset>) {
        let kind = self.session.progress().settings.deck_kind();
        let deck = Deck::build_kind(self.rows.clone(), &self.facts, kind);
        self.session.replace_deck(deck, now);
    }

    fn open_read_only(&mut self) {
        self.blocked_by_other_window = false;
        self.writable = false;
        self.save_status = SaveStatus::ReadOnly;
        self.notices
            .push("Read-only: another window is writing this progress, so answers here are not saved.".to_string());
    }

    fn reset_card(&mut self, card: CardIndex, now: DateTime<FixedOffset>) {
        if let Some(state) = self.session.reset_card(card, now) {
            self.last_reset = Some((self.session.card(card).id.clone(), state));
            self.save();
        }
    }

    fn undo_reset(&mut self) {
        if let Some((id, state)) = self.last_reset.take() {
            self.session.restore_card(id, state);
            self.save();
        }
    }

    /// Keeps the session current: a due card comes up on the done screen, a drill that
    /// ran out of time goes into the history, and finished saves report back. Called
    /// once a frame (or before reading the desk after time has passed).
    /// What time and the worker threads brought since the last frame; returns the
    /// sentences of exports and imports that finished.
    pub fn tick(&mut self, now: DateTime<FixedOffset>) -> Vec<Effect> {
        self.session.refresh(now);
        let disk = Disk { store: &self.store, writable: self.writable };
        self.drills.record_finished_drill(disk, &mut self.save_status, now.to_utc());
        self.record_finished_self_test_pbqs(now.to_utc());
        self.pump_refits();
        self.poll_saves();
        #[cfg(feature = "live")]
        if self.live.tick(now) {
            self.version += 1;
        }
        self.take_in_moves(now)
    }

    /// When the window should look again even if nothing happens: the next card due
    /// on the done screen.
    pub fn wake_at(&self) -> Option<DateTime<Utc>> {
        #[cfg(feature = "live")]
        if let Some(stops) = self.live.stops_at() {
            return Some(stops);
        }
        match self.session.showing() {
            Showing::Done { next_due } => *next_due,
            _ => None,
        }
    }

    fn save(&mut self) {
        if !self.writable {
            return;
        }
        self.model_unsaved = false;
        let handed_over = self.saver.as_mut().map(|saver| saver.save(self.session.progress()));
        match handed_over {
            Some(Ok(())) => self.saves_pending = true,
            // No writer thread (or it has stopped): save here and now.
            None | Some(Err(_)) => {
                let outcome = self.store.save(self.session.progress()).map_err(|error| error.to_string());
                self.record_save(outcome);
            }
        }
    }

    fn record_save(&mut self, outcome: Result<(), String>) {
        self.save_status = match outcome {
            Ok(()) => SaveStatus::Saved,
            Err(error) => {
                // Every save retries; the log hears a failure when it starts or changes.
                if self.save_status != SaveStatus::Failed(error.clone()) {
                    log::error!("progress not saved: {error}");
                }
                SaveStatus::Failed(error)
            }
        };
    }

    /// Takes in what the writer thread has finished.
    fn poll_saves(&mut self) {
        let Some(saver) = &self.saver else { return };
        if let Some(outcome) = saver.poll() {
            self.saves_pending = false;
            self.record_save(outcome.map_err(|error| error.to_string()));
        }
    }

    /// Before the desk goes (quit, the window closed): an answer checked but not graded
    /// is graded as suggested, so that nothing checked is lost, and everything is saved.
    pub fn close(&mut self, now: DateTime<FixedOffset>) {
        if self.writable && self.session.grade_checked_answer(now) {
            self.save();
        }
        // The PBQ being worked, with a port cell typed since its last keeping.
        self.keep_open_pbq_work();
        // An import asked for lands (and is saved) before the window goes.
        self.finish_moves(now);
        self.flush_saves();
    }

    /// Waits until every answer is on disk (before quitting or switching profile), and a
    /// refit taken in since the last answer with it.
    pub fn flush_saves(&mut self) {
        if self.model_unsaved {
            self.save();
        }
        let outcome = self.saver.as_ref().and_then(Saver::flush);
        if let Some(outcome) = outcome {
            self.saves_pending = false;
            self.record_save(outcome.map_err(|error| error.to_string()));
        }
    }
}

/// The live round's part, as the window and tests reach it.
#[cfg(feature = "live")]
impl Desk {
    pub fn live(&self) -> Option<&LiveHost> {
        self.live.host()
    }

    /// The most recent round anybody played in this profile, as its journal tells it
    /// (read when the Live screen opens with no round on).
    pub fn last_round(&self) -> Option<&crate::live::journal::RoundRecord> {
        self.live.kept().latest_played().map(|round| &round.record)
    }

    /// Every round this profile keeps, and the classes that played them.
    pub fn kept_rounds(&self) -> &crate::live::classes::KeptRounds {
        self.live.kept()
    }

    /// The class the next round is for, as the teacher picked or named it.
    pub fn live_class(&self) -> Option<&str> {
        self.live.class()
    }

    /// The ports listed for a round of "these ports", as typed.
    pub fn listed_ports(&self) -> &str {
        self.live.listed()
    }

    /// A kept round opened from the Rounds list: its place in [`Desk::kept_rounds`].
    pub fn opened_round(&self) -> Option<&crate::live::classes::KeptRound> {
        self.live.opened_round()
    }

    /// The class view of the chosen class for a round of this set-up: its recall now,
    /// weakest ports and families, recall over the weeks and the next round's plan.
    /// `None` with no class chosen. Worked out on each call: a view keeps it by
    /// [`Desk::version`] and the minute.
    pub fn class_report(
        &self,
        setup: crate::live::RoundSetup,
        now: DateTime<FixedOffset>,
    ) -> Option<crate::live::classes::ClassReport> {
        self.live.class_report(setup, now.to_utc())
    }

    /// The deck the class memory counts in (the table's cards, without the exam kinds).
    pub fn class_deck(&self) -> Option<&crate::deck::Deck> {
        self.live.class_deck()
    }

    /// The live part of the desk, with what it may use of the rest.
    fn live_and_needs(&mut self) -> (&mut live_desk::LiveDesk, live_desk::LiveNeeds<'_>) {
        let disk = Disk { store: &self.store, writable: self.writable };
        let (draws, notices, file_places) = (&mut self.draws, &mut self.notices, &mut self.file_places);
        let needs = live_desk::LiveNeeds { rows: &self.rows, facts: &self.facts, draws, disk, notices, file_places };
        (&mut self.live, needs)
    }

    /// The network adapters a round can be served on, the usual choice first: found
    /// when the Live screen is first opened, and again on [`LiveIntent::FindAdapters`].
    pub fn live_adapters(&self) -> &[crate::live::network::Adapter] {
        self.live.adapters()
    }

    /// The window's repaint, called from the server's thread when a phone changes
    /// something.
    pub fn set_live_waker(&mut self, waker: crate::live::server::Waker) {
        self.live.set_waker(waker);
    }

    /// The live server's clock (tests hand in their own).
    pub fn set_live_clock(&mut self, now: crate::live::server::Now) {
        self.live.set_clock(now);
    }

    /// How this computer's network adapters are found (tests hand in their own).
    pub fn set_adapter_finder(&mut self, find: AdapterFinder) {
        self.live.set_adapter_finder(find);
    }
}

fn opened(screen: Screen) -> Vec<Effect> {
    let mut effects = vec![Effect::Open(screen)];
    if screen == Screen::Study {
        effects.push(Effect::FocusAnswer);
    }
    effects
}

/// A card chosen elsewhere is on screen: the Study screen opens with an empty field.
fn studying() -> Vec<Effect> {
    vec![Effect::ClearAnswer, Effect::Open(Screen::Study), Effect::FocusAnswer]
}

/// A sentence saying that something failed (a file not written, a round not started),
/// logged here, where the failure is handled and shown, and returned to be shown.
pub(crate) fn logged_failure(sentence: String) -> String {
    log::error!("{sentence}");
    sentence
}

#[cfg(test)]
mod tests;

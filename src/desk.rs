//! One open profile, without a window: the place that decides.
//!
//! The desk owns what a learner has open: the study session, the store and its
//! writer thread, the profile lock, the profiles, the drill history, a running drill
//! or self-test, and whether the last save worked. Everything a learner can do is an
//! [`Intent`]; [`Desk::apply`] carries it out (the session, saving, files) and returns
//! the [`Effect`]s the window should show. The window only draws the desk's state
//! and turns clicks and keys into intents, so every decision here is tested without
//! one.
//!
//! Not here: drawing, keys, focus and layout (the `app` module).

mod drill_desk;
mod files;
#[cfg(feature = "live")]
mod live_desk;
mod opening;
mod pbq_desk;
mod profile_desk;

use std::path::PathBuf;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

pub use crate::pbq::work::{Edit as PbqEdit, PbqWork, RuleDraft};
#[cfg(feature = "live")]
pub use live_desk::{AdapterFinder, END_GRACE_SECONDS, LiveHost, LiveIntent};
pub use opening::Opening;
pub use pbq_desk::PbqIntent;

use crate::deck::{CardId, CardIndex, Deck};
use crate::drill::{Drill, Record, Setup};
use crate::facts::Facts;
use crate::file_dialog::FilePlaces;
use crate::profiles::Profiles;
use crate::progress::{AnswerMode, CardState, Grade, Settings};
use crate::refitter::Refitter;
use crate::saver::Saver;
use crate::selftest::SelfTest;
use crate::session::{Session, Showing};
use crate::sheets::Sheet;
use crate::store::{ProfileLock, Store};
use crate::table::PortRow;

/// Declares [`Screen`] from one list: a new screen is one line in it (and its view in
/// the window's list of views, which a test checks against [`Screen::ALL`]).
macro_rules! screens {
    ($($screen:ident => $title:literal,)+) => {
        /// The screens a learner can open, in tab order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Screen {
            $($screen,)+
        }

        impl Screen {
            /// Every screen, in tab order.
            pub const ALL: [Screen; [$($title),+].len()] = [$(Screen::$screen,)+];

            /// The tab's title.
            pub fn title(self) -> &'static str {
                match self {
                    $(Screen::$screen => $title,)+
                }
            }
        }
    };
}

screens! {
    Study => "Study",
    Browse => "Browse",
    Statistics => "Statistics",
    Drill => "Drill",
    SelfTest => "Self-test",
    Profiles => "Profiles",
    Settings => "Settings",
    Live => "Live",
    Pbq => "PBQ",
}

impl Screen {
    /// Its place in the tabs, from 0.
    pub fn place(self) -> usize {
        Screen::ALL.iter().position(|screen| *screen == self).unwrap_or(0)
    }
}

impl Default for Screen {
    fn default() -> Self {
        Screen::ALL[0]
    }
}

/// Whether the last save worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    NothingYet,
    Saved,
    Failed(String),
    ReadOnly,
}

/// How a self-test report is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Csv,
    Markdown,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Csv => "csv",
            ReportFormat::Markdown => "md",
        }
    }
}

/// Everything a learner can do.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Intent {
    /// Check this answer to the card on screen (typed mode).
    Submit(String),
    /// Pick the multiple-choice option at this place.
    Choose(usize),
    /// Flip mode: show the answer.
    Reveal,
    OverrideAsRight,
    Grade(Grade),
    Undo,
    PractiseAhead,
    StopPractisingAhead,
    /// Change what is studied and how (saved at once).
    Settings(SettingsIntent),
    /// Another window writes this progress: carry on without saving.
    OpenReadOnly,
    DismissNotice,
    Show(Screen),
    /// From Browse: ask this card now.
    StudyNow(CardIndex),
    /// From Browse: forget this card's progress (undo offered).
    ResetCard(CardIndex),
    UndoReset,
    /// Put these cards at the front of the study queue and study them.
    ReviewNow(Vec<CardIndex>),
    Drill(DrillIntent),
    SelfTest(SelfTestIntent),
    /// A performance-based question: start one, edit the answer, check it.
    Pbq(PbqIntent),
    Profile(ProfileIntent),
    #[cfg(feature = "live")]
    Live(LiveIntent),
    /// Write progress to this file (the progress.json format).
    Export(PathBuf),
    /// Merge progress from this file, card by card.
    Import(PathBuf),
    /// Write the cards the settings ask as an Anki text file.
    ExportAnki(PathBuf),
    /// Write a one-page cheat sheet (Markdown) of the deck.
    ExportCheatSheet(PathBuf),
    /// Forget all progress (a copy of the file is kept).
    ResetAll,
    /// Fit the memory model to the review log now (Settings, "Fit now").
    FitMemoryModel,
    /// Save everything and close.
    Quit,
}

/// The changes to what is studied and how.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingsIntent {
    SetAnswerMode(AnswerMode),
    SetExamExtras(bool),
    /// What the learner studies for: the deck follows.
    SetStudyFor(crate::coverage::StudyFor),
    SetExamDate(Option<NaiveDate>),
    SetLimits {
        new_per_day: u32,
        review_cap: u32,
        back_from_break: bool,
    },
    SetSettings(Box<Settings>),
    /// Ticks or unticks a row (by its ports) for "chosen ports" drills.
    TickDrillRow(String, bool),
}

impl From<SettingsIntent> for Intent {
    fn from(intent: SettingsIntent) -> Intent {
        Intent::Settings(intent)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum DrillIntent {
    Start(Setup),
    Answer(String),
    /// Presenter mode: on to the next question without scoring this one.
    Skip,
    Stop,
    Close,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SelfTestIntent {
    Start {
        questions: usize,
        limit: Option<Duration>,
        /// Performance-based questions first, as the exam opens: 0, 2 or 3.
        pbqs: usize,
    },
    /// A change to the performance-based question being worked.
    Pbq(PbqEdit),
    /// On from the performance-based question being worked.
    NextTask,
    Answer(String),
    Stop,
    Close,
    /// Write the report to `path`.
    Export {
        path: PathBuf,
        format: ReportFormat,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProfileIntent {
    Open(String),
    Create(String),
    Rename { from: String, to: String },
    Delete(String),
}

/// What happened, for the window to show.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Open this screen.
    Open(Screen),
    /// The study answer field should be emptied.
    ClearAnswer,
    /// The study answer field should take the keys.
    FocusAnswer,
    /// A sentence to show on a screen: a file written, a profile made, an error.
    Said(Screen, String),
    /// A drill started or closed (presenter mode goes full screen and back).
    DrillStarted,
    DrillClosed,
    /// Another profile is open: every screen starts afresh.
    ProfileSwitched,
    /// Everything is saved; the window may close.
    Quit,
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
    drill_history: Vec<Record>,
    drill: Option<Drill>,
    self_test: Option<SelfTest>,
    /// The performance-based question being worked.
    pbq: Option<PbqWork>,
    /// Every performance-based question checked on the PBQ screen.
    pbq_history: Vec<crate::pbq::PbqRecord>,
    seed: u64,
    /// Drills and self-tests started, so that each draws differently.
    runs: u64,
    /// The last card reset from Browse, for undo.
    last_reset: Option<(CardId, CardState)>,
    /// Where the file dialogs open.
    file_places: FilePlaces,
    /// The last round's journal, read when the Live screen opens with no round on.
    #[cfg(feature = "live")]
    last_round: Option<(PathBuf, crate::live::journal::RoundRecord)>,
    #[cfg(feature = "live")]
    live: Option<LiveHost>,
    #[cfg(feature = "live")]
    live_hooks: live_desk::LiveHooks,
}

impl Desk {
    /// Where the file dialogs open: the documents folder, or the folder last used.
    pub fn file_places(&self) -> &FilePlaces {
        &self.file_places
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

    /// A save handed to the writer thread has not reported back yet.
    pub fn saves_pending(&self) -> bool {
        self.saves_pending
    }

    pub fn drill_history(&self) -> &[Record] {
        &self.drill_history
    }

    pub fn drill(&self) -> Option<&Drill> {
        self.drill.as_ref()
    }

    pub fn self_test(&self) -> Option<&SelfTest> {
        self.self_test.as_ref()
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
            }
            Intent::OpenReadOnly => self.open_read_only(),
            Intent::Show(screen) => {
                self.keep_open_pbq_work();
                #[cfg(feature = "live")]
                if screen == Screen::Live {
                    self.find_adapters_once();
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
            Intent::Live(intent) => return self.apply_live(intent, now),
            Intent::Export(path) => return vec![self.export(&path)],
            Intent::Import(path) => return vec![self.import(&path, now)],
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
            SettingsIntent::SetExamDate(date) => self.session.set_exam_date(date, now),
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
    pub fn tick(&mut self, now: DateTime<FixedOffset>) {
        self.session.refresh(now);
        self.record_finished_drill(now.to_utc());
        self.record_finished_self_test_pbqs(now.to_utc());
        self.pump_refits();
        self.poll_saves();
        #[cfg(feature = "live")]
        self.tick_live(now);
    }

    /// When the window should look again even if nothing happens: the next card due
    /// on the done screen.
    pub fn wake_at(&self) -> Option<DateTime<Utc>> {
        #[cfg(feature = "live")]
        if let Some(stops) = self.live.as_ref().and_then(LiveHost::stops_at) {
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

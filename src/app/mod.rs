//! The egui window: routes the screen, turns keys and clicks into commands, and
//! applies them to the session after drawing.
//!
//! Nothing here decides anything a test would want to check: the session decides
//! what comes next, the store saves. This layer reads their state, draws it, and
//! sends the learner's intents back.

mod already_open;
mod browse;
mod drill;
mod keys;
mod profiles;
mod selftest;
mod settings;
mod stats;
mod study;

pub use eframe::egui;

use crate::clock::Clock;
use crate::deck::Deck;
use crate::facts::Facts;
use crate::profiles::Profiles;
use crate::progress::{AnswerMode, Grade};
use crate::saver::Saver;
use crate::session::{Session, Showing};
use crate::store::{Loaded, LockError, ProfileLock, Store};
use crate::table::PortRow;

/// Everything the window needs at start: the table, its facts, the learners'
/// profiles and which to open, the clock and the seed for random choices.
pub struct Startup {
    pub rows: Vec<PortRow>,
    pub facts: Facts,
    pub profiles: Profiles,
    pub profile: String,
    /// Start on the profile picker (several learners share this machine).
    pub pick_profile: bool,
    /// Save on a writer thread so that a frame never waits for the disk; tests that
    /// read the file straight after an answer save in place instead.
    pub background_saves: bool,
    pub clock: Box<dyn Clock>,
    pub seed: u64,
    /// Problems met while loading the table, shown once on screen.
    pub table_warnings: Vec<String>,
}

/// A learner's intent, collected while drawing and applied afterwards, so that the
/// model never changes halfway through a frame.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Command {
    Submit,
    Choose(usize),
    Reveal,
    OverrideAsRight,
    SetAnswerMode(AnswerMode),
    SetExamExtras(bool),
    SetExamDate(Option<chrono::NaiveDate>),
    SetLimits {
        new_per_day: u32,
        review_cap: u32,
        back_from_break: bool,
    },
    Undo,
    OpenReadOnly,
    Grade(Grade),
    PractiseAhead,
    StopPractisingAhead,
    DismissNotice,
    Show(Screen),
    /// From Browse: ask this card now.
    StudyNow(usize),
    /// From Browse: pick a line (a click; the arrow keys pick directly).
    SelectBrowseLine(usize),
    /// From Browse: forget this card's progress (undo offered).
    ResetCard(usize),
    UndoReset,
    StartDrill(crate::drill::Setup),
    DrillAnswer(String),
    /// Presenter mode: show the answer to the class.
    DrillReveal,
    /// Presenter mode: on to the next question without scoring this one.
    DrillNext,
    StopDrill,
    CloseDrill,
    TickDrillRow(String, bool),
    StartSelfTest,
    SelfTestAnswer(String),
    EndSelfTest,
    CloseSelfTest,
    /// Puts these cards at the front of the study queue.
    ReviewNow(Vec<usize>),
    /// Writes a report to a file: path, contents.
    ExportReport(String, String),
    SetSettings(Box<crate::progress::Settings>),
    ToggleKeyHelp,
    OpenProfile(String),
    CreateProfile(String),
    RenameProfile(String, String),
    DeleteProfile(String),
    Export(String),
    Import(String),
    ResetAll,
    Quit,
}

/// The screens, one file each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Study,
    Browse,
    Statistics,
    Drill,
    SelfTest,
    Profiles,
    Settings,
}

impl Screen {
    pub const ALL: [Screen; 7] = [
        Screen::Study,
        Screen::Browse,
        Screen::Statistics,
        Screen::Drill,
        Screen::SelfTest,
        Screen::Profiles,
        Screen::Settings,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Study => "Study",
            Screen::Browse => "Browse",
            Screen::Statistics => "Statistics",
            Screen::Drill => "Drill",
            Screen::SelfTest => "Self-test",
            Screen::Profiles => "Profiles",
            Screen::Settings => "Settings",
        }
    }

    fn key(self) -> egui::Key {
        match self {
            Screen::Study => egui::Key::F1,
            Screen::Browse => egui::Key::F2,
            Screen::Statistics => egui::Key::F3,
            Screen::Drill => egui::Key::F4,
            Screen::SelfTest => egui::Key::F5,
            Screen::Profiles => egui::Key::F6,
            Screen::Settings => egui::Key::F7,
        }
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

pub struct PortcardsApp {
    session: Session,
    rows: Vec<PortRow>,
    facts: Facts,
    store: Store,
    profiles: Profiles,
    profile: String,
    writable: bool,
    save_status: SaveStatus,
    /// Held for as long as this window may write; `None` when read-only or unlockable.
    _lock: Option<ProfileLock>,
    /// Another window holds the lock and the learner has not chosen yet.
    blocked_by_other_window: bool,
    clock: Box<dyn Clock>,
    notices: Vec<String>,
    /// What is typed in the answer field.
    typed: String,
    focus_answer: bool,
    quit_requested: bool,
    screen: Screen,
    study: study::StudyState,
    browse: browse::BrowseState,
    stats: stats::StatsState,
    drill: drill::DrillState,
    drill_history: Vec<crate::drill::Record>,
    selftest: selftest::SelfTestState,
    profile_screen: profiles::ProfilesState,
    /// The writer thread, when saves happen off the UI thread.
    saver: Option<Saver>,
    saves_pending: bool,
    /// The theme and text size last applied to the context.
    applied_look: Option<(crate::progress::Theme, f32)>,
    show_key_help: bool,
    seed: u64,
    /// Drills and self-tests started, so that each draws differently.
    runs: u64,
    /// The last card reset from Browse, for undo.
    last_reset: Option<(crate::deck::CardId, crate::progress::CardState)>,
}

impl PortcardsApp {
    pub fn new(ctx: &egui::Context, startup: Startup) -> Self {
        configure_style(ctx);
        let now = startup.clock.now();
        let store = startup.profiles.store(&startup.profile);
        let opened = Opened::open(&store, &startup.rows, &startup.facts, now, startup.seed);
        let store_for_saver = store.clone();
        let _ = startup.profiles.set_last_used(&startup.profile);
        let mut notices = startup.table_warnings;
        notices.extend(opened.notices);
        PortcardsApp {
            session: opened.session,
            rows: startup.rows,
            facts: startup.facts,
            store,
            profiles: startup.profiles,
            profile: startup.profile,
            writable: opened.writable,
            save_status: opened.save_status,
            _lock: opened.lock,
            blocked_by_other_window: opened.blocked_by_other_window,
            clock: startup.clock,
            notices,
            typed: String::new(),
            focus_answer: true,
            quit_requested: false,
            screen: if startup.pick_profile { Screen::Profiles } else { Screen::Study },
            study: study::StudyState::default(),
            browse: browse::BrowseState::default(),
            stats: stats::StatsState::default(),
            drill: drill::DrillState::default(),
            drill_history: opened.drill_history,
            selftest: selftest::SelfTestState::default(),
            profile_screen: profiles::ProfilesState::default(),
            saver: startup.background_saves.then(|| Saver::spawn(store_for_saver)),
            saves_pending: false,
            applied_look: None,
            show_key_help: false,
            seed: startup.seed,
            runs: 0,
            last_reset: None,
        }
    }

    /// Closes the current profile (its lock goes) and opens another in its place.
    fn switch_profile(&mut self, name: &str, now: chrono::DateTime<chrono::FixedOffset>) {
        self.flush_saves();
        self._lock = None;
        self.store = self.profiles.store(name);
        if self.saver.is_some() {
            self.saver = Some(Saver::spawn(self.store.clone()));
        }
        let opened = Opened::open(&self.store, &self.rows, &self.facts, now, self.seed);
        self.session = opened.session;
        self.writable = opened.writable;
        self.save_status = opened.save_status;
        self._lock = opened.lock;
        self.blocked_by_other_window = opened.blocked_by_other_window;
        self.drill_history = opened.drill_history;
        self.notices = opened.notices;
        self.profile = name.to_string();
        self.last_reset = None;
        self.typed.clear();
        self.drill.running = None;
        self.selftest.running = None;
        self.study = study::StudyState::default();
        let _ = self.profiles.set_last_used(name);
        self.screen = Screen::Study;
        self.focus_answer = true;
    }

    pub fn profile(&self) -> &str {
        &self.profile
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn save_status(&self) -> &SaveStatus {
        &self.save_status
    }

    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn is_writable(&self) -> bool {
        self.writable
    }

    pub fn quit_requested(&self) -> bool {
        self.quit_requested
    }

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        let now = self.clock.now();
        match command {
            Command::Submit => self.session.submit(&self.typed, now),
            Command::Choose(choice) => self.session.choose(choice, now),
            Command::Reveal => self.session.reveal(now),
            Command::OverrideAsRight => self.session.override_as_right(),
            Command::SetAnswerMode(mode) => {
                self.session.set_answer_mode(mode);
                self.focus_answer = true;
                self.save();
            }
            Command::SetExamExtras(on) => {
                let deck = Deck::build(self.rows.clone(), &self.facts, on);
                self.session.replace_deck(deck, on, now);
                self.typed.clear();
                self.focus_answer = true;
                self.save();
            }
            Command::Grade(grade) => {
                if self.session.grade(grade, now).is_some() {
                    self.typed.clear();
                    self.focus_answer = true;
                    self.save();
                }
            }
            Command::PractiseAhead => {
                self.session.practise_ahead(now);
                self.focus_answer = true;
            }
            Command::StopPractisingAhead => self.session.stop_practising_ahead(now),
            Command::SetExamDate(date) => {
                self.session.set_exam_date(date, now);
                self.save();
            }
            Command::SetLimits { new_per_day, review_cap, back_from_break } => {
                self.session.set_limits(new_per_day, review_cap, back_from_break, now);
                self.save();
            }
            Command::Undo => {
                if self.session.undo() {
                    self.save();
                }
            }
            Command::OpenReadOnly => {
                self.blocked_by_other_window = false;
                self.writable = false;
                self.save_status = SaveStatus::ReadOnly;
                self.notices.push(
                    "Read-only: another window is writing this progress, so answers here are not saved.".to_string(),
                );
            }
            Command::DismissNotice => {
                self.notices.remove(0);
            }
            Command::Show(screen) => {
                self.screen = screen;
                self.focus_answer = screen == Screen::Study;
            }
            Command::SelectBrowseLine(card) => self.browse.selected = Some(card),
            Command::StudyNow(card) => {
                self.session.study_now(card, now);
                self.typed.clear();
                self.screen = Screen::Study;
                self.focus_answer = true;
            }
            Command::ResetCard(card) => {
                if let Some(state) = self.session.reset_card(card, now) {
                    self.last_reset = Some((self.session.card(card).id.clone(), state));
                    self.save();
                }
            }
            Command::UndoReset => {
                if let Some((id, state)) = self.last_reset.take() {
                    self.session.restore_card(id, state);
                    self.save();
                }
            }
            Command::StartDrill(setup) => {
                self.runs += 1;
                let seed = self.seed.wrapping_add(self.runs);
                match crate::drill::Drill::start(self.session.deck(), setup, now.to_utc(), seed) {
                    Ok(started) => {
                        self.drill.running = Some(started);
                        self.drill.error = None;
                        self.drill.typed.clear();
                        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.drill.presenter));
                    }
                    Err(error) => self.drill.error = Some(error),
                }
            }
            Command::DrillAnswer(given) => {
                let deck = self.session.deck();
                if let Some(running) = self.drill.running.as_mut() {
                    running.answer(deck, &given, now.to_utc());
                }
                self.drill.revealed = false;
            }
            Command::DrillReveal => self.drill.revealed = true,
            Command::DrillNext => {
                let deck = self.session.deck();
                if let Some(running) = self.drill.running.as_mut() {
                    running.skip(deck, now.to_utc());
                }
                self.drill.revealed = false;
            }
            Command::StopDrill => {
                if let Some(running) = self.drill.running.as_mut() {
                    running.stop();
                }
            }
            Command::CloseDrill => {
                self.drill.running = None;
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
            }
            Command::TickDrillRow(ports, ticked) => {
                self.session.tick_drill_row(ports, ticked);
                self.save();
            }
            Command::StartSelfTest => {
                self.runs += 1;
                let seed = self.seed.wrapping_add(self.runs);
                let (count, limit) = (self.selftest.questions, self.selftest.limit());
                self.selftest.running = Some(crate::selftest::SelfTest::start(
                    self.session.deck(),
                    &self.session.progress().settings,
                    count,
                    limit,
                    now.to_utc(),
                    seed,
                ));
                self.selftest.message = None;
            }
            Command::SelfTestAnswer(given) => {
                let deck = self.session.deck();
                if let Some(test) = self.selftest.running.as_mut() {
                    test.answer(deck, &given, now.to_utc());
                }
            }
            Command::EndSelfTest => {
                if let Some(test) = self.selftest.running.as_mut() {
                    test.stop();
                }
            }
            Command::CloseSelfTest => self.selftest.running = None,
            Command::ReviewNow(cards) => {
                self.session.queue_now(&cards, now);
                self.screen = Screen::Study;
                self.focus_answer = true;
            }
            Command::SetSettings(settings) => {
                let extras = settings.exam_extras;
                let extras_changed = extras != self.session.progress().settings.exam_extras;
                self.session.set_settings(*settings, now);
                if extras_changed {
                    let deck = Deck::build(self.rows.clone(), &self.facts, extras);
                    self.session.replace_deck(deck, extras, now);
                }
                self.save();
            }
            Command::ToggleKeyHelp => self.show_key_help = !self.show_key_help,
            Command::OpenProfile(name) => self.switch_profile(&name, now),
            Command::CreateProfile(name) => {
                self.profile_screen.message = Some(match self.profiles.create(&name) {
                    Ok(()) => format!("Profile {} created.", name.trim()),
                    Err(error) => error.to_string(),
                });
            }
            Command::RenameProfile(old, new) => {
                let renaming_current = old == self.profile;
                if renaming_current {
                    self._lock = None;
                }
                let outcome = self.profiles.rename(&old, &new);
                self.profile_screen.message = Some(match &outcome {
                    Ok(()) => format!("{old} is now {}.", new.trim()),
                    Err(error) => error.to_string(),
                });
                if renaming_current {
                    let name = if outcome.is_ok() { new.trim().to_string() } else { old };
                    self.switch_profile(&name, now);
                    self.screen = Screen::Profiles;
                }
            }
            Command::DeleteProfile(name) => {
                if name == self.profile {
                    self.switch_profile(crate::profiles::DEFAULT_PROFILE, now);
                    self.screen = Screen::Profiles;
                }
                self.profile_screen.message = Some(match self.profiles.delete(&name, now.to_utc()) {
                    Ok(kept) => format!("Profile {name} deleted; its files were kept in {}.", kept.display()),
                    Err(error) => error.to_string(),
                });
            }
            Command::ExportReport(path, contents) => {
                self.selftest.message = Some(match std::fs::write(&path, contents) {
                    Ok(()) => format!("Report written to {path}."),
                    Err(error) => format!("Could not write {path}: {error}"),
                });
            }
            Command::Export(path) => {
                self.stats.message = Some(match crate::store::Store::export(self.session.progress(), path.as_ref()) {
                    Ok(()) => format!("Progress exported to {path}."),
                    Err(error) => error.to_string(),
                });
            }
            Command::Import(path) => {
                self.stats.message = Some(match crate::store::Store::import(path.as_ref()) {
                    Ok(other) => {
                        let mut merged = self.session.progress().clone();
                        let summary = merged.merge(other);
                        self.session.replace_progress(merged, now);
                        self.save();
                        format!(
                            "Imported {path}: {} card(s) updated, {} review(s) added.",
                            summary.cards_taken, summary.reviews_added
                        )
                    }
                    Err(error) => error,
                });
            }
            Command::ResetAll => {
                let kept = if self.writable { self.store.keep_before_reset(now.to_utc()) } else { Ok(None) };
                self.stats.message = Some(match kept {
                    Err(error) => format!("Nothing was reset: {error}"),
                    Ok(kept) => {
                        let settings = self.session.progress().settings.clone();
                        self.session
                            .replace_progress(crate::progress::Progress { settings, ..Default::default() }, now);
                        self.save();
                        match kept {
                            Some(path) => {
                                format!("All progress was reset. The old file was kept as {}.", path.display())
                            }
                            None => "All progress was reset.".to_string(),
                        }
                    }
                });
            }
            Command::Quit => {
                self.flush_saves();
                self.quit_requested = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Theme and text size from the settings, applied when they change.
    fn apply_look(&mut self, ctx: &egui::Context) {
        let settings = &self.session.progress().settings;
        let look = (settings.theme, settings.font_size);
        if self.applied_look == Some(look) {
            return;
        }
        ctx.set_theme(match look.0 {
            crate::progress::Theme::System => egui::ThemePreference::System,
            crate::progress::Theme::Dark => egui::ThemePreference::Dark,
            crate::progress::Theme::Light => egui::ThemePreference::Light,
        });
        ctx.set_zoom_factor((look.1 / crate::progress::BASE_FONT_SIZE).clamp(0.5, 3.0));
        self.applied_look = Some(look);
    }

    pub fn key_help_shown(&self) -> bool {
        self.show_key_help
    }

    /// A drill that has just ended goes into the history, once.
    fn record_finished_drill(&mut self, now: chrono::DateTime<chrono::Utc>) {
        let Some(running) = self.drill.running.as_ref() else { return };
        let record = running.record();
        if running.is_over(now) && self.drill_history.last() != Some(&record) {
            self.drill_history.push(record);
            if self.writable
                && let Err(error) = self.store.save_drills(&self.drill_history)
            {
                self.save_status = SaveStatus::Failed(error.to_string());
            }
        }
    }

    /// The drill on screen, for tests that need to know the right option.
    pub fn drill_for_test(&self) -> Option<&crate::drill::Drill> {
        self.drill.running.as_ref()
    }

    /// The self-test on screen, for tests that need to know the questions.
    pub fn self_test_for_test(&self) -> Option<&crate::selftest::SelfTest> {
        self.selftest.running.as_ref()
    }

    pub fn drill_history(&self) -> &[crate::drill::Record] {
        &self.drill_history
    }

    fn save(&mut self) {
        if !self.writable {
            return;
        }
        match &self.saver {
            Some(saver) => {
                saver.save(self.session.progress().clone());
                self.saves_pending = true;
            }
            None => self.record_save(self.store.save(self.session.progress()).map_err(|error| error.to_string())),
        }
    }

    fn record_save(&mut self, outcome: Result<(), String>) {
        self.save_status = match outcome {
            Ok(()) => SaveStatus::Saved,
            Err(error) => SaveStatus::Failed(error),
        };
    }

    /// Takes in what the writer thread has finished; keeps frames coming while it works.
    fn poll_saves(&mut self, ctx: &egui::Context) {
        let Some(saver) = &self.saver else { return };
        if let Some(outcome) = saver.poll() {
            self.saves_pending = false;
            self.record_save(outcome);
        } else if self.saves_pending {
            ctx.request_repaint_after(std::time::Duration::from_millis(20));
        }
    }

    /// Waits until every answer is on disk (before quitting or switching profile).
    pub fn flush_saves(&mut self) {
        let outcome = self.saver.as_ref().and_then(Saver::flush);
        if let Some(outcome) = outcome {
            self.saves_pending = false;
            self.record_save(outcome);
        }
    }

    /// Keys that work whatever has focus.
    fn global_keys(&self, ctx: &egui::Context) -> Vec<Command> {
        let mut commands = Vec::new();
        let typing = ctx.memory(|memory| memory.focused().is_some());
        ctx.input_mut(|input| {
            if input.consume_key(egui::Modifiers::COMMAND, egui::Key::Q) {
                commands.push(Command::Quit);
            }
            for screen in Screen::ALL {
                if input.consume_key(egui::Modifiers::NONE, screen.key()) {
                    commands.push(Command::Show(screen));
                }
            }
            let question_mark =
                input.events.iter().any(|event| matches!(event, egui::Event::Text(text) if text == "?"));
            if (!typing && question_mark) || (self.show_key_help && input.key_pressed(egui::Key::Escape)) {
                commands.push(Command::ToggleKeyHelp);
            }
            if self.screen != Screen::Study {
                return;
            }
            if input.consume_key(egui::Modifiers::COMMAND, egui::Key::Z) {
                commands.push(Command::Undo);
            }
            if input.consume_key(egui::Modifiers::COMMAND, egui::Key::M) {
                commands.push(Command::SetAnswerMode(self.session.answer_mode().next()));
            }
            match (self.session.showing(), self.session.answer_mode()) {
                (Showing::Answer { answered, .. }, _) => {
                    for grade in Grade::ALL {
                        if input.consume_key(egui::Modifiers::NONE, grade_key(grade)) {
                            commands.push(Command::Grade(grade));
                        }
                    }
                    if input.consume_key(egui::Modifiers::NONE, egui::Key::Enter) {
                        commands.push(Command::Grade(answered.suggested));
                    }
                    if input.consume_key(egui::Modifiers::NONE, egui::Key::R) {
                        commands.push(Command::OverrideAsRight);
                    }
                }
                (Showing::Question { choices, .. }, AnswerMode::MultipleChoice) => {
                    for (index, key) in CHOICE_KEYS.iter().enumerate().take(choices.len()) {
                        if input.consume_key(egui::Modifiers::NONE, *key) {
                            commands.push(Command::Choose(index));
                        }
                    }
                }
                (Showing::Question { .. }, AnswerMode::Flip)
                    if input.consume_key(egui::Modifiers::NONE, egui::Key::Space)
                        || input.consume_key(egui::Modifiers::NONE, egui::Key::Enter) =>
                {
                    commands.push(Command::Reveal);
                }
                _ => {}
            }
        });
        commands.truncate(1);
        commands
    }
}

const CHOICE_KEYS: [egui::Key; 4] = [egui::Key::Num1, egui::Key::Num2, egui::Key::Num3, egui::Key::Num4];

fn grade_key(grade: Grade) -> egui::Key {
    match grade {
        Grade::Again => egui::Key::Num1,
        Grade::Hard => egui::Key::Num2,
        Grade::Good => egui::Key::Num3,
        Grade::Easy => egui::Key::Num4,
    }
}

/// A menu of the port families, with "All families" for none.
fn family_picker(ui: &mut egui::Ui, label: &str, family: &mut Option<crate::exam::Family>) -> bool {
    let shown = family.map_or("All families", crate::exam::Family::title);
    let before = *family;
    egui::ComboBox::from_label(label).selected_text(shown).show_ui(ui, |ui| {
        ui.selectable_value(family, None, "All families");
        for choice in crate::exam::Family::ALL {
            ui.selectable_value(family, Some(choice), choice.title());
        }
    });
    *family != before
}

/// Every key, in one place (shown with `?`).
const KEYS: &[(&str, &str)] = &[
    ("F1 ... F7", "Study, Browse, Statistics, Drill, Self-test, Profiles, Settings"),
    ("Enter", "check a typed answer; after answering, take the suggested grade"),
    ("1 2 3 4", "grade Again, Hard, Good, Easy; pick an option in multiple choice"),
    ("Space", "show the answer (flip and grade)"),
    ("R", "I was right (after a wrong typed answer)"),
    ("Ctrl+Z", "undo the last answer"),
    ("Ctrl+M", "next answer mode"),
    ("A / Esc", "practise ahead when done for today / stop practising ahead"),
    ("Ctrl+D", "dismiss a notice"),
    ("P / Enter / Esc", "Drill: presenter mode, start, stop"),
    ("M / N", "Drill results: drill the misses again, new drill"),
    ("Ctrl+End", "Self-test: end the test now"),
    ("R / N", "Self-test report: review the misses now, new self-test"),
    ("Ctrl+E / Ctrl+Shift+E", "Statistics: export progress; Self-test report: export CSV / Markdown"),
    ("Ctrl+I", "Statistics: import and merge"),
    ("Ctrl+Shift+Delete", "Statistics: reset all progress (Y confirms, Esc cancels)"),
    ("Up / Down", "Browse and Profiles: move the marker"),
    ("Enter / Delete", "Browse: ask now / reset the card; Profiles: open / delete (Y confirms)"),
    ("Ctrl+Z", "Browse: undo a reset"),
    ("Alt+1 ... Alt+9", "Browse: sort by a column (again: the other way)"),
    ("Ctrl+R / Ctrl+N", "Profiles: rename the marked profile / create a profile"),
    ("Ctrl+0", "Settings: text size back to normal"),
    ("?", "this list (Esc closes it)"),
    ("Ctrl+Q", "save and quit"),
];

fn key_help_window(ctx: &egui::Context, commands: &mut Vec<Command>) {
    egui::Window::new("Keyboard")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            egui::Grid::new("keys").num_columns(2).spacing([16.0, 6.0]).show(ui, |ui| {
                for (keys, what) in KEYS {
                    ui.strong(*keys);
                    ui.label(*what);
                    ui.end_row();
                }
            });
            if ui.button("Close").clicked() {
                commands.push(Command::ToggleKeyHelp);
            }
        });
}

/// A profile's files, opened: the session, whether it may be written, and what to say.
struct Opened {
    session: Session,
    writable: bool,
    save_status: SaveStatus,
    lock: Option<ProfileLock>,
    blocked_by_other_window: bool,
    drill_history: Vec<crate::drill::Record>,
    notices: Vec<String>,
}

impl Opened {
    fn open(
        store: &Store,
        rows: &[PortRow],
        facts: &Facts,
        now: chrono::DateTime<chrono::FixedOffset>,
        seed: u64,
    ) -> Self {
        let (lock, blocked_by_other_window, lock_notice) = match store.lock() {
            Ok(lock) => (Some(lock), false, None),
            Err(LockError::HeldElsewhere) => (None, true, None),
            Err(error) => (None, false, Some(format!("Progress may not be saved: {error}."))),
        };
        // Another window owns the file: do not even set a corrupt file aside under it.
        let loaded =
            if blocked_by_other_window { Loaded { writable: false, ..store.peek() } } else { store.load(now.to_utc()) };
        let save_status = if loaded.writable { SaveStatus::NothingYet } else { SaveStatus::ReadOnly };
        let deck = Deck::build(rows.to_vec(), facts, loaded.progress.settings.exam_extras);
        Opened {
            session: Session::new(deck, loaded.progress, now, seed),
            writable: loaded.writable,
            save_status,
            lock,
            blocked_by_other_window,
            drill_history: store.load_drills(now.to_utc()),
            notices: lock_notice.into_iter().chain(loaded.notice).collect(),
        }
    }
}

/// The tabs and the save status, on every screen.
fn navigation(ui: &mut egui::Ui, current: Screen, save_status: &SaveStatus) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        // The name gives way to the tabs in a narrow window.
        if ui.available_width() > 880.0 {
            ui.heading("portcards");
            ui.separator();
        }
        for screen in Screen::ALL {
            let tab = ui.selectable_label(screen == current, screen.title());
            if tab.on_hover_text(format!("{:?}", screen.key())).clicked() && screen != current {
                commands.push(Command::Show(screen));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| match save_status {
            SaveStatus::NothingYet => {}
            SaveStatus::Saved => {
                ui.label(egui::RichText::new("Progress saved").weak());
            }
            SaveStatus::Failed(error) => {
                ui.label(egui::RichText::new("Progress NOT saved").color(egui::Color32::RED).strong())
                    .on_hover_text(error);
            }
            SaveStatus::ReadOnly => {
                ui.label(
                    egui::RichText::new("Read-only: progress is not saved")
                        .color(egui::Color32::from_rgb(230, 140, 30))
                        .strong(),
                );
            }
        });
    });
    commands
}

fn configure_style(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        // A blinking cursor repaints twice a second forever; a steady one costs nothing.
        style.visuals.text_cursor.blink = false;
        style.spacing.button_padding = egui::vec2(10.0, 6.0);
    });
}

impl eframe::App for PortcardsApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let now = self.clock.now();
        self.session.refresh(now);
        if self.blocked_by_other_window {
            let mut commands = already_open::show(ui);
            if ctx.input_mut(|input| input.consume_key(egui::Modifiers::COMMAND, egui::Key::Q)) {
                commands.push(Command::Quit);
            }
            for command in commands {
                self.apply(&ctx, command);
            }
            return;
        }
        self.apply_look(&ctx);
        self.poll_saves(&ctx);
        let mut commands = self.global_keys(&ctx);
        if self.show_key_help {
            key_help_window(&ctx, &mut commands);
        }
        // Presenting a drill, the screen holds the question, the timer and the tally only.
        let presenting = self.screen == Screen::Drill && self.drill.presenter && self.drill.running.is_some();
        if !presenting {
            egui::Panel::top("navigation")
                .show(ui, |ui| commands.extend(navigation(ui, self.screen, &self.save_status)));
        }
        match self.screen {
            Screen::Study => {
                let view = study::StudyView {
                    session: &self.session,
                    now,
                    save_status: &self.save_status,
                    notice: self.notices.first().map(String::as_str),
                };
                commands.extend(study::show(ui, &view, &mut self.study, &mut self.typed, &mut self.focus_answer));
            }
            Screen::Browse => {
                let undo = self.last_reset.as_ref().map(|(id, _)| id);
                commands.extend(browse::show(ui, &self.session, now.to_utc(), &mut self.browse, undo));
            }
            Screen::Statistics => commands.extend(stats::show(ui, &self.session, now, &mut self.stats)),
            Screen::Drill => commands.extend(drill::show(
                ui,
                self.session.deck(),
                now.to_utc(),
                &mut self.drill,
                &self.session.progress().settings.drill_rows,
                &self.drill_history,
            )),
            Screen::SelfTest => {
                commands.extend(selftest::show(ui, self.session.deck(), now.to_utc(), &mut self.selftest))
            }
            Screen::Profiles => {
                commands.extend(profiles::show(ui, &self.profiles.list(), &self.profile, &mut self.profile_screen))
            }
            Screen::Settings => commands.extend(settings::show(ui, &self.session.progress().settings, &mut self.study)),
        }
        for command in commands {
            self.apply(&ctx, command);
        }
        self.record_finished_drill(now.to_utc());
        if let Showing::Done { next_due: Some(next) } = self.session.showing() {
            let wait = (*next - now.to_utc()).to_std().unwrap_or_default();
            ctx.request_repaint_after(wait + std::time::Duration::from_millis(500));
        }
    }
}

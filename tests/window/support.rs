//! The window tests' one set-up: the real app on a temporary folder at a known time,
//! and what a learner does (a key, a click, typing), each followed by the frame that
//! shows it.
//!
//! ```text
//! let mut window = Window::new().size(800.0, 600.0).open();
//! window.type_answer("ssh");
//! window.press(Key::Enter);
//! window.get_by_label("Correct");
//! ```
//!
//! A `Window` is the egui_kittest `Harness` underneath (it derefs to it), for the
//! queries (`get_by_label`), the app (`state()`) and the rare raw event.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, FixedOffset};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portcards::app::egui::{Key, Modifiers};
use portcards::app::{PortcardsApp, Startup};
use portcards::clock::{Clock, ManualClock};
use portcards::desk::{Desk, Intent};
use portcards::facts::Facts;
use portcards::file_dialog::DialogStyle;
use portcards::profiles::{DEFAULT_PROFILE, Profiles};
use portcards::progress::Progress;
use portcards::session::Session;
use portcards::store::Store;
use portcards::table::parse_table;
use tempfile::TempDir;

/// When a window's clock starts, unless the test says otherwise.
pub const START: &str = "2026-11-27T10:00:00+00:00";

/// The real app in a headless window, on a folder of its own.
pub struct Window {
    harness: Harness<'static, PortcardsApp>,
    clock: ManualClock,
    setup: WindowSetup,
    // Declared last, so removed after the app has let go of it.
    _temporary: Option<TempDir>,
}

/// How a window opens; `Window::new()` starts one, `open()` opens it.
pub struct WindowSetup {
    folder: Option<PathBuf>,
    start: &'static str,
    size: [f32; 2],
    table: &'static str,
    progress: Option<Progress>,
    background_saves: bool,
    log_file: Option<PathBuf>,
    file_dialogs: DialogStyle,
}

impl Window {
    /// A window of 960x720 at [`START`], on a new temporary folder, studying the
    /// built-in table. (It returns the set-up, for `Window::new().size(..).open()`.)
    #[allow(clippy::new_ret_no_self)]
    pub fn new() -> WindowSetup {
        WindowSetup {
            folder: None,
            start: START,
            size: [960.0, 720.0],
            table: portcards::BUILTIN_TABLE,
            progress: None,
            background_saves: false,
            log_file: None,
            file_dialogs: DialogStyle::InApp,
        }
    }

    /// The folder the app keeps its files in.
    pub fn folder(&self) -> &Path {
        self.setup.folder.as_deref().expect("an open window has a folder")
    }

    pub fn desk(&self) -> &Desk {
        self.harness.state().desk()
    }

    /// The study session: the deck, the card on screen, the progress.
    pub fn session(&self) -> &Session {
        self.desk().session()
    }

    /// The window's time now.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    /// Moves the window's clock on (or back). No frame runs: the next one sees the time.
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// Presses a key and runs the frame.
    pub fn press(&mut self, key: Key) {
        self.press_with(Modifiers::NONE, key);
    }

    /// Ctrl (Cmd on a Mac) and a key, and the frame.
    pub fn ctrl(&mut self, key: Key) {
        self.press_with(Modifiers::COMMAND, key);
    }

    /// Alt and a key, and the frame.
    pub fn alt(&mut self, key: Key) {
        self.press_with(Modifiers::ALT, key);
    }

    /// Ctrl+Shift (Cmd+Shift on a Mac) and a key, and the frame.
    pub fn ctrl_shift(&mut self, key: Key) {
        self.press_with(Modifiers::COMMAND | Modifiers::SHIFT, key);
    }

    fn press_with(&mut self, modifiers: Modifiers, key: Key) {
        self.harness.key_press_modifiers(modifiers, key);
        self.harness.run();
    }

    /// Clicks the widget named `label` and runs the frame.
    pub fn click(&mut self, label: &str) {
        self.harness.get_by_label(label).click();
        self.harness.run();
    }

    /// Clicks the widget whose name contains `text` and runs the frame.
    pub fn click_containing(&mut self, text: &str) {
        self.harness.get_by_label_contains(text).click();
        self.harness.run();
    }

    /// Puts the keyboard in the field named `label`, types `text` and runs the frame.
    pub fn type_into(&mut self, label: &str, text: &str) {
        let field = self.harness.get_by_label(label);
        field.focus();
        field.type_text(text);
        self.harness.run();
    }

    /// Replaces what the field named `label` holds with `text` (Ctrl+A, then typing),
    /// and runs the frame.
    pub fn retype(&mut self, label: &str, text: &str) {
        self.harness.get_by_label(label).focus();
        self.harness.run();
        self.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        self.harness.get_by_label(label).type_text(text);
        self.harness.run();
    }

    /// Types `text` wherever the keyboard is now, without putting it anywhere first
    /// (as a learner who just keeps typing), and runs the frame.
    pub fn keep_typing(&mut self, text: &str) {
        self.harness.event(portcards::app::egui::Event::Text(text.to_string()));
        self.harness.run();
    }

    /// What the answer field holds.
    pub fn answer_field(&self) -> String {
        use egui_kittest::kittest::NodeT;
        self.harness.get_by_label("Your answer").accesskit_node().value().unwrap_or_default().to_string()
    }

    /// Types into the answer field and presses Enter.
    pub fn type_answer(&mut self, text: &str) {
        self.type_into("Your answer", text);
        self.press(Key::Enter);
    }

    /// Answers the card on screen with its own answer and takes the suggested grade
    /// (Enter, Enter).
    pub fn answer_right(&mut self) {
        let answer = self.session().current_card().expect("a card").answer.clone();
        self.type_answer(&answer);
        self.press(Key::Enter);
    }

    /// Asks this card now (as Browse's "Ask now" does), whatever the shuffle put first.
    pub fn ask(&mut self, id: &str) {
        let card = self.session().deck().position(&portcards::testing::card_id(id)).expect("a card");
        self.harness.state_mut().queue_intent(Intent::StudyNow(card));
        self.harness.run();
    }

    /// In an open file dialog: replaces the file name with `path` and presses Enter, as
    /// a learner who types a whole path would.
    pub fn choose_file(&mut self, path: &Path) {
        self.retype("File name", &path.display().to_string());
        self.press(Key::Enter);
    }

    /// Closes the window and starts the app again on the same folder, with the same
    /// clock and size.
    pub fn reopen(self) -> Window {
        let Window { harness, clock, setup, _temporary } = self;
        drop(harness);
        let harness = setup.start_app(&clock);
        Window { harness, clock, setup, _temporary }
    }
}

impl WindowSetup {
    pub fn size(mut self, width: f32, height: f32) -> Self {
        self.size = [width, height];
        self
    }

    /// Starts the clock at `rfc3339` instead of [`START`].
    pub fn at(mut self, rfc3339: &'static str) -> Self {
        self.start = rfc3339;
        self
    }

    /// Studies this markdown table, as `portcards --table my.md` would.
    pub fn table(mut self, markdown: &'static str) -> Self {
        self.table = markdown;
        self
    }

    /// Saves this progress in the folder before the app opens.
    pub fn progress(mut self, progress: Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Opens on this folder (which the test made and keeps) instead of a new one.
    pub fn in_folder(mut self, folder: &Path) -> Self {
        self.folder = Some(folder.to_path_buf());
        self
    }

    /// Saves on a writer thread, as the binary does.
    pub fn saving_in_background(mut self) -> Self {
        self.background_saves = true;
        self
    }

    /// Names this log file to the app, as the binary names the one it started.
    pub fn logging_to(mut self, log_file: &Path) -> Self {
        self.log_file = Some(log_file.to_path_buf());
        self
    }

    /// Opens the system's file dialogs, as the binary does on Windows and macOS.
    pub fn system_file_dialogs(mut self) -> Self {
        self.file_dialogs = DialogStyle::System;
        self
    }

    /// Opens the app and runs it until its first frame settles.
    pub fn open(mut self) -> Window {
        let temporary = match self.folder {
            Some(_) => None,
            None => Some(tempfile::tempdir().expect("a temporary folder")),
        };
        if let Some(temporary) = &temporary {
            self.folder = Some(temporary.path().to_path_buf());
        }
        if let Some(progress) = self.progress.take() {
            Store::at(self.folder.as_deref().expect("a folder")).save(&progress).expect("the progress saved");
        }
        let clock = ManualClock::new(DateTime::parse_from_rfc3339(self.start).expect("a valid test time"));
        let harness = self.start_app(&clock);
        Window { harness, clock, setup: self, _temporary: temporary }
    }

    fn start_app(&self, clock: &ManualClock) -> Harness<'static, PortcardsApp> {
        let folder = self.folder.as_deref().expect("a folder");
        let table = parse_table(self.table);
        let startup = Startup {
            table_warnings: table.skipped_rows_notice("my.md").into_iter().collect(),
            rows: table.rows,
            facts: Facts::builtin(),
            profiles: Profiles::at(folder),
            profile: DEFAULT_PROFILE.to_string(),
            pick_profile: false,
            background_work: self.background_saves,
            clock: Box::new(clock.clone()),
            seed: 42,
            documents: folder.join("Documents"),
        };
        let log_file = self.log_file.clone();
        let file_dialogs = self.file_dialogs;
        let mut harness = Harness::builder().with_size(self.size).build_eframe(|cc| {
            let app = PortcardsApp::new(&cc.egui_ctx, startup).with_file_dialogs(file_dialogs);
            match log_file {
                Some(path) => app.with_log_file(path),
                None => app,
            }
        });
        harness.run();
        harness
    }
}

impl Deref for Window {
    type Target = Harness<'static, PortcardsApp>;

    fn deref(&self) -> &Self::Target {
        &self.harness
    }
}

impl DerefMut for Window {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.harness
    }
}

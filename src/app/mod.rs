//! The egui window: the shell that holds the screens, shows the desk's effects, and
//! hands every intent to the desk.
//!
//! Nothing here decides anything a test would want to check: the desk decides (see
//! `crate::desk`). The shell owns the tabs, the key help and the look; each screen
//! owns its view state and its keys, draws from the desk, and returns intents. An
//! intent is applied after drawing, so the model never changes halfway through a
//! frame.

mod already_open;
mod browse_screen;
mod class_view;
mod drill_screen;
mod file_chooser;
mod keys;
mod live_screen;
mod pbq_screen;
pub use live_screen::{PROJECTOR_BACKGROUND, PROJECTOR_TEXT_COLOURS, QR_SHARE, connection_checks};
mod profiles_screen;
mod selftest_screen;
mod settings_screen;
mod stats_screen;
mod study_screen;
mod widgets;

pub use eframe::egui;
pub use settings_screen::NEW_CARDS_WAIT;

use crate::clock::Clock;
use crate::desk::{Desk, Effect, Intent, Opening};
pub use crate::desk::{SaveStatus, Screen};
use crate::facts::Facts;
use crate::profiles::Profiles;
use crate::progress::{BASE_FONT_SIZE, Theme};
use crate::table::PortRow;
use widgets::ScreenView;

/// Everything the window needs at start: the table, its facts, the learners'
/// profiles and which to open, the clock and the seed for random choices.
pub struct Startup {
    pub rows: Vec<PortRow>,
    pub facts: Facts,
    pub profiles: Profiles,
    pub profile: String,
    /// Start on the profile picker (several learners share this machine).
    pub pick_profile: bool,
    /// Save on a writer thread and refit the memory model on a worker, so that a frame
    /// never waits for the disk or a fit; tests that read the file straight after an
    /// answer save and fit in place instead.
    pub background_work: bool,
    pub clock: Box<dyn Clock>,
    pub seed: u64,
    /// Problems met while loading the table, shown once on screen.
    pub table_warnings: Vec<String>,
    /// Where file dialogs open first: the learner's documents folder.
    pub documents: std::path::PathBuf,
}

pub struct PortcardsApp {
    desk: Desk,
    clock: Box<dyn Clock>,
    screen: Screen,
    quit_requested: bool,
    show_key_help: bool,
    /// The theme and text size last applied to the context.
    applied_look: Option<(Theme, f32)>,
    /// One view a screen, in [`Screen::ALL`]'s order.
    views: Vec<Box<dyn ScreenView>>,
    /// Intents handed in from outside ([`PortcardsApp::queue_intent`]).
    queued_intents: Vec<Intent>,
    /// Quitting or leaving the Live screen while a round is played, held until the
    /// teacher confirms (see [`leaving_round_ui`]).
    leaving_round: Option<Intent>,
    /// The log file being written, named in the key help and, once something went
    /// wrong, in a line under the tabs.
    log_file: Option<std::path::PathBuf>,
    /// What came of the last file action, shown under the tabs until dismissed.
    file_notice: Option<String>,
}

/// Every screen's view, in tab order ([`Screen::ALL`]): a new screen adds its view here.
fn views() -> Vec<(Screen, Box<dyn ScreenView>)> {
    vec![
        (Screen::Study, Box::new(study_screen::StudyScreen::default())),
        (Screen::Browse, Box::new(browse_screen::BrowseScreen::default())),
        (Screen::Statistics, Box::new(stats_screen::StatsScreen::default())),
        (Screen::Drill, Box::new(drill_screen::DrillScreen::default())),
        (Screen::SelfTest, Box::new(selftest_screen::SelfTestScreen::default())),
        (Screen::Profiles, Box::new(profiles_screen::ProfilesScreen::default())),
        (Screen::Settings, Box::new(settings_screen::SettingsScreen::default())),
        (Screen::Live, Box::new(live_screen::LiveScreen::default())),
        (Screen::Pbq, Box::new(pbq_screen::PbqScreen::default())),
    ]
}

impl PortcardsApp {
    pub fn new(ctx: &egui::Context, startup: Startup) -> Self {
        configure_style(ctx);
        add_fallback_fonts(ctx);
        let Startup {
            rows,
            facts,
            profiles,
            profile,
            pick_profile,
            background_work,
            clock,
            seed,
            table_warnings,
            documents,
        } = startup;
        let opening = Opening { rows, facts, profiles, profile, background_work, seed, table_warnings, documents };
        let mut desk = Desk::open(opening, clock.now());
        let repaint = ctx.clone();
        // A phone's answer arrives on the server's thread: the projector redraws at once.
        desk.set_live_waker(std::sync::Arc::new(move || repaint.request_repaint()));
        PortcardsApp {
            desk,
            clock,
            screen: if pick_profile { Screen::Profiles } else { Screen::Study },
            quit_requested: false,
            show_key_help: false,
            applied_look: None,
            views: views().into_iter().map(|(_, view)| view).collect(),
            queued_intents: Vec::new(),
            leaving_round: None,
            log_file: None,
            file_notice: None,
        }
    }

    /// Names the log file being written (`crate::log_file`), so that a learner who
    /// meets a problem knows what to send.
    pub fn with_log_file(mut self, path: std::path::PathBuf) -> Self {
        self.log_file = Some(path);
        self
    }

    /// Opens the system's file dialogs (or not): see [`crate::file_dialog::dialog_style_for`].
    pub fn with_file_dialogs(mut self, style: crate::file_dialog::DialogStyle) -> Self {
        self.desk.use_file_dialogs(style);
        self
    }

    pub fn desk(&self) -> &Desk {
        &self.desk
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn quit_requested(&self) -> bool {
        self.quit_requested
    }

    pub fn key_help_shown(&self) -> bool {
        self.show_key_help
    }

    /// The teacher is asked whether to leave a round being played.
    pub fn asking_to_leave_round(&self) -> bool {
        self.leaving_round.is_some()
    }

    /// Holds back quitting (the key, or the window's close button) and leaving the
    /// Live screen while a round is played: the teacher confirms first.
    fn hold_leaving_round(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) {
        if !self.desk.live().is_some_and(crate::desk::LiveHost::is_playing) {
            return;
        }
        if ctx.input(|input| input.viewport().close_requested()) && !self.quit_requested {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.leaving_round = Some(Intent::Quit);
        }
        intents.retain(|intent| {
            let leaving = matches!(intent, Intent::Quit | Intent::Show(_)) && *intent != Intent::Show(Screen::Live);
            if leaving {
                self.leaving_round = Some(intent.clone());
            }
            !leaving
        });
    }

    /// An intent carried out on the next frame, as if a screen had sent it: for tests
    /// and scripts that drive the window (say, to ask one card now).
    pub fn queue_intent(&mut self, intent: Intent) {
        self.queued_intents.push(intent);
    }

    fn apply(&mut self, ctx: &egui::Context, intents: Vec<Intent>) {
        let now = self.clock.now();
        if !intents.is_empty() {
            // Applied after drawing: the next frame shows what they changed, even when
            // no key or click is coming to ask for one (an intent queued from outside).
            ctx.request_repaint();
        }
        for intent in intents {
            for effect in self.desk.apply(intent, now) {
                self.show_effect(ctx, effect);
            }
        }
    }

    fn show_effect(&mut self, ctx: &egui::Context, effect: Effect) {
        match &effect {
            Effect::Open(screen) => self.screen = *screen,
            Effect::Said(screen, message) => self.views[screen.place()].said(message.clone()),
            Effect::FileNotice(message) => self.file_notice = Some(message.clone()),
            Effect::Quit => {
                self.quit_requested = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Effect::ClearAnswer
            | Effect::FocusAnswer
            | Effect::DrillStarted
            | Effect::DrillClosed
            | Effect::ProfileSwitched => {}
        }
        for view in &mut self.views {
            if let Some(command) = view.on_effect(&effect) {
                ctx.send_viewport_cmd(command);
            }
        }
    }

    /// Theme and text size from the settings, applied when they change.
    fn apply_look(&mut self, ctx: &egui::Context) {
        let settings = &self.desk.session().progress().settings;
        let look = (settings.theme, settings.font_size);
        if self.applied_look == Some(look) {
            return;
        }
        ctx.set_theme(match look.0 {
            Theme::System => egui::ThemePreference::System,
            Theme::Dark => egui::ThemePreference::Dark,
            Theme::Light => egui::ThemePreference::Light,
        });
        ctx.set_zoom_factor((look.1 / BASE_FONT_SIZE).clamp(0.5, 3.0));
        self.applied_look = Some(look);
    }

    /// Keys that work on every screen, whatever has focus: quit, the tabs, key help.
    fn shell_keys(&mut self, ctx: &egui::Context) -> Vec<Intent> {
        let mut intents = Vec::new();
        let typing = ctx.memory(|memory| memory.focused().is_some());
        ctx.input_mut(|input| {
            if input.consume_key(egui::Modifiers::COMMAND, egui::Key::Q) {
                intents.push(Intent::Quit);
            }
            for screen in Screen::ALL {
                if input.consume_key(egui::Modifiers::NONE, screen_key(screen)) {
                    intents.push(Intent::Show(screen));
                }
            }
            let question_mark =
                input.events.iter().any(|event| matches!(event, egui::Event::Text(text) if text == "?"));
            // Ctrl+H works while typing too; ? only when it would not type a character.
            let help_key = input.consume_key(egui::Modifiers::COMMAND, egui::Key::H);
            if help_key || (!typing && question_mark) || (self.show_key_help && input.key_pressed(egui::Key::Escape)) {
                self.show_key_help = !self.show_key_help;
            }
        });
        intents.truncate(1);
        intents
    }
}

/// "A round is being played": end it (and stay to save the results), leave anyway
/// (the round ends; the phones hear it), or keep playing. Returns the intents of the
/// answer, and the held intent while no answer is given.
fn leaving_round_ui(ctx: &egui::Context, held: Intent) -> (Vec<Intent>, Option<Intent>) {
    let leaving = if held == Intent::Quit { "Quit" } else { "Leave the Live screen" };
    let modal = egui::Modal::new(egui::Id::unique("leaving_round")).show(ctx, |ui| {
        ui.heading("A round is being played");
        ui.label(
            "Leaving ends it: every phone is told the round is over. End it here first to see the podium \
             and save the results (Ctrl+S) before you go.",
        );
        ui.horizontal_wrapped(|ui| {
            if keys::button(ui, "End the round", keys::key(egui::Key::E)) {
                return Some(vec![Intent::Live(crate::desk::LiveIntent::End)]);
            }
            if keys::button(ui, format!("{leaving} anyway"), keys::key(egui::Key::Y)) {
                return Some(vec![Intent::Live(crate::desk::LiveIntent::End), held.clone()]);
            }
            if keys::button(ui, "Keep playing", keys::key(egui::Key::Escape)) {
                return Some(Vec::new());
            }
            None
        })
        .inner
    });
    match modal.inner {
        Some(answer) => (answer, None),
        None => (Vec::new(), Some(held)),
    }
}

/// A screen's key: F1 for the first tab, and so on.
fn screen_key(screen: Screen) -> egui::Key {
    const FUNCTION_KEYS: [egui::Key; 12] = [
        egui::Key::F1,
        egui::Key::F2,
        egui::Key::F3,
        egui::Key::F4,
        egui::Key::F5,
        egui::Key::F6,
        egui::Key::F7,
        egui::Key::F8,
        egui::Key::F9,
        egui::Key::F10,
        egui::Key::F11,
        egui::Key::F12,
    ];
    FUNCTION_KEYS[screen.place()]
}

/// Every key, in one place (shown with `?`).
const KEYS: &[(&str, &str)] = &[
    ("F1 ... F9", "Study, Browse, Statistics, Drill, Self-test, Profiles, Settings, Live, PBQ"),
    ("Enter", "check a typed answer; after answering, take the suggested grade"),
    ("1 2 3 4", "grade Again, Hard, Good, Easy; pick an option in multiple choice"),
    ("Space", "show the answer (flip and grade)"),
    ("R", "I was right (after a wrong typed answer)"),
    ("Ctrl+Z", "take back the check of the answer on screen (before grading), else the last grade"),
    ("Ctrl+M", "next answer mode"),
    ("A / Esc", "practice ahead when done for today / stop practicing ahead"),
    ("Ctrl+D", "dismiss a notice"),
    ("P / Enter / Esc", "Drill: presenter mode, start, stop"),
    ("M / N", "Drill results: drill the misses again, new drill"),
    ("Ctrl+End", "Self-test: end the test now"),
    ("R / N", "Self-test report: review the misses now, new self-test"),
    ("Ctrl+E / Ctrl+Shift+E", "Statistics: export progress; Self-test report: export CSV / Markdown"),
    ("Ctrl+I", "Statistics: import and merge"),
    ("Ctrl+Shift+A / Ctrl+Shift+P", "Statistics: export for Anki / write the cheat sheet"),
    ("Ctrl+Shift+Delete", "Statistics: reset all progress (Y confirms, Esc cancels)"),
    ("Up / Down", "Browse and Profiles: move the marker"),
    ("Enter / Delete", "Browse: ask now / reset the card; Profiles: open / delete (Y confirms)"),
    ("Ctrl+Z", "Browse: undo a reset"),
    ("Alt+1 ... Alt+9", "Browse: sort by a column (again: the other way)"),
    ("Ctrl+R / Ctrl+N", "Profiles: rename the marked profile / create a profile"),
    ("Ctrl+0", "Settings: text size back to normal"),
    ("Enter", "Live: start the round (phones can join)"),
    ("Space / R / Ctrl+E", "Live: next question (or the podium) / reveal now / end the round"),
    ("D / N / Ctrl+S", "Live, after the round: drill what the class missed / new round / export CSV"),
    ("Alt+1 / Alt+2 / Alt+3", "PBQ: a firewall task / read the output / match"),
    ("Ctrl+N / Ctrl+Enter / Ctrl+T / Ctrl+G", "PBQ: add a rule / check / change the answer / new task"),
    ("Enter / right click", "PBQ: a rule's or a match's cell to its next / previous value"),
    ("1 ... 9", "PBQ match: the numbered answer for the protocol whose cell has the keys"),
    ("S / D", "PBQ results: study the missed ports now / drill them"),
    ("Ctrl+H or ?", "this list, from every screen (Ctrl+H also while typing; Esc closes it)"),
    ("Ctrl+Q", "save and quit"),
];

fn key_help_window(ctx: &egui::Context, shown: &mut bool, log_file: Option<&std::path::Path>) {
    egui::Window::new("Keyboard")
        .collapsible(false)
        .resizable(false)
        .vscroll(true)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            egui::Grid::new("keys").num_columns(2).spacing([16.0, 6.0]).show(ui, |ui| {
                for (keys, what) in KEYS {
                    ui.strong(keys::for_this_system(keys));
                    ui.label(keys::for_this_system(what));
                    ui.end_row();
                }
            });
            if let Some(log) = log_file {
                ui.add_space(6.0);
                ui.label(format!("Problems are written to {}: send it with a bug report.", log.display()));
            }
            if ui.button("Close").clicked() {
                *shown = false;
            }
        });
}

/// The tabs and the save status, on every screen.
fn navigation(ui: &mut egui::Ui, current: Screen, save_status: &SaveStatus) -> Vec<Intent> {
    let mut intents = Vec::new();
    ui.horizontal_wrapped(|ui| {
        // The name gives way to the tabs in a narrow window.
        if ui.available_width() > 880.0 {
            ui.heading("portcards");
            ui.separator();
        }
        for screen in Screen::ALL {
            let tab = ui.selectable_label(screen == current, screen.title());
            if tab.on_hover_text(format!("{:?}", screen_key(screen))).clicked() && screen != current {
                intents.push(Intent::Show(screen));
            }
        }
        save_status_ui(ui, save_status);
    });
    intents
}

/// The colour of a warning that is not a failure: read-only, something logged.
const WARNING_AMBER: egui::Color32 = egui::Color32::from_rgb(230, 140, 30);

/// Something went wrong this run (it was shown where it happened): where the details
/// are, for a bug report. A click copies the log's path.
fn problems_logged_ui(ui: &mut egui::Ui, log: &std::path::Path) {
    let text = format!("Something went wrong: the details are in {}", log.display());
    let line =
        ui.add(egui::Label::new(egui::RichText::new(text).color(WARNING_AMBER)).wrap().sense(egui::Sense::click()));
    if line.on_hover_text("Click to copy the log's path").clicked() {
        ui.ctx().copy_text(log.display().to_string());
    }
}

/// What came of a file action, at the top of the screen; true when dismissed.
fn file_notice_ui(ui: &mut egui::Ui, notice: &str) -> bool {
    let frame = egui::Frame::new()
        .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.25))
        .stroke(egui::Stroke::new(1.0, ui.visuals().selection.stroke.color))
        .inner_margin(6.0)
        .corner_radius(4.0);
    frame
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                let dismissed = ui.button("OK").on_hover_text("Hide this notice").clicked();
                ui.add(egui::Label::new(egui::RichText::new(notice).strong()).wrap());
                dismissed
            })
            .inner
        })
        .inner
}

fn save_status_ui(ui: &mut egui::Ui, save_status: &SaveStatus) {
    match save_status {
        SaveStatus::NothingYet => {}
        SaveStatus::Saved => {
            ui.label(egui::RichText::new("Progress saved").weak());
        }
        SaveStatus::Failed(error) => {
            ui.label(egui::RichText::new("Progress NOT saved").color(egui::Color32::RED).strong()).on_hover_text(error);
        }
        SaveStatus::ReadOnly => {
            ui.label(egui::RichText::new("Read-only: progress is not saved").color(WARNING_AMBER).strong());
        }
    }
}

fn configure_style(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        // A blinking cursor repaints twice a second forever; a steady one costs nothing.
        style.visuals.text_cursor.blink = false;
        style.spacing.button_padding = egui::vec2(10.0, 6.0);
    });
}

impl eframe::App for PortcardsApp {
    /// The window is closing (the quit key, or the window manager's close button): an
    /// answer checked but not graded is kept, and every save finishes.
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.desk.close(self.clock.now());
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        keys::note_focus_at_frame_start(&ctx);
        let now = self.clock.now();
        for effect in self.desk.tick(now) {
            self.show_effect(&ctx, effect);
        }
        if self.desk.is_blocked_by_other_window() {
            let mut intents = already_open::already_open_ui(ui);
            if ctx.input_mut(|input| input.consume_key(egui::Modifiers::COMMAND, egui::Key::Q)) {
                intents.push(Intent::Quit);
            }
            self.apply(&ctx, intents);
            return;
        }
        self.apply_look(&ctx);
        if self.desk.saves_pending() || self.desk.refit_running() {
            // Keep frames coming until the writer thread or the refit reports back.
            ctx.request_repaint_after(std::time::Duration::from_millis(20));
        }
        let mut intents = std::mem::take(&mut self.queued_intents);
        let help_was_shown = self.show_key_help;
        intents.extend(self.shell_keys(&ctx));
        self.hold_leaving_round(&ctx, &mut intents);
        if self.show_key_help {
            key_help_window(&ctx, &mut self.show_key_help, self.log_file.as_deref());
        }
        if help_was_shown && !self.show_key_help {
            // The help took the keyboard (Esc in the answer field lets go of it): give
            // it back to the answer, so that typing goes on where it was.
            self.show_effect(&ctx, Effect::FocusAnswer);
        }
        // Presenting a drill, the screen holds the question, the timer and the tally only.
        let presenting = self.views[self.screen.place()].presenting(&self.desk);
        if !presenting {
            let problems_logged_to = self.log_file.as_deref().filter(|_| crate::log_file::problems_logged() > 0);
            egui::Panel::top("navigation").show(ui, |ui| {
                intents.extend(navigation(ui, self.screen, self.desk.save_status()));
                if let Some(log) = problems_logged_to {
                    problems_logged_ui(ui, log);
                }
                if let Some(notice) = &self.file_notice
                    && file_notice_ui(ui, notice)
                {
                    self.file_notice = None;
                }
            });
        }
        // While the teacher is asked, the screen behind hears no keys.
        let asking = self.leaving_round.is_some();
        let view = &mut self.views[self.screen.place()];
        intents.extend(ui.add_enabled_ui(!asking, |ui| view.ui(ui, &self.desk, now)).inner);
        if let Some(held) = self.leaving_round.take() {
            let (answer, keep) = leaving_round_ui(&ctx, held);
            intents.extend(answer);
            self.leaving_round = keep;
        }
        self.apply(&ctx, intents);
        if let Some(next) = self.desk.wake_at() {
            let wait = (next - now.to_utc()).to_std().unwrap_or_default();
            ctx.request_repaint_after(wait + std::time::Duration::from_millis(500));
        }
    }
}

/// Fonts after egui's own (assets/fonts/README.md): DejaVu Sans's symbols (→ ✘), and
/// Noto Emoji 3 for the emoji egui's fonts lack (🦊, 🥳, 🫠, 🙂), so that nicknames and
/// the screens' marks draw as glyphs rather than boxes.
fn add_fallback_fonts(ctx: &egui::Context) {
    const FONTS: [(&str, &[u8]); 2] = [
        ("dejavu-symbols", include_bytes!("../../assets/fonts/DejaVuSans-Symbols.ttf")),
        ("noto-emoji-3", include_bytes!("../../assets/fonts/NotoEmoji-Regular.ttf")),
    ];
    let last_in =
        |family| egui::epaint::text::InsertFontFamily { family, priority: egui::epaint::text::FontPriority::Lowest };
    for (name, bytes) in FONTS {
        ctx.add_font(egui::epaint::text::FontInsert::new(
            name,
            egui::FontData::from_static(bytes),
            vec![last_in(egui::FontFamily::Proportional), last_in(egui::FontFamily::Monospace)],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_has_its_view_in_tab_order_and_its_own_key() {
        let listed: Vec<Screen> = views().into_iter().map(|(screen, _)| screen).collect();
        assert_eq!(listed, Screen::ALL.to_vec());
        let keys: std::collections::HashSet<egui::Key> = Screen::ALL.into_iter().map(screen_key).collect();
        assert_eq!(keys.len(), Screen::ALL.len());
        assert_eq!(screen_key(Screen::Study), egui::Key::F1);
    }
}

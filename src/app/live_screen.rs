//! The Live screen: set up a classroom round, then the projector view (join
//! address, QR code and PIN; each question with its countdown; the answer with the
//! class's bars and the top five; the podium), all from the keyboard too.

use eframe::egui::{self, Color32, RichText, Sense, Stroke, vec2};

use super::class_view;
use super::file_chooser::FileChooser;
use super::keys;
use super::widgets::{ScreenView, family_picker};
use crate::desk::{Desk, Intent, LiveHost, LiveIntent};
use crate::file_dialog::FileKind;
use crate::live::classes::ClassReport;
use crate::live::network::{self, Adapter};
use crate::live::round::{Phase, PlayerId, Round, Standing};
use crate::live::{LiveKind, LivePool, PORTS, RoundSetup};

/// The projector's palette: light text on black, each at least 4.5:1 (WCAG AA).
pub const PROJECTOR_BACKGROUND: Color32 = Color32::BLACK;
pub const PROJECTOR_TEXT: Color32 = Color32::WHITE;
pub const PROJECTOR_DIM: Color32 = Color32::from_gray(170);
pub const PROJECTOR_RIGHT: Color32 = Color32::from_rgb(94, 224, 143);
pub const PROJECTOR_HIGHLIGHT: Color32 = Color32::from_rgb(255, 207, 112);
/// The lobby's QR code is this share of the screen's height.
pub const QR_SHARE: f32 = 0.45;

/// How long a round cut short is offered at the top of the Live screen.
const CUT_SHORT_OFFERED_HOURS: i64 = 24;

/// The smallest the projector's type gets when a screen is too small for the round.
const MIN_FIT: f32 = 0.25;

/// Every text colour the projector uses, by what it is for, for the contrast test.
pub const PROJECTOR_TEXT_COLOURS: [(&str, Color32); 4] = [
    ("text", PROJECTOR_TEXT),
    ("dim text", PROJECTOR_DIM),
    ("the right answer", PROJECTOR_RIGHT),
    ("PIN, streaks, messages", PROJECTOR_HIGHLIGHT),
];

/// The round being set up, and the projector view's own state.
/// What share of the screen a shrunk projector aims to fill: a little under all of it,
/// since the drawing does not shrink in proportion (wrapped lines, the QR code), so
/// that the fit settles within a frame or two rather than creeping up on the edge.
const FIT_AIM: f32 = 0.95;

/// See [`LiveScreen::fitted`].
#[derive(Debug, Default)]
struct Fit {
    key: Option<(Phase, i32, i32)>,
    scale: f32,
    /// The last scale that was too large, and by how much.
    last_over: Option<(f32, f32)>,
}

impl Fit {
    /// The next scale to try after `over` times too large at the current one: where a
    /// line through the last two tries meets the screen (part of the drawing, such as
    /// the QR code, does not shrink with the type), or smaller by as much at first.
    fn shrunk(&self, over: f32) -> f32 {
        let proportional = self.scale / over * FIT_AIM;
        let through_last = self.last_over.and_then(|(scale, last_over)| {
            let slope = (over - last_over) / (self.scale - scale);
            (slope.is_finite() && slope > 0.0).then(|| self.scale + (FIT_AIM - over) / slope)
        });
        through_last.unwrap_or(proportional).clamp(MIN_FIT, self.scale * 0.99)
    }
}

#[derive(Debug, Default)]
pub struct LiveScreen {
    pub setup: RoundSetup,
    /// The place of the adapter picked in the desk's list.
    pub adapter: usize,
    files: FileChooser,
    /// "Save the results" was pressed this frame.
    asked_for_file: bool,
    /// How much smaller than its width allows the projector is drawn, for which phase
    /// and window size that was found, and the last try that came out too large.
    fit: Fit,
    message: Option<String>,
    /// The QR code of the join address: its width in modules and the dark ones.
    qr: Option<(String, usize, Vec<bool>)>,
    /// The teacher's list of players (to remove one) is open, over the projector.
    players_open: bool,
    /// "Take it out..." was pressed on a kept round: the question is on screen.
    removing_round: bool,
    /// The class name as typed (the desk's choice until the teacher types).
    class_typed: Option<String>,
    /// The class view, kept until the desk, the set-up or the minute changes.
    report: Option<(ReportKey, Option<ClassReport>)>,
}

/// What the class view was worked out for.
type ReportKey = (u64, i64, RoundSetup);

impl LiveScreen {
    /// A round is being played: the window is the projector and holds nothing else.
    pub fn is_presenting(desk: &Desk) -> bool {
        desk.live().is_some_and(LiveHost::is_playing)
    }
}

impl ScreenView for LiveScreen {
    fn presenting(&self, desk: &Desk) -> bool {
        LiveScreen::is_presenting(desk)
    }

    fn ui(&mut self, ui: &mut egui::Ui, desk: &Desk, now: chrono::DateTime<chrono::FixedOffset>) -> Vec<Intent> {
        let mut intents = Vec::new();
        // A round on screen (playing or over) is the projector's: its own dark palette
        // whatever the theme, so that every text keeps its contrast on a wall.
        let projecting = desk.live().is_some();
        let mut frame = egui::Frame::central_panel(ui.style());
        if projecting {
            frame = frame.fill(PROJECTOR_BACKGROUND);
        }
        let choosing = self.files.is_open();
        egui::CentralPanel::default().frame(frame).show(ui, |ui| {
            if projecting {
                *ui.visuals_mut() = egui::Visuals::dark();
            }
            ui.add_enabled_ui(!choosing, |ui| match desk.live() {
                // The projector never scrolls: the round is drawn to fit (see `fitted`),
                // served or over (the podium keeps its size when the server stops).
                Some(host) => self.fitted(ui, host, &mut intents),
                None => {
                    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                        if let Some(round) = desk.opened_round() {
                            class_view::kept_round(
                                ui,
                                round,
                                now,
                                &mut self.asked_for_file,
                                &mut self.removing_round,
                                &mut intents,
                            );
                            return;
                        }
                        // A round cut short lately (a crash, a power cut): offered first, for
                        // a day; the Rounds list keeps it after that.
                        let lately = |record: &&crate::live::journal::RoundRecord| {
                            record
                                .started
                                .is_some_and(|at| now.to_utc() - at < chrono::Duration::hours(CUT_SHORT_OFFERED_HOURS))
                        };
                        if let Some(record) = desk.last_round().filter(|record| !record.ended).filter(lately) {
                            self.last_round_ui(ui, record);
                        }
                        self.setup_ui(ui, desk, now, &mut intents);
                        ui.add_space(8.0);
                        class_view::rounds_list(ui, desk, now, &mut intents);
                    });
                }
            });
        });
        if let Some(host) = desk.live()
            && !choosing
        {
            self.players_window(ui.ctx(), host, &mut intents);
        }
        if std::mem::take(&mut self.asked_for_file) {
            self.files.open(FileKind::LiveResults, desk, now);
        }
        if let Some((_, path)) = self.files.show(ui.ctx()) {
            let export =
                if desk.live().is_some() { LiveIntent::ExportResults(path) } else { LiveIntent::ExportKeptRound(path) };
            intents.push(Intent::Live(export));
        }
        intents
    }

    fn said(&mut self, message: String) {
        self.message = Some(message);
    }
}

impl LiveScreen {
    /// The last round when it was cut short (a crash or a quit): its results are kept,
    /// and offered first.
    fn last_round_ui(&mut self, ui: &mut egui::Ui, record: &crate::live::journal::RoundRecord) {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let when = record.started.map(|at| at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string());
            let cut = if record.ended { "" } else { ", cut short" };
            ui.label(format!(
                "Last round{}: {} players, {} of {} questions asked{cut}.",
                when.map(|when| format!(" ({when})")).unwrap_or_default(),
                record.players.len(),
                record.asked,
                record.questions.len()
            ));
            if keys::button(ui, "Save its results (spreadsheet)...", keys::ctrl(egui::Key::S)) {
                self.asked_for_file = true;
            }
        });
        ui.add_space(8.0);
    }

    /// The class view of the chosen class, worked out again when the desk, the set-up
    /// or the minute changes.
    fn class_report(&mut self, desk: &Desk, now: chrono::DateTime<chrono::FixedOffset>) -> Option<&ClassReport> {
        let key = (desk.version(), now.timestamp() / 60, self.setup);
        if self.report.as_ref().is_none_or(|(known, _)| *known != key) {
            self.report = Some((key, desk.class_report(self.setup, now)));
        }
        self.report.as_ref().and_then(|(_, report)| report.as_ref())
    }

    fn setup_ui(
        &mut self,
        ui: &mut egui::Ui,
        desk: &Desk,
        now: chrono::DateTime<chrono::FixedOffset>,
        intents: &mut Vec<Intent>,
    ) {
        let adapters = desk.live_adapters();
        ui.heading("Live round: the class answers from their phones");
        ui.label(
            "Students open the address on the projector (or scan the QR code) on the same Wi-Fi, type the PIN \
             and a nickname. Nothing to install, no accounts; nothing leaves this room, and nobody's study \
             progress changes.",
        );
        ui.add_space(8.0);
        class_view::class_picker(ui, desk, &mut self.class_typed, intents);
        ui.add_space(4.0);
        let class_chosen = desk.live_class().is_some();
        if !class_chosen && self.setup.pool == LivePool::ClassReview {
            self.setup.pool = LivePool::Core;
        }
        let setup = &mut self.setup;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Questions:");
            ui.add(egui::DragValue::new(&mut setup.questions).range(1..=50)).labelled_by(label.id);
            let label = ui.label("Seconds each:");
            ui.add(egui::DragValue::new(&mut setup.seconds).range(5..=120)).labelled_by(label.id);
        });
        pool_ui(ui, setup, class_chosen);
        if setup.pool == LivePool::Listed {
            let before = intents.len();
            listed_ports_ui(ui, desk, *setup, intents);
            if intents.len() > before {
                // A list being typed answers a complaint about the last one.
                self.message = None;
            }
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Answers:");
            ui.radio_value(&mut setup.kind, LiveKind::FourOptions, "Four options");
            ui.radio_value(&mut setup.kind, LiveKind::TypedPort, "Typed port numbers (number pad)");
        });
        self.network_ui(ui, adapters, intents);
        if let Some(message) = &self.message {
            // What the desk said last: a result or a failure, in words that say which;
            // strong, not red, since most of it is good news.
            ui.label(RichText::new(message).strong());
        }
        ui.add_space(8.0);
        let can_start = !adapters.is_empty();
        if keys::enabled_button(ui, can_start, RichText::new("Start the round").size(20.0), keys::key(egui::Key::Enter))
            && let Some(adapter) = adapters.get(self.adapter)
        {
            self.message = None;
            intents.push(Intent::Live(LiveIntent::Start { setup: self.setup, ip: adapter.ip.into() }));
        }
        // Below the set-up, so that Start stays in sight in a small window: the class
        // and, with "Plan from the class's memory", what its review would ask.
        if let Some(deck) = desk.class_deck()
            && let Some(report) = self.class_report(desk, now)
        {
            ui.add_space(8.0);
            class_view::class_view(ui, deck, report, now);
        }
    }

    /// The network to serve on, a warning when phones cannot reach it.
    fn network_ui(&mut self, ui: &mut egui::Ui, adapters: &[Adapter], intents: &mut Vec<Intent>) {
        ui.horizontal_wrapped(|ui| {
            let chosen = adapters.get(self.adapter).map_or_else(|| "none".to_string(), Adapter::describe);
            egui::ComboBox::from_label("Network").selected_text(chosen).show_ui(ui, |ui| {
                for (place, adapter) in adapters.iter().enumerate() {
                    ui.selectable_value(&mut self.adapter, place, adapter.describe());
                }
            });
            if ui.button("Look again").on_hover_text("List the network adapters again").clicked() {
                intents.push(Intent::Live(LiveIntent::FindAdapters));
                self.adapter = 0;
            }
        });
        if let Some(adapter) = adapters.get(self.adapter)
            && adapter.kind != network::AdapterKind::Network
        {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{}: phones on the classroom Wi-Fi will not reach this address.", adapter.kind.label()),
            );
        }
    }

    /// The round on the projector, its type as large as the screen allows: drawn at a
    /// scale from the width, then, when the last frame's drawing was taller or wider
    /// than the screen, smaller by as much (settled within a frame or two, and again
    /// whenever the phase, the question or the window changes).
    fn fitted(&mut self, ui: &mut egui::Ui, host: &LiveHost, intents: &mut Vec<Intent>) {
        let available = ui.available_size();
        let key = (host.round(Round::phase), available.x.round() as i32, available.y.round() as i32);
        if self.fit.key != Some(key) {
            self.fit = Fit { key: Some(key), scale: 1.0, last_over: None };
        }
        let scale = (available.x / 900.0).clamp(1.0, 2.2) * self.fit.scale;
        let drawn = ui.scope(|ui| self.round_ui(ui, host, scale, intents)).response.rect.size();
        let over = (drawn.y / available.y).max(drawn.x / available.x);
        if over > 1.0 && self.fit.scale > MIN_FIT {
            let shrunk = self.fit.shrunk(over);
            self.fit.last_over = Some((self.fit.scale, over));
            self.fit.scale = shrunk;
            ui.ctx().request_repaint();
        }
    }

    fn round_ui(&mut self, ui: &mut egui::Ui, host: &LiveHost, scale: f32, intents: &mut Vec<Intent>) {
        let serving = host.is_serving();
        let (text, dim) = (PROJECTOR_TEXT, PROJECTOR_DIM);
        host.round(|round| {
            if serving && round.phase() == Phase::Lobby {
                self.join_banner(ui, host, round, scale, text);
                connection_help(ui, host.address.port(), round.players().is_empty(), scale, dim);
                ui.add_space(12.0 * scale);
            } else if serving {
                // Late joiners can still join: the address and PIN stay, in one line.
                let pin = round.pin();
                ui.label(
                    RichText::new(format!("Join at {}   PIN {} {}", host.join_url, &pin[..3], &pin[3..]))
                        .size(18.0 * scale)
                        .color(dim),
                );
            }
            match round.phase() {
                Phase::Lobby => {
                    ui.label(
                        RichText::new(format!(
                            "{} joined. Start when everybody is in.",
                            players(round.players().len())
                        ))
                        .size(28.0 * scale)
                        .color(text),
                    );
                    plan_line(ui, round, scale);
                    names_ui(ui, round, scale, text);
                }
                Phase::Asking { question, .. } => {
                    // The countdown needs a frame as each second turns; a phone's answer
                    // wakes the window on its own.
                    if let Some(deadline) = round.deadline() {
                        let left = (deadline - chrono::Utc::now()).num_milliseconds().max(0);
                        let tick = u64::try_from(left.rem_euclid(1000).max(50)).unwrap_or(1000);
                        ui.ctx().request_repaint_after(std::time::Duration::from_millis(tick));
                    }
                    let left = round.seconds_left(chrono::Utc::now()).unwrap_or(0.0).ceil();
                    let (answered, eligible) = round.answered_count(chrono::Utc::now());
                    question_header(ui, round, question, scale, text);
                    ui.label(
                        RichText::new(format!("{left:.0} s    {answered} of {eligible} answered"))
                            .size(32.0 * scale)
                            .color(text),
                    );
                    options_ui(ui, round, question, scale, text);
                }
                Phase::Revealed { question } => {
                    question_header(ui, round, question, scale, text);
                    let asked = &round.questions()[question];
                    ui.label(
                        RichText::new(format!("Answer: {}", asked.answer)).size(34.0 * scale).color(PROJECTOR_RIGHT),
                    );
                    if let Some(earlier) = round.earlier(question) {
                        let today =
                            round.share_right_of(question).map(|share| format!("; today {:.0} %", 100.0 * share));
                        ui.label(
                            RichText::new(format!("{earlier}{}", today.unwrap_or_default()))
                                .size(22.0 * scale)
                                .color(dim),
                        );
                    }
                    ui.add_space(8.0 * scale);
                    bars_ui(ui, round, question, scale, text);
                    ui.add_space(8.0 * scale);
                    board_ui(ui, &round.leaderboard(), scale, text, dim);
                }
                Phase::Ended => podium_ui(ui, round, scale, text, dim),
            }
            ui.add_space(12.0 * scale);
            self.controls(ui, round, serving, intents);
            if let Some(message) = &self.message {
                ui.label(RichText::new(message).size(20.0 * scale).color(PROJECTOR_HIGHLIGHT));
            }
        });
    }

    /// The teacher's list, in a window of its own over the projector: opening it or
    /// scrolling it never changes the size of what the class sees.
    fn players_window(&mut self, ctx: &egui::Context, host: &LiveHost, intents: &mut Vec<Intent>) {
        if !self.players_open {
            return;
        }
        let height = ctx.content_rect().height() * 0.6;
        egui::Window::new("Players")
            .open(&mut self.players_open)
            .anchor(egui::Align2::RIGHT_BOTTOM, vec2(-12.0, -12.0))
            .collapsible(false)
            .resizable(false)
            .default_width(360.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("live-players")
                    .max_height(height)
                    .show(ui, |ui| host.round(|round| players_ui(ui, round, intents)));
            });
    }

    fn join_banner(&mut self, ui: &mut egui::Ui, host: &LiveHost, round: &Round, scale: f32, text: Color32) {
        if self.qr.as_ref().is_none_or(|(url, _, _)| *url != host.join_url) {
            self.qr = qr_modules(&host.join_url).map(|(width, dark)| (host.join_url.clone(), width, dark));
        }
        ui.horizontal(|ui| {
            ui.vertical(|ui| {
                ui.label(RichText::new("Join at").size(22.0 * scale).color(PROJECTOR_DIM));
                ui.label(RichText::new(&host.join_url).size(34.0 * scale).strong().color(text));
                let pin = round.pin();
                ui.label(
                    RichText::new(format!("PIN  {} {}", &pin[..3], &pin[3..]))
                        .size(48.0 * scale)
                        .strong()
                        .color(PROJECTOR_HIGHLIGHT),
                );
            });
            if let Some((_, width, dark)) = &self.qr {
                ui.add_space(24.0);
                // Big enough to scan from the back of a room: QR_SHARE of the screen's
                // height, whatever the text size.
                paint_qr(ui, *width, dark, QR_SHARE * ui.ctx().content_rect().height());
            }
        });
    }

    fn controls(&mut self, ui: &mut egui::Ui, round: &Round, serving: bool, intents: &mut Vec<Intent>) {
        ui.horizontal_wrapped(|ui| {
            if serving && round.phase() != Phase::Ended {
                let next_label = match round.phase() {
                    Phase::Lobby => Some("Start the first question"),
                    Phase::Revealed { question } if question + 1 == round.questions().len() => Some("Show the podium"),
                    Phase::Revealed { .. } => Some("Next question"),
                    _ => None,
                };
                if let Some(label) = next_label
                    && keys::button(ui, label, keys::key(egui::Key::Space))
                {
                    intents.push(Intent::Live(LiveIntent::Next));
                }
                if matches!(round.phase(), Phase::Asking { .. })
                    && keys::button(ui, "Reveal now", keys::key(egui::Key::R))
                {
                    intents.push(Intent::Live(LiveIntent::Reveal));
                }
                if keys::button(ui, "End the round", keys::ctrl(egui::Key::E)) {
                    intents.push(Intent::Live(LiveIntent::End));
                }
            } else {
                if keys::button(ui, "Drill what the class missed", keys::key(egui::Key::D)) {
                    intents.push(Intent::Live(LiveIntent::DrillMisses));
                }
                if keys::button(ui, "New round", keys::key(egui::Key::N)) {
                    self.message = None;
                    intents.push(Intent::Live(LiveIntent::Close));
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            let now = chrono::Utc::now();
            let connected = round.players().iter().filter(|player| player.is_present(now)).count();
            let label = format!("Players ({}, {connected} connected)...", round.players().len());
            if ui.selectable_label(self.players_open, label).on_hover_text("The list, to remove a player").clicked() {
                self.players_open = !self.players_open;
            }
            if round.phase() == Phase::Ended
                && keys::button(ui, "Save the results (spreadsheet)...", keys::ctrl(egui::Key::S))
            {
                self.asked_for_file = true;
            }
        });
    }
}

/// Where the questions come from: the class's review (once a class is named), core,
/// all, the exam-style kinds, one family, or a list.
fn pool_ui(ui: &mut egui::Ui, setup: &mut RoundSetup, class_chosen: bool) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Questions from:");
        ui.add_enabled_ui(class_chosen, |ui| {
            ui.radio_value(&mut setup.pool, LivePool::ClassReview, "Plan from the class's memory")
                .on_disabled_hover_text("Name the class first");
        });
        ui.radio_value(&mut setup.pool, LivePool::Core, "Core ports");
        ui.radio_value(&mut setup.pool, LivePool::All, "All ports");
        ui.radio_value(&mut setup.pool, LivePool::ExamKinds, "Exam-style questions");
        let mut family = match setup.pool {
            LivePool::Family(family) => Some(family),
            _ => None,
        };
        if family_picker(ui, "One family", &mut family) {
            setup.pool = family.map_or(LivePool::Core, LivePool::Family);
        }
        ui.radio_value(&mut setup.pool, LivePool::Listed, "These ports");
    });
}

/// The ports a round of "these ports" asks, typed, and what the table made of them.
fn listed_ports_ui(ui: &mut egui::Ui, desk: &Desk, setup: RoundSetup, intents: &mut Vec<Intent>) {
    let mut list = desk.listed_ports().to_string();
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Ports to ask:");
        let field = ui
            .add(egui::TextEdit::singleline(&mut list).hint_text("22, 3389, ldap, smb").desired_width(320.0))
            .labelled_by(label.id);
        if field.changed() {
            intents.push(Intent::Live(LiveIntent::ListPorts(list.clone())));
        }
    });
    if list.trim().is_empty() {
        ui.label("List the ports to ask, by number or name, separated by commas.");
        return;
    }
    let Some(deck) = desk.class_deck() else { return };
    match crate::live::chosen::rows_listed(deck, &list) {
        Ok(rows) => {
            let cards = crate::live::chosen::cards_listed(deck, &rows, setup).len();
            let names: Vec<String> =
                rows.iter().map(|&row| format!("{} {}", deck.rows[row].ports, deck.rows[row].service)).collect();
            ui.label(format!("{} questions: {}.", setup.questions.min(cards), names.join(", ")));
        }
        Err(problem) => {
            ui.colored_label(ui.visuals().warn_fg_color, problem);
        }
    }
}

/// What to check when phones cannot reach the round: open on the projector until the
/// first phone has joined (then it evidently works, and the list folds away).
fn connection_help(ui: &mut egui::Ui, port: u16, nobody_yet: bool, scale: f32, dim: Color32) {
    let title = RichText::new("Phones cannot connect?").size(18.0 * scale).color(dim);
    let checks = |ui: &mut egui::Ui| {
        for line in connection_checks(port) {
            ui.label(RichText::new(line).size(16.0 * scale).color(dim));
        }
    };
    if nobody_yet {
        ui.label(title);
        checks(ui);
    } else {
        egui::CollapsingHeader::new(title).id_salt("live-help").show(ui, checks);
    }
}

/// The usual reasons, most likely first, each with what to do. The firewall rules
/// name the whole range a round may take (see [`PORTS`]), so one rule lets every round
/// in, whichever port it had to take.
pub fn connection_checks(port: u16) -> [String; 4] {
    let (first, last) = (PORTS.start(), PORTS.end());
    let range = if PORTS.contains(&port) { format!("{first}-{last}") } else { port.to_string() };
    let ufw_range = range.replace('-', ":");
    [
        format!(
            "The phones must be on the same Wi-Fi as this computer (this round is on port {port}); a guest \
             network that keeps devices apart will not do."
        ),
        format!(
            "Windows: when Windows asks, allow portcards on private networks (or Settings, Privacy & security, \
             Windows Security, Firewall, Allow an app; or: netsh advfirewall firewall add rule \
             name=portcards dir=in action=allow protocol=TCP localport={range})."
        ),
        "macOS: System Settings, Network, Firewall, Options: allow incoming connections for portcards.".to_string(),
        format!("Linux: sudo ufw allow {ufw_range}/tcp (or your firewall's equivalent); remove it after class."),
    ]
}

fn players(count: usize) -> String {
    if count == 1 { "1 player".to_string() } else { format!("{count} players") }
}

fn question_header(ui: &mut egui::Ui, round: &Round, question: usize, scale: f32, text: Color32) {
    ui.label(
        RichText::new(format!("Question {} of {}", question + 1, round.questions().len()))
            .size(20.0 * scale)
            .color(PROJECTOR_DIM),
    );
    ui.label(RichText::new(&round.questions()[question].prompt).size(40.0 * scale).strong().color(text));
}

fn options_ui(ui: &mut egui::Ui, round: &Round, question: usize, scale: f32, text: Color32) {
    for (place, option) in round.questions()[question].options.iter().enumerate() {
        let key = ["A", "B", "C", "D"].get(place).copied().unwrap_or("?");
        ui.label(RichText::new(format!("{key}   {option}")).size(28.0 * scale).color(text));
    }
}

/// One bar per option (or typed answer), the right one green.
fn bars_ui(ui: &mut egui::Ui, round: &Round, question: usize, scale: f32, text: Color32) {
    let bars = round.distribution(question);
    let most = bars.iter().map(|bar| bar.count).max().unwrap_or(0).max(1);
    // A long option is cut with "..." rather than pushing the bars off the screen.
    let label_width = ui.available_width() * 0.4;
    let full = (ui.available_width() * 0.4).max(60.0);
    egui::Grid::new("live-bars").num_columns(3).spacing([12.0 * scale, 6.0 * scale]).show(ui, |ui| {
        for bar in &bars {
            let label = egui::Label::new(RichText::new(&bar.label).size(24.0 * scale).color(text)).truncate();
            ui.add_sized([label_width, 24.0 * scale], label);
            let (rect, _) = ui.allocate_exact_size(vec2(full, 24.0 * scale), Sense::hover());
            let width = full * bar.count as f32 / most as f32;
            let colour = if bar.right { Color32::from_rgb(31, 157, 85) } else { Color32::from_gray(90) };
            ui.painter().rect_filled(
                egui::Rect::from_min_size(rect.min, vec2(width.max(2.0), rect.height())),
                4.0,
                colour,
            );
            ui.label(RichText::new(bar.count.to_string()).size(24.0 * scale).color(text));
            ui.end_row();
        }
    });
}

/// The top five with their streaks; nobody below them is named.
fn board_ui(ui: &mut egui::Ui, top: &[Standing], scale: f32, text: Color32, dim: Color32) {
    if top.is_empty() {
        return;
    }
    ui.label(RichText::new("Top five").size(24.0 * scale).color(dim));
    egui::Grid::new("live-board").num_columns(4).spacing([18.0 * scale, 4.0 * scale]).show(ui, |ui| {
        for standing in top {
            ui.label(RichText::new(format!("{}.", standing.rank)).size(26.0 * scale).color(dim));
            ui.label(RichText::new(&standing.name).size(26.0 * scale).strong().color(text));
            ui.label(RichText::new(standing.score.to_string()).size(26.0 * scale).color(text));
            let streak = if standing.streak > 1 { format!("streak {}", standing.streak) } else { String::new() };
            ui.label(RichText::new(streak).size(22.0 * scale).color(PROJECTOR_HIGHLIGHT));
            ui.end_row();
        }
    });
}

fn podium_ui(ui: &mut egui::Ui, round: &Round, scale: f32, text: Color32, dim: Color32) {
    ui.label(RichText::new("The podium").size(40.0 * scale).strong().color(text));
    let top = round.podium();
    if top.is_empty() {
        ui.label(RichText::new("Nobody scored this time.").size(26.0 * scale).color(dim));
        return;
    }
    for standing in &top {
        let medal = match standing.rank {
            1 => "1st",
            2 => "2nd",
            _ => "3rd",
        };
        ui.label(
            RichText::new(format!("{medal}   {}   {}", standing.name, standing.score)).size(34.0 * scale).color(text),
        );
    }
    if let Some(share) = round.share_right() {
        let asked = round.asked();
        let questions =
            if asked == 1 { "the 1 question asked".to_string() } else { format!("the {asked} questions asked") };
        ui.label(
            RichText::new(format!("The class got {:.0} % right over {questions}.", 100.0 * share))
                .size(24.0 * scale)
                .color(dim),
        );
    }
}

/// The class, and for a review round why it asks what it asks ("3 missed by most last
/// Tuesday"), never which ports.
fn plan_line(ui: &mut egui::Ui, round: &Round, scale: f32) {
    let groups: Vec<String> = round.plan_groups().iter().map(|(group, count)| format!("{count} {group}")).collect();
    let class = round.class().map(|class| format!("{class}. ")).unwrap_or_default();
    if groups.is_empty() && class.is_empty() {
        return;
    }
    let review = if groups.is_empty() { String::new() } else { format!("Review: {}.", groups.join(", ")) };
    ui.label(RichText::new(format!("{class}{review}")).size(22.0 * scale).color(PROJECTOR_HIGHLIGHT));
}

/// Everybody in the lobby, by name, as they join: the class sees itself arrive.
fn names_ui(ui: &mut egui::Ui, round: &Round, scale: f32, text: Color32) {
    ui.add_space(6.0 * scale);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(22.0 * scale, 6.0 * scale);
        for player in round.players() {
            ui.label(RichText::new(&player.name).size(24.0 * scale).color(text));
        }
    });
}

/// Every player with their score and whether their phone is connected, each with a
/// button to take them out.
fn players_ui(ui: &mut egui::Ui, round: &Round, intents: &mut Vec<Intent>) {
    let now = chrono::Utc::now();
    let mut remove: Option<PlayerId> = None;
    for player in round.players() {
        ui.horizontal(|ui| {
            let presence = if player.is_present(now) { "connected" } else { "away" };
            ui.label(format!("{}  ({} points, {presence})", player.name, player.score));
            if ui.small_button(format!("Remove {}", player.name)).clicked() {
                remove = Some(player.id);
            }
        });
    }
    if round.players().is_empty() {
        ui.label("Nobody has joined yet.");
    }
    if let Some(player) = remove {
        intents.push(Intent::Live(LiveIntent::Remove(player)));
    }
}

/// The join address as QR modules (row by row, true for dark).
fn qr_modules(url: &str) -> Option<(usize, Vec<bool>)> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let width = code.width();
    let dark = code.to_colors().into_iter().map(|colour| colour == qrcode::Color::Dark).collect();
    Some((width, dark))
}

fn paint_qr(ui: &mut egui::Ui, width: usize, dark: &[bool], size: f32) {
    // Four modules of white around it, as scanners expect.
    let quiet = 4;
    let cells = width + 2 * quiet;
    // Whole pixels a module, so that every module is as sharp as the next.
    let pixels = ui.ctx().pixels_per_point();
    let module = ((size * pixels / cells as f32).floor().max(2.0)) / pixels;
    let side = module * cells as f32;
    let (rect, response) = ui.allocate_exact_size(vec2(side, side), Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "QR code of the join address"));
    response.on_hover_text("Scan to join");
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    for (index, _) in dark.iter().enumerate().filter(|(_, dark)| **dark) {
        let (row, column) = (index / width, index % width);
        let min = rect.min + vec2((column + quiet) as f32 * module, (row + quiet) as f32 * module);
        painter.rect_filled(egui::Rect::from_min_size(min, vec2(module, module)), 0.0, Color32::BLACK);
    }
    painter.rect_stroke(rect, 0.0, Stroke::new(1.0, Color32::from_gray(200)), egui::StrokeKind::Inside);
}

//! The PBQ screen: performance-based questions as the exam sets them. A firewall rule
//! table for a drawn network, a server's listening services to read, protocols to match.
//! Every control takes Tab and Enter: a cell with a few values (allow/deny, a place, a
//! protocol, a match) is a button that Enter (or a click) moves to the next value, a
//! right click to the one before; the port cell is typed.

use chrono::{DateTime, FixedOffset};
use eframe::egui::{self, Color32, RichText};

use super::keys;
use super::widgets::{DIGIT_KEYS, ScreenView};
use crate::desk::{Desk, Intent, PbqEdit as Edit, PbqIntent, PbqWork, RuleDraft};
use crate::pbq::firewall::{Action, FirewallTask, Place, Protocol};
use crate::pbq::listing::ListingTask;
use crate::pbq::matching::MatchTask;
use crate::pbq::{Pbq, PbqKind, PbqOutcome};

const RIGHT: Color32 = Color32::from_rgb(0x2e, 0x9e, 0x5b);
const WRONG: Color32 = Color32::from_rgb(0xd0, 0x4a, 0x3a);

#[derive(Debug, Default)]
pub struct PbqScreen {
    message: Option<String>,
    task: TaskView,
    /// Whether the task on screen was checked at the last frame.
    checked: bool,
}

/// A task being worked, drawn; it returns the learner's edits, which the screen that
/// holds the task (PBQ or Self-test) sends as its own intents.
#[derive(Debug, Default)]
pub struct TaskView {
    /// The rule whose first cell takes the focus on the next frame (just added).
    focus_rule: Option<usize>,
    /// The task drawn last, by kind and seed: a new one puts the focus on its first line
    /// or match, so that Tab goes on from there rather than from the tabs at the top.
    shown: Option<(PbqKind, u64)>,
    /// The screen holds a firewall's requirements in view above the task (the PBQ
    /// screen); otherwise (the self-test) they come before the rules.
    requirements_pinned: bool,
}

const CHECK_KEY: egui::KeyboardShortcut = keys::ctrl(egui::Key::Enter);
const KIND_KEYS: [egui::Key; 3] = [DIGIT_KEYS[0], DIGIT_KEYS[1], DIGIT_KEYS[2]];

impl ScreenView for PbqScreen {
    fn ui(&mut self, ui: &mut egui::Ui, desk: &Desk, _now: DateTime<FixedOffset>) -> Vec<Intent> {
        let mut intents = Vec::new();
        // Ctrl+Enter checks. Taken before any cell is drawn: a focused cell or checkbox
        // would also take the Enter as a press of its own.
        if desk.pbq().is_some_and(|work| work.outcome.is_none()) && keys::pressed(ui, CHECK_KEY) {
            intents.push(PbqIntent::Check.into());
        }
        // A firewall's requirements stay in view while its rules are written, however far
        // down the table the learner is (a small window scrolls the rest).
        if let Some(Pbq::Firewall(task)) = desk.pbq().map(|work| &work.task) {
            egui::Panel::top("pbq_requirements").show(ui, |ui| requirements(ui, task));
        }
        self.task.requirements_pinned = true;
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                ui.heading("Performance-based questions");
                ui.horizontal_wrapped(|ui| {
                    for (kind, key) in PbqKind::ALL.into_iter().zip(KIND_KEYS) {
                        if keys::button(ui, kind.label(), keys::alt(key)) {
                            intents.push(PbqIntent::Start(kind).into());
                        }
                    }
                });
                if let Some(message) = &self.message {
                    ui.label(message);
                }
                history(ui, desk.pbq_history());
                ui.add_space(8.0);
                match desk.pbq() {
                    None => introduction(ui),
                    Some(work) => self.work(ui, work, &mut intents),
                }
            });
        });
        if intents.iter().any(|intent| matches!(intent, Intent::Pbq(PbqIntent::Start(_)))) {
            self.message = None;
        }
        // Once checked, the answer's cells are disabled: the focus leaves them, so that
        // the results' keys (S, D) work at once.
        let checked = desk.pbq().is_some_and(|work| work.outcome.is_some());
        if checked && !self.checked {
            ui.memory_mut(|memory| {
                if let Some(focused) = memory.focused() {
                    memory.surrender_focus(focused);
                }
            });
        }
        self.checked = checked;
        intents
    }

    fn said(&mut self, message: String) {
        self.message = Some(message);
    }
}

/// What the learner has done so far, a line per kind.
fn history(ui: &mut egui::Ui, history: &[crate::pbq::PbqRecord]) {
    for summary in crate::pbq::summarise(history) {
        let plural = if summary.tasks == 1 { "" } else { "s" };
        ui.label(
            RichText::new(format!(
                "{}: {} task{plural}, {:.0} % of {}s {}; the last {} of {}",
                summary.kind.label(),
                summary.tasks,
                summary.share_right * 100.0,
                summary.kind.item(),
                summary.kind.verdict(),
                summary.last.0,
                summary.last.1
            ))
            .weak(),
        );
    }
}

fn introduction(ui: &mut egui::Ui) {
    ui.label(
        "Both exams open with tasks that use ports rather than recall them: a firewall to configure, \
         a scan to read, protocols to match. Each task here is new (made from the port facts), scored \
         item by item with a sentence on each, and what you miss comes first in study.",
    );
    ui.label(RichText::new("Pick a kind above to start (Alt+1, Alt+2, Alt+3).").weak());
}

impl PbqScreen {
    fn work(&mut self, ui: &mut egui::Ui, work: &PbqWork, intents: &mut Vec<Intent>) {
        let checked = work.outcome.is_some();
        let mut edits = Vec::new();
        self.task.ui(ui, work, &mut edits);
        intents.extend(edits.into_iter().map(|edit| Intent::Pbq(PbqIntent::Edit(edit))));
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            if !checked && keys::button(ui, "Check", CHECK_KEY) {
                intents.push(PbqIntent::Check.into());
            }
            if checked && keys::button(ui, "Change the answer", keys::ctrl(egui::Key::T)) {
                intents.push(PbqIntent::TryAgain.into());
            }
            if keys::button(ui, "New task", keys::ctrl(egui::Key::G)) {
                intents.push(PbqIntent::Start(work.task.kind()).into());
            }
        });
        if let Some(outcome) = &work.outcome {
            results(ui, outcome, intents);
        }
    }
}

impl TaskView {
    pub fn ui(&mut self, ui: &mut egui::Ui, work: &PbqWork, edits: &mut Vec<Edit>) {
        let identity = Some((work.task.kind(), work.seed));
        let new_task = self.shown != identity;
        self.shown = identity;
        match &work.task {
            Pbq::Firewall(task) => self.firewall(ui, task, work, edits),
            Pbq::Listing(task) => listing(ui, task, work, new_task, edits),
            Pbq::Matching(task) => matching(ui, task, work, new_task, edits),
        }
        if let Some(problem) = &work.problem {
            ui.colored_label(WRONG, problem);
        }
    }

    fn firewall(&mut self, ui: &mut egui::Ui, task: &FirewallTask, work: &PbqWork, edits: &mut Vec<Edit>) {
        network_drawing(ui, task);
        ui.add_space(6.0);
        if !self.requirements_pinned {
            requirements(ui, task);
            ui.add_space(6.0);
        }
        ui.strong("Rules");
        ui.label(RichText::new("In order: the first rule that matches a packet decides it.").weak());
        let editable = work.outcome.is_none();
        let places = task.places();
        for (index, draft) in work.rules.iter().enumerate() {
            ui.push_id(("rule", index), |ui| {
                ui.add_enabled_ui(editable, |ui| {
                    let focus = self.focus_rule == Some(index);
                    rule_row(ui, task, &places, index, draft, focus, edits);
                });
            });
        }
        self.focus_rule = None;
        ui.label(
            RichText::new(format!("{}. deny any → any (implicit: what no rule allows)", work.rules.len() + 1)).weak(),
        );
        if editable && keys::button(ui, "Add a rule", keys::ctrl(egui::Key::N)) {
            edits.push(Edit::AddRule);
            self.focus_rule = Some(work.rules.len());
        }
    }
}

/// The firewall's requirements, numbered; in a small window a third of its height at
/// most, scrolled on their own.
fn requirements(ui: &mut egui::Ui, task: &FirewallTask) {
    ui.strong("Requirements");
    let most = ui.ctx().content_rect().height() / 3.0;
    egui::ScrollArea::vertical().id_salt("requirements").max_height(most).show(ui, |ui| {
        for (number, requirement) in task.requirements.iter().enumerate() {
            ui.add(egui::Label::new(format!("{}. {}", number + 1, requirement.text)).wrap());
        }
    });
}

/// Scrolls a cell the keyboard just reached (Tab) into view: egui moves the focus, not
/// the view.
fn keep_in_view(response: &egui::Response) {
    if response.gained_focus() {
        response.scroll_to_me(None);
    }
}

/// One rule: action, source, destination, protocol, port, and moving it.
fn rule_row(
    ui: &mut egui::Ui,
    task: &FirewallTask,
    places: &[Place],
    index: usize,
    draft: &RuleDraft,
    focus: bool,
    edits: &mut Vec<Edit>,
) {
    let number = index + 1;
    let mut changed = draft.clone();
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("{number}."));
        let action = cycle(ui, &format!("Rule {number} action"), draft.action, &[Action::Allow, Action::Deny], |a| {
            a.to_string()
        });
        if focus {
            action.1.request_focus();
        }
        if let Some(value) = action.0 {
            changed.action = value;
        }
        let label = |place: Place| task.place_label(place);
        if let (Some(value), _) = cycle(ui, &format!("Rule {number} source"), draft.source, places, label) {
            changed.source = value;
        }
        ui.label("→");
        if let (Some(value), _) = cycle(ui, &format!("Rule {number} destination"), draft.destination, places, label) {
            changed.destination = value;
        }
        if let (Some(value), _) =
            cycle(ui, &format!("Rule {number} protocol"), draft.protocol, &Protocol::ALL, |p| p.to_string())
        {
            changed.protocol = value;
        }
        ui.label("port");
        let mut ports = draft.ports.clone();
        let field = ui.add(egui::TextEdit::singleline(&mut ports).desired_width(100.0).hint_text("any"));
        keep_in_view(&field);
        field.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("Rule {number} port")));
        if ports != draft.ports {
            changed.ports = ports;
        }
        for (text, hint, edit) in [
            ("Up", "Move this rule up", Edit::MoveRule { rule: index, up: true }),
            ("Down", "Move this rule down", Edit::MoveRule { rule: index, up: false }),
            ("Remove", "Remove this rule", Edit::RemoveRule(index)),
        ] {
            let button = ui.small_button(text).on_hover_text(hint);
            keep_in_view(&button);
            if button.clicked() {
                edits.push(edit);
            }
        }
    });
    if changed != *draft {
        edits.push(Edit::SetRule(index, changed));
    }
}

/// A cell with a few values: Enter or a click moves to the next, a right click to the
/// one before. Named for screen readers and tests as "Rule 1 source: internet".
fn cycle<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    name: &str,
    value: T,
    options: &[T],
    label: impl Fn(T) -> String,
) -> (Option<T>, egui::Response) {
    let shown = label(value);
    let response = ui.button(&shown);
    keep_in_view(&response);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, format!("{name}: {shown}")));
    let place = options.iter().position(|option| *option == value).unwrap_or(0);
    let step = if response.clicked() {
        Some(1)
    } else if response.secondary_clicked() {
        Some(options.len() - 1)
    } else {
        None
    };
    (step.map(|step| options[(place + step) % options.len()]), response)
}

/// The network: the internet, the firewall, the screened subnet with its servers and the
/// internal network with the admin workstation. The zones' text wraps to the width there
/// is, and the drawing grows to hold it.
fn network_drawing(ui: &mut egui::Ui, task: &FirewallTask) {
    let width = ui.available_width().min(640.0);
    let visuals = ui.visuals().clone();
    let font = egui::FontId::proportional(11.0);
    let (padding, gap) = (5.0, 6.0);
    let zone_left = width * 0.46;
    let zone_width = width - zone_left;
    let wrap = |text: String, wrap_width: f32| {
        ui.painter().layout(text, font.clone(), visuals.text_color(), wrap_width - 2.0 * padding)
    };
    let servers: Vec<String> =
        task.servers.iter().map(|server| format!("{} {}", server.role.server_name(), server.address)).collect();
    let dmz_text = wrap(format!("Screened subnet {}\n{}", task.screened_subnet, servers.join("\n")), zone_width);
    let lan_text = wrap(
        format!("Internal {}\nadmin workstation {}\nstaff computers", task.internal_network, task.admin_address),
        zone_width,
    );
    let internet_text = wrap("Internet\ncustomers, partners".to_string(), width * 0.26);
    let dmz_height = dmz_text.size().y + 2.0 * padding;
    let lan_height = lan_text.size().y + 2.0 * padding;
    let height = dmz_height + gap + lan_height;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    let description = format!(
        "Network: the internet, the firewall, the screened subnet {} with {}, and the internal network {} with the admin workstation {}",
        task.screened_subnet,
        servers.join(" and "),
        task.internal_network,
        task.admin_address
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &description));
    let painter = ui.painter_at(rect);
    let stroke = egui::Stroke::new(1.5, visuals.text_color());
    let boxed = |area: egui::Rect, text: std::sync::Arc<egui::Galley>| {
        painter.rect_stroke(area, 6.0, stroke, egui::StrokeKind::Inside);
        painter.galley(area.left_top() + egui::vec2(padding, padding), text, visuals.text_color());
    };
    let internet_height = internet_text.size().y + 2.0 * padding;
    let internet = egui::Rect::from_min_size(
        egui::pos2(rect.left(), rect.center().y - internet_height / 2.0),
        egui::vec2(width * 0.26, internet_height),
    );
    boxed(internet, internet_text);
    let firewall = egui::Rect::from_center_size(
        egui::pos2(rect.left() + width * 0.355, rect.center().y),
        egui::vec2(width * 0.13, internet_height.max(28.0)),
    );
    painter.rect_filled(firewall, 6.0, visuals.selection.bg_fill);
    painter.text(firewall.center(), egui::Align2::CENTER_CENTER, "Firewall", font.clone(), visuals.strong_text_color());
    let dmz =
        egui::Rect::from_min_size(egui::pos2(rect.left() + zone_left, rect.top()), egui::vec2(zone_width, dmz_height));
    boxed(dmz, dmz_text);
    let lan = egui::Rect::from_min_size(
        egui::pos2(rect.left() + zone_left, rect.top() + dmz_height + gap),
        egui::vec2(zone_width, lan_height),
    );
    boxed(lan, lan_text);
    painter.line_segment([internet.right_center(), firewall.left_center()], stroke);
    painter.line_segment([firewall.right_center(), dmz.left_center()], stroke);
    painter.line_segment([firewall.right_center(), lan.left_center()], stroke);
}

fn listing(ui: &mut egui::Ui, task: &ListingTask, work: &PbqWork, focus_first: bool, edits: &mut Vec<Edit>) {
    ui.label(task.question.text());
    ui.label(RichText::new("Tab to a line and press Space (or click) to mark it.").weak());
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(format!("$ {}", task.command)).monospace());
        // The header lines up with the service lines, which start after a checkbox.
        let indent = ui.spacing().icon_width + ui.spacing().icon_spacing;
        for line in &task.header {
            ui.horizontal(|ui| {
                ui.add_space(indent);
                ui.label(RichText::new(line).monospace());
            });
        }
        let editable = work.outcome.is_none();
        for (index, line) in task.lines.iter().enumerate() {
            let mut marked = work.marks.get(index).copied().unwrap_or(false);
            let text = RichText::new(&line.text).monospace();
            let response = ui.add_enabled(editable, egui::Checkbox::new(&mut marked, text));
            keep_in_view(&response);
            if focus_first && index == 0 {
                response.request_focus();
            }
            if response.changed() {
                edits.push(Edit::ToggleMark(index));
            }
        }
    });
}

fn matching(ui: &mut egui::Ui, task: &MatchTask, work: &PbqWork, focus_first: bool, edits: &mut Vec<Edit>) {
    ui.label(task.kind.instructions());
    ui.label(
        RichText::new(
            "Drag an answer onto a protocol, or Tab to a protocol's choice and press its number (or Enter for the next).",
        )
        .weak(),
    );
    let editable = work.outcome.is_none();
    ui.horizontal_wrapped(|ui| {
        for (index, item) in task.right.iter().enumerate() {
            let id = egui::Id::unique(("match answer", index));
            // An answer already placed is dimmed; it can still be dragged elsewhere.
            let placed = work.matches.contains(&Some(index));
            ui.dnd_drag_source(id, index, |ui| {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    let text = RichText::new(format!("{}. {item}", index + 1));
                    ui.label(if placed { text.weak() } else { text.strong() })
                });
            });
        }
    });
    ui.add_space(6.0);
    for (left, pair) in task.pairs.iter().enumerate() {
        // An answer another protocol has taken is not offered again.
        let choices = task.choices_for(&work.matches, left);
        let chosen = work.matches.get(left).copied().flatten();
        let (_, dropped) = ui.dnd_drop_zone::<usize, _>(egui::Frame::group(ui.style()), |ui| {
            ui.set_min_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&pair.left).strong());
                ui.label("→");
                ui.add_enabled_ui(editable, |ui| {
                    let label = |choice: Option<usize>| {
                        choice.map_or("(choose)".to_string(), |right| format!("{}. {}", right + 1, task.right[right]))
                    };
                    let (value, response) = cycle(ui, &format!("{} matches", pair.left), chosen, &choices, label);
                    if focus_first && left == 0 {
                        response.request_focus();
                    }
                    let picked = if response.has_focus() { numbered_pick(ui, &choices) } else { None };
                    if let Some(value) = value.or(picked) {
                        edits.push(Edit::Match { left, right: value });
                    }
                });
            });
        });
        if let Some(dropped) = dropped.filter(|_| editable) {
            edits.push(Edit::Match { left, right: Some(*dropped) });
        }
    }
}

/// The answer whose number the learner pressed (1 to 9), when it is on offer.
fn numbered_pick(ui: &egui::Ui, choices: &[Option<usize>]) -> Option<Option<usize>> {
    let pressed =
        ui.input_mut(|input| DIGIT_KEYS.iter().position(|digit| input.consume_key(egui::Modifiers::NONE, *digit)))?;
    choices.contains(&Some(pressed)).then_some(Some(pressed))
}

/// The score, each item with its sentence, and what to do about the misses.
fn results(ui: &mut egui::Ui, outcome: &PbqOutcome, intents: &mut Vec<Intent>) {
    ui.add_space(8.0);
    ui.heading(outcome.score_line());
    for (number, item) in outcome.items.iter().enumerate() {
        let (mark, colour) = if item.right { ("✔", RIGHT) } else { ("✘", WRONG) };
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(colour, format!("{mark} {}.", number + 1));
            ui.label(&item.explanation);
        });
    }
    if outcome.right() < outcome.total() {
        ui.horizontal_wrapped(|ui| {
            if keys::button(ui, "Study these ports now", keys::key(egui::Key::S)) {
                intents.push(PbqIntent::StudyMisses.into());
            }
            if keys::button(ui, "Drill them", keys::key(egui::Key::D)) {
                intents.push(PbqIntent::DrillMisses.into());
            }
        });
        ui.label(
            RichText::new("Your PBQ results are not reviews: the cards of these ports come first in study, and only your answers to them count.")
                .weak(),
        );
    }
}

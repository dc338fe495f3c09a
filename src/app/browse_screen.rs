//! The Browse screen: every card in a sortable, filterable table, tinted by how
//! well it is remembered, with "study now" and "reset" (undoable) on each line.

use chrono::{DateTime, FixedOffset, Utc};
use eframe::egui::{self, Color32, RichText};

use super::keys;
use super::widgets::{DIGIT_KEYS, ScreenView, family_picker};
use crate::card_table::{self, Column, Line, Status};
use crate::deck::CardIndex;
use crate::desk::{Desk, Intent};

/// What the learner set on this screen; kept while the app runs.
#[derive(Debug, Default)]
pub struct BrowseScreen {
    pub view: card_table::View,
    /// The card picked with the arrow keys or a click.
    pub selected: Option<CardIndex>,
    /// The lines on screen and what they were computed from.
    lines: Option<(LinesKey, Vec<Line>)>,
}

/// The lines are kept until the desk changes ([`Desk::version`]), the view changes or
/// a minute passes.
type LinesKey = (u64, card_table::View, i64);

fn lines_key(desk: &Desk, now: DateTime<Utc>, view: &card_table::View) -> LinesKey {
    (desk.version(), view.clone(), now.timestamp() / 60)
}

const ROW_HEIGHT: f32 = 24.0;
/// Room for the "Ask now" and "Reset" buttons at the start of each line.
const ACTIONS_WIDTH: f32 = 110.0;

fn width(column: Column) -> f32 {
    match column {
        // Wide enough for a range: "1812-1813", "5060-5061".
        Column::Port => 84.0,
        Column::Service => 110.0,
        Column::Transport => 76.0,
        Column::Core => 36.0,
        Column::Direction => 300.0,
        Column::Status => 62.0,
        Column::Due => 58.0,
        Column::Retrievability => 58.0,
        Column::Lapses => 44.0,
    }
}

/// Red when forgotten, through amber, to green when well known; none for new cards.
pub fn recall_tint(retrievability: f32) -> Color32 {
    let r = retrievability.clamp(0.0, 1.0);
    let (red, green) = if r < 0.5 { (200.0, 400.0 * r) } else { (200.0 * (1.0 - r) * 2.0, 170.0) };
    Color32::from_rgba_unmultiplied(red as u8, green as u8, 60, 60)
}

impl ScreenView for BrowseScreen {
    fn ui(&mut self, ui: &mut egui::Ui, desk: &Desk, now: DateTime<FixedOffset>) -> Vec<Intent> {
        let (session, now) = (desk.session(), now.to_utc());
        let state = self;
        let undo = desk.last_reset();
        let mut intents = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            let key = lines_key(desk, now, &state.view);
            if state.lines.as_ref().is_none_or(|(cached, _)| *cached != key) {
                state.lines = Some((key, card_table::view(session.deck(), session.progress(), now, &state.view)));
            }
            let Some((key, lines)) = state.lines.take() else { return };
            filters(ui, state, lines.len());
            keyboard(ui, &lines, state, &mut intents);
            if let Some(id) = undo {
                ui.horizontal(|ui| {
                    ui.label(format!("The progress of {id} was reset."));
                    if keys::button(ui, "Undo reset", keys::ctrl(egui::Key::Z)) {
                        intents.push(Intent::UndoReset);
                    }
                });
            }
            ui.separator();
            egui::ScrollArea::horizontal().show(ui, |ui| {
                header(ui, &mut state.view);
                egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(
                    ui,
                    ROW_HEIGHT,
                    lines.len(),
                    |ui, range| {
                        for line in &lines[range] {
                            line_row(ui, line, now, &mut state.selected, &mut intents);
                        }
                    },
                );
            });
            state.lines = Some((key, lines));
        });
        intents
    }

    fn said(&mut self, _message: String) {
        // Browse shows its outcomes in the table itself (a reset line, the undo bar).
    }
}

/// Up and Down pick a line, Enter asks it now, Delete resets it (while no text field
/// has the keys).
fn keyboard(ui: &mut egui::Ui, lines: &[Line], state: &mut BrowseScreen, intents: &mut Vec<Intent>) {
    if ui.memory(|memory| memory.focused().is_some()) || lines.is_empty() {
        return;
    }
    let position = state.selected.and_then(|card| lines.iter().position(|line| line.card == card));
    let (down, up, enter, delete) = ui.input_mut(|input| {
        (
            input.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            input.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            input.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
            input.consume_key(egui::Modifiers::NONE, egui::Key::Delete),
        )
    });
    let moved = match (down, up, position) {
        (true, _, Some(at)) => Some((at + 1).min(lines.len() - 1)),
        (_, true, Some(at)) => Some(at.saturating_sub(1)),
        (true, _, None) | (_, true, None) => Some(0),
        _ => None,
    };
    if let Some(at) = moved {
        state.selected = Some(lines[at].card);
    }
    if let Some(card) = state.selected.filter(|card| lines.iter().any(|line| line.card == *card)) {
        if enter {
            intents.push(Intent::StudyNow(card));
        }
        if delete {
            intents.push(Intent::ResetCard(card));
        }
    }
}

fn filters(ui: &mut egui::Ui, state: &mut BrowseScreen, shown: usize) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Filter");
        ui.add(egui::TextEdit::singleline(&mut state.view.text).hint_text("port, name or alias").desired_width(220.0))
            .labelled_by(label.id);
        ui.checkbox(&mut state.view.core_only, "Core only");
        ui.checkbox(&mut state.view.weak_only, "Weak only")
            .on_hover_text("Seen, and below 85 % recall or missed 3+ times");
        family_picker(ui, "Family", &mut state.view.family);
        ui.label(RichText::new(format!("{shown} cards")).weak());
    });
}

/// Alt+1 ... Alt+9 sort by the columns in order; again reverses.
const SORT_KEYS: [egui::Key; 9] = DIGIT_KEYS;

fn header(ui: &mut egui::Ui, view: &mut card_table::View) {
    ui.horizontal(|ui| {
        ui.add_space(ACTIONS_WIDTH + ui.spacing().item_spacing.x);
        for (column, key) in Column::ALL.into_iter().zip(SORT_KEYS) {
            if ui.input_mut(|input| input.consume_key(egui::Modifiers::ALT, key)) {
                view.descending = view.sort == column && !view.descending;
                view.sort = column;
            }
            let mark = match (view.sort == column, view.descending) {
                (true, false) => " ^",
                (true, true) => " v",
                (false, _) => "",
            };
            let button = egui::Button::new(RichText::new(format!("{}{mark}", column.title())).strong()).frame(false);
            if ui
                .add_sized([width(column), ROW_HEIGHT], button)
                .on_hover_text(format!("Sort by this column (Alt+{})", column as usize + 1))
                .clicked()
            {
                view.descending = view.sort == column && !view.descending;
                view.sort = column;
            }
        }
    });
}

fn line_row(
    ui: &mut egui::Ui,
    line: &Line,
    now: DateTime<Utc>,
    selected: &mut Option<CardIndex>,
    intents: &mut Vec<Intent>,
) {
    let due = line.due.map_or_else(String::new, |due| crate::schedule::short_wait(now, due));
    let recall =
        if line.status == Status::New { String::new() } else { format!("{:.0} %", line.retrievability * 100.0) };
    let cells = [
        (Column::Port, line.ports.clone()),
        (Column::Service, line.service.clone()),
        (Column::Transport, line.transport.clone()),
        (Column::Core, if line.core { "core".into() } else { String::new() }),
        (Column::Direction, line.prompt.clone()),
        (Column::Status, line.status.label().to_string()),
        (Column::Due, due),
        (Column::Retrievability, recall),
        (Column::Lapses, if line.lapses > 0 { line.lapses.to_string() } else { String::new() }),
    ];
    ui.horizontal(|ui| {
        line_actions(ui, line, intents);
        // The cells are painted, not laid out as nine widgets each: one row is one
        // accessible item whose name reads the whole line.
        let spacing = ui.spacing().item_spacing.x;
        let row_width: f32 = Column::ALL.iter().map(|&column| width(column) + spacing).sum::<f32>() - spacing;
        let (rect, response) = ui.allocate_exact_size(egui::vec2(row_width, ROW_HEIGHT), egui::Sense::click());
        let summary: Vec<&str> = cells.iter().map(|(_, text)| text.as_str()).filter(|text| !text.is_empty()).collect();
        let summary = summary.join(", ");
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &summary));
        let painter = ui.painter_at(rect);
        if line.status != Status::New {
            painter.rect_filled(rect, 2.0, recall_tint(line.retrievability));
        }
        if *selected == Some(line.card) {
            painter.rect_stroke(rect, 2.0, ui.visuals().selection.stroke, egui::StrokeKind::Inside);
        }
        let font = egui::TextStyle::Body.resolve(ui.style());
        let colour = ui.visuals().text_color();
        let mut left = rect.left();
        for (column, text) in &cells {
            let cell = egui::Rect::from_min_size(egui::pos2(left, rect.top()), egui::vec2(width(*column), ROW_HEIGHT));
            // The question reads from its start; short cells sit in the middle.
            let (anchor, at) = if *column == Column::Direction {
                (egui::Align2::LEFT_CENTER, cell.left_center() + egui::vec2(4.0, 0.0))
            } else {
                (egui::Align2::CENTER_CENTER, cell.center())
            };
            painter.with_clip_rect(cell).text(at, anchor, text, font.clone(), colour);
            left += width(*column) + spacing;
        }
        if response.clicked() {
            *selected = Some(line.card);
        }
        // The whole question, and the table's note, on hover (the cell may cut a long one).
        let hover = if line.info.is_empty() { line.prompt.clone() } else { format!("{}\n{}", line.prompt, line.info) };
        response.on_hover_text(hover);
    });
}

/// "Ask now" and "Reset" come first on each line, so that a narrow window (or large
/// text) never pushes them out of reach.
fn line_actions(ui: &mut egui::Ui, line: &Line, intents: &mut Vec<Intent>) {
    let size = egui::vec2(ACTIONS_WIDTH, ROW_HEIGHT);
    ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Center), |ui| {
        ui.set_min_size(size);
        if ui.small_button("Ask now").on_hover_text(format!("Study this {} card now (Enter)", line.ports)).clicked() {
            intents.push(Intent::StudyNow(line.card));
        }
        let reset = ui.add_enabled(line.status != Status::New, egui::Button::new("Reset").small());
        if reset.on_hover_text("Forget this card's progress (Delete; can be undone)").clicked() {
            intents.push(Intent::ResetCard(line.card));
        }
    });
}

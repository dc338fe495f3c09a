//! The file dialog drawn: a modal over the screen that asked for it, with the folder,
//! its listing, the file name and the questions the dialog asks, every part reachable
//! by keyboard (Tab, Enter, Esc, Alt+Up). The choosing itself is
//! [`crate::file_dialog`]'s. Where the desk's places say so, the system's own dialog
//! opens instead, on a thread of its own so that the window keeps drawing; when none
//! shows, the drawn one opens after all.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use eframe::egui::{self, Color32, Key, RichText};

use super::keys;
use crate::desk::Desk;
use crate::file_dialog::{DialogStyle, FileDialog, FileKind, Purpose, Question, Step, SystemAnswer};

/// A screen's file dialog, open or not.
#[derive(Debug, Default)]
pub struct FileChooser {
    dialog: Option<FileDialog>,
    /// The system's dialog, open on its thread.
    system: Option<SystemDialog>,
    /// The folder field as typed; Enter moves there.
    folder_typed: String,
    /// Put the keyboard in the name field on the next frame.
    focus_name: bool,
    /// Where the "Documents" button goes.
    documents: PathBuf,
    /// The dialog's height without its listing, as last drawn: the listing gets the
    /// rest of the window, so that the buttons never fall off a small one.
    height_without_listing: Option<f32>,
}

const NAME_FIELD: &str = "file_dialog_name";
/// Space kept free around the dialog, in points.
const MARGIN: f32 = 32.0;
/// The listing shows at least two lines, however small the window.
const MIN_LISTING: f32 = 48.0;
/// Where the window allows, the listing is this many lines tall, full or not.
const LISTING_LINES: f32 = 10.0;
const FOLDER_FIELD: &str = "file_dialog_folder";
/// How often the window looks for the system dialog's answer.
const SYSTEM_DIALOG_POLL: Duration = Duration::from_millis(100);

/// The system's file dialog, shown by a thread that hands back its answer.
#[derive(Debug)]
struct SystemDialog {
    kind: FileKind,
    /// The file picked (if any) and how long the dialog was open.
    answer: mpsc::Receiver<(Option<PathBuf>, Duration)>,
    /// Where the drawn dialog opens if this one never shows, and the name it proposes.
    folder: PathBuf,
    now: DateTime<FixedOffset>,
}

impl SystemDialog {
    fn open(kind: FileKind, folder: PathBuf, now: DateTime<FixedOffset>) -> SystemDialog {
        let (sender, answer) = mpsc::channel();
        let mut request = rfd::FileDialog::new()
            .set_title(kind.title())
            .set_directory(&folder)
            .add_filter(kind.extension(), &[kind.extension()]);
        std::thread::spawn(move || {
            let opened = Instant::now();
            let picked = match kind.purpose() {
                Purpose::Save => {
                    request = request.set_file_name(kind.proposed_name(now));
                    request.save_file()
                }
                Purpose::Open => request.pick_file(),
            };
            // The window may have closed meanwhile; nobody is left to tell.
            sender.send((picked, opened.elapsed())).ok();
        });
        SystemDialog { kind, answer, folder, now }
    }
}

impl FileChooser {
    /// Opens the dialog for `kind`, in the folder the desk's places propose: the
    /// system's when the places say so, else the one drawn in the window.
    pub fn open(&mut self, kind: FileKind, desk: &Desk, now: DateTime<FixedOffset>) {
        self.documents = desk.file_places().documents().to_path_buf();
        let folder = desk.file_places().start().to_path_buf();
        match desk.file_places().style() {
            DialogStyle::System => self.system = Some(SystemDialog::open(kind, folder, now)),
            DialogStyle::InApp => self.open_in_app(kind, &folder, now),
        }
    }

    fn open_in_app(&mut self, kind: FileKind, folder: &std::path::Path, now: DateTime<FixedOffset>) {
        let dialog = FileDialog::new(kind, folder, now);
        self.folder_typed = dialog.folder().display().to_string();
        self.dialog = Some(dialog);
        self.focus_name = true;
    }

    pub fn is_open(&self) -> bool {
        self.dialog.is_some() || self.system.is_some()
    }

    /// Draws the dialog while it is open; the file chosen, once, when the learner
    /// confirms. The screen behind should be drawn disabled meanwhile.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<(FileKind, PathBuf)> {
        if self.system.is_some() {
            return self.system_dialog_ui(ctx);
        }
        let dialog = self.dialog.as_mut()?;
        let folder_field = egui::Id::unique(FOLDER_FIELD);
        let folder_had_focus = ctx.memory(|memory| memory.has_focus(folder_field));
        let (enter, escape, alt_up) = ctx.input_mut(|input| {
            (
                input.consume_key(egui::Modifiers::NONE, Key::Enter),
                input.consume_key(egui::Modifiers::NONE, Key::Escape),
                input.consume_key(egui::Modifiers::ALT, Key::ArrowUp),
            )
        });
        let mut step = Step::Stay;
        let mut close = false;
        let mut moved = false;
        let asking = dialog.question().is_some();
        if escape {
            if asking {
                dialog.answer(false);
            } else {
                close = true;
            }
        } else if alt_up {
            dialog.up();
            moved = true;
        } else if enter && asking {
            step = dialog.answer(true);
        } else if enter && folder_had_focus {
            dialog.go_to(std::path::Path::new(self.folder_typed.trim()));
            moved = true;
        } else if enter {
            step = dialog.confirm();
            moved = true;
        }
        let size = ctx.content_rect().size();
        // Until the dialog was drawn once, guess eight lines for everything but the listing.
        let without_listing =
            self.height_without_listing.unwrap_or_else(|| 8.0 * ctx.global_style().spacing.interact_size.y);
        let lines = ctx.global_style().spacing.interact_size.y;
        let listing_height = (size.y - MARGIN - without_listing).clamp(MIN_LISTING, LISTING_LINES * lines);
        let modal = egui::Modal::new(egui::Id::unique("file_dialog")).show(ctx, |ui| {
            ui.set_max_width((size.x - MARGIN).clamp(200.0, 720.0));
            let fields = Fields { folder_typed: &mut self.folder_typed, focus_name: &mut self.focus_name };
            dialog_ui(ui, dialog, fields, &self.documents, listing_height)
        });
        let (outcome, listing_drawn) = modal.inner;
        let measured = modal.response.rect.height() - listing_drawn;
        if self.height_without_listing.is_none_or(|known| (known - measured).abs() > 0.5) {
            self.height_without_listing = Some(measured);
            ctx.request_repaint();
        }
        if modal.backdrop_response.clicked() || outcome.cancel {
            close = true;
        }
        if let Some(next) = outcome.step {
            step = next;
        }
        moved |= outcome.moved;
        if moved && dialog.question().is_none() {
            self.folder_typed = dialog.folder().display().to_string();
        }
        if dialog.question().is_some() {
            // Y and N answer the question: they must not type into the name field.
            ctx.memory_mut(|memory| memory.stop_text_input());
        }
        let kind = dialog.kind();
        if close {
            self.dialog = None;
            return None;
        }
        match step {
            Step::Chosen(path) => {
                self.dialog = None;
                Some((kind, path))
            }
            Step::Stay => None,
        }
    }
}

impl FileChooser {
    /// While the system's dialog is open, a line saying so over the disabled screen;
    /// its answer once it comes.
    fn system_dialog_ui(&mut self, ctx: &egui::Context) -> Option<(FileKind, PathBuf)> {
        let system = self.system.as_ref()?;
        let (picked, open_for) = match system.answer.try_recv() {
            Ok(answer) => answer,
            Err(mpsc::TryRecvError::Empty) => {
                egui::Modal::new(egui::Id::unique("system_file_dialog")).show(ctx, |ui| {
                    ui.heading(system.kind.title());
                    ui.label("Choose the file in the dialog that opened.");
                });
                ctx.request_repaint_after(SYSTEM_DIALOG_POLL);
                return None;
            }
            // The dialog's thread ended without a word: as if none showed.
            Err(mpsc::TryRecvError::Disconnected) => (None, Duration::ZERO),
        };
        let system = self.system.take()?;
        match crate::file_dialog::system_answer(system.kind, picked, open_for) {
            SystemAnswer::Chosen(path) => Some((system.kind, path)),
            SystemAnswer::Cancelled => None,
            SystemAnswer::Unanswered => {
                log::warn!("no system file dialog showed for \"{}\"; the window's own opened", system.kind.title());
                self.open_in_app(system.kind, &system.folder, system.now);
                None
            }
        }
    }
}

/// What the learner did inside the dialog this frame.
struct Outcome {
    step: Option<Step>,
    cancel: bool,
    /// The dialog's folder may have changed: the folder field follows.
    moved: bool,
}

/// The chooser's own parts the dialog's drawing changes.
struct Fields<'a> {
    folder_typed: &'a mut String,
    focus_name: &'a mut bool,
}

fn dialog_ui(
    ui: &mut egui::Ui,
    dialog: &mut FileDialog,
    fields: Fields<'_>,
    documents: &std::path::Path,
    listing_height: f32,
) -> (Outcome, f32) {
    let Fields { folder_typed, focus_name } = fields;
    let mut outcome = Outcome { step: None, cancel: false, moved: false };
    ui.heading(dialog.kind().title());
    ui.horizontal(|ui| {
        if keys::button(ui, "Up", keys::alt(Key::ArrowUp)) {
            dialog.up();
            outcome.moved = true;
        }
        if ui.button("Documents").on_hover_text(format!("Go to {}", documents.display())).clicked() {
            dialog.go_to(documents);
            outcome.moved = true;
        }
        let label = ui.label("Folder");
        let field = egui::TextEdit::singleline(folder_typed)
            .id(egui::Id::unique(FOLDER_FIELD))
            .desired_width(ui.available_width().max(120.0));
        ui.add(field).labelled_by(label.id).on_hover_text("Type a folder and press Enter to go there.");
    });
    let listing_drawn = listing_ui(ui, dialog, &mut outcome, listing_height);
    ui.horizontal(|ui| {
        let label = ui.label("File name");
        let field = egui::TextEdit::singleline(&mut dialog.name)
            .id(egui::Id::unique(NAME_FIELD))
            .desired_width(ui.available_width().max(120.0));
        let response = ui.add(field).labelled_by(label.id);
        if std::mem::take(focus_name) {
            response.request_focus();
            select_the_stem(ui.ctx(), response.id, &dialog.name);
        }
    });
    if dialog.purpose() == Purpose::Save && dialog.kind().listed_extensions().len() > 1 {
        formats_ui(ui, dialog);
    }
    if dialog.purpose() == Purpose::Save
        && let Some(target) = dialog.target()
    {
        let whole = format!("Will be written to {}", target.display());
        ui.add(egui::Label::new(RichText::new(&whole).weak()).truncate()).on_hover_text(whole);
    }
    if let Some(problem) = dialog.problem() {
        ui.label(RichText::new(problem).color(Color32::from_rgb(220, 80, 60)).strong());
    }
    if let Some(question) = dialog.question().cloned() {
        question_ui(ui, dialog, &question, &mut outcome);
    } else {
        ui.horizontal(|ui| {
            let confirm = match dialog.purpose() {
                Purpose::Save => "Save",
                Purpose::Open => "Open",
            };
            if ui.add(egui::Button::new(confirm).shortcut_text("Enter")).clicked() {
                outcome.step = Some(dialog.confirm());
                outcome.moved = true;
            }
            if ui.add(egui::Button::new("Cancel").shortcut_text("Esc")).clicked() {
                outcome.cancel = true;
            }
        });
    }
    (outcome, listing_drawn)
}

/// The formats a kind can be written in (the first is the default): picking one
/// changes the name's extension, which is what decides the format.
fn formats_ui(ui: &mut egui::Ui, dialog: &mut FileDialog) {
    ui.horizontal(|ui| {
        ui.label("Format");
        for &extension in dialog.kind().listed_extensions() {
            let current =
                std::path::Path::new(&dialog.name).extension().is_some_and(|ext| ext.eq_ignore_ascii_case(extension));
            let label = match extension {
                "xlsx" => "Spreadsheet (.xlsx)",
                "csv" => "CSV (.csv)",
                other => other,
            };
            if ui.selectable_label(current, label).clicked() {
                let renamed = std::path::Path::new(&dialog.name).with_extension(extension);
                dialog.name = renamed.to_string_lossy().into_owned();
            }
        }
    });
}

/// Selects the proposed name without its extension, as system dialogs do: typing
/// replaces the name and keeps the extension.
fn select_the_stem(ctx: &egui::Context, field: egui::Id, name: &str) {
    let stem = name.rfind('.').filter(|&dot| dot > 0).map_or(name.len(), |dot| dot);
    let chars = name[..stem].chars().count();
    let mut state = egui::text_edit::TextEditState::load(ctx, field).unwrap_or_default();
    let range = egui::text::CCursorRange::two(egui::text::CCursor::new(0), egui::text::CCursor::new(chars));
    state.cursor.set_char_range(Some(range));
    state.store(ctx, field);
}

/// The folders and files, in a list that scrolls: a click opens a folder or takes a
/// file's name; a double click on a file chooses it. Returns the height it took.
fn listing_ui(ui: &mut egui::Ui, dialog: &mut FileDialog, outcome: &mut Outcome, height: f32) -> f32 {
    let mut picked = None;
    let mut chosen = false;
    let framed = egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::ScrollArea::vertical().max_height(height).auto_shrink([false, false]).show(ui, |ui| {
            if let Some(note) = dialog.listing_note() {
                ui.label(RichText::new(note).italics());
            } else if dialog.entries().is_empty() {
                let kinds = dialog.kind().listed_extensions().iter().map(|ext| format!(".{ext}")).collect::<Vec<_>>();
                ui.label(RichText::new(format!("No folders and no {} files here.", kinds.join(" or "))).weak());
            }
            for entry in dialog.entries() {
                let text = if entry.is_folder { format!("{}/", entry.name) } else { entry.name.clone() };
                let selected = !entry.is_folder && entry.name == dialog.name;
                let response = ui.selectable_label(selected, text);
                if response.double_clicked() {
                    chosen = true;
                }
                if response.clicked() || response.double_clicked() {
                    picked = Some(entry.clone());
                }
            }
        });
    });
    if let Some(entry) = picked {
        dialog.pick(&entry);
        outcome.moved = true;
        if chosen && !entry.is_folder {
            outcome.step = Some(dialog.confirm());
        }
    }
    framed.response.rect.height()
}

fn question_ui(ui: &mut egui::Ui, dialog: &mut FileDialog, question: &Question, outcome: &mut Outcome) {
    ui.label(RichText::new(question.sentence()).strong());
    ui.horizontal(|ui| {
        let yes = match question {
            Question::CreateFolder(_) => "Create the folder",
            Question::Replace(_) => "Replace it",
        };
        if keys::button(ui, yes, keys::key(Key::Y)) {
            outcome.step = Some(dialog.answer(true));
        }
        if keys::button(ui, "No", keys::key(Key::N)) {
            dialog.answer(false);
        }
    });
}

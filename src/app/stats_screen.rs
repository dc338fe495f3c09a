//! The Statistics screen: mastery, the port map, reviews per day with accuracy, the
//! study calendar and streak, the due forecast, time spent, the most-missed cards,
//! and moving or resetting progress.

use chrono::{DateTime, Datelike, Duration, FixedOffset};
use eframe::egui::{self, Color32, RichText, Sense, Stroke, vec2};
use egui_plot::{Bar, BarChart, Line, PlotPoints};

use super::file_chooser::FileChooser;
use super::keys;
use super::widgets::{ScreenView, still_plot};
use crate::desk::{Desk, Intent};
use crate::figures as stats;
use crate::file_dialog::FileKind;
use crate::known_ports::{KnownToday, StudyNext};

const CORE_COLOUR: Color32 = Color32::from_rgb(230, 170, 40);

/// What the learner typed or chose on this screen.
#[derive(Debug, Default)]
pub struct StatsScreen {
    files: FileChooser,
    confirm_reset: bool,
    /// The figures on screen and what they were computed from.
    figures: Option<(FiguresKey, Shown)>,
}

/// What the screen shows, computed once per [`FiguresKey`].
#[derive(Debug)]
struct Shown {
    figures: stats::Figures,
    known: KnownToday,
    next: StudyNext,
}

/// The figures are kept until the desk changes ([`Desk::version`]) or a minute passes.
type FiguresKey = (u64, i64);

fn figures_key(desk: &Desk, now: DateTime<FixedOffset>) -> FiguresKey {
    (desk.version(), now.timestamp() / 60)
}

impl ScreenView for StatsScreen {
    fn ui(&mut self, ui: &mut egui::Ui, desk: &Desk, now: DateTime<FixedOffset>) -> Vec<Intent> {
        let mut intents = Vec::new();
        let key = figures_key(desk, now);
        if self.figures.as_ref().is_none_or(|(cached, _)| *cached != key) {
            let session = desk.session();
            let (deck, progress) = (session.deck(), session.progress());
            let shown = Shown {
                figures: stats::figures(deck, progress, session.log_tally(), now, session.exam_start(now)),
                known: crate::known_ports::known_today(deck, progress, now),
                next: crate::known_ports::study_next(deck, progress, session.log_tally(), now.to_utc()),
            };
            self.figures = Some((key, shown));
        }
        if let Some((_, shown)) = &self.figures {
            let deck = desk.session().deck();
            let choosing = self.files.is_open();
            egui::CentralPanel::default().show(ui, |ui| {
                ui.add_enabled_ui(!choosing, |ui| {
                    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                        progress_ui(ui, deck, shown, &mut intents);
                        figures_ui(ui, deck, &shown.figures);
                        if let Some(kind) = moving(ui, &mut self.confirm_reset, &mut intents) {
                            self.files.open(kind, desk, now);
                        }
                    });
                });
            });
        }
        if let Some((kind, path)) = self.files.show(ui.ctx()) {
            intents.push(match kind {
                FileKind::ProgressImport => Intent::Import(path),
                FileKind::AnkiDeck => Intent::ExportAnki(path),
                FileKind::CheatSheet => Intent::ExportCheatSheet(path),
                _ => Intent::Export(path),
            });
        }
        intents
    }

    fn said(&mut self, _message: String) {
        // What comes of a file action shows under the tabs, on whatever screen is open.
    }
}

/// The core ports known now and today's change, and what to study next with a button
/// that starts it.
fn progress_ui(ui: &mut egui::Ui, deck: &crate::deck::Deck, shown: &Shown, intents: &mut Vec<Intent>) {
    ui.heading("Progress");
    let KnownToday { now: known, .. } = shown.known;
    let share = if known.total == 0 { 0.0 } else { known.known as f32 / known.total as f32 };
    let line = |ui: &mut egui::Ui| {
        ui.add(egui::Label::new(RichText::new(shown.known.describe()).strong()).wrap()).on_hover_text(
            "A port you know now: every question about it you have studied was last answered right, \
             and your memory model puts its recall now at 80 % or more.",
        )
    };
    beside_or_under(ui, line, share);
    ui.add_space(4.0);
    ui.label(RichText::new("What to study next").strong());
    let next = &shown.next;
    if next.weakest_family.is_none() && next.most_missed.is_empty() {
        ui.label("Study a few cards first: then this names your weakest family and the ports you miss most.");
    }
    if let Some(weakest) = &next.weakest_family {
        ui.horizontal_wrapped(|ui| {
            ui.label(weakest.describe());
            if ui.button(format!("Study {} now", weakest.family.title())).clicked() {
                intents.push(Intent::ReviewNow(weakest.cards.clone()));
            }
        });
    }
    if !next.most_missed.is_empty() {
        let missed: Vec<String> = next
            .most_missed
            .iter()
            .map(|(card, misses)| {
                let row = deck.row_of(&deck.cards[*card]);
                format!("{} {} ({misses}×)", row.ports, row.service)
            })
            .collect();
        ui.horizontal_wrapped(|ui| {
            ui.add(egui::Label::new(format!("Most missed: {}", missed.join(", "))).wrap());
            if ui.button("Study the most missed now").clicked() {
                intents.push(Intent::ReviewNow(next.most_missed.iter().map(|(card, _)| *card).collect()));
            }
        });
    }
    ui.add_space(8.0);
}

/// Mastery, the port map, activity, the forecast, the exam curve, the most missed.
fn figures_ui(ui: &mut egui::Ui, deck: &crate::deck::Deck, figures: &stats::Figures) {
    let mastery = figures.mastery;
    ui.heading("Mastery");
    share_bar(ui, "Core ports mastered", mastery.core_mastered, mastery.core_total);
    share_bar(ui, "All ports mastered", mastery.all_mastered, mastery.all_total);
    ui.label(RichText::new("A port is mastered when every question about it is at 90 % recall or more.").weak());
    ui.add_space(8.0);
    ui.heading("Port map");
    port_map(ui, &figures.port_map);
    ui.add_space(8.0);

    let effort = figures.effort;
    ui.heading("Activity");
    ui.label(format!(
        "Reviews: {}   ·   Time answering: {}   ·   {:.1} answers per minute   ·   Streak: {} day(s)",
        effort.reviews,
        minutes_and_hours(effort.seconds),
        effort.answers_per_minute(),
        figures.streak
    ));
    reviews_plot(ui, &figures.recent);
    calendar(ui, &figures.days, figures.today);
    ui.add_space(8.0);

    ui.heading("Due in the next 30 days");
    forecast_plot(ui, &figures.forecast);
    if let Some(curve) = &figures.exam_curve {
        ui.heading("Predicted recall up to the exam");
        exam_curve(ui, curve);
    }
    ui.add_space(8.0);

    ui.heading("Most missed");
    if figures.most_missed.is_empty() {
        ui.label("Nothing missed yet.");
    }
    for (id, misses) in &figures.most_missed {
        let prompt = deck.card(id).map_or_else(|| id.to_string(), |card| card.prompt.clone());
        ui.label(format!("{misses}×  {prompt}"));
    }
    ui.add_space(8.0);
}

fn share_bar(ui: &mut egui::Ui, what: &str, part: usize, whole: usize) {
    let share = if whole == 0 { 0.0 } else { part as f32 / whole as f32 };
    beside_or_under(ui, |ui| ui.label(format!("{what}: {part} of {whole} ({:.0} %)", share * 100.0)), share);
}

/// A line with its bar beside it, or under it in a narrow window (large text), so that
/// the row never runs past the right edge: a row wider than the window would widen
/// everything under it, and cut it off.
fn beside_or_under(ui: &mut egui::Ui, line: impl FnOnce(&mut egui::Ui) -> egui::Response, share: f32) {
    const BAR_WIDTH: f32 = 240.0;
    if ui.available_width() >= 2.0 * BAR_WIDTH + 40.0 {
        ui.horizontal(|ui| {
            line(ui);
            ui.add(egui::ProgressBar::new(share).desired_width(BAR_WIDTH));
        });
    } else {
        line(ui);
        ui.add(egui::ProgressBar::new(share).desired_width(BAR_WIDTH.min(ui.available_width())));
    }
}

fn minutes_and_hours(seconds: f64) -> String {
    if seconds < 60.0 {
        return format!("{seconds:.0} s");
    }
    let minutes = (seconds / 60.0).round() as u64;
    if minutes < 60 { format!("{minutes} min") } else { format!("{} h {} min", minutes / 60, minutes % 60) }
}

fn port_map(ui: &mut egui::Ui, cells: &[stats::PortCell]) {
    let size = vec2(62.0, 30.0);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        for cell in cells {
            let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
            let fill = if cell.studied > 0 { recall_colour(cell.recall) } else { ui.visuals().faint_bg_color };
            let text = if cell.studied > 0 { Color32::BLACK } else { ui.visuals().text_color() };
            let stroke = if cell.core {
                Stroke::new(2.0, CORE_COLOUR)
            } else {
                Stroke::new(1.0, ui.visuals().weak_text_color())
            };
            ui.painter().rect(rect, 3.0, fill, stroke, egui::StrokeKind::Inside);
            ui.painter().text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                &cell.ports,
                egui::FontId::proportional(12.0),
                text,
            );
            let recall = if cell.studied > 0 {
                format!(
                    "{:.0} % recall now, {} of {} questions studied",
                    cell.recall * 100.0,
                    cell.studied,
                    cell.questions
                )
            } else {
                "not studied yet".into()
            };
            let core = if cell.core { ", core port" } else { "" };
            response.on_hover_text(format!("{} {}{core}: {recall}", cell.ports, cell.service));
        }
    });
}

/// Opaque map colours, light enough for black text: red, amber, green.
fn recall_colour(recall: f32) -> Color32 {
    let r = recall.clamp(0.0, 1.0);
    let mix = |a: u8, b: u8, t: f32| (f32::from(a) + (f32::from(b) - f32::from(a)) * t) as u8;
    let ([r1, g1, b1], [r2, g2, b2], t) = if r < 0.5 {
        ([235, 120, 110], [240, 200, 110], r * 2.0)
    } else {
        ([240, 200, 110], [130, 210, 140], r * 2.0 - 1.0)
    };
    Color32::from_rgb(mix(r1, r2, t), mix(g1, g2, t), mix(b1, b2, t))
}

fn reviews_plot(ui: &mut egui::Ui, days: &[stats::Day]) {
    let bars: Vec<Bar> =
        days.iter().enumerate().map(|(index, day)| Bar::new(index as f64, day.reviews as f64).width(0.7)).collect();
    let most = days.iter().map(|day| day.reviews).max().unwrap_or(0).max(1) as f64;
    // Accuracy drawn on the reviews scale: 100 % is the tallest bar.
    let accuracy: PlotPoints = days
        .iter()
        .enumerate()
        .filter(|(_, day)| day.reviews > 0)
        .map(|(index, day)| [index as f64, f64::from(day.accuracy()) * most])
        .collect();
    ui.label("Reviews per day over the last 30 days (bars), accuracy (line, 100 % = top)");
    still_plot("reviews_per_day", 150.0, false).show(ui, |plot| {
        plot.bar_chart(BarChart::new("Reviews", bars).color(Color32::from_rgb(70, 130, 230)));
        plot.line(Line::new("Accuracy", accuracy).color(Color32::from_rgb(60, 170, 90)));
    });
}

fn forecast_plot(ui: &mut egui::Ui, forecast: &[usize]) {
    let bars: Vec<Bar> =
        forecast.iter().enumerate().map(|(day, count)| Bar::new(day as f64, *count as f64).width(0.7)).collect();
    still_plot("due_forecast", 130.0, false)
        .show(ui, |plot| plot.bar_chart(BarChart::new("Due", bars).color(Color32::from_rgb(230, 140, 30))));
}

/// Core and overall recall from today to the exam day, if nothing more were studied.
fn exam_curve(ui: &mut egui::Ui, curve: &[(f32, f32)]) {
    let points = |pick: fn(&(f32, f32)) -> f32| -> PlotPoints {
        curve.iter().enumerate().map(|(day, values)| [day as f64, f64::from(pick(values)) * 100.0]).collect()
    };
    if let Some((core, all)) = curve.last() {
        ui.label(format!(
            "If nothing more were studied: core {:.0} %, all {:.0} % on exam day (days from today on the axis)",
            core * 100.0,
            all * 100.0
        ));
    }
    still_plot("exam_curve", 130.0, true).show(ui, |plot| {
        plot.line(Line::new("Core", points(|values| values.0)).color(CORE_COLOUR));
        plot.line(Line::new("All", points(|values| values.1)).color(Color32::from_rgb(70, 130, 230)));
    });
}

/// The last 20 weeks as a grid of days, darker for more reviews.
fn calendar(
    ui: &mut egui::Ui,
    days: &std::collections::BTreeMap<chrono::NaiveDate, stats::Day>,
    today: chrono::NaiveDate,
) {
    let weeks = 20;
    let first = today - Duration::days(i64::from(today.weekday().num_days_from_monday()) + 7 * (weeks - 1));
    let most = days.values().map(|day| day.reviews).max().unwrap_or(1).max(1) as f32;
    ui.label("Study days, last 20 weeks");
    let cell = 12.0;
    let (rect, _) = ui.allocate_exact_size(vec2(weeks as f32 * (cell + 2.0), 7.0 * (cell + 2.0)), Sense::hover());
    for week in 0..weeks {
        for weekday in 0..7 {
            let date = first + Duration::days(week * 7 + weekday);
            if date > today {
                continue;
            }
            let reviews = days.get(&date).map_or(0, |day| day.reviews);
            let min = rect.min + vec2(week as f32 * (cell + 2.0), weekday as f32 * (cell + 2.0));
            let fill = if reviews == 0 {
                ui.visuals().faint_bg_color
            } else {
                let strength = 0.3 + 0.7 * reviews as f32 / most;
                Color32::from_rgb(60, 170, 90).gamma_multiply(strength)
            };
            ui.painter().rect_filled(egui::Rect::from_min_size(min, vec2(cell, cell)), 2.0, fill);
        }
    }
}

/// The export, import and reset buttons; the kind of file asked for, if one was.
fn moving(ui: &mut egui::Ui, confirm_reset: &mut bool, intents: &mut Vec<Intent>) -> Option<FileKind> {
    ui.heading("Move or reset progress");
    let mut asked = None;
    ui.horizontal_wrapped(|ui| {
        if keys::button(ui, "Export progress...", keys::ctrl(egui::Key::E)) {
            asked = Some(FileKind::ProgressExport);
        }
        if keys::button(ui, "Import and merge...", keys::ctrl(egui::Key::I)) {
            asked = Some(FileKind::ProgressImport);
        }
    });
    ui.horizontal_wrapped(|ui| {
        let anki = keys::button(ui, "Export for Anki...", keys::ctrl_shift(egui::Key::A));
        if anki {
            asked = Some(FileKind::AnkiDeck);
        }
        if keys::button(ui, "Write cheat sheet...", keys::ctrl_shift(egui::Key::P)) {
            asked = Some(FileKind::CheatSheet);
        }
    })
    .response
    .on_hover_text("For Anki or AnkiDroid, the cards your settings ask: File → Import in Anki.");
    if *confirm_reset {
        ui.horizontal(|ui| {
            ui.label(RichText::new("Reset all progress? A copy of the file is kept.").color(Color32::RED));
            if keys::button(ui, "Yes, reset everything", keys::key(egui::Key::Y)) {
                *confirm_reset = false;
                intents.push(Intent::ResetAll);
            }
            if keys::button(ui, "Cancel", keys::key(egui::Key::Escape)) {
                *confirm_reset = false;
            }
        });
    } else if keys::button(ui, "Reset all progress...", keys::ctrl_shift(egui::Key::Delete)) {
        *confirm_reset = true;
    }
    asked
}

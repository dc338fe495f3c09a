//! The Live screen's class part: the class picker, the class view (its recall now, the
//! weakest ports and families, recall over the weeks, the next round's plan), the
//! Rounds list and a kept round reopened (its podium, its questions, its results).

use chrono::{DateTime, FixedOffset, Utc};
use eframe::egui::{self, Color32, RichText};
use egui_plot::{Line, PlotPoints, VLine};

use super::keys;
use crate::deck::{CardIndex, Deck};
use crate::desk::{Desk, Intent, LiveIntent};
use crate::live::class_memory::{PlannedQuestion, Reason};
use crate::live::classes::{ClassReport, KeptRound, plan_groups};

/// "Class:" with the name typed or picked; every known class one click away.
pub fn class_picker(ui: &mut egui::Ui, desk: &Desk, typed: &mut Option<String>, intents: &mut Vec<Intent>) {
    let chosen = desk.live_class().unwrap_or_default().to_string();
    let text = typed.get_or_insert_with(|| chosen.clone());
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Class:");
        let field = ui
            .add(
                egui::TextEdit::singleline(text)
                    .hint_text("e.g. Period 3 Network+")
                    .char_limit(crate::live::classes::CLASS_NAME_CHARS)
                    .desired_width(240.0),
            )
            .labelled_by(label.id)
            .on_hover_text("Rounds are remembered by class; a class's memory plans its review rounds");
        if field.changed() {
            intents.push(Intent::Live(LiveIntent::ChooseClass(text.clone())));
        }
    });
    let classes = desk.kept_rounds().classes();
    if classes.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Earlier classes:");
        for class in classes {
            let picked = crate::live::classes::same_class(&class.name, &chosen);
            let rounds = if class.rounds == 1 { "1 round".to_string() } else { format!("{} rounds", class.rounds) };
            if ui.selectable_label(picked, format!("{} ({rounds})", class.name)).clicked() {
                *text = class.name.clone();
                intents.push(Intent::Live(LiveIntent::ChooseClass(class.name)));
            }
        }
    });
}

/// A card as a teacher names it, the way it asks: "3389 → RDP" asks what port 3389 is,
/// "RDP → 3389" which port RDP uses.
fn card_name(deck: &Deck, card: CardIndex) -> String {
    let row = &deck.rows[deck.cards[card].row];
    match deck.cards[card].direction {
        crate::deck::Direction::ServiceToPort => format!("{} → {}", row.service, row.ports),
        _ => format!("{} → {}", row.ports, row.service),
    }
}

fn percent(share: f64) -> String {
    format!("{:.0} %", 100.0 * share)
}

/// The class view: where the class stands and what the next review would ask.
pub fn class_view(ui: &mut egui::Ui, deck: &Deck, report: &ClassReport, now: DateTime<FixedOffset>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(format!("Class: {}", report.class)).strong().size(18.0));
        if report.rounds == 0 {
            ui.label(
                "No round of this class yet. Its first reviews ask the ports it has not been asked, until it has \
                 met them all; from then on, what it is likeliest to have forgotten.",
            );
        } else {
            let rounds = if report.rounds == 1 { "1 round".to_string() } else { format!("{} rounds", report.rounds) };
            let recall = report.recall_of_asked.map(percent).unwrap_or_else(|| "-".into());
            let asked = report.pool - report.never_asked;
            let never = match report.never_asked {
                0 => String::new(),
                1 => " 1 not asked yet.".to_string(),
                count => format!(" {count} not asked yet."),
            };
            ui.label(format!(
                "{rounds} so far. Of the {asked} core-port questions it was asked, the class would get about \
                 {recall} right today.{never}"
            ));
            weakest_ui(ui, deck, report);
            curve_ui(ui, &report.curve, &report.played_at, now);
        }
        plan_ui(ui, deck, &report.plan, now);
    });
}

fn weakest_ui(ui: &mut egui::Ui, deck: &Deck, report: &ClassReport) {
    ui.columns(2, |columns| {
        columns[0].label(RichText::new("Weakest ports now").strong());
        for &(card, recall) in &report.weakest {
            columns[0].label(format!("{}: {}", card_name(deck, card), percent(recall)));
        }
        columns[1].label(RichText::new("Families now").strong());
        for &(family, recall) in report.families.iter().take(crate::live::classes::WEAKEST_SHOWN) {
            columns[1].label(format!("{}: {}", family.title(), percent(recall)));
        }
    });
}

/// The class's estimated recall of the core ports from its first round to today, each
/// round a faint line.
fn curve_ui(ui: &mut egui::Ui, curve: &[(DateTime<Utc>, f64)], rounds: &[DateTime<Utc>], now: DateTime<FixedOffset>) {
    let Some(&(first, _)) = curve.first() else { return };
    let days = |at: DateTime<Utc>| (at - first).num_seconds() as f64 / 86_400.0;
    let points: PlotPoints = curve.iter().map(|&(at, recall)| [days(at), 100.0 * recall]).collect();
    let start = first.with_timezone(now.offset()).format("%-d %b %Y");
    ui.label(format!(
        "Estimated recall of the core ports, % (days since the first round, {start}; a line at each round)"
    ));
    super::widgets::still_plot("class_recall", 120.0, true).show(ui, |plot| {
        for &at in rounds {
            plot.vline(VLine::new("Round", days(at)).color(Color32::from_gray(120)));
        }
        plot.line(Line::new("Class recall", points).color(Color32::from_rgb(60, 170, 90)));
    });
}

/// The next review round, grouped by why each question is there.
fn plan_ui(ui: &mut egui::Ui, deck: &Deck, plan: &[PlannedQuestion], now: DateTime<FixedOffset>) {
    if plan.is_empty() {
        return;
    }
    ui.label(RichText::new(format!("Next review round ({} questions)", plan.len())).strong());
    for (group, _) in plan_groups(plan, now) {
        let names: Vec<String> = plan
            .iter()
            .filter(|planned| planned.reason.group(now) == group)
            .map(|planned| match planned.reason {
                Reason::NeverAsked => card_name(deck, planned.card),
                Reason::MissedByMost { share_right, .. } => format!(
                    "{} ({} right then, about {} now)",
                    card_name(deck, planned.card),
                    percent(share_right),
                    percent(planned.recall)
                ),
                _ => format!("{} (about {} now)", card_name(deck, planned.card), percent(planned.recall)),
            })
            .collect();
        ui.label(format!("{}: {}", capitalised(&group), names.join(", ")));
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Every round kept, newest first, each to open.
pub fn rounds_list(ui: &mut egui::Ui, desk: &Desk, now: DateTime<FixedOffset>, intents: &mut Vec<Intent>) {
    let kept = desk.kept_rounds();
    let count = kept.listed().count();
    if count == 0 {
        return;
    }
    egui::CollapsingHeader::new(format!("Rounds kept ({count})")).id_salt("live-rounds").show(ui, |ui| {
        egui::Grid::new("live-rounds-grid").num_columns(5).striped(true).spacing([14.0, 4.0]).show(ui, |ui| {
            for (place, round) in kept.listed() {
                let record = &round.record;
                ui.label(when(record.started, now));
                ui.label(record.class.as_deref().unwrap_or("(no class)"));
                ui.label(format!(
                    "{} players, {} of {} asked{}",
                    record.players.len(),
                    record.asked,
                    record.questions.len(),
                    if record.ended { "" } else { ", cut short" }
                ));
                ui.label(record.pool.as_deref().unwrap_or(""));
                if ui.button("Open").on_hover_text("Its podium, its questions, its results").clicked() {
                    intents.push(Intent::Live(LiveIntent::OpenKeptRound(place)));
                }
                ui.end_row();
            }
        });
    });
}

fn when(at: Option<DateTime<Utc>>, now: DateTime<FixedOffset>) -> String {
    at.map(|at| at.with_timezone(now.offset()).format("%a %-d %b %Y %H:%M").to_string()).unwrap_or_default()
}

/// A kept round reopened: its podium, how the class did on each question, its results;
/// taking it out asks first (`removing`).
pub fn kept_round(
    ui: &mut egui::Ui,
    round: &KeptRound,
    now: DateTime<FixedOffset>,
    asked_for_file: &mut bool,
    removing: &mut bool,
    intents: &mut Vec<Intent>,
) {
    let record = &round.record;
    ui.heading(format!("Round of {}", when(record.started, now)));
    let class = record.class.as_deref().map(|class| format!("Class {class}. ")).unwrap_or_default();
    ui.label(format!(
        "{class}{}: {} players, {} of {} questions asked{}.",
        record.pool.as_deref().unwrap_or("Questions"),
        record.players.len(),
        record.asked,
        record.questions.len(),
        if record.ended { "" } else { " (cut short)" }
    ));
    ui.add_space(6.0);
    ui.label(RichText::new("The podium").strong().size(18.0));
    let podium = record.podium();
    if podium.is_empty() {
        ui.label("Nobody scored.");
    }
    for standing in podium {
        ui.label(RichText::new(format!("{}.  {}   {}", standing.rank, standing.name, standing.score)).size(18.0));
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Each question").strong());
    egui::Grid::new("kept-round-questions").num_columns(3).striped(true).show(ui, |ui| {
        for (question, tally) in record.tally_by_question().into_iter().enumerate() {
            let asked = &record.questions[question];
            ui.label(&asked.prompt);
            ui.label(&asked.answer);
            let silent = tally.players - tally.answered;
            let silent = if silent > 0 { format!(" ({silent} did not answer)") } else { String::new() };
            ui.label(format!("{} of {} right{silent}", tally.right, tally.players));
            ui.end_row();
        }
    });
    ui.add_space(8.0);
    if *removing {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Take this round out of the list and out of its class's memory?",
            );
            if keys::button(ui, "Yes, take it out", keys::key(egui::Key::Y)) {
                *removing = false;
                intents.push(Intent::Live(LiveIntent::RemoveKeptRound));
            }
            if keys::button(ui, "Keep it", keys::key(egui::Key::Escape)) {
                *removing = false;
            }
        });
        return;
    }
    ui.horizontal_wrapped(|ui| {
        if keys::button(ui, "Save its results (spreadsheet)...", keys::ctrl(egui::Key::S)) {
            *asked_for_file = true;
        }
        if ui
            .button("Take it out...")
            .on_hover_text("A trial round, or one played under the wrong class: out of the list and the class's memory")
            .clicked()
        {
            *removing = true;
        }
        if keys::button(ui, "Back to the set-up", keys::key(egui::Key::Escape)) {
            intents.push(Intent::Live(LiveIntent::CloseKeptRound));
        }
    });
}

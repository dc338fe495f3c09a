//! The study screen: the question, the typed answer, the verdict with the four
//! grade buttons, and the "done for today" page.

use chrono::{DateTime, FixedOffset, Utc};
use eframe::egui::{self, Color32, RichText};

use super::keys;
use super::widgets::{CHOICE_KEYS, PlanFields, ScreenView};
use crate::coverage::StudyFor;
use crate::desk::{Desk, Effect, Intent, SaveStatus, SettingsIntent};
use crate::matcher::Judgement;
use crate::progress::{AnswerMode, Grade};
use crate::schedule::short_duration;
use crate::session::{Answered, Session, Showing, Source, Standing};

const NEW_COLOUR: Color32 = Color32::from_rgb(70, 130, 230);
const LEARNING_COLOUR: Color32 = Color32::from_rgb(220, 80, 60);
const DUE_COLOUR: Color32 = Color32::from_rgb(60, 170, 90);
const CORE_COLOUR: Color32 = Color32::from_rgb(230, 170, 40);
const PARTIAL_COLOUR: Color32 = Color32::from_rgb(230, 140, 30);

/// The answer being typed and the plan fields.
#[derive(Debug)]
pub struct StudyScreen {
    given: String,
    focus_answer: bool,
    plan: PlanFields,
    /// The last frame had little room (see [`COMPACT_BELOW`]).
    compact: bool,
}

/// Below this height (in points, after the tabs) the Study screen folds its plan away:
/// 800x600 at the largest text size leaves about 250.
const COMPACT_BELOW: f32 = 420.0;

impl Default for StudyScreen {
    fn default() -> Self {
        StudyScreen { given: String::new(), focus_answer: true, plan: PlanFields::default(), compact: false }
    }
}

impl ScreenView for StudyScreen {
    fn on_effect(&mut self, effect: &Effect) -> Option<egui::ViewportCommand> {
        match effect {
            Effect::ClearAnswer => self.given.clear(),
            Effect::FocusAnswer => self.focus_answer = true,
            // Another learner's study starts afresh.
            Effect::ProfileSwitched => *self = StudyScreen::default(),
            _ => {}
        }
        None
    }

    fn ui(&mut self, ui: &mut egui::Ui, desk: &Desk, now: DateTime<FixedOffset>) -> Vec<Intent> {
        let session = desk.session();
        let mut intents = study_keys(ui, session);
        // A small window (or large text): the exam's details, the pace and the plan fold
        // into one line, the key line goes, and the answer's grades come before its facts,
        // so that the question, the answer and the grades are seen without scrolling.
        let compact = ui.available_height() < COMPACT_BELOW;
        egui::Panel::top("study_bar").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                counts(ui, session, now, compact);
                if !compact {
                    ui.separator();
                    mode_and_extras(ui, session, &mut intents);
                }
            });
            if compact {
                let title = exam_summary(session, now).unwrap_or_else(|| "Plan: exam date and daily limits".into());
                egui::CollapsingHeader::new(title).id_salt("plan_folded").show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| mode_and_extras(ui, session, &mut intents));
                    exam_line(ui, session, now);
                    self.plan.ui(ui, &session.progress().settings, &mut intents);
                });
            } else {
                exam_line(ui, session, now);
                egui::CollapsingHeader::new("Plan: exam date and daily limits")
                    .show(ui, |ui| self.plan.ui(ui, &session.progress().settings, &mut intents));
            }
        });
        if !compact {
            egui::Panel::bottom("key_help").show(ui, |ui| key_help(ui, session.showing(), session.answer_mode()));
        }
        self.compact = compact;
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                if let Some(notice) = desk.notices().first() {
                    notice_banner(ui, notice, &mut intents);
                }
                if let SaveStatus::Failed(error) = desk.save_status() {
                    let text = format!(
                        "Progress is not being saved: {error}. Your answers are kept in memory and saved as soon as it works again."
                    );
                    ui.colored_label(Color32::RED, text);
                }
                let settings = &session.progress().settings;
                if settings.study_for.is_none() && session.progress().log.is_empty() {
                    self.welcome(ui, settings, &mut intents);
                }
                if !self.compact {
                    ui.add_space(ui.available_height().min(600.0) * 0.08);
                }
                ui.vertical_centered(|ui| {
                    ui.set_max_width(720.0_f32.min(ui.available_width()));
                    self.card_ui(ui, session, now, &mut intents);
                });
            });
        });
        intents
    }

    fn said(&mut self, _message: String) {
        // The desk speaks to the Study screen through its notices, shown above.
    }
}

impl StudyScreen {
    fn card_ui(&mut self, ui: &mut egui::Ui, session: &Session, now: DateTime<FixedOffset>, intents: &mut Vec<Intent>) {
        match session.showing() {
            Showing::Question { card, source, choices, .. } => {
                card_heading(ui, session, *card, *source, self.compact);
                match session.answer_mode() {
                    AnswerMode::Typed => self.typed_question(ui, intents),
                    AnswerMode::MultipleChoice => choice_question(ui, choices, intents),
                    AnswerMode::Flip => flip_question(ui, intents),
                }
                if *source == Source::Ahead {
                    ui.add_space(16.0);
                    if keys::button(ui, "Stop practicing ahead", keys::key(egui::Key::Escape)) {
                        intents.push(Intent::StopPractisingAhead);
                    }
                }
            }
            Showing::Answer { card, source, answered } => {
                answer(ui, session, (*card, *source), answered, self.compact, intents);
            }
            Showing::Done { next_due } => done(ui, now, *next_due, session.coming_back_soon(now), intents),
        }
    }

    /// A first start: what the learner studies for decides the deck, and the exam
    /// date the plan. Small windows get the choice alone, on one line.
    fn welcome(&mut self, ui: &mut egui::Ui, settings: &crate::progress::Settings, intents: &mut Vec<Intent>) {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if !self.compact {
                ui.label(RichText::new("Welcome! What are you studying for?").strong().size(18.0));
                ui.label(
                    "The deck then holds every port that exam asks, your table's rows first. \
                     You can change this in Settings at any time without losing progress.",
                );
            }
            ui.horizontal_wrapped(|ui| {
                if self.compact {
                    ui.label("Studying for:");
                }
                for option in StudyFor::ALL {
                    if ui.button(option.label()).clicked() {
                        intents.push(Intent::Settings(SettingsIntent::SetStudyFor(option)));
                    }
                }
            });
            if !self.compact {
                self.plan.exam_date_only(ui, settings, intents);
            }
        });
    }

    fn typed_question(&mut self, ui: &mut egui::Ui, intents: &mut Vec<Intent>) {
        let label = ui.label("Your answer");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.given)
                    // One id whatever the layout around it, so that focus survives a
                    // change of layout (the text size applied at start folds the plan).
                    .id(egui::Id::unique("study_answer"))
                    .font(egui::TextStyle::Heading)
                    .desired_width(320.0_f32.min(ui.available_width()))
                    .align(egui::Align2::CENTER_CENTER),
            )
            .labelled_by(label.id);
        // Asked until the field has it: a frame redone (the text size applied at start)
        // would otherwise drop the request, and the learner's typing with it.
        // (Not while the window itself is unfocused: egui drops widget focus then, and
        // asking again every frame would keep the window busy.)
        let window_focused = ui.input(|input| input.viewport().focused).unwrap_or(true);
        if self.focus_answer && window_focused {
            field.request_focus();
        }
        if field.has_focus() {
            self.focus_answer = false;
        }
        let entered = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        ui.add_space(8.0);
        if ui.button("Check").clicked() || entered {
            intents.push(Intent::Submit(self.given.clone()));
        }
    }
}

/// The Study screen's keys, whatever has focus: undo, answer mode, grades, options
/// and flipping. One intent a frame at most.
fn study_keys(ui: &egui::Ui, session: &Session) -> Vec<Intent> {
    let mut intents = Vec::new();
    ui.input_mut(|input| {
        if input.consume_key(egui::Modifiers::COMMAND, egui::Key::Z) {
            intents.push(Intent::Undo);
        }
        if input.consume_key(egui::Modifiers::COMMAND, egui::Key::M) {
            intents.push(Intent::Settings(SettingsIntent::SetAnswerMode(session.answer_mode().next())));
        }
        match (session.showing(), session.answer_mode()) {
            (Showing::Answer { answered, .. }, _) => {
                for grade in Grade::ALL {
                    if input.consume_key(egui::Modifiers::NONE, grade_key(grade)) {
                        intents.push(Intent::Grade(grade));
                    }
                }
                if input.consume_key(egui::Modifiers::NONE, egui::Key::Enter) {
                    intents.push(Intent::Grade(answered.suggested));
                }
                if input.consume_key(egui::Modifiers::NONE, egui::Key::R) {
                    intents.push(Intent::OverrideAsRight);
                }
            }
            (Showing::Question { choices, .. }, AnswerMode::MultipleChoice) => {
                for (index, key) in CHOICE_KEYS.iter().enumerate().take(choices.len()) {
                    if input.consume_key(egui::Modifiers::NONE, *key) {
                        intents.push(Intent::Choose(index));
                    }
                }
            }
            (Showing::Question { .. }, AnswerMode::Flip)
                if input.consume_key(egui::Modifiers::NONE, egui::Key::Space)
                    || input.consume_key(egui::Modifiers::NONE, egui::Key::Enter) =>
            {
                intents.push(Intent::Reveal);
            }
            _ => {}
        }
    });
    intents.truncate(1);
    intents
}

fn grade_key(grade: Grade) -> egui::Key {
    CHOICE_KEYS[usize::from(grade.number()) - 1]
}

/// Today's counts and the deck's size.
fn counts(ui: &mut egui::Ui, session: &Session, now: DateTime<FixedOffset>, compact: bool) {
    let counts = session.counts(now);
    ui.label(RichText::new(format!("New {}", counts.new)).color(NEW_COLOUR).strong());
    ui.label(RichText::new(format!("Learning {}", counts.learning)).color(LEARNING_COLOUR).strong());
    ui.label(RichText::new(format!("Due {}", counts.due)).color(DUE_COLOUR).strong());
    // A small window keeps one line: the deck's size goes, the progress is said short.
    if !compact {
        let (asked, met) = session.deck_size();
        ui.label(RichText::new(format!("{asked} cards, {met} met")).weak())
            .on_hover_text("The cards your settings ask, and how many you have studied");
    }
    let known = crate::known_ports::known_today(session.deck(), session.progress(), now);
    let text = if compact { known.short() } else { known.describe() };
    // Whole, on the next line when the rest leaves too little room (not broken mid-way).
    let line = egui::Label::new(RichText::new(text).color(CORE_COLOUR).strong()).wrap_mode(egui::TextWrapMode::Extend);
    ui.add(line).on_hover_text(
        "Ports whose every studied question you last answered right and would recall now (80 % or more, \
         by your memory model). Statistics says what to study next.",
    );
}

/// The answer mode and the exam extras switch.
fn mode_and_extras(ui: &mut egui::Ui, session: &Session, intents: &mut Vec<Intent>) {
    let mode = session.answer_mode();
    let label = ui.label("Answer mode");
    let picker = egui::ComboBox::from_id_salt("answer_mode").selected_text(mode.label()).show_ui(ui, |ui| {
        for option in AnswerMode::ALL {
            if ui.selectable_label(option == mode, option.label()).clicked() && option != mode {
                intents.push(Intent::Settings(SettingsIntent::SetAnswerMode(option)));
            }
        }
    });
    picker.response.labelled_by(label.id);
    study_for_picker(ui, session.progress().settings.study_for, intents);
}

/// "Studying for": the exam decides the deck. Until the learner chooses, it says so.
pub fn study_for_picker(ui: &mut egui::Ui, chosen: Option<StudyFor>, intents: &mut Vec<Intent>) {
    let label = ui.label("Studying for");
    let shown = chosen.map_or("Choose your exam...", StudyFor::label);
    let picker = egui::ComboBox::from_id_salt("study_for").selected_text(shown).show_ui(ui, |ui| {
        for option in StudyFor::ALL {
            if ui.selectable_label(chosen == Some(option), option.label()).clicked() && chosen != Some(option) {
                intents.push(Intent::Settings(SettingsIntent::SetStudyFor(option)));
            }
        }
    });
    picker.response.labelled_by(label.id).on_hover_text(
        "The deck holds every port that exam asks (the table's rows first); what its objectives name counts as core. \
         Your progress stays when you change it.",
    );
}

/// "Exam in 10 days", "Exam tomorrow", "Exam today".
fn exam_when(days: i64) -> String {
    match days {
        0 => "Exam today".to_string(),
        1 => "Exam tomorrow".to_string(),
        _ => format!("Exam in {days} days"),
    }
}

/// The exam in one short line, for the folded plan: "Exam in 10 days · on track, core 92
/// % on the day".
fn exam_summary(session: &Session, now: DateTime<FixedOffset>) -> Option<String> {
    let (days, exam) = (session.days_to_exam(now)?, session.exam_start(now)?);
    let when = exam_when(days);
    Some(match session.forecast(now) {
        Ok(forecast) => format!(
            "{when}   ·   {}, core {:.0} % on the day",
            if forecast.on_track() { "on track" } else { "behind" },
            forecast.at_pace * 100.0
        ),
        Err(_) => {
            let (core, _) = crate::figures::predicted_recall(session.deck(), session.progress(), exam);
            format!("{when}   ·   core {:.0} % on the day", core * 100.0)
        }
    })
}

/// Days to the exam and today's plan in one line, what the day would bring with no
/// more study, and how the queue plans.
fn exam_line(ui: &mut egui::Ui, session: &Session, now: DateTime<FixedOffset>) {
    if let (Some(days), Some(exam)) = (session.days_to_exam(now), session.exam_start(now)) {
        let when = exam_when(days);
        let plan = session.today_plan(now);
        let colour = match plan.standing {
            Standing::OnTrack { .. } => DUE_COLOUR,
            standing if standing.is_behind() => PARTIAL_COLOUR,
            _ => ui.visuals().text_color(),
        };
        ui.add(
            egui::Label::new(RichText::new(format!("{when}   ·   {}", plan.describe())).color(colour).strong()).wrap(),
        );
        // What the day would bring with no more study, one click away.
        egui::CollapsingHeader::new("If you stopped today").id_salt("if_stopped").show(ui, |ui| {
            let (core, all) = crate::figures::predicted_recall(session.deck(), session.progress(), exam);
            let (low, high) = crate::figures::predicted_recall_range(session.deck(), session.progress(), exam);
            ui.label(format!(
                "Recall on exam day with no more study: core {:.0} %, all {:.0} % ({:.0}-{:.0} %)",
                core * 100.0,
                all * 100.0,
                low * 100.0,
                high * 100.0
            ))
            .on_hover_text(
                "The range is the memory model's uncertainty: wide until it has seen how you keep cards \
                 from one day to the next.",
            );
        });
        if let Some(plan) = session.exam_plan(now) {
            ui.label(RichText::new(plan.describe()).weak()).on_hover_text(session.memory_model().describe());
        }
    }
}

fn key_help(ui: &mut egui::Ui, showing: &Showing, mode: AnswerMode) {
    let help = match (showing, mode) {
        (Showing::Question { .. }, AnswerMode::Typed) => {
            "Enter: check answer   ·   Ctrl+Z: undo last grade   ·   Ctrl+M: answer mode   ·   Ctrl+H: keys   ·   Ctrl+Q: quit"
        }
        (Showing::Question { .. }, AnswerMode::MultipleChoice) => {
            "1-4: pick an answer   ·   Ctrl+M: answer mode   ·   Ctrl+H: keys   ·   Ctrl+Q: quit"
        }
        (Showing::Question { .. }, AnswerMode::Flip) => {
            "Space: show the answer   ·   Ctrl+M: answer mode   ·   Ctrl+H: keys   ·   Ctrl+Q: quit"
        }
        (Showing::Answer { answered, .. }, _)
            if answered.verdict.judgement == Judgement::Wrong && answered.mode == AnswerMode::Typed =>
        {
            "1 Again · 2 Hard · 3 Good · 4 Easy   ·   Enter: suggested   ·   R: I was right   ·   Ctrl+Z: take back   ·   Ctrl+H: keys"
        }
        (Showing::Answer { .. }, _) => {
            "1 Again · 2 Hard · 3 Good · 4 Easy   ·   Enter: suggested grade   ·   Ctrl+Z: take back   ·   Ctrl+H: keys"
        }
        (Showing::Done { .. }, _) => "Ctrl+H: keys   ·   Ctrl+Q: quit",
    };
    ui.vertical_centered(|ui| ui.label(RichText::new(keys::for_this_system(help)).weak()));
}

fn notice_banner(ui: &mut egui::Ui, notice: &str, intents: &mut Vec<Intent>) {
    egui::Frame::new()
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.15))
        .stroke(egui::Stroke::new(1.0, ui.visuals().warn_fg_color))
        .inner_margin(8.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if keys::button(ui, "Dismiss", keys::ctrl(egui::Key::D)) {
                    intents.push(Intent::DismissNotice);
                }
                ui.add(egui::Label::new(notice).wrap());
            });
        });
}

fn card_heading(ui: &mut egui::Ui, session: &Session, index: usize, source: Source, compact: bool) {
    let card = session.card(index);
    let direction = card.direction.label();
    let source = match source {
        Source::New => "new",
        Source::Learning => "learning",
        Source::Review => "review",
        Source::Ahead => "practicing ahead",
        Source::Chosen => "chosen in Browse",
    };
    // One label, so that the line centres like the question under it.
    let weak = ui.visuals().weak_text_color();
    let mut line = egui::text::LayoutJob::default();
    let mut push = |text: &str, colour: Color32| {
        let format = egui::TextFormat { color: colour, ..Default::default() };
        line.append(text, 0.0, format);
    };
    push(direction, weak);
    if let Some(standing) = session.deck().standing(card.row).label() {
        push("   ·   ", weak);
        push(&standing, if card.core { CORE_COLOUR } else { weak });
    }
    push("   ·   ", weak);
    push(source, weak);
    if let Some(family) = session.progress().settings.focus_family {
        push("   ·   ", weak);
        push(&format!("{} ports only", family.title()), weak);
    }
    ui.label(line);
    ui.add_space(if compact { 2.0 } else { 12.0 });
    ui.label(RichText::new(&card.prompt).size(if compact { 20.0 } else { 30.0 }).strong());
    if let Some(hint) = session.leech_hint(index) {
        ui.label(RichText::new(hint).color(PARTIAL_COLOUR));
    }
    ui.add_space(if compact { 4.0 } else { 20.0 });
}

fn choice_question(ui: &mut egui::Ui, choices: &[String], intents: &mut Vec<Intent>) {
    for (index, choice) in choices.iter().enumerate() {
        let text = RichText::new(format!("{}   {choice}", index + 1)).size(20.0);
        if ui.add(egui::Button::new(text).min_size(egui::vec2(360.0, 44.0))).clicked() {
            intents.push(Intent::Choose(index));
        }
        ui.add_space(4.0);
    }
}

fn flip_question(ui: &mut egui::Ui, intents: &mut Vec<Intent>) {
    ui.label(RichText::new("Say the answer to yourself, then look.").weak());
    ui.add_space(8.0);
    if ui.add(egui::Button::new(RichText::new("Show answer").size(20.0)).min_size(egui::vec2(220.0, 44.0))).clicked() {
        intents.push(Intent::Reveal);
    }
}

fn answer(
    ui: &mut egui::Ui,
    session: &Session,
    (index, source): (crate::deck::CardIndex, Source),
    answered: &Answered,
    compact: bool,
    intents: &mut Vec<Intent>,
) {
    card_heading(ui, session, index, source, compact);
    let card = session.card(index);
    let exam_kind = card.direction.is_exam_kind() && card.direction != crate::deck::Direction::ClearText;
    verdict_ui(ui, session, card, answered, compact, intents);
    if let Some(explanation) = answered.verdict.explanation(&answered.given) {
        ui.label(RichText::new(explanation).italics());
    }
    let may_override = answered.verdict.judgement == Judgement::Wrong && answered.mode == AnswerMode::Typed;
    let hint = "Count this answer as right; it is noted in your log.";
    if may_override && ui.button("I was right (R)").on_hover_text(hint).clicked() {
        intents.push(Intent::OverrideAsRight);
    }
    ui.add_space(10.0);
    if exam_kind {
        exam_answer(ui, card, compact);
    } else {
        port_facts_ui(ui, session, card, compact);
    }
    if !compact {
        ui.add_space(18.0);
        grade_buttons(ui, answered, compact, intents);
    }
}

/// The verdict and what was given; in a small window on one line, then the right answer
/// and the grades, with why and the facts under them a scroll away.
fn verdict_ui(
    ui: &mut egui::Ui,
    session: &Session,
    card: &crate::deck::Card,
    answered: &Answered,
    compact: bool,
    intents: &mut Vec<Intent>,
) {
    let (verdict, colour) = match answered.verdict.judgement {
        Judgement::Correct => ("Correct", DUE_COLOUR),
        Judgement::Partial => ("Partly right", PARTIAL_COLOUR),
        Judgement::Wrong => ("Not quite", LEARNING_COLOUR),
        Judgement::SelfGraded => ("How did you do?", ui.visuals().text_color()),
    };
    let given = (!answered.given.is_empty()).then(|| {
        let given = if answered.mode == AnswerMode::MultipleChoice { "You picked" } else { "You typed" };
        format!("{given}: {}", answered.given)
    });
    if !compact {
        ui.label(RichText::new(verdict).size(24.0).color(colour).strong());
        if let Some(given) = &given {
            ui.label(given);
        }
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(verdict).size(18.0).color(colour).strong());
        if let Some(given) = &given {
            ui.label(given);
        }
    });
    let right = if card.direction.is_exam_kind() && card.direction != crate::deck::Direction::ClearText {
        format!("Answer: {}", card.answer)
    } else {
        let row = session.deck().row_of(card);
        format!("Port {} — {}", row.ports, row.service)
    };
    ui.add(egui::Label::new(RichText::new(right).size(18.0).strong()).wrap());
    grade_buttons(ui, answered, compact, intents);
}

/// The port's facts under a port card's verdict: its name, transport, whether the exam
/// lists it, the table's info and the facts' note (the port itself above the grades in a
/// small window).
fn port_facts_ui(ui: &mut egui::Ui, session: &Session, card: &crate::deck::Card, compact: bool) {
    let row = session.deck().row_of(card);
    let facts = session.deck().facts_of_row(card.row);
    if !compact {
        ui.label(RichText::new(format!("Port {} — {}", row.ports, row.service)).size(22.0).strong());
    }
    if let Some(facts) =
        facts.filter(|facts| crate::matcher::compact(&facts.name) != crate::matcher::compact(&row.service))
    {
        ui.label(RichText::new(&facts.name).size(16.0));
    }
    let transport = facts.map(|facts| {
        let groups = facts.transport_groups();
        if groups.len() == 1 {
            groups[0].1.to_string()
        } else {
            groups.iter().map(|(ports, transport)| format!("{ports} {transport}")).collect::<Vec<_>>().join(", ")
        }
    });
    if let Some(transport) = transport.or_else(|| (!row.transport.is_empty()).then(|| row.transport.clone())) {
        ui.label(format!("Transport: {transport}"));
    }
    for listing in session.deck().listings(card.row) {
        let colour = if listing.on_objectives() { CORE_COLOUR } else { ui.visuals().weak_text_color() };
        ui.label(RichText::new(listing.sentence()).color(colour));
    }
    if !row.info.is_empty() {
        ui.add(egui::Label::new(RichText::new(&row.info).size(16.0)).wrap());
    }
    if let Some(note) = facts.and_then(|facts| facts.note.as_ref()) {
        ui.add(egui::Label::new(RichText::new(format!("Note: {note}")).italics()).wrap());
    }
}

/// The answer to a scenario, counterpart or family card, with why it is so.
fn exam_answer(ui: &mut egui::Ui, card: &crate::deck::Card, compact: bool) {
    // In a small window the answer is already shown above the grades.
    if !compact {
        ui.add(egui::Label::new(RichText::new(format!("Answer: {}", card.answer)).size(22.0).strong()).wrap());
    }
    if let Some(note) = &card.note {
        ui.add(egui::Label::new(RichText::new(note).size(16.0)).wrap());
    }
}

fn grade_buttons(ui: &mut egui::Ui, answered: &Answered, compact: bool, intents: &mut Vec<Intent>) {
    // Four in a row when they fit, else as many as fit on each line (large text); in a
    // small window a size that keeps the four on one line.
    let (button_width, button_height, text_size) = if compact { (86.0, 44.0, 14.0) } else { (110.0, 52.0, 16.0) };
    let width = (4.0 * button_width + 3.0 * ui.spacing().item_spacing.x).min(ui.available_width());
    ui.allocate_ui(egui::vec2(width, button_height + 8.0), |ui| {
        ui.horizontal_wrapped(|ui| {
            for option in &answered.options {
                let text =
                    format!("{}  {}\n{}", option.grade.number(), option.grade.label(), short_duration(option.wait()));
                let mut button = egui::Button::new(RichText::new(text).size(text_size))
                    .min_size(egui::vec2(button_width, button_height));
                if option.grade == answered.suggested {
                    button = button.stroke(egui::Stroke::new(2.0, grade_colour(option.grade)));
                }
                let allowed = option.grade <= answered.best;
                let response = ui.add_enabled(allowed, button);
                let response = if allowed {
                    response.on_hover_text(format!("Key {}", option.grade.number()))
                } else {
                    response.on_disabled_hover_text(match answered.best {
                        Grade::Hard => "A partly right answer schedules as Hard at most.",
                        _ => "A multiple-choice pick schedules as Good at most: recognizing is easier than recalling.",
                    })
                };
                if response.clicked() {
                    intents.push(Intent::Grade(option.grade));
                }
            }
        })
    });
}

fn grade_colour(grade: Grade) -> Color32 {
    match grade {
        Grade::Again => LEARNING_COLOUR,
        Grade::Hard => PARTIAL_COLOUR,
        Grade::Good => DUE_COLOUR,
        Grade::Easy => NEW_COLOUR,
    }
}

/// Nothing is due now: when the next card is, and what may be practised before it (the
/// cards coming back from their learning steps soon, else the ones most at risk).
fn done(
    ui: &mut egui::Ui,
    now: DateTime<FixedOffset>,
    next_due: Option<DateTime<Utc>>,
    coming_back_soon: usize,
    intents: &mut Vec<Intent>,
) {
    let soon_minutes = crate::session::LEARN_AHEAD.num_minutes();
    let (heading, offer, button) = if coming_back_soon > 0 {
        let cards =
            if coming_back_soon == 1 { "1 card comes".to_string() } else { format!("{coming_back_soon} cards come") };
        (
            "Nothing due right now",
            format!("{cards} back within {soon_minutes} minutes: practice them now?"),
            "Practice them now",
        )
    } else {
        (
            "Done for today",
            "Reviews the cards you are most likely to forget, core ports first.".to_string(),
            "Practice ahead",
        )
    };
    ui.label(RichText::new(heading).size(30.0).strong());
    ui.add_space(12.0);
    let when = match next_due {
        Some(due) => format!("The next card is due {}.", describe_when(now, due)),
        None => "No cards have been studied yet.".to_string(),
    };
    ui.label(RichText::new(when).size(18.0));
    ui.add_space(20.0);
    ui.label(RichText::new(offer).size(18.0));
    if keys::button(ui, RichText::new(button).size(18.0), keys::key(egui::Key::A)) {
        intents.push(Intent::PractiseAhead);
    }
}

/// "in 7 minutes", "today at 18:40", "tomorrow at 09:15", "on Tue 1 Dec at 10:00".
fn describe_when(now: DateTime<FixedOffset>, due: DateTime<Utc>) -> String {
    let Some(due_local) = due.naive_utc().checked_add_offset(*now.offset()) else {
        return "far in the future".to_string();
    };
    let wait = due - now.to_utc();
    if wait.num_minutes() < 60 {
        let minutes = wait.num_minutes().max(1);
        return format!("in {minutes} minute{}", if minutes == 1 { "" } else { "s" });
    }
    let days = (due_local.date() - now.date_naive()).num_days();
    let time = due_local.format("%H:%M");
    match days {
        0 => format!("today at {time}"),
        1 => format!("tomorrow at {time}"),
        2..=300 => format!("on {} at {time}", due_local.format("%a %-d %b")),
        _ => format!("on {}", due_local.format("%-d %b %Y")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_times_read_as_people_say_them() {
        let now = DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap();
        let at = |text: &str| DateTime::parse_from_rfc3339(text).unwrap().to_utc();
        assert_eq!(describe_when(now, at("2026-11-27T10:07:00+01:00")), "in 7 minutes");
        assert_eq!(describe_when(now, at("2026-11-27T18:40:00+01:00")), "today at 18:40");
        assert_eq!(describe_when(now, at("2026-11-28T09:15:00+01:00")), "tomorrow at 09:15");
        assert_eq!(describe_when(now, at("2026-12-01T10:00:00+01:00")), "on Tue 1 Dec at 10:00");
        assert_eq!(describe_when(now, at("2028-01-05T10:00:00+01:00")), "on 5 Jan 2028");
        assert_eq!(describe_when(now, DateTime::<Utc>::MAX_UTC), "far in the future");
    }
}

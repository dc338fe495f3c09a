//! One study session: which card comes next, the typed answer, the grade.
//!
//! Which card comes next depends on what is known of the learner. Until their memory
//! model is fitted (twelve answers on a later day), Anki's order: learning cards whose
//! minutes are up, reviews due today, new cards up to the daily limit (core rows
//! first). Once it is fitted, with an exam date or without, the plan decides: each card
//! goes where it adds most to core-weighted recall at the plan's target. Either way the
//! learner's own shuffle orders cards of equal priority and the row just answered waits.
//! When nothing is left the session says so and when the next card is due; "practise
//! ahead" then takes the cards coming back soon, then those most at risk.
//! docs/scheduler.md follows it step by step.
//!
//! Time is always passed in, so tests can fast-forward days.
//! The session is split by job: this file holds the answer flow (question, answer,
//! grade, undo, refits) and the settings that change it; `queue` decides which card
//! comes next; `exam_plan` plans it to an exam date; `forecast` says where the
//! learner stands for it.

mod exam_plan;
mod forecast;
mod queue;
mod today_plan;

use chrono::{DateTime, FixedOffset, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;

pub use exam_plan::ExamPlan;
pub use forecast::{CORE_TARGET, Forecast, NoForecast};
pub use queue::{LEARN_AHEAD, NewLimit};
pub use today_plan::{Standing, TodayPlan, count_of};

use crate::deck::{Card, CardIndex, Deck};
use crate::matcher::{Judgement, Verdict, Why};
use crate::memory_model::{REFIT_AFTER_DAYS, REFIT_AFTER_FEW, REFIT_EVERY, REFIT_EVERY_UNFITTED};
use crate::progress::{AnswerMode, CardState, Grade, Progress, Review};
use crate::schedule::{GradePreview, Scheduler};

/// Cards left today, as the counter shows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub learning: usize,
    pub due: usize,
}

/// Why the current card is being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    New,
    Learning,
    Review,
    Ahead,
    /// Picked by the learner in Browse.
    Chosen,
}

/// The answer to the current card, once given.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    /// What the learner gave: the typed text, the option picked, or nothing (flip).
    pub given: String,
    pub verdict: Verdict,
    pub suggested: Grade,
    /// The highest grade this answer may schedule as: Hard when partly right, Good
    /// for a multiple-choice pick (recognizing is easier than recalling).
    pub best: Grade,
    pub options: [GradePreview; 4],
    pub mode: AnswerMode,
    pub overridden: bool,
    ms: u64,
}

/// What the session is showing.
#[derive(Debug, Clone, PartialEq)]
pub enum Showing {
    Question {
        card: CardIndex,
        source: Source,
        since: DateTime<Utc>,
        /// Multiple-choice options, drawn when the card is shown.
        choices: Vec<String>,
    },
    Answer {
        card: CardIndex,
        source: Source,
        answered: Box<Answered>,
    },
    /// Nothing left today; `next_due` is when the next card comes back.
    Done {
        next_due: Option<DateTime<Utc>>,
    },
}

pub struct Session {
    deck: Deck,
    progress: Progress,
    scheduler: Scheduler,
    showing: Showing,
    practising_ahead: bool,
    rng: StdRng,
    /// The answers that can be taken back, most recent last.
    undo: Vec<Undo>,
    /// Cards asked for now, before anything else, oldest first.
    queued: Vec<CardIndex>,
    /// Whether a due refit is left to the caller ([`Session::defer_refits`]).
    refits_deferred: bool,
    /// A deferred refit is due and nobody has taken it yet.
    refit_wanted: bool,
    /// The question on screen before its answer was checked: taking the check back
    /// ([`Session::undo`] before grading) shows it again as it was.
    checked_from: Option<Showing>,
    /// The log's figures, kept answer by answer (see [`crate::figures::LogTally`]).
    log_tally: crate::figures::LogTally,
}

/// Enough to take one answer back: the card's state before it, the log's length
/// before it, and the screen as it was.
#[derive(Debug, Clone)]
struct Undo {
    card: CardIndex,
    previous: Option<CardState>,
    log_len: usize,
    showing: Showing,
    /// The question before that answer was checked.
    question: Option<Showing>,
    memory_model: crate::memory_model::MemoryModel,
}

const UNDO_DEPTH: usize = 20;

impl Session {
    /// Starts a session; `seed` fixes every random choice (multiple-choice options).
    pub fn new(deck: Deck, mut progress: Progress, now: DateTime<FixedOffset>, seed: u64) -> Self {
        // A learner's shuffle is drawn once and kept with their progress.
        progress.order_seed.get_or_insert_with(|| queue::mix(seed ^ 0x00de_5eed));
        let mut scheduler = Scheduler::new(progress.settings.clone());
        scheduler.set_model(progress.memory_model);
        let mut session = Session {
            log_tally: crate::figures::LogTally::of(&progress.log),
            deck,
            progress,
            scheduler,
            showing: Showing::Done { next_due: None },
            practising_ahead: false,
            rng: StdRng::seed_from_u64(seed),
            undo: Vec::new(),
            queued: Vec::new(),
            refits_deferred: false,
            refit_wanted: false,
            checked_from: None,
        };
        session.advance(now);
        session
    }

    pub fn answer_mode(&self) -> AnswerMode {
        self.progress.settings.answer_mode
    }

    /// Switches how cards are answered; the card on screen is asked again in the new way.
    pub fn set_answer_mode(&mut self, mode: AnswerMode) {
        self.progress.settings.answer_mode = mode;
    }

    /// Puts cards (say, the ones a self-test found missing) at the front of the queue.
    pub fn queue_now(&mut self, cards: &[CardIndex], now: DateTime<FixedOffset>) {
        for &card in cards {
            if card < self.deck.cards.len() && !self.queued.contains(&card) {
                self.queued.push(card);
            }
        }
        // An unanswered question gives way; it comes back in its turn.
        if matches!(self.showing, Showing::Question { .. } | Showing::Done { .. }) {
            self.advance(now);
        }
    }

    /// Asks this card now, whatever its schedule.
    pub fn study_now(&mut self, card: CardIndex, now: DateTime<FixedOffset>) {
        if card < self.deck.cards.len() {
            let choices = self.deck.choices(card, &mut self.rng);
            self.showing = Showing::Question { card, source: Source::Chosen, since: now.to_utc(), choices };
        }
    }

    /// Forgets a card's progress (it becomes new again); returns what was forgotten,
    /// for undo. The review log keeps its history.
    pub fn reset_card(&mut self, card: CardIndex, now: DateTime<FixedOffset>) -> Option<crate::progress::CardState> {
        let id = self.deck.cards.get(card)?.id.clone();
        let forgotten = self.progress.cards.remove(&id)?;
        if self.current_card().is_some_and(|current| current.id == id) {
            self.advance(now);
        }
        Some(forgotten)
    }

    /// Puts back what [`Session::reset_card`] forgot.
    pub fn restore_card(&mut self, id: crate::deck::CardId, state: crate::progress::CardState) {
        self.progress.cards.insert(id, state);
    }

    /// Replaces all progress (after an import or a reset) and starts over from it.
    pub fn replace_progress(&mut self, mut progress: Progress, now: DateTime<FixedOffset>) {
        progress.order_seed = progress.order_seed.or(self.progress.order_seed);
        self.log_tally = crate::figures::LogTally::of(&progress.log);
        self.progress = progress;
        self.rebuild_scheduler();
        self.practising_ahead = false;
        self.advance(now);
    }

    /// Swaps in a rebuilt deck (for another exam, say), keeping all progress: the
    /// states of cards not in the new deck stay in the file for when they return.
    pub fn replace_deck(&mut self, deck: Deck, now: DateTime<FixedOffset>) {
        self.deck = deck;
        self.advance(now);
    }

    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    /// The log's figures for Statistics, kept up to date answer by answer.
    pub fn log_tally(&self) -> &crate::figures::LogTally {
        &self.log_tally
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    pub fn showing(&self) -> &Showing {
        &self.showing
    }

    pub fn card(&self, index: CardIndex) -> &Card {
        &self.deck.cards[index]
    }

    /// The card on screen, asked or answered.
    pub fn current_card(&self) -> Option<&Card> {
        match self.showing {
            Showing::Question { card, .. } | Showing::Answer { card, .. } => Some(self.card(card)),
            Showing::Done { .. } => None,
        }
    }

    pub fn is_practising_ahead(&self) -> bool {
        self.practising_ahead
    }

    /// Checks the typed answer and shows the result with the four grade options.
    pub fn submit(&mut self, typed: &str, now: DateTime<FixedOffset>) {
        let Showing::Question { card, .. } = self.showing else { return };
        let verdict = self.deck.check(card, typed);
        self.show_answer(typed.trim().to_string(), verdict, AnswerMode::Typed, now);
    }

    /// Picks one of the multiple-choice options.
    pub fn choose(&mut self, choice: usize, now: DateTime<FixedOffset>) {
        let Showing::Question { card, ref choices, .. } = self.showing else { return };
        let Some(picked) = choices.get(choice).cloned() else { return };
        let verdict = self.deck.check(card, &picked);
        self.show_answer(picked, verdict, AnswerMode::MultipleChoice, now);
    }

    /// Flip mode: shows the answer for the learner to grade themselves.
    pub fn reveal(&mut self, now: DateTime<FixedOffset>) {
        let verdict = Verdict::new(Judgement::SelfGraded, Why::SelfGraded);
        self.show_answer(String::new(), verdict, AnswerMode::Flip, now);
    }

    pub(super) fn show_answer(
        &mut self,
        given: String,
        verdict: Verdict,
        mode: AnswerMode,
        now: DateTime<FixedOffset>,
    ) {
        let Showing::Question { card, source, since, .. } = self.showing else { return };
        let (suggested, best) = match (verdict.judgement, mode) {
            (Judgement::Correct, AnswerMode::MultipleChoice) => (Grade::Good, Grade::Good),
            (Judgement::Correct | Judgement::SelfGraded, _) => (Grade::Good, Grade::Easy),
            (Judgement::Partial, _) => (Grade::Hard, Grade::Hard),
            (Judgement::Wrong, AnswerMode::MultipleChoice) => (Grade::Again, Grade::Good),
            (Judgement::Wrong, _) => (Grade::Again, Grade::Easy),
        };
        let ms = u64::try_from((now.to_utc() - since).num_milliseconds()).unwrap_or(0);
        let options = self.preview(card, now);
        let answered = Answered { given, verdict, suggested, best, options, mode, overridden: false, ms };
        let question =
            std::mem::replace(&mut self.showing, Showing::Answer { card, source, answered: Box::new(answered) });
        self.checked_from = Some(question);
    }

    /// Grades an answer checked but not graded with its suggested grade (what Enter
    /// does), so that closing the window between the two loses nothing. True when one
    /// was graded.
    pub fn grade_checked_answer(&mut self, now: DateTime<FixedOffset>) -> bool {
        let Showing::Answer { ref answered, .. } = self.showing else { return false };
        let suggested = answered.suggested;
        self.grade(suggested, now).is_some()
    }

    /// "I was right": turns a wrong verdict into a right one, remembered in the log.
    pub fn override_as_right(&mut self) {
        if let Showing::Answer { answered, .. } = &mut self.showing
            && answered.verdict.judgement == Judgement::Wrong
            && answered.mode == AnswerMode::Typed
        {
            answered.verdict = Verdict::new(Judgement::Correct, Why::Overridden);
            answered.suggested = Grade::Good;
            answered.overridden = true;
        }
    }

    /// Records the grade, updates the card's schedule and moves to the next card.
    /// Returns the review logged, or `None` when no answer was showing.
    pub fn grade(&mut self, grade: Grade, now: DateTime<FixedOffset>) -> Option<&Review> {
        let Showing::Answer { card, ref answered, .. } = self.showing else { return None };
        let grade = grade.min(answered.best);
        let card_index = card;
        crate::known_ports::note_day_start(&self.deck, &mut self.progress, now);
        let card = &self.deck.cards[card];
        let state = self.progress.cards.get(&card.id);
        let undo = Undo {
            card: card_index,
            previous: state.cloned(),
            log_len: self.progress.log.len(),
            showing: self.showing.clone(),
            question: self.checked_from.take(),
            memory_model: self.progress.memory_model,
        };
        let next = self.scheduler.apply(&card.id, state, card.core, grade, now);
        let review = Review {
            card: card.id.clone(),
            at: now.to_utc(),
            answer: answered.given.clone(),
            verdict: answered.verdict.judgement,
            grade,
            ms: answered.ms,
            mode: answered.mode,
            overridden: answered.overridden,
        };
        self.progress.cards.insert(card.id.clone(), next);
        self.log_tally.add(&review);
        self.progress.log.push(review);
        self.undo.push(undo);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        if self.refit_due(now) {
            if self.refits_deferred {
                self.refit_wanted = true;
            } else {
                self.fit_memory_model();
            }
        }
        self.advance(now);
        self.progress.log.last()
    }

    /// Leaves the refits the grade makes due to the caller, who runs them elsewhere
    /// (the window: on a worker thread, so that no frame waits for a fit): a due refit
    /// is offered by [`Session::take_refit_job`] and its model taken back by
    /// [`Session::accept_fit`]. Without this, a refit runs inside [`Session::grade`].
    pub fn defer_refits(&mut self) {
        self.refits_deferred = true;
    }

    /// The refit that is due, once: a copy of what the fit reads.
    pub fn take_refit_job(&mut self) -> Option<crate::refitter::RefitJob> {
        if !std::mem::take(&mut self.refit_wanted) {
            return None;
        }
        let log = &self.progress.log;
        Some(crate::refitter::RefitJob { recent: crate::memory_model::recent(log).to_vec(), log_len: log.len() })
    }

    /// A model fitted elsewhere from [`Session::take_refit_job`]'s copy; the next card
    /// is planned by it. Ignored when answers it read were taken back since (its log
    /// was longer than the log now) or a newer fit is already in place. True when taken.
    pub fn accept_fit(&mut self, model: crate::memory_model::MemoryModel) -> bool {
        let current = &self.progress.memory_model;
        if model.fitted_at_reviews > self.progress.log.len() || model.fitted_at_reviews < current.fitted_at_reviews {
            return false;
        }
        self.progress.memory_model = model;
        self.scheduler.set_model(model);
        true
    }

    /// The refit policy, written out once: the memory model is fitted again after
    /// [`REFIT_EVERY`] reviews since the last fit; while the defaults still hold, after
    /// [`REFIT_EVERY_UNFITTED`], so that a new learner's plan adapts in days, not weeks;
    /// and after [`REFIT_AFTER_FEW`] once [`REFIT_AFTER_DAYS`] study days have passed
    /// since the last review the last fit read, so that a few minutes a day are not
    /// planned for weeks on what the first days showed. (And whenever the learner asks:
    /// "Fit now", [`Session::fit_memory_model`].)
    fn refit_due(&self, now: DateTime<FixedOffset>) -> bool {
        let model = &self.progress.memory_model;
        let since_fit = self.progress.log.len().saturating_sub(model.fitted_at_reviews);
        let fitted_on = model
            .fitted_at_reviews
            .checked_sub(1)
            .and_then(|last| self.progress.log.get(last))
            .map(|review| crate::schedule::study_day(review.at, *now.offset()));
        let today = crate::schedule::study_day(now.to_utc(), *now.offset());
        let days_since = fitted_on.map_or(0, |day| (today - day).num_days());
        since_fit >= REFIT_EVERY
            || (!model.is_fitted() && since_fit >= REFIT_EVERY_UNFITTED)
            || (days_since >= REFIT_AFTER_DAYS && since_fit >= REFIT_AFTER_FEW)
    }

    /// Fits the memory model to the log now ("Fit now"); the schedule follows it.
    pub fn fit_memory_model(&mut self) {
        self.progress.memory_model = crate::memory_model::fit(&self.progress.log);
        self.scheduler.set_model(self.progress.memory_model);
    }

    /// The memory model the schedule follows.
    pub fn memory_model(&self) -> &crate::memory_model::MemoryModel {
        &self.progress.memory_model
    }

    /// Takes back what was done last. An answer checked but not graded: the question is
    /// on screen again as it was (nothing was logged). Else the last grade: the card's
    /// schedule and the log are as before it, and its answer is on screen again to be
    /// graded anew. False when there is nothing to take back.
    pub fn undo(&mut self) -> bool {
        if matches!(self.showing, Showing::Answer { .. })
            && let Some(question) = self.checked_from.take()
        {
            self.showing = question;
            return true;
        }
        let Some(undo) = self.undo.pop() else { return false };
        let id = self.deck.cards[undo.card].id.clone();
        match undo.previous {
            Some(state) => self.progress.cards.insert(id, state),
            None => self.progress.cards.remove(&id),
        };
        for undone in self.progress.log.drain(undo.log_len..) {
            self.log_tally.remove(&undone);
        }
        self.refit_wanted = false;
        self.progress.memory_model = undo.memory_model;
        self.scheduler.set_model(undo.memory_model);
        self.showing = undo.showing;
        self.checked_from = undo.question;
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when the card has been missed often enough to need a memory hint.
    pub fn is_leech(&self, card: CardIndex) -> bool {
        self.progress.cards.get(&self.card(card).id).is_some_and(CardState::is_leech)
    }

    /// For a leech, the line shown under its question: how often it was missed and a
    /// memory hint from its row (the service's full name and the table's note).
    pub fn leech_hint(&self, card: CardIndex) -> Option<String> {
        let state = self.progress.cards.get(&self.card(card).id).filter(|state| state.is_leech())?;
        let card = self.card(card);
        let row = self.deck.row_of(card);
        let name = self.deck.facts_of_row(card.row).map_or(row.service.as_str(), |facts| facts.name.as_str());
        let hint = if row.info.is_empty() { name.to_string() } else { format!("{name}: {}", row.info) };
        Some(format!("Leech: missed {} times. Memory hint: {hint}", state.misses))
    }

    /// Sets or clears the exam date; schedules made from now on plan to it.
    pub fn set_exam_date(&mut self, date: Option<chrono::NaiveDate>, now: DateTime<FixedOffset>) {
        self.progress.settings.exam_date = date;
        self.rebuild_scheduler();
        self.refresh_question(now);
    }

    /// Changes the daily limits; the queue follows at once.
    pub fn set_limits(&mut self, new_per_day: u32, review_cap: u32, back_from_break: bool, now: DateTime<FixedOffset>) {
        let settings = &mut self.progress.settings;
        settings.new_per_day = new_per_day;
        settings.review_cap = review_cap;
        settings.back_from_break = back_from_break;
        self.rebuild_scheduler();
        self.refresh_question(now);
    }

    /// A scheduler for the present settings, with the learning steps the exam plan asks.
    pub(super) fn rebuild_scheduler(&mut self) {
        self.scheduler = Scheduler::new(self.progress.settings.clone());
        self.scheduler.set_model(self.progress.memory_model);
    }

    /// After a change of plan, a question not yet answered may give way to another.
    pub(super) fn refresh_question(&mut self, now: DateTime<FixedOffset>) {
        if matches!(self.showing, Showing::Question { .. } | Showing::Done { .. }) {
            self.advance(now);
        }
    }

    /// Studies cards that are not due yet, most at risk first.
    pub fn practise_ahead(&mut self, now: DateTime<FixedOffset>) {
        self.practising_ahead = true;
        self.advance(now);
    }

    /// Leaves practise-ahead mode (the done screen comes back when nothing is due).
    pub fn stop_practising_ahead(&mut self, now: DateTime<FixedOffset>) {
        self.practising_ahead = false;
        if matches!(self.showing, Showing::Question { source: Source::Ahead, .. }) {
            self.advance(now);
        }
    }

    /// Looks again for a due card, for example after waiting on the done screen.
    pub fn refresh(&mut self, now: DateTime<FixedOffset>) {
        if matches!(self.showing, Showing::Done { .. }) {
            self.advance(now);
        }
    }

    /// The four grade outcomes for a card, as the buttons show them.
    pub fn preview(&self, card: CardIndex, now: DateTime<FixedOffset>) -> [GradePreview; 4] {
        let card = self.card(card);
        self.scheduler.preview(&card.id, self.progress.cards.get(&card.id), card.core, now)
    }

    pub(super) fn advance(&mut self, now: DateTime<FixedOffset>) {
        let since = now.to_utc();
        self.showing = match self.pick(now) {
            Some((card, source)) => {
                let choices = self.deck.choices(card, &mut self.rng);
                Showing::Question { card, source, since, choices }
            }
            None => Showing::Done { next_due: self.next_due() },
        };
    }

    /// Replaces the settings (from the Settings screen); the queue follows at once.
    pub fn set_settings(&mut self, settings: crate::progress::Settings, now: DateTime<FixedOffset>) {
        self.progress.settings = settings;
        self.rebuild_scheduler();
        self.refresh_question(now);
    }
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::test_support::{answer, same_day_repeats, seed_session};
    use super::*;
    use crate::memory_model::MemoryModel;
    use crate::progress::Phase;
    use crate::testing::at;

    #[test]
    fn a_few_minutes_a_day_are_refitted_once_days_have_passed() {
        let start = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(start);
        let study = |session: &mut Session, day: i64, count: usize| {
            let mut now = start + Duration::days(day);
            for _ in 0..count {
                session.refresh(now);
                if session.current_card().is_none() {
                    session.practise_ahead(now);
                }
                answer(session, true, now);
                now += Duration::seconds(30);
            }
        };
        study(&mut session, 0, 20);
        assert_eq!(session.memory_model().fitted_at_reviews, 20, "the first fit after twenty");
        study(&mut session, 1, 5);
        assert_eq!(session.memory_model().fitted_at_reviews, 20, "five more the next day are not enough");
        study(&mut session, 4, 5);
        assert_eq!(session.memory_model().fitted_at_reviews, 30, "ten more, three days on, are");
    }

    #[test]
    fn thin_evidence_keeps_the_default_schedule() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        // A first day: no card has come back on a later day yet.
        same_day_repeats(&mut session, now, 30);
        assert!(!session.memory_model().is_fitted(), "{:?}", session.memory_model());
        assert_eq!(session.memory_model().forgetting, 1.0);
        let default = Scheduler::new(session.progress().settings.clone());
        let card = session.current_card().unwrap().id.clone();
        let state = session.progress().cards.get(&card);
        let index = session.deck().position(&card).unwrap();
        assert_eq!(session.preview(index, now), default.preview(&card, state, session.card(index).core, now));
    }

    #[test]
    fn the_fitted_model_moves_towards_a_simulated_learners_true_forgetting_rate() {
        use rand::{Rng, SeedableRng};
        // A learner whose cards fade 6 times faster than the default model says,
        // studying through the session's public calls, 30 answers a day.
        let truth = 6.0f32;
        let mut rng = rand::rngs::StdRng::seed_from_u64(9);
        let start = at("2026-11-02T10:00:00+00:00");
        let mut session = seed_session(start);
        let mut fits = Vec::new();
        for day in 0..30 {
            let mut now = start + Duration::days(day);
            session.refresh(now);
            for _ in 0..30 {
                if matches!(session.showing(), Showing::Done { .. }) {
                    session.practise_ahead(now);
                }
                let Some(card) = session.current_card().cloned() else { break };
                let recall = session.progress().cards.get(&card.id).map_or(0.0, |state| {
                    let days = (now.to_utc() - state.last_review).num_seconds() as f32 / 86_400.0;
                    MemoryModel::recall_at(state.memory.stability, days, truth, fsrs::FSRS6_DEFAULT_DECAY)
                });
                let right = session.progress().cards.contains_key(&card.id) && rng.random::<f32>() < recall;
                session.submit(if right { &card.answer } else { "nonsense" }, now);
                session.grade(if right { Grade::Good } else { Grade::Again }, now);
                now += Duration::seconds(20);
            }
            if [1, 6, 29].contains(&day) {
                fits.push(*session.memory_model());
            }
        }
        let error = |model: &MemoryModel| (model.forgetting.ln() - truth.ln()).abs();
        assert!(!fits[0].is_fitted(), "after two days the defaults hold: {:?}", fits[0]);
        assert!(error(&fits[1]) < error(&fits[0]) && error(&fits[2]) < error(&fits[0]), "{fits:?}");
        assert!(error(&fits[2]) < 0.7, "after a month the fit is still off: {fits:?}");
        assert!(fits[2].forgetting_spread < fits[1].forgetting_spread, "more answers, less doubt: {fits:?}");
    }

    #[test]
    fn a_leech_shows_how_often_it_was_missed_and_a_memory_hint_from_its_row() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        let card = session.deck().cards.iter().position(|card| card.id.as_str() == "22:port-to-service").unwrap();
        session.study_now(card, now);
        assert_eq!(session.leech_hint(card), None, "never studied");
        for minute in 0..crate::progress::LEECH_MISSES {
            session.study_now(card, now + Duration::minutes(i64::from(minute)));
            session.submit("nonsense", now);
            session.grade(Grade::Again, now + Duration::minutes(i64::from(minute)));
        }
        let hint = session.leech_hint(card).expect("a leech");
        assert!(hint.starts_with("Leech: missed 8 times. Memory hint: Secure Shell"), "{hint}");
        let other = session.deck().cards.iter().position(|card| card.id.as_str() == "23:port-to-service").unwrap();
        assert_eq!(session.leech_hint(other), None);
    }

    #[test]
    fn undo_restores_the_card_and_the_log_and_shows_the_answer_again() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        let first = session.current_card().unwrap().id.clone();
        answer(&mut session, true, now);
        assert_eq!(session.progress().log.len(), 1);
        assert!(session.undo());
        assert!(session.progress().log.is_empty());
        assert!(!session.progress().cards.contains_key(&first));
        assert!(matches!(session.showing(), Showing::Answer { .. }));
        assert_eq!(session.current_card().unwrap().id, first);
        // Again: the check of that answer is taken back too, and then nothing is left.
        assert!(session.undo());
        assert!(matches!(session.showing(), Showing::Question { .. }));
        assert_eq!(session.current_card().unwrap().id, first);
        assert!(!session.undo());
    }

    #[test]
    fn statistics_tally_follows_grades_undos_and_imports() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        let counted_afresh = |session: &Session| crate::figures::LogTally::of(&session.progress().log);
        for (step, right) in [true, false, true, false].into_iter().enumerate() {
            answer(&mut session, right, now + chrono::Duration::minutes(step as i64));
        }
        assert_eq!(session.log_tally().effort().reviews, 4);
        assert_eq!(session.log_tally(), &counted_afresh(&session));
        assert!(session.undo());
        assert_eq!(session.log_tally().effort().reviews, 3);
        assert_eq!(session.log_tally(), &counted_afresh(&session));
        session.replace_progress(Progress::default(), now);
        assert_eq!(session.log_tally(), &crate::figures::LogTally::default());
    }

    #[test]
    fn undo_before_grading_takes_back_the_check_of_the_card_on_screen_not_the_last_grade() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        session.set_answer_mode(AnswerMode::MultipleChoice);
        answer(&mut session, true, now);
        let Showing::Question { card, ref choices, .. } = session.showing().clone() else { panic!("no question") };
        session.choose(0, now);
        assert!(matches!(session.showing(), Showing::Answer { .. }));
        assert!(session.undo());
        // The same question, the same options, and the earlier grade untouched.
        let Showing::Question { card: again, choices: same, .. } = session.showing().clone() else { panic!() };
        assert_eq!((again, &same), (card, choices));
        assert_eq!(session.progress().log.len(), 1);
    }

    #[test]
    fn an_answer_checked_but_not_graded_is_graded_as_suggested_when_kept() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        assert!(!session.grade_checked_answer(now), "nothing checked");
        session.submit("nonsense", now);
        assert!(session.grade_checked_answer(now));
        assert_eq!(session.progress().log[0].grade, Grade::Again);
        assert_eq!(session.progress().log[0].answer, "nonsense");
    }

    #[test]
    fn a_card_missed_eight_times_is_a_leech() {
        let mut now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        let card = session.current_card().unwrap().id.clone();
        let index = session.deck().position(&card).unwrap();
        for _ in 0..8 {
            assert!(!session.is_leech(index));
            session.study_now(index, now);
            answer(&mut session, false, now);
            now += Duration::minutes(2);
        }
        assert!(session.is_leech(index));
    }

    #[test]
    fn grade_logs_the_answer_and_time_taken() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        let card = session.current_card().unwrap().clone();
        session.submit(&card.answer, now + Duration::milliseconds(2500));
        let review = session.grade(Grade::Good, now + Duration::seconds(3)).unwrap().clone();
        assert_eq!(review.card, card.id);
        assert_eq!(review.ms, 2500);
        assert_eq!(review.verdict, Judgement::Correct);
        assert_eq!(session.progress().cards[&card.id].phase, Phase::Learning(1));
    }
}

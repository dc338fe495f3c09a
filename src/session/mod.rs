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

use chrono::{DateTime, FixedOffset, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;

pub use exam_plan::ExamPlan;
pub use forecast::{CORE_TARGET, Forecast, NoForecast};
pub use queue::{LEARN_AHEAD, NewLimit};

use crate::deck::{Card, CardIndex, Deck};
use crate::matcher::{Judgement, Verdict, Why};
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

    /// Every hundred reviews, as Anki's optimiser suggests; while the defaults still
    /// hold, every twenty, so that a new learner's plan adapts in days, not weeks; and
    /// after a few once some days have passed, so that a few minutes a day are not
    /// planned for weeks on what the first days showed.
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
        since_fit >= crate::memory_model::REFIT_EVERY
            || (!model.is_fitted() && since_fit >= 20)
            || (days_since >= crate::memory_model::REFIT_AFTER_DAYS
                && since_fit >= crate::memory_model::REFIT_AFTER_FEW)
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
mod tests {
    use std::collections::HashSet;

    use crate::testing::at;

    use chrono::Duration;

    use crate::memory_model::MemoryModel;
    use crate::progress::Phase;

    use super::*;
    use crate::table::parse_table;

    fn seed_session(now: DateTime<FixedOffset>) -> Session {
        let deck = Deck::build(parse_table(crate::BUILTIN_TABLE).rows, &crate::facts::Facts::builtin(), false);
        Session::new(deck, Progress::default(), now, 1)
    }

    /// Answers the current card correctly (or not) and grades it as suggested.
    fn answer(session: &mut Session, right: bool, now: DateTime<FixedOffset>) -> String {
        let card = session.current_card().expect("a card is showing").clone();
        let typed = if right { card.answer.clone() } else { "nonsense".to_string() };
        session.submit(&typed, now);
        let Showing::Answer { answered, .. } = session.showing().clone() else { panic!("no answer showing") };
        session.grade(answered.suggested, now);
        card.id.to_string()
    }

    #[test]
    fn core_cards_are_introduced_first() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        assert_eq!(session.counts(now), Counts { new: 10, learning: 0, due: 0 });
        for _ in 0..10 {
            let card = session.current_card().unwrap();
            assert!(card.core, "{} is not core", card.id);
            answer(&mut session, true, now);
        }
    }

    #[test]
    fn daily_new_limit_then_done_with_next_due_time() {
        let mut now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        let mut answered = 0;
        while session.current_card().is_some() {
            answer(&mut session, true, now);
            answered += 1;
            now += Duration::minutes(11);
            session.refresh(now);
            assert!(answered < 100, "the session never ends");
        }
        assert_eq!(session.counts(now).new, 0);
        assert_eq!(session.progress().cards.len(), 10);
        let Showing::Done { next_due: Some(next) } = *session.showing() else { panic!("not done") };
        assert!(next > now.to_utc());
    }

    #[test]
    fn missed_card_comes_back_within_minutes() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        let missed = answer(&mut session, false, now);
        // The next new card is already showing; once it is answered after the
        // one-minute step, the missed card is back before any other new card.
        answer(&mut session, true, now + Duration::minutes(2));
        let Showing::Question { card, source, .. } = *session.showing() else { panic!() };
        assert_eq!(session.card(card).id.to_string(), missed);
        assert_eq!(source, Source::Learning);
    }

    /// The ports of the cards a session shows, answering each right, `count` of them.
    fn ports_asked(session: &mut Session, now: DateTime<FixedOffset>, count: usize) -> Vec<String> {
        (0..count)
            .map(|_| {
                let card = session.current_card().expect("a card").clone();
                answer(session, true, now);
                session.deck().row_of(&card).ports.to_string()
            })
            .collect()
    }

    #[test]
    fn new_cards_come_in_the_learners_own_shuffle_core_first_never_in_port_order() {
        let now = at("2026-11-27T10:00:00+00:00");
        let deck = || Deck::build(parse_table(crate::BUILTIN_TABLE).rows, &crate::facts::Facts::builtin(), false);
        let order = |seed: u64| {
            let mut session = Session::new(deck(), Progress::default(), now, seed);
            let cores: Vec<bool> = (0..10).map(|_| session.current_card().unwrap().core).collect();
            (ports_asked(&mut session, now, 10), cores)
        };
        let (first, cores) = order(1);
        assert!(cores.iter().all(|core| *core), "core rows first");
        assert_eq!(order(1).0, first, "the same learner's order on every run");
        assert_ne!(order(2).0, first, "another learner's differs");
        let numbers: Vec<u32> =
            first.iter().map(|ports| ports.split(['-', '/']).next().unwrap().parse().unwrap()).collect();
        let mut ascending = numbers.clone();
        ascending.sort_unstable();
        assert_ne!(numbers, ascending, "not in port order: {first:?}");
        // The shuffle is kept with the progress: a restart keeps the order.
        let mut session = Session::new(deck(), Progress::default(), now, 1);
        let kept = session.progress().clone();
        assert!(kept.order_seed.is_some());
        let mut restarted = Session::new(deck(), kept, now, 99);
        assert_eq!(ports_asked(&mut restarted, now, 10), ports_asked(&mut session, now, 10));
    }

    #[test]
    fn a_missed_card_does_not_come_straight_back() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        session.set_limits(1, 200, false, now);
        let missed = answer(&mut session, false, now);
        // Nothing else is due: the screen says it comes back in a minute, and offers it.
        assert!(matches!(session.showing(), Showing::Done { .. }), "{missed} came straight back");
        assert_eq!(session.coming_back_soon(now), 1);
        // Once its minute is up it comes back by itself.
        session.refresh(now + Duration::minutes(1));
        assert_eq!(session.current_card().map(|card| card.id.to_string()), Some(missed));
    }

    #[test]
    fn no_two_cards_of_one_row_come_back_to_back_while_others_wait() {
        let mut now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        let mut last_row = None;
        for answered in 0..60 {
            session.refresh(now);
            if matches!(session.showing(), Showing::Done { .. }) {
                now += Duration::days(1);
                continue;
            }
            let row = session.current_card().unwrap().row;
            assert_ne!(Some(row), last_row, "answer {answered}: the same row twice in a row");
            last_row = Some(row);
            answer(&mut session, answered % 3 != 0, now);
            now += Duration::minutes(2);
        }
    }

    #[test]
    fn a_card_on_a_learning_step_is_offered_not_shown_before_its_time() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        // The day's ten new cards, answered right at once: each waits ten minutes.
        for _ in 0..10 {
            answer(&mut session, true, now);
        }
        let Showing::Done { next_due: Some(next) } = *session.showing() else { panic!("not done: a card shown early") };
        assert_eq!(next, now.to_utc() + Duration::minutes(10));
        assert_eq!(session.coming_back_soon(now), 10);
        // Asked for, they come now.
        session.practise_ahead(now);
        let Showing::Question { source, .. } = *session.showing() else { panic!("nothing to practice") };
        assert_eq!(source, Source::Ahead);
        assert_eq!(session.counts(now).learning, 10);
    }

    #[test]
    fn new_sibling_waits_for_another_day() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        let mut seen_rows = HashSet::new();
        for _ in 0..10 {
            let row = session.current_card().unwrap().row;
            assert!(seen_rows.insert(row), "two directions of one row on the first day");
            answer(&mut session, true, now);
        }
    }

    #[test]
    fn later_day_brings_reviews_and_more_new_cards() {
        let mut now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        while session.current_card().is_some() {
            answer(&mut session, true, now);
            now += Duration::minutes(11);
            session.refresh(now);
        }
        let later = at("2026-12-02T10:00:00+00:00");
        session.refresh(later);
        let counts = session.counts(later);
        assert_eq!(counts.new, 10);
        assert!(counts.due > 0, "{counts:?}");
        assert_eq!(session.current_card().map(|card| card.core), Some(true));
    }

    #[test]
    fn practise_ahead_takes_the_most_at_risk_card() {
        let mut now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        while session.current_card().is_some() {
            answer(&mut session, true, now);
            now += Duration::minutes(11);
            session.refresh(now);
        }
        now += Duration::hours(3);
        session.practise_ahead(now);
        let Showing::Question { card, source, .. } = *session.showing() else { panic!("nothing to practice") };
        assert_eq!(source, Source::Ahead);
        let weighted_risk = |index: usize| {
            let card = session.card(index);
            let weight = if card.core { crate::schedule::CORE_WEIGHT } else { 1.0 };
            (1.0 - Scheduler::retrievability(session.progress().cards.get(&card.id), now.to_utc())) * weight
        };
        let highest = (0..session.deck().cards.len())
            .filter(|&i| session.progress().cards.contains_key(&session.card(i).id))
            .map(weighted_risk)
            .fold(0.0f32, f32::max);
        assert!(highest > 0.0);
        assert_eq!(weighted_risk(card), highest);
    }

    /// Studies the whole of each day's queue, right answers only, until `until`.
    fn study_days(session: &mut Session, mut now: DateTime<FixedOffset>, until: DateTime<FixedOffset>) {
        while now < until {
            session.refresh(now);
            let mut guard = 0;
            while session.current_card().is_some() && guard < 500 {
                answer(session, true, now);
                now += Duration::minutes(11);
                session.refresh(now);
                guard += 1;
            }
            now += Duration::days(1);
            now = now.with_time(chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).single().unwrap();
        }
    }

    /// A model fitted to `evidence` later-day answers with these differences.
    fn fitted(forgetting: f32, same_day: f32, evidence: u32) -> MemoryModel {
        MemoryModel { forgetting, forgetting_spread: 0.2, same_day, evidence, ..MemoryModel::default() }
    }

    /// A session with an exam in three weeks and this memory model.
    fn exam_session(now: DateTime<FixedOffset>, model: MemoryModel) -> Session {
        let mut session = seed_session(now);
        session.set_exam_date(Some("2026-12-18".parse().unwrap()), now);
        session.progress.memory_model = model;
        session.scheduler.set_model(model);
        session.refresh_question(now);
        session
    }

    #[test]
    fn the_exam_plan_follows_the_memory_model() {
        let now = at("2026-11-27T10:00:00+00:00");
        assert_eq!(exam_session(now, MemoryModel::default()).exam_plan(now), Some(ExamPlan::Gathering));
        assert_eq!(exam_session(now, fitted(1.0, 1.0, 20)).exam_plan(now), Some(ExamPlan::Coverage));
        assert_eq!(seed_session(now).exam_plan(now), None, "no exam, no plan");
    }

    /// Answers `count` cards right, 20 s apart, and counts the answers to cards
    /// already answered that day.
    fn same_day_repeats(session: &mut Session, now: DateTime<FixedOffset>, count: usize) -> usize {
        let mut seen = HashSet::new();
        let mut repeats = 0;
        let mut time = now;
        for _ in 0..count {
            session.refresh(time);
            if matches!(session.showing(), Showing::Done { .. }) {
                session.practise_ahead(time);
            }
            let id = answer(session, true, time);
            repeats += usize::from(!seen.insert(id));
            time += Duration::seconds(20);
        }
        repeats
    }

    #[test]
    fn a_learner_whose_cards_fade_in_a_day_gets_more_same_day_practice_than_one_whose_cards_last_weeks() {
        let now = at("2026-11-27T10:00:00+00:00");
        // Cards that fade within a day (30 times faster than average, on a steep curve)
        // where a second look the same day helps a lot; and cards that last four times
        // longer than average. Twenty answers: new cards are on offer until ten are in.
        let fading_model = MemoryModel { decay: 1.0, ..fitted(30.0, 2.6, 60) };
        let fading = same_day_repeats(&mut exam_session(now, fading_model), now, 20);
        let lasting = same_day_repeats(&mut exam_session(now, fitted(0.25, 1.0, 60)), now, 20);
        assert!(fading > lasting + 5, "same-day repeats: {fading} for the fast forgetter, {lasting} for the keeper");
        // The keeper repeats only once today's new cards are used up (ten of them).
        assert!(lasting <= 2, "the keeper meets new cards instead: {lasting} repeats, {fading} for the fast forgetter");
    }

    #[test]
    fn a_learner_who_gains_from_every_success_gets_second_looks_the_same_day() {
        let now = at("2026-11-27T10:00:00+00:00");
        // Two learners whose cards fade alike (8 times faster than average): one gains
        // from every right answer however soon after the last, one only as FSRS says.
        let grower = MemoryModel { growth: 2.8, decay: 1.0, ..fitted(8.0, 1.0, 60) };
        let spacer = MemoryModel { decay: 1.0, ..fitted(8.0, 1.0, 60) };
        let grows = same_day_repeats(&mut exam_session(now, grower), now, 20);
        let spaces = same_day_repeats(&mut exam_session(now, spacer), now, 20);
        assert!(grows > spaces + 4, "same-day repeats: {grows} with growth, {spaces} without");
    }

    /// Studies today's whole queue, then counts how many of the next day's first
    /// `next_day` answers meet a new card.
    fn new_cards_the_next_day(model: MemoryModel, next_day: usize) -> usize {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = exam_session(now, model);
        study_days(&mut session, now, now + Duration::days(1));
        // The first cards come back two days on.
        let mut time = now + Duration::days(2);
        let mut new = 0;
        for _ in 0..next_day {
            session.refresh(time);
            if let Showing::Question { source, .. } = session.showing() {
                new += usize::from(*source == Source::New);
            }
            answer(&mut session, true, time);
            time += Duration::seconds(20);
        }
        new
    }

    #[test]
    fn a_learner_whose_cards_fade_fast_keeps_the_cards_met_before_meeting_more() {
        // Cards that fade six times faster than average, on a steep curve: a new card
        // costs its steps and a review every day or so until the exam, so the first
        // day's cards come first. Just under the threshold, new cards are weighed by
        // their first answer, and come sooner.
        let fast = MemoryModel { decay: 1.0, ..fitted(6.0, 1.0, 60) };
        let below = MemoryModel { forgetting_past_slips: Some(1.9), ..fast };
        assert!(exam_session(at("2026-11-27T10:00:00+00:00"), fast).prices_new_cards_by_course());
        assert!(!exam_session(at("2026-11-27T10:00:00+00:00"), below).prices_new_cards_by_course());
        let (fast_new, below_new) = (new_cards_the_next_day(fast, 10), new_cards_the_next_day(below, 10));
        assert!(
            fast_new + 5 <= below_new,
            "new cards among ten answers: {fast_new} weighed by their course, {below_new} by one answer"
        );
    }

    #[test]
    fn a_steep_curve_follows_a_new_card_to_the_exam_a_long_tail_to_the_plans_target() {
        let now = at("2026-11-27T10:00:00+00:00");
        let steep = MemoryModel { decay: 1.0, ..fitted(4.0, 1.0, 60) };
        let long_tail = fitted(4.0, 1.0, 60);
        let shape_unknown = fitted(4.0, 1.0, 20);
        assert!(long_tail.has_long_tail());
        assert!(!steep.has_long_tail() && !shape_unknown.has_long_tail());
        let (now_utc, target) = (now.to_utc(), now.to_utc() + Duration::days(2));
        let exam = exam_session(now, steep).exam_start(now);
        assert_eq!(exam_session(now, steep).course_end(now_utc, exam, target), exam.unwrap());
        assert_eq!(exam_session(now, shape_unknown).course_end(now_utc, exam, target), exam.unwrap());
        assert_eq!(exam_session(now, long_tail).course_end(now_utc, exam, target), target);
        // Without an exam a steep curve still looks as far as an average learner's plan.
        assert_eq!(exam_session(now, steep).course_end(now_utc, None, target), now_utc + Duration::days(10));
        assert_eq!(exam_session(now, long_tail).course_end(now_utc, None, target), target);
    }

    /// A session on this model whose first core card was met and then missed on each
    /// of the next `lapses` days, seen when its relearning step is up: the session, the
    /// card, the moment.
    fn after_lapses(model: MemoryModel, lapses: i64) -> (Session, CardIndex, DateTime<FixedOffset>) {
        let met = at("2026-11-25T10:00:00+00:00");
        let mut session = exam_session(met, model);
        let card = session.new_cards_left(met)[0];
        let (id, core) = (session.card(card).id.clone(), session.card(card).core);
        let mut state = session.scheduler.apply(&id, None, core, Grade::Good, met);
        for day in 1..=lapses {
            state = session.scheduler.apply(&id, Some(&state), core, Grade::Again, met + Duration::days(day));
        }
        let step_up = state.due;
        session.progress.cards.insert(id, state);
        (session, card, step_up.fixed_offset())
    }

    #[test]
    fn a_card_missed_again_and_again_is_weighed_by_a_run_of_looks_when_same_day_looks_build_memory() {
        let grower = MemoryModel { growth: 2.8, decay: 1.0, ..fitted(8.0, 1.0, 60) };
        let spacer = MemoryModel { decay: 1.0, ..fitted(8.0, 1.0, 60) };
        assert!(grower.repeats_pay() && !spacer.repeats_pay());
        let plan = |model: MemoryModel| {
            let (session, card, now) = after_lapses(model, 3);
            let target = session.planning_target(now.to_utc(), session.exam_start(now));
            (card, session.exam_gain(card, now, target), session.pick_for_exam(now, target, None))
        };
        let (card, run, run_pick) = plan(grower);
        let (_, one_look, one_look_pick) = plan(spacer);
        assert!(run > 1.5 * one_look, "per answer: {one_look} for one look, {run} for a run of three");
        // A learner whose same-day looks build memory gets the card three misses have
        // worn down back first (a run of three right answers keeps it); one whose looks
        // add nothing beyond FSRS's rule meets a new card instead.
        assert_eq!(run_pick, Some((card, Source::Learning)));
        assert!(matches!(one_look_pick, Some((_, Source::New))), "one look at a time: {one_look_pick:?}");
    }

    #[test]
    fn new_cards_are_weighed_by_their_course_only_for_a_learner_whose_cards_fade_fast() {
        let now = at("2026-11-27T10:00:00+00:00");
        let fast = exam_session(now, fitted(4.0, 1.0, 60));
        let keeper = exam_session(now, fitted(0.5, 1.0, 60));
        assert!(fast.prices_new_cards_by_course());
        assert!(!keeper.prices_new_cards_by_course());
        // A fast forgetter's card needs more answers to last three weeks.
        let (fast_course, keeper_course) = (fast.new_card_course(21.0), keeper.new_card_course(21.0));
        assert!(
            fast_course.answers > keeper_course.answers + 1,
            "answers to keep a card three weeks: {fast_course:?} fading fast, {keeper_course:?} keeping"
        );
        let unfitted = exam_session(now, MemoryModel::default());
        assert!(!unfitted.prices_new_cards_by_course(), "no course pricing on the defaults");
    }

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
    fn coverage_meets_every_new_card_before_repeating_one_the_same_day() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = exam_session(now, fitted(1.0, 1.0, 20));
        let mut seen = Vec::new();
        let mut time = now;
        let allowance = session.new_limit(now).per_day;
        for _ in 0..allowance {
            let card = session.current_card().unwrap().id.clone();
            assert!(!seen.contains(&card), "{card} came back the same day before every new card was met");
            seen.push(card);
            answer(&mut session, true, time);
            time += Duration::minutes(2);
            session.refresh(time);
        }
        assert!(seen.iter().take(18).all(|id| session.deck().card(id).unwrap().core), "core cards first");
    }

    #[test]
    fn practising_ahead_for_the_exam_picks_the_card_that_gains_most() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = exam_session(now, fitted(1.0, 1.0, 20));
        let later = at("2026-12-10T10:00:00+00:00");
        study_days(&mut session, now, later);
        session.practise_ahead(later);
        let exam = session.exam_start(later).unwrap();
        let picked = session.deck().position(&session.current_card().unwrap().id.clone()).unwrap();
        let best = (0..session.deck().cards.len())
            .filter(|&card| session.asked(card))
            .map(|card| session.exam_gain(card, later, exam))
            .fold(f32::MIN, f32::max);
        assert_eq!(session.exam_gain(picked, later, exam), best);
        assert!(best > 0.0);
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
    fn an_exam_soon_raises_the_new_limit_so_every_card_is_seen_in_time() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        session.set_exam_date(Some("2026-12-07".parse().unwrap()), now);
        let limit = session.new_limit(now);
        assert!(limit.raised);
        let asked = session.deck().cards.iter().filter(|card| session.progress().settings.asks(card)).count();
        assert!(asked > 139, "the exam-style cards for core ports are asked by default");
        assert_eq!(limit.per_day, asked.div_ceil(9));
        study_days(&mut session, now, at("2026-12-06T10:00:00+00:00"));
        assert_eq!(session.progress().cards.len(), asked, "every card introduced before the exam");
    }

    #[test]
    fn the_plan_fits_the_answers_a_learner_gives_not_only_the_calendar() {
        // Exam in ten days, 30 answers a day (the learner stops there, cards left).
        let start = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(start);
        session.set_exam_date(Some("2026-12-07".parse().unwrap()), start);
        let raised = session.new_limit(start);
        assert!(raised.raised && raised.fits.is_none(), "no pace known on the first day: {raised:?}");
        let mut learning_piles = Vec::new();
        for day in 0..3 {
            let mut now = start + Duration::days(day);
            session.refresh(now);
            for _ in 0..30 {
                if session.current_card().is_none() {
                    break;
                }
                answer(&mut session, true, now);
                now += Duration::seconds(40);
            }
            learning_piles.push(session.counts(now).learning);
        }
        let day4 = start + Duration::days(3);
        session.refresh(day4);
        let pace = session.pace(day4).expect("three study days");
        assert_eq!((pace.answers_per_day, pace.days), (30, 3));
        assert!(session.fell_behind(day4));
        let limit = session.new_limit(day4);
        let fits = limit.fits.expect("not every card fits in 30 answers a day");
        assert!(fits < session.unseen().count(), "{limit:?}");
        assert!(limit.per_day < raised.per_day, "fewer new cards a day than the calendar alone asks: {limit:?}");
        assert!(learning_piles.iter().all(|&pile| pile < 40), "the learning pile stays small: {learning_piles:?}");
    }

    #[test]
    fn without_an_exam_the_limit_is_the_setting() {
        let now = at("2026-11-27T10:00:00+00:00");
        let session = seed_session(now);
        assert_eq!(session.new_limit(now), NewLimit { per_day: 10, raised: false, fits: None });
        assert_eq!(session.days_to_exam(now), None);
    }

    #[test]
    fn the_review_cap_holds_and_the_most_at_risk_come_first() {
        let start = at("2026-11-01T10:00:00+00:00");
        let mut session = seed_session(start);
        study_days(&mut session, start, at("2026-11-04T10:00:00+00:00"));
        let later = at("2026-12-20T10:00:00+00:00");
        session.set_limits(0, 5, false, later);
        let due_before = session.progress().cards.values().filter(|state| state.due < later.to_utc()).count();
        assert!(due_before > 5, "{due_before}");
        assert_eq!(session.counts(later).due, 5);
        let Showing::Question { card, .. } = *session.showing() else { panic!("no review") };
        let highest = (0..session.deck().cards.len())
            .filter(|&i| session.progress().cards.get(&session.card(i).id).is_some_and(|s| s.phase == Phase::Review))
            .map(|i| session.weighted_risk(i, later.to_utc(), None))
            .fold(0.0f32, f32::max);
        assert_eq!(session.weighted_risk(card, later.to_utc(), None), highest);
        for _ in 0..5 {
            answer(&mut session, true, later);
        }
        assert_eq!(session.counts(later).due, 0);
    }

    #[test]
    fn back_from_a_break_spreads_the_backlog_over_days() {
        let start = at("2026-11-01T10:00:00+00:00");
        let mut session = seed_session(start);
        study_days(&mut session, start, at("2026-11-06T10:00:00+00:00"));
        // A year away: a learner who got every answer right is fitted a slow fade, and
        // some of their cards are not due for four months.
        let later = at("2027-11-01T10:00:00+00:00");
        session.set_limits(0, 200, true, later);
        let review_cards = || session.progress().cards.values().filter(|state| state.phase == Phase::Review);
        let backlog = review_cards().count();
        assert!(review_cards().all(|state| state.due < later), "every review card is overdue after the break");
        assert_eq!(session.counts(later).due, backlog.div_ceil(5));
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
    fn queued_cards_come_first_in_order() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        session.queue_now(&[100, 50], now);
        let Showing::Question { card, source, .. } = *session.showing() else { panic!() };
        assert_eq!((card, source), (100, Source::Chosen));
        answer(&mut session, true, now);
        assert_eq!(session.current_card().map(|card| card.id.clone()), Some(session.card(50).id.clone()));
    }

    #[test]
    fn a_direction_switched_off_is_never_asked() {
        let mut now = at("2026-11-27T10:00:00+00:00");
        let mut session = seed_session(now);
        let settings = crate::progress::Settings { ask_port_to_service: false, ..Default::default() };
        session.set_settings(settings, now);
        for _ in 0..40 {
            if session.current_card().is_none() {
                session.practise_ahead(now);
            }
            let card = session.current_card().unwrap();
            assert_ne!(card.direction, crate::deck::Direction::PortToService, "{}", card.id);
            answer(&mut session, true, now);
            now += Duration::minutes(3);
        }
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

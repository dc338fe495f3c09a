//! Planning to an exam date: when the exam starts, how many days are left, and the
//! plan: once this learner's memory model is fitted, each next card is the one whose
//! review adds most to core-weighted recall at the plan's target.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::{Session, Source};
use crate::deck::CardIndex;
use crate::progress::Phase;
use crate::schedule::{self, CORE_WEIGHT};

/// The exam is taken to start at this hour on its day, local time.
const EXAM_HOUR: u32 = 9;
/// Days before the exam when the queue turns to the cards most at risk on the day.
pub(super) const FINAL_STRETCH_DAYS: i64 = 3;
/// How soon a card answered today may be looked at again, and the spacing of a run of
/// looks the plan weighs a card by.
const LOOK_AGAIN_AFTER: Duration = Duration::minutes(1);
/// How many right answers in a row, a minute apart, a seen card's review is weighed
/// by (per answer) once the fit says a second look on the same day builds memory: a
/// card that needs a few looks to last is then not given up on because one look
/// alone would not keep it. Held out, three beat one and two.
const LOOKS_IN_A_ROW: u32 = 3;
/// The fitted forgetting factor (read past slips) from which a new card is weighed
/// per answer of its whole course to the target, its first-day steps and its reviews,
/// rather than by its first answer alone: for a learner whose cards fade twice as fast
/// as average, meeting every card and keeping none is the risk. Held out, 2.0 beat
/// never and 1.5.
const COURSE_FROM_FORGETTING: f32 = 2.0;
/// How far ahead the plan aims when the exam is further away or not set, in days for
/// an average learner; a learner whose cards fade k times faster plans 1/k as far.
pub(super) const PLANNING_DAYS: f32 = 10.0;

/// The moment `days` (a fraction of a day allowed) after `now`.
pub(super) fn days_ahead(now: DateTime<Utc>, days: f32) -> DateTime<Utc> {
    now + Duration::seconds((days * 86_400.0) as i64)
}

/// How the queue plans to an exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExamPlan {
    /// Too few cards have come back on a later day to fit this learner's memory
    /// model: the usual queue (core first, due reviews, new cards).
    Gathering,
    /// The model is fitted: each card goes where it adds most to core-weighted
    /// exam-day recall under it, the same-day repeats and the new cards included.
    Coverage,
}

impl ExamPlan {
    pub fn describe(self) -> &'static str {
        match self {
            ExamPlan::Gathering => {
                "Plan: the usual order for now; after about three days of study the plan and the forecast are about you"
            }
            ExamPlan::Coverage => "Plan: each card where it adds most to your exam-day recall",
        }
    }
}

impl Session {
    /// The moment the exam starts, when one is set.
    pub fn exam_start(&self, now: DateTime<FixedOffset>) -> Option<DateTime<Utc>> {
        let date = self.progress.settings.exam_date?;
        let local = date.and_hms_opt(EXAM_HOUR, 0, 0)?;
        let offset = Duration::seconds(i64::from(now.offset().local_minus_utc()));
        Some(local.checked_sub_signed(offset)?.and_utc())
    }

    /// Days from today to the exam (0 on the day), when one is set and not past.
    pub fn days_to_exam(&self, now: DateTime<FixedOffset>) -> Option<i64> {
        let date = self.progress.settings.exam_date?;
        let days = (date - schedule::study_day(now.to_utc(), *now.offset())).num_days();
        (days >= 0).then_some(days)
    }

    /// How the queue plans to the exam, when one is set and still ahead.
    pub fn exam_plan(&self, now: DateTime<FixedOffset>) -> Option<ExamPlan> {
        self.exam_start(now).filter(|exam| *exam > now.to_utc())?;
        let model = self.scheduler.model();
        Some(if model.is_fitted() { ExamPlan::Coverage } else { ExamPlan::Gathering })
    }

    /// Planning by the fitted model: among today's cards (learning, due reviews, the
    /// new-card allowance) the one whose review adds most to the weighted recall
    /// expected at `exam` (the plan's target) comes first; practising ahead follows
    /// the same rule over every card. No card related to `apart_from` (the one
    /// just answered) is a candidate; equal gains go in this learner's shuffle for the day.
    pub(super) fn pick_for_exam(
        &self,
        now: DateTime<FixedOffset>,
        exam: DateTime<Utc>,
        apart_from: Option<CardIndex>,
    ) -> Option<(CardIndex, Source)> {
        let now_utc = now.to_utc();
        let end_of_day = schedule::next_day_start(now);
        // When the fitted model says cards fade fast, a new card is weighed per answer
        // of its whole course (its first-day steps and one review per interval), not by
        // its first answer alone: meeting every card and keeping none is what such a
        // learner must be spared.
        let course = self.prices_new_cards_by_course().then(|| {
            let until = self.course_end(now_utc, self.exam_start(now).filter(|exam| *exam > now_utc), exam);
            let days = ((until - now_utc).num_minutes() as f32 / 1440.0).max(0.5);
            self.new_card_course(days)
        });
        // What a candidate adds, per answer it takes.
        let value = |card: CardIndex, source: Source| match course {
            Some(course) if source == Source::New => {
                let weight = if self.card(card).core { CORE_WEIGHT } else { 1.0 };
                weight * course.recall_at_target / course.answers.max(1) as f32
            }
            _ => self.exam_gain(card, now, exam),
        };
        let day = super::queue::day_salt(now);
        let best = |candidates: &mut dyn Iterator<Item = (CardIndex, Source)>| {
            candidates
                .filter(|&(card, _)| self.apart(card, apart_from))
                .map(|(card, source)| (card, source, value(card, source)))
                // Equal gains (new cards alike) go in this learner's shuffle.
                .max_by(|a, b| {
                    a.2.total_cmp(&b.2).then_with(|| self.shuffle_key(b.0, day).cmp(&self.shuffle_key(a.0, day)))
                })
                .map(|(card, source, _)| (card, source))
        };
        let learning = self.started(|state| state.phase != Phase::Review && state.due <= now_utc);
        let allowed = self.reviews_allowed_today(now);
        let mut reviews: Vec<(CardIndex, DateTime<Utc>)> =
            self.started(|state| state.phase == Phase::Review && state.due < end_of_day).collect();
        reviews.truncate(allowed);
        let new = self.new_cards_left(now);
        // Cards already answered today are candidates again (a minute on): whether a
        // second look today is worth more than a new card is the model's to say.
        let today_start = schedule::next_day_start(now) - Duration::days(1);
        let again_today = self
            .started(|state| state.last_review >= today_start && state.last_review <= now_utc - LOOK_AGAIN_AFTER)
            .filter(|(_, due)| *due > now_utc)
            .map(|(card, _)| (card, Source::Ahead));
        let mut today = learning
            .map(|(card, _)| (card, Source::Learning))
            .chain(reviews.into_iter().map(|(card, _)| (card, Source::Review)))
            .chain(new.into_iter().map(|card| (card, Source::New)))
            .chain(again_today.filter(|_| self.scheduler.model().repeats_pay()));
        if let Some(pick) = best(&mut today) {
            return Some(pick);
        }
        if !self.practising_ahead {
            return None;
        }
        let mut every = (0..self.deck.cards.len()).filter(|&card| self.asked(card)).map(|card| (card, Source::Ahead));
        best(&mut every)
    }

    /// Where a new card's course is followed to, given the exam and the plan's target:
    /// to the target once the fit says this learner's forgetting curve has a long tail
    /// (a card met now still counts weeks later); while the curve is steep or not yet
    /// known, to the exam, or without one to the average learner's planning horizon:
    /// with a steep curve only a card kept up all the way pays.
    pub(super) fn course_end(
        &self,
        now: DateTime<Utc>,
        exam: Option<DateTime<Utc>>,
        target: DateTime<Utc>,
    ) -> DateTime<Utc> {
        if self.scheduler.model().has_long_tail() {
            target
        } else {
            exam.unwrap_or(target.max(days_ahead(now, PLANNING_DAYS)))
        }
    }

    /// Whether new cards are weighed by their course: once the model is fitted and
    /// says this learner's cards fade fast (twice as fast as average or more), read past
    /// slips, so that a learner who misses known cards now and then is not taken for
    /// a fast forgetter.
    pub fn prices_new_cards_by_course(&self) -> bool {
        let model = self.scheduler.model();
        let forgetting = model.forgetting_past_slips.unwrap_or(model.forgetting);
        model.is_fitted() && forgetting >= COURSE_FROM_FORGETTING
    }

    /// How much reviewing a card now would add to its weighted chance of recall on
    /// exam day, by the memory model: a new card is assumed answered Good; a seen card
    /// is recalled with its present retrievability, else forgotten. When same-day
    /// looks build memory for this learner, a seen card is worth the best of one look
    /// and of a short run of right answers ([`LOOKS_IN_A_ROW`]), per answer.
    pub(super) fn exam_gain(&self, card: CardIndex, now: DateTime<FixedOffset>, exam: DateTime<Utc>) -> f32 {
        let card = self.card(card);
        let weight = if card.core { CORE_WEIGHT } else { 1.0 };
        let state = self.progress.cards.get(&card.id);
        let before = self.scheduler.recall(state, exam);
        let [again, _, good, _] = self.scheduler.preview(&card.id, state, card.core, now);
        let at_exam = |state: &crate::progress::CardState| self.scheduler.recall(Some(state), exam);
        if state.is_none() {
            return weight * (at_exam(&good.state) - before);
        }
        let forgotten = at_exam(&again.state);
        let mut chance = self.scheduler.recall(state, now.to_utc());
        let mut best = weight * (chance * at_exam(&good.state) + (1.0 - chance) * forgotten - before);
        if !self.scheduler.model().repeats_pay() {
            return best;
        }
        // Each further look comes a minute after the last, is right with the chance
        // the model gives it then, and a miss anywhere leaves the card as a miss now.
        let mut run = good.state;
        for looks in 2..=LOOKS_IN_A_ROW {
            let at = now + LOOK_AGAIN_AFTER * (looks as i32 - 1);
            chance *= self.scheduler.recall(Some(&run), at.to_utc());
            let [_, _, next, _] = self.scheduler.preview(&card.id, Some(&run), card.core, at);
            run = next.state;
            let after = chance * at_exam(&run) + (1.0 - chance) * forgotten;
            best = best.max(weight * (after - before) / looks as f32);
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::super::test_support::{answer, exam_session, fitted, same_day_repeats, seed_session, study_days};
    use super::*;
    use crate::memory_model::MemoryModel;
    use crate::progress::Grade;
    use crate::session::{ExamPlan, Showing};
    use crate::testing::at;

    #[test]
    fn the_exam_plan_follows_the_memory_model() {
        let now = at("2026-11-27T10:00:00+00:00");
        assert_eq!(exam_session(now, MemoryModel::default()).exam_plan(now), Some(ExamPlan::Gathering));
        assert_eq!(exam_session(now, fitted(1.0, 1.0, 20)).exam_plan(now), Some(ExamPlan::Coverage));
        assert_eq!(seed_session(now).exam_plan(now), None, "no exam, no plan");
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
}

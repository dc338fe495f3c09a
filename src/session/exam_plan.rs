//! Planning to an exam date: when the exam starts, how many days are left, and which
//! plan the retention check picks (coverage by exam-day gain, or consolidation).

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::{CORE_WEIGHT, Session, Source};
use crate::deck::CardIndex;
use crate::progress::Phase;
use crate::schedule::{self, Scheduler};

/// The exam is taken to start at this hour on its day, local time.
const EXAM_HOUR: u32 = 9;
/// Days before the exam when the queue turns to the cards most at risk on the day.
pub(super) const FINAL_STRETCH_DAYS: i64 = 3;

/// How the queue plans to an exam, decided by the retention check: how well the
/// learner keeps cards from one day to a later one, against the model's prediction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExamPlan {
    /// Too few cards have come back on a later day to judge: the usual queue.
    Gathering,
    /// The learner keeps cards as the model expects: each card goes where it adds
    /// most to exam-day recall, which means every card seen once before repeats.
    Coverage,
    /// The learner forgets much faster than expected: each new card gets more steps
    /// (four sightings in the first session), finished before the next new card.
    Consolidation,
}

impl ExamPlan {
    pub fn describe(self) -> &'static str {
        match self {
            ExamPlan::Gathering => "Plan: learning how well you keep cards from day to day",
            ExamPlan::Coverage => "Plan: every card seen before the exam, then the ones that gain most",
            ExamPlan::Consolidation => "Plan: more practice on each card first, as cards fade fast for you",
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

    pub(super) fn follow_exam_plan(&mut self, now: DateTime<FixedOffset>) {
        self.scheduler.set_consolidating(self.exam_plan(now) == Some(ExamPlan::Consolidation));
    }

    /// How the queue plans to the exam, when one is set and still ahead.
    pub fn exam_plan(&self, now: DateTime<FixedOffset>) -> Option<ExamPlan> {
        self.exam_start(now).filter(|exam| *exam > now.to_utc())?;
        let check = &self.progress.retention_check;
        Some(if check.keeps_as_predicted() {
            ExamPlan::Coverage
        } else if check.forgets_fast() {
            ExamPlan::Consolidation
        } else {
            ExamPlan::Gathering
        })
    }

    /// Planning to an exam for a learner who keeps cards as the model expects: among
    /// today's cards (learning, due reviews, the new-card allowance) the one whose
    /// review adds most to the weighted recall expected on exam day comes first, so
    /// that wide coverage beats same-day repetition; practising ahead follows the
    /// same rule over every card.
    pub(super) fn pick_for_exam(&self, now: DateTime<FixedOffset>, exam: DateTime<Utc>) -> Option<(CardIndex, Source)> {
        let now_utc = now.to_utc();
        let end_of_day = schedule::next_day_start(now);
        // Coverage rests on the learner keeping cards as the model expects: every fifth
        // card checks that on a card from an earlier day, until the evidence is firm.
        let checking = self.progress.retention_check.reviews < crate::progress::RetentionCheck::ENOUGH
            && self.progress.log.len().is_multiple_of(5);
        let today = schedule::study_day(now_utc, *now.offset());
        let check = checking
            .then(|| {
                self.started(|state| {
                    state.due <= now_utc && schedule::study_day(state.last_review, *now.offset()) < today
                })
                .min_by_key(|&(_, due)| due)
            })
            .flatten();
        if let Some((card, _)) = check {
            return Some((card, Source::Review));
        }
        let best = |candidates: &mut dyn Iterator<Item = (CardIndex, Source)>| {
            candidates
                .map(|(card, source)| (card, source, self.exam_gain(card, now, exam)))
                // Equal gains (new cards alike) go in deck order.
                .max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0)))
                .map(|(card, source, _)| (card, source))
        };
        let learning = self.started(|state| state.phase != Phase::Review && state.due <= now_utc);
        let allowed = self.reviews_allowed_today(now);
        let mut reviews: Vec<(CardIndex, DateTime<Utc>)> =
            self.started(|state| state.phase == Phase::Review && state.due < end_of_day).collect();
        reviews.truncate(allowed);
        let new = self.new_cards_left(now);
        let mut today = learning
            .map(|(card, _)| (card, Source::Learning))
            .chain(reviews.into_iter().map(|(card, _)| (card, Source::Review)))
            .chain(new.into_iter().map(|card| (card, Source::New)));
        if let Some(pick) = best(&mut today) {
            return Some(pick);
        }
        if !self.practising_ahead {
            return None;
        }
        let mut every = (0..self.deck.cards.len()).filter(|&card| self.asked(card)).map(|card| (card, Source::Ahead));
        best(&mut every)
    }

    /// How much reviewing a card now would add to its weighted chance of recall on
    /// exam day, by the memory model: a new card is assumed answered Good; a seen card
    /// is recalled with its present retrievability, else forgotten.
    pub(super) fn exam_gain(&self, card: CardIndex, now: DateTime<FixedOffset>, exam: DateTime<Utc>) -> f32 {
        let card = self.card(card);
        let weight = if card.core { CORE_WEIGHT } else { 1.0 };
        let state = self.progress.cards.get(&card.id);
        let before = Scheduler::retrievability(state, exam);
        let [again, _, good, _] = self.scheduler.preview(&card.id, state, card.core, now);
        let at_exam = |outcome: &schedule::GradePreview| Scheduler::retrievability(Some(&outcome.state), exam);
        let after = match state {
            None => at_exam(&good),
            Some(_) => {
                let recall = Scheduler::retrievability(state, now.to_utc());
                recall * at_exam(&good) + (1.0 - recall) * at_exam(&again)
            }
        };
        weight * (after - before)
    }
}

//! Which card comes next: learning cards whose minutes are up, reviews due today
//! (under the daily cap), new cards up to today's limit (core first), and practise
//! ahead by risk. Anki's order, with core ports weighted, until the memory model is
//! fitted; then the exam plan's.
//!
//! Whatever decides, two rules keep the order from giving answers away: cards of equal
//! priority come in this learner's shuffle for the day (never in port order, never the
//! same two days running), and no card related to the one just answered (its row, a
//! counterpart, a card naming its answer: `deck::related`) comes next while any
//! other card can.
//! A card on a learning step is not shown before its time: the done screen offers
//! the ones coming back soon instead.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, FixedOffset, Utc};

use super::exam_plan::{FINAL_STRETCH_DAYS, PLANNING_DAYS, days_ahead};
use super::{Counts, ExamPlan, Session, Source};
use crate::deck::{CardIndex, Direction, are_related};
use crate::progress::{BREAK_SPREAD_DAYS, Phase};
use crate::schedule::{self, CORE_WEIGHT};

/// How far ahead a learning card may be shown when nothing else is left.
pub const LEARN_AHEAD: Duration = Duration::minutes(20);

/// Today's new-card limit, raised when the exam needs it, within the time the
/// learner actually gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewLimit {
    pub per_day: usize,
    pub raised: bool,
    /// When the answers a day measured from the log cannot take every card in time:
    /// how many more cards fit before the exam (the rest wait, non-core last).
    pub fits: Option<usize>,
}

/// What a new card takes until the plan's target, and what it leaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewCardCourse {
    pub answers: usize,
    pub recall_at_target: f32,
}

/// How much the learner studies: answers and minutes on a typical recent day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    pub answers_per_day: usize,
    pub minutes_per_day: f32,
    /// Study days the estimate rests on (up to [`PACE_DAYS`]).
    pub days: usize,
}

/// The recent study days the pace is measured over.
pub const PACE_DAYS: usize = 7;

/// The salt of the day's shuffle: the study day `now` falls on, so that the cards of
/// equal priority (new cards, and with them the learning steps that follow) come in
/// another order each day, the same on a rerun of the day.
pub(super) fn day_salt(now: DateTime<FixedOffset>) -> u64 {
    u64::try_from(schedule::study_day(now.to_utc(), *now.offset()).num_days_from_ce()).unwrap_or(0)
}

/// When a new card's kind is met: the port and service cards, both ways at once
/// (a learner should be asked "Which port does X use?" in the first days, not after
/// every port → service card), then transports, then the exam-style kinds, which build
/// on knowing the port.
fn introduction_stage(direction: Direction) -> u8 {
    match direction {
        Direction::PortToService | Direction::ServiceToPort => 0,
        Direction::PortToTransport => 1,
        Direction::SecureCounterpart
        | Direction::InsecureCounterpart
        | Direction::ClearText
        | Direction::Scenario
        | Direction::Family
        | Direction::ProtocolNumber => 2,
    }
}

/// A 64-bit mix (splitmix64's finaliser): spreads a seed, or a seed and a card, over
/// the whole range, the same on every machine and every build.
pub(super) fn mix(value: u64) -> u64 {
    let mut value = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

impl Session {
    /// Today's limit of new cards: the setting, or more when the exam is close and
    /// there are cards left that would otherwise never be seen before it (they are all
    /// introduced two days ahead, leaving time to review them).
    pub fn new_limit(&self, now: DateTime<FixedOffset>) -> NewLimit {
        let setting = usize::try_from(self.progress.settings.new_per_day).unwrap_or(usize::MAX);
        let unchanged = NewLimit { per_day: setting, raised: false, fits: None };
        let Some(days_left) = self.days_to_exam(now) else { return unchanged };
        let unseen = self.unseen().count();
        let introduced_today = self.introduced_today(now);
        let days = usize::try_from((days_left - 1).max(1)).unwrap_or(1);
        let mut wanted = unseen + introduced_today;
        // Only as many new cards as the learner's own pace can carry to the exam:
        // each takes its first-day steps and its reviews until then. The pace limits
        // only a learner who left cards due: one who finishes every day could do more.
        let mut fits = None;
        if let Some(pace) = self.pace(now).filter(|_| self.fell_behind(now)) {
            let answers_left = pace.answers_per_day * usize::try_from(days_left.max(1)).unwrap_or(1);
            let started_load = self.started_load(days_left);
            let per_card = self.reviews_until(days_left).max(1);
            let room = answers_left.saturating_sub(started_load) / per_card;
            if room < unseen {
                fits = Some(room);
                wanted = room + introduced_today;
            }
        }
        let needed = wanted.div_ceil(days);
        if needed > setting { NewLimit { per_day: needed, raised: true, fits } } else { NewLimit { fits, ..unchanged } }
    }

    /// Whether cards due before today are still waiting: the last study day ended
    /// before its queue did.
    pub fn fell_behind(&self, now: DateTime<FixedOffset>) -> bool {
        let today_starts = schedule::next_day_start(now) - Duration::days(1);
        self.progress.cards.values().any(|state| state.due < today_starts)
    }

    /// The learner's pace: the median answers and minutes over the last study days
    /// before today (the day in progress does not count). None before a first day.
    pub fn pace(&self, now: DateTime<FixedOffset>) -> Option<Pace> {
        let zone = *now.offset();
        let today = schedule::study_day(now.to_utc(), zone);
        let mut days: Vec<(chrono::NaiveDate, usize, u64)> = Vec::new();
        for review in self.progress.log.iter().rev() {
            let day = schedule::study_day(review.at, zone);
            if day >= today {
                continue;
            }
            // A long pause (the learner walked away) is not study time.
            let ms = review.ms.min(60_000);
            if let Some(last) = days.last_mut().filter(|last| last.0 == day) {
                last.1 += 1;
                last.2 += ms;
            } else if days.len() == PACE_DAYS {
                break;
            } else {
                days.push((day, 1, ms));
            }
        }
        if days.is_empty() {
            return None;
        }
        let median = |mut values: Vec<f32>| {
            values.sort_by(f32::total_cmp);
            values[values.len() / 2]
        };
        Some(Pace {
            answers_per_day: median(days.iter().map(|day| day.1 as f32).collect()) as usize,
            minutes_per_day: median(days.iter().map(|day| day.2 as f32 / 60_000.0).collect()),
            days: days.len(),
        })
    }

    /// Answers the cards already started take until the exam: one per interval at
    /// their present stability (a floor: intervals grow as they are answered).
    pub(super) fn started_load(&self, days_left: i64) -> usize {
        let retention = self.scheduler.desired_retention(false);
        let model = self.scheduler.model();
        let days = days_left.max(1) as f32;
        self.progress
            .cards
            .values()
            .map(|state| (days / model.days_until(state.memory.stability, retention).max(1.0)).floor() as usize)
            .sum()
    }

    /// Answers a new card takes until the exam under the fitted model, answered Good
    /// each time: its first-day steps and one answer per interval.
    pub(super) fn reviews_until(&self, days_left: i64) -> usize {
        self.new_card_course(days_left as f32).answers
    }

    /// A new card's course until the target, `days_left` ahead, under the fitted
    /// model, answered Good each time: its first-day steps and one answer per
    /// interval, and the recall it is left with on the day.
    pub(super) fn new_card_course(&self, days_left: f32) -> NewCardCourse {
        let retention = self.scheduler.desired_retention(false);
        let model = self.scheduler.model();
        let fsrs = fsrs::FSRS::default();
        let Ok(first) = fsrs.next_states(None, retention, 0) else {
            return NewCardCourse { answers: 3, recall_at_target: 0.0 };
        };
        let mut stability = first.good.memory.stability;
        let mut memory = first.good.memory;
        let mut answers = crate::schedule::LEARNING_STEPS.len();
        let mut day = 0.0;
        loop {
            // Until its first later-day answer, a card keeps as a first look does.
            let working = model.first_day_stability(stability, day == 0.0);
            let curve = model.curve_for(day == 0.0);
            let interval = curve.days_until(working, retention).max(1.0);
            if day + interval >= days_left || answers > 60 {
                return NewCardCourse { answers, recall_at_target: curve.recall(working, days_left - day) };
            }
            day += interval;
            answers += 1;
            let Ok(next) = fsrs.next_states(Some(memory), retention, interval.round() as u32) else {
                return NewCardCourse { answers, recall_at_target: model.recall(stability, days_left - day) };
            };
            memory = next.good.memory;
            memory.stability = model.stability_after(Some(stability), memory.stability, false, true);
            stability = memory.stability;
        }
    }

    pub(super) fn introduced_today(&self, now: DateTime<FixedOffset>) -> usize {
        let today = schedule::study_day(now.to_utc(), *now.offset());
        self.progress
            .cards
            .values()
            .filter(|state| schedule::study_day(state.first_review, *now.offset()) == today)
            .count()
    }

    /// Reviews still allowed today under the daily cap, or under "back from a break",
    /// which spreads today's backlog over several days.
    pub(super) fn reviews_allowed_today(&self, now: DateTime<FixedOffset>) -> usize {
        let settings = &self.progress.settings;
        let today = schedule::study_day(now.to_utc(), *now.offset());
        let done_today = self
            .progress
            .log
            .iter()
            .rev()
            .take_while(|review| schedule::study_day(review.at, *now.offset()) == today)
            .filter(|review| {
                self.progress
                    .cards
                    .get(&review.card)
                    .is_some_and(|state| schedule::study_day(state.first_review, *now.offset()) < today)
            })
            .count();
        let mut cap = usize::try_from(settings.review_cap).unwrap_or(usize::MAX);
        if settings.back_from_break {
            let end_of_day = schedule::next_day_start(now);
            let due = self.progress.cards.values().filter(|s| s.phase == Phase::Review && s.due < end_of_day).count();
            cap = cap.min((due + done_today).div_ceil(BREAK_SPREAD_DAYS as usize).max(1));
        }
        cap.saturating_sub(done_today)
    }

    /// The moment the plan aims at: the exam, but never further ahead than a
    /// planning horizon, so that memory is built step by step rather than for one
    /// far-off day the model can only guess at.
    pub(super) fn planning_target(&self, now: DateTime<Utc>, exam: Option<DateTime<Utc>>) -> DateTime<Utc> {
        let horizon = days_ahead(now, self.planning_days());
        exam.map_or(horizon, |exam| exam.min(horizon))
    }

    /// The planning horizon in days, for this learner: shorter for one whose cards
    /// fade faster than average, longer for one whose cards last.
    fn planning_days(&self) -> f32 {
        let model = self.scheduler.model();
        if model.is_fitted() { PLANNING_DAYS / model.forgetting.max(0.01) } else { PLANNING_DAYS }
    }

    /// Chance of forgetting the card by the moment that matters (the exam when set,
    /// else now), core weighted.
    pub(super) fn weighted_risk(&self, card: CardIndex, now: DateTime<Utc>, exam: Option<DateTime<Utc>>) -> f32 {
        let card = self.card(card);
        let at = exam.filter(|exam| *exam > now).unwrap_or(now);
        let weight = if card.core { CORE_WEIGHT } else { 1.0 };
        (1.0 - self.scheduler.recall(self.progress.cards.get(&card.id), at)) * weight
    }

    pub fn counts(&self, now: DateTime<FixedOffset>) -> Counts {
        let end_of_day = schedule::next_day_start(now);
        let mut counts = Counts { new: self.new_cards_left(now).len(), ..Counts::default() };
        let asked = |id: &crate::deck::CardId| self.deck.position(id).is_some_and(|card| self.asked(card));
        for state in
            self.progress.cards.iter().filter(|(id, state)| state.due < end_of_day && asked(id)).map(|(_, s)| s)
        {
            match state.phase {
                Phase::Review => counts.due += 1,
                Phase::Learning(_) | Phase::Relearning(_) => counts.learning += 1,
            }
        }
        counts.due = counts.due.min(self.reviews_allowed_today(now));
        counts
    }

    pub(super) fn pick(&mut self, now: DateTime<FixedOffset>) -> Option<(CardIndex, Source)> {
        if !self.queued.is_empty() {
            return Some((self.queued.remove(0), Source::Chosen));
        }
        // Cards related to the one just answered wait while any other card can come.
        let just_answered = self.card_just_answered();
        self.pick_apart_from(now, just_answered).or_else(|| just_answered.and_then(|_| self.pick_apart_from(now, None)))
    }

    /// The card answered last, if any.
    fn card_just_answered(&self) -> Option<CardIndex> {
        let last = self.progress.log.last()?;
        self.deck.position(&last.card)
    }

    /// Whether a card may come next: not related to the card to keep apart from (its
    /// row, a counterpart, a card whose text names its answer; `deck::related`).
    pub(super) fn apart(&self, card: CardIndex, apart_from: Option<CardIndex>) -> bool {
        apart_from.is_none_or(|last| !are_related(&self.deck, last, card))
    }

    /// The next card, none related to `apart_from`.
    fn pick_apart_from(
        &self,
        now: DateTime<FixedOffset>,
        apart_from: Option<CardIndex>,
    ) -> Option<(CardIndex, Source)> {
        let now_utc = now.to_utc();
        let plan = self.exam_plan(now);
        let exam = self.exam_start(now);
        if let (Some(ExamPlan::Coverage), Some(exam)) = (plan, exam) {
            return self.pick_for_exam(now, self.planning_target(now_utc, Some(exam)), apart_from);
        }
        // Without a date the same weighting decides, aimed a planning horizon ahead, so
        // that a few minutes a day do not go to the core cards alone.
        if plan.is_none() && self.scheduler.model().is_fitted() {
            return self.pick_for_exam(now, self.planning_target(now_utc, None), apart_from);
        }
        let learning_due_by = |limit: DateTime<Utc>| {
            self.started(|state| !matches!(state.phase, Phase::Review) && state.due <= limit)
                .filter(|&(card, _)| self.apart(card, apart_from))
                .min_by_key(|&(_, due)| due)
                .map(|(card, _)| (card, Source::Learning))
        };
        learning_due_by(now_utc)
            .or_else(|| self.review_due(now, apart_from))
            .or_else(|| {
                let new = self.new_cards_left(now).into_iter().find(|&card| self.apart(card, apart_from));
                new.map(|card| (card, Source::New))
            })
            .or_else(|| {
                // Practising ahead: the cards coming back soon first, then the most at risk.
                let ahead = learning_due_by(now_utc + LEARN_AHEAD).map(|(card, _)| (card, Source::Ahead));
                self.practising_ahead.then(|| ahead.or_else(|| self.most_at_risk(now_utc, exam, apart_from))).flatten()
            })
    }

    /// The review due today that comes next: core first; when not everything due can be
    /// done, or the exam is days away, or back from a break, the most likely to be
    /// forgotten when it matters; else in this learner's shuffle for the day.
    fn review_due(&self, now: DateTime<FixedOffset>, apart_from: Option<CardIndex>) -> Option<(CardIndex, Source)> {
        let (now_utc, end_of_day) = (now.to_utc(), schedule::next_day_start(now));
        let due: Vec<(CardIndex, DateTime<Utc>)> = self
            .started(|state| state.phase == Phase::Review && state.due < end_of_day)
            .filter(|&(card, _)| self.apart(card, apart_from))
            .collect();
        let allowed = self.reviews_allowed_today(now);
        if due.is_empty() || allowed == 0 {
            return None;
        }
        let exam = self.exam_start(now);
        let final_stretch = self.days_to_exam(now).is_some_and(|days| days <= FINAL_STRETCH_DAYS);
        let by_risk = final_stretch || allowed < due.len() || self.progress.settings.back_from_break;
        let pick = if by_risk {
            due.iter().max_by(|a, b| {
                self.weighted_risk(a.0, now_utc, exam).total_cmp(&self.weighted_risk(b.0, now_utc, exam))
            })
        } else {
            let day = day_salt(now);
            due.iter().min_by_key(|&&(card, due)| {
                let due_day = schedule::study_day(due, *now.offset());
                (!self.card(card).core, due_day, self.shuffle_key(card, day))
            })
        };
        pick.map(|&(card, _)| (card, Source::Review))
    }

    /// Where a card falls in this learner's shuffle: equal priorities are ordered by it.
    /// `salt` draws another shuffle (a day's reviews differ from the next day's).
    pub(super) fn shuffle_key(&self, card: CardIndex, salt: u64) -> u64 {
        // FNV-1a over the card's id: stable across runs, builds and machines.
        let id =
            self.card(card).id.as_str().bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
            });
        mix(self.progress.order_seed.unwrap_or(0) ^ mix(id ^ mix(salt)))
    }

    /// The deck as the learner's settings ask it: how many cards, and how many of them
    /// have been met.
    pub fn deck_size(&self) -> (usize, usize) {
        let asked = (0..self.deck.cards.len()).filter(|&card| self.asked(card)).count();
        let met = self.started(|_| true).count();
        (asked, met)
    }

    /// Learning cards that come back within [`LEARN_AHEAD`] but are not due yet: the done
    /// screen offers them ("practice them now?") rather than showing them early.
    pub fn coming_back_soon(&self, now: DateTime<FixedOffset>) -> usize {
        let now = now.to_utc();
        self.started(|state| !matches!(state.phase, Phase::Review) && state.due > now && state.due <= now + LEARN_AHEAD)
            .count()
    }

    /// Whether the learner's settings ask this card's direction at all.
    pub(super) fn asked(&self, card: CardIndex) -> bool {
        self.progress.settings.asks(self.card(card))
    }

    /// Cards the settings ask that have never been studied, in deck order.
    pub(super) fn unseen(&self) -> impl Iterator<Item = CardIndex> {
        (0..self.deck.cards.len())
            .filter(|&card| self.asked(card) && !self.progress.cards.contains_key(&self.card(card).id))
    }

    /// Cards already seen (and asked) whose state matches, with their due time.
    pub(super) fn started(
        &self,
        wanted: impl Fn(&crate::progress::CardState) -> bool,
    ) -> impl Iterator<Item = (CardIndex, DateTime<Utc>)> {
        self.deck.cards.iter().enumerate().filter_map(move |(index, card)| {
            if !self.asked(index) {
                return None;
            }
            let state = self.progress.cards.get(&card.id)?;
            wanted(state).then_some((index, state.due))
        })
    }

    /// New cards still to be introduced today, in order: core rows first, then the
    /// rest; port and service cards (both ways, mixed from the first day) before
    /// transports and the exam-style kinds; in the shuffle of the day; a card whose
    /// sibling (another card of its row) was studied today waits for another day.
    pub(super) fn new_cards_left(&self, now: DateTime<FixedOffset>) -> Vec<CardIndex> {
        let today = schedule::study_day(now.to_utc(), *now.offset());
        let on_today = |at: DateTime<Utc>| schedule::study_day(at, *now.offset()) == today;
        let introduced_today = self.progress.cards.values().filter(|state| on_today(state.first_review)).count();
        // The log is in time order, so today's reviews are at its end.
        let rows_seen_today: HashSet<usize> = self
            .progress
            .log
            .iter()
            .rev()
            .take_while(|review| on_today(review.at))
            .filter_map(|review| self.deck.card(&review.card).map(|card| card.row))
            .collect();
        let limit = self.new_limit(now);
        let allowance = limit.per_day.saturating_sub(introduced_today);
        // Siblings wait for another day, unless the exam leaves no other day.
        let mut candidates: Vec<CardIndex> =
            self.unseen().filter(|&index| limit.raised || !rows_seen_today.contains(&self.card(index).row)).collect();
        let day = day_salt(now);
        candidates.sort_by_cached_key(|&index| {
            let card = self.card(index);
            (!card.core, introduction_stage(card.direction), self.shuffle_key(index, day))
        });
        candidates.truncate(allowance);
        candidates
    }

    /// The started card with the highest weighted chance of being forgotten (by the
    /// exam when one is set, else by now); when every started card is fresh, the next
    /// new card beyond today's limit.
    pub(super) fn most_at_risk(
        &self,
        now: DateTime<Utc>,
        exam: Option<DateTime<Utc>>,
        apart_from: Option<CardIndex>,
    ) -> Option<(CardIndex, Source)> {
        let recently = now - Duration::minutes(10);
        let at_risk = self
            .started(|state| state.last_review < recently)
            .filter(|&(index, _)| self.apart(index, apart_from))
            .map(|(index, _)| (index, self.weighted_risk(index, now, exam)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(index, _)| index);
        at_risk
            .or_else(|| {
                let mut fresh: Vec<CardIndex> = self.unseen().filter(|&index| self.apart(index, apart_from)).collect();
                let day = day_salt(now.fixed_offset());
                fresh.sort_by_key(|&index| (!self.card(index).core, self.shuffle_key(index, day)));
                fresh.first().copied()
            })
            .map(|index| (index, Source::Ahead))
    }

    /// When the next card becomes due, for the done screen.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.progress.cards.values().map(|state| state.due).min()
    }
}

#[cfg(test)]
mod tests;

//! FSRS-6 scheduling with learning steps, study days and core weighting.
//!
//! The fsrs crate gives memory states and ideal intervals; this module adds what
//! Anki adds around it: minute-long learning and relearning steps, a study day
//! that rolls over at 4 am local time, interval fuzz, and a higher desired
//! retention for core cards. It decides the next state of one card; which card
//! comes next is `session`'s business.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use fsrs::{FSRS, FSRS6_DEFAULT_DECAY, MemoryState, NextStates};

use crate::deck::CardId;
use crate::memory_model::MemoryModel;
use crate::progress::Settings;
use crate::review_log::{CardState, Grade, Memory, Phase};

/// Core cards count this much more than the rest when weighing risk, the plan's
/// gains and mastery: the exams ask the bold rows most.
pub const CORE_WEIGHT: f32 = 3.0;

/// Learning steps for a new card: 1 minute, then 10 minutes.
pub const LEARNING_STEPS: [Duration; 2] = [Duration::minutes(1), Duration::minutes(10)];
/// Relearning step for a forgotten card.
pub const RELEARNING_STEPS: [Duration; 1] = [Duration::minutes(10)];
/// The study day starts at this hour, local time, as in Anki.
pub const DAY_STARTS_AT_HOUR: i64 = 4;
const MAX_INTERVAL_DAYS: u32 = 36_500;

/// The study day a moment belongs to, in the learner's time zone.
pub fn study_day(at: DateTime<Utc>, zone: FixedOffset) -> NaiveDate {
    let local = at.naive_utc().checked_add_offset(zone).unwrap_or(at.naive_utc());
    // Dates at the very edge of the calendar (from a damaged file) stay where they are.
    local.checked_sub_signed(Duration::hours(DAY_STARTS_AT_HOUR)).unwrap_or(local).date()
}

/// When the study day after `now`'s starts.
pub fn next_day_start(now: DateTime<FixedOffset>) -> DateTime<Utc> {
    let today = study_day(now.to_utc(), *now.offset());
    let tomorrow = today.checked_add_signed(Duration::days(1)).unwrap_or(today);
    let local = tomorrow.and_hms_opt(DAY_STARTS_AT_HOUR as u32, 0, 0).unwrap_or_default();
    let offset = Duration::seconds(i64::from(now.offset().local_minus_utc()));
    local.checked_sub_signed(offset).unwrap_or(local).and_utc()
}

/// `at + wait`, held at the end of the calendar rather than overflowing.
pub fn later(at: DateTime<Utc>, wait: Duration) -> DateTime<Utc> {
    at.checked_add_signed(wait).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// What a grade would do to a card: shown on the grade buttons, then applied.
#[derive(Debug, Clone, PartialEq)]
pub struct GradePreview {
    pub grade: Grade,
    pub state: CardState,
}

impl GradePreview {
    /// How long until the card comes back.
    pub fn wait(&self) -> Duration {
        self.state.due - self.state.last_review
    }
}

/// The FSRS model, the learner's retention settings, and how this learner's memory
/// differs from the default (fitted from their answers, see `memory_model`).
pub struct Scheduler {
    fsrs: FSRS,
    settings: Settings,
    model: MemoryModel,
}

impl Scheduler {
    pub fn new(settings: Settings) -> Self {
        Scheduler { fsrs: FSRS::default(), settings, model: MemoryModel::default() }
    }

    /// Schedules with this learner's fitted memory model from now on.
    pub fn set_model(&mut self, model: MemoryModel) {
        self.model = model;
    }

    pub fn model(&self) -> &MemoryModel {
        &self.model
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn desired_retention(&self, core: bool) -> f32 {
        if core { self.settings.core_retention } else { self.settings.other_retention }
    }

    /// The four possible next states of a card, one per grade.
    pub fn preview(
        &self,
        id: &CardId,
        state: Option<&CardState>,
        core: bool,
        now: DateTime<FixedOffset>,
    ) -> [GradePreview; 4] {
        let retention = self.desired_retention(core);
        let elapsed = state.map_or(0, |state| days_between(state.last_review, now));
        let memory =
            state.map(|state| MemoryState { stability: state.memory.stability, difficulty: state.memory.difficulty });
        let mut next = self
            .fsrs
            .next_states(memory, retention, elapsed)
            .unwrap_or_else(|_| self.fsrs.next_states(None, retention, 0).expect("FSRS default parameters are valid"));
        let first_day = state.is_none_or(|state| crate::memory_model::on_first_day(state.first_review, now.to_utc()));
        self.fit_to_learner(&mut next, memory, elapsed == 0, first_day, retention);
        let reps = state.map_or(0, |state| state.reps);
        let intervals = review_intervals(&next, id, reps).map(|days| self.before_exam(days, id, reps, now));
        Grade::ALL.map(|grade| GradePreview { grade, state: self.next_state(state, grade, &next, intervals, now) })
    }

    /// The default model's next states, as this learner's memory behaves: a same-day
    /// repeat builds as much as their same-day factor says, and intervals last until
    /// *their* recall falls to the desired retention (for a card answered only on the
    /// day it was met, as a first look keeps).
    fn fit_to_learner(
        &self,
        next: &mut NextStates,
        before: Option<MemoryState>,
        same_day: bool,
        first_day: bool,
        retention: f32,
    ) {
        if self.model == MemoryModel::default() {
            return;
        }
        for (item, right) in
            [(&mut next.again, false), (&mut next.hard, true), (&mut next.good, true), (&mut next.easy, true)]
        {
            item.memory.stability = self.model.stability_after(
                before.map(|before| before.stability),
                item.memory.stability,
                same_day,
                right,
            );
            let working = self.model.first_day_stability(item.memory.stability, first_day);
            item.interval = self.model.curve_for(first_day).days_until(working, retention);
        }
    }

    /// Chance of recalling the card at `at` by this learner's model (0 for a new card).
    pub fn recall(&self, state: Option<&CardState>, at: DateTime<Utc>) -> f32 {
        self.model.recall_of(state, at)
    }

    /// An interval that would jump past the exam is cut so that the card comes back in
    /// the last days before it, spread over those days rather than all on the eve.
    fn before_exam(&self, days: u32, id: &CardId, reps: u32, now: DateTime<FixedOffset>) -> u32 {
        let Some(exam) = self.settings.exam_date else { return days };
        let today = study_day(now.to_utc(), *now.offset());
        let days_left = (exam - today).num_days();
        if days_left < 2 || i64::from(days) < days_left {
            return days;
        }
        let window = (days_left / 7).max(1);
        let spread = i64::try_from(fuzz_seed(id, reps, 9) % window as u64).unwrap_or(0);
        u32::try_from((days_left - 1 - spread).max(1)).unwrap_or(days)
    }

    /// The state after answering with `grade`.
    pub fn apply(
        &self,
        id: &CardId,
        state: Option<&CardState>,
        core: bool,
        grade: Grade,
        now: DateTime<FixedOffset>,
    ) -> CardState {
        let [again, hard, good, easy] = self.preview(id, state, core, now);
        match grade {
            Grade::Again => again.state,
            Grade::Hard => hard.state,
            Grade::Good => good.state,
            Grade::Easy => easy.state,
        }
    }

    fn next_state(
        &self,
        state: Option<&CardState>,
        grade: Grade,
        next: &NextStates,
        intervals: [u32; 3],
        now: DateTime<FixedOffset>,
    ) -> CardState {
        let memory = match grade {
            Grade::Again => next.again.memory,
            Grade::Hard => next.hard.memory,
            Grade::Good => next.good.memory,
            Grade::Easy => next.easy.memory,
        };
        let [hard_days, good_days, easy_days] = intervals;
        let previous_phase = state.map_or(Phase::Learning(0), |state| state.phase);
        let step = match (previous_phase, grade) {
            (Phase::Review, Grade::Again) => Step::Minutes(Phase::Relearning(0), RELEARNING_STEPS[0]),
            (Phase::Review, Grade::Hard) => Step::Days(hard_days),
            (Phase::Review, Grade::Good) => Step::Days(good_days),
            (_, Grade::Easy) => Step::Days(easy_days),
            (Phase::Learning(step), grade) => in_steps(&LEARNING_STEPS, step, grade, Phase::Learning, good_days),
            (Phase::Relearning(step), grade) => in_steps(&RELEARNING_STEPS, step, grade, Phase::Relearning, good_days),
        };
        let now_utc = now.to_utc();
        let (phase, due, interval_days) = match step {
            Step::Minutes(phase, wait) => (phase, later(now_utc, wait), 0),
            Step::Days(days) => (Phase::Review, later(now_utc, Duration::days(i64::from(days))), days),
        };
        let lapsed = previous_phase == Phase::Review && grade == Grade::Again;
        let lapses = state.map_or(0, |state| state.lapses) + u32::from(lapsed);
        let misses = state.map_or(0, |state| state.misses) + u32::from(grade == Grade::Again);
        CardState {
            phase,
            memory: Memory { stability: memory.stability, difficulty: memory.difficulty },
            due,
            first_review: state.map_or(now_utc, |state| state.first_review),
            last_review: now_utc,
            interval_days,
            reps: state.map_or(0, |state| state.reps) + 1,
            lapses,
            misses,
        }
    }

    /// Probability of recalling the card at `at` (1.0 for a card never reviewed is wrong,
    /// so new cards give 0.0).
    pub fn retrievability(state: Option<&CardState>, at: DateTime<Utc>) -> f32 {
        let Some(state) = state else { return 0.0 };
        let days = ((at - state.last_review).num_seconds().max(0) as f32) / 86_400.0;
        let memory = MemoryState { stability: state.memory.stability.max(0.001), difficulty: state.memory.difficulty };
        fsrs::current_retrievability(memory, days, FSRS6_DEFAULT_DECAY)
    }
}

enum Step {
    Minutes(Phase, Duration),
    Days(u32),
}

/// Anki's rules inside learning steps: Again restarts, Hard repeats (the first step
/// waits halfway to the second), Good moves on or graduates.
fn in_steps(steps: &[Duration], step: u8, grade: Grade, phase: fn(u8) -> Phase, graduate_days: u32) -> Step {
    let index = usize::from(step).min(steps.len() - 1);
    match grade {
        Grade::Again => Step::Minutes(phase(0), steps[0]),
        Grade::Hard => {
            let wait = match (index, steps.get(1)) {
                (0, Some(second)) => (steps[0] + *second) / 2,
                _ => steps[index] * 3 / 2,
            };
            Step::Minutes(phase(index as u8), wait)
        }
        Grade::Good if index + 1 < steps.len() => Step::Minutes(phase(index as u8 + 1), steps[index + 1]),
        Grade::Good | Grade::Easy => Step::Days(graduate_days),
    }
}

/// Whole days between two moments by study day, never negative (a clock set back
/// is treated as no time passing).
fn days_between(earlier: DateTime<Utc>, now: DateTime<FixedOffset>) -> u32 {
    let zone = *now.offset();
    let days = (study_day(now.to_utc(), zone) - study_day(earlier, zone)).num_days();
    u32::try_from(days.max(0)).unwrap_or(u32::MAX)
}

/// Hard, Good and Easy intervals in days: fuzzed, at least a day, and strictly
/// increasing so that the buttons never offer the same thing twice.
fn review_intervals(next: &NextStates, id: &CardId, reps: u32) -> [u32; 3] {
    let fuzzed = |days: f32, salt: u32| fuzz(days, fuzz_seed(id, reps, salt));
    let hard = fuzzed(next.hard.interval, 1).max(1);
    let good = fuzzed(next.good.interval, 2).max(hard + 1);
    let easy = fuzzed(next.easy.interval, 3).max(good + 1);
    [hard.min(MAX_INTERVAL_DAYS), good.min(MAX_INTERVAL_DAYS), easy.min(MAX_INTERVAL_DAYS)]
}

/// Anki's fuzz ranges (±15 % up to a week, ±10 % up to 20 days, ±5 % beyond), drawn
/// from a seed fixed by the card and its review count, so that the interval shown on
/// a button is exactly the one the grade gives.
fn fuzz(days: f32, seed: u64) -> u32 {
    let days = days.clamp(0.0, MAX_INTERVAL_DAYS as f32);
    if days < 2.5 {
        return days.round() as u32;
    }
    let spread = [(7.0, 0.15), (20.0, 0.10), (f32::MAX, 0.05)]
        .iter()
        .find(|(limit, _)| days <= *limit)
        .map_or(0.05, |(_, share)| *share);
    let delta = (days * spread).max(1.0);
    let unit = (seed % 10_001) as f32 / 10_000.0;
    (days - delta + 2.0 * delta * unit).round().max(2.0) as u32
}

fn fuzz_seed(id: &CardId, reps: u32, salt: u32) -> u64 {
    // FNV-1a: small, stable across builds and platforms, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.as_str().bytes().chain(reps.to_le_bytes()).chain(salt.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// "1m", "10m", "1d", "3d", "1.5mo", "2y": the short form Anki puts on its buttons.
pub fn short_duration(wait: Duration) -> String {
    let minutes = ((wait.num_seconds() + 30) / 60).max(1);
    let days = wait.num_seconds() as f64 / 86_400.0;
    if minutes < 60 {
        format!("{minutes}m")
    } else if days < 1.0 {
        format!("{}h", wait.num_hours())
    } else if days < 30.0 {
        format!("{}d", days.round() as i64)
    } else if days < 365.0 {
        trim_decimal(days / 30.0, "mo")
    } else {
        trim_decimal(days / 365.0, "y")
    }
}

/// "now", "in 10m", "in 3d": how long until `due`.
pub fn short_wait(now: DateTime<Utc>, due: DateTime<Utc>) -> String {
    if due <= now { "now".to_string() } else { format!("in {}", short_duration(due - now)) }
}

fn trim_decimal(value: f64, unit: &str) -> String {
    let text = format!("{value:.1}");
    format!("{}{unit}", text.strip_suffix(".0").unwrap_or(&text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::at;

    fn id() -> CardId {
        CardId::new(&"22".parse().unwrap(), crate::deck::Direction::PortToService)
    }

    fn waits(outcomes: &[GradePreview; 4]) -> Vec<String> {
        outcomes.iter().map(|outcome| short_duration(outcome.wait())).collect()
    }

    #[test]
    fn new_card_offers_anki_like_steps() {
        let scheduler = Scheduler::new(Settings::default());
        let preview = scheduler.preview(&id(), None, false, at("2026-11-27T10:00:00+00:00"));
        let shown = waits(&preview);
        assert_eq!(&shown[..3], ["1m", "6m", "10m"]);
        assert!(shown[3].ends_with('d'), "{shown:?}");
        assert_eq!(preview[3].state.phase, Phase::Review);
    }

    #[test]
    fn a_learner_who_gains_from_every_success_grows_a_card_even_minutes_after_its_last() {
        let now = at("2026-11-27T10:00:00+00:00");
        let mut scheduler = Scheduler::new(Settings::default());
        let seen = scheduler.apply(&id(), None, false, Grade::Good, now);
        let soon = now + Duration::minutes(2);
        let by_fsrs = scheduler.apply(&id(), Some(&seen), false, Grade::Good, soon).memory.stability;
        scheduler.set_model(MemoryModel { growth: 2.5, evidence: 60, ..MemoryModel::default() });
        let grown = scheduler.apply(&id(), Some(&seen), false, Grade::Good, soon).memory.stability;
        assert!(
            by_fsrs < 1.5 * seen.memory.stability,
            "FSRS adds little so soon: {by_fsrs} from {}",
            seen.memory.stability
        );
        assert!(grown >= 2.5 * seen.memory.stability * 0.999, "{grown} from {}", seen.memory.stability);
    }

    #[test]
    fn missed_card_returns_after_a_learning_step_not_days() {
        let scheduler = Scheduler::new(Settings::default());
        let now = at("2026-11-27T10:00:00+00:00");
        let learned = scheduler.apply(&id(), None, false, Grade::Good, now);
        let learned = scheduler.apply(&id(), Some(&learned), false, Grade::Good, now + Duration::minutes(10));
        assert_eq!(learned.phase, Phase::Review);
        let review_day = now + Duration::days(i64::from(learned.interval_days));
        let missed = scheduler.apply(&id(), Some(&learned), false, Grade::Again, review_day);
        assert_eq!(missed.phase, Phase::Relearning(0));
        assert_eq!(missed.due - missed.last_review, Duration::minutes(10));
        assert_eq!(missed.lapses, 1);
    }

    #[test]
    fn good_twice_graduates_to_days() {
        let scheduler = Scheduler::new(Settings::default());
        let now = at("2026-11-27T10:00:00+00:00");
        let first = scheduler.apply(&id(), None, true, Grade::Good, now);
        assert_eq!(first.phase, Phase::Learning(1));
        let second = scheduler.apply(&id(), Some(&first), true, Grade::Good, now + Duration::minutes(10));
        assert_eq!(second.phase, Phase::Review);
        assert!(second.interval_days >= 1);
    }

    #[test]
    fn core_cards_get_shorter_intervals_for_higher_retention() {
        let scheduler = Scheduler::new(Settings::default());
        let now = at("2026-11-27T10:00:00+00:00");
        let mut states = [None, None];
        let mut day = now;
        for _ in 0..4 {
            for (core, state) in [true, false].into_iter().zip(states.iter_mut()) {
                *state = Some(scheduler.apply(&id(), state.as_ref(), core, Grade::Good, day));
            }
            day += Duration::days(i64::from(states[0].as_ref().unwrap().interval_days.max(1)));
        }
        let [core, other] = states.map(|state| state.unwrap().interval_days);
        assert!(core < other, "core {core} days, other {other} days");
    }

    #[test]
    fn preview_is_exactly_what_apply_gives() {
        let scheduler = Scheduler::new(Settings::default());
        let now = at("2026-11-27T10:00:00+00:00");
        let state = scheduler.apply(&id(), None, false, Grade::Easy, now);
        let later = now + Duration::days(i64::from(state.interval_days));
        let preview = scheduler.preview(&id(), Some(&state), false, later);
        for outcome in &preview {
            assert_eq!(scheduler.apply(&id(), Some(&state), false, outcome.grade, later), outcome.state);
        }
        let days: Vec<u32> = preview[1..].iter().map(|outcome| outcome.state.interval_days).collect();
        assert!(days[0] < days[1] && days[1] < days[2], "{days:?}");
    }

    #[test]
    fn study_day_rolls_over_at_four_in_the_morning_local_time() {
        let zone = FixedOffset::east_opt(2 * 3600).unwrap();
        let late = at("2026-11-28T01:30:00+02:00").to_utc();
        let early = at("2026-11-28T04:30:00+02:00").to_utc();
        assert_eq!(study_day(late, zone).to_string(), "2026-11-27");
        assert_eq!(study_day(early, zone).to_string(), "2026-11-28");
        assert_eq!(next_day_start(at("2026-11-27T23:00:00+02:00")), at("2026-11-28T04:00:00+02:00").to_utc());
    }

    #[test]
    fn a_clock_set_back_gives_no_negative_interval() {
        let scheduler = Scheduler::new(Settings::default());
        let now = at("2026-11-27T10:00:00+00:00");
        let state = scheduler.apply(&id(), None, false, Grade::Easy, now);
        let earlier = now - Duration::days(3);
        for outcome in scheduler.preview(&id(), Some(&state), false, earlier) {
            assert!(outcome.wait() > Duration::zero());
        }
        assert_eq!(days_between(now.to_utc(), earlier), 0);
    }

    #[test]
    fn dates_at_the_edge_of_the_calendar_do_not_panic() {
        let zone = FixedOffset::east_opt(-12 * 3600).unwrap();
        let _ = study_day(DateTime::<Utc>::MIN_UTC, zone);
        let _ = study_day(DateTime::<Utc>::MAX_UTC, FixedOffset::east_opt(14 * 3600).unwrap());
        assert_eq!(later(DateTime::<Utc>::MAX_UTC, Duration::days(3)), DateTime::<Utc>::MAX_UTC);
        let scheduler = Scheduler::new(Settings::default());
        let edge = DateTime::<Utc>::MAX_UTC.fixed_offset();
        let _ = scheduler.preview(&id(), None, true, edge);
    }

    #[test]
    fn no_interval_jumps_past_the_exam() {
        let settings = Settings { exam_date: Some("2026-12-10".parse().unwrap()), ..Settings::default() };
        let scheduler = Scheduler::new(settings);
        let mut now = at("2026-11-27T10:00:00+00:00");
        let mut state = scheduler.apply(&id(), None, false, Grade::Easy, now);
        while now < at("2026-12-09T00:00:00+00:00") {
            let due_day = study_day(state.due, *now.offset());
            assert!(due_day < "2026-12-10".parse().unwrap(), "due {due_day} is on or after the exam");
            now = state.due.fixed_offset();
            state = scheduler.apply(&id(), Some(&state), false, Grade::Easy, now);
        }
        let unplanned =
            Scheduler::new(Settings::default()).apply(&id(), None, false, Grade::Easy, at("2026-12-05T10:00:00+00:00"));
        let planned = scheduler.apply(&id(), None, false, Grade::Easy, at("2026-12-05T10:00:00+00:00"));
        assert!(planned.interval_days < unplanned.interval_days || unplanned.interval_days < 5);
    }

    #[test]
    fn misses_count_every_again() {
        let scheduler = Scheduler::new(Settings::default());
        let now = at("2026-11-27T10:00:00+00:00");
        let mut state = scheduler.apply(&id(), None, false, Grade::Again, now);
        state = scheduler.apply(&id(), Some(&state), false, Grade::Again, now);
        state = scheduler.apply(&id(), Some(&state), false, Grade::Good, now);
        assert_eq!(state.misses, 2);
    }

    #[test]
    fn retrievability_falls_with_time() {
        let scheduler = Scheduler::new(Settings::default());
        let now = at("2026-11-27T10:00:00+00:00");
        let state = scheduler.apply(&id(), None, false, Grade::Good, now);
        let soon = Scheduler::retrievability(Some(&state), now.to_utc() + Duration::hours(1));
        let later = Scheduler::retrievability(Some(&state), now.to_utc() + Duration::days(30));
        assert!(soon > later && later > 0.0, "{soon} {later}");
        assert_eq!(Scheduler::retrievability(None, now.to_utc()), 0.0);
    }

    #[test]
    fn durations_read_like_anki_buttons() {
        let cases = [
            (Duration::seconds(20), "1m"),
            (Duration::minutes(10), "10m"),
            (Duration::hours(5), "5h"),
            (Duration::days(3), "3d"),
            (Duration::days(45), "1.5mo"),
            (Duration::days(730), "2y"),
        ];
        for (wait, text) in cases {
            assert_eq!(short_duration(wait), text);
        }
    }
}

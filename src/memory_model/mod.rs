//! How this learner's memory differs from the average one, fitted from their own
//! answers: how much faster (or slower) their cards fade, and how much a second
//! look on the same day helps them. Both sit on top of FSRS-6's default parameters.
//!
//! The fit is Bayesian on a small grid: a prior centred on "as the model expects"
//! and the likelihood of every answer given on a later day than the card's previous
//! one. With little evidence ([`THIN_EVIDENCE`]) the defaults stay; from there the
//! forgetting factor moves, and with it the curve's shape, the same-day factor, the
//! growth on every right answer, and how fast and on what curve a card met on one day
//! only fades. The posterior's spread is kept, so that plans and predictions carry
//! their uncertainty. This file holds the model and its curves; [`fit`](fit()) reads
//! the log.

mod fit;

pub(crate) use fit::DECAY_GRID;

use chrono::{DateTime, Utc};
use fsrs::FSRS6_DEFAULT_DECAY;
use serde::{Deserialize, Serialize};

use crate::review_log::CardState;

pub use fit::{fit, fit_recent, recent};

/// Later-day answers below which the defaults stay untouched.
pub const THIN_EVIDENCE: u32 = 12;
/// Later-day answers from which a fitted long tail is trusted: a card met now is
/// then counted weeks later (see [`MemoryModel::has_long_tail`]).
pub const LONG_TAIL_EVIDENCE: u32 = 40;

// When the model is fitted again (the policy, written out once: `Session::refit_due`).
/// Reviews between two automatic refits: 100, as Anki's optimiser suggests.
pub const REFIT_EVERY: usize = 100;
/// Reviews between refits while the defaults still hold: 20, so that a new learner's plan adapts in days, not weeks.
pub const REFIT_EVERY_UNFITTED: usize = 20;
/// Days after which [`REFIT_AFTER_FEW`] reviews refit: set on all five simulated families (docs/learning-benchmark.md).
pub const REFIT_AFTER_DAYS: i64 = 3;
/// Reviews that refit once [`REFIT_AFTER_DAYS`] have passed: set with it, so a light learner's plan keeps up.
pub const REFIT_AFTER_FEW: usize = 10;

/// The constant that makes a card with stability S recalled at 90 % after S days,
/// for a curve of this decay (FSRS-6's definition of stability).
fn factor(decay: f32) -> f32 {
    0.9f32.powf(-1.0 / decay) - 1.0
}

/// The fitted differences from the default model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MemoryModel {
    /// How many times faster than average this learner's cards fade (posterior
    /// geometric mean): 2.0 means a card kept a week by most is kept half a week.
    pub forgetting: f32,
    /// The posterior spread of ln(forgetting): the uncertainty.
    pub forgetting_spread: f32,
    /// What a right answer on the same day multiplies stability by, beyond what the
    /// default model gives it (1.0: as the default model says).
    pub same_day: f32,
    /// The forgetting curve's shape: FSRS-6's default power law (0.154), or steeper
    /// towards an exponential (fitted once the evidence allows).
    #[serde(default = "default_decay")]
    pub decay: f32,
    /// The least a right answer multiplies a card's stability by, however soon after
    /// the last one it came (1.0: FSRS's rule alone, under which an answer given while
    /// the card is still fresh adds little). Some learners gain from every success.
    #[serde(default = "unchanged")]
    pub growth: f32,
    /// The forgetting factor had the fit allowed for slips (a known card missed now
    /// and then): a learner who slips looks like a fast forgetter otherwise. None in
    /// files from before it was fitted.
    #[serde(default)]
    pub forgetting_past_slips: Option<f32>,
    /// How many times faster than the fitted pace a card fades while every answer it
    /// has had came on the day it was met (1.0: as fast; files from before it was
    /// fitted). A first look can fade much faster than what later looks build.
    #[serde(default = "unchanged")]
    pub first_look: f32,
    /// The curve's shape for such a card, when the fit tells it apart from later
    /// looks' (None: the same as [`decay`](Self::decay)). A first look may drop away
    /// where what later looks build levels off.
    #[serde(default)]
    pub first_look_decay: Option<f32>,
    /// Later-day answers the fit rests on.
    pub evidence: u32,
    /// The review log's length at the last fit (refits follow every [`REFIT_EVERY`]).
    pub fitted_at_reviews: usize,
}

fn default_decay() -> f32 {
    FSRS6_DEFAULT_DECAY
}

/// A factor that changes nothing, for files from before it was fitted.
fn unchanged() -> f32 {
    1.0
}

impl Default for MemoryModel {
    fn default() -> Self {
        MemoryModel {
            forgetting: 1.0,
            forgetting_spread: PRIOR_SPREAD,
            same_day: 1.0,
            decay: FSRS6_DEFAULT_DECAY,
            growth: 1.0,
            forgetting_past_slips: None,
            first_look: 1.0,
            first_look_decay: None,
            evidence: 0,
            fitted_at_reviews: 0,
        }
    }
}

/// The prior's spread of ln(forgetting): a factor of 4 either way is plausible.
const PRIOR_SPREAD: f32 = 2.0;

impl MemoryModel {
    /// Whether anything was fitted (else the defaults hold).
    pub fn is_fitted(&self) -> bool {
        self.evidence >= THIN_EVIDENCE
    }

    /// Chance of recall after `days` for a card of stability `stability`, with a
    /// forgetting factor and a curve's decay.
    pub fn recall_at(stability: f32, days: f32, forgetting: f32, decay: f32) -> f32 {
        let stability = stability.max(0.001);
        (1.0 + factor(decay) * days.max(0.0) * forgetting / stability).powf(-decay)
    }

    /// Chance of recall, averaged over the posterior (its mean and one spread either
    /// way, weighted as a normal's three-point rule).
    pub fn recall(&self, stability: f32, days: f32) -> f32 {
        let centre = self.recall_by_curve(stability, days, self.forgetting);
        if self.forgetting_spread < 0.01 || !self.is_fitted() {
            return centre;
        }
        let shift = (self.forgetting_spread * 3f32.sqrt()).exp();
        let faster = self.recall_by_curve(stability, days, self.forgetting * shift);
        let slower = self.recall_by_curve(stability, days, self.forgetting / shift);
        (4.0 * centre + faster + slower) / 6.0
    }

    /// Chance of recall by this model's curve (FSRS's power law of the fitted decay)
    /// with this forgetting factor.
    fn recall_by_curve(&self, stability: f32, days: f32, forgetting: f32) -> f32 {
        Self::recall_at(stability, days, forgetting, self.decay)
    }

    /// Chance of recalling a card at `at` (0 for a card never studied).
    pub fn recall_of(&self, state: Option<&CardState>, at: DateTime<Utc>) -> f32 {
        state.map_or(0.0, |state| {
            let days = (at - state.last_review).num_seconds().max(0) as f32 / 86_400.0;
            let first_day = on_first_day(state.first_review, state.last_review);
            self.curve_for(first_day).recall(self.first_day_stability(state.memory.stability, first_day), days)
        })
    }

    /// This model with the curve a card follows: while every answer it has had came
    /// on the day it was met, a first look's own shape, when fitted apart.
    pub fn curve_for(&self, first_day: bool) -> MemoryModel {
        match self.first_look_decay {
            Some(decay) if first_day => MemoryModel { decay, ..*self },
            _ => *self,
        }
    }

    /// `stability` shortened by the first-look factor when `first_day` (every answer on
    /// the day the card was met).
    pub fn first_day_stability(&self, stability: f32, first_day: bool) -> f32 {
        if first_day { stability / self.first_look } else { stability }
    }

    /// This model with the forgetting factor at the edge of its 95 % range: `faster`
    /// for the low end of predicted recall, else the high end. One factor moves every
    /// card together, so a whole prediction's range comes from these two models.
    pub fn at_edge(&self, faster: bool) -> MemoryModel {
        let shift = (1.96 * self.forgetting_spread).exp();
        let forgetting = if faster { self.forgetting * shift } else { self.forgetting / shift };
        MemoryModel { forgetting, forgetting_spread: 0.0, ..*self }
    }

    /// The forgetting factor's 95 % range: the paces at [`MemoryModel::at_edge`].
    pub fn forgetting_range(&self) -> (f32, f32) {
        (self.at_edge(false).forgetting, self.at_edge(true).forgetting)
    }

    /// Days until recall falls to `retention`, for a card of this stability.
    pub fn days_until(&self, stability: f32, retention: f32) -> f32 {
        let retention = retention.clamp(0.01, 0.999);
        stability * (retention.powf(-1.0 / self.decay) - 1.0) / factor(self.decay) / self.forgetting
    }

    /// A same-day right answer's stability, from the default model's.
    pub fn same_day_stability(&self, default_after: f32) -> f32 {
        (default_after * self.same_day).clamp(0.001, 36_500.0)
    }

    /// A right answer's stability: at least the learner's growth on what it was.
    pub fn grown_stability(&self, before: f32, after: f32) -> f32 {
        after.max(before * self.growth).clamp(0.001, 36_500.0)
    }

    /// A card's stability after an answer, from what it was (None: the card's first
    /// answer) and what the default model makes of it: the same-day factor and the
    /// growth on top of FSRS's.
    pub fn stability_after(&self, before: Option<f32>, default_after: f32, same_day: bool, right: bool) -> f32 {
        let Some(before) = before else { return default_after };
        if !right {
            return default_after;
        }
        let after = if same_day { self.same_day_stability(default_after) } else { default_after };
        self.grown_stability(before, after)
    }

    /// Whether the fit has seen enough to tell the curve's shape and found FSRS's long
    /// tail (after the first fall, memory fades slowly), not a steeper one.
    pub fn has_long_tail(&self) -> bool {
        self.evidence >= LONG_TAIL_EVIDENCE && self.decay <= FSRS6_DEFAULT_DECAY
    }

    /// Whether a second look on the same day builds memory for this learner, beyond
    /// what the default model gives it.
    pub fn repeats_pay(&self) -> bool {
        self.same_day > 1.2 || self.growth > 1.2
    }

    /// "Your cards fade about 1.4x faster than average (from 120 answers on later days)".
    pub fn describe(&self) -> String {
        if !self.is_fitted() {
            return format!(
                "Memory model: the defaults ({} answers on a later day so far; fitted from {THIN_EVIDENCE})",
                self.evidence
            );
        }
        let pace = if (self.forgetting - 1.0).abs() < 0.1 {
            "your cards fade about as fast as average".to_string()
        } else if self.forgetting > 1.0 {
            format!("your cards fade about {:.1}x faster than average", self.forgetting)
        } else {
            format!("your cards last about {:.1}x longer than average", 1.0 / self.forgetting)
        };
        // Below the fit's shape threshold both stay at exactly 1.0: no words.
        let same_day = if self.growth > 1.3 {
            "; every right answer builds your memory, even soon after the last".to_string()
        } else if self.same_day > 1.3 {
            "; a second look on the same day helps you more than most".to_string()
        } else if self.same_day < 0.85 {
            "; a second look on the same day adds little for you: spacing works better".to_string()
        } else {
            String::new()
        };
        let drops_away = self.first_look_decay.is_some_and(|decay| decay > self.decay);
        let first_look = match (self.first_look >= 1.5, drops_away) {
            (true, false) => {
                format!(
                    "; a card met on one day only fades about {:.1}x faster again, until a later day",
                    self.first_look
                )
            }
            (true, true) => format!(
                "; a card met on one day only fades about {:.1}x faster again and does not level off, until a later day",
                self.first_look
            ),
            (false, true) => "; a card met on one day only fades without levelling off, until a later day".to_string(),
            (false, false) => String::new(),
        };
        format!("Memory model: fitted to your {} reviews: {pace}{same_day}{first_look}", self.fitted_at_reviews)
    }
}

/// Whether an answer at `at` still counts as the day a card was met at `met`: the
/// fit's own rule (half a day or more apart is a later day), from the first answer.
pub fn on_first_day(met: DateTime<Utc>, at: DateTime<Utc>) -> bool {
    at - met < chrono::Duration::hours(12)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review_log::{Grade, Memory, Phase, Review};
    use chrono::Duration;
    use fsrs::FSRS;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    /// A simulated learner whose cards fade `speed` times faster than the default
    /// model says, studying `cards` cards, each again after 1, 2, 4, 8... days.
    fn simulated_log(speed: f32, cards: usize, days: i64, seed: u64) -> Vec<Review> {
        first_look_log(speed, 1.0, cards, days, seed)
    }

    /// The same learner, whose card answered only on the day it was met fades
    /// `first_look` times faster still.
    fn first_look_log(speed: f32, first_look: f32, cards: usize, days: i64, seed: u64) -> Vec<Review> {
        let mut rng = StdRng::seed_from_u64(seed);
        let fsrs = FSRS::default();
        let start: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        let mut histories: Vec<Vec<(DateTime<Utc>, Grade)>> = vec![Vec::new(); cards];
        let mut log = Vec::new();
        for day in 0..days {
            for (card, history) in histories.iter_mut().enumerate() {
                // Cards start on different days; each interval doubles.
                let since_start = day - (card as i64 % 5);
                if since_start < 0 || !(since_start == 0 || (since_start + 1).count_ones() == 1) {
                    continue;
                }
                let at = start + Duration::days(day) + Duration::minutes(card as i64);
                let grade = match history.last() {
                    None => Grade::Good,
                    Some(&(last, _)) => {
                        let met_only = if history.len() == 1 { first_look } else { 1.0 };
                        let stability = default_stability(&fsrs, history) / met_only;
                        let days = (at - last).num_seconds() as f32 / 86_400.0;
                        let recall = MemoryModel::recall_at(stability, days, speed, FSRS6_DEFAULT_DECAY);
                        if rng.random::<f32>() < recall { Grade::Good } else { Grade::Again }
                    }
                };
                history.push((at, grade));
                log.push(review_of(card, at, grade));
            }
        }
        log.sort_by_key(|review| review.at);
        log
    }

    /// An average learner whose card answered only on the day it was met fades on a
    /// curve of `first_decay` instead, `first_look` times faster: each card comes back
    /// first after one to six days, then at doubling intervals.
    fn first_curve_log(first_decay: f32, first_look: f32, cards: usize, days: i64, seed: u64) -> Vec<Review> {
        let mut rng = StdRng::seed_from_u64(seed);
        let fsrs = FSRS::default();
        let start: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        let mut log = Vec::new();
        for card in 0..cards {
            let met = card as i64 % 5;
            let mut on_days = vec![met, met + 1 + card as i64 % 6];
            while let [.., before, last] = on_days[..]
                && last < days
            {
                on_days.push(last + 2 * (last - before));
            }
            let mut history: Vec<(DateTime<Utc>, Grade)> = Vec::new();
            for day in on_days.into_iter().take_while(|&day| day < days) {
                let at = start + Duration::days(day) + Duration::minutes(card as i64);
                let grade = match history.last() {
                    None => Grade::Good,
                    Some(&(last, _)) => {
                        let days = (at - last).num_seconds() as f32 / 86_400.0;
                        let stability = default_stability(&fsrs, &history);
                        let recall = if history.len() == 1 {
                            MemoryModel::recall_at(stability, days, first_look, first_decay)
                        } else {
                            MemoryModel::recall_at(stability, days, 1.0, FSRS6_DEFAULT_DECAY)
                        };
                        if rng.random::<f32>() < recall { Grade::Good } else { Grade::Again }
                    }
                };
                history.push((at, grade));
                log.push(review_of(card, at, grade));
            }
        }
        log.sort_by_key(|review| review.at);
        log
    }

    /// A review card met at `met` and last answered at `last`, of this stability.
    fn card_met(met: DateTime<Utc>, last: DateTime<Utc>, stability: f32) -> CardState {
        let days = stability.round() as u32;
        CardState {
            phase: Phase::Review,
            memory: Memory { stability, difficulty: 5.0 },
            due: last + Duration::days(i64::from(days)),
            first_review: met,
            last_review: last,
            interval_days: days,
            reps: 3,
            lapses: 0,
            misses: 0,
        }
    }

    /// The stability after a card's history, by the default model.
    fn default_stability(fsrs: &FSRS, history: &[(DateTime<Utc>, Grade)]) -> f32 {
        let mut memory = None;
        let mut last: Option<DateTime<Utc>> = None;
        for &(at, grade) in history {
            let days = last.map_or(0, |last| (at - last).num_days().max(0) as u32);
            let next = fsrs.next_states(memory, 0.9, days).unwrap();
            memory = Some(if grade == Grade::Again { next.again.memory } else { next.good.memory });
            last = Some(at);
        }
        memory.map_or(0.0, |memory| memory.stability)
    }

    /// A learner for whom every right answer multiplies a card's memory by `growth`,
    /// whatever the spacing, and a miss halves it: a stability of 0.2 days on FSRS's
    /// curve of decay 1.0, multiplied from the first answer on. Cards seen every day or
    /// two, twice on some days.
    fn growth_log(growth: f32, cards: usize, days: i64, seed: u64) -> Vec<Review> {
        let recall = |stability: f32, days: f32| MemoryModel::recall_at(stability, days, 1.0, 1.0);
        multiplying_log(Multiplying { first: 0.2, growth, grows_from_first: true, every: 3 }, recall, cards, days, seed)
    }

    /// A memory that every right answer multiplies and a miss halves.
    struct Multiplying {
        first: f32,
        growth: f32,
        /// Whether the card's first answer (its first sight) multiplies it too.
        grows_from_first: bool,
        /// A card comes back every 1 to `every` days (by card).
        every: i64,
    }

    fn multiplying_log(
        learner: Multiplying,
        recall: impl Fn(f32, f32) -> f32,
        cards: usize,
        days: i64,
        seed: u64,
    ) -> Vec<Review> {
        let mut rng = StdRng::seed_from_u64(seed);
        let start: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        let mut log = Vec::new();
        for card in 0..cards {
            let mut memory = learner.first;
            let mut last: Option<DateTime<Utc>> = None;
            for day in 0..days {
                if (day + card as i64) % (1 + card as i64 % learner.every) != 0 {
                    continue;
                }
                let looks = if (day + card as i64) % 2 == 0 { 2 } else { 1 };
                for look in 0..looks {
                    let at = start + Duration::days(day) + Duration::minutes(card as i64 + 15 * look);
                    let grade = match last {
                        None => Grade::Good,
                        Some(last) => {
                            let days = (at - last).num_seconds() as f32 / 86_400.0;
                            if rng.random::<f32>() < recall(memory, days) { Grade::Good } else { Grade::Again }
                        }
                    };
                    if last.is_some() || learner.grows_from_first {
                        memory *= if grade == Grade::Again { 0.5 } else { learner.growth };
                    }
                    last = Some(at);
                    log.push(review_of(card, at, grade));
                }
            }
        }
        log.sort_by_key(|review| review.at);
        log
    }

    #[test]
    fn the_forgetting_range_is_the_95_percent_interval_around_the_fitted_pace() {
        let model = MemoryModel { forgetting: 2.0, forgetting_spread: 0.5, evidence: 50, ..MemoryModel::default() };
        let (low, high) = model.forgetting_range();
        let shift = (1.96f32 * 0.5).exp();
        assert!((low - 2.0 / shift).abs() < 1e-5 && (high - 2.0 * shift).abs() < 1e-5, "{low} {high}");
        assert!((low * high - 4.0).abs() < 1e-4, "symmetric in ln: the fitted pace is the geometric mean");
    }

    #[test]
    fn a_right_answer_keeps_fsrs_stability_with_the_learners_factors_on_top() {
        let growing = MemoryModel { same_day: 2.0, growth: 1.5, evidence: 50, ..MemoryModel::default() };
        assert_eq!(growing.stability_after(Some(2.0), 1.0, true, true), 3.0, "grown at least 1.5x");
        assert_eq!(growing.stability_after(Some(2.0), 1.0, true, false), 1.0, "a miss is FSRS's");
        assert_eq!(growing.stability_after(Some(2.0), 10.0, false, true), 10.0);
        assert_eq!(growing.stability_after(Some(2.0), 0.4, false, false), 0.4);
        assert_eq!(growing.stability_after(None, 8.0, false, true), 8.0, "a first sight is FSRS's");
        assert_eq!(growing.same_day_stability(1.1), 2.2);
        // Intervals and recall agree.
        let days = growing.days_until(5.0, 0.8);
        assert!((MemoryModel { forgetting_spread: 0.0, ..growing }.recall(5.0, days) - 0.8).abs() < 1e-3);
    }

    fn review_of(card: usize, at: DateTime<Utc>, grade: Grade) -> Review {
        crate::testing::review(&format!("{card}:port-to-service"), at, grade)
    }

    #[test]
    fn a_learner_who_gains_from_every_success_is_fitted_a_growth() {
        let grower = fit(&growth_log(2.0, 30, 20, 5));
        assert!(grower.growth > 1.5, "{grower:?}");
        assert!(grower.repeats_pay(), "{grower:?}");
        assert!(grower.describe().contains("every right answer builds"), "{}", grower.describe());
        // A learner as the default model expects is not.
        let average = fit(&simulated_log(1.0, 40, 60, 3));
        assert!(average.growth < 1.2, "{average:?}");
    }

    #[test]
    fn a_learner_whose_first_looks_fade_fast_is_fitted_a_first_look_factor() {
        let quick = fit(&first_look_log(1.0, 8.0, 60, 30, 3));
        assert!(quick.first_look > 2.5, "{quick:?}");
        assert!(quick.describe().contains("met on one day only fades about"), "{}", quick.describe());
        // A card met today fades by it; one answered on a later day does not.
        let met: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        let card = |last: DateTime<Utc>| card_met(met, last, 3.0);
        let exam = met + Duration::days(10);
        let plain = MemoryModel { first_look: 1.0, ..quick };
        assert!(quick.recall_of(Some(&card(met)), exam) < plain.recall_of(Some(&card(met)), exam) - 0.05);
        let later = met + Duration::days(2);
        assert_eq!(quick.recall_of(Some(&card(later)), exam), plain.recall_of(Some(&card(later)), exam));
        // An average learner is not fitted one.
        let average = fit(&simulated_log(1.0, 60, 30, 3));
        assert!((0.6..1.6).contains(&average.first_look), "{average:?}");
    }

    #[test]
    fn a_learner_whose_first_looks_drop_away_is_fitted_their_own_curve() {
        let steep = fit(&first_curve_log(1.0, 4.0, 80, 40, 5));
        let steeper = steep.first_look_decay.expect("fitted apart");
        assert!(steeper > steep.decay, "{steep:?}");
        assert!(steep.describe().contains("does not level off"), "{}", steep.describe());
        // Later looks keep their long tail.
        assert_eq!(steep.decay, FSRS6_DEFAULT_DECAY, "{steep:?}");
        // A card met today and left is expected to be gone by an exam ten days on,
        // one answered on a later day is not.
        let met: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        let card = |last: DateTime<Utc>| card_met(met, last, 2.3);
        let exam = met + Duration::days(10);
        let one_curve = MemoryModel { first_look_decay: None, ..steep };
        assert!(steep.recall_of(Some(&card(met)), exam) < one_curve.recall_of(Some(&card(met)), exam) - 0.1);
        let later = met + Duration::days(2);
        assert_eq!(steep.recall_of(Some(&card(later)), exam), one_curve.recall_of(Some(&card(later)), exam));
        // A learner whose first looks keep FSRS's curve keeps one curve.
        let average = fit(&first_curve_log(FSRS6_DEFAULT_DECAY, 1.0, 80, 40, 5));
        assert_eq!(average.first_look_decay, Some(average.decay), "{average:?}");
        assert!(!average.describe().contains("level off"), "{}", average.describe());
    }

    #[test]
    fn thin_evidence_keeps_the_defaults() {
        let log = simulated_log(10.0, 3, 3, 1);
        let model = fit(&log);
        assert!(model.evidence < THIN_EVIDENCE, "{}", model.evidence);
        assert_eq!((model.forgetting, model.same_day), (1.0, 1.0));
        assert!(!model.is_fitted());
        assert!(model.describe().starts_with("Memory model: the defaults"));
    }

    #[test]
    fn the_fit_moves_towards_the_true_forgetting_rate_as_reviews_accumulate() {
        for speed in [4.0f32, 12.0] {
            // Averaged over five learners, so that one learner's luck does not decide.
            let mean_error = |days: i64| {
                let errors: Vec<f32> = (1..=5)
                    .map(|seed| fit(&simulated_log(speed, 40, days, seed)).forgetting.ln() - speed.ln())
                    .collect();
                (errors.iter().sum::<f32>() / 5.0).abs()
            };
            let (early, late) = (mean_error(3), mean_error(60));
            assert!(
                late < early,
                "speed {speed}: the error should shrink: {early:.2} after 3 days, {late:.2} after 60"
            );
            assert!(late < 0.35, "speed {speed}: after 60 days the fit is off by {late:.2} in ln");
        }
        // A learner who keeps everything is told so (cards last longer than average).
        let keeper = fit(&simulated_log(0.3, 40, 60, 7));
        assert!(keeper.forgetting < 1.0, "{keeper:?}");
    }

    #[test]
    fn more_evidence_narrows_the_uncertainty_and_the_words_follow_the_fit() {
        let early = fit(&simulated_log(10.0, 40, 8, 3));
        let late = fit(&simulated_log(10.0, 40, 60, 3));
        assert!(late.forgetting_spread < early.forgetting_spread, "{early:?} {late:?}");
        assert!(late.describe().contains("faster than average"), "{}", late.describe());
        let (low, high) = (late.at_edge(true).recall(5.0, 5.0), late.at_edge(false).recall(5.0, 5.0));
        let center = late.recall(5.0, 5.0);
        assert!(low < center && center < high, "{low} {center} {high}");
    }

    #[test]
    fn a_learner_who_slips_now_and_then_is_not_taken_for_a_fast_forgetter_past_slips() {
        // An average learner who misses one in ten of the answers they knew.
        let mut rng = StdRng::seed_from_u64(11);
        let mut slipped = simulated_log(1.0, 40, 60, 3);
        let mut first_seen = std::collections::HashSet::new();
        for review in &mut slipped {
            let later = !first_seen.insert(review.card.clone());
            if later && review.grade == Grade::Good && rng.random::<f32>() < 0.1 {
                review.grade = Grade::Again;
            }
        }
        let model = fit(&slipped);
        let past_slips = model.forgetting_past_slips.unwrap();
        assert!(
            model.forgetting > 1.3 * past_slips,
            "forgetting {} read plainly, {past_slips} allowing for slips",
            model.forgetting
        );
        assert!((0.5..2.0).contains(&past_slips), "allowing for slips: {past_slips}");
        // A learner who truly forgets fast is still one, slips allowed for.
        let fast = fit(&simulated_log(8.0, 40, 60, 3));
        assert!(fast.forgetting_past_slips.unwrap() > 4.0, "{fast:?}");
    }
}

//! How this learner's memory differs from the average one, fitted from their own
//! answers: how much faster (or slower) their cards fade, and how much a second
//! look on the same day helps them. Both sit on top of FSRS-6's default parameters.
//!
//! The fit is Bayesian on a small grid: a prior centred on "as the model expects"
//! and the likelihood of every answer given on a later day than the card's previous
//! one. With little evidence the prior wins and the defaults stay; with more, the
//! forgetting factor moves, and from a threshold the caller sets the curve's shape,
//! the same-day factor, the growth on every right answer and how fast (and, when
//! asked, on what curve) a card met on one day only fades too. The posterior's
//! spread is kept, so that plans and predictions carry their uncertainty. When
//! asked, the forgetting factor is read again allowing for cards that differ in
//! pace, so that it describes the typical card rather than leaning to the hardest.
//!
//! When asked, the log is also read by a second, simpler model of memory: a
//! half-life that every right answer multiplies, whenever it comes, and a miss
//! halves. Some learners' memory works that way, and the FSRS-based model cannot
//! say so: its growth on a right answer depends on how long the card was left. The
//! half-life model is taken only when it explains the log better by a clear margin
//! ([`HALF_LIFE_MARGIN`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use fsrs::{FSRS, FSRS6_DEFAULT_DECAY, MemoryState};
use serde::{Deserialize, Serialize};

use crate::deck::CardId;
use crate::progress::{Grade, Review};

/// Later-day answers below which the defaults stay untouched.
pub const THIN_EVIDENCE: u32 = 12;
/// Later-day answers from which a fitted long tail is trusted: a card met now is
/// then counted weeks later (see [`MemoryModel::has_long_tail`]).
pub const LONG_TAIL_EVIDENCE: u32 = 40;
/// Reviews between two automatic refits (as Anki's optimiser suggests).
pub const REFIT_EVERY: usize = 100;
/// Days after which a few reviews ([`REFIT_AFTER_FEW`]) are enough for a refit.
pub const REFIT_AFTER_DAYS: i64 = 3;
/// Reviews that refit once [`REFIT_AFTER_DAYS`] have passed since the last fit.
pub const REFIT_AFTER_FEW: usize = 10;
/// The most recent reviews a fit reads (older ones add little and cost time).
const WINDOW: usize = 4000;

/// Chance of recall after `days` on the exponential curve that is at 90 % after
/// `stability` days, for a learner `forgetting` times faster than average.
fn exponential_recall(stability: f32, days: f32, forgetting: f32) -> f32 {
    0.9f32.powf(days.max(0.0) * forgetting / stability.max(0.001))
}

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
    /// When the half-life model explains the log better (see the module's doc): what
    /// every right answer multiplies a card's stability by, on the same day or a later
    /// one, while a miss multiplies it by [`HALF_LIFE_MISS`] and the curve is
    /// exponential. None: the FSRS-based model and the factors above.
    #[serde(default)]
    pub half_life_growth: Option<f32>,
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
            half_life_growth: None,
            evidence: 0,
            fitted_at_reviews: 0,
        }
    }
}

/// The prior's spread of ln(forgetting): a factor of 4 either way is plausible.
const PRIOR_SPREAD: f32 = 2.0;
/// A card's stability after its first answer under the half-life model, whatever the
/// grade: the default model's for Good. The first answer is the card's first sight, not
/// a test of memory, and the forgetting factor moves it for this learner.
const HALF_LIFE_FIRST: f32 = fsrs::DEFAULT_PARAMETERS[2];
/// What a miss multiplies a card's stability by under the half-life model.
pub const HALF_LIFE_MISS: f32 = 0.5;
/// How much better (in log posterior, nats) the half-life model must explain the log
/// before it is taken: 3 is "strong" evidence on Kass and Raftery's scale of Bayes
/// factors (a likelihood ratio of 20), so a log either model explains keeps FSRS's.
pub const HALF_LIFE_MARGIN: f64 = 3.0;
/// The half-life model's growth on a right answer: 1.0 to about 4.8, in steps of 1.25x.
const HALF_LIFE_GROWTH_STEPS: std::ops::Range<i32> = 0..8;
const HALF_LIFE_GROWTH_STEP: f32 = 1.25;
/// How often a known card is missed anyway, when the fit allows for slips.
pub const SLIP: f32 = 0.05;
const SAME_DAY_GRID: [f32; 4] = [0.7, 1.0, 1.6, 2.6];
const DECAY_GRID: [f32; 3] = [FSRS6_DEFAULT_DECAY, 0.4, 1.0];
const GROWTH_GRID: [f32; 4] = [1.0, 1.4, 2.0, 2.8];
/// The forgetting factor's grid: ln(forgetting) in steps of ln(2)/2, from ln(1/4) to
/// ln(128).
const FORGETTING_STEP: f32 = std::f32::consts::LN_2 / 2.0;
const FORGETTING_STEPS: std::ops::RangeInclusive<i32> = -4..=14;
/// The first-look factor, 0.5x to 8x, in the forgetting grid's steps: a first look's
/// pace then lands on the grid too, and one table of likelihoods along it serves
/// every first-look factor.
const FIRST_LOOK_STEPS: [i32; 5] = [-2, 0, 2, 4, 6];

/// ln(forgetting) at a step of the forgetting grid.
fn log_forgetting_at(step: i32) -> f32 {
    step as f32 * FORGETTING_STEP
}
/// How far one card's pace may stray from the learner's, as the spread of its
/// logarithm, when the fit allows for cards that differ ([`FitOptions::cards_differ`]).
pub const CARD_SPREAD: f32 = 0.5;
/// The paces a card may have, relative to the learner's.
const CARD_PACE_GRID: [f32; 7] = [0.25, 0.5, 0.7, 1.0, 1.4, 2.0, 4.0];

/// What a fit may move, and from how much evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FitOptions {
    /// Whether the growth on every right answer may move (else it stays 1.0).
    pub growth: bool,
    /// Whether a right answer may be missed now and then ([`SLIP`]) however well known.
    pub slips: bool,
    /// Later-day answers from which the curve's shape, the same-day factor, the growth
    /// and the first-look factor move too (below it only the forgetting factor does).
    pub shape_from: u32,
    /// Whether a card met on one day only may fade at its own pace (else the
    /// first-look factor stays 1.0).
    pub first_look: bool,
    /// Whether such a card's curve may take its own shape too (with `first_look`).
    pub first_look_curve: bool,
    /// Whether the forgetting factor is read allowing for cards that differ in pace
    /// ([`CARD_SPREAD`]): else a few hard cards' misses pull the one factor every card
    /// is planned by towards the hardest.
    pub cards_differ: bool,
    /// Whether the log is also read by the half-life model (with the shape, from
    /// `shape_from`), which is taken when it explains the log better by
    /// [`HALF_LIFE_MARGIN`].
    pub half_life: bool,
}

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

    /// Chance of recall by this model's curve with this forgetting factor: FSRS's power
    /// law of the fitted decay, or the half-life model's exponential.
    fn recall_by_curve(&self, stability: f32, days: f32, forgetting: f32) -> f32 {
        if self.half_life_growth.is_some() {
            exponential_recall(stability, days, forgetting)
        } else {
            Self::recall_at(stability, days, forgetting, self.decay)
        }
    }

    /// Chance of recalling a card at `at` (0 for a card never studied).
    pub fn recall_of(&self, state: Option<&crate::progress::CardState>, at: DateTime<Utc>) -> f32 {
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

    /// Days until recall falls to `retention`, for a card of this stability.
    pub fn days_until(&self, stability: f32, retention: f32) -> f32 {
        let retention = retention.clamp(0.01, 0.999);
        if self.half_life_growth.is_some() {
            return stability * retention.ln() / 0.9f32.ln() / self.forgetting;
        }
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
    /// growth on top of FSRS's, or under the half-life model the growth or the miss.
    pub fn stability_after(&self, before: Option<f32>, default_after: f32, same_day: bool, right: bool) -> f32 {
        if let Some(growth) = self.half_life_growth {
            let Some(before) = before else { return HALF_LIFE_FIRST };
            return (before * if right { growth } else { HALF_LIFE_MISS }).clamp(0.001, 36_500.0);
        }
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
        self.evidence >= LONG_TAIL_EVIDENCE && self.decay <= FSRS6_DEFAULT_DECAY && self.half_life_growth.is_none()
    }

    /// Whether a second look on the same day builds memory for this learner, beyond
    /// what the default model gives it.
    pub fn repeats_pay(&self) -> bool {
        self.same_day > 1.2 || self.growth > 1.2 || self.half_life_growth.is_some_and(|growth| growth > 1.2)
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
        let same_day = if let Some(growth) = self.half_life_growth {
            format!(
                "; every right answer, even a second look on the same day, makes a card last about {growth:.1}x longer, and a miss halves it"
            )
        } else if self.growth > 1.3 {
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

/// One combination of the fitted values, with its log posterior.
struct GridPoint {
    log_forgetting: f32,
    same_day: f32,
    decay: f32,
    growth: f32,
    first_look: f32,
    first_look_decay: f32,
    log_posterior: f64,
    /// The same, had the fit allowed for slips.
    log_posterior_past_slips: f64,
}

/// One review of a card after its first, as the default model saw it: what it did to
/// the card's stability, whether it came on a later day than the one before (and then
/// how many days later), and whether it was right.
#[derive(Debug, Clone, Copy)]
struct Step {
    ratio: f32,
    later_day: bool,
    days: f32,
    right: bool,
}

/// A later-day answer as the fit reads it: the stability before it, the days since the
/// card's previous answer, and whether it was recalled.
type LaterAnswer = (f32, f32, bool);

/// One card's history by the default model: its first stability and its later steps.
struct CardPath {
    first: f32,
    steps: Vec<Step>,
}

impl CardPath {
    /// The stability before each later-day answer, with the days since and whether it
    /// was recalled, when same-day answers multiply by `same_day` and every right answer
    /// grows stability by at least `growth`: the card's first into `firsts` (where the
    /// first-look factor applies), the others into `rest`.
    fn later_days(&self, same_day: f32, growth: f32, firsts: &mut Vec<LaterAnswer>, rest: &mut Vec<LaterAnswer>) {
        let mut stability = self.first;
        let mut first_day = true;
        for step in &self.steps {
            if step.later_day {
                let into = if first_day { &mut *firsts } else { &mut *rest };
                into.push((stability, step.days, step.right));
                first_day = false;
            }
            let mut next = stability * step.ratio;
            if step.right {
                if !step.later_day {
                    next *= same_day;
                }
                next = next.max(stability * growth);
            }
            stability = next.clamp(0.001, 36_500.0);
        }
    }

    /// The stability before each later-day answer, with the days since and whether it
    /// was recalled, under the half-life model: from the default model's first, every
    /// right answer multiplies it by `growth` and a miss by [`HALF_LIFE_MISS`].
    fn half_life_answers(&self, growth: f32, into: &mut Vec<LaterAnswer>) {
        let mut stability = HALF_LIFE_FIRST;
        for step in &self.steps {
            if step.later_day {
                into.push((stability, step.days, step.right));
            }
            stability = (stability * if step.right { growth } else { HALF_LIFE_MISS }).clamp(0.001, 36_500.0);
        }
    }
}

/// One combination of the half-life model's values, with its log posterior.
struct HalfLifePoint {
    log_forgetting: f32,
    growth: f32,
    log_posterior: f64,
    /// The same, had the fit allowed for slips.
    log_posterior_past_slips: f64,
}

/// The log as the half-life model reads it.
struct HalfLifeReading {
    /// The likeliest grid point's log posterior, on the same answers and the same
    /// prior's terms as the FSRS-based fit's, so that the two compare.
    best_log_posterior: f64,
    forgetting: f32,
    forgetting_spread: f32,
    forgetting_past_slips: f32,
    growth: f32,
}

/// Reads the log by the half-life model, on the forgetting factor's grid and the
/// growth's ([`HALF_LIFE_GROWTH_STEPS`]).
fn read_as_half_life(paths: &[CardPath], grid: &[f32], keep_log: f32, slip_keep_log: f32) -> HalfLifeReading {
    let mut points: Vec<HalfLifePoint> = Vec::new();
    let mut answers: Vec<LaterAnswer> = Vec::new();
    for growth in HALF_LIFE_GROWTH_STEPS.map(|step| HALF_LIFE_GROWTH_STEP.powi(step)) {
        answers.clear();
        for path in paths {
            path.half_life_answers(growth, &mut answers);
        }
        for &log_forgetting in grid {
            let rate = -0.9f32.ln() * log_forgetting.exp();
            let (plain, past_slips) =
                answers_log_likelihoods(&answers, |stability, days| -rate * days / stability, keep_log, slip_keep_log);
            let prior =
                -0.5 * f64::from(log_forgetting / PRIOR_SPREAD).powi(2) + if growth == 1.0 { 0.0 } else { -0.7 };
            points.push(HalfLifePoint {
                log_forgetting,
                growth,
                log_posterior: plain + prior,
                log_posterior_past_slips: past_slips + prior,
            });
        }
    }
    let weights_by = |log_posterior: fn(&HalfLifePoint) -> f64| {
        let best = points.iter().map(log_posterior).fold(f64::NEG_INFINITY, f64::max);
        (best, points.iter().map(|point| (log_posterior(point) - best).exp()).collect::<Vec<f64>>())
    };
    let (best_log_posterior, weights) = weights_by(|point| point.log_posterior);
    let (forgetting, forgetting_spread) =
        factor_and_spread(points.iter().zip(&weights).map(|(point, &weight)| (point.log_forgetting, weight)));
    let total: f64 = weights.iter().sum();
    let log_growth =
        points.iter().zip(&weights).map(|(point, w)| f64::from(point.growth.ln()) * w).sum::<f64>() / total;
    let (_, past_slips) = weights_by(|point| point.log_posterior_past_slips);
    let (forgetting_past_slips, _) =
        factor_and_spread(points.iter().zip(&past_slips).map(|(point, &weight)| (point.log_forgetting, weight)));
    HalfLifeReading {
        best_log_posterior,
        forgetting,
        forgetting_spread,
        forgetting_past_slips,
        growth: (log_growth as f32).exp(),
    }
}

/// Fits the model to the log (the most recent [`WINDOW`] reviews). One pass of the
/// default model over each card's history gives the evidence; the grid then only
/// replays its ratios, so a fit takes milliseconds even on a long log.
pub fn fit(log: &[Review], options: FitOptions) -> MemoryModel {
    let recent = &log[log.len().saturating_sub(WINDOW)..];
    let mut by_card: HashMap<&CardId, Vec<(DateTime<Utc>, Grade)>> = HashMap::new();
    for review in recent {
        by_card.entry(&review.card).or_default().push((review.at, review.grade));
    }
    let fsrs = FSRS::default();
    let paths: Vec<CardPath> = by_card.values().map(|history| path_of(&fsrs, history)).collect();
    let evidence = paths.iter().flat_map(|path| &path.steps).filter(|step| step.later_day).count();
    let evidence = u32::try_from(evidence).unwrap_or(u32::MAX);
    let mut model = MemoryModel { evidence, fitted_at_reviews: log.len(), ..MemoryModel::default() };
    if evidence < THIN_EVIDENCE {
        return model;
    }
    // With little evidence only the forgetting factor moves; the shape of the curve,
    // the same-day factor, the growth and the first-look factor (and its curve)
    // follow from `shape_from` later-day answers.
    let rich = evidence >= options.shape_from;
    let (same_days, decays, growths): (&[f32], &[f32], &[f32]) =
        if rich { (&SAME_DAY_GRID, &DECAY_GRID, &GROWTH_GRID) } else { (&[1.0], &[FSRS6_DEFAULT_DECAY], &[1.0]) };
    let growths = if options.growth { growths } else { &[1.0] };
    let first_look_steps: &[i32] = if rich && options.first_look { &FIRST_LOOK_STEPS } else { &[0] };
    let first_looks: Vec<f32> = first_look_steps.iter().map(|&step| log_forgetting_at(step).exp()).collect();
    let apart_curve = rich && options.first_look && options.first_look_curve;
    let grid: Vec<f32> = FORGETTING_STEPS.map(log_forgetting_at).collect();
    // The first looks' paces: each grid point moved by each first-look factor.
    let lowest_first = FORGETTING_STEPS.start() + first_look_steps.iter().min().unwrap_or(&0);
    let highest_first = FORGETTING_STEPS.end() + first_look_steps.iter().max().unwrap_or(&0);
    let first_paces = usize::try_from(highest_first - lowest_first + 1).unwrap_or(0);
    // A right answer is shown only when recalled and not slipped.
    let keep_log = if options.slips { (1.0 - SLIP).ln() } else { 0.0 };
    let slip_keep_log = (1.0 - SLIP).ln();
    let mut points: Vec<GridPoint> = Vec::new();
    // Each card's first later-day answer apart from the rest: only the firsts depend
    // on the first-look factor, so the rest are summed once for all its values.
    let mut firsts: Vec<LaterAnswer> = Vec::new();
    let mut rest: Vec<LaterAnswer> = Vec::new();
    // Both act on answers soon after the last: one or the other moves, not both.
    let pairs = growths
        .iter()
        .map(|&growth| (growth, 1.0))
        .chain(same_days.iter().filter(|&&same_day| same_day != 1.0).map(|&same_day| (1.0, same_day)));
    for (growth, same_day) in pairs {
        firsts.clear();
        rest.clear();
        for path in &paths {
            path.later_days(same_day, growth, &mut firsts, &mut rest);
        }
        // The first later-day answers hang on the first look's curve and factor, not
        // on the curve later looks follow: one table serves every later-look curve, and
        // laid along the forgetting grid, every first-look factor.
        let first_table: Vec<(f64, f64)> = decays
            .iter()
            .flat_map(|&decay| (lowest_first..=highest_first).map(move |step| (decay, step)))
            .map(|(decay, step)| {
                let rate = factor(decay) * log_forgetting_at(step).exp();
                log_likelihoods(&firsts, decay, rate, keep_log, slip_keep_log)
            })
            .collect();
        let first_answers = |decay: usize, log_forgetting: usize, first_look: usize| {
            let step = FORGETTING_STEPS.start() + log_forgetting as i32 + first_look_steps[first_look];
            first_table[decay * first_paces + (step - lowest_first) as usize]
        };
        for (decay_at, &decay) in decays.iter().enumerate() {
            let scale = factor(decay);
            for (forgetting_at, &log_forgetting) in grid.iter().enumerate() {
                let rate = scale * log_forgetting.exp();
                let (rest_likelihood, rest_past_slips) = log_likelihoods(&rest, decay, rate, keep_log, slip_keep_log);
                let first_look_decays = if apart_curve { 0..decays.len() } else { decay_at..decay_at + 1 };
                for (first_look_at, first_look_decay_at) in
                    (0..first_looks.len()).flat_map(|f| first_look_decays.clone().map(move |d| (f, d)))
                {
                    let (first_look, first_look_decay) = (first_looks[first_look_at], decays[first_look_decay_at]);
                    let (first_likelihood, first_past_slips) =
                        first_answers(first_look_decay_at, forgetting_at, first_look_at);
                    let log_likelihood = rest_likelihood + first_likelihood;
                    let log_likelihood_past_slips = rest_past_slips + first_past_slips;
                    let off_default = |value: f32, default: f32| if value == default { 0.0 } else { -0.7 };
                    let prior = -0.5 * f64::from(log_forgetting / PRIOR_SPREAD).powi(2)
                        + off_default(same_day, 1.0)
                        + off_default(decay, FSRS6_DEFAULT_DECAY)
                        + off_default(growth, 1.0)
                        + off_default(first_look, 1.0)
                        + off_default(first_look_decay, decay);
                    points.push(GridPoint {
                        log_forgetting,
                        same_day,
                        decay,
                        growth,
                        first_look,
                        first_look_decay,
                        log_posterior: log_likelihood + prior,
                        log_posterior_past_slips: log_likelihood_past_slips + prior,
                    });
                }
            }
        }
    }
    if rich && options.half_life {
        let best = points.iter().map(|point| point.log_posterior).fold(f64::NEG_INFINITY, f64::max);
        let reading = read_as_half_life(&paths, &grid, keep_log, slip_keep_log);
        if reading.best_log_posterior > best + HALF_LIFE_MARGIN {
            return MemoryModel {
                forgetting: reading.forgetting,
                forgetting_spread: reading.forgetting_spread,
                forgetting_past_slips: Some(reading.forgetting_past_slips),
                half_life_growth: Some(reading.growth),
                ..model
            };
        }
    }
    let weights = posterior_weights(&points, |point| point.log_posterior);
    let total: f64 = weights.iter().sum();
    let mean_of = |value: &dyn Fn(&GridPoint) -> f64| {
        points.iter().zip(&weights).map(|(point, w)| value(point) * w).sum::<f64>() / total
    };
    (model.forgetting, model.forgetting_spread) =
        factor_and_spread(points.iter().zip(&weights).map(|(point, &weight)| (point.log_forgetting, weight)));
    model.same_day = (mean_of(&|point| f64::from(point.same_day.ln())) as f32).exp();
    model.growth = (mean_of(&|point| f64::from(point.growth.ln())) as f32).exp();
    model.first_look = (mean_of(&|point| f64::from(point.first_look.ln())) as f32).exp();
    let past_slips = posterior_weights(&points, |point| point.log_posterior_past_slips);
    let log_forgetting_past_slips =
        points.iter().zip(&past_slips).map(|(point, w)| f64::from(point.log_forgetting) * w);
    model.forgetting_past_slips =
        Some(((log_forgetting_past_slips.sum::<f64>() / past_slips.iter().sum::<f64>()) as f32).exp());
    model.decay = likeliest(decays, &points, &weights, |point| point.decay);
    if apart_curve {
        model.first_look_decay = Some(likeliest(decays, &points, &weights, |point| point.first_look_decay));
    }
    if options.cards_differ {
        let (forgetting, spread) = forgetting_across_cards(&paths, &model, &grid, keep_log);
        model.forgetting = forgetting;
        model.forgetting_spread = spread;
    }
    model
}

/// The forgetting factor again, with the rest of the fit held, when each card may
/// fade at its own pace around the learner's (log-normal, [`CARD_SPREAD`]): each
/// card's answers are weighed over [`CARD_PACE_GRID`]. Read as one pace for all, a
/// hard card's string of misses counts as much as an easy card's successes, and the
/// factor lands nearer the hardest cards than the typical one.
fn forgetting_across_cards(paths: &[CardPath], model: &MemoryModel, grid: &[f32], keep_log: f32) -> (f32, f32) {
    let first_decay = model.first_look_decay.unwrap_or(model.decay);
    let pace_prior: Vec<f64> =
        CARD_PACE_GRID.iter().map(|pace| -0.5 * f64::from(pace.ln() / CARD_SPREAD).powi(2)).collect();
    let normaliser = log_sum_exp(&pace_prior);
    let cards: Vec<(Vec<LaterAnswer>, Vec<LaterAnswer>)> = paths
        .iter()
        .map(|path| {
            let (mut firsts, mut rest) = (Vec::new(), Vec::new());
            path.later_days(model.same_day, model.growth, &mut firsts, &mut rest);
            (firsts, rest)
        })
        .filter(|(firsts, rest)| !firsts.is_empty() || !rest.is_empty())
        .collect();
    let log_posterior: Vec<f64> = grid
        .iter()
        .map(|&log_forgetting| {
            let forgetting = log_forgetting.exp();
            let per_card = cards.iter().map(|(firsts, rest)| {
                let by_pace: Vec<f64> = CARD_PACE_GRID
                    .iter()
                    .zip(&pace_prior)
                    .map(|(&pace, prior)| {
                        let first_rate = factor(first_decay) * forgetting * model.first_look * pace;
                        let rate = factor(model.decay) * forgetting * pace;
                        log_likelihoods(firsts, first_decay, first_rate, keep_log, keep_log).0
                            + log_likelihoods(rest, model.decay, rate, keep_log, keep_log).0
                            + prior
                    })
                    .collect();
                log_sum_exp(&by_pace) - normaliser
            });
            -0.5 * f64::from(log_forgetting / PRIOR_SPREAD).powi(2) + per_card.sum::<f64>()
        })
        .collect();
    let best = log_posterior.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    factor_and_spread(
        grid.iter().zip(&log_posterior).map(|(&log_forgetting, log)| (log_forgetting, (log - best).exp())),
    )
}

/// A factor's posterior geometric mean and the spread of its logarithm, from
/// (logarithm, weight) pairs.
fn factor_and_spread(weighted_logs: impl Iterator<Item = (f32, f64)> + Clone) -> (f32, f32) {
    let total: f64 = weighted_logs.clone().map(|(_, weight)| weight).sum();
    let mean = weighted_logs.clone().map(|(log, weight)| f64::from(log) * weight).sum::<f64>() / total;
    let variance = weighted_logs.map(|(log, weight)| (f64::from(log) - mean).powi(2) * weight).sum::<f64>() / total;
    // The grid's step is the floor of what it can tell apart.
    ((mean as f32).exp(), (variance.sqrt() as f32).max(0.1))
}

fn log_sum_exp(logs: &[f64]) -> f64 {
    let best = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    best + logs.iter().map(|log| (log - best).exp()).sum::<f64>().ln()
}

/// The log likelihood of these later-day answers (stability, days since, recalled)
/// when recall after `days` is (1 + rate days / stability)^-decay, as the plain fit
/// reads them and as the fit allowing for slips does: one logarithm per answer.
fn log_likelihoods(answers: &[LaterAnswer], decay: f32, rate: f32, keep_log: f32, slip_keep_log: f32) -> (f64, f64) {
    answers_log_likelihoods(
        answers,
        |stability, days| -decay * (rate * days / stability).ln_1p(),
        keep_log,
        slip_keep_log,
    )
}

/// The same for any curve: `log_recall` of (stability, days since).
fn answers_log_likelihoods(
    answers: &[LaterAnswer],
    log_recall: impl Fn(f32, f32) -> f32,
    keep_log: f32,
    slip_keep_log: f32,
) -> (f64, f64) {
    let mut plain = 0.0f64;
    let mut past_slips = 0.0f64;
    for &(stability, days, recalled) in answers {
        let log_recall = log_recall(stability, days).max(-6.9);
        let of = |keep: f32| {
            let shown = log_recall + keep;
            f64::from(if recalled { shown } else { (-shown.exp_m1()).max(0.001).ln() })
        };
        plain += of(keep_log);
        past_slips += of(slip_keep_log);
    }
    (plain, past_slips)
}

/// The curve's shape is a choice between curves, not a blend: the one of `shapes`
/// with the most posterior weight.
fn likeliest(shapes: &[f32], points: &[GridPoint], weights: &[f64], shape: impl Fn(&GridPoint) -> f32) -> f32 {
    let mut mass: Vec<(f32, f64)> = shapes.iter().map(|&value| (value, 0.0)).collect();
    for (point, weight) in points.iter().zip(weights) {
        if let Some(entry) = mass.iter_mut().find(|entry| entry.0 == shape(point)) {
            entry.1 += weight;
        }
    }
    mass.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map_or(FSRS6_DEFAULT_DECAY, |entry| entry.0)
}

/// Each grid point's posterior weight, relative to the likeliest (which weighs 1).
fn posterior_weights(points: &[GridPoint], log_posterior: impl Fn(&GridPoint) -> f64) -> Vec<f64> {
    let best = points.iter().map(&log_posterior).fold(f64::NEG_INFINITY, f64::max);
    points.iter().map(|point| (log_posterior(point) - best).exp()).collect()
}

/// One card's history by the default model.
fn path_of(fsrs: &FSRS, history: &[(DateTime<Utc>, Grade)]) -> CardPath {
    let mut steps = Vec::new();
    let mut memory: Option<MemoryState> = None;
    let mut first = 0.5;
    let mut last: Option<DateTime<Utc>> = None;
    for &(at, grade) in history {
        let days = last.map_or(0.0, |last| (at - last).num_seconds().max(0) as f32 / 86_400.0);
        let later_day = last.is_some() && days >= 0.5;
        let elapsed = if later_day { days.round().max(1.0) as u32 } else { 0 };
        let next = fsrs.next_states(memory, 0.9, elapsed).ok();
        let after = next
            .map(|next| match grade {
                Grade::Again => next.again.memory,
                Grade::Hard => next.hard.memory,
                Grade::Good => next.good.memory,
                Grade::Easy => next.easy.memory,
            })
            .unwrap_or(MemoryState { stability: 0.5, difficulty: 5.0 });
        match memory {
            None => first = after.stability.max(0.001),
            Some(before) => steps.push(Step {
                ratio: after.stability.max(0.001) / before.stability.max(0.001),
                later_day,
                days,
                right: grade != Grade::Again,
            }),
        }
        memory = Some(after);
        last = Some(at);
    }
    CardPath { first, steps }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Judgement;
    use crate::progress::AnswerMode;
    use chrono::Duration;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    /// A fit of everything but slips and first looks, from the fit's own threshold.
    const GROWING: FitOptions = FitOptions {
        growth: true,
        slips: false,
        shape_from: THIN_EVIDENCE,
        first_look: false,
        first_look_curve: false,
        cards_differ: false,
        half_life: false,
    };

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

    /// A learner of typical pace `speed` whose cards each fade at their own pace
    /// around it: ln(pace) normal with spread `spread`.
    fn uneven_log(speed: f32, spread: f32, cards: usize, days: i64, seed: u64) -> Vec<Review> {
        let mut rng = StdRng::seed_from_u64(seed);
        let fsrs = FSRS::default();
        let start: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        let paces: Vec<f32> = (0..cards)
            .map(|_| {
                let (u, v): (f32, f32) = (rng.random::<f32>().max(1e-6), rng.random());
                let normal = (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos();
                (spread * normal).exp()
            })
            .collect();
        let mut histories: Vec<Vec<(DateTime<Utc>, Grade)>> = vec![Vec::new(); cards];
        let mut log = Vec::new();
        for day in 0..days {
            for (card, history) in histories.iter_mut().enumerate() {
                // Each card comes back when its learner-blind schedule says: the
                // default model's interval at 90 %, from the card's own answers.
                let due = history.last().map(|&(last, _)| {
                    let stability = default_stability(&fsrs, history);
                    last + Duration::seconds((stability.clamp(1.0, 30.0) * 86_400.0) as i64)
                });
                let at = start + Duration::days(day) + Duration::minutes(card as i64);
                let starts_today = history.is_empty() && day == card as i64 % 5;
                if !starts_today && due.is_none_or(|due| due > at + Duration::hours(12)) {
                    continue;
                }
                let grade = match history.last() {
                    None => Grade::Good,
                    Some(&(last, _)) => {
                        let days = (at - last).num_seconds() as f32 / 86_400.0;
                        let stability = default_stability(&fsrs, history);
                        let recall = MemoryModel::recall_at(stability, days, speed * paces[card], FSRS6_DEFAULT_DECAY);
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
    fn card_met(met: DateTime<Utc>, last: DateTime<Utc>, stability: f32) -> crate::progress::CardState {
        let days = stability.round() as u32;
        crate::progress::CardState {
            phase: crate::progress::Phase::Review,
            memory: crate::progress::Memory { stability, difficulty: 5.0 },
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

    /// A learner whose memory is a half-life: `half_life` days at first, multiplied by
    /// `growth` on every right answer after the first (on the same day too) and halved
    /// on a miss, with exponential forgetting. Cards come back every one to four days,
    /// some twice a day.
    fn half_life_log(half_life: f32, growth: f32, cards: usize, days: i64, seed: u64) -> Vec<Review> {
        let recall = |half: f32, days: f32| 0.5f32.powf(days / half);
        let learner = Multiplying { first: half_life, growth, grows_from_first: false, every: 4 };
        multiplying_log(learner, recall, cards, days, seed)
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

    /// What the app fits, without the half-life model.
    fn shipped() -> FitOptions {
        FitOptions { half_life: false, ..crate::session::PlanTuning::default().fit_options() }
    }

    #[test]
    fn a_learner_whose_every_success_multiplies_memory_is_read_by_the_half_life_model() {
        let options = FitOptions { half_life: true, ..shipped() };
        let log = half_life_log(0.5, 2.5, 40, 30, 7);
        let half_life = fit(&log, options);
        let growth = half_life.half_life_growth.expect("read as a half-life");
        assert!((1.9..=3.2).contains(&growth), "{half_life:?}");
        // A half-life of half a day is 90 % recall after 0.076 days: the default first
        // stability is 30x that.
        let truth = HALF_LIFE_FIRST / (0.5 * (1.0 / 0.9f32).log2());
        assert!((truth / 1.6..=truth * 1.6).contains(&half_life.forgetting), "{half_life:?} against {truth}");
        assert!(half_life.repeats_pay() && !half_life.has_long_tail(), "{half_life:?}");
        assert!(half_life.describe().contains("even a second look on the same day"), "{}", half_life.describe());
        // Not asked, the fit reads the same log by the FSRS-based model.
        assert_eq!(fit(&log, shipped()).half_life_growth, None);
        // A learner as FSRS expects, or one whose cards fade faster but still as FSRS
        // says, keeps the FSRS-based model.
        for (speed, seed) in [(1.0, 3), (3.0, 4)] {
            let fsrs_like = fit(&simulated_log(speed, 40, 60, seed), options);
            assert_eq!(fsrs_like.half_life_growth, None, "{fsrs_like:?}");
        }
        // Thin evidence keeps the defaults, half-life or not.
        let thin = fit(&log[..15], options);
        assert_eq!(thin, MemoryModel { evidence: thin.evidence, fitted_at_reviews: 15, ..MemoryModel::default() });
    }

    #[test]
    fn under_the_half_life_model_every_right_answer_multiplies_and_a_miss_halves() {
        let model = MemoryModel {
            half_life_growth: Some(2.5),
            forgetting: 4.0,
            forgetting_spread: 0.0,
            evidence: 50,
            ..MemoryModel::default()
        };
        assert_eq!(model.stability_after(None, 8.0, false, true), HALF_LIFE_FIRST, "a first sight, whatever the grade");
        // The default model's own answer is ignored: on the same day or a later one.
        for (same_day, default_after) in [(true, 1.1), (false, 30.0)] {
            assert_eq!(model.stability_after(Some(2.0), default_after, same_day, true), 5.0);
            assert_eq!(model.stability_after(Some(2.0), default_after, same_day, false), 1.0);
        }
        // The curve is exponential: each further stretch of the same length keeps the
        // same share, which FSRS's power law does not.
        let (one, two) = (model.recall(5.0, 3.0), model.recall(5.0, 6.0));
        assert!((two - one * one).abs() < 1e-3, "{one} {two}");
        let fsrs = MemoryModel { half_life_growth: None, ..model };
        assert!(fsrs.recall(5.0, 6.0) > fsrs.recall(5.0, 3.0).powi(2) + 0.01);
        // Intervals and recall agree, under both.
        for model in [model, fsrs] {
            let days = model.days_until(5.0, 0.8);
            assert!((MemoryModel { forgetting_spread: 0.0, ..model }.recall(5.0, days) - 0.8).abs() < 1e-3);
        }
        // The FSRS-based model keeps FSRS's answer, with the learner's factors on top.
        let growing = MemoryModel { half_life_growth: None, same_day: 2.0, growth: 1.5, ..model };
        assert_eq!(growing.stability_after(Some(2.0), 1.0, true, true), 3.0);
        assert_eq!(growing.stability_after(Some(2.0), 10.0, false, true), 10.0);
        assert_eq!(growing.stability_after(Some(2.0), 0.4, false, false), 0.4);
        assert_eq!(growing.stability_after(None, 8.0, false, true), 8.0);
    }

    fn review_of(card: usize, at: DateTime<Utc>, grade: Grade) -> Review {
        Review {
            card: serde_json::from_str(&format!("\"{card}:port-to-service\"")).unwrap(),
            at,
            answer: String::new(),
            verdict: if grade == Grade::Again { Judgement::Wrong } else { Judgement::Correct },
            grade,
            ms: 5000,
            mode: AnswerMode::Typed,
            overridden: false,
        }
    }

    #[test]
    fn a_learner_who_gains_from_every_success_is_fitted_a_growth() {
        let grower = fit(&growth_log(2.0, 30, 20, 5), GROWING);
        assert!(grower.growth > 1.5, "{grower:?}");
        assert!(grower.repeats_pay(), "{grower:?}");
        assert!(grower.describe().contains("every right answer builds"), "{}", grower.describe());
        // Without growth in the fit the same log is read as spacing alone.
        assert_eq!(fit(&growth_log(2.0, 30, 20, 5), FitOptions { growth: false, ..GROWING }).growth, 1.0);
        // Nor while the evidence is below the threshold the caller sets for the shape.
        let unshaped = fit(&growth_log(2.0, 30, 20, 5), FitOptions { shape_from: u32::MAX, ..GROWING });
        assert_eq!((unshaped.growth, unshaped.same_day), (1.0, 1.0), "{unshaped:?}");
        assert!(!unshaped.describe().contains("right answer builds"), "{}", unshaped.describe());
        // A learner as the default model expects is not.
        let average = fit(&simulated_log(1.0, 40, 60, 3), GROWING);
        assert!(average.growth < 1.2, "{average:?}");
    }

    #[test]
    fn a_learner_whose_first_looks_fade_fast_is_fitted_a_first_look_factor() {
        let options = FitOptions { first_look: true, ..GROWING };
        let quick = fit(&first_look_log(1.0, 8.0, 60, 30, 3), options);
        assert!(quick.first_look > 2.5, "{quick:?}");
        assert!(quick.describe().contains("met on one day only fades about"), "{}", quick.describe());
        // One factor for every look blames later looks for what first looks lose.
        let one_factor = fit(&first_look_log(1.0, 8.0, 60, 30, 3), GROWING);
        assert_eq!(one_factor.first_look, 1.0);
        assert!(quick.forgetting < 0.7 * one_factor.forgetting, "{quick:?} {one_factor:?}");
        // A card met today fades by it; one answered on a later day does not.
        let met: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        let card = |last: DateTime<Utc>| card_met(met, last, 3.0);
        let exam = met + Duration::days(10);
        let plain = MemoryModel { first_look: 1.0, ..quick };
        assert!(quick.recall_of(Some(&card(met)), exam) < plain.recall_of(Some(&card(met)), exam) - 0.05);
        let later = met + Duration::days(2);
        assert_eq!(quick.recall_of(Some(&card(later)), exam), plain.recall_of(Some(&card(later)), exam));
        // An average learner is not fitted one.
        let average = fit(&simulated_log(1.0, 60, 30, 3), options);
        assert!((0.6..1.6).contains(&average.first_look), "{average:?}");
    }

    #[test]
    fn a_learner_whose_first_looks_drop_away_is_fitted_their_own_curve() {
        let options = FitOptions { first_look: true, first_look_curve: true, ..GROWING };
        let steep = fit(&first_curve_log(1.0, 4.0, 80, 40, 5), options);
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
        let average = fit(&first_curve_log(FSRS6_DEFAULT_DECAY, 1.0, 80, 40, 5), options);
        assert_eq!(average.first_look_decay, Some(average.decay), "{average:?}");
        assert!(!average.describe().contains("level off"), "{}", average.describe());
        // Not asked for, not fitted.
        let asked_not = fit(&first_curve_log(1.0, 4.0, 80, 40, 5), FitOptions { first_look_curve: false, ..options });
        assert_eq!(asked_not.first_look_decay, None);
    }

    #[test]
    fn thin_evidence_keeps_the_defaults() {
        let log = simulated_log(10.0, 3, 3, 1);
        let model = fit(&log, GROWING);
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
                    .map(|seed| fit(&simulated_log(speed, 40, days, seed), GROWING).forgetting.ln() - speed.ln())
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
        let keeper = fit(&simulated_log(0.3, 40, 60, 7), GROWING);
        assert!(keeper.forgetting < 1.0, "{keeper:?}");
    }

    #[test]
    fn cards_that_differ_in_pace_are_planned_for_the_typical_card() {
        let differing = FitOptions { cards_differ: true, ..GROWING };
        // ln(fitted forgetting / the typical card's), averaged over five learners.
        let offset = |speed: f32, spread: f32, options: FitOptions| {
            let offsets: Vec<f32> = (1..=5)
                .map(|seed| fit(&uneven_log(speed, spread, 60, 40, seed), options).forgetting.ln() - speed.ln())
                .collect();
            offsets.iter().sum::<f32>() / offsets.len() as f32
        };
        for speed in [1.0f32, 4.0, 12.0] {
            // Read as one pace, the hard cards' misses pull the factor above the
            // typical card's; allowing for cards that differ pulls it back.
            let (alike, apart) = (offset(speed, 1.0, GROWING), offset(speed, 1.0, differing));
            assert!(alike > 0.2, "speed {speed}: one pace for all reads {alike:.2} above the typical card");
            assert!(apart < alike - 0.05, "speed {speed}: cards apart {apart:.2}, alike {alike:.2}");
        }
        // Cards alike: the two readings agree.
        let (alike, apart) = (offset(4.0, 0.0, GROWING), offset(4.0, 0.0, differing));
        assert!((apart - alike).abs() < 0.1, "alike {alike:.2}, apart {apart:.2}");
        // Thin evidence keeps the defaults either way.
        assert_eq!(fit(&uneven_log(4.0, 1.0, 60, 2, 1), differing).forgetting, 1.0);
    }

    #[test]
    fn more_evidence_narrows_the_uncertainty_and_the_words_follow_the_fit() {
        let early = fit(&simulated_log(10.0, 40, 8, 3), GROWING);
        let late = fit(&simulated_log(10.0, 40, 60, 3), GROWING);
        assert!(late.forgetting_spread < early.forgetting_spread, "{early:?} {late:?}");
        assert!(late.describe().contains("faster than average"), "{}", late.describe());
        let (low, high) = (late.at_edge(true).recall(5.0, 5.0), late.at_edge(false).recall(5.0, 5.0));
        let centre = late.recall(5.0, 5.0);
        assert!(low < centre && centre < high, "{low} {centre} {high}");
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
        let model = fit(&slipped, GROWING);
        let past_slips = model.forgetting_past_slips.unwrap();
        assert!(
            model.forgetting > 1.3 * past_slips,
            "forgetting {} read plainly, {past_slips} allowing for slips",
            model.forgetting
        );
        assert!((0.5..2.0).contains(&past_slips), "allowing for slips: {past_slips}");
        // A learner who truly forgets fast is still one, slips allowed for.
        let fast = fit(&simulated_log(8.0, 40, 60, 3), GROWING);
        assert!(fast.forgetting_past_slips.unwrap() > 4.0, "{fast:?}");
    }
}

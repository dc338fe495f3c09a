//! The fit: how this learner's answers differ from what FSRS-6's defaults expect.
//!
//! 1. One pass of the default model over each card's history turns it into a path:
//!    the card's first stability, and for each later answer what it did to stability,
//!    whether it came on a later day (and how many days later), and whether it was
//!    right ([`path_of`]).
//! 2. Each combination of the grid (forgetting factor, curve shape, same-day factor or
//!    growth, first-look factor and first-look curve) replays those paths and scores
//!    every later-day answer's likelihood, plus a prior that prefers the defaults.
//! 3. The model is the posterior's mean for the factors, the likeliest curve for the
//!    shapes, and the spread of ln(forgetting) for the uncertainty. The forgetting
//!    factor is read a second time allowing for slips ([`SLIP`]), which the plan uses
//!    to tell a learner who slips from one who forgets fast.
//!
//! The grids below are coarse on purpose: a few hundred answers cannot tell finer
//! steps apart, and a fit must take milliseconds (the grid only replays ratios).
//! Their values were chosen on the learning benchmark, held out by family
//! (docs/learning-benchmark.md).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use fsrs::{FSRS, FSRS6_DEFAULT_DECAY, MemoryState};

use super::{MemoryModel, PRIOR_SPREAD, THIN_EVIDENCE, factor};
use crate::deck::CardId;
use crate::review_log::{Grade, Review};

/// The most recent reviews a fit reads: older ones add little and cost time.
const WINDOW: usize = 4000;
/// How often a known card is missed anyway, for the forgetting factor read past
/// slips ([`MemoryModel::forgetting_past_slips`]): one answer in twenty.
pub const SLIP: f32 = 0.05;
/// What a same-day right answer may multiply stability by beyond FSRS's: from "adds
/// less" (0.7) to "a second look helps a lot" (2.6).
const SAME_DAY_GRID: [f32; 4] = [0.7, 1.0, 1.6, 2.6];
/// The curve's shapes: FSRS-6's long-tailed power law, a steeper one, and one near
/// an exponential.
pub(crate) const DECAY_GRID: [f32; 3] = [FSRS6_DEFAULT_DECAY, 0.4, 1.0];
/// The least a right answer multiplies stability by, however soon it comes: 1.0 is
/// FSRS's rule alone.
const GROWTH_GRID: [f32; 4] = [1.0, 1.4, 2.0, 2.8];
/// The forgetting factor's grid: ln(forgetting) in steps of ln(2)/2, from ln(1/4) to
/// ln(128).
const FORGETTING_STEP: f32 = std::f32::consts::LN_2 / 2.0;
const FORGETTING_STEPS: std::ops::RangeInclusive<i32> = -4..=14;
/// The first-look factor, 0.5x to 8x, in the forgetting grid's steps: a first look's
/// pace then lands on the grid too, and one table of likelihoods along it serves
/// every first-look factor.
const FIRST_LOOK_STEPS: [i32; 5] = [-2, 0, 2, 4, 6];
/// The prior's cost of each value away from the default (in nats): the defaults win
/// a tie, and a shape moves only when the answers say so.
const OFF_DEFAULT: f64 = -0.7;

/// ln(forgetting) at a step of the forgetting grid.
fn log_forgetting_at(step: i32) -> f32 {
    step as f32 * FORGETTING_STEP
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
}

/// Fits the model to the log (its most recent 4,000 reviews: `WINDOW`). Below
/// [`THIN_EVIDENCE`] later-day answers the defaults stay.
pub fn fit(log: &[Review]) -> MemoryModel {
    fit_recent(recent(log), log.len())
}

/// The reviews a fit reads: the log's most recent 4,000 (`WINDOW`).
pub fn recent(log: &[Review]) -> &[Review] {
    &log[log.len().saturating_sub(WINDOW)..]
}

/// Fits the model to `recent` (what [`recent`] gives of a log of `log_len` reviews),
/// as [`fit`] does: so that a worker thread needs a copy of the window only.
pub fn fit_recent(recent: &[Review], log_len: usize) -> MemoryModel {
    let mut by_card: HashMap<&CardId, Vec<(DateTime<Utc>, Grade)>> = HashMap::new();
    for review in recent {
        by_card.entry(&review.card).or_default().push((review.at, review.grade));
    }
    let fsrs = FSRS::default();
    let paths: Vec<CardPath> = by_card.values().map(|history| path_of(&fsrs, history)).collect();
    let evidence = paths.iter().flat_map(|path| &path.steps).filter(|step| step.later_day).count();
    let evidence = u32::try_from(evidence).unwrap_or(u32::MAX);
    let model = MemoryModel { evidence, fitted_at_reviews: log_len, ..MemoryModel::default() };
    if evidence < THIN_EVIDENCE {
        return model;
    }
    let mut points: Vec<GridPoint> = Vec::new();
    // Each card's first later-day answer apart from the rest: only the firsts depend
    // on the first-look factor, so the rest are summed once for all its values.
    let mut answers = LaterAnswers::default();
    // Growth and the same-day factor both act on answers soon after the last: one or
    // the other moves, not both.
    let pairs = GROWTH_GRID
        .iter()
        .map(|&growth| (growth, 1.0))
        .chain(SAME_DAY_GRID.iter().filter(|&&same_day| same_day != 1.0).map(|&same_day| (1.0, same_day)));
    for (growth, same_day) in pairs {
        answers.firsts.clear();
        answers.rest.clear();
        for path in &paths {
            path.later_days(same_day, growth, &mut answers.firsts, &mut answers.rest);
        }
        score_grid(&answers, growth, same_day, &mut points);
    }
    model_from(model, &points)
}

/// The later-day answers of every card under one growth and same-day factor: each
/// card's first apart from the rest.
#[derive(Default)]
struct LaterAnswers {
    firsts: Vec<LaterAnswer>,
    rest: Vec<LaterAnswer>,
}

/// The first-look paces' steps on the forgetting grid: each grid step moved by each
/// first-look factor.
const LOWEST_FIRST: i32 = *FORGETTING_STEPS.start() + FIRST_LOOK_STEPS[0];
const HIGHEST_FIRST: i32 = *FORGETTING_STEPS.end() + FIRST_LOOK_STEPS[FIRST_LOOK_STEPS.len() - 1];
const FIRST_PACES: usize = (HIGHEST_FIRST - LOWEST_FIRST + 1) as usize;

/// Scores every grid point of this growth and same-day factor into `points`.
fn score_grid(answers: &LaterAnswers, growth: f32, same_day: f32, points: &mut Vec<GridPoint>) {
    let first_looks: Vec<f32> = FIRST_LOOK_STEPS.iter().map(|&step| log_forgetting_at(step).exp()).collect();
    let grid: Vec<f32> = FORGETTING_STEPS.map(log_forgetting_at).collect();
    // The first later-day answers hang on the first look's curve and factor, not on
    // the curve later looks follow: one table serves every later-look curve, and laid
    // along the forgetting grid, every first-look factor.
    let first_table: Vec<(f64, f64)> = DECAY_GRID
        .iter()
        .flat_map(|&decay| (LOWEST_FIRST..=HIGHEST_FIRST).map(move |step| (decay, step)))
        .map(|(decay, step)| {
            let rate = factor(decay) * log_forgetting_at(step).exp();
            log_likelihoods(&answers.firsts, decay, rate)
        })
        .collect();
    let first_answers = |decay: usize, log_forgetting: usize, first_look: usize| {
        let step = FORGETTING_STEPS.start() + log_forgetting as i32 + FIRST_LOOK_STEPS[first_look];
        first_table[decay * FIRST_PACES + (step - LOWEST_FIRST) as usize]
    };
    for &decay in &DECAY_GRID {
        let scale = factor(decay);
        for (forgetting_at, &log_forgetting) in grid.iter().enumerate() {
            let rate = scale * log_forgetting.exp();
            let (rest_likelihood, rest_past_slips) = log_likelihoods(&answers.rest, decay, rate);
            for (first_look_at, first_look_decay_at) in
                (0..first_looks.len()).flat_map(|f| (0..DECAY_GRID.len()).map(move |d| (f, d)))
            {
                let (first_look, first_look_decay) = (first_looks[first_look_at], DECAY_GRID[first_look_decay_at]);
                let (first_likelihood, first_past_slips) =
                    first_answers(first_look_decay_at, forgetting_at, first_look_at);
                let off_default = |value: f32, default: f32| if value == default { 0.0 } else { OFF_DEFAULT };
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
                    log_posterior: rest_likelihood + first_likelihood + prior,
                    log_posterior_past_slips: rest_past_slips + first_past_slips + prior,
                });
            }
        }
    }
}

/// The model the scored grid says: posterior means of the factors, the likeliest
/// curves, and the forgetting factor read past slips.
fn model_from(mut model: MemoryModel, points: &[GridPoint]) -> MemoryModel {
    let weights = posterior_weights(points, |point| point.log_posterior);
    let total: f64 = weights.iter().sum();
    let mean_of = |value: &dyn Fn(&GridPoint) -> f64| {
        points.iter().zip(&weights).map(|(point, w)| value(point) * w).sum::<f64>() / total
    };
    (model.forgetting, model.forgetting_spread) =
        factor_and_spread(points.iter().zip(&weights).map(|(point, &weight)| (point.log_forgetting, weight)));
    model.same_day = (mean_of(&|point| f64::from(point.same_day.ln())) as f32).exp();
    model.growth = (mean_of(&|point| f64::from(point.growth.ln())) as f32).exp();
    model.first_look = (mean_of(&|point| f64::from(point.first_look.ln())) as f32).exp();
    let past_slips = posterior_weights(points, |point| point.log_posterior_past_slips);
    let log_forgetting_past_slips =
        points.iter().zip(&past_slips).map(|(point, w)| f64::from(point.log_forgetting) * w);
    model.forgetting_past_slips =
        Some(((log_forgetting_past_slips.sum::<f64>() / past_slips.iter().sum::<f64>()) as f32).exp());
    model.decay = likeliest(&DECAY_GRID, points, &weights, |point| point.decay);
    model.first_look_decay = Some(likeliest(&DECAY_GRID, points, &weights, |point| point.first_look_decay));
    model
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

/// The log likelihood of these later-day answers (stability, days since, recalled)
/// when recall after `days` is (1 + rate days / stability)^-decay, read plainly and
/// allowing for slips: one logarithm per answer.
fn log_likelihoods(answers: &[LaterAnswer], decay: f32, rate: f32) -> (f64, f64) {
    // A right answer is shown only when recalled and, allowing for slips, not slipped.
    let slip_keep_log = (1.0 - SLIP).ln();
    let mut plain = 0.0f64;
    let mut past_slips = 0.0f64;
    for &(stability, days, recalled) in answers {
        let log_recall = (-decay * (rate * days / stability).ln_1p()).max(-6.9);
        let of = |keep: f32| {
            let shown = log_recall + keep;
            f64::from(if recalled { shown } else { (-shown.exp_m1()).max(0.001).ln() })
        };
        plain += of(0.0);
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

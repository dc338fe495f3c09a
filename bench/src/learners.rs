//! The simulated learners: five families of memory models, each learner's parameters
//! drawn over a wide range, and one stream of chance per card.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use fsrs::{FSRS, MemoryState};
use portcards::progress::Grade;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// fsrs-rs SimulatorConfig defaults: first rating Again/Hard/Good/Easy, and the
/// rating when recalled Hard/Good/Easy.
const FIRST_RATING: [f64; 4] = [0.24, 0.094, 0.495, 0.171];
const RECALL_RATING: [f64; 3] = [0.224, 0.631, 0.145];

/// The first study day of every run.
pub fn start() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-02T10:00:00+00:00").unwrap()
}

/// The exam: an hour before the start of day `horizon`.
pub fn exam(horizon: i64) -> DateTime<Utc> {
    (start() + Duration::days(horizon) - Duration::hours(1)).to_utc()
}

pub fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds().max(0) as f64 / 86_400.0
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum Family {
    Fsrs,
    HalfLife,
    PowerLaw,
    Massed,
    SlipGuess,
}

impl Family {
    pub const ALL: [Family; 5] = [Family::Fsrs, Family::HalfLife, Family::PowerLaw, Family::Massed, Family::SlipGuess];

    pub fn key(self) -> &'static str {
        match self {
            Family::Fsrs => "fsrs6",
            Family::HalfLife => "half_life",
            Family::PowerLaw => "power_law",
            Family::Massed => "massed",
            Family::SlipGuess => "slip_guess",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::Fsrs => "FSRS-6 learners (noisy parameters, hidden card difficulty)",
            Family::HalfLife => "half-life learners (first half-life 0.5-10 days, grows on success)",
            Family::PowerLaw => "power-law learners (ACT-R spacing effect: massed repeats add little)",
            Family::Massed => "massed-practice learners (every exposure adds strength, spacing or not)",
            Family::SlipGuess => "slip-and-guess learners (FSRS memory behind noisy answers)",
        }
    }
}

/// One card's hidden memory.
#[derive(Clone, Debug)]
pub enum Memory {
    Fsrs {
        state: MemoryState,
        last: DateTime<Utc>,
    },
    HalfLife {
        half: f64,
        last: DateTime<Utc>,
    },
    /// Presentation times and their decay rates.
    PowerLaw {
        traces: Vec<(DateTime<Utc>, f64)>,
    },
    Massed {
        strength: f64,
        last: DateTime<Utc>,
    },
}

/// One simulated learner: the family's parameters, drawn for this learner.
pub struct Learner {
    family: Family,
    fsrs: FSRS,
    decay: f32,
    /// half_life: the first half-life (days) and the growth on success.
    pub first_half: f64,
    growth: f64,
    /// power_law: base decay, the spacing coefficient, the threshold and noise.
    base_decay: f64,
    spacing: f64,
    threshold: f64,
    /// massed: half-life per unit of strength, and its exponent.
    unit_half: f64,
    exponent: f64,
    /// slip_guess: chance of missing a known card, and of guessing an unknown one.
    slip: f64,
    guess: f64,
    pub memory: Vec<Option<Memory>>,
    difficulty: Vec<f64>,
    /// One stream of chance per card (common random numbers): the n-th answer to a
    /// card comes out the same whichever order a scheduler asks the cards in, so two
    /// schedulers that differ only in a few picks differ only on those cards.
    card_rngs: Vec<StdRng>,
}

fn log_uniform(rng: &mut StdRng, low: f64, high: f64) -> f64 {
    (low.ln() + rng.random::<f64>() * (high.ln() - low.ln())).exp()
}

impl Learner {
    pub fn new(family: Family, cards: usize, seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut params = fsrs::DEFAULT_PARAMETERS.to_vec();
        for (index, value) in params.iter_mut().enumerate() {
            if index < 4 || (7..=10).contains(&index) {
                *value *= (normal(&mut rng) * 0.3).exp() as f32;
            }
        }
        let fsrs = FSRS::new(&params).unwrap_or_default();
        let decay = params[20];
        let difficulty = (0..cards).map(|_| normal(&mut rng)).collect();
        let card_rngs = (0..cards).map(|card| StdRng::seed_from_u64(rng.random::<u64>() ^ card as u64)).collect();
        Learner {
            family,
            fsrs,
            decay,
            first_half: log_uniform(&mut rng, 0.5, 10.0),
            growth: rng.random_range(1.6..3.2),
            base_decay: rng.random_range(0.15..0.35),
            spacing: rng.random_range(0.15..0.35),
            threshold: rng.random_range(-1.2..0.2),
            unit_half: log_uniform(&mut rng, 0.3, 3.0),
            exponent: rng.random_range(1.0..1.8),
            slip: rng.random_range(0.03..0.15),
            guess: rng.random_range(0.05..0.25),
            memory: vec![None; cards],
            difficulty,
            card_rngs,
        }
    }

    /// The chance the learner truly knows the card at `at` (what the exam measures).
    pub fn recall(&self, card: usize, at: DateTime<Utc>) -> f64 {
        self.memory[card].as_ref().map_or(0.0, |memory| self.recall_of(memory, card, at))
    }

    fn recall_of(&self, memory: &Memory, card: usize, at: DateTime<Utc>) -> f64 {
        match memory {
            Memory::Fsrs { state, last } => {
                f64::from(fsrs::current_retrievability(*state, days_between(*last, at) as f32, self.decay))
            }
            Memory::HalfLife { half, last } | Memory::Massed { strength: half, last } => {
                let half = if matches!(memory, Memory::Massed { .. }) {
                    self.unit_half * half.powf(self.exponent) / (0.4 * self.difficulty[card]).exp()
                } else {
                    *half
                };
                2f64.powf(-days_between(*last, at) / half.max(1e-3))
            }
            Memory::PowerLaw { traces } => {
                let activation = activation(traces, at);
                let threshold = self.threshold + 0.3 * self.difficulty[card];
                1.0 / (1.0 + ((threshold - activation) / 0.3).exp())
            }
        }
    }

    /// The learner answers: the grade they give (which the scheduler sees), and
    /// whether they truly recalled it (which their memory follows).
    pub fn answer(&mut self, card: usize, at: DateTime<Utc>) -> Grade {
        let first = self.memory[card].is_none();
        let recall = self.recall(card, at);
        // One draw from the card's stream an answer keeps the streams aligned whatever
        // the answer took; all of this answer's chance comes from it.
        let mut answer_rng = StdRng::seed_from_u64(self.card_rngs[card].random());
        let rng = &mut answer_rng;
        let known = !first && rng.random::<f64>() < recall;
        let shown_right = if self.family == Family::SlipGuess {
            if known { rng.random::<f64>() >= self.slip } else { rng.random::<f64>() < self.guess }
        } else {
            known
        };
        let grade = if first {
            pick(rng, &FIRST_RATING, &[Grade::Again, Grade::Hard, Grade::Good, Grade::Easy])
        } else if shown_right {
            pick(rng, &RECALL_RATING, &[Grade::Hard, Grade::Good, Grade::Easy])
        } else {
            Grade::Again
        };
        // Memory follows what truly happened: a slip was still a retrieval, a guess was not.
        let true_grade = match (self.family, known, first) {
            (Family::SlipGuess, true, false) if grade == Grade::Again => Grade::Good,
            (Family::SlipGuess, false, false) => Grade::Again,
            _ => grade,
        };
        let next = self.learned(card, true_grade, at, Some(rng));
        self.memory[card] = Some(next);
        grade
    }

    /// The learner answers a live round's four-option question and sees the answer at
    /// the reveal: right if they knew it (or, not knowing it, guessed right with
    /// `guess`), and their memory takes it as a review, Good if they knew it and Again if
    /// not (a lucky guess is not a retrieval). Returns whether the answer was right.
    pub fn answer_in_round(&mut self, card: usize, at: DateTime<Utc>, guess: f64) -> bool {
        let recall = self.recall(card, at);
        // One draw from the card's stream an answer, as in `answer`.
        let mut answer_rng = StdRng::seed_from_u64(self.card_rngs[card].random());
        let rng = &mut answer_rng;
        let known = rng.random::<f64>() < recall;
        let slipped = self.family == Family::SlipGuess && known && rng.random::<f64>() < self.slip;
        let right = if known { !slipped } else { rng.random::<f64>() < guess };
        let grade = if known { Grade::Good } else { Grade::Again };
        let next = self.learned(card, grade, at, Some(rng));
        self.memory[card] = Some(next);
        right
    }

    /// The card's memory after a review with this grade (`chance`: the family's random
    /// variation drawn from it; the reference scheduler plans without it).
    fn learned(&self, card: usize, grade: Grade, at: DateTime<Utc>, mut chance: Option<&mut StdRng>) -> Memory {
        let mut noise = |spread: f64| chance.as_deref_mut().map_or(1.0, |rng| (normal(rng) * spread).exp());
        let hardness = (0.4 * self.difficulty[card]).exp();
        match (self.family, self.memory[card].clone()) {
            (Family::Fsrs | Family::SlipGuess, previous) => {
                let (previous, elapsed) = match previous {
                    Some(Memory::Fsrs { state, last }) => {
                        (Some(state), u32::try_from((at - last).num_days().max(0)).unwrap_or(0))
                    }
                    _ => (None, 0),
                };
                let rating = usize::from(grade.number()) - 1;
                let fallback = Memory::Fsrs { state: MemoryState { stability: 0.5, difficulty: 5.0 }, last: at };
                let Ok(next) = self.fsrs.next_states(previous, 0.9, elapsed) else { return fallback };
                let mut state = [next.again.memory, next.hard.memory, next.good.memory, next.easy.memory][rating];
                if previous.is_none() {
                    state.difficulty = (state.difficulty + 1.5 * self.difficulty[card] as f32).clamp(1.0, 10.0);
                }
                Memory::Fsrs { state, last: at }
            }
            (Family::HalfLife, previous) => {
                let half = match (previous, grade) {
                    (Some(Memory::HalfLife { half, .. }), Grade::Again) => (half * 0.5).max(0.05),
                    (Some(Memory::HalfLife { half, .. }), grade) => {
                        let growth = match grade {
                            Grade::Hard => 1.0 + (self.growth - 1.0) * 0.5,
                            Grade::Easy => self.growth * 1.4,
                            _ => self.growth,
                        };
                        half * growth / hardness.sqrt() * noise(0.15)
                    }
                    _ => self.first_half / hardness * noise(0.3),
                };
                Memory::HalfLife { half, last: at }
            }
            (Family::Massed, previous) => {
                // Feedback teaches even after a miss; a success teaches more.
                let gain = if grade == Grade::Again { 0.6 } else { 1.0 } * noise(0.15);
                let strength = match previous {
                    Some(Memory::Massed { strength, .. }) => strength + gain,
                    _ => gain,
                };
                Memory::Massed { strength, last: at }
            }
            (Family::PowerLaw, previous) => {
                let mut traces = match previous {
                    Some(Memory::PowerLaw { traces }) => traces,
                    _ => Vec::new(),
                };
                // Pavlik and Anderson (2005): a presentation made while the memory is
                // strong decays faster, which is the spacing effect.
                let decay = self.spacing * activation(&traces, at).exp() + self.base_decay;
                traces.push((at, decay * noise(0.1)));
                Memory::PowerLaw { traces }
            }
        }
    }

    /// The reference's look-ahead: how much reviewing the card now adds to its weighted
    /// chance of being known at the exam, by the learner's true memory.
    pub fn exam_gain(&self, card: usize, now: DateTime<Utc>, exam: DateTime<Utc>) -> f64 {
        let before = self.recall(card, exam);
        let saved = self.memory[card].clone();
        let after = if saved.is_none() {
            let memory = self.learned(card, Grade::Good, now, None);
            self.recall_of(&memory, card, exam)
        } else {
            let recalled = self.recall(card, now);
            let good = self.learned(card, Grade::Good, now, None);
            let again = self.learned(card, Grade::Again, now, None);
            recalled * self.recall_of(&good, card, exam) + (1.0 - recalled) * self.recall_of(&again, card, exam)
        };
        after - before
    }
}

/// ACT-R activation: the log of the summed power-law traces, in days (a minute's
/// floor keeps a presentation this instant finite).
fn activation(traces: &[(DateTime<Utc>, f64)], at: DateTime<Utc>) -> f64 {
    if traces.is_empty() {
        return f64::NEG_INFINITY;
    }
    let sum: f64 = traces.iter().map(|(when, decay)| days_between(*when, at).max(0.0007).powf(-decay)).sum();
    sum.ln()
}

fn normal(rng: &mut StdRng) -> f64 {
    // Box-Muller: enough for noise, no extra crate.
    let (u, v): (f64, f64) = (rng.random::<f64>().max(1e-12), rng.random());
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

fn pick(rng: &mut StdRng, odds: &[f64], grades: &[Grade]) -> Grade {
    let mut roll = rng.random::<f64>() * odds.iter().sum::<f64>();
    for (odd, grade) in odds.iter().zip(grades) {
        if roll < *odd {
            return *grade;
        }
        roll -= odd;
    }
    grades[grades.len() - 1]
}

pub fn review_seconds(rng: &mut StdRng) -> i64 {
    rng.random_range(8..=20)
}

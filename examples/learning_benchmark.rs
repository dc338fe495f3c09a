//! Learning benchmark: simulated learners study the real seed deck for 30 days with an
//! exam on day 30, under portcards (with and without the exam date), plain FSRS-6,
//! Anki's SM-2, Leitner boxes and random drilling, at equal minutes a day.
//!
//! The learners' memory follows a model the schedulers cannot see: (a) the FSRS-6
//! equations with per-learner parameter noise and per-card hidden difficulty, or (b)
//! exponential forgetting with per-card half-lives that grow on success (half-life
//! regression style), so that no scheduler wins only by sharing the learner's model.
//! Grades and review times follow fsrs-rs's SimulatorConfig defaults.
//!
//!     cargo run --release --example learning_benchmark [-- [--csv] [LEARNERS]]
//!
//! With `--csv` it prints one row per learner model, budget and scheduler instead of
//! the table: `learner_model,budget_min,scheduler,recall_mean,recall_ci95,reviews,minutes_used`.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use fsrs::{FSRS, MemoryState};
use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::progress::{Grade, Progress, Scope, Settings};
use portcards::schedule::Scheduler;
use portcards::session::{Session, Showing};
use portcards::table::parse_table;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const DAYS: i64 = 30;
const CORE_WEIGHT: f64 = 3.0;
const NEW_PER_DAY: usize = 10;
/// fsrs-rs SimulatorConfig defaults: first rating Again/Hard/Good/Easy, and the
/// rating when recalled Hard/Good/Easy.
const FIRST_RATING: [f64; 4] = [0.24, 0.094, 0.495, 0.171];
const RECALL_RATING: [f64; 3] = [0.224, 0.631, 0.145];

fn start() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-02T10:00:00+00:00").unwrap()
}

fn exam() -> DateTime<Utc> {
    (start() + Duration::days(DAYS) - Duration::hours(1)).to_utc()
}

// ---------------------------------------------------------------- learners ----

#[derive(Clone, Copy, PartialEq)]
enum Model {
    Fsrs,
    HalfLife,
}

/// One simulated learner's hidden memory of every card.
struct Learner {
    model: Model,
    fsrs: FSRS,
    decay: f32,
    /// Per card: FSRS memory and last review (model a), or half-life and last review (b).
    memory: Vec<Option<(MemoryState, DateTime<Utc>)>>,
    half_life: Vec<Option<(f64, DateTime<Utc>)>>,
    difficulty: Vec<f64>,
    rng: StdRng,
}

impl Learner {
    fn new(model: Model, cards: usize, seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut params = fsrs::DEFAULT_PARAMETERS.to_vec();
        for (index, value) in params.iter_mut().enumerate() {
            if index < 4 || (7..=10).contains(&index) {
                *value *= (normal(&mut rng) * 0.15).exp() as f32;
            }
        }
        let fsrs = FSRS::new(&params).unwrap_or_default();
        let decay = params[20];
        let difficulty = (0..cards).map(|_| normal(&mut rng)).collect();
        Learner { model, fsrs, decay, memory: vec![None; cards], half_life: vec![None; cards], difficulty, rng }
    }

    fn recall_probability(&self, card: usize, at: DateTime<Utc>) -> f64 {
        let days = |since: DateTime<Utc>| ((at - since).num_seconds().max(0) as f64) / 86_400.0;
        match self.model {
            Model::Fsrs => self.memory[card].map_or(0.0, |(memory, last)| {
                f64::from(fsrs::current_retrievability(memory, days(last) as f32, self.decay))
            }),
            Model::HalfLife => self.half_life[card].map_or(0.0, |(half, last)| 2f64.powf(-days(last) / half)),
        }
    }

    /// The learner answers: the grade they would give.
    fn answer(&mut self, card: usize, at: DateTime<Utc>) -> Grade {
        let seen = match self.model {
            Model::Fsrs => self.memory[card].is_some(),
            Model::HalfLife => self.half_life[card].is_some(),
        };
        let grade = if !seen {
            pick(&mut self.rng, &FIRST_RATING, &[Grade::Again, Grade::Hard, Grade::Good, Grade::Easy])
        } else if self.rng.random::<f64>() < self.recall_probability(card, at) {
            pick(&mut self.rng, &RECALL_RATING, &[Grade::Hard, Grade::Good, Grade::Easy])
        } else {
            Grade::Again
        };
        self.learn(card, grade, at);
        grade
    }

    fn learn(&mut self, card: usize, grade: Grade, at: DateTime<Utc>) {
        let rating = u32::from(grade.number());
        match self.model {
            Model::Fsrs => {
                let (previous, elapsed) = match self.memory[card] {
                    Some((memory, last)) => (Some(memory), u32::try_from((at - last).num_days().max(0)).unwrap_or(0)),
                    None => (None, 0),
                };
                let Ok(next) = self.fsrs.next_states(previous, 0.9, elapsed) else { return };
                let mut memory =
                    [next.again.memory, next.hard.memory, next.good.memory, next.easy.memory][rating as usize - 1];
                if previous.is_none() {
                    memory.difficulty = (memory.difficulty + 1.5 * self.difficulty[card] as f32).clamp(1.0, 10.0);
                }
                self.memory[card] = Some((memory, at));
            }
            Model::HalfLife => {
                let hardness = (0.4 * self.difficulty[card]).exp();
                let half = match (self.half_life[card], grade) {
                    (None, _) => 1.0 / hardness * (normal(&mut self.rng) * 0.3).exp(),
                    (Some((half, _)), Grade::Again) => (half * 0.5).max(0.05),
                    (Some((half, _)), grade) => {
                        let growth = match grade {
                            Grade::Hard => 1.5,
                            Grade::Easy => 3.5,
                            _ => 2.5,
                        };
                        half * growth / hardness.sqrt() * (normal(&mut self.rng) * 0.15).exp()
                    }
                };
                self.half_life[card] = Some((half, at));
            }
        }
    }
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

fn review_seconds(rng: &mut StdRng) -> i64 {
    rng.random_range(8..=20)
}

// -------------------------------------------------------------- schedulers ----

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    PortcardsExam,
    Portcards,
    PlainFsrs,
    Sm2,
    Leitner,
    Random,
}

impl Kind {
    const ALL: [Kind; 6] =
        [Kind::PortcardsExam, Kind::Portcards, Kind::PlainFsrs, Kind::Sm2, Kind::Leitner, Kind::Random];

    /// The scheduler column of the CSV.
    fn key(self) -> &'static str {
        match self {
            Kind::PortcardsExam => "portcards",
            Kind::Portcards => "portcards_no_date",
            Kind::PlainFsrs => "fsrs6",
            Kind::Sm2 => "sm2",
            Kind::Leitner => "leitner",
            Kind::Random => "random",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::PortcardsExam => "portcards, exam date",
            Kind::Portcards => "portcards, no date",
            Kind::PlainFsrs => "FSRS-6 (r=0.9)",
            Kind::Sm2 => "SM-2 (Anki)",
            Kind::Leitner => "Leitner 1-2-4-8-16",
            Kind::Random => "random drilling",
        }
    }
}

/// What a baseline keeps per card.
#[derive(Clone, Default)]
struct Baseline {
    due: Option<DateTime<Utc>>,
    /// SM-2 ease, Leitner box, or nothing.
    ease: f64,
    interval: f64,
    step: Option<usize>,
    fsrs: Option<portcards::progress::CardState>,
}

struct Outcome {
    recall: f64,
    reviews: usize,
    minutes: f64,
}

fn run(kind: Kind, deck: &Deck, learner: &mut Learner, budget_minutes: i64, seed: u64) -> Outcome {
    match kind {
        Kind::PortcardsExam | Kind::Portcards => {
            run_portcards(kind == Kind::PortcardsExam, deck, learner, budget_minutes, seed)
        }
        _ => run_baseline(kind, deck, learner, budget_minutes, seed),
    }
}

fn run_portcards(with_exam: bool, deck: &Deck, learner: &mut Learner, budget_minutes: i64, seed: u64) -> Outcome {
    let mut progress = Progress::default();
    // The port, service and transport cards: what the baselines schedule too.
    for scope in [
        &mut progress.settings.ask_counterparts,
        &mut progress.settings.ask_clear_text,
        &mut progress.settings.ask_scenarios,
        &mut progress.settings.ask_families,
    ] {
        *scope = Scope::Off;
    }
    if with_exam {
        progress.settings.exam_date = Some((start() + Duration::days(DAYS)).date_naive());
    }
    let mut session = Session::new(deck.clone(), progress, start(), seed);
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let (mut reviews, mut seconds_used) = (0, 0);
    for day in 0..DAYS {
        let mut now = start() + Duration::days(day);
        let mut spent = 0;
        session.refresh(now);
        session.stop_practising_ahead(now);
        loop {
            let cost = review_seconds(&mut rng);
            if spent + cost > budget_minutes * 60 {
                break;
            }
            if matches!(session.showing(), Showing::Done { .. }) {
                session.practise_ahead(now);
            }
            let Some(card) = session.current_card() else { break };
            let index = deck.position(&card.id).unwrap_or(0);
            let answer = card.answer.clone();
            let grade = learner.answer(index, now.to_utc());
            session.submit(if grade == Grade::Again { "" } else { &answer }, now);
            now += Duration::seconds(cost);
            session.grade(grade, now);
            spent += cost;
            reviews += 1;
        }
        seconds_used += spent;
    }
    Outcome { recall: exam_recall(deck, learner), reviews, minutes: seconds_used as f64 / 60.0 }
}

fn run_baseline(kind: Kind, deck: &Deck, learner: &mut Learner, budget_minutes: i64, seed: u64) -> Outcome {
    let scheduler = Scheduler::new(Settings { core_retention: 0.9, other_retention: 0.9, ..Settings::default() });
    let base = port_cards(deck);
    let mut cards: Vec<Baseline> = vec![Baseline { ease: 2.5, ..Baseline::default() }; base.len()];
    let mut rng = StdRng::seed_from_u64(seed ^ 0xba5e);
    let (mut reviews, mut seconds_used) = (0, 0);
    for day in 0..DAYS {
        let mut now = (start() + Duration::days(day)).to_utc();
        let (mut spent, mut new_today) = (0, 0);
        loop {
            let cost = review_seconds(&mut rng);
            if spent + cost > budget_minutes * 60 {
                break;
            }
            let card = if kind == Kind::Random {
                rng.random_range(0..cards.len())
            } else {
                let due = (0..cards.len())
                    .filter(|&c| cards[c].due.is_some_and(|due| due <= now))
                    .min_by_key(|&c| cards[c].due);
                let fresh =
                    || (new_today < NEW_PER_DAY).then(|| cards.iter().position(|card| card.due.is_none())).flatten();
                match due.or_else(fresh) {
                    Some(card) => card,
                    // Practise ahead by the scheduler's own rule: earliest due (Leitner:
                    // lowest box first).
                    None => match (0..cards.len()).filter(|&c| cards[c].due.is_some()).min_by(|&a, &b| {
                        let key = |c: usize| (if kind == Kind::Leitner { cards[c].ease } else { 0.0 }, cards[c].due);
                        key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal)
                    }) {
                        Some(card) => card,
                        None => break,
                    },
                }
            };
            new_today += usize::from(cards[card].due.is_none());
            let grade = learner.answer(base[card], now);
            now += Duration::seconds(cost);
            update_baseline(kind, &scheduler, deck, &mut cards[card], base[card], grade, now);
            spent += cost;
            reviews += 1;
        }
        seconds_used += spent;
    }
    Outcome { recall: exam_recall(deck, learner), reviews, minutes: seconds_used as f64 / 60.0 }
}

fn update_baseline(
    kind: Kind,
    scheduler: &Scheduler,
    deck: &Deck,
    card: &mut Baseline,
    index: usize,
    grade: Grade,
    now: DateTime<Utc>,
) {
    let days = |d: f64| Duration::seconds((d * 86_400.0) as i64);
    match kind {
        Kind::PlainFsrs => {
            let id = &deck.cards[index].id;
            let next = scheduler.apply(id, card.fsrs.as_ref(), false, grade, now.fixed_offset());
            card.due = Some(next.due);
            card.fsrs = Some(next);
        }
        Kind::Sm2 => sm2(card, grade, now),
        Kind::Leitner => {
            let boxes = [1.0, 2.0, 4.0, 8.0, 16.0];
            let level =
                if grade == Grade::Again || card.due.is_none() { 0.0 } else { (card.ease.min(4.0) + 1.0).min(4.0) };
            card.ease = level;
            card.due = Some(now + days(boxes[level as usize]));
        }
        _ => card.due = Some(now),
    }
}

/// Anki's SM-2: learning steps 1 m and 10 m, graduating at 1 day (Easy 4 days), ease
/// 2.5 moved by -0.20 / -0.15 / +0.15, minimum 1.3, relearning step 10 m.
fn sm2(card: &mut Baseline, grade: Grade, now: DateTime<Utc>) {
    let minutes = |m: i64| Duration::minutes(m);
    let days = |d: f64| Duration::seconds((d.max(1.0) * 86_400.0) as i64);
    let steps = [1, 10];
    match card.step.or(if card.due.is_none() { Some(0) } else { None }) {
        Some(step) => match grade {
            Grade::Again => {
                card.step = Some(0);
                card.due = Some(now + minutes(steps[0]));
            }
            Grade::Hard => {
                card.step = Some(step);
                card.due = Some(now + minutes(if step == 0 { 6 } else { steps[step] }));
            }
            Grade::Good if step + 1 < steps.len() && card.interval == 0.0 => {
                card.step = Some(step + 1);
                card.due = Some(now + minutes(steps[step + 1]));
            }
            Grade::Good | Grade::Easy => {
                let graduate = if card.interval > 0.0 {
                    card.interval
                } else if grade == Grade::Easy {
                    4.0
                } else {
                    1.0
                };
                card.step = None;
                card.interval = graduate;
                card.due = Some(now + days(graduate));
            }
        },
        None => {
            match grade {
                Grade::Again => {
                    card.ease = (card.ease - 0.20).max(1.3);
                    card.interval = 1.0;
                    card.step = Some(1);
                    card.due = Some(now + minutes(10));
                    return;
                }
                Grade::Hard => {
                    card.ease = (card.ease - 0.15).max(1.3);
                    card.interval *= 1.2;
                }
                Grade::Good => card.interval *= card.ease,
                Grade::Easy => {
                    card.interval *= card.ease * 1.3;
                    card.ease += 0.15;
                }
            }
            card.due = Some(now + days(card.interval));
        }
    }
}

/// The deck's port, service and transport cards (not the exam-style kinds).
fn port_cards(deck: &Deck) -> Vec<usize> {
    (0..deck.cards.len()).filter(|&card| !deck.cards[card].direction.is_exam_kind()).collect()
}

/// Core-weighted probability of recall on exam day, from the learner's hidden memory.
fn exam_recall(deck: &Deck, learner: &Learner) -> f64 {
    let (mut sum, mut weight) = (0.0, 0.0);
    for index in port_cards(deck) {
        let card = &deck.cards[index];
        let w = if card.core { CORE_WEIGHT } else { 1.0 };
        sum += w * learner.recall_probability(index, exam());
        weight += w;
    }
    sum / weight
}

// ------------------------------------------------------------------ report ----

fn mean_and_interval(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, 1.96 * (variance / n).sqrt())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let csv = args.iter().any(|arg| arg == "--csv");
    let learners: u64 = args.iter().find_map(|arg| arg.parse().ok()).unwrap_or(100);
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
    let started = std::time::Instant::now();
    if csv {
        println!("learner_model,budget_min,scheduler,recall_mean,recall_ci95,reviews,minutes_used");
    } else {
        println!(
            "Learning benchmark: {} cards ({} core, weight {CORE_WEIGHT}), {DAYS} days, exam on day {DAYS}, {learners} learners per cell",
            port_cards(&deck).len(),
            port_cards(&deck).iter().filter(|&&c| deck.cards[c].core).count()
        );
    }
    for (model, model_key, model_name) in [
        (Model::Fsrs, "fsrs6", "FSRS-6 learners (noisy parameters, hidden card difficulty)"),
        (Model::HalfLife, "half_life", "half-life learners (exponential forgetting)"),
    ] {
        for budget in [1, 2, 5] {
            if !csv {
                println!("\n{model_name}, {budget} min a day");
                println!("  {:<22} {:>22} {:>9} {:>9}", "scheduler", "exam-day recall (95%)", "reviews", "minutes");
            }
            for kind in Kind::ALL {
                let mut recalls = Vec::new();
                let mut reviews = Vec::new();
                let mut minutes = Vec::new();
                for learner_seed in 0..learners {
                    let mut learner = Learner::new(model, deck.cards.len(), learner_seed * 7919 + budget as u64);
                    let outcome = run(kind, &deck, &mut learner, budget, learner_seed);
                    recalls.push(outcome.recall);
                    reviews.push(outcome.reviews as f64);
                    minutes.push(outcome.minutes);
                }
                let (recall, spread) = mean_and_interval(&recalls);
                let (reviews, _) = mean_and_interval(&reviews);
                let (minutes, _) = mean_and_interval(&minutes);
                if csv {
                    println!("{model_key},{budget},{},{recall:.4},{spread:.4},{reviews:.1},{minutes:.1}", kind.key());
                    continue;
                }
                println!(
                    "  {:<22} {:>13.1} % ± {:>4.1} {:>9.0} {:>9.1}",
                    kind.name(),
                    recall * 100.0,
                    spread * 100.0,
                    reviews,
                    minutes
                );
            }
        }
    }
    if !csv {
        println!("\n({:.1} s)", started.elapsed().as_secs_f64());
    }
}

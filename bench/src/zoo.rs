//! The zoo: every scheduler meets the same learners in every cell (family, deck,
//! horizon, minutes a day), on all threads, and each cell's results become a row.

use chrono::{DateTime, Utc};
use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::schedule::CORE_WEIGHT;
use portcards::table::PortRow;

use crate::baselines::run_baseline;
use crate::learners::{Family, Learner, exam};
use crate::portcards_run::run_portcards;

pub const NEW_PER_DAY: usize = 10;
pub const HORIZONS: [i64; 3] = [14, 30, 60];
pub const BUDGETS: [i64; 4] = [1, 2, 5, 10];

/// Recall as the benchmark weighs it: core cards [`CORE_WEIGHT`] times the rest.
pub fn weight_of(core: bool) -> f64 {
    if core { f64::from(CORE_WEIGHT) } else { 1.0 }
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Kind {
    PortcardsExam,
    Portcards,
    PlainFsrs,
    FsrsCore,
    FsrsExamFill,
    Sm2,
    Leitner,
    Random,
    Oracle,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::PortcardsExam,
        Kind::Portcards,
        Kind::PlainFsrs,
        Kind::FsrsCore,
        Kind::FsrsExamFill,
        Kind::Sm2,
        Kind::Leitner,
        Kind::Random,
        Kind::Oracle,
    ];

    /// The scheduler column of the CSV.
    pub fn key(self) -> &'static str {
        match self {
            Kind::PortcardsExam => "portcards",
            Kind::Portcards => "portcards_no_date",
            Kind::PlainFsrs => "fsrs6",
            Kind::FsrsCore => "fsrs6_core95",
            Kind::FsrsExamFill => "fsrs6_exam_fill",
            Kind::Sm2 => "sm2",
            Kind::Leitner => "leitner",
            Kind::Random => "random",
            Kind::Oracle => "oracle",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Kind::PortcardsExam => "pc+date",
            Kind::Portcards => "pc",
            Kind::PlainFsrs => "fsrs.9",
            Kind::FsrsCore => "fsrs.95c",
            Kind::FsrsExamFill => "fsrs+fill",
            Kind::Sm2 => "sm2",
            Kind::Leitner => "leitner",
            Kind::Random => "random",
            Kind::Oracle => "oracle",
        }
    }

    pub fn is_real(self) -> bool {
        self != Kind::Oracle
    }
}

/// What one learner ended a run with.
#[derive(Clone, Copy)]
pub struct Outcome {
    pub recall: f64,
    pub reviews: usize,
    pub minutes: f64,
}

/// One experiment: a deck, a horizon, minutes a day.
pub struct Cell<'a> {
    pub deck: &'a Deck,
    /// The cards scored on exam day: the deck's port, service and transport cards.
    pub cards: &'a [usize],
    pub horizon: i64,
    pub budget: i64,
}

/// One learner's run under one scheduler.
pub fn run(kind: Kind, cell: &Cell, learner: &mut Learner, seed: u64) -> Outcome {
    match kind {
        Kind::PortcardsExam | Kind::Portcards => run_portcards(kind == Kind::PortcardsExam, cell, learner, seed),
        _ => run_baseline(kind, cell, learner, seed),
    }
}

/// The deck's port, service and transport cards (not the exam-style kinds).
pub fn port_cards(deck: &Deck) -> Vec<usize> {
    (0..deck.cards.len()).filter(|&card| !deck.cards[card].direction.is_exam_kind()).collect()
}

/// Core-weighted probability of knowing each card on exam day, by the hidden memory.
pub fn exam_recall(cell: &Cell, learner: &Learner) -> f64 {
    let (mut sum, mut weight) = (0.0, 0.0);
    let exam_at = exam(cell.horizon);
    for &index in cell.cards {
        let w = weight_of(cell.deck.cards[index].core);
        sum += w * learner.recall(index, exam_at);
        weight += w;
    }
    sum / weight
}

/// A smaller deck as the outside simulation uses: 50 cards, 15 of them core, from
/// whole rows of the seed table (core rows first, then the others in table order).
pub fn small_deck(rows: &[PortRow], facts: &Facts) -> Deck {
    let cards_of = |chosen: &[PortRow]| Deck::build(chosen.to_vec(), facts, false);
    let mut chosen: Vec<PortRow> = Vec::new();
    for want_core in [true, false] {
        for row in rows.iter().filter(|row| row.core == want_core) {
            let deck = cards_of(&chosen);
            let cards = port_cards(&deck);
            let core = cards.iter().filter(|&&c| deck.cards[c].core).count();
            let (target_core, target_all) = (15, 50);
            if (want_core && core >= target_core) || cards.len() >= target_all {
                continue;
            }
            let mut trial = chosen.clone();
            trial.push(row.clone());
            let trial_deck = cards_of(&trial);
            let trial_cards = port_cards(&trial_deck);
            let trial_core = trial_cards.iter().filter(|&&c| trial_deck.cards[c].core).count();
            if trial_core <= target_core && trial_cards.len() <= target_all {
                chosen = trial;
            }
        }
    }
    cards_of(&chosen)
}

/// Core-weighted probability of knowing each card at `at`, by the hidden memory.
pub fn exam_recall_at(cell: &Cell, learner: &Learner, at: DateTime<Utc>) -> f64 {
    let (mut sum, mut weight) = (0.0, 0.0);
    for &index in cell.cards {
        let w = weight_of(cell.deck.cards[index].core);
        sum += w * learner.recall(index, at);
        weight += w;
    }
    sum / weight
}

/// The mean and its 95 % interval's half-width.
pub fn mean_and_interval(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, 1.96 * (variance / n).sqrt())
}

/// One cell under one scheduler: the mean over its learners.
#[derive(Clone)]
pub struct Row {
    pub family: Family,
    pub deck_cards: usize,
    pub horizon: i64,
    pub budget: i64,
    pub kind: Kind,
    pub recall: f64,
    pub spread: f64,
    pub reviews: f64,
    pub minutes: f64,
    /// Each learner's recall, in learner order: the same learners for every scheduler,
    /// so that two schedulers' differences can be read learner by learner.
    pub recalls: Vec<f64>,
}

/// The decks played, each with the cards scored on it.
pub type Decks<'a> = [(&'a Deck, Vec<usize>)];

/// Every cell of these families under these schedulers, on all threads.
pub fn run_all(decks: &Decks, families: &[Family], schedulers: &[Kind], learners: u64) -> Vec<Row> {
    let mut jobs: Vec<(Family, usize, i64, i64)> = Vec::new();
    for &family in families {
        for deck_index in 0..decks.len() {
            for horizon in HORIZONS {
                for budget in BUDGETS {
                    jobs.push((family, deck_index, horizon, budget));
                }
            }
        }
    }
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let next_job = std::sync::atomic::AtomicUsize::new(0);
    let rows: std::sync::Mutex<Vec<Row>> = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let job = next_job.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&(family, deck_index, horizon, budget)) = jobs.get(job) else { break };
                    let (deck, cards) = &decks[deck_index];
                    let cell = Cell { deck, cards, horizon, budget };
                    for &kind in schedulers {
                        let mut recalls = Vec::new();
                        let mut reviews = Vec::new();
                        let mut minutes = Vec::new();
                        for learner_seed in 0..learners {
                            // The same learners for every scheduler: differences are paired.
                            let seed = learner_seed * 7919 + budget as u64 * 31 + horizon as u64;
                            let mut learner = Learner::new(family, deck.cards.len(), seed);
                            let outcome = run(kind, &cell, &mut learner, learner_seed);
                            recalls.push(outcome.recall);
                            reviews.push(outcome.reviews as f64);
                            minutes.push(outcome.minutes);
                        }
                        let (recall, spread) = mean_and_interval(&recalls);
                        let row = Row {
                            family,
                            deck_cards: cards.len(),
                            horizon,
                            budget,
                            kind,
                            recall,
                            spread,
                            reviews: mean_and_interval(&reviews).0,
                            minutes: mean_and_interval(&minutes).0,
                            recalls,
                        };
                        rows.lock().unwrap().push(row);
                    }
                }
            });
        }
    });
    let mut rows = rows.into_inner().unwrap();
    rows.sort_by_key(|row| {
        (row.family, row.deck_cards, row.horizon, row.budget, Kind::ALL.iter().position(|k| *k == row.kind))
    });
    rows
}

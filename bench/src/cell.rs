//! One cell of the benchmark (a deck, a horizon, minutes a day), the schedulers that
//! play it, and how a learner's run is scored: core-weighted recall on exam day.

use chrono::{DateTime, Utc};
use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::schedule::CORE_WEIGHT;
use portcards::table::PortRow;

use crate::learners::{Learner, exam};

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
/// The decks played, each with the cards scored on it.
pub type Decks<'a> = [(&'a Deck, Vec<usize>)];

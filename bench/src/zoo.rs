//! The zoo: every scheduler meets the same learners in every cell (family, deck,
//! horizon, minutes a day), on all threads, and each cell's results become a row.

use crate::baselines::run_baseline;
use crate::cell::{BUDGETS, Cell, Decks, HORIZONS, Kind, Outcome, mean_and_interval};
use crate::learners::{Family, Learner};
use crate::portcards_run::run_portcards;

/// One learner's run under one scheduler.
pub fn run(kind: Kind, cell: &Cell, learner: &mut Learner, seed: u64) -> Outcome {
    match kind {
        Kind::PortcardsExam | Kind::Portcards => run_portcards(kind == Kind::PortcardsExam, cell, learner, seed),
        _ => run_baseline(kind, cell, learner, seed),
    }
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

#[cfg(test)]
mod tests {
    use portcards::facts::Facts;
    use portcards::table::parse_table;

    use super::*;
    use crate::cell::{port_cards, small_deck};

    #[test]
    fn the_same_learner_under_the_same_scheduler_ends_alike_and_every_scheduler_spends_the_budget() {
        let table = parse_table(portcards::BUILTIN_TABLE);
        let deck = small_deck(&table.rows, &Facts::builtin());
        let cards = port_cards(&deck);
        assert_eq!(cards.iter().filter(|&&card| deck.cards[card].core).count(), 15);
        let cell = Cell { deck: &deck, cards: &cards, horizon: 5, budget: 2 };
        for kind in Kind::ALL {
            let play = || run(kind, &cell, &mut Learner::new(Family::Fsrs, deck.cards.len(), 3), 3);
            let (first, again) = (play(), play());
            assert_eq!((first.recall, first.reviews), (again.recall, again.reviews), "{kind:?} is reproducible");
            assert!((0.0..=1.0).contains(&first.recall), "{kind:?}: {}", first.recall);
            assert!(first.minutes <= 5.0 * 2.0 && first.minutes > 5.0, "{kind:?} used {} min", first.minutes);
        }
    }
}

//! What a run prints: the table per family, the zoo's means, the count of cells where
//! portcards is first, the short cells read learner by learner; or one CSV row per
//! cell and scheduler; or the held-out case of a 48-card deck over 30 days.

use std::collections::BTreeMap;

use portcards::deck::Deck;
use portcards::schedule::CORE_WEIGHT;

use crate::cell::{BUDGETS, Cell, HORIZONS, Kind, mean_and_interval};
use crate::learners::{Family, Learner};
use crate::zoo::{Row, run};

/// Differences in mean recall below this are the benchmark's noise, not a choice.
const RESOLUTION: f64 = 0.005;

/// One CSV row per family, budget, horizon, deck and scheduler.
pub fn csv(rows: &[Row]) {
    println!("learner_model,budget_min,scheduler,recall_mean,recall_ci95,reviews,minutes_used,horizon_days,deck_cards");
    for row in rows {
        println!(
            "{},{},{},{:.4},{:.4},{:.1},{:.1},{},{}",
            row.family.key(),
            row.budget,
            row.kind.key(),
            row.recall,
            row.spread,
            row.reviews,
            row.minutes,
            row.horizon,
            row.deck_cards
        );
    }
}

/// A cell portcards with a date is short in: the best rival and the paired
/// difference's mean and 95 % interval.
type Short<'a> = (&'a Family, &'a usize, &'a i64, &'a i64, Kind, (f64, f64));

/// The counts the report closes on.
#[derive(Default)]
struct Tally {
    first_or_close: usize,
    no_date_ok: usize,
    no_date_within_interval: usize,
    total: usize,
}

/// The report: each family's table, the zoo's means and the counts.
pub fn report(rows: &[Row], learners: u64, deck_sizes: &[usize]) {
    println!(
        "Learning benchmark: decks of {deck_sizes:?} port cards (core weight {CORE_WEIGHT}), horizons {HORIZONS:?} days, \
         {BUDGETS:?} min a day, {learners} learners per cell; exam-day core-weighted recall"
    );
    let mut cells: BTreeMap<(Family, usize, i64, i64), Vec<&Row>> = BTreeMap::new();
    for row in rows {
        cells.entry((row.family, row.deck_cards, row.horizon, row.budget)).or_default().push(row);
    }
    let mut current: Option<Family> = None;
    let mut short: Vec<Short> = Vec::new();
    let mut tally = Tally::default();
    for ((family, deck_cards, horizon, budget), row) in &cells {
        if current != Some(*family) {
            current = Some(*family);
            println!("\n{}", family.name());
            print!("  {:>5} {:>4} {:>4} ", "cards", "days", "min");
            for kind in Kind::ALL {
                print!("{:>10}", kind.short());
            }
            println!("   best real other");
        }
        if let Some((best, difference)) = score_cell(row, &mut tally) {
            short.push((family, deck_cards, horizon, budget, best, difference));
        }
        print_cell(row, *deck_cards, *horizon, *budget);
    }
    println!("\nMean over the zoo (every family, deck, horizon and budget):");
    for kind in Kind::ALL {
        let values: Vec<f64> = rows.iter().filter(|row| row.kind == kind).map(|row| row.recall).collect();
        println!("  {:<10} {:.4}", kind.short(), values.iter().sum::<f64>() / values.len() as f64);
    }
    let Tally { first_or_close, no_date_ok, no_date_within_interval, total } = tally;
    println!(
        "portcards with a date first or within 0.005 of the best other scheduler: {first_or_close} of {total} cells; \
         without a date at least FSRS-6 0.9 (within 0.005): {no_date_ok} of {total}, \
         (within its 95 % interval): {no_date_within_interval} of {total}"
    );
    print_short(&short);
}

fn recall_of(row: &[&Row], kind: Kind) -> f64 {
    row.iter().find(|r| r.kind == kind).map_or(0.0, |r| r.recall)
}

/// Counts one cell; when portcards with a date is short of the best rival (its own
/// no-date run included), that rival and the paired difference.
fn score_cell(row: &[&Row], tally: &mut Tally) -> Option<(Kind, (f64, f64))> {
    let recall = |kind: Kind| recall_of(row, kind);
    let best = Kind::ALL
        .into_iter()
        .filter(|kind| kind.is_real() && *kind != Kind::PortcardsExam)
        .max_by(|a, b| recall(*a).total_cmp(&recall(*b)))
        .unwrap();
    tally.total += 1;
    if recall(Kind::Portcards) >= recall(Kind::PlainFsrs) - RESOLUTION {
        tally.no_date_ok += 1;
    }
    // Never worse than plain FSRS-6 by more than the interval.
    let interval = row.iter().find(|r| r.kind == Kind::Portcards).map_or(0.0, |r| r.spread);
    if recall(Kind::Portcards) >= recall(Kind::PlainFsrs) - interval.max(RESOLUTION) {
        tally.no_date_within_interval += 1;
    }
    if recall(Kind::PortcardsExam) >= recall(best) - RESOLUTION {
        tally.first_or_close += 1;
        return None;
    }
    let recalls = |kind: Kind| row.iter().find(|r| r.kind == kind).map_or(&[][..], |r| &r.recalls[..]);
    let differences: Vec<f64> =
        recalls(Kind::PortcardsExam).iter().zip(recalls(best)).map(|(ours, theirs)| ours - theirs).collect();
    Some((best, mean_and_interval(&differences)))
}

/// One cell's line: every scheduler's recall, the best real one starred, and the best
/// real scheduler other than portcards.
fn print_cell(row: &[&Row], deck_cards: usize, horizon: i64, budget: i64) {
    let recall = |kind: Kind| recall_of(row, kind);
    let best_other = Kind::ALL
        .into_iter()
        .filter(|kind| kind.is_real() && !matches!(kind, Kind::PortcardsExam | Kind::Portcards))
        .max_by(|a, b| recall(*a).total_cmp(&recall(*b)))
        .unwrap();
    print!("  {deck_cards:>5} {horizon:>4} {budget:>4} ");
    let best = Kind::ALL.into_iter().filter(|kind| kind.is_real()).map(recall).fold(f64::NEG_INFINITY, f64::max);
    for kind in Kind::ALL {
        let mark = if kind.is_real() && recall(kind) >= best - 1e-9 { "*" } else { " " };
        print!("{:>9.3}{mark}", recall(kind));
    }
    println!("   {}", best_other.short());
}

/// The cells short of first, learner by learner: the learners are the same for every
/// scheduler, so a paired difference is far less noisy than two means' intervals.
fn print_short(short: &[Short]) {
    if short.is_empty() {
        return;
    }
    println!(
        "\nThe cells short of that, learner by learner (portcards with a date minus the best other, 95 % interval):"
    );
    let beyond = short.iter().filter(|(.., (difference, interval))| difference + interval < -RESOLUTION).count();
    for (family, deck_cards, horizon, budget, best, (difference, interval)) in short {
        println!(
            "  {:<10} {deck_cards:>5} cards {horizon:>3} days {budget:>3} min   {difference:+.3} ±{interval:.3}   ({})",
            family.key(),
            best.short()
        );
    }
    println!("still more than 0.005 short at the interval's upper end: {beyond} of {}", short.len());
}

/// The held-out case of an outside simulation, as near as this table allows: the 48-card deck of
/// whole rows (15 core), 30 days with the exam on day 30, 1, 2 and 5 minutes a day,
/// FSRS-like learners and half-life learners whose first half-life is about 5 days.
pub fn issue_case(deck: &Deck, cards: &[usize], learners: u64) {
    println!(
        "The issue's case: {} cards (15 core, weight {CORE_WEIGHT}), 30 days, {learners} learners; \
         exam-day core-weighted recall (95 % interval)",
        cards.len()
    );
    println!("| learners | min/day | portcards + date | portcards, no date | best other scheduler |");
    println!("| --- | --- | --- | --- | --- |");
    for (family, first_half, name) in
        [(Family::Fsrs, None, "FSRS-like"), (Family::HalfLife, Some(5.0), "half-life, first ~5 days")]
    {
        for budget in [1, 2, 5] {
            let cell = Cell { deck, cards, horizon: 30, budget };
            let mut results: Vec<(Kind, f64, f64)> = Vec::new();
            for kind in Kind::ALL.into_iter().filter(|kind| kind.is_real()) {
                let recalls: Vec<f64> = (0..learners)
                    .map(|learner_seed| {
                        let seed = 1_000_003 + learner_seed * 7919 + budget as u64 * 31;
                        let mut learner = Learner::new(family, deck.cards.len(), seed);
                        if let Some(days) = first_half {
                            // About five days: within 20 % either way.
                            learner.first_half = days * (0.8 + 0.4 * (learner_seed as f64 / learners as f64));
                        }
                        run(kind, &cell, &mut learner, learner_seed).recall
                    })
                    .collect();
                let (mean, interval) = mean_and_interval(&recalls);
                results.push((kind, mean, interval));
            }
            let of = |kind: Kind| results.iter().find(|r| r.0 == kind).map_or((0.0, 0.0), |r| (r.1, r.2));
            let best = results
                .iter()
                .filter(|r| !matches!(r.0, Kind::PortcardsExam | Kind::Portcards))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map_or((Kind::Random, 0.0), |r| (r.0, r.1));
            let ((date, date_ci), (no_date, no_date_ci)) = (of(Kind::PortcardsExam), of(Kind::Portcards));
            println!(
                "| {name} | {budget} | {date:.3} ±{date_ci:.3} | {no_date:.3} ±{no_date_ci:.3} | {:.3} ({}) |",
                best.1,
                best.0.short()
            );
        }
    }
}

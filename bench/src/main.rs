//! Learning benchmark: a zoo of simulated learners studies port cards for 14, 30 or
//! 60 days with an exam at the end, under portcards (with and without the exam date)
//! and six other schedulers, each spending the same minutes a day; plus a reference
//! no real scheduler can be, which reads each learner's hidden memory.
//!
//! The learners come from five memory-model families, with parameters drawn per
//! learner over a wide range, so that no scheduler wins only by sharing one model:
//!
//! - `fsrs6`: the FSRS-6 equations with noisy parameters and hidden card difficulty;
//! - `half_life`: exponential forgetting whose half-life starts anywhere from 0.5 to
//!   10 days and grows on each success (half-life regression style);
//! - `power_law`: ACT-R style activation with a spacing effect: each presentation
//!   decays faster the stronger the memory already was, so same-day repeats add little;
//! - `massed`: every exposure (right or wrong) adds strength regardless of spacing, so
//!   massed practice does help;
//! - `slip_guess`: FSRS-like memory seen through noisy answers: a known card is
//!   sometimes missed (slip), an unknown one sometimes answered right (guess).
//!
//! portcards is driven only through `Session`'s public calls, as an outside benchmark
//! would. Grades and review times follow fsrs-rs's SimulatorConfig defaults. Every
//! scheduler meets the same learners, and each card draws its answers from its own
//! stream (common random numbers), so two schedulers compare on their picks, not on
//! luck. docs/learning-benchmark.md has the results and how to read them.
//!
//!     cargo run --release -p portcards-bench [-- [--csv] [--learners N] [--family NAME] [--schedulers A,B]]
//!     cargo run --release -p portcards-bench -- --issue-case   # a 48-card deck, 30 days, 100 learners
//!     cargo run --release -p portcards-bench -- --trace massed,1,14,1,1   # one learner, day by day
//!     cargo run --release -p portcards-bench -- --class [--classes N]   # classes of 30 in live rounds
//!     cargo run --release -p portcards-bench -- --class-tuning          # the same on the tuning classes
//!     cargo run --release -p portcards-bench -- --class-bounds          # against look-aheads to the exam
//!     cargo run --release -p portcards-bench -- --class-calibration     # the class memory's estimates, checked
//!
//! `--class` (`class_sim`): classes of 30 students of one family play a live round
//! of 10 questions twice a week for six weeks, the rounds planned from the class's
//! memory, at random, or from last round's misses; the exam-day recall of the core
//! pool, per family and plan, with the paired difference from random rounds. The
//! class memory's constants were tuned on two families (`--class-tuning`, other
//! seeds); the report's other three were not looked at while tuning. `--class-bounds`
//! adds two look-aheads no teacher's round has (the exam date, and with it every
//! student's hidden memory); `--class-calibration` sets the memory's estimate before
//! each round against the share of the class that then knew the card.
//!
//! `--csv` prints one row per family, budget, horizon, deck and scheduler:
//! `learner_model,budget_min,scheduler,recall_mean,recall_ci95,reviews,minutes_used,horizon_days,deck_cards`.

mod baselines;
mod cell;
mod class_sim;
mod day_lines;
mod learners;
mod portcards_run;
mod report;
mod trace;
mod zoo;

use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::table::parse_table;

use crate::cell::{Kind, port_cards, small_deck};
use crate::learners::Family;
use crate::zoo::run_all;

/// What the command line asks for.
struct Options {
    csv: bool,
    learners: Option<u64>,
    family: Option<String>,
    schedulers: Vec<Kind>,
    trace: Option<String>,
    issue_case: bool,
    class: bool,
    class_tuning: bool,
    class_bounds: bool,
    class_calibration: bool,
    classes: Option<u64>,
}

impl Options {
    fn parse(args: &[String]) -> Options {
        let value_of = |flag: &str| args.iter().position(|arg| arg == flag).and_then(|at| args.get(at + 1)).cloned();
        // --schedulers portcards,fsrs6: only these (the others' rows from an earlier
        // --csv run stay valid while only portcards changes).
        let schedulers = match value_of("--schedulers") {
            Some(list) => Kind::ALL.into_iter().filter(|kind| list.split(',').any(|name| name == kind.key())).collect(),
            None => Kind::ALL.to_vec(),
        };
        Options {
            csv: args.iter().any(|arg| arg == "--csv"),
            learners: value_of("--learners").and_then(|n| n.parse().ok()),
            family: value_of("--family"),
            schedulers,
            trace: value_of("--trace"),
            issue_case: args.iter().any(|arg| arg == "--issue-case"),
            class: args.iter().any(|arg| arg == "--class"),
            class_tuning: args.iter().any(|arg| arg == "--class-tuning"),
            class_bounds: args.iter().any(|arg| arg == "--class-bounds"),
            class_calibration: args.iter().any(|arg| arg == "--class-calibration"),
            classes: value_of("--classes").and_then(|n| n.parse().ok()),
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = Options::parse(&args);
    if let Some(spec) = &options.trace {
        trace::trace(spec);
        return;
    }
    let table = parse_table(portcards::BUILTIN_TABLE);
    let facts = Facts::builtin();
    let full = Deck::build(table.rows.clone(), &facts, false);
    let small = small_deck(&table.rows, &facts);
    let decks = [(&full, port_cards(&full)), (&small, port_cards(&small))];
    let started = std::time::Instant::now();
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let classes = options.classes.unwrap_or(class_sim::CLASSES);
    if options.class_calibration {
        class_sim::class_calibration(&full, classes);
        println!("\n({:.1} s, {threads} threads)", started.elapsed().as_secs_f64());
        return;
    }
    let class_table = if options.class_tuning {
        Some(class_sim::ClassTable::Tuning)
    } else if options.class_bounds {
        Some(class_sim::ClassTable::Bounds)
    } else {
        options.class.then_some(class_sim::ClassTable::Report)
    };
    if let Some(table) = class_table {
        class_sim::class_report(&full, classes, table);
        println!("\n({:.1} s, {threads} threads)", started.elapsed().as_secs_f64());
        return;
    }
    if options.issue_case {
        report::issue_case(&small, &decks[1].1, options.learners.unwrap_or(100));
        println!("\n({:.1} s, {threads} threads)", started.elapsed().as_secs_f64());
        return;
    }
    let learners = options.learners.unwrap_or(10);
    let families: Vec<Family> = Family::ALL
        .into_iter()
        .filter(|family| options.family.as_deref().is_none_or(|name| name == family.key()))
        .collect();
    let rows = run_all(&decks, &families, &options.schedulers, learners);
    if options.csv {
        report::csv(&rows);
        return;
    }
    report::report(&rows, learners, &decks.iter().map(|(_, cards)| cards.len()).collect::<Vec<_>>());
    println!("\n({:.1} s, {threads} threads)", started.elapsed().as_secs_f64());
}

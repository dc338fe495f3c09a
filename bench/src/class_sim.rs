//! The class simulation (issue #44): does planning live rounds from the class's memory
//! (`portcards::live::class_memory`) leave a class knowing more on exam day than
//! random rounds, or than asking last round's misses again?
//!
//! A class is 30 students of one learner family, each with their own hidden memory
//! ([`Learner`]). Twice a week for six weeks (Tuesday and Friday, 10:00) the class
//! plays a round of 10 four-option questions from the live round's core pool. Every
//! student answers every question: right if they recall it, or, not recalling it, by a
//! blind guess among the four options (one in four); a slip-and-guess learner also
//! slips on some it knows. At the reveal every student sees the answer, which is a
//! review for them: Good if they recalled it, Again if not. Students do nothing else
//! between rounds (no self-study), so what a class knows comes from its rounds alone.
//! The exam is the Monday after the sixth week, three days after the last round; the
//! class's score is each student's hidden chance of recalling each core card of the
//! pool then (not a sampled answer), averaged over cards and students.
//!
//! The three plans meet the same students with the same stream of chance per card
//! (common random numbers), so a class's scores under two plans are paired.

use chrono::{DateTime, Duration, Utc};
use portcards::deck::{Deck, Direction};
use portcards::live::class_memory::{AskedQuestion, ClassMemory, PlayedRound, plan_review};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::cell::mean_and_interval;
use crate::learners::{Family, Learner, start};

pub const STUDENTS: u64 = 30;
pub const QUESTIONS: usize = 10;
pub const WEEKS: i64 = 6;
/// Classes a family and plan, unless `--classes` says otherwise.
pub const CLASSES: u64 = 100;
/// A blind guess among four options.
pub const FOUR_OPTIONS_GUESS: f64 = 0.25;
/// `last_misses` asks again last round's questions with fewer right than this share.
pub const LAST_MISSES_BELOW: f64 = 0.8;
/// The families class_memory.rs's constants were tuned on; the others are the report.
pub const TUNED_ON: [Family; 2] = [Family::Fsrs, Family::Massed];
/// The first class seed of the tuning runs and of the report: different classes.
const TUNING_SEED: u64 = 0;
const REPORT_SEED: u64 = 1_000_000;

/// How the next round's questions are chosen.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Plan {
    /// `plan_review` from `ClassMemory::from_rounds` of the rounds played so far.
    ClassMemory,
    /// Ten pool cards at random, none twice in a round.
    Random,
    /// Last round's questions below [`LAST_MISSES_BELOW`] right, fewest right first,
    /// topped up at random.
    LastMisses,
    /// A bound, not a plan a teacher has: the cards the class memory says asking now
    /// adds most to on exam day (`ClassMemory::recall_then_if_asked`), which needs the
    /// class's exam date.
    ExamLookAhead,
    /// A bound no live round can reach: the cards asking now adds most to on exam day
    /// by every student's hidden memory (`Learner::exam_gain`), which needs each
    /// student's history and the exam date.
    HiddenMemory,
}

impl Plan {
    pub const ALL: [Plan; 3] = [Plan::ClassMemory, Plan::Random, Plan::LastMisses];
    /// `--class-bounds`: the shipped plan against random and the two look-aheads.
    pub const BOUNDS: [Plan; 4] = [Plan::ClassMemory, Plan::Random, Plan::ExamLookAhead, Plan::HiddenMemory];

    pub fn key(self) -> &'static str {
        match self {
            Plan::ClassMemory => "class_memory",
            Plan::Random => "random",
            Plan::LastMisses => "last_misses",
            Plan::ExamLookAhead => "exam_look_ahead",
            Plan::HiddenMemory => "hidden_memory",
        }
    }
}

/// The live round's core pool: the quick cards (port to service and back) of core rows,
/// as `Round::new` picks them for `LivePool::Core`.
pub fn core_pool(deck: &Deck) -> Vec<usize> {
    (0..deck.cards.len())
        .filter(|&index| {
            let card = &deck.cards[index];
            card.core && matches!(card.direction, Direction::PortToService | Direction::ServiceToPort)
        })
        .collect()
}

/// Tuesday and Friday at 10:00 of each week from the benchmark's first day (a Monday).
pub fn round_times() -> Vec<DateTime<Utc>> {
    (0..WEEKS).flat_map(|week| [1, 4].map(|weekday| (start() + Duration::days(7 * week + weekday)).to_utc())).collect()
}

/// The Monday after the last week, 10:00.
pub fn exam_at() -> DateTime<Utc> {
    (start() + Duration::days(7 * WEEKS)).to_utc()
}

/// One class of one family under one plan, from its seed: the class's exam-day recall
/// of the pool.
pub fn run_class(deck: &Deck, pool: &[usize], family: Family, plan: Plan, class_seed: u64) -> f64 {
    play_class(deck, pool, family, plan, class_seed, None)
}

/// Told each round's questions as answered, the class memory from the rounds before
/// it, and when it is played.
type BeforeRound<'a> = &'a mut dyn FnMut(&ClassMemory, DateTime<Utc>, &[AskedQuestion]);

/// [`run_class`], telling `before_round` (if any) each round's questions and the class
/// memory before it (what `--class-calibration` compares). The memory is worked out
/// only for a plan or a caller that reads it: its fit replays every round.
fn play_class(
    deck: &Deck,
    pool: &[usize],
    family: Family,
    plan: Plan,
    class_seed: u64,
    mut before_round: Option<BeforeRound>,
) -> f64 {
    let mut students: Vec<Learner> =
        (0..STUDENTS).map(|student| Learner::new(family, deck.cards.len(), class_seed * 1_000 + student)).collect();
    let mut picker = StdRng::seed_from_u64(class_seed ^ 0xc1a55);
    let mut played: Vec<PlayedRound> = Vec::new();
    let exam = exam_at();
    for at in round_times() {
        let reads_memory = matches!(plan, Plan::ClassMemory | Plan::ExamLookAhead) || before_round.is_some();
        let memory = if reads_memory { ClassMemory::from_rounds(deck, &played) } else { ClassMemory::new(deck) };
        let cards = match plan {
            Plan::ClassMemory => {
                plan_review(&memory, pool, QUESTIONS, at).into_iter().map(|question| question.card).collect()
            }
            Plan::Random => top_up(Vec::new(), pool, &mut picker),
            Plan::LastMisses => top_up(last_misses(played.last()), pool, &mut picker),
            Plan::ExamLookAhead => {
                most_gained(pool, |card| memory.recall_then_if_asked(card, at, exam) - memory.recall(card, exam))
            }
            Plan::HiddenMemory => {
                most_gained(pool, |card| students.iter().map(|student| student.exam_gain(card, at, exam)).sum())
            }
        };
        let questions: Vec<AskedQuestion> = cards
            .into_iter()
            .map(|card| {
                let right = students.iter_mut().map(|student| student.answer_in_round(card, at, FOUR_OPTIONS_GUESS));
                let right = right.filter(|&right| right).count() as u32;
                AskedQuestion { card, right, players: STUDENTS as u32, guess: FOUR_OPTIONS_GUESS }
            })
            .collect();
        if let Some(before_round) = before_round.as_mut() {
            before_round(&memory, at, &questions);
        }
        played.push(PlayedRound { at, questions });
    }
    let recalls: Vec<f64> =
        students.iter().flat_map(|student| pool.iter().map(move |&card| student.recall(card, exam))).collect();
    mean_and_interval(&recalls).0
}

/// The round's worth of pool cards with the most `gain`, most first.
fn most_gained(pool: &[usize], gain: impl Fn(usize) -> f64) -> Vec<usize> {
    let mut gains: Vec<(usize, f64)> = pool.iter().map(|&card| (card, gain(card))).collect();
    gains.sort_by(|a, b| b.1.total_cmp(&a.1));
    gains.into_iter().take(QUESTIONS).map(|(card, _)| card).collect()
}

/// Last round's questions that fewer than [`LAST_MISSES_BELOW`] got right, fewest first.
fn last_misses(last: Option<&PlayedRound>) -> Vec<usize> {
    let share = |asked: &AskedQuestion| f64::from(asked.right) / f64::from(asked.players.max(1));
    let mut missed: Vec<&AskedQuestion> = last
        .map_or(Vec::new(), |round| round.questions.iter().filter(|asked| share(asked) < LAST_MISSES_BELOW).collect());
    missed.sort_by(|a, b| share(a).total_cmp(&share(b)));
    missed.into_iter().map(|asked| asked.card).collect()
}

/// `chosen` topped up to a round with pool cards at random, none twice.
fn top_up(mut chosen: Vec<usize>, pool: &[usize], picker: &mut StdRng) -> Vec<usize> {
    let mut rest: Vec<usize> = pool.iter().copied().filter(|card| !chosen.contains(card)).collect();
    rest.shuffle(picker);
    let missing = QUESTIONS.saturating_sub(chosen.len());
    chosen.extend(rest.into_iter().take(missing));
    chosen
}

/// One family under every plan: each plan's class scores, class by class (the same
/// classes under every plan).
pub struct FamilyResult {
    pub family: Family,
    pub scores: Vec<(Plan, Vec<f64>)>,
}

impl FamilyResult {
    fn of(&self, plan: Plan) -> &[f64] {
        self.scores.iter().find(|(played, _)| *played == plan).map_or(&[], |(_, scores)| scores)
    }

    /// `plan`'s score minus random's, class by class: its mean and interval.
    pub fn against_random(&self, plan: Plan) -> (f64, f64) {
        let differences: Vec<f64> =
            self.of(plan).iter().zip(self.of(Plan::Random)).map(|(score, random)| score - random).collect();
        mean_and_interval(&differences)
    }
}

/// These families under these plans, `classes` classes each from `first_seed`, a family
/// a thread.
pub fn run_families(
    deck: &Deck,
    families: &[Family],
    plans: &[Plan],
    classes: u64,
    first_seed: u64,
) -> Vec<FamilyResult> {
    let pool = core_pool(deck);
    std::thread::scope(|scope| {
        let runs: Vec<_> = families
            .iter()
            .map(|&family| {
                let pool = &pool;
                scope.spawn(move || {
                    let scores = plans
                        .iter()
                        .map(|&plan| {
                            let seeds = first_seed..first_seed + classes;
                            (plan, seeds.map(|seed| run_class(deck, pool, family, plan, seed)).collect())
                        })
                        .collect();
                    FamilyResult { family, scores }
                })
            })
            .collect();
        runs.into_iter().map(|run| run.join().expect("a family's classes")).collect()
    })
}

/// Which class table to print.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ClassTable {
    /// `--class`: the report (held-out families, report seeds, tuned families shown apart).
    Report,
    /// `--class-tuning`: the tuned families on the tuning seeds.
    Tuning,
    /// `--class-bounds`: the report's classes under the shipped plan, random and the two
    /// look-aheads that know the exam date (one of them every student's memory too).
    Bounds,
}

/// One class table: every plan's exam-day recall by family, and its paired difference
/// from random rounds.
pub fn class_report(deck: &Deck, classes: u64, table: ClassTable) {
    let pool = core_pool(deck);
    let (families, first_seed): (Vec<Family>, u64) = match table {
        ClassTable::Tuning => (TUNED_ON.to_vec(), TUNING_SEED),
        ClassTable::Report | ClassTable::Bounds => (Family::ALL.to_vec(), REPORT_SEED),
    };
    let plans: &[Plan] = if table == ClassTable::Bounds { &Plan::BOUNDS } else { &Plan::ALL };
    let weeks = WEEKS;
    println!(
        "Classes of {STUDENTS} students, {QUESTIONS} questions Tuesday and Friday for {weeks} weeks from a pool of \
         {} core cards; {classes} classes a family, seeds from {first_seed}.",
        pool.len()
    );
    println!("Exam-day recall of the pool (mean ± 95 % interval), and the paired difference from random rounds:\n");
    println!("| family | tuned on | plan | recall | vs random |");
    println!("| --- | --- | --- | --- | --- |");
    for result in run_families(deck, &families, plans, classes, first_seed) {
        let tuned = if TUNED_ON.contains(&result.family) { "yes" } else { "no" };
        for &plan in plans {
            let (mean, interval) = mean_and_interval(result.of(plan));
            let difference = match plan {
                Plan::Random => "".to_string(),
                _ => {
                    let (difference, interval) = result.against_random(plan);
                    format!("{:+.1} ± {:.1} points", 100.0 * difference, 100.0 * interval)
                }
            };
            let family = result.family.key();
            let plan = plan.key();
            println!(
                "| {family} | {tuned} | {plan} | {:.1} % ± {:.1} | {difference} |",
                100.0 * mean,
                100.0 * interval
            );
        }
    }
}

/// Buckets of estimated recall, a tenth wide.
const CALIBRATION_BUCKETS: usize = 10;

/// `--class-calibration`: is the class memory's estimate what the class then knew?
/// Over the report's classes under random rounds, every question asked before, by
/// family and by the memory's estimate just before the round (buckets a tenth wide):
/// the mean estimate against the mean share that knew it (right answers less the
/// guesses, as the memory reads them).
pub fn class_calibration(deck: &Deck, classes: u64) {
    let pool = core_pool(deck);
    println!(
        "Before each round, each question asked before: the class memory's estimate against the share that knew it"
    );
    println!("(random rounds, {classes} classes a family, seeds from {REPORT_SEED}).\n");
    println!("| family | estimate | questions | mean estimate | knew |");
    println!("| --- | --- | --- | --- | --- |");
    // Per family: questions, and their summed gap between estimate and share that knew.
    let mut gaps: Vec<(Family, u32, f64)> = Vec::new();
    for family in Family::ALL {
        // Per bucket: questions, summed estimate, summed share that knew.
        let mut buckets = [(0u32, 0.0, 0.0); CALIBRATION_BUCKETS];
        for seed in REPORT_SEED..REPORT_SEED + classes {
            play_class(
                deck,
                &pool,
                family,
                Plan::Random,
                seed,
                Some(&mut |memory, at, questions| {
                    for asked in questions.iter().filter(|asked| memory.times_asked(asked.card) > 0) {
                        let estimate = memory.recall(asked.card, at);
                        let right = f64::from(asked.right) / f64::from(asked.players);
                        let knew = ((right - asked.guess) / (1.0 - asked.guess)).clamp(0.0, 1.0);
                        let bucket = &mut buckets[((estimate * 10.0) as usize).min(CALIBRATION_BUCKETS - 1)];
                        *bucket = (bucket.0 + 1, bucket.1 + estimate, bucket.2 + knew);
                    }
                }),
            );
        }
        // The gap of each bucket's means, weighted by its questions (what a teacher
        // reading many estimates of about the same value is off by).
        let asked: u32 = buckets.iter().map(|bucket| bucket.0).sum();
        let gap: f64 = buckets.iter().map(|(_, estimates, knew)| (estimates - knew).abs()).sum();
        gaps.push((family, asked, gap));
        for (index, (count, estimates, knew)) in buckets.into_iter().enumerate().filter(|(_, bucket)| bucket.0 > 0) {
            let count_f = f64::from(count);
            println!(
                "| {} | {}-{} % | {count} | {:.1} % | {:.1} % |",
                family.key(),
                index * 10,
                index * 10 + 10,
                100.0 * estimates / count_f,
                100.0 * knew / count_f
            );
        }
    }
    println!("\n| family | questions | mean gap, estimate to knew |");
    println!("| --- | --- | --- |");
    for (family, asked, gap) in gaps {
        println!("| {} | {asked} | {:.1} points |", family.key(), 100.0 * gap / f64::from(asked.max(1)));
    }
}

#[cfg(test)]
mod tests {
    use portcards::facts::Facts;
    use portcards::table::parse_table;

    use super::*;

    #[test]
    fn a_class_is_reproducible_and_every_round_asks_ten_different_pool_cards() {
        let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
        let pool = core_pool(&deck);
        assert!(pool.len() > QUESTIONS, "a pool to choose from: {}", pool.len());
        assert!(pool.iter().all(|&card| deck.cards[card].core));
        for plan in Plan::ALL.into_iter().chain([Plan::ExamLookAhead, Plan::HiddenMemory]) {
            let once = run_class(&deck, &pool, Family::Fsrs, plan, 7);
            assert_eq!(once, run_class(&deck, &pool, Family::Fsrs, plan, 7), "{plan:?} is reproducible");
            assert!((0.0..=1.0).contains(&once), "{plan:?}: {once}");
        }
        let mut picker = StdRng::seed_from_u64(1);
        let round = top_up(vec![pool[0]], &pool, &mut picker);
        let mut distinct = round.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!((round.len(), distinct.len(), round[0]), (QUESTIONS, QUESTIONS, pool[0]));
    }

    #[test]
    fn last_misses_asks_again_what_most_missed_first() {
        let asked = |card, right| AskedQuestion { card, right, players: 30, guess: FOUR_OPTIONS_GUESS };
        let round =
            PlayedRound { at: exam_at(), questions: vec![asked(1, 20), asked(2, 30), asked(3, 5), asked(4, 24)] };
        assert_eq!(last_misses(Some(&round)), vec![3, 1], "below 80 % right, fewest right first");
        assert!(last_misses(None).is_empty());
    }
}

//! The schedulers portcards is measured against: FSRS-6 at 0.9, FSRS-6 with core at
//! 0.95, FSRS-6 plus spare time on the cards most at risk on exam day, Anki's SM-2,
//! Leitner, random drilling, and a reference that reads the learner's hidden memory.

use chrono::{DateTime, Duration, Utc};
use portcards::deck::Deck;
use portcards::progress::{Grade, Settings};
use portcards::schedule::Scheduler;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::cell::{Cell, Kind, NEW_PER_DAY, Outcome, exam_recall, exam_recall_at, weight_of};
use crate::day_lines::DayMix;
use crate::learners::{Learner, exam, review_seconds, start};

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

/// A run of one of the other schedulers.
pub fn run_baseline(kind: Kind, cell: &Cell, learner: &mut Learner, seed: u64) -> Outcome {
    let (core_retention, other_retention) = if kind == Kind::FsrsCore { (0.95, 0.9) } else { (0.9, 0.9) };
    let scheduler = Scheduler::new(Settings { core_retention, other_retention, ..Settings::default() });
    let deck = cell.deck;
    let base = cell.cards;
    let exam_at = exam(cell.horizon);
    let mut cards: Vec<Baseline> = vec![Baseline { ease: 2.5, ..Baseline::default() }; base.len()];
    let mut rng = StdRng::seed_from_u64(seed ^ 0xba5e);
    let (mut reviews, mut seconds_used) = (0, 0);
    // Beside portcards' day lines: the two that answer the most second looks.
    let tracing = std::env::var_os("PC_TRACE").is_some() && matches!(kind, Kind::Leitner | Kind::Oracle);
    let weight = |c: usize| weight_of(deck.cards[base[c]].core);
    for day in 0..cell.horizon {
        let mut now = (start() + Duration::days(day)).to_utc();
        let (mut spent, mut new_today) = (0, 0);
        let mut mix = tracing.then(DayMix::default);
        loop {
            let cost = review_seconds(&mut rng);
            if spent + cost > cell.budget * 60 {
                break;
            }
            let card = match kind {
                Kind::Random => rng.random_range(0..cards.len()),
                Kind::Oracle => (0..cards.len())
                    .map(|c| (c, weight(c) * learner.exam_gain(base[c], now, exam_at)))
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(c, _)| c)
                    .unwrap_or(0),
                _ => {
                    let due = (0..cards.len())
                        .filter(|&c| cards[c].due.is_some_and(|due| due <= now))
                        .min_by_key(|&c| (kind == Kind::FsrsCore && !deck.cards[base[c]].core, cards[c].due));
                    let fresh = || {
                        (new_today < NEW_PER_DAY)
                            .then(|| {
                                // Core cards are introduced first by the core-aware baselines.
                                let core_first = matches!(kind, Kind::FsrsCore | Kind::FsrsExamFill);
                                (0..cards.len())
                                    .filter(|&c| cards[c].due.is_none())
                                    .min_by_key(|&c| (core_first && !deck.cards[base[c]].core, c))
                            })
                            .flatten()
                    };
                    match due.or_else(fresh) {
                        Some(card) => card,
                        None => match ahead(kind, &cards, &weight, exam_at) {
                            Some(card) => card,
                            None => break,
                        },
                    }
                }
            };
            new_today += usize::from(cards[card].due.is_none());
            if let Some(mix) = mix.as_mut() {
                mix.record(card, learner.memory[base[card]].is_some());
            }
            let grade = learner.answer(base[card], now);
            now += Duration::seconds(cost);
            update_baseline(kind, &scheduler, deck, &mut cards[card], base[card], grade, now);
            spent += cost;
            reviews += 1;
        }
        seconds_used += spent;
        if let Some(mix) = mix {
            let seen = learner.memory.iter().filter(|m| m.is_some()).count();
            let true_now = exam_recall_at(cell, learner, now);
            let mix = mix.counts;
            eprintln!("{kind:?} day {day:>2} new/review/again {mix:?} seen {seen:>3} true recall now {true_now:.3}");
        }
    }
    Outcome { recall: exam_recall(cell, learner), reviews, minutes: seconds_used as f64 / 60.0 }
}

/// Practising ahead when nothing is due: earliest due first (Leitner: lowest box);
/// "exam fill" takes the card most likely to be forgotten by the exam, weighted.
fn ahead(kind: Kind, cards: &[Baseline], weight: &impl Fn(usize) -> f64, exam_at: DateTime<Utc>) -> Option<usize> {
    let started = (0..cards.len()).filter(|&c| cards[c].due.is_some());
    if kind == Kind::FsrsExamFill {
        return started
            .map(|c| {
                let recall = Scheduler::retrievability(cards[c].fsrs.as_ref(), exam_at);
                (c, weight(c) * f64::from(1.0 - recall))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(c, _)| c);
    }
    started.min_by(|&a, &b| {
        let key = |c: usize| (if kind == Kind::Leitner { cards[c].ease } else { 0.0 }, cards[c].due);
        key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal)
    })
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
        Kind::PlainFsrs | Kind::FsrsCore | Kind::FsrsExamFill => {
            let id = &deck.cards[index].id;
            let core = kind != Kind::PlainFsrs && deck.cards[index].core;
            let next = scheduler.apply(id, card.fsrs.as_ref(), core, grade, now.fixed_offset());
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
            // Practising ahead answers a card many times a day; Anki caps intervals too.
            card.interval = card.interval.min(36_500.0);
            card.due = Some(now + days(card.interval));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sm2_steps_through_learning_graduates_and_grows_by_its_ease() {
        let now = start().to_utc();
        let mut card = Baseline { ease: 2.5, ..Baseline::default() };
        sm2(&mut card, Grade::Good, now);
        assert_eq!((card.step, card.due), (Some(1), Some(now + Duration::minutes(10))), "the second step");
        sm2(&mut card, Grade::Good, now);
        assert_eq!((card.step, card.interval), (None, 1.0), "graduated at a day");
        sm2(&mut card, Grade::Good, now);
        assert_eq!(card.interval, 2.5, "Good multiplies by the ease");
        sm2(&mut card, Grade::Again, now);
        assert!((card.ease - 2.3).abs() < 1e-9 && card.step == Some(1), "a lapse costs ease and relearns");
    }
}

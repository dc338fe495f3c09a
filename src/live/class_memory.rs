//! What a class remembers, estimated from its live rounds: for every card, how likely
//! the class is to get it right today, and the next round planned from that.
//!
//! The class is modelled as a whole, by question, never per nickname (rounds have no
//! accounts). Each card carries a mixture of two FSRS-6 memories: the share of the class
//! that got it right when it was last asked (their memory grew, as after a Good) and
//! the share that missed it (they saw the answer at the reveal: a relapse, as after an
//! Again). Between rounds both forget along FSRS-6's forgetting curve as this class
//! forgets ([`Forgetting`]: its pace, its shape and what a miss leaves, fitted to its
//! answers), so the estimate for today is `share_right x R(right memory) + share_missed
//! x R(missed memory)`. A card the class was never asked starts from the deck's prior
//! ([`PRIOR_CORE`], [`PRIOR_OTHER`]).
//!
//! [`plan_review`] fills a round with the cards the class has more likely forgotten than
//! not (core ports weighted as everywhere, `schedule::CORE_WEIGHT`), a few never asked
//! and more of them when the class is as unlikely to know them, and none the whole class
//! got right lately unless it is due; each with the reason the lobby shows.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset, Utc};
use fsrs::{FSRS, FSRS6_DEFAULT_DECAY, MemoryState};

use crate::deck::{CardIndex, Deck};
use crate::exam::Family;
use crate::schedule::CORE_WEIGHT;

/// How likely a class is to get a core card right that it was never asked in a round
/// (the core ports are the ones a class has met in lessons).
pub const PRIOR_CORE: f64 = 0.5;
/// The same for the table's other rows.
pub const PRIOR_OTHER: f64 = 0.3;
/// How many answers the memory's expectation is worth against a round's own answers.
pub const EXPECTED_WEIGHT: f64 = 5.0;
/// How many first asks the deck's prior is worth against a class's own.
pub const PRIOR_WEIGHT: f64 = 3.0;
/// A card whose estimated recall is below this is due again.
pub const DUE_BELOW: f64 = 0.8;
/// A card the whole class got right this many days ago or less is not asked again
/// unless it is due.
pub const ALL_RIGHT_RESTS_DAYS: i64 = 10;
/// The share of a review round's questions kept for cards never asked (when any are
/// left), so that a class's memory of the deck keeps growing; more of them come in when
/// the class is less likely to know them than the cards it was asked.
pub const NEW_SHARE: f64 = 0.2;
/// A card the class more likely has forgotten than not: its recall is below this. A
/// review round asks these first, the ones the class still half holds before the lost
/// ones (tuned on the class simulation's fsrs6 and massed classes, 0.4-0.55 alike,
/// before the curve's shape and the lapse were fitted, and kept after).
pub const FORGOTTEN_BELOW: f64 = 0.45;
/// Most of the class missed it: below this share right.
pub const MISSED_BY_MOST_BELOW: f64 = 0.5;
/// A card not asked for this many days says so in the lobby.
pub const NOT_ASKED_FOR_DAYS: i64 = 14;

/// One question of one played round, as the class answered it.
#[derive(Debug, Clone, PartialEq)]
pub struct AskedQuestion {
    pub card: CardIndex,
    /// Students who got it right.
    pub right: u32,
    /// Students who answered it.
    pub players: u32,
    /// The chance of a right answer without knowing it: a quarter with four options,
    /// none for a typed port. The class's memory counts what it knew, not its luck.
    pub guess: f64,
}

/// A played round of one class, as the memory needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayedRound {
    pub at: DateTime<Utc>,
    pub questions: Vec<AskedQuestion>,
}

/// One card as the class holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct CardMemory {
    /// When it was last asked, and the share of those who answered that got it right.
    last: DateTime<Utc>,
    share_right: f64,
    /// The share of the class that knew it then, as the memory holds it: the weight
    /// of the `right` memory against the `missed` one.
    share_known: f64,
    /// The memories of those who got it right and of those who missed it.
    right: MemoryState,
    missed: MemoryState,
    times_asked: u32,
}

/// Every card's memory in one class, after its rounds so far.
#[derive(Debug, Clone)]
pub struct ClassMemory {
    cards: BTreeMap<CardIndex, CardMemory>,
    core: Vec<bool>,
    /// How this class forgets (fitted from how it did on cards asked again, see
    /// [`fit_forgetting`]).
    forgetting: Forgetting,
    /// The share that knew each card the first time it was asked, summed, and how many
    /// cards that is: what the class knew before its rounds.
    first_asks: (f64, f64),
}

impl ClassMemory {
    /// A class with no rounds yet: every card at the deck's prior.
    pub fn new(deck: &Deck) -> ClassMemory {
        ClassMemory {
            cards: BTreeMap::new(),
            core: deck.cards.iter().map(|card| card.core).collect(),
            forgetting: Forgetting::DEFAULT,
            first_asks: (0.0, 0.0),
        }
    }

    /// A class's memory after its rounds (in any order; they are played back by date),
    /// forgetting as fits them best ([`Forgetting`]).
    pub fn from_rounds(deck: &Deck, rounds: &[PlayedRound]) -> ClassMemory {
        let mut ordered: Vec<&PlayedRound> = rounds.iter().collect();
        ordered.sort_by_key(|round| round.at);
        let forgetting = fit_forgetting(deck, &ordered);
        let mut memory = ClassMemory { forgetting, ..ClassMemory::new(deck) };
        for round in ordered {
            memory.update(round);
        }
        memory
    }

    pub fn forgetting(&self) -> Forgetting {
        self.forgetting
    }

    /// Takes in one more round (played after the ones taken in so far).
    pub fn update(&mut self, round: &PlayedRound) {
        let fsrs = FSRS::default();
        for asked in &round.questions {
            self.take_in(&fsrs, asked, round.at);
        }
    }

    /// One question's answers. What the class knew (its right answers less its luck) is
    /// weighed against what the memory expected as [`EXPECTED_WEIGHT`] answers would be:
    /// a round of three phones moves a card less than a class of thirty.
    fn take_in(&mut self, fsrs: &FSRS, asked: &AskedQuestion, at: DateTime<Utc>) {
        if asked.players == 0 || asked.card >= self.core.len() {
            return;
        }
        let answers = f64::from(asked.players);
        let expected = self.recall(asked.card, at);
        let known = (answers * known_share(asked) + EXPECTED_WEIGHT * expected) / (answers + EXPECTED_WEIGHT);
        if !self.cards.contains_key(&asked.card) {
            self.first_asks = (self.first_asks.0 + known_share(asked), self.first_asks.1 + 1.0);
        }
        let right = f64::from(asked.right.min(asked.players)) / answers;
        if let Some(next) = after_ask(fsrs, self.cards.get(&asked.card), known, right, at, self.forgetting) {
            self.cards.insert(asked.card, next);
        }
    }

    /// How likely the class is to get the card right at `now`.
    pub fn recall(&self, card: CardIndex, now: DateTime<Utc>) -> f64 {
        match self.cards.get(&card) {
            Some(memory) => mix(memory.share_known, memory.right, memory.missed, now - memory.last, self.forgetting),
            None => self.prior(card),
        }
    }

    /// The deck's prior for a card the class was never asked.
    pub fn prior(&self, card: CardIndex) -> f64 {
        let deck_prior = if self.core.get(card).copied().unwrap_or(false) { PRIOR_CORE } else { PRIOR_OTHER };
        // The deck's prior counts as PRIOR_WEIGHT first asks; the class's own first asks
        // (what it knew of a card the first time it was asked) move it.
        let (known, asks) = self.first_asks;
        (PRIOR_WEIGHT * deck_prior + known) / (PRIOR_WEIGHT + asks)
    }

    /// When the card was last asked and the share of the class that got it right then.
    pub fn last_asked(&self, card: CardIndex) -> Option<(DateTime<Utc>, f64)> {
        self.cards.get(&card).map(|memory| (memory.last, memory.share_right))
    }

    /// How many rounds have asked the card.
    pub fn times_asked(&self, card: CardIndex) -> u32 {
        self.cards.get(&card).map_or(0, |memory| memory.times_asked)
    }

    /// The class's recall of these cards at `now`, core cards weighted by
    /// [`CORE_WEIGHT`].
    pub fn mean_recall(&self, cards: &[CardIndex], now: DateTime<Utc>) -> Option<f64> {
        let (mut sum, mut weights) = (0.0, 0.0);
        for &card in cards {
            let weight = self.weight(card);
            sum += weight * self.recall(card, now);
            weights += weight;
        }
        (weights > 0.0).then(|| sum / weights)
    }

    /// How likely the class is to get the card right at `then` if it is asked at `now`
    /// (and as many get it right as the memory expects): what asking it adds by then,
    /// against [`recall`](Self::recall) at `then`.
    pub fn recall_then_if_asked(&self, card: CardIndex, now: DateTime<Utc>, then: DateTime<Utc>) -> f64 {
        let fsrs = FSRS::default();
        let known = self.recall(card, now);
        match after_ask(&fsrs, self.cards.get(&card), known, known, now, self.forgetting) {
            Some(next) => mix(next.share_known, next.right, next.missed, then - now, self.forgetting),
            None => self.recall(card, then),
        }
    }

    fn weight(&self, card: CardIndex) -> f64 {
        if self.core.get(card).copied().unwrap_or(false) { f64::from(CORE_WEIGHT) } else { 1.0 }
    }
}

/// A card's memory after the class is asked it at `at` and `share` get it right.
fn after_ask(
    fsrs: &FSRS,
    before: Option<&CardMemory>,
    share: f64,
    share_right: f64,
    at: DateTime<Utc>,
    forgetting: Forgetting,
) -> Option<CardMemory> {
    let Some(before) = before else {
        let first = fsrs.next_states(None, 0.9, 0).ok()?;
        let (right, missed) = (first.good.memory, first.again.memory);
        return Some(CardMemory { last: at, share_right, share_known: share, right, missed, times_asked: 1 });
    };
    let elapsed = at - before.last;
    // Each half of the class moves on from its own memory; who is right now came from
    // the half that held it more often (Bayes on the two halves' recall at the ask),
    // and so did who missed it.
    // FSRS-6 works out what the ask does at the days its own curve counts (the pace's,
    // not the shape's: mapping them to the class's recall at the ask instead left
    // massed classes 0.6 points lower and the estimates no closer).
    let days = forgetting.days(elapsed).floor() as u32;
    let from_right = fsrs.next_states(Some(before.right), 0.9, days).ok()?;
    let from_missed = fsrs.next_states(Some(before.missed), 0.9, days).ok()?;
    let held_right = before.share_known * recall_of(before.right, elapsed, forgetting);
    let held_missed = (1.0 - before.share_known) * recall_of(before.missed, elapsed, forgetting);
    let lost_right = before.share_known - held_right;
    let lost_missed = (1.0 - before.share_known) - held_missed;
    let right = blend(share_of(held_right, held_missed), from_right.good.memory, from_missed.good.memory);
    let missed = blend(share_of(lost_right, lost_missed), from_right.again.memory, from_missed.again.memory);
    Some(CardMemory {
        last: at,
        share_right,
        share_known: share,
        right,
        missed: lapsed(missed, right, forgetting),
        times_asked: before.times_asked + 1,
    })
}

/// The memory of those who missed a card asked again: FSRS-6's after a lapse times the
/// class's [`Forgetting::lapse`], never more than the memory of those who got it right.
fn lapsed(missed: MemoryState, right: MemoryState, forgetting: Forgetting) -> MemoryState {
    MemoryState { stability: (missed.stability * forgetting.lapse).min(right.stability), ..missed }
}

/// The mixture's recall `elapsed` after the last ask.
fn mix(
    share_right: f64,
    right: MemoryState,
    missed: MemoryState,
    elapsed: chrono::Duration,
    forgetting: Forgetting,
) -> f64 {
    share_right * recall_of(right, elapsed, forgetting) + (1.0 - share_right) * recall_of(missed, elapsed, forgetting)
}

/// One memory's recall `elapsed` after it was last asked, along the class's curve.
fn recall_of(memory: MemoryState, elapsed: chrono::Duration, forgetting: Forgetting) -> f64 {
    let memory = MemoryState { stability: memory.stability.max(0.001), ..memory };
    f64::from(fsrs::current_retrievability(memory, forgetting.days(elapsed) as f32, forgetting.decay))
}

/// How a class forgets, fitted to its answers ([`fit_forgetting`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Forgetting {
    /// How long its memories last against FSRS-6's default (1: as long; a class whose
    /// memories last half as long lives two of the curve's days a day).
    pub pace: f64,
    /// The curve's shape: FSRS-6's decay (its long tail at the default; near an
    /// exponential at 1).
    pub decay: f32,
    /// What a miss of a card asked again leaves: the stability after a lapse, times
    /// FSRS-6's (a first ask's miss is FSRS-6's first Again).
    pub lapse: f32,
}

impl Forgetting {
    pub const DEFAULT: Forgetting = Forgetting { pace: 1.0, decay: FSRS6_DEFAULT_DECAY, lapse: 1.0 };

    /// Days as the curve counts them.
    fn days(self, elapsed: chrono::Duration) -> f64 {
        elapsed.num_seconds().max(0) as f64 / 86_400.0 / self.pace
    }
}

/// The share of those who answered who knew it: the right answers less the lucky
/// guesses a class of non-knowers would make.
fn known_share(asked: &AskedQuestion) -> f64 {
    let right = f64::from(asked.right.min(asked.players)) / f64::from(asked.players.max(1));
    let guess = asked.guess.clamp(0.0, 0.99);
    ((right - guess) / (1.0 - guess)).clamp(0.0, 1.0)
}

/// The paces [`fit_forgetting`] tries: from memories lasting a fiftieth as long as FSRS-6's
/// default to about three times as long.
const PACES: [f64; 15] = [0.02, 0.035, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.4, 2.0, 2.8];
/// The curve's shapes [`fit_forgetting`] tries, the learner's own model's: FSRS-6's long
/// tail, a steeper one, and one near an exponential. A class is a crowd whose long tail
/// is its best-holding students; a class that forgets fast loses that tail too, and
/// FSRS-6's alone held such a class at 0.3 where it knew 0.1 (docs/learning-benchmark.md,
/// the class memory's calibration).
const DECAYS: [f32; 3] = crate::memory_model::DECAY_GRID;
/// What a miss of a card asked again leaves, times FSRS-6's stability after a lapse,
/// that [`fit_forgetting`] tries: a class that learns from the reveal keeps more than
/// FSRS-6 says (the simulated massed classes fit 2), one that does not, less.
const LAPSES: [f32; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];
/// The prior's cost of a shape or a lapse away from FSRS-6's (in nats): the default
/// wins a tie, and they move only when the answers say so.
const OFF_DEFAULT: f64 = -0.7;

/// The forgetting under which the class's answers to cards asked again were likeliest
/// (each answer right with the chance of knowing it, or of guessing), with a prior
/// that pulls a class with little evidence towards FSRS-6's default: the pace for each
/// shape, then what a miss leaves at the likeliest, then the pace again at that.
fn fit_forgetting(deck: &Deck, rounds: &[&PlayedRound]) -> Forgetting {
    let fsrs = FSRS::default();
    let posterior = |forgetting: Forgetting| {
        let mut memory = ClassMemory { forgetting, ..ClassMemory::new(deck) };
        // A normal prior on the pace's logarithm, one unit wide.
        let mut total = -0.5 * forgetting.pace.ln().powi(2);
        if forgetting.decay != Forgetting::DEFAULT.decay {
            total += OFF_DEFAULT;
        }
        if forgetting.lapse != Forgetting::DEFAULT.lapse {
            total += OFF_DEFAULT;
        }
        for round in rounds {
            for asked in &round.questions {
                let Some(before) = memory.cards.get(&asked.card) else { continue };
                let known = mix(before.share_known, before.right, before.missed, round.at - before.last, forgetting);
                let right_chance = (asked.guess + (1.0 - asked.guess) * known).clamp(1e-6, 1.0 - 1e-6);
                let (right, players) = (f64::from(asked.right.min(asked.players)), f64::from(asked.players));
                total += right * right_chance.ln() + (players - right) * (1.0 - right_chance).ln();
            }
            for asked in &round.questions {
                memory.take_in(&fsrs, asked, round.at);
            }
        }
        total
    };
    let likeliest = |curves: &mut dyn Iterator<Item = Forgetting>| {
        curves
            .map(|forgetting| (forgetting, posterior(forgetting)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((Forgetting::DEFAULT, f64::NEG_INFINITY))
    };
    // Along the paces the posterior has one peak: every other pace, then the two
    // beside the likeliest of those.
    let best_pace = |forgetting: Forgetting| {
        let coarse = likeliest(&mut PACES.iter().step_by(2).map(|&pace| Forgetting { pace, ..forgetting }));
        let at = PACES.iter().position(|&pace| pace == coarse.0.pace).unwrap_or(0);
        let beside = [at.checked_sub(1), Some(at + 1)].into_iter().flatten().filter_map(|index| PACES.get(index));
        let fine = likeliest(&mut beside.map(|&pace| Forgetting { pace, ..forgetting }));
        if fine.1 > coarse.1 { fine } else { coarse }
    };
    let shaped = DECAYS
        .into_iter()
        .map(|decay| best_pace(Forgetting { decay, ..Forgetting::DEFAULT }))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(Forgetting::DEFAULT, |(forgetting, _)| forgetting);
    let lapsed = likeliest(&mut LAPSES.into_iter().map(|lapse| Forgetting { lapse, ..shaped })).0;
    if lapsed.lapse == shaped.lapse { shaped } else { best_pace(lapsed).0 }
}

/// `first`'s share of `first + second` (a half when both are nothing).
fn share_of(first: f64, second: f64) -> f64 {
    if first + second > 0.0 { first / (first + second) } else { 0.5 }
}

/// A memory between two, `weight` of the way to the first (log-stability, as stability
/// grows by factors).
fn blend(weight: f64, first: MemoryState, second: MemoryState) -> MemoryState {
    let weight = weight.clamp(0.0, 1.0) as f32;
    let log = |memory: MemoryState| memory.stability.max(0.001).ln();
    MemoryState {
        stability: (weight * log(first) + (1.0 - weight) * log(second)).exp(),
        difficulty: weight * first.difficulty + (1.0 - weight) * second.difficulty,
    }
}

/// Why a card is in a review round, as the lobby groups and says it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// Most of the class missed it when it was last asked.
    MissedByMost { on: DateTime<Utc>, share_right: f64 },
    /// Not asked for a while.
    NotAskedFor { days: i64 },
    /// Fading since it was last asked: due again.
    Fading { recall: f64 },
    /// Never asked this class.
    NeverAsked,
}

impl Reason {
    /// The lobby's words for the group, `now` in the teacher's time zone: "missed by
    /// most last Tuesday", "not asked for 3 weeks", "not asked yet".
    pub fn group(&self, now: DateTime<FixedOffset>) -> String {
        match *self {
            Reason::MissedByMost { on, .. } => format!("missed by most {}", day_words(on, now)),
            Reason::NotAskedFor { days } if days >= 14 => format!("not asked for {} weeks", days / 7),
            Reason::NotAskedFor { days } => format!("not asked for {days} days"),
            Reason::Fading { .. } => "due again".to_string(),
            Reason::NeverAsked => "not asked yet".to_string(),
        }
    }
}

/// "today", "yesterday", "on Tuesday" (earlier this week), "last Tuesday" (in the
/// week before, Monday to Sunday) or "on Thu 26 Nov" (before that).
pub fn day_words(at: DateTime<Utc>, now: DateTime<FixedOffset>) -> String {
    let day = at.with_timezone(now.offset()).date_naive();
    let today = now.date_naive();
    let this_monday = today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let weekday = day.format("%A");
    match (today - day).num_days() {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        _ if day >= this_monday => format!("on {weekday}"),
        _ if day >= this_monday - chrono::Duration::days(7) => format!("last {weekday}"),
        _ => format!("on {}", day.format("%a %-d %b")),
    }
}

/// One question of a planned round, with why it is there and the class's recall now.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedQuestion {
    pub card: CardIndex,
    pub reason: Reason,
    pub recall: f64,
}

/// The next round from the class's memory: of `pool`, `count` cards, chosen in this
/// order (and listed in it; the round shuffles them and the lobby groups them):
///
/// - at least [`NEW_SHARE`] of the round never asked (while any are left);
/// - the cards the class was asked and has more likely forgotten than not (recall
///   below [`FORGOTTEN_BELOW`]), those it still half holds first: asked again while
///   some of the class still knows them, they are relearned by the rest and grow for
///   those who knew them, where a card long lost is only met anew (the class
///   simulation in docs/learning-benchmark.md: lost-first left fast-forgetting classes
///   behind random rounds);
/// - the never-asked cards whose prior is below [`FORGOTTEN_BELOW`] too, so that
///   nothing due is left out for a card never asked beyond the round's share of them;
/// - then the rest, the least known first;
///
/// and none the whole class got right in the last [`ALL_RIGHT_RESTS_DAYS`] days unless
/// it is due ([`DUE_BELOW`]). Core cards come before others of the same standing.
pub fn plan_review(memory: &ClassMemory, pool: &[CardIndex], count: usize, now: DateTime<Utc>) -> Vec<PlannedQuestion> {
    let mut candidates: Vec<PlannedQuestion> = Vec::new();
    for &card in pool {
        let recall = memory.recall(card, now);
        let reason = match memory.last_asked(card) {
            None => Reason::NeverAsked,
            Some((last, share)) => {
                let resting = share >= 1.0 && (now - last).num_days() <= ALL_RIGHT_RESTS_DAYS;
                if resting && recall >= DUE_BELOW {
                    continue;
                }
                reason(recall, last, share, now)
            }
        };
        candidates.push(PlannedQuestion { card, recall, reason });
    }
    // Forgotten first, the best held of them first, the never asked among them after
    // the asked; then the rest, least known first.
    let standing = |question: &PlannedQuestion| {
        let never_asked = matches!(question.reason, Reason::NeverAsked);
        match (question.recall < FORGOTTEN_BELOW, never_asked) {
            (true, false) => (0, -question.recall),
            (true, true) => (1, -question.recall),
            (false, _) => (2, question.recall),
        }
    };
    let order = |a: &PlannedQuestion, b: &PlannedQuestion| {
        let (a_standing, b_standing) = (standing(a), standing(b));
        a_standing
            .0
            .cmp(&b_standing.0)
            .then(a_standing.1.total_cmp(&b_standing.1))
            .then(memory.weight(b.card).total_cmp(&memory.weight(a.card)))
            .then(a.card.cmp(&b.card))
    };
    candidates.sort_by(order);
    let never_asked = |question: &PlannedQuestion| matches!(question.reason, Reason::NeverAsked);
    let new_slots = ((count as f64 * NEW_SHARE).round() as usize).min(count);
    let mut planned: Vec<PlannedQuestion> =
        candidates.iter().filter(|q| never_asked(q)).take(new_slots).cloned().collect();
    for question in &candidates {
        if planned.len() == count {
            break;
        }
        if !planned.iter().any(|chosen| chosen.card == question.card) {
            planned.push(question.clone());
        }
    }
    planned.sort_by(order);
    planned
}

fn reason(recall: f64, last: DateTime<Utc>, share: f64, now: DateTime<Utc>) -> Reason {
    let days = (now - last).num_days();
    if share < MISSED_BY_MOST_BELOW {
        Reason::MissedByMost { on: last, share_right: share }
    } else if days >= NOT_ASKED_FOR_DAYS {
        Reason::NotAskedFor { days }
    } else {
        Reason::Fading { recall }
    }
}

/// The class's weakest families now: each family's mean recall over the pool's cards in
/// it, lowest first.
pub fn weakest_families(
    deck: &Deck,
    memory: &ClassMemory,
    pool: &[CardIndex],
    now: DateTime<Utc>,
) -> Vec<(Family, f64)> {
    let mut families: BTreeMap<Family, Vec<CardIndex>> = BTreeMap::new();
    for &card in pool {
        for &family in &deck.cards[card].families {
            families.entry(family).or_default().push(card);
        }
    }
    let mut recalls: Vec<(Family, f64)> = families
        .into_iter()
        .filter_map(|(family, cards)| memory.mean_recall(&cards, now).map(|recall| (family, recall)))
        .collect();
    recalls.sort_by(|a, b| a.1.total_cmp(&b.1));
    recalls
}

/// The class's estimated recall of `cards` (core weighted) each `step` from the first
/// round to `until`, the rounds taken in as their dates pass, along the class's fitted
/// curve (`ClassMemory::forgetting` of all its rounds): the class view's plot.
pub fn recall_over_time(
    deck: &Deck,
    rounds: &[PlayedRound],
    forgetting: Forgetting,
    cards: &[CardIndex],
    until: DateTime<Utc>,
    step: chrono::Duration,
) -> Vec<(DateTime<Utc>, f64)> {
    let mut ordered: Vec<&PlayedRound> = rounds.iter().collect();
    ordered.sort_by_key(|round| round.at);
    let Some(first) = ordered.first().map(|round| round.at) else { return Vec::new() };
    let mut memory = ClassMemory { forgetting, ..ClassMemory::new(deck) };
    let mut pending = ordered.into_iter().peekable();
    let mut points = Vec::new();
    let mut at = first;
    loop {
        while let Some(round) = pending.next_if(|round| round.at <= at) {
            memory.update(round);
        }
        if let Some(recall) = memory.mean_recall(cards, at) {
            points.push((at, recall));
        }
        if at >= until {
            break;
        }
        at = (at + step).min(until);
    }
    points
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::deck::Direction;
    use crate::testing::{at, card_id, seed_deck};

    fn utc(rfc3339: &str) -> DateTime<Utc> {
        at(rfc3339).to_utc()
    }

    fn card(deck: &Deck, id: &str) -> CardIndex {
        deck.position(&card_id(id)).expect("a card of the seed deck")
    }

    /// The live round's core pool: port to service and back, core rows only.
    fn core_pool(deck: &Deck) -> Vec<CardIndex> {
        (0..deck.cards.len())
            .filter(|&index| {
                let card = &deck.cards[index];
                card.core && matches!(card.direction, Direction::PortToService | Direction::ServiceToPort)
            })
            .collect()
    }

    /// A round of a class of 30: each card with how many got it right.
    fn round(when: &str, answers: &[(CardIndex, u32)]) -> PlayedRound {
        let questions =
            answers.iter().map(|&(card, right)| AskedQuestion { card, right, players: 30, guess: 0.0 }).collect();
        PlayedRound { at: utc(when), questions }
    }

    fn cards_of(plan: &[PlannedQuestion]) -> Vec<CardIndex> {
        plan.iter().map(|question| question.card).collect()
    }

    #[test]
    fn a_class_with_no_rounds_holds_every_card_at_the_deck_prior() {
        let deck = seed_deck();
        let memory = ClassMemory::new(&deck);
        let (ssh, other) = (card(&deck, "22:port-to-service"), card(&deck, "7:port-to-service"));
        assert!(deck.cards[ssh].core && !deck.cards[other].core);
        let now = utc("2026-11-27T10:00:00Z");
        assert_eq!((memory.recall(ssh, now), memory.prior(ssh)), (PRIOR_CORE, PRIOR_CORE));
        assert_eq!((memory.recall(other, now), memory.prior(other)), (PRIOR_OTHER, PRIOR_OTHER));
        assert_eq!((memory.last_asked(ssh), memory.times_asked(ssh)), (None, 0));
        let weighted = (f64::from(CORE_WEIGHT) * PRIOR_CORE + PRIOR_OTHER) / (f64::from(CORE_WEIGHT) + 1.0);
        let mean = memory.mean_recall(&[ssh, other], now).expect("two cards");
        assert!((mean - weighted).abs() < 1e-12, "core weighted: {mean}");
        assert_eq!(memory.mean_recall(&[], now), None);
        assert_eq!(ClassMemory::from_rounds(&deck, &[]).recall(ssh, now), PRIOR_CORE);
    }

    #[test]
    fn a_card_the_class_missed_is_estimated_below_one_it_got_right_and_both_fade() {
        let deck = seed_deck();
        let (right, missed) = (card(&deck, "22:port-to-service"), card(&deck, "23:port-to-service"));
        let memory = ClassMemory::from_rounds(&deck, &[round("2026-11-17T10:00:00Z", &[(right, 27), (missed, 3)])]);
        let (soon, later) = (utc("2026-11-20T10:00:00Z"), utc("2026-12-17T10:00:00Z"));
        assert!(memory.recall(missed, soon) < memory.recall(right, soon));
        assert!(memory.recall(missed, later) < memory.recall(right, later));
        for card in [right, missed] {
            assert!(memory.recall(card, later) < memory.recall(card, soon), "card {card} fades");
            assert_eq!(memory.times_asked(card), 1);
        }
        assert_eq!(memory.last_asked(missed), Some((utc("2026-11-17T10:00:00Z"), 0.1)));
    }

    #[test]
    fn the_most_forgotten_come_first() {
        let deck = seed_deck();
        let pool = core_pool(&deck);
        let answers: Vec<(CardIndex, u32)> = pool
            .iter()
            .take(12)
            .zip([29, 5, 20, 12, 28, 2, 15, 25, 9, 18, 27, 22])
            .map(|(&card, right)| (card, right))
            .collect();
        let memory = ClassMemory::from_rounds(&deck, &[round("2026-11-24T10:00:00Z", &answers)]);
        let plan = plan_review(&memory, &pool[..12], 5, utc("2026-11-27T10:00:00Z"));
        let by_share: Vec<CardIndex> = [5, 1, 8, 3, 6].map(|at| answers[at].0).to_vec();
        assert_eq!(cards_of(&plan), by_share, "fewest right first: 2, 5, 9, 12, 15 of 30");
        assert!(plan.windows(2).all(|pair| pair[0].recall <= pair[1].recall));
        assert_eq!(plan[0].reason, Reason::MissedByMost { on: utc("2026-11-24T10:00:00Z"), share_right: 2.0 / 30.0 });
    }

    /// Long after, the cards more likely forgotten than not lead, the best held of them
    /// first; the others follow, the least known first.
    #[test]
    fn forgotten_cards_lead_the_best_held_of_them_first() {
        let deck = seed_deck();
        let pool = core_pool(&deck);
        let answers: Vec<(CardIndex, u32)> =
            pool.iter().take(12).zip([29, 5, 20, 12, 28, 2, 15, 25, 9, 18, 27, 22]).map(|(&c, r)| (c, r)).collect();
        let memory = ClassMemory::from_rounds(&deck, &[round("2026-11-24T10:00:00Z", &answers)]);
        let plan = plan_review(&memory, &pool[..12], 12, utc("2027-03-24T10:00:00Z"));
        let split = plan.iter().position(|question| question.recall >= FORGOTTEN_BELOW).unwrap_or(plan.len());
        assert!(split > 0 && split < plan.len(), "some forgotten, some not: {plan:?}");
        assert!(plan[..split].windows(2).all(|pair| pair[0].recall >= pair[1].recall), "{plan:?}");
        assert!(plan[split..].iter().all(|question| question.recall >= FORGOTTEN_BELOW));
        assert!(plan[split..].windows(2).all(|pair| pair[0].recall <= pair[1].recall), "{plan:?}");
    }

    /// A quarter right on four options is what a class that knows nothing gets by luck:
    /// a week on, it is held like a typed round nobody got right; half knowing it like
    /// a typed round half got right. The teacher still reads the share they saw.
    #[test]
    fn lucky_guesses_are_not_knowledge() {
        let deck = seed_deck();
        let ssh = card(&deck, "22:port-to-service");
        let class = |right, guess| {
            let question = AskedQuestion { card: ssh, right, players: 40, guess };
            ClassMemory::from_rounds(
                &deck,
                &[PlayedRound { at: utc("2026-11-24T10:00:00Z"), questions: vec![question] }],
            )
        };
        let week_on = |memory: ClassMemory| memory.recall(ssh, utc("2026-12-01T10:00:00Z"));
        assert!((week_on(class(10, 0.25)) - week_on(class(0, 0.0))).abs() < 1e-9, "10 of 40 on four options: luck");
        assert!((week_on(class(25, 0.25)) - week_on(class(20, 0.0))).abs() < 1e-9, "25 of 40 on four: half knew it");
        assert!(week_on(class(25, 0.25)) > week_on(class(10, 0.25)));
        assert_eq!(class(10, 0.25).last_asked(ssh).map(|(_, share)| share), Some(0.25), "what the teacher saw");
    }

    /// Three phones move a card less than a class of thirty.
    #[test]
    fn a_small_round_moves_the_memory_less_than_a_class() {
        let deck = seed_deck();
        let ssh = card(&deck, "22:port-to-service");
        let after = |right, players| {
            let first = AskedQuestion { card: ssh, right: 30, players: 30, guess: 0.0 };
            let again = AskedQuestion { card: ssh, right, players, guess: 0.0 };
            let rounds = [
                PlayedRound { at: utc("2026-11-03T10:00:00Z"), questions: vec![first] },
                PlayedRound { at: utc("2026-11-10T10:00:00Z"), questions: vec![again] },
            ];
            ClassMemory::from_rounds(&deck, &rounds).recall(ssh, utc("2026-11-17T10:00:00Z"))
        };
        assert!(after(0, 3) > after(0, 30), "none of 3 against none of 30: {} {}", after(0, 3), after(0, 30));
    }

    /// A class that misses most of what it is asked again a week later forgets faster
    /// than FSRS-6's default learner; one that keeps it, slower or as fast.
    #[test]
    fn the_pace_of_forgetting_is_fitted_to_the_class() {
        let deck = seed_deck();
        let pool = core_pool(&deck);
        let class = |again_right: u32| {
            let first: Vec<(CardIndex, u32)> = pool.iter().take(10).map(|&card| (card, 30)).collect();
            let again: Vec<(CardIndex, u32)> = pool.iter().take(10).map(|&card| (card, again_right)).collect();
            let rounds = [round("2026-11-03T10:00:00Z", &first), round("2026-11-10T10:00:00Z", &again)];
            ClassMemory::from_rounds(&deck, &rounds).forgetting().pace
        };
        assert!(class(6) < 0.5, "a fifth kept it a week: {}", class(6));
        assert!(class(30) >= 1.0, "all kept it: {}", class(30));
        assert_eq!(ClassMemory::from_rounds(&deck, &[]).forgetting().pace, 1.0, "no evidence: the default");
    }

    #[test]
    fn a_class_that_forgets_fast_is_fitted_its_curve_and_held_at_what_it_knows() {
        // Each card right for the whole class, then asked again 1-12 days later: the
        // share that kept it halves every two days (typed answers, no luck to take out).
        let deck = seed_deck();
        let pool = core_pool(&deck);
        let first_day = utc("2026-11-02T10:00:00Z");
        let kept = |days: i64| 0.5f64.powf(days as f64 / 2.0);
        let mut rounds = vec![PlayedRound {
            at: first_day,
            questions: pool
                .iter()
                .take(13)
                .map(|&card| AskedQuestion { card, right: 30, players: 30, guess: 0.0 })
                .collect(),
        }];
        for (days, &card) in (1..=12).zip(&pool) {
            let right = (30.0 * kept(days)).round() as u32;
            let at = first_day + chrono::Duration::days(days);
            rounds.push(PlayedRound { at, questions: vec![AskedQuestion { card, right, players: 30, guess: 0.0 }] });
        }
        let fitted = ClassMemory::from_rounds(&deck, &rounds);
        let mut fsrs_default = ClassMemory::new(&deck);
        for round in &rounds {
            fsrs_default.update(round);
        }
        // The thirteenth card was asked only the first day: six days on, an eighth kept it.
        let unasked_since = pool[12];
        let six_days_on = first_day + chrono::Duration::days(6);
        let (estimate, long_tail) =
            (fitted.recall(unasked_since, six_days_on), fsrs_default.recall(unasked_since, six_days_on));
        assert!(
            fitted.forgetting().decay > FSRS6_DEFAULT_DECAY,
            "a steeper forgetting than FSRS-6's: {:?}",
            fitted.forgetting()
        );
        // The curves on offer are not an exponential: near it is what is asked.
        assert!((estimate - kept(6)).abs() < 0.08, "held at about {:.2}: {estimate:.2}", kept(6));
        assert!(long_tail > 0.5, "FSRS-6's forgetting unfitted held it at {long_tail:.2}");
    }

    #[test]
    fn a_class_that_learns_from_the_reveal_is_fitted_to_keep_what_it_missed() {
        // Typed answers on twelve cards: nobody knew them at first; three days on, after
        // seeing the answer once, a third did; a week later, after seeing it twice, most.
        let deck = seed_deck();
        let cards: Vec<CardIndex> = core_pool(&deck).into_iter().take(12).collect();
        let asked = |when: &str, right: u32| {
            let questions = cards.iter().map(|&card| AskedQuestion { card, right, players: 30, guess: 0.0 });
            PlayedRound { at: utc(when), questions: questions.collect() }
        };
        let rounds =
            [asked("2026-11-02T10:00:00Z", 0), asked("2026-11-05T10:00:00Z", 10), asked("2026-11-12T10:00:00Z", 24)];
        let fitted = ClassMemory::from_rounds(&deck, &rounds).forgetting();
        assert!(fitted.lapse > 1.0, "a miss leaves more than FSRS-6's lapse: {fitted:?}");
    }

    #[test]
    fn a_forgotten_card_is_not_left_out_for_a_never_asked_one_beyond_their_share() {
        let deck = seed_deck();
        let pool = core_pool(&deck);
        // Eight first asks at 40 % known put the prior of the never-asked just below
        // FORGOTTEN_BELOW; one of the eight, asked again, most missed.
        let again = pool[0];
        let first_asks: Vec<(CardIndex, u32)> = pool[..8].iter().map(|&card| (card, 12)).collect();
        let rounds = [round("2026-11-02T10:00:00Z", &first_asks), round("2026-11-05T10:00:00Z", &[(again, 3)])];
        let memory = ClassMemory::from_rounds(&deck, &rounds);
        let now = utc("2026-11-09T10:00:00Z");
        let (forgotten, never_asked) = (memory.recall(again, now), memory.recall(pool[8], now));
        assert!(forgotten < never_asked && never_asked < FORGOTTEN_BELOW, "{forgotten:.2} < {never_asked:.2} < 0.45");
        // Twenty-eight never asked, all above it: a round of 10 keeps 2 for them, then
        // the cards the class was asked and has forgotten.
        let plan = plan_review(&memory, &pool, 10, now);
        assert!(cards_of(&plan).contains(&again), "{plan:?}");
        let new = plan.iter().filter(|question| question.reason == Reason::NeverAsked).count();
        assert!(new >= 2, "{new} never asked");
    }

    #[test]
    fn asking_a_fading_card_raises_what_the_class_holds_of_it_later() {
        let deck = seed_deck();
        let pool = core_pool(&deck);
        let rounds = [round("2026-11-02T10:00:00Z", &[(pool[0], 20)])];
        let memory = ClassMemory::from_rounds(&deck, &rounds);
        let (now, week_on) = (utc("2026-11-09T10:00:00Z"), utc("2026-11-16T10:00:00Z"));
        for card in [pool[0], pool[1]] {
            let (asked, left) = (memory.recall_then_if_asked(card, now, week_on), memory.recall(card, week_on));
            assert!(asked > left, "card {card}: asked {asked:.2}, left {left:.2}");
        }
    }

    #[test]
    fn a_card_the_whole_class_got_right_rests_until_it_is_due() {
        let deck = seed_deck();
        let (all_right, missed, never) =
            (card(&deck, "22:port-to-service"), card(&deck, "23:port-to-service"), card(&deck, "25:port-to-service"));
        let memory =
            ClassMemory::from_rounds(&deck, &[round("2026-11-24T10:00:00Z", &[(all_right, 30), (missed, 10)])]);
        let pool = [all_right, missed, never];
        // Fewer candidates than slots: every one that is due is asked, the resting one
        // does not fill the round.
        let resting = plan_review(&memory, &pool, 10, utc("2026-11-27T10:00:00Z"));
        assert!(memory.recall(all_right, utc("2026-11-27T10:00:00Z")) >= DUE_BELOW);
        let mut resting = cards_of(&resting);
        resting.sort();
        assert_eq!(resting, vec![missed, never]);
        let due_at = utc("2027-01-23T10:00:00Z");
        assert!(memory.recall(all_right, due_at) < DUE_BELOW, "60 days on it is due");
        let mut due = cards_of(&plan_review(&memory, &pool, 10, due_at));
        due.sort();
        assert_eq!(due, vec![all_right, missed, never]);
    }

    #[test]
    fn never_asked_cards_keep_their_share_and_fill_the_round_when_the_rest_rests() {
        let deck = seed_deck();
        let pool = core_pool(&deck);
        let (asked, never) = pool.split_at(20);
        let class_that_answered = |right: u32| {
            let answers: Vec<(CardIndex, u32)> = asked.iter().map(|&card| (card, right)).collect();
            ClassMemory::from_rounds(&deck, &[round("2026-11-27T10:00:00Z", &answers)])
        };
        let never_in = |memory: &ClassMemory, now: &str| {
            let plan = plan_review(memory, &pool, 10, utc(now));
            assert_eq!(plan.len(), 10);
            plan.iter().filter(|question| never.contains(&question.card)).count()
        };
        let new_share = (10.0 * NEW_SHARE).round() as usize;
        assert_eq!(never_in(&class_that_answered(0), "2027-01-26T10:00:00Z"), new_share, "all missed: a share");
        assert_eq!(never_in(&class_that_answered(30), "2027-01-26T10:00:00Z"), new_share, "all right, now fading");
        // All right three days ago: those rest, and the round is all new cards.
        assert_eq!(never_in(&class_that_answered(30), "2026-11-30T10:00:00Z"), 10);
        let memory = ClassMemory::new(&deck);
        let plan = plan_review(&memory, &never[..3], 10, utc("2027-01-26T10:00:00Z"));
        assert!(plan.iter().all(|question| question.reason == Reason::NeverAsked) && plan.len() == 3);
    }

    /// The deck's prior is where a class starts; what it knew of the cards it was asked
    /// the first time moves it for the cards it was not asked yet.
    #[test]
    fn the_prior_of_never_asked_cards_learns_from_the_class_first_asks() {
        let deck = seed_deck();
        let pool = core_pool(&deck);
        let (asked, never) = pool.split_at(20);
        let prior_after = |right: u32| {
            let answers: Vec<(CardIndex, u32)> = asked.iter().map(|&card| (card, right)).collect();
            ClassMemory::from_rounds(&deck, &[round("2026-11-27T10:00:00Z", &answers)]).prior(never[0])
        };
        assert_eq!(ClassMemory::new(&deck).prior(never[0]), PRIOR_CORE);
        assert!(prior_after(30) > 0.9, "knew all it was asked: {}", prior_after(30));
        assert!(prior_after(0) < 0.1, "knew none: {}", prior_after(0));
    }

    #[test]
    fn the_lobby_says_when_in_the_teachers_words() {
        let now = at("2026-11-27T10:00:00+02:00");
        let missed_on = |when: &str| Reason::MissedByMost { on: utc(when), share_right: 0.2 }.group(now);
        assert_eq!(missed_on("2026-11-17T10:00:00Z"), "missed by most last Tuesday");
        assert_eq!(missed_on("2026-11-24T10:00:00Z"), "missed by most on Tuesday");
        assert_eq!(missed_on("2026-11-26T10:00:00Z"), "missed by most yesterday");
        assert_eq!(missed_on("2026-11-26T23:30:00Z"), "missed by most today", "01:30 in the teacher's zone");
        assert_eq!(missed_on("2026-11-03T10:00:00Z"), "missed by most on Tue 3 Nov");
        // Eleven days back from a Monday is two calendar weeks back: not "last Thursday".
        let monday = at("2026-12-07T10:00:00+00:00");
        let words = |when: &str| day_words(utc(when), monday);
        assert_eq!(words("2026-11-26T10:00:00Z"), "on Thu 26 Nov");
        assert_eq!(words("2026-12-03T10:00:00Z"), "last Thursday");
        assert_eq!(words("2026-12-04T10:00:00Z"), "last Friday", "three days back, the week before");
        assert_eq!(Reason::NotAskedFor { days: 21 }.group(now), "not asked for 3 weeks");
        assert_eq!(Reason::NotAskedFor { days: 5 }.group(now), "not asked for 5 days");
        assert_eq!(Reason::NeverAsked.group(now), "not asked yet");
        assert_eq!(Reason::Fading { recall: 0.4 }.group(now), "due again");
    }

    #[test]
    fn the_class_recall_over_time_falls_between_rounds_and_rises_after_each() {
        let deck = seed_deck();
        let cards = [card(&deck, "22:port-to-service"), card(&deck, "53:port-to-service")];
        let rounds = [
            round("2026-11-10T10:00:00Z", &[(cards[0], 24), (cards[1], 18)]),
            round("2026-11-03T10:00:00Z", &[(cards[0], 12), (cards[1], 9)]),
        ];
        let points = recall_over_time(
            &deck,
            &rounds,
            Forgetting::DEFAULT,
            &cards,
            utc("2026-11-17T10:00:00Z"),
            Duration::days(1),
        );
        assert_eq!(points.len(), 15, "a point a day, both ends included");
        assert_eq!(points[0].0, utc("2026-11-03T10:00:00Z"));
        assert!(points[6].1 < points[1].1, "forgets between rounds");
        assert!(points[7].1 > points[6].1, "the second round lifts it: {:?}", points[6..8].to_vec());
        assert!(
            recall_over_time(&deck, &[], Forgetting::DEFAULT, &cards, utc("2026-11-17T10:00:00Z"), Duration::days(1))
                .is_empty()
        );
    }
}

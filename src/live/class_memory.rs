//! What a class remembers, estimated from its live rounds: for every card, how likely
//! the class is to get it right today, and the next round planned from that.
//!
//! The class is modelled as a whole, by question, never per nickname (rounds have no
//! accounts). Each card carries a mixture of two FSRS-6 memories: the share of the class
//! that got it right when it was last asked (their memory grew, as after a Good) and
//! the share that missed it (they saw the answer at the reveal: a relapse, as after an
//! Again). Between rounds both forget along FSRS-6's curve, so the estimate for today
//! is `share_right x R(right memory) + share_missed x R(missed memory)`. A card the
//! class was never asked starts from the deck's prior ([`PRIOR_CORE`], [`PRIOR_OTHER`]).
//!
//! [`plan_review`] fills a round with the cards the class is most likely to have
//! forgotten (core ports weighted as everywhere, `schedule::CORE_WEIGHT`), never-asked
//! cards among them at their prior and at least a few of them, and none the whole class
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
/// A card whose estimated recall is below this is due again.
pub const DUE_BELOW: f64 = 0.8;
/// A card the whole class got right this many days ago or less is not asked again
/// unless it is due.
pub const ALL_RIGHT_RESTS_DAYS: i64 = 10;
/// The share of a review round's questions kept for cards never asked (when any are
/// left), so that a class's memory of the deck keeps growing; more of them come in when
/// the class is less likely to know them than the cards it was asked.
pub const NEW_SHARE: f64 = 0.2;
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
    /// Students who could answer it (in the round when it opened); a student who let the
    /// time run out did not know it in time.
    pub players: u32,
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
    /// When it was last asked, and the share that got it right then.
    last: DateTime<Utc>,
    share_right: f64,
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
}

impl ClassMemory {
    /// A class with no rounds yet: every card at the deck's prior.
    pub fn new(deck: &Deck) -> ClassMemory {
        ClassMemory { cards: BTreeMap::new(), core: deck.cards.iter().map(|card| card.core).collect() }
    }

    /// A class's memory after its rounds (in any order; they are played back by date).
    pub fn from_rounds(deck: &Deck, rounds: &[PlayedRound]) -> ClassMemory {
        let mut memory = ClassMemory::new(deck);
        let mut ordered: Vec<&PlayedRound> = rounds.iter().collect();
        ordered.sort_by_key(|round| round.at);
        for round in ordered {
            memory.update(round);
        }
        memory
    }

    /// Takes in one more round (played after the ones taken in so far).
    pub fn update(&mut self, round: &PlayedRound) {
        let fsrs = FSRS::default();
        for asked in &round.questions {
            if asked.players == 0 || asked.card >= self.core.len() {
                continue;
            }
            let share = f64::from(asked.right.min(asked.players)) / f64::from(asked.players);
            if let Some(next) = after_ask(&fsrs, self.cards.get(&asked.card), share, round.at) {
                self.cards.insert(asked.card, next);
            }
        }
    }

    /// How likely the class is to get the card right at `now`.
    pub fn recall(&self, card: CardIndex, now: DateTime<Utc>) -> f64 {
        match self.cards.get(&card) {
            Some(memory) => mix(memory.share_right, memory.right, memory.missed, now - memory.last),
            None => self.prior(card),
        }
    }

    /// The deck's prior for a card the class was never asked.
    pub fn prior(&self, card: CardIndex) -> f64 {
        if self.core.get(card).copied().unwrap_or(false) { PRIOR_CORE } else { PRIOR_OTHER }
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

    fn weight(&self, card: CardIndex) -> f64 {
        if self.core.get(card).copied().unwrap_or(false) { f64::from(CORE_WEIGHT) } else { 1.0 }
    }
}

/// A card's memory after the class is asked it at `at` and `share` get it right.
fn after_ask(fsrs: &FSRS, before: Option<&CardMemory>, share: f64, at: DateTime<Utc>) -> Option<CardMemory> {
    let Some(before) = before else {
        let first = fsrs.next_states(None, 0.9, 0).ok()?;
        let (right, missed) = (first.good.memory, first.again.memory);
        return Some(CardMemory { last: at, share_right: share, right, missed, times_asked: 1 });
    };
    let days = whole_days(before.last, at);
    let elapsed = at - before.last;
    // Each half of the class moves on from its own memory; who is right now came from
    // the half that held it more often (Bayes on the two halves' recall at the ask),
    // and so did who missed it.
    let right = fsrs.next_states(Some(before.right), 0.9, days).ok()?;
    let missed = fsrs.next_states(Some(before.missed), 0.9, days).ok()?;
    let held_right = before.share_right * recall_of(before.right, elapsed);
    let held_missed = (1.0 - before.share_right) * recall_of(before.missed, elapsed);
    let lost_right = before.share_right - held_right;
    let lost_missed = (1.0 - before.share_right) - held_missed;
    Some(CardMemory {
        last: at,
        share_right: share,
        right: blend(share_of(held_right, held_missed), right.good.memory, missed.good.memory),
        missed: blend(share_of(lost_right, lost_missed), right.again.memory, missed.again.memory),
        times_asked: before.times_asked + 1,
    })
}

/// The mixture's recall `elapsed` after the last ask.
fn mix(share_right: f64, right: MemoryState, missed: MemoryState, elapsed: chrono::Duration) -> f64 {
    share_right * recall_of(right, elapsed) + (1.0 - share_right) * recall_of(missed, elapsed)
}

/// One memory's recall (FSRS-6's forgetting curve) `elapsed` after it was last asked.
fn recall_of(memory: MemoryState, elapsed: chrono::Duration) -> f64 {
    let days = (elapsed.num_seconds().max(0) as f32) / 86_400.0;
    let memory = MemoryState { stability: memory.stability.max(0.001), ..memory };
    f64::from(fsrs::current_retrievability(memory, days, FSRS6_DEFAULT_DECAY))
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

fn whole_days(from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
    u32::try_from((to - from).num_days().max(0)).unwrap_or(u32::MAX)
}

/// Why a card is in a review round, as the lobby groups and says it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// Most of the class missed it when it was last asked.
    MissedByMost { on: DateTime<Utc>, share_right: f64 },
    /// Not asked for a while.
    NotAskedFor { days: i64 },
    /// The class has likely forgotten it since.
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
            Reason::Fading { .. } => "likely forgotten since".to_string(),
            Reason::NeverAsked => "not asked yet".to_string(),
        }
    }
}

/// "today", "yesterday", "on Tuesday" (this week), "last Tuesday" (the week before) or
/// "on 3 Nov".
pub fn day_words(at: DateTime<Utc>, now: DateTime<FixedOffset>) -> String {
    let day = at.with_timezone(now.offset()).date_naive();
    let today = now.date_naive();
    let days = (today - day).num_days();
    let weekday = day.format("%A");
    match days {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        2..=6 if day.weekday().num_days_from_monday() < today.weekday().num_days_from_monday() => {
            format!("on {weekday}")
        }
        2..=13 => format!("last {weekday}"),
        _ => format!("on {}", day.format("%-d %b")),
    }
}

/// One question of a planned round, with why it is there and the class's recall now.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedQuestion {
    pub card: CardIndex,
    pub reason: Reason,
    pub recall: f64,
}

/// The next round from the class's memory: of `pool`, the `count` cards the class is
/// most likely to have forgotten (weighted by core), at least [`NEW_SHARE`] of them
/// never asked (while any are left), and none the whole class got right in the last
/// [`ALL_RIGHT_RESTS_DAYS`] days unless it is due. Most-forgotten first.
pub fn plan_review(memory: &ClassMemory, pool: &[CardIndex], count: usize, now: DateTime<Utc>) -> Vec<PlannedQuestion> {
    let mut asked = Vec::new();
    let mut never = Vec::new();
    for &card in pool {
        let recall = memory.recall(card, now);
        match memory.last_asked(card) {
            None => never.push((card, recall)),
            Some((last, share)) => {
                let resting = share >= 1.0 && (now - last).num_days() <= ALL_RIGHT_RESTS_DAYS;
                if resting && recall >= DUE_BELOW {
                    continue;
                }
                asked.push((card, recall, last, share));
            }
        }
    }
    // What the class stands to gain: the core weight times what it has forgotten.
    let gain = |card: CardIndex, recall: f64| memory.weight(card) * (1.0 - recall);
    asked.sort_by(|a, b| gain(b.0, b.1).total_cmp(&gain(a.0, a.1)).then(a.0.cmp(&b.0)));
    never.sort_by(|a, b| gain(b.0, b.1).total_cmp(&gain(a.0, a.1)).then(a.0.cmp(&b.0)));
    // Never-asked cards get their share of the round and then compete with the asked
    // ones at their prior. Capping them at that share instead left a class of 12 rounds
    // of 10 on the 36-card core pool without ever meeting 4 of its cards (10 + 11 x 2),
    // which it then does not know on exam day (docs/learning-benchmark.md, the class
    // simulation: 72.7 % against 80.2 % on the tuning classes).
    let new_slots = ((count as f64 * NEW_SHARE).round() as usize).min(never.len()).min(count);
    let (kept_new, other_new) = never.split_at(new_slots);
    let mut planned: Vec<PlannedQuestion> =
        kept_new.iter().map(|&(card, recall)| PlannedQuestion { card, recall, reason: Reason::NeverAsked }).collect();
    let mut rest: Vec<PlannedQuestion> = asked
        .iter()
        .map(|&(card, recall, last, share)| PlannedQuestion { card, recall, reason: reason(recall, last, share, now) })
        .chain(other_new.iter().map(|&(card, recall)| PlannedQuestion { card, recall, reason: Reason::NeverAsked }))
        .collect();
    rest.sort_by(|a, b| gain(b.card, b.recall).total_cmp(&gain(a.card, a.recall)).then(a.card.cmp(&b.card)));
    planned.extend(rest.into_iter().take(count - new_slots));
    planned
        .sort_by(|a, b| gain(a.card, a.recall).total_cmp(&gain(b.card, b.recall)).reverse().then(a.card.cmp(&b.card)));
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
/// round to `until`, the rounds taken in as their dates pass: the class view's plot.
pub fn recall_over_time(
    deck: &Deck,
    rounds: &[PlayedRound],
    cards: &[CardIndex],
    until: DateTime<Utc>,
    step: chrono::Duration,
) -> Vec<(DateTime<Utc>, f64)> {
    let mut ordered: Vec<&PlayedRound> = rounds.iter().collect();
    ordered.sort_by_key(|round| round.at);
    let Some(first) = ordered.first().map(|round| round.at) else { return Vec::new() };
    let mut memory = ClassMemory::new(deck);
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
        let questions = answers.iter().map(|&(card, right)| AskedQuestion { card, right, players: 30 }).collect();
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
    fn never_asked_cards_keep_their_share_and_take_more_when_the_rest_is_known() {
        let deck = seed_deck();
        let pool = core_pool(&deck);
        let (asked, never) = pool.split_at(20);
        let now = utc("2027-01-26T10:00:00Z");
        let never_in = |right: u32| {
            let answers: Vec<(CardIndex, u32)> = asked.iter().map(|&card| (card, right)).collect();
            let memory = ClassMemory::from_rounds(&deck, &[round("2026-11-27T10:00:00Z", &answers)]);
            let plan = plan_review(&memory, &pool, 10, now);
            assert_eq!(plan.len(), 10);
            plan.iter().filter(|question| never.contains(&question.card)).count()
        };
        assert_eq!(never_in(0), (10.0 * NEW_SHARE).round() as usize, "all missed 60 days ago: more forgotten than new");
        assert_eq!(never_in(30), 10, "all right: a new card is the likelier gain");
        let memory = ClassMemory::new(&deck);
        let plan = plan_review(&memory, &never[..3], 10, now);
        assert!(plan.iter().all(|question| question.reason == Reason::NeverAsked) && plan.len() == 3);
    }

    #[test]
    fn the_lobby_says_when_in_the_teachers_words() {
        let now = at("2026-11-27T10:00:00+02:00");
        let missed_on = |when: &str| Reason::MissedByMost { on: utc(when), share_right: 0.2 }.group(now);
        assert_eq!(missed_on("2026-11-17T10:00:00Z"), "missed by most last Tuesday");
        assert_eq!(missed_on("2026-11-24T10:00:00Z"), "missed by most on Tuesday");
        assert_eq!(missed_on("2026-11-26T10:00:00Z"), "missed by most yesterday");
        assert_eq!(missed_on("2026-11-26T23:30:00Z"), "missed by most today", "01:30 in the teacher's zone");
        assert_eq!(missed_on("2026-11-03T10:00:00Z"), "missed by most on 3 Nov");
        assert_eq!(Reason::NotAskedFor { days: 21 }.group(now), "not asked for 3 weeks");
        assert_eq!(Reason::NotAskedFor { days: 5 }.group(now), "not asked for 5 days");
        assert_eq!(Reason::NeverAsked.group(now), "not asked yet");
        assert_eq!(Reason::Fading { recall: 0.4 }.group(now), "likely forgotten since");
    }

    #[test]
    fn the_class_recall_over_time_falls_between_rounds_and_rises_after_each() {
        let deck = seed_deck();
        let cards = [card(&deck, "22:port-to-service"), card(&deck, "53:port-to-service")];
        let rounds = [
            round("2026-11-10T10:00:00Z", &[(cards[0], 24), (cards[1], 18)]),
            round("2026-11-03T10:00:00Z", &[(cards[0], 12), (cards[1], 9)]),
        ];
        let points = recall_over_time(&deck, &rounds, &cards, utc("2026-11-17T10:00:00Z"), Duration::days(1));
        assert_eq!(points.len(), 15, "a point a day, both ends included");
        assert_eq!(points[0].0, utc("2026-11-03T10:00:00Z"));
        assert!(points[6].1 < points[1].1, "forgets between rounds");
        assert!(points[7].1 > points[6].1, "the second round lifts it: {:?}", points[6..8].to_vec());
        assert!(recall_over_time(&deck, &[], &cards, utc("2026-11-17T10:00:00Z"), Duration::days(1)).is_empty());
    }
}

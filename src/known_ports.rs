//! Progress a learner sees from the first day: the core ports they know now, what
//! today's study added, and what to study next (the weakest port family, the most
//! missed cards).
//!
//! A port is *known now* when every question about it the learner has studied is out
//! of its learning steps (last answered right) and this learner's memory model, fitted
//! to their answers on later days, puts its recall now at [`KNOWN_RECALL`] or more. A
//! port studied once today counts; one that slipped since, or was just missed, does
//! not. So the number moves after every session, both ways.
//!
//! Not here: mastery (every question of a port at 90 %, `figures`), drawing.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, Utc};

use crate::deck::{Card, CardIndex, Deck};
use crate::exam::Family;
use crate::figures::LogTally;
use crate::progress::{KnownAtDayStart, Phase, Progress};
use crate::schedule::study_day;

/// Recall now at or above this, by the learner's own memory model, counts as known.
/// Below [`crate::figures::MASTERED`] on purpose: known is "would answer it now",
/// mastered "would still answer it on the exam".
pub const KNOWN_RECALL: f32 = 0.8;

/// How many cards "study this next" puts first in the queue: about five minutes.
pub const STUDY_NEXT_CARDS: usize = 10;

/// Core ports known now, out of the deck's core ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownPorts {
    pub known: usize,
    pub total: usize,
}

/// Whether the learner knows this card now (see the module's doc).
fn card_known(progress: &Progress, card: &Card, now: DateTime<Utc>) -> Option<bool> {
    let state = progress.cards.get(&card.id)?;
    let learned = state.phase == Phase::Review;
    Some(learned && progress.memory_model.recall_of(Some(state), now) >= KNOWN_RECALL)
}

/// Each row's verdict: `Some(true)` known, `Some(false)` studied but not known, `None`
/// no question of it studied yet (or none asked).
fn rows_known(deck: &Deck, progress: &Progress, now: DateTime<Utc>) -> HashMap<usize, bool> {
    let mut rows: HashMap<usize, bool> = HashMap::new();
    for card in deck.cards.iter().filter(|card| about_one_port(progress, card)) {
        if let Some(known) = card_known(progress, card, now) {
            let row = rows.entry(card.row).or_insert(true);
            *row = *row && known;
        }
    }
    rows
}

/// The questions about one port (scenarios, families and counterparts span several),
/// as far as the settings ask them; the port map counts the same ones.
fn about_one_port(progress: &Progress, card: &Card) -> bool {
    (!card.direction.is_exam_kind() || card.direction == crate::deck::Direction::ClearText)
        && progress.settings.asks(card)
}

/// The core ports known now.
pub fn core_known(deck: &Deck, progress: &Progress, now: DateTime<Utc>) -> KnownPorts {
    let rows = rows_known(deck, progress, now);
    let core_rows = || deck.rows.iter().enumerate().filter(|(_, row)| row.core);
    KnownPorts {
        known: core_rows().filter(|(index, _)| rows.get(index) == Some(&true)).count(),
        total: core_rows().count(),
    }
}

/// The core ports known now and how many more (or fewer) than when today's study began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownToday {
    pub now: KnownPorts,
    /// Known now less known at the first answer of the study day; 0 before it.
    pub change_today: i64,
}

impl KnownToday {
    /// "Core ports you know now: 14 of 41 (+5 today)".
    pub fn describe(&self) -> String {
        let KnownPorts { known, total } = self.now;
        let change = match self.change_today {
            0 => String::new(),
            gained if gained > 0 => format!(" (+{gained} today)"),
            lost => format!(" ({lost} today)"),
        };
        format!("Core ports you know now: {known} of {total}{change}")
    }

    /// The same in a few words, for a small window: "Known: 14 of 41 core (+5 today)".
    pub fn short(&self) -> String {
        let KnownPorts { known, total } = self.now;
        let change = match self.change_today {
            0 => String::new(),
            gained if gained > 0 => format!(" (+{gained} today)"),
            lost => format!(" ({lost} today)"),
        };
        format!("Known: {known} of {total} core{change}")
    }
}

/// The core ports known now, against the count saved at today's first answer.
pub fn known_today(deck: &Deck, progress: &Progress, now: DateTime<FixedOffset>) -> KnownToday {
    let known = core_known(deck, progress, now.to_utc());
    let today = study_day(now.to_utc(), *now.offset());
    let change_today = match progress.known_at_day_start {
        Some(KnownAtDayStart { day, core_known }) if day == today => known.known as i64 - core_known as i64,
        _ => 0,
    };
    KnownToday { now: known, change_today }
}

/// What a session does before the day's first answer: notes how many core ports the
/// learner knows as the day's study begins (kept in the progress, so that a restart
/// later in the day still counts from there).
pub fn note_day_start(deck: &Deck, progress: &mut Progress, now: DateTime<FixedOffset>) {
    let day = study_day(now.to_utc(), *now.offset());
    if progress.known_at_day_start.is_none_or(|noted| noted.day != day) {
        let core_known = core_known(deck, progress, now.to_utc()).known;
        progress.known_at_day_start = Some(KnownAtDayStart { day, core_known });
    }
}

/// The family to study next: the one of the learner's begun families whose core ports
/// they know least of.
#[derive(Debug, Clone, PartialEq)]
pub struct WeakFamily {
    pub family: Family,
    pub known: KnownPorts,
    /// Its questions to study now: the studied ones not known, least recalled first,
    /// then new ones, at most [`STUDY_NEXT_CARDS`].
    pub cards: Vec<CardIndex>,
}

impl WeakFamily {
    /// "Weakest family: Mail (you know 1 of its 6 core ports)".
    pub fn describe(&self) -> String {
        let KnownPorts { known, total } = self.known;
        let ports = if total == 1 { "core port" } else { "core ports" };
        format!("Weakest family: {} (you know {known} of its {total} {ports})", self.family.title())
    }
}

/// What to study next: the weakest family and the most missed cards.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StudyNext {
    pub weakest_family: Option<WeakFamily>,
    /// The cards answered Again most often, most first (at most five).
    pub most_missed: Vec<(CardIndex, usize)>,
}

/// The weakest begun family and the most missed cards, now.
pub fn study_next(deck: &Deck, progress: &Progress, tally: &LogTally, now: DateTime<Utc>) -> StudyNext {
    let most_missed =
        tally.most_missed(deck, 5).into_iter().filter_map(|(id, misses)| Some((deck.position(&id)?, misses))).collect();
    StudyNext { weakest_family: weakest_family(deck, progress, now), most_missed }
}

fn weakest_family(deck: &Deck, progress: &Progress, now: DateTime<Utc>) -> Option<WeakFamily> {
    let rows = rows_known(deck, progress, now);
    let mut begun: BTreeMap<Family, (KnownPorts, usize)> = BTreeMap::new();
    let core_rows = deck.rows.iter().enumerate().filter(|(_, row)| row.core).map(|(index, _)| index);
    for index in core_rows {
        for family in deck.families_of_row(index) {
            let (known, studied) = begun.entry(family).or_insert((KnownPorts { known: 0, total: 0 }, 0));
            known.total += 1;
            known.known += usize::from(rows.get(&index) == Some(&true));
            *studied += usize::from(rows.contains_key(&index));
        }
    }
    let (family, (known, _)) = begun
        .into_iter()
        .filter(|(_, (known, studied))| *studied > 0 && known.known < known.total)
        .min_by(|(_, (a, _)), (_, (b, _))| {
            let share = |ports: &KnownPorts| ports.known as f64 / ports.total as f64;
            share(a).total_cmp(&share(b))
        })?;
    Some(WeakFamily { family, known, cards: family_cards_to_study(deck, progress, family, now) })
}

/// The family's asked questions not known now: studied ones least recalled first,
/// then new ones in deck order.
fn family_cards_to_study(deck: &Deck, progress: &Progress, family: Family, now: DateTime<Utc>) -> Vec<CardIndex> {
    let mut slipping = Vec::new();
    let mut new = Vec::new();
    for (index, card) in deck.cards.iter().enumerate() {
        if !card.families.contains(&family) || !progress.settings.asks(card) {
            continue;
        }
        match card_known(progress, card, now) {
            Some(true) => {}
            Some(false) => slipping.push((progress.memory_model.recall_of(progress.cards.get(&card.id), now), index)),
            None => new.push(index),
        }
    }
    slipping.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    slipping.into_iter().map(|(_, index)| index).chain(new).take(STUDY_NEXT_CARDS).collect()
}

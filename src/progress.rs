//! What is saved: per-card scheduling state, the review log and the learner's
//! settings, with a format version.
//!
//! These are plain serde types; where they live on disk is `store`'s business and
//! how they change is `schedule`'s and `session`'s.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::deck::{Card, CardId, Direction};
use crate::exam::Family;

/// The format this build writes. A file with a higher number is never overwritten.
///
/// 2: each review is a compact array with its time in nanoseconds (format 1 wrote
/// objects with text times, twice the size and twice the time to save). Both are read.
pub const FORMAT_VERSION: u32 = 3;

pub use crate::review_log::{AnswerMode, CardState, Grade, LEECH_MISSES, Memory, Phase, Review};

/// What the learner can set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub new_per_day: u32,
    pub core_retention: f32,
    pub other_retention: f32,
    pub answer_mode: AnswerMode,
    /// Adds the exam ports the table lacks (587, 636, 3389, ...) as an extra deck;
    /// what a learner who has not chosen an exam ([`Settings::study_for`]) studies.
    pub exam_extras: bool,
    /// The exam studied for, which decides the deck; `None` until the learner chooses
    /// (a learner from before the choice keeps the deck they had).
    pub study_for: Option<crate::coverage::StudyFor>,
    /// The day of the exam: scheduling plans to it when set.
    pub exam_date: Option<NaiveDate>,
    /// At most this many reviews a day; the most at risk come first when it bites.
    pub review_cap: u32,
    /// Spreads a backlog of overdue reviews over [`BREAK_SPREAD_DAYS`] days.
    pub back_from_break: bool,
    /// The ports ticked for a "chosen ports" drill, remembered between drills.
    pub drill_rows: Vec<String>,
    /// Which ways cards ask; a direction switched off is never asked.
    pub ask_port_to_service: bool,
    pub ask_service_to_port: bool,
    pub ask_transport: bool,
    /// The exam-style kinds: off, for core ports only (the default), or for all.
    pub ask_counterparts: Scope,
    pub ask_clear_text: Scope,
    pub ask_scenarios: Scope,
    pub ask_families: Scope,
    /// Study only the cards of one port family; `None` studies everything.
    pub focus_family: Option<Family>,
    pub theme: Theme,
    /// Body text size in points; everything scales with it (presenter mode too).
    pub font_size: f32,
}

/// Which cards of an exam-style kind are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Off,
    /// Only cards about core ports.
    #[default]
    Core,
    All,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Off, Scope::Core, Scope::All];

    pub fn label(self) -> &'static str {
        match self {
            Scope::Off => "Off",
            Scope::Core => "Core ports",
            Scope::All => "All ports",
        }
    }

    pub fn includes(self, core: bool) -> bool {
        match self {
            Scope::Off => false,
            Scope::Core => core,
            Scope::All => true,
        }
    }
}

/// Dark, light, or whatever the desktop uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    System,
    Dark,
    Light,
}

/// The body text size egui draws at zoom 1.
pub const BASE_FONT_SIZE: f32 = 14.0;

impl Settings {
    /// Whether a card is asked at all: its kind switched on (for core ports only, or
    /// for all) and, when one family is being studied, in that family.
    pub fn asks(&self, card: &Card) -> bool {
        let kind = match card.direction {
            Direction::PortToService => self.ask_port_to_service,
            Direction::ServiceToPort => self.ask_service_to_port,
            Direction::PortToTransport => self.ask_transport,
            Direction::SecureCounterpart | Direction::InsecureCounterpart => self.ask_counterparts.includes(card.core),
            Direction::ClearText => self.ask_clear_text.includes(card.core),
            Direction::Scenario => self.ask_scenarios.includes(card.core),
            Direction::Family => self.ask_families.includes(card.core),
            // A name asked for a number, as "service to port" is.
            Direction::ProtocolNumber => self.ask_service_to_port,
        };
        kind && self.focus_family.is_none_or(|family| card.families.contains(&family))
    }
}

/// Days over which "back from a break" spreads a backlog.
pub const BREAK_SPREAD_DAYS: u32 = 5;

impl Settings {
    /// Which rows the deck holds: the exam chosen, or the table with or without extras.
    pub fn deck_kind(&self) -> crate::deck::DeckKind {
        match self.study_for {
            Some(study_for) => crate::deck::DeckKind::For(study_for),
            None if self.exam_extras => crate::deck::DeckKind::TableAndExtras,
            None => crate::deck::DeckKind::Table,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            new_per_day: 10,
            core_retention: 0.95,
            other_retention: 0.90,
            answer_mode: AnswerMode::Typed,
            exam_extras: false,
            study_for: None,
            exam_date: None,
            review_cap: 200,
            back_from_break: false,
            drill_rows: Vec::new(),
            ask_port_to_service: true,
            ask_service_to_port: true,
            ask_transport: true,
            ask_counterparts: Scope::Core,
            ask_clear_text: Scope::Core,
            ask_scenarios: Scope::Core,
            ask_families: Scope::Core,
            focus_family: None,
            theme: Theme::System,
            font_size: BASE_FONT_SIZE,
        }
    }
}

/// Everything saved in progress.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub format_version: u32,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub cards: BTreeMap<CardId, CardState>,
    #[serde(default)]
    pub log: Vec<Review>,
    /// How this learner's memory differs from the default, fitted from the log
    /// (format 3; older files start from the defaults and are fitted on the way).
    #[serde(default)]
    pub memory_model: crate::memory_model::MemoryModel,
    /// This learner's shuffle: cards of equal priority come in an order drawn from it,
    /// the same on every run (set when the first session opens; None in older files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_seed: Option<u64>,
    /// How many core ports the learner knew as the last study day's first answer was
    /// given, for "+5 today" (`crate::known_ports`); None before the first answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_at_day_start: Option<KnownAtDayStart>,
}

/// The core ports known as a study day's first answer was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownAtDayStart {
    pub day: NaiveDate,
    pub core_known: usize,
}

/// What a merge took from the other file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeSummary {
    pub cards_taken: usize,
    pub reviews_added: usize,
}

impl Progress {
    /// Merges progress from another machine card by card: where both have a card, the
    /// one reviewed later wins; the logs are joined without duplicates, in time order.
    /// The learner's own settings stay.
    pub fn merge(&mut self, other: Progress) -> MergeSummary {
        let mut summary = MergeSummary::default();
        for (id, theirs) in other.cards {
            let newer = self.cards.get(&id).is_none_or(|ours| theirs.last_review > ours.last_review);
            if newer {
                self.cards.insert(id, theirs);
                summary.cards_taken += 1;
            }
        }
        let known: std::collections::HashSet<(CardId, DateTime<Utc>)> =
            self.log.iter().map(|review| (review.card.clone(), review.at)).collect();
        for review in other.log {
            if !known.contains(&(review.card.clone(), review.at)) {
                self.log.push(review);
                summary.reviews_added += 1;
            }
        }
        self.log.sort_by_key(|review| review.at);
        summary
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            format_version: FORMAT_VERSION,
            settings: Settings::default(),
            cards: BTreeMap::new(),
            log: Vec::new(),
            memory_model: crate::memory_model::MemoryModel::default(),
            order_seed: None,
            known_at_day_start: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{card_id, review};

    #[test]
    fn round_trips_through_json() {
        let at: DateTime<Utc> = "2026-11-27T10:00:00Z".parse().unwrap();
        let mut progress = Progress::default();
        let id = card_id("22:port-to-service");
        progress.cards.insert(
            id.clone(),
            CardState {
                phase: Phase::Learning(1),
                memory: Memory { stability: 2.3, difficulty: 5.0 },
                due: at,
                first_review: at,
                last_review: at,
                interval_days: 0,
                reps: 1,
                lapses: 0,
                misses: 0,
            },
        );
        progress.log.push(Review {
            answer: "ssh".into(),
            ms: 2100,
            mode: AnswerMode::MultipleChoice,
            overridden: true,
            ..review(&id.to_string(), at, Grade::Good)
        });
        let json = serde_json::to_string_pretty(&progress).unwrap();
        assert!(json.contains("\"phase\": \"learning\""), "{json}");
        assert_eq!(serde_json::from_str::<Progress>(&json).unwrap(), progress);
    }

    #[test]
    fn merging_keeps_the_later_review_of_each_card_and_joins_logs() {
        let early: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        let late: DateTime<Utc> = "2026-11-20T10:00:00Z".parse().unwrap();
        let id = card_id;
        let state = |at: DateTime<Utc>, reps: u32| CardState {
            phase: Phase::Review,
            memory: Memory { stability: 3.0, difficulty: 5.0 },
            due: at,
            first_review: at,
            last_review: at,
            interval_days: 3,
            reps,
            lapses: 0,
            misses: 0,
        };
        let review = |card: &str, at: DateTime<Utc>| review(card, at, Grade::Good);
        let mut ours = Progress::default();
        ours.settings.new_per_day = 5;
        ours.cards.insert(id("22:port-to-service"), state(late, 7));
        ours.cards.insert(id("23:port-to-service"), state(early, 1));
        ours.log = vec![review("23:port-to-service", early), review("22:port-to-service", late)];
        let mut theirs = Progress::default();
        theirs.cards.insert(id("22:port-to-service"), state(early, 2));
        theirs.cards.insert(id("23:port-to-service"), state(late, 9));
        theirs.cards.insert(id("25:port-to-service"), state(early, 1));
        theirs.log = vec![review("23:port-to-service", early), review("23:port-to-service", late)];
        let summary = ours.merge(theirs);
        assert_eq!(summary, MergeSummary { cards_taken: 2, reviews_added: 1 });
        assert_eq!(ours.cards[&id("22:port-to-service")].reps, 7);
        assert_eq!(ours.cards[&id("23:port-to-service")].reps, 9);
        assert_eq!(ours.log.len(), 3);
        assert!(ours.log.windows(2).all(|pair| pair[0].at <= pair[1].at));
        assert_eq!(ours.settings.new_per_day, 5);
    }

    #[test]
    fn reviews_are_saved_as_compact_arrays_and_read_back_exactly() {
        let at = DateTime::parse_from_rfc3339("2026-03-01T09:15:42.123456789Z").unwrap().to_utc();
        let mut review = Review {
            answer: "ssh".into(),
            ms: 4200,
            mode: AnswerMode::MultipleChoice,
            ..review("22:port-to-service", at, Grade::Good)
        };
        let json = serde_json::to_string(&review).unwrap();
        assert_eq!(json, r#"["22:port-to-service",1772356542123456789,"ssh","correct","good",4200,"multiple_choice"]"#);
        assert_eq!(serde_json::from_str::<Review>(&json).unwrap(), review);
        review.overridden = true;
        let json = serde_json::to_string(&review).unwrap();
        assert!(json.ends_with(r#""multiple_choice",true]"#));
        assert_eq!(serde_json::from_str::<Review>(&json).unwrap(), review);
        review.at = DateTime::parse_from_rfc3339("2300-01-01T00:00:00Z").unwrap().to_utc();
        assert_eq!(serde_json::from_str::<Review>(&serde_json::to_string(&review).unwrap()).unwrap(), review);
    }

    #[test]
    fn format_1_reviews_still_read() {
        let written = r#"{"format_version": 1, "log": [
            {"card": "22:port-to-service", "at": "2026-03-01T09:15:42.5Z", "answer": "ssh",
             "verdict": "correct", "grade": "good", "ms": 4200},
            {"card": "23:port-to-service", "at": "2026-03-01T09:16:00Z", "answer": "x",
             "verdict": "wrong", "grade": "again", "ms": 900, "mode": "flip", "overridden": true}]}"#;
        let progress: Progress = serde_json::from_str(written).unwrap();
        assert_eq!(progress.log.len(), 2);
        assert_eq!(progress.log[0].at.timestamp_millis(), 1772356542500);
        assert_eq!(progress.log[0].mode, AnswerMode::Typed);
        assert!(!progress.log[0].overridden);
        assert_eq!(progress.log[1].mode, AnswerMode::Flip);
        assert!(progress.log[1].overridden);
        let short: Review = serde_json::from_str(r#"["22:port-to-service",0,"ssh","correct","good",4200]"#).unwrap();
        assert_eq!(short.mode, AnswerMode::Typed);
    }

    #[test]
    fn missing_settings_take_defaults() {
        let progress: Progress = serde_json::from_str(r#"{"format_version": 1}"#).unwrap();
        assert_eq!(progress.settings.new_per_day, 10);
        assert!(progress.cards.is_empty());
    }
}

//! Figures about what a learner knows and has done: mastery, the port map, reviews
//! per day with accuracy, study days and the streak, the due forecast, time spent and
//! the most-missed cards. Pure functions of the deck, the progress (the log through
//! its [`LogTally`]) and `now`.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

use crate::deck::{CardId, Deck};
use crate::progress::{Grade, Progress, Review};
use crate::schedule::study_day;

/// Retrievability at or above this counts as mastered.
pub const MASTERED: f32 = 0.9;

/// How much of the deck is known now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mastery {
    pub core_mastered: usize,
    pub core_total: usize,
    pub all_mastered: usize,
    pub all_total: usize,
}

impl Mastery {
    pub fn core_share(&self) -> f32 {
        share(self.core_mastered, self.core_total)
    }

    pub fn all_share(&self) -> f32 {
        share(self.all_mastered, self.all_total)
    }
}

fn share(part: usize, whole: usize) -> f32 {
    if whole == 0 { 0.0 } else { part as f32 / whole as f32 }
}

/// One port (table row) on the port map.
#[derive(Debug, Clone, PartialEq)]
pub struct PortCell {
    pub row: usize,
    pub ports: String,
    pub service: String,
    pub core: bool,
    /// The weakest of the row's cards (never-studied ones count as 0): a port is
    /// mastered when all its questions are.
    pub weakest: f32,
    /// The mean over the row's cards, never-studied ones counting as 0.
    pub recall: f32,
    pub questions: usize,
    pub studied: usize,
}

/// The port map: one cell per row, in port order.
pub fn port_map(deck: &Deck, progress: &Progress, now: DateTime<Utc>) -> Vec<PortCell> {
    #[derive(Default)]
    struct Tally {
        weakest: Option<f32>,
        sum: f32,
        questions: usize,
        studied: usize,
    }
    let mut tallies: HashMap<usize, Tally> = HashMap::new();
    // A port's cell holds the cards about that one port, as far as they are asked;
    // scenarios, families and counterparts span several ports.
    let about_one_port = |card: &&crate::deck::Card| {
        (!card.direction.is_exam_kind() || card.direction == crate::deck::Direction::ClearText)
            && progress.settings.asks(card)
    };
    for card in deck.cards.iter().filter(about_one_port) {
        let state = progress.cards.get(&card.id);
        let recall = progress.memory_model.recall_of(state, now);
        let tally = tallies.entry(card.row).or_default();
        tally.weakest = Some(tally.weakest.map_or(recall, |weakest| weakest.min(recall)));
        tally.sum += recall;
        tally.questions += 1;
        tally.studied += usize::from(state.is_some());
    }
    let mut cells: Vec<PortCell> = deck
        .rows
        .iter()
        .enumerate()
        .map(|(row, port_row)| {
            let tally = tallies.remove(&row).unwrap_or_default();
            PortCell {
                row,
                ports: port_row.ports.to_string(),
                service: port_row.service.clone(),
                core: port_row.core,
                weakest: tally.weakest.unwrap_or(0.0),
                recall: if tally.questions == 0 { 0.0 } else { tally.sum / tally.questions as f32 },
                questions: tally.questions,
                studied: tally.studied,
            }
        })
        .collect();
    cells.sort_by_key(|cell| deck.rows[cell.row].ports.first());
    cells
}

/// Ports (rows) whose every card is at or above [`MASTERED`] now.
pub fn mastery(deck: &Deck, progress: &Progress, now: DateTime<Utc>) -> Mastery {
    let cells = port_map(deck, progress, now);
    let mastered = |cell: &PortCell| cell.weakest >= MASTERED;
    Mastery {
        core_mastered: cells.iter().filter(|cell| cell.core && mastered(cell)).count(),
        core_total: cells.iter().filter(|cell| cell.core).count(),
        all_mastered: cells.iter().filter(|cell| mastered(cell)).count(),
        all_total: cells.len(),
    }
}

/// Predicted recall at a moment if nothing more were studied: the mean over core
/// cards, and over all cards with core weighted [`crate::schedule::CORE_WEIGHT`] times.
/// Cards never studied count as forgotten.
pub fn predicted_recall(deck: &Deck, progress: &Progress, at: DateTime<Utc>) -> (f32, f32) {
    predicted_recall_by(deck, progress, at, &progress.memory_model)
}

/// The 95 % range of [`predicted_recall`]'s core-weighted figure, from the memory
/// model's uncertainty (wide while it rests on few answers).
pub fn predicted_recall_range(deck: &Deck, progress: &Progress, at: DateTime<Utc>) -> (f32, f32) {
    let model = &progress.memory_model;
    let low = predicted_recall_by(deck, progress, at, &model.at_edge(true)).1;
    let high = predicted_recall_by(deck, progress, at, &model.at_edge(false)).1;
    (low, high)
}

fn predicted_recall_by(
    deck: &Deck,
    progress: &Progress,
    at: DateTime<Utc>,
    model: &crate::memory_model::MemoryModel,
) -> (f32, f32) {
    let weight = crate::schedule::CORE_WEIGHT;
    let (mut core_sum, mut core_count, mut all_sum, mut all_weight) = (0.0, 0.0, 0.0, 0.0);
    for card in deck.cards.iter().filter(|card| progress.settings.asks(card)) {
        let recall = model.recall_of(progress.cards.get(&card.id), at);
        let w = if card.core { weight } else { 1.0 };
        if card.core {
            core_sum += recall;
            core_count += 1.0;
        }
        all_sum += recall * w;
        all_weight += w;
    }
    let mean = |sum: f32, count: f32| if count == 0.0 { 0.0 } else { sum / count };
    (mean(core_sum, core_count), mean(all_sum, all_weight))
}

/// Predicted recall (core, all) on each day from today to the exam, if nothing more
/// were studied: the curve the exam date is racing against.
pub fn recall_curve(deck: &Deck, progress: &Progress, now: DateTime<Utc>, exam: DateTime<Utc>) -> Vec<(f32, f32)> {
    let days = (exam - now).num_days().clamp(0, 365);
    (0..=days)
        .map(|day| {
            let at = if day == days { exam } else { now + Duration::days(day) };
            predicted_recall(deck, progress, at)
        })
        .collect()
}

/// Reviews on one study day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    pub reviews: usize,
    /// Answers not graded Again.
    pub recalled: usize,
    pub seconds: f64,
}

impl Day {
    pub fn accuracy(&self) -> f32 {
        share(self.recalled, self.reviews)
    }
}

/// What Statistics reads from the review log, kept answer by answer (the session adds
/// each review and takes back an undone one), so that no frame walks the whole log:
/// reviews, recalls and time per quarter hour, and each card's misses.
///
/// Quarter hours in UTC, not days: a study day depends on the learner's time zone,
/// and every zone's offset is a whole number of quarter hours, so the days of any
/// zone are sums of quarters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogTally {
    quarters: BTreeMap<i64, Tally>,
    misses: HashMap<CardId, usize>,
    all: Tally,
}

/// Reviews, those recalled (not graded Again), and the milliseconds they took.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Tally {
    reviews: usize,
    recalled: usize,
    ms: u64,
}

impl Tally {
    fn add(&mut self, review: &Review) {
        self.reviews += 1;
        self.recalled += usize::from(review.grade != Grade::Again);
        self.ms += review.ms;
    }

    fn remove(&mut self, review: &Review) {
        self.reviews -= 1;
        self.recalled -= usize::from(review.grade != Grade::Again);
        self.ms -= review.ms;
    }
}

const QUARTER_HOUR_SECONDS: i64 = 15 * 60;

impl LogTally {
    /// The tally of a whole log (on opening a profile, or after an import).
    pub fn of(log: &[Review]) -> Self {
        let mut tally = LogTally::default();
        for review in log {
            tally.add(review);
        }
        tally
    }

    pub fn add(&mut self, review: &Review) {
        self.all.add(review);
        self.quarters.entry(review.at.timestamp().div_euclid(QUARTER_HOUR_SECONDS)).or_default().add(review);
        if review.grade == Grade::Again {
            *self.misses.entry(review.card.clone()).or_default() += 1;
        }
    }

    /// Takes back a review [`LogTally::add`] counted (an undone grade).
    pub fn remove(&mut self, review: &Review) {
        self.all.remove(review);
        let quarter = review.at.timestamp().div_euclid(QUARTER_HOUR_SECONDS);
        if let Some(tally) = self.quarters.get_mut(&quarter) {
            tally.remove(review);
            if tally.reviews == 0 {
                self.quarters.remove(&quarter);
            }
        }
        if review.grade == Grade::Again
            && let Some(misses) = self.misses.get_mut(&review.card)
        {
            *misses -= 1;
            if *misses == 0 {
                self.misses.remove(&review.card);
            }
        }
    }

    /// Every study day with at least one review in `zone`, in date order.
    pub fn days(&self, zone: FixedOffset) -> BTreeMap<NaiveDate, Day> {
        let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
        for (&quarter, tally) in &self.quarters {
            let start = DateTime::from_timestamp(quarter * QUARTER_HOUR_SECONDS, 0).unwrap_or_default();
            let date = study_day(start, zone);
            let day = days.entry(date).or_insert(Day { date, reviews: 0, recalled: 0, seconds: 0.0 });
            day.reviews += tally.reviews;
            day.recalled += tally.recalled;
            day.seconds += tally.ms as f64 / 1000.0;
        }
        days
    }

    /// Time spent answering and the pace.
    pub fn effort(&self) -> Effort {
        Effort { reviews: self.all.reviews, seconds: self.all.ms as f64 / 1000.0 }
    }

    /// Cards answered Again most often, most first, ties in deck order.
    pub fn most_missed(&self, deck: &Deck, count: usize) -> Vec<(CardId, usize)> {
        let mut ranked: Vec<(CardId, usize)> = self.misses.iter().map(|(id, misses)| (id.clone(), *misses)).collect();
        ranked.sort_by_key(|(id, misses)| (std::cmp::Reverse(*misses), deck.position(id).unwrap_or(usize::MAX)));
        ranked.truncate(count);
        ranked
    }
}

/// The last `count` study days up to today, empty days included, oldest first.
fn recent_of(days: &BTreeMap<NaiveDate, Day>, today: NaiveDate, count: usize) -> Vec<Day> {
    (0..count)
        .rev()
        .filter_map(|back| today.checked_sub_signed(Duration::days(back as i64)))
        .map(|date| days.get(&date).copied().unwrap_or(Day { date, reviews: 0, recalled: 0, seconds: 0.0 }))
        .collect()
}

/// Consecutive study days ending today, or ending yesterday when today has no
/// review yet (the streak is not lost until the day is over).
fn streak_of(days: &BTreeMap<NaiveDate, Day>, today: NaiveDate) -> usize {
    let mut day = if days.contains_key(&today) { today } else { today - Duration::days(1) };
    let mut count = 0;
    while days.contains_key(&day) {
        count += 1;
        day -= Duration::days(1);
    }
    count
}

/// Every figure the Statistics screen shows: from the cards and the log's tally, never
/// from the log itself, so that a frame that computes them does not grow with the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub mastery: Mastery,
    pub port_map: Vec<PortCell>,
    pub effort: Effort,
    pub streak: usize,
    pub recent: Vec<Day>,
    pub days: BTreeMap<NaiveDate, Day>,
    pub today: NaiveDate,
    pub forecast: Vec<usize>,
    pub most_missed: Vec<(CardId, usize)>,
    pub exam_curve: Option<Vec<(f32, f32)>>,
}

pub fn figures(
    deck: &Deck,
    progress: &Progress,
    tally: &LogTally,
    now: DateTime<FixedOffset>,
    exam: Option<DateTime<Utc>>,
) -> Figures {
    let days = tally.days(*now.offset());
    let today = study_day(now.to_utc(), *now.offset());
    Figures {
        mastery: mastery(deck, progress, now.to_utc()),
        port_map: port_map(deck, progress, now.to_utc()),
        effort: tally.effort(),
        streak: streak_of(&days, today),
        recent: recent_of(&days, today, 30),
        days,
        today,
        forecast: due_forecast(progress, now, 30),
        most_missed: tally.most_missed(deck, 8),
        exam_curve: exam
            .filter(|exam| *exam > now.to_utc())
            .map(|exam| recall_curve(deck, progress, now.to_utc(), exam)),
    }
}

/// Cards coming due on each of the next `count` days; day 0 includes everything overdue.
pub fn due_forecast(progress: &Progress, now: DateTime<FixedOffset>, count: usize) -> Vec<usize> {
    let today = study_day(now.to_utc(), *now.offset());
    let mut forecast = vec![0; count];
    for state in progress.cards.values() {
        let ahead = (study_day(state.due, *now.offset()) - today).num_days().max(0);
        if let Some(slot) = usize::try_from(ahead).ok().and_then(|ahead| forecast.get_mut(ahead)) {
            *slot += 1;
        }
    }
    forecast
}

/// Time spent answering and the pace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effort {
    pub reviews: usize,
    pub seconds: f64,
}

impl Effort {
    pub fn answers_per_minute(&self) -> f64 {
        if self.seconds <= 0.0 { 0.0 } else { self.reviews as f64 * 60.0 / self.seconds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{at, seed_deck as deck};

    use crate::schedule::Scheduler;

    fn review(card: &str, when: &str, grade: Grade, ms: u64) -> Review {
        Review { ms, ..crate::testing::review(card, at(when).to_utc(), grade) }
    }

    fn progress_with(log: Vec<Review>) -> Progress {
        Progress { log, ..Progress::default() }
    }

    #[test]
    fn days_count_reviews_accuracy_and_time() {
        let progress = progress_with(vec![
            review("22:port-to-service", "2026-11-25T10:00:00+00:00", Grade::Good, 3000),
            review("23:port-to-service", "2026-11-25T11:00:00+00:00", Grade::Again, 5000),
            review("22:port-to-service", "2026-11-27T03:00:00+00:00", Grade::Good, 2000),
        ]);
        let now = at("2026-11-27T12:00:00+00:00");
        let days =
            recent_of(&LogTally::of(&progress.log).days(*now.offset()), study_day(now.to_utc(), *now.offset()), 3);
        let summary: Vec<(String, usize, f32, f64)> =
            days.iter().map(|day| (day.date.to_string(), day.reviews, day.accuracy(), day.seconds)).collect();
        assert_eq!(
            summary,
            [
                ("2026-11-25".to_string(), 2, 0.5, 8.0),
                ("2026-11-26".to_string(), 1, 1.0, 2.0),
                ("2026-11-27".to_string(), 0, 0.0, 0.0)
            ],
            "03:00 belongs to the day before"
        );
    }

    #[test]
    fn the_streak_survives_until_the_day_is_over() {
        let progress = progress_with(vec![
            review("22:port-to-service", "2026-11-24T10:00:00+00:00", Grade::Good, 1000),
            review("22:port-to-service", "2026-11-25T10:00:00+00:00", Grade::Good, 1000),
            review("22:port-to-service", "2026-11-26T10:00:00+00:00", Grade::Good, 1000),
        ]);
        let streak = |progress: &Progress, now: DateTime<FixedOffset>| {
            streak_of(&LogTally::of(&progress.log).days(*now.offset()), study_day(now.to_utc(), *now.offset()))
        };
        assert_eq!(streak(&progress, at("2026-11-27T12:00:00+00:00")), 3);
        assert_eq!(streak(&progress, at("2026-11-28T12:00:00+00:00")), 0);
        assert_eq!(streak(&Progress::default(), at("2026-11-28T12:00:00+00:00")), 0);
    }

    #[test]
    fn mastery_and_port_map_follow_retrievability() {
        let deck = deck();
        let scheduler = Scheduler::new(Default::default());
        let mut progress = Progress::default();
        let now = at("2026-11-27T10:00:00+00:00");
        for card in deck.cards.iter().filter(|card| card.row == 2) {
            let state = scheduler.apply(&card.id, None, card.core, Grade::Easy, now);
            progress.cards.insert(card.id.clone(), state);
        }
        let mastery = mastery(&deck, &progress, now.to_utc() + Duration::hours(1));
        assert_eq!(
            (mastery.core_mastered, mastery.core_total, mastery.all_mastered, mastery.all_total),
            (1, 18, 1, 46)
        );
        let map = port_map(&deck, &progress, now.to_utc());
        assert_eq!(map.len(), 46);
        assert_eq!(map[0].ports, "7");
        let ftp = map.iter().find(|cell| cell.ports == "20").unwrap();
        assert_eq!((ftp.studied, ftp.questions), (4, 4), "three directions and clear text");
        assert!(ftp.weakest > 0.9 && ftp.recall >= ftp.weakest);
        let control = map.iter().find(|cell| cell.ports == "21").unwrap();
        assert_eq!((control.studied, control.recall), (0, 0.0));
    }

    #[test]
    fn predicted_recall_weights_core_and_falls_with_time() {
        let deck = deck();
        let scheduler = Scheduler::new(Default::default());
        let mut progress = Progress::default();
        let now = at("2026-11-27T10:00:00+00:00");
        for card in deck.cards.iter().filter(|card| card.core) {
            progress.cards.insert(card.id.clone(), scheduler.apply(&card.id, None, true, Grade::Easy, now));
        }
        let (core_soon, all_soon) = predicted_recall(&deck, &progress, now.to_utc() + Duration::hours(1));
        assert!(core_soon > 0.99, "{core_soon}");
        let asked: Vec<_> = deck.cards.iter().filter(|card| progress.settings.asks(card)).collect();
        let core_cards = asked.iter().filter(|card| card.core).count() as f32;
        let expected_all = core_soon * core_cards * 3.0 / (core_cards * 3.0 + asked.len() as f32 - core_cards);
        assert!((all_soon - expected_all).abs() < 1e-3, "{all_soon} vs {expected_all}");
        let (core_later, _) = predicted_recall(&deck, &progress, now.to_utc() + Duration::days(60));
        assert!(core_later < core_soon);
    }

    #[test]
    fn the_recall_curve_runs_from_today_to_the_exam_and_only_falls() {
        let deck = deck();
        let scheduler = Scheduler::new(Default::default());
        let mut progress = Progress::default();
        let now = at("2026-11-27T10:00:00+00:00");
        let card = &deck.cards[6];
        progress.cards.insert(card.id.clone(), scheduler.apply(&card.id, None, true, Grade::Good, now));
        let exam = at("2026-12-07T09:00:00+00:00").to_utc();
        let curve = recall_curve(&deck, &progress, now.to_utc(), exam);
        assert_eq!(curve.len(), 10);
        assert!(curve.windows(2).all(|pair| pair[1].0 <= pair[0].0 && pair[1].1 <= pair[0].1));
        assert_eq!(curve.last().copied(), Some(predicted_recall(&deck, &progress, exam)));
    }

    #[test]
    fn forecast_puts_overdue_cards_on_today() {
        let deck = deck();
        let scheduler = Scheduler::new(Default::default());
        let mut progress = Progress::default();
        let then = at("2026-11-20T10:00:00+00:00");
        let card = &deck.cards[0];
        progress.cards.insert(card.id.clone(), scheduler.apply(&card.id, None, true, Grade::Good, then));
        let forecast = due_forecast(&progress, at("2026-11-27T10:00:00+00:00"), 30);
        assert_eq!(forecast.len(), 30);
        assert_eq!(forecast[0], 1);
        assert_eq!(forecast.iter().sum::<usize>(), 1);
    }

    #[test]
    fn effort_and_most_missed() {
        let deck = deck();
        let progress = progress_with(vec![
            review("23:port-to-service", "2026-11-25T10:00:00+00:00", Grade::Again, 30_000),
            review("22:port-to-service", "2026-11-25T10:01:00+00:00", Grade::Again, 30_000),
            review("23:port-to-service", "2026-11-25T10:02:00+00:00", Grade::Again, 30_000),
            review("23:port-to-service", "2026-11-25T10:03:00+00:00", Grade::Good, 30_000),
        ]);
        let tally = LogTally::of(&progress.log);
        let effort = tally.effort();
        assert_eq!((effort.reviews, effort.seconds, effort.answers_per_minute()), (4, 120.0, 2.0));
        let missed: Vec<(String, usize)> =
            tally.most_missed(&deck, 5).into_iter().map(|(id, n)| (id.to_string(), n)).collect();
        assert_eq!(missed, [("23:port-to-service".to_string(), 2), ("22:port-to-service".to_string(), 1)]);
    }

    #[test]
    fn a_tally_kept_answer_by_answer_is_the_tally_of_the_whole_log() {
        // Around midnight and the 4 am turn of the study day, in a zone 5:45 from UTC.
        let log: Vec<Review> = (0..300)
            .map(|step| {
                let when = at("2026-11-20T16:00:00+00:00") + Duration::minutes(step * 37);
                let grade = if step % 3 == 0 { Grade::Again } else { Grade::Good };
                let card = if step % 2 == 0 { "22:port-to-service" } else { "23:port-to-service" };
                review(card, &when.to_rfc3339(), grade, 1_000 + step as u64)
            })
            .collect();
        let mut kept = LogTally::default();
        for review in &log {
            kept.add(review);
        }
        for undone in log[250..].iter().rev() {
            kept.remove(undone);
        }
        let whole = LogTally::of(&log[..250]);
        assert_eq!(kept, whole, "adding and taking back leaves what counting afresh gives");
        let nepal = FixedOffset::east_opt(5 * 3600 + 45 * 60).unwrap();
        let days = whole.days(nepal);
        let counted_one_by_one = study_days_of(&log[..250], nepal);
        assert_eq!(days, counted_one_by_one, "quarter hours add up to the zone's study days");
        assert_eq!(whole.effort().reviews, 250);
    }

    /// Study days counted review by review, as a learner would on paper.
    fn study_days_of(log: &[Review], zone: FixedOffset) -> BTreeMap<NaiveDate, Day> {
        let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
        for review in log {
            let date = study_day(review.at, zone);
            let day = days.entry(date).or_insert(Day { date, reviews: 0, recalled: 0, seconds: 0.0 });
            day.reviews += 1;
            day.recalled += usize::from(review.grade != Grade::Again);
            day.seconds += review.ms as f64 / 1000.0;
        }
        days
    }
}

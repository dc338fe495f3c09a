//! Where the learner stands for the exam, in one number they can act on: the core-port
//! recall the plan expects on exam day if they keep their pace, against a target, and
//! when behind, the minutes a day more that would reach it.
//!
//! The projection follows the same reckoning the new-card limit uses: at the learner's
//! pace (answers a day over their last study days) the cards already met take their
//! reviews until the exam first; what is left meets new cards, core first, each taking
//! its first-day steps and a review per interval. Cards kept up are expected at their
//! desired retention on the day; a new card at what its course leaves it.

use chrono::{DateTime, FixedOffset};

use super::Session;
use super::queue::Pace;

/// The core-port recall on exam day a learner should aim at.
pub const CORE_TARGET: f32 = 0.9;

/// The forecast, once the learner has a pace and an exam date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Forecast {
    pub days_left: i64,
    /// Core-port recall expected on exam day if the learner keeps their pace.
    pub at_pace: f32,
    /// Core-port recall on exam day if they studied nothing more.
    pub if_stopped: f32,
    pub pace: Pace,
    /// When behind: the minutes a day more that would reach [`CORE_TARGET`] (None when
    /// no amount of time a day would, the exam being too close).
    pub more_minutes: Option<f32>,
}

impl Forecast {
    pub fn on_track(&self) -> bool {
        self.at_pace >= CORE_TARGET
    }

    /// The sentence the Study screen shows.
    pub fn describe(&self) -> String {
        let at_pace = format!(
            "about {:.0} % of core ports on exam day at your pace of {:.0} minutes a day",
            self.at_pace * 100.0,
            self.pace.minutes_per_day.max(1.0)
        );
        if self.on_track() {
            return format!("On track: {at_pace}.");
        }
        match self.more_minutes {
            Some(more) => format!(
                "Behind: {at_pace}; {} more a day would reach {:.0} %.",
                super::count_of(more.max(1.0).ceil() as usize, "minute"),
                CORE_TARGET * 100.0
            ),
            None => format!(
                "Behind: {at_pace}; the exam is too close for more time a day to reach {:.0} %: keep to the core ports.",
                CORE_TARGET * 100.0
            ),
        }
    }
}

/// Why there is no forecast yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoForecast {
    /// No exam date, or it has passed.
    NoExam,
    /// No study day before today: nothing to say the learner's pace from.
    NeedsAStudyDay,
}

impl NoForecast {
    pub fn describe(self) -> &'static str {
        match self {
            NoForecast::NoExam => "Set an exam date to see where you stand.",
            NoForecast::NeedsAStudyDay => {
                "After your first study day, this says whether you are on track for the exam at your pace."
            }
        }
    }
}

impl Session {
    /// Where the learner stands for the exam (see the module's doc).
    pub fn forecast(&self, now: DateTime<FixedOffset>) -> Result<Forecast, NoForecast> {
        let days_left = self.days_to_exam(now).ok_or(NoForecast::NoExam)?;
        let exam = self.exam_start(now).ok_or(NoForecast::NoExam)?;
        let pace = self.pace(now).ok_or(NoForecast::NeedsAStudyDay)?;
        let (if_stopped, _) = crate::figures::predicted_recall(&self.deck, &self.progress, exam.to_utc());
        // What the projection rests on is the same at every pace: reckoned once.
        let projection = self.projection(days_left);
        let at_pace = |answers_per_day: f32| projection.core_recall(answers_per_day).max(if_stopped);
        let expected = at_pace(pace.answers_per_day as f32);
        let mut forecast = Forecast { days_left, at_pace: expected, if_stopped, pace, more_minutes: None };
        if expected < CORE_TARGET && pace.answers_per_day > 0 {
            // The fewest answers a day that reach the target, in the learner's minutes.
            let minutes_per_answer = pace.minutes_per_day / pace.answers_per_day as f32;
            let most = (pace.answers_per_day as f32).max(1.0) * 20.0;
            let mut answers = pace.answers_per_day as f32;
            while answers < most && at_pace(answers) < CORE_TARGET {
                answers += (answers * 0.1).max(1.0);
            }
            if at_pace(answers) >= CORE_TARGET {
                forecast.more_minutes = Some((answers - pace.answers_per_day as f32) * minutes_per_answer);
            }
        }
        Ok(forecast)
    }

    /// What the projection to the exam, `days_left` away, rests on.
    fn projection(&self, days_left: i64) -> Projection {
        let days = days_left.max(1);
        let course = self.new_card_course(days as f32);
        let core: Vec<bool> = (0..self.deck.cards.len())
            .filter(|&card| self.asked(card) && self.card(card).core)
            .map(|card| self.progress.cards.contains_key(&self.card(card).id))
            .collect();
        Projection {
            days: days as f32,
            load: self.started_load(days) as f32,
            answers_per_new_card: course.answers.max(1) as f32,
            new_card_recall: course.recall_at_target,
            retention: self.scheduler.desired_retention(true),
            core_met: core.iter().filter(|met| **met).count(),
            core_unseen: core.iter().filter(|met| !**met).count(),
        }
    }

    /// Core recall on exam day, `days_left` away, at this many answers a day.
    #[cfg(test)]
    fn core_recall_at(&self, answers_per_day: f32, days_left: i64) -> f32 {
        self.projection(days_left).core_recall(answers_per_day)
    }
}

/// The projection's ingredients: the days left, the answers the cards met take until
/// then, what a new card takes and leaves, and the core cards met and not yet met.
struct Projection {
    days: f32,
    load: f32,
    answers_per_new_card: f32,
    new_card_recall: f32,
    retention: f32,
    core_met: usize,
    core_unseen: usize,
}

impl Projection {
    /// Core recall on exam day at this many answers a day: the cards met are kept up as
    /// far as the answers go, and what is left meets new core cards.
    fn core_recall(&self, answers_per_day: f32) -> f32 {
        let capacity = answers_per_day * self.days;
        let kept = if self.load <= 0.0 { 1.0 } else { (capacity / self.load).min(1.0) };
        let room = ((capacity - self.load).max(0.0) / self.answers_per_new_card).floor() as usize;
        let met_new = room.min(self.core_unseen);
        let total = self.core_met + self.core_unseen;
        if total == 0 {
            return 0.0;
        }
        (self.core_met as f32 * self.retention * kept + met_new as f32 * self.new_card_recall) / total as f32
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::progress::Progress;
    use crate::testing::{at, seed_deck};

    /// A learner who answers `per_day` cards a day (right, 30 s each) for `days` days
    /// from 2026-11-20, new cards allowed up to `new_per_day`, the exam on `exam`.
    fn learner(per_day: usize, days: i64, new_per_day: u32, exam: &str) -> (Session, DateTime<FixedOffset>) {
        let start = at("2026-11-20T10:00:00+00:00");
        let mut session = Session::new(seed_deck(), Progress::default(), start, 3);
        session.set_exam_date(Some(exam.parse().unwrap()), start);
        session.set_limits(new_per_day, 9999, false, start);
        for day in 0..days {
            let mut now = start + Duration::days(day);
            session.refresh(now);
            for _ in 0..per_day {
                if session.current_card().is_none() {
                    session.practise_ahead(now);
                }
                let Some(card) = session.current_card().cloned() else { break };
                session.submit(&card.answer, now);
                now += Duration::seconds(30);
                session.grade(crate::progress::Grade::Good, now);
            }
            session.stop_practising_ahead(now);
        }
        (session, start + Duration::days(days))
    }

    #[test]
    fn no_forecast_without_an_exam_or_before_a_first_study_day() {
        let now = at("2026-11-20T10:00:00+00:00");
        let mut session = Session::new(seed_deck(), Progress::default(), now, 3);
        assert_eq!(session.forecast(now), Err(NoForecast::NoExam));
        session.set_exam_date(Some("2026-12-20".parse().unwrap()), now);
        assert_eq!(session.forecast(now), Err(NoForecast::NeedsAStudyDay));
    }

    #[test]
    fn a_learner_who_keeps_up_is_on_track_and_one_who_does_little_is_told_what_would_reach_the_target() {
        // Forty answers a day, every card met in the first days, a month to the exam.
        let (keeper, now) = learner(120, 4, 60, "2026-12-24");
        let forecast = keeper.forecast(now).expect("a forecast");
        assert!(forecast.on_track(), "{forecast:?}");
        assert!(forecast.describe().starts_with("On track: about 9"), "{}", forecast.describe());
        // Five answers a day, ten days to the exam: far from the target, but more time
        // a day would reach it.
        let (slow, now) = learner(5, 3, 10, "2026-12-03");
        let forecast = slow.forecast(now).expect("a forecast");
        assert!(!forecast.on_track() && forecast.at_pace < 0.5, "{forecast:?}");
        let more = forecast.more_minutes.expect("more time would reach it");
        assert!(more > 5.0, "{forecast:?}");
        assert!(forecast.describe().contains("minutes more a day would reach 90 %"), "{}", forecast.describe());
        // Keeping the pace is worth more than stopping.
        assert!(forecast.at_pace > forecast.if_stopped, "{forecast:?}");
        // Studying at the suggested pace is forecast on track.
        let answers_per_minute = forecast.pace.answers_per_day as f32 / forecast.pace.minutes_per_day;
        let suggested = forecast.pace.answers_per_day as f32 + more * answers_per_minute;
        assert!(slow.core_recall_at(suggested, forecast.days_left) >= CORE_TARGET, "{forecast:?}");
    }
}

//! Today's plan in one plain line: how many new and due cards, about how many
//! minutes, and whether the learner's pace keeps them on target by the exam, with the
//! one change that would when it does not.
//!
//! The line agrees with what is beside it: the new cards are today's (and when the
//! exam raised them above the learner's daily setting, it says by how much and why);
//! "Behind" always names the minutes a day that reach the target, a number above the
//! minutes it says the learner studies now.
//!
//! Not here: the forecast itself (`forecast`), the new-card limit (`queue`), drawing.

use chrono::{DateTime, FixedOffset};

use super::{CORE_TARGET, NoForecast, Session};
use crate::schedule::LEARNING_STEPS;

/// Seconds an answer takes before the learner has a pace of their own: about what a
/// typed answer and its grade take.
const SECONDS_PER_ANSWER_AT_FIRST: f32 = 15.0;

/// Today's plan and where it leaves the learner for the exam.
#[derive(Debug, Clone, PartialEq)]
pub struct TodayPlan {
    /// New cards left for today.
    pub new: usize,
    /// The learner's daily setting, when the exam raised today's new cards above it.
    pub raised_from: Option<usize>,
    /// Reviews and cards on a learning step left for today.
    pub due: usize,
    /// About how long today's cards take.
    pub minutes: u32,
    pub standing: Standing,
}

/// Where today's pace leaves the learner on exam day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Standing {
    /// No exam date, or it has passed.
    NoExam,
    /// No study day before today to take a pace from.
    FirstDay,
    /// Core recall on exam day at the learner's pace reaches [`CORE_TARGET`].
    OnTrack { core: f32 },
    /// Below it; `minutes_needed` a day (more than `minutes_now`) would reach it.
    Behind { core: f32, minutes_now: u32, minutes_needed: u32 },
    /// Below it, and no time a day would reach it before the exam.
    TooClose { core: f32 },
}

/// "1 minute", "3 minutes": a count and its noun, plural when it is not one.
pub fn count_of(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

impl TodayPlan {
    /// "Today: 11 new cards (1 more than your 10 a day, so that every card is seen before
    /// the exam) and 5 due, about 12 minutes. Behind: about 58 % of core ports on exam
    /// day at 9 minutes a day; 15 minutes a day would reach 90 %."
    pub fn describe(&self) -> String {
        let today = self.today();
        match self.standing.describe() {
            Some(standing) => format!("{today} {standing}"),
            None => today,
        }
    }

    /// The first sentence: today's cards and time.
    pub fn today(&self) -> String {
        if self.new == 0 && self.due == 0 {
            return "Nothing left for today.".to_string();
        }
        let mut new = count_of(self.new, "new card");
        if let Some(setting) = self.raised_from {
            let extra = self.new.saturating_sub(setting);
            new.push_str(&format!(
                " ({extra} more than your {setting} a day, so that every card is seen before the exam)"
            ));
        }
        let minutes = count_of(self.minutes.max(1) as usize, "minute");
        format!("Today: {new} and {} due, about {minutes}.", self.due)
    }
}

impl Standing {
    /// The second sentence, when there is an exam.
    pub fn describe(&self) -> Option<String> {
        let target = CORE_TARGET * 100.0;
        Some(match *self {
            Standing::NoExam => return None,
            Standing::FirstDay => {
                "After your first study day, this says whether your pace keeps you on track for the exam.".to_string()
            }
            Standing::OnTrack { core } => {
                format!("Keep this pace and you are on track: about {:.0} % of core ports on exam day.", core * 100.0)
            }
            Standing::Behind { core, minutes_now, minutes_needed } => format!(
                "Behind: about {:.0} % of core ports on exam day at {} a day; {} a day would reach {target:.0} %.",
                core * 100.0,
                count_of(minutes_now as usize, "minute"),
                count_of(minutes_needed as usize, "minute"),
            ),
            Standing::TooClose { core } => format!(
                "Behind: about {:.0} % of core ports on exam day, and the exam is too close for more time a day to \
                 reach {target:.0} %: keep to the core ports.",
                core * 100.0
            ),
        })
    }

    pub fn is_behind(&self) -> bool {
        matches!(self, Standing::Behind { .. } | Standing::TooClose { .. })
    }
}

impl Session {
    /// Today's plan (see the module's doc).
    pub fn today_plan(&self, now: DateTime<FixedOffset>) -> TodayPlan {
        let counts = self.counts(now);
        let setting = usize::try_from(self.progress.settings.new_per_day).unwrap_or(usize::MAX);
        let raised_from = self.new_limit(now).raised.then_some(setting).filter(|setting| counts.new > *setting);
        let due = counts.due + counts.learning;
        let answers = counts.new * LEARNING_STEPS.len() + due;
        let minutes_per_answer = self
            .pace(now)
            .filter(|pace| pace.answers_per_day > 0)
            .map_or(SECONDS_PER_ANSWER_AT_FIRST / 60.0, |pace| pace.minutes_per_day / pace.answers_per_day as f32);
        let minutes = (answers as f32 * minutes_per_answer).ceil() as u32;
        TodayPlan { new: counts.new, raised_from, due, minutes, standing: self.standing(now) }
    }

    fn standing(&self, now: DateTime<FixedOffset>) -> Standing {
        let forecast = match self.forecast(now) {
            Ok(forecast) => forecast,
            Err(NoForecast::NoExam) => return Standing::NoExam,
            Err(NoForecast::NeedsAStudyDay) => return Standing::FirstDay,
        };
        let core = forecast.at_pace;
        if forecast.on_track() {
            return Standing::OnTrack { core };
        }
        match forecast.more_minutes {
            Some(more) => {
                let (minutes_now, minutes_needed) = minutes_now_and_needed(forecast.pace.minutes_per_day, more);
                Standing::Behind { core, minutes_now, minutes_needed }
            }
            None => Standing::TooClose { core },
        }
    }
}

/// The minutes a day the learner studies, and the minutes a day that would reach the
/// target, as shown: always a number above the first ("9 minutes a day; 9 minutes a
/// day would reach it" would say nothing), at least 1.
fn minutes_now_and_needed(minutes_per_day: f32, more: f32) -> (u32, u32) {
    let now = minutes_per_day.max(1.0).round() as u32;
    let needed = ((minutes_per_day + more).ceil() as u32).max(now + 1);
    (now, needed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minutes_that_reach_the_target_are_always_more_than_those_studied() {
        assert_eq!(minutes_now_and_needed(9.4, 0.2), (9, 10), "a fraction more still reads as a minute more");
        assert_eq!(minutes_now_and_needed(0.3, 0.1), (1, 2));
        assert_eq!(minutes_now_and_needed(9.0, 6.0), (9, 15));
    }
}

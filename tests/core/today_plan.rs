//! Today's plan in one line: the cards and minutes of today, agreeing with the daily
//! setting shown beside it; "Behind" only with the one change that fixes it; plurals
//! right.

use chrono::Duration;
use portcards::progress::{Grade, Progress};
use portcards::session::{Session, Standing, TodayPlan};
use portcards::testing::{at, seed_deck};

fn plan(new: usize, raised_from: Option<usize>, due: usize, minutes: u32, standing: Standing) -> TodayPlan {
    TodayPlan { new, raised_from, due, minutes, standing }
}

#[test]
fn counts_of_one_are_singular_and_the_rest_plural() {
    assert_eq!(plan(1, None, 1, 1, Standing::NoExam).describe(), "Today: 1 new card and 1 due, about 1 minute.");
    assert_eq!(plan(0, None, 12, 3, Standing::NoExam).describe(), "Today: 0 new cards and 12 due, about 3 minutes.");
    assert_eq!(plan(0, None, 0, 0, Standing::NoExam).describe(), "Nothing left for today.");
    let behind = Standing::Behind { core: 0.58, minutes_now: 1, minutes_needed: 2 };
    assert_eq!(
        behind.describe().unwrap(),
        "Behind: about 58 % of core ports on exam day at 1 minute a day; 2 minutes a day would reach 90 %."
    );
}

#[test]
fn new_cards_raised_for_the_exam_say_so_beside_the_daily_setting() {
    let line = plan(11, Some(10), 4, 7, Standing::FirstDay).describe();
    assert_eq!(
        line,
        "Today: 11 new cards (1 more than your 10 a day, so that every card is seen before the exam) and 4 due, \
         about 7 minutes. After your first study day, this says whether your pace keeps you on track for the exam."
    );
}

#[test]
fn on_track_and_too_close_read_plainly() {
    let on_track = plan(5, None, 20, 9, Standing::OnTrack { core: 0.934 }).describe();
    assert_eq!(
        on_track,
        "Today: 5 new cards and 20 due, about 9 minutes. Keep this pace and you are on track: about 93 % of core \
         ports on exam day."
    );
    let close = Standing::TooClose { core: 0.41 }.describe().unwrap();
    assert!(close.starts_with("Behind: about 41 % of core ports on exam day, and the exam is too close"), "{close}");
    assert!(close.ends_with("keep to the core ports."), "{close}");
}

/// A learner who answers `per_day` new cards right a day (30 s each) for `days` days,
/// with the exam on `exam`; the session the next morning.
fn learner(per_day: usize, days: i64, exam: &str) -> (Session, chrono::DateTime<chrono::FixedOffset>) {
    let start = at("2026-11-20T10:00:00+00:00");
    let mut session = Session::new(seed_deck(), Progress::default(), start, 3);
    session.set_exam_date(Some(exam.parse().unwrap()), start);
    for day in 0..days {
        let mut now = start + Duration::days(day);
        session.refresh(now);
        for _ in 0..per_day {
            let Some(card) = session.current_card().cloned() else { break };
            session.submit(&card.answer, now);
            now += Duration::seconds(30);
            session.grade(Grade::Good, now);
        }
    }
    let morning = start + Duration::days(days);
    session.refresh(morning);
    (session, morning)
}

#[test]
fn a_learner_behind_is_told_a_number_of_minutes_above_their_own() {
    let (session, morning) = learner(4, 3, "2026-12-03");
    let plan = session.today_plan(morning);
    let Standing::Behind { minutes_now, minutes_needed, .. } = plan.standing else { panic!("behind: {plan:?}") };
    assert!(minutes_needed > minutes_now, "{plan:?}");
    let line = plan.describe();
    assert!(line.contains(&format!("at {minutes_now} minute")), "{line}");
    assert!(!line.contains("1 minutes") && !line.contains("1 more minutes"), "{line}");
}

#[test]
fn todays_counts_are_the_sessions_and_the_setting_is_named_only_when_raised() {
    let (session, morning) = learner(10, 1, "2027-03-01");
    let plan = session.today_plan(morning);
    let counts = session.counts(morning);
    assert_eq!((plan.new, plan.due), (counts.new, counts.due + counts.learning));
    assert_eq!(plan.raised_from, None, "months to the exam: the setting stands");
    assert!(!plan.describe().contains("more than your"), "{}", plan.describe());
    // A week before the exam, every card unseen: raised, and the line says from what.
    let (close, morning) = learner(0, 0, "2026-11-27");
    let plan = close.today_plan(morning);
    assert_eq!(plan.raised_from, Some(10), "{plan:?}");
    assert!(plan.describe().contains(&format!("{} more than your 10 a day", plan.new - 10)), "{}", plan.describe());
}

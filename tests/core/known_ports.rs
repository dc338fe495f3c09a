//! Progress from the first day: the core ports known now move after every session,
//! "+N today" counts from the day's first answer, and Statistics is told what to
//! study next.

use chrono::{DateTime, Duration, FixedOffset};
use portcards::known_ports::{KnownToday, core_known, known_today, study_next};
use portcards::progress::{Grade, Progress};
use portcards::session::{Session, Showing};
use portcards::testing::{at, seed_deck};

fn session(now: DateTime<FixedOffset>) -> Session {
    Session::new(seed_deck(), Progress::default(), now, 7)
}

/// Answers every card the session shows until it is done for the day (coming back
/// after each learning step), right with `grade` unless `miss` says the card is missed.
/// Returns the time it finished.
fn study_the_day(
    session: &mut Session,
    mut now: DateTime<FixedOffset>,
    grade: Grade,
    mut miss: impl FnMut(&str) -> bool,
) -> DateTime<FixedOffset> {
    for _ in 0..200 {
        match session.showing() {
            Showing::Done { next_due: Some(due) } if *due < now.to_utc() + Duration::hours(1) => {
                now += Duration::minutes(11);
                session.refresh(now);
            }
            Showing::Done { .. } => return now,
            _ => {
                let card = session.current_card().expect("a card").clone();
                let missed = miss(card.id.as_str());
                session.submit(if missed { "no idea" } else { &card.answer }, now);
                session.grade(if missed { Grade::Again } else { grade }, now);
                now += Duration::seconds(20);
            }
        }
    }
    panic!("the day never ended");
}

fn today(session: &Session, now: DateTime<FixedOffset>) -> KnownToday {
    known_today(session.deck(), session.progress(), now)
}

#[test]
fn nothing_studied_knows_nothing_and_says_so_plainly() {
    let now = at("2026-11-27T10:00:00+00:00");
    let session = session(now);
    let known = today(&session, now);
    assert_eq!(known.now.known, 0);
    assert!(known.now.total > 10);
    assert_eq!(known.describe(), format!("Core ports you know now: 0 of {}", known.now.total));
}

#[test]
fn the_first_session_moves_the_count_and_says_what_today_added() {
    let start = at("2026-11-27T10:00:00+00:00");
    let mut session = session(start);
    let end = study_the_day(&mut session, start, Grade::Good, |_| false);
    let known = today(&session, end);
    assert!(known.now.known >= 3, "ten new cards learned make some core ports known: {known:?}");
    assert_eq!(known.change_today, known.now.known as i64, "all of it today");
    assert_eq!(
        known.describe(),
        format!("Core ports you know now: {} of {} (+{} today)", known.now.known, known.now.total, known.now.known)
    );
    assert_eq!(
        known.short(),
        format!("Known: {} of {} core (+{} today)", known.now.known, known.now.total, known.now.known)
    );
}

#[test]
fn a_port_just_missed_is_not_known() {
    let start = at("2026-11-27T10:00:00+00:00");
    let mut session = session(start);
    let card = session.current_card().unwrap().clone();
    session.submit(&card.answer, start);
    session.grade(Grade::Easy, start);
    assert_eq!(core_known(session.deck(), session.progress(), start.to_utc()).known, 1, "{card:?} learned");
    let later = start + Duration::days(1);
    session.study_now(session.deck().position(&card.id).unwrap(), later);
    session.submit("no idea", later);
    session.grade(Grade::Again, later);
    assert_eq!(core_known(session.deck(), session.progress(), later.to_utc()).known, 0, "missed: not known now");
}

#[test]
fn the_next_day_counts_from_its_own_first_answer() {
    let start = at("2026-11-27T10:00:00+00:00");
    let mut session = session(start);
    study_the_day(&mut session, start, Grade::Good, |_| false);
    let next_morning = at("2026-11-28T09:00:00+00:00");
    session.refresh(next_morning);
    let before = today(&session, next_morning);
    assert_eq!(before.change_today, 0, "nothing studied yet today");
    assert!(before.now.known > 0, "yesterday's ports are still known this morning: {before:?}");
    let end = study_the_day(&mut session, next_morning, Grade::Good, |_| false);
    let after = today(&session, end);
    assert_eq!(after.change_today, after.now.known as i64 - before.now.known as i64);
    assert!(after.change_today > 0, "{before:?} -> {after:?}");
    // Saved and read back (a restart later in the day), it still counts from the morning.
    let saved: Progress = serde_json::from_str(&serde_json::to_string(session.progress()).unwrap()).unwrap();
    assert_eq!(known_today(session.deck(), &saved, end), after);
}

#[test]
fn study_next_names_the_weakest_begun_family_and_the_most_missed() {
    let start = at("2026-11-27T10:00:00+00:00");
    let mut session = session(start);
    let mut missed = std::collections::HashSet::new();
    let end =
        study_the_day(&mut session, start, Grade::Good, |id| id.starts_with("23:") && missed.insert(id.to_string()));
    let next = study_next(session.deck(), session.progress(), session.log_tally(), end.to_utc());
    let weakest = next.weakest_family.expect("a family begun and not known yet");
    assert!(weakest.known.known < weakest.known.total);
    assert!(!weakest.cards.is_empty() && weakest.cards.len() <= portcards::known_ports::STUDY_NEXT_CARDS);
    for card in &weakest.cards {
        assert!(session.card(*card).families.contains(&weakest.family));
    }
    assert!(weakest.describe().starts_with(&format!("Weakest family: {} (you know ", weakest.family.title())));
    if session.progress().log.iter().any(|review| review.grade == Grade::Again) {
        let (card, misses) = next.most_missed[0];
        assert!(session.card(card).id.as_str().starts_with("23:") && misses >= 1);
    }
}

//! Which card comes next, tested through the session: new cards core first in the
//! learner's own shuffle, learning steps, the daily limits and cap, a row never twice
//! in a row, practise ahead, the limit raised for an exam and fitted to the pace.

use std::collections::HashSet;

use chrono::{DateTime, Duration, FixedOffset};

use super::super::test_support::{answer, seed_session, study_days};
use super::super::{Counts, NewLimit, Session, Showing, Source};
use crate::deck::Deck;
use crate::progress::{Phase, Progress};
use crate::schedule::Scheduler;
use crate::table::parse_table;
use crate::testing::at;

#[test]
fn core_cards_are_introduced_first() {
    let now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    assert_eq!(session.counts(now), Counts { new: 10, learning: 0, due: 0 });
    for _ in 0..10 {
        let card = session.current_card().unwrap();
        assert!(card.core, "{} is not core", card.id);
        answer(&mut session, true, now);
    }
}

#[test]
fn daily_new_limit_then_done_with_next_due_time() {
    let mut now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    let mut answered = 0;
    while session.current_card().is_some() {
        answer(&mut session, true, now);
        answered += 1;
        now += Duration::minutes(11);
        session.refresh(now);
        assert!(answered < 100, "the session never ends");
    }
    assert_eq!(session.counts(now).new, 0);
    assert_eq!(session.progress().cards.len(), 10);
    let Showing::Done { next_due: Some(next) } = *session.showing() else { panic!("not done") };
    assert!(next > now.to_utc());
}

#[test]
fn missed_card_comes_back_within_minutes() {
    let now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    let missed = answer(&mut session, false, now);
    // The next new card is already showing; once it is answered after the
    // one-minute step, the missed card is back before any other new card.
    answer(&mut session, true, now + Duration::minutes(2));
    let Showing::Question { card, source, .. } = *session.showing() else { panic!() };
    assert_eq!(session.card(card).id.to_string(), missed);
    assert_eq!(source, Source::Learning);
}

/// The ports of the cards a session shows, answering each right, `count` of them.
fn ports_asked(session: &mut Session, now: DateTime<FixedOffset>, count: usize) -> Vec<String> {
    (0..count)
        .map(|_| {
            let card = session.current_card().expect("a card").clone();
            answer(session, true, now);
            session.deck().row_of(&card).ports.to_string()
        })
        .collect()
}

#[test]
fn new_cards_come_in_the_learners_own_shuffle_core_first_never_in_port_order() {
    let now = at("2026-11-27T10:00:00+00:00");
    let deck = || Deck::build(parse_table(crate::BUILTIN_TABLE).rows, &crate::facts::Facts::builtin(), false);
    let order = |seed: u64| {
        let mut session = Session::new(deck(), Progress::default(), now, seed);
        let cores: Vec<bool> = (0..10).map(|_| session.current_card().unwrap().core).collect();
        (ports_asked(&mut session, now, 10), cores)
    };
    let (first, cores) = order(1);
    assert!(cores.iter().all(|core| *core), "core rows first");
    assert_eq!(order(1).0, first, "the same learner's order on every run");
    assert_ne!(order(2).0, first, "another learner's differs");
    let numbers: Vec<u32> =
        first.iter().map(|ports| ports.split(['-', '/']).next().unwrap().parse().unwrap()).collect();
    let mut ascending = numbers.clone();
    ascending.sort_unstable();
    assert_ne!(numbers, ascending, "not in port order: {first:?}");
    // The shuffle is kept with the progress: a restart keeps the order.
    let mut session = Session::new(deck(), Progress::default(), now, 1);
    let kept = session.progress().clone();
    assert!(kept.order_seed.is_some());
    let mut restarted = Session::new(deck(), kept, now, 99);
    assert_eq!(ports_asked(&mut restarted, now, 10), ports_asked(&mut session, now, 10));
}

#[test]
fn a_missed_card_does_not_come_straight_back() {
    let now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    session.set_limits(1, 200, false, now);
    let missed = answer(&mut session, false, now);
    // Nothing else is due: the screen says it comes back in a minute, and offers it.
    assert!(matches!(session.showing(), Showing::Done { .. }), "{missed} came straight back");
    assert_eq!(session.coming_back_soon(now), 1);
    // Once its minute is up it comes back by itself.
    session.refresh(now + Duration::minutes(1));
    assert_eq!(session.current_card().map(|card| card.id.to_string()), Some(missed));
}

#[test]
fn no_two_cards_of_one_row_come_back_to_back_while_others_wait() {
    let mut now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    let mut last_row = None;
    for answered in 0..60 {
        session.refresh(now);
        if matches!(session.showing(), Showing::Done { .. }) {
            now += Duration::days(1);
            continue;
        }
        let row = session.current_card().unwrap().row;
        assert_ne!(Some(row), last_row, "answer {answered}: the same row twice in a row");
        last_row = Some(row);
        answer(&mut session, answered % 3 != 0, now);
        now += Duration::minutes(2);
    }
}

#[test]
fn a_card_on_a_learning_step_is_offered_not_shown_before_its_time() {
    let now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    // The day's ten new cards, answered right at once: each waits ten minutes.
    for _ in 0..10 {
        answer(&mut session, true, now);
    }
    let Showing::Done { next_due: Some(next) } = *session.showing() else { panic!("not done: a card shown early") };
    assert_eq!(next, now.to_utc() + Duration::minutes(10));
    assert_eq!(session.coming_back_soon(now), 10);
    // Asked for, they come now.
    session.practise_ahead(now);
    let Showing::Question { source, .. } = *session.showing() else { panic!("nothing to practice") };
    assert_eq!(source, Source::Ahead);
    assert_eq!(session.counts(now).learning, 10);
}

#[test]
fn new_sibling_waits_for_another_day() {
    let now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    let mut seen_rows = HashSet::new();
    for _ in 0..10 {
        let row = session.current_card().unwrap().row;
        assert!(seen_rows.insert(row), "two directions of one row on the first day");
        answer(&mut session, true, now);
    }
}

#[test]
fn later_day_brings_reviews_and_more_new_cards() {
    let mut now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    while session.current_card().is_some() {
        answer(&mut session, true, now);
        now += Duration::minutes(11);
        session.refresh(now);
    }
    let later = at("2026-12-02T10:00:00+00:00");
    session.refresh(later);
    let counts = session.counts(later);
    assert_eq!(counts.new, 10);
    assert!(counts.due > 0, "{counts:?}");
    assert_eq!(session.current_card().map(|card| card.core), Some(true));
}

#[test]
fn practise_ahead_takes_the_most_at_risk_card() {
    let mut now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    while session.current_card().is_some() {
        answer(&mut session, true, now);
        now += Duration::minutes(11);
        session.refresh(now);
    }
    now += Duration::hours(3);
    session.practise_ahead(now);
    let Showing::Question { card, source, .. } = *session.showing() else { panic!("nothing to practice") };
    assert_eq!(source, Source::Ahead);
    let weighted_risk = |index: usize| {
        let card = session.card(index);
        let weight = if card.core { crate::schedule::CORE_WEIGHT } else { 1.0 };
        (1.0 - Scheduler::retrievability(session.progress().cards.get(&card.id), now.to_utc())) * weight
    };
    let highest = (0..session.deck().cards.len())
        .filter(|&i| session.progress().cards.contains_key(&session.card(i).id))
        .map(weighted_risk)
        .fold(0.0f32, f32::max);
    assert!(highest > 0.0);
    assert_eq!(weighted_risk(card), highest);
}

#[test]
fn an_exam_soon_raises_the_new_limit_so_every_card_is_seen_in_time() {
    let now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    session.set_exam_date(Some("2026-12-07".parse().unwrap()), now);
    let limit = session.new_limit(now);
    assert!(limit.raised);
    let asked = session.deck().cards.iter().filter(|card| session.progress().settings.asks(card)).count();
    assert!(asked > 139, "the exam-style cards for core ports are asked by default");
    assert_eq!(limit.per_day, asked.div_ceil(9));
    study_days(&mut session, now, at("2026-12-06T10:00:00+00:00"));
    assert_eq!(session.progress().cards.len(), asked, "every card introduced before the exam");
}

#[test]
fn the_plan_fits_the_answers_a_learner_gives_not_only_the_calendar() {
    // Exam in ten days, 30 answers a day (the learner stops there, cards left).
    let start = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(start);
    session.set_exam_date(Some("2026-12-07".parse().unwrap()), start);
    let raised = session.new_limit(start);
    assert!(raised.raised && raised.fits.is_none(), "no pace known on the first day: {raised:?}");
    let mut learning_piles = Vec::new();
    for day in 0..3 {
        let mut now = start + Duration::days(day);
        session.refresh(now);
        for _ in 0..30 {
            if session.current_card().is_none() {
                break;
            }
            answer(&mut session, true, now);
            now += Duration::seconds(40);
        }
        learning_piles.push(session.counts(now).learning);
    }
    let day4 = start + Duration::days(3);
    session.refresh(day4);
    let pace = session.pace(day4).expect("three study days");
    assert_eq!((pace.answers_per_day, pace.days), (30, 3));
    assert!(session.fell_behind(day4));
    let limit = session.new_limit(day4);
    let fits = limit.fits.expect("not every card fits in 30 answers a day");
    assert!(fits < session.unseen().count(), "{limit:?}");
    assert!(limit.per_day < raised.per_day, "fewer new cards a day than the calendar alone asks: {limit:?}");
    assert!(learning_piles.iter().all(|&pile| pile < 40), "the learning pile stays small: {learning_piles:?}");
}

#[test]
fn without_an_exam_the_limit_is_the_setting() {
    let now = at("2026-11-27T10:00:00+00:00");
    let session = seed_session(now);
    assert_eq!(session.new_limit(now), NewLimit { per_day: 10, raised: false, fits: None });
    assert_eq!(session.days_to_exam(now), None);
}

#[test]
fn the_review_cap_holds_and_the_most_at_risk_come_first() {
    let start = at("2026-11-01T10:00:00+00:00");
    let mut session = seed_session(start);
    study_days(&mut session, start, at("2026-11-04T10:00:00+00:00"));
    let later = at("2026-12-20T10:00:00+00:00");
    session.set_limits(0, 5, false, later);
    let due_before = session.progress().cards.values().filter(|state| state.due < later.to_utc()).count();
    assert!(due_before > 5, "{due_before}");
    assert_eq!(session.counts(later).due, 5);
    let Showing::Question { card, .. } = *session.showing() else { panic!("no review") };
    let highest = (0..session.deck().cards.len())
        .filter(|&i| session.progress().cards.get(&session.card(i).id).is_some_and(|s| s.phase == Phase::Review))
        .map(|i| session.weighted_risk(i, later.to_utc(), None))
        .fold(0.0f32, f32::max);
    assert_eq!(session.weighted_risk(card, later.to_utc(), None), highest);
    for _ in 0..5 {
        answer(&mut session, true, later);
    }
    assert_eq!(session.counts(later).due, 0);
}

#[test]
fn back_from_a_break_spreads_the_backlog_over_days() {
    let start = at("2026-11-01T10:00:00+00:00");
    let mut session = seed_session(start);
    study_days(&mut session, start, at("2026-11-06T10:00:00+00:00"));
    // A year away: a learner who got every answer right is fitted a slow fade, and
    // some of their cards are not due for four months.
    let later = at("2027-11-01T10:00:00+00:00");
    session.set_limits(0, 200, true, later);
    let review_cards = || session.progress().cards.values().filter(|state| state.phase == Phase::Review);
    let backlog = review_cards().count();
    assert!(review_cards().all(|state| state.due < later), "every review card is overdue after the break");
    assert_eq!(session.counts(later).due, backlog.div_ceil(5));
}

#[test]
fn queued_cards_come_first_in_order() {
    let now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    session.queue_now(&[100, 50], now);
    let Showing::Question { card, source, .. } = *session.showing() else { panic!() };
    assert_eq!((card, source), (100, Source::Chosen));
    answer(&mut session, true, now);
    assert_eq!(session.current_card().map(|card| card.id.clone()), Some(session.card(50).id.clone()));
}

#[test]
fn a_direction_switched_off_is_never_asked() {
    let mut now = at("2026-11-27T10:00:00+00:00");
    let mut session = seed_session(now);
    let settings = crate::progress::Settings { ask_port_to_service: false, ..Default::default() };
    session.set_settings(settings, now);
    for _ in 0..40 {
        if session.current_card().is_none() {
            session.practise_ahead(now);
        }
        let card = session.current_card().unwrap();
        assert_ne!(card.direction, crate::deck::Direction::PortToService, "{}", card.id);
        answer(&mut session, true, now);
        now += Duration::minutes(3);
    }
}

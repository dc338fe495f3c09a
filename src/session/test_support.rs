//! The helpers the session's tests share (test builds only): the seed session, an
//! answer graded as suggested, whole days studied, a fitted memory model and a session
//! with an exam in three weeks under it, same-day repeats counted.
//!
//! Not tests themselves: the answer flow's are in `session/mod.rs`, the queue's in
//! `queue/tests.rs`, the exam plan's and the forecast's beside their code.

use std::collections::HashSet;

use chrono::{DateTime, Duration, FixedOffset};

use super::{Session, Showing};
use crate::deck::Deck;
use crate::memory_model::MemoryModel;
use crate::progress::Progress;
use crate::table::parse_table;

pub(super) fn seed_session(now: DateTime<FixedOffset>) -> Session {
    let deck = Deck::build(parse_table(crate::BUILTIN_TABLE).rows, &crate::facts::Facts::builtin(), false);
    Session::new(deck, Progress::default(), now, 1)
}

/// Answers the current card correctly (or not) and grades it as suggested.
pub(super) fn answer(session: &mut Session, right: bool, now: DateTime<FixedOffset>) -> String {
    let card = session.current_card().expect("a card is showing").clone();
    let typed = if right { card.answer.clone() } else { "nonsense".to_string() };
    session.submit(&typed, now);
    let Showing::Answer { answered, .. } = session.showing().clone() else { panic!("no answer showing") };
    session.grade(answered.suggested, now);
    card.id.to_string()
}

/// Studies the whole of each day's queue, right answers only, until `until`.
pub(super) fn study_days(session: &mut Session, mut now: DateTime<FixedOffset>, until: DateTime<FixedOffset>) {
    while now < until {
        session.refresh(now);
        let mut guard = 0;
        while session.current_card().is_some() && guard < 500 {
            answer(session, true, now);
            now += Duration::minutes(11);
            session.refresh(now);
            guard += 1;
        }
        now += Duration::days(1);
        now = now.with_time(chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()).single().unwrap();
    }
}

/// A model fitted to `evidence` later-day answers with these differences.
pub(super) fn fitted(forgetting: f32, same_day: f32, evidence: u32) -> MemoryModel {
    MemoryModel { forgetting, forgetting_spread: 0.2, same_day, evidence, ..MemoryModel::default() }
}

/// A session with an exam in three weeks and this memory model.
pub(super) fn exam_session(now: DateTime<FixedOffset>, model: MemoryModel) -> Session {
    let mut session = seed_session(now);
    session.set_exam_date(Some("2026-12-18".parse().unwrap()), now);
    session.progress.memory_model = model;
    session.scheduler.set_model(model);
    session.refresh_question(now);
    session
}

/// Answers `count` cards right, 20 s apart, and counts the answers to cards
/// already answered that day.
pub(super) fn same_day_repeats(session: &mut Session, now: DateTime<FixedOffset>, count: usize) -> usize {
    let mut seen = HashSet::new();
    let mut repeats = 0;
    let mut time = now;
    for _ in 0..count {
        session.refresh(time);
        if matches!(session.showing(), Showing::Done { .. }) {
            session.practise_ahead(time);
        }
        let id = answer(session, true, time);
        repeats += usize::from(!seen.insert(id));
        time += Duration::seconds(20);
    }
    repeats
}

//! portcards itself, driven only through `Session`'s public calls, as a benchmark
//! outside the project would drive it.

use chrono::Duration;
use portcards::progress::{Grade, Progress, Scope};
use portcards::session::{Session, Showing};
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::cell::{Cell, Outcome, exam_recall};
use crate::day_lines::{DayMix, trace_day, trace_weak_cards};
use crate::learners::{Learner, review_seconds, start};

/// A run of portcards, with the exam date set (`with_exam`) or not.
pub fn run_portcards(with_exam: bool, cell: &Cell, learner: &mut Learner, seed: u64) -> Outcome {
    let deck = cell.deck;
    let mut progress = Progress::default();
    // The port, service and transport cards: what the baselines schedule too.
    for scope in [
        &mut progress.settings.ask_counterparts,
        &mut progress.settings.ask_clear_text,
        &mut progress.settings.ask_scenarios,
        &mut progress.settings.ask_families,
    ] {
        *scope = Scope::Off;
    }
    if with_exam {
        progress.settings.exam_date = Some((start() + Duration::days(cell.horizon)).date_naive());
    }
    let mut session = Session::new(deck.clone(), progress, start(), seed);
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let (mut reviews, mut seconds_used) = (0, 0);
    let tracing = std::env::var_os("PC_TRACE").is_some();
    for day in 0..cell.horizon {
        let mut now = start() + Duration::days(day);
        let mut spent = 0;
        session.refresh(now);
        session.stop_practising_ahead(now);
        let mut mix = tracing.then(DayMix::default);
        loop {
            let cost = review_seconds(&mut rng);
            if spent + cost > cell.budget * 60 {
                break;
            }
            if matches!(session.showing(), Showing::Done { .. }) {
                session.practise_ahead(now);
            }
            let Some(card) = session.current_card() else { break };
            let index = deck.position(&card.id).unwrap_or(0);
            let answer = card.answer.clone();
            if let Some(mix) = mix.as_mut() {
                mix.record(index, learner.memory[index].is_some());
            }
            let grade = learner.answer(index, now.to_utc());
            session.submit(if grade == Grade::Again { "" } else { &answer }, now);
            now += Duration::seconds(cost);
            session.grade(grade, now);
            spent += cost;
            reviews += 1;
        }
        seconds_used += spent;
        if let Some(mix) = mix {
            trace_day(day, reviews, &mix, &session, cell, learner, now);
        }
    }
    if tracing {
        trace_weak_cards(cell, learner, &session);
    }
    Outcome { recall: exam_recall(cell, learner), reviews, minutes: seconds_used as f64 / 60.0 }
}

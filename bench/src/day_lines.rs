//! The day lines `--trace` prints: what each day's answers went to, what portcards'
//! fitted model read, the learner's true recall, and the cards it will not know.

use chrono::{DateTime, FixedOffset};
use portcards::progress::Grade;
use portcards::session::Session;

use crate::cell::{Cell, exam_recall_at};
use crate::learners::{Learner, exam};

/// What a day's answers went to: new cards, cards met on an earlier day, and a second
/// look at a card already answered that day.
#[derive(Default)]
pub struct DayMix {
    pub counts: [usize; 3],
    answered: std::collections::HashSet<usize>,
}

impl DayMix {
    pub fn record(&mut self, card: usize, met_before: bool) {
        let again_today = !self.answered.insert(card);
        self.counts[usize::from(met_before) + usize::from(again_today)] += 1;
    }
}

/// One day of a portcards run: the day's mix, the model's reading, the plan, and the
/// learner's true recall now.
pub fn trace_day(
    day: i64,
    reviews: usize,
    mix: &DayMix,
    session: &Session,
    cell: &Cell,
    learner: &Learner,
    now: DateTime<FixedOffset>,
) {
    let model = session.memory_model();
    let seen = session.progress().cards.len();
    let true_now = exam_recall_at(cell, learner, now.to_utc());
    eprintln!(
        "day {day:>2} reviews {reviews:>5} new/review/again {:?} seen {seen:>3} model k={:.2} sd={:.2} eta={:.2} g={:.2} d={:.2} f1={:.2} d1={:.2} ev={} plan={:?} true recall now {true_now:.3}",
        mix.counts,
        model.forgetting,
        model.forgetting_spread,
        model.same_day,
        model.growth,
        model.decay,
        model.first_look,
        model.first_look_decay.unwrap_or(model.decay),
        model.evidence,
        session.exam_plan(now)
    );
}

/// The cards this learner will not know on exam day (true recall below 0.9), beside what
/// the fitted model expects of them and their record: where the plan and the learner part.
pub fn trace_weak_cards(cell: &Cell, learner: &Learner, session: &Session) {
    let exam_at = exam(cell.horizon);
    for &index in cell.cards {
        let card = &cell.deck.cards[index];
        let truly = learner.recall(index, exam_at);
        if truly >= 0.9 {
            continue;
        }
        let state = session.progress().cards.get(&card.id);
        let expected = session.memory_model().recall_of(state, exam_at);
        let answers: Vec<Grade> =
            session.progress().log.iter().filter(|review| review.card == card.id).map(|review| review.grade).collect();
        let misses = answers.iter().filter(|grade| **grade == Grade::Again).count();
        eprintln!(
            "  weak on exam day: card {index:>3}{} true recall {truly:.2}, model {expected:.2}, {} answers ({misses} missed), stability {:.2}",
            if card.core { " (core)" } else { "" },
            answers.len(),
            state.map_or(0.0, |state| state.memory.stability),
        );
    }
}

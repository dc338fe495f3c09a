//! The order of the study queue, through `Session`'s public calls: related cards
//! (`deck::are_related`) never back to back while other cards wait, both directions
//! from the first day, and another order of the learning steps each day.

use chrono::{DateTime, Duration, FixedOffset};
use portcards::deck::{Deck, Direction, are_related};
use portcards::facts::Facts;
use portcards::progress::Progress;
use portcards::session::{Session, Showing};
use portcards::table::parse_table;
use portcards::testing::at;

fn session(now: DateTime<FixedOffset>, new_per_day: u32) -> Session {
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), true);
    let mut session = Session::new(deck, Progress::default(), now, 7);
    session.set_limits(new_per_day, 200, false, now);
    session
}

/// Answers the card showing, right or wrong, graded as suggested; its index.
fn answer(session: &mut Session, right: bool, now: DateTime<FixedOffset>) -> usize {
    let Showing::Question { card, .. } = *session.showing() else { panic!("no question showing") };
    let typed = if right { session.card(card).answer.clone() } else { "nonsense".to_string() };
    session.submit(&typed, now);
    let Showing::Answer { answered, .. } = session.showing().clone() else { panic!("no answer showing") };
    session.grade(answered.suggested, now);
    card
}

#[test]
fn related_cards_never_come_back_to_back_while_others_wait() {
    let mut now = at("2026-11-27T10:00:00+00:00");
    let mut session = session(now, 25);
    let mut checked = 0;
    for day in 0..6 {
        let mut last: Option<usize> = None;
        for answered in 0..120 {
            session.refresh(now);
            let Some(card) = session.current_card().map(|card| card.id.clone()) else { break };
            let card = session.deck().position(&card).expect("a card of the deck");
            // Five or more new cards still wait: one of them is always unrelated.
            if let Some(last) = last
                && session.counts(now).new >= 5
            {
                checked += 1;
                let deck = session.deck();
                assert!(
                    !are_related(deck, last, card),
                    "day {day}: {} came right after {}",
                    deck.cards[card].id,
                    deck.cards[last].id
                );
            }
            last = Some(answer(&mut session, answered % 4 != 3, now));
            now += Duration::seconds(40);
        }
        now = at("2026-11-27T10:00:00+00:00") + Duration::days(day + 1);
    }
    assert!(checked >= 100, "only {checked} picks checked");
}

#[test]
fn both_directions_come_on_the_first_day() {
    let now = at("2026-11-27T10:00:00+00:00");
    let mut session = session(now, 10);
    let mut directions = Vec::new();
    while let Some(card) = session.current_card().map(|card| card.direction) {
        directions.push(card);
        answer(&mut session, true, now);
        session.refresh(now + Duration::minutes(30));
        if directions.len() == 10 {
            break;
        }
    }
    assert!(directions.contains(&Direction::PortToService), "{directions:?}");
    assert!(directions.contains(&Direction::ServiceToPort), "{directions:?}");
}

/// The cards of a day's first session, in the order their learning steps bring them
/// back: each new card is missed once, then answered right as it comes back.
fn learning_order(start: DateTime<FixedOffset>) -> Vec<String> {
    let mut session = session(start, 40);
    let mut now = start;
    for _ in 0..40 {
        answer(&mut session, false, now);
        now += Duration::seconds(5);
    }
    now += Duration::minutes(30);
    let mut order = Vec::new();
    for _ in 0..40 {
        session.refresh(now);
        let Some(card) = session.current_card().map(|card| card.id.to_string()) else { break };
        order.push(card);
        answer(&mut session, true, now);
    }
    order
}

#[test]
fn learning_steps_come_in_another_order_each_day_and_the_same_on_a_rerun() {
    let monday = at("2026-11-30T10:00:00+00:00");
    let first = learning_order(monday);
    assert_eq!(first.len(), 40);
    assert_eq!(learning_order(monday), first, "the same day, the same order");
    let tuesday = learning_order(monday + Duration::days(1));
    // The cards both days have in common come in another order.
    let common_monday: Vec<&String> = first.iter().filter(|id| tuesday.contains(id)).collect();
    let common_tuesday: Vec<&String> = tuesday.iter().filter(|id| first.contains(id)).collect();
    assert!(common_monday.len() >= 10, "only {} cards in common", common_monday.len());
    assert_ne!(common_monday, common_tuesday);
}

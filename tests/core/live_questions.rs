//! A live round's questions never give each other away: over 500 rounds drawn from
//! the pools a teacher picks (core, all, exam-style; four options and typed ports),
//! no question comes right after one of the same row, its secure or insecure
//! counterpart, a card whose text names it (`deck::related`), or one of its family.
//! A round of one family is left out: there every card shares the family, and its
//! counterparts may be all there is.

use portcards::deck::related::are_related;
use portcards::deck::{CardIndex, Deck};
use portcards::live::round::Round;
use portcards::live::{LiveKind, LivePool, RoundSetup};
use portcards::testing::{seed_deck, seed_deck_with_extras};
use rand::SeedableRng;
use rand::rngs::StdRng;

fn related_or_one_family(deck: &Deck, a: CardIndex, b: CardIndex) -> bool {
    let (card_a, card_b) = (&deck.cards[a], &deck.cards[b]);
    are_related(deck, a, b) || card_a.families.iter().any(|family| card_b.families.contains(family))
}

#[test]
fn no_two_related_questions_in_a_row_over_500_rounds() {
    let plain = seed_deck();
    let with_extras = seed_deck_with_extras();
    let setups = [
        (LivePool::Core, LiveKind::FourOptions, 10),
        (LivePool::Core, LiveKind::TypedPort, 15),
        (LivePool::All, LiveKind::FourOptions, 20),
        (LivePool::All, LiveKind::TypedPort, 30),
        (LivePool::ExamKinds, LiveKind::FourOptions, 10),
    ];
    let mut pairs = 0;
    for seed in 0..500u64 {
        let (pool, kind, questions) = setups[seed as usize % setups.len()];
        let deck = if pool == LivePool::ExamKinds { &with_extras } else { &plain };
        let setup = RoundSetup { questions, seconds: 20, pool, kind };
        let round = Round::new(deck, setup, &mut StdRng::seed_from_u64(seed)).unwrap();
        let cards: Vec<CardIndex> = round.questions().iter().map(|question| question.card).collect();
        assert_eq!(cards.len(), questions);
        for pair in cards.windows(2) {
            pairs += 1;
            assert!(
                !related_or_one_family(deck, pair[0], pair[1]),
                "seed {seed}, {pool:?}: {:?} then {:?}",
                deck.cards[pair[0]].prompt,
                deck.cards[pair[1]].prompt
            );
        }
    }
    assert!(pairs > 5_000, "{pairs} pairs looked at");
}

/// The example that showed it: port 500 and ISAKMP are one row, and 4500's text
/// names ISAKMP; a round of core cards never puts them side by side, yet asks each.
#[test]
fn a_round_still_asks_every_card_of_its_pool() {
    let deck = seed_deck();
    let setup = RoundSetup { questions: 500, seconds: 20, pool: LivePool::Core, kind: LiveKind::FourOptions };
    let round = Round::new(&deck, setup, &mut StdRng::seed_from_u64(1)).unwrap();
    let mut asked: Vec<CardIndex> = round.questions().iter().map(|question| question.card).collect();
    asked.sort_unstable();
    asked.dedup();
    let core = deck
        .cards
        .iter()
        .filter(|card| {
            card.core
                && matches!(
                    card.direction,
                    portcards::deck::Direction::PortToService | portcards::deck::Direction::ServiceToPort
                )
        })
        .count();
    assert_eq!(asked.len(), core, "every core card is asked before any comes a second time");
}

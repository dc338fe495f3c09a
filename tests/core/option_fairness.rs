//! Multiple choice must not give the answer away by its form. Over every card of the
//! deck (with the exam extras) and 100 draws each, for each form an option can have
//! (a range, a single port, the longest text, the shortest text), count the draws
//! where exactly one option has that form: that one must be the answer no more often
//! than chance (one in the number of options), with a small margin for the draw.

use portcards::deck::{Deck, Direction};
use portcards::facts::Facts;
use portcards::table::parse_table;
use rand::SeedableRng;
use rand::rngs::StdRng;

const DRAWS: usize = 100;

fn is_range(option: &str) -> bool {
    option.chars().any(|c| c == '-' || c == ',') && option.chars().any(|c| c.is_ascii_digit())
}

/// (times the lone option with this form was the answer, times one option alone had it, chance)
type Tally = (usize, usize, f64);

fn tally(deck: &Deck, direction: Direction, form: impl Fn(&str, &[String]) -> bool) -> Tally {
    let mut rng = StdRng::seed_from_u64(17);
    let (mut answer_alone, mut alone, mut chance) = (0, 0, 0.0);
    for card in (0..deck.cards.len()).filter(|&card| deck.cards[card].direction == direction) {
        for _ in 0..DRAWS {
            let options = deck.choices(card, &mut rng);
            let having: Vec<&String> = options.iter().filter(|option| form(option, &options)).collect();
            if having.len() == 1 {
                alone += 1;
                chance += 1.0 / options.len() as f64;
                answer_alone += usize::from(*having[0] == deck.cards[card].answer);
            }
        }
    }
    (answer_alone, alone, chance)
}

fn assert_fair(what: &str, (answer_alone, alone, chance): Tally) {
    let rate = if alone == 0 { 0.0 } else { answer_alone as f64 / alone as f64 };
    let chance_rate = if alone == 0 { 0.0 } else { chance / alone as f64 };
    eprintln!("{what}: alone in {alone} draws, the answer {answer_alone} times ({rate:.3}; chance {chance_rate:.3})");
    assert!(rate <= chance_rate + 0.05, "{what} gives the answer away: {rate:.3} against chance {chance_rate:.3}");
}

fn deck() -> Deck {
    Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), true)
}

#[test]
fn no_port_option_stands_out_by_being_a_range_or_a_single_port() {
    let deck = deck();
    assert_fair("a lone range", tally(&deck, Direction::ServiceToPort, |option, _| is_range(option)));
    assert_fair("a lone single port", tally(&deck, Direction::ServiceToPort, |option, _| !is_range(option)));
    // Stricter than the average: a range answer among single ports, or one odd range
    // beside a single-port answer, tells the learner something in every such draw.
    let mut rng = StdRng::seed_from_u64(18);
    let mut odd_one_out = Vec::new();
    for card in (0..deck.cards.len()).filter(|&card| deck.cards[card].direction == Direction::ServiceToPort) {
        let answer_is_range = is_range(&deck.cards[card].answer);
        let odd = (0..DRAWS)
            .filter(|_| {
                let options = deck.choices(card, &mut rng);
                options.iter().filter(|option| is_range(option) != answer_is_range).count() > 0
            })
            .count();
        if odd > DRAWS / 20 {
            odd_one_out.push(format!("{}: {odd} of {DRAWS} draws mix forms", deck.cards[card].id));
        }
    }
    assert!(odd_one_out.is_empty(), "{}", odd_one_out.join("\n"));
}

#[test]
fn no_service_option_stands_out_by_its_length() {
    let deck = deck();
    let longest = |option: &str, options: &[String]| options.iter().all(|other| other.len() <= option.len());
    let shortest = |option: &str, options: &[String]| options.iter().all(|other| other.len() >= option.len());
    assert_fair("the longest service name", tally(&deck, Direction::PortToService, longest));
    assert_fair("the shortest service name", tally(&deck, Direction::PortToService, shortest));
}

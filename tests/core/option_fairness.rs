//! Multiple choice must not give the answer away by its form. Over every card of the
//! deck (with the exam extras, and the deck for both exams) and 100 draws each, for
//! each form an option can have (a range, a single port, the longest text, the
//! shortest text, the only one with "or"), count the draws where exactly one option
//! has that form: that one must be the answer no more often than chance (one in the
//! number of options), with a small margin for the draw. That holds for every kind of
//! card with options to choose from. Prompts must not give the answer away either:
//! no prompt names its answer, and the clear-text cards are all asked the same way.

use portcards::deck::{Deck, Direction};
use portcards::facts::Facts;
use portcards::table::parse_table;
use rand::SeedableRng;
use rand::rngs::StdRng;

const DRAWS: usize = 100;

fn is_range(option: &str) -> bool {
    option.chars().any(|c| c == '-' || c == ',') && option.chars().any(|c| c.is_ascii_digit())
}

/// Whether an option has a form, among the options drawn with it.
type Form = dyn Fn(&str, &[String]) -> bool;

/// (times the lone option with this form was the answer, times one option alone had it, chance)
type Tally = (usize, usize, f64);

fn tally(deck: &Deck, direction: Direction, form: impl Fn(&str, &[String]) -> bool) -> Tally {
    let mut rng = StdRng::seed_from_u64(17);
    let (mut answer_alone, mut alone, mut chance) = (0, 0, 0.0);
    for card in (0..deck.cards.len()).filter(|&card| deck.cards[card].direction == direction) {
        let draws = if deck.cards[card].direction == Direction::ServiceToPort { DRAWS } else { DRAWS / 2 };
        for _ in 0..draws {
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

fn assert_fair(what: &str, tally: Tally) {
    if let Some(unfair) = unfair(what, tally) {
        panic!("{unfair}");
    }
}

/// The sentence saying how a form gives the answer away, if it does.
fn unfair(what: &str, (answer_alone, alone, chance): Tally) -> Option<String> {
    let rate = if alone == 0 { 0.0 } else { answer_alone as f64 / alone as f64 };
    let chance_rate = if alone == 0 { 0.0 } else { chance / alone as f64 };
    eprintln!("{what}: alone in {alone} draws, the answer {answer_alone} times ({rate:.3}; chance {chance_rate:.3})");
    (rate > chance_rate + 0.05)
        .then(|| format!("{what} gives the answer away: {rate:.3} against chance {chance_rate:.3}"))
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

/// Every kind of card that offers options, in every deck: the longest option, the
/// shortest, the only one with "or" (a compound answer) and the only range are the
/// answer no more often than chance.
#[test]
fn no_option_of_any_kind_stands_out_by_its_form() {
    let both = Deck::build_kind(
        parse_table(portcards::BUILTIN_TABLE).rows,
        &Facts::builtin(),
        portcards::deck::DeckKind::For(portcards::coverage::StudyFor::Both),
    );
    let longest = |option: &str, options: &[String]| options.iter().all(|other| other.len() <= option.len());
    let shortest = |option: &str, options: &[String]| options.iter().all(|other| other.len() >= option.len());
    let has_or = |option: &str, _: &[String]| option.contains(" or ");
    let mut unfair_forms = Vec::new();
    for (name, deck) in [("extras", deck()), ("both exams", both)] {
        for direction in [
            Direction::PortToService,
            Direction::ServiceToPort,
            Direction::SecureCounterpart,
            Direction::InsecureCounterpart,
            Direction::Scenario,
            Direction::Family,
            Direction::ProtocolNumber,
        ] {
            let label = |form: &str| format!("{name}, {}: {form}", direction.label());
            let forms: [(&str, &Form); 4] = [
                ("the longest option", &longest),
                ("the shortest option", &shortest),
                ("the only option with \"or\"", &has_or),
                ("the only range", &|option: &str, _: &[String]| is_range(option)),
            ];
            for (form, test) in forms {
                unfair_forms.extend(unfair(&label(form), tally(&deck, direction, test)));
            }
        }
    }
    assert!(unfair_forms.is_empty(), "{}", unfair_forms.join("\n"));
}

/// Whether a prompt holds a name: some word of the prompt contains the name's first
/// word ("LDAPS" holds LDAP, "SFTP" holds FTP).
fn prompt_holds(prompt: &str, name: &str) -> bool {
    let name = portcards::matcher::normalise(name);
    let Some(first) = name.split(' ').next().filter(|first| first.len() >= 3) else { return false };
    portcards::matcher::normalise(prompt).split(' ').any(|word| word.contains(first))
}

/// The numbers a text gives, as whole numbers.
fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit()).filter(|digits| !digits.is_empty()).map(str::to_string).collect()
}

/// No prompt names its answer: not the protocol the answer names (any of its parts),
/// and not every port the answer gives. Counted over every card of three decks.
#[test]
fn no_prompt_names_its_answer() {
    let kinds = [
        portcards::deck::DeckKind::Table,
        portcards::deck::DeckKind::TableAndExtras,
        portcards::deck::DeckKind::For(portcards::coverage::StudyFor::Both),
    ];
    let mut leaks = Vec::new();
    let mut checked = 0;
    for kind in kinds {
        let deck = Deck::build_kind(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), kind);
        for card in &deck.cards {
            if matches!(card.direction, Direction::ClearText | Direction::PortToTransport) {
                continue;
            }
            checked += 1;
            // "SFTP, port 22 or FTPS, ports 989-990": each alternative's name and ports.
            let parts: Vec<&str> = card.answer.split(" or ").collect();
            let names: Vec<&str> = parts.iter().map(|part| part.split(", ").next().unwrap_or(part)).collect();
            let answer_is_a_name = names.iter().all(|name| name.chars().any(char::is_alphabetic));
            // "What replaces Syslog?" must name Syslog, and "Syslog over TLS" builds on
            // it: a secure counterpart's name may hold the insecure one's, its port not.
            let names_the_asked = card.direction == Direction::SecureCounterpart;
            if answer_is_a_name && !names_the_asked && names.iter().any(|name| prompt_holds(&card.prompt, name)) {
                leaks.push(format!("{}: \"{}\" names \"{}\"", card.id, card.prompt, card.answer));
            }
            let answer_ports = numbers(&card.answer);
            let prompt_numbers = numbers(&card.prompt);
            if !answer_ports.is_empty() && answer_ports.iter().all(|port| prompt_numbers.contains(port)) {
                leaks.push(format!("{}: \"{}\" gives the ports of \"{}\"", card.id, card.prompt, card.answer));
            }
        }
    }
    leaks.sort();
    leaks.dedup();
    assert!(leaks.is_empty(), "{} prompts give their answer:\n{}", leaks.len(), leaks.join("\n"));
    assert!(checked > 600, "only {checked}");
}

/// Clear text or encrypted: every card asks the same way (by its port), so that the
/// wording never tells which answer it wants. The statistic: of the prompts in each
/// wording, the share answered "Encrypted"; with one wording there is nothing to tell.
#[test]
fn clear_text_cards_are_all_asked_one_way() {
    let deck = deck();
    let mut wordings: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for card in deck.cards.iter().filter(|card| card.direction == Direction::ClearText) {
        let wording: String = card.prompt.chars().filter(|c| !c.is_ascii_digit() && *c != '-').collect();
        let wording = wording.replace("ports ", "port ");
        let entry = wordings.entry(wording).or_default();
        entry.0 += 1;
        entry.1 += usize::from(card.answer == portcards::matcher::ENCRYPTED);
    }
    for (wording, (cards, encrypted)) in &wordings {
        eprintln!("{wording:?}: {cards} cards, {encrypted} encrypted");
    }
    assert_eq!(wordings.len(), 1, "{wordings:?}");
}

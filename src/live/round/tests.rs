use chrono::Duration;
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;
use crate::drill;
use crate::testing::{now, seed_deck, seed_deck_with_extras};

fn new_round(setup: RoundSetup) -> (Deck, Round, StdRng) {
    let deck = if setup.pool == LivePool::ExamKinds { seed_deck_with_extras() } else { seed_deck() };
    let mut rng = StdRng::seed_from_u64(7);
    let round = Round::new(&deck, setup, &mut rng).expect("a round");
    (deck, round, rng)
}

fn four(questions: usize) -> RoundSetup {
    RoundSetup { questions, seconds: 20, pool: LivePool::Core, kind: LiveKind::FourOptions }
}

fn wrong_option(round: &Round, question: usize) -> usize {
    (0..4).find(|&place| Some(place) != round.questions()[question].right_option).unwrap()
}

fn right_option(round: &Round, question: usize) -> usize {
    round.questions()[question].right_option.expect("one option is right")
}

#[test]
fn a_round_has_the_questions_asked_for_each_with_one_right_option_and_a_six_digit_pin() {
    let (deck, round, _) = new_round(four(12));
    assert_eq!(round.questions().len(), 12);
    assert_eq!(round.pin().len(), 6);
    assert!(round.pin().bytes().all(|byte| byte.is_ascii_digit()));
    for question in round.questions() {
        assert!(deck.cards[question.card].core);
        assert_eq!(question.options.len(), 4, "{}", question.prompt);
        assert!(question.right_option.is_some(), "{}", question.prompt);
    }
    // More questions than cards: every card once before any twice.
    let (_, long, _) = new_round(four(40));
    let core_cards = deck
        .cards
        .iter()
        .filter(|card| card.core && matches!(card.direction, Direction::PortToService | Direction::ServiceToPort))
        .count();
    let first: std::collections::BTreeSet<usize> = long.questions()[..core_cards].iter().map(|q| q.card).collect();
    assert_eq!(first.len(), core_cards);
}

#[test]
fn typed_rounds_ask_service_to_port_and_accept_the_port() {
    let setup = RoundSetup { kind: LiveKind::TypedPort, ..four(10) };
    let (deck, mut round, mut rng) = new_round(setup);
    for question in round.questions() {
        assert_eq!(deck.cards[question.card].direction, Direction::ServiceToPort);
        assert!(question.options.is_empty());
        assert!(!question.accepted.is_empty(), "{}", question.answer);
    }
    let pin = round.pin().to_string();
    let ana = round.join(&pin, "Ana", &mut rng).unwrap();
    round.next(now());
    let port = round.questions()[0].accepted[0].clone();
    assert_eq!(round.answer(&ana.token, 0, Given::Typed("44a".into()), now()), Err(RoundError::NotAPort));
    assert_eq!(round.answer(&ana.token, 0, Given::Option(0), now()), Err(RoundError::NoSuchOption));
    round.answer(&ana.token, 0, Given::Typed(format!(" {port} ")), now()).unwrap();
    round.reveal();
    assert_eq!(round.players()[0].right, 1);
}

#[test]
fn exam_kinds_need_options_and_every_pool_can_be_empty_only_with_a_reason() {
    let (deck, round, _) = new_round(RoundSetup { pool: LivePool::ExamKinds, ..four(20) });
    assert!(round.questions().iter().all(|q| deck.cards[q.card].direction.is_exam_kind()));
    let typed = RoundSetup { pool: LivePool::ExamKinds, kind: LiveKind::TypedPort, ..four(5) };
    let mut rng = StdRng::seed_from_u64(1);
    assert_eq!(Round::new(&seed_deck_with_extras(), typed, &mut rng).err(), Some(RoundError::NothingToAsk));
    assert_eq!(Round::new(&deck, four(0), &mut rng).err(), Some(RoundError::NothingToAsk));
}

#[test]
fn joining_needs_the_pin_a_fair_name_and_room() {
    let (_, mut round, mut rng) = new_round(four(3));
    let pin = round.pin().to_string();
    let wrong_pin = if pin == "000000" { "000001" } else { "000000" };
    assert_eq!(round.join(wrong_pin, "Ana", &mut rng), Err(RoundError::WrongPin));
    let ana = round.join(&pin, "  Ana ", &mut rng).unwrap();
    assert_eq!(ana.name, "Ana");
    assert_eq!(ana.token.len(), 32);
    assert_eq!(round.join(&pin, "ANA", &mut rng), Err(RoundError::NameTaken));
    assert_eq!(round.join(&pin, &"x".repeat(21), &mut rng), Err(RoundError::Nickname(NicknameError::TooLong)));
    assert_eq!(round.join(&pin, "", &mut rng), Err(RoundError::Nickname(NicknameError::Empty)));
    for n in 1..MAX_PLAYERS {
        round.join(&pin, &format!("p{n}"), &mut rng).unwrap();
    }
    assert_eq!(round.join(&pin, "one too many", &mut rng), Err(RoundError::Full));
    round.end();
    assert_eq!(round.join(&pin, "late", &mut rng), Err(RoundError::Ended));
}

#[test]
fn the_first_answer_counts_and_time_is_kept() {
    let (_, mut round, mut rng) = new_round(four(3));
    let pin = round.pin().to_string();
    let ana = round.join(&pin, "Ana", &mut rng).unwrap();
    let ben = round.join(&pin, "Ben", &mut rng).unwrap();
    let cy = round.join(&pin, "Cy", &mut rng).unwrap();
    assert_eq!(round.answer(&ana.token, 0, Given::Option(0), now()), Err(RoundError::NotAsking));
    round.next(now());
    let right = right_option(&round, 0);
    let at = now() + Duration::seconds(5);
    assert_eq!(round.answer(&ana.token, 0, Given::Option(right), at), Ok(Ack { question: 0, counted: true }));
    assert_eq!(
        round.answer(&ana.token, 0, Given::Option(wrong_option(&round, 0)), at),
        Err(RoundError::AlreadyAnswered)
    );
    assert_eq!(round.answer(&ben.token, 1, Given::Option(0), at), Err(RoundError::WrongQuestion));
    assert_eq!(round.answer(&ben.token, 0, Given::Option(9), at), Err(RoundError::NoSuchOption));
    assert_eq!(round.answer("forged", 0, Given::Option(0), at), Err(RoundError::UnknownPlayer));
    let after_time = now() + Duration::seconds(20);
    assert_eq!(round.answer(&ben.token, 0, Given::Option(right), after_time), Err(RoundError::TooLate));
    assert_eq!(round.answered_count(now()), (1, 3));
    // Time's up: the round reveals itself.
    assert!(!round.tick(now() + Duration::seconds(19)));
    assert!(round.tick(after_time));
    assert_eq!(round.phase(), Phase::Revealed { question: 0 });
    assert_eq!(round.answer(&cy.token, 0, Given::Option(right), after_time), Err(RoundError::TooLate));
    let ana_points = round.players()[0].score;
    // 5 s of 20 gone: the base, three quarters of the speed bonus, no streak yet.
    assert_eq!(ana_points, BASE_POINTS + SPEED_BONUS * 3 / 4);
    assert_eq!(round.players()[1].score, 0);
}

#[test]
fn everybody_answering_reveals_at_once() {
    let (_, mut round, mut rng) = new_round(four(2));
    let pin = round.pin().to_string();
    let ana = round.join(&pin, "Ana", &mut rng).unwrap();
    let ben = round.join(&pin, "Ben", &mut rng).unwrap();
    round.next(now());
    round.answer(&ana.token, 0, Given::Option(0), now()).unwrap();
    assert!(!round.tick(now()));
    round.answer(&ben.token, 0, Given::Option(1), now()).unwrap();
    assert!(round.tick(now()));
    let bars = round.distribution(0);
    assert_eq!(bars.len(), 4);
    assert_eq!(bars.iter().map(|bar| bar.count).sum::<usize>(), 2);
    assert_eq!(bars.iter().filter(|bar| bar.right).count(), 1);
    round.next(now());
    round.next(now());
    assert!(matches!(round.phase(), Phase::Asking { question: 1, .. }), "next does nothing while asking");
    round.reveal();
    round.next(now());
    assert_eq!(round.phase(), Phase::Ended);
}

#[test]
fn streaks_add_a_bonus_and_a_miss_or_silence_ends_them() {
    let (_, mut round, mut rng) = new_round(four(5));
    let pin = round.pin().to_string();
    let ana = round.join(&pin, "Ana", &mut rng).unwrap();
    let ben = round.join(&pin, "Ben", &mut rng).unwrap();
    let mut gained = Vec::new();
    for question in 0..4 {
        round.next(now());
        // Answers at the buzzer's edge carry no speed bonus worth counting.
        let at = now() + Duration::milliseconds(19_999);
        let before = round.players()[0].score;
        round.answer(&ana.token, question, Given::Option(right_option(&round, question)), at).unwrap();
        if question != 2 {
            round.answer(&ben.token, question, Given::Option(right_option(&round, question)), at).unwrap();
        }
        round.reveal();
        gained.push(round.players()[0].score - before);
    }
    assert_eq!(gained, [BASE_POINTS, BASE_POINTS + 100, BASE_POINTS + 200, BASE_POINTS + 300]);
    assert_eq!(round.players()[0].streak, 4);
    assert_eq!(round.players()[1].streak, 1, "Ben said nothing on the third question");
    assert_eq!(round.players()[1].best_streak, 2);
    let top = round.top(5);
    assert_eq!(top[0].name, "Ana");
    assert_eq!(top[0].streak, 4);
}

#[test]
fn a_late_joiner_plays_from_the_next_question() {
    let (_, mut round, mut rng) = new_round(four(3));
    let pin = round.pin().to_string();
    round.join(&pin, "Ana", &mut rng).unwrap();
    round.next(now());
    let late = round.join(&pin, "Late", &mut rng).unwrap();
    assert_eq!(round.answer(&late.token, 0, Given::Option(0), now()), Err(RoundError::JoinedLate));
    assert_eq!(round.answered_count(now()), (0, 1), "the late joiner is not waited for");
    let view = round.student_view(&late.token, now()).unwrap();
    assert!(view.waiting_for_next);
    round.reveal();
    round.next(now());
    round.answer(&late.token, 1, Given::Option(right_option(&round, 1)), now()).unwrap();
    round.reveal();
    assert_eq!(round.players()[1].right, 1);
    let csv = csv_text(&round);
    assert!(csv.lines().any(|line| line.starts_with("Late,1,") && line.contains("not yet joined")), "{csv}");
}

#[test]
fn a_reload_resumes_the_same_player_and_removal_ends_the_token() {
    let (_, mut round, mut rng) = new_round(four(3));
    let pin = round.pin().to_string();
    let ana = round.join(&pin, "Ana", &mut rng).unwrap();
    round.next(now());
    round.answer(&ana.token, 0, Given::Option(right_option(&round, 0)), now()).unwrap();
    round.reveal();
    let score = round.players()[0].score;
    assert_eq!(round.resume(&ana.token).unwrap().name, "Ana");
    let view = round.student_view(&ana.token, now()).unwrap();
    assert_eq!(view.score, score);
    assert!(view.result.as_ref().unwrap().right);
    assert!(round.remove(ana.player));
    assert_eq!(round.resume(&ana.token), Err(RoundError::UnknownPlayer));
    assert_eq!(round.student_view(&ana.token, now()).err(), Some(RoundError::UnknownPlayer));
    round.next(now());
    assert_eq!(round.answer(&ana.token, 1, Given::Option(0), now()), Err(RoundError::UnknownPlayer));
    // The name is free again (a new player, from zero).
    round.join(&pin, "Ana", &mut rng).unwrap();
    assert_eq!(round.players()[0].score, 0);
}

#[test]
fn the_phone_never_sees_the_right_option_before_the_reveal() {
    let (_, mut round, mut rng) = new_round(four(2));
    let pin = round.pin().to_string();
    let ana = round.join(&pin, "Ana", &mut rng).unwrap();
    round.next(now());
    let view = round.student_view(&ana.token, now()).unwrap();
    let json = serde_json::to_string(&view).unwrap();
    assert!(view.result.is_none());
    assert!(!json.contains("right_option") && !json.contains("\"answer\""), "{json}");
    round.answer(&ana.token, 0, Given::Option(0), now()).unwrap();
    let view = round.student_view(&ana.token, now()).unwrap();
    assert!(view.answered && view.result.is_none(), "the verdict waits for the reveal");
}

#[test]
fn standings_share_ranks_on_ties_and_the_csv_has_every_answer() {
    let (deck, mut round, mut rng) = new_round(four(2));
    let pin = round.pin().to_string();
    let tokens: Vec<String> =
        ["Cy", "Ana", "Ben"].iter().map(|name| round.join(&pin, name, &mut rng).unwrap().token).collect();
    for question in 0..2 {
        round.next(now());
        let right = right_option(&round, question);
        round.answer(&tokens[0], question, Given::Option(right), now()).unwrap();
        round.answer(&tokens[1], question, Given::Option(right), now()).unwrap();
        round.answer(&tokens[2], question, Given::Option(wrong_option(&round, question)), now()).unwrap();
        round.reveal();
    }
    let standings = round.standings();
    let ranks: Vec<(&str, usize)> = standings.iter().map(|s| (s.name.as_str(), s.rank)).collect();
    assert_eq!(ranks, [("Ana", 1), ("Cy", 1), ("Ben", 3)]);
    let csv = csv_text(&round);
    assert_eq!(csv.lines().count(), 1 + 3 * 2);
    assert!(
        csv.starts_with("player,question,card,prompt,answer given,right answer,correct,seconds,points,final score")
    );
    let missed = round.most_missed();
    assert_eq!(missed.len(), 2);
    assert!(missed.iter().all(|&(_, count)| count == 1));
    let drill = round.drill_of_misses(&deck).unwrap();
    assert!(matches!(drill.pool, drill::Pool::Cards(ref cards) if cards.len() == 2));
}

#[test]
fn typed_answers_make_bars_of_the_most_given() {
    let setup = RoundSetup { kind: LiveKind::TypedPort, ..four(1) };
    let (_, mut round, mut rng) = new_round(setup);
    let pin = round.pin().to_string();
    let tokens: Vec<String> = (0..8).map(|n| round.join(&pin, &format!("p{n}"), &mut rng).unwrap().token).collect();
    round.next(now());
    let port = round.questions()[0].accepted[0].clone();
    let given = [port.as_str(), port.as_str(), "1", "2", "3", "4", "5", "5"];
    for (token, typed) in tokens.iter().zip(given) {
        round.answer(token, 0, Given::Typed(typed.to_string()), now()).unwrap();
    }
    round.reveal();
    let bars = round.distribution(0);
    assert_eq!(bars[0], Bar { label: port.clone(), count: 2, right: true });
    assert_eq!(bars[1], Bar { label: "5".into(), count: 2, right: false });
    assert_eq!(bars.last().unwrap().label, "other");
    assert_eq!(bars.iter().map(|bar| bar.count).sum::<usize>(), 8);
    round.next(now());
    assert_eq!(round.phase(), Phase::Ended, "one question only");
}

#[test]
fn the_leaderboard_names_five_scorers_and_the_podium_three_nobody_for_scoring_nothing() {
    let (_, mut round, mut rng) = new_round(four(1));
    let pin = round.pin().to_string();
    let names = ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal"];
    let tokens: Vec<String> = names.iter().map(|name| round.join(&pin, name, &mut rng).unwrap().token).collect();
    round.next(now());
    // Six answer right, at different speeds; two say nothing.
    for (place, token) in tokens.iter().take(6).enumerate() {
        let at = now() + Duration::seconds(place as i64);
        round.answer(token, 0, Given::Option(right_option(&round, 0)), at).unwrap();
    }
    round.reveal();
    let named = |standings: Vec<Standing>| standings.into_iter().map(|standing| standing.name).collect::<Vec<_>>();
    assert_eq!(named(round.leaderboard()), ["Ana", "Ben", "Cy", "Dee", "Eve"]);
    assert_eq!(named(round.podium()), ["Ana", "Ben", "Cy"]);
    // A round nobody scored in names nobody.
    let (_, mut quiet, mut rng) = new_round(four(1));
    let pin = quiet.pin().to_string();
    let token = quiet.join(&pin, "Ana", &mut rng).unwrap().token;
    quiet.next(now());
    quiet.answer(&token, 0, Given::Option(wrong_option(&quiet, 0)), now()).unwrap();
    quiet.reveal();
    assert!(quiet.leaderboard().is_empty() && quiet.podium().is_empty());
}

/// The CSV as text, its byte order mark checked and taken off.
fn csv_text(round: &Round) -> String {
    let bytes = round.csv().unwrap();
    let text = String::from_utf8(bytes).expect("UTF-8");
    text.strip_prefix('\u{feff}').expect("a byte order mark for Excel").to_string()
}

#[test]
fn ending_early_exports_and_scores_only_the_questions_asked_and_no_formula() {
    let (_, mut round, mut rng) = new_round(four(5));
    let pin = round.pin().to_string();
    let ana = round.join(&pin, "=2+3", &mut rng).unwrap();
    let zoe = round.join(&pin, "Zoë", &mut rng).unwrap();
    for question in 0..3 {
        round.next(now());
        round.answer(&ana.token, question, Given::Option(right_option(&round, question)), now()).unwrap();
        if question < 2 {
            round.answer(&zoe.token, question, Given::Option(wrong_option(&round, question)), now()).unwrap();
            round.reveal();
        }
    }
    // The teacher ends during question 3 of 5: it is revealed, 4 and 5 never were asked.
    round.end();
    assert_eq!(round.asked(), 3);
    let csv = csv_text(&round);
    assert_eq!(csv.lines().count(), 1 + 2 * 3, "only the questions asked: {csv}");
    assert!(csv.contains("\r\n"), "CRLF line ends");
    assert!(csv.lines().all(|line| !line.starts_with('=')), "no cell starts a formula: {csv}");
    assert!(csv.contains("'=2+3,1,"), "{csv}");
    assert!(csv.contains("Zoë,3,"), "{csv}");
    // 3 right of 6 answers that could be given.
    assert_eq!(round.share_right(), Some(0.5));
    assert_eq!(round.most_missed().len(), 3);
}

#[test]
fn a_phone_away_for_a_while_is_not_waited_for_and_an_open_socket_is_never_away() {
    let (_, mut round, mut rng) = new_round(four(3));
    let pin = round.pin().to_string();
    let tokens: Vec<String> =
        ["Ana", "Ben", "Cy"].iter().map(|n| round.join(&pin, n, &mut rng).unwrap().token).collect();
    let start = now();
    round.seen(&tokens[0], 1, start); // Ana's socket stays open
    round.seen(&tokens[1], 0, start);
    round.seen(&tokens[2], 0, start);
    round.next(start);
    round.answer(&tokens[1], 0, Given::Option(0), start).unwrap();
    assert_eq!(round.answered_count(start + Duration::seconds(5)), (1, 3), "Cy was here a moment ago");
    let later = start + Duration::seconds(AWAY_AFTER_SECONDS + 1);
    assert_eq!(round.answered_count(later), (1, 2), "Cy is away; Ana's socket is open");
    assert!(!round.tick(later), "Ana has not answered yet");
    round.answer(&tokens[0], 0, Given::Option(0), later).unwrap();
    assert!(round.tick(later), "everybody present answered: the reveal comes at once");
}

#[test]
fn a_lost_token_comes_back_with_the_rejoin_code_and_nobody_else_can_use_the_name() {
    let (_, mut round, mut rng) = new_round(four(2));
    let pin = round.pin().to_string();
    let ana = round.join(&pin, "Ana", &mut rng).unwrap();
    let ben = round.join(&pin, "Ben", &mut rng).unwrap();
    assert_eq!(ana.rejoin_code.len(), 4);
    round.next(now());
    round.answer(&ana.token, 0, Given::Option(right_option(&round, 0)), now()).unwrap();
    round.reveal();
    // A new browser: the name alone is refused, with a hint at the code.
    assert_eq!(round.join(&pin, "ana", &mut rng), Err(RoundError::NameTaken));
    assert!(RoundError::NameTaken.to_string().contains("rejoin code"));
    // A classmate with Ben's code, or a guess, cannot take Ana's place.
    assert_eq!(round.rejoin(&pin, "Ana", &ben.rejoin_code).map(|joined| joined.token), Err(RoundError::NameTaken));
    assert_eq!(
        round.rejoin("000000", "Ana", &ana.rejoin_code).err(),
        Some(RoundError::WrongPin).filter(|_| pin != "000000")
    );
    let back = round.rejoin(&pin, " ana ", &ana.rejoin_code.to_lowercase()).unwrap();
    assert_eq!(back.token, ana.token, "the same player, with the same score");
    assert_eq!(round.student_view(&back.token, now()).unwrap().score, round.players()[0].score);
    assert_eq!(round.players().len(), 2, "no ghost and no second Ana");
}

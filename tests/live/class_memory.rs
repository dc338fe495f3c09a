//! A class that remembers: rounds kept by class and reopened after a restart, the
//! class's memory taken in from a round played over HTTP, a review round planned from
//! a built history, and a damaged round's journal set aside while the others are kept.
//! Every round here is played through the desk on loopback, with the server's clock set
//! to the class's lesson, as a teacher would over six weeks.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, FixedOffset};
use portcards::desk::{Effect, LiveIntent, Screen};

use portcards::live::class_memory::{
    ClassMemory, DUE_BELOW, FORGOTTEN_BELOW, MISSED_BY_MOST_BELOW, PRIOR_CORE, Reason, plan_review,
};
use portcards::live::{LivePool, RoundSetup};
use portcards::testing::at;

use crate::class_script::{LOOPBACK, Teacher, four, post};

fn tuesday() -> DateTime<FixedOffset> {
    at("2026-11-03T09:00:00+01:00")
}

#[test]
fn rounds_are_kept_by_class_and_reopened_after_a_restart() {
    let mut teacher = Teacher::new(tuesday());
    teacher.play(tuesday(), "Period 3 Network+", four(3), 3, |student, _| student == 0);
    let friday = tuesday() + Duration::days(3);
    teacher.play(friday, "Period 5", four(2), 2, |_, _| true);
    // Typed again later with other capitals and spaces: the same class.
    teacher.play(friday + Duration::days(4), " period 3 NETWORK+ ", four(2), 2, |_, _| false);

    let mut teacher = teacher.restart(friday + Duration::days(5));
    let kept = teacher.desk.kept_rounds();
    assert_eq!(kept.rounds.len(), 3, "every round kept");
    let classes: Vec<(String, usize)> = kept.classes().into_iter().map(|class| (class.name, class.rounds)).collect();
    // A known class keeps the spelling it was first played under.
    assert_eq!(classes, [("Period 3 Network+".to_string(), 2), ("Period 5".to_string(), 1)]);
    assert_eq!(teacher.desk.live_class(), Some("Period 3 Network+"), "the latest round's class comes first");

    // The first round reopened: its podium and its results, as played.
    teacher.live(LiveIntent::OpenKeptRound(0), friday);
    let opened = teacher.desk.opened_round().expect("opened").record.clone();
    assert_eq!(opened.class.as_deref(), Some("Period 3 Network+"));
    assert_eq!(opened.pool.as_deref(), Some("Core ports"));
    let podium: Vec<(usize, String)> =
        opened.podium().into_iter().map(|standing| (standing.rank, standing.name)).collect();
    assert_eq!(podium, [(1, "Student 0".to_string())], "only student 0 scored");
    let tallies: Vec<(usize, usize, usize)> =
        opened.tally_by_question().iter().map(|tally| (tally.right, tally.answered, tally.players)).collect();
    assert_eq!(tallies, [(1, 3, 3); 3]);
    let file = teacher.folder.join("first round.csv");
    let effects = teacher.live(LiveIntent::ExportKeptRound(file.clone()), friday);
    assert!(
        matches!(&effects[..], [Effect::Said(Screen::Live, said)] if said.starts_with("The results of the round of 2026-11-03")),
        "{effects:?}"
    );
    let csv = String::from_utf8(std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(csv.lines().count(), 1 + 3 * 3, "a row per student and question: {csv}");
    teacher.live(LiveIntent::CloseKeptRound, friday);
    assert!(teacher.desk.opened_round().is_none());
}

#[test]
fn a_played_round_moves_the_class_memory() {
    let mut teacher = Teacher::new(tuesday());
    teacher.live(LiveIntent::ChooseClass("Period 3".into()), tuesday());
    let setup = four(4);
    let before = teacher.desk.class_report(setup, tuesday()).expect("a class is chosen");
    assert_eq!(before.rounds, 0);
    let prior = before.recall_now.unwrap();
    assert!((prior - PRIOR_CORE).abs() < 1e-9, "no history: the deck's prior for core ports, got {prior}");

    // The class knows the well-known ports and none of the others; another class's
    // round does not count for this one.
    let asked = teacher.play(tuesday(), "Period 3", setup, 4, knows_the_low_ports);
    let (known, missed): (Vec<&String>, Vec<&String>) = asked.iter().partition(|id| knows_the_low_ports(0, id));
    assert!(!known.is_empty() && !missed.is_empty(), "the round asked both kinds: {asked:?}");
    let mut teacher = teacher.restart(tuesday() + Duration::days(2));
    teacher.play(tuesday() + Duration::days(2), "Period 4", four(1), 1, |_, _| true);
    let later = tuesday() + Duration::days(7);
    teacher.live(LiveIntent::ChooseClass("period 3".into()), later);
    let report = teacher.desk.class_report(setup, later).unwrap();
    assert_eq!(report.rounds, 1, "Period 4's round is not Period 3's");
    let deck = teacher.desk.class_deck().unwrap();
    let place = |id: &str| deck.cards.iter().position(|card| card.id.as_str() == id).unwrap();
    let recall =
        |id: &str| report.weakest.iter().find(|(card, _)| *card == place(id)).expect("asked cards are listed").1;
    for missed in &missed {
        for known in &known {
            assert!(recall(missed) < recall(known), "{missed} (all missed it) against {known} (all right)");
        }
    }
    let pool = deck.cards.iter().filter(|card| card.core && is_quick(card)).count();
    assert_eq!(report.never_asked, pool - asked.len());
    assert_ne!(report.recall_now.unwrap(), prior, "the class's recall moved from the prior");
    // Of what the class was asked, what everybody missed comes back before what it knew,
    // said why; beside a few never asked.
    let memory = ClassMemory::from_rounds(deck, &teacher.desk.kept_rounds().played_by("Period 3", deck));
    let whole_pool: Vec<usize> =
        (0..deck.cards.len()).filter(|&card| deck.cards[card].core && is_quick(&deck.cards[card])).collect();
    let plan = plan_review(&memory, &whole_pool, whole_pool.len(), later.to_utc());
    let place_in_plan = |id: &str| plan.iter().position(|planned| planned.card == place(id));
    for missed in &missed {
        let at = place_in_plan(missed).expect("a missed card is planned");
        assert_eq!(plan[at].reason.group(later), "missed by most last Tuesday");
        for known in &known {
            assert!(place_in_plan(known).is_none_or(|known_at| at < known_at), "{missed} before {known}: {plan:?}");
        }
    }
    assert!(report.plan.iter().any(|planned| matches!(planned.reason, Reason::NeverAsked)), "a few never asked");
}

/// Students know the well-known ports (below 100) and none of the others.
fn knows_the_low_ports(_: usize, card: &str) -> bool {
    card.split(':').next().and_then(|port| port.split('-').next()?.parse::<u32>().ok()).is_some_and(|port| port < 100)
}

#[test]
fn a_review_round_asks_what_the_class_forgot_and_says_why() {
    let mut teacher = Teacher::new(tuesday());
    let class = "Period 3 Network+";
    let friday = tuesday() + Duration::days(3);
    let mut asked: Vec<String> = teacher.play(tuesday(), class, four(10), 3, knows_the_low_ports);
    asked.extend(teacher.play(friday, class, four(10), 3, knows_the_low_ports));
    let monday = friday + Duration::days(3);
    let deck = teacher.desk.class_deck().unwrap().clone();
    let memory = ClassMemory::from_rounds(&deck, &teacher.desk.kept_rounds().played_by(class, &deck));

    // A review as large as the pool allows to check every rule at once.
    let setup = RoundSetup { pool: LivePool::ClassReview, ..four(24) };
    teacher.live(LiveIntent::ChooseClass(class.into()), monday);
    let report = teacher.desk.class_report(setup, monday).unwrap();
    *teacher.clock.lock().unwrap() = monday.to_utc();
    let effects = teacher.live(LiveIntent::Start { setup, ip: LOOPBACK }, monday);
    let host = teacher.desk.live().unwrap_or_else(|| panic!("the review starts: {effects:?}"));
    let round_cards: BTreeSet<String> =
        host.round(|round| round.journal_questions()).into_iter().map(|question| question.card).collect();
    let planned: BTreeSet<String> =
        report.plan.iter().map(|planned| deck.cards[planned.card].id.as_str().to_string()).collect();
    assert_eq!(round_cards, planned, "the round asks the plan the class view showed");
    assert_eq!(round_cards.len(), 24);

    // The forgotten (more likely than not) are all asked; the ones the whole class got
    // right lately rest unless due; a missed card comes before a known one.
    for id in &asked {
        let card = deck.cards.iter().position(|card| card.id.as_str() == id).unwrap();
        let (last, share) = memory.last_asked(card).unwrap();
        let recall = memory.recall(card, monday.to_utc());
        if recall < FORGOTTEN_BELOW {
            assert!(planned.contains(id), "{id} is more likely forgotten than not: nothing due is skipped");
        }
        if share >= 1.0 && (monday.to_utc() - last).num_days() <= 10 && recall >= DUE_BELOW {
            assert!(!planned.contains(id), "{id}: all right 3 or 6 days ago and not due ({recall:.2})");
        }
    }
    let place_in_plan = |id: &str| {
        let card = deck.cards.iter().position(|card| card.id.as_str() == id).unwrap();
        report.plan.iter().position(|planned| planned.card == card)
    };
    let share_of =
        |id: &str| memory.last_asked(deck.cards.iter().position(|c| c.id.as_str() == id).unwrap()).unwrap().1;
    let recall_of =
        |id: &str| memory.recall(deck.cards.iter().position(|c| c.id.as_str() == id).unwrap(), monday.to_utc());
    for missed in asked.iter().filter(|id| share_of(id) < MISSED_BY_MOST_BELOW) {
        // Left out only when the round is full before the known cards come. A card
        // known then but forgotten since is due like a miss (best held first).
        let at = place_in_plan(missed).unwrap_or(usize::MAX);
        let still_known = |id: &&String| share_of(id) >= MISSED_BY_MOST_BELOW && recall_of(id) >= FORGOTTEN_BELOW;
        for known in asked.iter().filter(still_known) {
            assert!(place_in_plan(known).is_none_or(|known_at| at < known_at), "{missed} before {known}");
        }
    }
    assert!(asked.iter().any(|id| !planned.contains(id)), "some cards the class knows rest");
    // The lobby says why each group is there, and names no port.
    let groups = host.round(|round| round.plan_groups().to_vec());
    assert_eq!(groups.iter().map(|(_, count)| count).sum::<usize>(), 24, "{groups:?}");
    let said: Vec<&str> = groups.iter().map(|(group, _)| group.as_str()).collect();
    assert!(said.contains(&"missed by most last Friday"), "{said:?}");
    assert_eq!(said.last(), Some(&"not asked yet"), "the misses first, the new ports last: {said:?}");
    assert!(said[0].starts_with("missed by most"), "{said:?}");
    assert_eq!(host.round(|round| round.class().map(str::to_string)).as_deref(), Some(class));
    // At each reveal the class sees how it did last time.
    let questions = host.round(|round| round.journal_questions());
    for (question, asked_now) in questions.iter().enumerate() {
        let earlier = host.round(|round| round.earlier(question).map(str::to_string));
        let card = deck.cards.iter().position(|card| card.id.as_str() == asked_now.card).unwrap();
        match memory.last_asked(card) {
            None => assert_eq!(earlier, None, "{}: never asked", asked_now.card),
            Some((on, share)) => {
                let day = if on.date_naive() == friday.date_naive() { "last Friday" } else { "last Tuesday" };
                let expected = format!("Last time, {day}: {:.0} % right", 100.0 * share);
                assert_eq!(earlier.as_deref(), Some(expected.as_str()), "{}", asked_now.card);
            }
        }
    }
}

#[test]
fn a_damaged_round_file_is_set_aside_and_the_others_are_kept() {
    let mut teacher = Teacher::new(tuesday());
    teacher.play(tuesday(), "Period 3", four(2), 2, |_, _| true);
    teacher.play(tuesday() + Duration::days(3), "Period 3", four(2), 2, |_, _| false);
    let folder = teacher.desk.kept_rounds().rounds[0].path.parent().unwrap().to_path_buf();
    let not_text = folder.join("round-2026-11-04T09-00-00.000.jsonl");
    std::fs::write(&not_text, [0xff, 0xfe, 0x00, 0x9c, 0x80]).unwrap();
    let no_start = folder.join("round-2026-11-05T09-00-00.000.jsonl");
    std::fs::write(&no_start, "{\"event\":\"joined\",\"player\":1,\"name\":\"Zoë\"}\n").unwrap();

    // A crash in the middle of an emoji nickname's line: a torn last line, not damage.
    let good = teacher.desk.kept_rounds().rounds[1].path.clone();
    let mut torn = std::fs::OpenOptions::new().append(true).open(&good).unwrap();
    std::io::Write::write_all(&mut torn, b"{\"event\":\"joined\",\"player\":13,\"name\":\"Zo\xf0\x9f").unwrap();
    let later = tuesday() + Duration::days(5);
    let mut teacher = teacher.restart(later);
    let kept = teacher.desk.kept_rounds();
    assert_eq!(kept.rounds.len(), 2, "the two good rounds are kept, the torn one too");
    assert_eq!(kept.classes()[0].rounds, 2);
    // Said on the Live screen when it opens, once.
    let said: Vec<&String> = teacher
        .opened
        .iter()
        .filter_map(|effect| match effect {
            Effect::Said(Screen::Live, sentence) => Some(sentence),
            _ => None,
        })
        .collect();
    assert_eq!(said.len(), 1, "{:?}", teacher.opened);
    assert_eq!(said[0].matches("does not begin with a round's start").count(), 2, "{said:?}");
    assert_eq!(said[0].matches("set aside as").count(), 2, "{said:?}");
    assert!(!not_text.exists() && !no_start.exists(), "both renamed");
    let aside: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().contains(".jsonl.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 2, "kept aside, not deleted");
    assert_eq!(
        std::fs::read(
            aside.iter().find(|e| e.file_name().to_string_lossy().starts_with("round-2026-11-04")).unwrap().path()
        )
        .unwrap(),
        [0xff, 0xfe, 0x00, 0x9c, 0x80]
    );
    // The class goes on: a third round is kept beside the two.
    teacher.play(later, "Period 3", four(2), 2, |_, _| true);
    let teacher = teacher.restart(later);
    assert_eq!(teacher.desk.kept_rounds().rounds.len(), 3);
    assert!(!teacher.opened.iter().any(|effect| matches!(effect, Effect::Said(..))), "said once");
}

fn is_quick(card: &portcards::deck::Card) -> bool {
    use portcards::deck::Direction;
    matches!(card.direction, Direction::PortToService | Direction::ServiceToPort)
}

/// The teacher ends the round while a question is open, before anybody answered it:
/// that silence is not the class missing it.
#[test]
fn a_question_nobody_had_time_to_answer_is_not_a_miss() {
    let mut teacher = Teacher::new(tuesday());
    teacher.live(LiveIntent::ChooseClass("Period 3".into()), tuesday());
    teacher.live(LiveIntent::Start { setup: four(3), ip: LOOPBACK }, tuesday());
    let host = teacher.desk.live().expect("served");
    let (url, pin) = (host.join_url.clone(), host.round(|round| round.pin().to_string()));
    let cards: Vec<String> = host.round(|round| round.journal_questions()).into_iter().map(|q| q.card).collect();
    let right = host.round(|round| round.questions()[0].right_option.unwrap());
    let tokens: Vec<String> = ["Ana", "Ben"]
        .iter()
        .map(|name| {
            let body = format!(r#"{{"type":"join","pin":"{pin}","name":"{name}"}}"#);
            post(&url, "join", body)["token"].as_str().unwrap().to_string()
        })
        .collect();
    teacher.live(LiveIntent::Next, tuesday());
    for token in &tokens {
        let body = format!(r#"{{"type":"answer","token":"{token}","question":0,"option":{right}}}"#);
        post(&url, "answer", body);
    }
    teacher.live(LiveIntent::Reveal, tuesday());
    teacher.live(LiveIntent::Next, tuesday());
    teacher.live(LiveIntent::End, tuesday());
    let teacher = teacher.restart(tuesday() + Duration::days(1));

    let record = &teacher.desk.kept_rounds().rounds[0].record;
    assert_eq!(record.asked, 2, "the second question was opened");
    let deck = teacher.desk.class_deck().unwrap();
    let memory = ClassMemory::from_rounds(deck, &teacher.desk.kept_rounds().played_by("Period 3", deck));
    let place = |id: &str| deck.cards.iter().position(|card| card.id.as_str() == id).unwrap();
    assert_eq!(memory.last_asked(place(&cards[0])).map(|(_, share)| share), Some(1.0));
    assert_eq!(memory.last_asked(place(&cards[1])), None, "opened, but nobody had time to answer");
}

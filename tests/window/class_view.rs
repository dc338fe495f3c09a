//! The class view in the window: a class with three rounds kept (played by script
//! before the window opens), its view on the Live screen, a kept round reopened from
//! the Rounds list, a review round started from the class's memory, a new class, and a
//! round of the ports the teacher lists.

use egui_kittest::kittest::Queryable;
use portcards::app::egui::Key;
use portcards::live::round::Phase;
use portcards::live::{LivePool, RoundSetup};

use crate::support::Window;

#[path = "../live/class_script.rs"]
#[allow(dead_code)]
mod class_script;

use class_script::{Teacher, four};

const CLASS: &str = "Period 3 Network+";

/// Students know the well-known ports (below 100) and none of the others.
fn knows_the_low_ports(_: usize, card: &str) -> bool {
    card.split([':', '-']).next().and_then(|port| port.parse::<u32>().ok()).is_some_and(|port| port < 100)
}

/// Three rounds of the class before the window's day (2026-11-27): two Tuesdays and
/// the Friday between.
fn a_class_with_three_rounds() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let first = portcards::testing::at("2026-11-17T09:00:00+00:00");
    let mut teacher = Teacher::open(folder.path().to_path_buf(), first);
    for days in [0, 3, 7] {
        teacher.play(first + chrono::Duration::days(days), CLASS, four(10), 6, knows_the_low_ports);
    }
    // The teacher's lock is let go of before the window opens the profile.
    drop(teacher);
    folder
}

#[test]
fn the_class_view_shows_the_class_and_plans_its_review() {
    let folder = a_class_with_three_rounds();
    let mut window = Window::new().in_folder(folder.path()).size(1280.0, 1000.0).open();
    window.press(Key::F8);
    assert_eq!(window.desk().live_class(), Some(CLASS), "the latest round's class is chosen");
    window.get_by_label(&format!("Class: {CLASS}"));
    window.get_by_label_contains("3 rounds so far. Of the ");
    window.get_by_label_contains("core-port questions it was asked, the class would get about");
    window.get_by_label("Weakest ports now");
    window.get_by_label("Families now");
    window.get_by_label_contains("Estimated recall of the core ports");
    window.get_by_label("Next review round (10 questions)");
    // The plan, a line a reason, each line the reason and its ports.
    let plan_lines = ["Missed by most ", "Due again: ", "Not asked for ", "Not asked yet: "]
        .iter()
        .filter(|reason| window.query_all_by_label_contains(reason).next().is_some())
        .count();
    assert!(plan_lines > 0, "the plan's lines");
    window.get_by_label_contains(&format!("{CLASS} (3 rounds)"));

    // A kept round reopened from the list, and back.
    window.click("Rounds kept (3)");
    window.get_all_by_label("Open").next().expect("a round to open").click();
    window.run();
    window.get_by_label_contains("Round of Tue 24 Nov 2026");
    window.get_by_label("The podium");
    window.get_by_label_contains(&format!("Class {CLASS}. Core ports: 6 players, 10 of 10 questions asked."));
    window.press(Key::Escape);
    assert!(window.desk().opened_round().is_none());

    // The review, planned from the class's memory, on loopback.
    window.click("Plan from the class's memory");
    window.click("Network");
    window.click_containing("this computer only");
    let review = RoundSetup { pool: LivePool::ClassReview, ..RoundSetup::default() };
    let plan = window.desk().class_report(review, window.now()).unwrap().plan;
    window.press(Key::Enter);
    let host = window.desk().live().expect("the review round is served");
    assert_eq!(host.round(|round| round.phase()), Phase::Lobby);
    let mut asked: Vec<usize> = host.round(|round| round.questions().iter().map(|question| question.card).collect());
    let mut planned: Vec<usize> = plan.iter().map(|planned| planned.card).collect();
    asked.sort_unstable();
    planned.sort_unstable();
    assert_eq!(asked, planned, "the round asks the plan the class view showed");
    window.get_by_label_contains(&format!("{CLASS}. Review: "));
    let groups = host.round(|round| round.plan_groups().to_vec());
    for (group, count) in groups {
        let said = format!("{count} {group}");
        assert!(window.query_all_by_label_contains(&said).next().is_some(), "the lobby says {said:?}");
    }
}

#[test]
fn a_new_class_starts_from_the_deck_s_prior() {
    let folder = a_class_with_three_rounds();
    let mut window = Window::new().in_folder(folder.path()).size(1280.0, 1000.0).open();
    window.press(Key::F8);
    window.retype("Class:", "Period 6");
    assert_eq!(window.desk().live_class(), Some("Period 6"));
    window.get_by_label("Class: Period 6");
    window.get_by_label_contains("No round of this class yet");
    // Back to the earlier class by its button.
    window.click(&format!("{CLASS} (3 rounds)"));
    assert_eq!(window.desk().live_class(), Some(CLASS));
    window.get_by_label_contains("3 rounds so far");
}

#[test]
fn a_round_of_the_ports_the_teacher_lists() {
    let mut window = Window::new().size(1280.0, 1000.0).open();
    window.press(Key::F8);
    window.click("These ports");
    window.type_into("Ports to ask:", "22, ldap, zzqx");
    window.get_by_label("Not in the table: zzqx.");
    window.retype("Ports to ask:", "22, ldap");
    window.get_by_label("4 questions: 22 SSH/SCP, 389 LDAP.");
    window.click("Network");
    window.click_containing("this computer only");
    window.press(Key::Enter);
    let host = window.desk().live().expect("the round is served");
    let asked: std::collections::BTreeSet<String> =
        host.round(|round| round.journal_questions()).into_iter().map(|question| question.card).collect();
    let expected = ["22:port-to-service", "22:service-to-port", "389:port-to-service", "389:service-to-port"];
    assert_eq!(asked, expected.iter().map(|card| card.to_string()).collect());
}

#[test]
fn a_trial_round_is_taken_out_of_the_list_and_the_class_memory_after_asking() {
    let folder = a_class_with_three_rounds();
    let mut window = Window::new().in_folder(folder.path()).size(1280.0, 1000.0).open();
    window.press(Key::F8);
    window.click("Rounds kept (3)");
    window.get_all_by_label("Open").next().expect("a round to open").click();
    window.run();
    window.click("Take it out...");
    window.get_by_label("Take this round out of the list and out of its class's memory?");
    window.press(Key::Escape);
    assert!(window.desk().opened_round().is_some(), "Esc keeps it, and stays on the round");
    assert_eq!(window.desk().kept_rounds().rounds.len(), 3);
    window.click("Take it out...");
    window.press(Key::Y);
    assert_eq!(window.desk().kept_rounds().rounds.len(), 2);
    assert!(window.desk().opened_round().is_none(), "back at the set-up");
    window.get_by_label_contains("The round is out of the list and of its class's memory.");
    window.get_by_label_contains("2 rounds so far");
    let removed = folder.path().join("live-rounds").join("removed");
    assert_eq!(std::fs::read_dir(removed).unwrap().count(), 1, "moved, not deleted");
}

/// At 800x600 with the largest text, the class, the review and Start are all in reach.
#[test]
fn the_class_view_is_in_reach_in_a_small_window_with_the_largest_text() {
    use crate::small_window::{assert_reachable, open_large};
    let folder = a_class_with_three_rounds();
    let mut window = open_large(Window::new().in_folder(folder.path()));
    window.press(Key::F8);
    for label in [
        "Class:",
        "Plan from the class's memory",
        &format!("Class: {CLASS}"),
        "Next review round (10 questions)",
        "Rounds kept (3)",
    ] {
        assert_reachable(&mut window, label);
    }
    // The button's name carries its key: found by its words.
    window.get_by_label_contains("Start the round").scroll_to_me();
    window.run();
    let start = window.get_by_label_contains("Start the round").rect();
    assert!(window.ctx.content_rect().contains_rect(start), "Start at {start:?}");
}

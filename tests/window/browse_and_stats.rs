//! Browse and Statistics against a known review log: the figures shown are checked
//! as values, through the real window.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portcards::app::egui;
use portcards::app::{PortcardsApp, Screen};
use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::progress::{Grade, Progress, Review};
use portcards::schedule::Scheduler;
use portcards::store::Store;
use portcards::table::parse_table;
use portcards::testing::at;

/// Five answers over three days: 22 right twice, 23 missed twice then right.
fn known_progress() -> Progress {
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
    let scheduler = Scheduler::new(Default::default());
    let mut progress = Progress::default();
    let answers = [
        ("22:port-to-service", "2026-11-25T10:00:00+00:00", Grade::Good, 3_000),
        ("23:port-to-service", "2026-11-25T10:01:00+00:00", Grade::Again, 5_000),
        ("23:port-to-service", "2026-11-26T10:00:00+00:00", Grade::Again, 4_000),
        ("23:port-to-service", "2026-11-26T10:11:00+00:00", Grade::Good, 2_000),
        ("22:service-to-port", "2026-11-27T09:00:00+00:00", Grade::Good, 6_000),
    ];
    for (id, when, grade, ms) in answers {
        let card = deck.cards.iter().find(|card| card.id.as_str() == id).unwrap();
        let state = scheduler.apply(&card.id, progress.cards.get(&card.id), card.core, grade, at(when));
        progress.cards.insert(card.id.clone(), state);
        progress.log.push(Review { ms, ..portcards::testing::review(id, at(when).to_utc(), grade) });
    }
    progress
}

fn harness(dir: &std::path::Path) -> Harness<'static, PortcardsApp> {
    Store::at(dir).save(&known_progress()).unwrap();
    crate::support::open_app(dir, &crate::support::clock_at("2026-11-27T10:00:00+00:00"), [1100.0, 900.0])
}

#[test]
fn statistics_show_the_figures_of_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.key_press(egui::Key::F3);
    harness.run();
    assert_eq!(harness.state().screen(), Screen::Statistics);
    harness.get_by_label("Core ports mastered: 0 of 18 (0 %)");
    harness.get_by_label("All ports mastered: 0 of 46 (0 %)");
    harness.get_by_label("Reviews: 5   ·   Time answering: 20 s   ·   15.0 answers per minute   ·   Streak: 3 day(s)");
    harness.get_by_label("2×  Which service uses port 23?");
    harness.get_by_label("Port map");
}

#[test]
fn browse_filters_by_alias_and_studies_a_card_now() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.get_by_label("Browse").click();
    harness.run();
    // 139 port, service and transport cards, the exam-style cards of core ports, and
    // ESP's and AH's protocol numbers (beside IKE's 500).
    harness.get_by_label("203 cards");
    harness.get_by_label("Family").click();
    harness.run();
    harness.get_by_label("Mail").click();
    harness.run();
    let mail = harness.state().desk().session().deck().cards.iter().filter(|card| {
        card.families.contains(&portcards::exam::Family::Mail)
            && harness.state().desk().session().progress().settings.asks(card)
    });
    harness.get_by_label(&format!("{} cards", mail.count()));
    harness.get_by_label("Family").click();
    harness.run();
    harness.get_by_label("All families").click();
    harness.run();
    let filter = harness.get_by_label("Filter");
    filter.focus();
    filter.type_text("smb");
    harness.run();
    harness.get_by_label("3 cards");
    harness.get_by_label("Core only").click();
    harness.run();
    harness.get_by_label("0 cards");
    harness.get_by_label("Core only").click();
    harness.run();
    harness.get_all_by_label("Ask now").next().unwrap().click();
    harness.run();
    assert_eq!(harness.state().screen(), Screen::Study);
    harness.get_by_label("Which service uses port 445?");
}

#[test]
fn reset_from_browse_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.key_press(egui::Key::F2);
    harness.run();
    let filter = harness.get_by_label("Filter");
    filter.focus();
    filter.type_text("telnet");
    harness.run();
    let before = harness.state().desk().session().progress().cards.len();
    harness.get_all_by_label("Reset").next().unwrap().click();
    harness.run();
    assert_eq!(harness.state().desk().session().progress().cards.len(), before - 1);
    harness.get_by_label("The progress of 23:port-to-service was reset.");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(harness.state().desk().session().progress().cards.len(), before);
    let saved = Store::at(dir.path()).load(chrono::Utc::now()).progress;
    assert_eq!(saved.cards.len(), before, "the undo is saved too");
}

#[test]
fn export_import_merge_and_reset_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.key_press(egui::Key::F3);
    harness.run();
    let file = dir.path().join("moved.json");
    harness.get_by_label("Export progress... Ctrl+E").click();
    harness.run();
    crate::support::choose_file(&mut harness, &file);
    harness.get_by_label(&format!("Progress exported to {}.", file.display()));
    assert_eq!(Store::import(&file).unwrap().log.len(), 5);

    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Delete);
    harness.run();
    harness.get_by_label("Yes, reset everything Y").scroll_to_me();
    harness.run();
    harness.get_by_label("Yes, reset everything Y").click();
    harness.run();
    assert!(harness.state().desk().session().progress().log.is_empty());
    harness.get_by_label_contains("All progress was reset. The old file was kept as");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    harness.run();
    crate::support::choose_file(&mut harness, &file);
    harness.get_by_label_contains("3 card(s) updated, 5 review(s) added.");
    assert_eq!(harness.state().desk().session().progress().log.len(), 5);
}

#[test]
fn browse_works_from_the_keyboard_and_reads_each_line_as_one_item() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.key_press(egui::Key::F2);
    harness.run();
    harness.get_by_label("7, Echo, TCP and UDP, Which service uses port 7?, new");
    harness.key_press(egui::Key::ArrowDown);
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().screen(), Screen::Study);
    harness.get_by_label("Which port does Echo use?");
}

#[test]
fn alt_and_a_number_sorts_by_that_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.key_press(egui::Key::F2);
    harness.run();
    // Alt+2: by service, A first; the marker then starts on the first line.
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::Num2);
    harness.run();
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().screen(), Screen::Study);
    harness.get_by_label("Which service uses port 201?");
}

/// Port 22 known by heart in every way it is asked except service to port, never
/// answered: so it is mastered exactly when that direction is not asked.
fn port_22_known_but_one_way() -> Progress {
    use portcards::deck::Direction;
    use portcards::progress::{CardState, Memory, Phase};
    let deck = portcards::testing::seed_deck();
    let ssh_row = deck.cards.iter().find(|card| card.id.as_str() == "22:port-to-service").unwrap().row;
    let mut progress = Progress::default();
    let now = at("2026-11-27T10:00:00+00:00").to_utc();
    for card in deck.cards.iter().filter(|card| card.row == ssh_row && card.direction != Direction::ServiceToPort) {
        let state = CardState {
            phase: Phase::Review,
            memory: Memory { stability: 365.0, difficulty: 2.0 },
            due: now + chrono::Duration::days(300),
            first_review: now - chrono::Duration::days(60),
            last_review: now,
            interval_days: 300,
            reps: 6,
            lapses: 0,
            misses: 0,
        };
        progress.cards.insert(card.id.clone(), state);
    }
    progress
}

#[test]
fn a_settings_change_shows_in_browse_and_statistics_on_the_next_frame() {
    let dir = tempfile::tempdir().unwrap();
    Store::at(dir.path()).save(&port_22_known_but_one_way()).unwrap();
    // The clock stands still: nothing but the change itself may refresh the screens.
    let mut harness =
        crate::support::open_app(dir.path(), &crate::support::clock_at("2026-11-27T10:00:00+00:00"), [1100.0, 900.0]);
    let cards_shown = |harness: &Harness<'static, PortcardsApp>| {
        let asked = harness.state().desk().session().progress().settings.clone();
        let count = harness.state().desk().session().deck().cards.iter().filter(|card| asked.asks(card)).count();
        format!("{count} cards")
    };
    harness.key_press(egui::Key::F2);
    harness.run();
    let before = cards_shown(&harness);
    harness.get_by_label(&before);
    harness.key_press(egui::Key::F3);
    harness.run();
    assert!(harness.query_by_label_contains("All ports mastered: 0 of").is_some());
    harness.key_press(egui::Key::F7);
    harness.run();
    harness.get_by_label("service to port").click();
    harness.run();
    harness.key_press(egui::Key::F2);
    harness.run();
    let after = cards_shown(&harness);
    assert_ne!(before, after);
    harness.get_by_label(&after);
    harness.key_press(egui::Key::F3);
    harness.run();
    assert!(
        harness.query_by_label_contains("All ports mastered: 1 of").is_some(),
        "Statistics still count the direction no longer asked"
    );
}

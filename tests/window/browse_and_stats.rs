//! Browse and Statistics against a known review log: the figures shown are checked
//! as values, through the real window.

use egui_kittest::kittest::Queryable;
use portcards::app::Screen;
use portcards::app::egui::Key;
use portcards::deck::Deck;
use portcards::desk::Intent;
use portcards::facts::Facts;
use portcards::progress::{Grade, Progress, Review};
use portcards::schedule::Scheduler;
use portcards::store::Store;
use portcards::table::parse_table;
use portcards::testing::at;

use crate::support::{Window, WindowSetup};

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

fn large() -> WindowSetup {
    Window::new().size(1100.0, 900.0)
}

fn with_known_log() -> Window {
    large().progress(known_progress()).open()
}

#[test]
fn statistics_show_the_figures_of_the_log() {
    let mut window = with_known_log();
    window.press(Key::F3);
    assert_eq!(window.state().screen(), Screen::Statistics);
    window.get_by_label("Core ports mastered: 0 of 18 (0 %)");
    window.get_by_label("All ports mastered: 0 of 46 (0 %)");
    window.get_by_label("Reviews: 5   ·   Time answering: 20 s   ·   15.0 answers per minute   ·   Streak: 3 day(s)");
    window.get_by_label("2×  Which service uses port 23?");
    window.get_by_label("Port map");
}

#[test]
fn browse_filters_by_alias_and_studies_a_card_now() {
    let mut window = with_known_log();
    window.click("Browse");
    // 139 port, service and transport cards, the exam-style cards of core ports, and
    // ESP's and AH's protocol numbers (beside IKE's 500), TCP's and UDP's (beside DNS's 53).
    window.get_by_label("206 cards");
    window.click("Family");
    window.click("Mail");
    let mail = window.session().deck().cards.iter().filter(|card| {
        card.families.contains(&portcards::exam::Family::Mail) && window.session().progress().settings.asks(card)
    });
    window.get_by_label(&format!("{} cards", mail.count()));
    window.click("Family");
    window.click("All families");
    // IANA's name for SMB ("smb" also finds NetBIOS's 139, SMB over NetBIOS).
    window.type_into("Filter", "microsoft-ds");
    window.get_by_label("3 cards");
    window.click("Core only");
    window.get_by_label("0 cards");
    window.click("Core only");
    window.get_all_by_label("Ask now").next().unwrap().click();
    window.run();
    assert_eq!(window.state().screen(), Screen::Study);
    window.get_by_label("Which service uses port 445?");
}

#[test]
fn reset_from_browse_can_be_undone() {
    let mut window = with_known_log();
    window.press(Key::F2);
    window.type_into("Filter", "telnet");
    let before = window.session().progress().cards.len();
    window.get_all_by_label("Reset").next().unwrap().click();
    window.run();
    assert_eq!(window.session().progress().cards.len(), before - 1);
    window.get_by_label("The progress of 23:port-to-service was reset.");
    window.ctrl(Key::Z);
    assert_eq!(window.session().progress().cards.len(), before);
    let saved = Store::at(window.folder()).load(chrono::Utc::now()).progress;
    assert_eq!(saved.cards.len(), before, "the undo is saved too");
}

#[test]
fn export_import_merge_and_reset_all() {
    let mut window = with_known_log();
    window.press(Key::F3);
    let file = window.folder().join("moved.json");
    window.get_by_label("Export progress... Ctrl+E").scroll_to_me();
    window.run();
    window.click("Export progress... Ctrl+E");
    window.choose_file(&file);
    window.get_by_label(&format!("Progress exported to {}.", file.display()));
    assert_eq!(Store::import(&file).unwrap().log.len(), 5);

    window.ctrl_shift(Key::Delete);
    window.get_by_label("Yes, reset everything Y").scroll_to_me();
    window.run();
    window.click("Yes, reset everything Y");
    assert!(window.session().progress().log.is_empty());
    window.get_by_label_contains("All progress was reset. The old file was kept as");

    window.ctrl(Key::I);
    window.choose_file(&file);
    window.get_by_label_contains("3 cards updated, 5 reviews added.");
    assert_eq!(window.session().progress().log.len(), 5);
}

#[test]
fn saving_in_the_background_export_and_import_run_off_the_frame_and_say_when_done() {
    let mut window = large().progress(known_progress()).saving_in_background().open();
    window.press(Key::F3);
    let file = window.folder().join("moved.json");
    window.get_by_label("Export progress... Ctrl+E").scroll_to_me();
    window.run();
    window.click("Export progress... Ctrl+E");
    window.choose_file(&file);
    let exported = format!("Progress exported to {}.", file.display());
    wait_for_label(&mut window, &exported);
    assert_eq!(Store::import(&file).unwrap().log.len(), 5);
    window.ctrl(Key::I);
    window.choose_file(&file);
    wait_for_label(&mut window, &format!("Imported {}: 0 cards updated, 0 reviews added.", file.display()));
}

/// Draws frames until `label` shows (what a worker thread finished arrives on a later frame).
fn wait_for_label(window: &mut Window, label: &str) {
    for _ in 0..500 {
        if window.query_by_label(label).is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        window.step();
    }
    panic!("\"{label}\" did not show within 5 s");
}

#[test]
fn a_failed_export_is_logged_once_and_the_window_says_where_the_log_is() {
    // The process's one log (a test process has one logger, as the app does).
    let logs = tempfile::tempdir().unwrap();
    let log = portcards::log_file::start(logs.path()).expect("the log starts");
    let mut window = large().progress(known_progress()).logging_to(log.path()).open();
    window.press(Key::F3);
    // The export's folder is a file: the write must fail.
    let blocker = window.folder().join("not-a-folder");
    std::fs::write(&blocker, "a file").unwrap();
    let target = blocker.join("moved.json");
    window.state_mut().queue_intent(Intent::Export(target.clone()));
    window.run();
    window.get_by_label_contains(&format!("could not write {}", target.display()));
    window.get_by_label(&format!("Something went wrong: the details are in {}", log.path().display()));
    log::logger().flush();
    let logged = std::fs::read_to_string(log.path()).unwrap();
    let mentions = logged.lines().filter(|line| line.contains(&target.display().to_string())).count();
    assert_eq!(mentions, 1, "logged once, where the desk handled it: {logged}");
    window.ctrl(Key::H);
    window.get_by_label_contains(&format!("Problems are written to {}", log.path().display()));
}

#[test]
fn browse_works_from_the_keyboard_and_reads_each_line_as_one_item() {
    let mut window = with_known_log();
    window.press(Key::F2);
    window.get_by_label("7, Echo, TCP and UDP, Which service uses port 7?, new");
    // Two steps down in one frame.
    window.key_press(Key::ArrowDown);
    window.press(Key::ArrowDown);
    window.press(Key::Enter);
    assert_eq!(window.state().screen(), Screen::Study);
    window.get_by_label("Which port does Echo use?");
}

#[test]
fn alt_and_a_number_sorts_by_that_column() {
    let mut window = with_known_log();
    window.press(Key::F2);
    // Alt+2: by service, A first; the marker then starts on the first line.
    window.alt(Key::Num2);
    window.press(Key::ArrowDown);
    window.press(Key::Enter);
    assert_eq!(window.state().screen(), Screen::Study);
    window.get_by_label("Which service uses port 201?");
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
    // The clock stands still: nothing but the change itself may refresh the screens.
    let mut window = large().progress(port_22_known_but_one_way()).open();
    let cards_shown = |window: &Window| {
        let asked = window.session().progress().settings.clone();
        let count = window.session().deck().cards.iter().filter(|card| asked.asks(card)).count();
        format!("{count} cards")
    };
    window.press(Key::F2);
    let before = cards_shown(&window);
    window.get_by_label(&before);
    window.press(Key::F3);
    assert!(window.query_by_label_contains("All ports mastered: 0 of").is_some());
    window.press(Key::F7);
    window.click("service to port");
    window.press(Key::F2);
    let after = cards_shown(&window);
    assert_ne!(before, after);
    window.get_by_label(&after);
    window.press(Key::F3);
    assert!(
        window.query_by_label_contains("All ports mastered: 1 of").is_some(),
        "Statistics still count the direction no longer asked"
    );
}

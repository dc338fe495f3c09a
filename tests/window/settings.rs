//! The Settings screen and the keyboard help, through the window.

use crate::support::{clock_at, open_app};
use egui_kittest::kittest::Queryable;
use portcards::app::egui;
use portcards::deck::Direction;
use portcards::progress::Theme;
use portcards::store::Store;
use portcards::testing::review;

#[test]
fn settings_change_the_theme_the_text_size_and_what_is_asked_and_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, [1000.0, 760.0]);
    harness.key_press(egui::Key::F7);
    harness.run();
    harness.get_by_label("Light").click();
    harness.run();
    harness.get_by_label("port to service").click();
    harness.run();
    let settings = harness.state().desk().session().progress().settings.clone();
    assert_eq!(settings.theme, Theme::Light);
    assert!(!settings.ask_port_to_service);
    assert_eq!(harness.ctx.options(|options| options.theme_preference), egui::ThemePreference::Light);
    let saved = Store::at(dir.path()).load(chrono::Utc::now()).progress.settings;
    assert_eq!(saved, settings);
    harness.key_press(egui::Key::F1);
    harness.run();
    assert_ne!(harness.state().desk().session().current_card().unwrap().direction, Direction::PortToService);
}

#[test]
fn question_mark_shows_every_key_and_escape_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, [1000.0, 760.0]);
    harness.key_press(egui::Key::F2);
    harness.run();
    harness.event(egui::Event::Text("?".into()));
    harness.run();
    assert!(harness.state().key_help_shown());
    harness.get_by_label("take back the check of the answer on screen (before grading), else the last grade");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!harness.state().key_help_shown());
}

#[test]
fn settings_show_the_memory_model_and_fit_now_fits_it_to_the_saved_log() {
    use portcards::progress::{Grade, Progress};
    let dir = tempfile::tempdir().unwrap();
    // Three weeks of one learner: eight cards, each answered every other day, and
    // half of the later-day answers missed: cards fade fast for this learner.
    let start: chrono::DateTime<chrono::Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
    let mut progress = Progress::default();
    for day in (0..21).step_by(2) {
        for card in 0..8 {
            let id = format!("{}:port-to-service", [20, 21, 22, 23, 25, 53, 80, 443][card]);
            let missed = day > 0 && (card + day as usize).is_multiple_of(2);
            let at = start + chrono::Duration::days(day) + chrono::Duration::minutes(card as i64);
            progress.log.push(review(&id, at, if missed { Grade::Again } else { Grade::Good }));
        }
    }
    Store::at(dir.path()).save(&progress).unwrap();
    let clock = clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = open_app(dir.path(), &clock, [1000.0, 900.0]);
    harness.key_press(egui::Key::F7);
    harness.run();
    harness.get_by_label("Memory model");
    harness.get_by_label_contains("Memory model: the defaults (0 answers on a later day so far");
    assert!(harness.query_by_label(portcards::app::NEW_CARDS_WAIT).is_none(), "not on the defaults");
    harness.get_by_label_contains("Fit now").click();
    harness.run();
    let model = *harness.state().desk().session().memory_model();
    assert!(model.is_fitted() && model.forgetting > 1.5, "{model:?}");
    harness.get_by_label_contains("Memory model: fitted to your 88 reviews: your cards fade about");
    // The numbers behind the sentence are folded under "Details".
    assert!(harness.query_by_label_contains("From 80 answers on a later day than the card's last").is_none());
    harness.get_by_label("Details").click();
    harness.run();
    harness.get_by_label_contains("From 80 answers on a later day than the card's last");
    harness.get_by_label("Fitted just now, from 80 answers on a later day.");
    // Half the later-day answers missed: new cards wait for the ones this learner has.
    assert!(harness.state().desk().session().prices_new_cards_by_course(), "{model:?}");
    harness.get_by_label(portcards::app::NEW_CARDS_WAIT);
    // The fit is kept with the progress.
    let saved = Store::at(dir.path()).load(chrono::Utc::now()).progress.memory_model;
    assert_eq!(saved, model);
}

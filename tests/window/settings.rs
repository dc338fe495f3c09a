//! The Settings screen and the keyboard help, through the window.

use egui_kittest::kittest::Queryable;
use portcards::app::egui::{self, Key};
use portcards::deck::Direction;
use portcards::progress::Theme;
use portcards::store::Store;
use portcards::testing::review;

use crate::support::Window;

#[test]
fn settings_change_the_theme_the_text_size_and_what_is_asked_and_are_saved() {
    let mut window = Window::new().size(1000.0, 760.0).open();
    window.press(Key::F7);
    window.click("Light");
    window.click("port to service");
    let settings = window.session().progress().settings.clone();
    assert_eq!(settings.theme, Theme::Light);
    assert!(!settings.ask_port_to_service);
    assert_eq!(window.ctx.options(|options| options.theme_preference), egui::ThemePreference::Light);
    let saved = Store::at(window.folder()).load(chrono::Utc::now()).progress.settings;
    assert_eq!(saved, settings);
    window.press(Key::F1);
    assert_ne!(window.session().current_card().unwrap().direction, Direction::PortToService);
}

#[test]
fn question_mark_shows_every_key_and_escape_closes_it() {
    let mut window = Window::new().size(1000.0, 760.0).open();
    window.press(Key::F2);
    window.event(egui::Event::Text("?".into()));
    window.run();
    assert!(window.state().key_help_shown());
    window.get_by_label("take back the check of the answer on screen (before grading), else the last grade");
    window.press(Key::Escape);
    assert!(!window.state().key_help_shown());
}

#[test]
fn settings_show_the_memory_model_and_fit_now_fits_it_to_the_saved_log() {
    use portcards::progress::{Grade, Progress};
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
    let mut window = Window::new().size(1000.0, 900.0).progress(progress).open();
    window.press(Key::F7);
    window.get_by_label("Memory model");
    window.get_by_label_contains("Memory model: the defaults (0 answers on a later day so far");
    assert!(window.query_by_label(portcards::app::NEW_CARDS_WAIT).is_none(), "not on the defaults");
    window.click_containing("Fit now");
    let model = *window.session().memory_model();
    assert!(model.is_fitted() && model.forgetting > 1.5, "{model:?}");
    window.get_by_label_contains("Memory model: fitted to your 88 reviews: your cards fade about");
    // The numbers behind the sentence are folded under "Details".
    assert!(window.query_by_label_contains("From 80 answers on a later day than the card's last").is_none());
    window.click("Details");
    window.get_by_label_contains("From 80 answers on a later day than the card's last");
    window.get_by_label("Fitted just now, from 80 answers on a later day.");
    // Half the later-day answers missed: new cards wait for the ones this learner has.
    assert!(window.session().prices_new_cards_by_course(), "{model:?}");
    window.get_by_label(portcards::app::NEW_CARDS_WAIT);
    // The fit is kept with the progress.
    let saved = Store::at(window.folder()).load(chrono::Utc::now()).progress.memory_model;
    assert_eq!(saved, model);
}

//! Typing goes to the answer field after every path that takes the keyboard
//! elsewhere for a moment: undo, the key help, the exam date, a file dialog, a notice,
//! another screen. Each test leaves that path and just keeps typing.

use egui_kittest::kittest::Queryable;
use portcards::app::Screen;
use portcards::app::egui::Key;

use crate::support::Window;

fn assert_typing_reaches_the_answer(window: &mut Window, before: &str) {
    window.keep_typing("ssh");
    assert_eq!(window.answer_field(), format!("{before}ssh"), "typed keys reach the answer field");
}

#[test]
fn after_taking_back_a_check_typing_goes_on_in_the_answer() {
    let mut window = Window::new().open();
    window.type_answer("telnetx");
    window.get_by_label("Not quite");
    window.ctrl(Key::Z);
    window.get_by_label("Your answer");
    assert_typing_reaches_the_answer(&mut window, "telnetx");
}

#[test]
fn after_the_key_help_closes_typing_goes_on_in_the_answer() {
    let mut window = Window::new().open();
    window.type_into("Your answer", "ht");
    window.ctrl(Key::H);
    assert!(window.state().key_help_shown());
    window.press(Key::Escape);
    assert!(!window.state().key_help_shown());
    assert_typing_reaches_the_answer(&mut window, "ht");
}

#[test]
fn after_the_key_help_is_closed_by_its_button_typing_goes_to_the_answer() {
    let mut window = Window::new().open();
    window.ctrl(Key::H);
    window.get_by_label("Close").scroll_to_me();
    window.run();
    window.click("Close");
    assert!(!window.state().key_help_shown());
    assert_typing_reaches_the_answer(&mut window, "");
}

#[test]
fn after_setting_the_exam_date_typing_goes_to_the_answer() {
    let mut window = Window::new().size(1000.0, 760.0).open();
    window.click("Plan: exam date and daily limits");
    window.type_into("Exam date (YYYY-MM-DD)", "2026-12-20");
    window.press(Key::Enter);
    assert!(window.session().progress().settings.exam_date.is_some());
    assert_typing_reaches_the_answer(&mut window, "");
}

#[test]
fn after_clicking_set_exam_date_on_the_welcome_typing_goes_to_the_answer() {
    let mut window = Window::new().size(1000.0, 760.0).open();
    window.type_into("Your exam date, if you know it (YYYY-MM-DD)", "2026-12-20");
    window.get_all_by_label("Set exam date").next().expect("the welcome's button").click();
    window.run();
    assert!(window.session().progress().settings.exam_date.is_some());
    assert_typing_reaches_the_answer(&mut window, "");
}

#[test]
fn after_a_file_dialog_and_back_to_study_typing_goes_to_the_answer() {
    let mut window = Window::new().open();
    window.press(Key::F3);
    window.ctrl(Key::E);
    window.get_by_label("Export progress");
    window.press(Key::Escape);
    assert!(window.query_by_label("Export progress").is_none());
    window.press(Key::F1);
    assert_eq!(window.state().screen(), Screen::Study);
    assert_typing_reaches_the_answer(&mut window, "");
}

#[test]
fn after_dismissing_a_notice_typing_goes_to_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("progress.json"), "{ not json").unwrap();
    let mut window = Window::new().in_folder(dir.path()).open();
    window.click("Dismiss Ctrl+D");
    assert!(window.desk().notices().is_empty());
    assert_typing_reaches_the_answer(&mut window, "");
}

#[test]
fn after_switching_screens_by_the_tabs_typing_goes_to_the_answer() {
    let mut window = Window::new().open();
    window.click("Statistics");
    assert_eq!(window.state().screen(), Screen::Statistics);
    window.click("Study");
    assert_eq!(window.state().screen(), Screen::Study);
    assert_typing_reaches_the_answer(&mut window, "");
}

#[test]
fn after_switching_screens_by_keys_typing_goes_to_the_answer() {
    let mut window = Window::new().open();
    window.press(Key::F7);
    window.press(Key::F1);
    assert_typing_reaches_the_answer(&mut window, "");
}

#[test]
fn after_changing_the_answer_mode_back_typing_goes_to_the_answer() {
    let mut window = Window::new().open();
    window.ctrl(Key::M);
    window.ctrl(Key::M);
    window.ctrl(Key::M);
    assert_typing_reaches_the_answer(&mut window, "");
}

//! Several learners on one machine: create, switch, rename and delete profiles in the
//! window, each with its own progress.

use egui_kittest::kittest::Queryable;
use portcards::app::Screen;
use portcards::app::egui::Key;
use portcards::profiles::Profiles;

use crate::support::{Window, WindowSetup};

fn profiles() -> WindowSetup {
    Window::new().size(1000.0, 760.0)
}

#[test]
fn each_profile_keeps_its_own_progress() {
    let mut window = profiles().open();
    window.answer_right();
    window.press(Key::F6);
    window.type_into("New profile name", "Ana");
    window.ctrl(Key::N);
    window.get_by_label("Profile Ana created.");
    window.click("Open Ana");
    assert_eq!((window.desk().profile(), window.state().screen()), ("Ana", Screen::Study));
    assert!(window.session().progress().log.is_empty(), "Ana starts fresh");
    window.answer_right();
    window.answer_right();
    window.press(Key::F6);
    window.press(Key::Enter);
    assert_eq!(window.session().progress().log.len(), 1);
    assert_eq!(Profiles::at(window.folder()).last_used(), "default");
    window.press(Key::F6);
    window.click("Open Ana");
    assert_eq!(window.session().progress().log.len(), 2);
    assert_eq!(Profiles::at(window.folder()).last_used(), "Ana", "the last profile opens next time");
}

#[test]
fn rename_and_delete_with_confirmation_keep_the_files() {
    let dir = tempfile::tempdir().unwrap();
    Profiles::at(dir.path()).create("Ben").unwrap();
    let mut window = profiles().in_folder(dir.path()).open();
    window.press(Key::F6);
    window.type_into("Rename to", "Benjamin");
    window.press(Key::Escape);
    window.press(Key::ArrowDown);
    window.ctrl(Key::R);
    window.get_by_label("Ben is now Benjamin.");
    assert_eq!(Profiles::at(dir.path()).list(), ["default", "Benjamin"]);
    window.press(Key::Delete);
    window.press(Key::Escape);
    assert_eq!(Profiles::at(dir.path()).list(), ["default", "Benjamin"]);
    window.press(Key::Delete);
    window.click("Yes, delete Y");
    window.get_by_label_contains("Profile Benjamin deleted; its files were kept in");
    assert_eq!(Profiles::at(dir.path()).list(), ["default"]);
}

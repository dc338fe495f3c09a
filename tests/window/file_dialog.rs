//! Files go through the file dialog: a dated name proposed in the documents folder,
//! a missing folder created only when the learner says so, a file replaced only when
//! they say so, and the screen behind deaf while the dialog is open. By keyboard and
//! by mouse, in the real window. Where the system's own dialog is asked for and none
//! shows, the window's opens instead.

use egui_kittest::kittest::{NodeT, Queryable};
use portcards::app::Screen;
use portcards::app::egui::Key;
use portcards::store::Store;

use crate::support::Window;

/// The Statistics screen on `folder`, after one missed answer.
fn statistics(folder: &std::path::Path) -> Window {
    let mut window = Window::new().in_folder(folder).open();
    window.type_answer("no idea");
    window.press(Key::Num1);
    window.press(Key::F3);
    assert_eq!(window.state().screen(), Screen::Statistics);
    window
}

fn name_field(window: &Window) -> String {
    window.get_by_label("File name").accesskit_node().value().unwrap_or_default().to_string()
}

#[test]
fn an_export_by_keyboard_into_a_missing_documents_folder_asks_before_creating_it() {
    let dir = tempfile::tempdir().unwrap();
    let documents = dir.path().join("Documents");
    let mut window = statistics(dir.path());
    window.ctrl(Key::E);
    window.get_by_label("Export progress");
    assert_eq!(name_field(&window), "portcards-progress-2026-11-27.json");
    window.get_by_label("This folder does not exist yet: saving offers to create it.");

    // Keys meant for the screen behind the dialog do nothing while it is open.
    window.ctrl(Key::I);
    assert!(window.query_by_label("Import and merge progress").is_none());
    window.get_by_label("Export progress");

    window.press(Key::Enter);
    let question = format!("The folder {} does not exist. Create it?", documents.display());
    window.get_by_label(&question);
    window.press(Key::N);
    assert!(window.query_by_label(&question).is_none());
    assert!(!documents.exists(), "no: nothing created");

    window.press(Key::Enter);
    window.press(Key::Y);
    let file = documents.join("portcards-progress-2026-11-27.json");
    assert_eq!(Store::import(&file).unwrap().log.len(), 1);
    window.get_by_label(&format!("Progress exported to {}.", file.display()));
    assert!(window.query_by_label("Export progress").is_none(), "the dialog closed");

    // The same export again: the file is there, and replacing it is asked.
    window.ctrl(Key::E);
    window.get_by_label("portcards-progress-2026-11-27.json");
    window.press(Key::Enter);
    window.get_by_label(&format!("{} already exists. Replace it?", file.display()));
    window.press(Key::Escape);
    window.get_by_label("Export progress");
    assert!(window.query_by_label_contains("already exists").is_none(), "Esc answered no, the dialog stays");
    window.press(Key::Escape);
    assert!(window.query_by_label("Export progress").is_none(), "a second Esc closes it");
}

#[test]
fn an_import_by_mouse_walks_into_a_folder_and_picks_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("Documents").join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let mut window = statistics(dir.path());
    let old = backups.join("old.json");
    Store::export(window.session().progress(), &old).unwrap();
    std::fs::write(backups.join("notes.txt"), "not progress").unwrap();

    window.get_by_label("Import and merge... Ctrl+I").scroll_to_me();
    window.run();
    window.click("Import and merge... Ctrl+I");
    window.get_by_label("Import and merge progress");
    window.click("backups/");
    assert!(window.query_by_label("notes.txt").is_none(), "only progress files are listed");
    window.click("Up Alt+Up");
    window.click("backups/");
    window.click("old.json");
    assert_eq!(name_field(&window), "old.json");
    window.click("Open Enter");
    window.get_by_label(&format!("Imported {}: 0 cards updated, 0 reviews added.", old.display()));

    // The next dialog opens where the last file was.
    window.ctrl_shift(Key::P);
    window.get_by_label("Write the cheat sheet");
    let folder = window.get_by_label("Folder").accesskit_node().value().unwrap_or_default().to_string();
    assert_eq!(folder, backups.display().to_string());
    window.get_by_label("No folders and no .md files here.");
    window.click("Cancel Esc");
    assert!(window.query_by_label("Write the cheat sheet").is_none());
}

#[test]
fn a_folder_typed_into_the_folder_field_is_gone_to_and_a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("usb");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let mut window = statistics(dir.path());
    window.ctrl(Key::I);
    window.retype("Folder", &elsewhere.display().to_string());
    window.press(Key::Enter);
    window.get_by_label("No folders and no .json files here.");
    window.choose_file(std::path::Path::new("missing.json"));
    window.get_by_label(&format!("There is no file {}.", elsewhere.join("missing.json").display()));
    window.get_by_label("Import and merge progress");
}

#[test]
fn typing_over_the_proposed_name_keeps_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("Documents")).unwrap();
    let mut window = statistics(dir.path());
    window.ctrl_shift(Key::A);
    window.get_by_label("File name").type_text("class deck");
    window.run();
    assert_eq!(name_field(&window), "class deck.txt");
    window.press(Key::Enter);
    let file = dir.path().join("Documents").join("class deck.txt");
    window.get_by_label(&format!("Anki file written to {}.", file.display()));
}

#[test]
#[ignore = "needs a session with no desktop portal and no zenity, as CI's (.ci/run runs it); elsewhere the system's own dialog would open and wait"]
fn where_the_systems_dialog_never_shows_the_windows_own_opens() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none(),
        "a session bus is set here, so a desktop portal may answer: run this without one"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut window = Window::new().in_folder(dir.path()).system_file_dialogs().open();
    window.type_answer("no idea");
    window.press(Key::Num1);
    window.press(Key::F3);
    window.ctrl(Key::E);
    // The system's dialog is asked for on its own thread; nothing answers it.
    for _ in 0..100 {
        if window.query_by_label("File name").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        window.step();
    }
    window.get_by_label("Export progress");
    assert_eq!(name_field(&window), "portcards-progress-2026-11-27.json");
    window.press(Key::Enter);
    window.press(Key::Y);
    let file = dir.path().join("Documents").join("portcards-progress-2026-11-27.json");
    assert_eq!(Store::import(&file).unwrap().log.len(), 1, "the export went through the window's dialog");
}

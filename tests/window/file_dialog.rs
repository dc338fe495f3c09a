//! Files go through the file dialog: a dated name proposed in the documents folder,
//! a missing folder created only when the learner says so, a file replaced only when
//! they say so, and the screen behind deaf while the dialog is open. By keyboard and
//! by mouse, in the real window.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use portcards::app::{PortcardsApp, Screen, egui};
use portcards::store::Store;

fn statistics(dir: &std::path::Path) -> Harness<'static, PortcardsApp> {
    let clock = crate::support::clock_at("2026-11-27T10:00:00+00:00");
    let mut harness = crate::support::open_app(dir, &clock, [960.0, 720.0]);
    crate::support::type_and_enter(&mut harness, "no idea");
    harness.key_press(egui::Key::Num1);
    harness.run();
    harness.key_press(egui::Key::F3);
    harness.run();
    assert_eq!(harness.state().screen(), Screen::Statistics);
    harness
}

fn name_field(harness: &Harness<'static, PortcardsApp>) -> String {
    harness.get_by_label("File name").accesskit_node().value().unwrap_or_default().to_string()
}

#[test]
fn an_export_by_keyboard_into_a_missing_documents_folder_asks_before_creating_it() {
    let dir = tempfile::tempdir().unwrap();
    let documents = dir.path().join("Documents");
    let mut harness = statistics(dir.path());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run();
    harness.get_by_label("Export progress");
    assert_eq!(name_field(&harness), "portcards-progress-2026-11-27.json");
    harness.get_by_label("This folder does not exist yet: saving offers to create it.");

    // Keys meant for the screen behind the dialog do nothing while it is open.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    harness.run();
    assert!(harness.query_by_label("Import and merge progress").is_none());
    harness.get_by_label("Export progress");

    harness.key_press(egui::Key::Enter);
    harness.run();
    let question = format!("The folder {} does not exist. Create it?", documents.display());
    harness.get_by_label(&question);
    harness.key_press(egui::Key::N);
    harness.run();
    assert!(harness.query_by_label(&question).is_none());
    assert!(!documents.exists(), "no: nothing created");

    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.key_press(egui::Key::Y);
    harness.run();
    let file = documents.join("portcards-progress-2026-11-27.json");
    assert_eq!(Store::import(&file).unwrap().log.len(), 1);
    harness.get_by_label(&format!("Progress exported to {}.", file.display()));
    assert!(harness.query_by_label("Export progress").is_none(), "the dialog closed");

    // The same export again: the file is there, and replacing it is asked.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run();
    harness.get_by_label("portcards-progress-2026-11-27.json");
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label(&format!("{} already exists. Replace it?", file.display()));
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("Export progress");
    assert!(harness.query_by_label_contains("already exists").is_none(), "Esc answered no, the dialog stays");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Export progress").is_none(), "a second Esc closes it");
}

#[test]
fn an_import_by_mouse_walks_into_a_folder_and_picks_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("Documents").join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let mut harness = statistics(dir.path());
    let old = backups.join("old.json");
    Store::export(harness.state().desk().session().progress(), &old).unwrap();
    std::fs::write(backups.join("notes.txt"), "not progress").unwrap();

    harness.get_by_label("Import and merge... Ctrl+I").scroll_to_me();
    harness.run();
    harness.get_by_label("Import and merge... Ctrl+I").click();
    harness.run();
    harness.get_by_label("Import and merge progress");
    harness.get_by_label("backups/").click();
    harness.run();
    assert!(harness.query_by_label("notes.txt").is_none(), "only progress files are listed");
    harness.get_by_label("Up Alt+Up").click();
    harness.run();
    harness.get_by_label("backups/").click();
    harness.run();
    harness.get_by_label("old.json").click();
    harness.run();
    assert_eq!(name_field(&harness), "old.json");
    harness.get_by_label("Open Enter").click();
    harness.run();
    harness.get_by_label(&format!("Imported {}: 0 card(s) updated, 0 review(s) added.", old.display()));

    // The next dialog opens where the last file was.
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::P);
    harness.run();
    harness.get_by_label("Write the cheat sheet");
    let folder = harness.get_by_label("Folder").accesskit_node().value().unwrap_or_default().to_string();
    assert_eq!(folder, backups.display().to_string());
    harness.get_by_label("No folders and no .md files here.");
    harness.get_by_label("Cancel Esc").click();
    harness.run();
    assert!(harness.query_by_label("Write the cheat sheet").is_none());
}

#[test]
fn a_folder_typed_into_the_folder_field_is_gone_to_and_a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("usb");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let mut harness = statistics(dir.path());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    harness.run();
    let folder = harness.get_by_label("Folder");
    folder.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Folder").type_text(&elsewhere.display().to_string());
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("No folders and no .json files here.");
    crate::support::choose_file(&mut harness, std::path::Path::new("missing.json"));
    harness.get_by_label(&format!("There is no file {}.", elsewhere.join("missing.json").display()));
    harness.get_by_label("Import and merge progress");
}

#[test]
fn typing_over_the_proposed_name_keeps_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("Documents")).unwrap();
    let mut harness = statistics(dir.path());
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::A);
    harness.run();
    harness.get_by_label("File name").type_text("class deck");
    harness.run();
    assert_eq!(name_field(&harness), "class deck.txt");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let file = dir.path().join("Documents").join("class deck.txt");
    harness.get_by_label(&format!("Anki file written to {}.", file.display()));
}

//! What the window tests share: the real app on a temporary folder with a hand-set
//! clock, and typing an answer as a learner would.

use chrono::DateTime;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portcards::app::egui;
use portcards::app::{PortcardsApp, Startup};
use portcards::clock::ManualClock;
use portcards::facts::Facts;
use portcards::profiles::{DEFAULT_PROFILE, Profiles};
use portcards::table::parse_table;

pub fn clock_at(rfc3339: &str) -> ManualClock {
    ManualClock::new(DateTime::parse_from_rfc3339(rfc3339).expect("a valid test time"))
}

/// The app on `dir` with the built-in table, run until its first frame settles.
pub fn open_app(dir: &std::path::Path, clock: &ManualClock, size: [f32; 2]) -> Harness<'static, PortcardsApp> {
    open_app_with_table(dir, clock, size, portcards::BUILTIN_TABLE)
}

/// The app on `dir` studying `table`, as `portcards --table my.md` would.
pub fn open_app_with_table(
    dir: &std::path::Path,
    clock: &ManualClock,
    size: [f32; 2],
    table: &str,
) -> Harness<'static, PortcardsApp> {
    open_app_with(dir, clock, size, table, false)
}

/// The app as the binary runs it: saves go to a writer thread.
pub fn open_app_saving_in_background(dir: &std::path::Path, clock: &ManualClock) -> Harness<'static, PortcardsApp> {
    open_app_with(dir, clock, [960.0, 720.0], portcards::BUILTIN_TABLE, true)
}

fn open_app_with(
    dir: &std::path::Path,
    clock: &ManualClock,
    size: [f32; 2],
    table: &str,
    background_work: bool,
) -> Harness<'static, PortcardsApp> {
    let table = parse_table(table);
    let startup = Startup {
        table_warnings: table.skipped_rows_notice("my.md").into_iter().collect(),
        rows: table.rows,
        facts: Facts::builtin(),
        profiles: Profiles::at(dir),
        profile: DEFAULT_PROFILE.to_string(),
        pick_profile: false,
        background_work,
        clock: Box::new(clock.clone()),
        seed: 42,
        documents: dir.join("Documents"),
    };
    let mut harness = Harness::builder().with_size(size).build_eframe(|cc| PortcardsApp::new(&cc.egui_ctx, startup));
    harness.run();
    harness
}

/// In an open file dialog: replaces the file name with `path` and presses Enter, as
/// a learner who types a whole path would.
pub fn choose_file(harness: &mut Harness<'static, PortcardsApp>, path: &std::path::Path) {
    let field = harness.get_by_label("File name");
    field.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("File name").type_text(&path.display().to_string());
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

/// Types into the answer field and presses Enter.
pub fn type_and_enter(harness: &mut Harness<'static, PortcardsApp>, text: &str) {
    let field = harness.get_by_label("Your answer");
    field.focus();
    field.type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

/// Asks this card now (as Browse's "Ask now" does), whatever the shuffle put first.
pub fn ask(harness: &mut Harness<'static, PortcardsApp>, id: &str) {
    let card = harness.state().desk().session().deck().position(&portcards::testing::card_id(id)).expect("a card");
    harness.state_mut().queue_intent(portcards::desk::Intent::StudyNow(card));
    harness.run();
}

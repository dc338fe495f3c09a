//! The desk without a window: what a learner does, and what it leaves on disk.

use chrono::{DateTime, Duration, FixedOffset};

use super::*;
use crate::profiles::DEFAULT_PROFILE;
use crate::progress::AnswerMode;
use crate::testing::at;

fn open_in(dir: &std::path::Path, now: DateTime<FixedOffset>) -> Desk {
    Desk::open(Opening::builtin(dir, false, 7), now)
}

fn answer_right(desk: &mut Desk, now: DateTime<FixedOffset>) -> Vec<Effect> {
    let answer = desk.session().current_card().unwrap().answer.clone();
    assert!(desk.apply(Intent::Submit(answer), now).is_empty());
    desk.apply(Intent::Grade(Grade::Good), now)
}

#[test]
fn a_graded_answer_is_saved_and_clears_the_answer_field() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    assert_eq!(desk.save_status(), &SaveStatus::NothingYet);
    let effects = answer_right(&mut desk, now);
    assert_eq!(effects, vec![Effect::ClearAnswer, Effect::FocusAnswer]);
    assert_eq!(desk.save_status(), &SaveStatus::Saved);
    let saved = Store::at(dir.path()).load(now.to_utc()).progress;
    assert_eq!(saved.log.len(), 1);
}

#[test]
fn undo_takes_the_answer_back_on_disk_too() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    answer_right(&mut desk, now);
    assert_eq!(desk.apply(Intent::Undo, now), vec![Effect::FocusAnswer], "the learner types on");
    assert!(Store::at(dir.path()).load(now.to_utc()).progress.log.is_empty());
    assert!(matches!(desk.session().showing(), Showing::Answer { .. }));
}

#[test]
fn a_second_desk_on_the_same_folder_is_blocked_until_it_chooses_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let _first = open_in(dir.path(), now);
    let mut second = open_in(dir.path(), now);
    assert!(second.is_blocked_by_other_window());
    assert!(second.apply(Intent::OpenReadOnly, now).is_empty());
    assert!(!second.is_blocked_by_other_window());
    assert_eq!(second.save_status(), &SaveStatus::ReadOnly);
    answer_right(&mut second, now);
    assert!(!dir.path().join(crate::store::PROGRESS_FILE).exists(), "a read-only desk never writes");
}

#[test]
fn export_then_import_elsewhere_merges_the_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(&dir.path().join("a"), now);
    answer_right(&mut desk, now);
    let file = dir.path().join("moved.json");
    let shown = file.display();
    assert_eq!(desk.file_places().start(), dir.path().join("a").join("Documents"));
    let said = desk.apply(Intent::Export(file.clone()), now);
    assert_eq!(said, vec![Effect::FileNotice(format!("Progress exported to {shown}."))]);
    assert_eq!(desk.file_places().start(), dir.path(), "the next dialog opens where this file went");
    let mut other = open_in(&dir.path().join("b"), now);
    let said = other.apply(Intent::Import(file.clone()), now);
    assert_eq!(said, vec![Effect::FileNotice(format!("Imported {shown}: 1 card updated, 1 review added."))]);
    assert_eq!(other.session().progress().log.len(), 1);
}

/// Ticks until the desk says something (an export or import finished on its thread).
fn said_on_a_later_tick(desk: &mut Desk, now: DateTime<FixedOffset>) -> Vec<Effect> {
    for _ in 0..500 {
        let effects = desk.tick(now);
        if !effects.is_empty() {
            return effects;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("nothing came back in 5 s");
}

#[test]
fn with_saves_off_the_callers_thread_export_and_import_run_off_it_too() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = Desk::open(Opening::builtin(&dir.path().join("a"), true, 7), now);
    answer_right(&mut desk, now);
    let file = dir.path().join("moved.json");
    let shown = file.display();
    assert!(desk.apply(Intent::Export(file.clone()), now).is_empty(), "the frame does not wait for the write");
    assert!(desk.saves_pending(), "the window keeps drawing frames until it is done");
    let said = said_on_a_later_tick(&mut desk, now);
    assert_eq!(said, vec![Effect::FileNotice(format!("Progress exported to {shown}."))]);
    assert_eq!(Store::import(&file).unwrap().log.len(), 1);

    let mut other = Desk::open(Opening::builtin(&dir.path().join("b"), true, 7), now);
    let version = other.version();
    assert!(other.apply(Intent::Import(file.clone()), now).is_empty(), "the frame does not wait for the read");
    let said = said_on_a_later_tick(&mut other, now);
    assert_eq!(said, vec![Effect::FileNotice(format!("Imported {shown}: 1 card updated, 1 review added."))]);
    assert_eq!(other.session().progress().log.len(), 1);
    assert!(other.version() > version, "the screens redraw from the merged progress");
    let failed = dir.path().join("missing.json");
    assert!(other.apply(Intent::Import(failed.clone()), now).is_empty());
    let said = said_on_a_later_tick(&mut other, now);
    let [Effect::FileNotice(text)] = said.as_slice() else { panic!("{said:?}") };
    assert!(text.contains(&failed.display().to_string()), "{text}");
}

#[test]
fn an_import_asked_for_just_before_quitting_still_lands_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = Desk::open(Opening::builtin(&dir.path().join("a"), false, 7), now);
    answer_right(&mut desk, now);
    let file = dir.path().join("moved.json");
    desk.apply(Intent::Export(file.clone()), now);
    let mut other = Desk::open(Opening::builtin(&dir.path().join("b"), true, 7), now);
    assert!(other.apply(Intent::Import(file), now).is_empty());
    assert_eq!(other.apply(Intent::Quit, now), vec![Effect::Quit]);
    assert_eq!(Store::at(dir.path().join("b")).load(now.to_utc()).progress.log.len(), 1);
}

#[test]
fn importing_a_file_that_is_not_progress_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "hello").unwrap();
    let said = desk.apply(Intent::Import(file), now);
    let [Effect::FileNotice(text)] = said.as_slice() else { panic!("{said:?}") };
    assert!(text.contains("is not a progress file"), "{text}");
}

#[test]
fn reset_all_keeps_a_copy_and_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    let mut settings = desk.session().progress().settings.clone();
    settings.new_per_day = 3;
    assert!(desk.apply(SettingsIntent::SetSettings(Box::new(settings)), now).is_empty());
    answer_right(&mut desk, now);
    let said = desk.apply(Intent::ResetAll, now);
    let [Effect::FileNotice(text)] = said.as_slice() else { panic!("{said:?}") };
    assert!(text.contains("was kept as"), "{text}");
    assert!(desk.session().progress().log.is_empty());
    assert_eq!(desk.session().progress().settings.new_per_day, 3);
}

#[test]
fn resetting_a_card_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    let card = desk.session().deck().position(&desk.session().current_card().unwrap().id).unwrap();
    answer_right(&mut desk, now);
    assert!(desk.apply(Intent::ResetCard(card), now).is_empty());
    assert_eq!(desk.last_reset(), Some(&desk.session().card(card).id));
    assert!(desk.session().progress().cards.is_empty());
    assert!(desk.apply(Intent::UndoReset, now).is_empty());
    assert_eq!(desk.session().progress().cards.len(), 1);
    assert_eq!(desk.last_reset(), None);
}

#[test]
fn ticking_drill_rows_goes_through_the_settings_and_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    assert!(desk.apply(SettingsIntent::TickDrillRow("22".into(), true), now).is_empty());
    assert!(desk.apply(SettingsIntent::TickDrillRow("23".into(), true), now).is_empty());
    assert!(desk.apply(SettingsIntent::TickDrillRow("22".into(), false), now).is_empty());
    assert_eq!(desk.session().progress().settings.drill_rows, vec!["23".to_string()]);
    assert_eq!(Store::at(dir.path()).load(now.to_utc()).progress.settings.drill_rows, vec!["23".to_string()]);
}

#[test]
fn a_drill_with_nothing_to_drill_says_why_and_a_finished_one_is_recorded_once() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    let nothing = Setup {
        length: crate::drill::Length::Seconds(60),
        pool: crate::drill::Pool::Rows(Vec::new()),
        mode: AnswerMode::MultipleChoice,
    };
    let said = desk.apply(Intent::Drill(DrillIntent::Start(nothing)), now);
    assert_eq!(said, vec![Effect::Said(Screen::Drill, "No cards to drill: choose some ports first.".into())]);
    let core = Setup { pool: crate::drill::Pool::Core, length: crate::drill::Length::Questions(2), ..nothing_mode() };
    assert_eq!(desk.apply(Intent::Drill(DrillIntent::Start(core)), now), vec![Effect::DrillStarted]);
    for _ in 0..2 {
        let answer = desk.drill().unwrap().choices[0].clone();
        assert!(desk.apply(Intent::Drill(DrillIntent::Answer(answer)), now).is_empty());
    }
    desk.tick(now + Duration::seconds(1));
    desk.tick(now + Duration::seconds(2));
    assert_eq!(desk.drill_history().len(), 1);
    assert_eq!(Store::at(dir.path()).load_drills(now.to_utc()).len(), 1);
    assert_eq!(desk.apply(Intent::Drill(DrillIntent::Close), now), vec![Effect::DrillClosed]);
    assert!(desk.drill().is_none());
}

fn nothing_mode() -> Setup {
    Setup {
        length: crate::drill::Length::Seconds(60),
        pool: crate::drill::Pool::Core,
        mode: AnswerMode::MultipleChoice,
    }
}

#[test]
fn a_self_test_report_is_exported_and_its_misses_go_to_the_front_of_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    let start = SelfTestIntent::Start { questions: 3, limit: None, pbqs: 0 };
    assert!(desk.apply(Intent::SelfTest(start), now).is_empty());
    for _ in 0..3 {
        assert!(desk.apply(Intent::SelfTest(SelfTestIntent::Answer("no idea".into())), now).is_empty());
    }
    let path = dir.path().join("report.csv");
    let said =
        desk.apply(Intent::SelfTest(SelfTestIntent::Export { path: path.clone(), format: ReportFormat::Csv }), now);
    assert_eq!(said, vec![Effect::FileNotice(format!("Report written to {}.", path.display()))]);
    assert!(std::fs::read_to_string(&path).unwrap().lines().count() >= 4);
    let missed = desk.self_test().unwrap().report(desk.session().deck()).missed(desk.session().deck());
    let effects = desk.apply(Intent::ReviewNow(missed.clone()), now);
    assert_eq!(effects, vec![Effect::ClearAnswer, Effect::Open(Screen::Study), Effect::FocusAnswer]);
    let shown = desk.session().current_card().unwrap().id.clone();
    assert_eq!(shown, desk.session().card(missed[0]).id);
}

#[test]
fn profiles_are_created_opened_renamed_and_deleted_with_their_files_kept() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    let said = desk.apply(Intent::Profile(ProfileIntent::Create("Ana".into())), now);
    assert_eq!(said, vec![Effect::Said(Screen::Profiles, "Profile Ana created.".into())]);
    let effects = desk.apply(Intent::Profile(ProfileIntent::Open("Ana".into())), now);
    assert_eq!(effects, vec![Effect::ProfileSwitched, Effect::Open(Screen::Study), Effect::FocusAnswer]);
    assert_eq!(desk.profile(), "Ana");
    answer_right(&mut desk, now);
    let rename = ProfileIntent::Rename { from: "Ana".into(), to: "Ana B".into() };
    let effects = desk.apply(Intent::Profile(rename), now);
    assert_eq!(effects, vec![Effect::ProfileSwitched, Effect::Said(Screen::Profiles, "Ana is now Ana B.".into())]);
    assert_eq!(desk.profile(), "Ana B");
    assert_eq!(desk.session().progress().log.len(), 1, "the renamed profile keeps its progress");
    let effects = desk.apply(Intent::Profile(ProfileIntent::Delete("Ana B".into())), now);
    assert_eq!(effects[0], Effect::ProfileSwitched);
    assert_eq!(desk.profile(), DEFAULT_PROFILE);
    let Effect::Said(Screen::Profiles, text) = &effects[1] else { panic!("{effects:?}") };
    assert!(text.starts_with("Profile Ana B deleted; its files were kept in"), "{text}");
    assert_eq!(desk.profiles().list(), vec![DEFAULT_PROFILE.to_string()]);
}

#[test]
fn quitting_saves_everything_queued_on_the_writer_thread() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = Desk::open(Opening::builtin(dir.path(), true, 7), now);
    for minute in 0..5 {
        answer_right(&mut desk, now + Duration::minutes(minute));
    }
    assert_eq!(desk.apply(Intent::Quit, now), vec![Effect::Quit]);
    assert!(!desk.saves_pending());
    assert_eq!(desk.save_status(), &SaveStatus::Saved);
    assert_eq!(Store::at(dir.path()).load(now.to_utc()).progress.log.len(), 5);
}

#[test]
fn the_deck_is_written_for_anki_and_as_a_cheat_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    let anki = dir.path().join("deck.txt");
    let said = desk.apply(Intent::ExportAnki(anki.clone()), now);
    assert_eq!(said, vec![Effect::FileNotice(format!("Anki file written to {}.", anki.display()))]);
    let text = std::fs::read_to_string(&anki).unwrap();
    let asked = desk.session().deck().cards.iter().filter(|card| desk.session().progress().settings.asks(card));
    assert_eq!(text.lines().filter(|line| !line.starts_with('#')).count(), asked.count());
    let sheet = dir.path().join("sheet.md");
    let said = desk.apply(Intent::ExportCheatSheet(sheet.clone()), now);
    assert_eq!(said, vec![Effect::FileNotice(format!("Cheat sheet written to {}.", sheet.display()))]);
    assert!(std::fs::read_to_string(&sheet).unwrap().starts_with("# Port cheat sheet"));
    let nowhere = dir.path().join("missing/folder/deck.txt");
    let said = desk.apply(Intent::ExportAnki(nowhere), now);
    let [Effect::FileNotice(text)] = said.as_slice() else { panic!("{said:?}") };
    assert!(text.starts_with("could not write"), "{text}");
}

#[cfg(feature = "live")]
#[test]
fn a_live_round_never_touches_study_progress_and_closing_it_frees_the_port() {
    use crate::live::RoundSetup;
    use crate::live::round::Phase;

    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    answer_right(&mut desk, now);
    let progress_before = std::fs::read(dir.path().join(crate::store::PROGRESS_FILE)).unwrap();
    let loopback = std::net::IpAddr::from([127, 0, 0, 1]);
    let setup = RoundSetup { questions: 2, ..RoundSetup::default() };
    assert!(desk.apply(Intent::Live(LiveIntent::Start { setup, ip: loopback }), now).is_empty());
    let address = desk.live().unwrap().address;
    assert_eq!(address.ip(), loopback);
    let host = desk.live().unwrap();
    let pin = host.round(|round| round.pin().to_string());
    assert!(std::net::TcpStream::connect(address).is_ok(), "phones can connect");

    // A student joins over HTTP, as a phone does, and misses the first question.
    let url = desk.live().unwrap().join_url.clone();
    let body = format!(r#"{{"type":"join","pin":"{pin}","name":"Probe"}}"#);
    let mut joined =
        ureq::post(format!("{url}api/join")).header("Content-Type", "application/json").send(body).unwrap();
    let joined: serde_json::Value = serde_json::from_str(&joined.body_mut().read_to_string().unwrap()).unwrap();
    desk.apply(Intent::Live(LiveIntent::Next), now);
    assert!(matches!(desk.live().unwrap().round(|round| round.phase()), Phase::Asking { question: 0, .. }));
    let right = desk.live().unwrap().round(|round| round.questions()[0].right_option.unwrap());
    let answer =
        format!(r#"{{"type":"answer","token":{},"question":0,"option":{}}}"#, joined["token"], (right + 1) % 4);
    ureq::post(format!("{url}api/answer")).header("Content-Type", "application/json").send(answer).unwrap();
    desk.apply(Intent::Live(LiveIntent::End), now);
    // The phone hears the end (its final score and rank), then the server stops.
    let state = format!("{url}api/state?token={}", joined["token"].as_str().unwrap());
    let view: serde_json::Value =
        serde_json::from_str(&ureq::get(&state).call().unwrap().body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(view["view"]["phase"], "ended");
    desk.tick(now + chrono::Duration::seconds(super::live_desk::END_GRACE_SECONDS - 1));
    assert!(desk.live().unwrap().is_serving(), "still there for a phone that was away a moment");
    desk.tick(now + chrono::Duration::seconds(super::live_desk::END_GRACE_SECONDS));
    assert!(!desk.live().unwrap().is_serving());
    assert!(std::net::TcpStream::connect(address).is_err(), "the server stopped after the grace");

    let csv = dir.path().join("class.csv");
    let effects = desk.apply(Intent::Live(LiveIntent::ExportResults(csv.clone())), now);
    assert_eq!(effects, vec![Effect::Said(Screen::Live, format!("Results written to {}.", csv.display()))]);
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with("\u{feff}player,question"));
    // The missed port becomes a drill (which is not a review either).
    let effects = desk.apply(Intent::Live(LiveIntent::DrillMisses), now);
    assert_eq!(effects, vec![Effect::Open(Screen::Drill), Effect::DrillStarted]);
    desk.apply(Intent::Drill(DrillIntent::Close), now);
    desk.apply(Intent::Live(LiveIntent::Close), now);
    assert!(desk.live().is_none());
    assert!(std::net::TcpListener::bind(address).is_ok(), "the port is free again");
    assert_eq!(std::fs::read(dir.path().join(crate::store::PROGRESS_FILE)).unwrap(), progress_before);
    assert_eq!(desk.session().progress().log.len(), 1);
}

#[test]
fn with_background_work_a_due_refit_runs_on_the_worker_and_is_saved_when_it_lands() {
    use crate::testing::review;
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    // Thirty cards answered on three earlier days, never fitted: the next answer makes
    // a refit due.
    let log = (0..90)
        .map(|index: i64| {
            let when =
                now.to_utc() - Duration::days(6) + Duration::days(index / 30 * 2) + Duration::minutes(index % 30);
            let grade = if index % 4 == 0 { Grade::Again } else { Grade::Good };
            review(&format!("{}:port-to-service", 9000 + index % 30), when, grade)
        })
        .collect();
    let progress = crate::progress::Progress { log, ..Default::default() };
    Store::at(dir.path()).save(&progress).unwrap();
    let mut desk = Desk::open(Opening::builtin(dir.path(), true, 7), now);
    answer_right(&mut desk, now);
    // The answer came back at once; the fit runs beside it.
    assert!(desk.refit_running(), "the refit was handed to the worker");
    assert!(!desk.session().memory_model().is_fitted(), "nothing fitted on the caller's thread");
    let waited = std::time::Instant::now();
    while desk.refit_running() {
        assert!(waited.elapsed() < std::time::Duration::from_secs(20), "the refit never came back");
        std::thread::sleep(std::time::Duration::from_millis(5));
        desk.tick(now);
    }
    let expected = crate::memory_model::fit(&desk.session().progress().log);
    assert!(expected.is_fitted(), "{expected:?}");
    assert_eq!(desk.session().memory_model(), &expected, "the same model as a fit in place");
    desk.flush_saves();
    assert_eq!(Store::at(dir.path()).load(now.to_utc()).progress.memory_model, expected, "and it is saved");
}

#[test]
fn a_refit_of_answers_taken_back_is_not_taken() {
    let now = at("2026-11-27T10:00:00+01:00");
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open_in(dir.path(), now);
    answer_right(&mut desk, now);
    let fitted_on_more = crate::memory_model::MemoryModel {
        evidence: 50,
        fitted_at_reviews: desk.session().progress().log.len() + 1,
        ..Default::default()
    };
    let mut session_after_undo = desk.session;
    assert!(!session_after_undo.accept_fit(fitted_on_more), "its log was longer than the log now");
    let fitted_on_this = crate::memory_model::MemoryModel { fitted_at_reviews: 1, ..fitted_on_more };
    assert!(session_after_undo.accept_fit(fitted_on_this));
    assert_eq!(session_after_undo.memory_model(), &fitted_on_this);
}

#[cfg(feature = "live")]
#[test]
fn the_live_screen_lists_the_adapters_once_and_again_when_asked() {
    use crate::live::network::{Adapter, AdapterKind};
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    let lookups = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&lookups);
    desk.set_adapter_finder(std::sync::Arc::new(move || {
        let found = counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        vec![Adapter {
            name: format!("wlan{found}"),
            ip: std::net::Ipv4Addr::new(192, 0, 2, 10),
            kind: AdapterKind::Network,
            default_route: true,
        }]
    }));
    assert!(desk.live_adapters().is_empty(), "nothing is asked of the system before the Live screen");
    let _ = desk.apply(Intent::Show(Screen::Live), now);
    let _ = desk.apply(Intent::Show(Screen::Study), now);
    let _ = desk.apply(Intent::Show(Screen::Live), now);
    assert_eq!(desk.live_adapters()[0].name, "wlan0", "found once");
    assert!(desk.apply(LiveIntent::FindAdapters, now).is_empty());
    assert_eq!(desk.live_adapters()[0].name, "wlan1", "and again when asked");
}

#[test]
fn every_intent_moves_the_version_that_views_key_their_caches_on() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    let before = desk.version();
    let mut settings = desk.session().progress().settings.clone();
    settings.ask_service_to_port = false;
    let _ = desk.apply(SettingsIntent::SetSettings(Box::new(settings)), now);
    assert!(desk.version() > before);
    let after_settings = desk.version();
    let _ = desk.apply(Intent::DismissNotice, now);
    assert!(desk.version() > after_settings);
}

/// The round is written down as it is played: after a crash mid-question (the desk
/// dropped without ending anything), the next start offers its results, with every
/// answer a phone was told was counted.
#[cfg(feature = "live")]
#[test]
fn a_round_cut_short_is_offered_with_its_answers_at_the_next_start() {
    use crate::live::RoundSetup;
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    let loopback = std::net::IpAddr::from([127, 0, 0, 1]);
    let setup = RoundSetup { questions: 3, ..RoundSetup::default() };
    desk.apply(Intent::Live(LiveIntent::Start { setup, ip: loopback }), now);
    let url = desk.live().unwrap().join_url.clone();
    let pin = desk.live().unwrap().round(|round| round.pin().to_string());
    let mut tokens = Vec::new();
    for name in ["=SUM(1)", "Zoë"] {
        let body = format!(r#"{{"type":"join","pin":"{pin}","name":"{name}"}}"#);
        let mut joined =
            ureq::post(format!("{url}api/join")).header("Content-Type", "application/json").send(body).unwrap();
        let joined: serde_json::Value = serde_json::from_str(&joined.body_mut().read_to_string().unwrap()).unwrap();
        tokens.push(joined["token"].as_str().unwrap().to_string());
    }
    desk.apply(Intent::Live(LiveIntent::Next), now);
    let right = desk.live().unwrap().round(|round| round.questions()[0].right_option.unwrap());
    let answer = format!(r#"{{"type":"answer","token":"{}","question":0,"option":{right}}}"#, tokens[0]);
    let mut ack =
        ureq::post(format!("{url}api/answer")).header("Content-Type", "application/json").send(answer).unwrap();
    assert!(ack.body_mut().read_to_string().unwrap().contains("\"counted\":true"));
    // The teacher's computer goes down mid-question.
    drop(desk);

    let mut desk = open_in(dir.path(), now);
    assert!(desk.last_round().is_none(), "read when the Live screen opens");
    desk.apply(Intent::Show(Screen::Live), now);
    let record = desk.last_round().expect("the cut-short round is offered");
    assert!(!record.ended);
    assert_eq!((record.players.len(), record.asked), (2, 1));
    let csv = dir.path().join("last.csv");
    let effects = desk.apply(Intent::Live(LiveIntent::ExportKeptRound(csv.clone())), now);
    let written = format!("were written to {}.", csv.display());
    assert!(
        matches!(&effects[..], [Effect::Said(Screen::Live, said)]
            if said.starts_with("The results of the round of 2026-") && said.ends_with(&written)),
        "{effects:?}"
    );
    let text = String::from_utf8(std::fs::read(&csv).unwrap()).unwrap();
    assert!(text.contains("'=SUM(1),1,") && text.contains(",yes,"), "{text}");
    assert!(text.contains("Zoë,1,") && text.contains(",no answer,"), "{text}");
}

/// A firewall task worked through the desk's intents, as the screen sends them: a
/// table that allows too much, the right rules in the wrong order, a missing deny
/// before a wide allow; each loses the requirement it breaks, and none is a review.
#[test]
fn firewall_tables_are_scored_through_the_desk() {
    use crate::pbq::firewall::{Action, Place, Protocol};
    use crate::pbq::{Pbq, PbqKind};
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    let draft = |source, destination, protocol, ports: &str, action| RuleDraft {
        action,
        source,
        destination,
        protocol,
        ports: ports.to_string(),
    };
    // The first generated task with a web shop staff also use, for the missing deny.
    let task = loop {
        desk.apply(Intent::Pbq(PbqIntent::Start(PbqKind::Firewall)), now);
        let Some(Pbq::Firewall(task)) = desk.pbq().map(|work| work.task.clone()) else { panic!("a firewall") };
        if task.requirements.iter().any(|requirement| requirement.text.starts_with("Staff")) {
            break task;
        }
    };
    let met_with = |desk: &mut Desk, rules: Vec<RuleDraft>| -> Vec<bool> {
        desk.apply(Intent::Pbq(PbqIntent::TryAgain), now);
        while !desk.pbq().unwrap().rules.is_empty() {
            desk.apply(Intent::Pbq(PbqIntent::Edit(PbqEdit::RemoveRule(0))), now);
        }
        for (index, rule) in rules.into_iter().enumerate() {
            desk.apply(Intent::Pbq(PbqIntent::Edit(PbqEdit::AddRule)), now);
            desk.apply(Intent::Pbq(PbqIntent::Edit(PbqEdit::SetRule(index, rule))), now);
        }
        desk.apply(Intent::Pbq(PbqIntent::Check), now);
        desk.pbq().unwrap().outcome.as_ref().expect("checked").items.iter().map(|item| item.right).collect()
    };
    let reference: Vec<RuleDraft> = task
        .reference
        .iter()
        .map(|rule| draft(rule.source, rule.destination, rule.protocol, &rule.ports.to_string(), rule.action))
        .collect();
    assert!(met_with(&mut desk, reference.clone()).iter().all(|met| *met));
    let management = task.requirements.iter().position(|r| r.text.starts_with("Only the admin")).unwrap();
    let nothing_else = task.requirements.len() - 1;
    // Too permissive: the internet may reach the screened subnet on anything.
    let mut too_wide = vec![draft(Place::Internet, Place::ScreenedSubnet, Protocol::Both, "any", Action::Allow)];
    too_wide.extend(reference.iter().cloned());
    let met = met_with(&mut desk, too_wide);
    assert!(!met[0] && !met[management] && !met[nothing_else], "{met:?}");
    // The right rules in the wrong order: the final deny first.
    let mut wrong_order = reference.clone();
    wrong_order.rotate_right(1);
    let met = met_with(&mut desk, wrong_order);
    assert!(!met[0] && !met[management] && met[nothing_else], "{met:?}");
    // A missing deny: staff may use every port of the servers, so they may manage them.
    let mut no_deny: Vec<RuleDraft> = reference.iter().filter(|rule| rule.source != Place::Internal).cloned().collect();
    no_deny.insert(0, draft(Place::Internal, Place::ScreenedSubnet, Protocol::Tcp, "", Action::Allow));
    let met = met_with(&mut desk, no_deny.clone());
    assert!(!met[management], "{met:?}");
    let port = task.management_port().to_string();
    no_deny.insert(0, draft(Place::Internal, Place::ScreenedSubnet, Protocol::Tcp, &port, Action::Deny));
    no_deny.insert(0, draft(Place::AdminWorkstation, Place::ScreenedSubnet, Protocol::Tcp, &port, Action::Allow));
    assert!(met_with(&mut desk, no_deny)[management], "the deny before the wide allow mends it");
    assert!(desk.session().progress().log.is_empty(), "no PBQ result is a review");
}

/// A task's first check is kept in the profile's PBQ history and is there the next
/// time; a second check of the same task is not counted again.
#[test]
fn checked_pbqs_are_kept_in_the_history() {
    use crate::pbq::PbqKind;
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    desk.apply(Intent::Pbq(PbqIntent::Start(PbqKind::Matching)), now);
    desk.apply(Intent::Pbq(PbqIntent::Check), now);
    desk.apply(Intent::Pbq(PbqIntent::TryAgain), now);
    desk.apply(Intent::Pbq(PbqIntent::Check), now);
    desk.apply(Intent::Pbq(PbqIntent::Start(PbqKind::Listing)), now);
    desk.apply(Intent::Pbq(PbqIntent::Check), now);
    let kinds: Vec<PbqKind> = desk.pbq_history().iter().map(|record| record.kind).collect();
    assert_eq!(kinds, [PbqKind::Matching, PbqKind::Listing]);
    assert_eq!(desk.pbq_history()[0].right, 0, "nothing matched");
    drop(desk);
    let desk = open_in(dir.path(), now);
    assert_eq!(desk.pbq_history().len(), 2);
    assert!(desk.session().progress().log.is_empty());
}

/// Quitting mid-task keeps the PBQ: the same task comes back with its rules, a port
/// typed just before quitting included, and a checked one comes back checked; closing
/// it forgets it; an unreadable file is set aside and no task comes back.
#[test]
fn a_pbq_left_mid_task_comes_back() {
    use crate::pbq::PbqKind;
    use crate::pbq::firewall::Place;
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    desk.apply(Intent::Pbq(PbqIntent::Start(PbqKind::Firewall)), now);
    desk.apply(Intent::Pbq(PbqIntent::Edit(PbqEdit::AddRule)), now);
    let rule = RuleDraft { source: Place::Internet, ports: "443".into(), ..RuleDraft::default() };
    desk.apply(Intent::Pbq(PbqIntent::Edit(PbqEdit::SetRule(0, rule.clone()))), now);
    let task = desk.pbq().unwrap().task.clone();
    desk.close(now);
    drop(desk);

    let mut desk = open_in(dir.path(), now);
    let work = desk.pbq().expect("the task came back");
    assert_eq!(work.task, task);
    assert_eq!(work.rules, [rule]);
    desk.apply(Intent::Pbq(PbqIntent::Check), now);
    let outcome = desk.pbq().unwrap().outcome.clone();
    drop(desk);

    let mut desk = open_in(dir.path(), now);
    assert_eq!(desk.pbq().unwrap().outcome, outcome, "checked, it comes back checked");
    assert_eq!(desk.pbq_history().len(), 1, "and is not counted twice");
    desk.apply(Intent::Pbq(PbqIntent::Check), now);
    assert_eq!(desk.pbq_history().len(), 1);
    desk.apply(Intent::Pbq(PbqIntent::Close), now);
    drop(desk);
    assert!(open_in(dir.path(), now).pbq().is_none(), "closed, it is forgotten");

    std::fs::write(dir.path().join(crate::store::PBQ_WORK_FILE), "{ not json").unwrap();
    assert!(open_in(dir.path(), now).pbq().is_none());
    let set_aside = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .any(|entry| entry.file_name().to_string_lossy().starts_with("pbq-work.json.corrupt-"));
    assert!(set_aside, "the unreadable file is kept aside");
}

/// A self-test's PBQs go into the PBQ history once, when the test ends.
#[test]
fn a_finished_self_tests_pbqs_join_the_history_once() {
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-11-27T10:00:00+01:00");
    let mut desk = open_in(dir.path(), now);
    desk.apply(Intent::SelfTest(SelfTestIntent::Start { questions: 2, limit: None, pbqs: 2 }), now);
    desk.tick(now);
    assert!(desk.pbq_history().is_empty(), "not before the end");
    desk.apply(Intent::SelfTest(SelfTestIntent::Stop), now);
    desk.tick(now);
    desk.apply(Intent::SelfTest(SelfTestIntent::Stop), now);
    let kinds: Vec<_> = desk.pbq_history().iter().map(|record| record.kind).collect();
    assert_eq!(kinds.len(), 2);
    assert_eq!(kinds[0], crate::pbq::PbqKind::Firewall);
    drop(desk);
    assert_eq!(open_in(dir.path(), now).pbq_history().len(), 2);
}

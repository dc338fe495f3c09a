//! Crash safety, with Unix signals (run on Linux; the file is left out elsewhere): a
//! child process answers cards through the desk and is killed, and every answer it
//! reported saved must be in a progress.json that loads cleanly.
//!
//! Two kinds of crash. Kills (SIGKILL) land after the child's first saves, with a log
//! large enough that each save takes milliseconds: half at a random point of an
//! answer-and-save cycle, half as soon as a save's temporary file appears (inside
//! the write). The temporary files left behind count the kills inside a write. Deterministic crash points
//! (`PORTCARDS_CRASH_AT`) abort the child at each step of a save: written, synced,
//! backup kept, committed. Half the children save on the writer thread, as the
//! window does, half in place.
//!
//! CI runs 40 random kills. The campaign behind README's figures is
//! `PORTCARDS_KILLS=1000 cargo test --release --test system kill_safety -- --nocapture`.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use chrono::Utc;
use portcards::progress::Progress;
use portcards::store::crash_point::{self, Step};
use portcards::store::{PROGRESS_FILE, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use portcards::testing::long_history;

const SIGKILL: i32 = 9;
const SIGABRT: i32 = 6;
/// Reviews in the log before the run: about 2.5 MB, so that a save takes milliseconds.
const LOG_BEFORE: usize = 30_000;

/// A progress file with a long history, as after months of study.
fn seed_long_history(dir: &Path) {
    let log = long_history(LOG_BEFORE, "2025-01-01T10:00:00Z");
    Store::at(dir).save(&Progress { log, ..Progress::default() }).unwrap();
}

fn spawn_driver(dir: &Path, writer_thread: bool, crash_at: Option<(Step, usize)>) -> (Child, Receiver<String>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portcards"));
    command.args(["--config-dir", dir.to_str().unwrap(), "drive", "--answers", "100000"]);
    if writer_thread {
        command.arg("--writer-thread");
    }
    match crash_at {
        Some((step, count)) => command.env(crash_point::VARIABLE, format!("{}:{count}", step.name())),
        None => command.env_remove(crash_point::VARIABLE),
    };
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (lines, inbox) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    (child, inbox)
}

/// Temporary files beside progress.json: a save that was cut short.
fn leftover_temporary_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.starts_with(&format!(".{PROGRESS_FILE}")) || name.starts_with(&format!("{PROGRESS_FILE}.tmp"))
        })
        .count()
}

/// Checks the file on disk against what the child reported: every reported review
/// is there, at its place, and the file loads without a notice. Returns how many
/// reviews it holds beyond the long history.
fn check_on_disk(dir: &Path, reported: &[String], what: &str) -> usize {
    let loaded = Store::at(dir).load(Utc::now());
    assert_eq!(loaded.notice, None, "{what}: progress.json did not load cleanly");
    let log = &loaded.progress.log;
    for line in reported {
        let mut parts = line.split(' ').skip(1);
        let count: usize = parts.next().unwrap().parse().unwrap();
        let card = parts.next().unwrap();
        assert!(log.len() >= count, "{what}: {count} reported saved, {} on disk", log.len());
        assert_eq!(log[count - 1].card.as_str(), card, "{what}: review {count} differs");
    }
    log.len() - LOG_BEFORE
}

fn stderr_of(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        stderr.read_to_string(&mut text).ok();
    }
    text
}

#[test]
fn sigkill_at_random_moments_after_the_first_save_loses_no_reported_answer() {
    let kills: usize = std::env::var("PORTCARDS_KILLS").ok().and_then(|text| text.parse().ok()).unwrap_or(40);
    let dir = tempfile::tempdir().unwrap();
    seed_long_history(dir.path());
    let mut rng = StdRng::seed_from_u64(2026);
    let (mut inside_a_write, mut reported_total, mut writer_thread_kills) = (0, 0, 0);
    let started = Instant::now();
    for round in 0..kills {
        let writer_thread = round % 2 == 1;
        let (mut child, lines) = spawn_driver(dir.path(), writer_thread, None);
        // Two saves tell how long one answer-and-save cycle takes; the kill lands at
        // a random point of the next one.
        let first_two: Vec<String> = (0..2).filter_map(|_| lines.recv_timeout(Duration::from_secs(60)).ok()).collect();
        let second_at = Instant::now();
        let [first, second] = <[String; 2]>::try_from(first_two).unwrap_or_else(|got| {
            panic!("round {round}: the child saved {} time(s): {}", got.len(), stderr_of(&mut child))
        });
        let third = lines
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("round {round}: the child stopped saving: {}", stderr_of(&mut child)));
        let cycle = second_at.elapsed();
        if round % 4 < 2 {
            // Anywhere in the cycle: mostly while the answer is checked and the log
            // serialised, sometimes inside the write.
            std::thread::sleep(cycle.mul_f64(rng.random_range(0.0..1.0)));
        } else {
            // As soon as the next temporary file appears, plus up to a millisecond:
            // inside the write, between its creation and the rename.
            let deadline = Instant::now() + cycle * 3;
            while leftover_temporary_files(dir.path()) == 0 && Instant::now() < deadline {
                std::hint::spin_loop();
            }
            std::thread::sleep(Duration::from_micros(rng.random_range(0..1_000)));
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(SIGKILL), "round {round}: the child ended otherwise: {status}");
        let reported: Vec<String> = [first, second, third].into_iter().chain(lines.iter()).collect();
        inside_a_write += usize::from(leftover_temporary_files(dir.path()) > 0);
        writer_thread_kills += usize::from(writer_thread);
        let on_disk = check_on_disk(dir.path(), &reported, &format!("round {round}"));
        reported_total = on_disk.max(reported_total);
    }
    eprintln!(
        "kills: {kills} ({writer_thread_kills} on the writer thread), kills inside a write: {inside_a_write}, \
         answers reported saved: {reported_total}, answers lost: 0, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(inside_a_write > 0, "no kill landed inside a write: the test proved nothing");
    assert!(inside_a_write < kills, "every kill landed inside a write: saves are not finishing");
}

#[test]
fn a_crash_at_every_step_of_a_save_loses_nothing_reported() {
    for writer_thread in [false, true] {
        for step in Step::ALL {
            let what = format!("{} ({})", step.name(), if writer_thread { "writer thread" } else { "in place" });
            let dir = tempfile::tempdir().unwrap();
            seed_long_history(dir.path());
            let (mut child, lines) = spawn_driver(dir.path(), writer_thread, Some((step, 3)));
            let status = child.wait().unwrap();
            assert_eq!(status.signal(), Some(SIGABRT), "{what}: {status}: {}", stderr_of(&mut child));
            let reported: Vec<String> = lines.iter().collect();
            assert_eq!(reported.len(), 2, "{what}: the third save crashed before it was reported");
            let cut_short = step != Step::Committed;
            assert_eq!(leftover_temporary_files(dir.path()) > 0, cut_short, "{what}: a temporary file is left");
            let on_disk = check_on_disk(dir.path(), &reported, &what);
            assert_eq!(on_disk, if cut_short { 2 } else { 3 }, "{what}: answers on disk");
            assert_eq!(leftover_temporary_files(dir.path()), 0, "{what}: opening the folder clears leftovers");
            if step == Step::BackupKept {
                let backup = Store::at(dir.path()).backup_path();
                let kept = portcards::store::parse_progress(&std::fs::read(backup).unwrap()).unwrap();
                assert_eq!(kept.log.len() - LOG_BEFORE, 2, "{what}: the backup is the file before");
            }
        }
    }
}

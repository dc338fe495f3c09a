//! Crash safety: a child process answers cards and is killed with SIGKILL at random
//! moments; every answer it reported as saved must be in a progress.json that parses.
//!
//! CI runs a short version; the long one (1,000 kills) is
//! `PORTCARDS_KILLS=1000 cargo test --release --test kill_safety -- --nocapture`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use portcards::store::Store;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[test]
fn no_reported_answer_is_lost_to_sigkill() {
    let kills: usize = std::env::var("PORTCARDS_KILLS").ok().and_then(|text| text.parse().ok()).unwrap_or(40);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let mut rng = StdRng::seed_from_u64(2026);
    let mut reported_total = 0;
    let mut killed_mid_run = 0;
    for round in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_portcards"))
            .args(["--config-dir", dir.path().to_str().unwrap(), "drive", "--answers", "100000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let reader = {
            let lines = Arc::clone(&lines);
            let stdout = child.stdout.take().unwrap();
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(line);
                }
            })
        };
        std::thread::sleep(Duration::from_micros(rng.random_range(0..40_000)));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        killed_mid_run += usize::from(status.code().is_none());
        reader.join().unwrap();
        let lines = lines.lock().unwrap();
        let reported = lines.last().and_then(|line| line.split(' ').nth(1)).and_then(|n| n.parse::<usize>().ok());

        let loaded = store.load(chrono::Utc::now());
        assert_eq!(loaded.notice, None, "round {round}: progress.json did not load cleanly");
        let log = &loaded.progress.log;
        if let Some(reported) = reported {
            assert!(log.len() >= reported, "round {round}: {reported} reported saved, {} on disk", log.len());
            reported_total = reported;
            for line in lines.iter() {
                let mut parts = line.split(' ').skip(1);
                let (count, card) = (parts.next().unwrap().parse::<usize>().unwrap(), parts.next().unwrap());
                assert_eq!(log[count - 1].card.as_str(), card, "round {round}: review {count} differs");
            }
        }
    }
    eprintln!("kills: {kills}, killed mid-run: {killed_mid_run}, answers reported saved: {reported_total}, lost: 0");
    assert!(reported_total > 0, "the child never got to save anything");
}

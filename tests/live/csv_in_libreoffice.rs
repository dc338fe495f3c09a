//! The live round's CSV read back by a spreadsheet, Linux only: LibreOffice (headless)
//! imports it as UTF-8, as its import dialog proposes on a UTF-8 system, and writes
//! the cells back out as it computed them. A nickname that is a formula stays text
//! (it would compute to 5 unguarded), "Zoë" is "Zoë", and only the questions asked are
//! rows. Needs `soffice` (Debian's libreoffice-calc-nogui): opt-in
//! (`cargo test --test live -- --ignored`), and it fails when `soffice` is missing.

use std::process::Command;

use portcards::live::round::{Given, Round};
use portcards::live::{LiveKind, LivePool, RoundSetup};
use rand::SeedableRng;
use rand::rngs::StdRng;

const NAMES: [&str; 6] = ["=2+3", "Zoë", "@SUM(1+1)", "+1", "-1+2", "Ana"];

/// A round of five questions with these players, ended after three, everybody right.
pub(crate) fn round_ended_early(names: &[&str]) -> Round {
    let deck = portcards::testing::seed_deck();
    let setup = RoundSetup { questions: 5, seconds: 20, pool: LivePool::Core, kind: LiveKind::FourOptions };
    let mut rng = StdRng::seed_from_u64(5);
    let mut round = Round::new(&deck, setup, &mut rng).unwrap();
    let pin = round.pin().to_string();
    let tokens: Vec<String> = names.iter().map(|name| round.join(&pin, name, &mut rng).unwrap().token).collect();
    let now = portcards::testing::now().to_utc();
    for question in 0..3 {
        round.next(now);
        let right = round.questions()[question].right_option.unwrap();
        for token in &tokens {
            round.answer(token, question, Given::Option(right), now).unwrap();
        }
        round.reveal();
    }
    round.end();
    round
}

#[test]
#[ignore = "needs LibreOffice's soffice (Debian: libreoffice-calc-nogui)"]
fn linux_only_libreoffice_reads_the_live_csv_as_text_in_utf8() {
    if let Err(error) = Command::new("soffice").arg("--version").output() {
        panic!("this test needs LibreOffice's `soffice` on PATH (Debian: apt install libreoffice-calc-nogui): {error}");
    }
    let dir = tempfile::tempdir().unwrap();
    let round = round_ended_early(&NAMES);
    let csv = dir.path().join("round.csv");
    std::fs::write(&csv, round.csv().unwrap()).unwrap();
    let out = dir.path().join("out");
    // A profile of its own, so that a LibreOffice already running elsewhere is not in the way.
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let status = Command::new("soffice")
        .args([&profile, "--headless", "--norestore", "--infilter=CSV:44,34,76,1"])
        .args(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"])
        .arg("--outdir")
        .arg(&out)
        .arg(&csv)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    // Asked for every sheet, LibreOffice names the file after the sheet: round-round.csv.
    let written = std::fs::read_dir(&out).expect("LibreOffice wrote the cells back").flatten().next().unwrap().path();
    let read_back = std::fs::read_to_string(written).unwrap();
    let rows: Vec<Vec<String>> = read_back
        .lines()
        .map(|line| {
            let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
            reader.records().next().unwrap().unwrap().iter().map(str::to_string).collect()
        })
        .collect();
    assert_eq!(rows[0][0].trim_start_matches('\u{feff}'), "player");
    assert_eq!(rows.len(), 1 + NAMES.len() * 3, "only the 3 questions asked of 5: {read_back}");
    let players: Vec<&str> = rows[1..].iter().map(|row| row[0].as_str()).collect();
    for name in NAMES {
        let shown = players.iter().find(|shown| shown.trim_start_matches('\'') == name);
        assert!(shown.is_some(), "{name:?} did not come back as text: {players:?}");
    }
    assert!(
        !players.contains(&"5") && !players.contains(&"2") && !players.contains(&"1"),
        "a formula ran: {players:?}"
    );
    assert!(players.contains(&"Zoë"), "the accent survived: {players:?}");
}

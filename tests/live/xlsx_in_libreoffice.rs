//! The live round's workbook read back by a spreadsheet, Linux only: LibreOffice
//! (headless) opens the .xlsx and writes its cells out as UTF-8 CSV. Every nickname
//! comes back exactly as typed: accents and emoji intact (a workbook carries its
//! encoding), a formula-like name as text with no apostrophe in front (its cell says
//! it is text). Needs `soffice` (Debian's libreoffice-calc-nogui): opt-in
//! (`cargo test --test live -- --ignored`), and it fails when `soffice` is missing.

use std::process::Command;

use crate::csv_in_libreoffice::round_ended_early;

const NAMES: [&str; 8] = ["=2+3", "Zoë 🦊", "José", "@SUM(1+1)", "+cmd", "-1+2", "=1+1", "Ana"];

#[test]
#[ignore = "needs LibreOffice's soffice (Debian: libreoffice-calc-nogui)"]
fn linux_only_libreoffice_reads_the_live_workbook_cell_for_cell() {
    if let Err(error) = Command::new("soffice").arg("--version").output() {
        panic!("this test needs LibreOffice's `soffice` on PATH (Debian: apt install libreoffice-calc-nogui): {error}");
    }
    let dir = tempfile::tempdir().unwrap();
    let record = round_ended_early(&NAMES).record();
    let workbook = dir.path().join("round.xlsx");
    std::fs::write(&workbook, record.xlsx().unwrap()).unwrap();
    let out = dir.path().join("out");
    // A profile of its own, so that a LibreOffice already running elsewhere is not in the way.
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    // Written back as UTF-8 (76), comma-separated, quoted, the cells as shown.
    let status = Command::new("soffice")
        .args([&profile, "--headless", "--norestore"])
        .args(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false"])
        .arg("--outdir")
        .arg(&out)
        .arg(&workbook)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let written = std::fs::read_dir(&out).expect("LibreOffice wrote the cells back").flatten().next().unwrap().path();
    let read_back = std::fs::read_to_string(written).unwrap();
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(read_back.as_bytes())
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows[0][..3], ["player", "question", "card"], "the header as written, no byte-order mark");
    assert_eq!(rows.len(), 1 + NAMES.len() * 3, "only the 3 questions asked of 5: {read_back}");
    for (place, name) in NAMES.iter().enumerate() {
        for question in 0..3 {
            let row = &rows[1 + place * 3 + question];
            assert_eq!(row[0], *name, "the name exactly as typed: {row:?}");
            assert_eq!(row[1], (question + 1).to_string(), "the question's number: {row:?}");
            assert_eq!(row[6], "yes", "{row:?}");
        }
    }
    let score: u32 = rows[1][9].parse().expect("the final score is a number");
    assert!(score >= 1_500, "{score}");
}

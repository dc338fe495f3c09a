//! `portcards check FILE` as a teacher would run it on their own table.

use std::process::Command;

fn check(path: &std::path::Path) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_portcards")).arg("check").arg(path).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn seed_table_is_clean() {
    let (code, text) = check(std::path::Path::new("data/ports.md"));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("46 rows, 18 core, 139 cards"), "{text}");
    assert!(text.contains("no problems"), "{text}");
}

#[test]
fn bad_rows_are_named_by_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.md");
    std::fs::write(&path, "| Port | Service |\n|---|---|\n| 22 | SSH |\n| x | Bad |\n| 99999 | Big |\n").unwrap();
    let (code, text) = check(&path);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("1 rows, 0 core, 3 cards"), "{text}");
    assert!(text.contains("line 4: port \"x\""), "{text}");
    assert!(text.contains("line 5: port \"99999\""), "{text}");
}

#[test]
fn missing_and_binary_files_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = check(&dir.path().join("nope.md"));
    assert_eq!(code, 2);
    assert!(text.contains("cannot read"), "{text}");
    let binary = dir.path().join("blob.bin");
    std::fs::write(&binary, [0u8, 159, 146, 150, 255]).unwrap();
    let (code, text) = check(&binary);
    assert_eq!(code, 2);
    assert!(text.contains("not a text file"), "{text}");
}

#[test]
fn seed_file_is_a_byte_for_byte_copy_of_the_users_table() {
    // The user's file as given: its length and FNV-1a hash, recorded once from
    // ../shared/seed/ports.md, so that the check runs wherever the repository is.
    const SEED_LENGTH: usize = 3615;
    const SEED_FNV1A: u64 = 0x7738_d53b_b407_5354;
    let copy = std::fs::read("data/ports.md").unwrap();
    assert_eq!((copy.len(), fnv1a(&copy)), (SEED_LENGTH, SEED_FNV1A), "data/ports.md differs from the user's file");
    // Beside the shared folder, compare every byte too.
    if let Ok(original) = std::fs::read("../shared/seed/ports.md") {
        assert_eq!(copy, original);
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

fn lookup(query: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_portcards")).arg("lookup").args(query).output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).to_string())
}

#[test]
fn lookup_by_port_prints_the_whole_row() {
    let (code, text) = lookup(&["445"]);
    assert_eq!(code, 0, "{text}");
    for expected in ["445", "Microsft DS", "Server Message Block", "transport: TCP", "N10-009"] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
}

#[test]
fn lookup_says_what_goes_over_the_wire_its_families_and_the_secure_replacement() {
    let (code, text) = lookup(&["telnet"]);
    assert_eq!(code, 0, "{text}");
    for expected in ["on wire:   clear text", "families:  remote access, legacy", "secure:    SSH, port 22"] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
}

#[test]
fn lookup_by_acronym_full_name_typo_and_port_in_a_range() {
    for (query, expected) in [
        (&["smb"][..], "445"),
        (&["secure", "shell"][..], "SSH/SCP"),
        (&["kerbros"][..], "464"),
        (&["138"][..], "137-139"),
        (&["rdp"][..], "3389"),
        (&["ftp", "over", "ssh"][..], "22         SSH/SCP"),
        (&["telnets"][..], "TELNETS (port 992, not in this deck)"),
        (&["snmpv3"][..], "161-162"),
    ] {
        let (code, text) = lookup(query);
        assert_eq!(code, 0, "{query:?}: {text}");
        assert!(text.contains(expected), "{query:?}: {text}");
    }
    let (_, text) = lookup(&["ftp"]);
    assert!(text.contains("FTP-transfer") && text.contains("FTP-connection"), "{text}");
}

#[test]
fn lookup_of_something_unknown_lists_candidates_and_exits_1() {
    let (code, text) = lookup(&["zzzz"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("The closest"), "{text}");
    let (code, text) = lookup(&["transfer"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("fits several ports"), "{text}");
    let (code, text) = lookup(&["99999"]);
    assert_eq!(code, 1);
    assert!(text.contains("ports run from 1 to 65535"), "{text}");
}

#[test]
fn a_missing_table_names_the_file_and_the_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-table.md");
    // The system's own words for the cause, whatever the system.
    let cause = std::fs::read(&missing).unwrap_err();
    let output = Command::new(env!("CARGO_BIN_EXE_portcards")).arg("check").arg(&missing).output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(said.trim(), format!("portcards: cannot read {}: {cause}", missing.display()));
}

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
    let shared = std::path::Path::new("../shared/seed/ports.md");
    if let Ok(original) = std::fs::read(shared) {
        assert_eq!(std::fs::read("data/ports.md").unwrap(), original);
    }
}

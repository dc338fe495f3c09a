//! A live round killed mid-question (SIGKILL, no chance to save anything), Linux only:
//! every answer a phone was told was counted is in the round's journal, and the next
//! start offers the round's results with them. The round runs in a child process
//! (`portcards serve-round`, hidden), the phones are HTTP clients here.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use portcards::live::journal::RoundRecord;

fn journal_in(folder: &std::path::Path) -> std::path::PathBuf {
    let mut found = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "jsonl") {
                found.push(path);
            }
        }
    }
    assert_eq!(found.len(), 1, "one round, one journal: {found:?}");
    found.remove(0)
}

#[test]
fn linux_only_sigkill_mid_question_keeps_every_acknowledged_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_portcards"))
        .arg("--config-dir")
        .arg(dir.path())
        .args(["serve-round", "--questions", "3", "--players", "12"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let parts: Vec<&str> = line.split_whitespace().collect();
    let [_, url, pin] = parts[..] else { panic!("{line:?}") };
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let post = |path: &str, body: String| -> serde_json::Value {
        let mut response =
            agent.post(format!("{url}{path}")).header("Content-Type", "application/json").send(body).unwrap();
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
    };
    let tokens: Vec<(String, String)> = (0..12)
        .map(|student| {
            let name = format!("student {student}");
            let joined = post("api/join", format!(r#"{{"type":"join","pin":"{pin}","name":"{name}"}}"#));
            (name, joined["token"].as_str().unwrap().to_string())
        })
        .collect();
    // The first question opens once all twelve are in.
    let state = |token: &str| -> serde_json::Value {
        let mut response = agent.get(format!("{url}api/state?token={token}")).call().unwrap();
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
    };
    while state(&tokens[0].1)["view"]["phase"] != "asking" {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut acknowledged = Vec::new();
    for (student, (name, token)) in tokens.into_iter().enumerate() {
        let option = student % 4;
        let ack =
            post("api/answer", format!(r#"{{"type":"answer","token":"{token}","question":0,"option":{option}}}"#));
        if ack["counted"] == true {
            acknowledged.push((name, option));
        }
    }
    assert_eq!(acknowledged.len(), 12);
    // Killed with no warning, straight after the last acknowledgement.
    child.kill().unwrap();
    child.wait().unwrap();

    let record = RoundRecord::read(&journal_in(dir.path())).unwrap();
    assert!(!record.ended, "it never ended");
    for (name, _) in &acknowledged {
        let player = record.players.iter().find(|player| &player.name == name).expect("every player");
        assert!(player.answers.contains_key(&0), "{name}'s acknowledged answer is in the journal");
    }
    let csv = String::from_utf8(record.csv().unwrap()).unwrap();
    assert_eq!(csv.lines().count(), 1 + 12, "a row each for the one question asked: {csv}");
}

//! A full disk: saving fails without touching the last good file, and works again
//! once space is freed. Uses a 64 KiB tmpfs, so it needs root (as CI and the dev
//! machines have); elsewhere it says so and stops.

use std::process::Command;

use chrono::{DateTime, Duration, Utc};
use portcards::deck::CardId;
use portcards::matcher::Judgement;
use portcards::progress::{AnswerMode, Grade, Progress, Review};
use portcards::store::Store;

fn review(index: usize) -> Review {
    let at: DateTime<Utc> = "2026-11-27T10:00:00Z".parse().unwrap();
    Review {
        card: serde_json::from_str::<CardId>("\"22:port-to-service\"").unwrap(),
        at: at + Duration::minutes(index as i64),
        answer: "ssh".into(),
        verdict: Judgement::Correct,
        grade: Grade::Good,
        ms: 1500,
        mode: AnswerMode::Typed,
        overridden: false,
    }
}

#[test]
fn a_full_disk_keeps_the_last_good_file_and_saving_resumes_when_space_frees() {
    let dir = tempfile::tempdir().unwrap();
    let mount_point = dir.path().join("tiny");
    std::fs::create_dir(&mount_point).unwrap();
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"]).arg(&mount_point).status();
    if !mounted.is_ok_and(|status| status.success()) {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    }
    let outcome = std::panic::catch_unwind(|| {
        let store = Store::at(mount_point.join("portcards"));
        let mut progress = Progress::default();
        progress.log.extend((0..20).map(review));
        store.save(&progress).unwrap();
        let good = std::fs::read(store.progress_path()).unwrap();

        let filler = mount_point.join("filler");
        let _ = std::fs::write(&filler, vec![0u8; 60 * 1024]);
        progress.log.extend((20..400).map(review));
        let error = store.save(&progress).unwrap_err();
        assert!(error.to_string().contains("progress.json"), "{error}");
        assert_eq!(std::fs::read(store.progress_path()).unwrap(), good, "the last good file is untouched");

        std::fs::remove_file(&filler).unwrap();
        let _ = std::fs::remove_file(store.backup_path());
        progress.log.truncate(150);
        store.save(&progress).unwrap();
        assert_eq!(store.load(Utc::now()).progress.log.len(), 150);
    });
    let _ = Command::new("umount").arg(&mount_point).status();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

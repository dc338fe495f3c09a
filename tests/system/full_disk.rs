//! A full disk, Linux only: saving fails with "No space left" without touching the
//! last good file, and works again once space is freed. Uses a 64 KiB tmpfs, so it
//! needs root and `mount`: opt-in (`cargo test --test system -- --ignored`), and it
//! fails when it cannot mount the tmpfs.

use std::process::Command;

use chrono::Utc;
use portcards::progress::Progress;
use portcards::store::{Store, StoreError};

use portcards::testing::long_history;

#[test]
#[ignore = "needs root and mount (it mounts a 64 KiB tmpfs)"]
fn linux_only_tmpfs_a_full_disk_keeps_the_last_good_file_and_saving_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let mount_point = dir.path().join("tiny");
    std::fs::create_dir(&mount_point).unwrap();
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"]).arg(&mount_point).status();
    match mounted {
        Ok(status) if status.success() => {}
        Ok(status) => panic!("mounting a 64 KiB tmpfs failed ({status}): this test needs root"),
        Err(error) => panic!("this test needs `mount` (util-linux) and root: {error}"),
    }
    let outcome = std::panic::catch_unwind(|| {
        let store = Store::at(mount_point.join("portcards"));
        let history = long_history(400, "2026-11-27T10:00:00Z");
        let mut progress = Progress { log: history[..20].to_vec(), ..Progress::default() };
        store.save(&progress).unwrap();
        let good = std::fs::read(store.progress_path()).unwrap();

        let filler = mount_point.join("filler");
        // The filler takes what room there is; running out part way is the point.
        std::fs::write(&filler, vec![0u8; 60 * 1024]).ok();
        progress.log = history;
        let error = store.save(&progress).unwrap_err();
        let StoreError::Write { path, cause } = &error else { panic!("{error}") };
        assert_eq!(cause.kind(), std::io::ErrorKind::StorageFull, "the out-of-space error itself: {error}");
        assert!(path.ends_with("progress.json"), "{error}");
        assert_eq!(std::fs::read(store.progress_path()).unwrap(), good, "the last good file is untouched");

        std::fs::remove_file(&filler).unwrap();
        if store.backup_path().exists() {
            std::fs::remove_file(store.backup_path()).unwrap();
        }
        progress.log.truncate(150);
        store.save(&progress).unwrap();
        assert_eq!(store.load(Utc::now()).progress.log.len(), 150);
    });
    let unmounted = Command::new("umount").arg(&mount_point).status();
    assert!(unmounted.is_ok_and(|status| status.success()), "the tmpfs stays mounted at {}", mount_point.display());
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

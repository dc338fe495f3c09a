//! Crashes and a full disk: a child process killed while it saves (Unix), and saving
//! onto a tmpfs that fills up (Linux, as root). `cargo test --test system`.

#[cfg(target_os = "linux")]
mod full_disk;
#[cfg(unix)]
mod kill_safety;

//! The live classroom round: its server over real HTTP and WebSocket connections on
//! loopback, a serving process killed mid-question, and (opt-in, Linux) the student
//! page in a real browser, the CSV read back by LibreOffice, and forty phones on an
//! emulated classroom network. `cargo test --test live`; the opt-in ones with
//! `cargo test --test live -- --ignored` on a machine that has what each names.

mod class_memory;
mod class_script;
mod fair_play;
mod server;

#[cfg(target_os = "linux")]
mod browser;
#[cfg(all(target_os = "linux", feature = "live"))]
mod classroom_network;
#[cfg(all(target_os = "linux", feature = "live"))]
mod csv_in_libreoffice;
#[cfg(all(target_os = "linux", feature = "live"))]
mod kill;
#[cfg(all(target_os = "linux", feature = "live"))]
mod xlsx_in_libreoffice;

// The classroom network and the phones on it (shared with examples/live_load.rs).
#[cfg(all(target_os = "linux", feature = "live"))]
mod classroom;
#[cfg(all(target_os = "linux", feature = "live"))]
mod phones;

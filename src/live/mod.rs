//! The live classroom round: the teacher's laptop hosts a quiz that students
//! answer from their phones, on the classroom network, with nothing to install and
//! no accounts.
//!
//! - [`round`]: the rules (joining, timing, scoring, streaks, reconnecting,
//!   removal), with the clock and randomness passed in.
//! - [`report`]: what the class did (standings, podium, misses) and the record kept
//!   after a round, with its CSV; [`journal`]: the round written down as it is played.
//! - [`nickname`], [`messages`]: what a student may call themselves and send.
//! - [`server`], [`network`], [`limiter`] (feature `live`): the web server on its own
//!   thread, the list of adapters the teacher picks the address from, and how fast
//!   one address, token or name may ask.
//!
//! A live round never touches anyone's spaced-repetition progress; the only thing
//! written is the CSV the teacher exports.

pub mod chosen;
pub mod class_memory;
pub mod classes;
pub mod journal;
#[cfg(feature = "live")]
pub mod limiter;
pub mod messages;
#[cfg(feature = "live")]
pub mod network;
pub mod nickname;
pub mod report;
pub mod round;
#[cfg(feature = "live")]
pub mod server;

pub use round::{LiveKind, LivePool, Round, RoundSetup};

/// The port a round listens on when it is free (easy to read off a projector).
pub const PREFERRED_PORT: u16 = 8765;
/// When it is taken, the next free one of these: a small fixed range, so that one
/// firewall rule (which the hints on the projector give) lets every round in.
pub const PORTS: std::ops::RangeInclusive<u16> = PREFERRED_PORT..=8775;

/// The address students type: the raw IP, since phones often cannot resolve `.local`.
pub fn join_address(ip: std::net::IpAddr, port: u16) -> String {
    format!("http://{ip}:{port}/")
}

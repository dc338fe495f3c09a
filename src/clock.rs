//! Where "now" comes from: the system clock in the app, a hand-set clock in tests.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, FixedOffset, Local};

/// A source of the current time, with the learner's UTC offset.
pub trait Clock {
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The real time in the local time zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// A clock that stands still until moved; clones share the same time, so a test
/// can keep one handle and give the other to the app.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<DateTime<FixedOffset>>>,
}

impl ManualClock {
    pub fn new(now: DateTime<FixedOffset>) -> Self {
        ManualClock { now: Arc::new(Mutex::new(now)) }
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }

    pub fn set(&self, to: DateTime<FixedOffset>) {
        *self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<FixedOffset> {
        *self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_time() {
        let clock = ManualClock::new(DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap());
        let handle = clock.clone();
        handle.advance(Duration::days(2));
        assert_eq!(clock.now().to_rfc3339(), "2026-11-29T10:00:00+01:00");
    }
}

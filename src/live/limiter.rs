//! How fast one key (an address, a player's token, a nickname) may ask: a token
//! bucket per key, with the time passed in, that forgets a key once its bucket has
//! filled up again (an idle key and a fresh one behave the same, so nothing is lost
//! by forgetting it, and made-up keys do not pile up for the round's length).
//!
//! The server decides which requests count against which key (`live::server`);
//! this only keeps the buckets.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

/// How often one key may ask: a bucket of `burst` that refills `per_second`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub burst: f64,
    pub per_second: f64,
}

impl RateLimit {
    /// How long an empty bucket takes to fill again, after which its key is forgotten.
    fn refill_time(self) -> Duration {
        Duration::milliseconds((self.burst / self.per_second * 1000.0).ceil() as i64)
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: DateTime<Utc>,
    limit: RateLimit,
}

impl Bucket {
    fn tokens_at(&self, now: DateTime<Utc>) -> f64 {
        let elapsed = (now - self.last).num_milliseconds().max(0) as f64 / 1000.0;
        (self.tokens + elapsed * self.limit.per_second).min(self.limit.burst)
    }

    fn is_full_at(&self, now: DateTime<Utc>) -> bool {
        self.tokens_at(now) >= self.limit.burst
    }
}

/// The buckets of every key heard from lately.
#[derive(Debug, Default)]
pub struct Buckets {
    buckets: HashMap<String, Bucket>,
    last_swept: Option<DateTime<Utc>>,
}

/// How often the full buckets are swept out: often enough that a flood of made-up
/// keys stays small, rarely enough that the sweep costs nothing per request.
const SWEEP_EVERY_SECONDS: i64 = 10;

impl Buckets {
    /// Takes one from the key's bucket; false (and nothing taken) when it is empty.
    pub fn take(&mut self, key: &str, limit: RateLimit, now: DateTime<Utc>) -> bool {
        self.sweep(now);
        let bucket = self.buckets.entry(key.to_string()).or_insert(Bucket { tokens: limit.burst, last: now, limit });
        bucket.tokens = bucket.tokens_at(now);
        bucket.last = now;
        bucket.limit = limit;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Whether the key's bucket is empty now, without taking from it.
    pub fn is_empty(&self, key: &str, now: DateTime<Utc>) -> bool {
        self.buckets.get(key).is_some_and(|bucket| bucket.tokens_at(now) < 1.0)
    }

    /// How many keys are remembered (a key whose bucket is full again is not).
    pub fn remembered(&self) -> usize {
        self.buckets.len()
    }

    /// Forgets the keys whose buckets have filled up again.
    fn sweep(&mut self, now: DateTime<Utc>) {
        if self.last_swept.is_some_and(|swept| now - swept < Duration::seconds(SWEEP_EVERY_SECONDS)) {
            return;
        }
        self.last_swept = Some(now);
        self.buckets.retain(|_, bucket| !bucket.is_full_at(now));
    }

    /// The longest a key is remembered after it was last heard from.
    pub fn longest_memory(limits: &[RateLimit]) -> Duration {
        limits.iter().map(|limit| limit.refill_time()).max().unwrap_or_else(Duration::zero)
            + Duration::seconds(SWEEP_EVERY_SECONDS)
    }
}

//! What the crash and disk tests share: a long history of answers.

/// The answers of a long history: `count` right answers to the SSH card, a minute
/// apart from `start`, as after months of study (for tests that need saves to take
/// time or files to grow).
pub fn long_history(count: usize, start: &str) -> Vec<portcards::progress::Review> {
    use portcards::progress::{Grade, Review};
    let start: chrono::DateTime<chrono::Utc> = start.parse().expect("a valid test time");
    (0..count)
        .map(|index| Review {
            answer: "ssh".into(),
            ms: 1500,
            ..portcards::testing::review(
                "22:port-to-service",
                start + chrono::Duration::minutes(index as i64),
                Grade::Good,
            )
        })
        .collect()
}

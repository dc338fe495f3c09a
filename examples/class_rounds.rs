//! A class's rounds played by script into a profile folder, for the class view's
//! screenshot: "Period 3 Network+" plays three rounds of ten core questions (a
//! Tuesday, the Friday, the next Tuesday, the last a week ago), twenty-four students
//! each, and "Period 5" one. Students know the well-known ports better, and a port
//! better each time the class has been asked it. Then open the window on the folder:
//!
//!     cargo run --example class_rounds -- /tmp/class-view
//!     portcards --config-dir /tmp/class-view    # the Live tab: the class view

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use chrono::{Duration, Local};

// The live tests' scripted teacher; the tests use the rest of it.
#[path = "../tests/live/class_script.rs"]
#[allow(dead_code)]
mod class_script;

use class_script::{Teacher, four};

const STUDENTS: usize = 24;

/// How likely a student is to know a card before the class met it in a round: the
/// ports below 1024 better than the rest.
fn known_before(card: &str) -> u64 {
    let port = card.split([':', '-']).next().and_then(|port| port.parse::<u32>().ok()).unwrap_or(0);
    if port < 100 {
        80
    } else if port < 1024 {
        55
    } else {
        35
    }
}

/// Whether a student knows a card, by a stable hash: each round the class has been
/// asked it adds 20 points of likelihood.
fn knows(student: usize, card: &str, times_asked: u64) -> bool {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (student, card).hash(&mut hasher);
    hasher.finish() % 100 < (known_before(card) + 20 * times_asked).min(95)
}

fn main() {
    let folder: std::path::PathBuf = std::env::args().nth(1).expect("usage: class_rounds FOLDER").into();
    std::fs::create_dir_all(&folder).expect("the folder");
    let today = Local::now().fixed_offset();
    let mut teacher = Teacher::open(folder.clone(), today);
    let mut asked: HashMap<String, u64> = HashMap::new();
    for days_ago in [14, 11, 7] {
        let lesson = today - Duration::days(days_ago);
        let played = teacher.play(lesson, "Period 3 Network+", four(10), STUDENTS, |student, card| {
            knows(student, card, asked.get(card).copied().unwrap_or(0))
        });
        for card in played {
            *asked.entry(card).or_default() += 1;
        }
    }
    teacher
        .play(today - Duration::days(9), "Period 5", four(10), STUDENTS / 2, |student, card| knows(student, card, 0));
    let kept = teacher.desk.kept_rounds();
    println!("{} rounds kept in {}", kept.rounds.len(), folder.display());
}

//! Speed of the things a learner waits on: the per-frame UI work of every screen (the
//! real app driven headlessly by egui_kittest, with a 10,000-review history) and
//! saving progress after an answer with that history, choosing the next card under
//! the exam plan, and refitting the memory model; and the longest study frame while a
//! refit runs, with 10,000 and 100,000 reviews in the log; and the frame that opens
//! Statistics after an answer (its figures computed afresh), with 100,000 reviews; and
//! the Live screen's class memory with three classes' years of rounds kept (reading
//! every round, and one class's view).
//!
//!     cargo run --release --example perf_benchmark

use std::time::{Duration, Instant};

use chrono::DateTime;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use portcards::app::egui;
use portcards::app::{PortcardsApp, Startup};
use portcards::clock::ManualClock;
use portcards::deck::Deck;
use portcards::facts::Facts;
use portcards::memory_model::{self, MemoryModel};
use portcards::profiles::{DEFAULT_PROFILE, Profiles};
use portcards::progress::{Grade, Progress, Review};
use portcards::schedule::Scheduler;
use portcards::session::Session;
use portcards::store::Store;
use portcards::table::parse_table;
use portcards::testing::review;

const REVIEWS: usize = 10_000;

/// A year of study: every card reviewed, `reviews` answers in the log.
fn heavy_progress(reviews: usize) -> Progress {
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
    let scheduler = Scheduler::new(Default::default());
    let start = DateTime::parse_from_rfc3339("2025-11-27T10:00:00+00:00").unwrap();
    let mut progress = Progress::default();
    let minutes_apart = (500_000 / reviews).max(1) as i64;
    for index in 0..reviews {
        let card = &deck.cards[index % deck.cards.len()];
        let at = start + chrono::Duration::minutes(minutes_apart * index as i64);
        let grade = if index % 7 == 0 { Grade::Again } else { Grade::Good };
        let state = scheduler.apply(&card.id, progress.cards.get(&card.id), card.core, grade, at);
        progress.cards.insert(card.id.clone(), state);
        progress.log.push(Review { answer: card.answer.clone(), ..review(card.id.as_str(), at.to_utc(), grade) });
    }
    progress
}

/// A memory model fitted to this history, as the app would hold it (no refit due).
fn fitted(progress: &Progress) -> MemoryModel {
    MemoryModel {
        evidence: 5_000,
        forgetting_spread: 0.2,
        fitted_at_reviews: progress.log.len(),
        ..MemoryModel::default()
    }
}

/// Time from a typed answer to the next card showing (grading it picks the next one).
fn answers_under_the_plan(progress: &Progress, model: MemoryModel) -> Vec<Duration> {
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
    let mut progress = progress.clone();
    let last = progress.log.last().map(|review| review.at).expect("a history");
    let mut now = (last + chrono::Duration::days(1)).fixed_offset();
    progress.settings.exam_date = Some((now + chrono::Duration::days(10)).date_naive());
    progress.memory_model = model;
    let mut session = Session::new(deck, progress, now, 1);
    session.practise_ahead(now);
    (0..60)
        .map(|_| {
            let answer = session.current_card().expect("a card to practise").answer.clone();
            let started = Instant::now();
            session.submit(&answer, now);
            session.grade(Grade::Good, now);
            let took = started.elapsed();
            now += chrono::Duration::seconds(10);
            took
        })
        .collect()
}

fn summary(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    let p99 = samples[(samples.len() * 99 / 100).min(samples.len() - 1)];
    let max = samples[samples.len() - 1];
    format!("mean {:>7.3} ms   p99 {:>7.3} ms   max {:>7.3} ms", ms(mean), ms(p99), ms(max))
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The real app on these profiles at 960x680, saving and refitting off the frame as the
/// binary does, its first frame drawn.
fn open_app(profiles: Profiles) -> Harness<'static, PortcardsApp> {
    let clock = ManualClock::new(DateTime::parse_from_rfc3339("2026-11-27T10:00:00+00:00").unwrap());
    let startup = Startup {
        rows: parse_table(portcards::BUILTIN_TABLE).rows,
        facts: Facts::builtin(),
        profiles,
        profile: DEFAULT_PROFILE.to_string(),
        pick_profile: false,
        background_work: true,
        clock: Box::new(clock),
        seed: 1,
        table_warnings: Vec::new(),
        documents: std::env::temp_dir(),
    };
    let mut harness: Harness<'static, PortcardsApp> = Harness::builder()
        .with_size([960.0, 680.0])
        .with_max_steps(10_000)
        .build_eframe(|cc| PortcardsApp::new(&cc.egui_ctx, startup));
    harness.run();
    harness
}

/// The real app studying with `reviews` in the log and a refit due at the next answer:
/// every frame of six answers (typing, checking, grading) and of the moments after,
/// timed, while the refit runs on its worker. Says whether the refit landed.
fn study_frames_across_a_refit(reviews: usize) -> (Vec<Duration>, bool) {
    let mut progress = heavy_progress(reviews);
    progress.memory_model =
        MemoryModel { fitted_at_reviews: reviews + 1 - memory_model::REFIT_EVERY, ..fitted(&progress) };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let profiles = Profiles::at(dir.path());
    profiles.store(DEFAULT_PROFILE).save(&progress).expect("the first save");
    let mut harness = open_app(profiles);
    let mut frames = Vec::new();
    let mut timed_step = |harness: &mut Harness<'static, PortcardsApp>| {
        let started = Instant::now();
        harness.step();
        frames.push(started.elapsed());
    };
    for _ in 0..6 {
        let answer = harness.state().desk().session().current_card().expect("a card due").answer.clone();
        let field = harness.get_by_label("Your answer");
        field.focus();
        field.type_text(&answer);
        timed_step(&mut harness);
        for _ in 0..2 {
            // Enter checks the answer, then takes the suggested grade.
            harness.key_press(egui::Key::Enter);
            timed_step(&mut harness);
        }
        for _ in 0..10 {
            std::thread::sleep(Duration::from_millis(3));
            timed_step(&mut harness);
        }
    }
    // The model it started with was fitted REFIT_EVERY - 1 answers before the log's end.
    let started_at = reviews + 1 - memory_model::REFIT_EVERY;
    let refitted = harness.state().desk().session().memory_model().fitted_at_reviews > started_at;
    (frames, refitted)
}

/// The frame that opens Statistics right after an answer, when its figures are
/// computed afresh (the answer changed the desk), with `reviews` in the log: 20 times.
fn statistics_frames_after_an_answer(reviews: usize) -> Vec<Duration> {
    let mut progress = heavy_progress(reviews);
    progress.memory_model = fitted(&progress);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let profiles = Profiles::at(dir.path());
    profiles.store(DEFAULT_PROFILE).save(&progress).expect("the first save");
    let mut harness = open_app(profiles);
    (0..20)
        .map(|_| {
            let answer = harness.state().desk().session().current_card().expect("a card due").answer.clone();
            let field = harness.get_by_label("Your answer");
            field.focus();
            field.type_text(&answer);
            harness.run();
            for _ in 0..2 {
                harness.key_press(egui::Key::Enter);
                harness.run();
            }
            harness.key_press(egui::Key::F3);
            let started = Instant::now();
            harness.step();
            let took = started.elapsed();
            harness.run();
            harness.key_press(egui::Key::F1);
            harness.run();
            took
        })
        .collect()
}

/// What the frame that takes in a finished import does (the file was read and parsed
/// on its own thread): merge it into a copy of the progress and start the session over
/// from it. Both hold `reviews`, the same ones (moving to another machine and back).
fn taking_in_an_import(reviews: usize) -> Vec<Duration> {
    let progress = heavy_progress(reviews);
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
    let now = (progress.log.last().expect("a history").at + chrono::Duration::days(1)).fixed_offset();
    let mut session = Session::new(deck, progress.clone(), now, 1);
    (0..10)
        .map(|_| {
            let other = progress.clone();
            let started = Instant::now();
            let mut merged = session.progress().clone();
            std::hint::black_box(merged.merge(other));
            session.replace_progress(merged, now);
            started.elapsed()
        })
        .collect()
}

/// Three classes, a round twice a week for a year each (300 rounds), 30 students and
/// 10 questions a round: the journals a busy teacher's profile would hold.
fn a_year_of_rounds(profile: &std::path::Path, deck: &Deck) -> usize {
    use portcards::live::journal::{Event, Journal, JournalQuestion};
    let core: Vec<usize> = (0..deck.cards.len())
        .filter(|&card| deck.cards[card].core && deck.cards[card].direction.asks_for() == "service")
        .collect();
    let first: chrono::DateTime<chrono::Utc> = "2025-12-01T09:00:00Z".parse().unwrap();
    let mut rounds = 0;
    for class in ["Period 1", "Period 3 Network+", "Evening Security+"] {
        for round in 0..100i64 {
            let at = first + chrono::Duration::hours(round * 84) + chrono::Duration::minutes(rounds as i64);
            let questions: Vec<JournalQuestion> = (0..10)
                .map(|place| {
                    let card = &deck.cards[core[(round as usize * 7 + place * 3) % core.len()]];
                    JournalQuestion {
                        card: card.id.as_str().into(),
                        prompt: card.prompt.clone(),
                        answer: card.answer.clone(),
                    }
                })
                .collect();
            let mut events = vec![Event::Started { at, questions, class: Some(class.into()), pool: None, kind: None }];
            for student in 0..30u32 {
                events.push(Event::Joined { player: student, name: format!("Student {student}") });
            }
            for question in 0..10 {
                events.push(Event::Opened { question });
                for student in 0..30u32 {
                    let right = !(student as usize + question + round as usize).is_multiple_of(3);
                    let given = if right { "right" } else { "wrong" }.to_string();
                    events.push(Event::Answered { player: student, question, given, right, points: 700, seconds: 4.0 });
                }
            }
            events.push(Event::Ended);
            Journal::create(profile, at).and_then(|mut journal| journal.record(&events)).expect("a journal written");
            rounds += 1;
        }
    }
    rounds
}

/// Reading every kept round, and one class's view (its memory, weakest, curve, plan).
fn class_memory_with_a_year_of_rounds() -> (Vec<Duration>, Vec<Duration>, usize) {
    use portcards::live::classes::{ClassReport, KeptRounds};
    let deck = Deck::build(parse_table(portcards::BUILTIN_TABLE).rows, &Facts::builtin(), false);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let rounds = a_year_of_rounds(dir.path(), &deck);
    let now: chrono::DateTime<chrono::Utc> = "2026-12-01T09:00:00Z".parse().unwrap();
    let reads: Vec<Duration> = (0..10)
        .map(|_| {
            let started = Instant::now();
            let kept = KeptRounds::read(dir.path(), now);
            assert_eq!(kept.rounds.len(), rounds);
            started.elapsed()
        })
        .collect();
    let kept = KeptRounds::read(dir.path(), now);
    let setup = portcards::live::RoundSetup { pool: portcards::live::LivePool::ClassReview, ..Default::default() };
    let pool = portcards::live::Round::pool(&deck, setup);
    let views: Vec<Duration> = (0..10)
        .map(|_| {
            let started = Instant::now();
            let report = ClassReport::new(&deck, &kept, "Period 3 Network+", &pool, 10, now);
            assert_eq!(report.rounds, 100);
            started.elapsed()
        })
        .collect();
    (reads, views, rounds)
}

fn main() {
    let (reads, views, rounds) = class_memory_with_a_year_of_rounds();
    println!("The Live screen's class memory, {rounds} rounds kept (3 classes, a year each, 30 students), 10 times:");
    println!("  reading every round (on opening the screen)   {}", summary(reads));
    println!("  one class's view (memory, weakest, curve, plan) {}", summary(views));
    println!();
    println!("Taking in a finished import on the frame (merge and start over), 10 times:");
    for reviews in [10_000, 100_000] {
        println!("  {reviews:>7} reviews   {}", summary(taking_in_an_import(reviews)));
    }
    println!();
    println!("Opening Statistics after an answer (the real app, 960x680, figures computed afresh), 20 times:");
    println!("  {:>7} reviews   {}", 100_000, summary(statistics_frames_after_an_answer(100_000)));
    println!();
    println!("Study frames while the memory model refits (the real app, 960x680, six answers and the frames after):");
    for reviews in [10_000, 100_000] {
        let (frames, refitted) = study_frames_across_a_refit(reviews);
        let landed = if refitted { "the refit landed" } else { "THE REFIT DID NOT LAND" };
        println!("  {reviews:>7} reviews, {} frames   {}   ({landed})", frames.len(), summary(frames));
    }
    println!();
    let progress = heavy_progress(REVIEWS);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::at(dir.path());
    store.save(&progress).expect("the first save");
    let size = std::fs::metadata(store.progress_path()).map(|meta| meta.len()).unwrap_or(0);

    println!("Saving progress with {REVIEWS} reviews ({:.1} MB on disk), 50 saves:", size as f64 / 1e6);
    let saves: Vec<Duration> = (0..50)
        .map(|_| {
            let started = Instant::now();
            store.save(&progress).expect("a save");
            started.elapsed()
        })
        .collect();
    println!("  save (serialise, write, fsync, rename, fsync folder)   {}", summary(saves));
    let serialise: Vec<Duration> = (0..50)
        .map(|_| {
            let started = Instant::now();
            let bytes = serde_json::to_vec(&progress).expect("serialisable");
            std::hint::black_box(bytes);
            started.elapsed()
        })
        .collect();
    println!("  of which serialising alone                            {}", summary(serialise));
    let handover: Vec<Duration> = (0..50)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(progress.clone());
            started.elapsed()
        })
        .collect();
    println!("  what a frame waits for (copy handed to the writer)    {}", summary(handover));

    println!(
        "\nAnswering and choosing the next card under the exam plan ({REVIEWS} reviews, exam in 10 days), 60 answers:"
    );
    for (name, model) in [
        ("one look a card (spacing learner)", MemoryModel { forgetting: 2.0, decay: 1.0, ..fitted(&progress) }),
        (
            "runs of looks (growth learner)",
            MemoryModel { forgetting: 2.0, decay: 1.0, growth: 2.0, ..fitted(&progress) },
        ),
    ] {
        println!("  {name:<35} {}", summary(answers_under_the_plan(&progress, model)));
    }

    println!("\nRefitting the memory model ({REVIEWS} reviews, the fit reads the last 4,000), 20 fits:");
    let fits: Vec<Duration> = (0..20)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(memory_model::fit(&progress.log));
            started.elapsed()
        })
        .collect();
    println!("  {:<35} {}", "as shipped", summary(fits));

    let mut harness = open_app(Profiles::at(dir.path()));
    println!("\nPer-frame UI work (egui pass and tessellation, no GPU), 960x680, 200 frames each:");
    let screens = [
        ("Study", egui::Key::F1),
        ("Browse", egui::Key::F2),
        ("Statistics", egui::Key::F3),
        ("Drill", egui::Key::F4),
        ("Self-test", egui::Key::F5),
        ("Profiles", egui::Key::F6),
        ("Settings", egui::Key::F7),
    ];
    for (name, key) in screens {
        harness.key_press(key);
        harness.run();
        let frames: Vec<Duration> = (0..200)
            .map(|_| {
                let started = Instant::now();
                harness.step();
                started.elapsed()
            })
            .collect();
        println!("  {name:<11} {}", summary(frames));
    }
}

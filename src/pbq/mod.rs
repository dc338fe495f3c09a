//! Performance-based questions: ports used the way the exams make candidates use them.
//! Three kinds, each generated from the facts with a seeded RNG and scored item by item
//! (a requirement, a line, a pair) with a sentence for each:
//!
//! - [`firewall`]: fill a rule table for a small network against written requirements;
//! - [`listing`]: read a server's `nmap -sV` or `ss -tulpn` output and mark lines;
//! - [`matching`]: match protocols with their ports or secure replacements.
//!
//! A task's misses name the ports involved, which study brings forward (see
//! [`crate::progress::Progress::bring_forward`]) without a review in the log.

pub mod firewall;
pub mod listing;
pub mod matching;
pub mod work;

use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

use crate::facts::Facts;
use crate::ports::PortSpec;

/// The kinds of task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PbqKind {
    Firewall,
    Listing,
    Matching,
}

impl PbqKind {
    pub const ALL: [PbqKind; 3] = [PbqKind::Firewall, PbqKind::Listing, PbqKind::Matching];

    pub fn label(self) -> &'static str {
        match self {
            PbqKind::Firewall => "Firewall rules",
            PbqKind::Listing => "Read the output",
            PbqKind::Matching => "Match",
        }
    }

    /// What is scored: "requirement", "line", "pair".
    pub fn item(self) -> &'static str {
        match self {
            PbqKind::Firewall => "requirement",
            PbqKind::Listing => "line",
            PbqKind::Matching => "pair",
        }
    }

    /// What a scored item is when it counts: a requirement is met, a line or pair right.
    pub fn verdict(self) -> &'static str {
        if self == PbqKind::Firewall { "met" } else { "right" }
    }
}

/// A generated task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pbq {
    Firewall(firewall::FirewallTask),
    Listing(listing::ListingTask),
    Matching(matching::MatchTask),
}

/// A learner's answer to a task, as the screen builds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PbqAnswer {
    Firewall(Vec<firewall::Rule>),
    Listing(Vec<bool>),
    Matching(Vec<Option<usize>>),
}

/// One scored item (a requirement, a line, a pair).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub item: String,
    pub right: bool,
    pub explanation: String,
    /// The ports the item is about, for bringing their cards forward when it is missed.
    pub ports: Vec<PortSpec>,
}

/// A checked task, as the history keeps it (the profile's pbqs.json).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PbqRecord {
    pub kind: PbqKind,
    pub at: chrono::DateTime<chrono::Utc>,
    pub right: usize,
    pub total: usize,
}

/// Each kind's tasks in a history: how many, the share of items right, the last score.
#[derive(Debug, Clone, PartialEq)]
pub struct KindSummary {
    pub kind: PbqKind,
    pub tasks: usize,
    pub share_right: f32,
    pub last: (usize, usize),
}

/// The kinds the learner has done, in [`PbqKind::ALL`]'s order.
pub fn summarise(history: &[PbqRecord]) -> Vec<KindSummary> {
    PbqKind::ALL
        .iter()
        .filter_map(|&kind| {
            let done: Vec<&PbqRecord> = history.iter().filter(|record| record.kind == kind).collect();
            let last = done.last()?;
            let (right, total) =
                done.iter().fold((0, 0), |(right, total), record| (right + record.right, total + record.total));
            Some(KindSummary {
                kind,
                tasks: done.len(),
                share_right: if total == 0 { 0.0 } else { right as f32 / total as f32 },
                last: (last.right, last.total),
            })
        })
        .collect()
}

/// A task's outcome: every item, and the score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PbqOutcome {
    pub kind: PbqKind,
    pub items: Vec<Scored>,
}

impl PbqOutcome {
    pub fn right(&self) -> usize {
        self.items.iter().filter(|item| item.right).count()
    }

    pub fn total(&self) -> usize {
        self.items.len()
    }

    /// "2 of 4 requirements met", "7 of 7 lines right".
    pub fn score_line(&self) -> String {
        let plural = if self.total() == 1 { "" } else { "s" };
        format!("{} of {} {}{plural} {}", self.right(), self.total(), self.kind.item(), self.kind.verdict())
    }

    /// The ports of the items missed, each once, in the order met.
    pub fn missed_ports(&self) -> Vec<PortSpec> {
        let mut ports: Vec<PortSpec> = Vec::new();
        for port in self.items.iter().filter(|item| !item.right).flat_map(|item| &item.ports) {
            if !ports.contains(port) {
                ports.push(port.clone());
            }
        }
        ports
    }
}

impl Pbq {
    /// A task of a kind, the same for the same seed.
    pub fn generate(kind: PbqKind, facts: &Facts, seed: u64) -> Pbq {
        let mut rng = StdRng::seed_from_u64(seed);
        match kind {
            PbqKind::Firewall => Pbq::Firewall(firewall::FirewallTask::generate(&mut rng)),
            PbqKind::Listing => Pbq::Listing(listing::ListingTask::generate(&mut rng)),
            PbqKind::Matching => Pbq::Matching(matching::MatchTask::generate(facts, &mut rng)),
        }
    }

    pub fn kind(&self) -> PbqKind {
        match self {
            Pbq::Firewall(_) => PbqKind::Firewall,
            Pbq::Listing(_) => PbqKind::Listing,
            Pbq::Matching(_) => PbqKind::Matching,
        }
    }

    /// An empty answer of the task's shape: no rules, no marks, nothing matched.
    pub fn blank_answer(&self) -> PbqAnswer {
        match self {
            Pbq::Firewall(_) => PbqAnswer::Firewall(Vec::new()),
            Pbq::Listing(task) => PbqAnswer::Listing(vec![false; task.lines.len()]),
            Pbq::Matching(task) => PbqAnswer::Matching(vec![None; task.pairs.len()]),
        }
    }

    /// The answer that gets full marks.
    pub fn reference_answer(&self) -> PbqAnswer {
        match self {
            Pbq::Firewall(task) => PbqAnswer::Firewall(task.reference.clone()),
            Pbq::Listing(task) => PbqAnswer::Listing(task.lines.iter().map(|line| line.should_mark).collect()),
            Pbq::Matching(task) => PbqAnswer::Matching(task.reference()),
        }
    }

    /// Scores an answer; an answer of another kind scores as a blank one.
    pub fn score(&self, answer: &PbqAnswer) -> PbqOutcome {
        let items = match (self, answer) {
            (Pbq::Firewall(task), PbqAnswer::Firewall(rules)) => firewall_items(task, rules),
            (Pbq::Firewall(task), _) => firewall_items(task, &[]),
            (Pbq::Listing(task), answer) => {
                let marks = match answer {
                    PbqAnswer::Listing(marks) => marks.as_slice(),
                    _ => &[],
                };
                task.score(marks)
                    .into_iter()
                    .zip(&task.lines)
                    .map(|(result, line)| Scored {
                        item: result.line,
                        right: result.right,
                        explanation: result.explanation,
                        ports: vec![PortSpec::single(line.service.port)],
                    })
                    .collect()
            }
            (Pbq::Matching(task), answer) => {
                let chosen = match answer {
                    PbqAnswer::Matching(chosen) => chosen.as_slice(),
                    _ => &[],
                };
                task.score(chosen)
                    .into_iter()
                    .zip(&task.pairs)
                    .map(|(result, pair)| Scored {
                        item: result.left,
                        right: result.right,
                        explanation: result.explanation,
                        ports: pair.ports.clone(),
                    })
                    .collect()
            }
        };
        PbqOutcome { kind: self.kind(), items }
    }
}

fn firewall_items(task: &firewall::FirewallTask, rules: &[firewall::Rule]) -> Vec<Scored> {
    task.score(rules)
        .into_iter()
        .zip(&task.requirements)
        .map(|(result, requirement)| {
            // The ports the requirement is about: what it must let through.
            let mut ports: Vec<PortSpec> = Vec::new();
            for probe in requirement.probes.iter().filter(|probe| probe.must == firewall::Action::Allow) {
                let port = PortSpec::single(probe.packet.port);
                if !ports.contains(&port) {
                    ports.push(port);
                }
            }
            Scored { item: result.text, right: result.met, explanation: result.explanation, ports }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Each kind meets a learner with new tasks: at least 50 distinct in 300 seeds, and
    /// every one is solved by its reference answer with full marks.
    #[test]
    fn every_kind_makes_fifty_distinct_tasks_each_solved_by_its_reference() {
        let facts = Facts::builtin();
        for kind in PbqKind::ALL {
            let mut distinct = HashSet::new();
            for seed in 0..300 {
                let task = Pbq::generate(kind, &facts, seed);
                let outcome = task.score(&task.reference_answer());
                assert_eq!(outcome.right(), outcome.total(), "{kind:?} seed {seed}");
                assert!(outcome.total() >= 2, "{kind:?} seed {seed}");
                assert!(outcome.missed_ports().is_empty());
                distinct.insert(signature(&task));
            }
            assert!(distinct.len() >= 50, "{kind:?}: only {} distinct tasks", distinct.len());
        }
    }

    /// What makes two tasks the same for a learner (not the addresses or the order).
    fn signature(task: &Pbq) -> String {
        match task {
            Pbq::Firewall(task) => {
                let texts: Vec<&str> = task.requirements.iter().map(|requirement| requirement.text.as_str()).collect();
                format!("{:?} {texts:?}", task.management)
            }
            Pbq::Listing(task) => {
                let mut ports: Vec<u16> = task.lines.iter().map(|line| line.service.port).collect();
                ports.sort_unstable();
                format!("{:?} {:?} {ports:?}", task.question, task.style)
            }
            Pbq::Matching(task) => {
                let mut lefts: Vec<&str> = task.pairs.iter().map(|pair| pair.left.as_str()).collect();
                lefts.sort_unstable();
                format!("{:?} {lefts:?}", task.kind)
            }
        }
    }

    #[test]
    fn a_blank_answer_misses_and_names_the_ports_to_study() {
        let facts = Facts::builtin();
        for kind in PbqKind::ALL {
            let task = Pbq::generate(kind, &facts, 11);
            let outcome = task.score(&task.blank_answer());
            assert!(outcome.right() < outcome.total(), "{kind:?}");
            assert!(!outcome.missed_ports().is_empty(), "{kind:?}");
        }
    }

    #[test]
    fn a_history_is_summarised_per_kind() {
        let at = crate::testing::at("2026-11-27T10:00:00+00:00").to_utc();
        let record = |kind, right, total| PbqRecord { kind, at, right, total };
        let history =
            [record(PbqKind::Matching, 4, 8), record(PbqKind::Firewall, 1, 4), record(PbqKind::Matching, 8, 8)];
        let summary = summarise(&history);
        assert_eq!(summary.len(), 2);
        assert_eq!((summary[0].kind, summary[0].tasks, summary[0].last), (PbqKind::Firewall, 1, (1, 4)));
        assert_eq!((summary[1].kind, summary[1].tasks, summary[1].last), (PbqKind::Matching, 2, (8, 8)));
        assert!((summary[1].share_right - 0.75).abs() < 1e-6);
        assert!(summarise(&[]).is_empty());
    }

    #[test]
    fn the_same_seed_makes_the_same_task() {
        let facts = Facts::builtin();
        for kind in PbqKind::ALL {
            assert_eq!(Pbq::generate(kind, &facts, 42), Pbq::generate(kind, &facts, 42));
        }
    }
}

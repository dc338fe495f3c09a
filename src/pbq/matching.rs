//! The match task: six to eight protocols against their ports, or against the secure
//! protocols a policy requires instead, drawn from the exam lists and the counterpart
//! pairs of the facts. Scored per pair.

use rand::Rng;
use rand::seq::SliceRandom;

use crate::coverage::StudyFor;
use crate::facts::Facts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// "SMTP" with "25".
    ProtocolToPort,
    /// "Telnet" with "SSH (22)".
    ProtocolToSecure,
}

impl MatchKind {
    pub fn instructions(self) -> &'static str {
        match self {
            MatchKind::ProtocolToPort => "Match each protocol with its port.",
            MatchKind::ProtocolToSecure => {
                "A policy forbids clear-text protocols. Match each protocol with the secure protocol (and port) that replaces it."
            }
        }
    }
}

/// One left-hand item, its right answer among [`MatchTask::right`], and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub left: String,
    pub answer: usize,
    pub why: String,
    /// The ports of both sides, whose cards a miss brings forward.
    pub ports: Vec<crate::ports::PortSpec>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchTask {
    pub kind: MatchKind,
    pub pairs: Vec<Pair>,
    /// The right-hand items, shuffled.
    pub right: Vec<String>,
}

/// How one pair fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairResult {
    pub left: String,
    pub right: bool,
    pub explanation: String,
}

struct Candidate {
    left: String,
    right: String,
    why: String,
    ports: Vec<crate::ports::PortSpec>,
}

impl MatchTask {
    pub fn generate(facts: &Facts, rng: &mut impl Rng) -> MatchTask {
        let kind = if rng.random_bool(0.5) { MatchKind::ProtocolToPort } else { MatchKind::ProtocolToSecure };
        let mut candidates: Vec<Candidate> = match kind {
            MatchKind::ProtocolToPort => facts
                .coverage
                .items(StudyFor::Both)
                .into_iter()
                .map(|item| Candidate {
                    left: item.name.clone(),
                    right: item.ports.to_string(),
                    why: format!("{} is {}.", item.name, item.ports.phrase()),
                    ports: vec![item.ports.clone()],
                })
                .collect(),
            MatchKind::ProtocolToSecure => facts
                .questions
                .counterparts
                .iter()
                .map(|pair| {
                    let secure: Vec<String> =
                        pair.secure.iter().map(|side| format!("{} ({})", side.name, side.ports)).collect();
                    let mut ports = vec![pair.insecure.ports.clone()];
                    ports.extend(pair.secure.iter().map(|side| side.ports.clone()));
                    Candidate {
                        left: pair.insecure.name.clone(),
                        right: secure.join(" or "),
                        why: pair.why.clone(),
                        ports,
                    }
                })
                .collect(),
        };
        candidates.shuffle(rng);
        let count = rng.random_range(6..=8);
        let mut chosen: Vec<Candidate> = Vec::new();
        for candidate in candidates {
            // Each right-hand item answers one left-hand item only.
            if chosen.iter().all(|known| known.left != candidate.left && known.right != candidate.right) {
                chosen.push(candidate);
            }
            if chosen.len() == count {
                break;
            }
        }
        let mut right: Vec<String> = chosen.iter().map(|candidate| candidate.right.clone()).collect();
        right.shuffle(rng);
        let pairs = chosen
            .into_iter()
            .map(|candidate| Pair {
                answer: right.iter().position(|item| *item == candidate.right).expect("the answer is on the right"),
                left: candidate.left,
                why: candidate.why,
                ports: candidate.ports,
            })
            .collect();
        MatchTask { kind, pairs, right }
    }

    /// Scores an assignment: for each left-hand item, the right-hand item chosen.
    pub fn score(&self, chosen: &[Option<usize>]) -> Vec<PairResult> {
        self.pairs
            .iter()
            .enumerate()
            .map(|(index, pair)| {
                let picked = chosen.get(index).copied().flatten();
                let answer = &self.right[pair.answer];
                let right = picked == Some(pair.answer);
                let explanation = match picked {
                    _ if right => format!("Right: {} → {answer}.", pair.left),
                    Some(other) => {
                        format!("{}: you matched {}; it is {answer}. {}", pair.left, self.right[other], pair.why)
                    }
                    None => format!("{}: not matched; it is {answer}. {}", pair.left, pair.why),
                };
                PairResult { left: pair.left.clone(), right, explanation }
            })
            .collect()
    }

    /// The right answer, as an assignment.
    pub fn reference(&self) -> Vec<Option<usize>> {
        self.pairs.iter().map(|pair| Some(pair.answer)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn the_reference_scores_every_pair_and_a_swap_loses_two() {
        let facts = Facts::builtin();
        for seed in 0..500 {
            let task = MatchTask::generate(&facts, &mut StdRng::seed_from_u64(seed));
            assert!((6..=8).contains(&task.pairs.len()), "seed {seed}: {} pairs", task.pairs.len());
            let reference = task.reference();
            assert!(task.score(&reference).iter().all(|result| result.right), "seed {seed}");
            let mut swapped = reference.clone();
            swapped.swap(0, 1);
            assert_eq!(task.score(&swapped).iter().filter(|result| !result.right).count(), 2, "seed {seed}");
            let unanswered = task.score(&[]);
            assert!(unanswered.iter().all(|result| !result.right && result.explanation.contains("not matched")));
        }
    }

    #[test]
    fn each_right_hand_item_answers_one_left_hand_item() {
        let facts = Facts::builtin();
        for seed in 0..200 {
            let task = MatchTask::generate(&facts, &mut StdRng::seed_from_u64(seed));
            let mut answers: Vec<usize> = task.pairs.iter().map(|pair| pair.answer).collect();
            answers.sort_unstable();
            answers.dedup();
            assert_eq!(answers.len(), task.pairs.len(), "seed {seed}");
            assert_eq!(task.right.len(), task.pairs.len());
        }
    }
}

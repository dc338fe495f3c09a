//! The match task: six to eight protocols against their ports, or against the secure
//! protocols a policy requires instead, drawn from the exam lists and the counterpart
//! pairs of the facts. More answers than protocols: the near-miss ports and the secure
//! or insecure siblings of the protocols asked wait among them, so that the last pair
//! is not given away. Scored per pair, each with why its answer is right.

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
    /// The right-hand items, shuffled: every pair's answer and a few that answer none.
    pub right: Vec<String>,
}

/// The most answers a task offers: one digit key each.
pub const MOST_ANSWERS: usize = 9;
/// How many answers that match nothing a task adds, room allowing.
const DISTRACTORS: usize = 3;

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
                    why: why_the_port(facts, &item.name, &item.ports),
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
        let room = DISTRACTORS.min(MOST_ANSWERS.saturating_sub(right.len()));
        let distractors = match kind {
            MatchKind::ProtocolToPort => port_distractors(facts, &chosen),
            MatchKind::ProtocolToSecure => secure_distractors(facts, &chosen),
        };
        right.extend(distractors.into_iter().take(room));
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
                    _ if right => format!("Right: {} → {answer}. {}", pair.left, pair.why),
                    Some(other) => {
                        format!("{}: you matched {}; it is {answer}. {}", pair.left, self.right[other], pair.why)
                    }
                    None => format!("{}: not matched; it is {answer}. {}", pair.left, pair.why),
                };
                PairResult { left: pair.left.clone(), right, explanation }
            })
            .collect()
    }

    /// What the cell of left-hand item `left` offers: nothing, its own answer, and every
    /// answer no other item has taken (a used answer is not offered twice).
    pub fn choices_for(&self, matches: &[Option<usize>], left: usize) -> Vec<Option<usize>> {
        let taken_elsewhere =
            |right: usize| matches.iter().enumerate().any(|(other, chosen)| other != left && *chosen == Some(right));
        std::iter::once(None).chain((0..self.right.len()).filter(|&right| !taken_elsewhere(right)).map(Some)).collect()
    }

    /// The right answer, as an assignment.
    pub fn reference(&self) -> Vec<Option<usize>> {
        self.pairs.iter().map(|pair| Some(pair.answer)).collect()
    }
}

/// Why a port is a protocol's: what runs there, and what its secure or insecure
/// sibling uses. "LDAP is TCP/UDP port 389 (Lightweight Directory Access Protocol).
/// Its secure sibling LDAPS uses 636."
fn why_the_port(facts: &Facts, name: &str, ports: &crate::ports::PortSpec) -> String {
    let runs = facts
        .for_ports(ports)
        .map(|known| known.name.as_str())
        .filter(|full| crate::matcher::compact(full) != crate::matcher::compact(name))
        .map_or(String::new(), |full| format!(" ({full})"));
    let mut why = format!("{name} is {}{runs}.", ports.phrase());
    for pair in &facts.questions.counterparts {
        if pair.insecure.ports == *ports {
            let secure: Vec<String> =
                pair.secure.iter().map(|side| format!("{} uses {}", side.name, side.ports)).collect();
            why.push_str(&format!(" Its secure sibling: {}.", secure.join("; ")));
            break;
        }
        if pair.secure.iter().any(|side| side.ports == *ports) {
            why.push_str(&format!(" Its insecure sibling {} uses {}.", pair.insecure.name, pair.insecure.ports));
            break;
        }
    }
    why
}

/// Ports that answer none of the chosen protocols but look as if they might: the
/// secure or insecure sibling of one, then the ports the facts name as confusable
/// with one. Never a port some chosen protocol also uses.
fn port_distractors(facts: &Facts, chosen: &[Candidate]) -> Vec<String> {
    let chosen_ports: Vec<&crate::ports::PortSpec> = chosen.iter().flat_map(|candidate| &candidate.ports).collect();
    let mut near: Vec<crate::ports::PortSpec> = Vec::new();
    for ports in &chosen_ports {
        for pair in &facts.questions.counterparts {
            if pair.insecure.ports == **ports {
                near.extend(pair.secure.iter().map(|side| side.ports.clone()));
            } else if pair.secure.iter().any(|side| side.ports == **ports) {
                near.push(pair.insecure.ports.clone());
            }
        }
    }
    for ports in &chosen_ports {
        near.extend(facts.confusable_with(ports).into_iter().cloned());
    }
    // A port a chosen protocol also runs on (by the facts or the exam lists) would be a
    // second right answer.
    let also_right: Vec<crate::ports::PortSpec> = chosen
        .iter()
        .flat_map(|candidate| {
            let facts_say = candidate
                .ports
                .iter()
                .filter_map(|ports| facts.for_ports(ports))
                .flat_map(|known| known.also_ports.clone());
            let lists_say = facts
                .coverage
                .items(StudyFor::Both)
                .into_iter()
                .filter(|item| item.name == candidate.left)
                .map(|item| item.ports.clone());
            facts_say.chain(lists_say).collect::<Vec<_>>()
        })
        .collect();
    let names_a_chosen_protocol = |ports: &crate::ports::PortSpec| {
        chosen_ports
            .iter()
            .chain(also_right.iter().collect::<Vec<_>>().iter())
            .any(|right| right.ports().any(|port| ports.contains(port)))
    };
    let mut distractors: Vec<String> = Vec::new();
    for ports in near.iter().filter(|ports| !names_a_chosen_protocol(ports)) {
        let text = ports.to_string();
        if !distractors.contains(&text) {
            distractors.push(text);
        }
    }
    distractors
}

/// Secure protocols that replace none of the chosen ones (the pairs not drawn).
fn secure_distractors(facts: &Facts, chosen: &[Candidate]) -> Vec<String> {
    facts
        .questions
        .counterparts
        .iter()
        .filter(|pair| chosen.iter().all(|candidate| candidate.left != pair.insecure.name))
        .map(|pair| {
            pair.secure.iter().map(|side| format!("{} ({})", side.name, side.ports)).collect::<Vec<_>>().join(" or ")
        })
        .filter(|text| chosen.iter().all(|candidate| candidate.right != *text))
        .collect()
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
    fn no_answer_left_over_is_right_for_a_protocol_and_used_answers_are_not_offered_again() {
        let facts = Facts::builtin();
        let items = facts.coverage.items(StudyFor::Both);
        for seed in 0..300 {
            let task = MatchTask::generate(&facts, &mut StdRng::seed_from_u64(seed));
            let answers: Vec<usize> = task.pairs.iter().map(|pair| pair.answer).collect();
            let spare: Vec<&String> = (0..task.right.len())
                .filter(|index| !answers.contains(index))
                .map(|index| &task.right[index])
                .collect();
            assert!(!spare.is_empty(), "seed {seed}");
            if task.kind == MatchKind::ProtocolToPort {
                for pair in &task.pairs {
                    for item in items.iter().filter(|item| item.name == pair.left) {
                        assert!(
                            !spare.contains(&&item.ports.to_string()),
                            "seed {seed}: {} is also {}",
                            pair.left,
                            item.ports
                        );
                    }
                }
            }
            let mut matches = vec![None; task.pairs.len()];
            matches[0] = Some(task.pairs[0].answer);
            assert!(task.choices_for(&matches, 0).contains(&Some(task.pairs[0].answer)), "its own answer stays");
            assert!(!task.choices_for(&matches, 1).contains(&Some(task.pairs[0].answer)), "taken by the first");
            assert_eq!(task.choices_for(&matches, 1).len(), task.right.len(), "none, and every answer but one");
        }
    }

    #[test]
    fn a_right_match_says_why_with_what_runs_there_and_its_sibling() {
        let facts = Facts::builtin();
        let ldap = why_the_port(&facts, "LDAP", &crate::ports::PortSpec::single(389));
        assert!(ldap.starts_with("LDAP is "), "{ldap}");
        assert!(ldap.contains("Its secure sibling"), "{ldap}");
        assert!(ldap.contains("636"), "{ldap}");
        let task = MatchTask::generate(&facts, &mut StdRng::seed_from_u64(3));
        let scored = task.score(&task.reference());
        for (result, pair) in scored.iter().zip(&task.pairs) {
            assert!(result.explanation.ends_with(&pair.why), "{}", result.explanation);
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
            assert!(task.right.len() > task.pairs.len(), "seed {seed}: more answers than protocols");
            assert!(task.right.len() <= MOST_ANSWERS, "seed {seed}: a digit key each");
            let mut offered = task.right.clone();
            offered.sort();
            offered.dedup();
            assert_eq!(offered.len(), task.right.len(), "seed {seed}: every answer once");
        }
    }
}

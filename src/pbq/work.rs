//! A task being worked: the learner's rule table (its port cells still text), marks
//! or matches as they are built, and the check. The PBQ screen and the self-test both
//! hold one.

use serde::{Deserialize, Serialize};

use super::PbqKind;
use super::firewall::{Action, Place, Ports, Protocol, Rule};
use super::{Pbq, PbqAnswer, PbqOutcome};
use crate::facts::Facts;
#[cfg(test)]
use crate::ports::PortSpec;

/// An edit of the answer being built.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Firewall: a rule at the end of the table (allow, any → any, TCP, no port yet).
    AddRule,
    RemoveRule(usize),
    /// Moves a rule one place up (`up`) or down.
    MoveRule {
        rule: usize,
        up: bool,
    },
    SetRule(usize, RuleDraft),
    /// Listing: marks or unmarks a line.
    ToggleMark(usize),
    /// Match: this left-hand item takes that right-hand one (or none).
    Match {
        left: usize,
        right: Option<usize>,
    },
}

/// A task being worked, as the profile keeps it (pbq-work.json) so that quitting
/// mid-task loses nothing: the task is made again from its kind and seed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedWork {
    pub kind: PbqKind,
    pub seed: u64,
    pub rules: Vec<RuleDraft>,
    pub marks: Vec<bool>,
    pub matches: Vec<Option<usize>>,
    pub checked: bool,
}

/// One rule as the table holds it while it is edited: the port cell is text until the
/// check reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDraft {
    pub action: Action,
    pub source: Place,
    pub destination: Place,
    pub protocol: Protocol,
    pub ports: String,
}

impl Default for RuleDraft {
    fn default() -> Self {
        RuleDraft {
            action: Action::Allow,
            source: Place::Any,
            destination: Place::Any,
            protocol: Protocol::Tcp,
            ports: String::new(),
        }
    }
}

impl RuleDraft {
    /// The rule, or what keeps its port cell from being read. The cell forgives what a
    /// firewall form would ("443/tcp", "TCP 443"), but a transport that is not the
    /// rule's own is named rather than guessed at.
    fn rule(&self, number: usize) -> Result<Rule, String> {
        let lower = self.ports.to_lowercase();
        let says = |word: &str| lower.split(|c: char| !c.is_ascii_alphanumeric()).any(|part| part == word);
        let named = match (says("tcp"), says("udp")) {
            (true, false) => Some(Protocol::Tcp),
            (false, true) => Some(Protocol::Udp),
            (true, true) => Some(Protocol::Both),
            (false, false) => None,
        };
        if let Some(named) = named.filter(|named| *named != self.protocol) {
            return Err(format!(
                "Rule {number}'s port cell says {named}, but the rule is {}: set the protocol cell instead.",
                self.protocol
            ));
        }
        let bare = lower.replace("tcp", " ").replace("udp", " ").replace("ports", " ").replace("port", " ");
        let bare = bare.trim().trim_matches(|c: char| c == '/' || c == ',' || c.is_whitespace());
        let ports = Ports::parse(bare).map_err(|error| {
            if bare.chars().any(|c| c.is_ascii_digit()) {
                format!("Rule {number}'s port: {error}.")
            } else {
                let typed = self.ports.trim();
                format!("Rule {number}'s port: \"{typed}\" is not a port, a range (989-990) or a list (500, 4500).")
            }
        })?;
        Ok(Rule {
            source: self.source,
            destination: self.destination,
            protocol: self.protocol,
            ports,
            action: self.action,
        })
    }
}

/// A task being worked, and the answer so far.
#[derive(Debug, Clone, PartialEq)]
pub struct PbqWork {
    pub task: Pbq,
    /// The seed the task was made from (with its kind, it makes the task again).
    pub seed: u64,
    pub rules: Vec<RuleDraft>,
    pub marks: Vec<bool>,
    pub matches: Vec<Option<usize>>,
    pub outcome: Option<PbqOutcome>,
    /// Why the answer could not be checked (a port cell that is not a port).
    pub problem: Option<String>,
    /// Whether its first check went into the history.
    pub recorded: bool,
}

impl PbqWork {
    /// A new task of a kind, made from the facts with this seed.
    pub fn generate(kind: PbqKind, facts: &Facts, seed: u64) -> PbqWork {
        PbqWork::new(Pbq::generate(kind, facts, seed), seed)
    }

    /// What the profile keeps of it.
    pub fn saved(&self) -> SavedWork {
        SavedWork {
            kind: self.task.kind(),
            seed: self.seed,
            rules: self.rules.clone(),
            marks: self.marks.clone(),
            matches: self.matches.clone(),
            checked: self.outcome.is_some(),
        }
    }

    /// The task kept, made again with its answer; `None` when the answer no longer
    /// fits the task (facts that changed since, a hand-edited file).
    pub fn restore(saved: SavedWork, facts: &Facts) -> Option<PbqWork> {
        let mut work = PbqWork::generate(saved.kind, facts, saved.seed);
        let fits = match &work.task {
            Pbq::Firewall(_) => saved.marks.is_empty() && saved.matches.is_empty(),
            Pbq::Listing(listing) => saved.marks.len() == listing.lines.len() && saved.rules.is_empty(),
            Pbq::Matching(matching) => {
                saved.matches.len() == matching.pairs.len()
                    && saved.matches.iter().flatten().all(|&right| right < matching.right.len())
                    && saved.rules.is_empty()
            }
        };
        if !fits {
            return None;
        }
        work.rules = saved.rules;
        work.marks = saved.marks;
        work.matches = saved.matches;
        if saved.checked {
            work.check();
            work.recorded = true;
        }
        Some(work)
    }

    fn new(task: Pbq, seed: u64) -> PbqWork {
        let (marks, matches) = match &task {
            Pbq::Listing(listing) => (vec![false; listing.lines.len()], Vec::new()),
            Pbq::Matching(matching) => (Vec::new(), vec![None; matching.pairs.len()]),
            Pbq::Firewall(_) => (Vec::new(), Vec::new()),
        };
        PbqWork { task, seed, rules: Vec::new(), marks, matches, outcome: None, problem: None, recorded: false }
    }

    /// The answer as it stands, or which rule's port cell is not a port.
    pub fn answer(&self) -> Result<PbqAnswer, String> {
        Ok(match &self.task {
            Pbq::Firewall(_) => PbqAnswer::Firewall(
                self.rules.iter().enumerate().map(|(index, draft)| draft.rule(index + 1)).collect::<Result<_, _>>()?,
            ),
            Pbq::Listing(_) => PbqAnswer::Listing(self.marks.clone()),
            Pbq::Matching(_) => PbqAnswer::Matching(self.matches.clone()),
        })
    }

    /// Checks the answer; a port cell that is not a port is named and nothing is scored.
    pub fn check(&mut self) {
        match self.answer() {
            Ok(answer) => {
                self.outcome = Some(self.task.score(&answer));
                self.problem = None;
            }
            Err(problem) => self.problem = Some(problem),
        }
    }

    /// The score of the answer as it stands; an answer that cannot be read (a port
    /// cell that is not a port) scores as if that table were empty.
    pub fn outcome_now(&self) -> PbqOutcome {
        self.task.score(&self.answer().unwrap_or_else(|_| self.task.blank_answer()))
    }

    /// Applies an edit; edits after a check are ignored until "try again".
    pub fn edit(&mut self, edit: &Edit) {
        if self.outcome.is_some() {
            return;
        }
        match edit {
            Edit::AddRule => self.rules.push(RuleDraft::default()),
            Edit::RemoveRule(rule) => {
                if *rule < self.rules.len() {
                    self.rules.remove(*rule);
                }
            }
            Edit::MoveRule { rule, up } => {
                let other = if *up { rule.checked_sub(1) } else { Some(rule + 1) };
                if let Some(other) = other.filter(|other| *other < self.rules.len() && *rule < self.rules.len()) {
                    self.rules.swap(*rule, other);
                }
            }
            Edit::SetRule(rule, draft) => {
                if let Some(slot) = self.rules.get_mut(*rule) {
                    *slot = draft.clone();
                }
            }
            Edit::ToggleMark(line) => {
                if let Some(mark) = self.marks.get_mut(*line) {
                    *mark = !*mark;
                }
            }
            Edit::Match { left, right } => {
                if let Some(slot) = self.matches.get_mut(*left) {
                    *slot = *right;
                }
            }
        }
        self.problem = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(protocol: Protocol, ports: &str) -> RuleDraft {
        RuleDraft { protocol, ports: ports.to_string(), ..RuleDraft::default() }
    }

    #[test]
    fn the_port_cell_forgives_what_a_firewall_form_would() {
        for text in ["443", " 443 ", "443/tcp", "TCP 443", "tcp/443", "port 443"] {
            assert_eq!(draft(Protocol::Tcp, text).rule(1).unwrap().ports, Ports::Set(PortSpec::single(443)), "{text}");
        }
        for text in ["", "any", "ANY"] {
            assert_eq!(draft(Protocol::Udp, text).rule(1).unwrap().ports, Ports::Any, "{text:?}");
        }
        assert!(
            matches!(draft(Protocol::Udp, "500, 4500").rule(1).unwrap().ports, Ports::Set(ports) if ports.port_count() == 2)
        );
    }

    #[test]
    fn a_saved_task_comes_back_only_when_its_answer_fits_it() {
        let facts = Facts::builtin();
        let mut work = PbqWork::generate(PbqKind::Matching, &facts, 4);
        work.edit(&Edit::Match { left: 1, right: Some(2) });
        let saved = work.saved();
        assert_eq!(PbqWork::restore(saved.clone(), &facts), Some(work));
        let wrong_length = SavedWork { matches: vec![None], ..saved.clone() };
        assert!(PbqWork::restore(wrong_length, &facts).is_none());
        let out_of_range = SavedWork { matches: saved.matches.iter().map(|_| Some(99)).collect(), ..saved };
        assert!(PbqWork::restore(out_of_range, &facts).is_none());
    }

    #[test]
    fn a_port_cell_that_cannot_be_read_is_named_with_its_rule() {
        let error = draft(Protocol::Tcp, "443/udp").rule(2).unwrap_err();
        assert!(error.starts_with("Rule 2's port cell says UDP, but the rule is TCP"), "{error}");
        let error = draft(Protocol::Tcp, "https").rule(3).unwrap_err();
        assert!(error.starts_with("Rule 3's port: \"https\" is not a port"), "{error}");
        let error = draft(Protocol::Tcp, "0").rule(1).unwrap_err();
        assert!(error.contains("ports run from 1 to 65535"), "{error}");
    }
}

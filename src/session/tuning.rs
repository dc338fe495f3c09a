//! The plan's few constants, in one place. The learning benchmark chooses them leave
//! one family out (each family of simulated learners is scored with the values chosen
//! on the others), and a benchmark outside the project can try its own.

use crate::memory_model::FitOptions;

/// How the plan looks ahead and what the memory model may fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanTuning {
    /// How far ahead the plan aims when the exam is further away or not set, in days
    /// for an average learner.
    pub planning_days: f32,
    /// Whether that horizon shrinks for a learner whose cards fade faster than
    /// average (and grows for one whose cards last longer), by the fitted factor.
    pub horizon_follows_forgetting: bool,
    /// Whether new cards stop at what the learner's pace can carry to the target
    /// (else the pace only limits how far the exam raises them).
    pub pace_caps_new_cards: bool,
    /// Whether the memory model may fit a growth on every right answer, however soon
    /// after the last (else FSRS's rule alone: a fresh card's answer adds little).
    pub fit_growth: bool,
    /// From which fitted forgetting factor (1.0: average) a new card is weighed per
    /// answer of its whole course to the exam, its first-day steps and its reviews,
    /// against a review's one answer (else by its first answer alone; infinity:
    /// never).
    pub course_prices_new_cards_from: f32,
    /// Whether that factor is the one fitted allowing for slips, so that a learner
    /// who misses known cards now and then is not taken for a fast forgetter.
    pub course_gate_past_slips: bool,
    /// How far that course runs.
    pub course_reach: CourseReach,
    /// Whether the memory model's fit allows for slips (a right answer known but
    /// missed now and then), so that a few misses on strong cards do not read as fast
    /// forgetting.
    pub fit_slips: bool,
    /// How many right answers in a row, a minute apart, a seen card's review is
    /// weighed by (per answer), once the fit says a second look on the same day builds
    /// memory: a card that needs a few looks to last is then not given up on because
    /// one look alone would not keep it. 1: one look only.
    pub looks_in_a_row: u32,
    /// Later-day answers from which the fit moves the curve's shape, the same-day
    /// factor and the growth too, not only the forgetting factor. At the fit's own
    /// threshold ([`THIN_EVIDENCE`](crate::memory_model::THIN_EVIDENCE)) all move
    /// together: held out, a learner who needs same-day looks is found sooner and that
    /// beat waiting for 40 answers.
    pub fit_shape_from: u32,
    /// Whether the fit may find that a card met on one day only fades at its own pace
    /// (some learners need a second day before a card holds at all). Held out, it was
    /// chosen for every family: a first look's fate no longer bends the one factor
    /// every later look is judged by.
    pub fit_first_look: bool,
    /// Whether that fit may give such a card its own curve's shape too: a first look
    /// that drops away is then not read by the long tail later looks may have. Held
    /// out, it was chosen for every family.
    pub fit_first_look_curve: bool,
    /// Whether the fit reads the forgetting factor allowing for cards that differ in
    /// pace, so that the plan is made for the typical card, not the hardest.
    pub fit_cards_differ: bool,
    /// Whether the log is also read by a half-life model (every right answer, on the
    /// same day or a later one, multiplies how long a card lasts), taken over the
    /// FSRS-based one when it explains the log clearly better: some learners' memory
    /// grows with every success, which FSRS's rule cannot say. Not shipped: it helps
    /// such learners, but held out it lowered the zoo, as massed and power-law learners
    /// are read by it too (README, Learning benchmark).
    pub fit_half_life: bool,
}

impl PlanTuning {
    /// What the memory model's fit may move.
    pub fn fit_options(&self) -> FitOptions {
        FitOptions {
            growth: self.fit_growth,
            slips: self.fit_slips,
            shape_from: self.fit_shape_from,
            first_look: self.fit_first_look,
            first_look_curve: self.fit_first_look_curve,
            cards_differ: self.fit_cards_differ,
            half_life: self.fit_half_life,
        }
    }
}

impl Default for PlanTuning {
    fn default() -> Self {
        PlanTuning {
            planning_days: 10.0,
            horizon_follows_forgetting: true,
            pace_caps_new_cards: false,
            fit_growth: true,
            course_prices_new_cards_from: 2.0,
            course_gate_past_slips: true,
            course_reach: CourseReach::ByCurve,
            fit_slips: false,
            looks_in_a_row: 3,
            fit_shape_from: crate::memory_model::THIN_EVIDENCE,
            fit_first_look: true,
            fit_first_look_curve: true,
            fit_cards_differ: false,
            fit_half_life: false,
        }
    }
}

/// How far a new card's course is followed when it is weighed by its course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourseReach {
    /// To the exam, or to the plan's target without one.
    Exam,
    /// To the plan's target, where a review's gain is measured too.
    Target,
    /// To the plan's target once the fit says this learner's forgetting curve has a
    /// long tail (a card met now still counts weeks later); while the curve is steep
    /// or not yet known, to the exam, or without one to the average learner's
    /// planning horizon: with a steep curve only a card kept up all the way pays.
    ByCurve,
}

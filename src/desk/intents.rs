//! What a learner can do and what the window is told: the screens ([`Screen`],
//! declared in one list), every [`Intent`] (with its families: settings, drills,
//! self-tests, profiles) and every [`Effect`]. The window builds intents and shows
//! effects; the desk matches every intent by name.
//!
//! Not here: carrying intents out (the desk), or the PBQ's and the live round's own
//! intents, which sit beside their parts (`pbq_desk`, `live_desk`).

use std::path::PathBuf;

use chrono::{Duration, NaiveDate};

#[cfg(feature = "live")]
use super::LiveIntent;
use super::{PbqEdit, PbqIntent};
use crate::deck::CardIndex;
use crate::drill::Setup;
use crate::progress::{AnswerMode, Grade, Settings};

/// Declares [`Screen`] from one list: a new screen is one line in it (and its view in
/// the window's list of views, which a test checks against [`Screen::ALL`]).
macro_rules! screens {
    ($($screen:ident => $title:literal,)+) => {
        /// The screens a learner can open, in tab order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Screen {
            $($screen,)+
        }

        impl Screen {
            /// Every screen, in tab order.
            pub const ALL: [Screen; [$($title),+].len()] = [$(Screen::$screen,)+];

            /// The tab's title.
            pub fn title(self) -> &'static str {
                match self {
                    $(Screen::$screen => $title,)+
                }
            }
        }
    };
}

screens! {
    Study => "Study",
    Browse => "Browse",
    Statistics => "Statistics",
    Drill => "Drill",
    SelfTest => "Self-test",
    Profiles => "Profiles",
    Settings => "Settings",
    Live => "Live",
    Pbq => "PBQ",
}

impl Screen {
    /// Its place in the tabs, from 0.
    pub fn place(self) -> usize {
        Screen::ALL.iter().position(|screen| *screen == self).unwrap_or(0)
    }
}

impl Default for Screen {
    fn default() -> Self {
        Screen::ALL[0]
    }
}

/// How a self-test report is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Csv,
    Markdown,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Csv => "csv",
            ReportFormat::Markdown => "md",
        }
    }
}

/// Everything a learner can do.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Intent {
    /// Check this answer to the card on screen (typed mode).
    Submit(String),
    /// Pick the multiple-choice option at this place.
    Choose(usize),
    /// Flip mode: show the answer.
    Reveal,
    OverrideAsRight,
    Grade(Grade),
    Undo,
    PractiseAhead,
    StopPractisingAhead,
    /// Change what is studied and how (saved at once).
    Settings(SettingsIntent),
    /// Another window writes this progress: carry on without saving.
    OpenReadOnly,
    DismissNotice,
    Show(Screen),
    /// From Browse: ask this card now.
    StudyNow(CardIndex),
    /// From Browse: forget this card's progress (undo offered).
    ResetCard(CardIndex),
    UndoReset,
    /// Put these cards at the front of the study queue and study them.
    ReviewNow(Vec<CardIndex>),
    Drill(DrillIntent),
    SelfTest(SelfTestIntent),
    /// A performance-based question: start one, edit the answer, check it.
    Pbq(PbqIntent),
    Profile(ProfileIntent),
    #[cfg(feature = "live")]
    Live(LiveIntent),
    /// Write progress to this file (the progress.json format).
    Export(PathBuf),
    /// Merge progress from this file, card by card.
    Import(PathBuf),
    /// Write the cards the settings ask as an Anki text file.
    ExportAnki(PathBuf),
    /// Write a one-page cheat sheet (Markdown) of the deck.
    ExportCheatSheet(PathBuf),
    /// Forget all progress (a copy of the file is kept).
    ResetAll,
    /// Fit the memory model to the review log now (Settings, "Fit now").
    FitMemoryModel,
    /// Save everything and close.
    Quit,
}

/// The changes to what is studied and how.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingsIntent {
    SetAnswerMode(AnswerMode),
    SetExamExtras(bool),
    /// What the learner studies for: the deck follows.
    SetStudyFor(crate::coverage::StudyFor),
    SetExamDate(Option<NaiveDate>),
    SetLimits {
        new_per_day: u32,
        review_cap: u32,
        back_from_break: bool,
    },
    SetSettings(Box<Settings>),
    /// Ticks or unticks a row (by its ports) for "chosen ports" drills.
    TickDrillRow(String, bool),
}

impl From<SettingsIntent> for Intent {
    fn from(intent: SettingsIntent) -> Intent {
        Intent::Settings(intent)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum DrillIntent {
    Start(Setup),
    Answer(String),
    /// Presenter mode: on to the next question without scoring this one.
    Skip,
    Stop,
    Close,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SelfTestIntent {
    Start {
        questions: usize,
        limit: Option<Duration>,
        /// Performance-based questions first, as the exam opens: 0, 2 or 3.
        pbqs: usize,
    },
    /// A change to the performance-based question being worked.
    Pbq(PbqEdit),
    /// On from the performance-based question being worked.
    NextTask,
    Answer(String),
    Stop,
    Close,
    /// Write the report to `path`.
    Export {
        path: PathBuf,
        format: ReportFormat,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProfileIntent {
    Open(String),
    Create(String),
    Rename { from: String, to: String },
    Delete(String),
}

/// What happened, for the window to show.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Open this screen.
    Open(Screen),
    /// The study answer field should be emptied.
    ClearAnswer,
    /// The study answer field should take the keys.
    FocusAnswer,
    /// A sentence to show on a screen: a profile made, a model fitted, an error.
    Said(Screen, String),
    /// What came of a file action (an export, an import, a report written, a reset):
    /// shown at the top of whatever screen is open, where the learner looks.
    FileNotice(String),
    /// A drill started or closed (presenter mode goes full screen and back).
    DrillStarted,
    DrillClosed,
    /// Another profile is open: every screen starts afresh.
    ProfileSwitched,
    /// Everything is saved; the window may close.
    Quit,
}

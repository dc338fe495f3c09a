//! A live round's report: what the class did, apart from the rules that played it.
//! The standings (the leaderboard after each question, the podium at the end), the
//! class's answers to a question as bars, the share right, the cards most missed and
//! a drill of them; and the record kept after the round ([`RoundRecord`], made from a
//! round or played back from its journal) with its CSV for a spreadsheet.
//!
//! Everything here reads a round through its public face; nothing changes it. Not
//! here: joining, timing, scoring and what a phone shows (`round`), writing the
//! journal down and reading it back (`journal`).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::journal::JournalQuestion;
use super::round::{LiveKind, Phase, Player, PlayerId, Round};
use crate::deck::{CardId, CardIndex, Deck};
use crate::drill::{self, Length};
use crate::progress::AnswerMode;

/// One line of the leaderboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub rank: usize,
    pub player: PlayerId,
    pub name: String,
    pub score: u32,
    pub streak: u32,
}

/// One bar of the answer distribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub right: bool,
}

/// A round as its journal tells it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoundRecord {
    pub started: Option<DateTime<Utc>>,
    /// The class that played it, when the teacher named one.
    pub class: Option<String>,
    /// What it asked, in words ("Core ports").
    pub pool: Option<String>,
    /// How students answered (`None` in journals from before it was written down).
    pub kind: Option<LiveKind>,
    pub questions: Vec<JournalQuestion>,
    /// Players in the order they joined, with their answers by question.
    pub players: Vec<RecordedPlayer>,
    /// Questions opened.
    pub asked: usize,
    pub ended: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordedPlayer {
    pub id: u32,
    pub name: String,
    pub answers: std::collections::BTreeMap<usize, RecordedAnswer>,
    /// The first question the player could answer.
    pub first_question: usize,
}

/// How the class did on one question of a kept round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QuestionTally {
    /// Who could answer it (in the round when it opened).
    pub players: usize,
    pub answered: usize,
    pub right: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordedAnswer {
    pub given: String,
    pub right: bool,
    pub points: u32,
    pub seconds: f64,
}

impl Round {
    /// Everybody by score (then by name, so that ties are stable).
    pub fn standings(&self) -> Vec<Standing> {
        let mut players: Vec<&Player> = self.players().iter().collect();
        players.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
        let mut standings: Vec<Standing> = Vec::with_capacity(players.len());
        for (place, player) in players.into_iter().enumerate() {
            // Equal scores share a rank.
            let rank = match standings.last() {
                Some(last) if last.score == player.score => last.rank,
                _ => place + 1,
            };
            standings.push(Standing {
                rank,
                player: player.id,
                name: player.name.clone(),
                score: player.score,
                streak: player.streak,
            });
        }
        standings
    }

    /// The projector names the top five only.
    pub fn top(&self, count: usize) -> Vec<Standing> {
        self.standings().into_iter().take(count).collect()
    }

    /// The leaderboard shown after each question: the top five, nobody named for
    /// scoring nothing.
    pub fn leaderboard(&self) -> Vec<Standing> {
        self.scorers(5)
    }

    /// The podium at the end: the top three who scored.
    pub fn podium(&self) -> Vec<Standing> {
        self.scorers(3)
    }

    fn scorers(&self, count: usize) -> Vec<Standing> {
        self.top(count).into_iter().filter(|standing| standing.score > 0).collect()
    }

    /// How the class answered a question: one bar per option, or per typed answer
    /// (the right one first, then the most given, the rest as "other").
    pub fn distribution(&self, question: usize) -> Vec<Bar> {
        let Some(asked) = self.questions().get(question) else { return Vec::new() };
        let answers = || self.players().iter().filter_map(|player| player.answer(question));
        if !asked.options.is_empty() {
            return asked
                .options
                .iter()
                .enumerate()
                .map(|(place, label)| Bar {
                    label: label.clone(),
                    count: answers().filter(|answer| answer.option == Some(place)).count(),
                    right: asked.right_option == Some(place),
                })
                .collect();
        }
        let mut counts: Vec<(String, usize, bool)> = Vec::new();
        for answer in answers() {
            match counts.iter_mut().find(|(given, _, _)| *given == answer.given) {
                Some(entry) => entry.1 += 1,
                None => counts.push((answer.given.clone(), 1, answer.right)),
            }
        }
        counts.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
        let mut bars: Vec<Bar> = counts
            .iter()
            .take(4)
            .map(|(label, count, right)| Bar { label: label.clone(), count: *count, right: *right })
            .collect();
        let other: usize = counts.iter().skip(4).map(|entry| entry.1).sum();
        if other > 0 {
            bars.push(Bar { label: "other".to_string(), count: other, right: false });
        }
        bars
    }

    /// The share of right answers over the questions asked, counting each player from
    /// the question they joined at; `None` before anybody could answer.
    pub fn share_right(&self) -> Option<f64> {
        let answered_so_far = match self.phase() {
            Phase::Asking { question, .. } => question,
            _ => self.asked(),
        };
        let (mut right, mut could) = (0usize, 0usize);
        for index in 0..answered_so_far {
            for player in self.players().iter().filter(|player| player.first_question <= index) {
                could += 1;
                right += usize::from(player.answer(index).is_some_and(|answer| answer.right));
            }
        }
        (could > 0).then(|| right as f64 / could as f64)
    }

    /// The share of this question's answers that were right (a silence is not counted,
    /// as the class's memory does not count it).
    pub fn share_right_of(&self, question: usize) -> Option<f64> {
        let answers: Vec<bool> =
            self.players().iter().filter_map(|player| player.answer(question)).map(|answer| answer.right).collect();
        let right = answers.iter().filter(|right| **right).count();
        (!answers.is_empty()).then(|| right as f64 / answers.len() as f64)
    }

    /// The cards the class missed, most missed first (a wrong answer or none, among
    /// the players who could answer), over the questions asked so far.
    pub fn most_missed(&self) -> Vec<(CardIndex, usize)> {
        let asked_so_far = match self.phase() {
            Phase::Lobby => 0,
            Phase::Asking { question, .. } => question,
            Phase::Revealed { question } => question + 1,
            Phase::Ended => self.asked(),
        };
        let mut misses: Vec<(CardIndex, usize)> = Vec::new();
        for (index, asked) in self.questions().iter().enumerate().take(asked_so_far) {
            let missed = self
                .players()
                .iter()
                .filter(|player| player.first_question <= index)
                .filter(|player| !player.answer(index).is_some_and(|answer| answer.right))
                .count();
            if missed == 0 {
                continue;
            }
            match misses.iter_mut().find(|(card, _)| *card == asked.card) {
                Some(entry) => entry.1 += missed,
                None => misses.push((asked.card, missed)),
            }
        }
        misses.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        misses
    }

    /// A drill of what the class missed (up to ten cards), for the teacher to run
    /// next; None when nobody missed anything.
    pub fn drill_of_misses(&self, deck: &Deck) -> Option<drill::Setup> {
        let cards: Vec<CardId> =
            self.most_missed().into_iter().take(10).map(|(card, _)| deck.cards[card].id.clone()).collect();
        (!cards.is_empty()).then(|| drill::Setup {
            length: Length::Questions(cards.len() as u32 * 2),
            pool: drill::Pool::Cards(cards),
            mode: match self.setup.kind {
                LiveKind::FourOptions => AnswerMode::MultipleChoice,
                LiveKind::TypedPort => AnswerMode::Typed,
            },
        })
    }

    /// The round as its journal would tell it.
    pub fn record(&self) -> RoundRecord {
        let players = self
            .players()
            .iter()
            .map(|player| RecordedPlayer {
                id: player.id.0,
                name: player.name.clone(),
                first_question: player.first_question,
                answers: (0..self.questions().len())
                    .filter_map(|index| {
                        let answer = player.answer(index)?;
                        let recorded = RecordedAnswer {
                            given: answer.given.clone(),
                            right: answer.right,
                            points: answer.points,
                            seconds: answer.after.num_milliseconds() as f64 / 1000.0,
                        };
                        Some((index, recorded))
                    })
                    .collect(),
            })
            .collect();
        RoundRecord {
            started: None,
            class: self.class().map(str::to_string),
            pool: Some(self.setup.pool.label()),
            kind: Some(self.setup.kind),
            questions: self.journal_questions(),
            players,
            asked: self.asked(),
            ended: self.phase() == Phase::Ended,
        }
    }

    /// Every student's answer to every question asked, one row each, for a spreadsheet
    /// (see [`crate::spreadsheet`]: a BOM, CRLF, no cell run as a formula).
    pub fn csv(&self) -> Result<Vec<u8>, csv::Error> {
        self.record().csv()
    }
}

impl RoundRecord {
    /// The top three by score (ties share a rank, by name within it), as the podium
    /// showed them: for a kept round reopened.
    pub fn podium(&self) -> Vec<Standing> {
        let mut players: Vec<(&RecordedPlayer, u32)> =
            self.players.iter().map(|player| (player, self.score(player))).filter(|(_, score)| *score > 0).collect();
        players.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
        let mut standings: Vec<Standing> = Vec::new();
        for (place, (player, score)) in players.into_iter().enumerate() {
            let rank = match standings.last() {
                Some(last) if last.score == score => last.rank,
                _ => place + 1,
            };
            if rank > 3 {
                break;
            }
            standings.push(Standing { rank, player: PlayerId(player.id), name: player.name.clone(), score, streak: 0 });
        }
        standings
    }

    /// Each question asked: how many of those who could answer it answered, and how
    /// many got it right.
    pub fn tally_by_question(&self) -> Vec<QuestionTally> {
        (0..self.asked.min(self.questions.len()))
            .map(|question| {
                let mut tally = QuestionTally::default();
                for player in self.players.iter().filter(|player| player.first_question <= question) {
                    tally.players += 1;
                    if let Some(answer) = player.answers.get(&question) {
                        tally.answered += 1;
                        tally.right += usize::from(answer.right);
                    }
                }
                tally
            })
            .collect()
    }

    /// A player's score: the points of the right answers (as the reveals add them).
    pub fn score(&self, player: &RecordedPlayer) -> u32 {
        player.answers.values().filter(|answer| answer.right).map(|answer| answer.points).sum()
    }

    /// Every student's answer to every question asked, one row each (see
    /// [`crate::spreadsheet`]: a BOM, CRLF, no cell run as a formula).
    pub fn csv(&self) -> Result<Vec<u8>, csv::Error> {
        use crate::spreadsheet::safe_cell;
        let mut writer = crate::spreadsheet::csv_writer();
        writer.write_record(RESULT_COLUMNS)?;
        for row in self.result_rows() {
            writer.write_record([
                &*safe_cell(row.player),
                &row.question.to_string(),
                row.card,
                &safe_cell(row.prompt),
                &safe_cell(row.given),
                &safe_cell(row.right_answer),
                row.correct,
                &row.seconds.map(|seconds| format!("{seconds:.1}")).unwrap_or_default(),
                &row.points.to_string(),
                &row.score.to_string(),
            ])?;
        }
        writer.into_inner().map_err(|error| error.into_error().into())
    }

    /// The same rows as the CSV, as an Excel workbook: the file says it is UTF-8 and
    /// which cells are text, so a nickname such as `=1+1` shows as typed (with no
    /// apostrophe) and accents and emoji survive in every spreadsheet.
    #[cfg(feature = "live")]
    pub fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet().set_name("Results")?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (column, title) in (0u16..).zip(RESULT_COLUMNS) {
            sheet.write_string_with_format(0, column, title, &bold)?;
        }
        for (line, row) in (1u32..).zip(self.result_rows()) {
            sheet.write_string(line, 0, row.player)?;
            sheet.write_number(line, 1, row.question as f64)?;
            sheet.write_string(line, 2, row.card)?;
            sheet.write_string(line, 3, row.prompt)?;
            sheet.write_string(line, 4, row.given)?;
            sheet.write_string(line, 5, row.right_answer)?;
            sheet.write_string(line, 6, row.correct)?;
            if let Some(seconds) = row.seconds {
                sheet.write_number(line, 7, (seconds * 10.0).round() / 10.0)?;
            }
            sheet.write_number(line, 8, f64::from(row.points))?;
            sheet.write_number(line, 9, f64::from(row.score))?;
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
        workbook.save_to_buffer()
    }

    /// One row per student per question asked, as the CSV and the workbook show them.
    fn result_rows(&self) -> impl Iterator<Item = ResultRow<'_>> {
        self.players.iter().flat_map(move |player| {
            let score = self.score(player);
            self.questions.iter().enumerate().take(self.asked).map(move |(index, asked)| {
                let answer = player.answers.get(&index);
                let correct = match answer {
                    _ if index < player.first_question => "not yet joined",
                    Some(answer) if answer.right => "yes",
                    Some(_) => "no",
                    None => "no answer",
                };
                ResultRow {
                    player: &player.name,
                    question: index + 1,
                    card: asked.card.as_str(),
                    prompt: &asked.prompt,
                    given: answer.map_or("", |answer| answer.given.as_str()),
                    right_answer: &asked.answer,
                    correct,
                    seconds: answer.map(|answer| answer.seconds),
                    points: answer.map_or(0, |answer| answer.points),
                    score,
                }
            })
        })
    }
}

/// The results' columns, in the CSV and the workbook.
const RESULT_COLUMNS: [&str; 10] = [
    "player",
    "question",
    "card",
    "prompt",
    "answer given",
    "right answer",
    "correct",
    "seconds",
    "points",
    "final score",
];

/// One student's answer to one question, for the results.
struct ResultRow<'a> {
    player: &'a str,
    /// 1-based, for people.
    question: usize,
    card: &'a str,
    prompt: &'a str,
    given: &'a str,
    right_answer: &'a str,
    correct: &'static str,
    seconds: Option<f64>,
    points: u32,
    score: u32,
}

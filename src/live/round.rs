//! The rules of a live round, without a network: who is playing, which question is
//! open, what each answer scores, and what each phone shows.
//!
//! Time and randomness come in from outside (`now`, an RNG), so joining, timing,
//! scoring, streaks, reconnecting and removal are plain tests. The server
//! (`live::server`) only turns requests into these calls. What the class did (the
//! standings and the podium, the bars, the misses, the record and its CSV) is in
//! `live::report`.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::seq::SliceRandom;
use serde::Serialize;

pub use super::report::{Bar, Standing};

use super::journal::{Event, JournalQuestion};
use super::nickname::{self, NicknameError};
use crate::deck::{CardIndex, Deck, Direction};
use crate::exam::Family;
use crate::matcher::Judgement;

/// At most this many players in a round (the server refuses the next).
pub const MAX_PLAYERS: usize = 200;
/// Points for a right answer, before the bonuses.
pub const BASE_POINTS: u32 = 500;
/// The most a fast answer adds: all of it at once, none at the buzzer.
pub const SPEED_BONUS: u32 = 500;
/// Added per right answer in a row after the first, up to [`STREAK_BONUS_CAP`].
pub const STREAK_BONUS: u32 = 100;
pub const STREAK_BONUS_CAP: u32 = 500;

/// Which cards a round asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LivePool {
    Core,
    All,
    Family(Family),
    /// The exam-style kinds: counterparts, clear text, scenarios (four options only).
    ExamKinds,
    /// The core ports the class has most likely forgotten, planned from its earlier
    /// rounds (`live::class_memory`); the desk makes the plan and hands the cards in
    /// ([`Round::with_cards`]).
    ClassReview,
    /// The ports the teacher listed (`live::chosen`); the desk hands the cards in
    /// ([`Round::from_pool`]).
    Listed,
}

impl LivePool {
    pub fn label(self) -> String {
        match self {
            LivePool::Core => "Core ports".to_string(),
            LivePool::All => "All ports".to_string(),
            LivePool::Family(family) => format!("{} ports", family.title()),
            LivePool::ExamKinds => "Exam-style questions".to_string(),
            LivePool::ClassReview => "Planned from the class's memory".to_string(),
            LivePool::Listed => "The ports listed".to_string(),
        }
    }
}

/// How students answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveKind {
    /// Four options, big tap targets.
    FourOptions,
    /// A port number, typed on the page's number pad.
    TypedPort,
}

impl LiveKind {
    /// The chance of a right answer by luck alone: one in four options, none typed.
    pub fn guess_chance(self) -> f64 {
        match self {
            LiveKind::FourOptions => 0.25,
            LiveKind::TypedPort => 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundSetup {
    pub questions: usize,
    pub seconds: u32,
    pub pool: LivePool,
    pub kind: LiveKind,
}

impl Default for RoundSetup {
    fn default() -> Self {
        RoundSetup { questions: 10, seconds: 20, pool: LivePool::Core, kind: LiveKind::FourOptions }
    }
}

/// One question of the round, fixed when the round is made.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub card: CardIndex,
    pub prompt: String,
    /// Empty for typed port answers.
    pub options: Vec<String>,
    /// The answer as shown after the reveal.
    pub answer: String,
    /// The option that is right (four-option questions).
    pub right_option: Option<usize>,
    /// The port numbers that are right (typed questions).
    pub accepted: Vec<String>,
}

/// A player's handle in the round, shown to the teacher (for removing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PlayerId(pub u32);

/// What a student gave: an option's place or a typed port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Given {
    Option(usize),
    Typed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The option's text or what was typed, as the CSV shows it.
    pub given: String,
    pub option: Option<usize>,
    pub right: bool,
    pub points: u32,
    pub after: Duration,
}

#[derive(Debug, Clone)]
pub struct Player {
    pub id: PlayerId,
    pub name: String,
    token: String,
    pub score: u32,
    pub streak: u32,
    pub best_streak: u32,
    pub right: u32,
    /// The first question this player could answer (late joiners play from the next).
    pub first_question: usize,
    /// One entry per question of the round.
    answers: Vec<Option<Answer>>,
    /// Shown on the player's phone: with the name, it brings the player back on a
    /// browser that lost its token (a classmate who knows only the name cannot).
    rejoin_code: String,
    /// Sockets and long polls open now.
    connections: u32,
    /// The last time the phone was heard from; `None` where nobody tracks it.
    last_seen: Option<DateTime<Utc>>,
}

/// A phone not heard from for this long, with nothing open, is away: the question does
/// not wait for it.
pub const AWAY_AFTER_SECONDS: i64 = 10;

impl Player {
    pub fn answer(&self, question: usize) -> Option<&Answer> {
        self.answers.get(question).and_then(Option::as_ref)
    }

    /// Whether the phone is connected now, or was heard from a moment ago.
    pub fn is_present(&self, now: DateTime<Utc>) -> bool {
        self.connections > 0 || self.last_seen.is_none_or(|seen| now - seen < Duration::seconds(AWAY_AFTER_SECONDS))
    }
}

/// Where the round is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Players join; nothing asked yet.
    Lobby,
    /// A question is open until `deadline`.
    Asking {
        question: usize,
        opened: DateTime<Utc>,
        deadline: DateTime<Utc>,
    },
    /// The answer and the class's distribution are on screen.
    Revealed {
        question: usize,
    },
    Ended,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoundError {
    #[error("There are no questions of that kind: pick another pool or answer kind.")]
    NothingToAsk,
    #[error("That PIN is not this round's. Check the number on the screen.")]
    WrongPin,
    #[error("This round has ended.")]
    Ended,
    #[error("{0}")]
    Nickname(#[from] NicknameError),
    #[error(
        "Somebody in this round already uses that name. Pick another, or if it is you on a new browser, type the rejoin code your phone showed."
    )]
    NameTaken,
    #[error("The round is full ({MAX_PLAYERS} players).")]
    Full,
    #[error("You are not in this round (removed, or the round was restarted). Join again.")]
    UnknownPlayer,
    #[error("No question is open right now.")]
    NotAsking,
    #[error("That question is over.")]
    WrongQuestion,
    #[error("Time was up.")]
    TooLate,
    #[error("You have answered this one already; your first answer counts.")]
    AlreadyAnswered,
    #[error("You joined during this question: you play from the next one.")]
    JoinedLate,
    #[error("That is not one of the options.")]
    NoSuchOption,
    #[error("Type a port number (digits only).")]
    NotAPort,
}

/// What the server answers to a join or a resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Joined {
    pub token: String,
    pub player: PlayerId,
    pub name: String,
    /// To come back on a browser that lost the token: shown on the phone.
    pub rejoin_code: String,
}

/// A counted answer, as the student's phone is told at once (the verdict waits for
/// the reveal, so nobody can tell the room).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ack {
    pub question: usize,
    pub counted: bool,
}

/// Everything one phone needs to draw itself: the round as that player sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentView {
    pub name: String,
    /// "lobby", "asking", "revealed" or "ended".
    pub phase: &'static str,
    /// 1-based, for people.
    pub number: usize,
    pub total: usize,
    /// The open question's index, to send back with the answer.
    pub question: Option<usize>,
    pub prompt: Option<String>,
    pub kind: LiveKind,
    pub options: Vec<String>,
    pub seconds_left: Option<f64>,
    pub answered: bool,
    /// While the question is open: the option this player picked, so that the phone
    /// shows the pick marked until the reveal (after a reload too).
    pub chosen: Option<usize>,
    /// While the question is open: what this player gave (the option's text or the
    /// port typed).
    pub given: Option<String>,
    /// After the reveal: this player's result for the question just shown.
    pub result: Option<StudentResult>,
    pub score: u32,
    pub streak: u32,
    pub rank: usize,
    pub players: usize,
    /// Whether this player joined too late for the open question.
    pub waiting_for_next: bool,
    pub rejoin_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudentResult {
    pub right: bool,
    pub answered: bool,
    pub points: u32,
    pub answer: String,
}

/// A live round: its questions, its players and where it is.
#[derive(Debug, Clone)]
pub struct Round {
    pub setup: RoundSetup,
    pin: String,
    questions: Vec<Question>,
    players: Vec<Player>,
    phase: Phase,
    /// How many questions were opened: all of them, or fewer when the round ended early.
    asked: usize,
    /// The card ids of the questions, for the journal and the CSV.
    cards: Vec<String>,
    /// What happened since the journal last took it (see [`Round::take_events`]).
    events: Vec<Event>,
    next_player: u32,
    /// The class playing it, as the teacher named it (rounds are remembered by class).
    class: Option<String>,
    /// Why a planned round asks what it asks: each reason with its number of
    /// questions, for the lobby ("3 missed by most last Tuesday").
    plan_groups: Vec<(String, usize)>,
    /// For each question, how this class did when it was last asked ("Last time, on
    /// Tuesday: 33 % right"), shown beside the answer at the reveal.
    earlier: Vec<Option<String>>,
    /// Goes up with every change, so that the window knows to look again.
    version: u64,
    /// Goes up with the changes every phone must hear (the phase, who is playing);
    /// not with each answer, which only the answering phone hears about (its ack),
    /// so that 200 answers do not become 200 x 200 messages.
    phones_version: u64,
}

impl Round {
    /// Picks the questions and a fresh PIN. Typed answers ask for ports only.
    pub fn new(deck: &Deck, setup: RoundSetup, rng: &mut impl Rng) -> Result<Round, RoundError> {
        let pool = Round::pool(deck, setup);
        if pool.is_empty() || setup.questions == 0 {
            return Err(RoundError::NothingToAsk);
        }
        let picked = draw_questions(deck, &pool, setup, rng);
        Ok(Round::asking(deck, setup, picked, rng))
    }

    /// A round of `setup.questions` drawn from these cards (every card once before any
    /// comes again; no more questions than cards).
    pub fn from_pool(
        deck: &Deck,
        setup: RoundSetup,
        pool: &[CardIndex],
        rng: &mut impl Rng,
    ) -> Result<Round, RoundError> {
        if pool.is_empty() || setup.questions == 0 {
            return Err(RoundError::NothingToAsk);
        }
        let setup = RoundSetup { questions: setup.questions.min(pool.len()), ..setup };
        let picked = draw_questions(deck, pool, setup, rng);
        Ok(Round::asking(deck, setup, picked, rng))
    }

    /// A round of exactly these cards (a plan), in an order where none gives the next
    /// away when another order allows it.
    pub fn with_cards(
        deck: &Deck,
        setup: RoundSetup,
        cards: &[CardIndex],
        rng: &mut impl Rng,
    ) -> Result<Round, RoundError> {
        if cards.is_empty() {
            return Err(RoundError::NothingToAsk);
        }
        let setup = RoundSetup { questions: cards.len(), ..setup };
        let picked = draw_questions(deck, cards, setup, rng);
        Ok(Round::asking(deck, setup, picked, rng))
    }

    /// The cards a round of this set-up may ask. Typed answers ask for ports only.
    pub fn pool(deck: &Deck, setup: RoundSetup) -> Vec<CardIndex> {
        (0..deck.cards.len())
            .filter(|&index| {
                let card = &deck.cards[index];
                let quick = matches!(card.direction, Direction::PortToService | Direction::ServiceToPort);
                let asked = match setup.pool {
                    LivePool::Core | LivePool::ClassReview => quick && card.core,
                    // Only the desk knows the list: `live::chosen::cards_listed`.
                    LivePool::Listed => false,
                    LivePool::All => quick,
                    LivePool::Family(family) => quick && card.families.contains(&family),
                    // A whole family is too long to tap through; the rest fit four options.
                    LivePool::ExamKinds => card.direction.is_exam_kind() && card.direction != Direction::Family,
                };
                asked && (setup.kind == LiveKind::FourOptions || !single_ports(deck, index).is_empty())
            })
            .collect()
    }

    fn asking(deck: &Deck, setup: RoundSetup, picked: Vec<CardIndex>, rng: &mut impl Rng) -> Round {
        let picked_cards = picked.clone();
        let questions = picked
            .into_iter()
            .map(|card| {
                let options = match setup.kind {
                    LiveKind::FourOptions => deck.choices(card, rng),
                    LiveKind::TypedPort => Vec::new(),
                };
                let right_option =
                    options.iter().position(|option| deck.check(card, option).judgement == Judgement::Correct);
                Question {
                    card,
                    prompt: deck.cards[card].prompt.clone(),
                    answer: deck.cards[card].answer.clone(),
                    options,
                    right_option,
                    accepted: match setup.kind {
                        LiveKind::FourOptions => Vec::new(),
                        LiveKind::TypedPort => single_ports(deck, card),
                    },
                }
            })
            .collect();
        Round {
            setup,
            pin: format!("{:06}", rng.random_range(0..1_000_000u32)),
            questions,
            players: Vec::new(),
            phase: Phase::Lobby,
            asked: 0,
            cards: picked_cards.iter().map(|&card| deck.cards[card].id.as_str().to_string()).collect(),
            events: Vec::new(),
            class: None,
            plan_groups: Vec::new(),
            earlier: Vec::new(),
            next_player: 1,
            version: 1,
            phones_version: 1,
        }
    }

    /// The class playing the round (before it is served: the journal's first line
    /// names it).
    pub fn set_class(&mut self, class: Option<String>) {
        self.class = class;
    }

    pub fn class(&self) -> Option<&str> {
        self.class.as_deref()
    }

    /// Why a planned round asks what it asks, each reason with its number of questions.
    pub fn set_plan_groups(&mut self, groups: Vec<(String, usize)>) {
        self.plan_groups = groups;
    }

    pub fn plan_groups(&self) -> &[(String, usize)] {
        &self.plan_groups
    }

    /// How the class did on each question when it was last asked, by question.
    pub fn set_earlier(&mut self, earlier: Vec<Option<String>>) {
        self.earlier = earlier;
    }

    /// How the class did on this question when it was last asked.
    pub fn earlier(&self, question: usize) -> Option<&str> {
        self.earlier.get(question)?.as_deref()
    }

    /// The journal's first line: when, which class, what was asked.
    pub fn started_event(&self, at: DateTime<Utc>) -> Event {
        Event::Started {
            at,
            questions: self.journal_questions(),
            class: self.class.clone(),
            pool: Some(self.setup.pool.label()),
            kind: Some(self.setup.kind),
        }
    }

    pub fn pin(&self) -> &str {
        &self.pin
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The players still in the round, in the order they joined.
    pub fn players(&self) -> &[Player] {
        &self.players
    }

    /// See [`Round::phones_version`].
    pub fn phones_version(&self) -> u64 {
        self.phones_version
    }

    fn changed(&mut self) {
        self.version += 1;
        self.phones_version += 1;
    }

    fn answered(&mut self) {
        self.version += 1;
    }

    /// A student joins with the PIN and a nickname; the token lets them answer and
    /// come back after a reload or a dropped connection.
    pub fn join(&mut self, pin: &str, name: &str, rng: &mut impl Rng) -> Result<Joined, RoundError> {
        if pin.trim() != self.pin {
            return Err(RoundError::WrongPin);
        }
        if self.phase == Phase::Ended {
            return Err(RoundError::Ended);
        }
        let name = nickname::check(name)?;
        let folded = nickname::fold(&name);
        if self.players.iter().any(|player| nickname::fold(&player.name) == folded) {
            return Err(RoundError::NameTaken);
        }
        if self.players.len() >= MAX_PLAYERS {
            return Err(RoundError::Full);
        }
        let token: String = (0..4).map(|_| format!("{:08x}", rng.random::<u32>())).collect();
        let rejoin_code = rejoin_code(rng);
        let id = PlayerId(self.next_player);
        self.next_player += 1;
        // Joining while a question is open: that one is already running for the others.
        let first_question = match self.phase {
            Phase::Lobby => 0,
            Phase::Asking { question, .. } => question + 1,
            Phase::Revealed { question } => question + 1,
            Phase::Ended => self.questions.len(),
        };
        self.events.push(Event::Joined { player: id.0, name: name.clone() });
        self.players.push(Player {
            id,
            name: name.clone(),
            token: token.clone(),
            score: 0,
            streak: 0,
            best_streak: 0,
            right: 0,
            first_question,
            answers: vec![None; self.questions.len()],
            rejoin_code: rejoin_code.clone(),
            connections: 0,
            last_seen: None,
        });
        self.changed();
        Ok(Joined { token, player: id, name, rejoin_code })
    }

    /// A player whose browser lost its token comes back with their name and the rejoin
    /// code their phone showed: the same player, score and token. A wrong code is
    /// refused as a taken name, so the code cannot be told apart from the name by trying.
    pub fn rejoin(&mut self, pin: &str, name: &str, code: &str) -> Result<Joined, RoundError> {
        if pin.trim() != self.pin {
            return Err(RoundError::WrongPin);
        }
        let folded = nickname::fold(name.trim());
        let wanted = code.trim().to_uppercase();
        let player = self
            .players
            .iter()
            .find(|player| nickname::fold(&player.name) == folded && player.rejoin_code == wanted)
            .ok_or(RoundError::NameTaken)?;
        Ok(Joined {
            token: player.token.clone(),
            player: player.id,
            name: player.name.clone(),
            rejoin_code: player.rejoin_code.clone(),
        })
    }

    /// The phone behind a token was heard from (a request, or a socket that opened
    /// or closed: `opened` +1, -1, or 0 for a request).
    pub fn seen(&mut self, token: &str, opened: i32, now: DateTime<Utc>) {
        let Ok(index) = self.player_index(token) else { return };
        let player = &mut self.players[index];
        let was_present = player.is_present(now);
        player.connections = player.connections.saturating_add_signed(opened);
        player.last_seen = Some(now);
        if !was_present || opened != 0 {
            // The teacher's list shows who is connected.
            self.version += 1;
        }
    }

    fn player_index(&self, token: &str) -> Result<usize, RoundError> {
        self.players.iter().position(|player| player.token == token).ok_or(RoundError::UnknownPlayer)
    }

    /// The player behind a token (a phone that reloads comes back with its score).
    pub fn resume(&self, token: &str) -> Result<Joined, RoundError> {
        let player = &self.players[self.player_index(token)?];
        Ok(Joined {
            token: token.to_string(),
            player: player.id,
            name: player.name.clone(),
            rejoin_code: player.rejoin_code.clone(),
        })
    }

    /// An answer to the open question. The first answer counts; later ones, answers
    /// to another question and answers after time are refused with the reason.
    pub fn answer(
        &mut self,
        token: &str,
        question: usize,
        given: Given,
        now: DateTime<Utc>,
    ) -> Result<Ack, RoundError> {
        let index = self.player_index(token)?;
        let Phase::Asking { question: open, opened, deadline } = self.phase else {
            return Err(match self.phase {
                Phase::Ended => RoundError::Ended,
                Phase::Revealed { question: shown } if shown == question => RoundError::TooLate,
                _ => RoundError::NotAsking,
            });
        };
        if question != open {
            return Err(RoundError::WrongQuestion);
        }
        if now >= deadline {
            return Err(RoundError::TooLate);
        }
        let asked = &self.questions[open];
        let player = &self.players[index];
        if open < player.first_question {
            return Err(RoundError::JoinedLate);
        }
        if player.answers[open].is_some() {
            return Err(RoundError::AlreadyAnswered);
        }
        let (text, option, right) = match given {
            Given::Option(option) => {
                let text = asked.options.get(option).ok_or(RoundError::NoSuchOption)?.clone();
                (text, Some(option), asked.right_option == Some(option))
            }
            Given::Typed(typed) => {
                if asked.options.is_empty() {
                    let typed = typed.trim().to_string();
                    if typed.is_empty() || typed.len() > 5 || !typed.bytes().all(|byte| byte.is_ascii_digit()) {
                        return Err(RoundError::NotAPort);
                    }
                    let right = asked.accepted.contains(&typed);
                    (typed, None, right)
                } else {
                    return Err(RoundError::NoSuchOption);
                }
            }
        };
        let after = (now - opened).max(Duration::zero());
        let points = if right {
            let window = (deadline - opened).num_milliseconds().max(1) as f64;
            let left = ((deadline - now).num_milliseconds() as f64 / window).clamp(0.0, 1.0);
            let streak_bonus = (player.streak * STREAK_BONUS).min(STREAK_BONUS_CAP);
            BASE_POINTS + (f64::from(SPEED_BONUS) * left).round() as u32 + streak_bonus
        } else {
            0
        };
        let player = &mut self.players[index];
        let seconds = after.num_milliseconds() as f64 / 1000.0;
        self.events.push(Event::Answered {
            player: player.id.0,
            question: open,
            given: text.clone(),
            right,
            points,
            seconds,
        });
        player.answers[open] = Some(Answer { given: text, option, right, points, after });
        // Scores and streaks show only at the reveal; the points are fixed now.
        self.answered();
        Ok(Ack { question: open, counted: true })
    }

    /// How many of the players who can answer the open question have answered, of
    /// those who can: a phone away (see [`AWAY_AFTER_SECONDS`]) is not waited for,
    /// unless it answered before it went.
    pub fn answered_count(&self, now: DateTime<Utc>) -> (usize, usize) {
        let question = match self.phase {
            Phase::Asking { question, .. } | Phase::Revealed { question } => question,
            _ => return (0, self.players.len()),
        };
        let eligible: Vec<&Player> = self
            .players
            .iter()
            .filter(|player| player.first_question <= question)
            .filter(|player| player.is_present(now) || player.answers[question].is_some())
            .collect();
        let answered = eligible.iter().filter(|player| player.answers[question].is_some()).count();
        (answered, eligible.len())
    }

    /// Opens the next question (from the lobby or a reveal); after the last one the
    /// round ends.
    pub fn next(&mut self, now: DateTime<Utc>) {
        let question = match self.phase {
            Phase::Lobby => 0,
            Phase::Revealed { question } => question + 1,
            Phase::Asking { .. } | Phase::Ended => return,
        };
        if question >= self.questions.len() {
            self.phase = Phase::Ended;
            self.events.push(Event::Ended);
        } else {
            let deadline = now + Duration::seconds(i64::from(self.setup.seconds));
            self.phase = Phase::Asking { question, opened: now, deadline };
            self.asked = self.asked.max(question + 1);
            self.events.push(Event::Opened { question });
        }
        self.changed();
    }

    /// Shows the answer: scores and streaks move, the distribution goes up.
    pub fn reveal(&mut self) {
        let Phase::Asking { question, .. } = self.phase else { return };
        for player in self.players.iter_mut().filter(|player| player.first_question <= question) {
            match &player.answers[question] {
                Some(answer) if answer.right => {
                    player.score += answer.points;
                    player.right += 1;
                    player.streak += 1;
                    player.best_streak = player.best_streak.max(player.streak);
                }
                _ => player.streak = 0,
            }
        }
        self.phase = Phase::Revealed { question };
        self.changed();
    }

    /// Reveals on its own when time is up or everybody has answered. True when it did.
    pub fn tick(&mut self, now: DateTime<Utc>) -> bool {
        if let Phase::Asking { deadline, .. } = self.phase {
            let (answered, eligible) = self.answered_count(now);
            if now >= deadline || (eligible > 0 && answered == eligible) {
                self.reveal();
                return true;
            }
        }
        false
    }

    pub fn end(&mut self) {
        if self.phase != Phase::Ended {
            if matches!(self.phase, Phase::Asking { .. }) {
                self.reveal();
            }
            self.phase = Phase::Ended;
            self.events.push(Event::Ended);
            self.changed();
        }
    }

    /// Takes a player out: their token stops working and their name is free again.
    pub fn remove(&mut self, player: PlayerId) -> bool {
        let before = self.players.len();
        self.players.retain(|kept| kept.id != player);
        let removed = self.players.len() != before;
        if removed {
            self.events.push(Event::Removed { player: player.0 });
            self.changed();
        }
        removed
    }

    /// Seconds left on the open question.
    pub fn seconds_left(&self, now: DateTime<Utc>) -> Option<f64> {
        match self.phase {
            Phase::Asking { deadline, .. } => {
                Some(((deadline - now).num_milliseconds().max(0) as f64 / 1000.0 * 10.0).round() / 10.0)
            }
            _ => None,
        }
    }

    /// When the window should look again (the countdown's next second).
    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        match self.phase {
            Phase::Asking { deadline, .. } => Some(deadline),
            _ => None,
        }
    }

    /// What one phone shows.
    pub fn student_view(&self, token: &str, now: DateTime<Utc>) -> Result<StudentView, RoundError> {
        let player = &self.players[self.player_index(token)?];
        let rank = self.standings().iter().find(|standing| standing.player == player.id).map_or(0, |s| s.rank);
        let (phase, question) = match self.phase {
            Phase::Lobby => ("lobby", None),
            Phase::Asking { question, .. } => ("asking", Some(question)),
            Phase::Revealed { question } => ("revealed", Some(question)),
            Phase::Ended => ("ended", None),
        };
        let asking = matches!(self.phase, Phase::Asking { .. });
        let asked = question.map(|index| &self.questions[index]);
        let result = match self.phase {
            Phase::Revealed { question } if question >= player.first_question => {
                let answer = player.answer(question);
                Some(StudentResult {
                    right: answer.is_some_and(|answer| answer.right),
                    answered: answer.is_some(),
                    points: answer.map_or(0, |answer| if answer.right { answer.points } else { 0 }),
                    answer: self.questions[question].answer.clone(),
                })
            }
            _ => None,
        };
        Ok(StudentView {
            name: player.name.clone(),
            phase,
            number: question.map_or(0, |index| index + 1),
            total: self.questions.len(),
            question: if asking { question } else { None },
            prompt: asked.map(|asked| asked.prompt.clone()),
            kind: self.setup.kind,
            options: if asking { asked.map(|asked| asked.options.clone()).unwrap_or_default() } else { Vec::new() },
            seconds_left: self.seconds_left(now),
            answered: question.is_some_and(|index| player.answer(index).is_some()),
            chosen: if asking { question.and_then(|index| player.answer(index)?.option) } else { None },
            given: if asking { question.and_then(|index| Some(player.answer(index)?.given.clone())) } else { None },
            result,
            score: player.score,
            streak: player.streak,
            rank,
            players: self.players.len(),
            waiting_for_next: question.is_some_and(|index| index < player.first_question),
            rejoin_code: player.rejoin_code.clone(),
        })
    }

    /// How many questions were opened (fewer than planned when the round ended early).
    pub fn asked(&self) -> usize {
        self.asked
    }

    /// The round's questions as the journal and the CSV name them.
    pub fn journal_questions(&self) -> Vec<JournalQuestion> {
        self.questions
            .iter()
            .zip(&self.cards)
            .map(|(asked, card)| JournalQuestion {
                card: card.clone(),
                prompt: asked.prompt.clone(),
                answer: asked.answer.clone(),
            })
            .collect()
    }

    /// What happened since the last call, for the journal to write down.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }
}

/// How many orders [`draw_questions`] tries before it settles for the one with the
/// fewest questions that give the next away: a small pool (the typed core ports) can
/// leave only related cards at the end of one order, where another has none.
const QUESTION_ORDERS_TRIED: usize = 64;

/// The round's questions from the pool, shuffled: every card once before any comes
/// again, and never one right after a card it is related to (see [`give_away`]) while
/// another order allows it.
fn draw_questions(deck: &Deck, pool: &[CardIndex], setup: RoundSetup, rng: &mut impl Rng) -> Vec<CardIndex> {
    let given_away =
        |order: &[CardIndex]| order.windows(2).filter(|pair| give_away(deck, setup.pool, pair[0], pair[1])).count();
    let mut best = draw_in_order(deck, pool, setup, rng);
    let mut best_count = given_away(&best);
    for _ in 1..QUESTION_ORDERS_TRIED {
        if best_count == 0 {
            break;
        }
        let order = draw_in_order(deck, pool, setup, rng);
        let count = given_away(&order);
        if count < best_count {
            (best, best_count) = (order, count);
        }
    }
    best
}

/// One order: each question the first card, in a shuffled pool, unrelated to the one
/// before (the first card left when none is).
fn draw_in_order(deck: &Deck, pool: &[CardIndex], setup: RoundSetup, rng: &mut impl Rng) -> Vec<CardIndex> {
    let mut waiting: Vec<CardIndex> = Vec::new();
    let mut picked: Vec<CardIndex> = Vec::with_capacity(setup.questions);
    while picked.len() < setup.questions {
        if waiting.is_empty() {
            waiting = pool.to_vec();
            waiting.shuffle(rng);
        }
        let after = picked.last().copied();
        let place = after
            .and_then(|last| waiting.iter().position(|&card| !give_away(deck, setup.pool, last, card)))
            .unwrap_or(0);
        picked.push(waiting.remove(place));
    }
    picked
}

/// Whether asking `b` right after `a` would give its answer away or ask much the same:
/// one row, a secure and insecure pair, one's text naming the other (`deck::related`),
/// or one family of ports (a round of one family is all one family, so there it does
/// not count).
fn give_away(deck: &Deck, pool: LivePool, a: CardIndex, b: CardIndex) -> bool {
    let one_family = || deck.cards[a].families.iter().any(|family| deck.cards[b].families.contains(family));
    crate::deck::related::are_related(deck, a, b) || (!matches!(pool, LivePool::Family(_)) && one_family())
}

/// The single port numbers that answer a service-to-port card in full (typed rounds
/// have a number pad, so a card that needs two ports is left out).
fn single_ports(deck: &Deck, card: CardIndex) -> Vec<String> {
    if deck.cards[card].direction != Direction::ServiceToPort {
        return Vec::new();
    }
    let mut ports: Vec<String> = deck.cards[card]
        .answer
        .split(|c: char| !c.is_ascii_digit())
        .filter(|port| !port.is_empty())
        .map(str::to_string)
        .collect();
    ports.dedup();
    ports.retain(|port| deck.check(card, port).judgement == Judgement::Correct);
    ports
}

/// Four letters and digits that cannot be mistaken for each other on a phone screen.
fn rejoin_code(rng: &mut impl Rng) -> String {
    const UNAMBIGUOUS: &[u8] = b"ACDEFHJKMNPRTUVWXY34679";
    (0..4).map(|_| char::from(UNAMBIGUOUS[rng.random_range(0..UNAMBIGUOUS.len())])).collect()
}

#[cfg(test)]
mod tests;

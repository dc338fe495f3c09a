//! The whole deck as a table: one line per card with its schedule, sortable by any
//! column and filtered by text (through the matcher's normalisation), core only or
//! weak only.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use crate::deck::{Deck, Direction};
use crate::matcher;
use crate::progress::{Phase, Progress};

/// Where a card is, as the browse table shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    New,
    Learning,
    Review,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Learning => "learning",
            Status::Review => "review",
        }
    }
}

/// One card in the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub card: usize,
    pub first_port: u16,
    pub ports: String,
    pub service: String,
    pub transport: String,
    pub core: bool,
    pub info: String,
    pub direction: Direction,
    /// The question the card asks, so that two cards of one port tell apart.
    pub prompt: String,
    pub status: Status,
    pub due: Option<DateTime<Utc>>,
    pub retrievability: f32,
    pub lapses: u32,
}

impl Line {
    /// Seen and likely to be forgotten soon, or forgotten often.
    pub fn is_weak(&self) -> bool {
        self.status != Status::New && (self.retrievability < 0.85 || self.lapses >= 3)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Column {
    #[default]
    Port,
    Service,
    Transport,
    Core,
    Direction,
    Status,
    Due,
    Retrievability,
    Lapses,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Port,
        Column::Service,
        Column::Transport,
        Column::Core,
        Column::Direction,
        Column::Status,
        Column::Due,
        Column::Retrievability,
        Column::Lapses,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Port => "Port",
            Column::Service => "Service",
            Column::Transport => "Transport",
            Column::Core => "Core",
            Column::Direction => "Question",
            Column::Status => "State",
            Column::Due => "Due",
            Column::Retrievability => "Recall",
            Column::Lapses => "Lapses",
        }
    }
}

/// What to show and in which order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct View {
    pub text: String,
    pub core_only: bool,
    pub weak_only: bool,
    /// Only the cards of one port family.
    pub family: Option<crate::exam::Family>,
    pub sort: Column,
    pub descending: bool,
}

/// Every card as a line, before filtering.
pub fn lines(deck: &Deck, progress: &Progress, now: DateTime<Utc>) -> Vec<Line> {
    deck.cards
        .iter()
        .enumerate()
        .map(|(index, card)| {
            let row = deck.row_of(card);
            let state = progress.cards.get(&card.id);
            let transport = deck
                .facts_of_row(card.row)
                .map(|facts| facts.transport.to_string())
                .unwrap_or_else(|| row.transport.clone());
            Line {
                card: index,
                first_port: row.ports.first(),
                ports: row.ports.to_string(),
                service: row.service.clone(),
                transport,
                core: card.core,
                info: row.info.clone(),
                direction: card.direction,
                prompt: card.prompt.clone(),
                status: match state.map(|state| state.phase) {
                    None => Status::New,
                    Some(Phase::Review) => Status::Review,
                    Some(Phase::Learning(_) | Phase::Relearning(_)) => Status::Learning,
                },
                due: state.map(|state| state.due),
                retrievability: progress.memory_model.recall_of(state, now),
                lapses: state.map_or(0, |state| state.lapses),
            }
        })
        .collect()
}

/// The lines the view asks for, filtered and sorted.
pub fn view(deck: &Deck, progress: &Progress, now: DateTime<Utc>, view: &View) -> Vec<Line> {
    let wanted = matcher::compact(&view.text);
    let mut shown: Vec<Line> = lines(deck, progress, now)
        .into_iter()
        .filter(|line| progress.settings.asks(&deck.cards[line.card]))
        .filter(|line| !view.core_only || line.core)
        .filter(|line| !view.weak_only || line.is_weak())
        .filter(|line| view.family.is_none_or(|family| deck.cards[line.card].families.contains(&family)))
        .filter(|line| wanted.is_empty() || matches_text(deck, line, &wanted))
        .collect();
    shown.sort_by(|a, b| {
        let order = compare(a, b, view.sort).then_with(|| a.first_port.cmp(&b.first_port)).then(a.card.cmp(&b.card));
        if view.descending { order.reverse() } else { order }
    });
    shown
}

fn matches_text(deck: &Deck, line: &Line, wanted: &str) -> bool {
    let spellings = deck.spellings_of_row(deck.cards[line.card].row);
    line.ports.replace(' ', "").contains(wanted)
        || spellings.iter().any(|spelling| spelling.compact.contains(wanted))
        || matcher::compact(&line.info).contains(wanted)
        || (line.direction.is_exam_kind() && matcher::compact(&deck.cards[line.card].prompt).contains(wanted))
}

fn compare(a: &Line, b: &Line, column: Column) -> Ordering {
    match column {
        Column::Port => a.first_port.cmp(&b.first_port),
        Column::Service => a.service.to_lowercase().cmp(&b.service.to_lowercase()),
        Column::Transport => a.transport.cmp(&b.transport),
        Column::Core => b.core.cmp(&a.core),
        Column::Direction => (a.direction as u8).cmp(&(b.direction as u8)).then_with(|| a.prompt.cmp(&b.prompt)),
        Column::Status => a.status.cmp(&b.status),
        // Never-seen cards sort after every due date.
        Column::Due => {
            a.due.map_or((1, None), |due| (0, Some(due))).cmp(&b.due.map_or((1, None), |due| (0, Some(due))))
        }
        Column::Retrievability => a.retrievability.total_cmp(&b.retrievability),
        Column::Lapses => a.lapses.cmp(&b.lapses),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::seed_deck as deck;

    use crate::progress::Grade;

    use chrono::Duration;

    #[test]
    fn every_line_says_its_question_so_two_cards_of_one_port_tell_apart() {
        let deck = deck();
        let progress = Progress::default();
        let lines = view(&deck, &progress, crate::testing::now(), &View::default());
        let ssh: Vec<&Line> = lines.iter().filter(|line| line.ports == "22").collect();
        assert!(ssh.len() >= 3, "{}", ssh.len());
        assert!(lines.iter().all(|line| !line.prompt.is_empty()));
        // No two lines of one port ask the same question.
        let mut asked: Vec<(&str, &str)> =
            lines.iter().map(|line| (line.ports.as_str(), line.prompt.as_str())).collect();
        asked.sort_unstable();
        asked.dedup();
        assert_eq!(asked.len(), lines.len());
        // Sorted by the question column, the kinds stay together and read in order.
        let by_question =
            view(&deck, &progress, crate::testing::now(), &View { sort: Column::Direction, ..View::default() });
        assert!(by_question.windows(2).all(|pair| (pair[0].direction as u8) <= (pair[1].direction as u8)));
    }

    #[test]
    fn filtering_by_text_uses_names_aliases_and_ports() {
        let deck = deck();
        let progress = Progress::default();
        let now = Utc::now();
        let shown = |text: &str| {
            let lines = view(&deck, &progress, now, &View { text: text.into(), ..View::default() });
            let mut ports: Vec<String> = lines.into_iter().map(|line| line.ports).collect();
            ports.dedup();
            ports
        };
        // SMB runs directly on 445, and over NetBIOS on 139 ("smb over netbios").
        assert_eq!(shown("smb"), ["137-139", "445"]);
        assert_eq!(shown("Microsoft-DS"), ["445"]);
        assert_eq!(shown("kerberos"), ["88", "464"]);
        assert_eq!(shown("137"), ["137-139"]);
        assert_eq!(shown(""), deck.rows.iter().map(|row| row.ports.to_string()).collect::<Vec<_>>());
    }

    #[test]
    fn core_and_weak_filters() {
        let deck = deck();
        let scheduler = crate::schedule::Scheduler::new(Default::default());
        let mut progress = Progress::default();
        let then: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        let weak = &deck.cards[0];
        progress
            .cards
            .insert(weak.id.clone(), scheduler.apply(&weak.id, None, false, Grade::Again, then.fixed_offset()));
        let now = then + Duration::days(20);
        let core = view(&deck, &progress, now, &View { core_only: true, ..View::default() });
        assert!(core.iter().all(|line| line.core));
        assert_eq!(core.len(), deck.cards.iter().filter(|card| card.core).count());
        let weak_lines = view(&deck, &progress, now, &View { weak_only: true, ..View::default() });
        assert_eq!(weak_lines.len(), 1);
        assert_eq!(weak_lines[0].card, 0);
    }

    #[test]
    fn sorting_by_each_column_and_both_ways() {
        let deck = deck();
        let progress = Progress::default();
        let now = Utc::now();
        for column in Column::ALL {
            let up = view(&deck, &progress, now, &View { sort: column, ..View::default() });
            let down = view(&deck, &progress, now, &View { sort: column, descending: true, ..View::default() });
            assert_eq!(up.len(), deck.cards.iter().filter(|card| progress.settings.asks(card)).count());
            let reversed: Vec<usize> = down.iter().rev().map(|line| line.card).collect();
            assert_eq!(up.iter().map(|line| line.card).collect::<Vec<_>>(), reversed, "{column:?}");
        }
        let by_service = view(&deck, &progress, now, &View { sort: Column::Service, ..View::default() });
        assert_eq!(by_service[0].service, "AppleTalk");
        let by_core = view(&deck, &progress, now, &View { sort: Column::Core, ..View::default() });
        assert!(by_core[0].core);
    }
}

//! A round of the ports the teacher lists ("22, ldap, smb"): each item looked up in the
//! table as Browse and `portcards lookup` do (a number, a name, an alias), and the
//! round's cards those rows' quick questions.

use crate::deck::{CardIndex, Deck};
use crate::lookup::{Lookup, lookup};

use super::round::Round;
use super::{LivePool, RoundSetup};

/// The rows a teacher's list names, in its order, or a sentence naming the items the
/// table does not have.
pub fn rows_listed(deck: &Deck, list: &str) -> Result<Vec<usize>, String> {
    let mut rows: Vec<usize> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for item in list.split([',', ';', '\n']).map(str::trim).filter(|item| !item.is_empty()) {
        match lookup(deck, item) {
            Lookup::Found(found) | Lookup::Ambiguous(found) | Lookup::Within { rows: found, .. } => {
                rows.extend(found.into_iter().filter(|row| !rows.contains(row)).collect::<Vec<_>>());
            }
            _ => unknown.push(item),
        }
    }
    if !unknown.is_empty() {
        return Err(format!("Not in the table: {}.", unknown.join(", ")));
    }
    if rows.is_empty() {
        return Err("List the ports to ask, by number or name, separated by commas (22, ldap, smb).".to_string());
    }
    Ok(rows)
}

/// The cards a round of the listed rows may ask, as a round of all ports would ask
/// them (four options or typed).
pub fn cards_listed(deck: &Deck, rows: &[usize], setup: RoundSetup) -> Vec<CardIndex> {
    Round::pool(deck, RoundSetup { pool: LivePool::All, ..setup })
        .into_iter()
        .filter(|&card| rows.contains(&deck.cards[card].row))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::LiveKind;
    use crate::testing::seed_deck;

    #[test]
    fn a_list_of_numbers_and_names_names_its_rows_and_their_quick_cards() {
        let deck = seed_deck();
        let rows = rows_listed(&deck, "22, ldap ,smb").unwrap();
        let ports: Vec<String> = rows.iter().map(|&row| deck.rows[row].ports.to_string()).collect();
        assert_eq!(ports[..2], ["22".to_string(), "389".to_string()]);
        assert!(ports.iter().any(|port| port == "445"), "{ports:?}");
        let setup = RoundSetup { pool: LivePool::All, kind: LiveKind::FourOptions, ..RoundSetup::default() };
        let cards = cards_listed(&deck, &rows, setup);
        assert!(cards.iter().all(|&card| rows.contains(&deck.cards[card].row)));
        assert_eq!(cards.len(), 2 * rows.len(), "both directions of each row: {cards:?}");
    }

    #[test]
    fn an_item_the_table_lacks_is_named_and_an_empty_list_explained() {
        let deck = seed_deck();
        assert_eq!(rows_listed(&deck, "22, zzqx, 99999"), Err("Not in the table: zzqx, 99999.".to_string()));
        assert!(rows_listed(&deck, " , ").unwrap_err().starts_with("List the ports to ask"));
    }
}

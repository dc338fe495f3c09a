//! Nicknames in a live round: 1-20 characters, no control characters, not a
//! refused word, and unique in the round regardless of case and spacing.
//!
//! Names are shown as text everywhere, never as HTML: the page sets `textContent`
//! (its browser test joins as `<b>Zoë</b>` and checks that no element was made), the
//! projector paints glyphs, and the CSV is written by the csv crate.

use unicode_normalization::UnicodeNormalization;

pub const MAX_CHARS: usize = 20;

/// Words a classroom screen should not show. Matched inside the name once case,
/// spaces, punctuation and common digit-for-letter swaps are folded away.
const REFUSED: &[&str] = &[
    "fuck", "shit", "bitch", "cunt", "dick", "cock", "pussy", "penis", "vagina", "nigg", "fag", "retard", "whore",
    "slut", "rape", "nazi", "hitler", "porn",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NicknameError {
    #[error("Type a nickname.")]
    Empty,
    #[error("A nickname has at most {MAX_CHARS} characters.")]
    TooLong,
    #[error("A nickname cannot hold control characters.")]
    ControlCharacter,
    #[error("Pick another nickname: that one is not allowed in class.")]
    Refused,
}

/// The name as it will be shown (trimmed, inner runs of spaces made one, NFC), or
/// why it cannot be used.
pub fn check(raw: &str) -> Result<String, NicknameError> {
    let name: String = raw.nfc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(NicknameError::Empty);
    }
    if name.chars().count() > MAX_CHARS {
        return Err(NicknameError::TooLong);
    }
    if name.chars().any(|c| c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}')) {
        return Err(NicknameError::ControlCharacter);
    }
    let squeezed: String = fold(&name)
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            other => other,
        })
        .filter(|c| c.is_alphabetic())
        .collect();
    if REFUSED.iter().any(|word| squeezed.contains(word)) {
        return Err(NicknameError::Refused);
    }
    Ok(name)
}

/// The form two names are compared in: "Ana B" and "ana  b" are the same player.
pub fn fold(name: &str) -> String {
    name.nfkc().flat_map(char::to_lowercase).filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_limited_and_screened() {
        assert_eq!(check("  Ana   B ").unwrap(), "Ana B");
        assert_eq!(check("   "), Err(NicknameError::Empty));
        assert_eq!(check(&"x".repeat(20)).unwrap().len(), 20);
        assert_eq!(check(&"x".repeat(21)), Err(NicknameError::TooLong));
        // Twenty characters, not twenty bytes.
        assert_eq!(check("Zoë Łukasz 日本語").unwrap(), "Zoë Łukasz 日本語");
        assert_eq!(check("a\u{7}b"), Err(NicknameError::ControlCharacter));
        assert_eq!(check("a\u{202e}b"), Err(NicknameError::ControlCharacter));
        assert_eq!(check("Sh1t Happens"), Err(NicknameError::Refused));
        assert_eq!(check("F.U.C.K"), Err(NicknameError::Refused));
        assert!(check("Scunthorpe Sam").is_err(), "substring screening errs on the side of the classroom");
        assert_eq!(check("Port 443 fan").unwrap(), "Port 443 fan");
    }

    #[test]
    fn case_and_spacing_do_not_make_a_new_name() {
        assert_eq!(fold("Ana B"), fold("ana  b"));
        assert_ne!(fold("Ana"), fold("Anna"));
    }
}

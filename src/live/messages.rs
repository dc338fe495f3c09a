//! What a phone may send, parsed strictly: one small JSON object of a known shape.
//!
//! The same messages come as HTTP bodies (the polling fallback) and as WebSocket
//! text frames. Anything else (too long, not JSON, unknown fields, a missing field,
//! a wrong type) is a [`MessageError`] with a sentence for the page, and the round
//! never sees it.

use serde::Deserialize;

use super::round::Given;

/// The most bytes a message may have; a join or an answer needs a tenth of it.
pub const MAX_MESSAGE_BYTES: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientMessage {
    /// `code`: the rejoin code of a player coming back on a browser that lost its token.
    Join {
        pin: String,
        name: String,
        code: Option<String>,
    },
    Answer {
        token: String,
        question: usize,
        given: Given,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("The message is too long (at most {MAX_MESSAGE_BYTES} bytes).")]
    TooLong,
    #[error("The message could not be read: {0}")]
    Malformed(String),
    #[error("An answer needs exactly one of an option or a typed port.")]
    AnswerShape,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum Wire {
    Join { pin: String, name: String, code: Option<String> },
    Answer { token: String, question: usize, option: Option<usize>, typed: Option<String> },
}

/// Parses one message from a phone.
pub fn parse(bytes: &[u8]) -> Result<ClientMessage, MessageError> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(MessageError::TooLong);
    }
    let wire: Wire = serde_json::from_slice(bytes).map_err(|error| MessageError::Malformed(error.to_string()))?;
    Ok(match wire {
        Wire::Join { pin, name, code } => ClientMessage::Join { pin, name, code },
        Wire::Answer { token, question, option, typed } => {
            let given = match (option, typed) {
                (Some(option), None) => Given::Option(option),
                (None, Some(typed)) => Given::Typed(typed),
                _ => return Err(MessageError::AnswerShape),
            };
            ClientMessage::Answer { token, question, given }
        }
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn joins_and_answers_parse() {
        assert_eq!(
            parse(br#"{"type":"join","pin":"123456","name":"Ana"}"#),
            Ok(ClientMessage::Join { pin: "123456".into(), name: "Ana".into(), code: None })
        );
        assert_eq!(
            parse(br#"{"type":"answer","token":"t","question":2,"option":1}"#),
            Ok(ClientMessage::Answer { token: "t".into(), question: 2, given: Given::Option(1) })
        );
        assert_eq!(
            parse(br#"{"type":"answer","token":"t","question":0,"typed":"443"}"#),
            Ok(ClientMessage::Answer { token: "t".into(), question: 0, given: Given::Typed("443".into()) })
        );
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        assert_eq!(parse(br#"{"type":"answer","token":"t","question":2}"#), Err(MessageError::AnswerShape));
        assert_eq!(
            parse(br#"{"type":"answer","token":"t","question":2,"option":1,"typed":"1"}"#),
            Err(MessageError::AnswerShape)
        );
        for bad in [
            &b"not json"[..],
            br#"{"type":"join","pin":"1"}"#,
            br#"{"type":"join","pin":"1","name":"a","admin":true}"#,
            br#"{"type":"answer","token":"t","question":-1,"option":0}"#,
            br#"{"type":"shutdown"}"#,
            br#"[]"#,
        ] {
            assert!(matches!(parse(bad), Err(MessageError::Malformed(_))), "{}", String::from_utf8_lossy(bad));
        }
        let long = format!(r#"{{"type":"join","pin":"1","name":"{}"}}"#, "a".repeat(2000));
        assert_eq!(parse(long.as_bytes()), Err(MessageError::TooLong));
    }

    proptest! {
        #[test]
        fn no_bytes_make_it_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1200)) {
            let _ = parse(&bytes);
        }

        #[test]
        fn every_well_formed_answer_round_trips(token in "[a-f0-9]{0,40}", question in 0usize..1000, option in 0usize..8) {
            let text = format!(r#"{{"type":"answer","token":"{token}","question":{question},"option":{option}}}"#);
            prop_assert_eq!(parse(text.as_bytes()), Ok(ClientMessage::Answer { token, question, given: Given::Option(option) }));
        }
    }
}

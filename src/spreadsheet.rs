//! CSV files that spreadsheets open as they should: UTF-8 with a byte order mark (so
//! that Excel reads "Zoë" right), CRLF line ends, and no cell a spreadsheet would run
//! as a formula (OWASP's advice on CSV injection: a cell that starts with `=`, `+`,
//! `-`, `@`, a tab or a carriage return gets a `'` in front).

use std::borrow::Cow;

pub const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// A CSV writer into memory, the byte order mark already written.
pub fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(UTF8_BOM.to_vec())
}

/// A cell as typed by somebody else (a nickname, an answer), made inert.
pub fn safe_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_inert_and_text_is_left_alone() {
        for formula in ["=2+3", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(safe_cell(formula).starts_with('\''), "{formula:?}");
        }
        for text in ["Zoë", "Ana", "2+3", "a=b", ""] {
            assert_eq!(safe_cell(text), text);
        }
    }

    #[test]
    fn the_writer_starts_with_a_bom_and_ends_lines_with_crlf() {
        let mut writer = csv_writer();
        writer.write_record(["a", "b"]).unwrap();
        let bytes = writer.into_inner().unwrap();
        assert_eq!(bytes, b"\xEF\xBB\xBFa,b\r\n");
    }
}

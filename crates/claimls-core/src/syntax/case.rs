//! Letter case, a matter of the `.claim` format only.
//!
//! A `.claim` draft is typed by hand, so it accepts `77300-tc`, `dx b …`,
//! `dx=a` and `sex=f`, says so once (the `letter-case` rule), and hands the
//! model the value in capitals: rules, hover and completion then judge the
//! modifier `TC`, not a misspelling of it. (An 837 has no such leniency:
//! its reader reports a lower-case value as what it is there.)
//!
//! The model borrows every value from the document's text, so the capital
//! form of a short value is borrowed from a table of every one- and
//! two-character capital string instead: same length, so its span is
//! unchanged. Procedure codes are five characters and cannot be tabled that
//! way: one in lower case is reported with its fix and left as written.

use crate::span::{Span, Tok};

/// The characters a short coded value is made of, in table order.
const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Every two-character string over [`ALPHABET`], concatenated: pair `i * 36 + j`
/// is at `2 * (i * 36 + j)`.
static PAIRS: [u8; 36 * 36 * 2] = {
    let mut out = [0u8; 36 * 36 * 2];
    let mut i = 0;
    while i < 36 {
        let mut j = 0;
        while j < 36 {
            out[2 * (i * 36 + j)] = ALPHABET[i];
            out[2 * (i * 36 + j) + 1] = ALPHABET[j];
            j += 1;
        }
        i += 1;
    }
    out
};

fn pairs() -> &'static str {
    // All ASCII, so always valid UTF-8.
    std::str::from_utf8(&PAIRS).unwrap_or_default()
}

fn position(b: u8) -> Option<usize> {
    match b.to_ascii_uppercase() {
        d @ b'0'..=b'9' => Some(usize::from(d - b'0')),
        c @ b'A'..=b'Z' => Some(10 + usize::from(c - b'A')),
        _ => None,
    }
}

/// A value written in lower case where the format means capitals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseLint {
    pub span: Span,
    /// What the value is ("modifier", "diagnosis letter", …).
    pub what: &'static str,
    /// The value as written.
    pub written: String,
    /// The value in capitals.
    pub capitals: String,
    /// On a line's last kept lint: how many more the line has that are
    /// not kept (see [`MAX_CASE_LINTS_PER_LINE`]).
    pub more: usize,
}

/// The capital form of a one- or two-character value written with a lower
/// case letter (`tc` → `TC`, same span), or `None` when there is nothing
/// to change or the value is not made of letters and digits (another rule
/// says what is wrong with it).
pub fn capitalized(tok: Tok<'_>) -> Option<Tok<'static>> {
    let bytes = tok.text.as_bytes();
    if !bytes.iter().any(u8::is_ascii_lowercase) {
        return None;
    }
    let text = match *bytes {
        [a] => {
            let at = 2 * (position(a)? * 36);
            &pairs()[at..at + 1]
        }
        [a, b] => {
            let at = 2 * (position(a)? * 36 + position(b)?);
            &pairs()[at..at + 2]
        }
        _ => return None,
    };
    Some(Tok::new(text, tok.span().start))
}

/// Capitalizes `tok` in place when it is a short value in lower case, and
/// records the lint.
pub(super) fn capitalize(tok: &mut Tok<'_>, what: &'static str, lints: &mut Vec<CaseLint>) {
    if let Some(capitals) = capitalized(*tok) {
        push(lints, tok.span(), what, tok.text, capitals.text.to_string());
        *tok = capitals;
    }
}

/// Records a procedure code written in lower case whose capital form is a
/// well-shaped code (`g0339`); the code itself stays as written.
pub(super) fn check_code(code: Tok<'_>, lints: &mut Vec<CaseLint>) {
    if !code.text.bytes().any(|b| b.is_ascii_lowercase()) {
        return;
    }
    let capitals = code.text.to_ascii_uppercase();
    if crate::values::code_shape(&capitals).is_some() {
        push(lints, code.span(), "procedure code", code.text, capitals);
    }
}

/// At most this many letter-case lints are kept for one line: a line of a
/// thousand `-tc` modifiers needs its first few pointed out, not all.
pub const MAX_CASE_LINTS_PER_LINE: usize = 10;

fn push(
    lints: &mut Vec<CaseLint>,
    span: Span,
    what: &'static str,
    written: &str,
    capitals: String,
) {
    if lints.len() < MAX_CASE_LINTS_PER_LINE {
        lints.push(CaseLint {
            span,
            what,
            written: written.to_string(),
            capitals,
            more: 0,
        });
    } else if let Some(last) = lints.last_mut() {
        last.more += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_get_their_capitals_at_the_same_place() {
        for (written, capitals) in [
            ("tc", "TC"),
            ("Xs", "XS"),
            ("a", "A"),
            ("f", "F"),
            ("q9", "Q9"),
            ("9q", "9Q"),
            ("zz", "ZZ"),
        ] {
            let tok = Tok::new(written, 40);
            let up = capitalized(tok).unwrap();
            assert_eq!(up.text, capitals);
            assert_eq!(up.span(), tok.span());
        }
    }

    #[test]
    fn values_already_in_capitals_or_not_alphanumeric_are_left_alone() {
        for written in ["TC", "26", "A", "", "abc", "t-", "é", "ü1"] {
            assert!(capitalized(Tok::new(written, 0)).is_none(), "{written}");
        }
    }

    #[test]
    fn a_lower_case_code_is_reported_only_when_its_capitals_are_a_code() {
        let mut lints = Vec::new();
        check_code(Tok::new("g0339", 5), &mut lints);
        check_code(Tok::new("0394t", 5), &mut lints);
        check_code(Tok::new("abcde", 5), &mut lints);
        check_code(Tok::new("77372", 5), &mut lints);
        let capitals: Vec<_> = lints.iter().map(|l| l.capitals.as_str()).collect();
        assert_eq!(capitals, ["G0339", "0394T"]);
    }

    #[test]
    fn a_line_keeps_a_bounded_number_of_lints() {
        let mut lints = Vec::new();
        for i in 0..1000 {
            let mut tok = Tok::new("tc", 3 * i);
            capitalize(&mut tok, "modifier", &mut lints);
            assert_eq!(tok.text, "TC");
        }
        assert_eq!(lints.len(), MAX_CASE_LINTS_PER_LINE);
        assert_eq!(
            lints[MAX_CASE_LINTS_PER_LINE - 1].more,
            1000 - MAX_CASE_LINTS_PER_LINE
        );
    }
}

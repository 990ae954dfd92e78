//! Diagnosis letters as names: go to definition (pointer → `dx` line),
//! find references (`dx` line → every pointer) and rename within a claim.

use crate::model::Claim;
use crate::span::{Span, Tok};
use crate::syntax::{self};

/// The letter under the cursor, as a declaration or a pointer, with its claim.
fn letter_at<'a>(claim: &Claim<'a>, offset: usize) -> Option<Tok<'a>> {
    claim
        .diagnoses
        .iter()
        .map(|d| d.letter)
        .chain(claim.lines.iter().flat_map(|l| l.pointers.iter().copied()))
        .find(|t| t.span().touches(offset))
}

/// From a pointer letter (or a declaration) to the `dx` line declaring it.
pub fn definition(text: &str, offset: usize) -> Option<Span> {
    let doc = syntax::parse_claim_at(text, offset);
    let claim = doc.claims.first()?;
    let letter = letter_at(claim, offset)?;
    claim.diagnosis(letter.text).map(|d| d.letter.span())
}

/// Every pointer to the letter under the cursor (and its declaration when asked).
pub fn references(text: &str, offset: usize, include_declaration: bool) -> Vec<Span> {
    let doc = syntax::parse_claim_at(text, offset);
    let Some(claim) = doc.claims.first() else {
        return Vec::new();
    };
    let Some(letter) = letter_at(claim, offset) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if include_declaration {
        out.extend(
            claim
                .diagnoses
                .iter()
                .filter(|d| d.letter.text == letter.text)
                .map(|d| d.letter.span()),
        );
    }
    for line in &claim.lines {
        out.extend(
            line.pointers
                .iter()
                .filter(|p| p.text == letter.text)
                .map(|p| p.span()),
        );
    }
    out
}

/// The span a rename at `offset` would change (for `prepareRename`).
pub fn prepare_rename(text: &str, offset: usize) -> Option<Span> {
    let doc = syntax::parse_claim_at(text, offset);
    let claim = doc.claims.first()?;
    letter_at(claim, offset).map(|t| t.span())
}

/// Edits renaming the diagnosis letter under the cursor to `new`, or why not.
pub fn rename(text: &str, offset: usize, new: &str) -> Result<Vec<(Span, String)>, String> {
    let doc = syntax::parse_claim_at(text, offset);
    let claim = doc.claims.first().ok_or("the cursor is not in a claim")?;
    let letter =
        letter_at(claim, offset).ok_or("rename works on diagnosis letters (`dx A …`, `dx=A`)")?;
    let new = new.trim().to_ascii_uppercase();
    if !(new.len() == 1 && ("A"..="L").contains(&new.as_str())) {
        return Err(format!(
            "`{new}` is not a diagnosis letter: use one of A to L"
        ));
    }
    if new != letter.text && claim.diagnosis(&new).is_some() {
        return Err(format!("this claim already declares diagnosis {new}"));
    }
    Ok(references(text, offset, true)
        .into_iter()
        .map(|s| (s, new.clone()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "claim A\ndx A C79.31\ndx B C34.11\nline 2026-11-02 77372 dx=A,B\nline 2026-11-02 77432 dx=A\nclaim Z\ndx A C71.9\nline 2026-11-03 77372 dx=A\n";

    fn nth(needle: &str, n: usize) -> usize {
        TEXT.match_indices(needle).nth(n).unwrap().0
    }

    #[test]
    fn definition_goes_from_pointer_to_declaration() {
        let pointer = nth("dx=A", 0) + 3;
        let def = definition(TEXT, pointer).unwrap();
        assert_eq!(def.start, nth("dx A", 0) + 3);
    }

    #[test]
    fn references_stay_within_the_claim() {
        let decl = nth("dx A", 0) + 3;
        let refs = references(TEXT, decl, false);
        assert_eq!(
            refs.len(),
            2,
            "two lines of claim A point to A; claim Z's do not count"
        );
        assert_eq!(references(TEXT, decl, true).len(), 3);
    }

    #[test]
    fn rename_updates_declaration_and_pointers() {
        let edits = rename(TEXT, nth("dx A", 0) + 3, "c").unwrap();
        assert_eq!(edits.len(), 3);
        assert!(edits.iter().all(|(_, t)| t == "C"));
        assert!(
            rename(TEXT, nth("dx A", 0) + 3, "B")
                .unwrap_err()
                .contains("already declares")
        );
        assert!(rename(TEXT, nth("dx A", 0) + 3, "Q").is_err());
        assert!(rename(TEXT, 2, "C").is_err());
    }
}

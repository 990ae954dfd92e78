//! `dx-code-first-missing`: a manifestation code without the underlying
//! condition its "code first" note names, or listed before it.
use super::{first_listed, is_manifestation, listed_before};
use crate::diagnostic::{Related, Severity};
use crate::knowledge::icd_notes::{NoteKind, Reading};
use crate::model::Diagnosis;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-code-first-missing",
    title: "Manifestation code without the underlying condition its note names",
    severity: Severity::Hint,
    what: "A manifestation code (one the Medicare Code Editor flags as such in the fiscal year billed, as for `dx-manifestation-first`) whose ICD-10-CM \"code first\" note names codes (`data/icd10cm/code-first-additional.tsv`, from the FY2026 tabular list), when no diagnosis of the claim is one of them, or when every one that is comes after the manifestation code. Notes that name no code, that say they depend on the case (\"if applicable\", \"any\"), or whose code references claimls could not all read give no finding, nor do \"code first\" notes on codes that are not manifestation codes (there the note applies only when the condition has that cause, which a claim does not say). A manifestation code listed first is `dx-manifestation-first`'s finding: this rule then reports only a missing underlying condition. The first 12 diagnoses are read (a claim carries no more).",
    why: "A manifestation code says how an underlying disease shows itself (dementia in other diseases classified elsewhere, F02.80), not what the disease is. ICD-10-CM's etiology/manifestation convention (guideline I.A.13) requires the underlying condition to be coded as well, and listed before the manifestation; a claim without it is incomplete, and payers' diagnosis edits return it. Many notes list their codes as examples (\"such as\"), so the condition may be coded with a code the note does not name: this is a hint, not an error.",
    example: "dx A I10\ndx B F02.80\nline 2026-11-02 99213 dx=A,B",
    fix: "Add the underlying condition's code (Alzheimer's disease, G30.9, for dementia in F02.80) and list it before the manifestation code; point the lines to both. If the underlying condition is coded with a code the note does not name, nothing needs to change.",
    check: Some(check),
};

/// A note's text in a message: up to this many characters, then `…` (the
/// whole note is in the diagnosis's hover).
const QUOTED_CHARS: usize = 160;

/// `text` cut after at most [`QUOTED_CHARS`] characters, at an item
/// boundary ("; ") when there is one.
pub(super) fn quoted(text: &str) -> String {
    let Some((cut, _)) = text.char_indices().nth(QUOTED_CHARS) else {
        return text.to_string();
    };
    let head = &text[..cut];
    let end = head.rfind("; ").map_or(cut, |i| i + 1);
    format!("{} …", &text[..end])
}

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let read = ctx.claim.sent_diagnoses();
    let first = first_listed(ctx);
    for dx in read {
        // Most codes carry no code-first note (one array index tells);
        // only those that do ask the MCE whether they are manifestations.
        let mut notes = ctx.kb.icd_instructions(dx.code.text).filter(|note| {
            note.kind == NoteKind::CodeFirst
                && note.confirmed
                && note.names_codes()
                && matches!(note.reading, Reading::Listed | Reading::Examples)
        });
        let Some(first_note) = notes.next() else {
            continue;
        };
        if !is_manifestation(ctx, dx) {
            continue;
        }
        for note in std::iter::once(first_note).chain(notes) {
            let named: smallvec::SmallVec<[&Diagnosis<'_>; 4]> = read
                .iter()
                .filter(|d| !std::ptr::eq(*d, dx) && note.names(d.code.text))
                .collect();
            if named.is_empty() {
                let quote = quoted(&note.with_heading());
                out.report(
                    dx.code.span(),
                    format!(
                        "{} is a manifestation code; ICD-10-CM's note at {} says \u{201c}{quote}\u{201d}, and no diagnosis of this claim is one of the codes it names: add the underlying condition, listed before {}",
                        dx.code.text,
                        note.place(),
                        dx.code.text
                    ),
                );
                continue;
            }
            if named.iter().any(|d| listed_before(ctx, d, dx)) {
                continue;
            }
            // Listed first: dx-manifestation-first says so already.
            if first.is_some_and(|f| std::ptr::eq(f, dx)) {
                continue;
            }
            let partner = named[0];
            let quote = quoted(&note.with_heading());
            out.report(
                dx.code.span(),
                format!(
                    "{} is listed before {} (dx {}), the underlying condition its ICD-10-CM note at {} names (\u{201c}{quote}\u{201d}): list {} first",
                    dx.code.text,
                    partner.code.text,
                    partner.letter.text,
                    note.place(),
                    partner.code.text
                ),
            )
            .related
            .push(Related {
                span: partner.code.span(),
                message: format!(
                    "{} (dx {}), to be listed before {}",
                    partner.code.text, partner.letter.text, dx.code.text
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    // The expectations below come from the FY2026 tabular list, F02
    // Dementia in other diseases classified elsewhere: "Code first the
    // underlying physiological condition, such as: Alzheimer's (G30.-); …
    // Parkinson's disease (G20.-); …" (the MCE flags F02.80 as a
    // manifestation code).

    #[test]
    fn dementia_without_its_underlying_condition_fails() {
        // A hypertensive patient with dementia in other diseases, and no
        // code for the disease causing it.
        let text = claim("dx A I10\ndx B F02.80\nline 2026-11-02 99213 dx=A,B");
        let found = findings("dx-code-first-missing", &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        let message = &found[0].message;
        assert!(
            message.starts_with(
                "F02.80 is a manifestation code; ICD-10-CM's note at F02 says \u{201c}Code first the underlying physiological condition, such as: Alzheimer's (G30.-);"
            ),
            "{message}"
        );
        assert!(
            message.ends_with("add the underlying condition, listed before F02.80"),
            "{message}"
        );
        assert_eq!(found[0].span.start, text.find("F02.80").unwrap());
    }

    #[test]
    fn dementia_after_alzheimers_or_parkinsons_passes() {
        // G30.9 Alzheimer's disease, unspecified, then F02.80: the
        // convention's own order.
        for body in [
            "dx A G30.9\ndx B F02.80\nline 2026-11-02 99213 dx=A,B",
            "dx A G20.A1\ndx B F02.80\ndx C I10\nline 2026-11-02 99213 dx=A,B,C",
        ] {
            assert!(
                findings("dx-code-first-missing", &claim(body)).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn the_underlying_condition_listed_after_is_a_finding_unless_manifestation_first_has_it() {
        // F02.80 second, G30.9 third: the order is wrong, and F02.80 is not
        // first, so dx-manifestation-first is silent.
        let text = claim("dx A I10\ndx B F02.80\ndx C G30.9\nline 2026-11-02 99213 dx=A,B,C");
        let found = findings("dx-code-first-missing", &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0]
                .message
                .starts_with("F02.80 is listed before G30.9 (dx C)"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].related[0].span.start, text.find("G30.9").unwrap());
        assert!(findings("dx-manifestation-first", &text).is_empty());
        // F02.80 first with G30.9 after: dx-manifestation-first's finding
        // alone, not reported twice.
        let text = claim("dx A F02.80\ndx B G30.9\nline 2026-11-02 99213 dx=A,B");
        assert!(findings("dx-code-first-missing", &text).is_empty());
        assert_eq!(findings("dx-manifestation-first", &text).len(), 1);
    }

    #[test]
    fn notes_on_codes_that_are_not_manifestations_give_no_finding() {
        // I50 Heart failure says "Code first … heart failure due to
        // hypertension (I11.0)", which applies only when the failure has
        // that cause; I50.9 alone is a complete, common claim.
        let text = claim("dx A I50.9\nline 2026-11-02 99213 dx=A");
        assert!(findings("dx-code-first-missing", &text).is_empty());
    }

    #[test]
    fn long_notes_are_cut_at_an_item() {
        let cut = super::quoted(&"item (A00); ".repeat(40));
        assert!(cut.ends_with("; …"), "{cut}");
        assert!(cut.chars().count() <= super::QUOTED_CHARS + 2);
        assert_eq!(super::quoted("short"), "short");
    }
}

//! The claim's `dx` declarations: `dx-letter-invalid`, `dx-letter-duplicate`,
//! `dx-too-many`, `dx-unused`.
use super::{ClaimContext, Findings, Rule};
use crate::diagnostic::{Related, Severity};
use crate::model::Diagnosis;

pub static DX_LETTER_INVALID: Rule = Rule {
    id: "dx-letter-invalid",
    title: "Diagnosis letter is not A–L",
    severity: Severity::Error,
    what: "A `dx` line declares its diagnosis under something other than one upper-case letter from A to L.",
    why: "A claim has twelve diagnosis slots, lettered A to L (box 21 of the CMS-1500, the HI segment of the 837P), and service lines point to them by letter. Any other label has no slot to go to.",
    example: "dx M C79.31",
    fix: "Use the next free letter from A to L, in upper case.",
    check: Some(check_letters),
};

pub static DX_LETTER_DUPLICATE: Rule = Rule {
    id: "dx-letter-duplicate",
    title: "Diagnosis letter declared twice",
    severity: Severity::Error,
    what: "Two `dx` lines of one claim use the same letter. The second is reported, with the first as related information.",
    why: "Each letter is one diagnosis slot; a pointer to a letter declared twice is ambiguous, and the claim as sent would carry only one of the two codes.",
    example: "dx A C79.31\ndx A C34.11",
    fix: "Give the second diagnosis its own free letter and update the `dx=` pointers that meant it; if both lines mean the same diagnosis, delete one.",
    check: Some(check_duplicates),
};

pub static DX_TOO_MANY: Rule = Rule {
    id: "dx-too-many",
    title: "More than 12 diagnoses on one claim",
    severity: Severity::Error,
    what: "A claim declares more than 12 diagnoses. Each one after the twelfth is reported.",
    why: "The CMS-1500 and the 837P carry at most 12 diagnosis codes per claim; codes beyond that cannot be sent and the services that rely on them lose their support.",
    example: "dx A C79.31\ndx B C34.11\ndx C C34.12\ndx D C34.2\ndx E C34.31\ndx F C34.32\ndx G C79.51\ndx H C79.52\ndx I C77.0\ndx J C78.01\ndx K C78.02\ndx L C78.7\ndx M C79.89",
    fix: "Keep the 12 diagnoses the service lines point to (primary first), or split the services over two claims, each with its own diagnoses.",
    check: Some(check_count),
};

pub static DX_UNUSED: Rule = Rule {
    id: "dx-unused",
    title: "Diagnosis no service line points to",
    severity: Severity::Warning,
    what: "A claim declares a diagnosis that no service line's `dx=` points to (checked once the claim has service lines).",
    why: "A diagnosis supports the claim only through the lines that point to it. An unused one is often a forgotten pointer, which leaves a line without the diagnosis that justifies it and invites a medical-necessity denial.",
    example: "dx A C79.31\ndx B C34.11\nline 2026-11-02 77372 units=1 dx=A",
    fix: "Add the letter to the `dx=` of the lines it supports, or delete the `dx` line if it is not needed.",
    check: Some(check_unused),
};

/// Diagnoses a claim can carry (letters A–L).
const MAX_DIAGNOSES: usize = 12;

/// One upper-case letter from A to L.
pub(super) fn is_dx_letter(s: &str) -> bool {
    matches!(s.as_bytes(), [b'A'..=b'L'])
}

fn check_letters(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for dx in &ctx.claim.diagnoses {
        let letter = dx.letter;
        if is_dx_letter(letter.text) {
            continue;
        }
        let upper = letter.text.to_ascii_uppercase();
        let why = if is_dx_letter(&upper) {
            format!("write it in upper case, {upper}")
        } else {
            "a claim's diagnoses are lettered A to L (one letter each)".to_string()
        };
        out.report(
            letter.span(),
            format!("`{}` is not a diagnosis letter: {why}", letter.text),
        );
    }
}

fn check_duplicates(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let diagnoses = &ctx.claim.diagnoses;
    for (i, dx) in diagnoses.iter().enumerate() {
        let Some(first) = diagnoses[..i]
            .iter()
            .find(|d| d.letter.text == dx.letter.text)
        else {
            continue;
        };
        out.report(
            dx.letter.span(),
            format!(
                "diagnosis {} is declared twice: first as {}, here as {}; give this one a free letter",
                dx.letter.text, first.code.text, dx.code.text
            ),
        )
        .related
        .push(Related {
            span: first.letter.span(),
            message: format!("{} first declared here", dx.letter.text),
        });
    }
}

fn check_count(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let count = ctx.claim.diagnoses.len();
    for (i, dx) in ctx.claim.diagnoses.iter().enumerate().skip(MAX_DIAGNOSES) {
        out.report(
            dx.span,
            format!(
                "diagnosis {} of {count}: a claim carries at most {MAX_DIAGNOSES} diagnoses (A–L)",
                i + 1
            ),
        );
    }
}

fn check_unused(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let lines = &ctx.claim.lines;
    if lines.is_empty() {
        return;
    }
    let pointed = |letter: &str| {
        lines
            .iter()
            .any(|l| l.pointers.iter().any(|p| p.text == letter))
    };
    // An invalid letter is dx-letter-invalid's finding; no line can point to it.
    let unused = |d: &&Diagnosis<'_>| is_dx_letter(d.letter.text) && !pointed(d.letter.text);
    for dx in ctx.claim.diagnoses.iter().filter(unused) {
        out.report(
            dx.span,
            format!(
                "diagnosis {} ({}) is declared but no line points to it; add {} to the `dx=` of the lines it supports, or remove it",
                dx.letter.text, dx.code.text, dx.letter.text
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    const LINE: &str = "line 2026-11-02 77372 dx=A";

    #[test]
    fn letters_fail_outside_a_to_l_and_pass_inside() {
        let text = claim(&format!(
            "dx A C79.31\ndx M C34.11\ndx b C34.12\ndx 1 C77.0\n{LINE}"
        ));
        let found: Vec<_> = findings("dx-letter-invalid", &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0]
                .contains("`M` is not a diagnosis letter: a claim's diagnoses are lettered A to L")
        );
        assert!(found[1].contains("upper case, B"), "{}", found[1]);
        let good = claim(&format!("dx A C79.31\ndx L C34.11\n{LINE},L"));
        assert!(findings("dx-letter-invalid", &good).is_empty());
    }

    #[test]
    fn duplicate_fails_on_the_second_with_the_first_related() {
        let text = claim(&format!("dx A C79.31\ndx A C34.11\n{LINE}"));
        let found = findings("dx-letter-duplicate", &text);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("first as C79.31, here as C34.11"),
            "{}",
            found[0].message
        );
        let first = text.find("dx A").unwrap() + 3;
        assert_eq!(found[0].related[0].span.start, first);
        assert!(found[0].span.start > first);
    }

    #[test]
    fn duplicate_passes_on_distinct_letters() {
        let text = claim(&format!("dx A C79.31\ndx B C34.11\n{LINE},B"));
        assert!(findings("dx-letter-duplicate", &text).is_empty());
    }

    fn declarations(n: usize) -> String {
        (0..n)
            .map(|i| format!("dx {} C79.31\n", (b'A' + i as u8) as char))
            .collect()
    }

    #[test]
    fn too_many_fails_from_the_thirteenth() {
        let found = findings(
            "dx-too-many",
            &claim(&format!("{}{LINE}", declarations(14))),
        );
        assert_eq!(found.len(), 2);
        assert!(
            found[0]
                .message
                .starts_with("diagnosis 13 of 14: a claim carries at most 12")
        );
    }

    #[test]
    fn too_many_passes_at_twelve() {
        assert!(
            findings(
                "dx-too-many",
                &claim(&format!("{}{LINE}", declarations(12)))
            )
            .is_empty()
        );
    }

    #[test]
    fn unused_fails_on_a_diagnosis_nothing_points_to() {
        let text = claim(&format!("dx A C79.31\ndx B C34.11\n{LINE}"));
        let found = findings("dx-unused", &text);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("diagnosis B (C34.11) is declared but no line points to it")
        );
    }

    #[test]
    fn unused_passes_when_every_diagnosis_is_pointed_to_or_there_are_no_lines_yet() {
        let text = claim(
            "dx A C79.31\ndx B C34.11\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77432 dx=B",
        );
        assert!(findings("dx-unused", &text).is_empty());
        assert!(findings("dx-unused", &claim("dx A C79.31")).is_empty());
        // An invalid letter is reported by dx-letter-invalid alone.
        let text = claim("dx A C79.31\ndx M C34.11\nline 2026-11-02 77372 dx=A");
        assert!(findings("dx-unused", &text).is_empty());
    }
}

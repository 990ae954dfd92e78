//! `dx-letter-invalid`: a diagnosis letter outside A–L.
use super::is_dx_letter;
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-letter-invalid",
    title: "Diagnosis letter is not A–L",
    severity: Severity::Error,
    what: "A `dx` line declares its diagnosis under something other than one upper-case letter from A to L.",
    why: "A claim has twelve diagnosis slots, lettered A to L (box 21 of the CMS-1500, the HI segment of the 837P), and service lines point to them by letter. Any other label has no slot to go to.",
    example: "dx M C79.31",
    fix: "Use the next free letter from A to L, in upper case.",
    check: Some(check_letters),
};

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

#[cfg(test)]
mod tests {
    use super::super::testing::LINE;
    use crate::rules::testing::{claim, findings};

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
}

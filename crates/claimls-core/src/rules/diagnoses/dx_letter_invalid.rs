//! `dx-letter-invalid`: a diagnosis letter outside A–L.
use super::is_dx_letter;
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-letter-invalid",
    title: "Diagnosis letter is not A–L",
    severity: Severity::Error,
    what: "A `dx` line declares its diagnosis under something other than one letter from A to L. (A letter typed in lower case is read as its capital; `letter-case` points it out.)",
    why: "A claim has twelve diagnosis slots, lettered A to L (box 21 of the CMS-1500, the HI segment of the 837P), and service lines point to them by letter. Any other label has no slot to go to.",
    example: "dx M C79.31",
    fix: "Use the next free letter from A to L.",
    check: Some(check_letters),
};

fn check_letters(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for dx in &ctx.claim.diagnoses {
        let letter = dx.letter;
        if is_dx_letter(letter.text) {
            continue;
        }
        out.report(
            letter.span(),
            format!(
                "`{}` is not a diagnosis letter: a claim's diagnoses are lettered A to L (one letter each)",
                letter.text
            ),
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
        // `b` is read as B (letter-case reports it); `1` is no letter.
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0]
                .contains("`M` is not a diagnosis letter: a claim's diagnoses are lettered A to L")
        );
        assert!(found[1].starts_with("`1`"), "{}", found[1]);
        let good = claim(&format!("dx A C79.31\ndx L C34.11\n{LINE},L"));
        assert!(findings("dx-letter-invalid", &good).is_empty());
    }
}

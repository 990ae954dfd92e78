//! `code-malformed`: a procedure code that is not shaped like CPT or HCPCS.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::code_shape;

pub static RULE: Rule = Rule {
    id: "code-malformed",
    title: "Procedure code is not a CPT or HCPCS code",
    severity: Severity::Error,
    what: "A line's procedure code does not have the shape of a CPT or HCPCS Level II code: five digits (CPT Category I, e.g. 77372), four digits and F (Category II) or T (Category III, e.g. 0394T) — or A, M or U for the vaccine, multianalyte and lab-analysis codes CPT numbers that way — or a capital letter and four digits (HCPCS Level II, e.g. G0339).",
    why: "The claim's procedure code field accepts only codes from the HIPAA code sets; a code of the wrong shape is rejected by the clearinghouse before a payer sees it.",
    example: "line 2026-11-02 7737 units=1 dx=A",
    fix: "Copy the code again from the order or charge sheet: a digit is often dropped or doubled. (A code that is right but typed in lower case, `g0339`, is reported by `letter-case` instead.)",
    check: Some(check),
};

const SHAPES: &str = "five digits (77372), four digits and a letter (3074F, 0394T) or a capital letter and four digits (G0339)";

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let code = line.code.text;
        if code_shape(code).is_some() {
            continue;
        }
        if code_shape(&code.to_ascii_uppercase()).is_some() {
            // Only the letter case is wrong: `letter-case` says so.
            continue;
        }
        let message = if code.chars().count() != 5 {
            format!(
                "`{code}` has {} characters, but CPT and HCPCS codes have five: {SHAPES}",
                code.chars().count()
            )
        } else {
            format!("`{code}` is not a CPT or HCPCS code: codes are {SHAPES}")
        };
        out.report(line.code.span(), message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_short_and_mixed_codes_and_leaves_lower_case_to_letter_case() {
        let text = claim(
            "dx A C79.31\nline 2026-11-02 7737 dx=A\nline 2026-11-02 g0339 dx=A\nline 2026-11-02 77A72 dx=A",
        );
        let found = findings("code-malformed", &text);
        let messages: Vec<_> = found.iter().map(|d| &*d.message).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("has 4 characters"));
        assert!(messages[1].contains("not a CPT or HCPCS code"));
    }

    #[test]
    fn passes_on_every_code_shape() {
        let text = claim(
            "dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 G0339 dx=A\nline 2026-11-02 0394T dx=A\nline 2026-11-02 3074F dx=A\nline 2026-11-02 0001A dx=A",
        );
        assert!(findings("code-malformed", &text).is_empty());
    }
}

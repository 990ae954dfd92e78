//! `icd-format`: a known diagnosis code not written the way the tabular
//! list writes it (no dot, lower case).
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "icd-format",
    title: "Diagnosis code not written in its standard form",
    severity: Severity::Hint,
    what: "A `dx` line writes an existing ICD-10-CM code without its dot, with the dot elsewhere, or in lower case (`C7931`, `c79.31`). claimls accepts it and checks it as the code it names; the hint shows the standard form (`C79.31`).",
    why: "Payers do not mind: the 837P carries diagnosis codes without the dot, and claims software upper-cases them. The hint is about the draft: the standard form is how the documentation, coding references and claimls's hover write the code, so a draft written that way is easier to review against the record.",
    example: "dx A c7931",
    fix: "Write the code as the hint shows, upper case with the dot after the third character.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for (dx, entry) in ctx.diagnoses() {
        // FY2026 codes by their entry; codes new in FY2027 by the changes
        // table's form.
        let standard = match entry {
            Some(entry) => entry.code,
            None => match ctx.kb.icd_on(dx.code.text, None).code {
                Some(code) => code,
                None => continue,
            },
        };
        if dx.code.text != standard {
            out.report(
                dx.code.span(),
                format!(
                    "{} is ICD-10-CM {standard}: write it {standard} (upper case, dot after the third character)",
                    dx.code.text
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    fn messages(code: &str) -> Vec<String> {
        let text = claim(&format!("dx A {code}\nline 2026-11-02 77372 dx=A"));
        findings("icd-format", &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }

    #[test]
    fn fails_on_a_missing_dot_or_lower_case_and_shows_the_standard_form() {
        assert_eq!(
            messages("C7931"),
            [
                "C7931 is ICD-10-CM C79.31: write it C79.31 (upper case, dot after the third character)"
            ]
        );
        assert_eq!(messages("c79.31").len(), 1);
        assert_eq!(messages("C793.1").len(), 1);
    }

    #[test]
    fn passes_on_the_standard_form_and_leaves_unknown_codes_to_icd_unknown() {
        assert!(messages("C79.31").is_empty());
        assert!(messages("D33.3").is_empty());
        assert!(messages("c7999").is_empty());
    }

    #[test]
    fn a_code_new_in_fy2027_has_its_standard_form_too() {
        let found = messages("d6911");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("write it D69.11"), "{}", found[0]);
        assert!(messages("D69.11").is_empty());
    }
}

//! `icd-not-billable`: a category or subcategory header used as a diagnosis.
use crate::diagnostic::{Fix, FixIntent, Severity};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "icd-not-billable",
    title: "Diagnosis code is a header, not billable",
    severity: Severity::Error,
    what: "A `dx` line uses an ICD-10-CM category or subcategory that has more specific codes below it. Only complete (leaf) codes may be reported.",
    why: "HIPAA transactions require a diagnosis coded to the highest specificity available; payers reject a claim whose diagnosis is a header code as invalid.",
    example: "dx A C34.1",
    fix: "Pick the billable code below it that matches the documentation; the message lists the first few, and hover lists them all.",
    check: Some(check),
};

/// How many billable children the message names.
const SUGGESTIONS: usize = 5;

/// How many billable children are offered as quick fixes (completion lists them all).
const FIXES: usize = 8;

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for (dx, entry) in ctx.diagnoses() {
        let Some(entry) = entry else {
            continue;
        };
        if entry.billable {
            continue;
        }
        let children: Vec<_> = ctx.kb.icd_table().billable_children(entry.code).collect();
        let named: Vec<String> = children
            .iter()
            .take(SUGGESTIONS)
            .map(|c| format!("{} ({})", c.code, c.description))
            .collect();
        let more = children.len().saturating_sub(SUGGESTIONS);
        let tail = if more > 0 {
            format!(", and {more} more")
        } else {
            String::new()
        };
        let finding = out.report(
            dx.code.span(),
            format!(
                "{} ({}) is a header code, not billable; use a complete code below it: {}{tail}",
                entry.code,
                entry.description,
                named.join(", ")
            ),
        );
        for child in children.iter().take(FIXES) {
            finding.fixes.push(Fix::new(
                format!("Use {} {}", child.code, child.description),
                FixIntent::Replace {
                    span: dx.code.span(),
                    with: child.code.to_string(),
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_a_subcategory_and_names_billable_children() {
        let found = findings(
            "icd-not-billable",
            &claim("dx A C34.1\nline 2026-11-02 77372 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("C34.11"), "{}", found[0].message);
    }

    #[test]
    fn passes_on_a_leaf_code() {
        assert!(
            findings(
                "icd-not-billable",
                &claim("dx A C34.11\nline 2026-11-02 77372 dx=A")
            )
            .is_empty()
        );
    }
}

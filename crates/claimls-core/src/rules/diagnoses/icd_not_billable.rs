//! `icd-not-billable`: a category or subcategory header used as a diagnosis.
use super::code_years;
use crate::diagnostic::{Fix, FixIntent, Severity};
use crate::knowledge::Validity;
use crate::knowledge::icd_years::{CHANGE_YEAR, Change, last_day};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "icd-not-billable",
    title: "Diagnosis code is a header, not billable",
    severity: Severity::Error,
    what: "A `dx` line uses an ICD-10-CM category or subcategory that has more specific codes below it, in the code set of its date of service's fiscal year. Only complete (leaf) codes may be reported. A complete code that FY2027 expanded into a header (D69.1 became D69.11 and D69.19) is reported on dates from 2026-10-01, with the new codes below it.",
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
    for dx in &ctx.claim.diagnoses {
        let Some((date, on)) = code_years(ctx, dx)
            .iter()
            .copied()
            .find(|(_, on)| on.validity == Validity::Header)
        else {
            continue;
        };
        let code = on.code.unwrap_or(dx.code.text);
        let children = ctx.kb.icd_children_on(code, on.fy);
        let named: Vec<String> = children
            .iter()
            .take(SUGGESTIONS)
            .map(|(c, title)| match title {
                Some(title) => format!("{c} ({title})"),
                None => format!("{c} (new in FY{CHANGE_YEAR})"),
            })
            .collect();
        let more = children.len().saturating_sub(SUGGESTIONS);
        let tail = if more > 0 {
            format!(", and {more} more")
        } else {
            String::new()
        };
        let titled = match on.entry {
            Some(entry) => format!("{code} ({})", entry.description),
            None => code.to_string(),
        };
        let why = match (on.change, date) {
            (Some(Change::Expanded), Some(date)) => format!(
                "{titled} was a complete code through {}; FY{CHANGE_YEAR} expanded it into a header, so on {date} it is not billable",
                last_day(CHANGE_YEAR - 1)
            ),
            (Some(Change::NewHeader), _) => {
                format!("{titled} is a header code in FY{CHANGE_YEAR}, not billable")
            }
            _ => format!("{titled} is a header code, not billable"),
        };
        let finding = out.report(
            dx.code.span(),
            format!(
                "{why}; use a complete code below it: {}{tail}",
                named.join(", ")
            ),
        );
        for (child, title) in children.iter().take(FIXES) {
            finding.fixes.push(Fix::new(
                match title {
                    Some(title) => format!("Use {child} {title}"),
                    None => format!("Use {child} (new in FY{CHANGE_YEAR})"),
                },
                FixIntent::Replace {
                    span: dx.code.span(),
                    with: child.to_string(),
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
    fn a_code_expanded_in_fy2027_fails_from_october_first_naming_its_new_codes() {
        let found = findings(
            "icd-not-billable",
            &claim("dx A D69.1\nline 2026-10-01 99213 dx=A"),
        );
        assert_eq!(found.len(), 1);
        let message = &found[0].message;
        assert!(message.contains("D69.11 (new in FY2027)"), "{message}");
        assert!(message.contains("D69.19"), "{message}");
        assert!(message.contains("through 2026-09-30"), "{message}");
        assert_eq!(found[0].fixes.len(), 2);
        assert!(
            findings(
                "icd-not-billable",
                &claim("dx A D69.1\nline 2026-09-30 99213 dx=A")
            )
            .is_empty(),
            "billable in FY2026"
        );
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

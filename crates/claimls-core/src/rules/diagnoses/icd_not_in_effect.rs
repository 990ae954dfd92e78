//! `icd-not-in-effect`: an ICD-10-CM code that is not in the code set of
//! its date of service's fiscal year (deleted before it, or new after it).
use super::code_years;
use crate::diagnostic::{Fix, FixIntent, Severity};
use crate::knowledge::Validity;
use crate::knowledge::icd_years::{CHANGE_YEAR, Change, first_day, fiscal_year, last_day};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "icd-not-in-effect",
    title: "Diagnosis code not valid on the date of service",
    severity: Severity::Error,
    what: "A `dx` line uses an ICD-10-CM code that exists, but not in the code set of the fiscal year (October 1 to September 30) of a service line that points to it (of any line, when none does): a code deleted in FY2027 on a date from 2026-10-01, or a code new in FY2027 on an earlier date. Replacements of deleted codes are inferred from the FY2027 codes that extend or fill in the deleted one (`data/icd10cm/fy2027-changes.tsv`). A code that FY2027 turned into a header is `icd-not-billable`.",
    why: "Payers take the diagnosis code set by date of service: from October 1 a deleted code is invalid and the claim is rejected before adjudication, and a new code billed for an earlier date does not exist yet for that service.",
    example: "dx A T52.8X1A\nline 2026-10-05 99213 dx=A",
    fix: "For a deleted code, pick the replacement the documentation supports (the message and the quick fixes name the FY2027 codes that took its place); for a new code on an earlier date, use the code that was valid then.",
    check: Some(check),
};

/// How many replacements are offered as quick fixes.
const FIXES: usize = 8;

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for dx in &ctx.claim.diagnoses {
        let Some((Some(date), on)) = code_years(ctx, dx)
            .iter()
            .copied()
            .find(|(_, on)| matches!(on.validity, Validity::Deleted | Validity::NotYet))
        else {
            continue;
        };
        let code = on.code.unwrap_or(dx.code.text);
        let titled = match on.entry {
            Some(entry) => format!("{code} ({})", entry.description),
            None => code.to_string(),
        };
        let message = if on.validity == Validity::NotYet {
            format!(
                "{code} is new in ICD-10-CM FY{CHANGE_YEAR}, valid from {}; the service on {date} falls in FY{}, whose code set does not have it",
                first_day(CHANGE_YEAR),
                fiscal_year(date)
            )
        } else {
            let replacements = if on.replaced_by.is_empty() {
                format!(
                    "claimls knows no replacement: look {code} up in CMS's FY{CHANGE_YEAR} ICD-10-CM conversion table"
                )
            } else {
                format!(
                    "FY{CHANGE_YEAR} codes that take its place: {} (new in FY{CHANGE_YEAR}; pick the one the documentation supports)",
                    crate::text::join_words(on.replaced_by, "or")
                )
            };
            let what = if on.change == Some(Change::HeaderGone) {
                "none of its codes is in ICD-10-CM"
            } else {
                "it was deleted from ICD-10-CM"
            };
            format!(
                "{titled}: {what} in FY{CHANGE_YEAR} (valid through {}), and the service on {date} falls in FY{}; {replacements}",
                last_day(CHANGE_YEAR - 1),
                fiscal_year(date)
            )
        };
        let finding = out.report(dx.code.span(), message);
        for new in on.replaced_by.iter().take(FIXES) {
            finding.fixes.push(Fix::new(
                format!("Use {new} (new in FY{CHANGE_YEAR})"),
                FixIntent::Replace {
                    span: dx.code.span(),
                    with: new.to_string(),
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    fn on(code: &str, date: &str) -> Vec<crate::diagnostic::Diagnostic> {
        findings(
            "icd-not-in-effect",
            &claim(&format!("dx A {code}\nline {date} 99213 dx=A")),
        )
    }

    #[test]
    fn a_code_deleted_in_fy2027_fails_from_october_first_and_names_its_replacements() {
        let found = on("T52.8X1A", "2026-10-01");
        assert_eq!(found.len(), 1);
        let message = &found[0].message;
        assert!(
            message.contains("T52.811A, T52.821A or T52.891A"),
            "{message}"
        );
        assert!(message.contains("valid through 2026-09-30"), "{message}");
        assert_eq!(found[0].fixes.len(), 3);
        assert!(on("T52.8X1A", "2026-09-30").is_empty(), "still FY2026");
    }

    #[test]
    fn a_deleted_code_without_an_inferable_replacement_says_so() {
        let found = on("S23.420A", "2026-11-02");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("conversion table"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_code_new_in_fy2027_fails_before_october_first_and_passes_from_it() {
        let found = on("D69.11", "2026-09-30");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("valid from 2026-10-01"),
            "{}",
            found[0].message
        );
        assert!(on("D69.11", "2026-10-01").is_empty());
    }

    #[test]
    fn the_message_names_the_dates_own_fiscal_year() {
        let found = on("D69.11", "2025-05-01");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("falls in FY2025"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn only_the_lines_that_point_to_a_diagnosis_date_it() {
        // B (deleted in FY2027) is billed on an FY2026 line only.
        let text = claim(
            "dx A C79.31\ndx B T52.8X1A\nline 2026-09-15 99213 dx=A,B\nline 2026-10-15 99213 dx=A",
        );
        assert!(findings("icd-not-in-effect", &text).is_empty());
    }

    #[test]
    fn unchanged_codes_and_claims_without_dates_pass() {
        assert!(on("C79.31", "2026-11-02").is_empty());
        let undated = claim("dx A T52.8X1A\ndx B D69.11");
        assert!(findings("icd-not-in-effect", &undated).is_empty());
    }
}

//! `medicare-code-invalid`: a code Medicare's fee schedule does not accept
//! for the date of service.
use crate::diagnostic::Severity;
use crate::policy::indicator_in_words;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::code_shape;

pub static RULE: Rule = Rule {
    id: "medicare-code-invalid",
    title: "Code not valid for Medicare on the date of service",
    severity: Severity::Error,
    what: "The Medicare physician fee schedule of the date of service's calendar year does not accept the code: the year's file has no row for it although another year's does (the code was added or dropped), or its status is D, F, G, H or I (deleted, or not valid for Medicare because Medicare uses another code). Checked only for years whose file claimls has (built in: CY2025 and CY2026; load others under `[data] mpfs`).",
    why: "Medicare contractors edit each line against the fee schedule in force on the date of service; a code it does not list, or marks as not valid for Medicare, is returned unprocessable. The CY2026 radiation oncology changes are an example: 77014, 77385, 77386 and 77401 and the G6001–G6017 codes left the file, and 77436–77439 arrived.",
    example: "line 2026-11-02 77014 units=1 dx=A",
    fix: "Check the date of service first. If it is right, bill the code Medicare uses for the service in that year (the payer's or CMS's crosswalk names it). Commercial payers may still accept a code Medicare does not: for them this is a warning.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for (line, fees) in ctx.claim.lines.iter().zip(ctx.line_fees()) {
        // Nearly every line: a code the year lists with a valid status.
        if fees.is_some_and(|f| f.in_year && !matches!(f.row.status, 'D' | 'F' | 'G' | 'H' | 'I')) {
            continue;
        }
        let code = line.code.text;
        let Ok(from) = line.from_date else {
            continue;
        };
        if code_shape(code).is_none() {
            continue;
        }
        let Some((schedule, true)) = ctx.kb.fee_schedule(Some(from)) else {
            continue;
        };
        let year = schedule.year;
        let message = match fees {
            Some(fees) if fees.in_year => {
                let status = fees.row.status;
                if !matches!(status, 'D' | 'F' | 'G' | 'H' | 'I') {
                    continue;
                }
                format!(
                    "Medicare's CY{year} physician fee schedule gives {code} status {}: Medicare does not accept it for a date of service in {year}",
                    indicator_in_words("status", &status.to_string())
                )
            }
            _ => {
                // Absent from the year: only a code another year lists is
                // known to have been dropped or added (`code-unknown` speaks
                // of codes no table lists).
                let Some(other) = ctx
                    .kb
                    .fee_years_listing(code)
                    .into_iter()
                    .find(|y| *y != year)
                else {
                    continue;
                };
                let when = if other < year {
                    "was dropped"
                } else {
                    "was not yet added"
                };
                format!(
                    "{code} is not in the CY{year} Medicare physician fee schedule (CY{other} lists it; it {when}): Medicare does not accept it for a date of service in {year}"
                )
            }
        };
        out.report(line.code.span(), message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_codes_dropped_from_or_invalid_in_the_year_of_service() {
        // CMS CY2026 file: 77014 and G6015 are gone; CY2025: 77385 has status I.
        let text = claim(
            "dx A C79.31\nline 2026-11-02 77014 dx=A\nline 2026-11-02 G6015 dx=A\nline 2025-06-02 77385 dx=A",
        );
        let found = findings("medicare-code-invalid", &text);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_ref()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("not in the CY2026") && messages[0].contains("was dropped"));
        assert!(
            messages[2].contains("CY2025 physician fee schedule gives 77385 status I"),
            "{}",
            messages[2]
        );
    }

    #[test]
    fn passes_on_codes_valid_that_year_and_on_years_claimls_has_no_file_for() {
        // 77014 was valid in 2025; 77436 is new and valid in 2026; 77402
        // became payable in 2026; no file covers 2024, so nothing is said.
        let text = claim(
            "dx A C79.31\nline 2025-11-03 77014 dx=A\nline 2026-11-02 77436 dx=A\nline 2026-11-02 77402 dx=A\nline 2024-11-04 77014 dx=A",
        );
        assert!(findings("medicare-code-invalid", &text).is_empty());
    }

    #[test]
    fn a_code_new_in_2026_billed_in_2025_fails() {
        let found = findings(
            "medicare-code-invalid",
            &claim("dx A C79.31\nline 2025-11-03 77436 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("not yet added"),
            "{}",
            found[0].message
        );
    }
}

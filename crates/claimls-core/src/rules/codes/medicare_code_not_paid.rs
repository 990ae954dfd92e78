//! `medicare-code-not-paid`: a code Medicare's fee schedule never pays for
//! on its own (bundled, non-covered, or with no payment at all).
use crate::diagnostic::Severity;
use crate::policy::indicator_in_words;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "medicare-code-not-paid",
    title: "Code Medicare does not pay separately",
    severity: Severity::Warning,
    what: "The code's status in the date of service's Medicare physician fee schedule is B (bundled: always paid as part of another service), N (not covered by Medicare) or P (no separate payment: bundled or paid under another provision). Other statuses that explain how a code is paid (C contractor-priced, R restricted, T injection, E and X paid outside this fee schedule) are shown in hover, not reported.",
    why: "Medicare denies such a line: a bundled code is paid through the service it belongs to, and a non-covered one is the patient's to pay only when an Advance Beneficiary Notice was signed (modifier GA) — otherwise the provider absorbs it. Billing it anyway costs a denial and, for N, a possible refund.",
    example: "line 2026-11-02 77417 units=1 dx=A",
    fix: "Leave a bundled code off (its work is paid through the primary service), unless the payer's policy says otherwise. For a non-covered service with a signed ABN, add GA; for one billed only to get a denial for secondary insurance, add GY. Commercial payers set their own coverage: for them this is information.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for (line, fees) in ctx.claim.lines.iter().zip(ctx.line_fees()) {
        let Some(fees) = fees else {
            continue;
        };
        let status = fees.row.status;
        if !fees.in_year || !matches!(status, 'B' | 'N' | 'P') {
            continue;
        }
        // GA/GY/GZ say the line is billed knowing Medicare will not pay.
        if status == 'N'
            && line
                .modifiers
                .iter()
                .any(|m| matches!(m.text, "GA" | "GY" | "GZ"))
        {
            continue;
        }
        out.report(
            line.code.span(),
            format!(
                "Medicare's CY{} physician fee schedule gives {} status {}",
                fees.schedule.year,
                line.code.text,
                indicator_in_words("status", &status.to_string()),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_a_code_bundled_that_year() {
        // CMS CY2026: 77417 became status B (it was A in CY2025).
        let found = findings(
            "medicare-code-not-paid",
            &claim("dx A C79.31\nline 2026-11-02 77417 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .contains("status B, bundled: never paid separately"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn passes_on_a_payable_year_and_on_active_codes() {
        let text = claim("dx A C79.31\nline 2025-11-03 77417 dx=A\nline 2026-11-02 77372 dx=A");
        assert!(findings("medicare-code-not-paid", &text).is_empty());
    }
}

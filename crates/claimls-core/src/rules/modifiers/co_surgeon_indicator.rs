//! `co-surgeon-indicator`: modifier 62 on a code whose co-surgeon indicator
//! says two surgeons are not paid for it.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "co-surgeon-indicator",
    title: "Co-surgery not allowed by the code's indicator",
    severity: Severity::Error,
    what: "Modifier 62 (two surgeons, each doing a distinct part of one procedure) is billed on a code whose Medicare co-surgeon indicator is 0 (co-surgeons are not permitted) or 9 (the concept does not apply). The indicator is read from the fee schedule of the line's year. Indicator 1 (paid with documentation) and 2 (paid when the surgeons are of different specialties) are not reported; hover explains them.",
    why: "Medicare splits the fee between co-surgeons (62.5% each) only for codes whose indicator allows it. On a code with indicator 0 the 62 line is denied, and the surgeons' work has to be billed another way, for example as surgeon and assistant where the assistant indicator allows it.",
    example: "line 2026-11-02 61796-62 units=1 dx=A",
    fix: "Remove 62. If two physicians really took part, bill the primary surgeon without a modifier and the other as an assistant (80, 82 or AS) when the code's assistant indicator allows it, or each bill their own distinct codes (in radiosurgery, the radiation oncologist bills 77432 or 77435 while the neurosurgeon bills 61796–61800).",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    super::report_misfits(ctx, out, RULE.id, |m| m == "62");
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_62_where_co_surgeons_are_not_permitted() {
        // CMS CY2026: 61796 (cranial stereotactic radiosurgery) has co-surgeon indicator 0.
        let found = findings(
            "co-surgeon-indicator",
            &claim("dx A C71.9\nline 2026-11-02 61796-62 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .contains("co-surgeon indicator is 0, no co-surgeons"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn passes_where_co_surgeons_may_be_paid() {
        // CY2026: 22633 (lumbar interbody fusion) has co-surgeon indicator 2,
        // 27447 has 1 (documentation).
        let text =
            claim("dx A M43.16\nline 2026-11-02 22633-62 dx=A\nline 2026-11-02 27447-62 dx=A");
        assert!(findings("co-surgeon-indicator", &text).is_empty());
    }
}

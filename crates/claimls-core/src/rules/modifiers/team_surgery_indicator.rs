//! `team-surgery-indicator`: modifier 66 on a code whose team surgery
//! indicator says a surgical team is not paid for it.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "team-surgery-indicator",
    title: "Team surgery not allowed by the code's indicator",
    severity: Severity::Error,
    what: "Modifier 66 (a surgical team of several physicians, often of different specialties, with specialised equipment) is billed on a code whose Medicare team surgery indicator is 0 (team surgery is not permitted) or 9 (the concept does not apply). The indicator is read from the fee schedule of the line's year. Indicators 1 (by report, with documentation) and 2 (by report) are not reported; hover explains them.",
    why: "Medicare pays team surgery, by report, only on the codes whose indicator allows it (mostly transplants and other very complex operations). Elsewhere the 66 line is denied.",
    example: "line 2026-11-02 27447-66 units=1 dx=A",
    fix: "Remove 66 and bill the surgeons' roles the code does allow: primary surgeon, co-surgeons (62) or assistant (80, 82, AS), according to the code's other indicators.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    super::report_misfits(ctx, out, RULE.id, |m| m == "66");
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_66_where_no_team_is_paid() {
        // CMS CY2026: 27447 (total knee replacement) has team surgery indicator 0.
        let found = findings(
            "team-surgery-indicator",
            &claim("dx A M17.11\nline 2026-11-02 27447-66 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .contains("team surgery indicator is 0, no team surgery"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn passes_where_a_team_may_be_paid() {
        // CY2026: 33945 (heart transplant) has team surgery indicator 2.
        let text = claim("dx A I50.9\nline 2026-11-02 33945-66 dx=A");
        assert!(findings("team-surgery-indicator", &text).is_empty());
    }
}

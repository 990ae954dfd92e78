//! `assistant-indicator`: an assistant-at-surgery modifier (80, 81, 82, AS)
//! on a code whose assistant-at-surgery indicator says no assistant is paid.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "assistant-indicator",
    title: "Assistant at surgery not allowed by the code's indicator",
    severity: Severity::Error,
    what: "Modifier 80 (assistant surgeon), 81 (minimum assistant), 82 (assistant when no qualified resident was available) or AS (a physician assistant, nurse practitioner or clinical nurse specialist assisting) is billed on a code whose Medicare assistant-at-surgery indicator is 1 (an assistant may never be paid: a statutory restriction) or 9 (the concept does not apply, as for visits and tests). The indicator is read from the fee schedule of the line's year. Indicator 0 (paid only with documentation of medical necessity) is explained in hover, not reported.",
    why: "Medicare pays an assistant at surgery only on codes whose indicator allows it; on the others the assistant's line is denied, and the assistant cannot bill the patient for it. Most commercial payers follow the same indicator or a list derived from it.",
    example: "line 2026-11-02 10060-AS units=1 dx=A",
    fix: "Remove the modifier and do not bill the assistant's line: the surgeon's own line covers the procedure. If the payer has its own assistant policy that allows the code, check it and suppress this finding for that payer.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    super::report_misfits(ctx, out, RULE.id, |m| {
        matches!(m, "80" | "81" | "82" | "AS")
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_an_assistant_where_none_is_paid() {
        // CMS CY2026: 10060 (drainage of an abscess) has assistant indicator 1.
        let found = findings(
            "assistant-indicator",
            &claim("dx A L02.91\nline 2026-11-02 10060-AS dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .contains("assistant-at-surgery indicator is 1, no assistant"),
            "{}",
            found[0].message
        );
        // CY2026: 74177 (CT of abdomen and pelvis) has indicator 9.
        let nine = findings(
            "assistant-indicator",
            &claim("dx A R10.9\nline 2026-11-02 74177-80 dx=A"),
        );
        assert_eq!(nine.len(), 1);
        assert!(
            nine[0].message.contains("indicator is 9"),
            "{}",
            nine[0].message
        );
    }

    #[test]
    fn passes_where_an_assistant_may_be_paid() {
        // CY2026: 27447 (total knee replacement) has indicator 2; 77372 has 0
        // (paid with documentation), which is not reported.
        let text =
            claim("dx A M17.11\nline 2026-11-02 27447-80 dx=A\nline 2026-11-02 77372-AS dx=A");
        assert!(findings("assistant-indicator", &text).is_empty());
    }
}

//! `modifier-not-applicable`: a modifier that does not fit the code it is on.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "modifier-not-applicable",
    title: "Modifier does not apply to the code",
    severity: Severity::Error,
    what: "A modifier is used on a kind of code it is not meant for: an E/M-only modifier (24, 25, 27, 57) on a code that is not evaluation and management (the code ranges are in `data/code_classes.tsv`: Medicare's eye-visit codes 92002–92014 may carry 24 and 25 like visits); or 59 or an X modifier (XE, XS, XP, XU) on an E/M code. Modifiers refused by a fee-schedule indicator are reported by the indicator rules (`pctc-indicator`, `bilateral-indicator`, `assistant-indicator`, `co-surgeon-indicator`, `team-surgery-indicator`).",
    why: "Payers check modifiers against the code: 25 and 57 describe a visit, so on a procedure they are invalid; NCCI does not accept 59 or X modifiers to unbundle an E/M service.",
    example: "line 2026-11-02 77300-25 units=1 dx=A",
    fix: "Move 25/57 to the E/M line of the same day. On an E/M line use 25 (or 57) instead of 59/X{EPSU}.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    // One answer for rules, hover and completion (`policy`); misfits found
    // from the fee-schedule indicators are the indicator rules'.
    super::report_misfits(ctx, out, RULE.id, |m| {
        ctx.kb.modifier(m).is_some_and(|m| m.em_only || m.not_on_em)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    fn count(body: &str) -> usize {
        findings("modifier-not-applicable", &claim(body)).len()
    }

    #[test]
    fn fails_on_25_off_em_and_59_on_em() {
        assert_eq!(count("dx A C79.31\nline 2026-11-02 77300-25 dx=A"), 1);
        assert_eq!(count("dx A C79.31\nline 2026-11-02 99213-59 dx=A"), 1);
        assert_eq!(count("dx A C79.31\nline 2026-11-02 99213-XU dx=A"), 1);
        // 50 on a code that is not bilateral is `bilateral-indicator`'s.
        assert_eq!(count("dx A C79.31\nline 2026-11-02 61796-50 dx=A"), 0);
    }

    #[test]
    fn passes_on_fitting_modifiers() {
        assert_eq!(count("dx A C79.31\nline 2026-11-02 99213-25 dx=A"), 0);
        assert_eq!(count("dx A C79.31\nline 2026-11-02 92014-25 dx=A"), 0);
        assert_eq!(count("dx A C79.31\nline 2026-11-02 77300-59 dx=A"), 0);
        // Unknown HCPCS codes get the benefit of the doubt.
        assert_eq!(count("dx A C79.31\nline 2026-11-02 G0463-25 dx=A"), 0);
    }
}

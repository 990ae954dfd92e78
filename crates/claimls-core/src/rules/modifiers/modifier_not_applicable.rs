//! `modifier-not-applicable`: a modifier that does not fit the code it is on.
use crate::diagnostic::{Fix, Severity};
use crate::policy;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "modifier-not-applicable",
    title: "Modifier does not apply to the code",
    severity: Severity::Error,
    what: "A modifier is used on a kind of code it is not meant for: an E/M-only modifier (24, 25, 27, 57) on a code that is not evaluation and management (the code ranges are in `data/code_classes.tsv`: Medicare's eye-visit codes 92002–92014 may carry 24 and 25 like visits); 59 or an X modifier (XE, XS, XP, XU) on an E/M code; or 50 (bilateral) on a code whose Medicare bilateral surgery indicator is known and is not 1 or 3.",
    why: "Payers check modifiers against the code: 25 and 57 describe a visit, so on a procedure they are invalid; NCCI does not accept 59 or X modifiers to unbundle an E/M service; a code whose bilateral indicator is 0, 2 or 9 is not paid at a bilateral rate, so 50 either is rejected or is a request for payment the fee schedule does not allow.",
    example: "line 2026-11-02 77300-25 units=1 dx=A",
    fix: "Move 25/57 to the E/M line of the same day. On an E/M line use 25 (or 57) instead of 59/X{EPSU}. Instead of 50 on a code that is not bilateral-eligible, bill the code once (or once per side with LT/RT when the payer asks for it).",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let code = line.code.text;
        for m in &line.modifiers {
            // One answer for rules, hover and completion (`policy`); 26 and
            // TC against the PC/TC indicator are `pctc-indicator`'s.
            let on = line.from_date.ok();
            let Some(misfit) = policy::modifier_misfit(ctx.kb, code, on, m.text) else {
                continue;
            };
            if misfit.rule() != RULE.id {
                continue;
            }
            out.report(m.span(), misfit.explain(ctx.kb, code, m.text))
                .fixes
                .push(Fix::remove_modifier(*m, code).preferred());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    fn count(body: &str) -> usize {
        findings("modifier-not-applicable", &claim(body)).len()
    }

    #[test]
    fn fails_on_25_off_em_59_on_em_and_50_on_a_non_bilateral_code() {
        assert_eq!(count("dx A C79.31\nline 2026-11-02 77300-25 dx=A"), 1);
        assert_eq!(count("dx A C79.31\nline 2026-11-02 99213-59 dx=A"), 1);
        assert_eq!(count("dx A C79.31\nline 2026-11-02 99213-XU dx=A"), 1);
        let bilateral = findings(
            "modifier-not-applicable",
            &claim("dx A C79.31\nline 2026-11-02 61796-50 dx=A"),
        );
        assert_eq!(bilateral.len(), 1);
        assert!(
            bilateral[0]
                .message
                .contains("bilateral surgery indicator is 0"),
            "{}",
            bilateral[0].message
        );
    }

    #[test]
    fn passes_on_fitting_modifiers() {
        assert_eq!(count("dx A C79.31\nline 2026-11-02 99213-25 dx=A"), 0);
        assert_eq!(count("dx A C79.31\nline 2026-11-02 92014-25 dx=A"), 0);
        assert_eq!(count("dx A C79.31\nline 2026-11-02 77300-59 dx=A"), 0);
        // Unknown HCPCS codes and codes without a known bilateral indicator pass.
        assert_eq!(count("dx A C79.31\nline 2026-11-02 G0463-25 dx=A"), 0);
        assert_eq!(count("dx A C79.31\nline 2026-11-02 27447-50 dx=A"), 0);
    }
}

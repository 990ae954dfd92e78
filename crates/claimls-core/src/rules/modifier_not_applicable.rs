//! `modifier-not-applicable`: a modifier that does not fit the code it is on.
use super::{ClaimContext, Findings, Rule};
use crate::diagnostic::{Fix, Severity};
use crate::knowledge::Knowledge;
use crate::knowledge::pctc::{allows_bilateral, bilateral_meaning};
use crate::values::{CodeShape, code_shape};

pub static RULE: Rule = Rule {
    id: "modifier-not-applicable",
    title: "Modifier does not apply to the code",
    severity: Severity::Error,
    what: "A modifier is used on a kind of code it is not meant for: an E/M-only modifier (24, 25, 27, 57) on a code that is not evaluation and management (Medicare's eye-visit codes 92002–92014 count as visits here); 59 or an X modifier (XE, XS, XP, XU) on an E/M code; or 50 (bilateral) on a code whose Medicare bilateral surgery indicator is known and is not 1 or 3.",
    why: "Payers check modifiers against the code: 25 and 57 describe a visit, so on a procedure they are invalid; NCCI does not accept 59 or X modifiers to unbundle an E/M service; a code whose bilateral indicator is 0, 2 or 9 is not paid at a bilateral rate, so 50 either is rejected or is a request for payment the fee schedule does not allow.",
    example: "line 2026-11-02 77300-25 units=1 dx=A",
    fix: "Move 25/57 to the E/M line of the same day. On an E/M line use 25 (or 57) instead of 59/X{EPSU}. Instead of 50 on a code that is not bilateral-eligible, bill the code once (or once per side with LT/RT when the payer asks for it).",
    check: Some(check),
};

/// Whether E/M-only modifiers may stand on `code`. Besides E/M codes:
/// the general ophthalmological services 92002–92014 ("eye codes"), which
/// Medicare lets carry 24/25 like visits (AAPC Ophthalmology Coding Alert,
/// "Modifiers -24 and -25: for eye codes as well as E/M services codes";
/// Retinal Physician, Sept 2013 coding Q&A); and HCPCS codes claimls does
/// not know, given the benefit of the doubt (facility visit G0463 takes 25).
fn takes_em_modifiers(kb: &Knowledge, code: &str) -> bool {
    kb.is_em(code)
        || ("92002"..="92014").contains(&code)
        || (code_shape(code) == Some(CodeShape::Hcpcs) && kb.procedure(code).is_none())
        || code_shape(code).is_none()
}

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let code = line.code.text;
        for m in &line.modifiers {
            let Some(modifier) = ctx.kb.modifier(m.text) else {
                continue;
            };
            let message = if modifier.em_only && !takes_em_modifiers(ctx.kb, code) {
                format!(
                    "{} ({}) applies only to evaluation and management codes, and {code} is not one; put it on the E/M line of the same day or remove it",
                    m.text,
                    modifier.name.to_lowercase()
                )
            } else if modifier.not_on_em && ctx.kb.is_em(code) {
                format!(
                    "{} is not used on E/M codes such as {code}: to show the visit was separate from a procedure the same day, use 25 (or 57 for the decision for surgery)",
                    m.text
                )
            } else if m.text == "50" {
                let Some(fees) = ctx.kb.fees(code) else {
                    continue;
                };
                let Some(bilateral) = fees.bilateral.filter(|b| !allows_bilateral(*b)) else {
                    continue;
                };
                let caveat = if fees.confirmed {
                    ""
                } else {
                    " (claimls's table; not yet confirmed against the CMS file)"
                };
                format!(
                    "50 (bilateral procedure) does not apply to {code}: its bilateral surgery indicator is {bilateral}, {}{caveat}",
                    bilateral_meaning(bilateral)
                )
            } else {
                continue;
            };
            out.report(m.span(), message)
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

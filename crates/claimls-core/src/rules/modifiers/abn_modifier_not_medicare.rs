//! `abn-modifier-not-medicare`: GA, GX, GY or GZ on a claim to a payer that
//! is not Original Medicare.
use crate::diagnostic::{Fix, Severity};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "abn-modifier-not-medicare",
    title: "ABN modifier on a claim to a non-Medicare payer",
    severity: Severity::Warning,
    what: "A line carries GA, GX, GY or GZ (the modifiers that report whether an Advance Beneficiary Notice of Noncoverage was given, or that a service is excluded from Medicare) on a claim whose payer claimls knows and is a commercial plan. Claims to Medicare, and to payers claimls does not know, are not checked.",
    why: "The ABN is an Original Medicare form, and these modifiers tell a Medicare contractor who is liable for a denied service. Commercial plans have their own notices and waivers (and Medicare Advantage plans use pre-service organization determinations instead); their claim editors may reject the modifier as invalid for the payer or ignore it, so the line can be denied, or the patient's liability is not recorded as intended.",
    example: "payer Aetna\nline 2026-11-02 77300-GA units=1 dx=A",
    fix: "Remove the modifier. If the plan has its own notice or waiver for services it does not cover, report it the way the plan's provider manual says.",
    check: Some(check),
};

/// The modifiers that speak of the ABN or of Medicare's exclusions.
fn is_abn_modifier(m: &str) -> bool {
    matches!(m, "GA" | "GX" | "GY" | "GZ")
}

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(payer) = ctx.payer else {
        return;
    };
    if payer.kind == "medicare" {
        return;
    }
    for line in &ctx.claim.lines {
        for m in line.modifiers.iter().filter(|m| is_abn_modifier(m.text)) {
            out.report(
                m.span(),
                format!(
                    "{} tells Original Medicare who is liable for a service it may not cover (the Advance Beneficiary Notice, or a Medicare exclusion), but this claim goes to {}: commercial plans do not use the ABN",
                    m.text, payer.name
                ),
            )
            .fixes
            .push(Fix::remove_modifier(*m, line.code.text));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_ga_to_a_commercial_payer() {
        let text =
            claim("dx A C79.31\nline 2026-11-02 77300-GA dx=A\nline 2026-11-03 77300-GY dx=A")
                .replace("payer Medicare", "payer Aetna");
        let found = findings("abn-modifier-not-medicare", &text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].message.contains("goes to Aetna"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].fixes.len(), 1);
    }

    #[test]
    fn passes_for_medicare_and_for_payers_claimls_does_not_know() {
        let medicare = claim("dx A C79.31\nline 2026-11-02 77300-GA dx=A");
        assert!(findings("abn-modifier-not-medicare", &medicare).is_empty());
        let unknown = medicare.replace("payer Medicare", "payer Acme Health Plan");
        assert!(findings("abn-modifier-not-medicare", &unknown).is_empty());
    }
}

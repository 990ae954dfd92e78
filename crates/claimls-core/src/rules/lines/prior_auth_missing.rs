//! `prior-auth-missing`: a line whose payer requires prior authorisation
//! for its code, with no `auth=` on the line or the claim.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "prior-auth-missing",
    title: "Prior authorisation required, none given",
    severity: Severity::Warning,
    what: "A service line bills a code for which the claim's payer has a published prior authorisation policy in force on the date of service (`data/prior_auth.tsv`: UnitedHealthcare commercial plans for SRS and SBRT delivery, 77371–77373 and G0339, from 2021-04-01, and proton therapy 77520–77525), and neither the line (`auth=`) nor the claim (`claim <id> auth=`) gives an authorisation number. Payers claimls does not know, and payers with no listed policy, are not checked.",
    why: "A payer that requires prior authorisation denies the service when the claim does not carry the authorisation (box 23 of the CMS-1500, REF*G1 of an 837P), and for an in-network provider that denial usually cannot be billed to the patient. An authorisation obtained but left off the claim is the common, avoidable case.",
    example: "claim SRS-0009\npayer UnitedHealthcare\nline 2026-11-02 77372 units=1 dx=A",
    fix: "Add the authorisation number the payer (or its vendor, Optum for UnitedHealthcare radiation therapy) issued: `auth=` on the line, or on the `claim` line when it covers the whole claim. If none was obtained, ask the payer about a retro-authorisation before sending. Some plans of the payer are exempt (for UnitedHealthcare: Indemnity/Options PPO, Oxford and Rhode Island plans): silence the finding on those with `# claimls: ignore[prior-auth-missing]`.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(payer) = ctx.payer else {
        return;
    };
    if ctx.claim.auth.is_some() {
        return;
    }
    for line in ctx.claim.lines.iter().filter(|l| l.auth.is_none()) {
        let Ok(on) = line.from_date else {
            continue;
        };
        let Some(policy) = ctx.kb.prior_auth(&payer.profile, line.code.text, on) else {
            continue;
        };
        let since = crate::values::format_date(policy.from);
        let basis = if policy.confirmed {
            format!("in force since {since}")
        } else {
            format!("applied by claimls from {since}: {}", policy.source)
        };
        out.report(
            line.code.span(),
            format!(
                "{} to {} needs prior authorisation ({}, {basis}) and neither this line nor the claim gives one: add `auth=` with the authorisation number",
                line.code.text, payer.name, policy.policy
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings;

    /// A UnitedHealthcare commercial SRS claim of a freestanding centre.
    fn uhc(claim_line: &str, line_attrs: &str) -> String {
        format!(
            "{claim_line}\npayer UnitedHealthcare\npatient ROE, RICHARD dob=1971-09-14 sex=M member=W123456789\nprovider npi=1234567893\npos 11\ndx A C79.31\nline 2026-11-02 77372 units=1 dx=A charge=8950.00{line_attrs}\nline 2026-11-02 77300 units=1 dx=A charge=120.00\n"
        )
    }

    #[test]
    fn fails_on_uhc_srs_without_an_authorisation() {
        // Source: UnitedHealthcare's commercial radiation therapy prior
        // authorisation program (SBRT including SRS from 2021-04-01).
        let found = findings("prior-auth-missing", &uhc("claim SRS-0009", ""));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("77372 to UnitedHealthcare needs prior authorisation"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("since 2021-04-01"));
    }

    #[test]
    fn passes_with_an_authorisation_on_the_line_or_the_claim_or_another_payer() {
        assert!(
            findings(
                "prior-auth-missing",
                &uhc("claim SRS-0009", " auth=A1234567")
            )
            .is_empty()
        );
        assert!(
            findings(
                "prior-auth-missing",
                &uhc("claim SRS-0009 auth=A1234567", "")
            )
            .is_empty()
        );
        // Before the program started.
        let early = uhc("claim SRS-0009", "").replace("2026-11-02", "2021-03-15");
        assert!(findings("prior-auth-missing", &early).is_empty());
        // Aetna publishes no such policy in claimls's table.
        let aetna = uhc("claim SRS-0009", "").replace("UnitedHealthcare", "Aetna");
        assert!(findings("prior-auth-missing", &aetna).is_empty());
    }
}

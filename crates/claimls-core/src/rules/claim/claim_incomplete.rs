//! `claim-incomplete`: a claim without one of the pieces every claim needs.
use crate::diagnostic::Severity;
use crate::model::Claim;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "claim-incomplete",
    title: "Claim is missing a required part",
    severity: Severity::Warning,
    what: "A claim has no `payer`, `patient` or `provider` line, no `dx` line, or no service `line`. One finding on the claim's `claim` line lists everything missing.",
    why: "A claim cannot be sent without a payer, a patient, a billing provider, at least one diagnosis and at least one service line; a clearinghouse rejects it as incomplete. It is a warning, not an error, because a draft is often written a piece at a time.",
    example: "claim SRS-0001\npayer Medicare\ndx A C79.31\nline 2026-11-02 77372 units=1 dx=A",
    fix: "Add the missing lines, e.g. `patient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73` and `provider npi=1234567893`.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let claim = ctx.claim;
    let missing = missing(claim);
    if missing.is_empty() {
        return;
    }
    let span = claim
        .id
        .map_or(claim.anchor, |id| claim.anchor.cover(id.span()));
    let name = claim.id.map_or("this claim", |id| id.text);
    out.report(
        span,
        format!(
            "{name} is not complete: it has no {}",
            missing.join(", no ")
        ),
    );
}

fn missing(claim: &Claim<'_>) -> Vec<&'static str> {
    [
        (claim.payer.is_none(), "`payer` line"),
        (claim.patient.is_none(), "`patient` line"),
        (claim.billing_provider.is_none(), "`provider` line"),
        (
            claim.diagnoses.is_empty(),
            "diagnosis (`dx A <ICD-10-CM code>`)",
        ),
        (
            claim.lines.is_empty(),
            "service line (`line <date> <code> …`)",
        ),
    ]
    .into_iter()
    .filter_map(|(absent, what)| absent.then_some(what))
    .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_once_naming_every_missing_part() {
        let found = findings("claim-incomplete", "claim SRS-1\npayer Medicare\n");
        assert_eq!(found.len(), 1);
        assert_eq!(
            &*found[0].message,
            "SRS-1 is not complete: it has no `patient` line, no `provider` line, no diagnosis (`dx A <ICD-10-CM code>`), no service line (`line <date> <code> …`)"
        );
        assert_eq!((found[0].span.start, found[0].span.end), (0, 11));
    }

    #[test]
    fn passes_on_a_complete_claim() {
        let text = claim("dx A C79.31\nline 2026-11-02 77372 dx=A");
        assert!(findings("claim-incomplete", &text).is_empty());
    }
}

//! `duplicate-claim`: two claims of one file bill the same services to the
//! same payer for the same patient.
use super::ClaimDigest;
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::rules::{Level, Rule};
use crate::span::Span;

pub static RULE: Rule = Rule {
    id: "duplicate-claim",
    title: "The same claim twice in one file",
    severity: Severity::Error,
    what: "Two claims of one file are for the same patient (same member id, or same name and date of birth when there is none), go to the same payer from the same billing provider, and bill the same service lines: the same dates, codes, modifiers (in any order), rendering providers and units. Claims with a line claimls cannot read are not compared. The later claim is reported.",
    why: "A payer that receives the same services twice pays the first and denies the second as a duplicate (claim adjustment reason 18); a batch that sends both also looks like double billing to an auditor. The usual cause is a claim copied to start a new one and never changed, or a corrected claim sent beside the original instead of replacing it.",
    example: "claim SRS-0001\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\ndx A C79.31\nline 2026-11-02 77432 units=1 dx=A\n\nclaim SRS-0002\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\ndx A C79.31\nline 2026-11-02 77432 units=1 dx=A",
    fix: "Delete the repeated claim. If it was meant to correct the first one, send it alone as a replacement claim (frequency code 7 with the payer's claim number) once the first has been processed, not beside it. If the services were really given twice, they belong on one claim with the modifier that says why (76, 77).",
    check: None,
};

/// Reports each claim that repeats an earlier one, and returns which
/// digests (by index) are such repeats, so that other rules do not count
/// their services a second time. A repeat silenced by an ignore comment is
/// taken to be a separate claim.
pub(super) fn check(
    digests: &[(isize, &ClaimDigest)],
    line_of: &mut dyn FnMut(usize) -> usize,
    out: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut repeats = Vec::new();
    // The first claim with each fingerprint, and where it is now.
    let mut first: rustc_hash::FxHashMap<u64, (&ClaimDigest, Span)> = Default::default();
    for (i, &(delta, digest)) in digests.iter().enumerate() {
        let Some(services) = digest.services else {
            continue;
        };
        let anchor = digest.anchor.shifted(delta);
        let Some(&(original, original_anchor)) = first.get(&services) else {
            first.insert(services, (digest, anchor));
            continue;
        };
        if digest.duplicate_ignored {
            continue;
        }
        repeats.push(i);
        let Level::On(severity) = digest.levels[1] else {
            continue;
        };
        let line = line_of(original_anchor.start);
        let mut finding = Diagnostic::new(
            RULE.id,
            severity,
            anchor,
            format!(
                "claim {} repeats claim {} (line {}): the same patient, payer, billing provider and service lines; the payer will deny one as a duplicate",
                digest.id,
                original.id,
                line + 1
            ),
        );
        finding.related.push(Related {
            span: original_anchor,
            message: format!("claim {} bills the same services", original.id),
        });
        out.push(finding);
    }
    repeats
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings;

    const FIRST: &str = "claim SRS-0001\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\nline 2026-11-02 77432 units=1 dx=A charge=1200.00\nline 2026-11-02 77300 units=1 dx=A charge=120.00\n\n";

    #[test]
    fn fails_on_a_copied_claim() {
        // Source: CMS duplicate claim edits (claim adjustment reason code 18,
        // exact duplicate claim/service): same beneficiary, provider, dates
        // and services. The copy lists its lines in another order and
        // writes the member id with dashes.
        let copy = "claim SRS-0002\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4-TE5-MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\nline 2026-11-02 77300 units=1 dx=A charge=120.00\nline 2026-11-02 77432 units=1 dx=A charge=1200.00\n";
        let text = format!("{FIRST}{copy}");
        let found = findings("duplicate-claim", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            &*found[0].message,
            "claim SRS-0002 repeats claim SRS-0001 (line 1): the same patient, payer, billing provider and service lines; the payer will deny one as a duplicate"
        );
        assert_eq!(&text[found[0].span.start..found[0].span.end], "claim");
        assert_eq!(found[0].related[0].span.start, 0);
    }

    #[test]
    fn passes_on_another_date_patient_payer_or_a_half_typed_line() {
        for change in [
            ("2026-11-02 77300", "2026-11-03 77300"),
            ("member=1EG4TE5MK73", "member=2EG4TE5MK73"),
            // The same services to the secondary payer are a crossover,
            // not a duplicate.
            ("payer Medicare", "payer Aetna"),
            ("77300 units=1", "77300- units=1"),
        ] {
            let copy = FIRST
                .replace("SRS-0001", "SRS-0002")
                .replacen(change.0, change.1, 1);
            let found = findings("duplicate-claim", &format!("{FIRST}{copy}"));
            assert!(found.is_empty(), "{change:?}: {found:?}");
        }
    }

    #[test]
    fn an_ignore_comment_on_the_claim_line_silences_it() {
        let copy = FIRST.replace(
            "claim SRS-0001",
            "claim SRS-0002  # claimls: ignore[duplicate-claim]",
        );
        assert!(findings("duplicate-claim", &format!("{FIRST}{copy}")).is_empty());
    }
}

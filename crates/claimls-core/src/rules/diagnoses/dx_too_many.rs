//! `dx-too-many`: more diagnoses than a claim carries.
use crate::diagnostic::Severity;
use crate::model::MAX_DIAGNOSES;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-too-many",
    title: "More than 12 diagnoses on one claim",
    severity: Severity::Error,
    what: "A claim declares more than 12 diagnoses. Each one after the twelfth is reported.",
    why: "The CMS-1500 and the 837P carry at most 12 diagnosis codes per claim; codes beyond that cannot be sent and the services that rely on them lose their support.",
    example: "dx A C79.31\ndx B C34.11\ndx C C34.12\ndx D C34.2\ndx E C34.31\ndx F C34.32\ndx G C79.51\ndx H C79.52\ndx I C77.0\ndx J C78.01\ndx K C78.02\ndx L C78.7\ndx M C79.89",
    fix: "Keep the 12 diagnoses the service lines point to (primary first), or split the services over two claims, each with its own diagnoses.",
    check: Some(check_count),
};

fn check_count(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let count = ctx.claim.diagnoses.len();
    for (i, dx) in ctx.claim.diagnoses.iter().enumerate().skip(MAX_DIAGNOSES) {
        out.report(
            dx.span,
            format!(
                "diagnosis {} of {count}: a claim carries at most {MAX_DIAGNOSES} diagnoses (A–L)",
                i + 1
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::LINE;
    use super::super::testing::declarations;
    use crate::rules::testing::{claim, findings};

    #[test]
    fn too_many_fails_from_the_thirteenth() {
        let found = findings(
            "dx-too-many",
            &claim(&format!("{}{LINE}", declarations(14))),
        );
        assert_eq!(found.len(), 2);
        assert!(
            found[0]
                .message
                .starts_with("diagnosis 13 of 14: a claim carries at most 12")
        );
    }

    #[test]
    fn too_many_passes_at_twelve() {
        assert!(
            findings(
                "dx-too-many",
                &claim(&format!("{}{LINE}", declarations(12)))
            )
            .is_empty()
        );
    }
}

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
    what: "Two claims of one file are for the same patient (same member id, or same name and date of birth when there is none), go to the same payer from the same billing provider, and bill the same service lines: the same dates, codes, modifiers (in any order), rendering providers and units. Claims with a line claimls cannot read are not compared. The later claim is reported. In the editor, a claim repeated in another open document of the workspace is reported in both, naming the other file.",
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
    text: &str,
    digests: &[(isize, &ClaimDigest)],
    line_of: &mut dyn FnMut(usize) -> usize,
    out: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut repeats = Vec::new();
    // The first claim with each fingerprint, and where it is now.
    let mut first: rustc_hash::FxHashMap<u64, Span> = Default::default();
    first.reserve(digests.len());
    for (i, &(delta, digest)) in digests.iter().enumerate() {
        let Some(services) = digest.services else {
            continue;
        };
        let anchor = digest.anchor.shifted(delta);
        let Some(&original_anchor) = first.get(&services) else {
            first.insert(services, anchor);
            continue;
        };
        let (id, original) = (
            super::claim_id(text, anchor),
            super::claim_id(text, original_anchor),
        );
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
                "claim {id} repeats claim {original} (line {}): the same patient, payer, billing provider and service lines; the payer will deny one as a duplicate",
                line + 1
            ),
        );
        finding.related.push(Related {
            span: original_anchor,
            message: format!("claim {original} bills the same services"),
        });
        out.push(finding);
    }
    repeats
}

/// A claim as other open documents see it, for duplicates across the
/// documents of a workspace (the language server keeps one list per
/// document, from its last analysis). No text is copied: the id and line
/// are read from the other document when a finding names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimPrint {
    /// [`ClaimDigest::services`].
    pub services: u64,
    /// The claim's `claim` keyword, where it was when analysed.
    pub anchor: Span,
    /// This rule's level for the claim, and whether it is silenced there.
    pub level: Level,
    pub ignored: bool,
}

/// The prints of the comparable claims of one analysed document.
pub fn prints(digests: &[(isize, &ClaimDigest)]) -> Vec<ClaimPrint> {
    digests
        .iter()
        .filter_map(|&(delta, d)| {
            Some(ClaimPrint {
                services: d.services?,
                anchor: d.anchor.shifted(delta),
                level: d.levels[1],
                ignored: d.duplicate_ignored,
            })
        })
        .collect()
}

/// Another open document, as [`across_documents`] reads it.
pub struct OtherDocument<'a> {
    /// How messages name it (its file name).
    pub name: &'a str,
    pub text: &'a str,
    pub lines: &'a crate::text::LineIndex,
    pub prints: &'a [ClaimPrint],
}

/// Findings on the claims of one document (`mine`) that repeat a claim of
/// another open document. Each document reports its own copy, naming the
/// other: neither is "the later one" across files. A print whose claim
/// has moved in the other document since it was made (its anchor no longer
/// starts a `claim` line) is skipped; that document's next analysis
/// brings it up to date.
pub fn across_documents(mine: &[ClaimPrint], others: &[OtherDocument<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if others.is_empty() {
        return out;
    }
    for print in mine {
        let Level::On(severity) = print.level else {
            continue;
        };
        if print.ignored {
            continue;
        }
        let found = others.iter().find_map(|other| {
            let theirs = other.prints.iter().find(|p| p.services == print.services)?;
            // Still a `claim` keyword there (else the print is stale).
            other
                .text
                .get(theirs.anchor.start..)?
                .strip_prefix("claim")?;
            let id = super::claim_id(other.text, theirs.anchor);
            let line = other.lines.line_of(theirs.anchor.start);
            Some((other.name, id, line))
        });
        let Some((name, id, line)) = found else {
            continue;
        };
        out.push(Diagnostic::new(
            RULE.id,
            severity,
            print.anchor,
            format!(
                "this claim repeats claim {id} of {name} (line {}), open in the editor: the same patient, payer, billing provider and service lines; the payer will deny one as a duplicate",
                line + 1
            ),
        ));
    }
    out
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
    fn a_claim_of_another_open_document_is_found_by_its_print() {
        let config = crate::config::Config::default();
        let copy = FIRST.replace("SRS-0001", "SRS-0101");
        let mut caches = [
            crate::analysis::ClaimCache::default(),
            crate::analysis::ClaimCache::default(),
        ];
        let sources = [
            crate::analysis::Source::new(FIRST.to_string()),
            crate::analysis::Source::new(format!("# batch 2\n{copy}")),
        ];
        let config = std::sync::Arc::new(config);
        for (source, cache) in sources.iter().zip(&mut caches) {
            crate::analysis::analyze_incremental(source, &config, cache);
        }
        let other = super::OtherDocument {
            name: "batch-2.claim",
            text: sources[1].text(),
            lines: sources[1].index(),
            prints: caches[1].prints(),
        };
        let found = super::across_documents(caches[0].prints(), &[other]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("this claim repeats claim SRS-0101 of batch-2.claim (line 2)"),
            "{}",
            found[0].message
        );
        // Another date of service: no print in common.
        let other_day =
            crate::analysis::Source::new(copy.replace("2026-11-02 77300", "2026-11-03 77300"));
        let mut cache = crate::analysis::ClaimCache::default();
        crate::analysis::analyze_incremental(&other_day, &config, &mut cache);
        let other = super::OtherDocument {
            name: "batch-2.claim",
            text: other_day.text(),
            lines: other_day.index(),
            prints: cache.prints(),
        };
        assert!(super::across_documents(caches[0].prints(), &[other]).is_empty());
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

//! `add-on-without-primary`: an add-on code (global period ZZZ) with no
//! other procedure on the claim for the same day.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "add-on-without-primary",
    title: "Add-on code without a primary procedure",
    severity: Severity::Warning,
    what: "A code whose Medicare global period is ZZZ (an add-on code: extra work done in addition to a primary procedure) is billed on a day for which the claim has no primary procedure by the same rendering provider. For the add-on codes in claimls's table (`data/add_on_primaries.tsv`: 61797 with 61796 or 61798, 61799 with 61798, 61800 with 61796 or 61798, 77293 with 77295 or 77301, 99292 with 99291) one of the listed primaries must be there; for any other add-on, any code that is not itself an add-on will do (CMS publishes the full pairs as its add-on code edit files, which claimls does not bundle). The global period is read from the fee schedule of the line's year.",
    why: "An add-on code is never paid alone: payers deny it when the primary procedure it extends is not billed by the same provider for the same day (Medicare's add-on code edits and most commercial edits work this way). The usual cause is a primary line left off, dated differently, or sent on another claim.",
    example: "line 2026-11-02 99292 units=1 dx=A",
    fix: "Bill the primary procedure on the same claim and date, by the same provider (for 61799, the complex first lesion 61798; for 99292, 99291; for 63048, the laminectomy it extends), or remove the add-on line if the primary was not done. A 61799 after a simple first lesion (61796) is usually a miscoded 61797.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    // Each line's verdict once: Some(true) for an add-on (global period ZZZ,
    // or listed in claimls's add-on table), None when its date or code is
    // not known, which never counts against another line.
    let verdicts: smallvec::SmallVec<[Option<bool>; 8]> = ctx
        .claim
        .lines
        .iter()
        .zip(ctx.line_fees())
        .map(|(line, fees)| {
            if ctx.kb.add_on_primaries(line.code.text).is_some() {
                return Some(true);
            }
            fees.map(|f| f.row.is_add_on())
        })
        .collect();
    // Most claims bill no add-on code: nothing more to do.
    if !verdicts.contains(&Some(true)) {
        return;
    }
    let lines = &ctx.claim.lines;
    let performers: smallvec::SmallVec<[Option<&str>; 8]> =
        lines.iter().map(|l| ctx.claim.performer(l)).collect();
    for (i, line) in lines.iter().enumerate() {
        if verdicts[i] != Some(true) {
            continue;
        }
        let Some((from, to)) = line.days() else {
            continue;
        };
        // Another line of the same provider on one of the add-on's days.
        let same_day = |j: usize| {
            performers[j] == performers[i]
                && lines[j]
                    .days()
                    .is_some_and(|(start, end)| start <= to && from <= end)
        };
        let listed = ctx.kb.add_on_primaries(line.code.text);
        let covered = match listed {
            // The table names the primaries: one of them must be there.
            Some(add_on) => (0..lines.len()).any(|j| {
                add_on
                    .primaries
                    .iter()
                    .any(|p| crate::text::same(p, lines[j].code.text))
                    && same_day(j)
            }),
            // Any primary procedure will do (or a line claimls cannot
            // judge, given the benefit of the doubt).
            None => (0..lines.len()).any(|j| verdicts[j] != Some(true) && same_day(j)),
        };
        if covered {
            continue;
        }
        let message = match listed {
            Some(add_on) => format!(
                "{} is an add-on code billed with {}: this claim bills none of them on {} by the same provider (claimls's add-on table, not read from a CMS file: {})",
                line.code.text,
                add_on.primaries.join(" or "),
                line.dates.text,
                add_on.source
            ),
            None => format!(
                "{} is an add-on code (Medicare global period ZZZ): it is paid only with its primary procedure, and this claim bills no other procedure on {} by the same provider",
                line.code.text, line.dates.text
            ),
        };
        out.report(line.code.span(), message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_an_add_on_alone_on_its_day() {
        // CMS CY2026: 99292 and 63048 have global period ZZZ.
        let text = claim(
            "dx A J96.00\nline 2026-11-02 99291 dx=A\nline 2026-11-03 99292 dx=A\nline 2026-11-03 63048 dx=A",
        );
        let found = findings("add-on-without-primary", &text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].message.contains("99292 is an add-on code"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("2026-11-03"));
    }

    #[test]
    fn passes_with_a_primary_the_same_day() {
        let text = claim(
            "dx A J96.00\nline 2026-11-02 99291 dx=A\nline 2026-11-02 99292 units=2 dx=A\nline 2026-11-04..2026-11-06 63047 dx=A\nline 2026-11-05 63048 dx=A",
        );
        assert!(findings("add-on-without-primary", &text).is_empty());
        // A line claimls cannot judge (an unknown code) counts as a primary
        // for an add-on whose primaries claimls's table does not list…
        let unknown = claim("dx A M48.061\nline 2026-11-02 0001T dx=A\nline 2026-11-02 63048 dx=A");
        assert!(findings("add-on-without-primary", &unknown).is_empty());
        // …but it cannot be the one primary the table names for 99292.
        let listed = claim("dx A J96.00\nline 2026-11-02 0001T dx=A\nline 2026-11-02 99292 dx=A");
        assert_eq!(findings("add-on-without-primary", &listed).len(), 1);
    }

    #[test]
    fn the_radiosurgery_add_ons_need_their_own_primaries() {
        // Source: the CPT instructions restated in data/add_on_primaries.tsv
        // (61799 goes with 61798 only; 61797 and 61800 with 61796 or 61798).
        let wrong = claim(
            "dx A C79.31\nline 2026-11-02 61796 dx=A\nline 2026-11-02 61799 dx=A\nline 2026-11-02 61800 dx=A",
        );
        let found = findings("add-on-without-primary", &wrong);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("61799 is an add-on code billed with 61798"),
            "{}",
            found[0].message
        );
        // A neurosurgeon's complex first lesion, two more lesions and the frame.
        let right = claim(
            "dx A C79.31\nline 2026-11-02 61798 dx=A\nline 2026-11-02 61799 units=2 dx=A\nline 2026-11-02 61797 dx=A\nline 2026-11-02 61800 dx=A",
        );
        assert!(findings("add-on-without-primary", &right).is_empty());
    }

    #[test]
    fn the_primary_must_be_the_same_providers() {
        // Add-on edits pair one provider's services (CMS NCCI add-on code
        // edits): another surgeon's first-lesion code does not cover it.
        let text = claim(
            "dx A C79.31\nline 2026-11-02 61796 dx=A rendering=1245319599\nline 2026-11-02 61797 dx=A rendering=1234567893",
        );
        assert_eq!(findings("add-on-without-primary", &text).len(), 1);
        let same = text.replace("rendering=1234567893", "rendering=1245319599");
        assert!(findings("add-on-without-primary", &same).is_empty());
    }
}

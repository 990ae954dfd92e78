//! `add-on-without-primary`: an add-on code (global period ZZZ) with no
//! other procedure on the claim for the same day.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "add-on-without-primary",
    title: "Add-on code without a primary procedure",
    severity: Severity::Warning,
    what: "A code whose Medicare global period is ZZZ (an add-on code: extra work done in addition to a primary procedure) is billed on a day for which the claim has no other line with a code that is not itself an add-on. Which primary codes each add-on needs is not checked (CMS publishes that as a separate add-on code edit file); only that some primary procedure is there. The global period is read from the fee schedule of the line's year.",
    why: "An add-on code is never paid alone: payers deny it when the primary procedure it extends is not billed by the same provider for the same day (Medicare's add-on code edits and most commercial edits work this way). The usual cause is a primary line left off, dated differently, or sent on another claim.",
    example: "line 2026-11-02 99292 units=1 dx=A",
    fix: "Bill the primary procedure on the same claim and date (for 99292, 99291; for 63048, the laminectomy it extends), or remove the add-on line if the primary was not done.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    // Most claims bill no add-on code: nothing more to do.
    if !ctx
        .line_fees()
        .iter()
        .any(|fees| fees.is_some_and(|f| f.row.is_add_on()))
    {
        return;
    }
    // Each line's verdict once: None when its date or code is not known,
    // which never counts against another line.
    let verdicts: Vec<Option<bool>> = ctx
        .line_fees()
        .iter()
        .map(|fees| fees.map(|f| f.row.is_add_on()))
        .collect();
    // The days covered by primary procedures (and by lines claimls cannot
    // judge, given the benefit of the doubt), as sorted ranges.
    let mut primary_days: Vec<(time::Date, time::Date)> = ctx
        .claim
        .lines
        .iter()
        .zip(&verdicts)
        .filter(|(_, verdict)| **verdict != Some(true))
        .filter_map(|(line, _)| line.days())
        .collect();
    primary_days.sort_unstable();
    for (line, verdict) in ctx.claim.lines.iter().zip(&verdicts) {
        if *verdict != Some(true) {
            continue;
        }
        let Some((from, to)) = line.days() else {
            continue;
        };
        // Any primary day overlapping the add-on's days will do.
        let covered = primary_days
            .iter()
            .any(|&(start, end)| start <= to && from <= end);
        if covered {
            continue;
        }
        out.report(
            line.code.span(),
            format!(
                "{} is an add-on code (Medicare global period ZZZ): it is paid only with its primary procedure, and this claim bills no other procedure on {}",
                line.code.text, line.dates.text
            ),
        );
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
        // A line claimls cannot judge (an unknown code) counts as a primary.
        let unknown = claim("dx A J96.00\nline 2026-11-02 0001T dx=A\nline 2026-11-02 99292 dx=A");
        assert!(findings("add-on-without-primary", &unknown).is_empty());
    }
}

//! `ncci-ptp`: two procedures on the same date that an NCCI
//! procedure-to-procedure edit does not allow together.
use crate::diagnostic::{Fix, FixIntent, Severity};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "ncci-ptp",
    title: "NCCI procedure-to-procedure edit",
    severity: Severity::Error,
    what: "Two lines of the claim with the same date of service and the same rendering provider (`rendering=` on a line, else the claim's `rendering` or billing provider) bill a column-1/column-2 pair of the National Correct Coding Initiative PTP edits. With modifier indicator 0 the pair is never paid together; with indicator 1 it is paid only when the column-2 line carries an NCCI-associated modifier (59, XE, XS, XP, XU, or an anatomic one such as LT/RT, E1–E4, FA/F1–F9, TA/T1–T9, LC/LD/RC/LM/RI) because the services were truly distinct — or, when the column-2 code is an evaluation and management service, modifier 25 (57 for the decision for major surgery), since 59 and the X modifiers are not valid on E/M; indicator 9 marks a deleted edit and is ignored. Edits from the CMS tables configured under `[data]` apply only between their effective and deletion dates. Among the SRS delivery codes in claimls's own table (inferred, not read from a CMS file): 77371 and 77372 are never billed together on one date (indicator 0), nor is G0339 or G0340 with any of 77371–77373; 77373 with 77371 or 77372 has indicator 1, payable with an NCCI-associated modifier when the SBRT target is a different, extracranial one.",
    why: "Medicare's claim processing applies the PTP edits to every practitioner claim and denies the column-2 code; commercial payers run the same or similar edits in their claim editing software. A denial for an NCCI edit is a provider liability: the patient may not be billed.",
    example: "line 2026-11-02 77372 units=1 dx=A\nline 2026-11-02 77371 units=1 dx=A",
    fix: "Bill only the code that describes what was done (column 1 when both were performed as one service). When the indicator is 1 and the services were separate (different session, site or lesion), add the fitting NCCI-associated modifier to the column-2 line and document why: XE, XS, XP or XU (59 only when none fits) on a procedure, 25 on an E/M service that was significant and separately identifiable (57 when it was the decision for major surgery).",
    check: Some(check),
};

/// The first day two lines' days of service share, if any.
fn same_day(
    (a0, a1): (time::Date, time::Date),
    (b0, b1): (time::Date, time::Date),
) -> Option<time::Date> {
    (a0 <= b1 && b0 <= a1).then(|| a0.max(b0))
}

/// How many distinct (code, days) groups are paired at most. A claim
/// carries at most 50 service lines (837P), so only a pathological draft
/// reaches this, and the pairing must not become quadratic in it.
const MAX_GROUPS: usize = 1000;

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    // Lines grouped by PTP key and days, once: every pair of groups is
    // checked. A line whose code is in no edit, or whose dates are
    // unreadable, pairs with nothing.
    // Inline for a typical claim: this runs for every claim.
    // Keyed by performer too: PTP edits bind one provider's services to
    // one patient on one day, so two providers of a group claim pair nothing.
    type Group<'c, 'a> = (
        crate::knowledge::ptp::PtpKey,
        (time::Date, time::Date),
        smallvec::SmallVec<[&'c crate::model::ServiceLine<'a>; 1]>,
        Option<&'a str>,
    );
    let mut groups: smallvec::SmallVec<[Group<'_, '_>; 8]> = smallvec::SmallVec::new();
    // Past a few groups, a map finds a line's group (a scan per line would
    // be quadratic on a long claim).
    type GroupKey<'a> = (
        crate::knowledge::ptp::PtpKey,
        (time::Date, time::Date),
        Option<&'a str>,
    );
    let mut index: rustc_hash::FxHashMap<GroupKey<'_>, usize> = Default::default();
    // A half-typed line (`77372-`, a stray word) pairs with nothing: its
    // own finding says what is wrong with it.
    for line in ctx.claim.lines.iter().filter(|l| l.comparable()) {
        let (Some(key), Some(days)) = (ctx.kb.ptp_key(line.code.text), line.days()) else {
            continue;
        };
        let by = ctx.claim.performer(line);
        let found = if groups.len() <= 16 {
            groups
                .iter()
                .position(|(k, d, _, p)| *k == key && *d == days && *p == by)
        } else {
            index.get(&(key, days, by)).copied()
        };
        match found {
            Some(i) => groups[i].2.push(line),
            None if groups.len() < MAX_GROUPS => {
                groups.push((key, days, smallvec::smallvec![line], by));
                if groups.len() == 17 {
                    index.extend(groups.iter().enumerate().map(|(i, g)| ((g.0, g.1, g.3), i)));
                } else if groups.len() > 17 {
                    index.insert((key, days, by), groups.len() - 1);
                }
            }
            None => {}
        }
    }
    for (i, (key_a, days_a, lines_a, by_a)) in groups.iter().enumerate() {
        for (key_b, days_b, lines_b, by_b) in &groups[i + 1..] {
            if by_a != by_b {
                continue;
            }
            let (a, b) = (lines_a[0], lines_b[0]);
            if crate::text::same(a.code.text, b.code.text) {
                continue;
            }
            let Some(day) = same_day(*days_a, *days_b) else {
                continue;
            };
            let Some(edit) = ctx.kb.ptp_on_keys(*key_a, *key_b, day) else {
                continue;
            };
            let (col1, col2_lines) = if crate::text::same(&edit.column1, a.code.text) {
                (a, lines_b)
            } else {
                (b, lines_a)
            };
            for col2 in col2_lines {
                report(ctx, out, &edit, col1, col2);
            }
        }
    }
}

fn report(
    ctx: &ClaimContext<'_, '_>,
    out: &mut Findings,
    edit: &crate::knowledge::PtpEdit,
    col1: &crate::model::ServiceLine<'_>,
    col2: &crate::model::ServiceLine<'_>,
) {
    let caveat = if edit.confirmed {
        if edit.rationale.is_empty() {
            format!(" ({})", edit.source)
        } else {
            format!(" (CMS rationale: {}; {})", edit.rationale, edit.source)
        }
    } else {
        // The row says what it rests on: claimls's table marks every edit
        // it did not read from a CMS file, and names its grounds.
        format!(
            " (inferred by claimls, not read from a CMS file: {})",
            edit.source
        )
    };
    let em = ctx.kb.is_em(col2.code.text);
    let on = col2.from_date.ok();
    let message = match edit.modifier_indicator {
        0 => format!(
            "{} and {} cannot be billed on the same date: NCCI PTP edit column 1 {} / column 2 {}, modifier indicator 0 — no modifier makes this pair billable; bill only the code that describes the service{caveat}",
            col1.code.text, col2.code.text, edit.column1, edit.column2
        ),
        _ => {
            if col2
                .modifiers
                .iter()
                .any(|m| crate::policy::bypasses_ncci(ctx.kb, col2.code.text, on, m.text))
            {
                return;
            }
            let how = if em {
                format!(
                    "billable only if the E/M service was significant and separately identifiable, with modifier 25 on the {} line (57 when it was the decision for major surgery); 59 and the X modifiers are not valid on E/M",
                    col2.code.text
                )
            } else {
                format!(
                    "billable only if the services were distinct, with an NCCI-associated modifier (XE, XS, XP, XU or 59, or an anatomic modifier) on the {} line",
                    col2.code.text
                )
            };
            format!(
                "{} is bundled into {} on the same date: NCCI PTP edit column 1 {} / column 2 {}, modifier indicator 1 — {how}{caveat}",
                col2.code.text, col1.code.text, edit.column1, edit.column2
            )
        }
    };
    let finding = out.report(col2.code.span(), message);
    finding.related.push(crate::diagnostic::Related {
        span: col1.code.span(),
        message: format!("column-1 code {} on the same date", col1.code.text),
    });
    if edit.modifier_indicator == 1 {
        // Append after the code's last modifier (or the code itself).
        let end = col2.procedure.span().end;
        let choices = crate::policy::ncci_bypass_modifiers(ctx.kb, col2.code.text, on);
        for (i, (modifier, when)) in choices.iter().enumerate() {
            let fix = Fix::new(
                format!("Add {modifier} to {} ({when})", col2.code.text),
                FixIntent::AddModifier {
                    after: end,
                    modifier: modifier.to_string(),
                },
            );
            finding
                .fixes
                .push(if em && i == 0 { fix.preferred() } else { fix });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_two_srs_delivery_codes_the_same_day() {
        let text = claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77371 dx=A");
        let found = findings("ncci-ptp", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("modifier indicator"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn a_line_with_a_syntax_error_pairs_with_nothing() {
        for bad in ["77371- dx=A", "77371 dx=A foo", "77371 dx=A units="] {
            let text = claim(&format!(
                "dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 {bad}"
            ));
            assert!(findings("ncci-ptp", &text).is_empty(), "{bad}");
        }
        let lower = claim("dx A C79.31\nline 2026-11-02 77372-tc dx=A\nline 2026-11-02 77371 dx=A");
        assert_eq!(findings("ncci-ptp", &lower).len(), 1);
    }

    #[test]
    fn passes_on_different_dates() {
        let text = claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-09 77371 dx=A");
        assert!(findings("ncci-ptp", &text).is_empty());
    }

    #[test]
    fn a_date_range_overlapping_the_other_line_counts_as_the_same_day() {
        let text = claim(
            "dx A C79.31\nline 2026-11-01..2026-11-03 77372 dx=A\nline 2026-11-02 77371 dx=A",
        );
        assert_eq!(findings("ncci-ptp", &text).len(), 1);
    }

    #[test]
    fn an_em_column_2_line_is_set_apart_with_25_not_59() {
        let text = claim("dx A C79.31\nline 2026-11-02 77427 dx=A\nline 2026-11-02 99213 dx=A");
        let found = findings("ncci-ptp", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        let message = &found[0].message;
        assert!(
            message.contains("modifier 25 on the 99213 line"),
            "{message}"
        );
        assert!(!message.contains("XE, XS"), "{message}");
        let titles: Vec<&str> = found[0].fixes.iter().map(|f| f.title.as_str()).collect();
        assert!(titles[0].starts_with("Add 25 to 99213"), "{titles:?}");
        assert!(found[0].fixes[0].preferred);
        assert!(
            titles
                .iter()
                .all(|t| !t.contains("XS") && !t.contains("59")),
            "{titles:?}"
        );
        // 25 bypasses the edit; 59 on an E/M line does not.
        let with_25 =
            claim("dx A C79.31\nline 2026-11-02 77427 dx=A\nline 2026-11-02 99213-25 dx=A");
        assert!(findings("ncci-ptp", &with_25).is_empty());
        let with_59 =
            claim("dx A C79.31\nline 2026-11-02 77427 dx=A\nline 2026-11-02 99213-59 dx=A");
        assert_eq!(findings("ncci-ptp", &with_59).len(), 1);
    }

    #[test]
    fn a_procedure_column_2_line_still_gets_the_x_modifiers() {
        let text = claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77373 dx=A");
        let found = findings("ncci-ptp", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("XE, XS, XP, XU or 59"));
        assert!(found[0].fixes.iter().any(|f| f.title.starts_with("Add XS")));
        let with_25 =
            claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77373-25 dx=A");
        assert_eq!(
            findings("ncci-ptp", &with_25).len(),
            1,
            "25 does not bypass a procedure edit"
        );
    }

    #[test]
    fn a_long_claim_pairs_every_date_once() {
        // 20 dates, each with 77372 and 77371: past 16 groups a map finds
        // each line's group; one finding per date.
        let lines: String = (1..=20)
            .map(|d| format!("line 2026-11-{d:02} 77372 dx=A\nline 2026-11-{d:02} 77371 dx=A\n"))
            .collect();
        let text = claim(&format!("dx A C79.31\n{lines}"));
        assert_eq!(findings("ncci-ptp", &text).len(), 20);
    }

    #[test]
    fn an_inferred_edit_says_so_with_the_grounds_its_row_gives() {
        let text = claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77371 dx=A");
        let message = findings("ncci-ptp", &text)[0].message.to_string();
        assert!(
            message.contains(
                "inferred by claimls, not read from a CMS file: Inferred from the code definitions"
            ),
            "{message}"
        );
        assert!(!message.contains("secondary source"), "{message}");
    }

    #[test]
    fn compares_only_lines_of_one_rendering_provider() {
        // Source: NCCI PTP edits apply to services of the same provider for
        // the same beneficiary on the same date (NCCI Policy Manual, ch. 1).
        // One surgeon applies a skull frame (20660) and another performs the
        // radiosurgery (61796): the 61796/20660 edit does not pair them.
        let two = claim(
            "dx A C71.9\nline 2026-11-02 61796 dx=A rendering=1245319599\nline 2026-11-02 20660 dx=A rendering=1234567893",
        );
        assert!(findings("ncci-ptp", &two).is_empty());
        let one = two.replace("rendering=1234567893", "rendering=1245319599");
        assert_eq!(findings("ncci-ptp", &one).len(), 1);
    }
}

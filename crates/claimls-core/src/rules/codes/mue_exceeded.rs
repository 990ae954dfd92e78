//! `mue-exceeded`: more units of a code than its Medically Unlikely Edit allows.
use crate::diagnostic::Severity;
use crate::knowledge::mue::mai_meaning;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::parse_units;

pub static RULE: Rule = Rule {
    id: "mue-exceeded",
    title: "Units above the Medically Unlikely Edit",
    severity: Severity::Error,
    what: "The units of one code exceed its MUE: per line when the MUE adjudication indicator (MAI) is 1, and summed over all lines of the same date of service when it is 2 or 3. Units are counted per rendering provider (`rendering=` on a line, else the claim's `rendering` or billing provider), as MUEs are. A line that spans several days may carry the daily limit times the number of days. Limits come from the embedded table or, when configured, the CMS MUE tables under `[data]`.",
    why: "When the units exceed an MUE, Medicare denies the whole line, not only the excess units. A denial under MAI 1 (line edit) or MAI 3 (clinical benchmark) can be appealed with documentation of medical necessity (and under MAI 1 extra units may also go on a second line with a modifier that tells them apart); a denial under MAI 2 (policy or anatomy) cannot be overturned, except for a clerical error. Commercial payers apply the same published limits.",
    example: "line 2026-11-02 77372 units=2 dx=A",
    fix: "Bill the units that were actually furnished, once. If more were truly given on one date: under MAI 1, report the extra units on another line with the modifier that tells them apart (76, 91, RT/LT…); under MAI 3, document medical necessity and expect to appeal; under MAI 2 the limit stands.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    // (code, date) → running total; report the line that crosses the limit.
    // Inline for a typical claim: this runs for every claim.
    // Per performer as well: an MUE counts one provider's units for one
    // patient on one day, so two providers of a group claim each have theirs.
    type Total<'a> = (&'a str, time::Date, Option<&'a str>, u32);
    let mut totals: smallvec::SmallVec<[Total<'_>; 8]> = smallvec::SmallVec::new();
    // A long claim's totals go in a map instead (a scan per line would make
    // the rule quadratic in the number of lines).
    let mut many: rustc_hash::FxHashMap<(&str, time::Date, Option<&str>), u32> = Default::default();
    // A half-typed line (`77372-`) is not counted: its own finding says
    // what is wrong with it.
    for line in ctx.claim.lines.iter().filter(|l| l.comparable()) {
        let Some(mue) = ctx.kb.mue(line.code.text) else {
            continue;
        };
        let units = line.units.map_or(Some(1), |u| parse_units(u.text));
        let (Some(units), Ok(from)) = (units, line.from_date) else {
            continue;
        };
        let days = match line.to_date {
            Some(Ok(to)) if to > from => (to - from).whole_days() as u32 + 1,
            _ => 1,
        };
        let limit = mue.units.saturating_mul(days);
        let by = ctx.claim.performer(line);
        let total = if mue.mai == 1 || days > 1 {
            units
        } else if ctx.claim.lines.len() > 32 {
            let entry = many.entry((line.code.text, from, by)).or_insert(0);
            *entry = entry.saturating_add(units);
            *entry
        } else if let Some(entry) = totals
            .iter_mut()
            // The date first: comparing it is cheaper than the code.
            .find(|(c, d, p, _)| *d == from && *p == by && crate::text::same(c, line.code.text))
        {
            // Units go up to 999,999,999 per line: several such lines
            // must not overflow.
            entry.3 = entry.3.saturating_add(units);
            entry.3
        } else {
            totals.push((line.code.text, from, by, units));
            units
        };
        if total > limit {
            let span = line.units.map_or(line.code.span(), |u| u.span());
            let scope = if mue.mai == 1 || days > 1 {
                format!("{units} units on this line")
            } else if total == units {
                format!("{units} units on {}", line.from.text)
            } else {
                format!(
                    "{total} units in all on {} (this line brings it over)",
                    line.from.text
                )
            };
            let origin = if mue.confirmed {
                format!("; {}", mue.source)
            } else {
                // Say it is inferred, and from what, as ncci-ptp does.
                format!(
                    "; inferred by claimls, not read from a CMS file: {}",
                    mue.source.trim_end_matches('.')
                )
            };
            out.report(
                span,
                format!(
                    "{}: {scope} exceed the MUE of {limit} ({}{origin})",
                    line.code.text,
                    mai_meaning(mue.mai)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn huge_unit_counts_on_one_date_do_not_overflow() {
        let line = "line 2026-11-02 77300 units=999999999 dx=A\n";
        let found = findings(
            "mue-exceeded",
            &claim(&format!("dx A C79.31\n{}", line.repeat(5))),
        );
        assert_eq!(found.len(), 5, "{found:#?}");
    }

    #[test]
    fn fails_on_two_units_of_single_session_srs() {
        let found = findings(
            "mue-exceeded",
            &claim("dx A C79.31\nline 2026-11-02 77372 units=2 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("MUE of 1"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("MAI"), "{}", found[0].message);
    }

    #[test]
    fn sums_lines_of_the_same_date_and_passes_within_the_limit() {
        let split = claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77372 dx=A");
        assert_eq!(findings("mue-exceeded", &split).len(), 1);
        let ok =
            claim("dx A C79.31\nline 2026-11-02 77372 units=1 dx=A\nline 2026-11-03 77372 dx=A");
        assert!(findings("mue-exceeded", &ok).is_empty());
    }

    #[test]
    fn a_line_with_a_syntax_error_adds_no_units() {
        let text =
            claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77372- units=1 dx=A");
        assert!(findings("mue-exceeded", &text).is_empty());
        let stray = claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77372 dx=A x");
        assert!(findings("mue-exceeded", &stray).is_empty());
    }

    #[test]
    fn a_lower_case_modifier_counts_like_its_capital() {
        // `tc` is read as TC: the line's units count (letter-case says the rest).
        let text = claim(
            "dx A C79.31\nline 2026-11-02 77300-tc units=6 dx=A\nline 2026-11-02 77300-TC units=6 dx=A",
        );
        let found = findings("mue-exceeded", &text);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn counts_each_rendering_providers_units_apart() {
        // A multi-specialty group bills two office visits for one patient on
        // one day, by two physicians: the MUE of 99213 (1 per day) binds each
        // provider (CMS NCCI MUE policy: units of service per beneficiary per
        // date of service by the same provider).
        let two_doctors = claim(
            "dx A C79.31\nline 2026-11-02 99213 dx=A rendering=1245319599\nline 2026-11-02 99213 dx=A rendering=1234567893",
        );
        assert!(findings("mue-exceeded", &two_doctors).is_empty());
        // The same physician twice is over the limit.
        let one_doctor = two_doctors.replace("rendering=1234567893", "rendering=1245319599");
        assert_eq!(findings("mue-exceeded", &one_doctor).len(), 1);
    }
}

//! `units-invalid`: units that are not a positive whole number.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::parse_units;

pub static RULE: Rule = Rule {
    id: "units-invalid",
    title: "Units are not a positive whole number",
    severity: Severity::Error,
    what: "A line's `units=` is not a whole number of at least 1: zero, a fraction, a negative number or text.",
    why: "Service units are counted in whole units of the code's descriptor; payers reject zero or fractional units as invalid, and every per-unit edit (MUEs, pricing) depends on them.",
    example: "line 2026-11-02 77372 units=0 dx=A",
    fix: "Write the number of units furnished as a whole number (1 when the code is reported once).",
    check: Some(check_units),
};

fn check_units(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for units in ctx.claim.lines.iter().filter_map(|l| l.units) {
        if parse_units(units.text).is_some() {
            continue;
        }
        let why = if units.text.bytes().all(|b| b.is_ascii_digit()) {
            "units start at 1"
        } else {
            "expected a whole number of at least 1"
        };
        out.report(
            units.span(),
            format!("units={} is not valid: {why}", units.text),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::on_attrs as on_line;

    #[test]
    fn units_fail_on_zero_fractions_and_text() {
        assert!(on_line("units-invalid", "units=0")[0].contains("units start at 1"));
        for bad in ["1.5", "-1", "one"] {
            let found = on_line("units-invalid", &format!("units={bad}"));
            assert_eq!(found.len(), 1, "{bad}");
            assert!(found[0].contains("whole number"), "{}", found[0]);
        }
    }

    #[test]
    fn units_pass_on_positive_whole_numbers() {
        assert!(on_line("units-invalid", "units=1").is_empty());
        assert!(on_line("units-invalid", "units=12").is_empty());
    }
}

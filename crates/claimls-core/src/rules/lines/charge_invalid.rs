//! `charge-invalid`: a charge that is not a positive amount in dollars and cents.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::{AmountError, parse_amount};

pub static RULE: Rule = Rule {
    id: "charge-invalid",
    title: "Charge is not a positive amount in dollars and cents",
    severity: Severity::Error,
    what: "A line's `charge=` is not a positive amount with at most two decimals: text, a negative or zero amount, more than two decimals, or commas that do not group thousands (`8950.00`, `$8,950.00` and `8950` are all fine).",
    why: "The line charge is a required money amount; payers reject a line billed at zero, a negative or a value that is not a currency amount, and the claim total is the sum of the lines.",
    example: "line 2026-11-02 77372 units=1 dx=A charge=8950.005",
    fix: "Write the practice's charge for the line in dollars and cents, e.g. `charge=8950.00`.",
    check: Some(check_charge),
};

fn check_charge(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for charge in ctx.claim.lines.iter().filter_map(|l| l.charge) {
        let why = match parse_amount(charge.text) {
            Ok(cents) if cents > 0 => continue,
            Ok(_) => "a billed charge is more than zero",
            Err(AmountError::TooManyDecimals) => "write at most two decimals (dollars and cents)",
            Err(AmountError::Shape) if charge.text.starts_with('-') => {
                "a charge is a positive amount; adjustments are not billed on the line"
            }
            Err(AmountError::Shape) => {
                "expected an amount in dollars and cents, e.g. 8950.00 or $8,950.00"
            }
        };
        out.report(
            charge.span(),
            format!("charge={} is not valid: {why}", charge.text),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::on_attrs as on_line;

    #[test]
    fn charge_fails_on_decimals_zero_negatives_and_text() {
        let found = on_line("charge-invalid", "charge=8950.005");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("at most two decimals"), "{}", found[0]);
        assert!(on_line("charge-invalid", "charge=0.00")[0].contains("more than zero"));
        assert!(on_line("charge-invalid", "charge=-5")[0].contains("positive amount"));
        assert!(on_line("charge-invalid", "charge=8,95.00")[0].contains("dollars and cents"));
    }

    #[test]
    fn charge_passes_on_amounts_in_the_accepted_forms() {
        for good in ["8950.00", "$8,950.00", "8950", "0.5"] {
            let found = on_line("charge-invalid", &format!("charge={good}"));
            assert!(found.is_empty(), "{good}: {found:?}");
        }
    }
}

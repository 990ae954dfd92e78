//! `pos-invalid`: a place of service code CMS does not list.
use crate::diagnostic::Severity;
use crate::knowledge::Knowledge;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::span::Tok;

pub static RULE: Rule = Rule {
    id: "pos-invalid",
    title: "Place of service is not a CMS code",
    severity: Severity::Error,
    what: "The claim's `pos` line or a line's `pos=` is not a code of the CMS Place of Service code set (two digits, e.g. 11 Office, 22 On Campus-Outpatient Hospital). Unassigned codes such as 30 count as invalid.",
    why: "The place of service decides whether the facility or non-facility rate applies and which edits run. Payers reject a line whose place of service is not in the code set as invalid.",
    example: "pos 30",
    fix: "Write the two-digit CMS code for where the service was furnished; hover a valid code to see its name.",
    check: Some(check_invalid),
};

fn check_invalid(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let line_pos = ctx.claim.lines.iter().filter_map(|l| l.pos);
    for pos in ctx.claim.pos.into_iter().chain(line_pos) {
        if ctx.kb.place_of_service(pos.text).is_none() {
            out.report(pos.span(), invalid_message(ctx.kb, pos));
        }
    }
}

fn invalid_message(kb: &Knowledge, pos: Tok<'_>) -> String {
    let padded = format!("0{}", pos.text);
    match kb.place_of_service(&padded) {
        Some(p) if pos.text.len() == 1 => format!(
            "place of service {} is written with two digits: {padded} ({})",
            pos.text, p.name
        ),
        _ => format!(
            "place of service {} is not in the CMS Place of Service code set; expected a listed two-digit code such as 11 (Office) or 22 (On Campus-Outpatient Hospital)",
            pos.text
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::pos_at as at;

    #[test]
    fn invalid_fails_on_unassigned_and_one_digit_codes_at_both_levels() {
        let found = at("pos-invalid", "pos 30", "line 2026-11-02 77372 dx=A pos=1");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("place of service 30 is not in the CMS"));
        assert!(
            found[1].contains("two digits: 01 (Pharmacy)"),
            "{}",
            found[1]
        );
    }

    #[test]
    fn invalid_passes_on_listed_codes() {
        let found = at("pos-invalid", "pos 11", "line 2026-11-02 77372 dx=A pos=22");
        assert!(found.is_empty(), "{found:?}");
    }
}

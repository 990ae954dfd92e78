//! `pos-atypical`: a place of service where the code is not usually furnished.
use crate::diagnostic::Severity;
use crate::knowledge::{Knowledge, PlaceOfService};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "pos-atypical",
    title: "Procedure billed at an unusual place of service",
    severity: Severity::Hint,
    what: "A line's procedure is billed at a place of service (its own `pos=`, else the claim's `pos`) outside the sites where the procedure is typically furnished, per the procedure catalog (`typical_pos` in `data/procedures.toml`).",
    why: "It is not an error in itself, but an unusual pairing (radiosurgery at a patient's home, say) is more often a wrong place of service than a real one, and some payers pend or deny lines whose site does not fit the service.",
    example: "pos 12\nline 2026-11-02 77372 units=1 dx=A",
    fix: "Check where the service was really furnished and correct `pos`; if the site is right, nothing needs to change.",
    check: Some(check_atypical),
};

fn check_atypical(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for (line, procedure) in ctx.lines() {
        let (Some(pos), Some(procedure)) = (ctx.claim.pos_for(line), procedure) else {
            continue;
        };
        let Some(place) = ctx.kb.place_of_service(pos.text) else {
            continue;
        };
        // A technical part at a hospital is `technical-part-at-hospital`'s.
        let modifiers: smallvec::SmallVec<[&str; 4]> =
            line.modifiers.iter().map(|m| m.text).collect();
        if crate::policy::hospital_technical_part(
            ctx.kb,
            line.code.text,
            &modifiers,
            line.from_date.ok(),
            pos.text,
        )
        .is_some()
        {
            continue;
        }
        let typical = &procedure.typical_pos;
        if typical.is_empty() || typical.iter().any(|t| crate::text::same(t, place.code)) {
            continue;
        }
        let span = line.pos.map_or(line.code.span(), |p| p.span());
        out.report(
            span,
            format!(
                "{} is usually furnished at place of service {}; this line is billed at {} ({})",
                line.code.text,
                list_places(ctx.kb, typical),
                place.code,
                place.name
            ),
        );
    }
}

/// `22 (On Campus-Outpatient Hospital), 19 (…) or 11 (Office)`.
fn list_places(kb: &Knowledge, codes: &[String]) -> String {
    let named: Vec<String> = codes
        .iter()
        .map(|c| match kb.place_of_service(c) {
            Some(PlaceOfService { name, .. }) => format!("{c} ({name})"),
            None => c.clone(),
        })
        .collect();
    match named.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => named.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::pos_at as at;

    #[test]
    fn atypical_fails_on_a_site_outside_the_catalog_and_names_the_usual_ones() {
        let found = at("pos-atypical", "pos 12", "line 2026-11-02 77295 dx=A");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("at place of service 22 (On Campus-Outpatient Hospital)")
                && found[0].contains("or 11 (Office)")
                && found[0].contains("billed at 12 (Home)"),
            "{}",
            found[0]
        );
        // A technical-only code elsewhere than its usual places: 11 only
        // on a professional claim (at a hospital place it is the business
        // of `technical-part-at-hospital`, which says it once).
        let home = at("pos-atypical", "pos 12", "line 2026-11-02 77372 dx=A");
        assert_eq!(home.len(), 1);
        assert!(
            home[0].contains("usually furnished at place of service 11 (Office)"),
            "{}",
            home[0]
        );
        assert!(at("pos-atypical", "pos 22", "line 2026-11-02 77372 dx=A").is_empty());
        // The line's own pos wins over the claim's.
        assert_eq!(
            at(
                "pos-atypical",
                "pos 11",
                "line 2026-11-02 77372 dx=A pos=12"
            )
            .len(),
            1
        );
    }

    #[test]
    fn atypical_passes_at_usual_sites_and_for_codes_outside_the_catalog() {
        assert!(
            at(
                "pos-atypical",
                "pos 11",
                "line 2026-11-02 77295 dx=A pos=22"
            )
            .is_empty()
        );
        assert!(
            at(
                "pos-atypical",
                "pos 22",
                "line 2026-11-02 77372 dx=A pos=11"
            )
            .is_empty()
        );
        assert!(at("pos-atypical", "pos 12", "line 2026-11-02 99999 dx=A").is_empty());
    }
}

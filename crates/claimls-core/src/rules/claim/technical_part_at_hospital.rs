//! `technical-part-at-hospital`: the technical part of a service to a
//! hospital patient, billed on a professional claim.
use crate::diagnostic::Severity;
use crate::policy::{HospitalTechnicalPart, hospital_technical_part};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "technical-part-at-hospital",
    title: "Technical part of a hospital patient's service on a professional claim",
    severity: Severity::Error,
    what: "A line bills the technical part of a service (a technical-only code, PC/TC indicator 3, such as radiation treatment delivery 77371–77373 or physics 77336; or a TC modifier on a code that splits) at a hospital place of service: 19, 21, 22 or 23 (`data/hospital_places.tsv`). The PC/TC indicator comes from the fee schedule of the line's year.",
    why: "When the patient is the hospital's (inpatient, outpatient department, emergency room), Medicare pays the equipment, staff and supplies to the hospital, through its institutional claim; the physician bills only the professional part. A technical line on the physician's claim is denied, and if it were paid it would be paid twice. Commercial payers mostly follow the same split: for them this is a warning.",
    example: "pos 22\nline 2026-11-02 77372 units=1 dx=A",
    fix: "Leave the technical line to the hospital's claim. Bill the physician's part: 26 on a code that splits (77300-26), or the professional codes of the service (77432 for the management of a radiosurgery course). If the service was in a freestanding centre or office the biller owns, correct the place of service (11).",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let Some(pos) = ctx.claim.pos_for(line) else {
            continue;
        };
        let modifiers: smallvec::SmallVec<[&str; 4]> =
            line.modifiers.iter().map(|m| m.text).collect();
        let Some(part) = hospital_technical_part(
            ctx.kb,
            line.code.text,
            &modifiers,
            line.from_date.ok(),
            pos.text,
        ) else {
            continue;
        };
        let place = ctx
            .kb
            .place_of_service(pos.text)
            .map_or(String::new(), |p| format!(" ({})", p.name));
        let (what, span) = match part {
            HospitalTechnicalPart::TechnicalOnlyCode => (
                format!("{} is a technical-only code", line.code.text),
                line.code.span(),
            ),
            HospitalTechnicalPart::TcModifier => {
                let tc = line
                    .modifiers
                    .iter()
                    .find(|m| m.text == "TC")
                    .map_or(line.code.span(), |m| m.span());
                (
                    format!("{}-TC bills the technical part", line.code.text),
                    tc,
                )
            }
        };
        out.report(
            span,
            format!(
                "{what}, and at place of service {}{place} the patient is the hospital's: Medicare pays the technical part only to the hospital, on its institutional claim; bill the physician's part here",
                pos.text
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_technical_parts_at_hospital_places() {
        // CY2026: 77372 is technical-only (PC/TC 3), 77300 splits (1).
        let text =
            claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77300-TC dx=A pos=21")
                .replace("pos 11", "pos 22");
        let found = findings("technical-part-at-hospital", &text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].message.contains("77372 is a technical-only code"),
            "{}",
            found[0].message
        );
        assert!(
            found[0]
                .message
                .contains("place of service 22 (On Campus-Outpatient Hospital)")
        );
        assert!(
            found[1]
                .message
                .contains("77300-TC bills the technical part")
        );
    }

    #[test]
    fn passes_for_professional_parts_and_owned_equipment() {
        let hospital =
            claim("dx A C79.31\nline 2026-11-02 77300-26 dx=A\nline 2026-11-02 77432 dx=A")
                .replace("pos 11", "pos 22");
        assert!(findings("technical-part-at-hospital", &hospital).is_empty());
        let office =
            claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77300-TC dx=A");
        assert!(findings("technical-part-at-hospital", &office).is_empty());
    }
}

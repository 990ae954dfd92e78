//! `dx-additional-code-missing`: a diagnosis whose "use additional code"
//! note asks for a detail of its own condition, without that code.
use super::dx_code_first_missing::quoted;
use crate::diagnostic::Severity;
use crate::knowledge::icd_notes::{NoteKind, Reading};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-additional-code-missing",
    title: "Diagnosis without the additional code its note asks for",
    severity: Severity::Hint,
    what: "A diagnosis whose ICD-10-CM \"use additional code\" note asks for a detail of the condition the code itself states, its stage, type, site, severity, percentage or extent, and names the codes that give it (`data/icd10cm/code-first-additional.tsv`, from the FY2026 tabular list: hypertensive chronic kidney disease, I12.9, \"Use additional code to identify the stage of chronic kidney disease (N18.1-N18.4, N18.9)\"), when no diagnosis of the claim is one of them. Other \"use additional code\" notes ask for something the patient may not have (\"code to identify: tobacco use (Z72.0)\", \"the infectious agent\", anything \"if applicable\"), or for an external cause, which no national rule requires: they give no finding, nor do notes whose code references claimls could not all read. The first 12 diagnoses are read (a claim carries no more).",
    why: "The code alone does not carry what its note asks for: I12.9 says the kidney disease is at stage 1 to 4 or unspecified, and only the N18 code says which; E11.621 says there is a foot ulcer, and only the L97 code says where and how deep. ICD-10-CM requires the additional code (guideline I.A.13; for hypertensive chronic kidney disease, I.C.9.a.2), and payers' edits, medical-necessity policies and risk adjustment read it: without it the claim understates the condition or is returned for it.",
    example: "dx A I12.9\nline 2026-11-02 99213 dx=A",
    fix: "Add the code the note asks for as another diagnosis, after this one, and point the lines it supports to it (the stage of the kidney disease, N18.30 to N18.4 or N18.9, for I12.9).",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let read = ctx.claim.sent_diagnoses();
    for dx in read {
        // Most codes carry no such note: one array index each.
        for note in ctx.kb.icd_instructions(dx.code.text) {
            let asks = note.kind == NoteKind::UseAdditional
                && note.reading == Reading::Detail
                && note.confirmed
                && note.names_codes();
            if !asks {
                continue;
            }
            if read
                .iter()
                .any(|d| !std::ptr::eq(d, dx) && note.names(d.code.text))
            {
                continue;
            }
            out.report(
                dx.code.span(),
                format!(
                    "{}: ICD-10-CM's note at {} says \u{201c}{}\u{201d}, and no diagnosis of this claim is one of the codes it names",
                    dx.code.text,
                    note.place(),
                    quoted(&note.with_heading())
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    // The expectations below come from the FY2026 tabular list: I12.9
    // "Use additional code to identify the stage of chronic kidney disease
    // (N18.1-N18.4, N18.9)"; E11.22 "Use additional code to identify stage
    // of chronic kidney disease (N18.1-N18.6)".

    #[test]
    fn hypertensive_ckd_without_its_stage_fails() {
        let text = claim("dx A I12.9\nline 2026-11-02 99213 dx=A");
        let found = findings("dx-additional-code-missing", &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            &*found[0].message,
            "I12.9: ICD-10-CM's note at I12.9 says \u{201c}Use additional code to identify the stage of chronic kidney disease (N18.1-N18.4, N18.9)\u{201d}, and no diagnosis of this claim is one of the codes it names"
        );
        // Stage 5 is not what I12.9 says (that is I12.0): still missing.
        let text = claim("dx A I12.9\ndx B N18.5\nline 2026-11-02 99213 dx=A,B");
        assert_eq!(findings("dx-additional-code-missing", &text).len(), 1);
    }

    #[test]
    fn the_stage_on_the_claim_passes() {
        for body in [
            // Hypertensive CKD, stage 3a.
            "dx A I12.9\ndx B N18.31\nline 2026-11-02 99213 dx=A,B",
            // Type 2 diabetes with diabetic CKD, stage 4, and hypertension
            // with CKD (I12.9 names N18.4 too).
            "dx A E11.22\ndx B I12.9\ndx C N18.4\nline 2026-11-02 99213 dx=A,B,C",
        ] {
            assert!(
                findings("dx-additional-code-missing", &claim(body)).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn notes_about_what_the_patient_may_not_have_give_no_finding() {
        // C34 "Use additional code to identify: … tobacco use (Z72.0)" and
        // E11 "… to identify control using: insulin (Z79.4) …": a
        // non-smoker's lung cancer, a diet-controlled diabetes.
        let text = claim("dx A C34.11\ndx B E11.9\nline 2026-11-02 99213 dx=A,B");
        assert!(findings("dx-additional-code-missing", &text).is_empty());
    }
}

//! Rules about the claim's diagnoses and the lines' pointers to them.

pub mod dx_additional_code_missing;
pub mod dx_age_conflict;
pub mod dx_code_first_missing;
pub mod dx_excludes1;
pub mod dx_letter_duplicate;
pub mod dx_letter_invalid;
pub mod dx_manifestation_first;
pub mod dx_pointer_count;
pub mod dx_pointer_missing;
pub mod dx_pointer_repeated;
pub mod dx_pointer_undeclared;
pub mod dx_sex_conflict;
pub mod dx_too_many;
pub mod dx_unused;
pub mod icd_format;
pub mod icd_not_billable;
pub mod icd_not_in_effect;
pub mod icd_unknown;

use crate::knowledge::IcdOn;
use crate::model::Diagnosis;
use crate::rules::ClaimContext;

/// What a diagnosis code is in the code set of each fiscal year it is
/// billed in: one answer per year, with the first date of service in that
/// year; with no date of service, one answer for any bundled year (`None`).
/// Worked out once per claim ([`ClaimContext::diagnosis_years`]).
pub(super) fn code_years<'x>(
    ctx: &'x ClaimContext<'_, '_>,
    dx: &Diagnosis<'_>,
) -> &'x [(Option<time::Date>, IcdOn)] {
    &ctx.diagnosis_years(dx).years
}

/// Whether `dx` is a manifestation code: the Medicare Code Editor flags it
/// so in every fiscal year the claim bills it in, where it is billable
/// (what `dx-manifestation-first` reports when it is listed first).
pub(super) fn is_manifestation(ctx: &ClaimContext<'_, '_>, dx: &Diagnosis<'_>) -> bool {
    code_years(ctx, dx).iter().all(|(_, on)| {
        on.validity == crate::knowledge::Validity::Billable
            && ctx.kb.mce(dx.code.text, on.fy).manifestation
    })
}

/// Whether `a` comes before `b` in the claim's list of diagnoses: by
/// letter (the order box 21 and the 837 send them in), else as declared.
pub(super) fn listed_before(
    ctx: &ClaimContext<'_, '_>,
    a: &Diagnosis<'_>,
    b: &Diagnosis<'_>,
) -> bool {
    let position = |d: &Diagnosis<'_>| {
        let index = ctx
            .claim
            .diagnoses
            .iter()
            .position(|x| std::ptr::eq(x, d))
            .unwrap_or(usize::MAX);
        let letter = if is_dx_letter(d.letter.text) {
            d.letter.text.as_bytes()[0]
        } else {
            u8::MAX
        };
        (letter, index)
    };
    position(a) < position(b)
}

/// The diagnosis listed first: letter A, else the first declared.
pub(super) fn first_listed<'c, 'a>(ctx: &ClaimContext<'c, 'a>) -> Option<&'c Diagnosis<'a>> {
    let diagnoses = &ctx.claim.diagnoses;
    diagnoses
        .iter()
        .find(|d| d.letter.text == "A")
        .or_else(|| diagnoses.first())
}

/// One upper-case letter from A to L.
pub(super) fn is_dx_letter(s: &str) -> bool {
    matches!(s.as_bytes(), [b'A'..=b'L'])
}

#[cfg(test)]
pub(super) mod testing {
    //! Test helpers shared by this family's rules.
    use crate::rules::testing::{claim, findings};

    const DX: &str = "dx A C79.31\ndx B C34.11\ndx C C34.12\ndx D C34.2\ndx E C34.31\n";

    /// A service line pointing to A.
    pub const LINE: &str = "line 2026-11-02 77372 dx=A";

    /// The messages of `rule` on `line`, in a claim declaring A to E.
    pub fn on_pointers(rule: &str, line: &str) -> Vec<String> {
        let text = claim(&format!("{DX}{line}"));
        findings(rule, &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }

    /// `n` declarations, lettered from A.
    pub fn declarations(n: usize) -> String {
        (0..n)
            .map(|i| format!("dx {} C79.31\n", (b'A' + i as u8) as char))
            .collect()
    }
}

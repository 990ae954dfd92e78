//! Rules about the claim as a whole: its completeness, the patient, the
//! billing provider, the place of service and when it is filed.

pub mod claim_incomplete;
pub mod dob_implausible;
pub mod dob_invalid;
pub mod mbi_format;
pub mod npi_invalid;
pub mod pos_atypical;
pub mod pos_invalid;
pub mod sex_invalid;
pub mod technical_part_at_hospital;
pub mod timely_filing;

use super::ClaimContext;
use crate::span::Tok;

/// The patient's date of birth, when the claim gives one.
pub(super) fn patient_dob<'a>(ctx: &ClaimContext<'_, 'a>) -> Option<Tok<'a>> {
    ctx.claim.patient.as_ref().and_then(|p| p.dob)
}

#[cfg(test)]
pub(super) mod testing {
    //! Test helpers shared by this family's rules.
    use crate::rules::testing::{claim, findings};

    /// The messages of `rule` on a clean claim whose patient has `attrs`.
    pub fn with_patient(rule: &str, attrs: &str) -> Vec<String> {
        let text =
            claim("dx A C79.31\nline 2026-11-02 77372 dx=A").replace("dob=1964-03-02 sex=F", attrs);
        findings(rule, &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }

    /// The messages of `rule` with the claim's place of service `claim_pos`
    /// and the service line `line`.
    pub fn pos_at(rule: &str, claim_pos: &str, line: &str) -> Vec<String> {
        let text = claim(&format!("dx A C79.31\n{line}")).replace("pos 11", claim_pos);
        findings(rule, &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }
}

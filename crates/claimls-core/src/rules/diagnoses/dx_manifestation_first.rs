//! `dx-manifestation-first`: a manifestation code listed as the first
//! diagnosis.
use super::{code_years, first_listed, is_manifestation};
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-manifestation-first",
    title: "Manifestation code listed first",
    severity: Severity::Warning,
    what: "The claim's first diagnosis (letter A, or the first `dx` line when there is no A) is a code the Medicare Code Editor (MCE) flags as a manifestation code in the fiscal year of its dates of service (FY2026 or FY2027, `data/mce/`): a code that describes how an underlying disease shows itself, such as dementia in a disease classified elsewhere (F02.80).",
    why: "ICD-10-CM's coding conventions say a manifestation code is sequenced after the code of its underlying condition (the tabular list's \"code first\" notes), and the MCE rejects it as the principal diagnosis; payers applying the same convention deny or return the claim.",
    example: "dx A F02.80\ndx B G30.9\nline 2026-11-02 99213 dx=A,B",
    fix: "List the underlying condition first (as dx A) and the manifestation code after it, and point the lines to both.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(dx) = first_listed(ctx) else {
        return;
    };
    if !is_manifestation(ctx, dx) {
        return;
    }
    let years = code_years(ctx, dx);
    let title = ctx
        .kb
        .icd(dx.code.text)
        .map_or(String::new(), |e| format!(" ({})", e.description));
    out.report(
        dx.code.span(),
        format!(
            "{}{title} is a manifestation code: it may not be the first-listed diagnosis (Medicare Code Editor, FY{}); list the underlying condition first",
            dx.code.text, years[0].1.fy
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn a_manifestation_code_first_fails_and_second_passes() {
        let found = findings(
            "dx-manifestation-first",
            &claim("dx A F02.80\ndx B G30.9\nline 2026-11-02 99213 dx=A,B"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("manifestation code"),
            "{}",
            found[0].message
        );
        assert!(
            findings(
                "dx-manifestation-first",
                &claim("dx A G30.9\ndx B F02.80\nline 2026-11-02 99213 dx=A,B"),
            )
            .is_empty()
        );
    }

    #[test]
    fn without_a_letter_a_the_first_declared_is_first() {
        let text = claim("dx B F02.80\ndx C G30.9\nline 2026-11-02 99213 dx=B,C");
        assert_eq!(findings("dx-manifestation-first", &text).len(), 1);
        let text = claim("dx B G30.9\ndx C F02.80\nline 2026-11-02 99213 dx=B,C");
        assert!(findings("dx-manifestation-first", &text).is_empty());
    }
}

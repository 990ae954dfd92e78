//! `code-unknown`: a well-formed procedure code claimls has no record of.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::code_shape;

pub static RULE: Rule = Rule {
    id: "code-unknown",
    title: "Procedure code not in the loaded code sets",
    severity: Severity::Information,
    what: "A well-formed procedure code appears nowhere claimls looks: not in its own catalog (`data/procedures.toml`), not in the embedded fee schedule, MUE or NCCI tables, and not in the CMS tables or licensed CPT descriptor file configured under `[data]` in `claimls.toml`.",
    why: "claimls ships the stereotactic radiosurgery family and its neighbours, not every CPT code, so an unknown code is often fine — but it is also what a mistyped or deleted code looks like, and no other rule can check it. Loading CMS's MPFS, MUE and NCCI files (or your licensed CPT file) lets claimls recognise every current code.",
    example: "line 2026-11-02 77999 units=1 dx=A",
    fix: "Check the code against the current CPT/HCPCS code set for the date of service. To make claimls know every code, list the CMS files you download under `[data]` in `claimls.toml` (`mpfs` for the PPRRVU relative value file, `mue`, `ncci_ptp`) or your licensed CPT file (`cpt_descriptors`).",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for (line, procedure) in ctx.lines() {
        let code = line.code.text;
        if procedure.is_some() || code_shape(code).is_none() || ctx.kb.code_known(code) {
            continue;
        }
        out.report(
            line.code.span(),
            format!(
                "{code} is not in claimls's code list or in any loaded CMS table or descriptor file, so claimls cannot check it; make sure it is a current CPT/HCPCS code"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn informs_about_an_unlisted_code_and_passes_on_known_ones() {
        let found = findings(
            "code-unknown",
            &claim("dx A C79.31\nline 2026-11-02 77999 dx=A\nline 2026-11-02 7737 dx=A"),
        );
        assert_eq!(
            found.len(),
            1,
            "malformed codes are code-malformed's: {found:?}"
        );
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Information);
        let known = claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 99213 dx=A");
        assert!(findings("code-unknown", &known).is_empty());
    }
}

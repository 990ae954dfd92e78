//! `modifier-unknown`: a modifier that is not in the modifier catalog.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "modifier-unknown",
    title: "Modifier not in the catalog",
    severity: Severity::Warning,
    what: "A modifier on a line is not one claimls knows (`data/modifiers.toml`), or is not two characters long. (A modifier typed in lower case is read as its capitals; `letter-case` points it out.)",
    why: "A misspelt modifier is either rejected by the clearinghouse as invalid or, worse, accepted as a different modifier that changes what is paid. The catalog holds the CPT and HCPCS Level II modifiers that matter for professional claims, not every payer-specific one, so this is a warning rather than an error.",
    example: "line 2026-11-02 77300-62X units=1 dx=A",
    fix: "Correct the spelling (modifiers are two capital letters or digits, e.g. `26`, `TC`, `XS`). If the payer really uses this modifier, keep it and silence the line with `# claimls: ignore[modifier-unknown]`, or turn the rule down in `claimls.toml`.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        for m in &line.modifiers {
            if ctx.kb.modifier(m.text).is_some() {
                continue;
            }
            let message = if m.text.chars().count() != 2 {
                format!(
                    "`{}` is not a modifier: modifiers are exactly two letters or digits (e.g. 26, TC, XS)",
                    m.text
                )
            } else {
                format!(
                    "modifier {} is not in claimls's modifier catalog: check the spelling, or the payer's own modifier list if it is payer-specific",
                    m.text
                )
            };
            out.report(m.span(), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_unknown_and_misshapen_modifiers() {
        let found = findings(
            "modifier-unknown",
            &claim("dx A C79.31\nline 2026-11-02 77300-Q9-tc-262-q9 dx=A"),
        );
        let messages: Vec<_> = found.iter().map(|d| &*d.message).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("not in claimls's modifier catalog"));
        assert!(messages[1].contains("exactly two"));
        // `q9` is judged as Q9, which the catalog does not hold either.
        assert!(
            messages[2].contains("modifier Q9 is not"),
            "{}",
            messages[2]
        );
    }

    #[test]
    fn passes_on_catalog_modifiers() {
        let text = claim("dx A C79.31\nline 2026-11-02 77300-26-XS dx=A");
        assert!(findings("modifier-unknown", &text).is_empty());
    }
}

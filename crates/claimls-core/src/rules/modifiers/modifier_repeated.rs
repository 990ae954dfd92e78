//! `modifier-repeated`: the same modifier twice on one line.
use crate::diagnostic::{Fix, Related, Severity};
use crate::rules::{ClaimContext, Findings, Rule};
use crate::span::Tok;

pub static RULE: Rule = Rule {
    id: "modifier-repeated",
    title: "Same modifier twice on one line",
    severity: Severity::Error,
    what: "A line lists one modifier more than once, e.g. `77300-26-26`.",
    why: "A modifier says something once; repeating it says nothing more but uses up one of the four modifier positions of the claim line. Clearinghouse edits reject lines with repeated modifiers as malformed.",
    example: "line 2026-11-02 77300-26-26 units=1 dx=A",
    fix: "Remove the repeat. To bill the service more than once use units, or a second line with a repeat modifier (76, 77 or 91) when the service was truly performed again.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        // Each modifier's first occurrence, by a map: a line may carry any
        // number of modifiers, and the cost must stay linear.
        let mut first: rustc_hash::FxHashMap<&str, Tok<'_>> = Default::default();
        for m in &line.modifiers {
            let Some(earlier) = first.get(m.text) else {
                first.insert(m.text, *m);
                continue;
            };
            let finding = out.report(
                m.span(),
                format!(
                    "modifier {} is already on this line; a modifier counts once — remove the repeat",
                    m.text
                ),
            );
            finding.related.push(Related {
                span: earlier.span(),
                message: format!("first {}", earlier.text),
            });
            finding
                .fixes
                .push(Fix::remove_modifier(*m, line.code.text).preferred());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_a_repeated_modifier_and_passes_on_distinct_ones() {
        let found = findings(
            "modifier-repeated",
            &claim("dx A C79.31\nline 2026-11-02 77300-26-59-26 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].related.len(), 1);
        let ok = claim("dx A C79.31\nline 2026-11-02 77300-26-59 dx=A");
        assert!(findings("modifier-repeated", &ok).is_empty());
    }
}

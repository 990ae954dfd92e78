//! `modifier-order`: pricing modifiers written after informational ones.
use crate::diagnostic::Severity;
use crate::knowledge::ModifierKind;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "modifier-order",
    title: "Pricing modifier after an informational one",
    severity: Severity::Hint,
    what: "On a line with several modifiers, a pricing modifier (one that changes the allowed amount: 26, TC, 50, 52, 53, 62, 66, 80, 82, AS …) comes after an informational one (59, XS, GA, KX, LT …). The kinds come from `data/modifiers.toml`.",
    why: "Medicare and most payers ask for pricing modifiers in the first positions, and some claim systems price a line from the first modifier only. A pricing modifier in position three or four may be overlooked and the line paid as the global service, then recouped.",
    example: "line 2026-11-02 77300-59-26 units=1 dx=A",
    fix: "Write the pricing modifiers first, then the informational ones: `77300-26-59`.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let kind = |text: &str| ctx.kb.modifier(text).map(|m| m.kind);
        let Some(first_info) = line
            .modifiers
            .iter()
            .position(|m| kind(m.text) == Some(ModifierKind::Informational))
        else {
            continue;
        };
        let Some(late) = line.modifiers[first_info..]
            .iter()
            .find(|m| kind(m.text) == Some(ModifierKind::Pricing))
        else {
            continue;
        };
        let (pricing, rest): (Vec<&str>, Vec<&str>) = line
            .modifiers
            .iter()
            .map(|m| m.text)
            .partition(|m| kind(m) == Some(ModifierKind::Pricing));
        let order: Vec<&str> = pricing.into_iter().chain(rest).collect();
        out.report(
            late.span(),
            format!(
                "pricing modifier {} comes after informational modifier {}: write pricing modifiers first, {}-{}",
                late.text,
                line.modifiers[first_info].text,
                line.code.text,
                order.join("-")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_when_pricing_follows_informational() {
        let found = findings(
            "modifier-order",
            &claim("dx A C79.31\nline 2026-11-02 77300-59-26 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.ends_with("77300-26-59"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn passes_when_pricing_comes_first() {
        let text = claim(
            "dx A C79.31\nline 2026-11-02 77300-26-59 dx=A\nline 2026-11-03 20660-LT-RT dx=A",
        );
        assert!(findings("modifier-order", &text).is_empty());
    }
}

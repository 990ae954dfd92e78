//! `modifier-order`: pricing modifiers written after modifiers of another
//! kind (anatomic, informational or payment-policy). Only "pricing first"
//! is checked: CMS asks for it; the order of the other kinds among
//! themselves varies by payer (anatomic ones usually come right after the
//! pricing ones), and a false alarm costs more than a miss.
use crate::diagnostic::Severity;
use crate::knowledge::ModifierKind;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "modifier-order",
    title: "Pricing modifier after a modifier of another kind",
    severity: Severity::Hint,
    what: "On a line with several modifiers, a pricing modifier (one that sets which part or share of the fee is paid: 26, TC, 50, 52, 53, 62, 66, 80, 82, AS, QK …) comes after an anatomic (LT, F5, LD …), informational (59, XS, GC …) or payment-policy one (GA, KX, JW …). The kinds come from `data/modifiers.toml`; the order of the non-pricing kinds among themselves is not checked.",
    why: "Medicare and most payers ask for pricing modifiers in the first positions, and some claim systems price a line from the first modifier only. A pricing modifier in position three or four may be overlooked and the line paid as the global service, then recouped.",
    example: "line 2026-11-02 77300-59-26 units=1 dx=A",
    fix: "Write the pricing modifiers first, then the others in the order you had them: `77300-26-59`.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let kind = |text: &str| ctx.kb.modifier(text).map(|m| m.kind);
        let non_pricing = |k: Option<ModifierKind>| k.is_some_and(|k| k != ModifierKind::Pricing);
        let Some(first_other) = line
            .modifiers
            .iter()
            .position(|m| non_pricing(kind(m.text)))
        else {
            continue;
        };
        let Some(late) = line.modifiers[first_other..]
            .iter()
            .find(|m| kind(m.text) == Some(ModifierKind::Pricing))
        else {
            continue;
        };
        let written: smallvec::SmallVec<[&str; 4]> =
            line.modifiers.iter().map(|m| m.text).collect();
        let order = crate::policy::modifier_order(ctx.kb, &written);
        out.report(
            late.span(),
            format!(
                "pricing modifier {} comes after {} modifier {}: write pricing modifiers first, {}-{}",
                late.text,
                kind(line.modifiers[first_other].text).map_or("", ModifierKind::name),
                line.modifiers[first_other].text,
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
    fn anatomic_and_payment_policy_modifiers_also_come_after_pricing_ones() {
        let found = findings(
            "modifier-order",
            &claim("dx A C79.31\nline 2026-11-02 26750-F5-GA-80 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("pricing modifier 80 comes after anatomic modifier F5")
                && found[0].message.ends_with("26750-80-F5-GA"),
            "{}",
            found[0].message
        );
        let ok = claim(
            "dx A C79.31\nline 2026-11-02 00840-QK-P3-GA dx=A\nline 2026-11-02 97110-GP-CQ-KX dx=A\nline 2026-11-02 26750-80-GA-F5 dx=A",
        );
        assert!(findings("modifier-order", &ok).is_empty());
    }

    #[test]
    fn passes_when_pricing_comes_first() {
        let text = claim(
            "dx A C79.31\nline 2026-11-02 77300-26-59 dx=A\nline 2026-11-03 20660-LT-RT dx=A",
        );
        assert!(findings("modifier-order", &text).is_empty());
    }
}

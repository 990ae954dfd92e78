//! `modifier-conflict`: two modifiers on one line that exclude each other.
use crate::diagnostic::{Fix, Severity};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "modifier-conflict",
    title: "Mutually exclusive modifiers on one line",
    severity: Severity::Error,
    what: "Two modifiers on the same line contradict each other: 26 with TC, 59 with an X modifier (XE/XS/XP/XU), two of GA/GY/GZ or GA with GX, JW with JZ, two of 54/55/56, 50 with LT or RT, LT with RT, and the other pairs the modifier catalog (`data/modifiers.toml`) lists, such as 52/53, 73/74, 76/77, 58/78/79, 80/81/82 and GP/GO/GN.",
    why: "A line cannot be both the professional and the technical part, both expected-to-be-denied and expected-to-be-covered, both bilateral and one-sided. Payers' front-end edits reject such lines outright as invalid modifier combinations.",
    example: "line 2026-11-02 77295-26-TC units=1 dx=A",
    fix: "Keep the modifier that describes what was done and remove the other. For the whole service (both parts) bill the code without 26 or TC; for a bilateral procedure use 50 alone (or LT and RT on two lines, as the payer prefers).",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        // Only catalog modifiers conflict, and each once: comparing the
        // distinct ones keeps the pairs few however many a line carries.
        let mut distinct: smallvec::SmallVec<[crate::span::Tok<'_>; 4]> = Default::default();
        for m in &line.modifiers {
            if ctx.kb.modifier(m.text).is_some() && !distinct.iter().any(|d| d.text == m.text) {
                distinct.push(*m);
            }
        }
        for (i, a) in distinct.iter().enumerate() {
            for b in &distinct[i + 1..] {
                if ctx.kb.modifier_conflict(a.text, b.text) {
                    let why = ctx.kb.modifier_conflict_reason(a.text, b.text).unwrap_or(
                        "they describe incompatible circumstances of the same service (see the catalog entries in data/modifiers.toml)",
                    );
                    // Which one to drop: 59 when an X modifier says it better;
                    // otherwise the one written second.
                    let (drop, keep) = if a.text == "59" { (a, b) } else { (b, a) };
                    let finding = out.report(
                        b.span(),
                        format!(
                            "modifiers {} and {} cannot be used together on one line: {why}",
                            a.text, b.text
                        ),
                    );
                    finding.related.push(crate::diagnostic::Related {
                        span: a.span(),
                        message: format!("{} is here", a.text),
                    });
                    finding
                        .fixes
                        .push(Fix::remove_modifier(*drop, line.code.text).preferred());
                    finding
                        .fixes
                        .push(Fix::remove_modifier(*keep, line.code.text));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_26_with_tc_and_passes_on_26_alone() {
        let bad = findings(
            "modifier-conflict",
            &claim("dx A C79.31\nline 2026-11-02 77295-26-TC dx=A"),
        );
        assert_eq!(bad.len(), 1);
        assert!(bad[0].message.contains("26 and TC"), "{}", bad[0].message);
        assert_eq!(bad[0].related.len(), 1);
        assert!(
            findings(
                "modifier-conflict",
                &claim("dx A C79.31\nline 2026-11-02 77295-26 dx=A")
            )
            .is_empty()
        );
    }

    #[test]
    fn covers_every_required_pair() {
        for mods in [
            "59-XS", "GA-GZ", "GY-GZ", "GA-GX", "JW-JZ", "54-55", "50-LT", "50-RT", "LT-RT",
        ] {
            let text = claim(&format!("dx A C79.31\nline 2026-11-02 20660-{mods} dx=A"));
            assert_eq!(findings("modifier-conflict", &text).len(), 1, "{mods}");
        }
        let text = claim("dx A C79.31\nline 2026-11-02 20660-52-53 dx=A");
        let found = findings("modifier-conflict", &text);
        assert!(
            !found[0].message.contains("liability"),
            "{}",
            found[0].message
        );
    }
}

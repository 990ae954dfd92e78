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
                    let why = explain(a.text, b.text);
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

fn explain(a: &str, b: &str) -> &'static str {
    let pair = |x: &str, y: &str| (a == x && b == y) || (a == y && b == x);
    let either = |set: &[&str]| set.contains(&a) && set.contains(&b);
    let x_mod = |m: &str| matches!(m, "XE" | "XS" | "XP" | "XU");
    if pair("26", "TC") {
        "26 bills only the professional part and TC only the technical part; for both, bill the code with neither"
    } else if (a == "59" && x_mod(b)) || (b == "59" && x_mod(a)) {
        "the X modifiers are more specific subsets of 59; use one X modifier instead of 59"
    } else if pair("JW", "JZ") {
        "JW reports discarded drug and JZ reports that none was discarded"
    } else if either(&["54", "55", "56"]) {
        "54, 55 and 56 each bill one share of a split global surgery; bill each share on its own line"
    } else if pair("LT", "RT") {
        "a line is one side; bill both sides with 50 or on two lines"
    } else if a == "50" || b == "50" {
        "50 already means both sides; LT/RT name one side"
    } else if either(&["GA", "GX", "GY", "GZ"]) {
        "the liability notices GA, GX, GY and GZ state contradictory expectations of coverage"
    } else if pair("52", "53") {
        "52 is a service reduced by choice, 53 one stopped for the patient's safety; pick the one that happened"
    } else if pair("73", "74") {
        "73 is a stop before anesthesia and 74 after; a procedure was stopped only once"
    } else if pair("76", "77") {
        "76 is a repeat by the same physician and 77 by another; one repeat has one performer"
    } else if either(&["58", "78", "79"]) {
        "58 (staged), 78 (return for a complication) and 79 (unrelated) give different reasons for surgery in a global period; only one applies"
    } else if either(&["80", "81", "82"]) {
        "80, 81 and 82 are different kinds of assistant at surgery; an assistant is one kind"
    } else {
        "they describe incompatible circumstances of the same service (see the catalog entries in data/modifiers.toml)"
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

//! `duplicate-line`: two lines billing the same code, modifiers and date.
use super::{ClaimContext, Findings, Rule};
use crate::diagnostic::{Related, Severity};
use crate::syntax::ServiceLine;

pub static RULE: Rule = Rule {
    id: "duplicate-line",
    title: "Exact duplicate service line",
    severity: Severity::Error,
    what: "Two lines of one claim bill the same procedure code with the same modifiers (in any order) on the same date of service or date range. Units, charges and diagnosis pointers are not compared.",
    why: "Medicare treats a second line with the same code, modifiers and date as an exact duplicate and denies it as a duplicate claim, even when the service really was repeated; commercial payers run similar duplicate edits. A repeat is payable only when a modifier says why it is not a duplicate.",
    example: "line 2026-11-02 77300 units=1 dx=A\nline 2026-11-02 77300 units=1 dx=A",
    fix: "If it is the same service entered twice, delete one line (or put the total on one line's units). If the service was truly performed again that day, add 76 (repeat by the same physician), 77 (repeat by another physician) or, for a laboratory test, 91 to the repeat line, and document why.",
    check: Some(check),
};

fn same_service(a: &ServiceLine<'_>, b: &ServiceLine<'_>) -> bool {
    let dates = |l: &ServiceLine<'_>| (l.from_date.ok(), l.to_date.map(Result::ok));
    fn modifiers<'a>(l: &ServiceLine<'a>) -> Vec<&'a str> {
        let mut m: Vec<&str> = l.modifiers.iter().map(|m| m.text).collect();
        m.sort_unstable();
        m
    }
    // Dates first: comparing them is cheaper than comparing the codes.
    let days = dates(a);
    days.0.is_some()
        && days == dates(b)
        && crate::text::same(a.code.text, b.code.text)
        && modifiers(a) == modifiers(b)
}

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let lines = &ctx.claim.lines;
    for (j, line) in lines.iter().enumerate() {
        let Some(first) = lines[..j].iter().find(|l| same_service(l, line)) else {
            continue;
        };
        let modifiers = if line.modifiers.is_empty() {
            "no modifier".to_string()
        } else {
            let m: Vec<&str> = line.modifiers.iter().map(|m| m.text).collect();
            format!("modifiers {}", m.join("-"))
        };
        out.report(
            line.code_with_modifiers.span(),
            format!(
                "this line repeats line {} exactly ({}, {modifiers}, {}): payers deny it as a duplicate; combine the units on one line, or mark a true repeat with 76, 77 or 91",
                first.line + 1,
                line.code.text,
                line.dates.text
            ),
        )
        .related
        .push(Related {
            span: first.code_with_modifiers.span(),
            message: format!("first {} on {}", first.code.text, first.dates.text),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_the_same_code_modifiers_and_date() {
        let text = claim(
            "dx A C79.31\nline 2026-11-02 77300-26-59 dx=A\nline 11/02/2026 77300-59-26 units=2 dx=A",
        );
        let found = findings("duplicate-line", &text);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("line 7"), "{}", found[0].message);
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn passes_on_a_marked_repeat_another_date_or_another_code() {
        let text = claim(
            "dx A C79.31\nline 2026-11-02 77300 dx=A\nline 2026-11-02 77300-76 dx=A\nline 2026-11-03 77300 dx=A\nline 2026-11-02 77334 dx=A",
        );
        assert!(findings("duplicate-line", &text).is_empty());
    }
}

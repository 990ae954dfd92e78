//! `dx-pointer-repeated`: one diagnosis letter twice in a line's pointers.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-pointer-repeated",
    title: "Diagnosis pointer repeated on one line",
    severity: Severity::Warning,
    what: "A line's `dx=` lists the same letter more than once.",
    why: "Pointing twice to one diagnosis adds nothing and uses up one of the line's four pointer positions; some payers' front-end edits reject duplicate pointers. It is often a typo for another letter.",
    example: "line 2026-11-02 77372 units=1 dx=A,A",
    fix: "List each letter once; if another diagnosis was meant, point to its letter.",
    check: Some(check_repeated),
};

fn check_repeated(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let pointers = &line.pointers;
        for (i, pointer) in pointers.iter().enumerate() {
            if pointers[..i]
                .iter()
                .any(|p| crate::text::same(p.text, pointer.text))
            {
                out.report(
                    pointer.span(),
                    format!(
                        "dx={} lists {} more than once; list each letter once",
                        line.pointer_list.map_or("", |d| d.text),
                        pointer.text
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::on_pointers as on_line;

    #[test]
    fn repeated_fails_on_the_second_occurrence_and_passes_on_distinct_letters() {
        let found = on_line("dx-pointer-repeated", "line 2026-11-02 77372 dx=A,B,A");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0],
            "dx=A,B,A lists A more than once; list each letter once"
        );
        assert!(on_line("dx-pointer-repeated", "line 2026-11-02 77372 dx=A,B").is_empty());
    }
}

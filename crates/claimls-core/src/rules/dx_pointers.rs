//! A service line's `dx=` pointers: `dx-pointer-missing`,
//! `dx-pointer-count`, `dx-pointer-repeated`. (Pointers to undeclared
//! letters are `dx-pointer-undeclared`.)
use super::dx_declarations::is_dx_letter;
use super::{ClaimContext, Findings, Rule};
use crate::diagnostic::Severity;

pub static DX_POINTER_MISSING: Rule = Rule {
    id: "dx-pointer-missing",
    title: "Service line without a diagnosis pointer",
    severity: Severity::Error,
    what: "A service `line` has no `dx=` attribute, so it points to no diagnosis.",
    why: "Every professional service line must point to at least one of the claim's diagnoses (box 24E of the CMS-1500, the diagnosis code pointer of the 837P); a line without one is rejected as incomplete and has no medical necessity on record.",
    example: "dx A C79.31\nline 2026-11-02 77372 units=1",
    fix: "Add `dx=` with the letter of the diagnosis the service treats, primary first (e.g. `dx=A`).",
    check: Some(check_missing),
};

pub static DX_POINTER_COUNT: Rule = Rule {
    id: "dx-pointer-count",
    title: "More than four diagnosis pointers on a line",
    severity: Severity::Error,
    what: "A line's `dx=` lists more than four letters.",
    why: "A service line carries at most four diagnosis pointers (four positions in box 24E and in the 837P's pointer element); the extra ones cannot be sent, and some payers reject the line instead of dropping them.",
    example: "line 2026-11-02 77372 units=1 dx=A,B,C,D,E",
    fix: "Keep the four diagnoses most relevant to this service, the primary one first.",
    check: Some(check_count),
};

pub static DX_POINTER_REPEATED: Rule = Rule {
    id: "dx-pointer-repeated",
    title: "Diagnosis pointer repeated on one line",
    severity: Severity::Warning,
    what: "A line's `dx=` lists the same letter more than once.",
    why: "Pointing twice to one diagnosis adds nothing and uses up one of the line's four pointer positions; some payers' front-end edits reject duplicate pointers. It is often a typo for another letter.",
    example: "line 2026-11-02 77372 units=1 dx=A,A",
    fix: "List each letter once; if another diagnosis was meant, point to its letter.",
    check: Some(check_repeated),
};

/// Pointers a service line can carry.
const MAX_POINTERS: usize = 4;

fn check_missing(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in ctx.claim.lines.iter().filter(|l| l.pointer_list.is_none()) {
        let example = ctx
            .claim
            .diagnoses
            .iter()
            .map(|d| d.letter.text)
            .find(|l| is_dx_letter(l))
            .unwrap_or("A");
        out.report(
            line.procedure.span(),
            format!(
                "the {} line points to no diagnosis: add `dx=` with the letter of the diagnosis it treats, e.g. dx={example}",
                line.code.text
            ),
        );
    }
}

fn check_count(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let Some(dx) = line
            .pointer_list
            .filter(|_| line.pointers.len() > MAX_POINTERS)
        else {
            continue;
        };
        out.report(
            dx.span(),
            format!(
                "dx={} points to {} diagnoses; a line carries at most {MAX_POINTERS}: keep the most relevant, the primary one first",
                dx.text,
                line.pointers.len()
            ),
        );
    }
}

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
    use crate::rules::testing::{claim, findings};

    const DX: &str = "dx A C79.31\ndx B C34.11\ndx C C34.12\ndx D C34.2\ndx E C34.31\n";

    fn on_line(rule: &str, line: &str) -> Vec<String> {
        let text = claim(&format!("{DX}{line}"));
        findings(rule, &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }

    #[test]
    fn missing_fails_on_a_line_without_dx() {
        let found = on_line("dx-pointer-missing", "line 2026-11-02 77372 units=1");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("the 77372 line points to no diagnosis"),
            "{}",
            found[0]
        );
        assert!(found[0].ends_with("e.g. dx=A"), "{}", found[0]);
    }

    #[test]
    fn missing_passes_on_a_line_with_dx() {
        assert!(on_line("dx-pointer-missing", "line 2026-11-02 77372 dx=B").is_empty());
    }

    #[test]
    fn count_fails_above_four_and_passes_at_four() {
        let found = on_line("dx-pointer-count", "line 2026-11-02 77372 dx=A,B,C,D,E");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("points to 5 diagnoses; a line carries at most 4"));
        assert!(on_line("dx-pointer-count", "line 2026-11-02 77372 dx=A,B,C,D").is_empty());
    }

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

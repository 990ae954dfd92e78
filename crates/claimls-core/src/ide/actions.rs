//! Code actions: the quick fixes rules attach to their findings, an
//! "ignore this rule on this line" action for every finding, and rewriting
//! modifier 59 to the specific X modifier CMS prefers.

use crate::diagnostic::{Diagnostic, Fix, FixIntent};
use crate::knowledge::Knowledge;
use crate::span::Span;
use crate::syntax;
use crate::text;

/// The fix that silences `d`'s rule on its line with `# claimls: ignore[…]`:
/// added to an existing ignore list, appended to an existing comment, or as
/// a new comment.
pub fn ignore_fix(text: &str, d: &Diagnostic) -> Fix {
    let line_start = text::line_start(text, d.span.start);
    let end = text::line_content_end(text, d.span.start);
    let line = &text[line_start..end];
    let title = format!("Ignore {} on this line", d.code);
    if let Some(hash) = line.find('#') {
        let comment = &line[hash..];
        if let Some(list) = comment.find("claimls: ignore[") {
            if let Some(close) = comment[list..].find(']') {
                let at = line_start + hash + list + close;
                return Fix::new(
                    title,
                    FixIntent::Edits(vec![(Span::new(at, at), format!(", {}", d.code))]),
                );
            }
        }
        let trimmed = line.trim_end().len();
        let at = line_start + trimmed;
        return Fix::new(
            title,
            FixIntent::Edits(vec![(
                Span::new(at, end),
                format!(" claimls: ignore[{}]", d.code),
            )]),
        );
    }
    let trimmed = line_start + line.trim_end().len();
    Fix::new(
        title,
        FixIntent::Edits(vec![(
            Span::new(trimmed, end),
            format!("  # claimls: ignore[{}]", d.code),
        )]),
    )
}

/// "Replace 59 with XS/XE/XP/XU" for a 59 within `range` (the specific
/// modifiers and their meanings come from the catalog, through `policy`).
pub fn replace_59(kb: &Knowledge, text: &str, range: Span) -> Vec<Fix> {
    let specific = crate::policy::specific_modifiers_for(kb, "59");
    let doc = syntax::parse_claim_at(text, range.start);
    let mut out = Vec::new();
    for claim in &doc.claims {
        for line in &claim.lines {
            // Once per line: a line may carry any number of modifiers.
            let has_x = line
                .modifiers
                .iter()
                .any(|o| specific.iter().any(|(x, _)| *x == o.text));
            for m in &line.modifiers {
                let touches = m.span().start <= range.end && range.start <= m.span().end;
                if m.text != "59" || !touches {
                    continue;
                }
                for (x, when) in &specific {
                    if has_x {
                        break;
                    }
                    out.push(Fix::new(
                        format!(
                            "Replace 59 with {x} ({when}): CMS prefers the specific X modifier"
                        ),
                        FixIntent::Replace {
                            span: m.span(),
                            with: x.to_string(),
                        },
                    ));
                }
            }
        }
    }
    out
}

/// Applies a fix to a text (for tests and previews).
pub fn apply(text: &str, fix: &Fix) -> String {
    let mut edits = fix.edits(text);
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut out = text.to_string();
    for (span, new) in edits {
        out.replace_range(span.start..span.end, &new);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;

    const HEAD: &str = "claim T\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\n";

    fn fixes_for(text: &str, rule: &str) -> Vec<Fix> {
        analyze(text, &crate::rules::testing::config())
            .diagnostics
            .into_iter()
            .find(|d| d.code == rule)
            .unwrap_or_else(|| panic!("{rule} fires"))
            .fixes
    }

    fn codes_after(text: &str) -> Vec<&'static str> {
        analyze(text, &crate::rules::testing::config())
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn remove_tc_from_a_technical_only_code() {
        let text = format!("{HEAD}dx A C79.31\nline 2026-11-02 77372-TC dx=A\n");
        let fixes = fixes_for(&text, "pctc-indicator");
        assert_eq!(fixes[0].title, "Remove modifier TC from 77372");
        assert!(fixes[0].preferred);
        let fixed = apply(&text, &fixes[0]);
        assert!(fixed.contains("line 2026-11-02 77372 dx=A\n"));
        assert!(codes_after(&fixed).is_empty(), "{:?}", codes_after(&fixed));
    }

    #[test]
    fn drop_59_when_an_x_modifier_is_present() {
        let text = format!("{HEAD}dx A C79.31\nline 2026-11-02 77300-59-XS dx=A\n");
        let fixes = fixes_for(&text, "modifier-conflict");
        assert_eq!(fixes[0].title, "Remove modifier 59 from 77300");
        assert!(apply(&text, &fixes[0]).contains("77300-XS dx=A"));
    }

    #[test]
    fn point_to_an_existing_letter_or_declare_it() {
        let text = format!("{HEAD}dx A C79.31 # brain\nline 2026-11-02 77372 dx=B\n");
        let fixes = fixes_for(&text, "dx-pointer-undeclared");
        let titles: Vec<_> = fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Point to A (C79.31)",
                "Declare diagnosis B (then type its ICD-10-CM code)"
            ]
        );
        assert!(apply(&text, &fixes[0]).contains("77372 dx=A\n"));
        let declared = apply(&text, &fixes[1]);
        assert!(
            declared.contains("dx A C79.31 # brain\ndx B \nline"),
            "{declared}"
        );
    }

    #[test]
    fn replace_a_header_icd_code_with_a_billable_child() {
        let text = format!("{HEAD}dx A C34.1\nline 2026-11-02 77372 dx=A\n");
        let fixes = fixes_for(&text, "icd-not-billable");
        assert!(fixes.len() >= 3);
        assert!(fixes[1].title.starts_with("Use C34.11 "));
        assert!(codes_after(&apply(&text, &fixes[1])).is_empty());
    }

    #[test]
    fn add_the_ncci_modifier_to_the_column_2_line() {
        let text =
            format!("{HEAD}dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77373 dx=A\n");
        let fixes = fixes_for(&text, "ncci-ptp");
        assert!(
            fixes[0].title.starts_with("Add XS to 77373"),
            "{}",
            fixes[0].title
        );
        let fixed = apply(&text, &fixes[0]);
        assert!(fixed.contains("77373-XS dx=A"));
        assert!(!codes_after(&fixed).contains(&"ncci-ptp"));
    }

    #[test]
    fn ignore_comments_are_added_appended_or_extended() {
        let d = |text: &str| {
            analyze(text, &crate::rules::testing::config())
                .diagnostics
                .into_iter()
                .find(|d| d.code == "pctc-indicator")
                .unwrap()
        };
        let plain = format!("{HEAD}dx A C79.31\nline 2026-11-02 77372-TC dx=A\n");
        let fixed = apply(&plain, &ignore_fix(&plain, &d(&plain)));
        assert!(
            fixed.contains("77372-TC dx=A  # claimls: ignore[pctc-indicator]\n"),
            "{fixed}"
        );
        assert!(codes_after(&fixed).is_empty());
        let commented = plain.replace("dx=A\n", "dx=A # planned\n");
        let fixed = apply(&commented, &ignore_fix(&commented, &d(&commented)));
        assert!(
            fixed.contains("# planned claimls: ignore[pctc-indicator]\n"),
            "{fixed}"
        );
        let listed = plain.replace("dx=A\n", "dx=A # claimls: ignore[mue-exceeded]\n");
        let fixed = apply(&listed, &ignore_fix(&listed, &d(&listed)));
        assert!(
            fixed.contains("# claimls: ignore[mue-exceeded, pctc-indicator]\n"),
            "{fixed}"
        );
    }

    #[test]
    fn rewrite_59_to_an_x_modifier() {
        let text = format!("{HEAD}dx A C79.31\nline 2026-11-02 77300-59 dx=A\n");
        let at = text.find("59").unwrap();
        let fixes = replace_59(&Knowledge::default(), &text, Span::new(at, at));
        assert_eq!(fixes.len(), 4);
        assert!(apply(&text, &fixes[0]).contains("77300-XS dx=A"));
        assert!(
            fixes[0].title.contains("a separate organ or structure"),
            "{}",
            fixes[0].title
        );
        assert!(apply(&text, &fixes[3]).contains("77300-XU dx=A"));
    }
}

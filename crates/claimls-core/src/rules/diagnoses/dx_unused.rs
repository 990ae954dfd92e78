//! `dx-unused`: a diagnosis no service line points to.
use super::dx_pointer_count::MAX_POINTERS;
use super::is_dx_letter;
use crate::diagnostic::{Fix, FixIntent, Severity};
use crate::model::Diagnosis;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-unused",
    title: "Diagnosis no service line points to",
    severity: Severity::Warning,
    what: "A claim declares a diagnosis that no service line's `dx=` points to (checked once the claim has service lines). The quick fixes add its letter to a line's `dx=`, on lines that point to fewer than four diagnoses; when every line already points to four (the most a line carries), the message says so and no fix is offered.",
    why: "A diagnosis supports the claim only through the lines that point to it. An unused one is often a forgotten pointer, which leaves a line without the diagnosis that justifies it and invites a medical-necessity denial.",
    example: "dx A C79.31\ndx B C34.11\nline 2026-11-02 77372 units=1 dx=A",
    fix: "Add the letter to the `dx=` of the lines it supports, or delete the `dx` line if it is not needed. A line points to at most four diagnoses: when the lines it supports already have four, point another line to it (or replace a less relevant pointer), or remove it.",
    check: Some(check_unused),
};

/// Quick fixes offered on one finding: the first lines with room.
const MAX_FIXES: usize = 3;

fn check_unused(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let lines = &ctx.claim.lines;
    if lines.is_empty() {
        return;
    }
    let pointed = |letter: &str| {
        lines
            .iter()
            .any(|l| l.pointers.iter().any(|p| p.text == letter))
    };
    // When every line already carries four pointers, "add it to a line"
    // cannot be followed (a fifth is dx-pointer-count's error).
    let full = lines.iter().all(|l| l.pointers.len() >= MAX_POINTERS);
    // An invalid letter is dx-letter-invalid's finding; no line can point to it.
    let unused = |d: &&Diagnosis<'_>| is_dx_letter(d.letter.text) && !pointed(d.letter.text);
    for dx in ctx.claim.diagnoses.iter().filter(unused) {
        let letter = dx.letter.text;
        if full {
            out.report(
                dx.span,
                format!(
                    "diagnosis {letter} ({}) is declared but no line points to it, and every line already points to {MAX_POINTERS} diagnoses, the most a line carries: point another line to it, or remove it",
                    dx.code.text
                ),
            );
            continue;
        }
        let finding = out.report(
            dx.span,
            format!(
                "diagnosis {letter} ({}) is declared but no line points to it; add {letter} to the `dx=` of the lines it supports, or remove it",
                dx.code.text
            ),
        );
        // Lines with a `dx=` and room for one more pointer (a line without
        // `dx=` is dx-pointer-missing's finding, with its own fix).
        let room = lines
            .iter()
            .filter_map(|l| Some((l, l.pointer_list?)))
            .filter(|(l, _)| l.pointers.len() < MAX_POINTERS)
            .take(MAX_FIXES);
        for (line, list) in room {
            finding.fixes.push(Fix::new(
                format!(
                    "Add {letter} to the dx= of {} on {}",
                    line.code.text, line.from.text
                ),
                FixIntent::Replace {
                    span: list.span(),
                    with: format!("{},{letter}", list.text),
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::LINE;
    use crate::rules::testing::{claim, findings};

    #[test]
    fn unused_fails_on_a_diagnosis_nothing_points_to() {
        let text = claim(&format!("dx A C79.31\ndx B C34.11\n{LINE}"));
        let found = findings("dx-unused", &text);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("diagnosis B (C34.11) is declared but no line points to it")
        );
    }

    #[test]
    fn unused_offers_to_point_a_line_with_room_to_it() {
        let text = claim(
            "dx A C79.31\ndx B C34.11\ndx C C34.12\ndx D C34.2\ndx E C34.31\nline 2026-11-02 77372 dx=A,B,C,D\nline 2026-11-03 77432 dx=A",
        );
        let found = findings("dx-unused", &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0]
                .message
                .ends_with("add E to the `dx=` of the lines it supports, or remove it"),
            "{}",
            found[0].message
        );
        // Only the line with room: a fifth pointer on 77372 would be
        // dx-pointer-count's error.
        let titles: Vec<&str> = found[0].fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles, ["Add E to the dx= of 77432 on 2026-11-03"]);
        let fixed = crate::ide::actions::apply(&text, &found[0].fixes[0]);
        assert!(fixed.contains("line 2026-11-03 77432 dx=A,E\n"), "{fixed}");
        assert!(findings("dx-unused", &fixed).is_empty());
    }

    #[test]
    fn unused_when_every_line_has_four_pointers_says_so_and_offers_no_fifth() {
        // Five diagnoses, one line: it cannot point to the fifth.
        let text = claim(
            "dx A C79.31\ndx B C34.11\ndx C C34.12\ndx D C34.2\ndx E C34.31\nline 2026-11-02 77372 dx=A,B,C,D",
        );
        let found = findings("dx-unused", &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            &*found[0].message,
            "diagnosis E (C34.31) is declared but no line points to it, and every line already points to 4 diagnoses, the most a line carries: point another line to it, or remove it"
        );
        assert!(found[0].fixes.is_empty(), "{:?}", found[0].fixes);
    }

    #[test]
    fn unused_passes_when_every_diagnosis_is_pointed_to_or_there_are_no_lines_yet() {
        let text = claim(
            "dx A C79.31\ndx B C34.11\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77432 dx=B",
        );
        assert!(findings("dx-unused", &text).is_empty());
        assert!(findings("dx-unused", &claim("dx A C79.31")).is_empty());
        // An invalid letter is reported by dx-letter-invalid alone.
        let text = claim("dx A C79.31\ndx M C34.11\nline 2026-11-02 77372 dx=A");
        assert!(findings("dx-unused", &text).is_empty());
    }
}

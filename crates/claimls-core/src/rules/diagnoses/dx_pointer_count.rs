//! `dx-pointer-count`: more than four diagnosis pointers on one line.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-pointer-count",
    title: "More than four diagnosis pointers on a line",
    severity: Severity::Error,
    what: "A line's `dx=` lists more than four letters.",
    why: "A service line carries at most four diagnosis pointers (four positions in box 24E and in the 837P's pointer element); the extra ones cannot be sent, and some payers reject the line instead of dropping them.",
    example: "line 2026-11-02 77372 units=1 dx=A,B,C,D,E",
    fix: "Keep the four diagnoses most relevant to this service, the primary one first.",
    check: Some(check_count),
};

/// Pointers a service line can carry.
pub(super) const MAX_POINTERS: usize = 4;

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

#[cfg(test)]
mod tests {
    use super::super::testing::on_pointers as on_line;

    #[test]
    fn count_fails_above_four_and_passes_at_four() {
        let found = on_line("dx-pointer-count", "line 2026-11-02 77372 dx=A,B,C,D,E");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("points to 5 diagnoses; a line carries at most 4"));
        assert!(on_line("dx-pointer-count", "line 2026-11-02 77372 dx=A,B,C,D").is_empty());
    }
}

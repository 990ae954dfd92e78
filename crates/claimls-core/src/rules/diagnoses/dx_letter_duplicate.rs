//! `dx-letter-duplicate`: one diagnosis letter declared twice.
use crate::diagnostic::{Related, Severity};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-letter-duplicate",
    title: "Diagnosis letter declared twice",
    severity: Severity::Error,
    what: "Two `dx` lines of one claim use the same letter. The second is reported, with the first as related information.",
    why: "Each letter is one diagnosis slot; a pointer to a letter declared twice is ambiguous, and the claim as sent would carry only one of the two codes.",
    example: "dx A C79.31\ndx A C34.11",
    fix: "Give the second diagnosis its own free letter and update the `dx=` pointers that meant it; if both lines mean the same diagnosis, delete one.",
    check: Some(check_duplicates),
};

fn check_duplicates(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let diagnoses = &ctx.claim.diagnoses;
    for (i, dx) in diagnoses.iter().enumerate() {
        let Some(first) = diagnoses[..i]
            .iter()
            .find(|d| d.letter.text == dx.letter.text)
        else {
            continue;
        };
        out.report(
            dx.letter.span(),
            format!(
                "diagnosis {} is declared twice: first as {}, here as {}; give this one a free letter",
                dx.letter.text, first.code.text, dx.code.text
            ),
        )
        .related
        .push(Related {
            span: first.letter.span(),
            message: format!("{} first declared here", dx.letter.text),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::LINE;
    use crate::rules::testing::{claim, findings};

    #[test]
    fn duplicate_fails_on_the_second_with_the_first_related() {
        let text = claim(&format!("dx A C79.31\ndx A C34.11\n{LINE}"));
        let found = findings("dx-letter-duplicate", &text);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("first as C79.31, here as C34.11"),
            "{}",
            found[0].message
        );
        let first = text.find("dx A").unwrap() + 3;
        assert_eq!(found[0].related[0].span.start, first);
        assert!(found[0].span.start > first);
    }

    #[test]
    fn duplicate_passes_on_distinct_letters() {
        let text = claim(&format!("dx A C79.31\ndx B C34.11\n{LINE},B"));
        assert!(findings("dx-letter-duplicate", &text).is_empty());
    }
}

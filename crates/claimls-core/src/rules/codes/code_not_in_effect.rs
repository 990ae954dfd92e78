//! `code-not-in-effect`: a code billed for a date it was not valid on.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::format_date;

pub static RULE: Rule = Rule {
    id: "code-not-in-effect",
    title: "Procedure code not valid on the date of service",
    severity: Severity::Error,
    what: "A line's date of service falls before the code took effect or after it was deleted. Only codes whose dates claimls knows are checked (`valid_from`/`valid_to` in `data/procedures.toml`, each with its source); for example the cranial radiosurgery codes 61796–61800 exist from 2009-01-01.",
    why: "Payers validate each code against the code set in force on the date of service: a code that did not exist yet, or no longer exists, is rejected as invalid, even when it would be right for a later or earlier date.",
    example: "line 2008-11-02 61796 units=1 dx=A",
    fix: "Check the date of service first (a mistyped year is the usual cause). If the date is right, bill the code that was valid then — for a deleted code, its replacement; for a new code, its predecessor.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for (line, procedure) in ctx.lines() {
        let Some(procedure) = procedure else {
            continue;
        };
        let (valid_from, valid_to) = procedure.validity();
        let Ok(from) = line.from_date else {
            continue;
        };
        let to = line
            .to_date
            .and_then(Result::ok)
            .map_or(from, |t| t.max(from));
        let code = line.code.text;
        let message = match (valid_from, valid_to) {
            (Some(start), _) if from < start => format!(
                "{code} was not yet valid on {}: it took effect on {}",
                format_date(from),
                format_date(start)
            ),
            (_, Some(end)) if to > end => format!(
                "{code} was no longer valid on {}: its last valid date of service was {}",
                format_date(to),
                format_date(end)
            ),
            _ => continue,
        };
        out.report(line.dates.span().cover(line.code.span()), message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_before_the_code_existed_and_passes_after() {
        let found = findings(
            "code-not-in-effect",
            &claim("dx A C79.31\nline 2008-11-02 61796 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("2009-01-01"),
            "{}",
            found[0].message
        );
        let ok = claim("dx A C79.31\nline 2026-11-02 61796 dx=A\nline 2008-11-02 77999 dx=A");
        assert!(findings("code-not-in-effect", &ok).is_empty());
    }
}

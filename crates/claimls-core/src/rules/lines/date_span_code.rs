//! `date-span-code`: a code given in one session, dated over several days.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "date-span-code",
    title: "A one-session code dated over several days",
    severity: Severity::Error,
    what: "A service line whose code is, by its definition, one session on one day carries a range of dates. The codes are listed in `data/session_codes.tsv`: cranial radiosurgery delivery in one session (77371, 77372), its management (77432) and the first robotic session (G0339). Codes reported once for a course that may take several sessions (61796, 61798, 77435) and per-fraction codes (77373, G0340) are not checked: a range can be right for them, and more units than days on a per-fraction line is `mue-exceeded`'s finding.",
    why: "A one-session service happens on one day, and that day is its date of service: a range tells the payer the service ran over days it did not. A cranial radiosurgery course given over several days is a fractionated course, which is billed per fraction with other codes (77373, or G0340 after G0339), so the range usually means the wrong code or a wrong date.",
    example: "line 2026-11-02..2026-11-06 77372 units=1 dx=A",
    fix: "Date the line on the day of the session. If the treatment really was given over several sessions, bill it as a fractionated course: 77373 per fraction (with 77435 for its management), or G0340 for each session after G0339.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let Some((from, to)) = line.days() else {
            continue;
        };
        // A range of one day is a date; a range past a year is
        // date-span-too-long's (a mistyped year, most likely).
        if from == to || super::longer_than_a_year(line) {
            continue;
        }
        let Some(session) = ctx.kb.one_session(line.code.text) else {
            continue;
        };
        let caveat = if session.confirmed {
            String::new()
        } else {
            format!(
                " (claimls's reading of the code's definition: {})",
                session.source
            )
        };
        out.report(
            line.dates.span(),
            format!(
                "{} is given in one session on one day, but this line is dated over {} days ({}): date it on the day of the session, or bill a fractionated course with its per-fraction codes{caveat}",
                line.code.text,
                (to - from).whole_days() + 1,
                line.dates.text
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_single_session_radiosurgery_over_several_days() {
        for code in ["77371", "77372", "77432", "G0339"] {
            let text = claim(&format!(
                "dx A C79.31\nline 2026-11-02..2026-11-06 {code} units=1 dx=A"
            ));
            let found = findings("date-span-code", &text);
            assert_eq!(found.len(), 1, "{code}: {found:?}");
            assert!(
                found[0].message.starts_with(&format!(
                    "{code} is given in one session on one day, but this line is dated over 5 days (2026-11-02..2026-11-06)"
                )),
                "{}",
                found[0].message
            );
            // One mistake, one finding: the MUE allows 1 a day over 5 days.
            assert!(findings("mue-exceeded", &text).is_empty(), "{code}");
        }
    }

    #[test]
    fn passes_on_one_day_on_course_codes_and_on_per_fraction_codes() {
        let text = claim(
            "dx A C79.31\nline 2026-11-02 77372 units=1 dx=A\nline 2026-11-02..2026-11-02 77432 dx=A\nline 2026-11-02..2026-11-06 77373 units=5 dx=A\nline 2026-11-09..2026-11-13 61796 units=1 dx=A\nline 2026-11-09..2026-11-13 77435 units=1 dx=A",
        );
        assert!(findings("date-span-code", &text).is_empty());
        // Five fractions in two days is more than one a day: mue-exceeded
        // says so, and this rule stays out of it.
        let crowded = claim("dx A C79.31\nline 2026-11-02..2026-11-03 77373 units=5 dx=A");
        assert!(findings("date-span-code", &crowded).is_empty());
        assert_eq!(findings("mue-exceeded", &crowded).len(), 1);
    }
}

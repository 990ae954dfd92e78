//! `duplicate-line`: two lines billing the same code, modifiers and date.
use crate::diagnostic::{Related, Severity};
use crate::model::ServiceLine;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "duplicate-line",
    title: "Exact duplicate service line",
    severity: Severity::Error,
    what: "Two lines of one claim bill the same procedure code with the same modifiers (in any order) on the same date of service or date range. Lines of different rendering providers (`rendering=` on a line, else the claim's `rendering` or billing provider) are different services. Units, charges and diagnosis pointers are not compared.",
    why: "Medicare treats a second line with the same code, modifiers and date as an exact duplicate and denies it as a duplicate claim, even when the service really was repeated; commercial payers run similar duplicate edits. A repeat is payable only when a modifier says why it is not a duplicate.",
    example: "line 2026-11-02 77300 units=1 dx=A\nline 2026-11-02 77300 units=1 dx=A",
    fix: "If it is the same service entered twice, delete one line (or put the total on one line's units). If the service was truly performed again that day, add 76 (repeat by the same physician), 77 (repeat by another physician) or, for a laboratory test, 91 to the repeat line, and document why.",
    check: Some(check),
};

/// What makes two lines the same service: the days, the code, the
/// modifiers in any order and who performed it (two providers of a group
/// each bill their own service).
pub(crate) type ServiceKey<'a> = (
    time::Date,
    Option<time::Date>,
    &'a str,
    smallvec::SmallVec<[&'a str; 4]>,
    Option<&'a str>,
);

/// A line's [`ServiceKey`]; lines whose dates are unreadable, or that are
/// half-typed (see [`ServiceLine::comparable`]), have none.
pub(crate) fn service_key<'a>(
    claim: &crate::model::Claim<'a>,
    l: &ServiceLine<'a>,
) -> Option<ServiceKey<'a>> {
    if !l.comparable() {
        return None;
    }
    let from = l.from_date.ok()?;
    let to = match l.to_date {
        Some(Ok(to)) => Some(to),
        Some(Err(_)) => return None,
        None => None,
    };
    let mut modifiers: smallvec::SmallVec<[&str; 4]> = l.modifiers.iter().map(|m| m.text).collect();
    modifiers.sort_unstable();
    Some((from, to, l.code.text, modifiers, claim.performer(l)))
}

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let lines = &ctx.claim.lines;
    if lines.len() < 2 {
        return;
    }
    // Each service's first line, by a map: linear however long the claim.
    let mut first_of = rustc_hash::FxHashMap::default();
    for line in lines {
        let Some(key) = service_key(ctx.claim, line) else {
            continue;
        };
        let Some(&first) = first_of.get(&key) else {
            first_of.insert(key, line);
            continue;
        };
        let first: &ServiceLine<'_> = first;
        let modifiers = if line.modifiers.is_empty() {
            "no modifier".to_string()
        } else {
            let m: Vec<&str> = line.modifiers.iter().map(|m| m.text).collect();
            format!("modifiers {}", m.join("-"))
        };
        out.report(
            line.procedure.span(),
            format!(
                "this line repeats {} exactly ({}, {modifiers}, {}): payers deny it as a duplicate; combine the units on one line, or mark a true repeat with 76, 77 or 91",
                first.label,
                line.code.text,
                line.dates.text
            ),
        )
        .related
        .push(Related {
            span: first.procedure.span(),
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

    #[test]
    fn a_half_typed_line_is_no_duplicate_of_anything() {
        // `77372-` (empty modifier) and `7737` (a digit short) each have
        // their own finding; neither repeats the line above it.
        let text = claim(
            "dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77372- dx=A\nline 2026-11-02 7737 dx=A\nline 2026-11-02 7737 dx=A\nline 2026-11-02 77372 dx=A foo",
        );
        assert!(findings("duplicate-line", &text).is_empty());
        assert_eq!(findings("code-malformed", &text).len(), 2);
    }

    #[test]
    fn a_lower_case_modifier_is_the_same_modifier() {
        let text =
            claim("dx A C79.31\nline 2026-11-02 77300-tc dx=A\nline 2026-11-02 77300-TC dx=A");
        assert_eq!(findings("duplicate-line", &text).len(), 1);
    }

    #[test]
    fn two_providers_of_a_group_each_bill_their_own_service() {
        // Source: Medicare's duplicate edits compare the same provider's
        // lines (Pub. 100-04 ch. 1 §120 exact duplicates: same beneficiary,
        // provider, date and service). Two physicians' visits are not one.
        let text = claim(
            "dx A C79.31\nrendering npi=1245319599\nline 2026-11-02 99213 dx=A\nline 2026-11-02 99213 dx=A rendering=1234567893",
        );
        assert!(findings("duplicate-line", &text).is_empty());
        // A line naming the claim's own rendering provider is that provider's.
        let same = text.replace("rendering=1234567893", "rendering=1245319599");
        assert_eq!(findings("duplicate-line", &same).len(), 1);
    }
}

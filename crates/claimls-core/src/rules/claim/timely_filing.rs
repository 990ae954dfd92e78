//! `timely-filing`: the claim is past its payer's filing limit, or close to it.
use crate::diagnostic::{Related, Severity};
use crate::knowledge::Limit;
use crate::model::ServiceLine;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::format_date;

/// How many days before the limit ends a claim not yet sent is flagged:
/// a month leaves time to correct a claim the scrubber or the payer sends
/// back (a rejected claim is not filed, and the clock keeps running).
pub const WARNING_WINDOW_DAYS: i64 = 30;

pub static RULE: Rule = Rule {
    id: "timely-filing",
    title: "Past (or close to) the payer's timely filing limit",
    severity: Severity::Warning,
    what: "Counted from the oldest date of service on the claim (a line's first day: for a professional claim Medicare counts a range of dates from its \"from\" date, Pub. 100-04 ch. 1 §70.1) to today (or `claimls check --as-of`), the claim is past its payer's filing limit, or will be within 30 days. Medicare's limit is 12 months, one calendar year, after the date of service (42 CFR 424.44(a)(1); a service on February 29 is due by February 28). UnitedHealthcare's is taken as 90 days, the limit of its standard participation agreements (claimls's reading, not confirmed: contracts and state law differ). Other payers' limits depend on the contract and the state, so there is no finding until `claimls.toml` sets one: `[payers.<profile>] filing_limit_days = 90`, which also replaces a built-in limit. Lines dated in the future or before the patient's birth are left to `date-future` and `date-before-birth`. One finding per claim.",
    why: "A claim received after the filing limit is denied, and the provider may not bill the patient for it. Medicare's timely filing denial is not an initial determination, so it cannot be appealed; the exceptions (an error by Medicare or its contractor, retroactive entitlement) are narrow (42 CFR 424.44(b), Pub. 100-04 ch. 1 §70.7). Commercial contracts set their own limits, often 90 to 180 days. A claim that a clearinghouse or the payer rejects as unprocessable is not filed, so a claim close to its limit has little room for a second try.",
    example: "payer Medicare\nline 2025-10-31 77300 units=1 dx=A   # checked on 2026-11-17: 17 days past the 12-month limit",
    fix: "Send the claim now, clean, if there is still time. If the limit has passed, check whether an exception applies (for Medicare: an administrative error, retroactive Medicare or Medicaid entitlement) and keep its proof; otherwise the service is written off. If your contract gives a different limit, set it: `[payers.<profile>] filing_limit_days = N` in `claimls.toml`.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(limit) = ctx.filing_limit else {
        return;
    };
    let born = ctx.birth_date().map(|(_, born)| born);
    // Each line's date of service for timely filing and the last day it
    // may be filed. A line after today is `date-future`'s finding and one
    // before birth `date-before-birth`'s: their date is wrong, not late.
    let mut dated: smallvec::SmallVec<[(&ServiceLine<'_>, time::Date); 8]> =
        smallvec::SmallVec::new();
    for line in &ctx.claim.lines {
        let Ok(from) = line.from_date else {
            continue;
        };
        // A line over more than a year is date-span-too-long's: its year
        // is likely mistyped.
        if from > ctx.today
            || born.is_some_and(|born| from < born)
            || crate::rules::lines::longer_than_a_year(line)
        {
            continue;
        }
        dated.push((line, from));
    }
    // The oldest line decides; the others' limits are worked out only
    // when the claim is late (most claims are far from their limit).
    let Some(&(oldest, oldest_from)) = dated.iter().min_by_key(|(_, from)| *from) else {
        return;
    };
    let Some(last) = limit.period.last_day(oldest_from) else {
        return;
    };
    let late = (ctx.today - last).whole_days();
    let limit_text = describe(limit);
    if late > 0 {
        let finding = out.report(
            oldest.from.span(),
            format!(
                "filed on {}, this claim is {} after {limit_text} for its oldest date of service, {} (the limit ended {}){}",
                format_date(ctx.today),
                days(late),
                oldest.from.text,
                format_date(last),
                consequence(limit),
            ),
        );
        for &(line, from) in &dated {
            let Some(other_last) = limit.period.last_day(from) else {
                continue;
            };
            if std::ptr::eq(line, oldest) || other_last >= ctx.today {
                continue;
            }
            finding.related.push(Related {
                span: line.from.span(),
                message: format!("also past the limit (ended {})", format_date(other_last)),
            });
        }
    } else if -late <= WARNING_WINDOW_DAYS {
        let left = if late == 0 {
            "today is the last day to file this claim".to_string()
        } else {
            format!("{} left to file this claim", days(-late))
        };
        out.report(
            oldest.from.span(),
            format!(
                "{left}: {limit_text} for its oldest date of service, {}, ends on {}{}",
                oldest.from.text,
                format_date(last),
                caveat(limit),
            ),
        );
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// "Medicare's 12-month filing limit", "the 120-day filing limit set for
/// this payer in claimls.toml".
fn describe(limit: Limit) -> String {
    match limit.built_in {
        Some(row) => format!("{}'s {} filing limit", row.payer, limit.period.adjective()),
        None => format!(
            "the {} filing limit set for this payer in claimls.toml",
            limit.period.adjective()
        ),
    }
}

/// What a built-in limit rests on, when claimls could not confirm it.
fn caveat(limit: Limit) -> String {
    match limit.built_in {
        Some(row) if !row.confirmed => format!(
            " (claimls's reading, not confirmed: {}; set `filing_limit_days` in claimls.toml to your contract's limit)",
            row.basis
        ),
        _ => String::new(),
    }
}

fn consequence(limit: Limit) -> String {
    match limit.built_in {
        Some(row) if row.profile == "medicare" => {
            ": Medicare denies it as not timely filed (42 CFR 424.44), and that denial cannot be appealed; only the exceptions of 424.44(b) apply".to_string()
        }
        _ => format!(
            ": the payer may deny it as not timely filed{}",
            caveat(limit)
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::diagnostic::Diagnostic;

    /// The rule's findings on `text` checked on the day `today`.
    fn on(today: &str, text: &str) -> Vec<Diagnostic> {
        on_with(Config::default(), today, text)
    }

    fn on_with(mut config: Config, today: &str, text: &str) -> Vec<Diagnostic> {
        config.today = Some(crate::values::parse_date(today).unwrap());
        crate::analysis::analyze(text, &config)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "timely-filing")
            .collect()
    }

    fn claim(payer: &str, lines: &str) -> String {
        format!(
            "claim TF-1\npayer {payer}\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\n{lines}\n"
        )
    }

    // Medicare: a claim is due 12 months (one calendar year) after the date
    // of service, 42 CFR 424.44(a)(1); a professional line with a range of
    // dates counts from its "from" date (Pub. 100-04 ch. 1 §70.1).
    const SRS_COURSE: &str = "line 2025-10-31 77295 units=1 dx=A\nline 2025-11-03 77372 units=1 dx=A\nline 2025-11-03..2025-11-07 77336 units=1 dx=A";

    #[test]
    fn fails_after_medicares_twelve_months_and_says_by_how_much() {
        let found = on("2026-11-17", &claim("Medicare", SRS_COURSE));
        assert_eq!(found.len(), 1, "one finding per claim: {found:#?}");
        let message = &found[0].message;
        assert!(
            message.starts_with("filed on 2026-11-17, this claim is 17 days after Medicare's 12-month filing limit for its oldest date of service, 2025-10-31 (the limit ended 2026-10-31)"),
            "{message}"
        );
        assert!(message.contains("424.44"), "{message}");
        // The other late lines are shown beside it: 2025-11-03 twice, the
        // range by its from date.
        let related: Vec<&str> = found[0].related.iter().map(|r| &*r.message).collect();
        assert_eq!(
            related,
            [
                "also past the limit (ended 2026-11-03)",
                "also past the limit (ended 2026-11-03)"
            ]
        );
    }

    #[test]
    fn passes_within_twelve_months_and_warns_in_the_last_thirty_days() {
        let text = claim("Medicare", SRS_COURSE);
        assert!(on("2026-09-30", &text).is_empty(), "31 days left");
        let close = on("2026-10-01", &text);
        assert_eq!(close.len(), 1);
        assert!(
            close[0].message.starts_with("30 days left to file this claim: Medicare's 12-month filing limit for its oldest date of service, 2025-10-31, ends on 2026-10-31"),
            "{}",
            close[0].message
        );
        let last = on("2026-10-31", &text);
        assert!(
            last[0].message.starts_with("today is the last day"),
            "{}",
            last[0].message
        );
    }

    #[test]
    fn a_service_on_february_29_is_due_on_february_28() {
        let text = claim("Medicare", "line 2028-02-29 77300 units=1 dx=A");
        assert!(
            on("2029-02-28", &text)[0]
                .message
                .starts_with("today is the last day")
        );
        assert!(on("2029-03-01", &text)[0].message.contains("1 day after"));
    }

    #[test]
    fn a_payer_without_a_limit_gets_none_until_the_configuration_sets_one() {
        let text = claim("Aetna", "line 2025-10-31 77300 units=1 dx=A");
        assert!(
            on("2026-11-17", &text).is_empty(),
            "Aetna: contract-specific"
        );
        let (config, errors) = Config::from_toml(
            "[payers.aetna]\nfiling_limit_days = 120\n",
            "claimls.toml",
            None,
        );
        assert!(errors.is_empty());
        let found = on_with(config, "2026-03-10", &text);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains(
                "10 days after the 120-day filing limit set for this payer in claimls.toml"
            ),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn unitedhealthcare_s_90_days_say_they_are_claimls_s_reading() {
        let text = claim("UnitedHealthcare", "line 2026-10-14 61796 units=1 dx=A");
        assert!(on("2026-12-02", &text).is_empty(), "49 days left");
        let close = on("2026-12-20", &text);
        assert!(
            close[0].message.starts_with("23 days left"),
            "{}",
            close[0].message
        );
        assert!(
            close[0].message.contains("not confirmed"),
            "{}",
            close[0].message
        );
        // The configuration replaces it.
        let (config, _) = Config::from_toml(
            "[payers.uhc]\nfiling_limit_days = 180\n",
            "claimls.toml",
            None,
        );
        assert!(on_with(config, "2026-12-20", &text).is_empty());
    }

    #[test]
    fn dates_in_the_future_or_before_birth_are_left_to_their_own_rules() {
        let text = claim(
            "Medicare",
            "line 1963-11-02 77300 units=1 dx=A\nline 2026-12-24 77300 units=1 dx=A\nline 2026-11-02 77300 units=1 dx=A",
        );
        assert!(on("2026-12-02", &text).is_empty());
        // And an unreadable date is date-invalid's.
        let bad = claim("Medicare", "line 2025-02-30 77300 units=1 dx=A");
        assert!(on("2026-12-02", &bad).is_empty());
    }
}

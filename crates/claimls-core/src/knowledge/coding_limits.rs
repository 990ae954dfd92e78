//! Three small hand-written tables of coding instructions that no CMS file
//! here carries, each with its sources in its header:
//!
//! - `data/add_on_primaries.tsv`: which primary codes an add-on code goes
//!   with (61797 with 61796 or 61798);
//! - `data/treatment_courses.tsv`: codes billed a limited number of times
//!   per course of treatment (77435 once, 77373 at most five fractions);
//! - `data/prior_auth.tsv`: payer policies that require prior
//!   authorisation for a code.
//!
//! Each is parsed once, on first use. Rules, hover and completion ask the
//! functions here, so every feature gives the same answer.

use std::sync::LazyLock;

pub(crate) const ADD_ON_PRIMARIES: &str = include_str!("../../../../data/add_on_primaries.tsv");
pub(crate) const TREATMENT_COURSES: &str = include_str!("../../../../data/treatment_courses.tsv");
pub(crate) const PRIOR_AUTH: &str = include_str!("../../../../data/prior_auth.tsv");

/// The data rows of a tab-separated table with a column header, each split
/// into its cells.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn codes(cell: &'static str) -> Vec<&'static str> {
    cell.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

fn confirmed(cell: Option<&&str>) -> bool {
    cell.is_some_and(|c| *c == "yes")
}

/// An add-on code with the primary codes it may be billed with.
#[derive(Debug)]
pub struct AddOn {
    pub code: &'static str,
    pub primaries: Vec<&'static str>,
    pub confirmed: bool,
    pub source: &'static str,
}

static ADD_ONS: LazyLock<Vec<AddOn>> = LazyLock::new(|| {
    rows(ADD_ON_PRIMARIES)
        .filter_map(|r| {
            Some(AddOn {
                code: r.first()?,
                primaries: codes(r.get(1)?),
                confirmed: confirmed(r.get(2)),
                source: r.get(3).copied().unwrap_or(""),
            })
        })
        .collect()
});

/// The primaries `code` goes with, when claimls's table lists it.
pub fn add_on(code: &str) -> Option<&'static AddOn> {
    ADD_ONS.iter().find(|a| crate::text::same(a.code, code))
}

/// A group of codes whose units are limited per course of treatment.
#[derive(Debug)]
pub struct CourseLimit {
    pub group: &'static str,
    pub codes: Vec<&'static str>,
    /// Units of the group's codes, together, in one course.
    pub limit: u32,
    /// What the group's codes report, in claimls's words.
    pub what: &'static str,
    pub confirmed: bool,
    pub source: &'static str,
}

static COURSES: LazyLock<Vec<CourseLimit>> = LazyLock::new(|| {
    rows(TREATMENT_COURSES)
        .filter_map(|r| {
            Some(CourseLimit {
                group: r.first()?,
                codes: codes(r.get(1)?),
                limit: r.get(2)?.parse().ok()?,
                what: r.get(3)?,
                confirmed: confirmed(r.get(4)),
                source: r.get(5).copied().unwrap_or(""),
            })
        })
        .collect()
});

/// Every course limit, in table order.
pub fn course_limits() -> &'static [CourseLimit] {
    &COURSES
}

/// The course limit `code` counts toward, if any.
pub fn course_limit(code: &str) -> Option<&'static CourseLimit> {
    COURSES
        .iter()
        .find(|g| g.codes.iter().any(|c| crate::text::same(c, code)))
}

/// A payer policy that requires prior authorisation for some codes.
#[derive(Debug)]
pub struct PriorAuthPolicy {
    /// The payer profile (`data/payers.toml`) the policy belongs to.
    pub profile: &'static str,
    pub codes: Vec<&'static str>,
    pub from: time::Date,
    /// Last day in force; `None` while in force.
    pub to: Option<time::Date>,
    /// The policy's name in claimls's words.
    pub policy: &'static str,
    pub confirmed: bool,
    pub source: &'static str,
}

static PRIOR_AUTH_POLICIES: LazyLock<Vec<PriorAuthPolicy>> = LazyLock::new(|| {
    rows(PRIOR_AUTH)
        .filter_map(|r| {
            let date = |cell: &str| crate::values::parse_date(cell).ok();
            Some(PriorAuthPolicy {
                profile: r.first()?,
                codes: codes(r.get(1)?),
                from: date(r.get(2)?)?,
                to: r.get(3).and_then(|c| date(c)),
                policy: r.get(4)?,
                confirmed: confirmed(r.get(5)),
                source: r.get(6).copied().unwrap_or(""),
            })
        })
        .collect()
});

/// The policy of payer profile `profile` that requires prior authorisation
/// for `code` on `date`, if any.
pub fn prior_auth(profile: &str, code: &str, date: time::Date) -> Option<&'static PriorAuthPolicy> {
    PRIOR_AUTH_POLICIES.iter().find(|p| {
        p.profile == profile
            && p.from <= date
            && p.to.is_none_or(|to| date <= to)
            && p.codes.iter().any(|c| crate::text::same(c, code))
    })
}

/// Every prior authorisation policy for `code` (any payer, any date): for
/// hover.
pub fn prior_auth_policies(code: &str) -> impl Iterator<Item = &'static PriorAuthPolicy> + '_ {
    PRIOR_AUTH_POLICIES
        .iter()
        .filter(move |p| p.codes.iter().any(|c| crate::text::same(c, code)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> time::Date {
        crate::values::parse_date(text).unwrap()
    }

    #[test]
    fn the_radiosurgery_add_ons_name_their_primaries() {
        assert_eq!(add_on("61797").unwrap().primaries, ["61796", "61798"]);
        assert_eq!(add_on("61799").unwrap().primaries, ["61798"]);
        assert_eq!(add_on("61800").unwrap().primaries, ["61796", "61798"]);
        assert!(add_on("61796").is_none());
        // Every row's add-on is an add-on (global ZZZ) in the CY2026 fee
        // schedule, and every primary is not.
        let kb = crate::knowledge::Knowledge::embedded();
        for a in ADD_ONS.iter() {
            let row = kb.fees(a.code, Some(date("2026-06-01"))).unwrap().row;
            assert!(row.is_add_on(), "{}", a.code);
            for p in &a.primaries {
                let row = kb.fees(p, Some(date("2026-06-01"))).unwrap().row;
                assert!(!row.is_add_on(), "{p}");
            }
        }
    }

    #[test]
    fn course_limits_cover_the_radiosurgery_and_sbrt_codes() {
        let limit = |code| course_limit(code).map(|g| (g.group, g.limit));
        assert_eq!(limit("77435"), Some(("sbrt-management", 1)));
        assert_eq!(limit("77432"), Some(("srs-management", 1)));
        assert_eq!(limit("61798"), Some(("srs-first-lesion", 1)));
        assert_eq!(limit("77373"), Some(("sbrt-fractions", 5)));
        assert_eq!(limit("61799"), Some(("srs-additional-lesions", 4)));
        assert_eq!(limit("77300"), None);
        assert_eq!(course_limits().len(), 5);
    }

    #[test]
    fn uhc_requires_prior_authorisation_for_srs_and_sbrt_from_april_2021() {
        let srs = prior_auth("uhc", "77372", date("2026-11-02")).unwrap();
        assert!(srs.policy.contains("SBRT including SRS"), "{}", srs.policy);
        assert!(prior_auth("uhc", "77372", date("2021-03-31")).is_none());
        assert!(prior_auth("uhc", "77373", date("2021-04-01")).is_some());
        // Taken off the program in May 2021.
        assert!(prior_auth("uhc", "61796", date("2026-11-02")).is_none());
        assert!(prior_auth("aetna", "77372", date("2026-11-02")).is_none());
        assert_eq!(prior_auth_policies("77371").count(), 1);
    }
}

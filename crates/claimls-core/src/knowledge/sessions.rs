//! Codes whose whole service is one session on one day
//! (`data/session_codes.tsv`): a line dated over a range of days cannot be
//! right for them (`date-span-code`). Rows marked `course` record codes
//! that look alike but are reported once for a course that may span days;
//! nothing reports them.

use std::sync::LazyLock;

pub(crate) const TABLE: &str = include_str!("../../../../data/session_codes.tsv");

/// A code given in one session, with why (our words) and the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OneSession {
    pub code: &'static str,
    pub why: &'static str,
    pub confirmed: bool,
    pub source: &'static str,
}

static ONE_SESSION: LazyLock<Vec<OneSession>> = LazyLock::new(|| {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("code\t") && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').map(str::trim).collect();
            (*f.get(1)? == "one").then_some(())?;
            Some(OneSession {
                code: f.first()?,
                why: f.get(2)?,
                confirmed: *f.get(3)? == "yes",
                source: f.get(4)?,
            })
        })
        .collect()
});

/// `code`'s row when its whole service is one session on one day.
pub fn one_session(code: &str) -> Option<&'static OneSession> {
    ONE_SESSION.iter().find(|s| s.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_single_session_radiosurgery_codes_and_not_the_course_codes() {
        for code in ["77371", "77372", "77432", "G0339"] {
            assert!(one_session(code).is_some(), "{code}");
        }
        // Reported once per course even over several sessions.
        for code in ["61796", "61798", "77435", "77373", "G0340"] {
            assert!(one_session(code).is_none(), "{code}");
        }
        let rows = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1)
            .filter(|l| l.split('\t').nth(1) == Some("one"))
            .count();
        assert_eq!(ONE_SESSION.len(), rows);
    }
}

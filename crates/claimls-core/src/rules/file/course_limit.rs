//! `course-limit`: a code billed more times in one course of treatment
//! than its course limit allows, across the lines and claims of one file.
use super::{ClaimDigest, CourseLine, name_lines};
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::knowledge::{Knowledge, coding_limits::CourseLimit};
use crate::rules::{Level, Rule};

pub static RULE: Rule = Rule {
    id: "course-limit",
    title: "More than a course of treatment allows",
    severity: Severity::Warning,
    what: "The codes of one course-limited group (`data/treatment_courses.tsv`) add up to more units in one course of treatment than the group allows: 77432 (SRS management) and 77435 (SBRT management) once per course, one first-lesion radiosurgery code (61796 or 61798) per course and never both in one session, 77373 (SBRT delivery) at most five fractions, 61797 and 61799 together at most four additional lesions. A course is one patient's services of the group by one rendering provider, across every claim of the file, whose dates follow each other with no gap longer than the course gap (30 days; `[courses] gap_days` in `claimls.toml`). The finding names the lines that form the course.",
    why: "These codes describe a whole course (management, the first lesion) or are capped per course (fractions, additional lesions), so payers pay them once or up to the cap per course and deny the rest; a course billed over several claims is where the repeat slips through. A fractionated cranial treatment billed as repeated single-session radiosurgery (77432 on several days) is also a coding error: two to five fractions are reported as SBRT (77435 and 77373).",
    example: "line 2026-11-02 77435 units=1 dx=A\nline 2026-11-04 77373 units=1 dx=A\nline 2026-11-09 77435 units=1 dx=A",
    fix: "Bill the course code once per course (on the date the course is completed or started, as the payer asks) and keep the capped codes within the cap. A real new course (a new lesion, a retreatment) that starts within the course gap: say so in the record and silence the finding on that line with `# claimls: ignore[course-limit]`, or lower `[courses] gap_days`. Fractionated cranial radiosurgery: report SBRT codes instead.",
    check: None,
};

pub(super) fn check(
    digests: &[(isize, &ClaimDigest)],
    line_of: &mut dyn FnMut(usize) -> usize,
    gap_days: u32,
    out: &mut Vec<Diagnostic>,
) {
    // One patient's lines of one group by one provider, with the claim's
    // level. A claim that names no patient is a patient of its own.
    // Each line with its group's slot (groups numbered in the order their
    // first line comes), in one list sorted once: no list per group, no
    // sort of the keys (this runs on every keystroke).
    type Key = (Option<u64>, usize, u64, u8);
    let count: usize = digests.iter().map(|(_, d)| d.course_lines.len()).sum();
    if count == 0 {
        return;
    }
    let mut slots: rustc_hash::FxHashMap<Key, usize> = Default::default();
    slots.reserve(count);
    let mut lines: Vec<(usize, Placed<'_>)> = Vec::with_capacity(count);
    for (i, &(delta, digest)) in digests.iter().enumerate() {
        let own = if digest.patient.is_some() { 0 } else { i + 1 };
        for line in &digest.course_lines {
            let next = slots.len();
            let slot = *slots
                .entry((digest.patient, own, line.performer, line.group))
                .or_insert(next);
            lines.push((
                slot,
                Placed {
                    line,
                    level: digest.levels[0],
                    span: line.span.shifted(delta),
                },
            ));
        }
    }
    // By group, then date, then as written.
    lines.sort_unstable_by_key(|(slot, p)| (*slot, p.line.from, p.span.start));
    let limits = Knowledge::embedded().course_limits();
    let mut placed: Vec<Placed<'_>> = Vec::new();
    for run in lines.chunk_by(|a, b| a.0 == b.0) {
        let limit = &limits[run[0].1.line.group as usize];
        placed.clear();
        placed.extend(run.iter().map(|(_, p)| p.clone()));
        let mut start = 0;
        for end in 1..=placed.len() {
            let new_course = end == placed.len()
                || (placed[end].line.from - placed[end - 1].line.from).whole_days()
                    > i64::from(gap_days);
            if new_course {
                check_course(&placed[start..end], limit, line_of, out);
                start = end;
            }
        }
    }
}

/// A course line where it is in the document now, with its claim's level.
#[derive(Clone)]
struct Placed<'d> {
    line: &'d CourseLine,
    level: Level,
    span: crate::span::Span,
}

/// Reports each line of one course past the group's limit.
fn check_course(
    course: &[Placed<'_>],
    limit: &CourseLimit,
    line_of: &mut dyn FnMut(usize) -> usize,
    out: &mut Vec<Diagnostic>,
) {
    let total: u32 = course.iter().map(|p| p.line.units).sum();
    if total <= limit.limit {
        return;
    }
    let code = |line: &CourseLine| limit.codes.get(line.code as usize).copied().unwrap_or("");
    let numbers: Vec<usize> = course.iter().map(|p| line_of(p.span.start)).collect();
    let mut in_order = numbers.clone();
    in_order.sort_unstable();
    let (first, last) = (course[0].line.from, course[course.len() - 1].line.from);
    let period = if first == last {
        format!("on {}", crate::values::format_date(first))
    } else {
        format!(
            "{} to {}",
            crate::values::format_date(first),
            crate::values::format_date(last)
        )
    };
    let mut running = 0u32;
    for (i, placed) in course.iter().enumerate() {
        let (line, level) = (placed.line, placed.level);
        running = running.saturating_add(line.units);
        if running <= limit.limit {
            continue;
        }
        let Level::On(severity) = level else {
            continue;
        };
        if line.ignored {
            continue;
        }
        // 61796 and 61798 on one date: the "not both in one session" case.
        let same_session_other = course[..i]
            .iter()
            .find(|o| o.line.from == line.from && o.line.code != line.code);
        let message = match same_session_other {
            Some(other) if limit.limit == 1 => format!(
                "{} and {} both report {}: bill one of them per session (lines {} and {})",
                code(other.line),
                code(line),
                limit.what,
                line_of(other.span.start) + 1,
                numbers[i] + 1
            ),
            _ => {
                let allowed = match limit.limit {
                    1 => "once per course".to_string(),
                    n => format!("at most {n} per course"),
                };
                format!(
                    "{} ({}) is billed {allowed}; this course, {} by the same provider ({period}), bills {running} up to this line (course limits are claimls's table, from CPT instructions: {})",
                    limit.codes.join("/"),
                    limit.what,
                    name_lines(&in_order),
                    limit.source
                )
            }
        };
        let mut finding = Diagnostic::new(RULE.id, severity, placed.span, message);
        for other in course.iter().filter(|o| o.span != placed.span) {
            finding.related.push(Related {
                span: other.span,
                message: format!(
                    "{} on {} in the same course",
                    code(other.line),
                    crate::values::format_date(other.line.from)
                ),
            });
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_sbrt_management_twice_in_one_course() {
        // Source: 77435 is reported once per SBRT course (CPT descriptor;
        // an AAPC note quoting a Medicare LCD). Five fractions over eight
        // days are one course.
        let text = claim(
            "dx A C34.11\nline 2026-11-02 77435 dx=A\nline 2026-11-02 77373 dx=A\nline 2026-11-04 77373 dx=A\nline 2026-11-06 77373 dx=A\nline 2026-11-09 77435 dx=A\nline 2026-11-09 77373 dx=A",
        );
        let found = findings("course-limit", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.starts_with("77435 (the radiation oncologist's management of an SBRT course) is billed once per course; this course, lines 7 and 11 by the same provider (2026-11-02 to 2026-11-09), bills 2 up to this line"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn passes_on_one_course_within_its_limits_and_on_a_new_course_after_the_gap() {
        // Five fractions and one management code; a retreatment of another
        // site three months later is a new course.
        let text = claim(
            "dx A C34.11\nline 2026-08-03 77435 dx=A\nline 2026-08-03..2026-08-07 77373 units=5 dx=A\nline 2026-11-02 77435 dx=A\nline 2026-11-02 77373 dx=A",
        );
        assert!(findings("course-limit", &text).is_empty());
    }

    #[test]
    fn counts_fractions_and_additional_lesions_against_their_caps() {
        // Source: 77373 is per fraction, the course at most five (CPT
        // descriptor); 61797 + 61799 at most four per course (CPT
        // instruction restated by AAPC).
        let text = claim(
            "dx A C79.31\nline 2026-11-02..2026-11-06 77373 units=5 dx=A\nline 2026-11-09 77373 dx=A\nline 2026-11-16 61798 dx=A\nline 2026-11-16 61799 units=2 dx=A\nline 2026-11-16 61797 units=3 dx=A",
        );
        let found = findings("course-limit", &text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].message.contains("at most 5 per course"),
            "{}",
            found[0].message
        );
        assert!(
            found[1].message.contains("61797/61799"),
            "{}",
            found[1].message
        );
        assert!(
            found[1].message.contains("bills 5 up to this line"),
            "{}",
            found[1].message
        );
    }

    #[test]
    fn fails_on_both_first_lesion_codes_in_one_session() {
        let text = claim("dx A C79.31\nline 2026-11-02 61796 dx=A\nline 2026-11-02 61798 dx=A");
        let found = findings("course-limit", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("61796 and 61798 both report the first lesion"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_group_claim_of_two_providers_is_clean() {
        // A neurosurgeon's 61796 and a radiation oncologist's 77432 for one
        // SRS: each is once per course for its own provider.
        let text = claim(
            "dx A C71.9\nrendering npi=1245319599\nline 2026-11-02 61796 dx=A rendering=1234567893\nline 2026-11-02 77432 dx=A",
        );
        let all = crate::analysis::analyze(&text, &crate::config::Config::default()).diagnostics;
        assert!(all.is_empty(), "{all:#?}");
        // The same management code by two providers is each one's.
        let two = claim(
            "dx A C71.9\nline 2026-11-02 77432 dx=A rendering=1245319599\nline 2026-11-03 77432 dx=A rendering=1234567893",
        );
        assert!(findings("course-limit", &two).is_empty());
    }

    #[test]
    fn a_course_billed_over_two_claims_of_one_file_is_one_course() {
        let first = claim(
            "dx A C34.11\nline 2026-11-02 77435 dx=A\nline 2026-11-02..2026-11-04 77373 units=3 dx=A",
        );
        let second = claim("dx A C34.11\nline 2026-11-06..2026-11-09 77373 units=3 dx=A")
            .replace("T-1", "T-2");
        let text = format!("{first}\n{second}");
        let found = findings("course-limit", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("lines 8 and 16"),
            "{}",
            found[0].message
        );
        // Another patient's claim is another course.
        let other = second.replace("member=1EG4TE5MK73", "member=2EG4TE5MK73");
        assert!(findings("course-limit", &format!("{first}\n{other}")).is_empty());
    }

    #[test]
    fn the_course_gap_comes_from_claimls_toml() {
        // 77432 on two dates 14 days apart: one course under the 30-day
        // default, two courses with `gap_days = 10`.
        let text = claim("dx A C71.9\nline 2026-11-02 77432 dx=A\nline 2026-11-16 77432 dx=A");
        assert_eq!(findings("course-limit", &text).len(), 1);
        let (config, errors) =
            crate::config::Config::from_toml("[courses]\ngap_days = 10\n", "claimls.toml", None);
        assert!(errors.is_empty(), "{errors:?}");
        let found: Vec<_> = crate::analysis::analyze(&text, &config)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "course-limit")
            .collect();
        assert!(found.is_empty(), "{found:?}");
        let (_, errors) =
            crate::config::Config::from_toml("[courses]\ngap_days = 0\n", "claimls.toml", None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].line, errors[0].column), (2, 1), "{errors:?}");
        assert!(errors[0].message.contains("from 1 to 366"), "{errors:?}");
    }
}

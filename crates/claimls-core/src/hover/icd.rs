//! Hover on a diagnosis: letter or ICD-10-CM code.
//!
//! What the code is comes from `Knowledge::icd_on` for the dates of service
//! of the claim's lines that point to the letter (the rules ask the same
//! question), so hover and findings never disagree.

use crate::knowledge::icd_years::{self, CHANGE_YEAR, Change, Validity, first_day, last_day};
use crate::knowledge::{IcdNote, Knowledge};
use crate::knowledge::{icd10, mce};
use crate::model::Claim;
use std::fmt::Write;

/// How many billable children a header's hover lists.
const CHILDREN_SHOWN: usize = 12;

/// The from-dates of the lines that point to `letter` (of every line when
/// none does), in line order.
fn dates(claim: &Claim<'_>, letter: &str) -> Vec<time::Date> {
    let pointing = |l: &crate::model::ServiceLine<'_>| l.pointers.iter().any(|p| p.text == letter);
    let any = claim.lines.iter().any(pointing);
    let mut out = Vec::new();
    for line in claim.lines.iter().filter(|l| !any || pointing(l)) {
        if let Ok(date) = line.from_date {
            if !out.contains(&date) {
                out.push(date);
            }
        }
    }
    out
}

pub fn describe(code: &str, at: Option<(&Claim<'_>, &str)>, kb: &Knowledge) -> String {
    let mut out = String::new();
    if let Some((_, letter)) = at {
        let _ = write!(out, "**dx {letter}** → ");
    }
    let dates = at
        .map(|(claim, letter)| dates(claim, letter))
        .unwrap_or_default();
    // The answer for each fiscal year the claim bills the code in (one
    // answer for any year when there is no date).
    let mut years: Vec<(Option<time::Date>, icd_years::IcdOn)> = Vec::new();
    for &date in &dates {
        let on = kb.icd_on(code, Some(date));
        if !years.iter().any(|(_, o)| o.fy == on.fy) {
            years.push((Some(date), on));
        }
    }
    if years.is_empty() {
        years.push((None, kb.icd_on(code, None)));
    }
    let on = years[0].1;
    if on.validity == Validity::Unknown {
        let _ = write!(
            out,
            "**{code}** is not an ICD-10-CM code.\n\n_Source: {}_",
            kb.icd_table().source()
        );
        return out;
    }
    let standard = on.code.unwrap_or(code);
    match on.entry {
        Some(entry) => {
            let _ = writeln!(out, "**{}** {}\n", entry.code, entry.description);
        }
        None => {
            let what = if on.change == Some(Change::NewHeader) {
                "a header"
            } else {
                "a code"
            };
            let _ = writeln!(
                out,
                "**{standard}** — {what} new in ICD-10-CM FY{CHANGE_YEAR}, valid from {} (no title bundled: claimls's titles are the FY2026 release)\n",
                first_day(CHANGE_YEAR)
            );
        }
    }
    if standard != code {
        let _ = writeln!(
            out,
            "Written `{code}`; the standard form is `{standard}`.\n"
        );
    }
    // Ancestors, broadest first: C79 › C79.3 › C79.31.
    let key = icd10::normalize(standard);
    let ancestors: Vec<String> = (3..key.len())
        .filter_map(|n| kb.icd(&key[..n]))
        .map(|a| format!("{} {}", a.code, a.description))
        .collect();
    if !ancestors.is_empty() {
        let _ = writeln!(out, "Under: {}\n", ancestors.join(" › "));
    }
    billability(&mut out, standard, &years, kb);
    change(&mut out, standard, &on);
    mce_facts(&mut out, standard, on.fy, kb);
    tabular_notes(&mut out, standard, at, kb);
    if let Some((claim, letter)) = at {
        let users: Vec<String> = claim
            .lines
            .iter()
            .filter(|l| l.pointers.iter().any(|p| p.text == letter))
            .map(|l| format!("{} on {}", l.code.text, l.from.text))
            .collect();
        if users.is_empty() {
            let _ = writeln!(out, "No line of this claim points to {letter}.\n");
        } else {
            let _ = writeln!(out, "Pointed to by: {}\n", users.join(", "));
        }
    }
    let _ = write!(out, "_Source: {}_", kb.icd_table().source());
    if on.change.is_some() || !kb.mce(standard, on.fy).is_empty() {
        let _ = write!(
            out,
            "\n\n_FY{CHANGE_YEAR} changes and Medicare Code Editor edits: CMS MCE data from {}_",
            icd_years::source()
        );
    }
    out
}

/// Whether the code may be billed, in each fiscal year the claim bills it
/// in (or, with no date, as the best bundled year has it).
fn billability(
    out: &mut String,
    code: &str,
    years: &[(Option<time::Date>, icd_years::IcdOn)],
    kb: &Knowledge,
) {
    // A code FY2027 did not change is the same in every year: said once.
    let shown = if years.first().is_some_and(|(_, on)| on.change.is_none()) {
        &years[..1]
    } else {
        years
    };
    for (date, on) in shown {
        // The date is named where the fiscal year makes a difference.
        let when = match date {
            Some(date) if on.change.is_some() => format!(" on {date} (FY{} code set)", on.fy),
            _ => String::new(),
        };
        match on.validity {
            Validity::Billable => {
                let _ = writeln!(out, "Billable{when}: yes (a complete code)\n");
            }
            Validity::Header => {
                let children = kb.icd_children_on(code, on.fy);
                let _ = writeln!(
                    out,
                    "Billable{when}: **no** — a header; use one of its {} complete codes:\n",
                    children.len()
                );
                for (c, title) in children.iter().take(CHILDREN_SHOWN) {
                    match title {
                        Some(title) => {
                            let _ = writeln!(out, "- {c} {title}");
                        }
                        None => {
                            let _ =
                                writeln!(out, "- {c} (new in FY{CHANGE_YEAR}, no title bundled)");
                        }
                    }
                }
                if children.len() > CHILDREN_SHOWN {
                    let _ = writeln!(out, "- … and {} more", children.len() - CHILDREN_SHOWN);
                }
                out.push('\n');
            }
            Validity::Deleted => {
                let _ = writeln!(
                    out,
                    "Billable{when}: **no** — not in ICD-10-CM from {} (FY{CHANGE_YEAR})\n",
                    first_day(CHANGE_YEAR)
                );
            }
            Validity::NotYet => {
                let _ = writeln!(
                    out,
                    "Billable{when}: **no** — not a code before {} (new in FY{CHANGE_YEAR})\n",
                    first_day(CHANGE_YEAR)
                );
            }
            Validity::Unknown => {}
        }
    }
}

/// What FY2027 changed about the code, whatever the claim's dates.
fn change(out: &mut String, code: &str, on: &icd_years::IcdOn) {
    let replacements = |out: &mut String| {
        if on.replaced_by.is_empty() {
            let _ = writeln!(
                out,
                "claimls knows no replacement; CMS's FY{CHANGE_YEAR} conversion table maps it.\n"
            );
        } else {
            let _ = writeln!(
                out,
                "Codes that take its place (inferred: new FY{CHANGE_YEAR} codes that extend it or fill in its placeholder X): {}.\n",
                on.replaced_by.join(", ")
            );
        }
    };
    match on.change {
        Some(Change::Deleted) => {
            let _ = writeln!(
                out,
                "**Deleted in FY{CHANGE_YEAR}**: valid through {}, not from {}.",
                last_day(CHANGE_YEAR - 1),
                first_day(CHANGE_YEAR)
            );
            replacements(out);
        }
        Some(Change::Expanded) => {
            let _ = writeln!(
                out,
                "**Expanded in FY{CHANGE_YEAR}**: a complete code through {}, a header from {}.",
                last_day(CHANGE_YEAR - 1),
                first_day(CHANGE_YEAR)
            );
            replacements(out);
        }
        Some(Change::HeaderGone) => {
            let _ = writeln!(
                out,
                "**Gone in FY{CHANGE_YEAR}**: none of the codes below {code} is valid from {}.\n",
                first_day(CHANGE_YEAR)
            );
        }
        Some(Change::Added | Change::NewHeader) | None => {}
    }
}

/// The Medicare Code Editor's edits on the code, in plain words.
fn mce_facts(out: &mut String, code: &str, fy: u16, kb: &Knowledge) {
    let edits = kb.mce(code, fy);
    if edits.is_empty() {
        return;
    }
    let mut facts = Vec::new();
    if let Some(age) = edits.age {
        let ages = kb
            .mce_age_range(age, fy)
            .map_or(String::new(), |r| format!(" ({})", r.in_words()));
        facts.push(format!(
            "{} {} code: expected for {}{ages}",
            if age == mce::AgeEdit::Adult {
                "an"
            } else {
                "a"
            },
            age.name(),
            who_words(age)
        ));
    }
    if edits.manifestation {
        facts.push(
            "a manifestation code: list the underlying condition first; it may not be the first-listed diagnosis"
                .to_string(),
        );
    }
    if let Some(sex) = edits.sex {
        facts.push(format!(
            "for {} patients (FY2024 list: CMS no longer applies the sex edit from FY2025; other payers may)",
            sex.word()
        ));
    }
    let _ = writeln!(out, "Medicare Code Editor (FY{fy}):\n");
    for fact in facts {
        let _ = writeln!(out, "- {fact}");
    }
    out.push('\n');
}

/// Excludes1 notes a hover lists; the rest are counted.
const EXCLUDES1_SHOWN: usize = 8;

/// The tabular list's notes on the code (its own and those of the codes,
/// section and chapter above it): "code first" and "use additional code"
/// in full, Excludes1 briefly, and the diagnoses of this claim an Excludes1
/// note sets apart from this one (the question `dx-excludes1` asks).
fn tabular_notes(out: &mut String, code: &str, at: Option<(&Claim<'_>, &str)>, kb: &Knowledge) {
    let mut lines: Vec<String> = Vec::new();
    let unread = |note: &IcdNote| {
        if note.confirmed {
            ""
        } else {
            " (claimls could not read every code it names: not checked)"
        }
    };
    for note in kb.icd_instructions(code) {
        lines.push(format!(
            "- {} _({})_{}",
            note.with_heading(),
            note.place(),
            unread(&note)
        ));
    }
    // Excludes1: a row per code a note names; each note once, by place.
    let mut excluded: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    let mut total = 0;
    for note in kb.icd_excludes1_notes(code) {
        let place = note.place();
        let group = match excluded.iter_mut().find(|(p, _)| *p == place) {
            Some(group) => group,
            None => {
                excluded.push((place, Vec::new()));
                excluded.last_mut().expect("just pushed")
            }
        };
        if !group.1.contains(&note.text()) {
            group.1.push(note.text());
            total += 1;
        }
    }
    let mut shown = 0;
    for (place, texts) in &excluded {
        let room = EXCLUDES1_SHOWN.saturating_sub(shown);
        if room == 0 {
            break;
        }
        let listed: Vec<&str> = texts.iter().take(room).copied().collect();
        shown += listed.len();
        lines.push(format!("- Excludes1 _({place})_: {}", listed.join("; ")));
    }
    if total > shown {
        lines.push(format!("- … and {} more Excludes1 notes", total - shown));
    }
    if let Some((claim, letter)) = at {
        for other in claim
            .sent_diagnoses()
            .iter()
            .filter(|d| d.letter.text != letter && d.code.text != code)
        {
            if let Some(pair) = kb.excludes1(code, other.code.text) {
                // The note's own code first, as the rule says it.
                let named = if pair.on_first { other.code.text } else { code };
                lines.push(format!(
                    "- With dx {} {} on this claim: ICD-10-CM lists {named} under Excludes1 of {} (\u{201c}{}\u{201d})",
                    other.letter.text,
                    other.code.text,
                    pair.note.place(),
                    pair.note.text()
                ));
            }
        }
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "ICD-10-CM tabular list notes:\n");
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

fn who_words(age: mce::AgeEdit) -> &'static str {
    match age {
        mce::AgeEdit::Newborn => "newborns",
        mce::AgeEdit::Pediatric => "children",
        mce::AgeEdit::Maternity => "patients of childbearing age",
        mce::AgeEdit::Adult => "adults",
    }
}

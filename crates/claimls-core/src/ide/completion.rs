//! Completion: what may come next at the cursor, best first.
//!
//! The context is read from the text of the line before the cursor (which
//! keyword, which word, is it an attribute value), and the claim around the
//! cursor (its diagnoses, the line's code and modifiers).

use crate::config::Config;
use crate::knowledge::mpfs::{FeeRow, legend};
use crate::knowledge::{Knowledge, icd10};
use crate::span::Span;
use crate::syntax::{self, LINE_KEYS, PATIENT_KEYS, PROVIDER_KEYS};
use crate::text;

/// What a completion inserts, and how it is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub detail: Option<String>,
    pub kind: Kind,
    /// The text the item replaces (the partial word at the cursor).
    pub replace: Span,
    pub insert: String,
    /// Text the client filters on, when it differs from the label (so a
    /// search by words is not filtered away by the client).
    pub filter: Option<String>,
    /// Sort key: items are returned best first, and this keeps that order.
    pub sort: String,
    /// Full documentation, fetched on `completionItem/resolve`.
    pub resolve: Option<Resolve>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Keyword,
    Procedure,
    Modifier,
    Diagnosis,
    Pointer,
    Place,
    Payer,
    Attribute,
    Value,
}

/// What to document on resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolve {
    Procedure(String),
    Modifier(String),
    Diagnosis(String),
}

/// How many ICD-10-CM codes one completion returns at most.
const ICD_LIMIT: usize = 60;

/// Completions at byte `offset` of `text`.
pub fn complete(text: &str, offset: usize, config: &Config) -> Vec<Completion> {
    let offset = text::floor_char_boundary(text, offset.min(text.len()));
    let line_start = text::line_start(text, offset);
    let before = &text[line_start..offset];
    if before.contains('#') {
        return Vec::new();
    }
    // The partial word under the cursor, and the words before it.
    let word_start = before.rfind([' ', '\t']).map_or(0, |i| i + 1);
    let partial = &before[word_start..];
    let previous: Vec<&str> = before[..word_start].split_whitespace().collect();
    let at = line_start + word_start;
    let kb = &config.knowledge;
    let mut out = Vec::new();

    let Some(&keyword) = previous.first() else {
        for k in syntax::KEYWORDS {
            if k.starts_with(partial) {
                add(
                    &mut out,
                    k.to_string(),
                    Some(keyword_detail(k).into()),
                    Kind::Keyword,
                    Span::new(at, offset),
                    format!("{k} "),
                );
            }
        }
        return out;
    };

    // `key=value`: complete the value.
    if let Some(eq) = partial.find('=') {
        let key = &partial[..eq];
        let value = &partial[eq + 1..];
        let value_at = at + eq + 1;
        match (keyword, key) {
            ("line", "dx") => {
                let (done, current) = match value.rfind(',') {
                    Some(c) => (&value[..c], &value[c + 1..]),
                    None => ("", value),
                };
                let used: Vec<&str> = done.split(',').collect();
                let replace = Span::new(offset - current.len(), offset);
                let doc = syntax::parse_claim_at(text, offset);
                if let Some(claim) = doc.claims.first() {
                    for dx in &claim.diagnoses {
                        if used.contains(&dx.letter.text) || !dx.letter.text.starts_with(current) {
                            continue;
                        }
                        let description = kb.icd(dx.code.text).map_or("", |c| c.description);
                        add(
                            &mut out,
                            dx.letter.text.to_string(),
                            Some(format!("{} {description}", dx.code.text)),
                            Kind::Pointer,
                            replace,
                            dx.letter.text.to_string(),
                        );
                    }
                }
            }
            ("line", "pos") => places(kb, value, Span::new(value_at, offset), &mut out),
            ("patient", "sex") => {
                for (v, d) in crate::values::SEX_CODES {
                    if v.starts_with(value) {
                        add(
                            &mut out,
                            v.into(),
                            Some(d.into()),
                            Kind::Value,
                            Span::new(value_at, offset),
                            v.into(),
                        );
                    }
                }
            }
            _ => {}
        }
        return out;
    }

    match (keyword, previous.len()) {
        ("pos", 1) => places(kb, partial, Span::new(at, offset), &mut out),
        ("payer", _) => {
            // The payer name is the rest of the line: replace all of it.
            let name_start = line_start + before.find("payer").map_or(0, |i| i + "payer".len());
            let typed = before[name_start - line_start..].trim_start();
            let replace = Span::new(offset - typed.len(), offset);
            for p in kb.payers() {
                if p.name.to_lowercase().starts_with(&typed.to_lowercase()) {
                    add(
                        &mut out,
                        p.name.clone(),
                        Some(p.summary.clone()),
                        Kind::Payer,
                        replace,
                        p.name.clone(),
                    );
                }
            }
        }
        ("dx", n) if n >= 2 => {
            // Everything after the letter is the query: several words
            // search the titles (`dx A brain metast`).
            let query = before[end_of_word(before, 2)..].trim_start();
            diagnoses(kb, query, Span::new(offset - query.len(), offset), &mut out)
        }
        ("line", 2) => match partial.find('-') {
            None => {
                let on = previous
                    .get(1)
                    .and_then(|d| crate::values::parse_date(d.split("..").next()?).ok());
                procedures(kb, partial, on, Span::new(at, offset), &mut out)
            }
            Some(_) => {
                // The date of service picks the fee schedule's year.
                let on = previous
                    .get(1)
                    .and_then(|d| crate::values::parse_date(d.split("..").next()?).ok());
                modifiers(kb, partial, on, offset, &mut out)
            }
        },
        ("line", n) if n >= 3 => attributes(
            LINE_KEYS,
            &previous[3..],
            partial,
            Span::new(at, offset),
            &mut out,
        ),
        ("patient", _) => attributes(
            PATIENT_KEYS,
            &previous[1..],
            partial,
            Span::new(at, offset),
            &mut out,
        ),
        ("provider" | "rendering", _) => attributes(
            PROVIDER_KEYS,
            &previous[1..],
            partial,
            Span::new(at, offset),
            &mut out,
        ),
        _ => {}
    }
    out
}

/// The byte offset in `line` just after its `n`-th word (1-based; words
/// are separated by spaces and tabs).
fn end_of_word(line: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut in_word = false;
    for (i, b) in line.bytes().enumerate() {
        let blank = b == b' ' || b == b'\t';
        if in_word && blank {
            seen += 1;
            if seen == n {
                return i;
            }
        }
        in_word = !blank;
    }
    line.len()
}

fn keyword_detail(keyword: &str) -> &'static str {
    match keyword {
        "claim" => "start a claim: claim <id>",
        "payer" => "payer <name>",
        "patient" => "patient <name> dob= sex= member=",
        "provider" => "provider npi=<10 digits> (billing provider)",
        "rendering" => "rendering npi=<10 digits> (who performed the services)",
        "pos" => "pos <place of service>",
        "dx" => "dx <letter> <ICD-10-CM code>",
        _ => "line <date> <code>[-<modifier>] units= dx= charge= (pos= rendering= auth=)",
    }
}

/// Appends a plain item (no resolve, no filter text), keeping the order.
fn add(
    out: &mut Vec<Completion>,
    label: String,
    detail: Option<String>,
    kind: Kind,
    replace: Span,
    insert: String,
) {
    push(
        out,
        Completion {
            label,
            detail,
            kind,
            replace,
            insert,
            filter: None,
            sort: String::new(),
            resolve: None,
        },
    );
}

fn places(kb: &Knowledge, typed: &str, replace: Span, out: &mut Vec<Completion>) {
    for p in kb.places_of_service() {
        if p.code.starts_with(typed) || p.name.to_lowercase().contains(&typed.to_lowercase()) {
            add(
                out,
                p.code.to_string(),
                Some(p.name.to_string()),
                Kind::Place,
                replace,
                p.code.to_string(),
            );
        }
    }
}

fn attributes(
    keys: &[&str],
    present: &[&str],
    typed: &str,
    replace: Span,
    out: &mut Vec<Completion>,
) {
    for key in keys {
        let given = present.iter().any(|w| w.split('=').next() == Some(*key));
        if !given && key.starts_with(typed) {
            add(
                out,
                format!("{key}="),
                None,
                Kind::Attribute,
                replace,
                format!("{key}="),
            );
        }
    }
}

fn push(out: &mut Vec<Completion>, c: Completion) {
    let mut c = c;
    c.sort = format!("{:05}", out.len());
    out.push(c);
}

/// At most this many fee-schedule codes are offered for one prefix: a
/// digit or two would list thousands; the next keystroke narrows.
const FEE_CODES_SHOWN: usize = 100;

/// Procedure codes by code prefix, or by words of their summaries: the
/// codes claimls describes first, then every other code of the fee
/// schedule for the line's year (`on`; the newest year without one) that
/// starts with the prefix, in code order.
fn procedures(
    kb: &Knowledge,
    typed: &str,
    on: Option<time::Date>,
    replace: Span,
    out: &mut Vec<Completion>,
) {
    let by_words = typed.chars().any(|c| c.is_ascii_lowercase()) || typed.contains('_');
    let words: Vec<String> = typed
        .split(['_', '+'])
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let prefix = typed.to_ascii_uppercase();
    for p in kb.procedures() {
        let haystack = format!("{} {} {}", p.summary, p.service_type, p.description).to_lowercase();
        let matches = if by_words {
            words.iter().all(|w| haystack.contains(w.as_str()))
        } else {
            p.code.starts_with(&prefix)
        };
        if !matches {
            continue;
        }
        push(
            out,
            Completion {
                label: p.code.clone(),
                detail: Some(p.summary.clone()),
                kind: Kind::Procedure,
                replace,
                insert: p.code.clone(),
                filter: by_words.then(|| format!("{typed} {}", p.code)),
                sort: String::new(),
                resolve: Some(Resolve::Procedure(p.code.clone())),
            },
        );
    }
    if by_words || prefix.is_empty() {
        return;
    }
    let Some((schedule, _)) = kb.fee_schedule(on) else {
        return;
    };
    let mut codes: Vec<(String, &FeeRow)> = schedule
        .codes()
        .filter(|(code, _)| code.starts_with(&prefix) && kb.procedure(code).is_none())
        .collect();
    codes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (code, row) in codes.into_iter().take(FEE_CODES_SHOWN) {
        // No AMA descriptor: the user's licensed file when loaded, else the
        // fee schedule's own facts.
        let detail = match kb.descriptor(&code) {
            Some((d, _)) => d.short.clone(),
            None => fee_detail(schedule.year, row),
        };
        push(
            out,
            Completion {
                label: code.clone(),
                detail: Some(detail),
                kind: Kind::Procedure,
                replace,
                insert: code.clone(),
                filter: None,
                sort: String::new(),
                resolve: Some(Resolve::Procedure(code)),
            },
        );
    }
}

/// A code's fee-schedule facts in a few words: "Medicare CY2026: active,
/// 90-day global".
fn fee_detail(year: i32, row: &FeeRow) -> String {
    let status =
        legend("status", &row.status.to_string()).map_or(String::new(), |l| l.name.clone());
    let global = legend("global", row.global()).map_or(String::new(), |l| format!(", {}", l.name));
    format!("Medicare CY{year}: {status}{global}")
}

/// Modifiers that can apply to the code before the hyphen, best first:
/// those our guidance names, then pricing, anatomic, informational and
/// payment-policy ones; leaving out any that cannot apply to the code
/// (`policy::modifier_may_apply`: its indicators, E/M or not, the
/// catalog's `applies_to` ranges), that conflict with a modifier already
/// on the line, or that are already there.
fn modifiers(
    kb: &Knowledge,
    word: &str,
    on: Option<time::Date>,
    offset: usize,
    out: &mut Vec<Completion>,
) {
    let mut parts: Vec<&str> = word.split('-').collect();
    let typed = parts.pop().unwrap_or("").to_ascii_uppercase();
    let code = parts[0];
    let present = &parts[1..];
    let replace = Span::new(offset - word.rsplit('-').next().map_or(0, str::len), offset);
    let guided: Vec<&str> = kb
        .procedure(code)
        .map(|p| {
            p.modifier_guidance
                .iter()
                .map(|g| g.modifier.as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut candidates: Vec<_> = kb
        .modifiers()
        .into_iter()
        .filter(|m| m.code.starts_with(&typed))
        .filter(|m| !present.contains(&m.code.as_str()))
        .filter(|m| !present.iter().any(|p| kb.modifier_conflict(p, &m.code)))
        // The rules' answer (`policy::modifier_misfit`), narrowed by where
        // each modifier can apply.
        .filter(|m| crate::policy::modifier_may_apply(kb, code, on, &m.code))
        .collect();
    candidates.sort_by_key(|m| {
        (
            !guided.contains(&m.code.as_str()),
            m.kind.rank(),
            m.code.clone(),
        )
    });
    for m in candidates {
        push(
            out,
            Completion {
                label: m.code.clone(),
                detail: Some(m.name.clone()),
                kind: Kind::Modifier,
                replace,
                insert: m.code.clone(),
                filter: None,
                sort: String::new(),
                resolve: Some(Resolve::Modifier(m.code.clone())),
            },
        );
    }
}

/// ICD-10-CM codes by prefix (when the query looks like a code) or by the
/// words of their titles (several words, or joined with `_` or `+`), the
/// best first.
fn diagnoses(kb: &Knowledge, typed: &str, replace: Span, out: &mut Vec<Completion>) {
    let table = kb.icd_table();
    let looks_like_code = !typed.contains(' ')
        && typed
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && typed
            .chars()
            .skip(1)
            .all(|c| c.is_ascii_digit() || c == '.' || c.is_ascii_uppercase())
        && typed.len() <= 8;
    if typed.is_empty() {
        return;
    }
    if looks_like_code && typed.len() > 1
        || typed.len() == 1 && typed.chars().all(|c| c.is_ascii_uppercase())
    {
        diagnoses_under(kb, typed, replace, out);
        return;
    }
    for c in table.search_words(&typed.replace(['_', '+'], " "), ICD_LIMIT) {
        push(
            out,
            diagnosis_item(c, replace, Some(format!("{typed} {}", c.code))),
        );
    }
}

/// At most this many billable codes are listed under a code prefix; past
/// it, the next level's headers are offered to narrow the list ("more…").
const ICD_CHILDREN_SHOWN: usize = 20;

/// The codes under a typed code prefix: its billable codes when there are
/// few; otherwise the billable codes one level down and, for each header
/// one level down, an item that completes to that header ("C34.1… 3
/// codes"), so the list narrows as the coder picks.
fn diagnoses_under(kb: &Knowledge, prefix: &str, replace: Span, out: &mut Vec<Completion>) {
    let table = kb.icd_table();
    // One level down from the typed prefix (dots do not count); categories
    // have three characters, so `E` goes down to `E00`…`E89`.
    let depth = (icd10::normalize(prefix).len() + 1).max(3);
    let level = |c: &icd10::IcdCode| c.code.bytes().filter(|&b| b != b'.').count();
    // Past a few thousand codes (a letter holds up to 40,000) only the
    // upper levels are listed, and those are few.
    let under: Vec<&icd10::IcdCode> = table.with_prefix(prefix).take(2000).collect();
    let wide = under.len() == 2000;
    let billable = under.iter().filter(|c| c.billable).count();
    if !wide && billable <= ICD_CHILDREN_SHOWN {
        for c in under.iter().filter(|c| c.billable) {
            push(out, diagnosis_item(c, replace, None));
        }
        for c in under.iter().filter(|c| !c.billable) {
            push(out, diagnosis_item(c, replace, None));
        }
        return;
    }
    let upper: Vec<&icd10::IcdCode> = if wide {
        table
            .with_prefix(prefix)
            .filter(|c| level(c) <= depth)
            .collect()
    } else {
        under.into_iter().filter(|c| level(c) <= depth).collect()
    };
    for c in upper.iter().filter(|c| c.billable) {
        push(out, diagnosis_item(c, replace, None));
    }
    for header in upper.iter().filter(|c| !c.billable && level(c) == depth) {
        let n = table.billable_children(header.code).count();
        push(
            out,
            Completion {
                label: format!("{}…", header.code),
                detail: Some(format!(
                    "{n} codes under {}: {} (pick to narrow the list)",
                    header.code, header.description
                )),
                kind: Kind::Diagnosis,
                replace,
                insert: header.code.to_string(),
                filter: None,
                sort: String::new(),
                resolve: Some(Resolve::Diagnosis(header.code.to_string())),
            },
        );
    }
}

fn diagnosis_item(c: &icd10::IcdCode, replace: Span, filter: Option<String>) -> Completion {
    Completion {
        label: c.code.to_string(),
        detail: Some(format!(
            "{}{}",
            c.description,
            if c.billable {
                ""
            } else {
                " (header, not billable)"
            }
        )),
        kind: Kind::Diagnosis,
        replace,
        insert: c.code.to_string(),
        filter,
        sort: String::new(),
        resolve: Some(Resolve::Diagnosis(c.code.to_string())),
    }
}

/// The full documentation of a completion item (Markdown).
pub fn resolve(what: &Resolve, config: &Config) -> String {
    let kb = &config.knowledge;
    match what {
        Resolve::Procedure(code) => crate::hover::describe_procedure(code, kb),
        Resolve::Modifier(code) => crate::hover::describe_modifier(code, kb),
        Resolve::Diagnosis(code) => crate::hover::describe_diagnosis(code, kb),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLAIM: &str = "claim A\npayer Medicare\ndx A C79.31\ndx B C34.11\n";

    fn labels(text: &str) -> Vec<String> {
        complete(text, text.len(), &Config::default())
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn keywords_at_line_start() {
        assert_eq!(labels("cl"), ["claim"]);
        assert_eq!(labels("").len(), syntax::KEYWORDS.len());
    }

    #[test]
    fn procedure_codes_by_prefix_and_by_summary_words() {
        let by_prefix = labels(&format!("{CLAIM}line 2026-11-02 7737"));
        assert!(
            by_prefix.contains(&"77371".to_string()) && by_prefix.contains(&"77372".to_string())
        );
        assert!(by_prefix.iter().all(|c| c.starts_with("7737")));
        let by_words = labels(&format!("{CLAIM}line 2026-11-02 radiosurgery_cobalt"));
        assert_eq!(
            by_words.first().map(String::as_str),
            Some("77371"),
            "{by_words:?}"
        );
        let items = complete(
            &format!("{CLAIM}line 2026-11-02 cobalt"),
            usize::MAX,
            &Config::default(),
        );
        assert!(items[0].filter.as_deref().unwrap().starts_with("cobalt"));
    }

    #[test]
    fn every_fee_schedule_code_by_prefix_for_the_lines_year() {
        let items = complete(
            &format!("{CLAIM}line 2026-11-02 2061"),
            usize::MAX,
            &Config::default(),
        );
        let knee = items.iter().find(|c| c.label == "20610").expect("20610");
        assert_eq!(
            knee.detail.as_deref(),
            Some("Medicare CY2026: active, 0-day global")
        );
        assert!(items.iter().all(|c| c.label.starts_with("2061")));
        // The year of the line picks the schedule: 77014 left it in 2026.
        let in_2025 = labels(&format!("{CLAIM}line 2025-11-03 7701"));
        let in_2026 = labels(&format!("{CLAIM}line 2026-11-02 7701"));
        assert!(in_2025.contains(&"77014".to_string()), "{in_2025:?}");
        assert!(!in_2026.contains(&"77014".to_string()), "{in_2026:?}");
        // claimls's own codes come first, once.
        let srs = labels(&format!("{CLAIM}line 2026-11-02 7737"));
        assert_eq!(srs.iter().filter(|c| *c == "77372").count(), 1);
        // A wide prefix is capped; the next keystroke narrows it.
        let wide = labels(&format!("{CLAIM}line 2026-11-02 9"));
        assert!(wide.len() <= 100 + 20, "{}", wide.len());
    }

    #[test]
    fn modifiers_valid_for_the_code_only() {
        let srs = labels(&format!("{CLAIM}line 2026-11-02 77372-"));
        assert!(
            !srs.contains(&"26".to_string()) && !srs.contains(&"TC".to_string()),
            "technical-only"
        );
        assert!(!srs.contains(&"25".to_string()), "25 is for E/M codes");
        let planning = labels(&format!("{CLAIM}line 2026-11-02 77295-"));
        assert!(
            planning[..2].contains(&"26".to_string()),
            "pricing first: {planning:?}"
        );
        let after_26 = labels(&format!("{CLAIM}line 2026-11-02 77295-26-"));
        assert!(!after_26.contains(&"TC".to_string()) && !after_26.contains(&"26".to_string()));
        let with_59 = labels(&format!("{CLAIM}line 2026-11-02 77295-59-X"));
        assert!(
            with_59.is_empty(),
            "X modifiers conflict with 59: {with_59:?}"
        );
        let em = labels(&format!("{CLAIM}line 2026-11-02 99213-"));
        assert!(em.contains(&"25".to_string()) && !em.contains(&"59".to_string()));
    }

    #[test]
    fn modifiers_offered_only_where_they_can_apply() {
        // No eyelid, finger, toe, coronary or anesthesia modifiers, and no
        // assistant surgeon, on a radiosurgery delivery code.
        let srs = labels(&format!("{CLAIM}line 2026-11-02 77372-"));
        let body_sites = [
            "E1", "E4", "FA", "F1", "F9", "TA", "T1", "T9", "LC", "LD", "LM", "RC", "RI",
        ];
        let anesthesia = [
            "AA", "AD", "QK", "QX", "QY", "QZ", "QS", "G8", "G9", "P1", "P6", "23",
        ];
        for m in body_sites
            .iter()
            .chain(&anesthesia)
            .chain(&["80", "62", "47", "QW", "90"])
        {
            assert!(!srs.iter().any(|l| l == m), "{m} offered on 77372: {srs:?}");
        }
        for m in ["GA", "KX", "59", "XS", "LT", "RT", "GC"] {
            assert!(
                srs.iter().any(|l| l == m),
                "{m} not offered on 77372: {srs:?}"
            );
        }
        // A finger procedure: the finger modifiers, not the toes or eyelids.
        let finger = labels(&format!("{CLAIM}line 2026-11-02 26750-"));
        for m in ["FA", "F1", "F5", "F9", "LT", "RT", "54"] {
            assert!(
                finger.iter().any(|l| l == m),
                "{m} not offered on 26750: {finger:?}"
            );
        }
        // CY2026: 26750's assistant-at-surgery indicator is 1 (never paid).
        for m in ["E1", "LD", "QK", "P3", "25", "80", "AS"] {
            assert!(
                !finger.iter().any(|l| l == m),
                "{m} offered on 26750: {finger:?}"
            );
        }
        // Typing narrows to the prefix, still only applicable ones (no
        // FX/FY, the X-ray modifiers; FS/FT are for E/M), anatomic before
        // informational before payment-policy.
        assert_eq!(
            labels(&format!("{CLAIM}line 2026-11-02 26750-F")),
            [
                "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "FA", "FR", "FQ"
            ]
        );
        let anesthesia_code = labels(&format!("{CLAIM}line 2026-11-02 00840-"));
        let at = |m: &str| anesthesia_code.iter().position(|l| l == m);
        for role in ["AA", "AD", "QK", "QX", "QY", "QZ"] {
            assert!(
                at(role).unwrap() < at("P3").unwrap(),
                "pricing first: {anesthesia_code:?}"
            );
        }
        assert!(
            anesthesia_code.contains(&"P3".to_string())
                && !anesthesia_code.contains(&"F5".to_string())
        );
        let pci = labels(&format!("{CLAIM}line 2026-11-02 92928-"));
        assert!(pci.contains(&"LD".to_string()) && !pci.contains(&"E1".to_string()));
    }

    #[test]
    fn pointer_letters_with_their_diagnoses() {
        let items = complete(
            &format!("{CLAIM}line 2026-11-02 77372 dx=A,"),
            usize::MAX,
            &Config::default(),
        );
        let got: Vec<_> = items
            .iter()
            .map(|c| (c.label.as_str(), c.detail.as_deref().unwrap()))
            .collect();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "B");
        assert!(
            got[0]
                .1
                .starts_with("C34.11 Malignant neoplasm of upper lobe")
        );
    }

    #[test]
    fn icd_codes_by_prefix_and_words_billable_first() {
        let by_prefix = labels(&format!("{CLAIM}dx C C79.3"));
        assert_eq!(by_prefix[0], "C79.31", "billable first: {by_prefix:?}");
        assert!(by_prefix.contains(&"C79.3".to_string()));
        let by_words = labels(&format!("{CLAIM}dx C secondary_brain"));
        assert!(by_words.contains(&"C79.31".to_string()), "{by_words:?}");
    }

    #[test]
    fn places_payers_attributes_and_values() {
        assert!(labels(&format!("{CLAIM}pos 2")).contains(&"22".to_string()));
        assert!(labels(&format!("{CLAIM}line 2026-11-02 77372 pos=1")).contains(&"19".to_string()));
        assert_eq!(labels("claim A\npayer Uni"), ["UnitedHealthcare"]);
        assert_eq!(
            labels(&format!("{CLAIM}line 2026-11-02 77372 units=1 ")),
            ["dx=", "charge=", "pos=", "rendering=", "auth="]
        );
        assert_eq!(
            labels("claim A\npatient DOE dob=1964-03-02 sex="),
            ["F", "M", "U"]
        );
        assert!(
            labels(&format!("{CLAIM}line 2026-11-02 77372 # ")).is_empty(),
            "nothing inside comments"
        );
    }

    #[test]
    fn resolve_gives_full_docs() {
        let doc = resolve(&Resolve::Procedure("77371".into()), &Config::default());
        assert!(doc.contains("**77371**") && doc.contains("PC/TC indicator"));
        assert!(
            resolve(&Resolve::Diagnosis("C79.31".into()), &Config::default()).contains("brain")
        );
        assert!(resolve(&Resolve::Modifier("59".into()), &Config::default()).contains("**59**"));
    }

    #[test]
    fn several_words_after_the_letter_search_icd_titles_best_first() {
        for (typed, first) in [
            ("dx A brain metast", "C79.31"),
            ("dx A secondary brain", "C79.31"),
            ("dx B type 2 diabetes", "E11.9"),
            ("dx B type_2_diabetes", "E11.9"),
        ] {
            let found = labels(&format!("{CLAIM}{typed}"));
            assert_eq!(
                found.first().map(String::as_str),
                Some(first),
                "{typed}: {found:?}"
            );
        }
        // The items replace the whole query, not its last word.
        let text = format!("{CLAIM}dx A brain metast");
        let items = complete(&text, text.len(), &Config::default());
        assert_eq!(
            &text[items[0].replace.start..items[0].replace.end],
            "brain metast"
        );
    }

    #[test]
    fn a_wide_code_prefix_lists_billable_codes_then_narrower_headers() {
        // C79 has 24 billable codes, more than are listed: the billable
        // codes one level down, then the headers C79.0…C79.8 narrow the list.
        let found = labels(&format!("{CLAIM}dx A C79"));
        assert!(found.contains(&"C79.3…".to_string()), "{found:?}");
        assert!(
            found.contains(&"C79.2".to_string()),
            "a billable code one level down: {found:?}"
        );
        assert!(!found.contains(&"C79.31".to_string()), "{found:?}");
        let text = format!("{CLAIM}dx A C79");
        let items = complete(&text, text.len(), &Config::default());
        let more = items.iter().find(|i| i.label == "C79.3…").unwrap();
        assert_eq!(more.insert, "C79.3");
        assert!(
            more.detail
                .as_deref()
                .unwrap()
                .starts_with("2 codes under C79.3"),
            "{:?}",
            more.detail
        );
        // A narrow prefix lists its billable codes, then the headers.
        let narrow = labels(&format!("{CLAIM}dx A C34.1"));
        assert_eq!(narrow[..3], ["C34.10", "C34.11", "C34.12"]);
        // One capital letter: the categories under it (three characters).
        let letter = labels(&format!("{CLAIM}dx A E"));
        assert!(letter.contains(&"E11…".to_string()), "{letter:?}");
        assert!(letter.iter().all(|l| l.chars().count() <= 4), "{letter:?}");
    }

    #[test]
    fn completion_offers_what_the_rules_accept_on_the_eye_visit_codes() {
        // 92002-92014 may carry 25 (data/code_classes.tsv): the rule lets it
        // stand, so completion offers it.
        let eye = labels(&format!("{CLAIM}line 2026-11-02 92014-"));
        assert!(eye.contains(&"25".to_string()), "{eye:?}");
        let procedure = labels(&format!("{CLAIM}line 2026-11-02 77300-"));
        assert!(!procedure.contains(&"25".to_string()), "{procedure:?}");
    }
}

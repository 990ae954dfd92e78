//! Formatting: one canonical layout, without changing meaning or comments.
//!
//! Service lines of a claim are aligned in columns (date, code, then the
//! attributes in the order units, dx, charge, pos), starting at the left
//! margin (an indented line would break the columns); dates become
//! `YYYY-MM-DD`, amounts `8950.00`. The formatter writes what the
//! diagnostics ask for when that cannot change meaning: procedure codes,
//! modifiers, diagnosis letters, pointers and the patient's sex in capitals
//! (`letter-case`), ICD-10-CM codes in their standard form (`icd-format`:
//! capitals, the dot after the third character), and pricing modifiers
//! first (`modifier-order`, whose order `policy::modifier_order` gives).
//! Header lines get single spaces. Comments, blank lines and any line with
//! a syntax error are left exactly as they are. Formatting is idempotent.

use crate::model::{Patient, ServiceLine};
use crate::span::Span;
use crate::syntax::{Item, LineParse, parse_line};
use crate::text;
use crate::values::{format_amount, format_date, parse_amount, parse_date, parse_units};

/// Replace the content of one line (its break excluded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineEdit {
    /// 0-based line number.
    pub line: usize,
    pub span: Span,
    pub new_text: String,
}

/// Edits for every line that changes.
pub fn format(text: &str) -> Vec<LineEdit> {
    format_lines(text, 0, usize::MAX)
}

/// Edits for the changed lines among `first..=last` (0-based); alignment
/// still takes the whole claim into account.
pub fn format_lines(text: &str, first: usize, last: usize) -> Vec<LineEdit> {
    let lines: Vec<(usize, &str)> = text::lines(text).collect();
    let parsed: Vec<LineParse<'_>> = lines.iter().map(|(at, l)| parse_line(l, *at)).collect();
    let mut edits = Vec::new();
    let mut block_start = 0;
    for i in 0..=parsed.len() {
        let boundary = i == parsed.len() || matches!(parsed[i].item, Item::Claim { .. });
        if boundary && i > block_start {
            format_block(&lines, &parsed, block_start, i, first, last, &mut edits);
        }
        if boundary {
            block_start = i;
        }
    }
    edits
}

/// Applies `format` to the text (for tests and the CLI).
pub fn formatted(text: &str) -> String {
    let mut out = text.to_string();
    for edit in format(text).iter().rev() {
        out.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    out
}

/// The canonical cells of a service line.
struct Cells {
    date: String,
    code: String,
    attrs: [Option<String>; 6],
}

fn cells(line: &ServiceLine<'_>) -> Cells {
    let date = |t: &str| {
        parse_date(t)
            .map(format_date)
            .unwrap_or_else(|_| t.to_string())
    };
    let dates = match line.to {
        Some(to) => format!("{}..{}", date(line.from.text), date(to.text)),
        None => date(line.from.text),
    };
    // The model holds modifiers and pointers in capitals already; a code
    // is put in capitals when that makes it a code (see `syntax::case`).
    let mut code = line.code.text.to_string();
    let upper = code.to_ascii_uppercase();
    if crate::values::code_shape(&upper).is_some() {
        code = upper;
    }
    // Pricing modifiers first, as `modifier-order` asks (the same answer).
    let written: smallvec::SmallVec<[&str; 4]> = line.modifiers.iter().map(|m| m.text).collect();
    for m in crate::policy::modifier_order(&crate::knowledge::Knowledge::embedded(), &written) {
        code.push('-');
        code.push_str(m);
    }
    let units = line.units.map(|u| {
        format!(
            "units={}",
            parse_units(u.text).map_or(u.text.to_string(), |n| n.to_string())
        )
    });
    let dx = line.pointer_list.map(|_| {
        let letters: Vec<&str> = line.pointers.iter().map(|p| p.text).collect();
        format!("dx={}", letters.join(","))
    });
    let charge = line.charge.map(|c| {
        format!(
            "charge={}",
            parse_amount(c.text).map_or(c.text.to_string(), |v| format_amount(v, false))
        )
    });
    let pos = line.pos.map(|p| format!("pos={}", p.text));
    let rendering = line.rendering.map(|r| format!("rendering={}", r.text));
    let auth = line.auth.map(|a| format!("auth={}", a.text));
    Cells {
        date: dates,
        code,
        attrs: [units, dx, charge, pos, rendering, auth],
    }
}

/// An ICD-10-CM code as `icd-format` asks for it: the standard form of a
/// code claimls knows (`c7931` → `C79.31`); any other code only in
/// capitals, when it is letters, digits and dots (a code claimls does not
/// know is left as the same code).
fn icd_code(text: &str) -> String {
    let kb = crate::knowledge::Knowledge::embedded();
    if let Some(entry) = kb.icd(text) {
        return entry.code.to_string();
    }
    if let Some(code) = kb.icd_on(text, None).code {
        return code.to_string();
    }
    if text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.') {
        text.to_ascii_uppercase()
    } else {
        text.to_string()
    }
}

fn header(item: &Item<'_>) -> Option<String> {
    Some(match item {
        Item::Claim { id: Some(id), auth } => match auth {
            Some(auth) => format!("claim {} auth={}", id.text, auth.text),
            None => format!("claim {}", id.text),
        },
        Item::Payer { name } => format!("payer {}", name.text),
        Item::Patient(Patient {
            name,
            dob,
            sex,
            member,
            ..
        }) => {
            let mut s = format!("patient {}", name.map_or("", |n| n.text));
            if let Some(d) = dob {
                s.push_str(&format!(
                    " dob={}",
                    parse_date(d.text)
                        .map(format_date)
                        .unwrap_or(d.text.to_string())
                ));
            }
            if let Some(x) = sex {
                s.push_str(&format!(" sex={}", x.text));
            }
            if let Some(m) = member {
                s.push_str(&format!(" member={}", m.text));
            }
            s
        }
        Item::Provider {
            role,
            npi: Some(npi),
        } => match role {
            crate::model::ProviderRole::Billing => format!("provider npi={}", npi.text),
            crate::model::ProviderRole::Rendering => format!("rendering npi={}", npi.text),
        },
        Item::Pos { code } => format!("pos {}", code.text),
        Item::Dx { letter, code } => format!("dx {} {}", letter.text, icd_code(code.text)),
        _ => return None,
    })
}

fn format_block(
    lines: &[(usize, &str)],
    parsed: &[LineParse<'_>],
    from: usize,
    to: usize,
    first: usize,
    last: usize,
    edits: &mut Vec<LineEdit>,
) {
    let service: Vec<(usize, Cells)> = (from..to)
        .filter(|&i| parsed[i].errors.is_empty())
        .filter_map(|i| match &parsed[i].item {
            Item::Service(line) => Some((i, cells(line))),
            _ => None,
        })
        .collect();
    let date_w = service
        .iter()
        .map(|(_, c)| c.date.chars().count())
        .max()
        .unwrap_or(0);
    let code_w = service
        .iter()
        .map(|(_, c)| c.code.chars().count())
        .max()
        .unwrap_or(0);
    let mut attr_w = [0; 6];
    for (_, c) in &service {
        for (w, a) in attr_w.iter_mut().zip(&c.attrs) {
            *w = (*w).max(a.as_ref().map_or(0, |a| a.chars().count()));
        }
    }
    for i in from..to {
        if i < first || i > last || !parsed[i].errors.is_empty() {
            continue;
        }
        let content = match &parsed[i].item {
            Item::Service(_) => {
                let c = &service
                    .iter()
                    .find(|(j, _)| *j == i)
                    .expect("service line has cells")
                    .1;
                let mut s = format!("line {:<date_w$} {:<code_w$}", c.date, c.code);
                for (w, a) in attr_w.iter().zip(&c.attrs) {
                    if *w > 0 {
                        s.push(' ');
                        s.push_str(&format!("{:<w$}", a.as_deref().unwrap_or(""), w = *w));
                    }
                }
                s.trim_end().to_string()
            }
            other => match header(other) {
                Some(h) => h,
                None => continue,
            },
        };
        // No indentation: a line indented among aligned ones breaks the
        // columns, and indentation means nothing in the format.
        let (start, line) = lines[i];
        let comment = line.find('#').map(|h| &line[h..]);
        let new_text = match comment {
            Some(c) => format!("{content}  {c}"),
            None => content,
        };
        if new_text != line {
            edits.push(LineEdit {
                line: i,
                span: Span::new(start, start + line.len()),
                new_text,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;

    const MESSY: &str = "# batch\nclaim   A\npayer   Blue Cross Blue Shield\npatient DOE, JANE sex=f   dob=03/02/1964\ndx a C79.31\nline 11/02/2026 77372 units=1 dx=a charge=$8,950.00   # delivery\nline 2026-11-02   77300-26-xs charge=120 dx=A\n  line 2026-11-03..11/05/2026 77336 units=01 dx=A pos=22\nline bad line here\n";

    #[test]
    fn aligns_and_normalises() {
        let out = formatted(MESSY);
        let expected = "# batch\nclaim A\npayer Blue Cross Blue Shield\npatient DOE, JANE dob=1964-03-02 sex=F\ndx A C79.31\nline 2026-11-02             77372       units=1 dx=A charge=8950.00  # delivery\nline 2026-11-02             77300-26-XS         dx=A charge=120.00\nline 2026-11-03..2026-11-05 77336       units=1 dx=A                pos=22\nline bad line here\n";
        assert_eq!(out, expected);
    }

    /// (line, rule, severity) of every finding, in a stable order: a
    /// reordered modifier moves its findings within the line.
    fn findings_by_line(text: &str) -> Vec<(usize, &'static str, crate::Severity)> {
        let index = crate::text::LineIndex::new(text);
        let mut out: Vec<_> = analyze(text, &crate::rules::testing::config())
            .diagnostics
            .iter()
            .map(|d| (index.line_of(d.span.start), d.code, d.severity))
            .collect();
        out.sort_by_key(|(line, code, _)| (*line, *code));
        out
    }

    /// What the formatter fixes: its findings go, every other one stays.
    const FIXED_BY_FORMATTING: [&str; 3] = ["letter-case", "icd-format", "modifier-order"];

    #[test]
    fn is_idempotent_and_keeps_meaning() {
        let mut texts = vec![MESSY.to_string()];
        // Every example, the scrubber tour's mistakes among them.
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut names: Vec<_> = std::fs::read_dir(&examples)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "claim"))
            .collect();
        names.sort();
        assert!(names.len() >= 7, "{names:?}");
        for name in &names {
            texts.push(std::fs::read_to_string(name).unwrap());
        }
        for text in &texts {
            let once = formatted(text);
            assert_eq!(formatted(&once), once, "formatting twice equals once");
            let (before, after) = (findings_by_line(text), findings_by_line(&once));
            assert!(
                after
                    .iter()
                    .all(|(_, code, _)| !FIXED_BY_FORMATTING.contains(code)),
                "{after:?}"
            );
            let kept: Vec<_> = before
                .into_iter()
                .filter(|(_, c, _)| !FIXED_BY_FORMATTING.contains(c))
                .collect();
            assert_eq!(after, kept, "same findings on the same lines");
        }
    }

    #[test]
    fn writes_in_capitals_what_letter_case_and_icd_format_ask_for() {
        let text = "claim A\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=f\ndx a c7931\ndx b c34.11\ndx c z99.999\nline 2026-11-02 g0339-tc dx=a,b\n";
        let out = formatted(text);
        assert_eq!(
            out,
            "claim A\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F\ndx A C79.31\ndx B C34.11\ndx C Z99.999\nline 2026-11-02 G0339-TC dx=A,B\n"
        );
        let before = findings_by_line(text);
        assert!(
            before.iter().any(|(_, c, _)| *c == "icd-format"),
            "{before:?}"
        );
        let after = findings_by_line(&out);
        assert!(
            after
                .iter()
                .all(|(_, c, _)| *c != "icd-format" && *c != "letter-case"),
            "{after:?}"
        );
    }

    #[test]
    fn writes_pricing_modifiers_first_as_modifier_order_asks() {
        let text = "claim A\npayer Medicare\ndx A C79.31\nline 2026-11-02 77300-59-26 dx=A\nline 2026-11-02 26750-F5-GA-80 dx=A\nline 2026-11-02 77280-xs-tc dx=A\n";
        let asked: Vec<String> = crate::rules::testing::findings("modifier-order", text)
            .iter()
            .map(|d| d.message.rsplit(", ").next().unwrap().to_string())
            .collect();
        assert_eq!(asked, ["77300-26-59", "26750-80-F5-GA", "77280-TC-XS"]);
        let out = formatted(text);
        for order in &asked {
            assert!(out.contains(&format!("{order} ")), "{order} in:\n{out}");
        }
        assert!(crate::rules::testing::findings("modifier-order", &out).is_empty());
        // Already in order (or with no pricing modifier): kept as written.
        let kept = "claim A\nline 2026-11-02 77300-26-59 dx=A\nline 2026-11-02 77300-XS-59 dx=A\n";
        assert_eq!(formatted(kept), kept);
    }

    #[test]
    fn lines_start_at_the_margin_but_bad_lines_keep_their_indentation() {
        let text = "claim A\n  payer Medicare\n\tdx A C79.31\n    line 2026-11-02 77372 dx=A\nline 2026-11-03 77300 units=2 dx=A\n  line oops\n";
        assert_eq!(
            formatted(text),
            "claim A\npayer Medicare\ndx A C79.31\nline 2026-11-02 77372         dx=A\nline 2026-11-03 77300 units=2 dx=A\n  line oops\n"
        );
    }

    #[test]
    fn range_formatting_touches_only_the_range() {
        let edits = format_lines(MESSY, 5, 5);
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].line, 5);
    }
}

//! Formatting: one canonical layout, without changing meaning or comments.
//!
//! Service lines of a claim are aligned in columns (date, code, then the
//! attributes in the order units, dx, charge, pos); dates become
//! `YYYY-MM-DD`, amounts `8950.00`; codes, modifiers, diagnosis letters,
//! pointers and the patient's sex are written in capitals (what the
//! `letter-case` rule asks). Header lines get single spaces. Indentation, comments, blank lines and any line with a
//! syntax error are left exactly as they are. Formatting is idempotent.

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
    attrs: [Option<String>; 4],
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
    for m in &line.modifiers {
        code.push('-');
        code.push_str(m.text);
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
    Cells {
        date: dates,
        code,
        attrs: [units, dx, charge, pos],
    }
}

fn header(item: &Item<'_>) -> Option<String> {
    Some(match item {
        Item::Claim { id: Some(id) } => format!("claim {}", id.text),
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
        Item::Dx { letter, code } => format!("dx {} {}", letter.text, code.text),
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
    let mut attr_w = [0; 4];
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
        let (start, line) = lines[i];
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        let comment = line.find('#').map(|h| &line[h..]);
        let new_text = match comment {
            Some(c) => format!("{indent}{content}  {c}"),
            None => format!("{indent}{content}"),
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
        let expected = "# batch\nclaim A\npayer Blue Cross Blue Shield\npatient DOE, JANE dob=1964-03-02 sex=F\ndx A C79.31\nline 2026-11-02             77372       units=1 dx=A charge=8950.00  # delivery\nline 2026-11-02             77300-26-XS         dx=A charge=120.00\n  line 2026-11-03..2026-11-05 77336       units=1 dx=A                pos=22\nline bad line here\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn is_idempotent_and_keeps_meaning() {
        for text in [
            MESSY,
            include_str!("../../../../examples/srs-problems.claim"),
            include_str!("../../../../examples/gamma-knife-aetna.claim"),
            include_str!("../../../../examples/srs-linac-medicare.claim"),
        ] {
            let once = formatted(text);
            assert_eq!(formatted(&once), once, "formatting twice equals once");
            // Formatting writes capitals, so letter-case findings go and
            // every other finding stays.
            let key = |t: &str| {
                let index = crate::text::LineIndex::new(t);
                analyze(t, &crate::rules::testing::config())
                    .diagnostics
                    .iter()
                    .map(|d| (index.line_of(d.span.start), d.code, d.severity))
                    .collect::<Vec<_>>()
            };
            let (before, after) = (key(text), key(&once));
            assert!(
                after.iter().all(|(_, code, _)| *code != "letter-case"),
                "{after:?}"
            );
            let kept: Vec<_> = before
                .into_iter()
                .filter(|(_, c, _)| *c != "letter-case")
                .collect();
            assert_eq!(after, kept, "same findings on the same lines");
        }
    }

    #[test]
    fn range_formatting_touches_only_the_range() {
        let edits = format_lines(MESSY, 5, 5);
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].line, 5);
    }
}

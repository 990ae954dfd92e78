//! Hover: what the thing under the cursor is, what it means for this
//! claim, and where the fact came from — as Markdown.
//!
//! [`hover`] finds the token under the cursor; one module per kind of
//! token composes the text from the knowledge base.

mod claim;
mod icd;
mod modifier;
mod payer;
mod place;
mod procedure;

use crate::config::Config;
use crate::span::{Span, Tok};
use crate::syntax::{self, Claim, ServiceLine};

/// Hover text and the span it describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}

/// The hover at byte `offset` of `text`, if the cursor is on something
/// claimls knows about.
pub fn hover(text: &str, offset: usize, config: &Config) -> Option<Hover> {
    crate::analysis::fault_injection(text);
    let doc = syntax::parse_claim_at(text, offset);
    let claim = doc.claim_at(offset)?;
    let kb = &config.knowledge;
    fn at<'a>(t: &Option<Tok<'a>>, offset: usize) -> Option<Tok<'a>> {
        t.filter(|t| t.span().touches(offset))
    }
    let markdown = |span, markdown| Some(Hover { span, markdown });

    if let Some(id) = at(&claim.id, offset) {
        return markdown(id.span(), claim::describe(claim));
    }
    if let Some(payer) = at(&claim.payer, offset) {
        return markdown(payer.span(), payer::describe(payer.text, kb));
    }
    if let Some(pos) = at(&claim.pos, offset) {
        return markdown(pos.span(), place::describe(pos.text, None, kb));
    }
    for dx in &claim.diagnoses {
        if dx.letter.span().touches(offset) || dx.code.span().touches(offset) {
            let span = if dx.letter.span().touches(offset) {
                dx.letter.span()
            } else {
                dx.code.span()
            };
            return markdown(
                span,
                icd::describe(dx.code.text, Some((claim, dx.letter.text)), kb),
            );
        }
    }
    for line in &claim.lines {
        if !line.span.touches(offset) {
            continue;
        }
        return line_hover(claim, line, offset, config);
    }
    None
}

fn line_hover<'a>(
    claim: &Claim<'a>,
    line: &ServiceLine<'a>,
    offset: usize,
    config: &Config,
) -> Option<Hover> {
    let kb = &config.knowledge;
    let payer = claim.payer.map(|p| p.text);
    if line.code.span().touches(offset) {
        return Some(Hover {
            span: line.code.span(),
            markdown: procedure::describe(line.code.text, Some((claim, line)), payer, kb),
        });
    }
    if let Some(m) = line.modifiers.iter().find(|m| m.span().touches(offset)) {
        return Some(Hover {
            span: m.span(),
            markdown: modifier::describe(m.text, Some(line), kb),
        });
    }
    if let Some(letter) = line.pointers.iter().find(|p| p.span().touches(offset)) {
        let markdown = match claim.diagnosis(letter.text) {
            Some(dx) => icd::describe(dx.code.text, Some((claim, letter.text)), kb),
            None => format!(
                "**dx={}** points to no diagnosis: this claim declares no `dx {}` line.",
                letter.text, letter.text
            ),
        };
        return Some(Hover {
            span: letter.span(),
            markdown,
        });
    }
    if let Some(pos) = line.pos.filter(|p| p.span().touches(offset)) {
        return Some(Hover {
            span: pos.span(),
            markdown: place::describe(pos.text, Some(line.code.text), kb),
        });
    }
    None
}

/// A procedure code's documentation without a claim around it (completion).
pub fn describe_procedure(code: &str, kb: &crate::knowledge::Knowledge) -> String {
    procedure::describe(code, None, None, kb)
}

/// A modifier's documentation without a line around it (completion).
pub fn describe_modifier(code: &str, kb: &crate::knowledge::Knowledge) -> String {
    modifier::describe(code, None, kb)
}

/// An ICD-10-CM code's documentation without a claim around it (completion).
pub fn describe_diagnosis(code: &str, kb: &crate::knowledge::Knowledge) -> String {
    icd::describe(code, None, kb)
}

/// Joins a list as `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

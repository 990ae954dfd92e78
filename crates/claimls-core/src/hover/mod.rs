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
use crate::diagnostic::Diagnostic;
use crate::model::{Claim, ServiceLine};
use crate::span::{Span, Tok};
use crate::syntax::{self};

/// Hover text and the span it describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}

/// The hover at byte `offset` of `text`, if the cursor is on something
/// claimls knows about.
pub fn hover(text: &str, offset: usize, config: &Config) -> Option<Hover> {
    hover_indexed(text, None, offset, config)
}

/// [`hover`], with the document's line index when the caller keeps one
/// (the server does: then finding the claim's first line costs O(log n)).
pub fn hover_indexed(
    text: &str,
    lines: Option<&crate::text::LineIndex>,
    offset: usize,
    config: &Config,
) -> Option<Hover> {
    crate::analysis::fault_injection(text);
    let doc = syntax::parse_claim_at(text, offset);
    let claim = doc.claim_at(offset)?;
    let kb = &config.knowledge;
    // The claim's findings: each hover lists those on its token, as the
    // rules made them (hover makes no verdict of its own).
    let findings = crate::analysis::findings_at(text, lines, offset, config);
    let on = |span: Span| -> Vec<&Diagnostic> {
        findings
            .iter()
            .filter(|d| d.span.start <= span.end && span.start <= d.span.end)
            .collect()
    };
    fn at<'a>(t: &Option<Tok<'a>>, offset: usize) -> Option<Tok<'a>> {
        t.filter(|t| t.span().touches(offset))
    }
    // The token's facts, and the findings on it (or, for a procedure code,
    // on its whole line: the code stands for the line).
    let (span, mut markdown, findings_on) = if let Some(id) = at(&claim.id, offset) {
        (id.span(), claim::describe(claim), id.span())
    } else if let Some(payer) = at(&claim.payer, offset) {
        (payer.span(), payer::describe(payer.text, kb), payer.span())
    } else if let Some(pos) = at(&claim.pos, offset) {
        (pos.span(), place::describe(pos.text, None, kb), pos.span())
    } else if let Some(dx) = claim
        .diagnoses
        .iter()
        .find(|dx| dx.letter.span().touches(offset) || dx.code.span().touches(offset))
    {
        let span = if dx.letter.span().touches(offset) {
            dx.letter.span()
        } else {
            dx.code.span()
        };
        let text = icd::describe(dx.code.text, Some((claim, dx.letter.text)), kb);
        (span, text, span)
    } else {
        let line = claim.lines.iter().find(|l| l.span.touches(offset))?;
        line_hover(claim, line, offset, config)?
    };
    append_findings(&mut markdown, &on(findings_on));
    Some(Hover { span, markdown })
}

/// Where a description wants the claim's findings, when not just before
/// its closing source line.
const FINDINGS_HERE: &str = "\u{0}findings\u{0}";

/// The findings of the claim on one token, listed after its facts: where
/// the description marked [`FINDINGS_HERE`], else before its closing
/// source line, else at the end.
fn append_findings(out: &mut String, findings: &[&Diagnostic]) {
    let mut section = String::new();
    if !findings.is_empty() {
        section.push_str("**On this claim**\n\n");
        for d in findings {
            section.push_str(&format!(
                "- {} `{}`: {}\n",
                d.severity.as_str(),
                d.code,
                d.message
            ));
        }
        section.push('\n');
    }
    if let Some(at) = out.find(FINDINGS_HERE) {
        out.replace_range(at..at + FINDINGS_HERE.len(), &section);
        return;
    }
    if section.is_empty() {
        return;
    }
    match out.rfind("\n_Source") {
        Some(at) => out.insert_str(at + 1, &section),
        None => {
            out.push_str("\n\n");
            out.push_str(section.trim_end());
        }
    }
}

/// The hovered token of a service line: its span, its facts, and the span
/// whose findings the hover lists.
fn line_hover<'a>(
    claim: &Claim<'a>,
    line: &ServiceLine<'a>,
    offset: usize,
    config: &Config,
) -> Option<(Span, String, Span)> {
    let kb = &config.knowledge;
    let payer = claim.payer.map(|p| p.text);
    if line.code.span().touches(offset) {
        let text = procedure::describe(line.code.text, line.from_date.ok(), true, payer, kb);
        return Some((line.code.span(), text, line.span));
    }
    if let Some(m) = line.modifiers.iter().find(|m| m.span().touches(offset)) {
        return Some((
            m.span(),
            modifier::describe(m.text, Some(line), kb),
            m.span(),
        ));
    }
    if let Some(letter) = line.pointers.iter().find(|p| p.span().touches(offset)) {
        let text = match claim.diagnosis(letter.text) {
            Some(dx) => icd::describe(dx.code.text, Some((claim, letter.text)), kb),
            // That it points to nothing is the rule's finding, listed below.
            None => format!("**dx={}**", letter.text),
        };
        return Some((letter.span(), text, letter.span()));
    }
    if let Some(pos) = line.pos.filter(|p| p.span().touches(offset)) {
        let text = place::describe(pos.text, Some(line.code.text), kb);
        return Some((pos.span(), text, pos.span()));
    }
    None
}

/// A procedure code's documentation without a claim around it (completion).
pub fn describe_procedure(code: &str, kb: &crate::knowledge::Knowledge) -> String {
    procedure::describe(code, None, false, None, kb)
}

/// A modifier's documentation without a line around it (completion).
pub fn describe_modifier(code: &str, kb: &crate::knowledge::Knowledge) -> String {
    modifier::describe(code, None, kb)
}

/// An ICD-10-CM code's documentation without a claim around it (completion).
pub fn describe_diagnosis(code: &str, kb: &crate::knowledge::Knowledge) -> String {
    icd::describe(code, None, kb)
}

//! Grouping parsed lines into claims.

use super::line::{Item, LineParse};
use super::{Suppression, SyntaxError};
use crate::model::{Claim, Diagnosis, Label, Provider, ProviderRole, ServiceLine};
use crate::span::Span;

/// A parsed document: its claims, the shape errors, and the inline
/// suppressions.
#[derive(Clone, Debug, Default)]
pub struct Document<'a> {
    pub claims: Vec<Claim<'a>>,
    pub errors: Vec<SyntaxError>,
    /// Values written in lower case where the format means capitals (the
    /// model holds them in capitals; see `syntax::case`).
    pub case: Vec<super::CaseLint>,
    pub suppressions: Vec<Suppression<'a>>,
    /// Spans of `# claimls: ignore` comments that are not `ignore[RULE, …]`.
    pub bad_suppressions: Vec<Span>,
}

impl<'a> Document<'a> {
    /// The claim whose span contains `offset`.
    pub fn claim_at(&self, offset: usize) -> Option<&Claim<'a>> {
        let i = self.claims.partition_point(|c| c.anchor.start <= offset);
        self.claims[..i].last().filter(|c| offset <= c.span.end)
    }
}

/// Emptied vectors of parsed documents, for the next parse to fill.
#[derive(Default)]
pub struct Spare<'a> {
    claims: Vec<Claim<'a>>,
    lines: Vec<Vec<ServiceLine<'a>>>,
    diagnoses: Vec<Vec<Diagnosis<'a>>>,
}

impl<'a> Spare<'a> {
    /// Takes back `doc`'s vectors, emptied.
    pub fn recycle(&mut self, mut doc: Document<'a>) {
        for claim in doc.claims.drain(..) {
            let (mut lines, mut diagnoses) = (claim.lines, claim.diagnoses);
            lines.clear();
            diagnoses.clear();
            self.lines.push(lines);
            self.diagnoses.push(diagnoses);
        }
        self.claims = doc.claims;
    }
}

pub(super) struct Builder<'a, 's> {
    doc: Document<'a>,
    current: Option<Claim<'a>>,
    spare: &'s mut Spare<'a>,
}

impl<'a, 's> Builder<'a, 's> {
    pub(super) fn new(spare: &'s mut Spare<'a>) -> Self {
        Builder {
            doc: Document {
                claims: std::mem::take(&mut spare.claims),
                ..Document::default()
            },
            current: None,
            spare,
        }
    }

    pub(super) fn push(&mut self, line_no: usize, parsed: LineParse<'a>) {
        self.doc.errors.extend(parsed.errors);
        self.doc.case.extend(parsed.case);
        if let Some(rules) = parsed.ignore {
            self.doc.suppressions.push(Suppression {
                line: line_no,
                rules,
            });
        }
        self.doc.bad_suppressions.extend(parsed.bad_ignore);
        let span = parsed.span;
        if let Item::Claim { id, auth } = parsed.item {
            self.close_claim();
            self.current = Some(Claim {
                span,
                anchor: parsed.keyword.map(|k| k.span()).unwrap_or(span),
                id,
                first_line: line_no,
                payer: None,
                patient: None,
                billing_provider: None,
                rendering_provider: None,
                pos: None,
                auth,
                // Room for a typical claim: growing a vector of service
                // lines moves every line already in it.
                diagnoses: self
                    .spare
                    .diagnoses
                    .pop()
                    .unwrap_or_else(|| Vec::with_capacity(4)),
                lines: self
                    .spare
                    .lines
                    .pop()
                    .unwrap_or_else(|| Vec::with_capacity(8)),
            });
            return;
        }
        if matches!(parsed.item, Item::Empty) {
            return;
        }
        let Some(claim) = self.current.as_mut() else {
            let keyword = parsed.keyword.map(|k| k.text).unwrap_or("");
            if !matches!(parsed.item, Item::Invalid) {
                self.doc.errors.push(SyntaxError {
                    span,
                    message: format!(
                        "`{keyword}` outside a claim: start the claim with `claim <id>` on a line before it"
                    ),
                });
            }
            return;
        };
        claim.span = claim.span.cover(span);
        match parsed.item {
            Item::Payer { name } => {
                once(&mut claim.payer, name, span, "payer", &mut self.doc.errors)
            }
            Item::Patient(patient) => once(
                &mut claim.patient,
                patient,
                span,
                "patient",
                &mut self.doc.errors,
            ),
            Item::Provider { role, npi } => {
                let (slot, keyword) = match role {
                    ProviderRole::Billing => (&mut claim.billing_provider, "provider"),
                    ProviderRole::Rendering => (&mut claim.rendering_provider, "rendering"),
                };
                once(
                    slot,
                    Provider { span, npi },
                    span,
                    keyword,
                    &mut self.doc.errors,
                )
            }
            Item::Pos { code } => once(&mut claim.pos, code, span, "pos", &mut self.doc.errors),
            Item::Dx { letter, code } => claim.diagnoses.push(Diagnosis {
                span,
                label: Label::Line(line_no),
                letter,
                code,
            }),
            Item::Service(mut line) => {
                line.label = Label::Line(line_no);
                claim.lines.push(line);
            }
            Item::Claim { .. } | Item::Empty | Item::Invalid => {}
        }
    }

    fn close_claim(&mut self) {
        if let Some(claim) = self.current.take() {
            self.doc.claims.push(claim);
        }
    }

    pub(super) fn finish(mut self) -> Document<'a> {
        self.close_claim();
        self.doc
    }
}

/// Header items appear once per claim; a second one is an error that points
/// at the second and keeps the first.
fn once<T>(
    slot: &mut Option<T>,
    value: T,
    span: Span,
    keyword: &str,
    errors: &mut Vec<SyntaxError>,
) {
    if slot.is_some() {
        errors.push(SyntaxError {
            span,
            message: format!(
                "a claim has one `{keyword}` line; this one repeats it (the first one is used)"
            ),
        });
    } else {
        *slot = Some(value);
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::parse;

    const EXAMPLE: &str = "# Freestanding center\nclaim SRS-0001\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\ndx B C34.11\n\nline 2026-11-02 77372 units=1 dx=A,B charge=8950.00\nline 2026-11-02 77432 units=1 dx=A charge=1200.00\n";

    #[test]
    fn the_issue_example_parses_cleanly() {
        let doc = parse(EXAMPLE);
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        assert_eq!(doc.claims.len(), 1);
        let claim = &doc.claims[0];
        assert_eq!(claim.id.unwrap().text, "SRS-0001");
        assert_eq!(claim.payer.unwrap().text, "Medicare");
        assert_eq!(claim.diagnoses.len(), 2);
        assert_eq!(claim.lines.len(), 2);
        assert_eq!(claim.lines[1].label, crate::model::Label::Line(10));
        assert_eq!(claim.diagnosis("B").unwrap().code.text, "C34.11");
    }

    #[test]
    fn the_provider_line_names_the_billing_and_the_rendering_party() {
        let text = "claim A\nprovider npi=1234567893\nrendering npi=1245319599\nrendering npi=2000000002\n";
        let doc = parse(text);
        let claim = &doc.claims[0];
        let billing = claim.billing_provider.as_ref().unwrap();
        assert_eq!(billing.npi.unwrap().text, "1234567893");
        let rendering = claim.rendering_provider.as_ref().unwrap();
        assert_eq!(rendering.npi.unwrap().text, "1245319599");
        assert_eq!(
            &text[rendering.span.start..rendering.span.end],
            "rendering npi=1245319599"
        );
        // The repeated line is an error and changes neither party.
        assert_eq!(doc.errors.len(), 1, "{:?}", doc.errors);
        assert!(
            parse("claim A\nprovider npi=1234567893\n").claims[0]
                .rendering_provider
                .is_none()
        );
    }

    #[test]
    fn a_claim_runs_to_the_next_claim_line() {
        let doc = parse("claim A\npayer X\nclaim B\npayer Y\n");
        let payers: Vec<_> = doc.claims.iter().map(|c| c.payer.unwrap().text).collect();
        assert_eq!(payers, ["X", "Y"]);
        let b_start = "claim A\npayer X\n".len();
        assert_eq!(doc.claim_at(b_start + 2).unwrap().id.unwrap().text, "B");
        assert_eq!(doc.claim_at(3).unwrap().id.unwrap().text, "A");
    }

    #[test]
    fn one_bad_line_does_not_hide_the_others() {
        let doc = parse("claim A\nbogus stuff\npayer Medicare\nline 2026-11-02 77372 dx=A\n");
        assert_eq!(doc.errors.len(), 1);
        assert_eq!(doc.claims[0].payer.unwrap().text, "Medicare");
        assert_eq!(doc.claims[0].lines.len(), 1);
    }

    #[test]
    fn parsing_one_claim_gives_the_same_claim_as_the_whole_document() {
        let text =
            format!("# lead\n{EXAMPLE}claim SECOND\npayer Aetna\n  claim THIRD\r\ndx A C79.31\n");
        let whole = parse(&text);
        for claim in &whole.claims {
            for offset in [claim.anchor.start, claim.span.end] {
                let local = crate::syntax::parse_claim_at(&text, offset);
                assert_eq!(local.claims.len(), 1, "at {offset}");
                assert_eq!(&local.claims[0], claim);
            }
        }
        assert!(crate::syntax::parse_claim_at(&text, 2).claims.is_empty());
        // A word that merely starts with "claim" does not open a claim.
        let tricky = "claim A\nclaimant X\n";
        assert_eq!(crate::syntax::claim_block(tricky, 10), (0, tricky.len()));
    }

    #[test]
    fn recycled_vectors_come_back_empty() {
        use crate::syntax::{Spare, claim_blocks, parse_range, parse_range_with};
        // Claim B has no lines or diagnoses: vectors left over from A would show.
        let text = "claim A\ndx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77373 dx=A\nclaim B\npayer X\nclaim C\nline 2026-11-03 77300\n";
        let mut spare = Spare::default();
        for (start, end, first_line) in claim_blocks(text) {
            let fresh = parse_range(text, start, end, first_line);
            let reused = parse_range_with(text, start, end, first_line, &mut spare);
            assert_eq!(reused.claims, fresh.claims);
            spare.recycle(reused);
        }
    }

    #[test]
    fn items_before_the_first_claim_are_reported() {
        let doc = parse("payer Medicare\nclaim A\n");
        assert_eq!(doc.errors.len(), 1);
        assert!(doc.errors[0].message.contains("outside a claim"));
    }

    #[test]
    fn repeated_header_items_are_reported() {
        let doc = parse("claim A\npayer Medicare\npayer Aetna\n");
        assert_eq!(doc.errors.len(), 1);
        assert_eq!(doc.claims[0].payer.unwrap().text, "Medicare");
    }
}

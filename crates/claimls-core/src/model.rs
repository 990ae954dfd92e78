//! The claim model: what every input format lowers to, and what rules,
//! hover and the editing features read. Format-neutral: a value is the text
//! as written with where it is (a [`Tok`]: its span in the document), a
//! finding's location is a span, and an item's [`Label`] is how users of
//! its format name it ("line 27" in a `.claim` file; "LX*3 / SV1" in an
//! X12 837). The `.claim` parser (`syntax`) builds it; format-only matters
//! (syntax errors, ignore comments, keyword and letter case) stay with the
//! format: a `.claim` modifier typed `tc` is `TC` in the model.

use crate::span::{Span, Tok};
use crate::values::DateError;
use smallvec::SmallVec;

/// Where an item is, in the words the users of its format know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// A line of a `.claim` file (0-based; shown 1-based).
    Line(usize),
    /// A segment of an X12 file, named as EDI staff name it: the segment
    /// id, after the service line's `LX` number when it is in one
    /// (`LX*3 / SV1`), and its 1-based position in the file.
    Segment {
        id: &'static str,
        service_line: Option<u32>,
        position: usize,
    },
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Label::Line(n) => write!(f, "line {}", n + 1),
            Label::Segment {
                id,
                service_line: Some(lx),
                ..
            } => write!(f, "LX*{lx} / {id}"),
            Label::Segment { id, position, .. } => write!(f, "{id} (segment {position})"),
        }
    }
}

/// A few tokens, stored inline: a line has at most a handful of modifiers
/// or pointers, and allocating a `Vec` for each line was a fifth of the
/// parse time.
pub type Toks<'a> = SmallVec<[Tok<'a>; 2]>;

/// The patient (boxes 2, 3 and 1a of the CMS-1500; `patient` in a `.claim`
/// file). `member` is the insured's member id under which the payer knows
/// the patient (box 1a; the subscriber's NM109 of an 837, loop 2010BA):
/// claimls checks claims whose patient is the subscriber, as Medicare's are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patient<'a> {
    /// The whole line, keyword to last attribute (comment excluded).
    pub span: Span,
    pub name: Option<Tok<'a>>,
    pub dob: Option<Tok<'a>>,
    pub sex: Option<Tok<'a>>,
    pub member: Option<Tok<'a>>,
}

/// One service line of the claim (box 24 of the CMS-1500; `line` in a `.claim` file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceLine<'a> {
    /// The whole line, keyword to last attribute (comment excluded).
    pub span: Span,
    /// How users of the format name this line ("line 27").
    pub label: Label,
    /// The date or date range as written.
    pub dates: Tok<'a>,
    pub from: Tok<'a>,
    pub to: Option<Tok<'a>>,
    /// `from` and `to` as calendar days. The parser reads each date once
    /// to check its shape; keeping the result spares every date rule from
    /// reading it again.
    pub from_date: Result<time::Date, DateError>,
    pub to_date: Option<Result<time::Date, DateError>>,
    /// The procedure element: the code with its modifiers, as written
    /// (`77300-26-59`; the SV101 composite of an 837).
    pub procedure: Tok<'a>,
    pub code: Tok<'a>,
    pub modifiers: Toks<'a>,
    pub units: Option<Tok<'a>>,
    /// The diagnosis pointers as written (`dx=A,B`; SV107 of an 837), and
    /// each one.
    pub pointer_list: Option<Tok<'a>>,
    pub pointers: Toks<'a>,
    pub charge: Option<Tok<'a>>,
    pub pos: Option<Tok<'a>>,
    /// The format reported a syntax error on this line (a `.claim` line
    /// with an empty modifier or a stray word; a malformed segment of an
    /// 837): what the model holds of it may be partial, so rules that
    /// compare it with other lines leave it out (see [`Self::comparable`]).
    pub malformed: bool,
    /// The NPI of who performed this line, when not the claim's rendering
    /// provider (`rendering=` on a `.claim` line; loop 2420A of an 837P).
    pub rendering: Option<Tok<'a>>,
    /// The payer's prior authorisation number for this line (`auth=`; the
    /// line's REF*G1 of an 837).
    pub auth: Option<Tok<'a>>,
}

impl<'a> ServiceLine<'a> {
    /// Whether this line may be compared with the claim's other lines
    /// (duplicates, unit totals, NCCI pairs): it was read without a syntax
    /// error and its code has the shape of a code. A half-typed line
    /// (`77372-`, `7737`) already has its own finding; counting it again
    /// as a duplicate or as units towards an edit would report one mistake
    /// twice, and about a line that is not what the user means to bill.
    pub fn comparable(&self) -> bool {
        !self.malformed && crate::values::code_shape(self.code.text).is_some()
    }

    /// Each date of service as written, with its value.
    pub fn dates_parsed(
        &self,
    ) -> impl Iterator<Item = (Tok<'a>, Result<time::Date, DateError>)> + use<'a> {
        std::iter::once((self.from, self.from_date)).chain(self.to.zip(self.to_date))
    }

    /// The first and last day of service (`to` clamped to at least `from`),
    /// when the dates are real days.
    pub fn days(&self) -> Option<(time::Date, time::Date)> {
        let from = self.from_date.ok()?;
        let to = self.to_date.unwrap_or(Ok(from)).ok()?;
        Some((from, to.max(from)))
    }
}

/// One claim: header items, diagnoses and service lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim<'a> {
    /// From the `claim` keyword to the end of the claim's last non-empty line.
    pub span: Span,
    /// Where the claim starts (the `claim` keyword; the CLM segment of an
    /// 837): claim-level findings point here.
    pub anchor: Span,
    pub id: Option<Tok<'a>>,
    /// 0-based line of the `claim` keyword.
    pub first_line: usize,
    pub payer: Option<Tok<'a>>,
    pub patient: Option<Patient<'a>>,
    /// Who bills and is paid (box 33 of the CMS-1500; loop 2010AA of an
    /// 837P; `provider npi=` in a `.claim` file).
    pub billing_provider: Option<Provider<'a>>,
    /// Who performed the services, when not the billing provider (box 24J;
    /// loop 2310B; `rendering npi=`).
    pub rendering_provider: Option<Provider<'a>>,
    pub pos: Option<Tok<'a>>,
    /// The payer's prior authorisation number for the whole claim (`auth=`
    /// on the `claim` line; REF*G1 in loop 2300 of an 837).
    pub auth: Option<Tok<'a>>,
    pub diagnoses: Vec<Diagnosis<'a>>,
    pub lines: Vec<ServiceLine<'a>>,
}

/// Which provider party a statement names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderRole {
    Billing,
    Rendering,
}

impl ProviderRole {
    /// How messages name the party ("billing NPI …").
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderRole::Billing => "billing",
            ProviderRole::Rendering => "rendering",
        }
    }
}

/// A provider party of the claim, identified by NPI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provider<'a> {
    /// Where the party is stated (the `provider` or `rendering` line; an
    /// NM1 segment of an 837).
    pub span: Span,
    pub npi: Option<Tok<'a>>,
}

/// A diagnosis of the claim under its pointer letter (`dx A C79.31`; an HI
/// composite of an 837, whose position gives the letter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis<'a> {
    pub span: Span,
    pub label: Label,
    pub letter: Tok<'a>,
    pub code: Tok<'a>,
}

/// The diagnoses one claim carries: letters A to L (box 21 of the
/// CMS-1500; the HI segments of an 837P hold twelve).
pub const MAX_DIAGNOSES: usize = 12;

impl<'a> Claim<'a> {
    /// The diagnoses a payer receives: the first [`MAX_DIAGNOSES`] declared
    /// (the rest are `dx-too-many`'s finding, and rules comparing
    /// diagnoses read no further, however many a draft declares).
    pub fn sent_diagnoses(&self) -> &[Diagnosis<'a>] {
        &self.diagnoses[..self.diagnoses.len().min(MAX_DIAGNOSES)]
    }

    /// The diagnosis declared under `letter`, if any.
    pub fn diagnosis(&self, letter: &str) -> Option<&Diagnosis<'a>> {
        self.diagnoses
            .iter()
            .find(|d| crate::text::same(d.letter.text, letter))
    }

    /// Who performed `line`, by NPI as written: the line's own `rendering=`,
    /// else the claim's rendering provider, else the billing provider (a
    /// solo practitioner bills and renders). Edits that bind one provider
    /// (NCCI PTP, MUE, once-per-course codes, duplicates) compare only the
    /// lines of one performer: on a group claim a neurosurgeon's 61796 and a
    /// radiation oncologist's 77432 are two providers' services.
    pub fn performer(&self, line: &ServiceLine<'a>) -> Option<&'a str> {
        line.rendering
            .or_else(|| self.rendering_provider.as_ref()?.npi)
            .or_else(|| self.billing_provider.as_ref()?.npi)
            .map(|npi| npi.text)
    }

    /// Whether two lines of this claim were performed by the same provider
    /// (as far as the claim says: lines with no NPI at all are taken as one
    /// provider's).
    pub fn same_performer(&self, a: &ServiceLine<'a>, b: &ServiceLine<'a>) -> bool {
        self.performer(a) == self.performer(b)
    }

    /// The prior authorisation that covers `line`: its own `auth=`, else the
    /// claim's.
    pub fn auth_for(&self, line: &ServiceLine<'a>) -> Option<Tok<'a>> {
        line.auth.or(self.auth)
    }

    /// Claim-level place of service, or the line's own when it has one.
    pub fn pos_for<'l>(&'l self, line: &'l ServiceLine<'a>) -> Option<Tok<'a>> {
        line.pos.or(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::Label;

    #[test]
    fn labels_read_as_each_formats_users_name_the_place() {
        assert_eq!(Label::Line(26).to_string(), "line 27");
        let sv1 = Label::Segment {
            id: "SV1",
            service_line: Some(3),
            position: 41,
        };
        assert_eq!(sv1.to_string(), "LX*3 / SV1");
        let clm = Label::Segment {
            id: "CLM",
            service_line: None,
            position: 22,
        };
        assert_eq!(clm.to_string(), "CLM (segment 22)");
    }
}

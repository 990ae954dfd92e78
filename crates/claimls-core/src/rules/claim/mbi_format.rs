//! `mbi-format`: a Medicare member id that is not a Medicare Beneficiary
//! Identifier. The rule itself knows nothing of payers: `data/profiles.toml`
//! turns it off for every non-Medicare profile.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "mbi-format",
    title: "Member id is not a Medicare Beneficiary Identifier",
    severity: Severity::Error,
    what: "On a Medicare claim, `patient member=` does not have the shape of a Medicare Beneficiary Identifier (MBI): 11 characters, where positions 1, 4, 7, 10 and 11 are digits (position 1 is 1–9), positions 2, 5, 8 and 9 are letters, and positions 3 and 6 are a letter or a digit. Letters S, L, O, I, B and Z are never used. Dashes, as printed on the Medicare card (1EG4-TE5-MK73), are not part of the MBI. Payer profiles turn this rule off for every payer but Medicare.",
    why: "Medicare identifies beneficiaries only by MBI since 2020 (the old SSN-based HICN is no longer accepted). A claim whose member id is not a well-formed MBI is rejected as unprocessable before eligibility is even checked.",
    example: "payer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4-TE5-MK73",
    fix: "Copy the MBI from the patient's Medicare card or an eligibility response, as 11 characters without dashes (e.g. 1EG4TE5MK73).",
    check: Some(check),
};

/// What each position holds.
#[derive(Clone, Copy)]
enum Kind {
    /// 1–9.
    NonZero,
    Digit,
    Letter,
    LetterOrDigit,
}

const LAYOUT: [Kind; 11] = {
    use Kind::*;
    [
        NonZero,
        Letter,
        LetterOrDigit,
        Digit,
        Letter,
        LetterOrDigit,
        Digit,
        Letter,
        Letter,
        Digit,
        Digit,
    ]
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(member) = ctx.claim.patient.as_ref().and_then(|p| p.member) else {
        return;
    };
    if let Some(problem) = problem(member.text) {
        out.report(
            member.span(),
            format!(
                "member id {} is not a Medicare Beneficiary Identifier: {problem}",
                member.text
            ),
        );
    }
}

/// What is wrong with `id` as an MBI, if anything. Letters are compared
/// in upper case: CMS converts lower-case letters itself.
fn problem(id: &str) -> Option<String> {
    // Most ids are fine: check them in place before building any text.
    let fine = id.len() == LAYOUT.len()
        && id
            .bytes()
            .zip(LAYOUT.iter())
            .all(|(b, kind)| fits(char::from(b.to_ascii_uppercase()), *kind));
    if fine {
        return None;
    }
    let upper = id.to_ascii_uppercase();
    if upper.contains('-') {
        let bare = upper.replace('-', "");
        return Some(match shape_problem(&bare) {
            None => format!(
                "remove the dashes, which are only printed on the card for reading: write {bare}"
            ),
            Some(problem) => format!("dashes are not part of an MBI, and without them {problem}"),
        });
    }
    shape_problem(&upper)
}

fn shape_problem(id: &str) -> Option<String> {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != LAYOUT.len() {
        let hicn = chars.len() >= 10 && chars[..9].iter().all(char::is_ascii_digit);
        let note = if hicn {
            " (this looks like an old SSN-based HICN, which Medicare no longer accepts)"
        } else {
            ""
        };
        return Some(format!(
            "an MBI has 11 characters, this one has {}{note}",
            chars.len()
        ));
    }
    chars
        .iter()
        .zip(LAYOUT)
        .enumerate()
        .find(|(_, (c, kind))| !fits(**c, *kind))
        .map(|(i, (c, kind))| {
            format!(
                "character {} must be {}, found `{c}`",
                i + 1,
                describe(kind)
            )
        })
}

fn is_mbi_letter(c: char) -> bool {
    c.is_ascii_uppercase() && !matches!(c, 'S' | 'L' | 'O' | 'I' | 'B' | 'Z')
}

fn fits(c: char, kind: Kind) -> bool {
    match kind {
        Kind::NonZero => matches!(c, '1'..='9'),
        Kind::Digit => c.is_ascii_digit(),
        Kind::Letter => is_mbi_letter(c),
        Kind::LetterOrDigit => c.is_ascii_digit() || is_mbi_letter(c),
    }
}

fn describe(kind: Kind) -> &'static str {
    match kind {
        Kind::NonZero => "a digit from 1 to 9",
        Kind::Digit => "a digit",
        Kind::Letter => "a letter other than S, L, O, I, B or Z",
        Kind::LetterOrDigit => "a digit or a letter other than S, L, O, I, B or Z",
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    fn mbi_findings(payer: &str, member: &str) -> Vec<String> {
        let text = claim("dx A C79.31\nline 2026-11-02 77372 dx=A")
            .replace("member=1EG4TE5MK73", &format!("member={member}"))
            .replace("payer Medicare", &format!("payer {payer}"));
        findings("mbi-format", &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }

    #[test]
    fn fails_on_dashes_wrong_length_and_excluded_letters() {
        let dashed = mbi_findings("Medicare", "1EG4-TE5-MK73");
        assert_eq!(dashed.len(), 1);
        assert!(
            dashed[0].contains("remove the dashes") && dashed[0].contains("write 1EG4TE5MK73"),
            "{}",
            dashed[0]
        );
        let hicn = mbi_findings("Medicare", "123456789A");
        assert!(hicn[0].contains("HICN"), "{}", hicn[0]);
        let excluded = mbi_findings("Medicare", "1EG4TE5MS73");
        assert!(
            excluded[0].contains("character 9 must be a letter other than S"),
            "{}",
            excluded[0]
        );
        assert!(mbi_findings("Medicare", "0EG4TE5MK73")[0].contains("character 1"));
    }

    #[test]
    fn passes_on_the_cms_sample_and_off_for_commercial_payers() {
        assert!(mbi_findings("Medicare", "1EG4TE5MK73").is_empty());
        assert!(mbi_findings("Medicare", "1eg4te5mk73").is_empty());
        for payer in ["Aetna", "BCBS", "Cigna", "UHC", "Acme Health"] {
            assert!(mbi_findings(payer, "W123456789").is_empty(), "{payer}");
        }
    }
}

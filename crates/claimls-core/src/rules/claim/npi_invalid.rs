//! `npi-invalid`: a provider's NPI is not a possible NPI.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "npi-invalid",
    title: "Provider NPI is not a valid NPI",
    severity: Severity::Error,
    what: "The billing (`provider npi=`) or rendering (`rendering npi=`, or `rendering=` on a service line) provider's NPI is not a possible National Provider Identifier: it must be 10 digits, start with 1 or 2, and end with the check digit CMS defines (the Luhn formula applied to the NPI with the prefix 80840).",
    why: "Every HIPAA claim identifies the billing provider, and the rendering provider when another professional performed the service, by NPI. Clearinghouses and payers verify the check digit before anything else, so a mistyped NPI gets the whole claim rejected at the front end, and it never reaches adjudication.",
    example: "provider npi=1234567890",
    fix: "Copy the NPI again from the provider's enrollment record or the NPPES registry; a failed check digit usually means one mistyped digit or two swapped ones.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let parties = [
        ("billing", &ctx.claim.billing_provider),
        ("rendering", &ctx.claim.rendering_provider),
    ];
    for (role, party) in parties {
        let Some(npi) = party.as_ref().and_then(|p| p.npi) else {
            continue;
        };
        report(out, role, npi);
    }
    for line in &ctx.claim.lines {
        if let Some(npi) = line.rendering {
            report(out, "rendering", npi);
        }
    }
}

fn report(out: &mut Findings, role: &str, npi: crate::span::Tok<'_>) {
    if let Some(problem) = problem(npi.text) {
        out.report(
            npi.span(),
            format!("{role} NPI {} is not valid: {problem}", npi.text),
        );
    }
}

/// What is wrong with `npi`, if anything.
fn problem(npi: &str) -> Option<String> {
    if !npi.bytes().all(|b| b.is_ascii_digit()) {
        return Some("an NPI is 10 digits, with no letters, spaces or dashes".to_string());
    }
    if npi.len() != 10 {
        return Some(format!("an NPI has 10 digits, this one has {}", npi.len()));
    }
    if !npi.starts_with(['1', '2']) {
        return Some("an NPI starts with 1 or 2".to_string());
    }
    // The check digit covers the NPI behind the card-issuer prefix 80840.
    let digits = b"80840".iter().chain(npi.as_bytes()).copied();
    (!luhn_ok(digits)).then(|| {
        "its last digit is not the check digit of the first nine (a digit is mistyped or two are swapped)"
            .to_string()
    })
}

/// The Luhn check over ASCII digits, check digit last.
fn luhn_ok(digits: impl DoubleEndedIterator<Item = u8>) -> bool {
    let sum: u32 = digits
        .rev()
        .map(|b| u32::from(b - b'0'))
        .enumerate()
        .map(|(i, d)| match (i % 2, d * 2) {
            (1, doubled) if doubled > 9 => doubled - 9,
            (1, doubled) => doubled,
            _ => d,
        })
        .sum();
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    fn npi_findings(npi: &str) -> Vec<String> {
        let text = claim("dx A C79.31\nline 2026-11-02 77372 dx=A")
            .replace("npi=1234567893", &format!("npi={npi}"));
        findings("npi-invalid", &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }

    #[test]
    fn fails_on_a_bad_check_digit_length_or_first_digit() {
        let found = npi_findings("1234567890");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("check digit"), "{}", found[0]);
        assert!(npi_findings("123456789")[0].contains("this one has 9"));
        assert!(npi_findings("3234567893")[0].contains("starts with 1 or 2"));
        assert!(npi_findings("12345-6789")[0].contains("no letters"));
    }

    #[test]
    fn a_lines_own_rendering_npi_is_checked_like_every_npi() {
        // A group claim: the second line's performer is named on the line.
        let text = claim(
            "dx A C79.31\nline 2026-11-02 61796 dx=A rendering=1245319599\nline 2026-11-02 77432 dx=A rendering=1245319590",
        );
        let found = findings("npi-invalid", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("rendering NPI 1245319590 is not valid"),
            "{}",
            found[0].message
        );
        assert_eq!(&text[found[0].span.start..found[0].span.end], "1245319590");
    }

    #[test]
    fn the_rendering_providers_npi_is_checked_and_named_as_such() {
        let found = npi_findings("1234567893\nrendering npi=1234567890");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("rendering NPI 1234567890"),
            "{}",
            found[0]
        );
        assert!(npi_findings("1234567890")[0].starts_with("billing NPI"));
        assert!(npi_findings("1234567893\nrendering npi=1245319599").is_empty());
    }

    #[test]
    fn passes_on_valid_npis() {
        // The CMS example, and a type 2 (organisation) NPI.
        for npi in ["1234567893", "1245319599", "2000000002"] {
            assert!(npi_findings(npi).is_empty(), "{npi}");
        }
    }
}

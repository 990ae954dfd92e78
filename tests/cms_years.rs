//! The fee schedule of each date of service's year decides, for every code:
//! the CY2026 radiation oncology changes come out of the CMS files by
//! themselves (no code is special-cased), on both sides of 2026-01-01.

use claimls::Config;

/// The rule ids claimls reports on a one-line Medicare claim.
fn rules_for(code: &str, date: &str) -> Vec<String> {
    let text = format!(
        "claim Y-1\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\nline {date} {code} units=1 dx=A\n"
    );
    let mut rules: Vec<String> = claimls::analyze(&text, &Config::default())
        .diagnostics
        .into_iter()
        // Only the validity verdicts: PTP, MUE and the like are not the question.
        .filter(|d| {
            matches!(
                d.code,
                "medicare-code-invalid" | "medicare-code-not-paid" | "code-unknown"
            )
        })
        .map(|d| d.code.to_string())
        .collect();
    rules.dedup();
    rules
}

const IN_2025: &str = "2025-11-03";
const IN_2026: &str = "2026-11-02";

#[test]
fn codes_dropped_in_2026_are_valid_in_2025_and_invalid_in_2026() {
    // 77014, 77401: status A in CY2025, absent from CY2026.
    for code in ["77014", "77401"] {
        assert_eq!(rules_for(code, IN_2025), Vec::<String>::new(), "{code}");
        assert_eq!(
            rules_for(code, IN_2026),
            ["medicare-code-invalid"],
            "{code}"
        );
    }
    // 77385, 77386: status I (not valid for Medicare) in CY2025, absent in CY2026.
    for code in ["77385", "77386"] {
        assert_eq!(
            rules_for(code, IN_2025),
            ["medicare-code-invalid"],
            "{code}"
        );
        assert_eq!(
            rules_for(code, IN_2026),
            ["medicare-code-invalid"],
            "{code}"
        );
    }
    // The G6001–G6017 image-guidance and delivery codes left the CY2026 file.
    for n in 1..=17 {
        let code = format!("G60{n:02}");
        assert_eq!(
            rules_for(&code, IN_2026),
            ["medicare-code-invalid"],
            "{code}"
        );
    }
}

#[test]
fn codes_made_payable_in_2026_are_invalid_for_medicare_in_2025() {
    // Status I in CY2025, A in CY2026.
    for code in ["77387", "77402", "77407", "77412"] {
        assert_eq!(
            rules_for(code, IN_2025),
            ["medicare-code-invalid"],
            "{code}"
        );
        assert_eq!(rules_for(code, IN_2026), Vec::<String>::new(), "{code}");
    }
}

#[test]
fn codes_new_in_2026_are_not_yet_valid_in_2025() {
    for code in ["77436", "77437", "77438"] {
        assert_eq!(rules_for(code, IN_2026), Vec::<String>::new(), "{code}");
        assert_eq!(
            rules_for(code, IN_2025),
            ["medicare-code-invalid"],
            "{code}"
        );
    }
}

#[test]
fn a_code_bundled_in_2026_is_payable_in_2025() {
    assert_eq!(rules_for("77417", IN_2025), Vec::<String>::new());
    assert_eq!(rules_for("77417", IN_2026), ["medicare-code-not-paid"]);
}

#[test]
fn codes_outside_radiation_oncology_are_known_too() {
    // The whole fee schedule is loaded: none of these is "unknown".
    for code in ["20610", "70551", "93000", "27447", "36415", "99213"] {
        assert!(
            !rules_for(code, IN_2026).contains(&"code-unknown".to_string()),
            "{code}: {:?}",
            rules_for(code, IN_2026)
        );
    }
}

//! `dx-excludes1`: two diagnoses of one claim that an ICD-10-CM Excludes1
//! note keeps apart.
use crate::diagnostic::{Related, Severity};
use crate::knowledge::icd10;
use crate::model::Diagnosis;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-excludes1",
    title: "Two diagnoses an Excludes1 note keeps apart",
    severity: Severity::Warning,
    what: "Two diagnoses of the claim are an ICD-10-CM Excludes1 pair: the tabular list's Excludes1 note at one of them, or at a code, section or chapter above it, names the other (`data/icd10cm/excludes1.tsv`, generated from the FY2026 tabular list; references claimls could not read exactly are not used). Each pair is reported once, on the diagnosis declared later, with the other as related information. The first 12 diagnoses are compared: a claim carries no more (`dx-too-many`). Two neoplasm codes (C00-D49) are not compared: the neoplasm chapter's Excludes1 notes say where a tumour of another site or behaviour is classified (D33, benign neoplasm of the cranial nerves, excludes the meninges, D32.-), and a patient with two tumours, a vestibular schwannoma and a meningioma, has two unrelated conditions that are coded together; a claim cannot tell that from a miscoded one.",
    why: "Excludes1 means \"not coded here\": the excluded condition is not coded together with the one whose note names it, because the two cannot occur together (a congenital form and an acquired one, a specified condition and its \"NOS\" form). A claim carrying both usually has one wrong code, and payers' diagnosis edits built on the tabular list deny or return it. ICD-10-CM's guideline I.A.12.a allows one exception: when the two conditions are unrelated to each other, both may be reported. That is why this is a warning and not an error.",
    example: "dx A G40.909\ndx B R56.9\nline 2026-11-02 99213 dx=A,B",
    fix: "Keep the code that describes the patient's condition and remove the other (epilepsy, G40.909, already covers its seizures: drop R56.9). If the two conditions really are unrelated, keep both, document it in the record, and silence the finding on that line with `# claimls: ignore[dx-excludes1]`.",
    check: Some(check),
};

/// Diagnoses compared: those a claim carries, so a claim with thousands of
/// `dx` lines costs at most 66 questions.
const MAX_COMPARED: usize = crate::model::MAX_DIAGNOSES;

/// Whether `code` (as written) is in chapter 2, Neoplasms (C00-D49).
fn is_neoplasm(code: &str) -> bool {
    match code.as_bytes() {
        [b'C' | b'c', ..] => true,
        [b'D' | b'd', second, ..] => (b'0'..=b'4').contains(second),
        _ => false,
    }
}

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    if ctx.claim.diagnoses.len() < 2 {
        return;
    }
    // Each distinct code once (a code declared twice is one pair, said
    // once), only codes of the code set (others are icd-unknown's). Codes
    // are told apart by their FY2026 entry (one per code), else packed.
    #[derive(PartialEq)]
    enum Id {
        Entry(*const crate::knowledge::IcdCode),
        Packed(u64),
    }
    let mut compared: smallvec::SmallVec<[(&Diagnosis<'_>, Id); MAX_COMPARED]> =
        smallvec::SmallVec::new();
    for (dx, entry) in ctx.diagnoses().take(MAX_COMPARED) {
        let id = match entry {
            Some(entry) => Id::Entry(entry),
            None => {
                let listed = super::code_years(ctx, dx)
                    .iter()
                    .any(|(_, on)| on.validity != crate::knowledge::Validity::Unknown);
                match icd10::key(dx.code.text) {
                    Some((key, _)) if listed => Id::Packed(key),
                    _ => continue,
                }
            }
        };
        if !compared.iter().any(|(_, seen)| *seen == id) {
            compared.push((dx, id));
        }
    }
    for (j, &(later, _)) in compared.iter().enumerate() {
        for &(earlier, _) in &compared[..j] {
            if is_neoplasm(earlier.code.text) && is_neoplasm(later.code.text) {
                continue;
            }
            let Some(pair) = ctx.kb.excludes1(earlier.code.text, later.code.text) else {
                continue;
            };
            // The code whose note it is first: "G40.909 and R56.9: ICD-10-CM
            // lists R56.9 under Excludes1 of G40".
            let (noted, named) = if pair.on_first {
                (earlier, later)
            } else {
                (later, earlier)
            };
            out.report(
                later.code.span(),
                format!(
                    "{} and {}: ICD-10-CM lists {} under Excludes1 of {} (\u{201c}{}\u{201d}): the two are not coded together unless the conditions are unrelated",
                    noted.code.text,
                    named.code.text,
                    named.code.text,
                    pair.note.place(),
                    pair.note.text()
                ),
            )
            .related
            .push(Related {
                span: earlier.code.span(),
                message: format!(
                    "{} (dx {}), the other diagnosis of the pair",
                    earlier.code.text, earlier.letter.text
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn epilepsy_with_convulsions_nos_fails_once_on_the_later_diagnosis() {
        // Tabular list, G40 Epilepsy and recurrent seizures: Excludes1
        // "convulsions NOS (R56.9)" (and R56 names G40.- in turn: one
        // finding for the pair, not two).
        let text = claim("dx A G40.909\ndx B R56.9\nline 2026-11-02 99213 dx=A,B");
        let found = findings("dx-excludes1", &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            &*found[0].message,
            "G40.909 and R56.9: ICD-10-CM lists R56.9 under Excludes1 of G40 (\u{201c}convulsions NOS (R56.9)\u{201d}): the two are not coded together unless the conditions are unrelated"
        );
        assert_eq!(found[0].span.start, text.find("R56.9").unwrap());
        assert_eq!(
            found[0].related[0].span.start,
            text.find("G40.909").unwrap()
        );
        // Declared the other way round, R56's own note answers.
        let text = claim("dx A R56.9\ndx B G40.909\nline 2026-11-02 99213 dx=A,B");
        let found = findings("dx-excludes1", &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0]
                .message
                .starts_with("R56.9 and G40.909: ICD-10-CM lists G40.909 under Excludes1 of R56"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn unrelated_diagnoses_pass() {
        // A glioblastoma patient with seizures (C71.9 + R56.9), and with
        // epilepsy (G40.909 + C71.9): neither C71's notes nor G40's or
        // R56's name the other code.
        for body in [
            "dx A C71.9\ndx B R56.9\nline 2026-11-02 99213 dx=A,B",
            "dx A G40.909\ndx B C71.9\nline 2026-11-02 99213 dx=A,B",
            "dx A C79.31\ndx B C34.11\nline 2026-11-02 77372 dx=A,B",
        ] {
            assert!(findings("dx-excludes1", &claim(body)).is_empty(), "{body}");
        }
    }

    #[test]
    fn two_tumours_are_not_compared() {
        // D33 Excludes1 "benign neoplasm of meninges (D32.-)" (tabular
        // list): a patient with neurofibromatosis type 2 treated for a
        // vestibular schwannoma (D33.3) and a meningioma (D32.0) has both.
        let text = claim("dx A D33.3\ndx B D32.0\nline 2026-11-02 77371 dx=A,B");
        assert!(findings("dx-excludes1", &text).is_empty());
        assert!(
            crate::knowledge::Knowledge::embedded()
                .excludes1("D33.3", "D32.0")
                .is_some(),
            "the pair is in the table; the rule leaves it out"
        );
        assert!(super::is_neoplasm("D49.7") && super::is_neoplasm("c79.31"));
        assert!(!super::is_neoplasm("D50.0") && !super::is_neoplasm("G40.909"));
    }

    #[test]
    fn a_code_declared_twice_is_one_pair_and_only_twelve_diagnoses_are_compared() {
        let text = claim("dx A G40.909\ndx B R56.9\ndx C R56.9\nline 2026-11-02 99213 dx=A,B,C");
        assert_eq!(findings("dx-excludes1", &text).len(), 1);
        // Thousands of dx lines: the pair past the twelfth is not compared,
        // and the claim is checked at once.
        let filler: String = (0..3000)
            .map(|i| format!("dx A C79.{}\n", i % 10))
            .collect();
        let text = claim(&format!(
            "{filler}dx B G40.909\ndx C R56.9\nline 2026-11-02 99213 dx=A"
        ));
        let started = std::time::Instant::now();
        assert!(findings("dx-excludes1", &text).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

//! A deterministic generator of realistic `.claim` files, for benchmarks,
//! the stdio harness, the peer comparison and the property tests.
//!
//! Shared by `examples/gen_claims.rs`, the benches and the tests as
//! `claimls_test_support::generator` (no dependencies: a SplitMix64 stream
//! makes it deterministic per seed on every platform).
//!
//! What it writes: radiation-oncology claims as practices draft them —
//! linac and Gamma Knife SRS, SBRT courses, robotic SRS, the neurosurgeon's
//! SRS codes and office visits — billed to Medicare, Aetna, Blue Cross Blue
//! Shield, Cigna, UnitedHealthcare and a few payers claimls has no profile
//! for; procedure codes from `data/procedures.toml`, modifiers where a coder
//! would use them, real ICD-10-CM codes (mostly the SRS family's usual
//! diagnoses, some drawn from the whole code set), dates in both notations,
//! charges in every accepted spelling, comments and the odd ignore comment.
//!
//! A claim is clean unless the generator injects one problem into it (about
//! [`Options::problem_rate`] of the claims; 4 per hundred by default). The
//! injected problems are recorded in [`Generated::problems`], so a test can
//! check that claimls finds exactly them and a comparison can count what
//! another tool found.

/// The kinds of problem the generator injects, named by the claimls rule
/// that should report them.
pub const PROBLEM_KINDS: [&str; 7] = [
    "pctc-indicator",
    "modifier-conflict",
    "ncci-ptp",
    "mue-exceeded",
    "dx-pointer-undeclared",
    "icd-not-billable",
    "icd-unknown",
];

#[derive(Clone, Debug)]
pub struct Options {
    /// Exactly this many lines are written (the last claim that fits, then
    /// comment lines up to the count).
    pub lines: usize,
    pub seed: u64,
    /// Probability that a claim carries one injected problem.
    pub problem_rate: f64,
    /// The days claims start on: `days` days from `first` (year, month,
    /// day). The default spreads them over April to October 2026; a batch
    /// as a biller sends it (dated in the weeks before the day it is
    /// checked, so that no filing limit has run out) is
    /// [`Options::RECENT_BATCH`].
    pub first_day: (i64, u32, u32),
    pub days: u32,
}

impl Options {
    /// The dates of a batch checked on [`Options::RECENT_BATCH_DAY`]:
    /// services from 2026-10-08 to about 2026-11-29, within every filing
    /// limit claimls knows (UnitedHealthcare's 90 days included) and not in
    /// the future.
    pub const RECENT_BATCH: ((i64, u32, u32), u32) = ((2026, 10, 8), 40);
    pub const RECENT_BATCH_DAY: &'static str = "2026-12-02";
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lines: 1000,
            seed: 1,
            problem_rate: 0.04,
            first_day: (2026, 4, 1),
            days: 190,
        }
    }
}

/// One injected problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub claim: String,
    /// One of [`PROBLEM_KINDS`].
    pub kind: &'static str,
}

#[derive(Clone, Debug, Default)]
pub struct Generated {
    pub text: String,
    /// (byte offset of the `claim` line, claim id), in document order.
    pub claims: Vec<(usize, String)>,
    pub problems: Vec<Problem>,
    /// Service lines written.
    pub service_lines: usize,
}

impl Generated {
    /// The id of the claim containing byte `offset`.
    pub fn claim_at(&self, offset: usize) -> Option<&str> {
        let i = self.claims.partition_point(|(start, _)| *start <= offset);
        i.checked_sub(1).map(|i| self.claims[i].1.as_str())
    }
}

/// SplitMix64: tiny, fast, the same stream everywhere.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Picks by weight: `(weight, item)`.
    pub fn weighted<'a, T>(&mut self, items: &'a [(u32, T)]) -> &'a T {
        let total: u32 = items.iter().map(|(w, _)| w).sum();
        let mut at = self.below(total as usize) as u32;
        for (w, item) in items {
            if at < *w {
                return item;
            }
            at -= w;
        }
        &items[items.len() - 1].1
    }
}

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

/// (weight, payer as written on the claim). Aliases are spelled as coders
/// write them; the last group has no claimls profile.
const PAYERS: &[(u32, &str)] = &[
    (30, "Medicare"),
    (4, "Medicare Part B"),
    (10, "Aetna"),
    (8, "Blue Cross Blue Shield"),
    (3, "BCBS"),
    (2, "Anthem Blue Cross"),
    (9, "Cigna"),
    (9, "UnitedHealthcare"),
    (3, "UHC"),
    (5, "Humana"),
    (4, "Kaiser Permanente"),
    (3, "Tricare"),
    (3, "Medicaid"),
    (2, "Oscar Health"),
];

const LAST_NAMES: &[&str] = &[
    "DOE",
    "ROE",
    "SMITH",
    "JOHNSON",
    "WILLIAMS",
    "BROWN",
    "JONES",
    "GARCÍA",
    "MILLER",
    "DAVIS",
    "RODRIGUEZ",
    "MARTINEZ",
    "HERNANDEZ",
    "LOPEZ",
    "GONZALEZ",
    "WILSON",
    "ANDERSON",
    "THOMAS",
    "TAYLOR",
    "MOORE",
    "JACKSON",
    "MARTIN",
    "LEE",
    "PEREZ",
    "THOMPSON",
    "WHITE",
    "HARRIS",
    "SANCHEZ",
    "CLARK",
    "RAMIREZ",
    "LEWIS",
    "ROBINSON",
    "WALKER",
    "YOUNG",
    "ALLEN",
    "KING",
    "WRIGHT",
    "SCOTT",
    "TORRES",
    "NGUYEN",
    "HILL",
    "FLORES",
    "GREEN",
    "ADAMS",
    "NELSON",
    "BAKER",
    "O'BRIEN",
    "MÜLLER",
    "VAN DER BERG",
    "KOWALSKI",
    "CHEN",
    "PATEL",
    "KIM",
    "MCKENZIE",
];

const FIRST_NAMES: &[(&str, &str)] = &[
    ("JANE", "F"),
    ("JOHN", "M"),
    ("MARY", "F"),
    ("ROBERT", "M"),
    ("PATRICIA", "F"),
    ("MICHAEL", "M"),
    ("LINDA", "F"),
    ("WILLIAM", "M"),
    ("ELIZABETH", "F"),
    ("DAVID", "M"),
    ("BARBARA", "F"),
    ("RICHARD", "M"),
    ("SUSAN", "F"),
    ("JOSEPH", "M"),
    ("JOSÉ", "M"),
    ("ZOË", "F"),
    ("FRANÇOIS", "M"),
    ("KAREN", "F"),
    ("CHARLES", "M"),
    ("NANCY", "F"),
    ("ALEX", "U"),
    ("MARGARET", "F"),
    ("THOMAS", "M"),
    ("SANDRA", "F"),
];

/// Billing NPIs (valid Luhn check digits with the 80840 prefix).
const NPIS: &[&str] = &[
    "1234567893",
    "1003000126",
    "1245319599",
    "1538144910",
    "1679576722",
    "1992735229",
    "1366428112",
    "1811997612",
];

/// Diagnoses seen on SRS/SBRT claims: (weight, billable ICD-10-CM code).
pub const DX_COMMON: &[(u32, &str)] = &[
    (30, "C79.31"), // secondary malignant neoplasm of brain
    (6, "C79.32"),  // … of cerebral meninges
    (10, "C34.11"), // upper lobe, right bronchus or lung
    (6, "C34.12"),
    (4, "C34.31"),
    (4, "C34.90"),
    (6, "C50.911"), // breast, right, female
    (4, "C50.912"),
    (5, "C43.9"), // melanoma
    (3, "C64.1"), // kidney, right
    (2, "C18.9"), // colon
    (3, "C71.0"), // brain, cerebrum
    (2, "C71.1"), // frontal lobe
    (2, "C71.9"),
    (6, "D32.0"), // benign neoplasm of cerebral meninges
    (6, "D33.3"), // benign neoplasm of cranial nerves
    (4, "D35.2"), // pituitary
    (2, "D43.0"),
    (3, "Q28.2"),  // cerebral arteriovenous malformation
    (4, "G50.0"),  // trigeminal neuralgia
    (4, "H90.41"), // sensorineural hearing loss, right
    (3, "H90.42"),
    (2, "H93.11"), // tinnitus, right ear
    (5, "C61"),    // prostate (SBRT)
    (2, "C22.0"),  // liver cell carcinoma (SBRT)
    (2, "C25.0"),  // head of pancreas (SBRT)
    (4, "C79.51"), // secondary neoplasm of bone (SBRT)
    (2, "C78.01"), // secondary neoplasm of right lung (SBRT)
    (3, "G93.6"),  // cerebral edema
    (2, "R56.9"),  // seizures
    (2, "R51.9"),  // headache
    (2, "Z92.3"),  // personal history of irradiation
];

/// Header codes: real ICD-10-CM entries that are not billable.
pub const DX_HEADERS: &[&str] = &[
    "C34.1", "C79.3", "C71", "C50.91", "D32", "C43", "C79.5", "C34",
];

/// Look like ICD-10-CM codes, are not in the code set.
pub const DX_UNKNOWN: &[&str] = &[
    "C79.99", "C34.19", "D33.9X", "G50.99", "C71.99", "Q28.9X", "H90.49",
];

/// The embedded ICD-10-CM table, for drawing codes from the whole set.
const ICD_TABLE: &str = include_str!("../../../data/icd10cm.tsv");

/// The Medicare Code Editor's edits (FY2026, FY2027) and the FY2027 code
/// changes: a code they name is right or wrong by the patient's age or sex,
/// its place on the claim or the date of service.
const MCE_TABLES: [&str; 2] = [
    include_str!("../../../data/mce/fy2026.tsv"),
    include_str!("../../../data/mce/fy2027.tsv"),
];
const ICD_CHANGES: &str = include_str!("../../../data/icd10cm/fy2027-changes.tsv");

/// The first column of a table's data rows.
fn first_column(table: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("code\t"))
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, f.next()?))
        })
}

/// The sex a code is for (the MCE's one-sex lists), as a claim writes it.
fn code_sex(code: &str) -> Option<&'static str> {
    static SEXES: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    SEXES
        .get_or_init(|| {
            MCE_TABLES
                .iter()
                .flat_map(|t| first_column(t))
                .filter_map(|(code, edit)| match edit {
                    "female" => Some((code, "F")),
                    "male" => Some((code, "M")),
                    _ => None,
                })
                .collect()
        })
        .get(code)
        .copied()
}

/// Every billable code that no MCE edit or FY2027 change names (so that a
/// clean claim stays clean whatever its patient and dates), read once per
/// process.
fn billable_codes() -> &'static [&'static str] {
    static CODES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| {
        let edited: std::collections::HashSet<&str> = MCE_TABLES
            .iter()
            .copied()
            .chain([ICD_CHANGES])
            .flat_map(first_column)
            .map(|(code, _)| code)
            .collect();
        ICD_TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let code = f.next()?;
                (f.next()? == "1" && !edited.contains(code)).then_some(code)
            })
            .collect()
    })
}

/// PC/TC indicator 1 codes (26/TC allowed) used in the scenarios.
const SPLIT_CODES: &[&str] = &[
    "77280", "77290", "77295", "77300", "77301", "77334", "77338",
];

/// Codes whose MUE is 1 (a second unit on one date is an MUE excess).
const MUE_ONE: &[&str] = &[
    "77371", "77372", "77373", "77432", "77435", "61796", "61798", "61800", "G0339", "G0340",
    "77263", "77290", "77295", "77301", "77370", "99203", "99204", "99205", "99213", "99214",
    "99215",
];

/// Codes for which 26 or TC is not allowed (PC/TC indicator 0 or 3).
/// Technical-only codes (CMS PC/TC indicator 3) of the scenarios.
const TECHNICAL_ONLY: &[&str] = &["77371", "77372", "77373", "77336", "77370"];

const NO_SPLIT: &[&str] = &[
    "77371", "77372", "77373", "77432", "77435", "77263", "G0339", "G0340", "77370", "77336",
    "61796", "61797", "61798", "61800", "99203", "99204", "99205", "99213", "99214", "99215",
];

/// Typical charge in dollars per code (a practice's chargemaster, roughly).
fn base_charge(code: &str) -> u32 {
    match code {
        "77371" => 21400,
        "77372" => 8950,
        "77373" => 2850,
        "G0339" => 6400,
        "G0340" => 4200,
        "77432" => 1200,
        "77435" => 1650,
        "77263" => 310,
        "77280" => 620,
        "77290" => 1130,
        "77295" => 1450,
        "77300" => 320,
        "77301" => 2950,
        "77334" => 540,
        "77336" => 280,
        "77338" => 1800,
        "77370" => 590,
        "61796" => 2450,
        "61797" => 560,
        "61798" => 3350,
        "61799" => 760,
        "61800" => 460,
        "99203" => 190,
        "99204" => 290,
        "99205" => 380,
        "99213" => 130,
        "99214" => 190,
        "99215" => 260,
        _ => 100,
    }
}

// ---------------------------------------------------------------------------
// Dates (civil-from-days, proleptic Gregorian)
// ---------------------------------------------------------------------------

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A day number and how to spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Day(i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateStyle {
    Iso,
    Us,
    UsShort,
}

impl Day {
    fn render(self, style: DateStyle) -> String {
        let (y, m, d) = civil_from_days(self.0);
        match style {
            DateStyle::Iso => format!("{y:04}-{m:02}-{d:02}"),
            DateStyle::Us => format!("{m:02}/{d:02}/{y:04}"),
            DateStyle::UsShort => format!("{m}/{d}/{y}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Claims
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Svc {
    from: Day,
    to: Option<Day>,
    code: &'static str,
    mods: Vec<&'static str>,
    units: u32,
    /// Write `units=` even when it is 1.
    explicit_units: bool,
    pointers: Vec<char>,
    pos: Option<&'static str>,
    comment: Option<&'static str>,
    suppress: Option<&'static str>,
}

impl Svc {
    fn new(day: Day, code: &'static str) -> Svc {
        Svc {
            from: day,
            to: None,
            code,
            mods: Vec::new(),
            units: 1,
            explicit_units: true,
            pointers: vec!['A'],
            pos: None,
            comment: None,
            suppress: None,
        }
    }

    fn with(mut self, m: &'static str) -> Svc {
        self.mods.push(m);
        self
    }
}

#[derive(Clone, Debug)]
struct Draft {
    id: String,
    comment: Option<String>,
    payer: &'static str,
    patient: String,
    provider: &'static str,
    pos: &'static str,
    dx: Vec<String>,
    lines: Vec<Svc>,
    date_style: DateStyle,
    indent: bool,
}

/// Whether the payer's published policy asks for prior authorisation of
/// `code` (the UnitedHealthcare rows of `data/prior_auth.tsv`; test-support
/// does not depend on claimls-core, and every date generated is after the
/// policies' 2021-04-01 start): a clean claim carries the number.
fn needs_prior_auth(payer: &str, code: &str) -> bool {
    matches!(payer, "UnitedHealthcare" | "UHC")
        && matches!(
            code,
            "77371" | "77372" | "77373" | "G0339" | "77520" | "77522" | "77523" | "77525"
        )
}

fn is_medicare(payer: &str) -> bool {
    payer.starts_with("Medicare")
}

struct Generator {
    rng: Rng,
    all_billable: &'static [&'static str],
    /// The current claim's patient's sex (F or M).
    sex: &'static str,
    claim_no: u64,
    prefix: String,
    /// See [`Options::first_day`].
    first_day: (i64, u32, u32),
    days: usize,
}

impl Generator {
    fn dx_code(&mut self) -> String {
        if self.rng.chance(0.05) {
            let i = self.rng.below(self.all_billable.len());
            return self.all_billable[i].to_string();
        }
        // A common code for the patient's sex (breast codes here are the
        // female breast's; prostate is male).
        loop {
            let code = *self.rng.weighted(DX_COMMON);
            if code_sex(code).is_none_or(|s| s == self.sex) {
                return code.to_string();
            }
        }
    }

    fn member_id(&mut self, payer: &str) -> String {
        const LETTERS: &[u8] = b"ACDEFGHJKMNPQRTUVWXY";
        let digit = |r: &mut Rng| (b'0' + r.below(10) as u8) as char;
        let letter = |r: &mut Rng| LETTERS[r.below(LETTERS.len())] as char;
        let r = &mut self.rng;
        if is_medicare(payer) {
            // MBI: C A AN N A AN N A A N N
            let an = |r: &mut Rng| {
                if r.chance(0.5) { digit(r) } else { letter(r) }
            };
            let first = (b'1' + r.below(9) as u8) as char;
            [
                first,
                letter(r),
                an(r),
                digit(r),
                letter(r),
                an(r),
                digit(r),
                letter(r),
                letter(r),
                digit(r),
                digit(r),
            ]
            .iter()
            .collect()
        } else {
            let mut s = String::new();
            s.push(letter(r));
            for _ in 0..r.range(8, 11) {
                s.push(digit(r));
            }
            s
        }
    }

    fn draft(&mut self) -> Draft {
        self.claim_no += 1;
        let payer = *self.rng.weighted(PAYERS);
        let last = *self.rng.pick(LAST_NAMES);
        let (first, sex) = *self.rng.pick(FIRST_NAMES);
        self.sex = sex;
        let birth = Day(days_from_civil(1935, 1, 1) + self.rng.below(365 * 60) as i64);
        let dob_style = if self.rng.chance(0.85) {
            DateStyle::Iso
        } else {
            DateStyle::Us
        };
        let member = self.member_id(payer);
        let patient = format!(
            "{last}, {first} dob={} sex={sex} member={member}",
            birth.render(dob_style)
        );
        let provider = *self.rng.pick(NPIS);
        // Dates of service: April to October 2026 (the FY2026 April code set).
        let (y, m, d) = self.first_day;
        let start = Day(days_from_civil(y, m, d) + self.rng.below(self.days) as i64);
        let date_style = *self.rng.weighted(&[
            (86, DateStyle::Iso),
            (9, DateStyle::Us),
            (5, DateStyle::UsShort),
        ]);
        let scenario = self.rng.below(100);
        let mut dx: Vec<String> = Vec::new();
        let mut lines = Vec::new();
        let (pos, comment);
        let plan = start;
        let treat = Day(start.0 + self.rng.range(1, 7) as i64);
        match scenario {
            // Linac SRS billed globally by a freestanding centre.
            0..=24 => {
                pos = "11";
                comment = Some("Freestanding centre: linac SRS, global billing");
                dx.push("C79.31".into());
                dx.push(self.dx_code());
                lines.push(Svc::new(plan, "77263"));
                lines.push(Svc::new(plan, "77290"));
                lines.push(Svc::new(plan, "77295"));
                let mut physics = Svc::new(plan, "77300");
                physics.units = self.rng.range(1, 3);
                lines.push(physics);
                let mut mlc = Svc::new(plan, "77334");
                mlc.units = self.rng.range(1, 2);
                lines.push(mlc);
                lines.push(Svc::new(treat, "77372"));
                let mut mgmt = Svc::new(treat, "77432");
                mgmt.pointers = vec!['A', 'B'];
                lines.push(mgmt);
            }
            // Physician's professional claim for hospital-based linac SRS.
            25..=39 => {
                pos = "22";
                comment = Some("Hospital outpatient: professional components only");
                dx.push(self.dx_code());
                dx.push(self.dx_code());
                lines.push(Svc::new(plan, "77263"));
                lines.push(Svc::new(plan, "77295").with("26"));
                let mut physics = Svc::new(plan, "77300").with("26");
                physics.units = self.rng.range(1, 4);
                lines.push(physics);
                lines.push(Svc::new(plan, "77334").with("26"));
                let mut mgmt = Svc::new(treat, "77432");
                if self.rng.chance(0.2) {
                    mgmt.mods.push("GC");
                }
                mgmt.pointers = vec!['A', 'B'];
                lines.push(mgmt);
            }
            // Gamma Knife, freestanding, global: a technical-only delivery
            // code is on a professional claim only where the biller owns the
            // unit (POS 11); a hospital bills it on its institutional claim.
            40..=52 => {
                pos = "11";
                comment = Some("Cobalt-60 (Gamma Knife) radiosurgery");
                dx.push(
                    self.rng
                        .pick(&["D33.3", "C79.31", "D32.0", "G50.0", "Q28.2"])
                        .to_string(),
                );
                if self.rng.chance(0.6) {
                    dx.push(self.dx_code());
                }
                lines.push(Svc::new(plan, "77295"));
                lines.push(Svc::new(plan, "77300"));
                let mut delivery = Svc::new(treat, "77371");
                delivery.pointers = (0..dx.len()).map(|i| (b'A' + i as u8) as char).collect();
                lines.push(delivery);
                lines.push(Svc::new(treat, "77432"));
            }
            // The neurosurgeon's SRS claim.
            53..=60 => {
                pos = "22";
                comment = Some("Neurosurgeon: cranial SRS, frame placement");
                dx.push(
                    self.rng
                        .pick(&["C79.31", "D33.3", "D32.0", "Q28.2", "C71.0"])
                        .to_string(),
                );
                let primary = if self.rng.chance(0.7) {
                    "61796"
                } else {
                    "61798"
                };
                lines.push(Svc::new(treat, primary));
                if self.rng.chance(0.5) {
                    let mut extra =
                        Svc::new(treat, if primary == "61796" { "61797" } else { "61799" });
                    extra.units = self.rng.range(1, 3);
                    lines.push(extra);
                }
                if self.rng.chance(0.6) {
                    lines.push(Svc::new(treat, "61800"));
                }
            }
            // SBRT course: planning, then 3 to 5 fractions on consecutive days.
            61..=77 => {
                pos = "11";
                comment = Some("SBRT course, freestanding centre");
                let sbrt = loop {
                    let code = *self.rng.pick(&[
                        "C34.11", "C34.12", "C61", "C79.51", "C22.0", "C25.0", "C78.01",
                    ]);
                    if code_sex(code).is_none_or(|s| s == self.sex) {
                        break code;
                    }
                };
                dx.push(sbrt.to_string());
                if self.rng.chance(0.5) {
                    dx.push(self.dx_code());
                }
                lines.push(Svc::new(plan, "77263"));
                lines.push(Svc::new(plan, "77301"));
                let mut physics = Svc::new(plan, "77300");
                physics.units = self.rng.range(2, 6);
                lines.push(physics);
                lines.push(Svc::new(plan, "77338"));
                let fractions = self.rng.range(3, 5);
                for f in 0..fractions {
                    lines.push(Svc::new(Day(treat.0 + f as i64), "77373"));
                }
                lines.push(Svc::new(treat, "77435"));
                let mut weekly = Svc::new(treat, "77336");
                weekly.to = Some(Day(treat.0 + fractions as i64 - 1));
                lines.push(weekly);
            }
            // Robotic SRS in sessions (G-codes).
            78..=85 => {
                pos = "11";
                comment = Some("Robotic SRS, staged, freestanding centre");
                dx.push("C79.31".into());
                dx.push(self.dx_code());
                lines.push(Svc::new(plan, "77295"));
                lines.push(Svc::new(plan, "77300"));
                lines.push(Svc::new(treat, "G0339"));
                for s in 1..=self.rng.range(1, 3) {
                    lines.push(Svc::new(Day(treat.0 + s as i64), "G0340"));
                }
            }
            // Office consultation or follow-up.
            _ => {
                pos = "11";
                comment = Some("Consultation in the office");
                dx.push(self.dx_code());
                if self.rng.chance(0.5) {
                    dx.push(self.dx_code());
                }
                let visit = *self
                    .rng
                    .pick(&["99203", "99204", "99205", "99213", "99214", "99215"]);
                let mut em = Svc::new(plan, visit);
                if self.rng.chance(0.4) {
                    em.mods.push("25");
                    lines.push(em);
                    lines.push(Svc::new(plan, "77263"));
                } else {
                    lines.push(em);
                }
            }
        }
        // Spread the pointers over the declared diagnoses.
        let letters: Vec<char> = (0..dx.len()).map(|i| (b'A' + i as u8) as char).collect();
        for line in &mut lines {
            if line.pointers == ['A'] && letters.len() > 1 && self.rng.chance(0.3) {
                line.pointers = letters.clone();
            }
        }
        // Every declared diagnosis is pointed to by some line (dx-unused).
        for (i, letter) in letters.iter().enumerate() {
            if !lines.iter().any(|l| l.pointers.contains(letter)) {
                let n = lines.len();
                let line = &mut lines[i % n];
                assert!(
                    line.pointers.len() < 4,
                    "scenarios declare at most two diagnoses"
                );
                line.pointers.push(*letter);
            }
        }
        // Occasional extras: Medicare ABN and KX modifiers, line pos, comments.
        for line in &mut lines {
            if is_medicare(payer) && self.rng.chance(0.03) && !line.mods.contains(&"GC") {
                line.mods.push(*self.rng.pick(&["GA", "KX"]));
            }
            if self.rng.chance(0.02) {
                // Every scenario's codes are typically furnished at 11, 19 or
                // 22, but the technical-only ones at 11 alone on this claim.
                line.pos = Some(if TECHNICAL_ONLY.contains(&line.code) {
                    "11"
                } else {
                    *self.rng.pick(&["22", "19", "11"])
                });
            }
            if self.rng.chance(0.4) {
                line.explicit_units = line.units != 1;
            }
            if self.rng.chance(0.05) {
                line.comment = Some(*self.rng.pick(&[
                    "per physics log",
                    "see op note",
                    "verified with the chart",
                    "prior auth on file",
                    "診 ref 🦀 ok",
                ]));
            }
            if self.rng.chance(0.01) {
                line.suppress = Some("mue-exceeded");
            }
        }
        let id = format!("{}-{:06}", self.prefix, self.claim_no);
        Draft {
            id,
            comment: self
                .rng
                .chance(0.3)
                .then(|| comment.unwrap_or("").to_string()),
            payer,
            patient,
            provider,
            pos,
            dx,
            lines,
            date_style,
            indent: self.rng.chance(0.15),
        }
    }

    /// Injects one problem of `kind` into a clean draft.
    fn inject(&mut self, d: &mut Draft, kind: &'static str) {
        let letters = d.dx.len();
        match kind {
            "pctc-indicator" => {
                let i = d
                    .lines
                    .iter()
                    .position(|l| NO_SPLIT.contains(&l.code))
                    .expect("every scenario has a code without a PC/TC split");
                let m = if self.rng.chance(0.5) { "TC" } else { "26" };
                // Pricing modifiers come first (modifier-order).
                d.lines[i].mods.insert(0, m);
            }
            "modifier-conflict" => {
                if let Some(i) = d.lines.iter().position(|l| SPLIT_CODES.contains(&l.code)) {
                    let line = &mut d.lines[i];
                    line.mods.retain(|m| *m != "26" && *m != "TC");
                    line.mods.insert(0, "TC");
                    line.mods.insert(0, "26");
                } else {
                    let line = &mut d.lines[0];
                    line.mods.push("RT");
                    line.mods.push("LT");
                }
            }
            "ncci-ptp" => {
                // A second code on the same date that NCCI pairs with one there.
                let partner = |code: &str| match code {
                    "77372" => Some("77371"),
                    "77371" => Some("77372"),
                    "77432" => Some("99213"),
                    "77373" => Some("G0340"),
                    "G0339" | "G0340" => Some("77372"),
                    "61796" | "61798" => Some("20660"),
                    _ => None,
                };
                let found = d
                    .lines
                    .iter()
                    .find_map(|l| partner(l.code).map(|p| (l.from, p)));
                match found {
                    Some((day, code)) if !d.lines.iter().any(|l| l.code == code) => {
                        if code == "20660" {
                            // 61797–61800 pair with 20660 too: keep one finding.
                            d.lines
                                .retain(|l| !matches!(l.code, "61797" | "61799" | "61800"));
                        }
                        d.lines.push(Svc::new(day, code));
                    }
                    _ => {
                        // Office visits: radiation management billed on the visit's date.
                        let day = d.lines[0].from;
                        assert!(d.lines[0].code.starts_with("99"), "{d:?}");
                        let established = ["99211", "99212", "99213", "99214", "99215"];
                        for l in &mut d.lines {
                            l.mods.retain(|m| *m != "25");
                        }
                        d.lines.push(Svc::new(day, "77432"));
                        if !d.lines.iter().any(|l| established.contains(&l.code)) {
                            d.lines.push(Svc::new(day, "99214"));
                        }
                    }
                }
            }
            "mue-exceeded" => {
                let i = d
                    .lines
                    .iter()
                    .position(|l| MUE_ONE.contains(&l.code) && l.to.is_none())
                    .expect("every scenario has an MUE-1 code");
                d.lines[i].units = 2;
                d.lines[i].explicit_units = true;
                d.lines[i].suppress = None;
            }
            "dx-pointer-undeclared" => {
                let missing = (b'A' + letters as u8) as char;
                let i = self.rng.below(d.lines.len());
                let p = &mut d.lines[i].pointers;
                if p.len() >= 4 {
                    p.pop();
                }
                p.push(missing);
            }
            "icd-not-billable" => {
                let i = self.rng.below(letters);
                d.dx[i] = self.rng.pick(DX_HEADERS).to_string();
            }
            "icd-unknown" => {
                let i = self.rng.below(letters);
                d.dx[i] = self.rng.pick(DX_UNKNOWN).to_string();
            }
            other => unreachable!("unknown problem kind {other}"),
        }
    }
}

fn money(cents: u64, style: usize) -> String {
    let dollars = cents / 100;
    let rest = cents % 100;
    match style {
        0 => format!("{dollars}.{rest:02}"),
        1 => {
            let digits = dollars.to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            format!("${grouped}.{rest:02}")
        }
        _ if rest == 0 => format!("{dollars}"),
        _ => format!("{dollars}.{rest:02}"),
    }
}

fn render(d: &Draft, rng: &mut Rng, out: &mut Vec<String>) {
    if let Some(c) = &d.comment {
        out.push(format!("# {c}"));
    }
    out.push(format!("claim {}", d.id));
    let ind = if d.indent { "  " } else { "" };
    out.push(format!("{ind}payer {}", d.payer));
    out.push(format!("{ind}patient {}", d.patient));
    out.push(format!("{ind}provider npi={}", d.provider));
    out.push(format!("{ind}pos {}", d.pos));
    for (i, code) in d.dx.iter().enumerate() {
        out.push(format!("{ind}dx {} {code}", (b'A' + i as u8) as char));
    }
    out.push(String::new());
    let money_style = rng.below(3);
    for l in &d.lines {
        let mut s = format!("{ind}line {}", l.from.render(d.date_style));
        if let Some(to) = l.to {
            s.push_str("..");
            s.push_str(&to.render(d.date_style));
        }
        s.push(' ');
        s.push_str(l.code);
        for m in &l.mods {
            s.push('-');
            s.push_str(m);
        }
        let mut attrs = Vec::new();
        if l.explicit_units || l.units != 1 {
            attrs.push(format!("units={}", l.units));
        }
        let pointers: Vec<String> = l.pointers.iter().map(char::to_string).collect();
        attrs.push(format!("dx={}", pointers.join(",")));
        let cents = base_charge(l.code) as u64 * 100 * l.units as u64
            + if rng.chance(0.3) {
                rng.below(100) as u64
            } else {
                0
            };
        attrs.push(format!("charge={}", money(cents, money_style)));
        if let Some(pos) = l.pos {
            attrs.push(format!("pos={pos}"));
        }
        if needs_prior_auth(d.payer, l.code) {
            // Derived from the claim id, so the stream of random choices
            // (and every other claim) stays as it was.
            attrs.push(format!("auth=PA{}", d.id.replace('-', "")));
        }
        // Attributes may come in any order; writers mostly keep one.
        if rng.chance(0.05) {
            attrs.rotate_left(1);
        }
        for a in attrs {
            s.push(' ');
            s.push_str(&a);
        }
        match (l.comment, l.suppress) {
            (_, Some(rule)) => s.push_str(&format!("  # claimls: ignore[{rule}]")),
            (Some(c), None) => s.push_str(&format!("  # {c}")),
            (None, None) => {}
        }
        out.push(s);
    }
    out.push(String::new());
}

/// Generates a claim file of exactly `options.lines` lines.
pub fn generate(options: &Options) -> Generated {
    let mut g = Generator {
        rng: Rng::new(options.seed),
        all_billable: billable_codes(),
        sex: "F",
        claim_no: 0,
        prefix: format!("S{}", options.seed),
        first_day: options.first_day,
        days: options.days.max(1) as usize,
    };
    let mut result = Generated::default();
    let mut lines_written = 0;
    let mut text = String::with_capacity(options.lines * 48);
    let header = [
        format!(
            "# Generated by claimls gen_claims (seed {}): synthetic claims, no real patients.",
            options.seed
        ),
        String::new(),
    ];
    for l in header.iter().take(options.lines) {
        text.push_str(l);
        text.push('\n');
        lines_written += 1;
    }
    let mut buf = Vec::new();
    loop {
        let mut draft = g.draft();
        let problem = g
            .rng
            .chance(options.problem_rate)
            .then(|| *g.rng.pick(&PROBLEM_KINDS));
        if let Some(kind) = problem {
            g.inject(&mut draft, kind);
        }
        buf.clear();
        render(&draft, &mut g.rng, &mut buf);
        if lines_written + buf.len() > options.lines {
            break;
        }
        for (i, l) in buf.iter().enumerate() {
            if l.starts_with("claim ") {
                result.claims.push((text.len(), draft.id.clone()));
            }
            if i > 0 && l.trim_start().starts_with("line ") {
                result.service_lines += 1;
            }
            text.push_str(l);
            text.push('\n');
        }
        lines_written += buf.len();
        if let Some(kind) = problem {
            result.problems.push(Problem {
                claim: draft.id.clone(),
                kind,
            });
        }
    }
    while lines_written < options.lines {
        text.push_str("# end of batch\n");
        lines_written += 1;
    }
    result.text = text;
    result
}

/// Claim-text fragments for property tests: valid statements, near-misses
/// and junk, to be glued together at random.
pub const FRAGMENTS: &[&str] = &[
    "claim SRS-0001",
    "claim ",
    "claim É診🦀",
    "payer Medicare",
    "payer Aetna",
    "payer ",
    "patient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73",
    "patient dob=",
    "provider npi=1234567893",
    "provider npi=12",
    "pos 11",
    "pos 999",
    "dx A C79.31",
    "dx B C34.1",
    "dx C C79.99",
    "dx Z Q28.2",
    "dx A",
    "dx",
    "line 2026-11-02 77372 units=1 dx=A,B charge=8950.00",
    "line 2026-11-02 77372-TC units=2 dx=A,D charge=$17,900.00",
    "line 2026-11-02 77371 dx=A",
    "line 11/02/2026..11/05/2026 77300-26-TC units=3 dx=A pos=22",
    "line 2026-02-30 77432 units=0 dx=A,,B charge=12.345",
    "line 2026-11-02 77432 units= dx=",
    "line 2026-11-02 77372- dx=A",
    "line 77372",
    "line 2026-11-02 G0339-XS-59 units=99999999999 dx=A,B,C,D,E",
    "# claimls: ignore[mue-exceeded, bogus]",
    "# claimls: ignore",
    "# a comment 診 🦀",
    "Claim X",
    "charge 12",
    "=",
    "-",
    "..",
    ",",
    "$",
    "\t",
    "  ",
    "🦀",
    "é",
    "\u{FEFF}",
    "\0",
];

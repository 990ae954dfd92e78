//! Typed values written in a claim: dates, amounts, units, code shapes.
//!
//! The parser only checks that a word has the right *shape*; these functions
//! give it meaning, and the rules report what does not make sense.

// The calendar day type every date here is, for front ends that take one
// (`claimls check --as-of`) without depending on `time` themselves.
pub use time::Date;
use time::Month;

fn all_digits(s: &str, min: usize, max: usize) -> bool {
    all_digit_bytes(s.as_bytes(), min, max)
}

fn all_digit_bytes(s: &[u8], min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.iter().all(u8::is_ascii_digit)
}

/// The value of a run of ASCII digits (at most 4 here, so no overflow).
fn digits_value(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'))
}

/// Year, month and day of a date-shaped word. Byte-level and without
/// allocation: every rule about dates starts here, for every line.
fn date_parts(s: &str) -> Option<(i32, u8, u8)> {
    let b = s.as_bytes();
    let is_digit = |range: &[u8]| range.iter().all(u8::is_ascii_digit);
    // YYYY-MM-DD
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let (y, m, d) = (&b[..4], &b[5..7], &b[8..]);
        return (is_digit(y) && is_digit(m) && is_digit(d)).then(|| {
            (
                digits_value(y) as i32,
                digits_value(m) as u8,
                digits_value(d) as u8,
            )
        });
    }
    // M/D/YYYY with one- or two-digit month and day.
    if !(8..=10).contains(&b.len()) {
        return None;
    }
    let first = b.iter().position(|&c| c == b'/')?;
    let second = first + 1 + b[first + 1..].iter().position(|&c| c == b'/')?;
    let (m, d, y) = (&b[..first], &b[first + 1..second], &b[second + 1..]);
    let ok = (1..=2).contains(&m.len())
        && (1..=2).contains(&d.len())
        && y.len() == 4
        && is_digit(m)
        && is_digit(d)
        && is_digit(y);
    ok.then(|| {
        (
            digits_value(y) as i32,
            digits_value(m) as u8,
            digits_value(d) as u8,
        )
    })
}

/// Why a date-shaped word is not a usable date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    Shape,
    /// Shaped right, but no such day (e.g. `2026-02-30`).
    NoSuchDay,
}

/// The patient sex codes a claim carries, with their meaning: the 837's
/// gender code values, which the CMS-1500 boxes also take.
pub const SEX_CODES: [(&str, &str); 3] = [("F", "female"), ("M", "male"), ("U", "unknown")];

/// Completed years from `born` to `day` (the patient's age on that day).
pub fn age_on(born: Date, day: Date) -> i32 {
    let birthday_passed = (day.month() as u8, day.day()) >= (born.month() as u8, born.day());
    day.year() - born.year() - i32::from(!birthday_passed)
}

/// Parses a date in either accepted form.
pub fn parse_date(s: &str) -> Result<Date, DateError> {
    let (y, m, d) = date_parts(s).ok_or(DateError::Shape)?;
    let month = Month::try_from(m).map_err(|_| DateError::NoSuchDay)?;
    Date::from_calendar_date(y, month, d).map_err(|_| DateError::NoSuchDay)
}

/// Why a date-shaped word names no day (`2026-02-30` → "February 2026
/// has 28 days"); `None` when it is a real date or not date-shaped.
pub fn no_such_day(s: &str) -> Option<String> {
    let (y, m, d) = date_parts(s)?;
    let Ok(month) = Month::try_from(m) else {
        return Some(format!("there is no month {m}"));
    };
    let days = month.length(y);
    (d == 0 || d > days).then(|| format!("{month} {y} has {days} days"))
}

/// `YYYY-MM-DD`, the canonical form.
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month() as u8,
        date.day()
    )
}

/// The same day `months` months after `day`, or that month's last day
/// when it has no such day (January 31 + 1 month = February 28 or 29);
/// `None` past the calendar's end.
pub fn add_months(day: Date, months: u32) -> Option<Date> {
    let total = i64::from(day.month() as u8) - 1 + i64::from(months);
    let year = day.year().checked_add(i32::try_from(total / 12).ok()?)?;
    let month = Month::try_from(u8::try_from(total % 12 + 1).ok()?).ok()?;
    Date::from_calendar_date(year, month, day.day().min(month.length(year))).ok()
}

/// The environment variable that names the day to take as today
/// (YYYY-MM-DD), for every command and the server.
pub const TODAY_VARIABLE: &str = "CLAIMLS_TODAY";

/// Today's date (UTC), for "not in the future" and timely filing checks;
/// or the day `CLAIMLS_TODAY` names. Test suites and CI set it: their
/// claims are dated, and findings measured from today (a filing limit
/// running out) would otherwise change as the calendar moves on. A value
/// that is not a day is ignored.
pub fn today() -> Date {
    if let Some(day) = std::env::var_os(TODAY_VARIABLE)
        .and_then(|v| v.into_string().ok())
        .and_then(|v| parse_date(v.trim()).ok())
    {
        return day;
    }
    time::OffsetDateTime::now_utc().date()
}

/// A money amount in cents. Accepts `8950`, `8950.5`, `8950.00`,
/// `$8,950.00`. Commas must group thousands properly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    Shape,
    TooManyDecimals,
}

pub fn parse_amount(s: &str) -> Result<i64, AmountError> {
    // Byte searches throughout: a `char` pattern sets up a searcher per
    // call, and this runs for every charge.
    let s = s.strip_prefix('$').unwrap_or(s);
    match plain_amount(s.as_bytes()) {
        Some(cents) => Ok(cents),
        None => any_amount(s),
    }
}

/// Every accepted shape, with thousands separators, and why others fail.
fn any_amount(s: &str) -> Result<i64, AmountError> {
    let (whole, frac) = match s.bytes().position(|b| b == b'.') {
        Some(dot) => (&s[..dot], Some(&s[dot + 1..])),
        None => (s, None),
    };
    if whole.is_empty() {
        return Err(AmountError::Shape);
    }
    // Thousands groups: `8950` or `8,950`, never `89,50`. Checked
    // arithmetic instead of collecting the digits: this runs per line.
    let grouped = whole.bytes().any(|b| b == b',');
    let mut value: i64 = 0;
    for (i, group) in whole.as_bytes().split(|&b| b == b',').enumerate() {
        let ok = match (i, grouped) {
            (_, false) => all_digit_bytes(group, 1, 15),
            (0, true) => all_digit_bytes(group, 1, 3),
            (_, true) => all_digit_bytes(group, 3, 3),
        };
        if !ok {
            return Err(AmountError::Shape);
        }
        value = group
            .iter()
            .try_fold(value, |n, d| {
                n.checked_mul(10)?.checked_add(i64::from(d - b'0'))
            })
            .ok_or(AmountError::Shape)?;
    }
    let whole = value;
    let cents = match frac {
        None => 0,
        Some(f) if f.len() > 2 && all_digits(f, 1, 18) => return Err(AmountError::TooManyDecimals),
        Some(f) if all_digits(f, 1, 2) => {
            let v: i64 = f.parse().map_err(|_| AmountError::Shape)?;
            if f.len() == 1 { v * 10 } else { v }
        }
        Some(_) => return Err(AmountError::Shape),
    };
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(cents))
        .ok_or(AmountError::Shape)
}

/// The common shape, in one pass: 1 to 15 digits, optionally a dot and one
/// or two more (`1450`, `320.5`, `21400.00`). `None` for anything else,
/// which the general parser then explains.
fn plain_amount(b: &[u8]) -> Option<i64> {
    let dot = b
        .iter()
        .position(|&c| !c.is_ascii_digit())
        .unwrap_or(b.len());
    let (whole, rest) = b.split_at(dot);
    if whole.is_empty() || whole.len() > 15 {
        return None;
    }
    let frac = match rest {
        [] => &[][..],
        [b'.', frac @ ..] if (1..=2).contains(&frac.len()) => frac,
        _ => return None,
    };
    if !frac.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = |digits: &[u8]| {
        digits
            .iter()
            .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'))
    };
    let cents = match frac.len() {
        0 => 0,
        1 => value(frac) * 10,
        _ => value(frac),
    };
    Some(value(whole) * 100 + cents)
}

/// `8950.00` from cents; `$8,950.00` with `dollars`.
pub fn format_amount(cents: i64, dollars: bool) -> String {
    let whole = (cents / 100).to_string();
    let frac = cents % 100;
    if !dollars {
        return format!("{whole}.{frac:02}");
    }
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("${grouped}.{frac:02}")
}

/// Units: a positive whole number.
pub fn parse_units(s: &str) -> Option<u32> {
    if !all_digits(s, 1, 9) {
        return None;
    }
    s.parse().ok().filter(|&n| n > 0)
}

/// Which code system a procedure code's shape belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeShape {
    /// Five digits: CPT Category I. Also four digits and A (vaccine
    /// administration), M (multianalyte assays) or U (proprietary laboratory
    /// analyses), which CPT numbers the same way.
    Cpt,
    /// Four digits and F: CPT Category II (performance measures).
    CptCategoryII,
    /// Four digits and T: CPT Category III (emerging technology).
    CptCategoryIII,
    /// A letter and four digits: HCPCS Level II.
    Hcpcs,
}

pub fn code_shape(code: &str) -> Option<CodeShape> {
    let b = code.as_bytes();
    if b.len() != 5 {
        return None;
    }
    let digits4 = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match (b[0], b[4]) {
        (first, _) if first.is_ascii_uppercase() && digits4(&b[1..]) => Some(CodeShape::Hcpcs),
        (_, b'F') if digits4(&b[..4]) => Some(CodeShape::CptCategoryII),
        (_, b'T') if digits4(&b[..4]) => Some(CodeShape::CptCategoryIII),
        (_, b'A' | b'M' | b'U') if digits4(&b[..4]) => Some(CodeShape::Cpt),
        _ if b.iter().all(u8::is_ascii_digit) => Some(CodeShape::Cpt),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms() {
        assert_eq!(
            parse_date("2026-11-02").map(format_date).unwrap(),
            "2026-11-02"
        );
        assert_eq!(
            parse_date("11/02/2026").map(format_date).unwrap(),
            "2026-11-02"
        );
        assert_eq!(
            parse_date("1/2/2026").map(format_date).unwrap(),
            "2026-01-02"
        );
        assert_eq!(parse_date("2026-02-30"), Err(DateError::NoSuchDay));
        assert_eq!(
            parse_date("2024-02-29").map(format_date).unwrap(),
            "2024-02-29"
        );
        assert_eq!(parse_date("2026-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("2026/11/02"), Err(DateError::Shape));
        assert_eq!(parse_date("26-11-02"), Err(DateError::Shape));
        assert_eq!(
            no_such_day("2026-02-30").as_deref(),
            Some("February 2026 has 28 days")
        );
        assert_eq!(
            no_such_day("13/01/2026").as_deref(),
            Some("there is no month 13")
        );
        assert_eq!(
            no_such_day("2026-11-00").as_deref(),
            Some("November 2026 has 30 days")
        );
        assert_eq!(no_such_day("2024-02-29"), None);
    }

    /// The split-based parser the byte-level one replaced, kept as the
    /// reference it must agree with.
    fn reference_date_parts(s: &str) -> Option<(i32, u8, u8)> {
        fn three(s: &str, sep: char) -> Option<(&str, &str, &str)> {
            let (a, rest) = s.split_once(sep)?;
            let (b, c) = rest.split_once(sep)?;
            (!c.contains(sep)).then_some((a, b, c))
        }
        if let Some((y, m, d)) = three(s, '-') {
            if all_digits(y, 4, 4) && all_digits(m, 2, 2) && all_digits(d, 2, 2) {
                return Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?));
            }
        }
        if let Some((m, d, y)) = three(s, '/') {
            if all_digits(y, 4, 4) && all_digits(m, 1, 2) && all_digits(d, 1, 2) {
                return Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?));
            }
        }
        None
    }

    #[test]
    fn byte_level_date_parts_agree_with_the_reference() {
        // Every string of up to 10 characters over a small alphabet that
        // covers digits, both separators and junk, sampled deterministically.
        let alphabet = b"0129/-x ";
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut checked = 0;
        for len in 0..=11 {
            for _ in 0..20_000 {
                let word: String = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed % alphabet.len() as u64) as usize] as char
                    })
                    .collect();
                assert_eq!(date_parts(&word), reference_date_parts(&word), "{word:?}");
                checked += 1;
            }
        }
        // Every arrangement of plausible parts, in both orders and with
        // both separators.
        let parts = [
            "", "0", "1", "01", "12", "13", "31", "001", "2026", "20260", "x1",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    for sep in ['-', '/'] {
                        let word = format!("{a}{sep}{b}{sep}{c}");
                        assert_eq!(date_parts(&word), reference_date_parts(&word), "{word:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 200_000);
    }

    #[test]
    fn the_plain_amount_fast_path_agrees_with_the_general_parser() {
        let parts = [
            "",
            "0",
            "5",
            "12",
            "1450",
            "999999999999999",
            "9999999999999999",
            "1,450",
            "a",
        ];
        let fracs = ["", ".", ".0", ".5", ".50", ".505", ".x", ".5.5"];
        for whole in parts {
            for frac in fracs {
                let text = format!("{whole}{frac}");
                if let Some(fast) = plain_amount(text.as_bytes()) {
                    assert_eq!(Ok(fast), any_amount(&text), "{text:?}");
                }
            }
        }
        assert_eq!(plain_amount(b"21400.00"), Some(2_140_000));
        assert_eq!(
            plain_amount(b"8,950.00"),
            None,
            "separators take the general path"
        );
    }

    #[test]
    fn amounts_with_and_without_dollar_signs_and_commas() {
        assert_eq!(parse_amount("8950.00"), Ok(895000));
        assert_eq!(parse_amount("$8,950.00"), Ok(895000));
        assert_eq!(parse_amount("1200"), Ok(120000));
        assert_eq!(parse_amount("0.5"), Ok(50));
        assert_eq!(parse_amount("$1,234,567.89"), Ok(123456789));
        assert_eq!(parse_amount("12.345"), Err(AmountError::TooManyDecimals));
        assert_eq!(parse_amount("8,95.00"), Err(AmountError::Shape));
        assert_eq!(parse_amount("abc"), Err(AmountError::Shape));
        assert_eq!(parse_amount("-5"), Err(AmountError::Shape));
        assert_eq!(format_amount(895000, true), "$8,950.00");
        assert_eq!(format_amount(123456789, true), "$1,234,567.89");
        assert_eq!(format_amount(5, false), "0.05");
    }

    #[test]
    fn code_shapes() {
        assert_eq!(code_shape("77372"), Some(CodeShape::Cpt));
        assert_eq!(code_shape("G0339"), Some(CodeShape::Hcpcs));
        assert_eq!(code_shape("0394T"), Some(CodeShape::CptCategoryIII));
        assert_eq!(code_shape("3074F"), Some(CodeShape::CptCategoryII));
        assert_eq!(code_shape("0001A"), Some(CodeShape::Cpt));
        assert_eq!(code_shape("0003U"), Some(CodeShape::Cpt));
        assert_eq!(code_shape("7737X"), None);
        assert_eq!(code_shape("7737"), None);
        assert_eq!(code_shape("g0339"), None);
        assert_eq!(code_shape("77A72"), None);
    }

    #[test]
    fn units_are_positive_integers() {
        assert_eq!(parse_units("3"), Some(3));
        assert_eq!(parse_units("0"), None);
        assert_eq!(parse_units("1.5"), None);
        assert_eq!(parse_units("-1"), None);
    }
}

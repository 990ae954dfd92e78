//! Typed values written in a claim: dates, amounts, units, code shapes.
//!
//! The parser only checks that a word has the right *shape*; these functions
//! give it meaning, and the rules report what does not make sense.

use time::{Date, Month};

/// Whether `s` has the shape of a date we accept (`YYYY-MM-DD` or
/// `MM/DD/YYYY`, one-digit month and day allowed in the US form), whether or
/// not the calendar has that day.
pub fn looks_like_date(s: &str) -> bool {
    date_parts(s).is_some()
}

fn all_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// Splits `s` into exactly three parts at `sep` (no allocation: this runs
/// for every date of every line).
fn three(s: &str, sep: char) -> Option<(&str, &str, &str)> {
    let (a, rest) = s.split_once(sep)?;
    let (b, c) = rest.split_once(sep)?;
    (!c.contains(sep)).then_some((a, b, c))
}

fn date_parts(s: &str) -> Option<(i32, u8, u8)> {
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

/// Why a date-shaped word is not a usable date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    Shape,
    /// Shaped right, but no such day (e.g. `2026-02-30`).
    NoSuchDay,
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

/// Today's date (UTC), for "not in the future" checks.
pub fn today() -> Date {
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
    let s = s.strip_prefix('$').unwrap_or(s);
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    if whole.is_empty() {
        return Err(AmountError::Shape);
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped_ok = groups.len() == 1
        || (all_digits(groups[0], 1, 3) && groups[1..].iter().all(|g| all_digits(g, 3, 3)));
    if !grouped_ok || !groups.iter().all(|g| all_digits(g, 1, 15)) {
        return Err(AmountError::Shape);
    }
    let digits: String = groups.concat();
    let whole: i64 = digits.parse().map_err(|_| AmountError::Shape)?;
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

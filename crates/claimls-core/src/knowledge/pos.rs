//! Place of service codes (CMS list), from `data/pos.tsv`.

use std::sync::LazyLock;

pub(crate) const TABLE: &str = include_str!("../../../../data/pos.tsv");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceOfService {
    pub code: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

static POS: LazyLock<Vec<PlaceOfService>> = LazyLock::new(|| {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.splitn(3, '\t');
            Some(PlaceOfService {
                code: f.next()?.trim(),
                name: f.next()?.trim(),
                description: f.next().unwrap_or("").trim(),
            })
        })
        .collect()
});

/// All places of service, in code order.
pub fn all() -> &'static [PlaceOfService] {
    &POS
}

/// Position in `POS` of each two-digit code, plus one (0: no such code).
/// Every service line asks, so a lookup is an array index.
static BY_NUMBER: LazyLock<[u16; 100]> = LazyLock::new(|| {
    let mut index = [0; 100];
    for (i, place) in POS.iter().enumerate() {
        if let Some(n) = number(place.code) {
            index[n] = i as u16 + 1;
        }
    }
    index
});

fn number(code: &str) -> Option<usize> {
    match code.as_bytes() {
        &[a @ b'0'..=b'9', b @ b'0'..=b'9'] => {
            Some(usize::from(a - b'0') * 10 + usize::from(b - b'0'))
        }
        _ => None,
    }
}

pub(crate) const HOSPITAL_PLACES: &str = include_str!("../../../../data/hospital_places.tsv");

/// For each two-digit place of service, whether it is a hospital's: every
/// service line asks, so the answer is an array index.
static HOSPITAL: LazyLock<[bool; 100]> = LazyLock::new(|| {
    let mut hospital = [false; 100];
    for code in HOSPITAL_PLACES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .filter_map(|l| l.split('\t').next())
    {
        if let Some(n) = number(code.trim()) {
            hospital[n] = true;
        }
    }
    hospital
});

/// Whether a service at place of service `code` is furnished to a
/// hospital's own patient, so that Medicare pays its technical part to the
/// hospital (`data/hospital_places.tsv`).
pub fn is_hospital(code: &str) -> bool {
    number(code).is_some_and(|n| HOSPITAL[n])
}

#[cfg(test)]
mod hospital_tests {
    #[test]
    fn the_hospital_places_are_19_21_22_23() {
        let hospital: Vec<&str> = super::all()
            .iter()
            .map(|p| p.code)
            .filter(|c| super::is_hospital(c))
            .collect();
        assert_eq!(hospital, ["19", "21", "22", "23"]);
        assert!(!super::is_hospital("11") && !super::is_hospital("x"));
    }
}

pub fn get(code: &str) -> Option<&'static PlaceOfService> {
    let at = BY_NUMBER[number(code)?];
    (at > 0).then(|| &POS[usize::from(at) - 1])
}

/// The source line of the table's header.
pub fn source() -> &'static str {
    TABLE
        .lines()
        .next()
        .and_then(|l| l.strip_prefix('#'))
        .map(str::trim)
        .unwrap_or("CMS Place of Service Code Set")
}

#[cfg(test)]
mod tests {
    #[test]
    fn knows_common_places_of_service() {
        assert!(super::all().len() >= 45);
        for place in super::all() {
            assert_eq!(
                super::get(place.code),
                Some(place),
                "{} is indexed",
                place.code
            );
        }
        for absent in ["", "1", "011", "1a", "00", "-1"] {
            assert!(super::get(absent).is_none(), "{absent:?}");
        }
        assert!(super::get("11").unwrap().name.contains("Office"));
        assert!(
            super::get("22")
                .unwrap()
                .name
                .to_lowercase()
                .contains("hospital")
        );
        assert!(super::get("99").is_some());
        assert!(
            super::get("30").is_none(),
            "unassigned codes are not listed"
        );
    }
}

//! Place of service codes (CMS list), from `data/pos.tsv`.

use std::sync::LazyLock;

const TABLE: &str = include_str!("../../data/pos.tsv");

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

pub fn get(code: &str) -> Option<&'static PlaceOfService> {
    POS.iter().find(|p| p.code == code)
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

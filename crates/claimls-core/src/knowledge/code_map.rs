//! A map from short codes (procedure, modifier, fee and MUE tables) to
//! their entries, keyed by the code packed into a `u64`.
//!
//! Every service line looks its code up in several tables. With `String`
//! keys each lookup hashed the bytes and then compared them through libc's
//! `memcmp`, which a profile showed costing more time than its instruction
//! count suggests; a packed key hashes with one multiply and compares as
//! one integer.

use rustc_hash::FxHashMap;

/// Codes of up to this many bytes can be keys (CPT and HCPCS codes have 5,
/// modifiers 2); the eighth byte of the key holds the length, so `"A"` and
/// `"A\0"` stay apart.
pub const MAX_CODE_LEN: usize = 7;

/// `code` packed into a key, or `None` when it is too long to be a code.
#[inline]
pub fn pack(code: &str) -> Option<u64> {
    let bytes = code.as_bytes();
    if bytes.len() > MAX_CODE_LEN {
        return None;
    }
    let mut key = [0u8; 8];
    key[..bytes.len()].copy_from_slice(bytes);
    key[7] = bytes.len() as u8;
    Some(u64::from_le_bytes(key))
}

/// The code a key was packed from.
pub fn unpack(key: u64) -> String {
    let bytes = key.to_le_bytes();
    let len = usize::from(bytes[7]).min(MAX_CODE_LEN);
    String::from_utf8_lossy(&bytes[..len]).into_owned()
}

/// Entries by code. A code too long to pack is refused: `insert` returns
/// false (the loaders of users' files accept only five-character codes
/// anyway), and collecting an embedded table panics, which its unit test
/// would catch first.
#[derive(Clone, Debug)]
pub struct CodeMap<T> {
    entries: FxHashMap<u64, T>,
}

impl<T> Default for CodeMap<T> {
    fn default() -> Self {
        CodeMap {
            entries: FxHashMap::default(),
        }
    }
}

impl<T> CodeMap<T> {
    /// Inserts or replaces the entry for `code`; returns whether the code
    /// could be stored.
    pub fn insert(&mut self, code: &str, value: T) -> bool {
        match pack(code) {
            Some(key) => {
                self.entries.insert(key, value);
                true
            }
            None => false,
        }
    }

    /// Room for `additional` more entries without growing (a growing map
    /// holds its old and new tables at once).
    pub fn reserve(&mut self, additional: usize) {
        self.entries.reserve(additional);
    }

    #[inline]
    pub fn get(&self, code: &str) -> Option<&T> {
        self.entries.get(&pack(code)?)
    }

    pub fn get_mut(&mut self, code: &str) -> Option<&mut T> {
        self.entries.get_mut(&pack(code)?)
    }

    /// Every entry with its code (unpacked), in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (String, &T)> {
        self.entries
            .iter()
            .map(|(key, value)| (unpack(*key), value))
    }

    pub fn contains_key(&self, code: &str) -> bool {
        self.get(code).is_some()
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.entries.values()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// For the embedded tables, whose codes a unit test checks: a code that
/// cannot be packed is a bug in the data, found by that test.
impl<S: AsRef<str>, T> FromIterator<(S, T)> for CodeMap<T> {
    fn from_iter<I: IntoIterator<Item = (S, T)>>(rows: I) -> Self {
        let mut map = CodeMap::default();
        for (code, value) in rows {
            let code = code.as_ref();
            assert!(map.insert(code, value), "code `{code}` is too long");
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_unpack_to_their_codes() {
        for code in ["77372", "A", "26", "G0339", "0394T", "ABCDEFG"] {
            assert_eq!(unpack(pack(code).unwrap()), code);
        }
    }

    #[test]
    fn keys_are_distinct_per_code_and_length() {
        let codes = [
            "77372", "7737", "A", "A\0", "", "TC", "26", "G0339", "1234567",
        ];
        let keys: Vec<_> = codes.iter().map(|c| pack(c).unwrap()).collect();
        for (i, a) in keys.iter().enumerate() {
            for (j, b) in keys.iter().enumerate() {
                assert_eq!(a == b, i == j, "{:?} vs {:?}", codes[i], codes[j]);
            }
        }
        assert_eq!(pack("12345678"), None);
    }

    #[test]
    fn a_map_finds_what_was_inserted_and_nothing_else() {
        let mut map = CodeMap::default();
        assert!(map.insert("77372", 1));
        assert!(map.insert("TC", 2));
        assert!(!map.insert("much-too-long", 3));
        assert_eq!(map.get("77372"), Some(&1));
        assert_eq!(map.get("TC"), Some(&2));
        assert_eq!(map.get("tc"), None);
        assert_eq!(map.get("77372 "), None);
        assert_eq!(map.get("much-too-long"), None);
        assert!(map.insert("77372", 4));
        assert_eq!(map.get("77372"), Some(&4));
        assert_eq!(map.len(), 2);
    }
}

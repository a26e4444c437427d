//! Lookups by name: the hasher they use, and the index of entries by code and by Rust name,
//! which holds no copy of the names.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Envelope indices by `formats` name. FNV-1a instead of SipHash: the keys come from the user's own file,
/// so hash flooding is no threat, and SipHash showed up in the load benchmark's profile.
pub(super) type Names = HashMap<String, usize, BuildHasherDefault<Fnv>>;

/// The FNV-1a hash, 64 bits.
pub(super) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Entry indices by one of the entry's strings (its code, its Rust name), holding no copy of
/// the strings: keyed by their hash, every hit confirmed against the entry itself. Two
/// different strings with the same 64-bit hash are kept in `collided` and searched linearly.
#[derive(Default)]
pub(super) struct NameIndex {
    pub by_hash: HashMap<u64, usize, BuildHasherDefault<Fnv>>,
    pub collided: Vec<usize>,
}

impl NameIndex {
    fn hash(name: &str) -> u64 {
        let mut h = Fnv::default();
        h.write(name.as_bytes());
        h.finish()
    }

    /// The index of the entry whose string (read by `of`) is `name`.
    pub(super) fn get<'e>(
        &self,
        name: &str,
        of: impl Fn(usize) -> Option<&'e str>,
    ) -> Option<usize> {
        let is = |i: &usize| of(*i) == Some(name);
        self.by_hash
            .get(&Self::hash(name))
            .filter(|i| is(i))
            .or_else(|| self.collided.iter().find(|i| is(i)))
            .copied()
    }

    /// Records entry `index` under `name`, which [`NameIndex::get`] did not find.
    pub(super) fn insert(&mut self, name: &str, index: usize) {
        match self.by_hash.entry(Self::hash(name)) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
            }
            std::collections::hash_map::Entry::Occupied(_) => self.collided.push(index),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_index_confirms_hits_and_survives_collisions() {
        let mut index = NameIndex::default();
        let names = ["x", "y"];
        index.insert("x", 0);
        assert_eq!(index.get("x", |i| names.get(i).copied()), Some(0));
        assert_eq!(index.get("z", |i| names.get(i).copied()), None);
        // Pretend entry 1's string hashes like entry 0's: it lands in `collided`.
        index.collided.push(1);
        let strings = ["other", "x"];
        assert_eq!(index.get("x", |i| strings.get(i).copied()), Some(1));
    }
}

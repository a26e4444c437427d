//! The code hash and the minimal perfect hash over a catalog's codes: built at build time
//! ([`Phf::build`], feature `alloc`), looked up at run time through the same [`bucket`] and
//! [`slot`] (the table's `find`), so the two cannot drift.
//!
//! A key's hash picks a bucket; the bucket's displacement, remixed with the hash, picks a
//! slot; the slot names the entry, whose code is compared with the key.

const K: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xA076_1D64_78BD_642F;
const K3: u64 = 0xE703_7ED1_A0B4_28DB;

#[inline]
const fn fold_mul(a: u64, b: u64) -> u64 {
    let product = (a as u128).wrapping_mul(b as u128);
    (product as u64) ^ ((product >> 64) as u64)
}

/// The code hash: one folded multiply per 16 bytes (the foldhash idea), seeded; short keys
/// (codes are 10-40 bytes) take two or three multiplies. The tail is read as two overlapping
/// words, so there is no byte loop.
#[inline]
pub fn hash(seed: u64, bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let mut h = seed ^ (len as u64).wrapping_mul(K);
    let mut rest = bytes;
    while rest.len() > 16 {
        h = fold_mul(word(rest, 0) ^ h, word(rest, 8) ^ K2);
        rest = &rest[16..];
    }
    let (a, b) = if len >= 16 {
        // The last 16 bytes of the key, overlapping what the loop read.
        (word(bytes, len - 16), word(bytes, len - 8))
    } else if len >= 8 {
        (word(bytes, 0), word(bytes, len - 8))
    } else {
        (small(bytes), 0)
    };
    // fold_mul mixes both halves of the product, so the result needs no extra finalizer:
    // the bucket takes its high 32 bits, the slot its low 32.
    fold_mul(a ^ h, b ^ K2)
}

/// The hash of the decoded code index ([`crate::table::CodeIndex`]), which lives in memory
/// only: unlike [`hash`] it is in no table, so it can change freely. It is built for latency,
/// the part of a lookup nothing else can overlap: a key of up to 32 bytes (nearly every code)
/// takes one round of two *independent* folded multiplies, where [`hash`] chains two or three.
///
/// Unseeded: the index's keys are the catalog's, fixed at build time, so a caller choosing
/// misses can only walk the probe runs those keys made, never lengthen them.
#[inline]
pub fn index_hash(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let (a, b, c, d) = if len > 32 {
        let mut h = (len as u64).wrapping_mul(K);
        let mut rest = bytes;
        while rest.len() > 32 {
            h = fold_mul(word(rest, 0) ^ h, word(rest, 8) ^ K2)
                ^ fold_mul(word(rest, 16) ^ K3, word(rest, 24) ^ K);
            rest = &rest[32..];
        }
        // The last 32 bytes of the key, overlapping what the loop read.
        let at = len - 32;
        (
            word(bytes, at) ^ h,
            word(bytes, at + 8),
            word(bytes, at + 16),
            word(bytes, at + 24),
        )
    } else if len > 16 {
        // Four words cover 17-32 bytes, the middle ones overlapping.
        (
            word(bytes, 0),
            word(bytes, 8),
            word(bytes, len - 16),
            word(bytes, len - 8),
        )
    } else if len >= 8 {
        (word(bytes, 0), word(bytes, len - 8), 0, 0)
    } else {
        (small(bytes), 0, 0, 0)
    };
    // The length keeps keys that read the same words apart ("ab" and "ab\0").
    fold_mul(a ^ K, b ^ K2 ^ len as u64) ^ fold_mul(c ^ K3, d ^ K)
}

/// The little-endian word at `at` (callers guarantee `at + 8 <= bytes.len()`; else 0).
#[inline]
fn word(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(&[a, b, c, d, e, f, g, h]) => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
        _ => 0,
    }
}

/// Up to 7 bytes as a little-endian word, zero-padded.
#[inline]
fn small(bytes: &[u8]) -> u64 {
    let mut w = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(8) {
        w |= u64::from(b) << (8 * i);
    }
    w
}

/// `x` (using its low 32 bits) mapped onto `0..n` by a multiply-shift, no division.
#[inline]
pub const fn reduce(x: u64, n: usize) -> usize {
    (((x & 0xFFFF_FFFF) * n as u64) >> 32) as usize
}

/// The bucket of a key's hash among `buckets`.
#[inline]
pub const fn bucket(hash: u64, buckets: usize) -> usize {
    reduce(hash >> 32, buckets)
}

/// The slot of a key's hash among `slots`, given its bucket's displacement.
#[inline]
pub const fn slot(hash: u64, disp: usize, slots: usize) -> usize {
    // Remixed, not just xored: keys of one bucket that collide must be able to part.
    reduce(fold_mul(hash ^ (disp as u64).wrapping_mul(K), K3), slots)
}

/// A built perfect hash: what the table encoder writes.
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phf {
    pub seed: u64,
    /// One displacement per bucket.
    pub disps: alloc::vec::Vec<u16>,
    /// The key index stored in each slot, `None` for unused slots.
    pub slots: alloc::vec::Vec<Option<u32>>,
}

/// Keys per bucket on average: small buckets place quickly; four keeps `disps` small.
#[cfg(feature = "alloc")]
const BUCKET_SIZE: usize = 4;

#[cfg(feature = "alloc")]
impl Phf {
    /// Builds the hash for distinct `keys`; deterministic (seeds are tried in order). `None`
    /// only if no seed works, which needs duplicate keys (the checker rejects them).
    pub fn build(keys: &[&str]) -> Option<Phf> {
        let n = keys.len();
        let buckets = n.div_ceil(BUCKET_SIZE).max(1);
        // 20% spare slots: the last buckets find a free slot in a few tries.
        let slots_len = (n + n / 5).max(1);
        (0..64u64).find_map(|seed| Phf::try_seed(keys, seed, buckets, slots_len))
    }

    fn try_seed(keys: &[&str], seed: u64, buckets: usize, slots_len: usize) -> Option<Phf> {
        use alloc::vec;
        use alloc::vec::Vec;

        let hashes: Vec<u64> = keys.iter().map(|k| hash(seed, k.as_bytes())).collect();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); buckets];
        for (i, &h) in hashes.iter().enumerate() {
            members[bucket(h, buckets)].push(i);
        }
        // Largest buckets first, while the table is emptiest; ties in bucket order.
        let mut order: Vec<usize> = (0..buckets).collect();
        order.sort_by_key(|&b| core::cmp::Reverse(members[b].len()));
        let mut disps = vec![0u16; buckets];
        let mut slots: Vec<Option<u32>> = vec![None; slots_len];
        let mut positions = Vec::new();
        for b in order {
            if members[b].is_empty() {
                break;
            }
            let placed = (0..=u16::MAX).find(|&disp| {
                positions.clear();
                for &key in &members[b] {
                    let at = slot(hashes[key], usize::from(disp), slots_len);
                    if slots[at].is_some() || positions.contains(&at) {
                        return false;
                    }
                    positions.push(at);
                }
                true
            })?;
            disps[b] = placed;
            for (&key, &at) in members[b].iter().zip(&positions) {
                slots[at] = Some(key as u32);
            }
        }
        Some(Phf { seed, disps, slots })
    }

    /// The index of `key` among the `keys` the hash was built for, if it is one of them.
    pub fn find(&self, keys: &[&str], key: &str) -> Option<usize> {
        let h = hash(self.seed, key.as_bytes());
        let disp = *self.disps.get(bucket(h, self.disps.len()))?;
        let index = (*self
            .slots
            .get(slot(h, usize::from(disp), self.slots.len()))?)? as usize;
        (keys.get(index) == Some(&key)).then_some(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every length from 0 to 70 (all tail cases of the 16-byte loop) hashes without panic
    /// and depends on every byte.
    #[test]
    fn every_byte_and_the_length_matter() {
        for len in 0..70usize {
            let mut key = [0u8; 70];
            for (i, b) in key.iter_mut().enumerate() {
                *b = (i as u8).wrapping_mul(37);
            }
            let base = hash(1, &key[..len]);
            for at in 0..len {
                let mut changed = key;
                changed[at] ^= 1;
                assert_ne!(hash(1, &changed[..len]), base, "len {len} byte {at}");
            }
            assert_ne!(hash(1, &key[..len + 1]), base, "len {len}");
            assert_ne!(hash(2, &key[..len]), base, "seed, len {len}");
        }
    }

    /// As for [`hash`]: every length from 0 to 100 (all cases: 8, 16, 32 bytes and the
    /// 32-byte loop) depends on every byte and on the length.
    #[test]
    fn every_byte_and_the_length_matter_to_the_index_hash() {
        for len in 0..100usize {
            let mut key = [0u8; 101];
            for (i, b) in key.iter_mut().enumerate() {
                *b = (i as u8).wrapping_mul(37);
            }
            let base = index_hash(&key[..len]);
            for at in 0..len {
                let mut changed = key;
                changed[at] ^= 1;
                assert_ne!(index_hash(&changed[..len]), base, "len {len} byte {at}");
            }
            assert_ne!(index_hash(&key[..len + 1]), base, "len {len}");
        }
        assert_ne!(index_hash(b"ab"), index_hash(b"ab\0"));
    }

    #[test]
    fn reduce_stays_in_range() {
        for x in [0u64, 1, u64::MAX, 0xFFFF_FFFF, 1 << 40] {
            for n in [1usize, 7, 100, 12_000] {
                assert!(reduce(x, n) < n);
                assert!(bucket(x, n) < n);
                assert!(slot(x, 3, n) < n);
            }
        }
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn phf_finds_every_key_and_rejects_others() {
        use alloc::format;
        use alloc::string::String;
        use alloc::vec::Vec;

        for n in [1usize, 2, 7, 100, 3000] {
            let owned: Vec<String> = (0..n).map(|i| format!("domain/code-{i}")).collect();
            let keys: Vec<&str> = owned.iter().map(String::as_str).collect();
            let phf = Phf::build(&keys).expect("phf");
            for (i, key) in keys.iter().enumerate() {
                assert_eq!(phf.find(&keys, key), Some(i));
            }
            assert_eq!(phf.find(&keys, "domain/code-x"), None);
            assert_eq!(phf.find(&keys, ""), None);
            assert_eq!(phf.slots.iter().flatten().count(), n);
        }
        let empty = Phf::build(&[]).expect("phf");
        assert_eq!(empty.find(&[], "x"), None);
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn hash_spreads_keys() {
        use alloc::format;
        let mut seen = alloc::collections::BTreeSet::new();
        for i in 0..20_000 {
            assert!(seen.insert(hash(0, format!("domain/code-{i:05}").as_bytes())));
        }
    }

    /// The index takes its home slot from the high half and its fingerprint from the low half:
    /// both must spread codes that differ in a digit or two.
    #[cfg(feature = "alloc")]
    #[test]
    fn index_hash_spreads_keys_in_both_halves() {
        use alloc::format;
        let mut high = alloc::collections::BTreeSet::new();
        let mut low = alloc::collections::BTreeSet::new();
        for i in 0..20_000 {
            let h = index_hash(format!("billing/invoice-not-found-{i}").as_bytes());
            high.insert(h >> 32);
            low.insert(h as u32);
        }
        // 20,000 keys in 2^32 values: a collision or two by chance, never dozens.
        assert!(high.len() > 19_990, "{}", high.len());
        assert!(low.len() > 19_990, "{}", low.len());
    }
}

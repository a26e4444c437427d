//! The numbers of a table, as printable bytes.
//!
//! A table's integers live in one byte string literal (`b"..."`) of the generated file. Raw
//! little-endian bytes would need an escape (`\x07`, four characters) for most bytes, so the
//! literal would be three times the data; instead every byte is a base-91 digit drawn from the
//! printable ASCII that a byte string takes as is: `#` (0x23) to `~` (0x7E) without `\`
//! (0x5C). The literal is then exactly as long as the data, one token for rustc.
//!
//! Two forms, both little-endian (low digit first):
//! - fixed width ([`read_fixed`], [`push_fixed`]): columns read at random (rows, lookup
//!   slots), all values of a column in the same number of digits;
//! - self-delimiting ([`read_var`], [`push_var`]): sequences read in order (entry records,
//!   programs). Digits 0-44 end a number, 45-90 continue it, so values below 45 take one byte,
//!   below 2,070 two, below 95,220 three.

/// The number of distinct digits.
pub const BASE: u64 = 91;

/// `BASE` to the power of a digit's position, for the fixed-width numbers.
const POWERS: [u64; 8] = {
    let mut powers = [1u64; 8];
    let mut i = 1;
    while i < 8 {
        powers[i] = powers[i - 1] * BASE;
        i += 1;
    }
    powers
};

/// Digit values below this end a self-delimiting number.
const END: u64 = 45;
/// The base of the continuing digits of a self-delimiting number.
const MORE: u64 = BASE - END;

/// The byte of digit `d` (`d < 91`).
#[inline]
pub const fn byte_of(d: u64) -> u8 {
    let b = 0x23 + d as u8;
    if b >= b'\\' {
        b + 1
    } else {
        b
    }
}

/// The digit of byte `b`; bytes that are not digits give some digit, never a panic (the
/// decoder bounds-checks what it reads with them).
#[inline]
pub const fn digit_of(b: u8) -> u64 {
    (b.wrapping_sub(0x23).wrapping_sub((b > b'\\') as u8)) as u64
}

/// The byte at `at`, or `#` (digit 0) past the end: decoding never panics on a bad table.
#[inline]
pub const fn byte(data: &[u8], at: usize) -> u8 {
    if at < data.len() {
        data[at]
    } else {
        b'#'
    }
}

/// The fixed-width number of `width` digits at `at`.
#[inline]
pub const fn read_fixed(data: &[u8], at: usize, width: usize) -> usize {
    // In range (always, for a table the encoder wrote): one bounds check, not one per digit.
    if at <= data.len() && width <= data.len() - at {
        let (_, rest) = data.split_at(at);
        let (digits, _) = rest.split_at(width);
        // Each digit times its power, independent products: no chain of multiplies.
        let mut value = 0u64;
        let mut i = 0;
        while i < digits.len() && i < POWERS.len() {
            value += digit_of(digits[i]) * POWERS[i];
            i += 1;
        }
        return value as usize;
    }
    let mut value = 0u64;
    let mut i = width;
    while i > 0 {
        i -= 1;
        value = value * BASE + digit_of(byte(data, at + i));
    }
    value as usize
}

/// The self-delimiting number at `at`, and where the next one starts.
#[inline]
pub const fn read_var(data: &[u8], mut at: usize) -> (usize, usize) {
    // Most numbers of a table are one digit: answer those without the loop.
    let first = digit_of(byte(data, at));
    if first < END {
        return (first as usize, at + 1);
    }
    let mut value = 0u64;
    let mut scale = 1u64;
    // Seven digits hold more than `u32::MAX`; a longer run is a bad table, read as is.
    let mut left = 8;
    while left > 0 {
        let d = digit_of(byte(data, at));
        at += 1;
        if d < END {
            return ((value + d * scale) as usize, at);
        }
        value += (d - END) * scale;
        scale *= MORE;
        left -= 1;
    }
    (value as usize, at)
}

/// The digits needed to write every value up to `max` at a fixed width (at least one).
pub const fn width_for(max: usize) -> usize {
    let mut width = 1;
    let mut limit = BASE;
    while (max as u64) >= limit {
        width += 1;
        limit = limit.saturating_mul(BASE);
    }
    width
}

/// Appends `value` in `width` digits; `width` must be [`width_for`] a maximum `>= value`.
#[cfg(feature = "alloc")]
pub fn push_fixed(out: &mut alloc::vec::Vec<u8>, value: usize, width: usize) {
    let mut value = value as u64;
    for _ in 0..width {
        out.push(byte_of(value % BASE));
        value /= BASE;
    }
}

/// Appends `value` self-delimited.
#[cfg(feature = "alloc")]
pub fn push_var(out: &mut alloc::vec::Vec<u8>, value: usize) {
    let mut value = value as u64;
    while value >= END {
        out.push(byte_of(END + value % MORE));
        value /= MORE;
    }
    out.push(byte_of(value));
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    const VALUES: &[usize] = &[
        0,
        1,
        44,
        45,
        46,
        90,
        91,
        2_069,
        2_070,
        8_280,
        8_281,
        95_219,
        95_220,
        1 << 20,
        u32::MAX as usize,
    ];

    #[test]
    fn digits_are_printable_and_need_no_escape() {
        let mut seen = Vec::new();
        for d in 0..BASE {
            let b = byte_of(d);
            assert!(
                (0x23..=0x7E).contains(&b) && b != b'\\' && b != b'"',
                "{b:#x}"
            );
            assert_eq!(digit_of(b), d);
            seen.push(b);
        }
        seen.dedup();
        assert_eq!(seen.len(), BASE as usize);
    }

    #[test]
    fn fixed_and_self_delimiting_numbers_round_trip() {
        for &value in VALUES {
            let width = width_for(value);
            let mut out = Vec::new();
            push_fixed(&mut out, value, width);
            assert_eq!(out.len(), width);
            assert_eq!(read_fixed(&out, 0, width), value);
            assert!(width == 1 || read_fixed(&out, 0, width - 1) != value);

            let mut out = Vec::new();
            push_var(&mut out, value);
            push_var(&mut out, 7);
            let (back, next) = read_var(&out, 0);
            assert_eq!(back, value);
            assert_eq!(read_var(&out, next), (7, out.len()));
        }
        assert_eq!(width_for(90), 1);
        assert_eq!(width_for(91), 2);
        let mut one = Vec::new();
        push_var(&mut one, 44);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn reading_past_the_end_is_zero() {
        assert_eq!(read_fixed(b"", 0, 3), 0);
        assert_eq!(read_var(b"", 5), (0, 6));
        // A run of continuing digits is cut off, not looped over.
        assert!(read_var(b"~~~~~~~~~~~~", 0).1 <= 8);
    }
}

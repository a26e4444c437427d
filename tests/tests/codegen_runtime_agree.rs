//! errcat-codegen cannot depend on the runtime, so two functions exist twice: the code hash
//! (codegen builds the perfect hash, the runtime looks codes up with it) and the JSON escaper
//! (codegen pre-escapes static text, the runtime escapes field values). Here they must agree.

use errcat::__private as runtime;
use errcat_codegen::emit::rust::plan;

const HOSTILE: &[&str] = &[
    "",
    "plain",
    "quote \" backslash \\ slash /",
    "</script><script>alert(1)</script>",
    "<!-- & &amp; > <",
    "line\nbreak\r\ncrlf\ttab\u{8}\u{c}",
    "\u{0}\u{1}\u{1f}\u{7f}",
    "ls\u{2028}ps\u{2029}end \u{2027}\u{202a}",
    "{braces}} {{ | */ /* `tick` 'single' $var",
    "emoji 😀, combining e\u{301}, €✓, 日本語",
];

/// Every length from 0 to 70 (all tail cases of the 16-byte loop), and real-looking codes.
fn keys() -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = (0..70u8)
        .map(|n| (0..n).map(|i| i.wrapping_mul(37) ^ n).collect())
        .collect();
    keys.extend(
        [
            "auth/invalid-credentials",
            "VALIDATION_ERROR",
            "0A000",
            "22225",
            "a",
            "é",
        ]
        .iter()
        .map(|s| s.as_bytes().to_vec()),
    );
    keys.extend(HOSTILE.iter().map(|s| s.as_bytes().to_vec()));
    keys
}

#[test]
fn hash_mix_and_reduce_agree() {
    for seed in [0u64, 1, 2, 63, u64::MAX] {
        for key in keys() {
            let h = plan::hash(seed, &key);
            assert_eq!(runtime::hash(seed, &key), h, "seed {seed} key {key:?}");
            for disp in [0u16, 1, 500, u16::MAX] {
                assert_eq!(runtime::mix(h, disp), plan::mix(h, disp));
            }
            for n in [1usize, 7, 100, 12_000] {
                assert_eq!(runtime::reduce(h, n), plan::reduce(h, n));
                assert!(runtime::reduce(h, n) < n);
            }
        }
    }
}

#[test]
fn hash_spreads_keys() {
    // Distinct keys of one length get distinct hashes (a PHF needs no more than that, but a
    // collision here would mean a broken mixer).
    let mut seen = std::collections::HashSet::new();
    for i in 0..20_000 {
        assert!(seen.insert(runtime::hash(0, format!("domain/code-{i:05}").as_bytes())));
    }
}

#[test]
fn json_escapers_agree_on_hostile_text() {
    let all: String = (0..0x3000u32).filter_map(char::from_u32).collect();
    for text in HOSTILE.iter().copied().chain([all.as_str()]) {
        assert_eq!(
            errcat::json::escape(text),
            plan::escape_json(text),
            "{text:?}"
        );
        let quoted = plan::json_string(text);
        let back: String = serde_json::from_str(&quoted).expect("valid JSON");
        assert_eq!(back, text);
    }
}

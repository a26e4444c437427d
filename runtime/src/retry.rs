//! Retry advice for clients: whether an error is worth retrying, how long the server asked us
//! to wait (`Retry-After`), and exponential backoff with full jitter for when it did not say.
//!
//! The seeds recommend exactly this: honour `Retry-After` on 429, back off exponentially on 5xx
//! (seed 001 adds random jitter). Full jitter ("sleep a random time between 0 and the capped
//! exponential") spreads a crowd of clients out best, so that is what [`RetryPolicy`] does.

use core::time::Duration;
use std::time::SystemTime;

/// Exponential backoff with full jitter: attempt `n` (0-based) waits a uniformly random time in
/// `[0, min(max, base * 2^n)]`; after `max_attempts` attempts there is no further delay.
///
/// The jitter comes from a seeded xorshift, so a policy built with [`RetryPolicy::with_seed`]
/// gives the same delays every run (tests), and [`RetryPolicy::new`] seeds from the clock and a
/// counter so two clients started together do not retry in lock step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub base: Duration,
    pub max: Duration,
    pub max_attempts: u32,
    seed: u64,
}

impl Default for RetryPolicy {
    /// 1 s doubling to at most 30 s, 4 retries: the schedule seed 004 recommends
    /// (1, 2, 4, 8 seconds), jittered.
    fn default() -> Self {
        RetryPolicy::new(Duration::from_secs(1), Duration::from_secs(30), 4)
    }
}

impl RetryPolicy {
    pub fn new(base: Duration, max: Duration, max_attempts: u32) -> Self {
        RetryPolicy::with_seed(base, max, max_attempts, fresh_seed())
    }

    /// A policy whose jitter is a fixed function of `seed` and the attempt number.
    pub fn with_seed(base: Duration, max: Duration, max_attempts: u32, seed: u64) -> Self {
        RetryPolicy {
            base,
            max,
            max_attempts,
            seed,
        }
    }

    /// The upper bound of attempt `attempt`'s delay: `min(max, base * 2^attempt)`, saturating.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.max)
    }

    /// How long to wait before retry number `attempt` (0-based), or `None` once `max_attempts`
    /// retries have been used. Pure: the same policy and attempt give the same delay.
    pub fn delay(&self, attempt: u32) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let ceiling = self.ceiling(attempt).as_nanos();
        // A fresh xorshift stream per attempt, so `delay` needs no `&mut self` and can be asked
        // out of order.
        let random = xorshift64star(self.seed ^ u64::from(attempt).wrapping_mul(GOLDEN));
        // `ceiling` fits in u64 nanoseconds for any delay below 584 years; clamp beyond that.
        let ceiling = u64::try_from(ceiling).unwrap_or(u64::MAX);
        let nanos = if ceiling == u64::MAX {
            random
        } else {
            random % (ceiling + 1)
        };
        Some(Duration::from_nanos(nanos))
    }
}

/// What a client should do about one error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
pub struct RetryAdvice {
    /// The catalog says retrying may succeed (429 and 5xx by default).
    pub retryable: bool,
    /// What the server asked for, from the `Retry-After` header or a `retryAfter`-style body
    /// member.
    pub retry_after: Option<Duration>,
}

/// The answer to "retry, and after how long?" for one attempt: [`RetryAdvice::decide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Wait this long, then send the request again.
    Retry(Duration),
    /// Do not retry.
    GiveUp(GiveUp),
}

/// Why a client should stop retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveUp {
    /// The catalog says the same request fails again.
    NotRetryable,
    /// The policy's `max_attempts` retries have been made.
    AttemptsExhausted,
    /// The server asked for a wait (this one) longer than the policy's `max`: waiting less is
    /// pointless (the server will refuse again), waiting that long is more than the caller
    /// accepts.
    ServerWaitTooLong(Duration),
}

impl RetryDecision {
    /// The wait, when the decision is to retry.
    pub fn delay(self) -> Option<Duration> {
        match self {
            RetryDecision::Retry(wait) => Some(wait),
            RetryDecision::GiveUp(_) => None,
        }
    }
}

impl RetryAdvice {
    /// The decision for retry number `attempt` (0-based) under `policy`, in this order: give
    /// up when the error is not retryable or `max_attempts` retries were made; else wait what
    /// the server asked for (never shortened by jitter: the server knows its window) when that
    /// is at most the policy's `max`, and give up when it is longer; else wait the policy's
    /// jittered backoff. The same decision the TypeScript client's `retryDecision` makes.
    pub fn decide(&self, policy: &RetryPolicy, attempt: u32) -> RetryDecision {
        if !self.retryable {
            return RetryDecision::GiveUp(GiveUp::NotRetryable);
        }
        let Some(backoff) = policy.delay(attempt) else {
            return RetryDecision::GiveUp(GiveUp::AttemptsExhausted);
        };
        match self.retry_after {
            Some(asked) if asked > policy.max => {
                RetryDecision::GiveUp(GiveUp::ServerWaitTooLong(asked))
            }
            Some(asked) => RetryDecision::Retry(asked),
            None => RetryDecision::Retry(backoff),
        }
    }

    /// The wait before retry number `attempt`, `None` to give up: [`RetryAdvice::decide`]
    /// without the reason.
    pub fn delay(&self, policy: &RetryPolicy, attempt: u32) -> Option<Duration> {
        self.decide(policy, attempt).delay()
    }
}

/// Parses a `Retry-After` header value (RFC 9110 section 10.2.3): delay-seconds, or an
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) taken relative to `now` (a past date means
/// "now": zero). Anything else is `None`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds: the server means "a very long time".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = parse_imf_fixdate(value)?;
    let now = now.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` -> seconds since the Unix epoch.
fn parse_imf_fixdate(value: &str) -> Option<u64> {
    let mut parts = value.split(' ');
    let _weekday = parts.next()?.strip_suffix(',')?;
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let year: i64 = parts.next()?.parse().ok()?;
    let time = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    let mut hms = time.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || h > 23 || m > 59 || s > 60 || !(1..=31).contains(&day) {
        return None;
    }
    let days = crate::respond::days_from_civil(year, month, day);
    let secs = days
        .checked_mul(86_400)?
        .checked_add((h * 3600 + m * 60 + s) as i64)?;
    u64::try_from(secs).ok()
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// xorshift64*: a few shifts and a multiply, plenty for jitter (not for anything secret).
fn xorshift64star(seed: u64) -> u64 {
    // Zero is xorshift's one fixed point; any other constant start works.
    let mut x = if seed == 0 { GOLDEN } else { seed };
    // Two rounds so that nearby seeds (attempt 0, 1, 2 ...) land far apart.
    for _ in 0..2 {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
    }
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// A seed that differs between policies and between processes.
fn fresh_seed() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos
        ^ COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(GOLDEN)
            .rotate_left(17)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(seed: u64) -> RetryPolicy {
        RetryPolicy::with_seed(Duration::from_millis(100), Duration::from_secs(2), 6, seed)
    }

    #[test]
    fn delays_stay_under_the_capped_exponential() {
        for seed in 0..200 {
            let p = policy(seed);
            for attempt in 0..6 {
                let d = p.delay(attempt).unwrap();
                assert!(d <= p.ceiling(attempt), "{d:?} > {:?}", p.ceiling(attempt));
            }
            assert_eq!(p.delay(6), None);
            assert_eq!(p.delay(u32::MAX), None);
        }
        let p = policy(1);
        assert_eq!(p.ceiling(0), Duration::from_millis(100));
        assert_eq!(p.ceiling(3), Duration::from_millis(800));
        assert_eq!(p.ceiling(5), Duration::from_secs(2));
        assert_eq!(p.ceiling(u32::MAX), Duration::from_secs(2));
    }

    #[test]
    fn same_seed_same_delays_other_seed_other_delays() {
        let a: Vec<_> = (0..6).map(|n| policy(42).delay(n)).collect();
        let b: Vec<_> = (0..6).map(|n| policy(42).delay(n)).collect();
        let c: Vec<_> = (0..6).map(|n| policy(43).delay(n)).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn jitter_spreads_over_the_whole_window() {
        // Full jitter: over many seeds, delays fill both halves of [0, ceiling].
        let (mut low, mut high) = (0, 0);
        for seed in 0..1000 {
            let d = policy(seed).delay(4).unwrap();
            if d < Duration::from_millis(800) {
                low += 1
            } else {
                high += 1
            }
        }
        assert!(low > 350 && high > 350, "low {low} high {high}");
    }

    fn advice(retryable: bool, retry_after: Option<u64>) -> RetryAdvice {
        RetryAdvice {
            retryable,
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    /// The policy's bounds: `max` (2 s) is the longest wait the server may ask for, retry
    /// number `max_attempts - 1` (5) the last one.
    #[test]
    fn advice_takes_the_servers_wait_up_to_the_policys_max() {
        let p = policy(7);
        assert_eq!(
            advice(true, Some(2)).decide(&p, 0),
            RetryDecision::Retry(Duration::from_secs(2))
        );
        let just_over = RetryAdvice {
            retryable: true,
            retry_after: Some(Duration::from_secs(2) + Duration::from_nanos(1)),
        };
        assert_eq!(
            just_over.decide(&p, 0),
            RetryDecision::GiveUp(GiveUp::ServerWaitTooLong(
                Duration::from_secs(2) + Duration::from_nanos(1)
            ))
        );
        // The case: 3,599 s asked under a 5 s maximum is a reason to give up.
        let five = RetryPolicy::with_seed(Duration::from_millis(100), Duration::from_secs(5), 3, 1);
        assert_eq!(
            advice(true, Some(3599)).decide(&five, 0),
            RetryDecision::GiveUp(GiveUp::ServerWaitTooLong(Duration::from_secs(3599)))
        );
        assert_eq!(advice(true, Some(3599)).delay(&five, 0), None);
        assert_eq!(
            advice(true, Some(0)).decide(&p, 5),
            RetryDecision::Retry(Duration::ZERO)
        );
    }

    #[test]
    fn advice_gives_up_after_the_last_attempt_and_on_permanent_errors() {
        let p = policy(7);
        assert_eq!(
            advice(true, Some(1)).decide(&p, 5),
            RetryDecision::Retry(Duration::from_secs(1))
        );
        for attempt in [6, 7, u32::MAX] {
            assert_eq!(
                advice(true, Some(1)).decide(&p, attempt),
                RetryDecision::GiveUp(GiveUp::AttemptsExhausted)
            );
            assert_eq!(
                advice(true, None).decide(&p, attempt),
                RetryDecision::GiveUp(GiveUp::AttemptsExhausted)
            );
        }
        // Not retryable wins over everything else, whatever the server asked.
        for attempt in [0, 5, 6] {
            assert_eq!(
                advice(false, Some(1)).decide(&p, attempt),
                RetryDecision::GiveUp(GiveUp::NotRetryable)
            );
        }
        let none = RetryPolicy::with_seed(Duration::from_secs(1), Duration::from_secs(1), 0, 1);
        assert_eq!(
            advice(true, None).decide(&none, 0),
            RetryDecision::GiveUp(GiveUp::AttemptsExhausted)
        );
    }

    #[test]
    fn without_a_servers_wait_the_backoff_decides() {
        let p = policy(7);
        for attempt in 0..6 {
            let decision = advice(true, None).decide(&p, attempt);
            assert_eq!(decision, RetryDecision::Retry(p.delay(attempt).unwrap()));
            assert!(decision.delay().unwrap() <= p.ceiling(attempt));
        }
        // At the bounds: attempt 5's ceiling is the policy's max.
        assert_eq!(p.ceiling(5), p.max);
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717); // 08:48:37
        assert_eq!(parse_retry_after("60", now), Some(Duration::from_secs(60)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:40:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sun 06 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }
}

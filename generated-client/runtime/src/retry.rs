//! When to send an idempotent request again: backoff with jitter, and the wait a server asks
//! for in `Retry-After`, as seconds or as an HTTP date.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::{Duration, SystemTime};

/// Retries of idempotent operations (GET, and those the spec marks `x-idempotent`) after a
/// transport failure or a 429, 502, 503 or 504. Other operations, payment creation above all,
/// are never sent twice by the client.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The delay before the first retry; it doubles with each retry, with random jitter.
    pub base_delay: Duration,
    /// The longest delay between attempts that backoff computes.
    pub max_delay: Duration,
    /// The longest `Retry-After` the client waits for; a longer one ends the retries.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The delay before retry number `retry` (1-based): exponential, capped, with jitter in
    /// its upper half so that clients that failed together do not retry together.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(16);
        let full = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        full / 2 + full.mul_f64(jitter() / 2.0)
    }

    /// The delay before retry number `retry` when the server asked for `retry_after`: at
    /// least what it asked for (RFC 9110 makes `Retry-After` the least wait), and at least the
    /// backoff, so that a `Retry-After: 0` or a date already past is no licence to hammer.
    /// `None`, ending the retries, when it asked for more than `max_retry_after`.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        let backoff = self.backoff(retry);
        match retry_after {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait.max(backoff)),
            None => Some(backoff),
        }
    }
}

/// A random number in [0, 1).
fn jitter() -> f64 {
    (super::random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a response's `Retry-After` asks for, from now.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    parse_retry_after(headers.get(RETRY_AFTER)?.to_str().ok()?, SystemTime::now())
}

/// A `Retry-After` value (RFC 9110, section 10.2.3) read at `now`: a number of seconds, or an
/// HTTP date in any of the three forms a recipient must accept (IMF-fixdate, RFC 850, asctime),
/// which asks for the time left until then, none if it is past. Anything else asks for
/// nothing, and backoff applies.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Digits too many for a u64 are still a delay in seconds, and longer than any cap.
        return Some(value.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1994-11-06 08:49:37 UTC, RFC 9110's example date.
    fn example_date() -> SystemTime {
        std::time::UNIX_EPOCH + Duration::from_secs(784_111_777)
    }

    #[test]
    fn retry_after_in_seconds() {
        let now = example_date();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
    }

    /// The three forms RFC 9110 says a recipient must read, 5 s after `now`.
    #[test]
    fn retry_after_as_a_date_in_each_form() {
        let now = example_date() - Duration::from_secs(5);
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(form, now),
                Some(Duration::from_secs(5)),
                "{form}"
            );
        }
    }

    #[test]
    fn a_retry_after_date_already_past_asks_for_no_wait() {
        let now = example_date() + Duration::from_secs(60);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn a_retry_after_that_is_neither_is_ignored() {
        let now = example_date();
        for garbage in [
            "",
            "soon",
            "-5",
            "1.5",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "5 s",
        ] {
            assert_eq!(parse_retry_after(garbage, now), None, "{garbage:?}");
        }
    }

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(100),
            max_retry_after: Duration::from_secs(30),
        }
    }

    /// A date 31 s ahead asks for more than the 30 s cap: the retries end, as they do for
    /// `Retry-After: 31`.
    #[test]
    fn a_wait_beyond_the_cap_ends_the_retries() {
        let now = example_date() - Duration::from_secs(31);
        let asked = parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now);
        assert_eq!(policy().delay(1, asked), None);
        assert_eq!(policy().delay(1, parse_retry_after("31", now)), None);
        let within = parse_retry_after("30", now);
        assert_eq!(policy().delay(1, within), Some(Duration::from_secs(30)));
    }

    /// A wait shorter than the backoff (a date already past) gets the backoff: 50 to 100 ms.
    #[test]
    fn a_short_wait_still_gets_the_backoff() {
        let delay = policy().delay(1, Some(Duration::ZERO));
        assert!(
            delay.is_some_and(|d| d >= Duration::from_millis(50)),
            "{delay:?}"
        );
    }
}

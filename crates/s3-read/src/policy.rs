//! The one retry policy: how many tries, and how long to wait between them.
//!
//! Five tries, the first wait at most 200 ms and each ceiling doubling up to 3 s, with full
//! jitter (each wait drawn uniformly between zero and its ceiling): about three seconds of
//! waiting at worst, long enough for a server that asked us to slow down or restarted, short
//! enough that a dead endpoint is reported promptly. Full jitter, because a page's reading
//! lanes and the CLI's workers fail together when the server is busy, and waits drawn over
//! the whole range bring them back spread out rather than in step. Five tries rather than
//! three: a storage under load meets a client with a few failures in a row for one object
//! (local-s3's fault layer plays up to three), and the fifth try still gets through.
//!
//! The page and the CLI use the same policy. They differ in one place only, which is not
//! the policy but what a failed fetch means: see [`crate::Lost::Blocked`].

use core::time::Duration;

use crate::Failure;

/// How often a request is tried, and the waits between its tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Tries in all, the first included.
    pub tries: u32,
    /// The ceiling of the wait after the first failed try; it doubles after each.
    pub first_wait: Duration,
    /// No wait's ceiling is higher than this.
    pub max_wait: Duration,
}

/// The policy every read follows.
pub const POLICY: Policy = Policy {
    tries: 5,
    first_wait: Duration::from_millis(200),
    max_wait: Duration::from_secs(3),
};

impl Default for Policy {
    fn default() -> Self {
        POLICY
    }
}

impl Policy {
    /// The wait before trying again after `failure` ended the `tries`-th try, or `None` when
    /// it is not tried again: it cannot go away by itself, or that was the last try.
    pub fn retry(&self, failure: &Failure, tries: u32) -> Option<Backoff> {
        (failure.is_retried() && tries < self.tries).then(|| self.backoff(tries))
    }

    /// The wait after the `tries`-th failed try.
    pub fn backoff(&self, tries: u32) -> Backoff {
        let doubled = self
            .first_wait
            .saturating_mul(1u32 << tries.saturating_sub(1).min(20));
        Backoff {
            ceiling: doubled.min(self.max_wait),
        }
    }

    /// The longest the waits of one request can add up to.
    pub fn worst_wait(&self) -> Duration {
        (1..self.tries)
            .map(|tries| self.backoff(tries).ceiling)
            .sum()
    }
}

/// A wait before the next try: uniform between zero and its ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    ceiling: Duration,
}

impl Backoff {
    /// The longest this wait can be.
    pub fn ceiling(&self) -> Duration {
        self.ceiling
    }

    /// The wait for a random `draw` from `[0, 1)` (`fastrand::f64()`, `Math.random()`);
    /// a draw outside that range is taken as the nearest end of it.
    pub fn wait(&self, draw: f64) -> Duration {
        let draw = if draw.is_nan() {
            0.0
        } else {
            draw.clamp(0.0, 1.0)
        };
        self.ceiling.mul_f64(draw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn slow_down() -> Failure {
        Failure::S3 {
            status: 503,
            code: "SlowDown".into(),
            message: None,
        }
    }

    #[test]
    fn ceilings_double_from_the_first_wait_up_to_the_cap() {
        let ceilings: Vec<u128> = (1..8)
            .map(|t| POLICY.backoff(t).ceiling().as_millis())
            .collect();
        assert_eq!(ceilings, [200, 400, 800, 1600, 3000, 3000, 3000]);
        // Far past any try count: no overflow, still the cap.
        assert_eq!(POLICY.backoff(u32::MAX).ceiling(), POLICY.max_wait);
        assert_eq!(POLICY.worst_wait(), Duration::from_millis(3000));
    }

    #[test]
    fn a_wait_is_drawn_over_the_whole_range_of_its_ceiling() {
        let backoff = POLICY.backoff(3);
        assert_eq!(backoff.wait(0.0), Duration::ZERO);
        assert_eq!(backoff.wait(0.5), Duration::from_millis(400));
        assert_eq!(backoff.wait(0.999), Duration::from_micros(799_200));
        assert_eq!(backoff.wait(1.0), backoff.ceiling());
        assert_eq!(backoff.wait(7.0), backoff.ceiling());
        assert_eq!(backoff.wait(-1.0), Duration::ZERO);
        assert_eq!(backoff.wait(f64::NAN), Duration::ZERO);
    }

    #[test]
    fn what_may_go_away_is_retried_until_the_last_try() {
        for tries in 1..POLICY.tries {
            assert_eq!(
                POLICY.retry(&slow_down(), tries),
                Some(POLICY.backoff(tries))
            );
        }
        assert_eq!(POLICY.retry(&slow_down(), POLICY.tries), None);
        let denied = Failure::S3 {
            status: 403,
            code: "AccessDenied".into(),
            message: None,
        };
        assert_eq!(POLICY.retry(&denied, 1), None);
    }
}

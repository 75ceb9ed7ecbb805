//! When a request is worth trying again, and how long to wait first: exponential backoff
//! with full jitter, so that many workers slowed down together do not come back together.

use std::thread;
use std::time::Duration;

/// A failure that may go away by itself (a 5xx, `SlowDown`, a dropped connection).
pub trait Transient {
    fn is_transient(&self) -> bool;
}

/// The last failure, once retrying stopped.
#[derive(Debug)]
pub struct GaveUp<E> {
    pub last: E,
    pub attempts: u32,
}

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// The ceiling of the first wait; it doubles after each try.
    pub base_delay: Duration,
    /// No wait is longer than this.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Five tries within about five seconds at worst: long enough for a server that asked
    /// us to slow down, short enough that a dead endpoint is reported promptly.
    fn default() -> Self {
        Self {
            attempts: 5,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(3),
        }
    }
}

impl RetryPolicy {
    /// Runs `attempt` until it succeeds, fails for good, or the tries are used up.
    pub fn run<T, E: Transient>(
        &self,
        mut attempt: impl FnMut() -> Result<T, E>,
    ) -> Result<T, GaveUp<E>> {
        let mut attempts = 1;
        loop {
            match attempt() {
                Ok(value) => return Ok(value),
                Err(error) if error.is_transient() && attempts < self.attempts => {
                    thread::sleep(self.delay(attempts));
                    attempts += 1;
                }
                Err(last) => return Err(GaveUp { last, attempts }),
            }
        }
    }

    /// The wait after the `tries`-th failed try: uniform between zero and the ceiling.
    pub fn delay(&self, tries: u32) -> Duration {
        let doubled = self
            .base_delay
            .saturating_mul(1u32 << tries.saturating_sub(1).min(20));
        doubled.min(self.max_delay).mul_f64(fastrand::f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[derive(Debug)]
    struct Flaky(bool);
    impl Transient for Flaky {
        fn is_transient(&self) -> bool {
            self.0
        }
    }

    fn quick() -> RetryPolicy {
        RetryPolicy {
            attempts: 5,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(4),
        }
    }

    #[test]
    fn transient_failures_are_retried_until_the_tries_run_out() {
        let calls = Cell::new(0);
        let result: Result<(), _> = quick().run(|| {
            calls.set(calls.get() + 1);
            Err(Flaky(true))
        });
        assert_eq!(result.unwrap_err().attempts, 5);
        assert_eq!(calls.get(), 5);
    }

    #[test]
    fn a_success_after_failures_is_a_success() {
        let calls = Cell::new(0);
        let result = quick().run(|| {
            calls.set(calls.get() + 1);
            if calls.get() < 3 {
                Err(Flaky(true))
            } else {
                Ok(calls.get())
            }
        });
        assert_eq!(result.unwrap(), 3);
    }

    #[test]
    fn permanent_failures_are_not_retried() {
        let calls = Cell::new(0);
        let result: Result<(), _> = quick().run(|| {
            calls.set(calls.get() + 1);
            Err(Flaky(false))
        });
        assert_eq!(result.unwrap_err().attempts, 1);
        assert_eq!(calls.get(), 1);
    }

    #[test]
    fn waits_grow_but_stay_under_the_cap() {
        let policy = RetryPolicy::default();
        for tries in 1..40 {
            let ceiling = (policy.base_delay * 2u32.pow(tries.min(20) - 1)).min(policy.max_delay);
            for _ in 0..20 {
                assert!(policy.delay(tries) <= ceiling, "try {tries}");
            }
        }
        let worst: Duration = (1..policy.attempts)
            .map(|t| (policy.base_delay * 2u32.pow(t - 1)).min(policy.max_delay))
            .sum();
        assert!(worst <= Duration::from_secs(6), "{worst:?}");
    }
}

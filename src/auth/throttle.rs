//! Log-in throttling: failed attempts are counted per account and per address in a
//! sliding window; past the limit further attempts are refused with 429 until the window
//! passes. Counts are in-process, so with several backends each keeps its own (the
//! limit then applies per backend).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct LoginThrottle {
    max_failures: u32,
    window: Duration,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginThrottle {
    pub fn new(max_failures: u32, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Some(seconds)` to wait when any of the keys is over the limit.
    pub fn retry_after(&self, keys: &[String]) -> Option<u64> {
        let now = Instant::now();
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        keys.iter()
            .filter_map(|key| {
                let times = failures.get_mut(key)?;
                times.retain(|at| now.duration_since(*at) < self.window);
                (times.len() >= self.max_failures as usize).then(|| {
                    let oldest = times.first().copied().unwrap_or(now);
                    let wait = self.window.saturating_sub(now.duration_since(oldest));
                    wait.as_secs().max(1)
                })
            })
            .max()
    }

    /// How many recent failures the busiest key has; used to slow repeated guesses.
    pub fn record_failure(&self, keys: &[String]) -> usize {
        let now = Instant::now();
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if failures.len() > 100_000 {
            // Bound memory under a spray of addresses: forget stale entries.
            failures.retain(|_, times| {
                times
                    .last()
                    .is_some_and(|at| now.duration_since(*at) < self.window)
            });
        }
        keys.iter()
            .map(|key| {
                let times = failures.entry(key.clone()).or_default();
                times.retain(|at| now.duration_since(*at) < self.window);
                times.push(now);
                times.len()
            })
            .max()
            .unwrap_or(0)
    }

    pub fn clear(&self, key: &str) {
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        failures.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_after_the_limit_until_the_window_passes() {
        let throttle = LoginThrottle::new(3, Duration::from_millis(200));
        let keys = vec!["account:a@x".to_owned()];
        for _ in 0..3 {
            assert!(throttle.retry_after(&keys).is_none());
            throttle.record_failure(&keys);
        }
        assert!(
            throttle.retry_after(&keys).is_some(),
            "the fourth attempt is refused"
        );
        std::thread::sleep(Duration::from_millis(250));
        assert!(
            throttle.retry_after(&keys).is_none(),
            "allowed again after the window"
        );
    }
}

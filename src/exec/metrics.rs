//! Counters of executions, read by the benchmark and the admin pages. Lock-free so
//! that counting costs nothing next to a query.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Serialize;

#[derive(Debug, Default)]
pub struct Metrics {
    executions: AtomicU64,
    failures: AtomicU64,
    timeouts: AtomicU64,
    refused_too_large: AtomicU64,
    total_micros: AtomicU64,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MetricsSnapshot {
    pub executions: u64,
    pub failures: u64,
    pub timeouts: u64,
    pub refused_too_large: u64,
    pub total_micros: u64,
}

impl Metrics {
    pub fn record(&self, elapsed: Duration, error_code: Option<&str>) {
        self.executions.fetch_add(1, Ordering::Relaxed);
        self.total_micros.fetch_add(
            u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        match error_code {
            None => {}
            Some("TIMEOUT") => {
                self.failures.fetch_add(1, Ordering::Relaxed);
                self.timeouts.fetch_add(1, Ordering::Relaxed);
            }
            Some("RESPONSE_TOO_LARGE") => {
                self.failures.fetch_add(1, Ordering::Relaxed);
                self.refused_too_large.fetch_add(1, Ordering::Relaxed);
            }
            Some(_) => {
                self.failures.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    pub fn snapshot(&self) -> MetricsSnapshot {
        MetricsSnapshot {
            executions: self.executions.load(Ordering::Relaxed),
            failures: self.failures.load(Ordering::Relaxed),
            timeouts: self.timeouts.load(Ordering::Relaxed),
            refused_too_large: self.refused_too_large.load(Ordering::Relaxed),
            total_micros: self.total_micros.load(Ordering::Relaxed),
        }
    }
}

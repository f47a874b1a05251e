//! The retry quota: a budget of retries shared by a client's calls, so that when a service is
//! down the client stops multiplying its traffic (`botocore/retries/quota.py` and
//! `RetryQuotaChecker` in `standard.py`).

use std::sync::atomic::{AtomicU32, Ordering};

use super::policy::RetryKind;

/// What a client starts with, and the most it can hold.
pub const INITIAL_CAPACITY: u32 = 500;
/// What a retry after a transient error costs.
const RETRY_COST: u32 = 14;
/// What a retry after a throttling error costs: less, because backing off is the cure.
const THROTTLING_RETRY_COST: u32 = 5;
/// What a call that succeeded at its first attempt gives back.
const NO_RETRY_INCREMENT: u32 = 1;

/// The capacity left for retries. Shared (through `Arc`) by every client made from one
/// [`Config`](crate::config::Config), like the transport's connection pool.
#[derive(Debug)]
pub struct RetryQuota {
    available: AtomicU32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self {
            available: AtomicU32::new(INITIAL_CAPACITY),
        }
    }
}

impl RetryQuota {
    pub fn new() -> Self {
        Self::default()
    }

    /// The capacity left.
    pub fn available(&self) -> u32 {
        self.available.load(Ordering::Relaxed)
    }

    /// Takes the cost of a retry after a `kind` failure, returning what it took, or `None`
    /// (and takes nothing) when too little is left.
    pub fn acquire(&self, kind: RetryKind) -> Option<u32> {
        let cost = match kind {
            RetryKind::Throttling => THROTTLING_RETRY_COST,
            RetryKind::Transient => RETRY_COST,
        };
        self.available
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(cost)
            })
            .ok()
            .map(|_| cost)
    }

    /// Gives capacity back after a call succeeded: what its last retry took, or a little
    /// for a call that needed no retry. Never above the initial capacity.
    pub fn release(&self, last_acquired: Option<u32>) {
        let amount = last_acquired.unwrap_or(NO_RETRY_INCREMENT);
        // Cannot fail: the closure always returns a value.
        let _ = self
            .available
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                Some(left.saturating_add(amount).min(INITIAL_CAPACITY))
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_cost_fourteen_or_five_after_throttling() {
        let quota = RetryQuota::new();
        assert_eq!(quota.acquire(RetryKind::Transient), Some(14));
        assert_eq!(quota.available(), 486);
        assert_eq!(quota.acquire(RetryKind::Throttling), Some(5));
        assert_eq!(quota.available(), 481);
    }

    #[test]
    fn an_exhausted_quota_refuses_and_keeps_what_is_left() {
        let quota = RetryQuota::new();
        for _ in 0..35 {
            assert!(quota.acquire(RetryKind::Transient).is_some());
        }
        assert_eq!(quota.available(), 10);
        assert_eq!(quota.acquire(RetryKind::Transient), None);
        assert_eq!(quota.available(), 10);
        assert_eq!(quota.acquire(RetryKind::Throttling), Some(5));
        assert_eq!(quota.acquire(RetryKind::Throttling), Some(5));
        assert_eq!(quota.acquire(RetryKind::Throttling), None);
        assert_eq!(quota.available(), 0);
    }

    #[test]
    fn success_gives_back_the_last_cost_or_one_up_to_the_initial_capacity() {
        let quota = RetryQuota::new();
        quota.acquire(RetryKind::Transient);
        quota.acquire(RetryKind::Transient);
        quota.release(Some(14));
        assert_eq!(quota.available(), 486);
        quota.release(None);
        assert_eq!(quota.available(), 487);
        for _ in 0..20 {
            quota.release(Some(14));
        }
        assert_eq!(quota.available(), INITIAL_CAPACITY);
    }
}

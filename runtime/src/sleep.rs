//! Waiting between attempts, behind a trait so that tests can check the back-off delays a
//! client asks for without spending them.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::transport::BoxFuture;

/// Something that can wait for a while.
pub trait Sleep: Send + Sync + fmt::Debug {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// Waits on tokio's timer: the default.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Returns at once and records each delay asked for, for tests. Clones share the record.
#[derive(Clone, Debug, Default)]
pub struct InstantSleep {
    slept: Arc<Mutex<Vec<Duration>>>,
}

impl InstantSleep {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every delay asked for so far, oldest first.
    pub fn slept(&self) -> Vec<Duration> {
        self.slept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Forgets the delays recorded so far.
    pub fn clear(&self) {
        self.slept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

impl Sleep for InstantSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.slept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(duration);
        Box::pin(std::future::ready(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn instant_sleep_records_without_waiting() {
        let sleep = InstantSleep::new();
        let handle = sleep.clone();
        let started = std::time::Instant::now();
        sleep.sleep(Duration::from_secs(20)).await;
        sleep.sleep(Duration::from_millis(25)).await;
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(
            handle.slept(),
            [Duration::from_secs(20), Duration::from_millis(25)]
        );
        handle.clear();
        assert!(sleep.slept().is_empty());
    }

    #[tokio::test]
    async fn tokio_sleep_waits() {
        let started = std::time::Instant::now();
        TokioSleep.sleep(Duration::from_millis(20)).await;
        assert!(started.elapsed() >= Duration::from_millis(20));
    }
}

//! Progress reports: how many bytes of a transfer are done, for a CLI's progress bar.

use std::sync::{Arc, Mutex, PoisonError};

/// How far a transfer has got: `transferred` of `total` bytes.
///
/// Reports of one transfer come in increasing order of `transferred`, and the last one has
/// `transferred == total`, also for an empty file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub transferred: u64,
    pub total: u64,
}

/// What a caller gives to be told of progress.
pub(crate) type Callback = Arc<dyn Fn(Progress) + Send + Sync>;

/// Adds up the bytes the parts of one transfer report, from whichever task finishes them.
pub(crate) struct Tracker {
    total: u64,
    transferred: Mutex<u64>,
    callback: Option<Callback>,
}

impl Tracker {
    pub fn new(total: u64, callback: Option<Callback>) -> Self {
        Self {
            total,
            transferred: Mutex::new(0),
            callback,
        }
    }

    /// Counts `bytes` more as done and reports the new total.
    ///
    /// The callback runs with the lock held: two tasks that each added and then reported
    /// without it could report out of order, and a progress bar would step backwards.
    pub fn add(&self, bytes: u64) {
        // A callback that panicked left the count whole: it is changed before the call.
        let mut transferred = self
            .transferred
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *transferred += bytes;
        if let Some(callback) = &self.callback {
            callback(Progress {
                transferred: *transferred,
                total: self.total,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording() -> (Callback, Arc<Mutex<Vec<Progress>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        let callback: Callback = Arc::new(move |progress| record.lock().unwrap().push(progress));
        (callback, seen)
    }

    #[test]
    fn reports_from_many_threads_increase_and_end_at_the_total() {
        let (callback, seen) = recording();
        let tracker = Arc::new(Tracker::new(8 * 1000 * 3, Some(callback)));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let tracker = Arc::clone(&tracker);
                std::thread::spawn(move || {
                    for _ in 0..1000 {
                        tracker.add(3);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 8000);
        assert!(
            seen.windows(2).all(|w| w[0].transferred < w[1].transferred),
            "a report went backwards"
        );
        assert!(seen.iter().all(|progress| progress.total == 24_000));
        assert_eq!(seen.last().unwrap().transferred, 24_000);
    }

    #[test]
    fn an_empty_transfer_reports_that_it_is_complete() {
        let (callback, seen) = recording();
        Tracker::new(0, Some(callback)).add(0);
        assert_eq!(
            *seen.lock().unwrap(),
            [Progress {
                transferred: 0,
                total: 0
            }]
        );
    }
}

//! Running the pieces of a transfer on a bounded number of tasks.

use std::future::Future;

use tokio::task::JoinSet;

use crate::error::TransferError;

/// Runs `jobs`, at most `limit` at a time, each on its own task, and gives their results in
/// the order they finished.
///
/// At the first failure no further job is started and the running ones are cancelled and
/// waited for, so that nothing of the transfer is still in flight when its caller cleans up
/// (aborts the upload, removes the partial file). A job's panic is resumed here.
pub(crate) async fn run_bounded<T, F>(
    jobs: impl IntoIterator<Item = F>,
    limit: usize,
) -> Result<Vec<T>, TransferError>
where
    F: Future<Output = Result<T, TransferError>> + Send + 'static,
    T: Send + 'static,
{
    let mut jobs = jobs.into_iter();
    let mut running = JoinSet::new();
    for job in jobs.by_ref().take(limit.max(1)) {
        running.spawn(job);
    }
    let mut done = Vec::new();
    while let Some(joined) = running.join_next().await {
        let failure = match joined {
            Ok(Ok(value)) => {
                done.push(value);
                if let Some(job) = jobs.next() {
                    running.spawn(job);
                }
                continue;
            }
            Ok(Err(error)) => error,
            Err(join_error) => match join_error.try_into_panic() {
                Ok(panic) => {
                    running.shutdown().await;
                    std::panic::resume_unwind(panic);
                }
                Err(_) => TransferError::Cancelled,
            },
        };
        running.shutdown().await;
        return Err(failure);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::error::Target;

    #[tokio::test]
    async fn no_more_than_the_limit_run_at_once_and_all_finish() {
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs = (0..20).map(|n| {
            let running = Arc::clone(&running);
            let most = Arc::clone(&most);
            async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::task::yield_now().await;
                running.fetch_sub(1, Ordering::SeqCst);
                Ok::<_, TransferError>(n)
            }
        });
        let mut done = run_bounded(jobs, 3).await.unwrap();
        done.sort();
        assert_eq!(done, (0..20).collect::<Vec<_>>());
        assert_eq!(most.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_failure_stops_new_jobs_and_cancels_running_ones() {
        let started = Arc::new(AtomicUsize::new(0));
        let jobs = (0..10u32).map(|n| {
            let started = Arc::clone(&started);
            async move {
                started.fetch_add(1, Ordering::SeqCst);
                if n == 1 {
                    return Err(TransferError::response("UploadPart", Target::Part(2), "no"));
                }
                // The others would run for a long time: cancelled, they do not.
                std::future::pending::<()>().await;
                Ok(())
            }
        });
        let error = tokio::time::timeout(Duration::from_secs(5), run_bounded(jobs, 2))
            .await
            .expect("the running job was cancelled, not waited for")
            .unwrap_err();
        assert_eq!(error.target(), Some(Target::Part(2)));
        assert_eq!(started.load(Ordering::SeqCst), 2);
    }
}

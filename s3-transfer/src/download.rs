//! [`Download`]: an object to a file, its ranges fetched in parallel and each written at its
//! offset as it arrives.

use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use awsgen_runtime::error::SdkError;
use awsgen_s3::Client;
use tokio::fs::OpenOptions;
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use crate::encryption::{CustomerKey, with_customer_key};
use crate::error::{Target, TransferError};
use crate::manager::TransferManager;
use crate::plan::{Piece, Plan};
use crate::progress::{Callback, Progress, Tracker};
use crate::tasks::run_bounded;

/// HTTP's `412 Precondition Failed`: the object no longer has the ETag its ranges ask for.
const PRECONDITION_FAILED: u16 = 412;

/// A download ready to be sent: [`send`](Self::send) it.
#[must_use = "a download does nothing until it is sent"]
pub struct Download<'a> {
    manager: &'a TransferManager,
    bucket: String,
    key: String,
    path: PathBuf,
    customer_key: Option<CustomerKey>,
    progress: Option<Callback>,
}

/// What was downloaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadOutput {
    /// The ETag every range was fetched with.
    pub e_tag: Option<String>,
    /// How many bytes were written.
    pub size: u64,
}

/// What every range's task needs, shared rather than copied per range.
struct Job {
    client: Client,
    bucket: String,
    key: String,
    e_tag: Option<String>,
    file: PathBuf,
    customer_key: Option<CustomerKey>,
    progress: Tracker,
}

impl<'a> Download<'a> {
    pub(crate) fn new(
        manager: &'a TransferManager,
        bucket: String,
        key: String,
        path: PathBuf,
    ) -> Self {
        Self {
            manager,
            bucket,
            key,
            path,
            customer_key: None,
            progress: None,
        }
    }

    /// The key the object was encrypted with (SSE-C), sent on every call of the download.
    pub fn customer_key(mut self, key: CustomerKey) -> Self {
        self.customer_key = Some(key);
        self
    }

    /// Calls `report` as bytes are written, after each piece of a body.
    pub fn on_progress(mut self, report: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(report));
        self
    }

    /// Downloads the object. It is written to a temporary file beside the destination and
    /// renamed into place (replacing what was there) only when every byte has arrived; on
    /// failure the temporary file is removed and the destination left as it was.
    pub async fn send(self) -> Result<DownloadOutput, TransferError> {
        let client = &self.manager.client;
        let head = client.head_object(&self.bucket, &self.key);
        let head = with_customer_key!(head, &self.customer_key)
            .send()
            .await
            .map_err(TransferError::call("HeadObject", Target::Object))?;
        let size = head
            .content_length
            .and_then(|length| u64::try_from(length).ok())
            .ok_or_else(|| {
                TransferError::response("HeadObject", Target::Object, "no Content-Length came back")
            })?;

        let partial = PartialFile::create(&self.path, size).await?;
        let job = Arc::new(Job {
            client: client.clone(),
            bucket: self.bucket,
            key: self.key,
            e_tag: head.e_tag,
            file: partial.path.clone(),
            customer_key: self.customer_key,
            progress: Tracker::new(size, self.progress),
        });
        let plan = Plan::download(size, self.manager.part_size);
        let ranges = plan
            .pieces()
            .map(|piece| fetch_range(Arc::clone(&job), piece));
        run_bounded(ranges, self.manager.concurrency).await?;
        if size == 0 {
            // No range to report: say the empty file is complete.
            job.progress.add(0);
        }
        partial.persist(&self.path).await?;
        Ok(DownloadOutput {
            e_tag: job.e_tag.clone(),
            size,
        })
    }
}

/// Fetches one range, pinned to the object's ETag, writing each piece of its body at its
/// offset as it comes.
async fn fetch_range(job: Arc<Job>, piece: Piece) -> Result<(), TransferError> {
    let target = Target::Range {
        first: piece.offset,
        last: piece.last(),
    };
    let mut call = job
        .client
        .get_object(&job.bucket, &job.key)
        .range(piece.http_range());
    if let Some(e_tag) = &job.e_tag {
        call = call.if_match(e_tag);
    }
    call = with_customer_key!(call, &job.customer_key);
    let mut output = call.send().await.map_err(|error| match &error {
        SdkError::Service(service) if service.meta.status() == PRECONDITION_FAILED => {
            TransferError::ObjectChanged {
                target,
                source: Box::new(error),
            }
        }
        _ => TransferError::call("GetObject", target)(error),
    })?;

    let mut file = OpenOptions::new()
        .write(true)
        .open(&job.file)
        .await
        .map_err(TransferError::file("write to", &job.file, target))?;
    file.seek(SeekFrom::Start(piece.offset))
        .await
        .map_err(TransferError::file("write to", &job.file, target))?;
    let mut written = 0;
    while let Some(bytes) = output.body.next().await {
        let bytes = bytes.map_err(|error| TransferError::Call {
            operation: "GetObject",
            target,
            source: Box::new(error),
        })?;
        written += bytes.len() as u64;
        // A server that ignored the range would send the whole object: stop before it
        // overwrites the next range.
        if written > piece.length {
            return Err(TransferError::response(
                "GetObject",
                target,
                "more bytes came back than the range holds",
            ));
        }
        file.write_all(&bytes)
            .await
            .map_err(TransferError::file("write to", &job.file, target))?;
        job.progress.add(bytes.len() as u64);
    }
    // tokio's `File` finishes a write in the background; flushing waits for it.
    file.flush()
        .await
        .map_err(TransferError::file("write to", &job.file, target))?;
    if written < piece.length {
        return Err(TransferError::response(
            "GetObject",
            target,
            format!("the body ended after {written} of {} bytes", piece.length),
        ));
    }
    Ok(())
}

/// The file a download is written to before it is complete: beside its destination, so that
/// the rename that puts it in place stays on one file system. Dropped without
/// [`persist`](Self::persist), on failure or when the download's future is dropped, it is
/// removed.
struct PartialFile {
    path: PathBuf,
    kept: bool,
}

impl PartialFile {
    /// Creates a new, never an existing, file of `size` bytes beside `destination`.
    async fn create(destination: &Path, size: u64) -> Result<Self, TransferError> {
        // Two downloads to one destination, in this process or another, get two files.
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let name = destination.file_name().ok_or_else(|| TransferError::File {
            action: "download to",
            path: destination.to_owned(),
            target: Target::Object,
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "it names no file"),
        })?;
        let mut temporary = name.to_owned();
        temporary.push(format!(
            ".awsgen-{}-{}.part",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let path = destination.with_file_name(temporary);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await
            .map_err(TransferError::file("create", &path, Target::Object))?;
        let partial = Self { path, kept: false };
        // Sized now, so that each range can be written at its offset in any order.
        file.set_len(size).await.map_err(TransferError::file(
            "write to",
            &partial.path,
            Target::Object,
        ))?;
        Ok(partial)
    }

    async fn persist(mut self, destination: &Path) -> Result<(), TransferError> {
        tokio::fs::rename(&self.path, destination)
            .await
            .map_err(TransferError::file("rename", &self.path, Target::Object))?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if !self.kept {
            // Nothing can be reported from here; a file that cannot be removed is left, and
            // its name says what it was.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

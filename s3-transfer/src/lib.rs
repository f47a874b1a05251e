//! Uploads and downloads of files of any size on the generated S3 client, as boto3's
//! `s3transfer` makes them: a multipart upload with parts sent in parallel, a download in
//! ranges fetched in parallel, each streamed from or into its piece of the file so that
//! memory stays bounded, and progress reported as bytes complete.
//!
//! ```no_run
//! use awsgen_s3::{Client, Config};
//! use awsgen_s3_transfer::TransferManager;
//!
//! # async fn f(config: Config) -> Result<(), awsgen_s3_transfer::TransferError> {
//! let transfers = TransferManager::new(Client::new(config));
//! transfers.upload("my-bucket", "backup.tar", "backup.tar").send().await?;
//! transfers.download("my-bucket", "backup.tar", "restored.tar").send().await?;
//! # Ok(())
//! # }
//! ```
//!
//! This crate is hand-written, not generated: it is policy on top of S3's operations, and
//! the runtime, which every generated client depends on, cannot depend on a generated one.

mod download;
mod encryption;
mod error;
mod manager;
mod plan;
mod progress;
mod tasks;
mod upload;

pub use download::{Download, DownloadOutput};
pub use encryption::CustomerKey;
pub use error::{BoxError, PartSizeError, Target, TransferError};
pub use manager::{
    DEFAULT_CONCURRENCY, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE, TransferManager,
};
pub use plan::{MAX_PART_SIZE, MAX_PARTS, MIN_PART_SIZE};
pub use progress::Progress;
pub use upload::{Upload, UploadOutput};

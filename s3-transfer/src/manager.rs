//! [`TransferManager`]: a client and the sizes its transfers are cut into.

use std::path::PathBuf;

use awsgen_s3::Client;

use crate::download::Download;
use crate::upload::Upload;

/// Files of this size or larger are uploaded in parts (s3transfer's `multipart_threshold`).
pub const DEFAULT_MULTIPART_THRESHOLD: u64 = 8 << 20;

/// The size of each part of an upload and each range of a download (s3transfer's
/// `multipart_chunksize`).
pub const DEFAULT_PART_SIZE: u64 = 8 << 20;

/// How many parts or ranges of one transfer are in flight at once.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// Uploads and downloads files through an S3 client. Cloning it is cheap: the client inside
/// shares its configuration and connections.
#[derive(Clone, Debug)]
pub struct TransferManager {
    pub(crate) client: Client,
    pub(crate) multipart_threshold: u64,
    pub(crate) part_size: u64,
    pub(crate) concurrency: usize,
}

impl TransferManager {
    /// A manager with s3transfer's sizes: 8 MiB threshold and parts, 8 parts at once.
    pub fn new(client: Client) -> Self {
        Self {
            client,
            multipart_threshold: DEFAULT_MULTIPART_THRESHOLD,
            part_size: DEFAULT_PART_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }

    /// Files of `bytes` or more go as a multipart upload; smaller ones as one `PutObject`.
    pub fn multipart_threshold(mut self, bytes: u64) -> Self {
        self.multipart_threshold = bytes;
        self
    }

    /// The size of each part of an upload (from 5 MiB to 5 GiB, else an upload fails before
    /// sending anything; larger when a file would need more than 10,000 parts) and of each
    /// range of a download.
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.part_size = bytes;
        self
    }

    /// How many parts or ranges of one transfer are sent or fetched at once (at least one).
    pub fn concurrency(mut self, parts: usize) -> Self {
        self.concurrency = parts.max(1);
        self
    }

    /// The client the transfers are made with.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// An upload of the file at `path` to `key` in `bucket`, ready to be sent.
    pub fn upload(
        &self,
        bucket: impl Into<String>,
        key: impl Into<String>,
        path: impl Into<PathBuf>,
    ) -> Upload<'_> {
        Upload::new(self, bucket.into(), key.into(), path.into())
    }

    /// A download of `key` in `bucket` to the file at `path`, ready to be sent.
    pub fn download(
        &self,
        bucket: impl Into<String>,
        key: impl Into<String>,
        path: impl Into<PathBuf>,
    ) -> Download<'_> {
        Download::new(self, bucket.into(), key.into(), path.into())
    }
}

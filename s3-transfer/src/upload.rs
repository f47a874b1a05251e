//! [`Upload`]: a file to an object, in one `PutObject` or as a multipart upload whose parts
//! are sent in parallel.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use awsgen_runtime::body::RequestBody;
use awsgen_s3::Client;
use awsgen_s3::types::{
    ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart, ObjectCannedAcl,
    ServerSideEncryption, StorageClass,
};

use crate::encryption::{CustomerKey, with_customer_key};
use crate::error::{Target, TransferError};
use crate::manager::TransferManager;
use crate::plan::{Piece, Plan};
use crate::progress::{Callback, Progress, Tracker};
use crate::tasks::run_bounded;

/// s3transfer asks for a CRC-32 of every upload (botocore's default
/// `request_checksum_calculation = when_supported`) and names it on `CreateMultipartUpload`
/// too, so that S3 keeps a checksum of the whole object from its parts'.
const CHECKSUM: ChecksumAlgorithm = ChecksumAlgorithm::Crc32;

/// An upload ready to be sent: set what the object should carry, then [`send`](Self::send).
#[must_use = "an upload does nothing until it is sent"]
pub struct Upload<'a> {
    manager: &'a TransferManager,
    bucket: String,
    key: String,
    path: PathBuf,
    object: ObjectSettings,
    progress: Option<Callback>,
}

/// What the object is to carry, set on the call that makes it (`PutObject` or
/// `CreateMultipartUpload`); the customer key goes on every call of the upload.
#[derive(Default)]
struct ObjectSettings {
    content_type: Option<String>,
    cache_control: Option<String>,
    metadata: Option<HashMap<String, String>>,
    acl: Option<ObjectCannedAcl>,
    storage_class: Option<StorageClass>,
    server_side_encryption: Option<ServerSideEncryption>,
    ssekms_key_id: Option<String>,
    customer_key: Option<CustomerKey>,
}

/// Sets `settings` on `call`, a `PutObject` or a `CreateMultipartUpload`, whose builders
/// name these setters alike.
macro_rules! with_object_settings {
    ($call:expr, $settings:expr) => {{
        let ObjectSettings {
            content_type,
            cache_control,
            metadata,
            acl,
            storage_class,
            server_side_encryption,
            ssekms_key_id,
            customer_key,
        } = $settings;
        let mut call = $call;
        if let Some(content_type) = content_type {
            call = call.content_type(content_type);
        }
        if let Some(cache_control) = cache_control {
            call = call.cache_control(cache_control);
        }
        if let Some(metadata) = metadata {
            call = call.metadata(metadata);
        }
        if let Some(acl) = acl {
            call = call.acl(acl);
        }
        if let Some(storage_class) = storage_class {
            call = call.storage_class(storage_class);
        }
        if let Some(encryption) = server_side_encryption {
            call = call.server_side_encryption(encryption);
        }
        if let Some(key_id) = ssekms_key_id {
            call = call.ssekms_key_id(key_id);
        }
        with_customer_key!(call, customer_key)
    }};
}

/// What S3 said of an uploaded object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadOutput {
    pub e_tag: Option<String>,
    pub version_id: Option<String>,
    /// How many bytes were uploaded.
    pub size: u64,
    /// How many parts the object was uploaded in; `None` when it went as one `PutObject`.
    pub parts: Option<u32>,
}

/// What every part's task needs, shared rather than copied per part.
struct Job {
    client: Client,
    bucket: String,
    key: String,
    upload_id: String,
    path: PathBuf,
    customer_key: Option<CustomerKey>,
    progress: Tracker,
}

impl<'a> Upload<'a> {
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
            object: ObjectSettings::default(),
            progress: None,
        }
    }

    /// The object's `Content-Type`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.object.content_type = Some(content_type.into());
        self
    }

    /// The object's `Cache-Control`.
    pub fn cache_control(mut self, cache_control: impl Into<String>) -> Self {
        self.object.cache_control = Some(cache_control.into());
        self
    }

    /// The object's user metadata (sent as `x-amz-meta-*` headers).
    pub fn metadata(mut self, metadata: HashMap<String, String>) -> Self {
        self.object.metadata = Some(metadata);
        self
    }

    /// A canned ACL for the object (`private`, `bucket-owner-full-control`, …).
    pub fn acl(mut self, acl: ObjectCannedAcl) -> Self {
        self.object.acl = Some(acl);
        self
    }

    /// The storage class the object is kept in (`STANDARD_IA`, `GLACIER_IR`, …).
    pub fn storage_class(mut self, storage_class: StorageClass) -> Self {
        self.object.storage_class = Some(storage_class);
        self
    }

    /// Server-side encryption with a key S3 or KMS keeps (`AES256`, `aws:kms`), and for
    /// KMS the key to use ([`ssekms_key_id`](Self::ssekms_key_id)).
    pub fn server_side_encryption(mut self, encryption: ServerSideEncryption) -> Self {
        self.object.server_side_encryption = Some(encryption);
        self
    }

    /// The KMS key (id, alias or ARN) of `aws:kms` encryption.
    pub fn ssekms_key_id(mut self, key_id: impl Into<String>) -> Self {
        self.object.ssekms_key_id = Some(key_id.into());
        self
    }

    /// Encryption with a key the caller keeps (SSE-C), sent on every call of the upload.
    pub fn customer_key(mut self, key: CustomerKey) -> Self {
        self.object.customer_key = Some(key);
        self
    }

    /// Calls `report` as bytes are uploaded: after a single `PutObject`, or after each part.
    pub fn on_progress(mut self, report: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(report));
        self
    }

    /// Uploads the file. The part size is checked against S3's limits before anything is
    /// sent; a multipart upload that fails after it was created is aborted (see
    /// [`TransferError::Multipart`]).
    pub async fn send(self) -> Result<UploadOutput, TransferError> {
        let size = tokio::fs::metadata(&self.path)
            .await
            .map_err(TransferError::file("read", &self.path, Target::Object))?
            .len();
        let plan = Plan::upload(size, self.manager.part_size)?;
        let progress = Tracker::new(size, self.progress.clone());
        if size < self.manager.multipart_threshold {
            self.put_object(size, progress).await
        } else {
            self.multipart(plan, progress).await
        }
    }

    async fn put_object(self, size: u64, progress: Tracker) -> Result<UploadOutput, TransferError> {
        let body = RequestBody::from_path(&self.path)
            .await
            .map_err(TransferError::file("read", &self.path, Target::Object))?;
        let call = self
            .manager
            .client
            .put_object(&self.bucket, &self.key)
            .checksum_algorithm(CHECKSUM)
            .body(body);
        let output = with_object_settings!(call, self.object)
            .send()
            .await
            .map_err(TransferError::call("PutObject", Target::Object))?;
        progress.add(size);
        Ok(UploadOutput {
            e_tag: output.e_tag,
            version_id: output.version_id,
            size,
            parts: None,
        })
    }

    async fn multipart(self, plan: Plan, progress: Tracker) -> Result<UploadOutput, TransferError> {
        let client = &self.manager.client;
        let customer_key = self.object.customer_key.clone();
        let create = client
            .create_multipart_upload(&self.bucket, &self.key)
            .checksum_algorithm(CHECKSUM);
        let created = with_object_settings!(create, self.object)
            .send()
            .await
            .map_err(TransferError::call("CreateMultipartUpload", Target::Object))?;
        let upload_id = created.upload_id.ok_or_else(|| {
            TransferError::response(
                "CreateMultipartUpload",
                Target::Object,
                "no upload id came back",
            )
        })?;

        let job = Arc::new(Job {
            client: client.clone(),
            bucket: self.bucket,
            key: self.key,
            upload_id,
            path: self.path,
            customer_key,
            progress,
        });
        match complete(&job, plan, self.manager.concurrency).await {
            Ok(output) => Ok(output),
            Err(cause) => {
                // Left alone, the uploaded parts would be kept, and billed, indefinitely.
                let abort = job
                    .client
                    .abort_multipart_upload(&job.bucket, &job.key, &job.upload_id)
                    .send()
                    .await
                    .err()
                    .map(|error| error.into());
                Err(TransferError::Multipart {
                    upload_id: job.upload_id.clone(),
                    cause: Box::new(cause),
                    abort,
                })
            }
        }
    }
}

/// Uploads every part, then completes the upload with them in order.
async fn complete(
    job: &Arc<Job>,
    plan: Plan,
    concurrency: usize,
) -> Result<UploadOutput, TransferError> {
    let parts = plan
        .pieces()
        .map(|piece| upload_part(Arc::clone(job), piece));
    let mut parts = run_bounded(parts, concurrency).await?;
    // S3 refuses a list of parts out of order; they finish in any.
    parts.sort_by_key(|(number, _)| *number);
    let count = parts.len() as u32;
    let parts = parts.into_iter().map(|(_, part)| part).collect();
    let call = job
        .client
        .complete_multipart_upload(&job.bucket, &job.key, &job.upload_id)
        .multipart_upload(CompletedMultipartUpload::new().parts(parts));
    let output = with_customer_key!(call, &job.customer_key)
        .send()
        .await
        .map_err(TransferError::call(
            "CompleteMultipartUpload",
            Target::Object,
        ))?;
    Ok(UploadOutput {
        e_tag: output.e_tag,
        version_id: output.version_id,
        size: plan.size,
        parts: Some(count),
    })
}

/// Sends one part, streamed from its range of the file, and gives back what completing the
/// upload must name: its ETag and checksum.
async fn upload_part(job: Arc<Job>, piece: Piece) -> Result<(u32, CompletedPart), TransferError> {
    let target = Target::Part(piece.number);
    let body = RequestBody::from_file_range(&job.path, piece.offset, piece.length)
        .await
        .map_err(TransferError::file("read", &job.path, target))?;
    // At most 10,000 parts (`Plan::upload`), so the number fits.
    let number = piece.number as i32;
    let call = job
        .client
        .upload_part(&job.bucket, &job.key, number, &job.upload_id)
        .checksum_algorithm(CHECKSUM)
        .body(body);
    let output = with_customer_key!(call, &job.customer_key)
        .send()
        .await
        .map_err(TransferError::call("UploadPart", target))?;
    let e_tag = output
        .e_tag
        .ok_or_else(|| TransferError::response("UploadPart", target, "no ETag came back"))?;
    let mut part = CompletedPart::new().part_number(number).e_tag(e_tag);
    if let Some(crc32) = output.checksum_crc32 {
        part = part.checksum_crc32(crc32);
    }
    job.progress.add(piece.length);
    Ok((piece.number, part))
}

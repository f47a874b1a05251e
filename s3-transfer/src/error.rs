//! [`TransferError`]: what failed in a transfer, and where.

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::path::PathBuf;

use awsgen_runtime::error::SdkError;

use crate::plan::{MAX_PART_SIZE, MAX_PARTS, MIN_PART_SIZE};

/// The error of an S3 call (an [`SdkError`] of the operation), or of reading a body.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// Which piece of a transfer a failure belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The object as a whole (`HeadObject`, `PutObject`, `CreateMultipartUpload`, …).
    Object,
    /// One part of a multipart upload, numbered from 1.
    Part(u32),
    /// The bytes `first..=last` of a download.
    Range { first: u64, last: u64 },
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Object => f.write_str("the object"),
            Target::Part(number) => write!(f, "part {number}"),
            Target::Range { first, last } => write!(f, "bytes {first}-{last}"),
        }
    }
}

/// Why a part size cannot make a multipart upload of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartSizeError {
    /// Below S3's 5 MiB minimum (which only the last part may be under).
    TooSmall { part_size: u64 },
    /// Above S3's 5 GiB maximum.
    TooLarge { part_size: u64 },
    /// Even 10,000 parts of 5 GiB cannot hold the file.
    FileTooLarge { size: u64 },
}

impl fmt::Display for PartSizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartSizeError::TooSmall { part_size } => write!(
                f,
                "a part size of {part_size} bytes is below S3's minimum of {MIN_PART_SIZE} (5 MiB)"
            ),
            PartSizeError::TooLarge { part_size } => write!(
                f,
                "a part size of {part_size} bytes is above S3's maximum of {MAX_PART_SIZE} (5 GiB)"
            ),
            PartSizeError::FileTooLarge { size } => write!(
                f,
                "a file of {size} bytes does not fit in {MAX_PARTS} parts of at most 5 GiB"
            ),
        }
    }
}

impl StdError for PartSizeError {}

/// A failed upload or download.
///
/// Its `Display` names the step that failed (the operation, or what was done to which local
/// file), the part or range, and the underlying error's message, which is also its
/// [`source`](StdError::source). Nothing in it is secret: S3 errors say code, message, status
/// and request id.
#[non_exhaustive]
#[derive(Debug)]
pub enum TransferError {
    /// The configured part size cannot upload this file; nothing was sent.
    PartSize(PartSizeError),
    /// A local file could not be read, created, written or renamed.
    File {
        /// What was being done, as a verb: "read", "create", "write to", "rename".
        action: &'static str,
        path: PathBuf,
        target: Target,
        source: io::Error,
    },
    /// An S3 call failed, or the body of a download broke off.
    Call {
        operation: &'static str,
        target: Target,
        source: BoxError,
    },
    /// A range's `If-Match` failed: the object changed while it was being downloaded, and
    /// its pieces would have come from two versions.
    ObjectChanged { target: Target, source: BoxError },
    /// S3 answered without something the transfer needs, or with other bytes than were
    /// asked for.
    Response {
        operation: &'static str,
        target: Target,
        problem: String,
    },
    /// A multipart upload failed after it was created. `AbortMultipartUpload` was sent;
    /// `abort` is its error if it failed too, in which case the parts already uploaded stay
    /// (and are billed) until the upload is aborted or a lifecycle rule removes them.
    Multipart {
        upload_id: String,
        cause: Box<TransferError>,
        abort: Option<BoxError>,
    },
    /// A transfer task was cancelled before it finished (the runtime is shutting down).
    Cancelled,
}

impl TransferError {
    /// The part or range the failure belongs to, looking through a multipart upload's
    /// failure to its cause.
    pub fn target(&self) -> Option<Target> {
        match self {
            TransferError::File { target, .. }
            | TransferError::Call { target, .. }
            | TransferError::ObjectChanged { target, .. }
            | TransferError::Response { target, .. } => Some(*target),
            TransferError::Multipart { cause, .. } => cause.target(),
            TransferError::PartSize(_) | TransferError::Cancelled => None,
        }
    }

    /// For a multipart upload that failed after it was created, whether it was aborted:
    /// `Some(false)` when `AbortMultipartUpload` failed too.
    pub fn aborted(&self) -> Option<bool> {
        match self {
            TransferError::Multipart { abort, .. } => Some(abort.is_none()),
            _ => None,
        }
    }

    pub(crate) fn call<E>(
        operation: &'static str,
        target: Target,
    ) -> impl FnOnce(SdkError<E>) -> Self
    where
        E: StdError + Send + Sync + 'static,
    {
        move |error| TransferError::Call {
            operation,
            target,
            source: Box::new(error),
        }
    }

    pub(crate) fn file(
        action: &'static str,
        path: impl Into<PathBuf>,
        target: Target,
    ) -> impl FnOnce(io::Error) -> Self {
        let path = path.into();
        move |source| TransferError::File {
            action,
            path,
            target,
            source,
        }
    }

    pub(crate) fn response(
        operation: &'static str,
        target: Target,
        problem: impl Into<String>,
    ) -> Self {
        TransferError::Response {
            operation,
            target,
            problem: problem.into(),
        }
    }
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransferError::PartSize(error) => write!(f, "nothing was uploaded: {error}"),
            TransferError::File {
                action,
                path,
                target: Target::Object,
                source,
            } => write!(f, "could not {action} {}: {source}", path.display()),
            TransferError::File {
                action,
                path,
                target,
                source,
            } => write!(
                f,
                "could not {action} {} ({target}): {source}",
                path.display()
            ),
            TransferError::Call {
                operation,
                target: Target::Object,
                source,
            } => write!(f, "{operation} failed: {source}"),
            TransferError::Call {
                operation,
                target,
                source,
            } => write!(f, "{operation} of {target} failed: {source}"),
            TransferError::ObjectChanged { target, source } => write!(
                f,
                "the object changed during the download (GetObject of {target}: {source})"
            ),
            TransferError::Response {
                operation,
                target,
                problem,
            } => write!(f, "{operation} of {target}: {problem}"),
            TransferError::Multipart {
                upload_id,
                cause,
                abort: None,
            } => write!(f, "{cause}; multipart upload {upload_id} was aborted"),
            TransferError::Multipart {
                upload_id,
                cause,
                abort: Some(abort),
            } => write!(
                f,
                "{cause}; aborting multipart upload {upload_id} failed too, so its parts stay \
                 until it is aborted: {abort}"
            ),
            TransferError::Cancelled => f.write_str("the transfer's tasks were cancelled"),
        }
    }
}

impl StdError for TransferError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            TransferError::PartSize(error) => Some(error),
            TransferError::File { source, .. } => Some(source),
            TransferError::Call { source, .. } | TransferError::ObjectChanged { source, .. } => {
                Some(source.as_ref())
            }
            TransferError::Multipart { cause, .. } => Some(cause.as_ref()),
            TransferError::Response { .. } | TransferError::Cancelled => None,
        }
    }
}

impl From<PartSizeError> for TransferError {
    fn from(error: PartSizeError) -> Self {
        TransferError::PartSize(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_part_says_which_and_whether_the_upload_was_aborted() {
        let failed = || TransferError::File {
            action: "read",
            path: "big.bin".into(),
            target: Target::Part(3),
            source: io::Error::new(io::ErrorKind::UnexpectedEof, "file shrank"),
        };
        let aborted = TransferError::Multipart {
            upload_id: "up-1".into(),
            cause: Box::new(failed()),
            abort: None,
        };
        assert_eq!(
            aborted.to_string(),
            "could not read big.bin (part 3): file shrank; multipart upload up-1 was aborted"
        );
        assert_eq!(aborted.target(), Some(Target::Part(3)));
        assert_eq!(aborted.aborted(), Some(true));

        let left = TransferError::Multipart {
            upload_id: "up-1".into(),
            cause: Box::new(failed()),
            abort: Some("connection refused".into()),
        };
        assert!(
            left.to_string()
                .ends_with("failed too, so its parts stay until it is aborted: connection refused")
        );
        assert_eq!(left.aborted(), Some(false));
        assert_eq!(left.source().unwrap().to_string(), failed().to_string());
    }

    #[test]
    fn a_range_is_named_as_http_names_it() {
        let error = TransferError::response(
            "GetObject",
            Target::Range { first: 0, last: 9 },
            "a short body",
        );
        assert_eq!(error.to_string(), "GetObject of bytes 0-9: a short body");
        assert!(error.source().is_none());
    }
}

//! [`RequestBody`]: what a request sends, whether bytes in memory, a file or a reader, and
//! how it is sent again when a call is retried.

use std::fmt;
use std::io::{self, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use ring::digest;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt};

use super::ByteStream;
use crate::encoding::hex_lower;

/// The body of a request.
///
/// Most bodies are bytes the serializer wrote. An operation whose input is a stream (S3's
/// `PutObject` and `UploadPart`, Glacier's `UploadArchive`, …) also takes a file or any
/// [`AsyncRead`], which is sent a piece at a time and never held in memory whole:
///
/// - [`from_path`](Self::from_path) and [`from_file_range`](Self::from_file_range) are
///   opened again for each attempt, so a call whose first attempt failed is retried as
///   any other;
/// - [`from_reader`](Self::from_reader) can be read only once, so a call sending one is
///   not retried once its first attempt has started.
///
/// A body with a known length is sent with a `Content-Length`; one without is sent
/// `Transfer-Encoding: chunked`, which S3 refuses for uploads (it wants a length).
///
/// `Debug` shows the length, never the bytes, which may be secret.
#[derive(Clone)]
pub struct RequestBody {
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    Bytes(Vec<u8>),
    Streamed(Streamed),
}

#[derive(Clone)]
struct Streamed {
    origin: Arc<Origin>,
    /// How many bytes the origin gives, when known.
    length: Option<u64>,
    /// A framing put around the origin's bytes as they are sent (S3's `aws-chunked`).
    frame: Option<Frame>,
    /// The hex SHA-256 of the origin's bytes, once something has needed it.
    sha256: Option<String>,
}

#[derive(Clone)]
struct Frame {
    wrap: Arc<Wrap>,
    /// The framed body's length, when the origin's is known.
    length: Option<u64>,
}

type Wrap = dyn Fn(ByteStream) -> ByteStream + Send + Sync;

enum Origin {
    File {
        path: PathBuf,
        offset: u64,
    },
    /// Taken by the first attempt that sends it.
    Reader(Mutex<Option<ByteStream>>),
}

/// How much a file-backed body reads at a time: large enough that the blocking reads
/// behind `tokio::fs` are few.
const FILE_PIECE: u64 = 256 * 1024;

impl RequestBody {
    /// No body.
    pub fn empty() -> Self {
        Self::from(Vec::new())
    }

    /// The whole file at `path`, read as it is sent. Its length is taken now; a file that
    /// changes length before the call is sent fails the call rather than sending a body
    /// that disagrees with its `Content-Length`.
    pub async fn from_path(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let length = tokio::fs::metadata(path).await?.len();
        Ok(Self::file(path.to_owned(), 0, length))
    }

    /// `length` bytes of the file at `path` from byte `offset`: one part of a multipart
    /// upload, say. Fails when the file is shorter than that.
    pub async fn from_file_range(
        path: impl AsRef<Path>,
        offset: u64,
        length: u64,
    ) -> io::Result<Self> {
        let path = path.as_ref();
        let size = tokio::fs::metadata(path).await?.len();
        if offset.checked_add(length).is_none_or(|end| end > size) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "bytes {offset}..{} are past the end of {} ({size} bytes)",
                    offset.saturating_add(length),
                    path.display()
                ),
            ));
        }
        Ok(Self::file(path.to_owned(), offset, length))
    }

    fn file(path: PathBuf, offset: u64, length: u64) -> Self {
        Self::streamed(Origin::File { path, offset }, Some(length))
    }

    /// A body read from `reader` until it ends, with `length` bytes when that is known.
    /// It is read once: a call that sends it is not retried once an attempt has started.
    pub fn from_reader(
        reader: impl AsyncRead + Send + Unpin + 'static,
        length: Option<u64>,
    ) -> Self {
        let stream = ByteStream::from_reader(reader, length);
        Self::streamed(Origin::Reader(Mutex::new(Some(stream))), length)
    }

    fn streamed(origin: Origin, length: Option<u64>) -> Self {
        Self {
            kind: Kind::Streamed(Streamed {
                origin: Arc::new(origin),
                length,
                frame: None,
                sha256: None,
            }),
        }
    }

    /// How many bytes are sent, framing included, when that is known.
    pub fn content_length(&self) -> Option<u64> {
        match &self.kind {
            Kind::Bytes(bytes) => Some(bytes.len() as u64),
            Kind::Streamed(streamed) => match &streamed.frame {
                Some(frame) => frame.length,
                None => streamed.length,
            },
        }
    }

    /// The bytes, when the body is in memory.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.kind {
            Kind::Bytes(bytes) => Some(bytes),
            Kind::Streamed(_) => None,
        }
    }

    /// Whether the body is in memory and empty.
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_some_and(<[u8]>::is_empty)
    }

    /// Whether the body can be sent more than once: it is in memory or a file.
    pub fn is_replayable(&self) -> bool {
        match &self.kind {
            Kind::Bytes(_) => true,
            Kind::Streamed(streamed) => matches!(*streamed.origin, Origin::File { .. }),
        }
    }

    /// The bytes, to change in place, when the body is in memory.
    pub(crate) fn bytes_mut(&mut self) -> Option<&mut Vec<u8>> {
        match &mut self.kind {
            Kind::Bytes(bytes) => Some(bytes),
            Kind::Streamed(_) => None,
        }
    }

    /// How many bytes the body holds before any framing, when known.
    pub(crate) fn unframed_length(&self) -> Option<u64> {
        match &self.kind {
            Kind::Bytes(bytes) => Some(bytes.len() as u64),
            Kind::Streamed(streamed) => streamed.length,
        }
    }

    /// Puts a framing around a streamed body as it is sent: `wrap` is given the body's
    /// bytes and gives what goes on the wire, `framed_length` tells that length from the
    /// body's. A body in memory is left as it is: its caller frames the bytes themselves.
    pub(crate) fn frame(
        &mut self,
        framed_length: impl FnOnce(u64) -> u64,
        wrap: impl Fn(ByteStream) -> ByteStream + Send + Sync + 'static,
    ) {
        if let Kind::Streamed(streamed) = &mut self.kind {
            streamed.frame = Some(Frame {
                wrap: Arc::new(wrap),
                length: streamed.length.map(framed_length),
            });
        }
    }

    /// The body as it goes on the wire, from its start. A reader can be opened once; a
    /// file is opened anew each time.
    pub(crate) async fn open(&self) -> io::Result<ByteStream> {
        let streamed = match &self.kind {
            Kind::Bytes(bytes) => return Ok(ByteStream::from(bytes.clone())),
            Kind::Streamed(streamed) => streamed,
        };
        let stream = streamed.open_origin().await?;
        Ok(match &streamed.frame {
            Some(frame) => (frame.wrap)(stream),
            None => stream,
        })
    }

    /// Passes every byte of the body, without its framing, to `each`, a piece at a time:
    /// for a checksum that must be known before the body is sent. A body read from a
    /// reader cannot be read twice, and fails.
    pub(crate) async fn read_unframed(&self, mut each: impl FnMut(&[u8])) -> io::Result<()> {
        match &self.kind {
            Kind::Bytes(bytes) => each(bytes),
            Kind::Streamed(streamed) => {
                if !self.is_replayable() {
                    return Err(read_once());
                }
                let mut stream = streamed.open_origin().await?;
                while let Some(piece) = stream.next().await {
                    each(&piece?);
                }
            }
        }
        Ok(())
    }

    /// The hex SHA-256 of the body, for its signature, when it is known without reading
    /// a stream: a body in memory, or a streamed one whose hash
    /// [`compute_sha256`](Self::compute_sha256) found.
    pub(crate) fn sha256(&self) -> Option<String> {
        match &self.kind {
            Kind::Bytes(bytes) => Some(hex_lower(digest::digest(&digest::SHA256, bytes).as_ref())),
            Kind::Streamed(streamed) => streamed.sha256.clone(),
        }
    }

    /// Reads a streamed body through once to find its SHA-256, which
    /// [`sha256`](Self::sha256) then gives.
    pub(crate) async fn compute_sha256(&mut self) -> io::Result<()> {
        if self.sha256().is_some() {
            return Ok(());
        }
        let mut context = digest::Context::new(&digest::SHA256);
        self.read_unframed(|piece| context.update(piece)).await?;
        if let Kind::Streamed(streamed) = &mut self.kind {
            streamed.sha256 = Some(hex_lower(context.finish().as_ref()));
        }
        Ok(())
    }
}

impl Streamed {
    async fn open_origin(&self) -> io::Result<ByteStream> {
        match &*self.origin {
            Origin::File { path, offset } => {
                let length = self.length.unwrap_or(0);
                let mut file = tokio::fs::File::open(path).await?;
                if file.metadata().await?.len() < offset + length {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!("{} is shorter than when the body was made", path.display()),
                    ));
                }
                file.seek(SeekFrom::Start(*offset)).await?;
                Ok(ByteStream::from_reader_in_pieces(
                    file.take(length),
                    Some(length),
                    FILE_PIECE as usize,
                ))
            }
            Origin::Reader(slot) => slot
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
                .ok_or_else(read_once),
        }
    }
}

fn read_once() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "a body made with RequestBody::from_reader can be sent once, and it has been read \
         already; make it from bytes or a file to send it again",
    )
}

impl Default for RequestBody {
    fn default() -> Self {
        Self::empty()
    }
}

impl From<Vec<u8>> for RequestBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self {
            kind: Kind::Bytes(bytes),
        }
    }
}

impl From<&[u8]> for RequestBody {
    fn from(bytes: &[u8]) -> Self {
        Self::from(bytes.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for RequestBody {
    fn from(bytes: &[u8; N]) -> Self {
        Self::from(bytes.to_vec())
    }
}

impl From<String> for RequestBody {
    fn from(text: String) -> Self {
        Self::from(text.into_bytes())
    }
}

impl From<&str> for RequestBody {
    fn from(text: &str) -> Self {
        Self::from(text.as_bytes())
    }
}

/// Bodies in memory are equal when their bytes are; a streamed body equals only its
/// clones, since reading it to compare would use it up.
impl PartialEq for RequestBody {
    fn eq(&self, other: &Self) -> bool {
        match (&self.kind, &other.kind) {
            (Kind::Bytes(a), Kind::Bytes(b)) => a == b,
            (Kind::Streamed(a), Kind::Streamed(b)) => {
                Arc::ptr_eq(&a.origin, &b.origin) && a.length == b.length
            }
            _ => false,
        }
    }
}

impl Eq for RequestBody {}

impl PartialEq<[u8]> for RequestBody {
    fn eq(&self, other: &[u8]) -> bool {
        self.as_bytes() == Some(other)
    }
}

impl PartialEq<&[u8]> for RequestBody {
    fn eq(&self, other: &&[u8]) -> bool {
        self.as_bytes() == Some(*other)
    }
}

impl<const N: usize> PartialEq<&[u8; N]> for RequestBody {
    fn eq(&self, other: &&[u8; N]) -> bool {
        self.as_bytes() == Some(&other[..])
    }
}

impl PartialEq<Vec<u8>> for RequestBody {
    fn eq(&self, other: &Vec<u8>) -> bool {
        self.as_bytes() == Some(&other[..])
    }
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("RequestBody");
        match &self.kind {
            Kind::Bytes(bytes) => debug.field("bytes", &bytes.len()),
            Kind::Streamed(streamed) => {
                let origin = match &*streamed.origin {
                    Origin::File { .. } => "file",
                    Origin::Reader(_) => "reader",
                };
                debug
                    .field("streamed_from", &origin)
                    .field("length", &streamed.length)
            }
        };
        debug.finish()
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;

    use super::*;

    fn block_on<T>(future: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    fn temp_file(name: &str, data: &[u8]) -> PathBuf {
        let path = std::env::temp_dir().join(format!("awsgen-{}-{name}", std::process::id()));
        std::fs::write(&path, data).unwrap();
        path
    }

    #[test]
    fn a_file_is_sent_whole_on_every_attempt() {
        let data: Vec<u8> = (0..600_000u32).map(|n| (n % 251) as u8).collect();
        let path = temp_file("whole", &data);
        let body = block_on(RequestBody::from_path(&path)).unwrap();
        assert_eq!(body.content_length(), Some(600_000));
        assert!(body.is_replayable());
        for _ in 0..2 {
            assert_eq!(
                block_on(async { body.open().await?.collect().await }).unwrap(),
                data
            );
        }
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_file_range_is_only_its_part() {
        let path = temp_file("range", b"0123456789");
        let body = block_on(RequestBody::from_file_range(&path, 3, 4)).unwrap();
        assert_eq!(
            block_on(async { body.open().await?.collect().await }).unwrap(),
            b"3456"
        );
        let error = block_on(RequestBody::from_file_range(&path, 8, 3)).unwrap_err();
        assert!(error.to_string().contains("past the end"), "{error}");
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_file_that_shrank_is_not_sent_short() {
        let path = temp_file("shrank", b"0123456789");
        let body = block_on(RequestBody::from_path(&path)).unwrap();
        std::fs::write(&path, b"01").unwrap();
        let error = block_on(body.open()).map(|_| ()).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_reader_is_sent_once() {
        let body = RequestBody::from_reader(io::Cursor::new(b"abc".to_vec()), Some(3));
        assert!(!body.is_replayable());
        let copy = body.clone();
        assert_eq!(
            block_on(async { body.open().await?.collect().await }).unwrap(),
            b"abc"
        );
        let error = block_on(copy.open()).map(|_| ()).unwrap_err();
        assert!(error.to_string().contains("sent once"), "{error}");
        assert!(block_on(copy.read_unframed(|_| {})).is_err());
    }

    #[test]
    fn the_hash_of_a_file_is_its_bytes_hash() {
        let path = temp_file("hash", b"body");
        let mut body = block_on(RequestBody::from_path(&path)).unwrap();
        assert_eq!(body.sha256(), None);
        block_on(body.compute_sha256()).unwrap();
        // SHA-256 of "body".
        let expected = "230d8358dc8e8890b4c58deeb62912ee2f20357ae92a5cc861b98e68fe31acb5";
        assert_eq!(body.sha256().as_deref(), Some(expected));
        assert_eq!(
            RequestBody::from("body").sha256().as_deref(),
            Some(expected)
        );
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_frame_wraps_the_stream_and_changes_the_length() {
        let path = temp_file("frame", b"abc");
        let mut body = block_on(RequestBody::from_path(&path)).unwrap();
        body.frame(
            |length| length + 2,
            |inner| {
                ByteStream::from_reader(
                    tokio::io::AsyncReadExt::chain(&b"<"[..], inner).chain(&b">"[..]),
                    None,
                )
            },
        );
        assert_eq!(body.content_length(), Some(5));
        assert_eq!(body.unframed_length(), Some(3));
        assert_eq!(
            block_on(async { body.open().await?.collect().await }).unwrap(),
            b"<abc>"
        );
        let mut unframed = Vec::new();
        block_on(body.read_unframed(|piece| unframed.extend_from_slice(piece))).unwrap();
        assert_eq!(unframed, b"abc");
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn debug_shows_no_bytes() {
        assert_eq!(
            format!("{:?}", RequestBody::from("secret")),
            "RequestBody { bytes: 6 }"
        );
        let reader = RequestBody::from_reader(io::Cursor::new(vec![1]), None);
        assert_eq!(
            format!("{reader:?}"),
            r#"RequestBody { streamed_from: "reader", length: None }"#
        );
    }
}

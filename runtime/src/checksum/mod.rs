//! Flexible checksums, as botocore 1.44.5 sends and checks them (`httpchecksum.py`): the
//! CRC-32 of a request body (or the algorithm the caller chose) for operations whose model
//! has `httpChecksum` or `httpChecksumRequired`, in an `x-amz-checksum-<name>` header or, for
//! a streaming upload over HTTPS, in the trailer of an `aws-chunked` body; and a response
//! body checked against the checksum header the service returns when the caller asked for
//! one (S3's `ChecksumMode`).

mod crc;

use std::fmt;
use std::io;

use ring::digest;

use crate::body::{BoxFuture, ByteStream, Source};
use crate::encoding::base64_encode;
use crate::http::{Headers, HttpRequest, HttpResponse, Scheme};

pub use crc::{Crc32c, Crc64Nvme};

/// The algorithms S3 accepts, less the xxHash family (which botocore, too, computes only
/// with the AWS CRT installed) and MD5 (which it refuses as a flexible checksum).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Crc32,
    Crc32c,
    Crc64Nvme,
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    /// botocore's `_ALGORITHMS_PRIORITY_LIST`: the order in which a response's checksums
    /// are looked for, the first found being checked.
    pub const PRIORITY: [Algorithm; 6] = [
        Self::Crc64Nvme,
        Self::Crc32c,
        Self::Crc32,
        Self::Sha1,
        Self::Sha256,
        Self::Sha512,
    ];

    /// By the name a model's enum gives it (`CRC32`, `CRC64NVME`, `SHA256`), in any case.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::PRIORITY
            .into_iter()
            .find(|algorithm| algorithm.name().eq_ignore_ascii_case(name))
    }

    /// The lower-case name, as it appears in header names.
    pub fn name(self) -> &'static str {
        match self {
            Self::Crc32 => "crc32",
            Self::Crc32c => "crc32c",
            Self::Crc64Nvme => "crc64nvme",
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
            Self::Sha512 => "sha512",
        }
    }

    /// `x-amz-checksum-crc32`, where the checksum travels.
    pub fn header(self) -> &'static str {
        match self {
            Self::Crc32 => "x-amz-checksum-crc32",
            Self::Crc32c => "x-amz-checksum-crc32c",
            Self::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Self::Sha1 => "x-amz-checksum-sha1",
            Self::Sha256 => "x-amz-checksum-sha256",
            Self::Sha512 => "x-amz-checksum-sha512",
        }
    }

    /// The checksum of `data` as the header carries it: its big-endian bytes in base64.
    pub fn base64_digest(self, data: &[u8]) -> String {
        let mut hasher = Hasher::new(self);
        hasher.update(data);
        hasher.finish()
    }
}

/// A checksum of data that arrives in pieces.
pub struct Hasher(State);

// A hasher lives for one body; boxing the digest state would allocate to save nothing.
#[allow(clippy::large_enum_variant)]
enum State {
    Crc32(crate::crc32::Crc32),
    Crc32c(Crc32c),
    Crc64Nvme(Crc64Nvme),
    Digest(digest::Context),
}

impl Hasher {
    pub fn new(algorithm: Algorithm) -> Self {
        Self(match algorithm {
            Algorithm::Crc32 => State::Crc32(crate::crc32::Crc32::new()),
            Algorithm::Crc32c => State::Crc32c(Crc32c::default()),
            Algorithm::Crc64Nvme => State::Crc64Nvme(Crc64Nvme::default()),
            Algorithm::Sha1 => {
                State::Digest(digest::Context::new(&digest::SHA1_FOR_LEGACY_USE_ONLY))
            }
            Algorithm::Sha256 => State::Digest(digest::Context::new(&digest::SHA256)),
            Algorithm::Sha512 => State::Digest(digest::Context::new(&digest::SHA512)),
        })
    }

    pub fn update(&mut self, data: &[u8]) {
        match &mut self.0 {
            State::Crc32(crc) => crc.update(data),
            State::Crc32c(crc) => crc.update(data),
            State::Crc64Nvme(crc) => crc.update(data),
            State::Digest(context) => context.update(data),
        }
    }

    /// The base64 of the checksum's big-endian bytes.
    pub fn finish(self) -> String {
        match self.0 {
            State::Crc32(crc) => base64_encode(&crc.finish().to_be_bytes()),
            State::Crc32c(crc) => base64_encode(&crc.finish().to_be_bytes()),
            State::Crc64Nvme(crc) => base64_encode(&crc.finish().to_be_bytes()),
            State::Digest(context) => base64_encode(context.finish().as_ref()),
        }
    }
}

impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hasher").finish_non_exhaustive()
    }
}

/// When a client computes request checksums and checks response ones (botocore's
/// `request_checksum_calculation` and `response_checksum_validation`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChecksumWhen {
    /// For every operation that supports it: botocore's default.
    #[default]
    WhenSupported,
    /// Only where the operation requires it (requests), or the caller asked (responses).
    WhenRequired,
}

impl ChecksumWhen {
    /// `when_supported` or `when_required`, in any case.
    pub fn from_name(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("when_supported") {
            Some(Self::WhenSupported)
        } else if name.eq_ignore_ascii_case("when_required") {
            Some(Self::WhenRequired)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::WhenSupported => "when_supported",
            Self::WhenRequired => "when_required",
        }
    }
}

/// An operation's request checksum, from its model's `httpChecksum` and
/// `httpChecksumRequired`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestChecksum {
    /// A checksum is sent even when the client computes them only where required.
    pub required: bool,
    /// The member that names the caller's algorithm (the model's `requestAlgorithmMember`),
    /// if it has one.
    pub algorithm_member: Option<AlgorithmMember>,
    /// The operation uploads a stream (S3 `PutObject`, `UploadPart`): over HTTPS its
    /// checksum follows the body, in an `aws-chunked` trailer.
    pub streaming: bool,
}

/// The input member that names a request's checksum algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlgorithmMember {
    /// Its name in the model, e.g. `ChecksumAlgorithm`.
    pub name: &'static str,
    /// The header it is sent in, e.g. `x-amz-sdk-checksum-algorithm`.
    pub header: &'static str,
}

/// Where [`RequestChecksum::apply`] put the checksum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// No checksum: the caller set one, or none was called for.
    None,
    /// In its header.
    Header,
    /// In the trailer of an `aws-chunked` body.
    Trailer,
}

/// botocore's payload hash for a body whose checksum is in its trailer; the body itself is
/// not signed.
pub const STREAMING_UNSIGNED_PAYLOAD_TRAILER: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

/// The size of each `aws-chunked` chunk, botocore's `AwsChunkedWrapper._DEFAULT_CHUNK_SIZE`.
const CHUNK_SIZE: usize = 1024 * 1024;

impl RequestChecksum {
    /// Adds the checksum `request` should carry, as botocore's
    /// `resolve_request_checksum_algorithm` and `apply_request_checksum` do: none when the
    /// request already has an `x-amz-checksum-*` header; otherwise the algorithm its
    /// algorithm header names, or CRC-32 (naming it in that header) when the operation
    /// requires a checksum or supports one and `when` is `WhenSupported`.
    ///
    /// A streamed body that must carry the checksum in a header (a file sent over plain
    /// HTTP) is read once before it is sent; one that can be read only once gets it in the
    /// trailer instead.
    ///
    /// Fails naming the algorithm when the caller chose one S3 does not know, or when a
    /// file could not be read for its checksum.
    pub async fn apply(
        &self,
        request: &mut HttpRequest,
        when: ChecksumWhen,
    ) -> Result<Placement, ApplyError> {
        if has_checksum_header(&request.headers) {
            return Ok(Placement::None);
        }
        let chosen = self
            .algorithm_member
            .and_then(|member| Some((member, request.headers.get(member.header)?)));
        let algorithm = match chosen {
            Some((member, name)) => Algorithm::from_name(name).ok_or_else(|| {
                ApplyError::UnknownAlgorithm(UnknownAlgorithm {
                    member: member.name,
                    name: name.to_owned(),
                })
            })?,
            None if self.required
                || (self.algorithm_member.is_some() && when == ChecksumWhen::WhenSupported) =>
            {
                if let Some(member) = self.algorithm_member {
                    request.headers.insert(member.header, "CRC32");
                }
                Algorithm::Crc32
            }
            None => return Ok(Placement::None),
        };
        if self.streaming && (request.url.scheme == Scheme::Https || !request.body.is_replayable())
        {
            add_trailer(request, algorithm);
            return Ok(Placement::Trailer);
        }
        let mut hasher = Hasher::new(algorithm);
        request
            .body
            .read_unframed(|piece| hasher.update(piece))
            .await
            .map_err(ApplyError::ReadingBody)?;
        request.headers.insert(algorithm.header(), hasher.finish());
        Ok(Placement::Header)
    }
}

/// Whether `headers` hold an `x-amz-checksum-*` header (botocore's
/// `CHECKSUM_HEADER_PATTERN`: letters and digits after the prefix, any case).
fn has_checksum_header(headers: &Headers) -> bool {
    const PREFIX: &str = "x-amz-checksum-";
    headers.iter().any(|(name, _)| {
        name.len() >= PREFIX.len()
            && name[..PREFIX.len()].eq_ignore_ascii_case(PREFIX)
            && name[PREFIX.len()..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric())
    })
}

/// botocore's `_apply_request_trailer_checksum` and `AwsChunkedWrapper`: the body becomes
/// `aws-chunked` (1 MiB chunks, each `<hex length>\r\n<bytes>\r\n`, then `0\r\n`, the
/// checksum as a trailer line and `\r\n`), its decoded length is announced, and the payload
/// hash says the body is unsigned. botocore sends the result with `Transfer-Encoding:
/// chunked`; it is sent here with its length, which S3 accepts alike, since the framed
/// length follows from the decoded one.
fn add_trailer(request: &mut HttpRequest, algorithm: Algorithm) {
    let headers = &mut request.headers;
    let encoding = match headers.get("Content-Encoding") {
        Some(existing) => format!("{existing},aws-chunked"),
        None => "aws-chunked".to_owned(),
    };
    headers.insert("Content-Encoding", encoding);
    headers.insert("X-Amz-Trailer", algorithm.header());
    if let Some(length) = request.body.unframed_length() {
        headers.insert("X-Amz-Decoded-Content-Length", length.to_string());
    }
    headers.insert("X-Amz-Content-SHA256", STREAMING_UNSIGNED_PAYLOAD_TRAILER);
    // A length the caller gave is the decoded one, which the header above now carries.
    headers.remove("Content-Length");
    match request.body.bytes_mut() {
        Some(bytes) => *bytes = aws_chunked(bytes, algorithm),
        None => request.body.frame(
            |length| aws_chunked_length(length, algorithm),
            move |body| {
                ByteStream::from_source(AwsChunked {
                    body,
                    algorithm,
                    hasher: Some(Hasher::new(algorithm)),
                    carried: Vec::new(),
                })
            },
        ),
    }
}

/// `body` framed as `aws-chunked` with `algorithm`'s checksum in the trailer.
fn aws_chunked(body: &[u8], algorithm: Algorithm) -> Vec<u8> {
    let mut hasher = Hasher::new(algorithm);
    let mut out = Vec::with_capacity(body.len() + 64 + body.len() / CHUNK_SIZE * 10);
    for chunk in body.chunks(CHUNK_SIZE) {
        hasher.update(chunk);
        push_chunk(&mut out, chunk);
    }
    push_trailer(&mut out, algorithm, hasher);
    out
}

fn push_chunk(out: &mut Vec<u8>, chunk: &[u8]) {
    out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
    out.extend_from_slice(chunk);
    out.extend_from_slice(b"\r\n");
}

fn push_trailer(out: &mut Vec<u8>, algorithm: Algorithm, hasher: Hasher) {
    out.extend_from_slice(b"0\r\n");
    out.extend_from_slice(algorithm.header().as_bytes());
    out.push(b':');
    out.extend_from_slice(hasher.finish().as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
}

/// The length of `decoded` bytes framed by [`aws_chunked`].
fn aws_chunked_length(decoded: u64, algorithm: Algorithm) -> u64 {
    let framed = |len: u64| format!("{len:x}").len() as u64 + 2 + len + 2;
    let chunk = CHUNK_SIZE as u64;
    let rest = decoded % chunk;
    let chunks = decoded / chunk * framed(chunk) + if rest > 0 { framed(rest) } else { 0 };
    let trailer = 3 + algorithm.header().len() + 1 + algorithm.base64_digest(&[]).len() + 4;
    chunks + trailer as u64
}

/// A streamed body framed as [`aws_chunked`] frames one in memory, a chunk at a time.
struct AwsChunked {
    body: ByteStream,
    algorithm: Algorithm,
    /// `None` once the trailer has been given.
    hasher: Option<Hasher>,
    /// What the body gave past the last whole chunk.
    carried: Vec<u8>,
}

impl Source for AwsChunked {
    fn next_piece(&mut self) -> BoxFuture<'_, Option<io::Result<Vec<u8>>>> {
        Box::pin(async move {
            self.hasher.as_ref()?;
            while self.carried.len() < CHUNK_SIZE {
                match self.body.next().await {
                    Some(Ok(piece)) => self.carried.extend_from_slice(&piece),
                    Some(Err(error)) => {
                        self.hasher = None;
                        return Some(Err(error));
                    }
                    None => break,
                }
            }
            let len = self.carried.len().min(CHUNK_SIZE);
            let mut out = Vec::with_capacity(len + 16);
            if len > 0 {
                let hasher = self.hasher.as_mut()?;
                hasher.update(&self.carried[..len]);
                push_chunk(&mut out, &self.carried[..len]);
                self.carried.drain(..len);
            } else {
                let hasher = self.hasher.take()?;
                push_trailer(&mut out, self.algorithm, hasher);
            }
            Some(Ok(out))
        })
    }

    fn remaining(&self) -> Option<u64> {
        None
    }
}

/// Why [`RequestChecksum::apply`] could not add a checksum.
#[derive(Debug)]
pub enum ApplyError {
    UnknownAlgorithm(UnknownAlgorithm),
    /// The body, a file, could not be read to compute its checksum.
    ReadingBody(io::Error),
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownAlgorithm(error) => error.fmt(f),
            Self::ReadingBody(error) => write!(f, "reading the body for its checksum: {error}"),
        }
    }
}

impl std::error::Error for ApplyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::UnknownAlgorithm(_) => None,
            Self::ReadingBody(error) => Some(error),
        }
    }
}

/// The caller chose a checksum algorithm S3 does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownAlgorithm {
    /// The member that named it.
    pub member: &'static str,
    pub name: String,
}

impl fmt::Display for UnknownAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Unsupported checksum algorithm: {}",
            self.name.to_lowercase()
        )
    }
}

impl std::error::Error for UnknownAlgorithm {}

/// An operation whose responses carry checksums the caller may ask to have checked (the
/// model's `requestValidationModeMember` and `responseAlgorithms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResponseChecksum {
    /// The header of the mode member, e.g. `x-amz-checksum-mode`; `ENABLED` asks.
    pub mode_header: &'static str,
    /// The algorithms the response may use (the model's `responseAlgorithms` that awsgen
    /// knows); they are looked for in [`Algorithm::PRIORITY`] order.
    pub algorithms: &'static [Algorithm],
}

impl ResponseChecksum {
    /// Asks for checksums when the caller did not say, if `when` is `WhenSupported`, as
    /// botocore's `_handle_request_validation_mode_member` does.
    pub fn ask(&self, headers: &mut Headers, when: ChecksumWhen) {
        if when == ChecksumWhen::WhenSupported && !headers.contains(self.mode_header) {
            headers.insert(self.mode_header, "ENABLED");
        }
    }

    /// Checks `response` against the first of the operation's algorithms whose header it
    /// carries, when the request asked (botocore's `handle_checksum_body`). A checksum of
    /// part checksums (`…-3`, from a multipart upload) cannot be checked and is skipped.
    pub fn check(&self, request: &Headers, response: &HttpResponse) -> Result<(), Mismatch> {
        let Some((algorithm, expected)) = self.expected(request, &response.headers) else {
            return Ok(());
        };
        let calculated = algorithm.base64_digest(&response.body);
        if calculated != expected {
            return Err(Mismatch {
                expected: expected.to_owned(),
                calculated,
            });
        }
        Ok(())
    }

    /// `body`, checked as it is read: the read that would end it fails with
    /// [`InvalidData`](std::io::ErrorKind::InvalidData) instead when the bytes do not match
    /// the response's checksum, as botocore's `StreamingChecksumBody` raises at the end of
    /// the stream. The same checksums as [`check`](Self::check) are checked.
    pub fn check_stream(
        &self,
        request: &Headers,
        head: &HttpResponse,
        body: ByteStream,
    ) -> ByteStream {
        match self.expected(request, &head.headers) {
            Some((algorithm, expected)) => ByteStream::from_source(CheckedBody {
                body,
                hasher: Some(Hasher::new(algorithm)),
                expected: expected.to_owned(),
            }),
            None => body,
        }
    }

    /// The algorithm to check with and the checksum the response gives for it.
    fn expected<'r>(
        &self,
        request: &Headers,
        response: &'r Headers,
    ) -> Option<(Algorithm, &'r str)> {
        request.get(self.mode_header)?;
        Algorithm::PRIORITY
            .into_iter()
            .filter(|algorithm| self.algorithms.contains(algorithm))
            .find_map(|algorithm| {
                let expected = response.get(algorithm.header())?;
                (!expected.contains('-')).then_some((algorithm, expected))
            })
    }
}

/// A streamed body hashed as it passes, and compared at its end.
struct CheckedBody {
    body: ByteStream,
    /// `None` once the comparison has been made.
    hasher: Option<Hasher>,
    expected: String,
}

impl Source for CheckedBody {
    fn next_piece(&mut self) -> BoxFuture<'_, Option<io::Result<Vec<u8>>>> {
        Box::pin(async move {
            match self.body.next().await {
                Some(Ok(piece)) => {
                    if let Some(hasher) = &mut self.hasher {
                        hasher.update(&piece);
                    }
                    Some(Ok(piece))
                }
                Some(Err(error)) => Some(Err(error)),
                None => {
                    let calculated = self.hasher.take()?.finish();
                    (calculated != self.expected).then(|| {
                        let mismatch = Mismatch {
                            expected: self.expected.clone(),
                            calculated,
                        };
                        Err(io::Error::new(io::ErrorKind::InvalidData, mismatch))
                    })
                }
            }
        })
    }

    fn remaining(&self) -> Option<u64> {
        self.body.remaining()
    }
}

/// A response body that does not match its checksum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub expected: String,
    pub calculated: String,
}

impl std::error::Error for Mismatch {}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Expected checksum {} did not match calculated checksum: {}",
            self.expected, self.calculated
        )
    }
}

#[cfg(test)]
mod tests;

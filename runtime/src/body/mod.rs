//! [`ByteStream`]: a body read a piece at a time, such as S3's `GetObject` payload, so that
//! an object of any size passes through the client without being held in memory whole.
//!
//! The pieces come from a [`Source`]: the HTTP connection the response arrives on, an
//! [`AsyncRead`], or bytes already in memory. Back-pressure is the caller's pace: nothing is
//! read from the connection until the caller asks for the next piece.

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};

mod request;

pub use request::RequestBody;

/// The future a [`Source`] returns: boxed, so that sources can be stored as trait objects.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A piece of a body, `None` at its end.
type Piece = Option<io::Result<Vec<u8>>>;

/// How much a reader-backed stream asks its reader for at a time.
const READ_PIECE: usize = 64 * 1024;

/// Where the pieces of a [`ByteStream`] come from.
pub(crate) trait Source: Send + 'static {
    /// The next piece, `None` at the end. An empty piece is not the end.
    fn next_piece(&mut self) -> BoxFuture<'_, Option<io::Result<Vec<u8>>>>;

    /// How many bytes are left to come, when the source knows.
    fn remaining(&self) -> Option<u64>;

    /// All of the bytes, when they are in memory and none has been read.
    fn in_memory(&self) -> Option<&[u8]> {
        None
    }
}

/// A body that arrives, or is sent, a piece at a time.
///
/// Read it with [`next`](Self::next), as an [`AsyncRead`], or all at once with
/// [`collect`](Self::collect) (for a body known to be small) or [`write_to`](Self::write_to)
/// (into a file, say). A body dropped before its end closes the connection it came on,
/// rather than reading the rest to reuse it.
///
/// An error while reading is an [`io::Error`]: [`TimedOut`](io::ErrorKind::TimedOut) when
/// the server stops sending, [`UnexpectedEof`](io::ErrorKind::UnexpectedEof) when the
/// connection closes early, [`InvalidData`](io::ErrorKind::InvalidData) when the bytes are
/// not valid HTTP or fail the response's checksum, which is checked at the end of the body.
pub struct ByteStream {
    state: State,
    /// The part of the current piece that an [`AsyncRead`] caller has not taken yet.
    pending: Vec<u8>,
    taken: usize,
}

enum State {
    Idle(Box<dyn Source>),
    /// An `AsyncRead` poll is waiting for the next piece; the future owns the source and
    /// hands it back with the piece.
    Reading(BoxFuture<'static, (Box<dyn Source>, Piece)>),
    Done,
}

impl ByteStream {
    pub(crate) fn from_source(source: impl Source) -> Self {
        Self {
            state: State::Idle(Box::new(source)),
            pending: Vec::new(),
            taken: 0,
        }
    }

    /// A body read from `reader` until it ends; `length`, when known, is what
    /// [`remaining`](Self::remaining) reports before the first read.
    pub fn from_reader(
        reader: impl AsyncRead + Send + Unpin + 'static,
        length: Option<u64>,
    ) -> Self {
        Self::from_reader_in_pieces(reader, length, READ_PIECE)
    }

    /// [`from_reader`](Self::from_reader), asking the reader for `piece` bytes at a time.
    pub(crate) fn from_reader_in_pieces(
        reader: impl AsyncRead + Send + Unpin + 'static,
        length: Option<u64>,
        piece: usize,
    ) -> Self {
        Self::from_source(ReaderSource {
            reader,
            remaining: length,
            piece,
        })
    }

    /// An empty body.
    pub fn empty() -> Self {
        Self::from(Vec::new())
    }

    /// The next piece of the body, `None` once it has all been read.
    pub async fn next(&mut self) -> Option<io::Result<Vec<u8>>> {
        if self.taken < self.pending.len() {
            let rest = self.pending.split_off(self.taken);
            self.pending.clear();
            self.taken = 0;
            return Some(Ok(rest));
        }
        let piece = match &mut self.state {
            State::Idle(source) => source.next_piece().await,
            State::Reading(future) => {
                let (source, piece) = future.await;
                self.state = State::Idle(source);
                piece
            }
            State::Done => return None,
        };
        if !matches!(piece, Some(Ok(_))) {
            self.state = State::Done;
        }
        piece
    }

    /// How many bytes are left to read, when that is known (from the response's
    /// `Content-Length`, say).
    pub fn remaining(&self) -> Option<u64> {
        let pending = (self.pending.len() - self.taken) as u64;
        match &self.state {
            State::Idle(source) => source.remaining().map(|left| left + pending),
            State::Reading(_) => None,
            State::Done => Some(pending),
        }
    }

    /// The whole body, when it is in memory and none of it has been read: a body made from
    /// bytes, or one a test transport gave.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.state {
            State::Idle(source) if self.taken == self.pending.len() => source.in_memory(),
            _ => None,
        }
    }

    /// Reads the whole body into memory. For a body that may be large, prefer
    /// [`collect_limited`](Self::collect_limited) or [`write_to`](Self::write_to).
    pub async fn collect(self) -> io::Result<Vec<u8>> {
        self.collect_limited(u64::MAX).await
    }

    /// Reads the whole body into memory, failing with
    /// [`InvalidData`](io::ErrorKind::InvalidData) as soon as it is longer than `max` bytes,
    /// without reading the rest.
    pub async fn collect_limited(mut self, max: u64) -> io::Result<Vec<u8>> {
        let remaining = self.remaining();
        if remaining.is_some_and(|remaining| remaining > max) {
            return Err(too_large(max));
        }
        // A length is only the server's word: reserve no more than 8 MiB of it up front.
        let mut out = Vec::with_capacity(remaining.map_or(0, |left| left.min(8 << 20) as usize));
        while let Some(piece) = self.next().await {
            let piece = piece?;
            if (out.len() + piece.len()) as u64 > max {
                return Err(too_large(max));
            }
            if out.is_empty() {
                out = piece;
            } else {
                out.extend_from_slice(&piece);
            }
        }
        Ok(out)
    }

    /// Writes the rest of the body to `writer` (a `tokio::fs::File`, say), then flushes it;
    /// answers how many bytes were written.
    pub async fn write_to(
        mut self,
        writer: &mut (impl AsyncWrite + Unpin + ?Sized),
    ) -> io::Result<u64> {
        let mut written = 0;
        while let Some(piece) = self.next().await {
            let piece = piece?;
            writer.write_all(&piece).await?;
            written += piece.len() as u64;
        }
        writer.flush().await?;
        Ok(written)
    }
}

fn too_large(max: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the body is longer than the {max} bytes allowed"),
    )
}

impl Default for ByteStream {
    fn default() -> Self {
        Self::empty()
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from_source(InMemory(Some(bytes)))
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from(bytes.to_vec())
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::from(text.into_bytes())
    }
}

/// A body's bytes are the caller's data, possibly secret, and possibly not yet read: `Debug`
/// shows only what is known of its length.
impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("remaining", &self.remaining())
            .finish_non_exhaustive()
    }
}

impl AsyncRead for ByteStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.taken < this.pending.len() {
                let available = &this.pending[this.taken..];
                let len = available.len().min(buf.remaining());
                buf.put_slice(&available[..len]);
                this.taken += len;
                return Poll::Ready(Ok(()));
            }
            match std::mem::replace(&mut this.state, State::Done) {
                State::Idle(mut source) => {
                    this.state = State::Reading(Box::pin(async move {
                        let piece = source.next_piece().await;
                        (source, piece)
                    }));
                }
                State::Reading(mut future) => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.state = State::Reading(future);
                        return Poll::Pending;
                    }
                    Poll::Ready((source, piece)) => match piece {
                        Some(Ok(piece)) => {
                            this.state = State::Idle(source);
                            this.pending = piece;
                            this.taken = 0;
                        }
                        Some(Err(error)) => return Poll::Ready(Err(error)),
                        // The end: a read that fills nothing.
                        None => return Poll::Ready(Ok(())),
                    },
                },
                State::Done => return Poll::Ready(Ok(())),
            }
            // A piece may be empty: go round until there is a byte to give or the end.
        }
    }
}

struct InMemory(Option<Vec<u8>>);

impl Source for InMemory {
    fn next_piece(&mut self) -> BoxFuture<'_, Option<io::Result<Vec<u8>>>> {
        let piece = self.0.take().filter(|bytes| !bytes.is_empty()).map(Ok);
        Box::pin(std::future::ready(piece))
    }

    fn remaining(&self) -> Option<u64> {
        Some(self.0.as_ref().map_or(0, |bytes| bytes.len() as u64))
    }

    fn in_memory(&self) -> Option<&[u8]> {
        self.0.as_deref()
    }
}

struct ReaderSource<R> {
    reader: R,
    remaining: Option<u64>,
    piece: usize,
}

impl<R: AsyncRead + Send + Unpin + 'static> Source for ReaderSource<R> {
    fn next_piece(&mut self) -> BoxFuture<'_, Option<io::Result<Vec<u8>>>> {
        Box::pin(async move {
            let mut piece = Vec::with_capacity(self.piece);
            match (&mut self.reader)
                .take(self.piece as u64)
                .read_to_end(&mut piece)
                .await
            {
                Ok(0) => None,
                Ok(read) => {
                    self.remaining = self.remaining.map(|left| left.saturating_sub(read as u64));
                    Some(Ok(piece))
                }
                Err(error) => Some(Err(error)),
            }
        })
    }

    fn remaining(&self) -> Option<u64> {
        self.remaining
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<T>(future: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn collects_what_a_reader_gives() {
        let data: Vec<u8> = (0..200_000u32).map(|n| n as u8).collect();
        let stream = ByteStream::from_reader(io::Cursor::new(data.clone()), Some(200_000));
        assert_eq!(stream.remaining(), Some(200_000));
        assert_eq!(block_on(stream.collect()).unwrap(), data);
    }

    #[test]
    fn collect_limited_refuses_a_longer_body() {
        let known = ByteStream::from(vec![0; 11]);
        let error = block_on(known.collect_limited(10)).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(error.to_string().contains("10 bytes"), "{error}");
        let unknown = ByteStream::from_reader(io::Cursor::new(vec![0; 11]), None);
        assert!(block_on(unknown.collect_limited(10)).is_err());
        let exact = ByteStream::from_reader(io::Cursor::new(vec![0; 10]), None);
        assert_eq!(block_on(exact.collect_limited(10)).unwrap().len(), 10);
    }

    #[test]
    fn reads_as_async_read_in_small_steps() {
        let data: Vec<u8> = (0..150_000u32).map(|n| (n % 251) as u8).collect();
        let mut stream = ByteStream::from_reader(io::Cursor::new(data.clone()), None);
        let read = block_on(async {
            let mut out = Vec::new();
            let mut small = [0; 1000];
            loop {
                let n = stream.read(&mut small).await.unwrap();
                if n == 0 {
                    break out;
                }
                out.extend_from_slice(&small[..n]);
            }
        });
        assert_eq!(read, data);
    }

    #[test]
    fn next_gives_what_an_async_read_left() {
        let mut stream = ByteStream::from(b"hello world".to_vec());
        let (first, rest) = block_on(async {
            let mut five = [0; 5];
            stream.read_exact(&mut five).await.unwrap();
            (five, stream.next().await.unwrap().unwrap())
        });
        assert_eq!(&first, b"hello");
        assert_eq!(rest, b" world");
        assert!(block_on(stream.next()).is_none());
    }

    #[test]
    fn write_to_counts_the_bytes() {
        let mut out = Vec::new();
        let written = block_on(ByteStream::from(vec![7; 300]).write_to(&mut out)).unwrap();
        assert_eq!((written, out.len()), (300, 300));
    }

    #[test]
    fn bytes_in_memory_are_there_until_read() {
        let mut stream = ByteStream::from(b"abc".to_vec());
        assert_eq!(stream.as_bytes(), Some(&b"abc"[..]));
        block_on(stream.next());
        assert_eq!(stream.as_bytes(), None);
        let reader = ByteStream::from_reader(io::Cursor::new(vec![1]), None);
        assert_eq!(reader.as_bytes(), None);
    }

    #[test]
    fn debug_shows_no_bytes() {
        let stream = ByteStream::from(b"secret".to_vec());
        assert_eq!(
            format!("{stream:?}"),
            "ByteStream { remaining: Some(6), .. }"
        );
    }
}

//! HTTP/1.1 message syntax: checking and encoding a request, and reading its response off a
//! [`Connection`].

use std::io;
use std::time::Duration;

use httparse::Status;

use super::connection::Connection;
use super::{TransportError, TransportErrorKind};
use crate::body::ByteStream;
use crate::http::{Headers, HttpRequest, HttpResponse};

/// The most a response head, chunk-size line or trailer section may take. Servers keep
/// these small; the cap stops a broken or hostile one from growing the buffer forever.
const MAX_HEAD_LEN: usize = 64 * 1024;

/// The most header fields a response head or trailer section may hold.
const MAX_FIELDS: usize = 128;

/// A response read to its end, and whether its connection can carry another request.
pub(super) struct Exchanged {
    pub(super) response: HttpResponse,
    pub(super) reusable: bool,
}

/// Rejects a request whose text would change meaning on the wire, such as a header value
/// with a line break that would smuggle in a header of its own.
pub(super) fn check_request(request: &HttpRequest) -> Result<(), TransportError> {
    let invalid = |why: String| Err(TransportError::new(TransportErrorKind::InvalidRequest, why));
    if !is_token(&request.method) {
        return invalid(format!(
            "the method `{}` is not an HTTP token",
            request.method.escape_debug()
        ));
    }
    let url = &request.url;
    for (part, text) in [
        ("host", &url.host),
        ("path", &url.path),
        ("query", &url.query),
    ] {
        if !text.bytes().all(|b| b.is_ascii_graphic() || !b.is_ascii()) {
            return invalid(format!(
                "the URL {part} `{}` holds a space or control character",
                text.escape_debug()
            ));
        }
    }
    for (name, value) in request.headers.iter() {
        if !is_token(name) {
            return invalid(format!(
                "the header name `{}` is not an HTTP token",
                name.escape_debug()
            ));
        }
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | b'\0')) {
            return invalid(format!(
                "the value of header `{name}` holds a line break or NUL"
            ));
        }
    }
    Ok(())
}

fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// What a plain-HTTP request sent to a proxy carries besides its own head: the target's
/// origin before the path (the absolute form proxies take) and the proxy's credentials.
pub(super) struct Forward {
    origin: String,
    authorization: Option<String>,
}

impl Forward {
    pub(super) fn to(host: &str, port: u16, authorization: Option<String>) -> Self {
        Self {
            origin: format!("http://{host}:{port}"),
            authorization,
        }
    }
}

/// Writes the request line and header fields of an already checked request; `forward`,
/// for one sent through a proxy.
pub(super) fn encode_head(request: &HttpRequest, forward: Option<&Forward>, out: &mut Vec<u8>) {
    let url = &request.url;
    out.extend_from_slice(request.method.as_bytes());
    out.push(b' ');
    if let Some(forward) = forward {
        out.extend_from_slice(forward.origin.as_bytes());
    }
    out.extend_from_slice(url.path.as_bytes());
    if !url.query.is_empty() {
        out.push(b'?');
        out.extend_from_slice(url.query.as_bytes());
    }
    out.extend_from_slice(b" HTTP/1.1\r\n");
    if !request.headers.contains("host") {
        out.extend_from_slice(b"Host: ");
        out.extend_from_slice(url.host.as_bytes());
        if let Some(port) = url.port.filter(|&port| port != url.scheme.default_port()) {
            out.push(b':');
            push_decimal(out, port.into());
        }
        out.extend_from_slice(b"\r\n");
    }
    match outgoing_framing(request) {
        Outgoing::Length(length) => {
            out.extend_from_slice(b"Content-Length: ");
            push_decimal(out, length);
            out.extend_from_slice(b"\r\n");
        }
        Outgoing::Chunked => out.extend_from_slice(b"Transfer-Encoding: chunked\r\n"),
        Outgoing::AsItIs => {}
    }
    if let Some(authorization) = forward.and_then(|forward| forward.authorization.as_deref()) {
        out.extend_from_slice(b"Proxy-Authorization: ");
        out.extend_from_slice(authorization.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    for (name, value) in request.headers.iter() {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
}

/// How a request's body is delimited on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outgoing {
    /// By a `Content-Length` of this many bytes.
    Length(u64),
    /// In `Transfer-Encoding: chunked` chunks: a stream of unknown length.
    Chunked,
    /// As the caller framed it (their own `Content-Length` or `Transfer-Encoding`), or not
    /// at all, for a request with no body.
    AsItIs,
}

/// Some servers and proxies refuse a POST, PUT or PATCH without a length (411) even when it
/// has no body, so those always get one, unless the caller framed the body itself.
fn outgoing_framing(request: &HttpRequest) -> Outgoing {
    let framed =
        request.headers.contains("content-length") || request.headers.contains("transfer-encoding");
    if framed {
        return Outgoing::AsItIs;
    }
    match request.body.content_length() {
        None => Outgoing::Chunked,
        Some(0) if !matches!(request.method.as_str(), "POST" | "PUT" | "PATCH") => Outgoing::AsItIs,
        Some(length) => Outgoing::Length(length),
    }
}

fn push_decimal(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

/// Reads the rest of a response whose head [`exchange_head`] read, refusing a body longer
/// than `max_body` bytes.
pub(super) async fn read_response(
    connection: &mut Connection,
    head: Head,
    mut body: Body,
    max_body: u64,
) -> Result<Exchanged, TransportError> {
    if let Some(length) = body.remaining().filter(|&length| length > max_body) {
        return Err(too_large(
            max_body,
            &format!("its Content-Length is {length}"),
        ));
    }
    let mut response = HttpResponse {
        status: head.status,
        headers: head.headers,
        body: Vec::new(),
    };
    loop {
        let allowed = max_body - response.body.len() as u64;
        // One byte more than allowed, to tell a body of exactly `max_body` from a longer one.
        let read = body
            .read_into(connection, &mut response.body, allowed.saturating_add(1))
            .await?;
        if read == 0 {
            break;
        }
        if response.body.len() as u64 > max_body {
            return Err(too_large(max_body, "the body goes on past that"));
        }
    }
    for (name, value) in body.trailers.iter() {
        response.headers.append(name.to_owned(), value);
    }
    let reusable = body.reusable && connection.buffered().is_empty();
    Ok(Exchanged { response, reusable })
}

/// Sends `request` on `connection` and reads the response head; the body is left for the
/// caller to read through the [`Body`] returned.
pub(super) async fn exchange_head(
    connection: &mut Connection,
    request: &HttpRequest,
) -> Result<(Head, Body), TransportError> {
    // A streamed body is opened before anything is sent, so that a file that cannot be
    // read leaves the connection unused.
    let mut streamed = match request.body.as_bytes() {
        Some(_) => None,
        None => Some(
            request
                .body
                .open()
                .await
                .map_err(TransportError::unreadable_body)?,
        ),
    };
    connection
        .write_request(request)
        .await
        .map_err(|error| io_failure("sending the request", error))?;
    let mut answered_early = None;
    if let Some(body) = &mut streamed {
        if has_token(&request.headers, "expect", "100-continue") {
            answered_early = wait_for_continue(connection).await?;
        }
        if answered_early.is_none() {
            let chunked = outgoing_framing(request) == Outgoing::Chunked;
            send_streamed_body(connection, body, chunked).await?;
        }
    }
    // A server that answered before the body was sent may still be waiting for it.
    let body_unsent = answered_early.is_some();
    let head = match answered_early {
        Some(head) => head,
        None => read_final_head(connection).await?,
    };
    let framing = framing(&request.method, head.status, &head.headers)?;
    let body = Body {
        state: match framing {
            Framing::Empty | Framing::Length(0) => BodyState::Done,
            Framing::Length(len) => BodyState::Length(len),
            Framing::Chunked => BodyState::ChunkStart,
            Framing::UntilClose => BodyState::UntilClose,
        },
        reusable: head.persistent
            && !body_unsent
            && framing != Framing::UntilClose
            && !has_token(&request.headers, "connection", "close"),
        trailers: Headers::new(),
        read: 0,
    };
    Ok((head, body))
}

/// How long a request sent with `Expect: 100-continue` waits for the server's go-ahead
/// before it sends its body anyway, as botocore's `AWSConnection` waits.
const CONTINUE_WAIT: Duration = Duration::from_secs(1);

/// Waits for `100 Continue`. Answers the server's final response when it sent one instead
/// (a redirect, a refusal), so that the body is not sent at all; `None` when the body
/// should go: the server said to continue, or did not answer in time.
async fn wait_for_continue(connection: &mut Connection) -> Result<Option<Head>, TransportError> {
    loop {
        let answer = tokio::time::timeout(
            CONTINUE_WAIT,
            read_piece(connection, "response head", parse_head),
        );
        match answer.await {
            Err(_elapsed) => return Ok(None),
            Ok(Err(error)) => return Err(error),
            Ok(Ok(head)) if head.status == 100 => return Ok(None),
            // Another interim response (103 Early Hints): the go-ahead may follow.
            Ok(Ok(head)) if (100..200).contains(&head.status) && head.status != 101 => {}
            Ok(Ok(head)) => return Ok(Some(head)),
        }
    }
}

/// Writes a streamed body a piece at a time, in HTTP chunks when its length is unknown.
async fn send_streamed_body(
    connection: &mut Connection,
    body: &mut ByteStream,
    chunked: bool,
) -> Result<(), TransportError> {
    let sending = |error| io_failure("sending the request body", error);
    let mut framed = Vec::new();
    while let Some(piece) = body.next().await {
        let piece = piece.map_err(TransportError::unreadable_body)?;
        if piece.is_empty() {
            continue;
        }
        if chunked {
            framed.clear();
            framed.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
            framed.extend_from_slice(&piece);
            framed.extend_from_slice(b"\r\n");
            connection.write_all(&framed).await.map_err(sending)?;
        } else {
            connection.write_all(&piece).await.map_err(sending)?;
        }
    }
    if chunked {
        connection.write_all(b"0\r\n\r\n").await.map_err(sending)?;
    }
    Ok(())
}

fn too_large(max_body: u64, why: &str) -> TransportError {
    TransportError::new(
        TransportErrorKind::ResponseTooLarge,
        format!(
            "the response body is longer than the {max_body} bytes allowed \
             (max_response_size): {why}"
        ),
    )
}

/// Where reading a response body has got to.
pub(super) struct Body {
    state: BodyState,
    /// Whether, once the body has been read to its end, the connection can carry another
    /// request (as long as no bytes beyond the response arrived).
    pub(super) reusable: bool,
    /// A chunked body's trailer fields, once the body has been read to its end.
    pub(super) trailers: Headers,
    /// How many bytes of the body have been read.
    read: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BodyState {
    /// This many bytes are left.
    Length(u64),
    /// A chunk size line comes next.
    ChunkStart,
    /// This many bytes are left of the current chunk, then its line end.
    InChunk(u64),
    UntilClose,
    Done,
}

impl Body {
    /// How many bytes are left to read, when the framing says.
    pub(super) fn remaining(&self) -> Option<u64> {
        match self.state {
            BodyState::Length(len) => Some(len),
            BodyState::Done => Some(0),
            BodyState::ChunkStart | BodyState::InChunk(_) | BodyState::UntilClose => None,
        }
    }

    /// Appends the next at most `max` bytes of the body to `out`; `Ok(0)` at its end. A
    /// chunked body's trailer section is read with its last chunk and kept in `trailers`.
    pub(super) async fn read_into(
        &mut self,
        connection: &mut Connection,
        out: &mut Vec<u8>,
        max: u64,
    ) -> Result<usize, TransportError> {
        loop {
            match self.state {
                BodyState::Done => return Ok(0),
                BodyState::ChunkStart => {
                    let size = read_piece(connection, "chunk size line", parse_chunk_size).await?;
                    if size == 0 {
                        self.trailers =
                            read_piece(connection, "trailer section", parse_trailers).await?;
                        self.state = BodyState::Done;
                    } else {
                        self.state = BodyState::InChunk(size);
                    }
                }
                BodyState::Length(left) | BodyState::InChunk(left) => {
                    let read = connection
                        .read_some_into(out, left.min(max))
                        .await
                        .map_err(|error| io_failure("reading the response body", error))?;
                    if read == 0 {
                        let cut_short = match self.state {
                            BodyState::Length(_) => format!(
                                "the connection closed with {} of {} bytes received",
                                self.read,
                                self.read + left
                            ),
                            _ => format!(
                                "the connection closed with {left} bytes of a chunk still to come"
                            ),
                        };
                        let cause = io::Error::new(io::ErrorKind::UnexpectedEof, cut_short);
                        return Err(io_failure("reading the response body", cause));
                    }
                    self.read += read as u64;
                    let left = left - read as u64;
                    self.state = match self.state {
                        BodyState::Length(_) if left == 0 => BodyState::Done,
                        BodyState::Length(_) => BodyState::Length(left),
                        _ if left == 0 => {
                            read_piece(connection, "chunk end", parse_line_end).await?;
                            BodyState::ChunkStart
                        }
                        _ => BodyState::InChunk(left),
                    };
                    return Ok(read);
                }
                BodyState::UntilClose => {
                    let read = connection
                        .read_some_into(out, max)
                        .await
                        .map_err(|error| io_failure("reading the response body", error))?;
                    if read == 0 {
                        self.state = BodyState::Done;
                    }
                    self.read += read as u64;
                    return Ok(read);
                }
            }
        }
    }
}

pub(super) struct Head {
    pub(super) status: u16,
    pub(super) headers: Headers,
    /// Whether the server lets the connection carry another request after this response.
    persistent: bool,
}

async fn read_final_head(connection: &mut Connection) -> Result<Head, TransportError> {
    loop {
        let head = read_piece(connection, "response head", parse_head).await?;
        // Interim responses (100 Continue, 103 Early Hints) come before the real one; 101
        // is final because the connection stops speaking HTTP/1.1 after it.
        if !(100..200).contains(&head.status) || head.status == 101 {
            return Ok(head);
        }
    }
}

fn parse_head(bytes: &[u8]) -> Result<Option<(Head, usize)>, TransportError> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_FIELDS];
    let mut parsed = httparse::Response::new(&mut slots);
    let len = match parsed.parse(bytes) {
        Ok(Status::Complete(len)) => len,
        Ok(Status::Partial) => return Ok(None),
        Err(error) => {
            return Err(invalid_response("the response head is malformed").with_source(error));
        }
    };
    let (Some(version), Some(status)) = (parsed.version, parsed.code) else {
        return Err(invalid_response("the response head has no status line"));
    };
    let headers = owned_fields(parsed.headers);
    // HTTP/1.1 keeps a connection open unless told to close it; HTTP/1.0 only when told to
    // keep it.
    let persistent = status != 101
        && if version == 1 {
            !has_token(&headers, "connection", "close")
        } else {
            has_token(&headers, "connection", "keep-alive")
        };
    let head = Head {
        status,
        headers,
        persistent,
    };
    Ok(Some((head, len)))
}

/// Header values are bytes on the wire; the rare non-UTF-8 one is kept readable rather than
/// failing the whole response.
fn owned_fields(fields: &[httparse::Header<'_>]) -> Headers {
    fields
        .iter()
        .map(|field| {
            (
                field.name.to_owned(),
                String::from_utf8_lossy(field.value).into_owned(),
            )
        })
        .collect()
}

/// Whether any `name` field lists `token` among its comma-separated values.
fn has_token(headers: &Headers, name: &str, token: &str) -> bool {
    headers
        .iter()
        .filter(|(field, _)| field.eq_ignore_ascii_case(name))
        .flat_map(|(_, value)| value.split(','))
        .any(|item| item.trim().eq_ignore_ascii_case(token))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    Empty,
    Length(u64),
    Chunked,
    UntilClose,
}

/// How the response body is delimited (RFC 9112, section 6.3).
fn framing(method: &str, status: u16, headers: &Headers) -> Result<Framing, TransportError> {
    if method == "HEAD" || (100..200).contains(&status) || status == 204 || status == 304 {
        return Ok(Framing::Empty);
    }
    let length = content_length(headers)?;
    if !headers.contains("transfer-encoding") {
        return Ok(length.map_or(Framing::UntilClose, Framing::Length));
    }
    // Two framings at once is how request smuggling and response splitting start.
    if length.is_some() {
        return Err(invalid_response(
            "the response has both Transfer-Encoding and Content-Length",
        ));
    }
    let last_coding = headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("transfer-encoding"))
        .flat_map(|(_, value)| value.split(','))
        .last()
        .map(str::trim);
    Ok(match last_coding {
        Some(coding) if coding.eq_ignore_ascii_case("chunked") => Framing::Chunked,
        _ => Framing::UntilClose,
    })
}

/// The Content-Length, when there is one; repeated values must agree.
fn content_length(headers: &Headers) -> Result<Option<u64>, TransportError> {
    let mut length = None;
    let values = headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .flat_map(|(_, value)| value.split(','));
    for value in values {
        let digits = value.trim();
        let parsed = Some(digits)
            .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|digits| digits.parse::<u64>().ok())
            .ok_or_else(|| {
                invalid_response(format!("the Content-Length `{digits}` is not a length"))
            })?;
        if length.is_some_and(|length| length != parsed) {
            return Err(invalid_response(
                "the response has conflicting Content-Length values",
            ));
        }
        length = Some(parsed);
    }
    Ok(length)
}

fn parse_chunk_size(bytes: &[u8]) -> Result<Option<(u64, usize)>, TransportError> {
    match httparse::parse_chunk_size(bytes) {
        Ok(Status::Complete((len, size))) => Ok(Some((size, len))),
        Ok(Status::Partial) => Ok(None),
        Err(httparse::InvalidChunkSize) => Err(invalid_response("a chunk size line is malformed")),
    }
}

fn parse_line_end(bytes: &[u8]) -> Result<Option<((), usize)>, TransportError> {
    match bytes {
        [b'\r', b'\n', ..] => Ok(Some(((), 2))),
        [] | [b'\r'] => Ok(None),
        _ => Err(invalid_response(
            "a chunk is longer than its size line says",
        )),
    }
}

fn parse_trailers(bytes: &[u8]) -> Result<Option<(Headers, usize)>, TransportError> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_FIELDS];
    match httparse::parse_headers(bytes, &mut slots) {
        Ok(Status::Complete((len, fields))) => Ok(Some((owned_fields(fields), len))),
        Ok(Status::Partial) => Ok(None),
        Err(error) => Err(invalid_response("the trailer section is malformed").with_source(error)),
    }
}

/// Parses one piece of the response (`what` names it in errors) from the buffered bytes,
/// reading more until `parse` finds it complete. `parse` answers `None` for "not yet".
async fn read_piece<T>(
    connection: &mut Connection,
    what: &str,
    parse: impl Fn(&[u8]) -> Result<Option<(T, usize)>, TransportError>,
) -> Result<T, TransportError> {
    loop {
        let buffered = connection.buffered();
        let window = &buffered[..buffered.len().min(MAX_HEAD_LEN)];
        if let Some((piece, len)) = parse(window)? {
            connection.consume(len);
            return Ok(piece);
        }
        if window.len() == MAX_HEAD_LEN {
            return Err(invalid_response(format!(
                "the {what} is longer than {} KiB",
                MAX_HEAD_LEN / 1024
            )));
        }
        let read = connection
            .fill()
            .await
            .map_err(|error| io_failure(&format!("reading the {what}"), error))?;
        if read == 0 {
            return Err(TransportError::new(
                TransportErrorKind::Io,
                format!("the connection closed before the end of the {what}"),
            ));
        }
    }
}

fn io_failure(doing: &str, error: io::Error) -> TransportError {
    let (kind, outcome) = if error.kind() == io::ErrorKind::TimedOut {
        (TransportErrorKind::Timeout, "timed out")
    } else {
        (TransportErrorKind::Io, "failed")
    };
    TransportError::new(kind, format!("{doing} {outcome}")).with_source(error)
}

fn invalid_response(message: impl Into<String>) -> TransportError {
    TransportError::new(TransportErrorKind::InvalidResponse, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(fields: &[(&str, &str)]) -> Headers {
        fields.iter().map(|(n, v)| ((*n).to_owned(), *v)).collect()
    }

    #[test]
    fn framing_follows_rfc_9112() {
        let length = headers(&[("Content-Length", "5")]);
        assert_eq!(framing("GET", 200, &length).unwrap(), Framing::Length(5));
        assert_eq!(framing("HEAD", 200, &length).unwrap(), Framing::Empty);
        assert_eq!(framing("GET", 204, &length).unwrap(), Framing::Empty);
        assert_eq!(framing("GET", 304, &length).unwrap(), Framing::Empty);
        assert_eq!(
            framing("GET", 200, &Headers::new()).unwrap(),
            Framing::UntilClose
        );
        let chunked = headers(&[("Transfer-Encoding", "gzip, chunked")]);
        assert_eq!(framing("GET", 200, &chunked).unwrap(), Framing::Chunked);
        let gzip = headers(&[("Transfer-Encoding", "gzip")]);
        assert_eq!(framing("GET", 200, &gzip).unwrap(), Framing::UntilClose);
    }

    #[test]
    fn framing_rejects_ambiguous_lengths() {
        for fields in [
            &[("Content-Length", "5"), ("Transfer-Encoding", "chunked")][..],
            &[("Content-Length", "5"), ("Content-Length", "6")],
            &[("Content-Length", "+5")],
            &[("Content-Length", "")],
            &[("Content-Length", "99999999999999999999999")],
        ] {
            let error = framing("GET", 200, &headers(fields)).unwrap_err();
            assert_eq!(
                error.kind(),
                TransportErrorKind::InvalidResponse,
                "{fields:?}"
            );
        }
        let repeated = headers(&[("Content-Length", "5, 5")]);
        assert_eq!(framing("GET", 200, &repeated).unwrap(), Framing::Length(5));
    }

    #[test]
    fn push_decimal_writes_every_digit() {
        for value in [0, 7, 10, 65535, u64::MAX] {
            let mut out = Vec::new();
            push_decimal(&mut out, value);
            assert_eq!(out, value.to_string().into_bytes());
        }
    }
}

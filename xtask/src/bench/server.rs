//! `cargo xtask bench-server`: a loopback HTTP/1.1 server that answers every request with
//! the canned CreateDeployment response — or, for the S3 transfers, serves and swallows one
//! large object — and keeps connections alive, for the throughput figures. It runs as its
//! own process so it can be pinned to its own core.
//!
//! Standard library only: one thread per connection is plenty for sequential clients, and
//! xtask stays free of an HTTP stack.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use crate::Failure;

/// However it was started, the server stops after this long: benchmark traffic is bounded.
const LIFETIME: Duration = Duration::from_secs(30 * 60);

/// Request heads larger than this are refused: no client of the benchmark sends one.
const MAX_HEAD: usize = 64 * 1024;

const HELP: &str = "\
usage: cargo xtask bench-server RESPONSE_FILE
       cargo xtask bench-server --object BYTES
       cargo xtask bench-server --raw-client PORT SECONDS

Listens on 127.0.0.1 (a free port, printed as `port=N` on the first line of stdout) and
answers every request with RESPONSE_FILE as a 200 application/json body, keeping
connections open. Stops when its standard input closes, or after 30 minutes.

With --object, is an S3 bucket of one object of BYTES bytes instead: a GET is answered
with the object, generated as it is written; a PUT is read to its end, answering
`Expect: 100-continue`, taking a Content-Length or chunked body, and kept nowhere.

With --raw-client, is instead the fastest possible client of such a server: it sends one
fixed CreateDeployment-sized request after another on one connection for SECONDS and
prints `calls=N seconds=S`, the round-trip floor that the clients' own costs add to.
";

pub fn run(args: &[String]) -> Result<(), Failure> {
    let response = match args {
        [flag] if flag == "--help" || flag == "-h" => {
            print!("{HELP}");
            return Ok(());
        }
        [flag, port, seconds] if flag == "--raw-client" => {
            let port = port
                .parse()
                .map_err(|_| Failure::Usage(format!("bad port `{port}`")))?;
            let seconds = seconds
                .parse()
                .map_err(|_| Failure::Usage(format!("bad duration `{seconds}`")))?;
            let (calls, elapsed) = raw_client(port, Duration::from_secs_f64(seconds))
                .map_err(|e| Failure::Failed(format!("raw client: {e}")))?;
            println!("calls={calls} seconds={}", elapsed.as_secs_f64());
            return Ok(());
        }
        [flag, bytes] if flag == "--object" => {
            let bytes = bytes
                .parse()
                .map_err(|_| Failure::Usage(format!("bad object size `{bytes}`")))?;
            let listener = listen()?;
            serve_object(listener, bytes);
            return Ok(());
        }
        [response] => response,
        _ => {
            return Err(Failure::Usage(format!(
                "bench-server: bad arguments\n\n{HELP}"
            )));
        }
    };
    let body =
        std::fs::read(response).map_err(|e| Failure::Failed(format!("reading {response}: {e}")))?;
    let listener = listen()?;
    serve(listener, canned_response(&body));
    Ok(())
}

/// Binds a free loopback port, says which on stdout, and arranges for the process to end
/// with its parent.
fn listen() -> Result<TcpListener, Failure> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Failure::Failed(format!("binding 127.0.0.1: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| Failure::Failed(e.to_string()))?
        .port();
    println!("port={port}");
    io::stdout()
        .flush()
        .map_err(|e| Failure::Failed(e.to_string()))?;
    // The parent holds our stdin; when it closes (the bench finished or died), so do we.
    thread::spawn(|| {
        let _ = io::copy(&mut io::stdin(), &mut io::sink());
        std::process::exit(0);
    });
    thread::spawn(|| {
        thread::sleep(LIFETIME);
        std::process::exit(0);
    });
    Ok(listener)
}

/// The whole response, written once per request.
pub fn canned_response(body: &[u8]) -> Vec<u8> {
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
         x-amzn-requestid: 0b4c7c4e-9f0e-4d1c-8a86-5ad1c1f1d001\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(body);
    response
}

/// Accepts connections until the process ends, one thread each.
pub fn serve(listener: TcpListener, response: Vec<u8>) {
    let response: &'static [u8] = Vec::leak(response);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        thread::spawn(move || {
            // A client that goes away mid-request is its own business.
            let _ = answer_connection(stream, response);
        });
    }
}

/// Answers requests on one connection until the client closes it.
fn answer_connection(stream: TcpStream, response: &[u8]) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        let Some(head) = read_head(&mut reader, &mut line)? else {
            return Ok(());
        };
        body.resize(head.length, 0);
        reader.read_exact(&mut body)?;
        writer.write_all(response)?;
    }
}

/// Serves one object of `size` bytes to GETs and swallows PUTs, until the process ends.
pub fn serve_object(listener: TcpListener, size: u64) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        thread::spawn(move || {
            let _ = answer_object_requests(stream, size);
        });
    }
}

/// What a buffer of object bytes holds: any pattern will do, as long as it is not all
/// zeros that a layer along the way might treat specially.
fn object_bytes(length: usize) -> Vec<u8> {
    (0..length).map(|i| (i % 251) as u8).collect()
}

fn answer_object_requests(stream: TcpStream, size: u64) -> io::Result<()> {
    const PIECE: usize = 1 << 20;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::with_capacity(PIECE, stream);
    let mut line = String::new();
    let piece = object_bytes(PIECE);
    loop {
        let Some(head) = read_head(&mut reader, &mut line)? else {
            return Ok(());
        };
        if head.method == "GET" {
            write!(
                writer,
                "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n\
                 etag: \"bench\"\r\nx-amz-request-id: BENCH\r\ncontent-length: {size}\r\n\r\n"
            )?;
            let mut left = size;
            while left > 0 {
                let n = left.min(PIECE as u64) as usize;
                writer.write_all(&piece[..n])?;
                left -= n as u64;
            }
            continue;
        }
        if head.expect_continue {
            writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        if head.chunked {
            skip_chunked(&mut reader, &mut line)?;
        } else {
            let copied = io::copy(&mut (&mut reader).take(head.length as u64), &mut io::sink())?;
            if copied < head.length as u64 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        writer.write_all(
            b"HTTP/1.1 200 OK\r\netag: \"bench\"\r\nx-amz-request-id: BENCH\r\ncontent-length: 0\r\n\r\n",
        )?;
    }
}

/// Reads a chunked body to its end, trailers included, keeping nothing.
fn skip_chunked(reader: &mut impl BufRead, line: &mut String) -> io::Result<()> {
    loop {
        line.clear();
        reader.read_line(line)?;
        let size = line.trim_end().split(';').next().unwrap_or_default();
        let size = u64::from_str_radix(size, 16)
            .map_err(|_| io::Error::other(format!("bad chunk size line {line:?}")))?;
        if size == 0 {
            // Trailers, then the empty line.
            loop {
                line.clear();
                if reader.read_line(line)? == 0 || line.trim_end().is_empty() {
                    return Ok(());
                }
            }
        }
        let copied = io::copy(&mut reader.take(size), &mut io::sink())?;
        if copied < size {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        line.clear();
        reader.read_line(line)?;
    }
}

/// What the servers need to know of a request head.
#[derive(Debug, Default, PartialEq, Eq)]
struct RequestHead {
    method: String,
    /// Content-Length, 0 without one.
    length: usize,
    chunked: bool,
    expect_continue: bool,
}

/// Reads one request (or, for the raw client, response) head; `None` at a clean end of
/// stream.
fn read_head(reader: &mut impl BufRead, line: &mut String) -> io::Result<Option<RequestHead>> {
    let mut head = RequestHead::default();
    let mut head_size = 0;
    let mut first = true;
    loop {
        line.clear();
        let read = reader.read_line(line)?;
        if read == 0 {
            return if first {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        head_size += read;
        if head_size > MAX_HEAD {
            return Err(io::Error::other("request head too large"));
        }
        let trimmed = line.trim_end();
        if first {
            first = false;
            head.method = trimmed.split(' ').next().unwrap_or_default().to_owned();
            continue;
        }
        if trimmed.is_empty() {
            return Ok(Some(head));
        }
        let Some((name, value)) = trimmed.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            head.length = value
                .parse()
                .map_err(|_| io::Error::other("bad content-length"))?;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            head.chunked = value.eq_ignore_ascii_case("chunked");
        } else if name.eq_ignore_ascii_case("expect") {
            head.expect_continue = value.eq_ignore_ascii_case("100-continue");
        }
    }
}

/// Sends requests as fast as one connection allows for `limit`; returns how many were
/// answered and the time taken.
pub fn raw_client(port: u16, limit: Duration) -> io::Result<(u64, Duration)> {
    let body = "{\"fileMap\":{\"index.html\":\"d41d8cd98f00b204e9800998ecf8427e\"}}";
    // About the size of a signed CreateDeployment request.
    let request = format!(
        "POST /apps/d2l8fg9example/branches/main/deployments HTTP/1.1\r\n\
         host: 127.0.0.1:{port}\r\ncontent-type: application/json\r\n\
         x-amz-date: 20261128T000000Z\r\n\
         authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-east-1/amplify/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date, \
         Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n\
         content-length: {}\r\n\r\n{body}",
        body.len()
    );
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut response_body = Vec::new();
    let start = Instant::now();
    let mut calls = 0;
    while start.elapsed() < limit {
        writer.write_all(request.as_bytes())?;
        // The status line is read like any header line; the empty line ends the head.
        let Some(head) = read_head(&mut reader, &mut line)? else {
            return Err(io::ErrorKind::UnexpectedEof.into());
        };
        response_body.resize(head.length, 0);
        reader.read_exact(&mut response_body)?;
        calls += 1;
    }
    Ok((calls, start.elapsed()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_response(reader: &mut BufReader<TcpStream>) -> (String, Vec<u8>) {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let status = line.trim_end().to_owned();
        let mut length = 0;
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line.trim_end().is_empty() {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        (status, body)
    }

    #[test]
    fn answers_several_requests_on_one_kept_alive_connection() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        thread::spawn(move || serve(listener, canned_response(b"{\"jobId\":\"42\"}")));
        let stream = TcpStream::connect(address).unwrap();
        let mut writer = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);
        for body in ["{}", "{\"fileMap\":{\"a\":\"b\"}}"] {
            write!(
                writer,
                "POST /apps/a/branches/main/deployments HTTP/1.1\r\nHost: x\r\n\
                 Content-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
            let (status, answer) = read_response(&mut reader);
            assert_eq!(status, "HTTP/1.1 200 OK");
            assert_eq!(answer, b"{\"jobId\":\"42\"}");
        }
    }

    #[test]
    fn the_raw_client_gets_answers_from_the_server() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        thread::spawn(move || serve(listener, canned_response(b"{}")));
        let (calls, elapsed) = raw_client(port, Duration::from_millis(50)).unwrap();
        assert!(calls > 0);
        assert!(elapsed >= Duration::from_millis(50));
    }

    #[test]
    fn a_head_ends_at_the_empty_line_and_names_the_body_length() {
        let mut input = &b"GET / HTTP/1.1\r\ncontent-LENGTH: 12\r\n\r\nrest"[..];
        let mut line = String::new();
        let head = read_head(&mut input, &mut line).unwrap().unwrap();
        assert_eq!((head.method.as_str(), head.length), ("GET", 12));
        assert!(!head.chunked && !head.expect_continue);
        let mut upload =
            &b"PUT /b/k HTTP/1.1\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"[..];
        let head = read_head(&mut upload, &mut line).unwrap().unwrap();
        assert!(head.chunked && head.expect_continue, "{head:?}");
        let mut empty = &b""[..];
        assert_eq!(read_head(&mut empty, &mut line).unwrap(), None);
        let mut cut = &b"GET / HTTP/1.1\r\n"[..];
        assert!(read_head(&mut cut, &mut line).is_err());
    }

    #[test]
    fn the_object_server_serves_gets_and_swallows_puts_of_either_framing() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        thread::spawn(move || serve_object(listener, 3_000_000));
        let stream = TcpStream::connect(address).unwrap();
        let mut writer = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);

        writer
            .write_all(b"GET /b/k HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let (status, body) = read_response(&mut reader);
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert_eq!(body.len(), 3_000_000);
        assert_eq!(&body[250..253], &[250, 0, 1]);

        // A length-framed upload that waits for 100 Continue before sending its body.
        writer
            .write_all(b"PUT /b/k HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            .unwrap();
        let (status, _) = read_response(&mut reader);
        assert_eq!(status, "HTTP/1.1 100 Continue");
        writer.write_all(b"hello").unwrap();
        let (status, body) = read_response(&mut reader);
        assert_eq!((status.as_str(), body.len()), ("HTTP/1.1 200 OK", 0));

        // A chunked one with a trailer, as aws-chunked uploads end.
        writer
            .write_all(
                b"PUT /b/k HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\
                  3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nx-amz-checksum-crc32: AAAAAA==\r\n\r\n",
            )
            .unwrap();
        let (status, _) = read_response(&mut reader);
        assert_eq!(status, "HTTP/1.1 200 OK");

        // Still in step: the connection serves the next request.
        writer.write_all(b"GET /b/k HTTP/1.1\r\n\r\n").unwrap();
        assert_eq!(read_response(&mut reader).1.len(), 3_000_000);
    }
}

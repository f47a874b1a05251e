//! A gigabyte streamed over loopback through [`HttpTransport::send_streaming`] keeps the
//! process's live heap within a few pieces: nothing buffers the body whole. A measuring
//! global allocator needs its own test binary, hence this file.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use awsgen_runtime::body::RequestBody;
use awsgen_runtime::http::{Headers, HttpRequest, Url};
use awsgen_runtime::transport::{HttpTransport, Transport};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

struct Measuring;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers every call to the system allocator; the counters are atomics, which
// allocate nothing themselves.
unsafe impl GlobalAlloc for Measuring {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Measuring = Measuring;

const GIB: u64 = 1 << 30;

#[tokio::test]
async fn a_gigabyte_streams_through_a_bounded_heap() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let mut stream = BufReader::new(stream);
        let mut line = String::new();
        while stream.read_line(&mut line).await.unwrap() > 2 {
            line.clear();
        }
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {GIB}\r\n\r\n");
        stream.get_mut().write_all(head.as_bytes()).await.unwrap();
        let block = vec![0x5a; 256 * 1024];
        for _ in 0..GIB / block.len() as u64 {
            stream.get_mut().write_all(&block).await.unwrap();
        }
    });
    let transport = HttpTransport::new();
    let request = HttpRequest {
        method: "GET".to_owned(),
        url: Url::parse(&format!("http://{addr}/object")).unwrap(),
        headers: Headers::new(),
        body: RequestBody::empty(),
    };
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let mut streamed = transport.send_streaming(&request).await.unwrap();
    let mut received = 0u64;
    while let Some(piece) = streamed.body.next().await {
        let piece = piece.unwrap();
        assert_eq!((piece.first(), piece.last()), (Some(&0x5a), Some(&0x5a)));
        received += piece.len() as u64;
    }
    assert_eq!(received, GIB);
    // The server's block and socket buffers count too; the body's pieces are 64 KiB.
    let growth = PEAK.load(Ordering::Relaxed) - before;
    assert!(
        growth < 4 << 20,
        "the heap grew by {growth} bytes while a GiB streamed"
    );
}

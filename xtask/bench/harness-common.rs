//! What both harnesses share: allocation counting, peak memory, arguments and the runtime.
//! Copied by `cargo xtask bench` from xtask/bench/harness-common.rs into each harness.

use std::alloc::{GlobalAlloc, Layout, System};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};

/// The canned CreateDeployment response: what the in-memory transports and the throughput
/// server answer Amplify calls with.
pub const RESPONSE: &str = include_str!("../response.json");

/// The canned GetItem response, an item of seven attributes of six types.
pub const GET_ITEM_RESPONSE: &str = include_str!("../response-get-item.json");

/// The canned GetObject body: a small object, as a configuration file would be.
pub const OBJECT: &str = "{\"feature\":\"on\",\"limit\":42}\n";

/// Where the S3 calls read and write.
pub const BUCKET: &str = "bench-bucket";
pub const KEY: &str = "objects/settings.json";

/// The request id every canned response carries.
pub const REQUEST_ID: &str = "0b4c7c4e-9f0e-4d1c-8a86-5ad1c1f1d001";

/// The call a harness binary measures, named on its command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    /// Amplify `CreateDeployment` (restJson1).
    CreateDeployment,
    /// DynamoDB `GetItem` (awsJson 1.0).
    GetItem,
    /// S3 `GetObject` of a small object (restXml, a streamed body).
    GetObject,
}

impl Call {
    /// `create-deployment`, `get-item` or `get-object`, as the binaries take it and
    /// criterion names it.
    pub fn name(self) -> &'static str {
        match self {
            Call::CreateDeployment => "create-deployment",
            Call::GetItem => "get-item",
            Call::GetObject => "get-object",
        }
    }

    pub fn response(self) -> &'static str {
        match self {
            Call::CreateDeployment => RESPONSE,
            Call::GetItem => GET_ITEM_RESPONSE,
            Call::GetObject => OBJECT,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Call::CreateDeployment => "application/json",
            Call::GetItem => "application/x-amz-json-1.0",
            Call::GetObject => "application/json",
        }
    }

    /// DynamoDB sends the CRC-32 of its body, which clients may check (botocore and awsgen
    /// do); this is zlib.crc32 of response-get-item.json. A wrong value fails awsgen's call.
    pub fn crc32(self) -> Option<&'static str> {
        match self {
            Call::CreateDeployment => None,
            Call::GetItem => Some("325146710"),
            Call::GetObject => None,
        }
    }
}

impl FromStr for Call {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        [Call::CreateDeployment, Call::GetItem, Call::GetObject]
            .into_iter()
            .find(|call| call.name() == name)
            .ok_or_else(|| format!("unknown call {name:?}"))
    }
}

/// The system allocator, counting calls that hand out memory (`alloc`, `alloc_zeroed`,
/// `realloc`) and the bytes they ask for. Installed only in the `allocs` binary so that the
/// instruction counts of `calls` carry no counting overhead.
pub struct CountingAllocator;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

fn count(size: usize) {
    ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    BYTES.fetch_add(size as u64, Ordering::Relaxed);
}

// SAFETY: every method forwards to `System` unchanged; counting touches only atomics.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// (allocations, bytes) counted so far.
pub fn allocations() -> (u64, u64) {
    (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    )
}

/// The process's peak resident set size in KiB (`VmHWM` in /proc/self/status).
pub fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The positional argument at `index` (1-based), parsed; exits with a usage line otherwise.
pub fn arg<T: FromStr>(index: usize, usage: &str) -> T {
    std::env::args()
        .nth(index)
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| {
            eprintln!("usage: {usage}");
            std::process::exit(2)
        })
}

/// The runtime every harness binary uses: one thread, as a sequential client needs.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
}

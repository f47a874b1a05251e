//! `allocs N CALL`: one warm-up call, then N calls of CALL through the in-memory client;
//! prints how many allocations (and bytes) the N calls made.

use harness_awsgen::Client;
use harness_awsgen::common::{self, CountingAllocator};

#[global_allocator]
static COUNTING: CountingAllocator = CountingAllocator;

const USAGE: &str = "allocs N create-deployment|get-item|get-object";

fn main() {
    let calls: u64 = common::arg(1, USAGE);
    let call: common::Call = common::arg(2, USAGE);
    let runtime = common::runtime();
    let (allocations, bytes) = runtime.block_on(async {
        let client = Client::in_memory(call);
        client.call().await;
        let (before, before_bytes) = common::allocations();
        for _ in 0..calls {
            client.call().await;
        }
        let (after, after_bytes) = common::allocations();
        (after - before, after_bytes - before_bytes)
    });
    println!("calls={calls} allocations={allocations} bytes={bytes}");
}

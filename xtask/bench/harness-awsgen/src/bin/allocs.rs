//! `allocs N`: one warm-up call, then N CreateDeployment calls through the in-memory client;
//! prints how many allocations (and bytes) the N calls made.

use harness_awsgen::common::{self, CountingAllocator};
use harness_awsgen::{create_deployment, memory_client};

#[global_allocator]
static COUNTING: CountingAllocator = CountingAllocator;

fn main() {
    let calls: u64 = common::arg(1, "allocs N");
    let runtime = common::runtime();
    let (allocations, bytes) = runtime.block_on(async {
        let client = memory_client();
        create_deployment(&client).await;
        let (before, before_bytes) = common::allocations();
        for _ in 0..calls {
            create_deployment(&client).await;
        }
        let (after, after_bytes) = common::allocations();
        (after - before, after_bytes - before_bytes)
    });
    println!("calls={calls} allocations={allocations} bytes={bytes}");
}

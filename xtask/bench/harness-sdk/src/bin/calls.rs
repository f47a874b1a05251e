//! `calls N`: one warm-up call, then N CreateDeployment calls through the in-memory client.
//! Run under callgrind with N and with 0; the difference over N is the cost of one call.

use harness_sdk::{common, create_deployment, memory_client};

fn main() {
    let calls: u64 = common::arg(1, "calls N");
    let runtime = common::runtime();
    runtime.block_on(async {
        let client = memory_client();
        create_deployment(&client).await;
        for _ in 0..calls {
            create_deployment(&client).await;
        }
    });
}

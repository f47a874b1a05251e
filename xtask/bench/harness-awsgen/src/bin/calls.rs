//! `calls N CALL`: one warm-up call, then N calls of CALL (`create-deployment`, `get-item` or
//! `get-object`) through the in-memory client. Run under callgrind with N and with 0; the
//! difference over N is the cost of one call.

use harness_awsgen::{Client, common};

const USAGE: &str = "calls N create-deployment|get-item|get-object";

fn main() {
    let calls: u64 = common::arg(1, USAGE);
    let call: common::Call = common::arg(2, USAGE);
    let runtime = common::runtime();
    runtime.block_on(async {
        let client = Client::in_memory(call);
        client.call().await;
        for _ in 0..calls {
            client.call().await;
        }
    });
}

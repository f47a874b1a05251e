//! Time per call through the in-memory client — build, serialize, sign, "send", parse —
//! for each call the benchmark knows, named as the binaries name them.

use criterion::{Criterion, criterion_group, criterion_main};
use harness_sdk::Client;
use harness_sdk::common::{self, Call};

fn per_call(c: &mut Criterion) {
    let runtime = common::runtime();
    for call in [Call::CreateDeployment, Call::GetItem, Call::GetObject] {
        let client = runtime.block_on(async { Client::in_memory(call) });
        c.bench_function(call.name(), |b| b.iter(|| runtime.block_on(client.call())));
    }
}

criterion_group!(benches, per_call);
criterion_main!(benches);

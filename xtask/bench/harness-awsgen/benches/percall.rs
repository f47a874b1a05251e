//! Time per CreateDeployment call through the in-memory client: build, serialize, sign,
//! "send", parse.

use criterion::{Criterion, criterion_group, criterion_main};
use harness_awsgen::{common, create_deployment, memory_client};

fn per_call(c: &mut Criterion) {
    let runtime = common::runtime();
    let client = runtime.block_on(async { memory_client() });
    c.bench_function("create_deployment", |b| {
        b.iter(|| runtime.block_on(create_deployment(&client)))
    });
}

criterion_group!(benches, per_call);
criterion_main!(benches);

//! `throughput URL SECONDS`: sequential CreateDeployment calls against a server at URL for
//! SECONDS (after 100 warm-up calls); prints the count, the time and the peak memory.

use std::time::{Duration, Instant};

use harness_awsgen::{Client, common};

fn main() {
    let url: String = common::arg(1, "throughput URL SECONDS");
    let seconds: f64 = common::arg(2, "throughput URL SECONDS");
    let runtime = common::runtime();
    let (calls, elapsed) = runtime.block_on(async {
        let client = Client::amplify_at(&url);
        for _ in 0..100 {
            client.call().await;
        }
        let limit = Duration::from_secs_f64(seconds);
        let start = Instant::now();
        let mut calls = 0u64;
        while start.elapsed() < limit {
            client.call().await;
            calls += 1;
        }
        (calls, start.elapsed())
    });
    println!(
        "calls={calls} seconds={} max_rss_kib={}",
        elapsed.as_secs_f64(),
        common::peak_rss_kib()
    );
}

//! `transfer get URL` / `transfer put URL FILE`: one GetObject whose body is read to the end
//! as it arrives, or one PutObject streaming FILE, against a server at URL; prints the bytes,
//! the time and the peak memory.

use std::path::PathBuf;
use std::time::Instant;

use harness_awsgen::{common, download, s3_at, upload};

const USAGE: &str = "transfer get URL | transfer put URL FILE";

fn main() {
    let direction: String = common::arg(1, USAGE);
    let url: String = common::arg(2, USAGE);
    let path: Option<PathBuf> = (direction == "put").then(|| common::arg(3, USAGE));
    if direction != "get" && path.is_none() {
        eprintln!("usage: {USAGE}");
        std::process::exit(2)
    }
    let runtime = common::runtime();
    let start = Instant::now();
    let bytes = runtime.block_on(async {
        let client = s3_at(&url);
        match &path {
            Some(path) => {
                upload(&client, path).await;
                std::fs::metadata(path).expect("the file uploaded").len()
            }
            None => download(&client).await,
        }
    });
    println!(
        "bytes={bytes} seconds={} max_rss_kib={}",
        start.elapsed().as_secs_f64(),
        common::peak_rss_kib()
    );
}

//! S3, the service most programs call first, against aws-sdk-s3: what a one-`GetObject`
//! program costs to build and ship, what a small `GetObject` costs per call, and how fast
//! and in how much memory a 256 MiB object goes down and up over loopback.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::compile::{ReleaseBuild, locked_version};
use super::percall::{self, Harness};
use super::projects::{self, Layout, field, progress};
use super::report::{Quantity, Report, Row, Table, Target};
use super::throughput::{self, CLIENT_CORE, Server};
use super::{Call, Settings, Side};

/// The object the transfers move: large enough that the per-call cost disappears and a
/// client that buffered it would show it in its peak memory.
const OBJECT_BYTES: u64 = 256 << 20;

pub fn measure(
    layout: &Layout,
    harnesses: &[Harness],
    settings: &Settings,
    report: &mut Report,
) -> Result<(), String> {
    builds(layout, report)?;
    percall::measure_calls(layout, harnesses, [Call::GetObject], settings, report)?;
    report.notes.push(
        "S3 GetObject per call: bucket and key, the 28-byte body collected whole; answered in \
         memory as the other calls are, with no checksum header (so neither side checks one)."
            .to_owned(),
    );
    transfers(layout, harnesses, settings, report)
}

/// Cold release build, stripped binary and crates of the two one-call programs.
fn builds(layout: &Layout, report: &mut Report) -> Result<(), String> {
    let call = Call::GetObject;
    let ours = ReleaseBuild::measure(layout, call.minimal_program(Side::Awsgen))?;
    let theirs = ReleaseBuild::measure(layout, call.minimal_program(Side::Sdk))?;
    ours.push_rows(
        &theirs,
        call.client(),
        Some(Target::AtMostFraction(3.0)),
        report,
    );
    report.notes.push(
        "S3 builds: minimal-awsgen-s3 and minimal-sdk-s3 (aws-sdk-s3, default features, no \
         aws-config) each make one GetObject call and read its body whole; cold \
         `cargo build --release` from an empty target directory, crates downloaded."
            .to_owned(),
    );
    let sdk = layout.dir.join(call.minimal_program(Side::Sdk));
    if let Some(version) = locked_version(&sdk, call.sdk_crate()) {
        report.notes.push(format!(
            "{} {version} (the newest 1.x when this ran).",
            call.sdk_crate()
        ));
    }
    Ok(())
}

struct Transfer {
    megabytes_per_second: f64,
    peak_kib: u64,
}

/// GetObject and PutObject of a 256 MiB object against `bench-server --object`.
fn transfers(
    layout: &Layout,
    harnesses: &[Harness],
    settings: &Settings,
    report: &mut Report,
) -> Result<(), String> {
    let pinned = throughput::has_taskset();
    let server = Server::object(pinned, OBJECT_BYTES)?;
    let url = format!("http://127.0.0.1:{}", server.port);
    let file = layout.dir.join("object-256mib.bin");
    write_object_file(&file)?;
    // The fastest run is the one least disturbed by the rest of the machine.
    let runs = settings.transfer_runs;
    for direction in ["get", "put"] {
        let mut results = Vec::new();
        for harness in harnesses {
            results.push(best_of(runs, || {
                transfer(harness, direction, &url, &file, pinned)
            })?);
        }
        let [ours, theirs] = &results[..] else {
            unreachable!("two harnesses")
        };
        let operation = if direction == "get" {
            "GetObject"
        } else {
            "PutObject"
        };
        report.push(
            Table::Sdk,
            Row::new(
                format!("S3 {operation} of 256 MiB over loopback: MB/s"),
                Quantity::megabytes_per_second(ours.megabytes_per_second),
                Some(Quantity::megabytes_per_second(theirs.megabytes_per_second)),
            ),
        );
        report.compare(
            Table::Sdk,
            &format!("S3 {operation} of 256 MiB over loopback: peak memory (max RSS)"),
            Quantity::kib(ours.peak_kib),
            Quantity::kib(theirs.peak_kib),
        );
    }
    report.notes.push(format!(
        "S3 transfers: one GetObject of a 256 MiB object, its body read piece by piece and \
         counted, and one PutObject of a 256 MiB file streamed from disk (in the page cache), \
         each side's own HTTP client against `cargo xtask bench-server --object` over plain \
         http://127.0.0.1, {}; the fastest of {runs} runs, MB/s being 10^6 bytes per second \
         of the whole call, peak memory the client's VmHWM at the end. Over plain HTTP awsgen \
         reads an upload's file once for its checksum and payload hash before sending it, \
         as botocore does.",
        throughput::placement(pinned)
    ));
    drop(server);
    fs::remove_file(&file).map_err(|e| format!("removing {}: {e}", file.display()))?;
    Ok(())
}

fn best_of(
    runs: usize,
    mut run: impl FnMut() -> Result<Transfer, String>,
) -> Result<Transfer, String> {
    let mut best: Option<Transfer> = None;
    for _ in 0..runs {
        let result = run()?;
        if best
            .as_ref()
            .is_none_or(|b| result.megabytes_per_second > b.megabytes_per_second)
        {
            best = Some(result);
        }
    }
    best.ok_or_else(|| "no runs".to_owned())
}

fn transfer(
    harness: &Harness,
    direction: &str,
    url: &str,
    file: &Path,
    pinned: bool,
) -> Result<Transfer, String> {
    let side = harness.side.suffix();
    progress(&format!("s3 transfer ({side}): {direction} 256 MiB"));
    let mut command = throughput::pin(pinned, CLIENT_CORE, &harness.binary("transfer"));
    command.arg(direction).arg(url);
    if direction == "put" {
        command.arg(file);
    }
    let output = projects::run(&mut command, &format!("transfer-{side} {direction}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let bytes = field(&text, "bytes")?;
    if bytes as u64 != OBJECT_BYTES {
        return Err(format!(
            "transfer-{side} {direction} moved {bytes} bytes, not {OBJECT_BYTES}"
        ));
    }
    Ok(Transfer {
        megabytes_per_second: bytes / field(&text, "seconds")? / 1e6,
        peak_kib: field(&text, "max_rss_kib")? as u64,
    })
}

/// The file the uploads send, written a mebibyte at a time.
fn write_object_file(path: &Path) -> Result<(), String> {
    if fs::metadata(path).is_ok_and(|meta| meta.len() == OBJECT_BYTES) {
        return Ok(());
    }
    let failed = |e: std::io::Error| format!("writing {}: {e}", path.display());
    let mut file = std::io::BufWriter::new(fs::File::create(path).map_err(failed)?);
    let piece: Vec<u8> = (0..1u32 << 20).map(|i| (i % 253) as u8).collect();
    for _ in 0..OBJECT_BYTES >> 20 {
        file.write_all(&piece).map_err(failed)?;
    }
    file.flush().map_err(failed)
}

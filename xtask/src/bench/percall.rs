//! The cost of one call without a network — build, serialize, sign, parse the canned
//! response — in time (criterion), allocations and instructions (callgrind), for Amplify
//! CreateDeployment and DynamoDB GetItem on both sides (and S3 GetObject, for the `s3`
//! part).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::projects::{self, Layout, cargo, field, progress};
use super::python;
use super::report::{Quantity, Report, Row, Table, Target};
use super::{Call, Settings, Side};

/// The harness binaries of one side, built in release mode.
pub struct Harness {
    pub side: Side,
    pub project: PathBuf,
    pub bin_dir: PathBuf,
}

impl Harness {
    pub fn binary(&self, name: &str) -> PathBuf {
        self.bin_dir.join(format!("{name}-{}", self.side.suffix()))
    }
}

/// Builds (or brings up to date) both harnesses. They share one target directory, which
/// is not emptied between runs: these builds are not what is measured.
pub fn build_harnesses(layout: &Layout) -> Result<Vec<Harness>, String> {
    let target = layout.dir.join("harness-target");
    let mut harnesses = Vec::new();
    for side in [Side::Awsgen, Side::Sdk] {
        let name = format!("harness-{}", side.suffix());
        let project = layout.write_project(&name)?;
        progress(&format!("{name}: building (release)"));
        // The newest compatible versions, like the minimal programs.
        projects::run(
            cargo(&project, &target).arg("generate-lockfile"),
            &format!("cargo generate-lockfile in {name}"),
        )?;
        projects::run(
            cargo(&project, &target).args(["build", "--release", "--bins"]),
            &format!("building {name}"),
        )?;
        harnesses.push(Harness {
            side,
            project,
            bin_dir: target.join("release"),
        });
    }
    Ok(harnesses)
}

struct PerCall {
    seconds: f64,
    allocations: f64,
    instructions: f64,
}

/// The calls measured, each against the official crate's same call.
const CALLS: [Call; 2] = [Call::CreateDeployment, Call::GetItem];

pub fn measure(
    layout: &Layout,
    harnesses: &[Harness],
    settings: &Settings,
    report: &mut Report,
) -> Result<(), String> {
    let [amplify, _] = measure_calls(layout, harnesses, CALLS, settings, report)?;
    report.notes.push(format!(
        "Per call: a client built once, then the call built, validated, serialized, signed \
         and answered in memory with a canned response, which is parsed: Amplify \
         CreateDeployment (appId, branchName, a one-entry fileMap) answered with \
         xtask/bench/response.json; DynamoDB GetItem (table, one-attribute key, consistent \
         read) answered with xtask/bench/response-get-item.json, an item of seven attributes, \
         and its x-amz-crc32 header, which awsgen checks as botocore does. Ours through a \
         `Transport` that answers and keeps nothing (`MemoryTransport` would keep every \
         request), the SDK's through `aws_smithy_http_client::test_util::infallible_client_fn`. \
         Allocations and instructions: {calls} calls after one warm-up call, counted by a \
         global allocator and by `valgrind --tool=callgrind` (minus a run with the warm-up \
         call only), divided by {calls}. Valgrind's CPU has no SHA extensions, so under \
         callgrind ring hashes with its AVX code and the SDK's sha2 with its portable code; \
         on a CPU with SHA-NI both hash faster than these counts say.",
        calls = settings.calls
    ));
    if let Err(error) = measure_botocore(layout, settings, amplify, report) {
        report
            .notes
            .push(format!("botocore per call was not measured: {error}"));
    }
    Ok(())
}

/// Measures each of `calls` on both sides and adds its rows; returns awsgen's time per
/// call of each.
pub fn measure_calls<const N: usize>(
    layout: &Layout,
    harnesses: &[Harness],
    calls: [Call; N],
    settings: &Settings,
    report: &mut Report,
) -> Result<[f64; N], String> {
    let mut our_seconds = [0.0; N];
    for (index, call) in calls.into_iter().enumerate() {
        let mut results = Vec::new();
        for harness in harnesses {
            let seconds = criterion(layout, harness, call, settings)?;
            results.push(measure_side(layout, harness, call, seconds, settings)?);
        }
        let [ours, theirs] = &results[..] else {
            unreachable!("two harnesses")
        };
        our_seconds[index] = ours.seconds;
        let figure = |what: &str| format!("{}: {what}", call.client());
        report.compare(
            Table::Sdk,
            &figure("time per call, in memory (criterion median)"),
            Quantity::seconds(ours.seconds),
            Quantity::seconds(theirs.seconds),
        );
        report.compare(
            Table::Sdk,
            &figure("allocations per call"),
            Quantity::count(ours.allocations),
            Quantity::count(theirs.allocations),
        );
        report.push(
            Table::Sdk,
            Row::new(
                figure("instructions per call (callgrind)"),
                Quantity::count(ours.instructions),
                Some(Quantity::count(theirs.instructions)),
            )
            .with_target(Target::AtMostFraction(10.0)),
        );
    }
    Ok(our_seconds)
}

fn measure_side(
    layout: &Layout,
    harness: &Harness,
    call: Call,
    seconds: f64,
    settings: &Settings,
) -> Result<PerCall, String> {
    let side = harness.side.suffix();
    let name = call.name();
    progress(&format!("per call ({side}, {name}): allocations"));
    let output = projects::run(
        Command::new(harness.binary("allocs"))
            .arg(settings.calls.to_string())
            .arg(name),
        &format!("allocs-{side} {name}"),
    )?;
    let text = String::from_utf8_lossy(&output.stdout);
    let allocations = field(&text, "allocations")? / settings.calls as f64;

    progress(&format!(
        "per call ({side}, {name}): instructions under callgrind"
    ));
    let with_calls = callgrind(layout, &harness.binary("calls"), call, settings.calls)?;
    let baseline = callgrind(layout, &harness.binary("calls"), call, 0)?;
    let instructions = with_calls.saturating_sub(baseline) as f64 / settings.calls as f64;
    Ok(PerCall {
        seconds,
        allocations,
        instructions,
    })
}

/// Instructions executed by `binary calls call`, as callgrind counts them.
fn callgrind(layout: &Layout, binary: &Path, call: Call, calls: u64) -> Result<u64, String> {
    let name = binary.file_name().unwrap_or_default().to_string_lossy();
    let call = call.name();
    let out = layout
        .dir
        .join(format!("callgrind.{name}.{call}.{calls}.out"));
    projects::run(
        Command::new("valgrind")
            .arg("--tool=callgrind")
            .arg(format!("--callgrind-out-file={}", out.display()))
            .arg(binary)
            .arg(calls.to_string())
            .arg(call),
        &format!("valgrind --tool=callgrind {name} {calls} {call}"),
    )?;
    let text = fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    callgrind_total(&text)
        .ok_or_else(|| format!("{}: no `summary:` or `totals:` line", out.display()))
}

/// The instruction count of a callgrind output file (`summary:`, or `totals:` in older
/// versions), the first event being `Ir` by default.
pub fn callgrind_total(text: &str) -> Option<u64> {
    text.lines()
        .find_map(|line| {
            line.strip_prefix("summary:")
                .or_else(|| line.strip_prefix("totals:"))
        })
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
}

/// The median time per call of `call` that criterion estimates, in seconds.
fn criterion(
    layout: &Layout,
    harness: &Harness,
    call: Call,
    settings: &Settings,
) -> Result<f64, String> {
    let side = harness.side.suffix();
    let name = call.name();
    progress(&format!("per call ({side}, {name}): criterion"));
    let home = layout.dir.join(format!("criterion-{side}"));
    let target = harness
        .bin_dir
        .parent()
        .expect("a profile directory inside the target directory")
        .to_owned();
    projects::run(
        cargo(&harness.project, &target)
            .env("CRITERION_HOME", &home)
            .args(["bench", "--bench", "percall", "--", "--noplot"])
            .args(["--warm-up-time", &settings.warm_up_seconds.to_string()])
            .args(["--measurement-time", &settings.measure_seconds.to_string()])
            // No call's name contains another's, so the filter picks exactly this one.
            .arg(name),
        &format!("criterion for harness-{side} {name}"),
    )?;
    let estimates = home.join(name).join("new").join("estimates.json");
    let text =
        fs::read_to_string(&estimates).map_err(|e| format!("{}: {e}", estimates.display()))?;
    criterion_median(&text)
        .ok_or_else(|| format!("{}: no median.point_estimate", estimates.display()))
}

/// criterion's median estimate, in seconds, from its `estimates.json` (nanoseconds).
pub fn criterion_median(text: &str) -> Option<f64> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    Some(json["median"]["point_estimate"].as_f64()? * 1e-9)
}

fn measure_botocore(
    layout: &Layout,
    settings: &Settings,
    ours: f64,
    report: &mut Report,
) -> Result<(), String> {
    let python = python::venv(layout)?;
    let scripts = layout.write_botocore_scripts()?;
    progress("per call (botocore)");
    let calls = settings.python_calls;
    let output = projects::run(
        Command::new(&python)
            .current_dir(&scripts)
            .arg("percall.py")
            .arg(scripts.join("response.json"))
            .arg(calls.to_string()),
        "botocore percall.py",
    )?;
    let text = String::from_utf8_lossy(&output.stdout);
    let seconds = field(&text, "seconds")? / calls as f64;
    report.compare(
        Table::Botocore,
        "time per call, in memory",
        Quantity::seconds(ours),
        Quantity::seconds(seconds),
    );
    report.notes.push(format!(
        "botocore per call: {calls} calls after 100 warm-up calls, timed with \
         `time.perf_counter`, the HTTP send replaced by a `before-send` event hook that \
         returns the canned response."
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callgrind_summary_gives_the_instruction_count() {
        let out = "version: 1\ncreator: callgrind-3.22.0\nevents: Ir\n\nfn=(1) main\n3 7\n\nsummary: 1234567\n\n\ntotals: 1234567\n";
        assert_eq!(callgrind_total(out), Some(1_234_567));
        assert_eq!(callgrind_total("events: Ir\ntotals: 99 3\n"), Some(99));
        assert_eq!(callgrind_total("events: Ir\n"), None);
    }

    #[test]
    fn criterion_median_is_read_in_seconds() {
        let estimates = r#"{"mean":{"point_estimate":5100.0},"median":{"point_estimate":5000.0,"standard_error":3.0}}"#;
        assert_eq!(criterion_median(estimates), Some(5e-6));
        assert_eq!(criterion_median("{}"), None);
    }
}

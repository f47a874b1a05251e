//! `cargo xtask bench`: measures the generated Amplify and DynamoDB clients against the
//! official `aws-sdk-amplify` and `aws-sdk-dynamodb` (and, for context, botocore) in one run
//! and prints a markdown table.
//!
//! Everything heavy (the SDK, criterion, botocore) is built or installed in throwaway
//! projects under `target/bench/`, from the templates in `xtask/bench/`; xtask itself only
//! drives cargo, valgrind, taskset and python.

mod codegen_speed;
mod compile;
mod percall;
mod projects;
mod python;
mod report;
pub mod server;
mod throughput;

use std::fs;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use crate::Failure;
use projects::{Layout, progress};
use report::Report;

const HELP: &str = "\
usage: cargo xtask bench [--only PARTS] [--quick] [--models DIR] [--report FILE]
                         [--in-process]

Measures awsgen-amplify and awsgen-dynamodb against aws-sdk-amplify and aws-sdk-dynamodb
(newest 1.x) and, for Amplify, botocore 1.44.5, and prints a markdown table, also written
to target/bench/report.md.

  --only PARTS    a comma-separated subset of: deps, compile, percall, throughput,
                  codegen, sweep (default: all, in that order)
  --quick         fewer repetitions and shorter measurements, for a smoke run
  --models DIR    the rest-json models for `sweep` (default: target/bench/models,
                  filled by `cargo xtask fetch-model --all-rest-json` when empty)
  --report FILE   where to write the report (default: target/bench/report.md)
  --in-process    time `codegen` in this (debug) process rather than in a release
                  build of xtask/bench/harness-codegen; quick to start, slow to run

Needs valgrind (percall), taskset (throughput; runs unpinned without it) and python3 with
venv (botocore figures). A full run takes tens of minutes, most of it cold builds.
";

/// The parts of a run, in the order they run.
const PARTS: &[&str] = &[
    "deps",
    "compile",
    "percall",
    "throughput",
    "codegen",
    "sweep",
];

/// Which client a harness drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Awsgen,
    Sdk,
}

impl Side {
    /// The suffix of the side's harness project and binaries.
    pub fn suffix(self) -> &'static str {
        match self {
            Side::Awsgen => "awsgen",
            Side::Sdk => "sdk",
        }
    }
}

/// A call the benchmark measures on both sides, in its own minimal program and in the
/// harnesses (whose `common::Call` names it the same way).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    /// Amplify `CreateDeployment` (restJson1), against aws-sdk-amplify.
    CreateDeployment,
    /// DynamoDB `GetItem` (awsJson 1.0), against aws-sdk-dynamodb.
    GetItem,
}

impl Call {
    /// The name the harness binaries and criterion use.
    pub fn name(self) -> &'static str {
        match self {
            Call::CreateDeployment => "create-deployment",
            Call::GetItem => "get-item",
        }
    }

    /// How the report's rows name it.
    pub fn client(self) -> &'static str {
        match self {
            Call::CreateDeployment => "Amplify CreateDeployment",
            Call::GetItem => "DynamoDB GetItem",
        }
    }

    /// The minimal program of a side that makes this one call.
    pub fn minimal_program(self, side: Side) -> &'static str {
        match (self, side) {
            (Call::CreateDeployment, Side::Awsgen) => "minimal-awsgen",
            (Call::CreateDeployment, Side::Sdk) => "minimal-sdk",
            (Call::GetItem, Side::Awsgen) => "minimal-awsgen-dynamodb",
            (Call::GetItem, Side::Sdk) => "minimal-sdk-dynamodb",
        }
    }

    /// The official crate it is measured against.
    pub fn sdk_crate(self) -> &'static str {
        match self {
            Call::CreateDeployment => "aws-sdk-amplify",
            Call::GetItem => "aws-sdk-dynamodb",
        }
    }
}

/// How long and how often to measure.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Calls counted for allocations and instructions.
    pub calls: u64,
    pub warm_up_seconds: u64,
    pub measure_seconds: u64,
    /// Calls timed in the botocore per-call script.
    pub python_calls: u64,
    pub throughput_seconds: u64,
    pub codegen_repetitions: usize,
}

impl Settings {
    fn full() -> Self {
        Self {
            calls: 1000,
            warm_up_seconds: 3,
            measure_seconds: 10,
            python_calls: 2000,
            throughput_seconds: 10,
            codegen_repetitions: 21,
        }
    }

    fn quick() -> Self {
        Self {
            calls: 100,
            warm_up_seconds: 1,
            measure_seconds: 2,
            python_calls: 200,
            throughput_seconds: 2,
            codegen_repetitions: 3,
        }
    }
}

struct Args {
    parts: Vec<&'static str>,
    quick: bool,
    models: Option<PathBuf>,
    report: Option<PathBuf>,
    in_process: bool,
}

fn parse_args(args: &[String]) -> Result<Args, Failure> {
    let mut parsed = Args {
        parts: PARTS.to_vec(),
        quick: false,
        models: None,
        report: None,
        in_process: false,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("bench: {flag} needs a value")))
        };
        match arg.as_str() {
            "--quick" => parsed.quick = true,
            "--in-process" => parsed.in_process = true,
            "--models" => parsed.models = Some(PathBuf::from(value("--models")?)),
            "--report" => parsed.report = Some(PathBuf::from(value("--report")?)),
            "--only" => {
                let list = value("--only")?;
                let mut wanted = Vec::new();
                for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let Some(part) = PARTS.iter().find(|part| **part == name) else {
                        return Err(Failure::Usage(format!(
                            "bench: unknown part `{name}`; the parts are {}",
                            PARTS.join(", ")
                        )));
                    };
                    wanted.push(*part);
                }
                // Run in the usual order whatever order they were named in.
                parsed.parts = PARTS
                    .iter()
                    .copied()
                    .filter(|part| wanted.contains(part))
                    .collect();
            }
            "-h" | "--help" => {
                print!("{HELP}");
                std::process::exit(0);
            }
            other => {
                return Err(Failure::Usage(format!(
                    "bench: unknown option `{other}`\n\n{HELP}"
                )));
            }
        }
    }
    Ok(parsed)
}

pub fn run(args: &[String]) -> Result<(), Failure> {
    let args = parse_args(args)?;
    let layout = Layout::new(crate::workspace_root());
    fs::create_dir_all(&layout.dir)
        .map_err(|e| Failure::Failed(format!("creating {}: {e}", layout.dir.display())))?;
    let settings = if args.quick {
        Settings::quick()
    } else {
        Settings::full()
    };
    let started = Instant::now();
    let mut report = Report::default();
    let mut failures = Vec::new();
    let mut harnesses = None;
    for part in &args.parts {
        let result = match *part {
            "deps" => compile::measure_dependencies(&layout, &mut report),
            "compile" => compile::measure_builds(&layout, &mut report),
            "percall" | "throughput" => {
                if harnesses.is_none() {
                    match percall::build_harnesses(&layout) {
                        Ok(built) => harnesses = Some(built),
                        Err(error) => {
                            failures.push(format!("{part}: {error}"));
                            continue;
                        }
                    }
                }
                let built = harnesses.as_deref().expect("built above");
                if *part == "percall" {
                    percall::measure(&layout, built, &settings, &mut report)
                } else {
                    throughput::measure(&layout, built, &settings, &mut report)
                }
            }
            "codegen" => {
                codegen_speed::measure_amplify(&layout, &settings, args.in_process, &mut report)
            }
            "sweep" => codegen_speed::sweep(&layout, args.models.as_deref(), &mut report),
            other => unreachable!("parse_args accepts only known parts, not {other}"),
        };
        if let Err(error) = result {
            progress(&format!("{part} failed: {error}"));
            failures.push(format!("{part}: {error}"));
        }
    }
    report
        .notes
        .push(environment(&args, started.elapsed().as_secs()));
    for failure in &failures {
        report.notes.push(format!("FAILED {failure}"));
    }
    let text = report.to_markdown("## Benchmark results");
    print!("{text}");
    let path = args.report.unwrap_or_else(|| layout.dir.join("report.md"));
    fs::write(&path, &text)
        .map_err(|e| Failure::Failed(format!("writing {}: {e}", path.display())))?;
    eprintln!("bench: report written to {}", path.display());
    for row in report.missed() {
        eprintln!("bench: target missed: {}", row.figure);
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Failure::Failed(format!(
            "{} part(s) failed: {}",
            failures.len(),
            failures.join("; ")
        )))
    }
}

/// When, where and how the figures were taken, for the reader of a pasted table.
fn environment(args: &Args, seconds: u64) -> String {
    let date = command_line(Command::new("date").arg("-u").arg("+%Y-%m-%d %H:%M UTC"));
    let rustc = command_line(Command::new("rustc").arg("--version"));
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned());
    format!(
        "Run: {date}, {cores} cores ({cpu}), load average {load} at the end, {rustc}; \
         parts {} in {seconds} s{}.",
        args.parts.join(","),
        if args.quick { ", --quick" } else { "" }
    )
}

fn command_line(command: &mut Command) -> String {
    command
        .output()
        .ok()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_selects_known_parts_in_run_order() {
        let args = ["--only".to_owned(), "codegen, deps".to_owned()];
        let parsed = parse_args(&args).unwrap_or_else(|_| panic!("valid arguments"));
        assert_eq!(parsed.parts, ["deps", "codegen"]);
        let bad = ["--only".to_owned(), "speed".to_owned()];
        match parse_args(&bad) {
            Err(Failure::Usage(message)) => assert!(message.contains("`speed`"), "{message}"),
            _ => panic!("an unknown part is a usage error"),
        }
    }

    /// The smoke test: the quick codegen part runs end to end and writes its report. (The
    /// other parts build the SDK and criterion, minutes of work for a test.)
    #[test]
    fn quick_codegen_run_writes_a_report_with_its_figure() {
        let dir = std::env::temp_dir().join(format!("awsgen-bench-smoke-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let report = dir.join("report.md");
        let args: Vec<String> = ["--only", "codegen", "--quick", "--in-process", "--report"]
            .iter()
            .map(|s| s.to_string())
            .chain([report.display().to_string()])
            .collect();
        assert!(run(&args).is_ok());
        let text = fs::read_to_string(&report).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        let row = text
            .lines()
            .find(|line| line.starts_with("| generate and format the Amplify crate"))
            .unwrap_or_else(|| panic!("no codegen row in:\n{text}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert!(
            cells[2].ends_with(" ms") || cells[2].ends_with(" s"),
            "{row}"
        );
        assert_eq!(cells[3], "< 50 ms", "{row}");
        assert!(text.contains("parts codegen in"), "{text}");
    }
}

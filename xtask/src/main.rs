//! `cargo xtask <command>`: repository chores that need more than a shell one-liner.
//!
//! Arguments are parsed by hand because this binary is rebuilt often and an argument-parsing
//! crate would cost more compile time than the handful of flags here are worth.

mod bench;
mod codegen;
mod compare_formats;
mod conformance;
mod endpoints;
mod fetch_model;
mod sweep;

use std::process::ExitCode;

/// One line per command for the usage text; keep in step with the `match` in `main`.
const COMMANDS: &[(&str, &str)] = &[
    (
        "codegen",
        "regenerate generated/ from model/ (--check: verify it is up to date)",
    ),
    (
        "conformance",
        "run botocore-format protocol suite files (--suite PATH) and print a pass/fail table",
    ),
    (
        "fetch-model",
        "download the pinned botocore release and extract models and fixtures",
    ),
    (
        "sweep",
        "generate every botocore model of the pinned release (or --smithy TARBALL) and cargo check them all",
    ),
    (
        "endpoints",
        "run every endpoint test case of the pinned botocore release through a generated resolver",
    ),
    (
        "compare-formats",
        "read each Smithy model of a tarball and botocore's model of the service; name every difference",
    ),
    (
        "bench",
        "measure the Amplify client against aws-sdk-amplify and botocore (--quick, --only)",
    ),
    (
        "bench-server",
        "the canned-response loopback HTTP server that `bench` starts",
    ),
];

/// The names of a comma-separated `--only` list, blanks dropped.
pub fn name_list(list: &str) -> std::collections::BTreeSet<String> {
    list.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The repository root: xtask is always built from this repository, so its manifest
/// directory pins the root wherever cargo was invoked from.
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits one level below the repository root")
        .to_owned()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{}", usage());
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "codegen" => codegen::run(rest),
        "conformance" => conformance::run(rest),
        "fetch-model" => fetch_model::run(rest),
        "sweep" => sweep::run(rest),
        "endpoints" => endpoints::run(rest),
        "compare-formats" => compare_formats::run(rest),
        "bench" => bench::run(rest),
        "bench-server" => bench::server::run(rest),
        "help" | "-h" | "--help" => {
            print!("{}", usage());
            return ExitCode::SUCCESS;
        }
        other => {
            eprint!("error: unknown command `{other}`\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Why a command stopped; usage mistakes exit 2 like the dispatcher's own, so scripts can
/// tell "called wrongly" from "ran and failed".
pub enum Failure {
    Usage(String),
    Failed(String),
}

fn usage() -> String {
    let width = COMMANDS
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(0);
    let mut text = String::from("usage: cargo xtask <command> [options]\n\ncommands:\n");
    for (name, summary) in COMMANDS {
        text += &format!("  {name:width$}  {summary}\n");
    }
    text + "\n`cargo xtask <command> --help` describes a command's options.\n"
}

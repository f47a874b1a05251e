//! `cargo xtask conformance --suite PATH…`: runs botocore-format protocol suite files
//! through the generator and prints a pass/fail table.
//!
//! The harness for each file (the same one the test crate includes) is written into a
//! throwaway runner crate under `target/conformance/`, which is then built and run. A case
//! that cannot run, for example because the generator refuses its model, is a failure with
//! the reason, never a skip.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use awsgen_conformance::generate::{HarnessOptions, harness};

use crate::Failure;

const HELP: &str = "usage: cargo xtask conformance --suite PATH [--suite PATH…]

Runs each botocore-format protocol suite file (tests/unit/protocols/{input,output}/*.json
in botocore's source release) against clients generated from the suites' models, and
prints one line per case and `N passed, M failed`. Exits 1 when a case fails.
";

pub fn run(args: &[String]) -> Result<(), Failure> {
    let mut suites = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--suite" => match args.next() {
                Some(path) => suites.push(PathBuf::from(path)),
                None => return Err(Failure::Usage("--suite needs a path".to_owned())),
            },
            "-h" | "--help" => {
                print!("{HELP}");
                return Ok(());
            }
            path if !path.starts_with('-') => suites.push(PathBuf::from(path)),
            other => {
                return Err(Failure::Usage(format!(
                    "unknown option `{other}`\n\n{HELP}"
                )));
            }
        }
    }
    if suites.is_empty() {
        return Err(Failure::Usage(format!("no suite given\n\n{HELP}")));
    }
    let root = crate::workspace_root();
    let runner = root.join("target/conformance/runner");
    write_runner(&root, &runner, &suites)?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["run", "--quiet", "--manifest-path"])
        .arg(runner.join("Cargo.toml"))
        // Its own target directory: the outer `cargo xtask` may still hold the workspace's.
        .env("CARGO_TARGET_DIR", root.join("target/conformance/target"))
        .status()
        .map_err(|e| Failure::Failed(format!("could not run cargo: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure::Failed(
            "some cases failed (see the table above)".to_owned(),
        ))
    }
}

/// Writes the runner crate: one module per suite file, and a `main` that runs them all.
fn write_runner(root: &Path, runner: &Path, suites: &[PathBuf]) -> Result<(), Failure> {
    let src = runner.join("src");
    fs::create_dir_all(&src).map_err(|e| Failure::Failed(format!("{}: {e}", src.display())))?;
    let mut modules = String::new();
    let mut files = String::new();
    for (i, suite) in suites.iter().enumerate() {
        let text = fs::read_to_string(suite)
            .map_err(|e| Failure::Failed(format!("{}: {e}", suite.display())))?;
        let module = format!("suite_file_{i}");
        let options = HarnessOptions {
            botocore_differs: Vec::new(),
            known_failures: Vec::new(),
            root: format!("crate::{module}"),
            tests: false,
        };
        let label = suite.display().to_string();
        let generated = harness(&label, &text, &options).map_err(Failure::Failed)?;
        write(&src.join(format!("{module}.rs")), &generated.source)?;
        modules.push_str(&format!("mod {module};\n"));
        files.push_str(&format!("    ({label:?}, {module}::CASES),\n"));
    }
    let main = format!(
        "{modules}\nconst FILES: &[(&str, &[&[awsgen_conformance::check::Case]])] = &[\n{files}];\n\n{}",
        include_str!("conformance_main.rs.txt")
    );
    write(&src.join("main.rs"), &main)?;
    let manifest = format!(
        r#"[package]
name = "awsgen-conformance-runner"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
awsgen-conformance = {{ path = {conformance:?} }}
awsgen-runtime = {{ path = {runtime:?}, features = ["compression"] }}
tokio = {{ version = "1", default-features = false, features = ["rt"] }}
"#,
        conformance = root.join("conformance").display().to_string(),
        runtime = root.join("runtime").display().to_string(),
    );
    write(&runner.join("Cargo.toml"), &manifest)?;
    // The workspace's lock file, so the runner builds with the versions the tests use.
    fs::copy(root.join("Cargo.lock"), runner.join("Cargo.lock"))
        .map_err(|e| Failure::Failed(format!("copying Cargo.lock: {e}")))?;
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), Failure> {
    fs::write(path, text).map_err(|e| Failure::Failed(format!("{}: {e}", path.display())))
}

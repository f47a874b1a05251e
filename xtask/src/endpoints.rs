//! `cargo xtask endpoints`: every endpoint test case botocore ships
//! (`tests/functional/endpoint-rules/<service>/endpoint-tests-1.json` in the pinned release,
//! 14,589 cases over 439 services in 1.44.5) through a resolver generated from that
//! service's `endpoint-rule-set-1.json`.
//!
//! The tests cover the committed clients case by case; this command covers the rest of the
//! corpus without generating whole clients: only each service's resolver, beside the glue
//! that turns a case's `params` into its `Params`, in one scratch crate
//! (`target/endpoint-cases/`) whose program runs every file and prints what failed. Cases
//! that cannot pass yet are listed in [`KNOWN_FAILURES`] with the reason; a listed case that
//! passes fails the command as surely as a new failure does, so the list only shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use awsgen_codegen::Source;

use crate::Failure;
use crate::fetch_model;

const HELP: &str = "\
usage: cargo xtask endpoints [--only SERVICE,...] [--tarball FILE]

Runs every endpoint test case of the pinned botocore release through a resolver
generated from the service's endpoint-rule-set-1.json, in a scratch crate under
target/endpoint-cases/, and fails on any case that does not resolve as botocore
expects, unless it is listed as a known failure (and on a listed case that passes).

options:
  --only LIST     only these services (botocore's directory names, comma-separated)
  --tarball FILE  the botocore source release, instead of the cached or downloaded one
";

/// Cases that do not pass yet: (service, case number from 1, reason). Empty: every case of
/// botocore 1.44.5 passes.
const KNOWN_FAILURES: &[(&str, usize, &str)] = &[];

struct Args {
    only: Option<BTreeSet<String>>,
    tarball: Option<PathBuf>,
}

/// One service's test file, ready to run or refused before it could be.
struct Service {
    name: String,
    /// The Rust module holding its resolver, e.g. `iot_data`.
    module: String,
    cases: Vec<u8>,
    refused: Option<String>,
}

/// What the case runner reported for one service.
#[derive(Default)]
struct Outcome {
    cases: usize,
    /// (case number, documentation, reason)
    failures: Vec<(usize, String, String)>,
    broken: Option<String>,
}

pub fn run(args: &[String]) -> Result<(), Failure> {
    let args = parse_args(args)?;
    let root = crate::workspace_root();
    let scratch = root.join("target/endpoint-cases");
    let started = Instant::now();

    let (lock, bytes) =
        fetch_model::release(args.tarball.as_deref(), Some(&root.join("target/botocore")))
            .map_err(Failure::Failed)?;
    let mut rules: BTreeMap<String, (String, Vec<u8>)> = BTreeMap::new();
    for files in fetch_model::newest_services(&lock, &bytes).map_err(Failure::Failed)? {
        if let Some(text) = files.endpoint_rules.clone() {
            rules.insert(
                files.service.clone(),
                (files.path("endpoint-rule-set-1.json"), text),
            );
        }
    }
    let tests = fetch_model::endpoint_tests(&lock, &bytes).map_err(Failure::Failed)?;
    if let Some(only) = &args.only {
        let unknown: Vec<&str> = only
            .iter()
            .map(String::as_str)
            .filter(|name| !tests.contains_key(*name))
            .collect();
        if !unknown.is_empty() {
            return Err(Failure::Usage(format!(
                "endpoints: the release has no endpoint tests for {}",
                unknown.join(", ")
            )));
        }
    }

    let src = scratch.join("src/services");
    let cases_dir = scratch.join("cases");
    for dir in [&src, &cases_dir] {
        if dir.exists() {
            fs::remove_dir_all(dir).map_err(|e| failed(dir, e))?;
        }
        fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
    }
    let mut services = Vec::new();
    for (name, cases) in tests {
        if args.only.as_ref().is_some_and(|only| !only.contains(&name)) {
            continue;
        }
        let module = module_name(&name);
        let refused = match rules.get(&name) {
            None => Some("the release has no endpoint-rule-set-1.json for it".to_owned()),
            Some((path, text)) => {
                let text = String::from_utf8_lossy(text);
                match awsgen_codegen::endpoint_rules(Source {
                    file: path,
                    text: &text,
                }) {
                    Err(error) => Some(error.to_string()),
                    Ok(rules) => {
                        let mut source = awsgen_codegen::endpoint_resolver(&rules);
                        source.push('\n');
                        source.push_str(&awsgen_conformance::generate::endpoint_params(&rules));
                        let path = src.join(format!("{module}.rs"));
                        fs::write(&path, source).map_err(|e| failed(&path, e))?;
                        None
                    }
                }
            }
        };
        let path = cases_dir.join(format!("{name}.json"));
        fs::write(&path, &cases).map_err(|e| failed(&path, e))?;
        services.push(Service {
            name,
            module,
            cases,
            refused,
        });
    }
    write_crate(&root, &scratch, &services)?;
    eprintln!(
        "endpoints: {} resolvers generated in {:.1} s; building the case runner",
        services.iter().filter(|s| s.refused.is_none()).count(),
        started.elapsed().as_secs_f64()
    );
    let mut outcomes = run_crate(&scratch, &cases_dir)?;
    for service in &services {
        if let Some(reason) = &service.refused {
            let outcome = outcomes.entry(service.name.clone()).or_default();
            outcome.cases = count_cases(&service.cases);
            outcome.broken = Some(format!("refused: {reason}"));
        }
    }

    let report = render_report(&lock.version, &services, &outcomes);
    print!("{report}");
    let path = scratch.join("report.md");
    fs::write(&path, &report).map_err(|e| failed(&path, e))?;
    eprintln!(
        "endpoints: done in {:.1} s; report written to {}",
        started.elapsed().as_secs_f64(),
        path.display()
    );
    let problems = problems(&services, &outcomes, KNOWN_FAILURES, args.only.is_some());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::Failed(format!(
            "{} endpoint case(s) differ from the known-failure list:\n{}",
            problems.len(),
            problems.join("\n")
        )))
    }
}

fn parse_args(args: &[String]) -> Result<Args, Failure> {
    let mut parsed = Args {
        only: None,
        tarball: None,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("endpoints: {flag} needs a value")))
        };
        match arg.as_str() {
            "--only" => parsed.only = Some(crate::name_list(&value("--only")?)),
            "--tarball" => parsed.tarball = Some(PathBuf::from(value("--tarball")?)),
            "-h" | "--help" => {
                print!("{HELP}");
                std::process::exit(0);
            }
            other => {
                return Err(Failure::Usage(format!(
                    "endpoints: unexpected argument `{other}`\n\n{HELP}"
                )));
            }
        }
    }
    Ok(parsed)
}

/// `iot-data` → `iot_data`; a name that starts with a digit gets a prefix.
fn module_name(service: &str) -> String {
    let mut module: String = service
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if module.starts_with(|c: char| c.is_ascii_digit()) {
        module.insert_str(0, "service_");
    }
    // Keywords a service could be named (none is today) still make a module name.
    if matches!(
        module.as_str(),
        "match" | "mod" | "type" | "use" | "crate" | "self"
    ) {
        module.push('_');
    }
    module
}

/// The scratch crate: one module per resolver and a program that runs each service's
/// file (from the directory it is given) and prints one line per case that failed.
fn write_crate(root: &Path, scratch: &Path, services: &[Service]) -> Result<(), Failure> {
    let path_of = |dir: &str| format!("{:?}", root.join(dir).display().to_string());
    let manifest = format!(
        "# Written by `cargo xtask endpoints`: botocore's endpoint cases against generated resolvers.\n\
         [package]\nname = \"endpoint-cases\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nawsgen-runtime = {{ path = {} }}\nawsgen-conformance = {{ path = {} }}\n\n\
         [workspace]\n\n\
         # A failing case is reported by number, never by a backtrace: no debug info to store.\n\
         [profile.dev]\ndebug = false\n",
        path_of("runtime"),
        path_of("conformance"),
    );
    let manifest_path = scratch.join("Cargo.toml");
    fs::write(&manifest_path, manifest).map_err(|e| failed(&manifest_path, e))?;
    let lock = scratch.join("Cargo.lock");
    if !lock.exists() {
        let ours = root.join("Cargo.lock");
        fs::copy(&ours, &lock).map_err(|e| failed(&ours, e))?;
    }

    let runnable: Vec<&Service> = services.iter().filter(|s| s.refused.is_none()).collect();
    let mut main = String::from(
        "//! Written by `cargo xtask endpoints`. Usage: endpoint-cases CASES_DIR\n\n\
         #![allow(unused)]\n\n\
         use awsgen_conformance::endpoint::run_cases;\n\n\
         mod services {\n",
    );
    for service in &runnable {
        writeln!(main, "    pub mod {};", service.module).expect("writing to a String");
    }
    main.push_str(
        "}\n\n\
         type Runner = fn(&str) -> Result<(usize, Vec<awsgen_conformance::endpoint::CaseFailure>), String>;\n\n\
         const SERVICES: &[(&str, Runner)] = &[\n",
    );
    for service in &runnable {
        writeln!(
            main,
            "    ({:?}, |text| run_cases(text, services::{m}::params, services::{m}::resolve)),",
            service.name,
            m = service.module
        )
        .expect("writing to a String");
    }
    main.push_str(
        "];\n\n\
         /// One tab-separated line per service and per failed case; tabs and line breaks in\n\
         /// the text are spaces, so that each record is one line.\n\
         fn main() {\n\
         \x20   let dir = std::env::args().nth(1).expect(\"the cases directory\");\n\
         \x20   let clean = |text: &str| text.replace(['\\t', '\\n', '\\r'], \" \");\n\
         \x20   for (service, run) in SERVICES {\n\
         \x20       let path = format!(\"{dir}/{service}.json\");\n\
         \x20       let outcome = std::fs::read_to_string(&path).map_err(|e| e.to_string()).and_then(|text| run(&text));\n\
         \x20       match outcome {\n\
         \x20           Ok((cases, failures)) => {\n\
         \x20               println!(\"cases\\t{service}\\t{cases}\");\n\
         \x20               for failure in failures {\n\
         \x20                   println!(\"fail\\t{service}\\t{}\\t{}\\t{}\", failure.number, clean(&failure.documentation), clean(&failure.reason));\n\
         \x20               }\n\
         \x20           }\n\
         \x20           Err(message) => println!(\"broken\\t{service}\\t{}\", clean(&message)),\n\
         \x20       }\n\
         \x20   }\n\
         }\n",
    );
    let main_path = scratch.join("src/main.rs");
    fs::write(&main_path, main).map_err(|e| failed(&main_path, e))?;
    Ok(())
}

/// Builds and runs the case runner, and reads its report.
fn run_crate(scratch: &Path, cases: &Path) -> Result<BTreeMap<String, Outcome>, Failure> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(scratch)
        .args(["run", "--quiet", "--"])
        .arg(cases)
        // Its own target directory, as the sweep's: the caller's would be rebuilt in turn.
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .output()
        .map_err(|e| Failure::Failed(format!("running cargo run: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(Failure::Failed(format!(
            "the case runner in {} did not build or run:\n{}",
            scratch.display(),
            tail.join("\n")
        )));
    }
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields[..] {
            ["cases", service, count] => {
                outcomes.entry(service.to_owned()).or_default().cases =
                    count.parse().unwrap_or_default();
            }
            ["fail", service, number, documentation, reason] => {
                outcomes
                    .entry(service.to_owned())
                    .or_default()
                    .failures
                    .push((
                        number.parse().unwrap_or_default(),
                        documentation.to_owned(),
                        reason.to_owned(),
                    ));
            }
            ["broken", service, message] => {
                outcomes.entry(service.to_owned()).or_default().broken = Some(message.to_owned());
            }
            _ => {
                return Err(Failure::Failed(format!(
                    "the case runner printed an unexpected line: {line}"
                )));
            }
        }
    }
    Ok(outcomes)
}

/// How many cases a test file holds, for a service whose rules were refused.
fn count_cases(cases: &[u8]) -> usize {
    serde_json::from_slice::<serde_json::Value>(cases)
        .ok()
        .and_then(|file| file["testCases"].as_array().map(Vec::len))
        .unwrap_or(0)
}

/// Every difference from the `known` failures: a failure it does not list, a listed case
/// that passes, a service that did not run. With `partial` (`--only`), listed cases of
/// services that did not run are not looked at.
fn problems(
    services: &[Service],
    outcomes: &BTreeMap<String, Outcome>,
    known: &[(&str, usize, &str)],
    partial: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for service in services {
        let Some(outcome) = outcomes.get(&service.name) else {
            problems.push(format!(
                "{}: the case runner did not report it",
                service.name
            ));
            continue;
        };
        if let Some(message) = &outcome.broken {
            problems.push(format!("{}: {message}", service.name));
        }
        for (number, documentation, reason) in &outcome.failures {
            let listed = known
                .iter()
                .any(|(name, case, _)| *name == service.name && case == number);
            if listed {
                seen.insert((service.name.as_str(), *number));
            } else {
                problems.push(format!(
                    "{} case {number} ({documentation}): {reason}",
                    service.name
                ));
            }
        }
    }
    let ran: BTreeSet<&str> = services.iter().map(|s| s.name.as_str()).collect();
    for (name, case, reason) in known {
        if (!partial || ran.contains(name)) && !seen.contains(&(*name, *case)) {
            problems.push(format!(
                "{name} case {case} passes, but is listed as failing ({reason}): take it off KNOWN_FAILURES"
            ));
        }
    }
    problems
}

fn render_report(
    version: &str,
    services: &[Service],
    outcomes: &BTreeMap<String, Outcome>,
) -> String {
    let total: usize = outcomes.values().map(|o| o.cases).sum();
    let failed: usize = outcomes.values().map(|o| o.failures.len()).sum();
    let broken: Vec<&str> = services
        .iter()
        .filter(|s| outcomes.get(&s.name).is_none_or(|o| o.broken.is_some()))
        .map(|s| s.name.as_str())
        .collect();
    let mut report = format!(
        "# Endpoint cases of botocore {version}\n\n\
         | services | cases | passed | failed | services that did not run |\n\
         |---:|---:|---:|---:|---:|\n\
         | {} | {total} | {} | {failed} | {} |\n",
        services.len(),
        total - failed - broken_cases(&broken, outcomes),
        broken.len(),
    );
    for (name, outcome) in outcomes {
        if let Some(message) = &outcome.broken {
            write!(report, "\n- **{name}** did not run: {message}").expect("writing to a String");
        }
        for (number, documentation, reason) in &outcome.failures {
            write!(
                report,
                "\n- {name} case {number} ({documentation}): {reason}"
            )
            .expect("writing to a String");
        }
    }
    report.push('\n');
    report
}

fn broken_cases(broken: &[&str], outcomes: &BTreeMap<String, Outcome>) -> usize {
    broken
        .iter()
        .filter_map(|name| outcomes.get(*name))
        .map(|o| o.cases)
        .sum()
}

fn failed(path: &Path, error: std::io::Error) -> Failure {
    Failure::Failed(format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(name: &str) -> Service {
        Service {
            name: name.to_owned(),
            module: module_name(name),
            cases: Vec::new(),
            refused: None,
        }
    }

    fn failing(cases: usize, numbers: &[usize]) -> Outcome {
        Outcome {
            cases,
            failures: numbers
                .iter()
                .map(|n| (*n, "doc".to_owned(), "url differs".to_owned()))
                .collect(),
            broken: None,
        }
    }

    #[test]
    fn module_names_are_rust_identifiers() {
        assert_eq!(module_name("iot-data"), "iot_data");
        assert_eq!(module_name("s3"), "s3");
        assert_eq!(module_name("2fa"), "service_2fa");
        assert_eq!(module_name("type"), "type_");
    }

    #[test]
    fn only_unlisted_failures_and_listed_passes_are_problems() {
        let services = [service("kms"), service("sqs")];
        let outcomes = BTreeMap::from([
            ("kms".to_owned(), failing(10, &[2, 3])),
            ("sqs".to_owned(), failing(5, &[])),
        ]);
        let known = [("kms", 2, "a reason"), ("sqs", 4, "fixed since")];
        let problems = problems(&services, &outcomes, &known, false);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("kms case 3 (doc)"), "{problems:?}");
        assert!(problems[1].starts_with("sqs case 4 passes"), "{problems:?}");
    }

    #[test]
    fn a_partial_run_skips_listed_cases_of_services_it_did_not_run() {
        let services = [service("kms")];
        let outcomes = BTreeMap::from([("kms".to_owned(), failing(10, &[]))]);
        let known = [("sqs", 4, "a reason")];
        assert!(problems(&services, &outcomes, &known, true).is_empty());
        assert_eq!(problems(&services, &outcomes, &known, false).len(), 1);
    }

    #[test]
    fn a_service_that_did_not_run_is_a_problem() {
        let services = [service("kms"), service("sqs")];
        let mut broken = failing(3, &[]);
        broken.broken = Some("refused: a reason".to_owned());
        let outcomes = BTreeMap::from([("kms".to_owned(), broken)]);
        let problems = problems(&services, &outcomes, &[], false);
        assert_eq!(
            problems,
            [
                "kms: refused: a reason",
                "sqs: the case runner did not report it"
            ]
        );
    }
}

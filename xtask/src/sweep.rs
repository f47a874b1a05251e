//! `cargo xtask sweep`: generate every service model of the pinned botocore release (or of
//! a tarball of Smithy models) and compile the crates, to see the generator against the whole
//! corpus rather than the few services committed under `generated/`.
//!
//! Each model is generated in process, as `cargo xtask codegen` would, into a scratch Cargo
//! workspace (`target/sweep/`) whose members are the generated crates and whose one target
//! directory builds the runtime once. One `cargo check` with warnings denied then compiles
//! them all, and its JSON messages are attributed to the crates that caused them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use awsgen_codegen::ir::OmittedOperation;
use awsgen_codegen::{Error, GeneratedCrate, ModelFiles, ModelFormat, Source};
use serde_json::Value;

use crate::Failure;
use crate::fetch_model::{self, ServiceFiles};

const HELP: &str = "\
usage: cargo xtask sweep [--tarball FILE | --smithy FILE] [--only A,B] [--protocol P]
                         [--no-check] [--jobs N]

Generates every service of the pinned botocore release (model/botocore.lock), at its newest
API version with its paginators and endpoint rules — or, with --smithy, every Smithy JSON AST
model in a .tar.gz — into the scratch workspace target/sweep/,
then runs one `cargo check --workspace` over it with warnings denied. Prints, and writes to
target/sweep/report.md: counts by protocol (as the generator chooses it), every refusal
grouped by reason, every operation left out of a generated crate, and the first error of
each crate that failed to compile.

Exits 1 when a json (awsJson), rest-json, query or ec2 model is refused or does not compile
cleanly; refusals of the protocols still to come (rest-xml, smithy-rpc-v2-cbor) are expected.

options:
  --tarball FILE   use this copy of the release (its SHA-256 is still checked) instead of
                   target/botocore/, where the first run keeps what pip downloads
  --smithy FILE    sweep the Smithy models (*.json) in this .tar.gz instead, such as
                   ../shared/models/smithy/aws-api-models-2025-04.tar.gz; paginators and
                   endpoint rules come from each model's traits
  --only A,B       only these services (botocore's directory names, e.g. dynamodb,kinesis;
                   with --smithy, the models' file names without .json)
  --protocol P     only models whose chosen protocol is P (json, rest-json, rest-xml,
                   smithy-rpc-v2-cbor, query, ec2)
  --no-check       generate only; do not run cargo check
  --jobs N         cargo's -j for the check (default: cargo's own)

cargo check always runs with --keep-going, so one crate's errors do not hide another's.
";

/// The protocols whose generation is implemented: a model of one of these that is refused
/// or does not compile fails the sweep.
const IMPLEMENTED: &[&str] = &["json", "rest-json", "query", "ec2"];

#[derive(Default)]
struct Args {
    tarball: Option<PathBuf>,
    smithy: Option<PathBuf>,
    only: Option<BTreeSet<String>>,
    protocol: Option<String>,
    no_check: bool,
    jobs: Option<String>,
}

/// One model of the release and what became of it.
struct Model {
    /// botocore's directory name for the service.
    service: String,
    version: String,
    /// The protocol the generator chooses for it (`unknown` when the metadata is unreadable).
    protocol: String,
    outcome: Outcome,
}

enum Outcome {
    Generated {
        crate_name: String,
        omitted: Vec<OmittedOperation>,
    },
    Refused(Refusal),
}

/// Why the generator refused a model: `reason` is what refusals of the same cause share,
/// `detail` the generator's whole message.
struct Refusal {
    reason: String,
    detail: String,
}

/// One model to generate, from either corpus.
pub struct Input {
    /// botocore's directory name, or the Smithy model's file name without `.json`.
    service: String,
    version: String,
    format: ModelFormat,
    model: File,
    paginators: Option<File>,
    endpoint_rules: Option<File>,
}

/// A file's path (as errors and generated headers name it) and its contents.
struct File {
    path: String,
    bytes: Vec<u8>,
}

impl Input {
    /// Hands `f` the files as the generator takes them.
    pub fn with_model_files<R>(&self, f: impl FnOnce(&ModelFiles<'_>) -> R) -> R {
        let texts = [
            Some(&self.model),
            self.paginators.as_ref(),
            self.endpoint_rules.as_ref(),
        ]
        .map(|file| file.map(|f| (f.path.as_str(), String::from_utf8_lossy(&f.bytes))));
        let source = |index: usize| {
            texts[index]
                .as_ref()
                .map(|(file, text)| Source { file, text })
        };
        f(&ModelFiles {
            model: source(0).expect("every service has a model"),
            format: self.format,
            paginators: source(1),
            endpoint_rules: source(2),
        })
    }

    pub fn from_botocore(files: ServiceFiles) -> Input {
        let [model, paginators, endpoint_rules] = [
            "service-2.json",
            "paginators-1.json",
            "endpoint-rule-set-1.json",
        ]
        .map(|name| files.path(name));
        Input {
            model: File {
                path: model,
                bytes: files.model,
            },
            paginators: files.paginators.map(|bytes| File {
                path: paginators,
                bytes,
            }),
            endpoint_rules: files.endpoint_rules.map(|bytes| File {
                path: endpoint_rules,
                bytes,
            }),
            format: ModelFormat::Botocore,
            service: files.service,
            version: files.version,
        }
    }

    /// The protocol the generator would choose, read from the model alone so that refused
    /// models are counted under their protocol too (`unknown` when that cannot be read).
    fn protocol(&self) -> String {
        let text = String::from_utf8_lossy(&self.model.bytes);
        let chosen = match self.format {
            ModelFormat::Botocore => botocore_protocol(&self.model.bytes),
            ModelFormat::Smithy => {
                awsgen_codegen::smithy_protocol(&self.model.path, &text).map(str::to_owned)
            }
        };
        chosen.unwrap_or_else(|| "unknown".to_owned())
    }
}

/// The models of the pinned botocore release (each service at its newest API version), and
/// the release's name.
fn botocore_inputs(args: &Args, root: &Path) -> Result<(String, Vec<Input>), Failure> {
    let (lock, bytes) =
        fetch_model::release(args.tarball.as_deref(), Some(&root.join("target/botocore")))
            .map_err(Failure::Failed)?;
    let services = fetch_model::newest_services(&lock, &bytes).map_err(Failure::Failed)?;
    let inputs = services.into_iter().map(Input::from_botocore).collect();
    Ok((format!("{} {}", lock.package, lock.version), inputs))
}

/// Every `*.json` in a tarball of Smithy models, and the tarball's name.
fn smithy_inputs(tarball: &Path) -> Result<(String, Vec<Input>), Failure> {
    let inputs = smithy_models(tarball)?
        .into_iter()
        .map(|(service, path, text)| Input {
            service,
            version: "-".to_owned(),
            format: ModelFormat::Smithy,
            model: File {
                path,
                bytes: text.into_bytes(),
            },
            paginators: None,
            endpoint_rules: None,
        })
        .collect();
    let name = tarball.file_name().map_or_else(
        || tarball.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((format!("the Smithy models of {name}"), inputs))
}

/// The `*.json` files of a tarball of Smithy models as (file name without `.json`, path in
/// the tarball, text), sorted by name.
pub fn smithy_models(tarball: &Path) -> Result<Vec<(String, String, String)>, Failure> {
    let failed = |e: std::io::Error| Failure::Failed(format!("reading {}: {e}", tarball.display()));
    let file = fs::File::open(tarball).map_err(failed)?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut models = Vec::new();
    for entry in archive.entries().map_err(failed)? {
        let mut entry = entry.map_err(failed)?;
        let path = entry.path().map_err(failed)?.to_string_lossy().into_owned();
        let Some(stem) = path
            .rsplit('/')
            .next()
            .and_then(|name| name.strip_suffix(".json"))
        else {
            continue;
        };
        let stem = stem.to_owned();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).map_err(failed)?;
        models.push((stem, path, text));
    }
    models.sort();
    Ok(models)
}

pub fn run(args: &[String]) -> Result<(), Failure> {
    let args = parse_args(args)?;
    let root = crate::workspace_root();
    let scratch = root.join("target/sweep");
    let started = Instant::now();

    let (release, services) = match &args.smithy {
        Some(tarball) => smithy_inputs(tarball)?,
        None => botocore_inputs(&args, &root)?,
    };
    let services = select(services, &args)?;

    let runtime = format!(
        "{{ path = {:?} }}",
        root.join("runtime").display().to_string()
    );
    let mut models = Vec::new();
    let mut crates = BTreeMap::new();
    for files in &services {
        let protocol = files.protocol();
        if args.protocol.as_ref().is_some_and(|p| *p != protocol) {
            continue;
        }
        let (outcome, generated) = generate(files, &runtime);
        if let Some(generated) = generated {
            crates.insert(files.service.clone(), generated);
        }
        models.push(Model {
            service: files.service.clone(),
            version: files.version.clone(),
            protocol,
            outcome,
        });
    }
    if models.is_empty() {
        return Err(Failure::Usage(
            "no model matches --only and --protocol".to_owned(),
        ));
    }
    let generating = started.elapsed();
    eprintln!(
        "sweep: generated {} of {} models in {:.1} s",
        crates.len(),
        models.len(),
        generating.as_secs_f64()
    );
    write_workspace(&scratch, &crates).map_err(Failure::Failed)?;

    let checks = if args.no_check || crates.is_empty() {
        None
    } else {
        Some(
            check_workspace(&scratch, args.jobs.as_deref(), crates.len())
                .map_err(Failure::Failed)?,
        )
    };
    let timing = Timing {
        generating,
        total: started.elapsed(),
    };
    let report = render_report(&release, &models, checks.as_ref(), &timing);
    print!("{report}");
    let path = scratch.join("report.md");
    fs::write(&path, &report)
        .map_err(|e| Failure::Failed(format!("writing {}: {e}", path.display())))?;
    eprintln!("sweep: report written to {}", path.display());

    let failed = failures(&models, checks.as_ref());
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Failed(format!(
            "{} model(s) of the implemented protocols did not generate and compile cleanly: {}",
            failed.len(),
            failed.join(", ")
        )))
    }
}

fn parse_args(args: &[String]) -> Result<Args, Failure> {
    let mut parsed = Args::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("sweep: {flag} needs a value")))
        };
        match arg.as_str() {
            "--tarball" => parsed.tarball = Some(PathBuf::from(value("--tarball")?)),
            "--smithy" => parsed.smithy = Some(PathBuf::from(value("--smithy")?)),
            "--only" => parsed.only = Some(crate::name_list(&value("--only")?)),
            "--protocol" => parsed.protocol = Some(value("--protocol")?),
            "--jobs" | "-j" => parsed.jobs = Some(value("--jobs")?),
            "--no-check" => parsed.no_check = true,
            "-h" | "--help" => {
                print!("{HELP}");
                std::process::exit(0);
            }
            other => {
                return Err(Failure::Usage(format!(
                    "sweep: unexpected argument `{other}`\n\n{HELP}"
                )));
            }
        }
    }
    if parsed.tarball.is_some() && parsed.smithy.is_some() {
        return Err(Failure::Usage(
            "sweep: --tarball and --smithy name two corpora; give one".to_owned(),
        ));
    }
    Ok(parsed)
}

/// Keeps the services `--only` names; a name the release does not have is a usage error,
/// so that a typo is not mistaken for a clean sweep.
fn select(services: Vec<Input>, args: &Args) -> Result<Vec<Input>, Failure> {
    let Some(only) = &args.only else {
        return Ok(services);
    };
    let known: BTreeSet<&str> = services.iter().map(|s| s.service.as_str()).collect();
    let unknown: Vec<&str> = only
        .iter()
        .map(String::as_str)
        .filter(|name| !known.contains(name))
        .collect();
    if !unknown.is_empty() {
        return Err(Failure::Usage(format!(
            "sweep: the release has no service {}",
            unknown.join(", ")
        )));
    }
    Ok(services
        .into_iter()
        .filter(|s| only.contains(&s.service))
        .collect())
}

/// The protocol the generator would choose for a botocore model, from its metadata alone.
fn botocore_protocol(model: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        metadata: awsgen_codegen::reader::botocore::Metadata,
    }
    let head = serde_json::from_slice::<Head>(model).ok()?;
    Some(awsgen_codegen::ir::chosen_protocol(&head.metadata).to_owned())
}

/// Generates one service's crate, named after botocore's directory (endpoint prefixes are
/// not unique across services), or says why the generator refused it.
fn generate(files: &Input, runtime: &str) -> (Outcome, Option<GeneratedCrate>) {
    let crate_name = crate_name(&files.service);
    let generated = files.with_model_files(|model_files| {
        crate::codegen::generate_crate(model_files, Some(&crate_name), runtime.to_owned(), None)
    });
    match generated {
        Ok((service, generated)) => (
            Outcome::Generated {
                crate_name,
                omitted: service.omitted,
            },
            Some(generated),
        ),
        Err(error) => (Outcome::Refused(refusal(&error)), None),
    }
}

/// `awsgen-<service>`, with anything a package name cannot hold turned into `-`.
fn crate_name(service: &str) -> String {
    let name: String = service
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("awsgen-{name}")
}

/// What a refusal shares with refusals of the same cause: the construct an unsupported model
/// uses (protocol, signature version, JMESPath expression — the names matter there); for a
/// model the generator calls invalid or malformed, the complaint with its quoted names
/// elided, since they differ from model to model.
fn refusal(error: &Error) -> Refusal {
    let reason = match error {
        Error::Unsupported { what, .. } => format!("unsupported: {what}"),
        Error::Invalid { what, .. } => format!("invalid: {}", elide_quoted(what)),
        Error::Model(error) => format!("malformed: {}", elide_quoted(&error.message)),
        Error::UnknownOperation { .. } => "unknown operation".to_owned(),
    };
    Refusal {
        reason: one_line(&reason),
        detail: one_line(&error.to_string()),
    }
}

fn elide_quoted(text: &str) -> String {
    let mut general = String::new();
    for (index, piece) in text.split('`').enumerate() {
        // Odd pieces are the insides of backquotes.
        general += if index % 2 == 1 { "`…`" } else { piece };
    }
    general
}

fn one_line(text: &str) -> String {
    text.replace(['\t', '\n'], " ")
}

/// Writes the scratch workspace: the generated crates under `crates/`, a manifest naming
/// exactly this run's crates as members (crates of earlier runs stay on disk, unchanged
/// files untouched, so a rerun rechecks only what changed), and the repository's lock file
/// when there is none yet, so the check needs no registry index.
fn write_workspace(
    scratch: &Path,
    crates: &BTreeMap<String, GeneratedCrate>,
) -> Result<(), String> {
    let failure = |failure: Failure| match failure {
        Failure::Usage(message) | Failure::Failed(message) => message,
    };
    for (service, generated) in crates {
        crate::codegen::write_crate(generated, &scratch.join("crates").join(service))
            .map_err(failure)?;
    }
    let members: String = crates
        .keys()
        .map(|service| format!("    \"crates/{service}\",\n"))
        .collect();
    let manifest = format!(
        "# Written by `cargo xtask sweep`: the crates it generated, checked together.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n{members}]\n"
    );
    let path = scratch.join("Cargo.toml");
    fs::write(&path, manifest).map_err(|e| format!("writing {}: {e}", path.display()))?;
    let lock = scratch.join("Cargo.lock");
    if !lock.exists() {
        let ours = crate::workspace_root().join("Cargo.lock");
        fs::copy(&ours, &lock).map_err(|e| format!("copying {}: {e}", ours.display()))?;
    }
    Ok(())
}

/// What `cargo check` said about each compiled target, by target name (`awsgen_dynamodb`).
#[derive(Default)]
struct Checks {
    targets: HashMap<String, TargetCheck>,
    /// cargo's own verdict, and its stderr when it failed, for failures no target explains
    /// (a manifest cargo cannot read, say).
    success: bool,
    stderr_tail: String,
}

#[derive(Default)]
struct TargetCheck {
    /// cargo finished the target (a `compiler-artifact`), so its messages are all in.
    finished: bool,
    errors: usize,
    warnings: usize,
    first_error: Option<String>,
}

impl TargetCheck {
    fn clean(&self) -> bool {
        self.finished && self.errors == 0 && self.warnings == 0
    }
}

impl Checks {
    /// Takes one line of `--message-format=json` output (other lines are ignored); true when
    /// it says a compile unit is done.
    fn absorb(&mut self, line: &str) -> bool {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            return false;
        };
        let target = message["target"]["name"].as_str().unwrap_or_default();
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                self.targets.entry(target.to_owned()).or_default().finished = true;
                return true;
            }
            Some("compiler-message") => {
                let diagnostic = &message["message"];
                let text = diagnostic["message"].as_str().unwrap_or_default();
                // rustc's summary lines repeat what the diagnostics before them said.
                if text.starts_with("aborting due to") {
                    return false;
                }
                let entry = self.targets.entry(target.to_owned()).or_default();
                match diagnostic["level"].as_str() {
                    Some("error" | "error: internal compiler error") => {
                        entry.errors += 1;
                        if entry.first_error.is_none() {
                            let rendered = diagnostic["rendered"].as_str().unwrap_or(text);
                            entry.first_error = Some(rendered.trim_end().to_owned());
                        }
                    }
                    Some("warning") => entry.warnings += 1,
                    _ => {}
                }
            }
            Some("build-finished") => self.success = message["success"] == true,
            _ => {}
        }
        false
    }

    fn of(&self, crate_name: &str) -> Option<&TargetCheck> {
        self.targets.get(&crate_name.replace('-', "_"))
    }
}

/// Runs one `cargo check` over the scratch workspace with warnings denied, reading its JSON
/// messages as they come and counting crates done for progress.
fn check_workspace(scratch: &Path, jobs: Option<&str>, total: usize) -> Result<Checks, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(scratch)
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ])
        // Its own target directory: a CARGO_TARGET_DIR inherited from the caller would mix
        // the sweep's flags into the repository's builds and rebuild both in turn.
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(jobs) = jobs {
        command.args(["-j", jobs]);
    }
    eprintln!(
        "sweep: cargo check of {total} crates in {}",
        scratch.display()
    );
    let mut child = command
        .spawn()
        .map_err(|e| format!("running cargo check: {e}"))?;
    // stderr is drained on a thread so that neither pipe can fill and stall cargo.
    let stderr = child.stderr.take().expect("piped");
    let stderr = std::thread::spawn(move || {
        let mut tail: Vec<String> = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            tail.push(line);
            if tail.len() > 40 {
                tail.remove(0);
            }
        }
        tail.join("\n")
    });
    let mut checks = Checks::default();
    let stdout = child.stdout.take().expect("piped");
    let mut done = 0;
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        if checks.absorb(&line) {
            done += 1;
            if done % 10 == 0 {
                eprintln!("sweep: {done} compile units checked");
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for cargo check: {e}"))?;
    checks.stderr_tail = stderr.join().unwrap_or_default();
    checks.success &= status.success();
    Ok(checks)
}

struct Timing {
    generating: Duration,
    total: Duration,
}

/// The per-protocol figures of the report's table.
#[derive(Default)]
struct Counts {
    models: usize,
    generated: usize,
    clean: usize,
    failed: usize,
    unchecked: usize,
    refused: usize,
}

/// What became of a generated crate in the check.
#[derive(PartialEq)]
enum Compiled {
    Clean,
    Failed,
    /// Never finished: a dependency failed, or cargo stopped before it.
    Unchecked,
}

fn compiled(checks: &Checks, crate_name: &str) -> Compiled {
    match checks.of(crate_name) {
        Some(check) if check.clean() => Compiled::Clean,
        Some(check) if check.errors > 0 || check.warnings > 0 => Compiled::Failed,
        _ => Compiled::Unchecked,
    }
}

fn counts<'a>(models: &'a [Model], checks: Option<&Checks>) -> BTreeMap<&'a str, Counts> {
    let mut by_protocol: BTreeMap<&str, Counts> = BTreeMap::new();
    for model in models {
        let row = by_protocol.entry(model.protocol.as_str()).or_default();
        row.models += 1;
        match &model.outcome {
            Outcome::Refused(_) => row.refused += 1,
            Outcome::Generated { crate_name, .. } => {
                row.generated += 1;
                match checks.map(|checks| compiled(checks, crate_name)) {
                    Some(Compiled::Clean) => row.clean += 1,
                    Some(Compiled::Failed) => row.failed += 1,
                    Some(Compiled::Unchecked) => row.unchecked += 1,
                    None => {}
                }
            }
        }
    }
    by_protocol
}

/// The services of implemented protocols that were refused or did not compile cleanly.
fn failures(models: &[Model], checks: Option<&Checks>) -> Vec<String> {
    models
        .iter()
        .filter(|model| IMPLEMENTED.contains(&model.protocol.as_str()))
        .filter(|model| match &model.outcome {
            Outcome::Refused(_) => true,
            Outcome::Generated { crate_name, .. } => {
                checks.is_some_and(|checks| compiled(checks, crate_name) != Compiled::Clean)
            }
        })
        .map(|model| model.service.clone())
        .collect()
}

fn render_report(
    release: &str,
    models: &[Model],
    checks: Option<&Checks>,
    timing: &Timing,
) -> String {
    let mut out = format!("# Sweep of {release}\n\n");
    out += &format!(
        "{} models (each service at its newest API version); generating took {:.1} s, the \
         whole sweep {:.1} s{}.\n\n",
        models.len(),
        timing.generating.as_secs_f64(),
        timing.total.as_secs_f64(),
        if checks.is_none() {
            " (not compiled: --no-check)"
        } else {
            ""
        }
    );
    out += &counts_table(&counts(models, checks));
    out += &refusals_section(models);
    out += &omitted_section(models);
    if let Some(checks) = checks {
        out += &failures_section(models, checks);
    }
    out
}

fn counts_table(counts: &BTreeMap<&str, Counts>) -> String {
    let mut out = String::from(
        "| protocol | models | generated | compiled clean | failed to compile | not checked | refused |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut total = Counts::default();
    let row = |name: &str, c: &Counts| {
        format!(
            "| {name} | {} | {} | {} | {} | {} | {} |\n",
            c.models, c.generated, c.clean, c.failed, c.unchecked, c.refused
        )
    };
    for (protocol, c) in counts {
        out += &row(protocol, c);
        total.models += c.models;
        total.generated += c.generated;
        total.clean += c.clean;
        total.failed += c.failed;
        total.unchecked += c.unchecked;
        total.refused += c.refused;
    }
    out += &row("**all**", &total);
    out + "\n"
}

/// Refusals grouped by reason, the most common first; each service with the generator's
/// whole message, which names the shape or operation.
fn refusals_section(models: &[Model]) -> String {
    let mut groups: BTreeMap<&str, Vec<(&Model, &Refusal)>> = BTreeMap::new();
    for model in models {
        if let Outcome::Refused(refusal) = &model.outcome {
            groups
                .entry(&refusal.reason)
                .or_default()
                .push((model, refusal));
        }
    }
    let total: usize = groups.values().map(Vec::len).sum();
    let mut out = format!("## Refused ({total})\n\n");
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    for (reason, refused) in groups {
        let services: Vec<&str> = refused.iter().map(|(m, _)| m.service.as_str()).collect();
        out += &format!(
            "- {reason} — {} model(s): {}\n",
            refused.len(),
            services.join(", ")
        );
        for (model, refusal) in refused {
            out += &format!(
                "  - {} ({}): {}\n",
                model.service, model.protocol, refusal.detail
            );
        }
    }
    out + "\n"
}

fn omitted_section(models: &[Model]) -> String {
    let mut lines = String::new();
    let mut total = 0;
    for model in models {
        let Outcome::Generated { omitted, .. } = &model.outcome else {
            continue;
        };
        for op in omitted {
            total += 1;
            lines += &format!("- {} `{}`: {}\n", model.service, op.name, op.reason);
        }
    }
    format!("## Operations left out of generated crates ({total})\n\n{lines}\n")
}

fn failures_section(models: &[Model], checks: &Checks) -> String {
    let mut out = String::new();
    let mut failed = 0;
    let mut unchecked = Vec::new();
    for model in models {
        let Outcome::Generated { crate_name, .. } = &model.outcome else {
            continue;
        };
        match compiled(checks, crate_name) {
            Compiled::Clean => {}
            Compiled::Unchecked => unchecked.push(model.service.as_str()),
            Compiled::Failed => {
                failed += 1;
                let check = checks.of(crate_name).expect("failed crates were seen");
                out += &format!(
                    "### {} ({} {}, {} error(s), {} warning(s))\n\n",
                    model.service, model.protocol, model.version, check.errors, check.warnings
                );
                let first = check.first_error.as_deref().unwrap_or("(warnings only)");
                out += &format!("```\n{}\n```\n\n", first_lines(first, 30));
            }
        }
    }
    let mut section = format!("## Failed to compile ({failed})\n\n{out}");
    // Targets that are not generated crates (the runtime) failing explain the unchecked ones.
    let ours: BTreeSet<String> = models
        .iter()
        .filter_map(|model| match &model.outcome {
            Outcome::Generated { crate_name, .. } => Some(crate_name.replace('-', "_")),
            Outcome::Refused(_) => None,
        })
        .collect();
    let mut others: Vec<_> = checks
        .targets
        .iter()
        .filter(|(name, check)| !ours.contains(*name) && check.errors + check.warnings > 0)
        .collect();
    others.sort_by_key(|(name, _)| name.as_str());
    for (name, check) in others {
        let first = check.first_error.as_deref().unwrap_or("(warnings only)");
        section += &format!(
            "### dependency {name} ({} error(s), {} warning(s))\n\n```\n{}\n```\n\n",
            check.errors,
            check.warnings,
            first_lines(first, 30)
        );
    }
    if !unchecked.is_empty() {
        section += &format!(
            "## Not checked ({})\n\ncargo did not finish these: {}\n\n",
            unchecked.len(),
            unchecked.join(", ")
        );
        if !checks.success {
            section += &format!(
                "The end of cargo's stderr:\n\n```\n{}\n```\n\n",
                checks.stderr_tail
            );
        }
    }
    section
}

fn first_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= count {
        return text.to_owned();
    }
    format!(
        "{}\n… ({} more lines)",
        lines[..count].join("\n"),
        lines.len() - count
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(service: &str, protocol: &str) -> Model {
        Model {
            service: service.to_owned(),
            version: "2024-01-01".to_owned(),
            protocol: protocol.to_owned(),
            outcome: Outcome::Generated {
                crate_name: crate_name(service),
                omitted: Vec::new(),
            },
        }
    }

    fn refused(service: &str, protocol: &str, reason: &str) -> Model {
        Model {
            service: service.to_owned(),
            version: "2024-01-01".to_owned(),
            protocol: protocol.to_owned(),
            outcome: Outcome::Refused(Refusal {
                reason: reason.to_owned(),
                detail: format!("{service}: {reason}"),
            }),
        }
    }

    fn artifact(target: &str) -> String {
        format!(r#"{{"reason":"compiler-artifact","target":{{"name":"{target}"}}}}"#)
    }

    fn message(target: &str, level: &str, text: &str) -> String {
        format!(
            r#"{{"reason":"compiler-message","target":{{"name":"{target}"}},
                "message":{{"level":"{level}","message":"{text}","rendered":"{level}: {text}\n"}}}}"#
        )
        .replace('\n', " ")
    }

    #[test]
    fn messages_are_attributed_to_their_crates_and_summaries_ignored() {
        let mut checks = Checks::default();
        for line in [
            artifact("awsgen_runtime"),
            artifact("awsgen_good"),
            message("awsgen_bad", "error", "mismatched types"),
            message("awsgen_bad", "error", "unused import"),
            message("awsgen_bad", "error", "aborting due to 2 previous errors"),
            message("awsgen_warned", "warning", "unused variable"),
            artifact("awsgen_warned"),
            "not json".to_owned(),
            r#"{"reason":"build-finished","success":false}"#.to_owned(),
        ] {
            checks.absorb(&line);
        }
        assert!(checks.of("awsgen-good").unwrap().clean());
        let bad = checks.of("awsgen-bad").unwrap();
        assert_eq!(bad.errors, 2);
        assert_eq!(bad.first_error.as_deref(), Some("error: mismatched types"));
        assert!(compiled(&checks, "awsgen-warned") == Compiled::Failed);
        assert!(compiled(&checks, "awsgen-bad") == Compiled::Failed);
        assert!(compiled(&checks, "awsgen-never-built") == Compiled::Unchecked);
        assert!(!checks.success);
    }

    #[test]
    fn one_corpus_at_a_time() {
        let args =
            |list: &[&str]| parse_args(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let parsed = args(&["--smithy", "models.tar.gz", "--only", "sts, iam"])
            .unwrap_or_else(|_| panic!("the arguments were refused"));
        assert_eq!(parsed.smithy.as_deref(), Some(Path::new("models.tar.gz")));
        assert_eq!(
            parsed.only.unwrap().into_iter().collect::<Vec<_>>(),
            ["iam", "sts"]
        );
        let Err(Failure::Usage(message)) = args(&["--tarball", "a.tgz", "--smithy", "b.tgz"])
        else {
            panic!("two corpora were accepted");
        };
        assert_eq!(
            message,
            "sweep: --tarball and --smithy name two corpora; give one"
        );
    }

    #[test]
    fn only_json_and_rest_json_models_fail_the_sweep() {
        let models = [
            generated("good", "json"),
            generated("bad", "rest-json"),
            generated("skipped", "json"),
            refused("xml", "rest-xml", "unsupported: the `rest-xml` protocol"),
            refused(
                "bearer",
                "rest-json",
                "unsupported: signature version `bearer`",
            ),
        ];
        let mut checks = Checks::default();
        checks.absorb(&artifact("awsgen_good"));
        checks.absorb(&message("awsgen_bad", "error", "oops"));
        assert_eq!(
            failures(&models, Some(&checks)),
            ["bad", "skipped", "bearer"]
        );
        // Without a check only refusals count.
        assert_eq!(failures(&models, None), ["bearer"]);

        let counts = counts(&models, Some(&checks));
        let json = &counts["json"];
        assert_eq!(
            (json.models, json.generated, json.clean, json.unchecked),
            (2, 2, 1, 1)
        );
        let rest_json = &counts["rest-json"];
        assert_eq!((rest_json.failed, rest_json.refused), (1, 1));
        assert_eq!(counts["rest-xml"].refused, 1);
    }

    #[test]
    fn the_report_groups_refusals_and_shows_first_errors() {
        let mut models = vec![
            refused("a", "query", "unsupported: the `query` protocol"),
            refused("b", "query", "unsupported: the `query` protocol"),
            refused("c", "ec2", "unsupported: the `ec2` protocol"),
            generated("bad", "json"),
        ];
        models.push(Model {
            outcome: Outcome::Generated {
                crate_name: crate_name("streams"),
                omitted: vec![OmittedOperation {
                    name: "Subscribe".to_owned(),
                    reason: "it streams events".to_owned(),
                }],
            },
            ..generated("streams", "rest-json")
        });
        let mut checks = Checks::default();
        checks.absorb(&message("awsgen_bad", "error", "oops"));
        checks.absorb(&artifact("awsgen_streams"));
        let timing = Timing {
            generating: Duration::from_secs(1),
            total: Duration::from_secs(2),
        };
        let report = render_report("botocore 1.0", &models, Some(&checks), &timing);
        assert!(
            report.contains("| query | 2 | 0 | 0 | 0 | 0 | 2 |"),
            "{report}"
        );
        assert!(
            report.contains("| **all** | 5 | 2 | 1 | 1 | 0 | 3 |"),
            "{report}"
        );
        let query = report
            .find("the `query` protocol — 2 model(s): a, b")
            .unwrap();
        let ec2 = report.find("the `ec2` protocol — 1 model(s): c").unwrap();
        assert!(query < ec2, "the most common reason comes first:\n{report}");
        assert!(report.contains("- streams `Subscribe`: it streams events"));
        assert!(report.contains("### bad (json 2024-01-01, 1 error(s), 0 warning(s))"));
        assert!(report.contains("```\nerror: oops\n```"));
    }

    #[test]
    fn invalid_models_share_a_reason_without_their_names() {
        let error = Error::Invalid {
            file: "f".to_owned(),
            subject: "Foo".to_owned(),
            what: "its Rust name `Foo` is taken by `Bar`".to_owned(),
        };
        let refusal = refusal(&error);
        assert_eq!(refusal.reason, "invalid: its Rust name `…` is taken by `…`");
        assert!(refusal.detail.contains("`Bar`"));
    }
}

//! `cargo xtask codegen`: regenerate the committed client crates, check that they are up to
//! date, or generate a client for any botocore rest-json model.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use awsgen_codegen::{CrateOptions, GeneratedCrate, Options, Source};

use crate::Failure;

const HELP: &str = "\
usage: cargo xtask codegen [--check]
       cargo xtask codegen --model PATH --out DIR [--crate-name NAME] [--operations A,B]

Without --model, regenerates every committed crate under generated/ from model/, and the
runtime's partition table (runtime/src/endpoint/partitions.rs) from model/partitions.json.
  --check             write nothing; exit 1 and name the files that differ
  --model PATH        a botocore service-2.json to generate from
  --endpoint-rules PATH
                      the service's endpoint-rule-set-1.json (default: the one
                      next to the model)
  --out DIR           where to write that crate
  --crate-name NAME   its package name (default: awsgen-<endpoint prefix>)
  --operations A,B    generate only these operations and the shapes they reach
  --runtime-dep SPEC  the awsgen-runtime dependency for Cargo.toml
                      (default: a path dependency on this checkout's runtime/)
";

/// A committed crate: which model and endpoint rules it comes from and where it lives.
struct Target {
    model: &'static str,
    endpoint_rules: &'static str,
    out: &'static str,
    crate_name: &'static str,
}

const TARGETS: &[Target] = &[
    Target {
        model: "model/amplify/2017-07-25/service-2.json",
        endpoint_rules: "model/amplify/2017-07-25/endpoint-rule-set-1.json",
        out: "generated/amplify",
        crate_name: "awsgen-amplify",
    },
    // A small model with one of each construct, generated and compiled like a real client
    // so that constructs Amplify does not use are checked by the compiler and clippy too.
    Target {
        model: "tests/fixtures/codegen/constructs/service-2.json",
        endpoint_rules: "tests/fixtures/codegen/constructs/endpoint-rule-set-1.json",
        out: "tests/generated/constructs",
        crate_name: "awsgen-fixture-constructs",
    },
];

/// botocore's partition table, and the runtime file generated from it.
const PARTITIONS: &str = "model/partitions.json";
const PARTITIONS_TABLE: &str = "runtime/src/endpoint/partitions.rs";

#[derive(Default)]
struct Args {
    check: bool,
    model: Option<PathBuf>,
    endpoint_rules: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    operations: Option<Vec<String>>,
    runtime_dep: Option<String>,
}

pub fn run(args: &[String]) -> Result<(), Failure> {
    let args = parse_args(args)?;
    let root = workspace_root();
    match (&args.model, &args.out) {
        (None, None) => {
            let mut stale = Vec::new();
            for target in TARGETS {
                let depth = target.out.matches('/').count() + 1;
                let runtime = format!("{}runtime", "../".repeat(depth));
                let generated = generate(
                    (&root.join(target.model), target.model),
                    (&root.join(target.endpoint_rules), target.endpoint_rules),
                    target.crate_name,
                    format!("{{ path = {runtime:?} }}"),
                    args.operations.clone(),
                )?;
                let out = root.join(target.out);
                if args.check {
                    stale.extend(differences(&generated, &out, target.out)?);
                } else {
                    write_crate(&generated, &out)?;
                    println!("generated {} ({} files)", target.out, generated.files.len());
                }
            }
            let table = partitions_table(&root)?;
            let table_path = root.join(PARTITIONS_TABLE);
            if fs::read_to_string(&table_path).ok().as_deref() != Some(table.as_str()) {
                if args.check {
                    stale.push(format!("{PARTITIONS_TABLE} (changed)"));
                } else {
                    fs::write(&table_path, &table).map_err(|error| {
                        Failure::Failed(format!("{}: {error}", table_path.display()))
                    })?;
                    println!("generated {PARTITIONS_TABLE}");
                }
            }
            if stale.is_empty() {
                if args.check {
                    println!("generated/ is up to date");
                }
                Ok(())
            } else {
                Err(Failure::Failed(format!(
                    "generated/ is stale; run `cargo xtask codegen`. These files differ from what the models give:\n  {}",
                    stale.join("\n  ")
                )))
            }
        }
        (Some(model), Some(out)) => {
            let text_name = model.display().to_string();
            let runtime_dep = args.runtime_dep.clone().unwrap_or_else(|| {
                format!(
                    "{{ path = {:?} }}",
                    root.join("runtime").display().to_string()
                )
            });
            let crate_name = match &args.crate_name {
                Some(name) => name.clone(),
                None => default_crate_name(model)?,
            };
            let rules = match &args.endpoint_rules {
                Some(path) => path.clone(),
                None => {
                    let next_to_model = model.with_file_name("endpoint-rule-set-1.json");
                    if !next_to_model.exists() {
                        return Err(Failure::Failed(format!(
                            "{} does not exist: a client needs its service's endpoint rules; \
                             give them with --endpoint-rules PATH",
                            next_to_model.display()
                        )));
                    }
                    next_to_model
                }
            };
            let rules_name = rules.display().to_string();
            let generated = generate(
                (model, &text_name),
                (&rules, &rules_name),
                &crate_name,
                runtime_dep,
                args.operations.clone(),
            )?;
            if args.check {
                let stale = differences(&generated, out, &out.display().to_string())?;
                if !stale.is_empty() {
                    return Err(Failure::Failed(format!(
                        "these files differ:\n  {}",
                        stale.join("\n  ")
                    )));
                }
            } else {
                write_crate(&generated, out)?;
                println!(
                    "generated {} ({} files)",
                    out.display(),
                    generated.files.len()
                );
            }
            Ok(())
        }
        _ => Err(Failure::Usage("--model and --out go together".to_owned())),
    }
}

fn parse_args(args: &[String]) -> Result<Args, Failure> {
    let mut parsed = Args::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))
        };
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--model" => parsed.model = Some(PathBuf::from(value("--model")?)),
            "--endpoint-rules" => {
                parsed.endpoint_rules = Some(PathBuf::from(value("--endpoint-rules")?));
            }
            "--out" => parsed.out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => parsed.crate_name = Some(value("--crate-name")?),
            "--runtime-dep" => parsed.runtime_dep = Some(value("--runtime-dep")?),
            "--operations" => {
                let list = value("--operations")?;
                parsed.operations = Some(
                    list.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect(),
                );
            }
            "-h" | "--help" => {
                print!("{HELP}");
                std::process::exit(0);
            }
            other => {
                return Err(Failure::Usage(format!(
                    "unknown option `{other}`\n\n{HELP}"
                )));
            }
        }
    }
    Ok(parsed)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace root")
        .to_owned()
}

/// Generates a crate from a model and its endpoint rules, each given as (path to read,
/// name to show in errors and in the do-not-edit line).
fn generate(
    (model, model_name): (&Path, &str),
    (rules, rules_name): (&Path, &str),
    crate_name: &str,
    runtime_dependency: String,
    operations: Option<Vec<String>>,
) -> Result<GeneratedCrate, Failure> {
    let text = read(model)?;
    let rules_text = read(rules)?;
    let options = Options {
        crate_options: CrateOptions {
            crate_name: crate_name.to_owned(),
            version: "0.1.0".to_owned(),
            runtime_dependency,
            model_source: format!("`{model_name}`"),
        },
        operations,
    };
    awsgen_codegen::generate_from_botocore(
        Source {
            file: model_name,
            text: &text,
        },
        Source {
            file: rules_name,
            text: &rules_text,
        },
        &options,
    )
    .map_err(|error| Failure::Failed(error.to_string()))
}

fn read(path: &Path) -> Result<String, Failure> {
    fs::read_to_string(path)
        .map_err(|error| Failure::Failed(format!("cannot read {}: {error}", path.display())))
}

fn partitions_table(root: &Path) -> Result<String, Failure> {
    let text = read(&root.join(PARTITIONS))?;
    awsgen_codegen::partitions_table(Source {
        file: PARTITIONS,
        text: &text,
    })
    .map_err(|error| Failure::Failed(error.to_string()))
}

fn default_crate_name(model: &Path) -> Result<String, Failure> {
    let text = fs::read_to_string(model)
        .map_err(|error| Failure::Failed(format!("cannot read {}: {error}", model.display())))?;
    let parsed = awsgen_codegen::reader::botocore::parse(&model.display().to_string(), &text)
        .map_err(|error| Failure::Failed(error.to_string()))?;
    Ok(format!("awsgen-{}", parsed.metadata.endpoint_prefix))
}

/// Replaces `out` with exactly the generated files, removing files the generator no longer
/// produces so a deleted operation disappears from the diff too.
fn write_crate(generated: &GeneratedCrate, out: &Path) -> Result<(), Failure> {
    let io = |path: &Path, error: std::io::Error| {
        Failure::Failed(format!("{}: {error}", path.display()))
    };
    for stale in existing_files(out)? {
        if !generated.files.contains_key(&stale) {
            let path = out.join(&stale);
            fs::remove_file(&path).map_err(|e| io(&path, e))?;
        }
    }
    for (relative, text) in &generated.files {
        let path = out.join(relative);
        if fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        fs::write(&path, text).map_err(|e| io(&path, e))?;
    }
    Ok(())
}

/// The files under `out` (relative, `/`-separated) that differ from, or are missing from,
/// or are not part of the generated crate.
fn differences(
    generated: &GeneratedCrate,
    out: &Path,
    label: &str,
) -> Result<Vec<String>, Failure> {
    let mut differing = Vec::new();
    let existing: BTreeSet<String> = existing_files(out)?.into_iter().collect();
    for (relative, text) in &generated.files {
        match fs::read_to_string(out.join(relative)) {
            Ok(on_disk) if on_disk == *text => {}
            Ok(_) => differing.push(format!("{label}/{relative} (changed)")),
            Err(_) => differing.push(format!("{label}/{relative} (missing)")),
        }
    }
    for relative in existing {
        if !generated.files.contains_key(&relative) {
            differing.push(format!("{label}/{relative} (no longer generated)"));
        }
    }
    Ok(differing)
}

fn existing_files(out: &Path) -> Result<Vec<String>, Failure> {
    let mut files = Vec::new();
    if out.exists() {
        collect(out, out, &mut files)?;
    }
    files.sort();
    Ok(files)
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<String>) -> Result<(), Failure> {
    let entries =
        fs::read_dir(dir).map_err(|e| Failure::Failed(format!("{}: {e}", dir.display())))?;
    for entry in entries {
        let entry = entry.map_err(|e| Failure::Failed(format!("{}: {e}", dir.display())))?;
        let path = entry.path();
        if path.is_dir() {
            collect(base, &path, files)?;
        } else {
            let relative = path.strip_prefix(base).expect("walked from base");
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

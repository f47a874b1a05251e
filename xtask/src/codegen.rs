//! `cargo xtask codegen`: regenerate the committed client crates, check that they are up to
//! date, or generate a client for any rest-json model, botocore or Smithy.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use awsgen_codegen::ir::Service;
use awsgen_codegen::{CrateOptions, GeneratedCrate, ModelFiles, ModelFormat, Source, emit};

use crate::Failure;

const HELP: &str = "\
usage: cargo xtask codegen [--check]
       cargo xtask codegen --model PATH --out DIR [--format F] [--crate-name NAME] [--operations A,B]

Without --model, regenerates every committed crate under generated/ from model/, and the
runtime's partition table (runtime/src/endpoint/partitions.rs) from model/partitions.json.
  --check             write nothing; exit 1 and name the files that differ
  --model PATH        a botocore service-2.json or a Smithy JSON AST to generate from
  --format F          botocore or smithy (default: told by the model's top-level keys)
  --paginators PATH   its paginators-1.json (default: the one beside the model, if any)
  --endpoint-rules PATH
                      the service's endpoint-rule-set-1.json (default: the one beside the
                      model; else a Smithy model's own rules, else the standard regional ones)
  --out DIR           where to write that crate
  --crate-name NAME   its package name (default: awsgen-<service id, lower case>)
  --operations A,B    generate only these operations and the shapes they reach
  --runtime-dep SPEC  the awsgen-runtime dependency for Cargo.toml
                      (default: a path dependency on this checkout's runtime/)
";

/// A committed crate: which model (and paginators and endpoint rules) it comes from and
/// where it lives.
struct Target {
    model: &'static str,
    paginators: Option<&'static str>,
    endpoint_rules: &'static str,
    out: &'static str,
    crate_name: &'static str,
    /// A file naming the operations to generate, one per line (`#` comments), when the
    /// crate is a sample of a service rather than all of it.
    operations: Option<&'static str>,
}

const TARGETS: &[Target] = &[
    Target {
        model: "model/amplify/2017-07-25/service-2.json",
        paginators: Some("model/amplify/2017-07-25/paginators-1.json"),
        endpoint_rules: "model/amplify/2017-07-25/endpoint-rule-set-1.json",
        out: "generated/amplify",
        crate_name: "awsgen-amplify",
        operations: None,
    },
    // awsJson services.
    Target {
        model: "model/connectcases/2022-10-03/service-2.json",
        paginators: Some("model/connectcases/2022-10-03/paginators-1.json"),
        endpoint_rules: "model/connectcases/2022-10-03/endpoint-rule-set-1.json",
        out: "generated/connectcases",
        crate_name: "awsgen-connectcases",
        operations: None,
    },
    Target {
        model: "model/datazone/2018-05-10/service-2.json",
        paginators: Some("model/datazone/2018-05-10/paginators-1.json"),
        endpoint_rules: "model/datazone/2018-05-10/endpoint-rule-set-1.json",
        out: "generated/datazone",
        crate_name: "awsgen-datazone",
        operations: None,
    },
    Target {
        model: "model/dynamodb/2012-08-10/service-2.json",
        paginators: Some("model/dynamodb/2012-08-10/paginators-1.json"),
        endpoint_rules: "model/dynamodb/2012-08-10/endpoint-rule-set-1.json",
        out: "generated/dynamodb",
        crate_name: "awsgen-dynamodb",
        operations: None,
    },
    Target {
        model: "model/iot-data/2015-05-28/service-2.json",
        paginators: Some("model/iot-data/2015-05-28/paginators-1.json"),
        endpoint_rules: "model/iot-data/2015-05-28/endpoint-rule-set-1.json",
        out: "generated/iot-data",
        crate_name: "awsgen-iot-data",
        operations: None,
    },
    Target {
        model: "model/kinesis/2013-12-02/service-2.json",
        paginators: Some("model/kinesis/2013-12-02/paginators-1.json"),
        endpoint_rules: "model/kinesis/2013-12-02/endpoint-rule-set-1.json",
        out: "generated/kinesis",
        crate_name: "awsgen-kinesis",
        operations: None,
    },
    Target {
        model: "model/kms/2014-11-01/service-2.json",
        paginators: Some("model/kms/2014-11-01/paginators-1.json"),
        endpoint_rules: "model/kms/2014-11-01/endpoint-rule-set-1.json",
        out: "generated/kms",
        crate_name: "awsgen-kms",
        operations: None,
    },
    Target {
        model: "model/mediastore-data/2017-09-01/service-2.json",
        paginators: Some("model/mediastore-data/2017-09-01/paginators-1.json"),
        endpoint_rules: "model/mediastore-data/2017-09-01/endpoint-rule-set-1.json",
        out: "generated/mediastore-data",
        crate_name: "awsgen-mediastore-data",
        operations: None,
    },
    Target {
        model: "model/secretsmanager/2017-10-17/service-2.json",
        paginators: Some("model/secretsmanager/2017-10-17/paginators-1.json"),
        endpoint_rules: "model/secretsmanager/2017-10-17/endpoint-rule-set-1.json",
        out: "generated/secretsmanager",
        crate_name: "awsgen-secretsmanager",
        operations: None,
    },
    Target {
        model: "model/sqs/2012-11-05/service-2.json",
        paginators: Some("model/sqs/2012-11-05/paginators-1.json"),
        endpoint_rules: "model/sqs/2012-11-05/endpoint-rule-set-1.json",
        out: "generated/sqs",
        crate_name: "awsgen-sqs",
        operations: None,
    },
    Target {
        model: "model/ssm/2014-11-06/service-2.json",
        paginators: Some("model/ssm/2014-11-06/paginators-1.json"),
        endpoint_rules: "model/ssm/2014-11-06/endpoint-rule-set-1.json",
        out: "generated/ssm",
        crate_name: "awsgen-ssm",
        operations: None,
    },
    // A small model with one of each construct, generated and compiled like a real client
    // so that constructs Amplify does not use are checked by the compiler and clippy too.
    Target {
        model: "tests/fixtures/codegen/constructs/service-2.json",
        paginators: Some("tests/fixtures/codegen/constructs/paginators-1.json"),
        endpoint_rules: "tests/fixtures/codegen/constructs/endpoint-rule-set-1.json",
        out: "tests/generated/constructs",
        crate_name: "awsgen-fixture-constructs",
        operations: None,
    },
    // awsQuery services.
    Target {
        model: "model/cloudformation/2010-05-15/service-2.json",
        paginators: Some("model/cloudformation/2010-05-15/paginators-1.json"),
        endpoint_rules: "model/cloudformation/2010-05-15/endpoint-rule-set-1.json",
        out: "generated/cloudformation",
        crate_name: "awsgen-cloudformation",
        operations: None,
    },
    Target {
        model: "model/iam/2010-05-08/service-2.json",
        paginators: Some("model/iam/2010-05-08/paginators-1.json"),
        endpoint_rules: "model/iam/2010-05-08/endpoint-rule-set-1.json",
        out: "generated/iam",
        crate_name: "awsgen-iam",
        operations: None,
    },
    Target {
        model: "model/sns/2010-03-31/service-2.json",
        paginators: Some("model/sns/2010-03-31/paginators-1.json"),
        endpoint_rules: "model/sns/2010-03-31/endpoint-rule-set-1.json",
        out: "generated/sns",
        crate_name: "awsgen-sns",
        operations: None,
    },
    Target {
        model: "model/sts/2011-06-15/service-2.json",
        paginators: Some("model/sts/2011-06-15/paginators-1.json"),
        endpoint_rules: "model/sts/2011-06-15/endpoint-rule-set-1.json",
        out: "generated/sts",
        crate_name: "awsgen-sts",
        operations: None,
    },
    // restXml.
    Target {
        model: "model/route53/2013-04-01/service-2.json",
        paginators: Some("model/route53/2013-04-01/paginators-1.json"),
        endpoint_rules: "model/route53/2013-04-01/endpoint-rule-set-1.json",
        out: "generated/route53",
        crate_name: "awsgen-route53",
        operations: None,
    },
    Target {
        model: "model/s3/2006-03-01/service-2.json",
        paginators: Some("model/s3/2006-03-01/paginators-1.json"),
        endpoint_rules: "model/s3/2006-03-01/endpoint-rule-set-1.json",
        out: "generated/s3",
        crate_name: "awsgen-s3",
        operations: None,
    },
    Target {
        model: "model/s3control/2018-08-20/service-2.json",
        paginators: Some("model/s3control/2018-08-20/paginators-1.json"),
        endpoint_rules: "model/s3control/2018-08-20/endpoint-rule-set-1.json",
        out: "generated/s3control",
        crate_name: "awsgen-s3control",
        operations: None,
    },
    // A sample of EC2 (ec2Query), for the wire and moto tests; the whole service is in the
    // sweep and the benchmarks.
    Target {
        model: "model/ec2/2016-11-15/service-2.json",
        paginators: Some("model/ec2/2016-11-15/paginators-1.json"),
        endpoint_rules: "model/ec2/2016-11-15/endpoint-rule-set-1.json",
        out: "tests/generated/ec2-sample",
        crate_name: "awsgen-ec2-sample",
        operations: Some("tests/fixtures/wire/ec2-operations.txt"),
    },
];

/// botocore's partition table, and the runtime file generated from it.
const PARTITIONS: &str = "model/partitions.json";
const PARTITIONS_TABLE: &str = "runtime/src/endpoint/partitions.rs";

#[derive(Default)]
struct Args {
    check: bool,
    model: Option<PathBuf>,
    format: Option<ModelFormat>,
    paginators: Option<PathBuf>,
    endpoint_rules: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    operations: Option<Vec<String>>,
    runtime_dep: Option<String>,
}

pub fn run(args: &[String]) -> Result<(), Failure> {
    let args = parse_args(args)?;
    let root = crate::workspace_root();
    match (&args.model, &args.out) {
        (None, None) => {
            let mut stale = Vec::new();
            for target in TARGETS {
                let depth = target.out.matches('/').count() + 1;
                let runtime = format!("{}runtime", "../".repeat(depth));
                let paginators = target
                    .paginators
                    .map(|paginators| (root.join(paginators), paginators.to_owned()));
                let operations = match target.operations {
                    Some(list) => Some(operation_list(&root.join(list))?),
                    None => args.operations.clone(),
                };
                let generated = generate(
                    (&root.join(target.model), target.model),
                    paginators
                        .as_ref()
                        .map(|(path, name)| (path.as_path(), name.as_str())),
                    Some((&root.join(target.endpoint_rules), target.endpoint_rules)),
                    Some(target.crate_name),
                    format!("{{ path = {runtime:?} }}"),
                    operations.as_deref(),
                    &args,
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
            // botocore keeps a service's paginators and endpoint rules beside its model.
            let beside = |explicit: &Option<PathBuf>, name: &str| {
                explicit.clone().or_else(|| {
                    let beside = model.with_file_name(name);
                    beside.exists().then_some(beside)
                })
            };
            let paginators = beside(&args.paginators, "paginators-1.json");
            let rules = beside(&args.endpoint_rules, "endpoint-rule-set-1.json");
            let paginators_name = paginators.as_ref().map(|p| p.display().to_string());
            let rules_name = rules.as_ref().map(|p| p.display().to_string());
            let generated = generate(
                (model, &text_name),
                paginators.as_deref().zip(paginators_name.as_deref()),
                rules.as_deref().zip(rules_name.as_deref()),
                args.crate_name.as_deref(),
                runtime_dep,
                args.operations.as_deref(),
                &args,
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
            "--format" => {
                parsed.format = Some(value("--format")?.parse().map_err(Failure::Usage)?);
            }
            "--paginators" => parsed.paginators = Some(PathBuf::from(value("--paginators")?)),
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

/// Reads the model in its format (`--format`, or told by its keys) and, when given, its
/// paginators and endpoint rules (each a path to read and the name that messages and the
/// generated header give it), and generates the crate, named `awsgen-<service id>`
/// unless a name is given.
/// The operations a list file names: one per line, `#` starting a comment.
fn operation_list(path: &Path) -> Result<Vec<String>, Failure> {
    Ok(read(path)?
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect())
}

fn generate(
    (model, display_name): (&Path, &str),
    paginators: Option<(&Path, &str)>,
    endpoint_rules: Option<(&Path, &str)>,
    crate_name: Option<&str>,
    runtime_dependency: String,
    operations: Option<&[String]>,
    args: &Args,
) -> Result<GeneratedCrate, Failure> {
    let text = read(model)?;
    let paginators_text = paginators.map(|(path, _)| read(path)).transpose()?;
    let rules_text = endpoint_rules.map(|(path, _)| read(path)).transpose()?;
    let format = match args.format {
        Some(format) => format,
        None => ModelFormat::detect(display_name, &text)
            .map_err(|error| Failure::Failed(format!("{error} (--format botocore|smithy)")))?,
    };
    let files = ModelFiles {
        model: Source {
            file: display_name,
            text: &text,
        },
        format,
        paginators: paginators
            .zip(paginators_text.as_deref())
            .map(|((_, file), text)| Source { file, text }),
        endpoint_rules: endpoint_rules
            .zip(rules_text.as_deref())
            .map(|((_, file), text)| Source { file, text }),
    };
    generate_crate(&files, crate_name, runtime_dependency, operations)
        .map(|(_, generated)| generated)
        .map_err(|error| Failure::Failed(error.to_string()))
}

/// Generates the crate for a model already in memory, as every path of this command does;
/// the IR comes back too, for what a caller reports about it (the operations left out).
/// The error is the generator's own, so a caller can tell a refusal's kind and reason.
pub fn generate_crate(
    files: &ModelFiles<'_>,
    crate_name: Option<&str>,
    runtime_dependency: String,
    operations: Option<&[String]>,
) -> Result<(Service, GeneratedCrate), awsgen_codegen::Error> {
    let service = awsgen_codegen::read_service(files, operations)?;
    let options = CrateOptions {
        crate_name: crate_name.map_or_else(|| default_crate_name(&service), str::to_owned),
        version: "0.1.0".to_owned(),
        runtime_dependency,
        model_source: format!("`{}`", files.model.file),
    };
    let generated = emit::generate_crate(&service, &options);
    Ok((service, generated))
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

/// `awsgen-<service id>`: the id lower-cased with everything but letters and digits left
/// out, as the official SDK names its crates (`ApiGatewayV2` is `awsgen-apigatewayv2`,
/// `IoT Data Plane` is `awsgen-iotdataplane`). Not the endpoint prefix, which services share
/// (API Gateway v1 and v2 are both `apigateway`).
fn default_crate_name(service: &Service) -> String {
    let id: String = service
        .meta
        .service_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("awsgen-{id}")
}

/// Replaces `out` with exactly the generated files, removing files the generator no longer
/// produces so a deleted operation disappears from the diff too.
pub fn write_crate(generated: &GeneratedCrate, out: &Path) -> Result<(), Failure> {
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

#[cfg(test)]
mod tests {
    use super::default_crate_name;

    #[test]
    fn crates_are_named_from_the_service_id_not_the_endpoint_prefix() {
        for (service_id, endpoint_prefix, expected) in [
            ("ApiGatewayV2", "apigateway", "awsgen-apigatewayv2"),
            ("API Gateway", "apigateway", "awsgen-apigateway"),
            ("IoT Data Plane", "data-ats.iot", "awsgen-iotdataplane"),
            ("Amplify", "amplify", "awsgen-amplify"),
        ] {
            let model = format!(
                r#"{{"metadata": {{"apiVersion": "2024-01-01", "endpointPrefix": "{endpoint_prefix}",
                "protocol": "rest-json", "serviceFullName": "Example", "serviceId": "{service_id}",
                "signatureVersion": "v4"}}, "operations": {{}}, "shapes": {{}}}}"#
            );
            let service = awsgen_codegen::botocore_service("service-2.json", &model, None).unwrap();
            assert_eq!(default_crate_name(&service), expected, "{service_id}");
        }
    }
}

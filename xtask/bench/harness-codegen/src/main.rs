//! `codegen-speed amplify MODEL N`: generates (and formats) the crate for MODEL N times in
//! memory; prints the file count and the median time.
//!
//! `codegen-speed sweep DIR`: generates every `DIR/<service>/<version>/service-2.json`;
//! prints `generated\t<service>` or `refused\t<service>\t<reason>` for each, then the total.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use awsgen_codegen::{CrateOptions, Error, Options};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["amplify", model, repetitions] => {
            let repetitions: usize = repetitions.parse().expect("a repetition count");
            amplify(Path::new(model), repetitions);
        }
        ["sweep", dir] => sweep(Path::new(dir)),
        _ => {
            eprintln!("usage: codegen-speed amplify MODEL N | codegen-speed sweep DIR");
            std::process::exit(2);
        }
    }
}

fn amplify(model: &Path, repetitions: usize) {
    let text = fs::read_to_string(model).expect("a readable model");
    let name = model.display().to_string();
    let mut times = Vec::new();
    let mut files = 0;
    for _ in 0..repetitions {
        let start = Instant::now();
        files = generate(&name, &text).expect("the Amplify model generates");
        times.push(start.elapsed());
    }
    times.sort();
    let median: Duration = times[times.len() / 2];
    println!("files={files} median_seconds={}", median.as_secs_f64());
}

fn sweep(dir: &Path) {
    let mut models = Vec::new();
    for service in fs::read_dir(dir)
        .expect("a readable model directory")
        .flatten()
    {
        for version in fs::read_dir(service.path()).into_iter().flatten().flatten() {
            let model = version.path().join("service-2.json");
            if model.is_file() {
                models.push(model);
            }
        }
    }
    models.sort();
    let start = Instant::now();
    for model in &models {
        let service = service_name(dir, model);
        let text = fs::read_to_string(model).expect("a readable model");
        match generate(&model.display().to_string(), &text) {
            Ok(_) => println!("generated\t{service}"),
            Err(error) => println!("refused\t{service}\t{}", reason(&error)),
        }
    }
    println!(
        "models={} seconds={}",
        models.len(),
        start.elapsed().as_secs_f64()
    );
}

fn service_name(dir: &Path, model: &Path) -> String {
    let relative: PathBuf = model.strip_prefix(dir).unwrap_or(model).to_owned();
    relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What a refusal has in common with others of its kind: the construct for unsupported
/// models, the complaint for invalid ones, without the shape that has it or any other
/// `quoted` name, so that the same cause in two models counts as one reason.
fn reason(error: &Error) -> String {
    let text = match error {
        Error::Unsupported { what, .. } => format!("unsupported: {what}"),
        Error::Invalid { what, .. } => format!("invalid: {what}"),
        Error::Model(error) => format!("malformed: {error}"),
        Error::UnknownOperation { .. } => "unknown operation".to_owned(),
    };
    let mut general = String::new();
    for (index, piece) in text.split('`').enumerate() {
        // Odd pieces are the insides of backquotes.
        general += if index % 2 == 1 { "`…`" } else { piece };
    }
    general.replace(['\t', '\n'], " ")
}

/// Generates one crate in memory, as `cargo xtask codegen` would, and counts its files.
fn generate(file: &str, text: &str) -> Result<usize, Error> {
    let options = Options {
        crate_options: CrateOptions {
            crate_name: "awsgen-bench".to_owned(),
            version: "0.1.0".to_owned(),
            runtime_dependency: "{ path = \"../runtime\" }".to_owned(),
            model_source: format!("`{file}`"),
        },
        operations: None,
    };
    Ok(
        awsgen_codegen::generate_from_botocore(file, text, &options)?
            .files
            .len(),
    )
}

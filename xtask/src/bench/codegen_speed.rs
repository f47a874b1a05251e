//! How fast the generator is: the whole Amplify crate generated and formatted in memory,
//! and a sweep over every botocore rest-json model, counting refusals by reason.
//!
//! Both run in `codegen-speed`, a release build of xtask/bench/harness-codegen, because
//! `cargo xtask` is a debug build, several times slower. `--in-process` times the Amplify
//! crate in xtask itself instead, which is what the smoke test does.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use awsgen_codegen::{CrateOptions, Options};

use super::Settings;
use super::projects::{self, Layout, cargo, field, progress};
use super::report::{Quantity, Report, Row, Table, Target};

const AMPLIFY_MODEL: &str = "model/amplify/2017-07-25/service-2.json";

/// The target for generating and formatting the Amplify crate.
const AMPLIFY_LIMIT: f64 = 0.05;

/// Builds `codegen-speed` in release mode and returns its path.
fn build_harness(layout: &Layout) -> Result<PathBuf, String> {
    let project = layout.write_project("harness-codegen")?;
    let target = layout.dir.join("harness-target");
    progress("harness-codegen: building (release)");
    projects::run(
        cargo(&project, &target).args(["build", "--release"]),
        "building harness-codegen",
    )?;
    Ok(target.join("release").join("codegen-speed"))
}

/// The median time to generate and format the Amplify crate.
pub fn measure_amplify(
    layout: &Layout,
    settings: &Settings,
    in_process: bool,
    report: &mut Report,
) -> Result<(), String> {
    let repetitions = settings.codegen_repetitions;
    progress(&format!(
        "codegen: generating the Amplify crate {repetitions} times"
    ));
    let (median, files, how) = if in_process {
        let (median, files) = time_in_process(&layout.root.join(AMPLIFY_MODEL), repetitions)?;
        let build = if cfg!(debug_assertions) {
            "a debug build, several times slower than release"
        } else {
            "a release build"
        };
        (median, files, format!("in the xtask process ({build})"))
    } else {
        let binary = build_harness(layout)?;
        let output = projects::run(
            Command::new(binary)
                .arg("amplify")
                .arg(layout.root.join(AMPLIFY_MODEL))
                .arg(repetitions.to_string()),
            "codegen-speed amplify",
        )?;
        let text = String::from_utf8_lossy(&output.stdout);
        (
            field(&text, "median_seconds")?,
            field(&text, "files")? as usize,
            "in a release build (xtask/bench/harness-codegen)".to_owned(),
        )
    };
    report.push(
        Table::Codegen,
        Row::new(
            "generate and format the Amplify crate (median)",
            Quantity::seconds(median),
            None,
        )
        .with_target(Target::Below(Quantity::seconds(AMPLIFY_LIMIT))),
    );
    report.notes.push(format!(
        "Codegen: `awsgen_codegen::generate_from_botocore` on {AMPLIFY_MODEL} (parse, IR, \
         tokens, prettyplease; {files} files in memory, nothing written), {repetitions} \
         times {how}."
    ));
    Ok(())
}

fn time_in_process(model: &Path, repetitions: usize) -> Result<(f64, usize), String> {
    let text = fs::read_to_string(model).map_err(|e| format!("{}: {e}", model.display()))?;
    let options = Options {
        crate_options: CrateOptions {
            crate_name: "awsgen-bench".to_owned(),
            version: "0.1.0".to_owned(),
            runtime_dependency: "{ path = \"../runtime\" }".to_owned(),
            model_source: format!("`{AMPLIFY_MODEL}`"),
        },
        operations: None,
    };
    let mut times: Vec<Duration> = Vec::new();
    let mut files = 0;
    for _ in 0..repetitions.max(1) {
        let start = Instant::now();
        let generated = awsgen_codegen::generate_from_botocore(AMPLIFY_MODEL, &text, &options)
            .map_err(|e| e.to_string())?;
        times.push(start.elapsed());
        files = generated.files.len();
    }
    times.sort();
    Ok((times[times.len() / 2].as_secs_f64(), files))
}

/// Runs the generator over every rest-json model of the pinned botocore release.
pub fn sweep(layout: &Layout, models: Option<&Path>, report: &mut Report) -> Result<(), String> {
    let dir = match models {
        Some(dir) => dir.to_owned(),
        None => layout.dir.join("models"),
    };
    if !has_models(&dir) {
        progress(&format!(
            "sweep: fetching every rest-json model into {}",
            dir.display()
        ));
        let args = ["--all-rest-json".to_owned(), dir.display().to_string()];
        crate::fetch_model::run(&args).map_err(|failure| match failure {
            crate::Failure::Usage(message) | crate::Failure::Failed(message) => message,
        })?;
    }
    let binary = build_harness(layout)?;
    progress("sweep: generating every model");
    let output = projects::run(
        Command::new(binary).arg("sweep").arg(&dir),
        "codegen-speed sweep",
    )?;
    let text = String::from_utf8_lossy(&output.stdout);
    let sweep = parse_sweep(&text)?;
    let total = sweep.generated + sweep.refused.values().map(Vec::len).sum::<usize>();
    report.push(
        Table::Codegen,
        Row::new(
            format!(
                "generate every botocore rest-json model ({total} models, {} generated)",
                sweep.generated
            ),
            Quantity::seconds(sweep.seconds),
            None,
        ),
    );
    report.notes.push(format!(
        "Sweep: every rest-json `service-2.json` of the pinned botocore release (newest API \
         version of each service, as `cargo xtask fetch-model --all-rest-json` writes them to \
         {}), each generated and formatted in memory once by the release build; the time is \
         the total, refusals included.",
        dir.strip_prefix(&layout.root).unwrap_or(&dir).display()
    ));
    report.sections.push((
        format!(
            "Models the generator refuses ({} of {total})",
            total - sweep.generated
        ),
        refusal_table(&sweep.refused),
    ));
    Ok(())
}

fn has_models(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
}

struct Sweep {
    generated: usize,
    /// reason → services
    refused: BTreeMap<String, Vec<String>>,
    seconds: f64,
}

/// Reads `codegen-speed sweep` output.
fn parse_sweep(text: &str) -> Result<Sweep, String> {
    let mut sweep = Sweep {
        generated: 0,
        refused: BTreeMap::new(),
        seconds: 0.0,
    };
    for line in text.lines() {
        let fields: Vec<&str> = line.splitn(3, '\t').collect();
        match fields[..] {
            ["generated", _] => sweep.generated += 1,
            ["refused", service, reason] => sweep
                .refused
                .entry(reason.to_owned())
                .or_default()
                .push(service.to_owned()),
            _ if line.starts_with("models=") => sweep.seconds = field(line, "seconds")?,
            _ => return Err(format!("unexpected line from codegen-speed: {line:?}")),
        }
    }
    Ok(sweep)
}

fn refusal_table(refused: &BTreeMap<String, Vec<String>>) -> String {
    if refused.is_empty() {
        return "None.\n".to_owned();
    }
    let mut rows: Vec<(&String, &Vec<String>)> = refused.iter().collect();
    rows.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let mut out = String::from("| reason | models | services |\n|---|---:|---|\n");
    for (reason, services) in rows {
        out += &format!(
            "| {} | {} | {} |\n",
            reason.replace('|', "\\|"),
            services.len(),
            services.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_grouped_by_reason_most_common_first() {
        let output = "generated\tamplify\nrefused\ta\tunsupported: event streams\n\
                      refused\tb\tunsupported: unions\nrefused\tc\tunsupported: event streams\n\
                      models=4 seconds=1.5\n";
        let sweep = parse_sweep(output).unwrap();
        assert_eq!(sweep.generated, 1);
        assert_eq!(sweep.seconds, 1.5);
        let table = refusal_table(&sweep.refused);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[2], "| unsupported: event streams | 2 | a, c |");
        assert_eq!(lines[3], "| unsupported: unions | 1 | b |");
        assert!(parse_sweep("garbage\n").is_err());
    }
}

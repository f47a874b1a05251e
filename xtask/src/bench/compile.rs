//! What a user pays to build a program that makes one call (Amplify CreateDeployment,
//! DynamoDB GetItem): cold and incremental build times, the crates in its build graph, and
//! its stripped binary.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::projects::{self, Layout, cargo, progress};
use super::report::{Quantity, Report, Row, Table, Target};
use super::{Call, Side};

/// minimal-sdk as the SDK's examples write it, with aws-config; resolved, never built.
const THEIRS_WITH_CONFIG: &str = "minimal-sdk-config";

/// The calls whose minimal programs are built, each against the official crate's.
const CALLS: [Call; 2] = [Call::CreateDeployment, Call::GetItem];

struct Build {
    cold: Duration,
    incremental: Duration,
}

/// Cold builds (debug and release) from empty target directories, incremental rebuilds
/// after touching main.rs, and the stripped release binary, of each call's two programs.
pub fn measure_builds(layout: &Layout, report: &mut Report) -> Result<(), String> {
    for call in CALLS {
        let mut results = Vec::new();
        for side in [Side::Awsgen, Side::Sdk] {
            let name = call.minimal_program(side);
            let project = prepare(layout, name)?;
            let debug = build_twice(&project, name, false)?;
            let release = build_twice(&project, name, true)?;
            let binary = project.join("target-release").join("release").join(name);
            let size = fs::metadata(&binary)
                .map_err(|e| format!("{}: {e}", binary.display()))?
                .len();
            results.push((debug, release, size));
        }
        let [
            (our_debug, our_release, our_size),
            (their_debug, their_release, their_size),
        ] = &results[..]
        else {
            unreachable!("two projects built")
        };
        let seconds = |d: &Duration| Quantity::seconds(d.as_secs_f64());
        let row = |figure: &str, ours: &Duration, theirs: &Duration| {
            let figure = format!("{}: {figure}", call.client());
            Row::new(figure, seconds(ours), Some(seconds(theirs)))
        };
        report.push(
            Table::Sdk,
            row("cold build, debug", &our_debug.cold, &their_debug.cold),
        );
        report.push(
            Table::Sdk,
            row(
                "cold build, release",
                &our_release.cold,
                &their_release.cold,
            )
            .with_target(Target::AtMostFraction(4.0)),
        );
        report.push(
            Table::Sdk,
            row(
                "rebuild after touching main.rs, debug",
                &our_debug.incremental,
                &their_debug.incremental,
            ),
        );
        report.push(
            Table::Sdk,
            row(
                "rebuild after touching main.rs, release",
                &our_release.incremental,
                &their_release.incremental,
            ),
        );
        report.push(
            Table::Sdk,
            Row::new(
                format!("{}: stripped release binary", call.client()),
                Quantity::bytes(*our_size),
                Some(Quantity::bytes(*their_size)),
            )
            .with_target(Target::AtMostFraction(3.0)),
        );
    }
    report.notes.push(
        "Builds: `cargo build [--release] --timings` of the minimal programs in xtask/bench/ \
         (minimal-awsgen and minimal-sdk make one CreateDeployment call, \
         minimal-awsgen-dynamodb and minimal-sdk-dynamodb one GetItem call; Tokio `rt` with \
         a hand-built current-thread runtime on both sides, `strip = true`), each from an \
         empty target directory with every crate already downloaded; then main.rs touched \
         and built again. Cargo's timing reports are in \
         target/bench/<project>/target-<profile>/cargo-timings/."
            .to_owned(),
    );
    Ok(())
}

/// The distinct crates in the build graph of the prepared project `name`.
fn crates_of(project: &Path, name: &str) -> Result<usize, String> {
    let output = projects::run(
        cargo(project, &project.join("target-tree")).args([
            "tree",
            "--locked",
            "-e",
            "normal,build",
            "--prefix",
            "none",
        ]),
        &format!("cargo tree in {name}"),
    )?;
    Ok(count_crates(&String::from_utf8_lossy(&output.stdout)))
}

/// What a user pays for one program in release: its cold build, its stripped binary and
/// the crates in its build graph.
pub struct ReleaseBuild {
    pub seconds: f64,
    pub binary_bytes: u64,
    pub crates: usize,
}

impl ReleaseBuild {
    /// Builds the program `name` from an empty target directory and measures it.
    pub fn measure(layout: &Layout, name: &str) -> Result<Self, String> {
        let project = prepare(layout, name)?;
        let time = build_twice(&project, name, true)?.cold;
        let binary = project.join("target-release").join("release").join(name);
        let binary_bytes = fs::metadata(&binary)
            .map_err(|e| format!("{}: {e}", binary.display()))?
            .len();
        let crates = crates_of(&project, name)?;
        Ok(Self {
            seconds: time.as_secs_f64(),
            binary_bytes,
            crates,
        })
    }

    /// The report's rows for `label`, ours against `theirs`: the cold build and the binary
    /// with their targets, and the crates, with `crates_target` if it has one.
    pub fn push_rows(
        &self,
        theirs: &ReleaseBuild,
        label: &str,
        crates_target: Option<Target>,
        report: &mut Report,
    ) {
        report.push(
            Table::Sdk,
            Row::new(
                format!("{label}: cold build, release"),
                Quantity::seconds(self.seconds),
                Some(Quantity::seconds(theirs.seconds)),
            )
            .with_target(Target::AtMostFraction(4.0)),
        );
        report.push(
            Table::Sdk,
            Row::new(
                format!("{label}: stripped release binary"),
                Quantity::bytes(self.binary_bytes),
                Some(Quantity::bytes(theirs.binary_bytes)),
            )
            .with_target(Target::AtMostFraction(3.0)),
        );
        let crates = Row::new(
            format!("{label}: crates in the build graph"),
            Quantity::count(self.crates as f64),
            Some(Quantity::count(theirs.crates as f64)),
        );
        report.push(
            Table::Sdk,
            match crates_target {
                Some(target) => crates.with_target(target),
                None => crates,
            },
        );
    }
}

/// Distinct crates in each program's build graph.
pub fn measure_dependencies(layout: &Layout, report: &mut Report) -> Result<(), String> {
    let crates = |name: &str| -> Result<usize, String> {
        let project = prepare(layout, name)?;
        crates_of(&project, name)
    };
    let count = |n: usize| Quantity::count(n as f64);
    for call in CALLS {
        let ours = crates(call.minimal_program(Side::Awsgen))?;
        let theirs = crates(call.minimal_program(Side::Sdk))?;
        report.push(
            Table::Sdk,
            Row::new(
                format!("{}: crates in the build graph", call.client()),
                count(ours),
                Some(count(theirs)),
            )
            .with_target(Target::AtMostFraction(3.0)),
        );
        if call == Call::CreateDeployment {
            report.compare(
                Table::Sdk,
                &format!(
                    "{}: crates in the build graph, SDK with aws-config",
                    call.client()
                ),
                count(ours),
                count(crates(THEIRS_WITH_CONFIG)?),
            );
        }
    }
    report.notes.push(
        "Crates: distinct `name version` pairs that `cargo tree -e normal,build --prefix none` \
         lists for the host, the program itself excluded; build scripts' and proc macros' \
         dependencies count, dev-dependencies do not. The SDK side has no aws-config (the \
         program names region and credentials, as ours must); the row \"with aws-config\" \
         counts what the SDK's examples use."
            .to_owned(),
    );
    for call in CALLS {
        let program = layout.dir.join(call.minimal_program(Side::Sdk));
        if let Some(version) = locked_version(&program, call.sdk_crate()) {
            report.notes.push(format!(
                "{} {version} (the newest 1.x when this ran).",
                call.sdk_crate()
            ));
        }
    }
    Ok(())
}

/// Writes the project and a fresh lock file (the newest compatible versions), and
/// downloads every crate so that no build below waits for the network.
fn prepare(layout: &Layout, name: &str) -> Result<std::path::PathBuf, String> {
    let project = layout.write_project(name)?;
    let target = project.join("target-tree");
    progress(&format!("{name}: resolving the newest versions"));
    projects::run(
        cargo(&project, &target).arg("generate-lockfile"),
        &format!("cargo generate-lockfile in {name}"),
    )?;
    projects::run(
        cargo(&project, &target).args(["fetch", "--locked"]),
        &format!("cargo fetch in {name}"),
    )?;
    Ok(project)
}

fn build_twice(project: &Path, name: &str, release: bool) -> Result<Build, String> {
    let profile = if release { "release" } else { "debug" };
    let target = project.join(format!("target-{profile}"));
    if target.exists() {
        fs::remove_dir_all(&target).map_err(|e| format!("emptying {}: {e}", target.display()))?;
    }
    let build = || {
        let mut command = cargo(project, &target);
        command.args(["build", "--locked", "--timings"]);
        if release {
            command.arg("--release");
        }
        command
    };
    progress(&format!("{name}: cold {profile} build"));
    let cold = projects::timed(
        &mut build(),
        &format!("cold {profile} build of {name}"),
        &project.join(format!("cold-{profile}.log")),
    )?;
    touch(&project.join("src").join("main.rs"))?;
    progress(&format!("{name}: {profile} rebuild after touching main.rs"));
    let incremental = projects::timed(
        &mut build(),
        &format!("{profile} rebuild of {name}"),
        &project.join(format!("rebuild-{profile}.log")),
    )?;
    Ok(Build { cold, incremental })
}

fn touch(path: &Path) -> Result<(), String> {
    fs::File::options()
        .append(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|e| format!("touching {}: {e}", path.display()))
}

/// Counts the distinct crates in `cargo tree --prefix none` output, leaving out the first
/// line (the root package). A line is `name vX.Y.Z [(path)] [(proc-macro)] [(*)]`.
pub fn count_crates(tree: &str) -> usize {
    let crates: BTreeSet<(&str, &str)> = tree
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some((words.next()?, words.next()?))
        })
        .collect();
    crates.len()
}

/// The version of `package` in a project's Cargo.lock.
pub fn locked_version(project: &Path, package: &str) -> Option<String> {
    let lock = fs::read_to_string(project.join("Cargo.lock")).ok()?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle)? + needle.len();
    let end = start + lock[start..].find('"')?;
    Some(lock[start..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crates_are_counted_once_whatever_their_annotations() {
        let tree = "\
minimal-awsgen v0.0.0 (/w/target/bench/minimal-awsgen)
awsgen-amplify v0.1.0 (/w/generated/amplify)
awsgen-runtime v0.1.0 (/w/runtime)
ring v0.17.14
cc v1.2.0
tokio v1.54.1
pin-project-lite v0.2.18
ring v0.17.14 (*)
tokio-macros v2.7.2 (proc-macro)
pin-project-lite v0.2.18 (*)
";
        assert_eq!(count_crates(tree), 7);
    }

    #[test]
    fn two_versions_of_one_crate_are_two_crates() {
        let tree = "root v0.0.0 (/r)\nhttp v0.2.12\nhttp v1.5.0\n\n";
        assert_eq!(count_crates(tree), 2);
    }
}

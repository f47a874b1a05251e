//! What a user pays to build a program that makes one CreateDeployment call: cold and
//! incremental build times, the crates in its build graph, and its stripped binary.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::projects::{self, Layout, cargo, progress};
use super::report::{Quantity, Report, Row, Table, Target};

/// The minimal programs, ours first; both make one CreateDeployment call.
const OURS: &str = "minimal-awsgen";
const THEIRS: &str = "minimal-sdk";
/// minimal-sdk as the SDK's examples write it, with aws-config; resolved, never built.
const THEIRS_WITH_CONFIG: &str = "minimal-sdk-config";

struct Build {
    cold: Duration,
    incremental: Duration,
}

/// Cold builds (debug and release) from empty target directories, incremental rebuilds
/// after touching main.rs, and the stripped release binary.
pub fn measure_builds(layout: &Layout, report: &mut Report) -> Result<(), String> {
    let mut results = Vec::new();
    for name in [OURS, THEIRS] {
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
            "stripped release binary",
            Quantity::bytes(*our_size),
            Some(Quantity::bytes(*their_size)),
        )
        .with_target(Target::AtMostFraction(3.0)),
    );
    report.notes.push(format!(
        "Builds: `cargo build [--release] --timings` of xtask/bench/{{{OURS},{THEIRS}}} (one \
         CreateDeployment call, Tokio `rt` with a hand-built current-thread runtime on both \
         sides, `strip = true`), each from an empty target directory with every crate \
         already downloaded; then main.rs touched and built again. Cargo's timing reports \
         are in target/bench/<project>/target-<profile>/cargo-timings/."
    ));
    Ok(())
}

/// Distinct crates in each program's build graph.
pub fn measure_dependencies(layout: &Layout, report: &mut Report) -> Result<(), String> {
    let mut counts = Vec::new();
    for name in [OURS, THEIRS, THEIRS_WITH_CONFIG] {
        let project = prepare(layout, name)?;
        let output = projects::run(
            cargo(&project, &project.join("target-tree")).args([
                "tree",
                "--locked",
                "-e",
                "normal,build",
                "--prefix",
                "none",
            ]),
            &format!("cargo tree in {name}"),
        )?;
        counts.push(count_crates(&String::from_utf8_lossy(&output.stdout)));
    }
    let count = |n: usize| Quantity::count(n as f64);
    report.push(
        Table::Sdk,
        Row::new(
            "crates in the build graph",
            count(counts[0]),
            Some(count(counts[1])),
        )
        .with_target(Target::AtMostFraction(3.0)),
    );
    report.compare(
        Table::Sdk,
        "crates in the build graph, SDK with aws-config",
        count(counts[0]),
        count(counts[2]),
    );
    report.notes.push(
        "Crates: distinct `name version` pairs that `cargo tree -e normal,build --prefix none` \
         lists for the host, the program itself excluded; build scripts' and proc macros' \
         dependencies count, dev-dependencies do not. The SDK side has no aws-config (the \
         program names region and credentials, as ours must); the row \"with aws-config\" \
         counts what the SDK's examples use."
            .to_owned(),
    );
    if let Some(version) = locked_version(&layout.dir.join(THEIRS), "aws-sdk-amplify") {
        report.notes.push(format!(
            "aws-sdk-amplify {version} (the newest 1.x when this ran)."
        ));
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
fn locked_version(project: &Path, package: &str) -> Option<String> {
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

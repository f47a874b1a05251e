//! The throwaway cargo projects the benchmark builds, written under `target/bench/` from the
//! templates in `xtask/bench/`, and the commands it runs in them.
//!
//! The heavy dependencies (aws-sdk-amplify, aws-sdk-dynamodb, criterion) live only in these
//! projects, so the workspace and xtask never compile them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Where the benchmark keeps its projects, target directories, venv and report.
pub struct Layout {
    /// The awsgen checkout.
    pub root: PathBuf,
    /// `target/bench` inside it.
    pub dir: PathBuf,
}

impl Layout {
    pub fn new(root: PathBuf) -> Self {
        let dir = root.join("target").join("bench");
        Self { root, dir }
    }

    fn templates(&self) -> PathBuf {
        self.root.join("xtask").join("bench")
    }

    /// Writes project `name` from `xtask/bench/<name>/`: `Cargo.toml.in` becomes
    /// `Cargo.toml` with `@WORKSPACE@` replaced by the checkout's path; harnesses also get
    /// the shared module and the canned response. Files already up to date are left alone,
    /// so their modification times (and cargo's fingerprints) stay put.
    pub fn write_project(&self, name: &str) -> Result<PathBuf, String> {
        let template = self.templates().join(name);
        let project = self.dir.join(name);
        let mut files = Vec::new();
        list_files(&template, &template, &mut files)?;
        let workspace = self.root.display().to_string();
        for relative in files {
            let text = read(&template.join(&relative))?;
            let (relative, text) = match relative.strip_suffix(".in") {
                Some(stem) => (stem.to_owned(), text.replace("@WORKSPACE@", &workspace)),
                None => (relative, text),
            };
            write_if_changed(&project.join(relative), &text)?;
        }
        if name.starts_with("harness-") {
            let common = read(&self.templates().join("harness-common.rs"))?;
            write_if_changed(&project.join("src").join("common.rs"), &common)?;
        }
        self.write_response(&project)?;
        Ok(project)
    }

    /// Copies the canned CreateDeployment response into `dir/response.json` (and the
    /// harnesses' GetItem response beside it).
    pub fn write_response(&self, dir: &Path) -> Result<PathBuf, String> {
        let get_item = read(&self.templates().join("response-get-item.json"))?;
        write_if_changed(&dir.join("response-get-item.json"), &get_item)?;
        let text = read(&self.templates().join("response.json"))?;
        let path = dir.join("response.json");
        write_if_changed(&path, &text)?;
        Ok(path)
    }

    /// Writes the botocore scripts into `target/bench/botocore/`.
    pub fn write_botocore_scripts(&self) -> Result<PathBuf, String> {
        let template = self.templates().join("botocore");
        let out = self.dir.join("botocore");
        let mut files = Vec::new();
        list_files(&template, &template, &mut files)?;
        for relative in files {
            write_if_changed(&out.join(&relative), &read(&template.join(&relative))?)?;
        }
        self.write_response(&out)?;
        Ok(out)
    }
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

fn list_files(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("reading {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            list_files(base, &path, out)?;
        } else {
            let relative = path.strip_prefix(base).expect("listed under base");
            out.push(relative.to_string_lossy().into_owned());
        }
    }
    out.sort();
    Ok(())
}

/// `cargo` as the one running xtask, so the same toolchain builds both sides.
pub fn cargo(project: &Path, target_dir: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(project)
        .env("CARGO_TARGET_DIR", target_dir)
        // Variables `cargo run` set for xtask itself mean nothing to these builds.
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PRIMARY_PACKAGE");
    command
}

/// Runs `command` to completion, failing with its output when it exits unsuccessfully.
pub fn run(command: &mut Command, what: &str) -> Result<Output, String> {
    let output = command
        .output()
        .map_err(|e| format!("{what}: cannot start {:?}: {e}", command.get_program()))?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(format!(
            "{what} failed ({}):\n{}{}",
            output.status,
            tail(&String::from_utf8_lossy(&output.stdout)),
            tail(&String::from_utf8_lossy(&output.stderr))
        ))
    }
}

/// Runs `command` and returns how long it took, saving its output to `log`.
pub fn timed(command: &mut Command, what: &str, log: &Path) -> Result<Duration, String> {
    let start = Instant::now();
    let output = run(command, what);
    let elapsed = start.elapsed();
    let output = output?;
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text += &String::from_utf8_lossy(&output.stderr);
    write_if_changed(log, &text)?;
    Ok(elapsed)
}

/// The last lines of a long output, enough to see why a build failed.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(40);
    let mut out = lines[start..].join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The value of `key=` in a line of `key=value` pairs, as the harness binaries print them.
pub fn field(output: &str, key: &str) -> Result<f64, String> {
    output
        .split_whitespace()
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
        .and_then(|value| value.parse().ok())
        .ok_or_else(|| format!("no `{key}=<number>` in the output {output:?}"))
}

/// Prints what the benchmark is doing, so a run of many minutes shows progress.
pub fn progress(message: &str) {
    eprintln!("bench: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_from_key_value_lines() {
        let line = "calls=1000 allocations=75000 bytes=5022000\n";
        assert_eq!(field(line, "allocations"), Ok(75000.0));
        assert_eq!(field(line, "calls"), Ok(1000.0));
        assert!(field(line, "seconds").unwrap_err().contains("seconds"));
    }

    #[test]
    fn every_template_project_has_a_manifest_outside_the_workspace() {
        let layout = Layout::new(crate::workspace_root());
        let projects = [
            "minimal-awsgen",
            "minimal-sdk",
            "minimal-sdk-config",
            "minimal-awsgen-dynamodb",
            "minimal-sdk-dynamodb",
            "minimal-awsgen-ec2",
            "minimal-awsgen-ec2-pruned",
            "minimal-sdk-ec2",
            "minimal-awsgen-s3",
            "minimal-sdk-s3",
            "harness-awsgen",
            "harness-sdk",
            "harness-codegen",
        ];
        for name in projects {
            let manifest = layout.templates().join(name).join("Cargo.toml.in");
            let text = read(&manifest).unwrap();
            // An empty [workspace] keeps the awsgen workspace around target/ from claiming it.
            assert!(text.contains("\n[workspace]\n"), "{}", manifest.display());
            assert!(text.contains(&format!("name = \"{name}\"")), "{name}");
        }
    }
}

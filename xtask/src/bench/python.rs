//! The Python environment with botocore 1.44.5 that the context figures run in.

use std::path::PathBuf;
use std::process::Command;

use super::projects::{self, Layout, progress};

/// The botocore release the wire tests are checked against.
const BOTOCORE: &str = "botocore==1.44.5";

/// The venv's python, creating `target/bench/venv` with botocore pinned the first time.
pub fn venv(layout: &Layout) -> Result<PathBuf, String> {
    let venv = layout.dir.join("venv");
    let python = venv.join("bin").join("python");
    let ready = venv.join(".botocore-1.44.5");
    if ready.exists() {
        return Ok(python);
    }
    progress(&format!("creating {} with {BOTOCORE}", venv.display()));
    projects::run(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "python3 -m venv (Debian/Ubuntu: apt-get install python3-venv)",
    )?;
    projects::run(
        Command::new(&python).args(["-m", "pip", "install", "--quiet", BOTOCORE]),
        &format!("pip install {BOTOCORE}"),
    )?;
    std::fs::write(&ready, "").map_err(|e| format!("{}: {e}", ready.display()))?;
    Ok(python)
}

//! `cargo xtask fetch-model`: fetch the botocore release pinned in `model/botocore.lock` and copy
//! the service models and test fixtures we use out of it.
//!
//! Everything is read into memory and checked (hash, every rule matched) before the first file
//! is written, so a bad download or a release that moved a file leaves the repository untouched.

use std::collections::BTreeMap;
use std::fs;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Failure;

const LOCK_PATH: &str = "model/botocore.lock";

const HELP: &str = "\
usage: cargo xtask fetch-model [--tarball FILE] [--all-rest-json DIR]

Downloads the botocore source release named in model/botocore.lock with
`python3 -m pip download`, checks its SHA-256 and extracts the files the lock
lists into this repository.

options:
  --tarball FILE        use an already downloaded release instead of pip
                        (its SHA-256 is still checked)
  --all-rest-json DIR   write nothing into the repository; instead write the
                        newest service-2.json of every rest-json service, and its
                        endpoint-rule-set-1.json, to DIR/<service>/<api-version>/
";

pub fn run(args: &[String]) -> Result<(), Failure> {
    let mut tarball = None;
    let mut all_rest_json = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return Ok(());
            }
            "--tarball" => &mut tarball,
            "--all-rest-json" => &mut all_rest_json,
            other => {
                return Err(Failure::Usage(format!(
                    "fetch-model: unexpected argument `{other}`\n\n{HELP}"
                )));
            }
        };
        let Some(value) = args.next() else {
            return Err(Failure::Usage(format!("fetch-model: {arg} needs a value")));
        };
        if slot.replace(PathBuf::from(value)).is_some() {
            return Err(Failure::Usage(format!("fetch-model: {arg} given twice")));
        }
    }

    let root = crate::workspace_root();
    let (lock, bytes) = release(tarball.as_deref(), None).map_err(Failure::Failed)?;
    match all_rest_json {
        Some(dir) => sweep_rest_json(&lock, &bytes, &dir),
        None => extract(&lock, &bytes, &root),
    }
    .map_err(Failure::Failed)
}

/// The pinned release's lock and its verified bytes: read from `tarball` when given, else
/// from `cache` when it holds them, else downloaded with pip (and then kept in `cache`, so
/// that a command that fetches the release on every run is offline after the first).
pub fn release(tarball: Option<&Path>, cache: Option<&Path>) -> Result<(Lock, Vec<u8>), String> {
    release_of(&crate::workspace_root().join(LOCK_PATH), tarball, cache)
}

/// [`release`] of the release another lock file pins.
pub fn release_of(
    lock_path: &Path,
    tarball: Option<&Path>,
    cache: Option<&Path>,
) -> Result<(Lock, Vec<u8>), String> {
    let lock = Lock::read(lock_path)?;
    let cached = cache.map(|dir| dir.join(&lock.file));
    let bytes = match (tarball, &cached) {
        (Some(path), _) => {
            fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))?
        }
        (None, Some(path)) if path.is_file() => {
            fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))?
        }
        (None, _) => download(&lock)?,
    };
    // A cached copy is checked too: a truncated or replaced file must not pass for the release.
    verify_sha256(&lock, &bytes)?;
    if let Some(path) = cached.filter(|path| !path.is_file()) {
        let dir = path.parent().expect("a file in the cache directory");
        fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        fs::write(&path, &bytes).map_err(|e| format!("writing {}: {e}", path.display()))?;
    }
    Ok((lock, bytes))
}

pub struct Lock {
    pub package: String,
    pub version: String,
    file: String,
    sha256: String,
    rules: Vec<Rule>,
}

impl Lock {
    /// The format is a deliberately tiny subset of TOML (`key = "value"`, `#` comments, `extract`
    /// repeatable) so it can be read without a parser dependency and still be read by humans.
    fn read(path: &Path) -> Result<Lock, String> {
        let text =
            fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        let mut fields: BTreeMap<&str, String> = BTreeMap::new();
        let mut rules = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = || format!("{}:{}", path.display(), index + 1);
            let (key, value) = line
                .split_once('=')
                .ok_or_else(|| format!("{}: expected `key = \"value\"`", at()))?;
            let (key, value) = (key.trim(), value.trim());
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .filter(|v| !v.contains(['"', '\\']))
                .ok_or_else(|| {
                    format!(
                        "{}: value must be a double-quoted string without escapes",
                        at()
                    )
                })?;
            match key {
                "extract" => rules.push(Rule::parse(value).map_err(|e| format!("{}: {e}", at()))?),
                "package" | "version" | "file" | "sha256" => {
                    if fields.insert(key, value.to_owned()).is_some() {
                        return Err(format!("{}: `{key}` given twice", at()));
                    }
                }
                _ => return Err(format!("{}: unknown key `{key}`", at())),
            }
        }
        let mut take = |key: &str| {
            fields
                .remove(key)
                .ok_or_else(|| format!("{}: missing `{key}`", path.display()))
        };
        let lock = Lock {
            package: take("package")?,
            version: take("version")?,
            file: take("file")?,
            sha256: take("sha256")?.to_ascii_lowercase(),
            rules,
        };
        if lock.sha256.len() != 64 || !lock.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("{}: sha256 must be 64 hex digits", path.display()));
        }
        Ok(lock)
    }

    /// Source distributions unpack into `<package>-<version>/`; rules are written relative to it.
    fn prefix(&self) -> String {
        format!("{}-{}/", self.package, self.version)
    }
}

enum Pattern {
    File(String),
    /// Files directly in `dir` whose name is `prefix*suffix`.
    Glob {
        dir: String,
        prefix: String,
        suffix: String,
    },
    /// Every file below `dir`, at any depth.
    Tree(String),
}

struct Rule {
    source: String,
    pattern: Pattern,
    dest: String,
}

impl Rule {
    fn parse(text: &str) -> Result<Rule, String> {
        let (source, dest) = text
            .split_once("->")
            .ok_or("extract rule must look like `<source> -> <destination>`")?;
        let (source, dest) = (source.trim(), dest.trim());
        check_relative(source.trim_end_matches("/**"))?;
        check_relative(dest.trim_end_matches('/'))?;
        let (dir, name) = source.rsplit_once('/').unwrap_or(("", source));
        let pattern = if name == "**" {
            Pattern::Tree(dir.to_owned())
        } else if let Some((prefix, suffix)) = name.split_once('*') {
            if suffix.contains('*') || dir.contains('*') {
                return Err(format!(
                    "`{source}`: only one `*`, in the last component, is supported"
                ));
            }
            Pattern::Glob {
                dir: dir.to_owned(),
                prefix: prefix.to_owned(),
                suffix: suffix.to_owned(),
            }
        } else if source.contains('*') {
            return Err(format!(
                "`{source}`: wildcards are only supported in the last component"
            ));
        } else {
            Pattern::File(source.to_owned())
        };
        if !matches!(pattern, Pattern::File(_)) && !dest.ends_with('/') {
            return Err(format!(
                "`{dest}`: the destination of a wildcard rule must be a directory ending in `/`"
            ));
        }
        Ok(Rule {
            source: source.to_owned(),
            pattern,
            dest: dest.to_owned(),
        })
    }

    /// Where `path` (relative to the release root) goes, if this rule takes it.
    fn destination(&self, path: &str) -> Option<String> {
        match &self.pattern {
            Pattern::File(file) if path == file => Some(if self.dest.ends_with('/') {
                format!("{}{}", self.dest, file.rsplit('/').next().unwrap_or(file))
            } else {
                self.dest.clone()
            }),
            Pattern::File(_) => None,
            Pattern::Glob {
                dir,
                prefix,
                suffix,
            } => {
                let name = path.strip_prefix(dir.as_str())?.strip_prefix('/')?;
                let matched = !name.contains('/')
                    && name.len() >= prefix.len() + suffix.len()
                    && name.starts_with(prefix.as_str())
                    && name.ends_with(suffix.as_str());
                matched.then(|| format!("{}{name}", self.dest))
            }
            Pattern::Tree(dir) => {
                let rest = path.strip_prefix(dir.as_str())?.strip_prefix('/')?;
                Some(format!("{}{rest}", self.dest))
            }
        }
    }

    /// Directory this rule is the only writer of, whose leftovers may be deleted.
    fn owned_dir(&self) -> Option<&str> {
        match self.pattern {
            Pattern::File(_) => None,
            Pattern::Glob { .. } | Pattern::Tree(_) => Some(self.dest.trim_end_matches('/')),
        }
    }
}

/// Rules and archive entries are joined onto the repository root, so anything that could climb
/// out of it (`..`, absolute paths, empty components) is refused rather than normalised.
fn check_relative(path: &str) -> Result<(), String> {
    if path.is_empty()
        || path.split('/').any(|part| matches!(part, "" | "." | ".."))
        || path.contains('\\')
    {
        return Err(format!(
            "`{path}` must be a relative path with no `.`, `..` or empty components"
        ));
    }
    Ok(())
}

/// Removes the download directory however `download` exits.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn download(lock: &Lock) -> Result<Vec<u8>, String> {
    match Command::new("python3").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        Ok(_) | Err(_) => {
            return Err("python3 is not on PATH; fetch-model uses `python3 -m pip download`. \
                 Install Python 3 (Debian/Ubuntu: `apt-get install python3 python3-pip`; \
                 macOS: `brew install python`), or pass --tarball FILE with a release you downloaded yourself"
                .to_owned());
        }
    }
    match Command::new("python3")
        .args(["-m", "pip", "--version"])
        .output()
    {
        Ok(out) if out.status.success() => {}
        _ => {
            return Err("python3 has no pip (`python3 -m pip --version` failed). \
                 Install it with `python3 -m ensurepip --upgrade` or, on Debian/Ubuntu, \
                 `apt-get install python3-pip`"
                .to_owned());
        }
    }

    let dir =
        TempDir(std::env::temp_dir().join(format!("awsgen-fetch-model-{}", std::process::id())));
    let _ = fs::remove_dir_all(&dir.0);
    fs::create_dir_all(&dir.0).map_err(|e| format!("creating {}: {e}", dir.0.display()))?;
    let requirement = format!("{}=={}", lock.package, lock.version);
    eprintln!("downloading {requirement} with pip");
    // --no-binary :all: forces the sdist: the wheel lacks the tests/ tree we take fixtures from.
    let out = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            &requirement,
            "-d",
        ])
        .arg(&dir.0)
        .output()
        .map_err(|e| format!("running python3 -m pip download: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`python3 -m pip download {requirement}` failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let path = dir.0.join(&lock.file);
    fs::read(&path).map_err(|e| {
        let saved: Vec<String> = fs::read_dir(&dir.0)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        format!(
            "pip did not save {} ({e}); it saved: {}",
            lock.file,
            saved.join(", ")
        )
    })
}

fn verify_sha256(lock: &Lock, bytes: &[u8]) -> Result<(), String> {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let actual: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    if actual != lock.sha256 {
        return Err(format!(
            "sha256 mismatch for {}: expected {} (from {LOCK_PATH}), actual {actual}; nothing was written",
            lock.file, lock.sha256
        ));
    }
    Ok(())
}

/// Calls `visit` with every regular file of the release, path relative to its top directory.
fn for_each_file(
    lock: &Lock,
    bytes: &[u8],
    mut visit: impl FnMut(&str, &mut dyn Read) -> Result<(), String>,
) -> Result<(), String> {
    let prefix = lock.prefix();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    let bad = |e: std::io::Error| format!("reading {}: {e}", lock.file);
    for entry in archive.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = String::from_utf8(entry.path_bytes().into_owned())
            .map_err(|_| format!("{}: non-UTF-8 path in archive", lock.file))?;
        let Some(relative) = path.strip_prefix(&prefix) else {
            continue;
        };
        visit(relative, &mut entry)?;
    }
    Ok(())
}

fn read_all(path: &str, reader: &mut dyn Read) -> Result<Vec<u8>, String> {
    let mut contents = Vec::new();
    reader
        .read_to_end(&mut contents)
        .map_err(|e| format!("reading {path} from archive: {e}"))?;
    Ok(contents)
}

fn extract(lock: &Lock, bytes: &[u8], root: &Path) -> Result<(), String> {
    if lock.rules.is_empty() {
        return Err(format!("{LOCK_PATH}: no `extract` rules"));
    }
    let mut planned: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut matched = vec![0usize; lock.rules.len()];
    for_each_file(lock, bytes, |path, reader| {
        let mut hits = lock
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, rule)| Some((i, rule.destination(path)?)));
        let Some((index, dest)) = hits.next() else {
            return Ok(());
        };
        if let Some((other, _)) = hits.next() {
            return Err(format!(
                "{path} is matched by both `{}` and `{}` in {LOCK_PATH}",
                lock.rules[index].source, lock.rules[other].source
            ));
        }
        check_relative(&dest).map_err(|e| format!("archive entry {path}: {e}"))?;
        matched[index] += 1;
        if planned
            .insert(dest.clone(), read_all(path, reader)?)
            .is_some()
        {
            return Err(format!(
                "two archive entries would both be written to {dest}"
            ));
        }
        Ok(())
    })?;

    let missing: Vec<String> = lock
        .rules
        .iter()
        .zip(&matched)
        .filter(|(_, count)| **count == 0)
        .map(|(rule, _)| format!("{}{}", lock.prefix(), rule.source))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "{} has nothing at: {} (listed in {LOCK_PATH}); nothing was written",
            lock.file,
            missing.join(", ")
        ));
    }

    let (mut written, mut unchanged) = (0, 0);
    for (dest, contents) in &planned {
        let path = root.join(dest);
        // Rewriting identical bytes would only bump mtimes and trigger rebuilds of anything that
        // embeds the fixtures.
        if fs::read(&path).is_ok_and(|old| old == *contents) {
            unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("creating {}: {e}", parent.display()))?;
        }
        fs::write(&path, contents).map_err(|e| format!("writing {}: {e}", path.display()))?;
        written += 1;
    }

    let mut removed = 0;
    for dir in lock.rules.iter().filter_map(Rule::owned_dir) {
        let mut stale = Vec::new();
        list_files(root, &root.join(dir), &mut stale)?;
        for relative in stale.into_iter().filter(|file| !planned.contains_key(file)) {
            fs::remove_file(root.join(&relative))
                .map_err(|e| format!("removing stale {relative}: {e}"))?;
            eprintln!("removed {relative} (no longer in {})", lock.file);
            removed += 1;
        }
    }

    for (rule, count) in lock.rules.iter().zip(&matched) {
        eprintln!(
            "{} -> {} ({count} file{})",
            rule.source,
            rule.dest,
            if *count == 1 { "" } else { "s" }
        );
    }
    eprintln!(
        "{} {}: {} files, {written} written, {unchanged} unchanged, {removed} stale removed",
        lock.package,
        lock.version,
        planned.len()
    );
    Ok(())
}

/// Collects the files below `dir` as `/`-separated paths relative to `root`, to compare with
/// the planned destinations.
fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("listing {}: {e}", dir.display())),
    };
    for entry in entries {
        let entry = entry.map_err(|e| format!("listing {}: {e}", dir.display()))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| format!("inspecting {}: {e}", path.display()))?;
        if kind.is_dir() {
            list_files(root, &path, out)?;
        } else {
            let relative = path
                .strip_prefix(root)
                .expect("listing starts below the root");
            let parts: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}

/// One service of the release at its newest API version, with what botocore keeps beside
/// its model there.
pub struct ServiceFiles {
    /// The directory name under `botocore/data/`, e.g. `dynamodb`.
    pub service: String,
    pub version: String,
    pub model: Vec<u8>,
    pub paginators: Option<Vec<u8>>,
    pub endpoint_rules: Option<Vec<u8>>,
}

impl ServiceFiles {
    /// The model's path inside the release, for messages and generated headers.
    pub fn path(&self, file: &str) -> String {
        format!("botocore/data/{}/{}/{file}", self.service, self.version)
    }
}

/// Every service of the release at the greatest API version that has a `service-2.json`
/// (botocore's loader chooses so too; versions are ISO dates, so they sort as strings),
/// sorted by service. Gzipped files (`service-2.json.gz`, as large models have shipped in
/// some releases) are decompressed.
pub fn newest_services(lock: &Lock, bytes: &[u8]) -> Result<Vec<ServiceFiles>, String> {
    // (service, version) -> file name -> contents, for the three files a client needs.
    let mut versions: BTreeMap<(String, String), BTreeMap<&'static str, Vec<u8>>> = BTreeMap::new();
    for_each_file(lock, bytes, |path, reader| {
        let Some(rest) = path.strip_prefix("botocore/data/") else {
            return Ok(());
        };
        let parts: Vec<&str> = rest.split('/').collect();
        let [service, version, file] = parts[..] else {
            return Ok(());
        };
        let (name, gzipped) = match file.strip_suffix(".gz") {
            Some(plain) => (plain, true),
            None => (file, false),
        };
        let Some(name) = [
            "service-2.json",
            "paginators-1.json",
            "endpoint-rule-set-1.json",
        ]
        .into_iter()
        .find(|known| *known == name) else {
            return Ok(());
        };
        check_relative(service).and_then(|()| check_relative(version))?;
        let mut contents = read_all(path, reader)?;
        if gzipped {
            let mut plain = Vec::new();
            flate2::read::GzDecoder::new(&contents[..])
                .read_to_end(&mut plain)
                .map_err(|e| format!("decompressing {path}: {e}"))?;
            contents = plain;
        }
        versions
            .entry((service.to_owned(), version.to_owned()))
            .or_default()
            .insert(name, contents);
        Ok(())
    })?;
    let mut newest: BTreeMap<String, ServiceFiles> = BTreeMap::new();
    // Ascending (service, version) order: a later version of a service replaces an earlier.
    for ((service, version), mut files) in versions {
        let Some(model) = files.remove("service-2.json") else {
            continue;
        };
        let chosen = ServiceFiles {
            service: service.clone(),
            version,
            model,
            paginators: files.remove("paginators-1.json"),
            endpoint_rules: files.remove("endpoint-rule-set-1.json"),
        };
        newest.insert(service, chosen);
    }
    if newest.is_empty() {
        return Err(format!(
            "{} has no botocore/data/*/*/service-2.json",
            lock.file
        ));
    }
    Ok(newest.into_values().collect())
}

/// Every service's endpoint test cases in the release
/// (`tests/functional/endpoint-rules/<service>/endpoint-tests-1.json`), by service.
pub fn endpoint_tests(lock: &Lock, bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut tests = BTreeMap::new();
    for_each_file(lock, bytes, |path, reader| {
        let Some(service) = path
            .strip_prefix("tests/functional/endpoint-rules/")
            .and_then(|rest| rest.strip_suffix("/endpoint-tests-1.json"))
        else {
            return Ok(());
        };
        check_relative(service)?;
        tests.insert(service.to_owned(), read_all(path, reader)?);
        Ok(())
    })?;
    if tests.is_empty() {
        return Err(format!(
            "{} has no tests/functional/endpoint-rules/*/endpoint-tests-1.json",
            lock.file
        ));
    }
    Ok(tests)
}

/// Writes the newest `service-2.json` of every rest-json service into `out`, for trying the
/// generator on the whole protocol without committing hundreds of models.
fn sweep_rest_json(lock: &Lock, bytes: &[u8], out: &Path) -> Result<(), String> {
    let services = newest_services(lock, bytes)?;
    let mut chosen = Vec::new();
    for files in &services {
        let model: serde_json::Value = serde_json::from_slice(&files.model)
            .map_err(|e| format!("{}: {e}", files.path("service-2.json")))?;
        if model["metadata"]["protocol"] == "rest-json" {
            chosen.push(files);
        }
    }
    for files in &chosen {
        let dir = out.join(&files.service).join(&files.version);
        fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        let path = dir.join("service-2.json");
        fs::write(&path, &files.model).map_err(|e| format!("writing {}: {e}", path.display()))?;
        if let Some(rules) = &files.endpoint_rules {
            let path = dir.join("endpoint-rule-set-1.json");
            fs::write(&path, rules).map_err(|e| format!("writing {}: {e}", path.display()))?;
        }
    }
    eprintln!(
        "wrote {} rest-json models (of {} services in {} {}) to {}",
        chosen.len(),
        services.len(),
        lock.package,
        lock.version,
        out.display()
    );
    Ok(())
}

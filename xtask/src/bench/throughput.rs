//! Sequential CreateDeployment calls per second against a loopback server over plain HTTP
//! with keep-alive, and the client's peak memory.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};

use super::Settings;
use super::percall::Harness;
use super::projects::{self, Layout, field, progress};
use super::python;
use super::report::{Quantity, Report, Row, Table, Target};

/// The client runs on this core and the server on the other, so that neither waits for
/// the other's time slice.
pub const CLIENT_CORE: &str = "0";
const SERVER_CORE: &str = "1";

struct Throughput {
    calls_per_second: f64,
    peak_kib: u64,
}

pub fn measure(
    layout: &Layout,
    harnesses: &[Harness],
    settings: &Settings,
    report: &mut Report,
) -> Result<(), String> {
    let pinned = has_taskset();
    let server = Server::start(layout, pinned)?;
    let url = format!("http://127.0.0.1:{}", server.port);
    let mut results = Vec::new();
    for harness in harnesses {
        progress(&format!(
            "throughput ({}): {} s against {url}",
            harness.side.suffix(),
            settings.throughput_seconds
        ));
        let mut command = pin(pinned, CLIENT_CORE, &harness.binary("throughput"));
        command
            .arg(&url)
            .arg(settings.throughput_seconds.to_string());
        results.push(run_client(&mut command, harness.side.suffix())?);
    }
    let [ours, theirs] = &results[..] else {
        unreachable!("two harnesses")
    };
    progress("throughput (raw HTTP exchanges, the floor)");
    let exe = std::env::current_exe().map_err(|e| format!("finding xtask itself: {e}"))?;
    let mut command = pin(pinned, CLIENT_CORE, &exe);
    command
        .arg("bench-server")
        .arg("--raw-client")
        .arg(server.port.to_string())
        .arg(settings.throughput_seconds.to_string());
    let output = projects::run(&mut command, "bench-server --raw-client")?;
    let text = String::from_utf8_lossy(&output.stdout);
    let floor = field(&text, "calls")? / field(&text, "seconds")?;
    report.push(
        Table::Sdk,
        Row::new(
            "Amplify CreateDeployment: loopback calls per second (HTTP/1.1 keep-alive)",
            Quantity::per_second(ours.calls_per_second),
            Some(Quantity::per_second(theirs.calls_per_second)),
        )
        .with_target(Target::AtLeastTimes(2.0)),
    );
    report.compare(
        Table::Sdk,
        "Amplify CreateDeployment: peak memory (max RSS) of the loopback client",
        Quantity::kib(ours.peak_kib),
        Quantity::kib(theirs.peak_kib),
    );
    let placement = placement(pinned);
    report.notes.push(format!(
        "Throughput: one client, sequential calls for {} s after 100 warm-up calls, against \
         `cargo xtask bench-server` (a separate process answering the canned response over \
         http://127.0.0.1 with keep-alive), {placement}; peak memory is the client's VmHWM \
         (Rust) or ru_maxrss (Python) at the end. The floor — a blocking std client (in a \
         debug build of xtask) writing a fixed request of the same size and reading the \
         answer, nothing else — made {floor:.0} exchanges/s: of awsgen's {:.1} µs per call, \
         {:.1} µs are the client's own, of the SDK's {:.1} µs, {:.1} µs.",
        settings.throughput_seconds,
        1e6 / ours.calls_per_second,
        1e6 / ours.calls_per_second - 1e6 / floor,
        1e6 / theirs.calls_per_second,
        1e6 / theirs.calls_per_second - 1e6 / floor,
    ));
    match botocore(layout, &url, pinned, settings) {
        Ok(theirs) => {
            report.compare(
                Table::Botocore,
                "loopback calls per second",
                Quantity::per_second(ours.calls_per_second),
                Quantity::per_second(theirs.calls_per_second),
            );
            report.compare(
                Table::Botocore,
                "peak memory of the loopback client",
                Quantity::kib(ours.peak_kib),
                Quantity::kib(theirs.peak_kib),
            );
        }
        Err(error) => report
            .notes
            .push(format!("botocore throughput was not measured: {error}")),
    }
    drop(server);
    Ok(())
}

fn botocore(
    layout: &Layout,
    url: &str,
    pinned: bool,
    settings: &Settings,
) -> Result<Throughput, String> {
    let python = python::venv(layout)?;
    let scripts = layout.write_botocore_scripts()?;
    progress(&format!(
        "throughput (botocore): {} s",
        settings.throughput_seconds
    ));
    let mut command = pin(pinned, CLIENT_CORE, &python);
    command
        .current_dir(&scripts)
        .arg("throughput.py")
        .arg(url)
        .arg(settings.throughput_seconds.to_string());
    run_client(&mut command, "botocore")
}

fn run_client(command: &mut Command, side: &str) -> Result<Throughput, String> {
    let output = projects::run(command, &format!("throughput client ({side})"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(Throughput {
        calls_per_second: field(&text, "calls")? / field(&text, "seconds")?,
        peak_kib: field(&text, "max_rss_kib")? as u64,
    })
}

/// How the client and server were placed, for the report's notes.
pub fn placement(pinned: bool) -> String {
    if pinned {
        format!(
            "the client pinned to core {CLIENT_CORE} and the server to core {SERVER_CORE} with `taskset`"
        )
    } else {
        "unpinned (no `taskset` on this machine)".to_owned()
    }
}

pub fn has_taskset() -> bool {
    Command::new("taskset")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// `program`, run on `core` when pinning is possible.
pub fn pin(pinned: bool, core: &str, program: &Path) -> Command {
    if pinned {
        let mut command = Command::new("taskset");
        command.args(["-c", core]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

/// The `bench-server` child; dropping it closes its stdin, which ends it, and kills it to
/// be sure.
pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    pub port: u16,
}

impl Server {
    /// The server of the canned CreateDeployment response.
    fn start(layout: &Layout, pinned: bool) -> Result<Server, String> {
        let response = layout.write_response(&layout.dir)?;
        Server::spawn(pinned, &[response.as_os_str()])
    }

    /// The server of one S3 object of `size` bytes.
    pub fn object(pinned: bool, size: u64) -> Result<Server, String> {
        let size = size.to_string();
        Server::spawn(pinned, &["--object".as_ref(), size.as_ref()])
    }

    fn spawn(pinned: bool, args: &[&OsStr]) -> Result<Server, String> {
        let exe = std::env::current_exe().map_err(|e| format!("finding xtask itself: {e}"))?;
        let mut child = pin(pinned, SERVER_CORE, &exe)
            .arg("bench-server")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("starting bench-server: {e}"))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        let port = BufReader::new(stdout)
            .read_line(&mut line)
            .ok()
            .and_then(|_| field(&line, "port").ok());
        let Some(port) = port else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "bench-server did not say its port (it said {line:?})"
            ));
        };
        Ok(Server {
            child,
            stdin,
            port: port as u16,
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! What the person running a deployment sees: progress bars and a spinner on a terminal
//! (indicatif hides them otherwise), and plain lines on standard error for the rest, so a
//! CI log still tells the story.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

const TICK: Duration = Duration::from_millis(120);

/// Writes progress notes and warnings.
#[derive(Debug, Default)]
pub struct Reporter;

impl Reporter {
    pub fn note(&self, text: &str) {
        eprintln!("{text}");
    }

    pub fn warn(&self, text: &str) {
        eprintln!("warning: {text}");
    }

    /// A status line: shown by the spinner on a terminal, printed where there is none.
    pub fn progress_line(&self, bar: &ProgressBar, text: &str) {
        if bar.is_hidden() {
            self.note(text);
        }
    }
}

/// Bytes sent of `total`. The transport sends a body whole, so the bar moves a file at a
/// time; its spinner shows the upload is alive in between.
pub fn upload_bar(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} uploading {msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} ({elapsed})",
        )
        .expect("the template is valid")
        .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar.enable_steady_tick(TICK);
    bar
}

/// A spinner with the job's status and steps as its message.
pub fn job_spinner(job_id: &str) -> ProgressBar {
    let spinner = ProgressBar::new_spinner();
    spinner.set_style(
        ProgressStyle::with_template(&format!("{{spinner}} job {job_id}: {{msg}} ({{elapsed}})"))
            .expect("the template is valid"),
    );
    spinner.set_message("waiting for Amplify");
    spinner.enable_steady_tick(TICK);
    spinner
}

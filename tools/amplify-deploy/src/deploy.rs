//! A manual Amplify deployment: CreateDeployment, upload, StartDeployment, then GetJob until
//! the job ends.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs;
use std::time::{Duration, Instant};

use awsgen_amplify::Client;
use awsgen_amplify::operation::create_deployment::CreateDeploymentOutput;
use awsgen_amplify::types::{Job, JobStatus};
use awsgen_runtime::http::{Headers, HttpRequest, Url};
use awsgen_runtime::transport::{HttpTransport, Transport};
use indicatif::ProgressBar;

use crate::archive::{self, SiteFile};
use crate::progress::{self, Reporter};

/// What to deploy, where, and how patiently.
#[derive(Clone, Debug)]
pub struct Plan {
    pub app_id: String,
    pub branch: String,
    pub files: Vec<SiteFile>,
    pub per_file: bool,
    pub poll_interval: Duration,
    pub timeout: Duration,
}

/// Why a deployment did not succeed, in words for the person who ran it.
#[derive(Debug)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failure {}

/// The job that finished the deployment.
#[derive(Debug)]
pub struct Deployed {
    pub job_id: String,
}

pub async fn deploy(
    client: &Client,
    plan: &Plan,
    reporter: &Reporter,
) -> Result<Deployed, Failure> {
    let uploads = HttpTransport::new();
    let job_id = if plan.per_file {
        deploy_files(client, plan, &uploads, reporter).await?
    } else {
        deploy_zip(client, plan, &uploads, reporter).await?
    };
    client
        .start_deployment(&plan.app_id, &plan.branch)
        .job_id(&job_id)
        .send()
        .await
        .map_err(|error| Failure(format!("StartDeployment failed: {error}")))?;
    reporter.note(&format!("started job {job_id}"));
    let job = wait_for_job(client, plan, &job_id, reporter).await?;
    match &job.summary.status {
        JobStatus::Succeed => Ok(Deployed { job_id }),
        status => Err(Failure(job_failure(&job_id, status, &job))),
    }
}

/// CreateDeployment, with a file map for per-file uploads; the output and its job id.
async fn create_deployment(
    client: &Client,
    plan: &Plan,
    file_map: Option<HashMap<String, String>>,
    reporter: &Reporter,
) -> Result<(CreateDeploymentOutput, String), Failure> {
    let mut call = client.create_deployment(&plan.app_id, &plan.branch);
    if let Some(file_map) = file_map {
        call = call.file_map(file_map);
    }
    let created = call
        .send()
        .await
        .map_err(|error| Failure(format!("CreateDeployment failed: {error}")))?;
    warn_about_the_deadline(reporter);
    let job_id = created
        .job_id
        .clone()
        .ok_or_else(|| Failure("CreateDeployment returned no jobId".to_owned()))?;
    Ok((created, job_id))
}

/// One zip of the site, PUT to the single URL CreateDeployment returns.
async fn deploy_zip(
    client: &Client,
    plan: &Plan,
    uploads: &HttpTransport,
    reporter: &Reporter,
) -> Result<String, Failure> {
    let zip = archive::zip(&plan.files).map_err(|error| Failure(error.to_string()))?;
    reporter.note(&format!(
        "zipped {} files ({} bytes) into {} bytes",
        plan.files.len(),
        archive::total_size(&plan.files),
        zip.len()
    ));
    let (created, job_id) = create_deployment(client, plan, None, reporter).await?;
    let bar = progress::upload_bar(zip.len() as u64, "site.zip");
    put(uploads, &created.zip_upload_url, zip, "the zip").await?;
    bar.finish_and_clear();
    reporter.note("uploaded the zip");
    Ok(job_id)
}

/// Each file PUT to its own URL, after CreateDeployment was told every file's MD5.
async fn deploy_files(
    client: &Client,
    plan: &Plan,
    uploads: &HttpTransport,
    reporter: &Reporter,
) -> Result<String, Failure> {
    let mut file_map = HashMap::with_capacity(plan.files.len());
    for file in &plan.files {
        let data = read(file)?;
        file_map.insert(file.name.clone(), md5_hex(&data));
    }
    let (created, job_id) = create_deployment(client, plan, Some(file_map), reporter).await?;
    // In name order, so a run is repeatable; a name we did not send is the service's
    // mistake, and nothing is uploaded for it.
    let urls: BTreeMap<&String, &String> = created.file_upload_urls.iter().collect();
    let by_name: BTreeMap<&str, &SiteFile> =
        plan.files.iter().map(|f| (f.name.as_str(), f)).collect();
    let mut wanted = Vec::with_capacity(urls.len());
    for (name, url) in urls {
        let file = by_name.get(name.as_str()).ok_or_else(|| {
            Failure(format!(
                "CreateDeployment returned an upload URL for `{name}`, which is not in the fileMap"
            ))
        })?;
        wanted.push((*file, url));
    }
    let total = wanted.iter().map(|(file, _)| file.size).sum();
    let bar = progress::upload_bar(total, "files");
    for (file, url) in &wanted {
        bar.set_message(file.name.clone());
        let data = read(file)?;
        put(uploads, url, data, &format!("`{}`", file.name)).await?;
        bar.inc(file.size);
    }
    bar.finish_and_clear();
    let skipped = plan.files.len() - wanted.len();
    if skipped > 0 {
        reporter.note(&format!(
            "uploaded {} files; Amplify asked for no upload of the other {skipped}",
            wanted.len()
        ));
    } else {
        reporter.note(&format!("uploaded {} files", wanted.len()));
    }
    Ok(job_id)
}

fn read(file: &SiteFile) -> Result<Vec<u8>, Failure> {
    fs::read(&file.path).map_err(|error| Failure(format!("{}: {error}", file.path.display())))
}

fn warn_about_the_deadline(reporter: &Reporter) {
    reporter.warn(
        "StartDeployment must follow CreateDeployment within 8 hours; \
         if this run is interrupted, create a new deployment rather than starting this one later",
    );
}

/// PUTs `body` to a presigned URL exactly as the service gave it: no signature of ours
/// (the query string is the signature) and no headers beyond `Host` and `Content-Length`.
async fn put(
    transport: &HttpTransport,
    url: &str,
    body: Vec<u8>,
    what: &str,
) -> Result<(), Failure> {
    let parsed = Url::parse(url)
        .map_err(|error| Failure(format!("the upload URL for {what} is not usable: {error}")))?;
    // The query string is a credential; messages show where, not how.
    let place = format!(
        "{}://{}{}",
        parsed.scheme.as_str(),
        parsed.authority(),
        parsed.path
    );
    let request = HttpRequest {
        method: "PUT".to_owned(),
        url: parsed,
        headers: Headers::new(),
        body: body.into(),
    };
    let response = transport
        .send(&request)
        .await
        .map_err(|error| Failure(format!("upload of {what} to {place} failed: {error}")))?;
    if response.is_success() {
        return Ok(());
    }
    let body = String::from_utf8_lossy(&response.body);
    let excerpt: String = body.trim().chars().take(300).collect();
    Err(Failure(format!(
        "upload of {what} to {place} failed: HTTP {}{}",
        response.status,
        if excerpt.is_empty() {
            String::new()
        } else {
            format!(": {excerpt}")
        }
    )))
}

/// Polls GetJob until the job succeeds, fails or is cancelled.
async fn wait_for_job(
    client: &Client,
    plan: &Plan,
    job_id: &str,
    reporter: &Reporter,
) -> Result<Job, Failure> {
    let spinner: ProgressBar = progress::job_spinner(job_id);
    let started = Instant::now();
    let mut last_status = String::new();
    loop {
        let output = client
            .get_job(&plan.app_id, &plan.branch, job_id)
            .send()
            .await
            .map_err(|error| Failure(format!("GetJob failed: {error}")))?;
        let job = output.job;
        let status = describe(&job);
        if status != last_status {
            spinner.set_message(status.clone());
            reporter.progress_line(&spinner, &format!("job {job_id}: {status}"));
            last_status = status;
        }
        if matches!(
            job.summary.status,
            JobStatus::Succeed | JobStatus::Failed | JobStatus::Cancelled
        ) {
            spinner.finish_and_clear();
            return Ok(job);
        }
        if started.elapsed() >= plan.timeout {
            spinner.finish_and_clear();
            return Err(Failure(format!(
                "job {job_id} is still {} after {:?}; it goes on in Amplify (see GetJob)",
                job.summary.status, plan.timeout
            )));
        }
        tokio::time::sleep(plan.poll_interval).await;
    }
}

/// `RUNNING (BUILD SUCCEED, DEPLOY RUNNING)`.
fn describe(job: &Job) -> String {
    if job.steps.is_empty() {
        return job.summary.status.to_string();
    }
    let steps: Vec<String> = job
        .steps
        .iter()
        .map(|step| format!("{} {}", step.step_name, step.status))
        .collect();
    format!("{} ({})", job.summary.status, steps.join(", "))
}

/// The job's end in words, naming the step that failed and why, when Amplify says.
fn job_failure(job_id: &str, status: &JobStatus, job: &Job) -> String {
    let mut message = format!("deployment job {job_id} ended {status}");
    if let Some(step) = job
        .steps
        .iter()
        .find(|step| matches!(step.status, JobStatus::Failed | JobStatus::Cancelled))
    {
        message.push_str(&format!(" at step {}", step.step_name));
        if let Some(reason) = &step.status_reason {
            message.push_str(&format!(": {reason}"));
        }
        if let Some(logs) = &step.log_url {
            message.push_str(&format!(" (logs: {logs})"));
        }
    }
    message
}

/// The MD5 of a file as Amplify's `fileMap` wants it: lowercase hex.
fn md5_hex(data: &[u8]) -> String {
    awsgen_runtime::md5::digest(data)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

//! `amplify-deploy`: deploys a directory to an AWS Amplify branch that is deployed by hand.
//! See `amplify-deploy --help`, and the README's section on the deploy tool.

mod archive;
mod args;
mod deploy;
mod environment;
mod progress;

use std::process::ExitCode;

use awsgen_amplify::Client;

use crate::args::{Args, ArgsError, USAGE};
use crate::deploy::{Failure, Plan};
use crate::progress::Reporter;

fn main() -> ExitCode {
    let args = match args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(ArgsError::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(ArgsError::Invalid(message)) => {
            eprintln!("amplify-deploy: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("amplify-deploy: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&args)) {
        Ok(job_id) => {
            println!(
                "deployed {} to {} of app {} (job {job_id})",
                args.dir.display(),
                args.branch,
                args.app_id
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("amplify-deploy: {failure}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args) -> Result<String, Failure> {
    let files = archive::site_files(&args.dir).map_err(|error| Failure(error.to_string()))?;
    let mut config = environment::config_from_env(args.region.as_deref()).map_err(Failure)?;
    if let Some(url) = &args.endpoint_url {
        config = config.endpoint_url(url);
    }
    let config = config.build().map_err(|error| Failure(error.to_string()))?;
    let client = Client::new(config);
    let plan = Plan {
        app_id: args.app_id.clone(),
        branch: args.branch.clone(),
        files,
        per_file: args.per_file,
        poll_interval: args.poll_interval,
        timeout: args.timeout,
    };
    let deployed = deploy::deploy(&client, &plan, &Reporter).await?;
    Ok(deployed.job_id)
}

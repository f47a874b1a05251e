//! The smallest useful program: one CreateDeployment call with aws-sdk-amplify.

use aws_sdk_amplify::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_amplify::{Client, Config};

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(deploy());
}

async fn deploy() {
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "bench",
        ))
        .build();
    let client = Client::from_conf(config);
    match client
        .create_deployment()
        .app_id("d2l8fg9example")
        .branch_name("main")
        .file_map("index.html", "d41d8cd98f00b204e9800998ecf8427e")
        .send()
        .await
    {
        Ok(output) => println!("job {:?}", output.job_id),
        Err(error) => eprintln!("{error}"),
    }
}

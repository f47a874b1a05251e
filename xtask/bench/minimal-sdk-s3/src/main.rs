//! The smallest useful program: one GetObject call with aws-sdk-s3, its body read whole.

use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::{Client, Config};

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(read());
}

async fn read() {
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
        .get_object()
        .bucket("my-bucket")
        .key("settings.json")
        .send()
        .await
    {
        Ok(output) => match output.body.collect().await {
            Ok(body) => println!("{} bytes", body.into_bytes().len()),
            Err(error) => eprintln!("{error}"),
        },
        Err(error) => eprintln!("{error}"),
    }
}

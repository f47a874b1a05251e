//! The smallest useful program: one DescribeInstances call with aws-sdk-ec2, filtered by tag.

use aws_sdk_ec2::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_ec2::types::Filter;
use aws_sdk_ec2::{Client, Config};

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(describe());
}

async fn describe() {
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
    let filter = Filter::builder().name("tag:team").values("awsgen").build();
    match client.describe_instances().filters(filter).send().await {
        Ok(output) => println!("reservations {:?}", output.reservations),
        Err(error) => eprintln!("{error}"),
    }
}

//! The smallest useful program: one DescribeInstances call with awsgen-ec2, filtered by tag.

use awsgen_ec2::types::Filter;
use awsgen_ec2::{Client, Config, Credentials};

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(describe());
}

async fn describe() {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .build()
        .expect("a valid configuration");
    let client = Client::new(config);
    let filter = Filter::new().name("tag:team").values(vec!["awsgen".to_owned()]);
    match client.describe_instances().filters(vec![filter]).send().await {
        Ok(output) => println!("reservations {:?}", output.reservations),
        Err(error) => eprintln!("{error}"),
    }
}

//! The smallest useful program: one GetItem call with aws-sdk-dynamodb.

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::{Client, Config};

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
        .get_item()
        .table_name("users")
        .key("pk", AttributeValue::S("user#42".to_owned()))
        .consistent_read(true)
        .send()
        .await
    {
        Ok(output) => println!("item {:?}", output.item),
        Err(error) => eprintln!("{error}"),
    }
}

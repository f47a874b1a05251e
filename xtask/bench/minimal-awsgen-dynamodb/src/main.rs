//! The smallest useful program: one GetItem call with awsgen-dynamodb.

use std::collections::HashMap;

use awsgen_dynamodb::types::AttributeValue;
use awsgen_dynamodb::{Client, Config, Credentials};

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(read());
}

async fn read() {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .build()
        .expect("a valid configuration");
    let client = Client::new(config);
    let mut key = HashMap::new();
    key.insert("pk".to_owned(), AttributeValue::new().s("user#42"));
    match client.get_item("users", key).consistent_read(true).send().await {
        Ok(output) => println!("item {:?}", output.item),
        Err(error) => eprintln!("{error}"),
    }
}

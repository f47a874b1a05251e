//! The calls the benchmark makes with the official SDK — aws-sdk-amplify CreateDeployment
//! and aws-sdk-dynamodb GetItem — against memory or, for Amplify, a server.

pub mod common;

use aws_sdk_amplify::config::{BehaviorVersion, Credentials, Region};
use aws_smithy_http_client::test_util::infallible_client_fn;
use common::Call;

/// The SDK's test HTTP client, answering every request with the canned response of `call`
/// and keeping nothing.
fn canned(call: Call) -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    infallible_client_fn(move |_request| {
        let mut response = http::Response::builder()
            .status(200)
            .header("content-type", call.content_type())
            .header("x-amzn-requestid", common::REQUEST_ID);
        if let Some(crc32) = call.crc32() {
            response = response.header("x-amz-crc32", crc32);
        }
        response.body(call.response()).expect("a valid response")
    })
}

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "secret", None, None, "bench")
}

/// A client for one call, built once; each [`Client::call`] is one checked call.
pub enum Client {
    Amplify(aws_sdk_amplify::Client),
    DynamoDb(aws_sdk_dynamodb::Client),
}

impl Client {
    /// A client whose requests never leave the process.
    pub fn in_memory(call: Call) -> Self {
        match call {
            Call::CreateDeployment => {
                let config = amplify_config().http_client(canned(call)).build();
                Client::Amplify(aws_sdk_amplify::Client::from_conf(config))
            }
            Call::GetItem => {
                let config = aws_sdk_dynamodb::Config::builder()
                    .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
                    .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
                    .credentials_provider(credentials())
                    .http_client(canned(call))
                    .build();
                Client::DynamoDb(aws_sdk_dynamodb::Client::from_conf(config))
            }
        }
    }

    /// An Amplify client that sends to `url` (e.g. `http://127.0.0.1:8080`) over the SDK's
    /// default HTTP client.
    pub fn amplify_at(url: &str) -> Self {
        let config = amplify_config().endpoint_url(url).build();
        Client::Amplify(aws_sdk_amplify::Client::from_conf(config))
    }

    /// One call, checked: a benchmark of failing calls would measure the wrong thing.
    pub async fn call(&self) {
        match self {
            Client::Amplify(client) => create_deployment(client).await,
            Client::DynamoDb(client) => get_item(client).await,
        }
    }
}

fn amplify_config() -> aws_sdk_amplify::config::Builder {
    aws_sdk_amplify::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials())
}

async fn create_deployment(client: &aws_sdk_amplify::Client) {
    let output = client
        .create_deployment()
        .app_id("d2l8fg9example")
        .branch_name("main")
        .file_map("index.html", "d41d8cd98f00b204e9800998ecf8427e")
        .send()
        .await
        .expect("CreateDeployment succeeds");
    assert_eq!(output.job_id(), Some("42"));
}

async fn get_item(client: &aws_sdk_dynamodb::Client) {
    use aws_sdk_dynamodb::types::AttributeValue;

    let output = client
        .get_item()
        .table_name("users")
        .key("pk", AttributeValue::S("user#42".to_owned()))
        .consistent_read(true)
        .send()
        .await
        .expect("GetItem succeeds");
    let item = output.item.expect("an item");
    assert_eq!(
        item["name"].as_s().map(String::as_str),
        Ok("Ada Lovelace")
    );
    assert_eq!(item.len(), 7);
}

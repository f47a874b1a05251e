//! The calls the benchmark makes with the official SDK — aws-sdk-amplify CreateDeployment,
//! aws-sdk-dynamodb GetItem and aws-sdk-s3 GetObject — against memory or a server, and the
//! S3 transfers it times.

pub mod common;

use std::path::Path;

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
    S3(aws_sdk_s3::Client),
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
            Call::GetObject => {
                let config = s3_config().http_client(canned(call)).build();
                Client::S3(aws_sdk_s3::Client::from_conf(config))
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
            Client::S3(client) => get_object(client).await,
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

fn s3_config() -> aws_sdk_s3::config::Builder {
    aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("us-east-1"))
        .credentials_provider(credentials())
}

async fn get_object(client: &aws_sdk_s3::Client) {
    let output = client
        .get_object()
        .bucket(common::BUCKET)
        .key(common::KEY)
        .send()
        .await
        .expect("GetObject succeeds");
    let body = output.body.collect().await.expect("the body arrives");
    assert_eq!(body.into_bytes().as_ref(), common::OBJECT.as_bytes());
}

/// An S3 client that sends to `url` over the SDK's default HTTP client, path-style as
/// awsgen's is against an IP address.
pub fn s3_at(url: &str) -> aws_sdk_s3::Client {
    let config = s3_config().endpoint_url(url).force_path_style(true).build();
    aws_sdk_s3::Client::from_conf(config)
}

/// Downloads the object and counts its bytes as they arrive, keeping none of them.
pub async fn download(client: &aws_sdk_s3::Client) -> u64 {
    let mut output = client
        .get_object()
        .bucket(common::BUCKET)
        .key(common::KEY)
        .send()
        .await
        .expect("GetObject succeeds");
    let mut bytes = 0;
    while let Some(piece) = output.body.try_next().await.expect("the body arrives") {
        bytes += piece.len() as u64;
    }
    bytes
}

/// Uploads the file at `path` as the object, streamed from disk.
pub async fn upload(client: &aws_sdk_s3::Client, path: &Path) {
    let body = aws_sdk_s3::primitives::ByteStream::from_path(path)
        .await
        .expect("the file opens");
    client
        .put_object()
        .bucket(common::BUCKET)
        .key(common::KEY)
        .body(body)
        .send()
        .await
        .expect("PutObject succeeds");
}

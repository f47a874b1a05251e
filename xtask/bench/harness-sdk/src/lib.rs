//! One CreateDeployment call with aws-sdk-amplify, against memory or a server.

pub mod common;

use aws_sdk_amplify::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_amplify::{Client, Config};
use aws_smithy_http_client::test_util::infallible_client_fn;

fn config() -> aws_sdk_amplify::config::Builder {
    Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "bench",
        ))
}

/// A client whose requests never leave the process: the SDK's test HTTP client answers
/// every request with the canned response and keeps nothing.
pub fn memory_client() -> Client {
    let http_client = infallible_client_fn(|_request| {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header("x-amzn-requestid", "0b4c7c4e-9f0e-4d1c-8a86-5ad1c1f1d001")
            .body(common::RESPONSE)
            .expect("a valid response")
    });
    Client::from_conf(config().http_client(http_client).build())
}

/// A client that sends to `url` (e.g. `http://127.0.0.1:8080`) over the SDK's default
/// HTTP client.
pub fn endpoint_client(url: &str) -> Client {
    Client::from_conf(config().endpoint_url(url).build())
}

/// One call, checked: a benchmark of failing calls would measure the wrong thing.
pub async fn create_deployment(client: &Client) {
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

//! One CreateDeployment call with awsgen-amplify, against memory or a server.

pub mod common;

use std::collections::HashMap;

use awsgen_amplify::{Client, Config, Credentials};
use awsgen_runtime::http::{HttpRequest, HttpResponse};
use awsgen_runtime::transport::{BoxFuture, Transport, TransportError};

/// Answers every request with the canned response, keeping nothing.
///
/// `MemoryTransport::with_responder` would do the same but records every request, so a
/// benchmark of millions of calls would hold them all and never pay for dropping them.
/// This mirrors the SDK side's `infallible_client_fn`, which keeps nothing either.
#[derive(Debug)]
struct Canned;

impl Transport for Canned {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(std::future::ready(Ok(canned_response())))
    }
}

fn canned_response() -> HttpResponse {
    HttpResponse::new(200, common::RESPONSE)
        .with_header("content-type", "application/json")
        .with_header("x-amzn-requestid", "0b4c7c4e-9f0e-4d1c-8a86-5ad1c1f1d001")
}

fn config() -> awsgen_runtime::config::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
}

/// A client whose requests never leave the process.
pub fn memory_client() -> Client {
    Client::new(
        config()
            .transport(Canned)
            .build()
            .expect("a valid configuration"),
    )
}

/// A client that sends to `url` (e.g. `http://127.0.0.1:8080`) over its own HTTP transport.
pub fn endpoint_client(url: &str) -> Client {
    Client::new(
        config()
            .endpoint_url(url)
            .build()
            .expect("a valid configuration"),
    )
}

/// One call, checked: a benchmark of failing calls would measure the wrong thing.
pub async fn create_deployment(client: &Client) {
    let mut file_map = HashMap::new();
    file_map.insert(
        "index.html".to_owned(),
        "d41d8cd98f00b204e9800998ecf8427e".to_owned(),
    );
    let output = client
        .create_deployment("d2l8fg9example", "main")
        .file_map(file_map)
        .send()
        .await
        .expect("CreateDeployment succeeds");
    assert_eq!(output.job_id.as_deref(), Some("42"));
}

//! The calls the benchmark makes with awsgen's clients — Amplify CreateDeployment, DynamoDB
//! GetItem and S3 GetObject — against memory or a server, and the S3 transfers it times.

pub mod common;

use std::collections::HashMap;
use std::path::Path;

use awsgen_runtime::body::RequestBody;
use awsgen_runtime::config::ConfigBuilder;
use awsgen_runtime::http::{HttpRequest, HttpResponse};
use awsgen_runtime::transport::{BoxFuture, Transport, TransportError};
use awsgen_amplify::{Config, Credentials};
use common::Call;

/// Answers every request with one canned response, keeping nothing.
///
/// `MemoryTransport::with_responder` would do the same but records every request, so a
/// benchmark of millions of calls would hold them all and never pay for dropping them.
/// This mirrors the SDK side's `infallible_client_fn`, which keeps nothing either.
#[derive(Debug)]
struct Canned(Call);

impl Transport for Canned {
    fn send<'a>(
        &'a self,
        _request: &'a HttpRequest,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        let call = self.0;
        let mut response = HttpResponse::new(200, call.response())
            .with_header("content-type", call.content_type())
            .with_header("x-amzn-requestid", common::REQUEST_ID);
        if let Some(crc32) = call.crc32() {
            response = response.with_header("x-amz-crc32", crc32);
        }
        Box::pin(std::future::ready(Ok(response)))
    }
}

fn config() -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
}

/// A client for `call`, built once; each [`Client::call`] is one checked call.
pub enum Client {
    Amplify(awsgen_amplify::Client),
    DynamoDb(awsgen_dynamodb::Client),
    S3(awsgen_s3::Client),
}

impl Client {
    /// A client whose requests never leave the process.
    pub fn in_memory(call: Call) -> Self {
        let config = config()
            .transport(Canned(call))
            .build()
            .expect("a valid configuration");
        match call {
            Call::CreateDeployment => Client::Amplify(awsgen_amplify::Client::new(config)),
            Call::GetItem => Client::DynamoDb(awsgen_dynamodb::Client::new(config)),
            Call::GetObject => Client::S3(awsgen_s3::Client::new(config)),
        }
    }

    /// An Amplify client that sends to `url` (e.g. `http://127.0.0.1:8080`) over its own
    /// HTTP transport.
    pub fn amplify_at(url: &str) -> Self {
        let config = config()
            .endpoint_url(url)
            .build()
            .expect("a valid configuration");
        Client::Amplify(awsgen_amplify::Client::new(config))
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

async fn create_deployment(client: &awsgen_amplify::Client) {
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

async fn get_item(client: &awsgen_dynamodb::Client) {
    use awsgen_dynamodb::types::AttributeValue;

    let mut key = HashMap::new();
    key.insert("pk".to_owned(), AttributeValue::new().s("user#42"));
    let output = client
        .get_item("users", key)
        .consistent_read(true)
        .send()
        .await
        .expect("GetItem succeeds");
    let item = output.item.expect("an item");
    assert_eq!(item["name"].s.as_deref(), Some("Ada Lovelace"));
    assert_eq!(item.len(), 7);
}

async fn get_object(client: &awsgen_s3::Client) {
    let output = client
        .get_object(common::BUCKET, common::KEY)
        .send()
        .await
        .expect("GetObject succeeds");
    let body = output
        .body
        .collect_limited(1 << 20)
        .await
        .expect("the body arrives");
    assert_eq!(body, common::OBJECT.as_bytes());
}

/// An S3 client that sends to `url` over its own HTTP transport; an IP address as the
/// endpoint means path-style addressing, as in botocore.
pub fn s3_at(url: &str) -> awsgen_s3::Client {
    let config = config()
        .endpoint_url(url)
        .build()
        .expect("a valid configuration");
    awsgen_s3::Client::new(config)
}

/// Downloads the object and counts its bytes as they arrive, keeping none of them.
pub async fn download(client: &awsgen_s3::Client) -> u64 {
    let mut output = client
        .get_object(common::BUCKET, common::KEY)
        .send()
        .await
        .expect("GetObject succeeds");
    let mut bytes = 0;
    while let Some(piece) = output.body.next().await {
        bytes += piece.expect("the body arrives").len() as u64;
    }
    bytes
}

/// Uploads the file at `path` as the object, streamed from disk.
pub async fn upload(client: &awsgen_s3::Client, path: &Path) {
    let body = RequestBody::from_path(path).await.expect("the file opens");
    client
        .put_object(common::BUCKET, common::KEY)
        .body(body)
        .send()
        .await
        .expect("PutObject succeeds");
}

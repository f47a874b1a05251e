//! Paginators generated from botocore's `paginators-1.json`, against canned responses:
//! tokens carried from page to page, the stop conditions (no token, an empty one, a repeated
//! one, a false more-results flag, an error), page sizes, and results flattened across pages.

use awsgen_amplify::operation::list_apps::ListAppsError;
use awsgen_runtime::config::Config;
use awsgen_runtime::error::SdkError;
use awsgen_runtime::http::{HttpRequest, HttpResponse};
use awsgen_runtime::transport::MemoryTransport;
use awsgen_tests::{reference_client, reference_credentials, reference_time};

/// An `App` with the members the model requires and no defaults for.
fn app(id: &str) -> String {
    format!(
        r#"{{"appId": "{id}", "platform": "WEB", "createTime": 1767323045, "updateTime": 1767323045}}"#
    )
}

fn list_apps_page(ids: &[&str], next_token: Option<&str>) -> HttpResponse {
    let apps: Vec<String> = ids.iter().map(|id| app(id)).collect();
    let token = next_token
        .map(|token| format!(r#", "nextToken": "{token}""#))
        .unwrap_or_default();
    HttpResponse::new(200, format!(r#"{{"apps": [{}]{token}}}"#, apps.join(", ")))
}

/// The query parameter `name` of a recorded request.
fn query_param(request: &HttpRequest, name: &str) -> Option<String> {
    request.url.query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

#[tokio::test]
async fn pages_follow_the_token_until_a_response_has_none() {
    let transport = MemoryTransport::with_responses([
        list_apps_page(&["d1"], Some("t1")),
        list_apps_page(&["d2", "d3"], Some("t2")),
        list_apps_page(&[], None),
    ]);
    let client = reference_client(&transport, None);
    let mut pages = client.list_apps().into_paginator().pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.unwrap().apps.len());
    }
    assert_eq!(sizes, [1, 2, 0]);
    let tokens: Vec<Option<String>> = transport
        .requests()
        .iter()
        .map(|r| query_param(r, "nextToken"))
        .collect();
    assert_eq!(tokens, [None, Some("t1".into()), Some("t2".into())]);
    assert!(pages.next().await.is_none(), "paging stays over");
    assert_eq!(transport.requests().len(), 3);
}

#[tokio::test]
async fn a_repeated_token_ends_paging() {
    let transport = MemoryTransport::with_responses([
        list_apps_page(&["d1"], Some("same")),
        list_apps_page(&["d2"], Some("same")),
        // Never asked for: the second page repeated the token its request sent.
        list_apps_page(&["d3"], None),
    ]);
    let client = reference_client(&transport, None);
    let mut items = client.list_apps().into_paginator().items();
    let mut ids = Vec::new();
    while let Some(app) = items.next().await {
        ids.push(app.unwrap().app_id);
    }
    assert_eq!(ids, ["d1", "d2"]);
    assert_eq!(transport.requests().len(), 2);
}

#[tokio::test]
async fn a_starting_token_that_comes_back_ends_paging() {
    let transport = MemoryTransport::with_responses([list_apps_page(&["d1"], Some("start"))]);
    let client = reference_client(&transport, None);
    let mut pages = client
        .list_apps()
        .next_token("start")
        .into_paginator()
        .pages();
    assert!(pages.next().await.unwrap().is_ok());
    assert!(pages.next().await.is_none());
    let requests = transport.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        query_param(&requests[0], "nextToken").as_deref(),
        Some("start")
    );
}

#[tokio::test]
async fn an_empty_token_is_no_token() {
    let transport = MemoryTransport::with_responses([
        list_apps_page(&["d1"], Some("")),
        list_apps_page(&["d2"], None),
    ]);
    let client = reference_client(&transport, None);
    let mut pages = client.list_apps().into_paginator().pages();
    assert!(pages.next().await.unwrap().is_ok());
    assert!(pages.next().await.is_none());
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn page_size_is_sent_as_max_results_on_every_request() {
    let transport = MemoryTransport::with_responses([
        list_apps_page(&["d1"], Some("t1")),
        list_apps_page(&["d2"], None),
    ]);
    let client = reference_client(&transport, None);
    let mut pages = client.list_apps().into_paginator().page_size(10).pages();
    while let Some(page) = pages.next().await {
        page.unwrap();
    }
    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(query_param(request, "maxResults").as_deref(), Some("10"));
    }
}

#[tokio::test]
async fn items_flatten_every_page_in_order() {
    let transport = MemoryTransport::with_responses([
        list_apps_page(&["d1", "d2"], Some("t1")),
        list_apps_page(&[], Some("t2")),
        list_apps_page(&["d3"], None),
    ]);
    let client = reference_client(&transport, None);
    let mut items = client.list_apps().into_paginator().items();
    let mut ids = Vec::new();
    while let Some(app) = items.next().await {
        ids.push(app.unwrap().app_id);
    }
    assert_eq!(ids, ["d1", "d2", "d3"]);
    assert_eq!(transport.requests().len(), 3);
}

#[tokio::test]
async fn an_error_part_way_is_yielded_and_ends_paging() {
    let transport = MemoryTransport::with_responses([
        list_apps_page(&["d1"], Some("t1")),
        HttpResponse::new(
            400,
            r#"{"__type": "BadRequestException", "message": "bad token"}"#,
        )
        .with_header("x-amzn-requestid", "req-2"),
        list_apps_page(&["d2"], None),
    ]);
    let client = reference_client(&transport, None);
    let mut items = client.list_apps().into_paginator().items();
    assert_eq!(items.next().await.unwrap().unwrap().app_id, "d1");
    let error = items.next().await.unwrap().unwrap_err();
    let SdkError::Service(service) = &error else {
        panic!("expected the service's error, got {error:?}");
    };
    assert!(matches!(service.error, ListAppsError::BadRequest(_)));
    assert_eq!(service.meta.request_id(), Some("req-2"));
    assert!(items.next().await.is_none());
    assert_eq!(
        transport.requests().len(),
        2,
        "nothing is sent after an error"
    );
}

#[tokio::test]
async fn other_members_of_the_call_are_kept_on_every_page() {
    let transport = MemoryTransport::with_responses([
        HttpResponse::new(200, r#"{"branches": [], "nextToken": "t1"}"#),
        HttpResponse::new(200, r#"{"branches": []}"#),
    ]);
    let client = reference_client(&transport, None);
    let mut pages = client
        .list_branches("d2l8fg9example")
        .into_paginator()
        .pages();
    while let Some(page) = pages.next().await {
        page.unwrap();
    }
    let paths: Vec<String> = transport
        .requests()
        .iter()
        .map(|r| r.url.path.clone())
        .collect();
    assert_eq!(paths, ["/apps/d2l8fg9example/branches"; 2]);
}

fn constructs_client(transport: &MemoryTransport) -> awsgen_fixture_constructs::Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(reference_credentials(None))
        .transport(transport.clone())
        .clock(reference_time)
        .build()
        .unwrap();
    awsgen_fixture_constructs::Client::new(config)
}

fn thing(name: &str) -> String {
    format!(r#"{{"Name": "{name}"}}"#)
}

#[tokio::test]
async fn two_tokens_travel_together_and_a_false_flag_ends_paging() {
    let transport = MemoryTransport::with_responses([
        HttpResponse::new(
            200,
            format!(
                r#"{{"Page": {{"Truncated": true, "NextMarker": "m1", "Things": [{}]}}}}"#,
                thing("a")
            ),
        ),
        HttpResponse::new(
            200,
            format!(
                r#"{{"Page": {{"Truncated": true, "NextMarker": "m2", "NextCursor": "c2", "Things": [{}, {}]}}}}"#,
                thing("b"),
                thing("c")
            ),
        ),
        // Tokens, but the flag says this is the last page.
        HttpResponse::new(
            200,
            r#"{"Page": {"Truncated": false, "NextMarker": "m3", "NextCursor": "c3"}}"#,
        ),
    ]);
    let client = constructs_client(&transport);
    let mut items = client.list_pages().into_paginator().page_size(2).items();
    let mut names = Vec::new();
    while let Some(thing) = items.next().await {
        names.push(thing.unwrap().name);
    }
    assert_eq!(names, ["a", "b", "c"]);
    let requests = transport.requests();
    let sent: Vec<(Option<String>, Option<String>, Option<String>)> = requests
        .iter()
        .map(|r| {
            (
                query_param(r, "marker"),
                query_param(r, "cursor"),
                query_param(r, "limit"),
            )
        })
        .collect();
    let two = Some("2".to_owned());
    assert_eq!(
        sent,
        [
            (None, None, two.clone()),
            (Some("m1".into()), None, two.clone()),
            (Some("m2".into()), Some("c2".into()), two),
        ]
    );
}

/// A Kinesis `StreamDescription` page holding `shards`.
fn describe_stream_page(shards: &[&str], has_more_shards: bool) -> HttpResponse {
    let shards: Vec<String> = shards
        .iter()
        .map(|id| {
            format!(
                r#"{{"ShardId": "{id}", "HashKeyRange": {{"StartingHashKey": "0", "EndingHashKey": "1"}},
                    "SequenceNumberRange": {{"StartingSequenceNumber": "1"}}}}"#
            )
        })
        .collect();
    HttpResponse::new(
        200,
        format!(
            r#"{{"StreamDescription": {{"StreamName": "s", "StreamARN": "arn:aws:kinesis:us-east-1:123456789012:stream/s",
                "StreamStatus": "ACTIVE", "Shards": [{}], "HasMoreShards": {has_more_shards},
                "RetentionPeriodHours": 24, "StreamCreationTimestamp": 1767323045,
                "EnhancedMonitoring": []}}}}"#,
            shards.join(", ")
        ),
    )
}

/// The `ExclusiveStartShardId` of a recorded awsJson request.
fn exclusive_start_shard_id(request: &HttpRequest) -> Option<String> {
    let body: serde_json::Value = serde_json::from_slice(request.body.as_bytes().unwrap()).unwrap();
    body["ExclusiveStartShardId"].as_str().map(str::to_owned)
}

/// Kinesis's `DescribeStream` token is `StreamDescription.Shards[-1].ShardId`: the next
/// page starts after the last shard of this one, while `HasMoreShards` says there is one.
#[tokio::test]
async fn a_last_element_token_is_the_last_result_of_the_page() {
    let transport = MemoryTransport::with_responses([
        describe_stream_page(&["shardId-0", "shardId-1"], true),
        describe_stream_page(&["shardId-2"], true),
        // More shards, it says, but none to start after: paging ends.
        describe_stream_page(&[], true),
    ]);
    let client = awsgen_kinesis::Client::new(awsgen_tests::reference_config(&transport, None));
    let mut items = client
        .describe_stream()
        .stream_name("s")
        .into_paginator()
        .page_size(2)
        .items();
    let mut shards = Vec::new();
    while let Some(shard) = items.next().await {
        shards.push(shard.unwrap().shard_id);
    }
    assert_eq!(shards, ["shardId-0", "shardId-1", "shardId-2"]);
    let starts: Vec<Option<String>> = transport
        .requests()
        .iter()
        .map(exclusive_start_shard_id)
        .collect();
    assert_eq!(
        starts,
        [None, Some("shardId-1".into()), Some("shardId-2".into())]
    );

    let transport = MemoryTransport::with_responses([describe_stream_page(&["shardId-0"], false)]);
    let client = awsgen_kinesis::Client::new(awsgen_tests::reference_config(&transport, None));
    let mut pages = client.describe_stream().into_paginator().pages();
    assert_eq!(
        pages
            .next()
            .await
            .unwrap()
            .unwrap()
            .stream_description
            .shards
            .len(),
        1
    );
    assert!(
        pages.next().await.is_none(),
        "HasMoreShards false is the last page"
    );
}

//! End to end against moto's standalone server: the generated DynamoDB, SQS and Secrets
//! Manager clients (awsJson), IAM, SNS and STS (awsQuery), EC2 (ec2Query, the tests'
//! sample) and Route 53 (restXml), over real HTTP through the runtime's own transport, each
//! run a resource through create, read, a paginated list, update and delete, and parse a
//! modeled error; STS assumes a role and signs with the credentials it returns, SNS
//! delivers a published message to an SQS queue, EC2 runs, filters and terminates
//! instances, Route 53 takes the `/hostedzone/` ids its outputs give. Where
//! the other tests hold the clients to botocore's recorded requests, this one holds them to an
//! independent implementation of the services answering them.
//!
//! moto comes from PyPI, pinned with all its dependencies in `tests/moto/requirements.txt`,
//! into a venv under cargo's target directory that is made on the first run and reused until
//! the requirements (or the Python) change. Without python3, its venv module or PyPI, the tests
//! say why and pass without running, unless `CI=true`, where that is a failure: CI has them.
//!
//! Each test starts its own server on a free loopback port and stops it by its pid when it
//! ends, passed or not. Nothing is sent anywhere but 127.0.0.1.

use std::collections::HashMap;
use std::fs::{self, File};
use std::future::Future;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use awsgen_runtime::config::Config;
use awsgen_runtime::credentials::Credentials;
use awsgen_runtime::error::SdkError;
use awsgen_runtime::json::Blob;

/// The pinned requirements, compiled in so that editing them rebuilds this test and so makes
/// it reinstall the venv.
const REQUIREMENTS: &str = include_str!("../moto/requirements.txt");

/// Written into the venv once moto is installed: what it was installed from.
const MARKER: &str = "awsgen-installed-from";

/// How long moto may take to answer after it is started (it usually takes one or two seconds).
const STARTUP_LIMIT: Duration = Duration::from_secs(30);

/// How long one test's calls may take in all: far more than they need, so that a hang fails
/// the test with a message instead of stalling the suite.
const CALLS_LIMIT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------
// The venv and the server
// ---------------------------------------------------------------------------------------

/// Where cargo lets integration tests keep files between runs (`<target>/tmp`).
fn scratch() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// The last lines of a command's output, for a message that says why it failed.
fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

fn run(command: &mut Command, what: &str) -> Result<Output, String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: could not run it: {e}"))?;
    if output.status.success() {
        return Ok(output);
    }
    let mut why = format!("{what}: {}", output.status);
    for text in [tail(&output.stdout), tail(&output.stderr)] {
        if !text.is_empty() {
            why.push('\n');
            why.push_str(&text);
        }
    }
    Err(why)
}

/// The venv's Python, with moto installed from [`REQUIREMENTS`]; or why it cannot be had.
/// Made once per test process: the tests that run at once wait for the first.
fn moto_python() -> Result<PathBuf, String> {
    static VENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    VENV.get_or_init(install_moto).clone()
}

fn install_moto() -> Result<PathBuf, String> {
    // The interpreter's version and path are part of what the venv was made from: a venv
    // does not survive its Python being replaced.
    let python = run(
        Command::new("python3").args([
            "-c",
            "import sys; print(sys.version); print(sys.executable)",
        ]),
        "python3",
    )?;
    let marker = format!("{}{REQUIREMENTS}", String::from_utf8_lossy(&python.stdout));

    let venv = scratch().join("moto-venv");
    let installed = |venv: &Path| {
        fs::read_to_string(venv.join(MARKER)).is_ok_and(|m| m == marker)
            && venv_python(venv).exists()
    };
    if installed(&venv) {
        return Ok(venv_python(&venv));
    }

    // Built beside the real one and moved into place when complete, so that an interrupted
    // install is never taken for a finished one, and another test process running at the same
    // time never sees half a venv. Only `python -m` is used, never the venv's entry-point
    // scripts, whose `#!` lines would still name the old path after the move.
    let partial = scratch().join(format!("moto-venv.partial-{}", std::process::id()));
    remove_dir(&partial)?;
    fs::create_dir_all(scratch()).map_err(|e| format!("{}: {e}", scratch().display()))?;
    say(&format!(
        "moto: installing {} into a venv (once; it reaches PyPI)",
        REQUIREMENTS
            .lines()
            .find(|line| line.starts_with("moto"))
            .unwrap_or("moto")
    ));
    let started = Instant::now();
    let result = (|| {
        run(
            Command::new("python3").arg("-m").arg("venv").arg(&partial),
            "python3 -m venv",
        )?;
        let requirements = partial.join("requirements.txt");
        fs::write(&requirements, REQUIREMENTS).map_err(|e| e.to_string())?;
        run(
            Command::new(venv_python(&partial))
                .args(["-m", "pip", "install", "--no-input", "--quiet", "-r"])
                .arg(&requirements)
                .env("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
            "pip install -r tests/moto/requirements.txt",
        )?;
        fs::write(partial.join(MARKER), &marker).map_err(|e| e.to_string())
    })();
    if let Err(why) = result {
        // Best effort: the next run starts this directory afresh anyway.
        let _ = remove_dir(&partial);
        return Err(why);
    }
    remove_dir(&venv)?;
    if let Err(e) = fs::rename(&partial, &venv) {
        let _ = remove_dir(&partial);
        // Another test process may have moved its own complete venv into place first.
        if !installed(&venv) {
            return Err(format!("moving the venv to {}: {e}", venv.display()));
        }
    }
    say(&format!("moto: installed in {:.1?}", started.elapsed()));
    Ok(venv_python(&venv))
}

/// Writes to the real stderr, past the test harness's capture (which only takes `eprintln!`),
/// so that a skip or a long install is seen even when the test passes.
fn say(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}

fn remove_dir(dir: &Path) -> Result<(), String> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(format!("{}: {e}", dir.display())),
        _ => Ok(()),
    }
}

/// A running moto server, stopped by its pid when dropped.
struct Moto {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Moto {
    fn drop(&mut self) {
        // The child is moto itself (`python -m moto.server`, no shell in between), so this
        // ends exactly the server this test started.
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The log is kept only when a test failed, to look at.
        if !std::thread::panicking() {
            let _ = fs::remove_file(&self.log);
        }
    }
}

impl Moto {
    /// Starts moto with `python` on a free loopback port and waits until it accepts
    /// connections.
    fn start(python: &Path) -> Moto {
        let port = {
            let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a loopback port");
            listener.local_addr().expect("its address").port()
        };
        let log = scratch().join(format!("moto-{port}.log"));
        let log_file = File::create(&log).unwrap_or_else(|e| panic!("{}: {e}", log.display()));
        let child = Command::new(python)
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p"])
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("the log again"))
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {} -m moto.server: {e}", python.display()));
        // From here on, a panic stops the server.
        let mut moto = Moto { child, port, log };
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + STARTUP_LIMIT;
        loop {
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return moto;
            }
            if let Some(status) = moto.child.try_wait().expect("the server's status") {
                panic!(
                    "moto exited ({status}) before answering:\n{}",
                    moto.log_tail()
                );
            }
            if Instant::now() > deadline {
                panic!(
                    "moto did not accept connections on {address} within {STARTUP_LIMIT:?}:\n{}",
                    moto.log_tail()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The end of the server's log, to go with a failure.
    fn log_tail(&self) -> String {
        let mut text = Vec::new();
        if let Ok(mut file) = File::open(&self.log) {
            let length = file.metadata().map(|m| m.len()).unwrap_or(0);
            let _ = file.seek(SeekFrom::Start(length.saturating_sub(4096)));
            let _ = file.read_to_end(&mut text);
        }
        tail(&text)
    }

    /// The clients' configuration: explicit, so that nothing in the environment or in
    /// `~/.aws` can send them elsewhere. One attempt per call, so that a failure shows as it
    /// happened rather than as the last of several.
    fn config(&self) -> Config {
        self.config_with(Credentials::new("testing", "testing", None))
    }

    /// [`config`](Self::config) with other credentials.
    fn config_with(&self, credentials: Credentials) -> Config {
        Config::builder()
            .region("us-east-1")
            .credentials(credentials)
            .endpoint_url(format!("http://127.0.0.1:{}", self.port))
            .max_attempts(1)
            .build()
            .expect("a valid configuration")
    }
}

/// A running server, or `None` when moto cannot be had here and the test is skipped. Under
/// `CI=true`, where it must be had, that is a failure instead.
fn moto() -> Option<Moto> {
    match moto_python() {
        Ok(python) => Some(Moto::start(&python)),
        Err(why) => {
            if std::env::var("CI").is_ok_and(|ci| ci == "true") {
                panic!("moto is needed under CI=true, but could not be installed: {why}");
            }
            say(&format!(
                "skipped: moto could not be installed (CI=true makes this a failure): {why}"
            ));
            None
        }
    }
}

/// Runs a test's calls on a runtime of their own, bounded by [`CALLS_LIMIT`]. The venv and
/// the server are set up before, outside it, as they block.
fn block_on<F: Future>(calls: F) -> F::Output {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        tokio::time::timeout(CALLS_LIMIT, calls)
            .await
            .unwrap_or_else(|_| panic!("the calls took longer than {CALLS_LIMIT:?}"))
    })
}

/// The result of a call that must succeed, or a panic naming the call and the error.
fn ok<T, E: std::fmt::Debug>(call: &str, result: Result<T, SdkError<E>>) -> T {
    result.unwrap_or_else(|e| panic!("{call}: {e:?}"))
}

/// The modeled error of a call that must fail with one, and the error's metadata.
fn service_error<T: std::fmt::Debug, E: std::fmt::Debug>(
    call: &str,
    result: Result<T, SdkError<E>>,
) -> (E, awsgen_runtime::error::ErrorMetadata) {
    match result {
        Err(SdkError::Service(error)) => (error.error, error.meta),
        Err(other) => panic!("{call}: expected a service error, got {other:?}"),
        Ok(output) => panic!("{call}: expected a service error, got {output:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// DynamoDB
// ---------------------------------------------------------------------------------------

mod dynamodb {
    pub use awsgen_dynamodb::operation::describe_table::DescribeTableError;
    pub use awsgen_dynamodb::operation::get_item::GetItemError;
    pub use awsgen_dynamodb::types::{
        AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, ReturnValue,
        ScalarAttributeType, TableStatus,
    };
}

fn s(value: &str) -> dynamodb::AttributeValue {
    dynamodb::AttributeValue::new().s(value)
}

fn n(value: &str) -> dynamodb::AttributeValue {
    dynamodb::AttributeValue::new().n(value)
}

fn attributes<const N: usize>(
    pairs: [(&str, dynamodb::AttributeValue); N],
) -> HashMap<String, dynamodb::AttributeValue> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

#[test]
fn dynamodb_tables_and_items() {
    use dynamodb::*;

    let Some(moto) = moto() else { return };
    let client = awsgen_dynamodb::Client::new(moto.config());
    block_on(async {
        let tables = ["awsgen-moto-a", "awsgen-moto-b", "awsgen-moto-c"];
        let key_schema = vec![
            KeySchemaElement::new("pk", KeyType::Hash),
            KeySchemaElement::new("sk", KeyType::Range),
        ];
        for table in tables {
            let created = ok(
                "CreateTable",
                client
                    .create_table(table)
                    .attribute_definitions(vec![
                        AttributeDefinition::new("pk", ScalarAttributeType::S),
                        AttributeDefinition::new("sk", ScalarAttributeType::N),
                    ])
                    .key_schema(key_schema.clone())
                    .billing_mode(BillingMode::PayPerRequest)
                    .send()
                    .await,
            );
            let description = created.table_description.expect("TableDescription");
            assert_eq!(description.table_name.as_deref(), Some(table));
            assert_eq!(description.key_schema.as_ref(), Some(&key_schema));
            assert!(
                description
                    .table_arn
                    .as_deref()
                    .is_some_and(|arn| arn.ends_with(&format!(":table/{table}"))),
                "{:?}",
                description.table_arn
            );
        }
        let table = tables[0];

        let described = ok("DescribeTable", client.describe_table(table).send().await)
            .table
            .expect("Table");
        assert_eq!(described.table_status, Some(TableStatus::Active));
        assert_eq!(described.key_schema, Some(key_schema.clone()));
        assert_eq!(described.item_count, Some(0));

        // Every kind of attribute value, so that each one's JSON round-trips through moto.
        let key = attributes([("pk", s("user#1")), ("sk", n("1"))]);
        let mut item = key.clone();
        item.extend(attributes([
            ("name", s("Ada — née Byron")),
            ("age", n("36")),
            ("ratio", n("0.25")),
            (
                "photo",
                AttributeValue::new().b(Blob::new(vec![0, 1, 2, 254, 255])),
            ),
            (
                "tags",
                AttributeValue::new().ss(vec!["a".into(), "b".into()]),
            ),
            (
                "scores",
                AttributeValue::new().ns(vec!["1".into(), "2.5".into()]),
            ),
            (
                "blobs",
                AttributeValue::new().bs(vec![Blob::new(b"x".to_vec())]),
            ),
            (
                "address",
                AttributeValue::new().m(attributes([("city", s("London")), ("zip", n("1"))])),
            ),
            ("history", AttributeValue::new().l(vec![s("one"), n("2")])),
            ("verified", AttributeValue::new().bool(true)),
            ("nothing", AttributeValue::new().null(true)),
        ]));
        ok("PutItem", client.put_item(table, item.clone()).send().await);
        let got = ok(
            "GetItem",
            client
                .get_item(table, key.clone())
                .consistent_read(true)
                .send()
                .await,
        );
        assert_eq!(got.item.as_ref(), Some(&item));

        // A second item under the same partition key, for a query that pages.
        ok(
            "PutItem",
            client
                .put_item(
                    table,
                    attributes([("pk", s("user#1")), ("sk", n("2")), ("name", s("Bo"))]),
                )
                .send()
                .await,
        );
        let mut pages = client
            .query(table)
            .key_condition_expression("pk = :pk AND sk >= :min")
            .expression_attribute_values(attributes([(":pk", s("user#1")), (":min", n("1"))]))
            .into_paginator()
            .page_size(1)
            .pages();
        let mut names = Vec::new();
        let mut page_count = 0;
        while let Some(page) = pages.next().await {
            let page = ok("Query", page);
            page_count += 1;
            for found in page.items.unwrap_or_default() {
                names.push(found["name"].s.clone().expect("a string name"));
            }
        }
        assert_eq!(names, ["Ada — née Byron", "Bo"], "in sort-key order");
        assert!(
            page_count >= 2,
            "one item per page, so at least 2 pages: {page_count}"
        );

        let updated = ok(
            "UpdateItem",
            client
                .update_item(table, key.clone())
                .update_expression("SET #name = :name ADD visits :one REMOVE nothing")
                .expression_attribute_names(HashMap::from([(
                    "#name".to_owned(),
                    "name".to_owned(),
                )]))
                .expression_attribute_values(attributes([
                    (":name", s("Ada Lovelace")),
                    (":one", n("1")),
                ]))
                .return_values(ReturnValue::UpdatedNew)
                .send()
                .await,
        );
        assert_eq!(
            updated.attributes,
            Some(attributes([
                ("name", s("Ada Lovelace")),
                ("visits", n("1"))
            ]))
        );

        let mut expected = item.clone();
        expected.insert("name".into(), s("Ada Lovelace"));
        expected.insert("visits".into(), n("1"));
        expected.remove("nothing");
        let deleted = ok(
            "DeleteItem",
            client
                .delete_item(table, key.clone())
                .return_values(ReturnValue::AllOld)
                .send()
                .await,
        );
        assert_eq!(deleted.attributes, Some(expected), "the item as it was");
        let gone = ok(
            "GetItem",
            client
                .get_item(table, key.clone())
                .consistent_read(true)
                .send()
                .await,
        );
        assert_eq!(gone.item, None);

        let mut pages = client.list_tables().into_paginator().page_size(2).pages();
        let mut listed = Vec::new();
        let mut sizes = Vec::new();
        while let Some(page) = pages.next().await {
            let names = ok("ListTables", page).table_names.unwrap_or_default();
            sizes.push(names.len());
            listed.extend(names);
        }
        assert_eq!(listed, tables, "every table once, in order");
        assert_eq!(sizes, [2, 1], "pages of at most 2");

        for table in tables {
            let deleted = ok("DeleteTable", client.delete_table(table).send().await);
            assert_eq!(
                deleted
                    .table_description
                    .and_then(|d| d.table_name)
                    .as_deref(),
                Some(table)
            );
        }
        let listed = ok("ListTables", client.list_tables().send().await);
        assert_eq!(listed.table_names, Some(vec![]));

        let (error, meta) = service_error(
            "DescribeTable on a deleted table",
            client.describe_table(table).send().await,
        );
        let DescribeTableError::ResourceNotFound(error) = error else {
            panic!("expected ResourceNotFound, got {error:?}");
        };
        assert_eq!(meta.code(), "ResourceNotFoundException");
        assert_eq!(meta.status(), 400);
        let message = error.message.expect("a message");
        assert!(message.contains(table), "{message}");
        assert_eq!(meta.message(), Some(message.as_str()));

        let (error, meta) = service_error(
            "GetItem on a missing table",
            client.get_item("awsgen-moto-missing", key).send().await,
        );
        assert!(
            matches!(error, GetItemError::ResourceNotFound(ref e) if e.message.is_some()),
            "{error:?}"
        );
        assert_eq!(meta.code(), "ResourceNotFoundException");
    });
}

// ---------------------------------------------------------------------------------------
// SQS
// ---------------------------------------------------------------------------------------

fn md5_hex(text: &str) -> String {
    awsgen_runtime::md5::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[test]
fn sqs_queues_and_messages() {
    use awsgen_sqs::operation::get_queue_url::GetQueueUrlError;
    use awsgen_sqs::types::QueueAttributeName;

    let Some(moto) = moto() else { return };
    let client = awsgen_sqs::Client::new(moto.config());
    block_on(async {
        let names = ["awsgen-moto-a", "awsgen-moto-b", "awsgen-moto-c"];
        let mut urls = Vec::new();
        for name in names {
            let created = ok(
                "CreateQueue",
                client
                    .create_queue(name)
                    .attributes(HashMap::from([(
                        "VisibilityTimeout".to_owned(),
                        "30".to_owned(),
                    )]))
                    .send()
                    .await,
            );
            let url = created.queue_url.expect("QueueUrl");
            assert!(url.ends_with(&format!("/{name}")), "{url}");
            urls.push(url);
        }
        let queue = urls[0].clone();
        let found = ok("GetQueueUrl", client.get_queue_url(names[0]).send().await);
        assert_eq!(found.queue_url.as_ref(), Some(&queue));

        // Not ASCII, so that the MD5 is of the UTF-8 bytes as the service sees them.
        let body = "héllo from awsgen ✓";
        let sent = ok(
            "SendMessage",
            client.send_message(&queue, body).send().await,
        );
        assert_eq!(sent.md5_of_message_body, Some(md5_hex(body)));
        let message_id = sent.message_id.expect("MessageId");

        let received = ok(
            "ReceiveMessage",
            client
                .receive_message(&queue)
                .max_number_of_messages(10)
                .wait_time_seconds(0)
                .send()
                .await,
        );
        let messages = received.messages.unwrap_or_default();
        assert_eq!(messages.len(), 1, "{messages:?}");
        let message = &messages[0];
        assert_eq!(message.body.as_deref(), Some(body));
        assert_eq!(message.md5_of_body, Some(md5_hex(body)));
        assert_eq!(message.message_id.as_ref(), Some(&message_id));
        let receipt_handle = message.receipt_handle.clone().expect("ReceiptHandle");

        let mut pages = client
            .list_queues()
            .queue_name_prefix("awsgen-moto-")
            .into_paginator()
            .page_size(2)
            .pages();
        let mut listed = Vec::new();
        let mut sizes = Vec::new();
        while let Some(page) = pages.next().await {
            let page_urls = ok("ListQueues", page).queue_urls.unwrap_or_default();
            sizes.push(page_urls.len());
            listed.extend(page_urls);
        }
        listed.sort();
        assert_eq!(listed, urls, "every queue once");
        assert_eq!(sizes, [2, 1], "pages of at most 2");

        ok(
            "SetQueueAttributes",
            client
                .set_queue_attributes(
                    &queue,
                    HashMap::from([
                        ("VisibilityTimeout".to_owned(), "45".to_owned()),
                        ("DelaySeconds".to_owned(), "3".to_owned()),
                    ]),
                )
                .send()
                .await,
        );
        let attributes = ok(
            "GetQueueAttributes",
            client
                .get_queue_attributes(&queue)
                .attribute_names(vec![
                    QueueAttributeName::VisibilityTimeout,
                    QueueAttributeName::DelaySeconds,
                    QueueAttributeName::ApproximateNumberOfMessagesNotVisible,
                ])
                .send()
                .await,
        )
        .attributes
        .unwrap_or_default();
        assert_eq!(
            attributes.get("VisibilityTimeout").map(String::as_str),
            Some("45")
        );
        assert_eq!(
            attributes.get("DelaySeconds").map(String::as_str),
            Some("3")
        );
        assert_eq!(
            attributes
                .get("ApproximateNumberOfMessagesNotVisible")
                .map(String::as_str),
            Some("1"),
            "the received message is in flight"
        );

        ok(
            "DeleteMessage",
            client.delete_message(&queue, receipt_handle).send().await,
        );
        let attributes = ok(
            "GetQueueAttributes",
            client
                .get_queue_attributes(&queue)
                .attribute_names(vec![QueueAttributeName::All])
                .send()
                .await,
        )
        .attributes
        .unwrap_or_default();
        for counter in [
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
        ] {
            assert_eq!(
                attributes.get(counter).map(String::as_str),
                Some("0"),
                "{counter}"
            );
        }

        for url in &urls {
            ok("DeleteQueue", client.delete_queue(url).send().await);
        }
        let (error, meta) = service_error(
            "GetQueueUrl of a deleted queue",
            client.get_queue_url(names[0]).send().await,
        );
        let GetQueueUrlError::QueueDoesNotExist(error) = error else {
            panic!("expected QueueDoesNotExist, got {error:?}");
        };
        assert_eq!(meta.modeled_code(), "QueueDoesNotExist");
        // The query-compatible code from `x-amzn-query-error`, as botocore reports it.
        assert_eq!(meta.code(), "AWS.SimpleQueueService.NonExistentQueue");
        assert_eq!(meta.status(), 400);
        assert!(error.message.is_some(), "{meta:?}");
        assert_eq!(meta.message(), error.message.as_deref());
    });
}

// ---------------------------------------------------------------------------------------
// Secrets Manager
// ---------------------------------------------------------------------------------------

#[test]
fn secretsmanager_secrets() {
    use awsgen_secretsmanager::operation::get_secret_value::GetSecretValueError;

    let Some(moto) = moto() else { return };
    let client = awsgen_secretsmanager::Client::new(moto.config());
    block_on(async {
        let names = ["awsgen/moto-a", "awsgen/moto-b", "awsgen/moto-c"];
        let mut version_ids = Vec::new();
        for name in &names[..2] {
            let created = ok(
                "CreateSecret",
                client
                    .create_secret(*name)
                    .secret_string(format!(r#"{{"user": "{name}", "password": "pa55"}}"#))
                    .description("first")
                    .send()
                    .await,
            );
            assert_eq!(created.name.as_deref(), Some(*name));
            assert!(
                created
                    .arn
                    .as_deref()
                    .is_some_and(|arn| arn.contains(&format!(":secret:{name}-"))),
                "{:?}",
                created.arn
            );
            version_ids.push(created.version_id.expect("VersionId"));
        }
        // The third is binary: a blob member, base64 in the JSON, both ways.
        let bytes = vec![0, 1, 2, 127, 128, 254, 255];
        ok(
            "CreateSecret",
            client
                .create_secret(names[2])
                .secret_binary(Blob::new(bytes.clone()))
                .send()
                .await,
        );

        let secret = names[0];
        let value = ok(
            "GetSecretValue",
            client.get_secret_value(secret).send().await,
        );
        assert_eq!(value.name.as_deref(), Some(secret));
        assert_eq!(
            value.secret_string.as_deref(),
            Some(r#"{"user": "awsgen/moto-a", "password": "pa55"}"#)
        );
        assert_eq!(value.secret_binary, None);
        assert_eq!(value.version_id.as_ref(), Some(&version_ids[0]));
        assert_eq!(value.version_stages, Some(vec!["AWSCURRENT".to_owned()]));
        assert!(value.created_date.is_some());
        let binary = ok(
            "GetSecretValue",
            client.get_secret_value(names[2]).send().await,
        );
        assert_eq!(binary.secret_binary, Some(Blob::new(bytes)));
        assert_eq!(binary.secret_string, None);

        let mut pages = client.list_secrets().into_paginator().page_size(2).pages();
        let mut listed = Vec::new();
        let mut sizes = Vec::new();
        while let Some(page) = pages.next().await {
            let entries = ok("ListSecrets", page).secret_list.unwrap_or_default();
            sizes.push(entries.len());
            listed.extend(entries.into_iter().map(|entry| entry.name.expect("Name")));
        }
        listed.sort();
        assert_eq!(listed, names, "every secret once");
        assert_eq!(sizes, [2, 1], "pages of at most 2");

        let put = ok(
            "PutSecretValue",
            client
                .put_secret_value(secret)
                .secret_string("second")
                .send()
                .await,
        );
        let new_version = put.version_id.expect("VersionId");
        assert_ne!(new_version, version_ids[0]);
        assert_eq!(put.version_stages, Some(vec!["AWSCURRENT".to_owned()]));
        let current = ok(
            "GetSecretValue",
            client.get_secret_value(secret).send().await,
        );
        assert_eq!(current.secret_string.as_deref(), Some("second"));
        assert_eq!(current.version_id.as_ref(), Some(&new_version));
        let previous = ok(
            "GetSecretValue",
            client
                .get_secret_value(secret)
                .version_stage("AWSPREVIOUS")
                .send()
                .await,
        );
        assert_eq!(previous.version_id.as_ref(), Some(&version_ids[0]));

        let updated = ok(
            "UpdateSecret",
            client
                .update_secret(secret)
                .description("second")
                .send()
                .await,
        );
        assert_eq!(updated.name.as_deref(), Some(secret));
        let described = ok(
            "DescribeSecret",
            client.describe_secret(secret).send().await,
        );
        assert_eq!(described.description.as_deref(), Some("second"));
        assert!(described.last_changed_date.is_some());

        for name in names {
            let deleted = ok(
                "DeleteSecret",
                client
                    .delete_secret(name)
                    .force_delete_without_recovery(true)
                    .send()
                    .await,
            );
            assert_eq!(deleted.name.as_deref(), Some(name));
            assert!(deleted.deletion_date.is_some());
        }
        let (error, meta) = service_error(
            "GetSecretValue of a deleted secret",
            client.get_secret_value(secret).send().await,
        );
        let GetSecretValueError::ResourceNotFound(error) = error else {
            panic!("expected ResourceNotFound, got {error:?}");
        };
        assert_eq!(meta.code(), "ResourceNotFoundException");
        // Secrets Manager answers 400; moto answers this one with 404.
        assert!(matches!(meta.status(), 400 | 404), "{meta:?}");
        assert!(error.message.is_some(), "{meta:?}");
        assert_eq!(meta.message(), error.message.as_deref());
        let listed = ok("ListSecrets", client.list_secrets().send().await);
        assert_eq!(listed.secret_list.unwrap_or_default(), vec![]);
    });
}

// ---------------------------------------------------------------------------------------
// STS and SNS (awsQuery)
// ---------------------------------------------------------------------------------------

#[test]
fn sts_identity_and_assumed_roles() {
    use awsgen_sts::types::Tag;

    let Some(moto) = moto() else { return };
    let client = awsgen_sts::Client::new(moto.config());
    block_on(async {
        let identity = ok(
            "GetCallerIdentity",
            client.get_caller_identity().send().await,
        );
        assert_eq!(identity.account.as_deref(), Some("123456789012"));
        assert!(
            identity.arn.is_some() && identity.user_id.is_some(),
            "{identity:?}"
        );

        let role = "arn:aws:iam::123456789012:role/awsgen-moto";
        let assumed = ok(
            "AssumeRole",
            client
                .assume_role(role, "awsgen-session")
                .duration_seconds(900)
                .tags(vec![Tag::new("team", "awsgen"), Tag::new("stage", "moto")])
                .transitive_tag_keys(vec!["team".to_owned()])
                .send()
                .await,
        );
        let credentials = assumed.credentials.expect("Credentials");
        assert!(
            credentials.access_key_id.starts_with("ASIA"),
            "{:?}",
            credentials.access_key_id
        );
        assert!(!credentials.secret_access_key.is_empty());
        assert!(!credentials.session_token.is_empty());
        // Within the quarter of an hour asked for (moto counts from its own clock).
        let lifetime = credentials.expiration.secs() - awsgen_runtime::time::DateTime::now().secs();
        assert!((0..=960).contains(&lifetime), "expires in {lifetime} s");
        let user = assumed.assumed_role_user.expect("AssumedRoleUser");
        assert_eq!(
            user.arn,
            "arn:aws:sts::123456789012:assumed-role/awsgen-moto/awsgen-session"
        );
        assert!(
            user.assumed_role_id.ends_with(":awsgen-session"),
            "{user:?}"
        );

        // The assumed role's credentials sign the next call, and the service sees the role.
        let as_role = awsgen_sts::Client::new(moto.config_with(Credentials::new(
            credentials.access_key_id,
            credentials.secret_access_key,
            Some(credentials.session_token),
        )));
        let identity = ok(
            "GetCallerIdentity as the role",
            as_role.get_caller_identity().send().await,
        );
        assert_eq!(identity.arn.as_deref(), Some(user.arn.as_str()));
    });
}

#[test]
fn sns_topics_deliver_to_sqs() {
    use awsgen_sns::operation::get_topic_attributes::GetTopicAttributesError;
    use awsgen_sns::types::{MessageAttributeValue, Tag};
    use awsgen_sqs::types::QueueAttributeName;

    let Some(moto) = moto() else { return };
    let sns = awsgen_sns::Client::new(moto.config());
    let sqs = awsgen_sqs::Client::new(moto.config());
    block_on(async {
        let queue = ok(
            "CreateQueue",
            sqs.create_queue("awsgen-moto-inbox").send().await,
        )
        .queue_url
        .expect("QueueUrl");
        let queue_arn = ok(
            "GetQueueAttributes",
            sqs.get_queue_attributes(&queue)
                .attribute_names(vec![QueueAttributeName::QueueArn])
                .send()
                .await,
        )
        .attributes
        .and_then(|mut attributes| attributes.remove("QueueArn"))
        .expect("QueueArn");

        // Attributes are a query map (entry.N.key / entry.N.value), tags a list of structures.
        let mut topics = Vec::new();
        for name in ["awsgen-moto-a", "awsgen-moto-b"] {
            let created = ok(
                "CreateTopic",
                sns.create_topic(name)
                    .attributes(HashMap::from([(
                        "DisplayName".to_owned(),
                        format!("awsgen & {name}"),
                    )]))
                    .tags(vec![Tag::new("team", "awsgen")])
                    .send()
                    .await,
            );
            let arn = created.topic_arn.expect("TopicArn");
            assert_eq!(arn, format!("arn:aws:sns:us-east-1:123456789012:{name}"));
            topics.push(arn);
        }
        let topic = topics[0].clone();
        let attributes = ok(
            "GetTopicAttributes",
            sns.get_topic_attributes(&topic).send().await,
        )
        .attributes
        .expect("Attributes");
        assert_eq!(
            attributes.get("DisplayName").map(String::as_str),
            Some("awsgen & awsgen-moto-a")
        );
        assert_eq!(attributes.get("TopicArn"), Some(&topic));

        let mut listed = Vec::new();
        let mut pages = sns.list_topics().into_paginator().pages();
        while let Some(page) = pages.next().await {
            let page = ok("ListTopics", page);
            listed.extend(
                page.topics
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|t| t.topic_arn),
            );
        }
        listed.sort();
        assert_eq!(listed, topics);

        let subscription = ok(
            "Subscribe",
            sns.subscribe(&topic, "sqs")
                .endpoint(&queue_arn)
                .attributes(HashMap::from([(
                    "RawMessageDelivery".to_owned(),
                    "true".to_owned(),
                )]))
                .return_subscription_arn(true)
                .send()
                .await,
        )
        .subscription_arn
        .expect("SubscriptionArn");
        assert!(
            subscription.starts_with(&format!("{topic}:")),
            "{subscription}"
        );
        let subscriptions = ok(
            "ListSubscriptionsByTopic",
            sns.list_subscriptions_by_topic(&topic).send().await,
        )
        .subscriptions
        .unwrap_or_default();
        assert_eq!(subscriptions.len(), 1);
        assert_eq!(
            subscriptions[0].endpoint.as_deref(),
            Some(queue_arn.as_str())
        );
        assert_eq!(subscriptions[0].protocol.as_deref(), Some("sqs"));

        // A message attribute map of structures: entry.N.Name / entry.N.Value.DataType …
        let message = "héllo from awsgen, via SNS ✓";
        let published = ok(
            "Publish",
            sns.publish(message)
                .topic_arn(&topic)
                .subject("awsgen")
                .message_attributes(HashMap::from([(
                    "colour".to_owned(),
                    MessageAttributeValue {
                        string_value: Some("blue".to_owned()),
                        ..MessageAttributeValue::new("String")
                    },
                )]))
                .send()
                .await,
        );
        assert!(published.message_id.is_some());
        let received = ok(
            "ReceiveMessage",
            sqs.receive_message(&queue)
                .max_number_of_messages(10)
                .message_attribute_names(vec!["All".to_owned()])
                .send()
                .await,
        )
        .messages
        .unwrap_or_default();
        assert_eq!(received.len(), 1, "{received:?}");
        assert_eq!(received[0].body.as_deref(), Some(message));
        let colour = received[0]
            .message_attributes
            .as_ref()
            .and_then(|attributes| attributes.get("colour"))
            .and_then(|value| value.string_value.as_deref());
        assert_eq!(colour, Some("blue"));

        ok("Unsubscribe", sns.unsubscribe(&subscription).send().await);
        for arn in &topics {
            ok("DeleteTopic", sns.delete_topic(arn).send().await);
        }
        let (error, meta) = service_error(
            "GetTopicAttributes of a deleted topic",
            sns.get_topic_attributes(&topic).send().await,
        );
        assert!(
            matches!(error, GetTopicAttributesError::NotFound(_)),
            "{error:?}"
        );
        assert_eq!(meta.code(), "NotFound");
        assert_eq!(meta.status(), 404);
        assert!(meta.message().is_some(), "{meta:?}");
    });
}

// ---------------------------------------------------------------------------------------
// IAM (awsQuery), EC2 (ec2Query) and Route 53 (restXml)
// ---------------------------------------------------------------------------------------

#[test]
fn iam_roles_and_policies() {
    use awsgen_iam::operation::get_role::GetRoleError;

    let Some(moto) = moto() else { return };
    let client = awsgen_iam::Client::new(moto.config());
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let permissions = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
    block_on(async {
        let policy = ok(
            "CreatePolicy",
            client
                .create_policy("awsgen-read", permissions)
                .description("read & nothing else")
                .send()
                .await,
        )
        .policy
        .expect("Policy");
        let policy_arn = policy.arn.expect("Arn");
        assert_eq!(policy_arn, "arn:aws:iam::123456789012:policy/awsgen-read");

        let names = ["awsgen-moto-a", "awsgen-moto-b", "awsgen-moto-c"];
        for name in names {
            let role = ok(
                "CreateRole",
                client
                    .create_role(name, trust)
                    .path("/awsgen/")
                    .max_session_duration(3600)
                    .send()
                    .await,
            )
            .role;
            assert_eq!(role.role_name, name);
            assert_eq!(role.path, "/awsgen/");
            assert_eq!(
                role.arn,
                format!("arn:aws:iam::123456789012:role/awsgen/{name}")
            );
            // The trust policy comes back percent-encoded; the client parses it, as botocore.
            let version = role
                .assume_role_policy_document
                .as_ref()
                .and_then(|document| document.get("Version"))
                .and_then(awsgen_runtime::json::Value::as_str);
            assert_eq!(version, Some("2012-10-17"));
        }
        ok(
            "AttachRolePolicy",
            client
                .attach_role_policy(names[0], &policy_arn)
                .send()
                .await,
        );
        let attached = ok(
            "ListAttachedRolePolicies",
            client.list_attached_role_policies(names[0]).send().await,
        )
        .attached_policies
        .unwrap_or_default();
        assert_eq!(attached.len(), 1);
        assert_eq!(attached[0].policy_arn.as_deref(), Some(policy_arn.as_str()));
        assert_eq!(attached[0].policy_name.as_deref(), Some("awsgen-read"));

        // Two to a page: IsTruncated and Marker carry the listing on.
        let mut pages = client
            .list_roles()
            .path_prefix("/awsgen/")
            .into_paginator()
            .page_size(2)
            .pages();
        let mut listed = Vec::new();
        let mut sizes = Vec::new();
        while let Some(page) = pages.next().await {
            let roles = ok("ListRoles", page).roles;
            sizes.push(roles.len());
            listed.extend(roles.into_iter().map(|role| role.role_name));
        }
        listed.sort();
        assert_eq!(listed, names);
        assert_eq!(sizes, [2, 1]);

        ok(
            "DetachRolePolicy",
            client
                .detach_role_policy(names[0], &policy_arn)
                .send()
                .await,
        );
        for name in names {
            ok("DeleteRole", client.delete_role(name).send().await);
        }
        let (error, meta) = service_error(
            "GetRole of a deleted role",
            client.get_role(names[0]).send().await,
        );
        assert!(matches!(error, GetRoleError::NoSuchEntity(_)), "{error:?}");
        assert_eq!(meta.code(), "NoSuchEntity");
        assert_eq!(meta.status(), 404);
        assert!(
            meta.message().is_some_and(|m| m.contains(names[0])),
            "{meta:?}"
        );
        ok(
            "DeletePolicy",
            client.delete_policy(&policy_arn).send().await,
        );
    });
}

#[test]
fn ec2_instances_run_describe_terminate() {
    use awsgen_ec2_sample::operation::describe_instances::DescribeInstancesError;
    use awsgen_ec2_sample::types::{
        Filter, InstanceAttributeName, InstanceStateName, InstanceType, ResourceType, Tag,
        TagSpecification,
    };

    let Some(moto) = moto() else { return };
    let client = awsgen_ec2_sample::Client::new(moto.config());
    block_on(async {
        let tagged = |team: &str| TagSpecification {
            resource_type: Some(ResourceType::Instance),
            tags: Some(vec![Tag {
                key: Some("team".to_owned()),
                value: Some(team.to_owned()),
            }]),
        };
        let mut ids = Vec::new();
        // Three reservations of two instances.
        for _ in 0..3 {
            let reservation = ok(
                "RunInstances",
                client
                    .run_instances(2, 2)
                    .image_id("ami-12c6146b")
                    .instance_type(InstanceType::T2Micro)
                    .user_data("#!/bin/sh\necho awsgen")
                    .tag_specifications(vec![tagged("awsgen")])
                    .send()
                    .await,
            );
            let instances = reservation.instances.unwrap_or_default();
            assert_eq!(instances.len(), 2);
            ids.extend(
                instances
                    .into_iter()
                    .map(|i| i.instance_id.expect("InstanceId")),
            );
        }
        ok(
            "RunInstances",
            client
                .run_instances(1, 1)
                .image_id("ami-12c6146b")
                .tag_specifications(vec![tagged("other")])
                .send()
                .await,
        );

        // UserData was base64-encoded on the way, as botocore encodes it.
        let attribute = ok(
            "DescribeInstanceAttribute",
            client
                .describe_instance_attribute(&ids[0], InstanceAttributeName::UserData)
                .send()
                .await,
        );
        let user_data = attribute.user_data.and_then(|v| v.value).expect("UserData");
        assert_eq!(user_data, "IyEvYmluL3NoCmVjaG8gYXdzZ2Vu");

        let filter = Filter::new()
            .name("tag:team")
            .values(vec!["awsgen".to_owned()]);
        let mut pages = client
            .describe_instances()
            .filters(vec![filter])
            .into_paginator()
            .page_size(5)
            .pages();
        let mut seen = Vec::new();
        let mut page_count = 0;
        while let Some(page) = pages.next().await {
            page_count += 1;
            for reservation in ok("DescribeInstances", page)
                .reservations
                .unwrap_or_default()
            {
                for instance in reservation.instances.unwrap_or_default() {
                    assert_eq!(
                        instance.state.and_then(|s| s.name),
                        Some(InstanceStateName::Running)
                    );
                    seen.push(instance.instance_id.expect("InstanceId"));
                }
            }
        }
        seen.sort();
        let mut expected = ids.clone();
        expected.sort();
        assert_eq!(seen, expected, "the tagged instances, and no other");
        // moto answers with every reservation and no NextToken whatever MaxResults says
        // (5.2.6), so the paginator must stop after its first page.
        assert_eq!(page_count, 1);

        let terminated = ok(
            "TerminateInstances",
            client.terminate_instances(ids.clone()).send().await,
        )
        .terminating_instances
        .unwrap_or_default();
        assert_eq!(terminated.len(), ids.len());
        for change in &terminated {
            assert_eq!(
                change.previous_state.as_ref().and_then(|s| s.name.clone()),
                Some(InstanceStateName::Running)
            );
            assert!(
                matches!(
                    change.current_state.as_ref().and_then(|s| s.name.clone()),
                    Some(InstanceStateName::ShuttingDown | InstanceStateName::Terminated)
                ),
                "{change:?}"
            );
        }

        let (error, meta) = service_error(
            "DescribeInstances of an unknown id",
            client
                .describe_instances()
                .instance_ids(vec!["i-00000000000000000".to_owned()])
                .send()
                .await,
        );
        assert!(
            matches!(error, DescribeInstancesError::Unhandled(_)),
            "{error:?}"
        );
        assert_eq!(meta.code(), "InvalidInstanceID.NotFound");
        assert_eq!(meta.status(), 400);
        assert!(meta.request_id().is_some(), "{meta:?}");
    });
}

#[test]
fn route53_zones_and_records() {
    use awsgen_route53::operation::get_hosted_zone::GetHostedZoneError;
    use awsgen_route53::types::{
        Change, ChangeAction, ChangeBatch, ResourceRecord, ResourceRecordSet, RrType,
    };

    let Some(moto) = moto() else { return };
    let client = awsgen_route53::Client::new(moto.config());
    block_on(async {
        let created = ok(
            "CreateHostedZone",
            client
                .create_hosted_zone("awsgen.example.com", "awsgen-moto-1")
                .send()
                .await,
        );
        let zone = created.hosted_zone;
        // Outputs give ids with their `/hostedzone/` prefix; inputs take them as they are.
        assert!(zone.id.starts_with("/hostedzone/"), "{}", zone.id);
        assert_eq!(zone.name, "awsgen.example.com.");
        let found = ok(
            "GetHostedZone",
            client.get_hosted_zone(&zone.id).send().await,
        );
        assert_eq!(found.hosted_zone.id, zone.id);

        let record = ResourceRecordSet::new("www.awsgen.example.com", RrType::A)
            .ttl(300)
            .resource_records(vec![ResourceRecord::new("192.0.2.1")]);
        let change = ok(
            "ChangeResourceRecordSets",
            client
                .change_resource_record_sets(
                    &zone.id,
                    ChangeBatch::new(vec![Change::new(ChangeAction::Create, record)]),
                )
                .send()
                .await,
        )
        .change_info;
        assert!(!change.id.is_empty());
        let records = ok(
            "ListResourceRecordSets",
            client.list_resource_record_sets(&zone.id).send().await,
        )
        .resource_record_sets;
        let www = records
            .iter()
            .find(|r| r.name == "www.awsgen.example.com.")
            .expect("the record just made");
        assert_eq!(www.r#type, RrType::A);
        assert_eq!(www.ttl, Some(300));
        let values: Vec<&str> = www
            .resource_records
            .iter()
            .flatten()
            .map(|r| r.value.as_str())
            .collect();
        assert_eq!(values, ["192.0.2.1"]);

        let www = www.clone();
        ok(
            "ChangeResourceRecordSets",
            client
                .change_resource_record_sets(
                    &zone.id,
                    ChangeBatch::new(vec![Change::new(ChangeAction::Delete, www)]),
                )
                .send()
                .await,
        );
        ok(
            "DeleteHostedZone",
            client.delete_hosted_zone(&zone.id).send().await,
        );
        let (error, meta) = service_error(
            "GetHostedZone of a deleted zone",
            client.get_hosted_zone(&zone.id).send().await,
        );
        assert!(
            matches!(error, GetHostedZoneError::NoSuchHostedZone(_)),
            "{error:?}"
        );
        assert_eq!(meta.code(), "NoSuchHostedZone");
        assert_eq!(meta.status(), 404);
    });
}

// ---------------------------------------------------------------------------------------
// S3
// ---------------------------------------------------------------------------------------

/// An object whose every byte depends on its position, so a lost or repeated piece shows.
fn object_bytes(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8 ^ seed).collect()
}

#[test]
fn s3_buckets_objects_and_multipart_uploads() {
    use awsgen_runtime::body::RequestBody;
    use awsgen_s3::operation::get_object::GetObjectError;
    use awsgen_s3::operation::head_object::HeadObjectError;
    use awsgen_s3::types::{CompletedMultipartUpload, CompletedPart, Delete, ObjectIdentifier};

    const BUCKET: &str = "awsgen-moto-bucket";
    const PART: usize = 5 << 20;

    let Some(moto) = moto() else { return };
    // The endpoint is an IP address, so the rules address the bucket in the path.
    let client = awsgen_s3::Client::new(moto.config());
    block_on(async {
        ok("CreateBucket", client.create_bucket(BUCKET).send().await);
        let put = ok(
            "PutObject",
            client
                .put_object(BUCKET, "dir/a.txt")
                .body(&b"hello, object"[..])
                .content_type("text/plain")
                .send()
                .await,
        );
        let etag = put.e_tag.expect("PutObject gives an ETag");
        // botocore's default `when_supported` sends a CRC-32 with the upload; moto keeps it.
        assert!(put.checksum_crc32.is_some(), "no CRC-32 came back");
        for key in ["dir/b.txt", "dir/c d.txt", "other.txt"] {
            ok(
                "PutObject",
                client
                    .put_object(BUCKET, key)
                    .body(key.as_bytes())
                    .send()
                    .await,
            );
        }

        let head = ok(
            "HeadObject",
            client.head_object(BUCKET, "dir/a.txt").send().await,
        );
        assert_eq!(head.content_length, Some(13));
        assert_eq!(head.e_tag.as_deref(), Some(etag.as_str()));
        assert_eq!(head.content_type.as_deref(), Some("text/plain"));
        let got = ok(
            "GetObject",
            client.get_object(BUCKET, "dir/a.txt").send().await,
        );
        assert_eq!(got.body.collect().await.unwrap(), b"hello, object");
        let ranged = ok(
            "GetObject with a range",
            client
                .get_object(BUCKET, "dir/a.txt")
                .range("bytes=7-12")
                .send()
                .await,
        );
        assert_eq!(ranged.content_range.as_deref(), Some("bytes 7-12/13"));
        assert_eq!(ranged.body.collect().await.unwrap(), b"object");

        // Two pages of the `dir/` prefix, the second from the first's token.
        let first = ok(
            "ListObjectsV2",
            client
                .list_objects_v2(BUCKET)
                .prefix("dir/")
                .max_keys(2)
                .send()
                .await,
        );
        assert_eq!(first.is_truncated, Some(true));
        let keys = |contents: &Option<Vec<awsgen_s3::types::Object>>| -> Vec<String> {
            contents
                .iter()
                .flatten()
                .filter_map(|object| object.key.clone())
                .collect()
        };
        assert_eq!(keys(&first.contents), ["dir/a.txt", "dir/b.txt"]);
        let token = first.next_continuation_token.expect("a continuation token");
        let second = ok(
            "ListObjectsV2, second page",
            client
                .list_objects_v2(BUCKET)
                .prefix("dir/")
                .max_keys(2)
                .continuation_token(token)
                .send()
                .await,
        );
        assert_eq!(keys(&second.contents), ["dir/c d.txt"]);
        assert_ne!(second.is_truncated, Some(true));

        let copied = ok(
            "CopyObject",
            client
                .copy_object(BUCKET, format!("{BUCKET}/dir/a.txt"), "copy.txt")
                .send()
                .await,
        );
        let result = copied.copy_object_result.expect("a CopyObjectResult");
        assert_eq!(result.e_tag.as_deref(), Some(etag.as_str()));
        let copy = ok(
            "GetObject of the copy",
            client.get_object(BUCKET, "copy.txt").send().await,
        );
        assert_eq!(copy.body.collect().await.unwrap(), b"hello, object");

        // A 20 MiB object in four parts, each streamed from its range of a file (with
        // `Expect: 100-continue` and a CRC-32 read from the file first, over plain HTTP),
        // read back as a stream.
        let object = object_bytes(4 * PART, 7);
        let path = std::env::temp_dir().join(format!("awsgen-moto-{}.bin", std::process::id()));
        std::fs::write(&path, &object).expect("a temporary file");
        let upload = ok(
            "CreateMultipartUpload",
            client
                .create_multipart_upload(BUCKET, "big.bin")
                .send()
                .await,
        );
        let upload_id = upload.upload_id.expect("an upload id");
        let mut parts = Vec::new();
        for index in 0..object.len() / PART {
            let number = index as i32 + 1;
            let range = RequestBody::from_file_range(&path, (index * PART) as u64, PART as u64)
                .await
                .expect("a part of the file");
            let part = ok(
                "UploadPart",
                client
                    .upload_part(BUCKET, "big.bin", number, &upload_id)
                    .body(range)
                    .send()
                    .await,
            );
            let mut completed = CompletedPart::new()
                .part_number(number)
                .e_tag(part.e_tag.expect("a part's ETag"));
            if let Some(crc32) = part.checksum_crc32 {
                completed = completed.checksum_crc32(crc32);
            }
            parts.push(completed);
        }
        ok(
            "CompleteMultipartUpload",
            client
                .complete_multipart_upload(BUCKET, "big.bin", &upload_id)
                .multipart_upload(CompletedMultipartUpload::new().parts(parts))
                .send()
                .await,
        );
        let mut big = ok(
            "GetObject of the upload",
            client.get_object(BUCKET, "big.bin").send().await,
        );
        assert_eq!(big.body.remaining(), Some(object.len() as u64));
        let mut received = Vec::new();
        while let Some(piece) = big.body.next().await {
            received.extend_from_slice(&piece.expect("a piece of the object"));
        }
        assert!(received == object, "the 20 MiB object came back different");
        std::fs::remove_file(&path).expect("the temporary file goes");

        let mut identifiers: Vec<ObjectIdentifier> = ["dir/a.txt", "dir/b.txt", "dir/c d.txt"]
            .into_iter()
            .map(ObjectIdentifier::new)
            .collect();
        identifiers.extend(["other.txt", "copy.txt", "big.bin"].map(ObjectIdentifier::new));
        let deleted = ok(
            "DeleteObjects",
            client
                .delete_objects(BUCKET, Delete::new(identifiers))
                .send()
                .await,
        );
        assert_eq!(deleted.deleted.map(|d| d.len()), Some(6));
        assert!(deleted.errors.unwrap_or_default().is_empty());

        let (error, meta) = service_error(
            "GetObject of a deleted key",
            client.get_object(BUCKET, "dir/a.txt").send().await,
        );
        assert!(matches!(error, GetObjectError::NoSuchKey(_)), "{error:?}");
        assert_eq!((meta.code(), meta.status()), ("NoSuchKey", 404));
        // HEAD has no body to say why: the status is all there is, and botocore reports it
        // as the code, which matches no modeled error (not even `NoSuchKey`).
        let (error, meta) = service_error(
            "HeadObject of a deleted key",
            client.head_object(BUCKET, "dir/a.txt").send().await,
        );
        assert!(matches!(error, HeadObjectError::Unhandled(_)), "{error:?}");
        assert_eq!((meta.code(), meta.status()), ("404", 404));

        ok("DeleteBucket", client.delete_bucket(BUCKET).send().await);
    });
}

#[test]
fn s3_transfers_upload_and_download_files_in_parallel_parts() {
    use std::sync::{Arc, Mutex};

    use awsgen_s3::types::{Delete, ObjectIdentifier};
    use awsgen_s3_transfer::{Progress, TransferManager};

    // Not the other S3 test's bucket: the two may run at once.
    const BUCKET: &str = "awsgen-moto-transfers";
    const PART: u64 = 5 << 20;

    let Some(moto) = moto() else { return };
    let client = awsgen_s3::Client::new(moto.config());
    let transfers = TransferManager::new(client.clone())
        .part_size(PART)
        .concurrency(3);
    let dir = scratch().join(format!("s3-transfers-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("a scratch directory");
    // Four full parts and a short fifth.
    let object = object_bytes(4 * PART as usize + 12_345, 3);
    let source = dir.join("upload.bin");
    fs::write(&source, &object).expect("the file to upload");

    block_on(async {
        ok("CreateBucket", client.create_bucket(BUCKET).send().await);

        let uploaded = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&uploaded);
        let output = transfers
            .upload(BUCKET, "big.bin", &source)
            .content_type("application/octet-stream")
            .metadata(HashMap::from([("origin".to_owned(), "awsgen".to_owned())]))
            .on_progress(move |progress| record.lock().unwrap().push(progress))
            .send()
            .await
            .unwrap_or_else(|e| panic!("the multipart upload: {e}"));
        assert_eq!(output.parts, Some(5));
        let total = object.len() as u64;
        assert_eq!(
            uploaded.lock().unwrap().last(),
            Some(&Progress {
                transferred: total,
                total
            })
        );

        let head = ok(
            "HeadObject",
            client.head_object(BUCKET, "big.bin").send().await,
        );
        assert_eq!(head.content_length, Some(total as i64));
        assert_eq!(head.e_tag, output.e_tag);
        // A multipart ETag ends in its number of parts.
        assert!(
            head.e_tag.as_deref().is_some_and(|e| e.ends_with("-5\"")),
            "{:?}",
            head.e_tag
        );
        assert_eq!(
            head.content_type.as_deref(),
            Some("application/octet-stream")
        );
        assert_eq!(
            head.metadata
                .as_ref()
                .and_then(|m| m.get("origin"))
                .map(String::as_str),
            Some("awsgen")
        );
        let got = ok(
            "GetObject",
            client.get_object(BUCKET, "big.bin").send().await,
        );
        assert!(
            got.body.collect().await.unwrap() == object,
            "the uploaded object differs from the file"
        );

        let downloaded = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&downloaded);
        let destination = dir.join("download.bin");
        let output = transfers
            .download(BUCKET, "big.bin", &destination)
            .on_progress(move |progress| record.lock().unwrap().push(progress))
            .send()
            .await
            .unwrap_or_else(|e| panic!("the ranged download: {e}"));
        assert_eq!(output.size, total);
        assert!(
            fs::read(&destination).expect("the downloaded file") == object,
            "the downloaded file differs from the uploaded one"
        );
        let downloaded = std::mem::take(&mut *downloaded.lock().unwrap());
        assert!(
            downloaded
                .windows(2)
                .all(|w| w[0].transferred < w[1].transferred),
            "download progress went backwards"
        );
        assert_eq!(
            downloaded.last(),
            Some(&Progress {
                transferred: total,
                total
            })
        );

        // Below the 8 MiB threshold: one PutObject.
        let small = dir.join("small.txt");
        fs::write(&small, b"a small file").expect("a small file");
        let output = transfers
            .upload(BUCKET, "small.txt", &small)
            .send()
            .await
            .unwrap_or_else(|e| panic!("the small upload: {e}"));
        assert_eq!(output.parts, None);
        let got = ok(
            "GetObject of the small file",
            client.get_object(BUCKET, "small.txt").send().await,
        );
        assert_eq!(got.body.collect().await.unwrap(), b"a small file");

        // No upload is left behind to be billed.
        let uploads = ok(
            "ListMultipartUploads",
            client.list_multipart_uploads(BUCKET).send().await,
        );
        assert!(uploads.uploads.unwrap_or_default().is_empty());

        let identifiers = ["big.bin", "small.txt"].map(ObjectIdentifier::new).to_vec();
        let deleted = ok(
            "DeleteObjects",
            client
                .delete_objects(BUCKET, Delete::new(identifiers))
                .send()
                .await,
        );
        assert_eq!(deleted.deleted.map(|d| d.len()), Some(2));
        ok("DeleteBucket", client.delete_bucket(BUCKET).send().await);
    });
    fs::remove_dir_all(&dir).expect("the scratch directory goes");
}

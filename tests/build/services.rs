//! The glue of the wire tests for the committed awsJson, rest-json and awsQuery clients: per service, a module that
//! builds inputs from botocore's parameters, turns outputs and errors back into botocore's
//! result form, and answers which errors and idempotency tokens each operation has; and one
//! test per case of the service's botocore fixture.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use awsgen_codegen::ir::{Location, Service};

use crate::snake;

/// The services whose `tests/fixtures/wire/<name>-botocore.json` the wire tests run, each
/// with its pinned model.
pub const SERVICES: &[(&str, &str)] = &[
    (
        "cloudformation",
        "model/cloudformation/2010-05-15/service-2.json",
    ),
    (
        "connectcases",
        "model/connectcases/2022-10-03/service-2.json",
    ),
    ("datazone", "model/datazone/2018-05-10/service-2.json"),
    ("dynamodb", "model/dynamodb/2012-08-10/service-2.json"),
    ("ec2", "model/ec2/2016-11-15/service-2.json"),
    ("iam", "model/iam/2010-05-08/service-2.json"),
    ("iot-data", "model/iot-data/2015-05-28/service-2.json"),
    ("kinesis", "model/kinesis/2013-12-02/service-2.json"),
    ("kms", "model/kms/2014-11-01/service-2.json"),
    (
        "mediastore-data",
        "model/mediastore-data/2017-09-01/service-2.json",
    ),
    (
        "secretsmanager",
        "model/secretsmanager/2017-10-17/service-2.json",
    ),
    ("route53", "model/route53/2013-04-01/service-2.json"),
    ("sns", "model/sns/2010-03-31/service-2.json"),
    ("sqs", "model/sqs/2012-11-05/service-2.json"),
    ("ssm", "model/ssm/2014-11-06/service-2.json"),
    ("sts", "model/sts/2011-06-15/service-2.json"),
];

/// Writes `services/<name>.rs` for every service and `wire_service_cases.rs`.
pub fn write(root: &Path, out: &Path) {
    let dir = out.join("services");
    fs::create_dir_all(&dir).expect("OUT_DIR is writable");
    let mut cases = String::new();
    for (name, model_path) in SERVICES {
        let path = root.join(model_path);
        let text = fs::read_to_string(&path).expect("the pinned models are committed");
        println!("cargo::rerun-if-changed={}", path.display());
        // A service the tests hold only a sample of names the sample's operations.
        let sample = root.join(format!("tests/fixtures/wire/{name}-operations.txt"));
        let operations = fs::read_to_string(&sample).ok().map(|list| {
            println!("cargo::rerun-if-changed={}", sample.display());
            list.lines()
                .map(|line| line.split('#').next().unwrap_or("").trim().to_owned())
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
        });
        let service = awsgen_codegen::botocore_service(model_path, &text, operations.as_deref())
            .unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.join(format!("{name}.rs")), glue(name, &service))
            .expect("OUT_DIR is writable");

        let fixture_path = root.join(format!("tests/fixtures/wire/{name}-botocore.json"));
        let fixture = fs::read_to_string(&fixture_path).expect("the wire references are committed");
        println!("cargo::rerun-if-changed={}", fixture_path.display());
        let fixture: serde_json::Value =
            serde_json::from_str(&fixture).expect("the wire reference is JSON");
        cases.push_str(&case_module(name, &fixture));
    }
    fs::write(out.join("wire_service_cases.rs"), cases).expect("OUT_DIR is writable");
}

/// The module `awsgen_tests::services::<name>` includes.
fn glue(name: &str, service: &Service) -> String {
    let krate = match name {
        "ec2" => "awsgen_ec2_sample".to_owned(),
        _ => format!("awsgen_{}", module_name(name)),
    };
    let params = awsgen_codegen::emit::params_module(service, &krate, "awsgen_conformance::params");
    let values = awsgen_codegen::emit::values_module(service, &krate, "crate::values");
    let mut parse_arms = String::new();
    let mut error_arms = String::new();
    let mut token_arms = String::new();
    for op in &service.operations {
        let operation = &op.name;
        writeln!(
            parse_arms,
            "        {operation:?} => parse_with::<{krate}::operation::{module}::{input}>(response, values::{module}_error),",
            module = op.rust_name,
            input = op.input,
        )
        .unwrap();
        let errors: Vec<String> = op
            .errors
            .iter()
            .map(|e| format!("({e:?}, {:?})", service.shape(e).error_info().code))
            .collect();
        if !errors.is_empty() {
            writeln!(
                error_arms,
                "        {operation:?} => &[{}],",
                errors.join(", ")
            )
            .unwrap();
        }
        let tokens: Vec<String> = service
            .structure(&op.input)
            .members
            .iter()
            .filter(|m| m.idempotency_token)
            .map(|m| {
                let at = match &m.location {
                    Location::Query(wire) => format!("Query({wire:?})"),
                    Location::Header(wire) => format!("Header({wire:?})"),
                    // ec2Query keys the body by the member's ec2 name where it has one.
                    Location::Body(wire) => {
                        format!("Body({:?})", m.ec2_name.as_deref().unwrap_or(wire))
                    }
                    other => panic!("an idempotency token bound to {other:?}"),
                };
                format!(
                    "crate::wire::Token {{ member: {:?}, at: crate::wire::TokenAt::{at} }}",
                    m.name
                )
            })
            .collect();
        if !tokens.is_empty() {
            writeln!(
                token_arms,
                "        {operation:?} => &[{}],",
                tokens.join(", ")
            )
            .unwrap();
        }
    }
    let modeled_errors = lookup(
        "modeled_errors",
        "&'static [(&'static str, &'static str)]",
        &error_arms,
    );
    let idempotency_tokens = lookup(
        "idempotency_tokens",
        "&'static [crate::wire::Token]",
        &token_arms,
    );
    format!(
        "/// Builds {name}'s inputs from botocore-style parameters.
pub mod params {{
{params}
}}

/// Turns {name}'s outputs and modeled errors into botocore's result form.
pub mod values {{
{values}
}}

use awsgen_runtime::http::HttpResponse;

use crate::wire::{{Parsed, Service, parse_with}};

pub const SERVICE: Service = Service {{
    name: {name:?},
    send: |config, operation, params| {{
        Box::pin(async move {{
            let client = {krate}::Client::new(config);
            params::send(&client, operation, &params).await
        }})
    }},
    parse,
    modeled_errors,
    idempotency_tokens,
}};

fn parse(operation: &str, response: &HttpResponse) -> Result<Parsed, String> {{
    match operation {{
{parse_arms}        other => Err(format!(\"the model has no operation `{{other}}`\")),
    }}
}}

{modeled_errors}
{idempotency_tokens}"
    )
}

/// `fn <name>(operation: &str) -> <ty>` answering from `arms`, or with nothing.
fn lookup(name: &str, ty: &str, arms: &str) -> String {
    if arms.is_empty() {
        return format!("fn {name}(_operation: &str) -> {ty} {{\n    &[]\n}}\n");
    }
    format!(
        "fn {name}(operation: &str) -> {ty} {{
    match operation {{
{arms}        _ => &[],
    }}
}}
"
    )
}

/// `mod <name> { … }` with one test per request and per response case.
fn case_module(name: &str, fixture: &serde_json::Value) -> String {
    let module_name = module_name(name);
    let mut module = format!(
        "mod {module_name} {{
    use super::{{check_request, check_response}};
    use awsgen_tests::services::{module_name}::SERVICE;

"
    );
    for case in fixture["requests"].as_array().expect("requests") {
        let case = case["name"].as_str().expect("case name");
        let function = snake(case);
        writeln!(
            module,
            "    #[tokio::test]\n    async fn {function}() {{\n        check_request(&SERVICE, {case:?}).await;\n    }}\n"
        )
        .unwrap();
    }
    for case in fixture["responses"].as_array().expect("responses") {
        let case = case["name"].as_str().expect("case name");
        let function = snake(case);
        writeln!(
            module,
            "    #[test]\n    fn {function}() {{\n        check_response(&SERVICE, {case:?});\n    }}\n"
        )
        .unwrap();
    }
    module.push_str("}\n\n");
    module
}

/// The Rust module (and crate) name of a service: `iot-data` is `iot_data`.
fn module_name(service: &str) -> String {
    service.replace('-', "_")
}

//! Generates the test glue that depends on the model and the botocore fixtures:
//! - `amplify_params.rs`: builds each Amplify operation's input from botocore-style
//!   parameters, through the generated crate's public types;
//! - `wire_cases.rs`: one `#[test]` per case of the botocore wire reference;
//! - `rest_json_input.rs`, `rest_json_output.rs`: the harnesses of botocore's rest-json
//!   protocol suites, one `#[test]` per case (see `awsgen-conformance`).
//! - `endpoint_cases.rs`: one `#[test]` per endpoint test case of botocore's: Amplify's,
//!   run through the generated crate's resolver, and those of botocore's rules-engine
//!   suite, each run through a resolver generated here from the suite's rule set
//!   (`endpoint_rules/<name>.rs`);
//! - `services/<name>.rs`, `wire_service_cases.rs`: the wire tests of the awsJson clients
//!   (see `build/services.rs`).

#[path = "build/services.rs"]
mod services;

use std::env;
use std::fs;
use std::path::Path;

use awsgen_codegen::Source;
use awsgen_codegen::ir::endpoint::RuleSet;
use awsgen_conformance::generate::HarnessOptions;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace");
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);

    let model_path = root.join("model/amplify/2017-07-25/service-2.json");
    let model = fs::read_to_string(&model_path).expect("the pinned Amplify model is committed");
    let service = awsgen_codegen::botocore_service("service-2.json", &model, None)
        .expect("the Amplify model generates");
    let params = awsgen_codegen::emit::params_module(
        &service,
        "awsgen_amplify",
        "awsgen_conformance::params",
    );
    fs::write(out.join("amplify_params.rs"), params).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed={}", model_path.display());

    let fixture_path = root.join("tests/fixtures/wire/amplify-botocore.json");
    let fixture = fs::read_to_string(&fixture_path).expect("the wire reference is committed");
    let fixture: serde_json::Value =
        serde_json::from_str(&fixture).expect("the wire reference is JSON");
    let mut tests = String::new();
    for case in fixture["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().expect("case name");
        let function = snake(name);
        tests.push_str(&format!(
            "#[tokio::test]\nasync fn {function}() {{\n    check_wire_case({name:?}).await;\n}}\n\n"
        ));
    }
    fs::write(out.join("wire_cases.rs"), tests).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed={}", fixture_path.display());

    for (suite, module) in [
        ("input/rest-json.json", "rest_json_input"),
        ("output/rest-json.json", "rest_json_output"),
        ("input/json.json", "json_input"),
        ("output/json.json", "json_output"),
        ("input/json_1_0.json", "json_1_0_input"),
        ("output/json_1_0.json", "json_1_0_output"),
        (
            "input/json_1_0-query-compatible.json",
            "json_1_0_query_compatible_input",
        ),
        (
            "output/json_1_0-query-compatible.json",
            "json_1_0_query_compatible_output",
        ),
        ("input/query.json", "query_input"),
        ("output/query.json", "query_output"),
        ("input/ec2.json", "ec2_input"),
        ("output/ec2.json", "ec2_output"),
        ("input/rest-xml.json", "rest_xml_input"),
        ("output/rest-xml.json", "rest_xml_output"),
    ] {
        let path = root.join("tests/fixtures/botocore/protocols").join(suite);
        let text = fs::read_to_string(&path).expect("the protocol suites are committed");
        let options = HarnessOptions {
            botocore_differs: botocore_differs(suite),
            known_failures: known_failures(suite),
            root: format!("crate::{module}"),
            tests: true,
        };
        let harness = awsgen_conformance::generate::harness(suite, &text, &options)
            .unwrap_or_else(|e| panic!("{e}"));
        fs::write(out.join(format!("{module}.rs")), harness.source).expect("OUT_DIR is writable");
        println!("cargo::rerun-if-changed={}", path.display());
    }
    endpoint_cases(root, out);
    services::write(root, out);
}

/// The cases of a suite that botocore 1.44.5 leaves out of its own run
/// (`tests/unit/protocols/protocol-tests-ignore-list.json`) and that awsgen, behaving as
/// botocore does, fails too: awsJson error codes in `x-amzn-errortype` or the body's `code`,
/// which botocore's JSON parser does not read (it reads `__type` alone); and a `jsonvalue`
/// header, whose botocore parameter is a value it JSON-encodes (the suites give the JSON
/// text), and whose parse is the decoded value (the suites expect the text); and an empty
/// blob payload, which botocore returns as empty bytes where the suite expects none.
fn botocore_differs(suite: &str) -> Vec<String> {
    match suite {
        // botocore 1.44.5 sends `httpChecksumRequired` bodies with the flexible checksums'
        // `x-amz-checksum-crc32`, from the client, where the suite expects `Content-MD5`.
        "input/rest-json.json" => {
            return vec![
                "MediaTypeHeaderInputBase64".to_owned(),
                "RestJsonHttpChecksumRequired".to_owned(),
            ];
        }
        // An endpoint with a path, `example.com/custom`, and an RPC operation's `/`: botocore
        // joins them to `/custom` (`_urljoin`), where the suites expect `/custom/`.
        "input/json.json" => return vec!["AwsJson11HostWithPath".to_owned()],
        "input/json_1_0.json" => return vec!["AwsJson10HostWithPath".to_owned()],
        "output/rest-json.json" => {
            return vec![
                "MediaTypeHeaderOutputBase64".to_owned(),
                "RestJsonHttpPayloadTraitsWithNoBlobBody".to_owned(),
            ];
        }
        // botocore names ec2Query keys by `queryName` or `locationName` alone, where the
        // suites capitalise member names too; and it reads a flattened list under its
        // elements' name, and an error's message member from the error, where the suites
        // expect otherwise.
        "input/query.json" => {
            return vec![
                "QueryFlattenedListArgWithXmlName".to_owned(),
                "QueryHostWithPath".to_owned(),
            ];
        }
        "output/query.json" => return vec!["QueryXmlLists".to_owned()],
        "input/ec2.json" => {
            return [
                "Ec2QueryEndpointTraitWithHostLabel",
                "Ec2Lists",
                "Ec2TimestampsInput",
                "Ec2ProtocolIdempotencyTokenAutoFill",
                "Ec2ProtocolIdempotencyTokenAutoFillIsSet",
                "Ec2QueryHostWithPath",
            ]
            .map(str::to_owned)
            .to_vec();
        }
        "output/ec2.json" => {
            return vec!["Ec2XmlLists".to_owned(), "Ec2ComplexError".to_owned()];
        }
        // botocore names a payload's element by the member's `locationName` (where the
        // suites name it by the target shape) and the body's by the input's; its parse of
        // an error leaves the message to `Error.Message`; and an empty blob payload is
        // empty bytes, not nothing.
        "input/rest-xml.json" => {
            return [
                "BodyWithXmlName",
                "RestXmlHttpPayloadWithUnion",
                "HttpPayloadWithXmlName",
                "HttpPayloadWithXmlNamespace",
                "HttpPayloadWithXmlNamespaceAndPrefix",
                "XmlAttributesOnPayload",
            ]
            .map(str::to_owned)
            .to_vec();
        }
        "output/rest-xml.json" => {
            return [
                "ComplexError",
                "HttpPayloadTraitsWithNoBlobBody",
                "XmlLists",
            ]
            .map(str::to_owned)
            .to_vec();
        }
        _ => {}
    }
    let prefix = match suite {
        "output/json.json" => "AwsJson11",
        "output/json_1_0.json" => "AwsJson10",
        _ => return Vec::new(),
    };
    [
        "FooErrorUsingXAmznErrorType",
        "FooErrorUsingXAmznErrorTypeWithUri",
        "FooErrorUsingXAmznErrorTypeWithUriAndNamespace",
        "FooErrorUsingCode",
        "FooErrorUsingCodeAndNamespace",
        "FooErrorUsingCodeUriAndNamespace",
    ]
    .iter()
    .map(|case| format!("{prefix}{case}"))
    .collect()
}

/// The cases awsgen cannot pass yet, with the reason.
fn known_failures(suite: &str) -> Vec<(String, String)> {
    // Maps are `HashMap`s, which keep no order; XML bodies write their entries in key order
    // (so that a body does not depend on hashing), where these cases expect the order the
    // parameters gave.
    const MAP_ORDER: &str = "map entries are written in key order, not in the parameters' order";
    let cases: &[&str] = match suite {
        "input/rest-xml.json" => &[
            "FlattenedXmlMap",
            "NestedXmlMapWithXmlNameSerializes",
            "XmlMaps",
            "XmlMapsXmlName",
        ],
        _ => &[],
    };
    cases
        .iter()
        .map(|case| ((*case).to_owned(), MAP_ORDER.to_owned()))
        .collect()
}

/// Writes `endpoint_cases.rs` and the suite's resolvers.
fn endpoint_cases(root: &Path, out: &Path) {
    let fixtures = root.join("tests/fixtures/botocore/endpoint-rules");
    let mut tests = String::new();

    // Every committed client's own cases, through its generated resolver.
    for (service, model, krate) in [
        ("amplify", "amplify/2017-07-25", "awsgen_amplify"),
        (
            "cloudformation",
            "cloudformation/2010-05-15",
            "awsgen_cloudformation",
        ),
        (
            "connectcases",
            "connectcases/2022-10-03",
            "awsgen_connectcases",
        ),
        ("datazone", "datazone/2018-05-10", "awsgen_datazone"),
        ("dynamodb", "dynamodb/2012-08-10", "awsgen_dynamodb"),
        ("ec2", "ec2/2016-11-15", "awsgen_ec2_sample"),
        ("iam", "iam/2010-05-08", "awsgen_iam"),
        ("iot-data", "iot-data/2015-05-28", "awsgen_iot_data"),
        ("kinesis", "kinesis/2013-12-02", "awsgen_kinesis"),
        ("kms", "kms/2014-11-01", "awsgen_kms"),
        (
            "mediastore-data",
            "mediastore-data/2017-09-01",
            "awsgen_mediastore_data",
        ),
        ("route53", "route53/2013-04-01", "awsgen_route53"),
        ("s3", "s3/2006-03-01", "awsgen_s3"),
        ("s3control", "s3control/2018-08-20", "awsgen_s3control"),
        (
            "secretsmanager",
            "secretsmanager/2017-10-17",
            "awsgen_secretsmanager",
        ),
        ("sns", "sns/2010-03-31", "awsgen_sns"),
        ("sqs", "sqs/2012-11-05", "awsgen_sqs"),
        ("ssm", "ssm/2014-11-06", "awsgen_ssm"),
        ("sts", "sts/2011-06-15", "awsgen_sts"),
    ] {
        let rules = rule_set(root, &format!("model/{model}/endpoint-rule-set-1.json"));
        tests.push_str(&case_module(
            &snake(service),
            &format!("{krate}::endpoint"),
            &rules,
            &fixtures.join(format!("{service}/endpoint-tests-1.json")),
        ));
    }

    let resolvers = out.join("endpoint_rules");
    fs::create_dir_all(&resolvers).expect("OUT_DIR is writable");
    let mut suites: Vec<_> = fs::read_dir(fixtures.join("test-cases"))
        .expect("the rules-engine suite is committed")
        .map(|entry| entry.expect("readable directory").path())
        .collect();
    suites.sort();
    for cases in suites {
        let name = cases
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 name");
        let relative = format!("tests/fixtures/botocore/endpoint-rules/valid-rules/{name}.json");
        let rules = rule_set(root, &relative);
        let module = snake(name);
        fs::write(
            resolvers.join(format!("{module}.rs")),
            awsgen_codegen::endpoint_resolver(&rules),
        )
        .expect("OUT_DIR is writable");
        tests.push_str(&case_module(&module, "rules", &rules, &cases));
    }
    println!("cargo::rerun-if-changed={}", fixtures.display());
    fs::write(out.join("endpoint_cases.rs"), tests).expect("OUT_DIR is writable");
}

fn rule_set(root: &Path, relative: &str) -> RuleSet {
    let path = root.join(relative);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    println!("cargo::rerun-if-changed={}", path.display());
    awsgen_codegen::endpoint_rules(Source {
        file: relative,
        text: &text,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// `mod <name> { … }` with one test per case of `cases`, resolving with the `Params` and
/// `resolve` of `resolver` (a path, or `rules` for the resolver generated into the module).
fn case_module(name: &str, resolver: &str, rules: &RuleSet, cases: &Path) -> String {
    let text = fs::read_to_string(cases).unwrap_or_else(|e| panic!("{}: {e}", cases.display()));
    let cases: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", cases.display()));
    let mut module = format!(
        "mod {name} {{
    use super::check;
"
    );
    if resolver == "rules" {
        module.push_str(&format!(
            "    mod rules {{
        include!(concat!(env!(\"OUT_DIR\"), \"/endpoint_rules/{name}.rs\"));
    }}
"
        ));
    }
    module.push_str(&format!(
        "    use {resolver}::{{Params, resolve}};

"
    ));
    for (index, case) in cases["testCases"]
        .as_array()
        .expect("testCases")
        .iter()
        .enumerate()
    {
        let documentation = case["documentation"].as_str().unwrap_or_default();
        let mut function = format!("case_{:02}_{}", index + 1, words(documentation));
        function.truncate(72);
        let function = function.trim_end_matches('_');
        let params = params_literal(rules, &case["params"]);
        let expected = case["expect"].to_string();
        module.push_str(&format!(
            "    /// {documentation}\n    #[test]\n    fn {function}() {{\n        check(resolve(&{params}), r##\"{expected}\"##);\n    }}\n\n"
        ));
    }
    module.push_str("}\n\n");
    module
}

/// `Params { region: Some("us-east-1".to_owned()), .. }` for a case's parameters.
fn params_literal(rules: &RuleSet, params: &serde_json::Value) -> String {
    let Some(params) = params.as_object() else {
        return "Params::default()".to_owned();
    };
    let mut fields = Vec::new();
    for (name, value) in params {
        let param = rules
            .params
            .iter()
            .find(|p| &p.name == name)
            .unwrap_or_else(|| panic!("a test case sets `{name}`, which the rules do not have"));
        let value = match value {
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::String(s) => format!("{s:?}.to_owned()"),
            serde_json::Value::Array(items) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|item| format!("{:?}.to_owned()", item.as_str().expect("strings")))
                    .collect();
                format!("vec![{}]", items.join(", "))
            }
            other => panic!("unexpected parameter value {other}"),
        };
        fields.push(format!("{}: Some({value})", param.rust_name));
    }
    if fields.len() < rules.params.len() {
        fields.push("..Params::default()".to_owned());
    }
    format!("Params {{ {} }}", fields.join(", "))
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    out
}

/// `"For region us-east-1, FIPS"` → `for_region_us_east_1_fips`.
fn words(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

//! Generates the test glue that depends on the model and the botocore fixtures:
//! - `amplify_params.rs`: builds each Amplify operation's input from botocore-style
//!   parameters, through the generated crate's public types;
//! - `wire_cases.rs`: one `#[test]` per case of the botocore wire reference;
//! - `rest_json_input.rs`, `rest_json_output.rs`: the harnesses of botocore's rest-json
//!   protocol suites, one `#[test]` per case (see `awsgen-conformance`).

use std::env;
use std::fs;
use std::path::Path;

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
    ] {
        let path = root.join("tests/fixtures/botocore/protocols").join(suite);
        let text = fs::read_to_string(&path).expect("the protocol suites are committed");
        let options = HarnessOptions {
            root: format!("crate::{module}"),
            tests: true,
        };
        let harness = awsgen_conformance::generate::harness(suite, &text, &options)
            .unwrap_or_else(|e| panic!("{e}"));
        fs::write(out.join(format!("{module}.rs")), harness.source).expect("OUT_DIR is writable");
        println!("cargo::rerun-if-changed={}", path.display());
    }
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

//! botocore's protocol suite format: a JSON array of suites, each with a `description`,
//! `metadata`, `shapes`, an optional `clientEndpoint`, and `cases`, each case with an `id`,
//! the operation it runs (`given`), and either `params` + `serialized` (input cases) or
//! `response` + `result`/`error` (output cases).

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use serde_json::{Map, Value, json};

use super::{Generated, inline};

/// A case and its position in its suite.
type IndexedCase<'a> = (usize, &'a Value);

/// A parsed suite file.
#[derive(Debug)]
pub struct SuiteFile {
    file: String,
    suites: Vec<Map<String, Value>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseKind {
    Input,
    Output,
}

#[derive(Debug)]
pub struct Case {
    pub id: String,
    /// The Rust name of the case's test, unique in its module.
    pub function: String,
    pub operation: String,
    pub kind: CaseKind,
    /// The case as JSON text, for the harness to embed.
    pub json: String,
}

/// The cases of one suite that share one model: the suite's shapes and the operations the
/// cases give. A suite whose cases give two different definitions of one operation becomes
/// several groups.
#[derive(Debug)]
pub struct Group {
    pub description: String,
    /// The Rust module name, unique in the file.
    pub module: String,
    pub client_endpoint: Option<String>,
    pub cases: Vec<Case>,
    model: Value,
}

impl SuiteFile {
    pub fn parse(file: &str, text: &str) -> Result<Self, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("{file}: not JSON: {e}"))?;
        let Value::Array(suites) = value else {
            return Err(format!("{file}: expected an array of suites"));
        };
        let suites = suites
            .into_iter()
            .enumerate()
            .map(|(i, suite)| match suite {
                Value::Object(suite) => Ok(suite),
                _ => Err(format!("{file}: $[{i}] is not a suite object")),
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            file: file.to_owned(),
            suites,
        })
    }

    /// The file's suites split into groups that each have one model.
    pub fn groups(&self) -> Vec<Group> {
        let mut groups = Vec::new();
        let mut modules = BTreeSet::new();
        for (i, suite) in self.suites.iter().enumerate() {
            let description = suite
                .get("description")
                .and_then(Value::as_str)
                .map_or_else(|| format!("suite {i}"), str::to_owned);
            // One group per distinct set of operation definitions.
            let mut split: Vec<(Map<String, Value>, Vec<IndexedCase>)> = Vec::new();
            let cases = suite.get("cases").and_then(Value::as_array);
            for (j, case) in cases.into_iter().flatten().enumerate() {
                let given = case.get("given").cloned().unwrap_or(Value::Null);
                let name = given
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("OperationName")
                    .to_owned();
                let slot = split.iter().position(|(operations, _)| {
                    operations
                        .get(&name)
                        .is_none_or(|existing| *existing == given)
                });
                let slot = slot.unwrap_or_else(|| {
                    split.push((Map::new(), Vec::new()));
                    split.len() - 1
                });
                split[slot].0.insert(name, given);
                split[slot].1.push((j, case));
            }
            for (k, (operations, cases)) in split.into_iter().enumerate() {
                let base = module_name(&description, i);
                let mut module = if k == 0 {
                    base.clone()
                } else {
                    format!("{base}_{k}")
                };
                while !modules.insert(module.clone()) {
                    module.push_str("_again");
                }
                groups.push(Group {
                    description: description.clone(),
                    module,
                    client_endpoint: suite
                        .get("clientEndpoint")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    cases: self.cases(&cases, i),
                    model: model(suite, operations, &description),
                });
            }
        }
        groups
    }

    fn cases(&self, cases: &[(usize, &Value)], suite: usize) -> Vec<Case> {
        let mut functions = BTreeSet::new();
        cases
            .iter()
            .map(|(j, case)| {
                let id = case
                    .get("id")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("case {suite}:{j}"), str::to_owned);
                let mut function = rust_name(&id);
                while !functions.insert(function.clone()) {
                    function.push_str("_again");
                }
                let kind = if case.get("serialized").is_some() || case.get("params").is_some() {
                    CaseKind::Input
                } else {
                    CaseKind::Output
                };
                Case {
                    id,
                    function,
                    operation: case
                        .pointer("/given/name")
                        .and_then(Value::as_str)
                        .unwrap_or("OperationName")
                        .to_owned(),
                    kind,
                    json: case.to_string(),
                }
            })
            .collect()
    }

    pub fn file(&self) -> &str {
        &self.file
    }
}

impl Group {
    /// Runs the generator on the group's model: the client as an inline module at `path`
    /// (`<path>::client`), and the parameter and result glue beside it.
    pub fn generate(&self, path: &syn::Path) -> Result<Generated, String> {
        let text = self.model.to_string();
        let file = format!("the model of {:?}", self.description);
        let service =
            awsgen_codegen::botocore_service(&file, &text, None).map_err(|e| e.to_string())?;
        let options = awsgen_codegen::CrateOptions {
            crate_name: "protocol-test".to_owned(),
            version: "0.0.0".to_owned(),
            runtime_dependency: "\"*\"".to_owned(),
            model_source: format!("`{file}`"),
        };
        let krate = awsgen_codegen::emit::generate_crate(&service, &options);
        let mut client_path = path.clone();
        client_path
            .segments
            .push(syn::Ident::new("client", proc_macro2::Span::call_site()).into());
        let client = inline::inline_crate(&krate.files, &client_path)?;
        let client_path_text = quote::quote!(#client_path).to_string().replace(' ', "");
        let params = awsgen_codegen::emit::params_module(
            &service,
            &client_path_text,
            "awsgen_conformance::params",
        );
        let values = awsgen_codegen::emit::values_module(
            &service,
            &client_path_text,
            "awsgen_conformance::values",
        );
        let parse = |text: &str, what: &str| -> Result<proc_macro2::TokenStream, String> {
            text.parse()
                .map_err(|e| format!("the {what} module does not lex: {e}"))
        };
        Ok(Generated {
            params: parse(&params, "params")?,
            values: parse(&values, "values")?,
            client,
            service,
        })
    }
}

/// A botocore `service-2.json` for the suite: its shapes and the operations its cases give,
/// with the metadata a suite leaves out filled in.
fn model(suite: &Map<String, Value>, operations: Map<String, Value>, description: &str) -> Value {
    let mut metadata = json!({
        "apiVersion": "2024-01-01",
        "endpointPrefix": "protocoltest",
        "protocol": "rest-json",
        "serviceFullName": description,
        "serviceId": "ProtocolTest",
        "signatureVersion": "v4",
    });
    if let (Some(Value::Object(given)), Value::Object(metadata)) =
        (suite.get("metadata"), &mut metadata)
    {
        for (key, value) in given {
            metadata.insert(key.clone(), value.clone());
        }
    }
    let shapes = suite.get("shapes").cloned().unwrap_or_else(|| json!({}));
    let mut operations = operations;
    if metadata.get("protocol").and_then(Value::as_str) == Some("query") {
        wrap_query_results(&mut operations, &shapes);
    }
    json!({
        "metadata": metadata,
        "operations": operations,
        "shapes": shapes,
    })
}

/// The awsQuery suites leave out the `resultWrapper` every real awsQuery model gives an
/// output; botocore's runner of them adds `<Operation>Result` to each output with members
/// (tests/unit/test_protocols.py), and so does this.
fn wrap_query_results(operations: &mut Map<String, Value>, shapes: &Value) {
    for (name, operation) in operations.iter_mut() {
        let Some(Value::Object(output)) = operation.get_mut("output") else {
            continue;
        };
        let has_members = output
            .get("shape")
            .and_then(Value::as_str)
            .and_then(|shape| shapes.pointer(&format!("/{shape}/members")))
            .and_then(Value::as_object)
            .is_some_and(|members| !members.is_empty());
        if has_members && !output.contains_key("resultWrapper") {
            output.insert("resultWrapper".to_owned(), json!(format!("{name}Result")));
        }
    }
}

/// `Test cases for HttpPayloadTraits operation` → `http_payload_traits`.
fn module_name(description: &str, index: usize) -> String {
    let core = description
        .strip_prefix("Test cases for ")
        .and_then(|d| d.strip_suffix(" operation"))
        .unwrap_or(description);
    let name = rust_name(core);
    if name.is_empty() {
        format!("suite_{index}")
    } else {
        name
    }
}

/// A snake_case Rust identifier for any text.
fn rust_name(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let name = cleaned.to_snake_case();
    match name.chars().next() {
        None => "case".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("case_{name}"),
        Some(_) if is_keyword(&name) => format!("{name}_"),
        Some(_) => name,
    }
}

fn is_keyword(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_err()
}

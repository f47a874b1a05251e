//! The endpoint rules format (`endpoint-rule-set-1.json`): parameters and a tree of rules
//! whose conditions call the rules language's functions. Expressions stay JSON here; the
//! IR builder types them and reports where each one is wrong.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use super::{ModelError, from_json};

/// Parses an `endpoint-rule-set-1.json` document; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<RuleSet, ModelError> {
    from_json(file, text)
}

#[derive(Debug, Deserialize)]
pub struct RuleSet {
    pub version: String,
    /// In the file's order, which is the order botocore checks required parameters in.
    pub parameters: IndexMap<String, Parameter>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    /// `string`, `boolean` or `stringArray`, in any case.
    #[serde(rename = "type")]
    pub kind: String,
    pub built_in: Option<String>,
    /// Some files write `"required": null`.
    #[serde(default, deserialize_with = "null_as_false")]
    pub required: bool,
    pub default: Option<Value>,
    pub documentation: Option<String>,
}

/// One rule. The fields a rule needs depend on its `type`, which the IR builder checks so
/// that a missing one is reported with the rule's path.
#[derive(Debug, Deserialize)]
pub struct Rule {
    #[serde(rename = "type")]
    pub kind: RuleKind,
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// For `endpoint` rules.
    pub endpoint: Option<EndpointTemplate>,
    /// For `error` rules: a string (template) or a reference.
    pub error: Option<Value>,
    /// For `tree` rules.
    pub rules: Option<Vec<Rule>>,
    pub documentation: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    Endpoint,
    Error,
    Tree,
}

#[derive(Debug, Deserialize)]
pub struct Condition {
    #[serde(rename = "fn")]
    pub function: String,
    pub argv: Vec<Value>,
    /// The name the function's value is bound to for the rest of the rule.
    pub assign: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct EndpointTemplate {
    pub url: Value,
    #[serde(default)]
    pub properties: IndexMap<String, Value>,
    #[serde(default)]
    pub headers: IndexMap<String, Vec<Value>>,
}

fn null_as_false<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(deserializer)?.unwrap_or(false))
}

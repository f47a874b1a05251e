//! botocore's `partitions.json`: each partition's id, facts (`outputs`), region pattern and
//! listed regions.

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{ModelError, from_json};

/// Parses a `partitions.json` document; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Partitions, ModelError> {
    from_json(file, text)
}

#[derive(Debug, Deserialize)]
pub struct Partitions {
    /// In the file's order, which is the order `aws.partition` tries them in.
    pub partitions: Vec<Partition>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Partition {
    pub id: String,
    pub outputs: Outputs,
    pub region_regex: String,
    /// Region name → description; botocore only asks whether a name is listed.
    pub regions: IndexMap<String, IgnoredAny>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outputs {
    pub dns_suffix: String,
    pub dual_stack_dns_suffix: String,
    pub implicit_global_region: String,
    #[serde(rename = "supportsFIPS")]
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
}

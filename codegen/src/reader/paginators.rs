//! botocore's `paginators-1.json` format, as botocore's `paginate.py` reads it.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{ModelError, from_json};

/// Parses a `paginators-1.json` document; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<PaginatorsModel, ModelError> {
    from_json(file, text)
}

#[derive(Debug, Deserialize)]
pub struct PaginatorsModel {
    /// Operation name → how to page through it.
    pub pagination: BTreeMap<String, Paginator>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paginator {
    /// Input members that carry the token(s), paired in order with `output_token`.
    pub input_token: OneOrMany,
    /// Where each token is in the output (a member or a `.`-separated path).
    pub output_token: OneOrMany,
    /// The input member that caps a page's size.
    pub limit_key: Option<String>,
    /// The output path of a boolean that says whether there are more pages.
    pub more_results: Option<String>,
    /// Where the results are in the output; the first is the primary one.
    pub result_key: Option<OneOrMany>,
    /// Output members that are the same on every page (botocore keeps the first page's).
    pub non_aggregate_keys: Option<Vec<String>>,
}

/// botocore accepts one key or a list of them for tokens and result keys.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(key) => vec![key.clone()],
            OneOrMany::Many(keys) => keys.clone(),
        }
    }
}

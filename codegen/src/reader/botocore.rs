//! botocore's `service-2.json` format, as botocore's own loader reads it. A Smithy model is
//! translated into these types too (`convert::smithy`), so that one lowering serves both.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;

use super::{ModelError, from_json};

/// Parses a `service-2.json` document; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<ServiceModel, ModelError> {
    from_json(file, text)
}

#[derive(Debug, Deserialize)]
pub struct ServiceModel {
    pub metadata: Metadata,
    pub operations: BTreeMap<String, Operation>,
    pub shapes: BTreeMap<String, Shape>,
    pub documentation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    pub api_version: String,
    pub endpoint_prefix: String,
    pub protocol: String,
    pub service_full_name: String,
    pub service_id: String,
    pub signature_version: String,
    pub signing_name: Option<String>,
    pub json_version: Option<String>,
    pub target_prefix: Option<String>,
    /// Every protocol the service speaks, when it speaks more than one.
    #[serde(default)]
    pub protocols: Vec<String>,
    /// Present (as an empty object) on awsJson services that moved from awsQuery.
    pub aws_query_compatible: Option<serde_json::Value>,
    pub uid: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub name: String,
    pub http: Http,
    pub input: Option<ShapeRef>,
    pub output: Option<ShapeRef>,
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    pub documentation: Option<String>,
    pub endpoint: Option<Endpoint>,
    #[serde(default)]
    pub deprecated: bool,
    pub deprecated_message: Option<String>,
    pub authtype: Option<String>,
    /// Smithy-style auth schemes in order of preference, e.g. `["smithy.api#noAuth"]`.
    #[serde(default)]
    pub auth: Vec<String>,
    /// The body is not hashed into the signature (`"unsignedPayload": true`; botocore
    /// treats `"authtype": "v4-unsigned-body"` the same).
    #[serde(default)]
    pub unsigned_payload: bool,
    #[serde(default)]
    pub http_checksum_required: bool,
    pub http_checksum: Option<HttpChecksum>,
    #[serde(rename = "requestcompression")]
    pub request_compression: Option<RequestCompression>,
    /// The operation clients call to discover the service's endpoints.
    #[serde(default, rename = "endpointoperation")]
    pub endpoint_operation: bool,
    /// Endpoint rules' parameters the operation sets to fixed values.
    #[serde(default)]
    pub static_context_params: BTreeMap<String, StaticContextParam>,
    /// Endpoint rules' parameters the operation takes from its input by a JMESPath
    /// expression (`operationContextParams`), e.g. DynamoDB's table names in a batch.
    #[serde(default)]
    pub operation_context_params: BTreeMap<String, OperationContextParam>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpChecksum {
    #[serde(default)]
    pub request_checksum_required: bool,
    pub request_algorithm_member: Option<String>,
    pub request_validation_mode_member: Option<String>,
    #[serde(default)]
    pub response_algorithms: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct RequestCompression {
    pub encodings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Http {
    pub method: String,
    pub request_uri: String,
    pub response_code: Option<u16>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub host_prefix: String,
}

/// A reference to a shape: an operation's input or output, or a list's member or a map's
/// key or value, with the serialization traits the reference adds.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapeRef {
    pub shape: String,
    /// The element name of a list member or map key/value in XML and query bodies.
    pub location_name: Option<String>,
    /// ec2Query's name for the reference, which overrides the capitalised `locationName`.
    pub query_name: Option<String>,
    /// awsQuery: the element an operation's output is wrapped in, e.g. `GetCallerIdentityResult`.
    pub result_wrapper: Option<String>,
    /// restXml: the namespace of the element written for the reference.
    pub xml_namespace: Option<XmlNamespace>,
}

/// An XML namespace: `{"uri": …, "prefix": …}`, or the URI alone.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum XmlNamespace {
    Uri(String),
    Declared { uri: String, prefix: Option<String> },
}

/// Every shape type shares one record in botocore's format; which keys are meaningful
/// depends on `type`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    pub documentation: Option<String>,
    // structure
    /// In model order, which is the order botocore writes query strings and bodies in.
    #[serde(default)]
    pub members: IndexMap<String, Member>,
    #[serde(default)]
    pub required: Vec<String>,
    pub payload: Option<String>,
    /// The element name of the shape's values where no member names one (restXml).
    pub location_name: Option<String>,
    #[serde(default)]
    pub exception: bool,
    #[serde(default)]
    pub fault: bool,
    pub error: Option<ErrorTrait>,
    #[serde(default)]
    pub union: bool,
    #[serde(default)]
    pub document: bool,
    #[serde(default)]
    pub eventstream: bool,
    // list and map
    pub member: Option<ShapeRef>,
    pub key: Option<ShapeRef>,
    pub value: Option<ShapeRef>,
    #[serde(default)]
    pub sparse: bool,
    /// XML and query: a list's elements (a map's entries) repeat the member's own name
    /// instead of nesting inside it.
    #[serde(default)]
    pub flattened: bool,
    /// restXml: the namespace the shape's elements declare.
    pub xml_namespace: Option<XmlNamespace>,
    // constraints
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub pattern: Option<String>,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    // scalars
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub streaming: bool,
    pub timestamp_format: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorTrait {
    pub code: Option<String>,
    pub http_status_code: Option<u16>,
    #[serde(default)]
    pub sender_fault: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub shape: String,
    pub documentation: Option<String>,
    pub location: Option<String>,
    pub location_name: Option<String>,
    /// ec2Query's name for the member, which overrides the capitalised `locationName`.
    pub query_name: Option<String>,
    /// XML and query: as the target shape's `flattened`, for this member alone.
    #[serde(default)]
    pub flattened: bool,
    /// XML: the member is an attribute of its structure's element.
    #[serde(default)]
    pub xml_attribute: bool,
    /// restXml: the namespace the member's element declares.
    pub xml_namespace: Option<XmlNamespace>,
    pub timestamp_format: Option<String>,
    #[serde(default)]
    pub idempotency_token: bool,
    #[serde(default)]
    pub host_label: bool,
    #[serde(default)]
    pub jsonvalue: bool,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub streaming: bool,
    /// Gives its value to the endpoint rules' parameter of this name.
    pub context_param: Option<ContextParam>,
}

#[derive(Debug, Deserialize)]
pub struct ContextParam {
    pub name: String,
}

/// An operation's fixed value for an endpoint rules' parameter.
#[derive(Debug, Deserialize)]
pub struct StaticContextParam {
    pub value: serde_json::Value,
}

/// Where in an operation's input an endpoint rules' parameter comes from.
#[derive(Debug, Deserialize)]
pub struct OperationContextParam {
    /// A JMESPath expression over the input, e.g. `keys(RequestItems)`.
    pub path: String,
}

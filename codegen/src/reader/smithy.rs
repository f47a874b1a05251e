//! The Smithy JSON AST (IDL 1.0 and 2.0), as the Smithy specification defines it: shapes
//! keyed by absolute shape id, each with its traits.
//!
//! Traits are kept as raw JSON while a model is read, because `apply` statements merge into
//! them before they mean anything; [`Traits::decode`] then reads the traits awsgen
//! understands into typed values, reporting a malformed one by its JSON path. Traits it does
//! not know are left alone.

use std::collections::BTreeMap;
use std::fmt;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::{ModelError, from_json};

/// Parses a Smithy JSON AST document; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Model, ModelError> {
    let model: Model = from_json(file, text)?;
    if !matches!(model.smithy.as_str(), "1" | "1.0" | "2" | "2.0") {
        return Err(ModelError {
            file: file.to_owned(),
            path: "smithy".to_owned(),
            message: format!(
                "Smithy IDL version `{}` is not one awsgen reads (1.0 or 2.0)",
                model.smithy
            ),
        });
    }
    Ok(model)
}

#[derive(Clone, Debug, Deserialize)]
pub struct Model {
    pub smithy: String,
    /// By absolute shape id, e.g. `com.amazonaws.amplify#App`; an `apply` statement's key
    /// may name a member, e.g. `com.amazonaws.amplify#App$name`.
    pub shapes: BTreeMap<String, Shape>,
}

/// One record for every shape type, as in the AST; which keys are meaningful depends on
/// `type`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: ShapeType,
    #[serde(default)]
    pub traits: TraitValues,
    /// Mixins are flattened away in published models; one left in is refused.
    #[serde(default)]
    pub mixins: Vec<ShapeRef>,
    // structure, union, enum, intEnum: in model order, which is the wire order.
    #[serde(default)]
    pub members: IndexMap<String, Member>,
    // list, set
    pub member: Option<Member>,
    // map
    pub key: Option<Member>,
    pub value: Option<Member>,
    // service
    pub version: Option<String>,
    /// Shape id → the name the service gives it, to settle a clash of names.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    // service, resource
    #[serde(default)]
    pub operations: Vec<ShapeRef>,
    #[serde(default)]
    pub resources: Vec<ShapeRef>,
    // service, operation
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    // operation
    pub input: Option<ShapeRef>,
    pub output: Option<ShapeRef>,
    // resource lifecycle operations
    pub create: Option<ShapeRef>,
    pub put: Option<ShapeRef>,
    pub read: Option<ShapeRef>,
    pub update: Option<ShapeRef>,
    pub delete: Option<ShapeRef>,
    pub list: Option<ShapeRef>,
    #[serde(default)]
    pub collection_operations: Vec<ShapeRef>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ShapeType {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    /// IDL 1.0's list of unique items.
    Set,
    Map,
    Structure,
    Union,
    Service,
    Operation,
    Resource,
    /// Traits for a shape or member defined elsewhere.
    Apply,
}

impl ShapeType {
    /// The type's name in the AST, e.g. `intEnum`.
    pub fn as_str(self) -> &'static str {
        match self {
            ShapeType::Blob => "blob",
            ShapeType::Boolean => "boolean",
            ShapeType::String => "string",
            ShapeType::Byte => "byte",
            ShapeType::Short => "short",
            ShapeType::Integer => "integer",
            ShapeType::Long => "long",
            ShapeType::Float => "float",
            ShapeType::Double => "double",
            ShapeType::BigInteger => "bigInteger",
            ShapeType::BigDecimal => "bigDecimal",
            ShapeType::Timestamp => "timestamp",
            ShapeType::Document => "document",
            ShapeType::Enum => "enum",
            ShapeType::IntEnum => "intEnum",
            ShapeType::List => "list",
            ShapeType::Set => "set",
            ShapeType::Map => "map",
            ShapeType::Structure => "structure",
            ShapeType::Union => "union",
            ShapeType::Service => "service",
            ShapeType::Operation => "operation",
            ShapeType::Resource => "resource",
            ShapeType::Apply => "apply",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct Member {
    pub target: String,
    #[serde(default)]
    pub traits: TraitValues,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ShapeRef {
    pub target: String,
}

/// Trait id → value, before `apply` statements are merged in.
pub type TraitValues = BTreeMap<String, Value>;

/// The traits that shape a client, read from a shape's or member's [`TraitValues`].
#[derive(Debug, Default, Deserialize)]
pub struct Traits {
    #[serde(rename = "smithy.api#documentation")]
    pub documentation: Option<String>,
    #[serde(rename = "smithy.api#title")]
    pub title: Option<String>,
    #[serde(rename = "smithy.api#deprecated")]
    pub deprecated: Option<Deprecated>,
    #[serde(rename = "smithy.api#required")]
    pub required: Option<Annotation>,
    /// Read so that a malformed one is reported; a default does not make a member required
    /// for botocore, whose optional members awsgen's clients keep.
    #[serde(rename = "smithy.api#default")]
    pub default: Option<Value>,
    #[serde(rename = "smithy.api#length")]
    pub length: Option<Bounds>,
    #[serde(rename = "smithy.api#range")]
    pub range: Option<Bounds>,
    #[serde(rename = "smithy.api#pattern")]
    pub pattern: Option<String>,
    #[serde(rename = "smithy.api#sensitive")]
    pub sensitive: Option<Annotation>,
    #[serde(rename = "smithy.api#sparse")]
    pub sparse: Option<Annotation>,
    #[serde(rename = "smithy.api#streaming")]
    pub streaming: Option<Annotation>,
    #[serde(rename = "smithy.api#mediaType")]
    pub media_type: Option<String>,
    #[serde(rename = "smithy.api#timestampFormat")]
    pub timestamp_format: Option<TimestampFormat>,
    /// IDL 1.0's enum: a string shape with a list of values.
    #[serde(rename = "smithy.api#enum")]
    pub enum_definitions: Option<Vec<EnumDefinition>>,
    /// An `enum` or `intEnum` member's value.
    #[serde(rename = "smithy.api#enumValue")]
    pub enum_value: Option<EnumValue>,
    // errors
    #[serde(rename = "smithy.api#error")]
    pub error: Option<ErrorFault>,
    #[serde(rename = "smithy.api#httpError")]
    pub http_error: Option<u16>,
    // operations
    #[serde(rename = "smithy.api#http")]
    pub http: Option<Http>,
    #[serde(rename = "smithy.api#endpoint")]
    pub endpoint: Option<Endpoint>,
    #[serde(rename = "smithy.api#httpChecksumRequired")]
    pub http_checksum_required: Option<Annotation>,
    #[serde(rename = "aws.auth#unsignedPayload")]
    pub unsigned_payload: Option<Annotation>,
    /// The auth schemes an operation allows, in order; an empty list means none (the call
    /// is sent unsigned).
    #[serde(rename = "smithy.api#auth")]
    pub auth: Option<Vec<String>>,
    #[serde(rename = "aws.protocols#httpChecksum")]
    pub http_checksum: Option<crate::reader::botocore::HttpChecksum>,
    #[serde(rename = "smithy.api#requestCompression")]
    pub request_compression: Option<crate::reader::botocore::RequestCompression>,
    /// On operations, completed by the service's: what botocore keeps in
    /// `paginators-1.json`.
    #[serde(rename = "smithy.api#paginated")]
    pub paginated: Option<Paginated>,
    // member bindings
    #[serde(rename = "smithy.api#httpLabel")]
    pub http_label: Option<Annotation>,
    #[serde(rename = "smithy.api#httpQuery")]
    pub http_query: Option<String>,
    #[serde(rename = "smithy.api#httpQueryParams")]
    pub http_query_params: Option<Annotation>,
    #[serde(rename = "smithy.api#httpHeader")]
    pub http_header: Option<String>,
    #[serde(rename = "smithy.api#httpPrefixHeaders")]
    pub http_prefix_headers: Option<String>,
    #[serde(rename = "smithy.api#httpPayload")]
    pub http_payload: Option<Annotation>,
    #[serde(rename = "smithy.api#httpResponseCode")]
    pub http_response_code: Option<Annotation>,
    /// Marks an operation's input structure.
    #[serde(rename = "smithy.api#input")]
    pub input: Option<Annotation>,
    #[serde(rename = "smithy.api#jsonName")]
    pub json_name: Option<String>,
    // XML and query names
    #[serde(rename = "smithy.api#xmlName")]
    pub xml_name: Option<String>,
    #[serde(rename = "smithy.api#xmlFlattened")]
    pub xml_flattened: Option<Annotation>,
    #[serde(rename = "smithy.api#xmlAttribute")]
    pub xml_attribute: Option<Annotation>,
    #[serde(rename = "smithy.api#xmlNamespace")]
    pub xml_namespace: Option<XmlNamespace>,
    #[serde(rename = "aws.protocols#ec2QueryName")]
    pub ec2_query_name: Option<String>,
    /// The code (and status) an awsQuery service reports an error under.
    #[serde(rename = "aws.protocols#awsQueryError")]
    pub aws_query_error: Option<AwsQueryError>,
    #[serde(rename = "smithy.api#idempotencyToken")]
    pub idempotency_token: Option<Annotation>,
    #[serde(rename = "smithy.api#hostLabel")]
    pub host_label: Option<Annotation>,
    // endpoint rules
    #[serde(rename = "smithy.rules#contextParam")]
    pub context_param: Option<crate::reader::botocore::ContextParam>,
    #[serde(rename = "smithy.rules#staticContextParams")]
    pub static_context_params:
        Option<std::collections::BTreeMap<String, crate::reader::botocore::StaticContextParam>>,
    #[serde(rename = "smithy.rules#operationContextParams")]
    pub operation_context_params:
        Option<std::collections::BTreeMap<String, crate::reader::botocore::OperationContextParam>>,
    // services
    #[serde(rename = "aws.api#service")]
    pub aws_service: Option<AwsService>,
    #[serde(rename = "aws.auth#sigv4")]
    pub sigv4: Option<Sigv4>,
    /// Names the operation that discovers the service's endpoints.
    #[serde(rename = "aws.api#clientEndpointDiscovery")]
    pub client_endpoint_discovery: Option<ClientEndpointDiscovery>,
    #[serde(rename = "smithy.api#httpBearerAuth")]
    pub http_bearer_auth: Option<Annotation>,
    #[serde(rename = "aws.protocols#restJson1")]
    pub rest_json1: Option<IgnoredAny>,
    #[serde(rename = "aws.protocols#awsJson1_0")]
    pub aws_json1_0: Option<IgnoredAny>,
    #[serde(rename = "aws.protocols#awsJson1_1")]
    pub aws_json1_1: Option<IgnoredAny>,
    #[serde(rename = "aws.protocols#restXml")]
    pub rest_xml: Option<IgnoredAny>,
    #[serde(rename = "aws.protocols#awsQuery")]
    pub aws_query: Option<IgnoredAny>,
    #[serde(rename = "aws.protocols#awsQueryCompatible")]
    pub aws_query_compatible: Option<IgnoredAny>,
    #[serde(rename = "aws.protocols#ec2Query")]
    pub ec2_query: Option<IgnoredAny>,
    #[serde(rename = "smithy.protocols#rpcv2Cbor")]
    pub rpc_v2_cbor: Option<IgnoredAny>,
}

impl Traits {
    /// Reads the known traits of `values`; `path` is where they sit in the file (e.g.
    /// `shapes.ns#App.traits`), so that an error points at the offending value.
    pub fn decode(file: &str, path: &str, values: &TraitValues) -> Result<Traits, ModelError> {
        let object = Value::Object(values.clone().into_iter().collect());
        serde_path_to_error::deserialize(object).map_err(|error| ModelError {
            file: file.to_owned(),
            path: format!("{path}.{}", error.path()),
            message: error.into_inner().to_string(),
        })
    }
}

/// `smithy.api#xmlNamespace`.
#[derive(Clone, Debug, Deserialize)]
pub struct XmlNamespace {
    pub uri: String,
    pub prefix: Option<String>,
}

/// `aws.protocols#awsQueryError`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsQueryError {
    pub code: String,
    pub http_response_code: Option<u16>,
}

/// `aws.api#clientEndpointDiscovery` on a service.
#[derive(Clone, Debug, Deserialize)]
pub struct ClientEndpointDiscovery {
    /// The shape id of the operation that returns the endpoints.
    pub operation: String,
}

/// A trait whose presence is its meaning: `{}` in IDL 2.0, `true` in older ASTs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Annotation;

impl<'de> Deserialize<'de> for Annotation {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnnotationVisitor;

        impl<'de> Visitor<'de> for AnnotationVisitor {
            type Value = Annotation;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an annotation trait value (`{}` or `true`)")
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Annotation, E> {
                if value {
                    Ok(Annotation)
                } else {
                    Err(E::invalid_value(de::Unexpected::Bool(false), &self))
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Annotation, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Annotation)
            }
        }

        deserializer.deserialize_any(AnnotationVisitor)
    }
}

#[derive(Debug, Deserialize)]
pub struct Deprecated {
    pub message: Option<String>,
}

/// `@length` and `@range`: either bound may be left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
pub struct Bounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum TimestampFormat {
    #[serde(rename = "date-time")]
    DateTime,
    #[serde(rename = "epoch-seconds")]
    EpochSeconds,
    #[serde(rename = "http-date")]
    HttpDate,
}

/// One value of IDL 1.0's `@enum`; its name, documentation and tags have no place in a
/// botocore enum, which is a list of values.
#[derive(Debug, Deserialize)]
pub struct EnumDefinition {
    pub value: String,
}

/// A string for `enum` members, an integer for `intEnum` members.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum EnumValue {
    String(String),
    Integer(i64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorFault {
    Client,
    Server,
}

#[derive(Debug, Deserialize)]
pub struct Http {
    pub method: String,
    pub uri: String,
    pub code: Option<u16>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub host_prefix: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Paginated {
    pub input_token: Option<String>,
    pub output_token: Option<String>,
    pub items: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsService {
    pub sdk_id: String,
    pub endpoint_prefix: Option<String>,
    pub arn_namespace: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Sigv4 {
    pub name: String,
}

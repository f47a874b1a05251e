//! The one normalized description of a service that every emitter reads, whatever model
//! format it came from. Rust names are decided here, once.

mod botocore;
pub mod context_path;
pub mod endpoint;
mod paginators;
pub mod partitions;
mod passes;
pub mod pattern;

pub use botocore::{chosen_protocol, from_botocore};
pub use paginators::attach_paginators;
pub use passes::{Usage, select_operations};

use std::collections::BTreeMap;

/// A service, ready to emit.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub meta: ServiceMeta,
    pub docs: Option<String>,
    /// Sorted by name.
    pub operations: Vec<Operation>,
    /// Every shape an operation reaches, by model name.
    pub shapes: BTreeMap<String, Shape>,
    /// How a client finds the service's endpoint.
    pub endpoint: EndpointRules,
    /// Operations of the model the generator cannot serve yet, left out so that they do not
    /// cost the rest of the service; sorted by name.
    pub omitted: Vec<OmittedOperation>,
}

/// An operation left out of the generated client, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OmittedOperation {
    pub name: String,
    pub reason: String,
}

/// A service's endpoint rules and where they come from.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointRules {
    pub rules: endpoint::RuleSet,
    /// Names the rules in the generated resolver's header line.
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceMeta {
    pub service_id: String,
    pub full_name: String,
    pub api_version: String,
    pub protocol: Protocol,
    pub signing_name: String,
    pub signing: Signing,
    pub endpoint_prefix: String,
    /// What botocore does for this service beyond its model.
    pub customizations: Customizations,
}

/// Which of botocore's SigV4 signers a service's requests get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signing {
    /// `SigV4Auth`.
    SigV4,
    /// `S3SigV4Auth` (`signatureVersion` `s3` or `s3v4`: S3 and S3 Control): the path
    /// signed as sent, the payload hash sent in `X-Amz-Content-SHA256`.
    S3,
}

/// botocore's service-specific behaviour that no model states (its retry configuration and
/// handlers), as data the generated client hands the runtime. See docs/CUSTOMIZATIONS.md.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Customizations {
    /// Attempts per call when the user sets none.
    pub default_max_attempts: Option<u32>,
    /// The base delay, in milliseconds, of retries after transient errors.
    pub transient_backoff_base_ms: Option<u64>,
    /// Check the `x-amz-crc32` of responses, retrying a mismatch.
    pub check_crc32: bool,
    /// Error codes retried besides the standard ones.
    pub transient_error_codes: Vec<String>,
    /// Headers every request carries unless it sets them itself.
    pub default_headers: Vec<(String, String)>,
    /// Streamed `PUT` and `POST` bodies wait for `100 Continue`.
    pub expect_continue: bool,
    /// A bucket's call that fails for the wrong region is sent again to the bucket's own.
    pub redirect_regions: bool,
    /// The client makes presigned POST forms (botocore's `generate_presigned_post`), from
    /// the `CreateBucket` request, which goes to a bucket's endpoint with no key.
    pub presigned_post: bool,
}

impl Customizations {
    /// The table, by endpoint prefix: botocore 1.44.5's `_retry.json` and
    /// `retries/standard.py` for DynamoDB and DynamoDB Streams, STS's retryable
    /// `IDPCommunicationError`, API Gateway's `Accept` header (`add_accept_header`) and
    /// Glacier's API version header (`add_glacier_version`, hence `api_version`), S3's
    /// `Expect: 100-continue` for streamed uploads (`add_expect_header`), region redirects
    /// (`S3RegionRedirectorv2`) and presigned POST forms (`add_generate_presigned_post`).
    pub fn for_service(endpoint_prefix: &str, api_version: &str) -> Self {
        match endpoint_prefix {
            "dynamodb" => Customizations {
                default_max_attempts: Some(4),
                transient_backoff_base_ms: Some(25),
                check_crc32: true,
                ..Customizations::default()
            },
            "streams.dynamodb" => Customizations {
                default_max_attempts: Some(4),
                transient_backoff_base_ms: Some(25),
                ..Customizations::default()
            },
            "sts" => Customizations {
                transient_error_codes: vec!["IDPCommunicationError".to_owned()],
                ..Customizations::default()
            },
            "apigateway" => Customizations {
                default_headers: vec![("Accept".to_owned(), "application/json".to_owned())],
                ..Customizations::default()
            },
            "glacier" => Customizations {
                default_headers: vec![("x-amz-glacier-version".to_owned(), api_version.to_owned())],
                ..Customizations::default()
            },
            "s3" => Customizations {
                expect_continue: true,
                redirect_regions: true,
                presigned_post: true,
                ..Customizations::default()
            },
            _ => Customizations::default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Customizations::default()
    }

    /// The operations botocore sends unsigned whatever their model says (`handlers.py`,
    /// `disable_signing` on `choose-signer.<service>.<operation>`), by service id as botocore
    /// keys them: models before 2025 left these to the handler, later ones say `noAuth`.
    pub fn is_sent_unsigned(service_id: &str, operation: &str) -> bool {
        let operations: &[&str] = match service_id.replace(' ', "-").to_lowercase().as_str() {
            "cognito-identity" => &[
                "GetId",
                "GetOpenIdToken",
                "UnlinkIdentity",
                "GetCredentialsForIdentity",
            ],
            "sts" => &["AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"],
            _ => &[],
        };
        operations.contains(&operation)
    }

    /// botocore 1.44.5's `RetryHandler._LONG_POLLING_OPERATIONS` (`retries/standard.py`),
    /// keyed as botocore keys it, by the service id in lower case with spaces as hyphens:
    /// operations that wait server-side for work, which a client would otherwise call again
    /// at once, in a tight loop, as soon as the retry quota ran dry.
    pub fn is_long_polling(service_id: &str, operation: &str) -> bool {
        let operations: &[&str] = match service_id.replace(' ', "-").to_lowercase().as_str() {
            "sqs" => &["ReceiveMessage"],
            "sfn" => &["GetActivityTask"],
            "swf" => &["PollForActivityTask", "PollForDecisionTask"],
            "kinesis" => &["ReceiveQueueRecords", "ReceiveDeadLetterQueueRecords"],
            _ => &[],
        };
        operations.contains(&operation)
    }
}

/// How a service puts operations on the wire: where members go, how bodies are encoded,
/// how an error response names its error, and how timestamps travel when a member does not
/// say. Each AWS protocol is one combination of these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Protocol {
    pub bindings: Bindings,
    pub request_codec: Codec,
    pub response_codec: Codec,
    pub errors: ErrorRule,
    pub default_timestamp: TimestampFormat,
}

/// Where an operation's members travel besides the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bindings {
    /// REST: the operation's method and URI template; members bound to labels, the query,
    /// headers and the status code, or the whole body.
    Http,
    /// RPC: `POST /` naming the operation in `X-Amz-Target: <target_prefix>.<Operation>`;
    /// every member in the body.
    Rpc {
        /// awsJson names the operation in `X-Amz-Target`; awsQuery and ec2Query name it in
        /// the body instead, and have none.
        target_prefix: Option<String>,
        /// Send `x-amzn-query-mode: true`, as services that moved from awsQuery ask.
        query_mode: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Codec {
    /// A JSON object keyed by wire name, sent with this content type.
    Json { content_type: String },
    /// `application/x-www-form-urlencoded` pairs: `Action` (the operation), `Version` (the
    /// API version), then each member under its path (`Tags.member.1.Key`), as the dialect
    /// names paths.
    Form { dialect: QueryDialect },
    /// XML elements named by wire name: an awsQuery output inside its result wrapper, any
    /// other in the document element.
    Xml,
}

/// The two query protocols, which name form keys and place response members differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryDialect {
    /// awsQuery: keys are `locationName`s; lists are `Name.member.N` unless flattened, and
    /// an empty list is sent as `Name=`; an output sits in `<Op>Response/<Op>Result`.
    AwsQuery,
    /// ec2Query: keys are `queryName`s or capitalised `locationName`s; every list is
    /// `Name.N` and an empty one is not sent; an output is the document element.
    Ec2,
}

/// Where an error response's code comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorRule {
    /// `x-amzn-errortype`, else the body's `code`, `Code` or `__type`.
    RestJson,
    /// The body's `__type`, overridden by an `x-amzn-query-error` header.
    AwsJson {
        /// Modeled errors are matched by the `__type` (their shape names) even when the
        /// query header reports another code: SQS, as botocore's
        /// `_handle_sqs_compatible_error` arranges.
        by_shape_name: bool,
    },
    /// `<ErrorResponse><Error><Code>` (awsQuery) or `<Response><Errors><Error><Code>`
    /// (ec2Query).
    Query(QueryDialect),
    /// `<Error><Code>` or `<ErrorResponse><Error><Code>`, else the HTTP status (restXml).
    RestXml,
}

impl Protocol {
    /// restJson1.
    pub fn rest_json() -> Self {
        let json = Codec::Json {
            content_type: "application/json".to_owned(),
        };
        Protocol {
            bindings: Bindings::Http,
            request_codec: json.clone(),
            response_codec: json,
            errors: ErrorRule::RestJson,
            default_timestamp: TimestampFormat::EpochSeconds,
        }
    }

    /// awsJson 1.0 or 1.1 (`version`).
    pub fn aws_json(
        version: &str,
        target_prefix: &str,
        query_mode: bool,
        errors_by_shape_name: bool,
    ) -> Self {
        let json = Codec::Json {
            content_type: format!("application/x-amz-json-{version}"),
        };
        Protocol {
            bindings: Bindings::Rpc {
                target_prefix: Some(target_prefix.to_owned()),
                query_mode,
            },
            request_codec: json.clone(),
            response_codec: json,
            errors: ErrorRule::AwsJson {
                by_shape_name: errors_by_shape_name,
            },
            default_timestamp: TimestampFormat::EpochSeconds,
        }
    }

    /// awsQuery or ec2Query: form-encoded requests, XML responses, timestamps in ISO 8601.
    pub fn query(dialect: QueryDialect) -> Self {
        Protocol {
            bindings: Bindings::Rpc {
                target_prefix: None,
                query_mode: false,
            },
            request_codec: Codec::Form { dialect },
            response_codec: Codec::Xml,
            errors: ErrorRule::Query(dialect),
            default_timestamp: TimestampFormat::Iso8601,
        }
    }

    /// restXml: HTTP bindings, XML bodies both ways, timestamps in ISO 8601.
    pub fn rest_xml() -> Self {
        Protocol {
            bindings: Bindings::Http,
            request_codec: Codec::Xml,
            response_codec: Codec::Xml,
            errors: ErrorRule::RestXml,
            default_timestamp: TimestampFormat::Iso8601,
        }
    }

    /// Whether bodies are XML or query forms, either way.
    pub fn speaks_xml(&self) -> bool {
        [&self.request_codec, &self.response_codec]
            .iter()
            .any(|codec| matches!(codec, Codec::Form { .. } | Codec::Xml))
    }

    /// Whether members are bound to anything but the body.
    pub fn binds_http(&self) -> bool {
        self.bindings == Bindings::Http
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The model's name, e.g. `CreateDeployment`.
    pub name: String,
    /// The client method and module name, e.g. `create_deployment`.
    pub rust_name: String,
    /// The type a client method returns to send the call, e.g. `CreateDeployment`.
    pub call_name: String,
    /// The operation's error enum, e.g. `CreateDeploymentError`.
    pub error_name: String,
    pub method: String,
    pub uri: UriTemplate,
    pub success_code: u16,
    /// A synthetic structure named `<Operation>Input`, always present (empty when the model
    /// has no input), so every operation has the same shape of API.
    pub input: String,
    /// Likewise `<Operation>Output`.
    pub output: String,
    /// Error structures, in model order.
    pub errors: Vec<String>,
    pub docs: Option<String>,
    pub deprecated: bool,
    /// Put in front of the endpoint's host, e.g. `data.` or `{AccountId}.`; labels name
    /// input members.
    pub host_prefix: Option<Vec<PathPart>>,
    /// The checksum its requests carry (`httpChecksum`, `httpChecksumRequired`).
    pub request_checksum: Option<RequestChecksum>,
    /// The checksums its responses may carry, checked when the caller asks (`httpChecksum`'s
    /// `requestValidationModeMember`).
    pub response_checksum: Option<ResponseChecksum>,
    /// Bodies large enough are gzip-compressed (botocore's `requestcompression`).
    pub request_compression: bool,
    /// How its requests are signed.
    pub auth: Auth,
    /// A long-polling operation: when the retry quota refuses a retry, the call still waits
    /// out the back-off before giving up (see [`Customizations::is_long_polling`]).
    pub long_polling: bool,
    /// Sent with an `x-amz-api-version` header of this value: botocore adds the model's API
    /// version to the operation that discovers endpoints (DynamoDB's `DescribeEndpoints`).
    pub api_version_header: Option<String>,
    /// Values the operation gives the endpoint rules beyond the client's settings, so that
    /// its requests are resolved anew (e.g. DynamoDB's `ResourceArn` from `TableName`).
    pub endpoint_params: Vec<EndpointBinding>,
    /// How to page through the operation's results, when it returns them a page at a time.
    pub paginator: Option<Paginator>,
    /// awsQuery: the element of the response that holds the output's members, e.g.
    /// `GetCallerIdentityResult`.
    pub result_wrapper: Option<String>,
    /// restXml: the document element a request body's members are written in (the
    /// input's `locationName`, e.g. `CreateHostedZoneRequest`, and its namespace).
    pub input_root: Option<XmlElement>,
    /// A cross-region copy botocore presigns (see [`PresignedCopy`]).
    pub presigned_copy: Option<PresignedCopy>,
    /// Output strings S3 percent-encodes when the client asks it to, which the client
    /// decodes (see [`UrlDecodedOutput`]).
    pub url_decoded_output: Option<UrlDecodedOutput>,
    /// The request carries Glacier's body checksums (`x-amz-content-sha256` and the SHA-256
    /// tree hash) unless it sets them: `UploadArchive`, `UploadMultipartPart`
    /// (`add_glacier_checksums`).
    pub tree_hash_checksums: bool,
    /// A 200 response may hold an `<Error>` document instead of the output: S3, for every
    /// operation with an output that is not a raw (blob or string) payload
    /// (`_handle_200_error`).
    pub success_may_hold_error: bool,
    /// Line breaks in the XML body are sent as character references, so that S3's parser
    /// keeps them in object keys and rule prefixes instead of normalising them: S3
    /// `DeleteObjects` and `PutBucketLifecycleConfiguration` (`escape_xml_payload`).
    pub escape_xml_line_breaks: bool,
}

/// A request checksum, computed by the client as botocore's flexible checksums are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestChecksum {
    /// Sent whatever the client's setting (`requestChecksumRequired`, `httpChecksumRequired`).
    pub required: bool,
    /// The input member that names the caller's algorithm (`requestAlgorithmMember`), by
    /// model name; it is bound to a header.
    pub algorithm_member: Option<String>,
    /// The input's payload is a blob (botocore's `has_streaming_input`): over HTTPS the
    /// checksum goes in the body's trailer.
    pub streaming: bool,
}

/// The checksums a response may carry, and the input member that asks for them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseChecksum {
    /// The input member, bound to a header, that asks when `ENABLED`, by model name.
    pub mode_member: String,
    /// The model's `responseAlgorithms`, as it spells them (`CRC64NVME`, `SHA256`, ...).
    pub algorithms: Vec<String>,
}

/// botocore's cross-region copies (`inject_presigned_url_ec2`): when the caller leaves
/// `url_member` unset, it is filled with a presigned URL of the same request to the region
/// `source_region_member` names, and `destination_member` with the client's region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresignedCopy {
    pub url_member: String,
    pub source_region_member: String,
    pub destination_member: String,
}

impl PresignedCopy {
    /// The table, by endpoint prefix and operation: EC2's `CopySnapshot`. (RDS, Neptune and
    /// DocumentDB presign theirs differently, `inject_presigned_url_rds`.)
    pub fn for_operation(endpoint_prefix: &str, operation: &str) -> Option<Self> {
        match (endpoint_prefix, operation) {
            ("ec2", "CopySnapshot") => Some(PresignedCopy {
                url_member: "PresignedUrl".to_owned(),
                source_region_member: "SourceRegion".to_owned(),
                destination_member: "DestinationRegion".to_owned(),
            }),
            _ => None,
        }
    }
}

/// S3's listings: object keys may hold characters XML 1.0 cannot carry, so botocore asks S3
/// to percent-encode them (`EncodingType=url`, [`Transform::UrlEncodingUnlessChosen`] on the
/// input) when the caller chose no encoding, and then decodes these output members
/// (`decode_list_object`, `decode_list_object_v2`, `decode_list_object_versions`). Members
/// by model name; only those the output has are listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlDecodedOutput {
    /// The input member that chooses the encoding, and the output member that says which
    /// encoding S3 used: `EncodingType` both.
    pub encoding_member: String,
    /// Strings of the output itself.
    pub members: Vec<String>,
    /// Strings of each element of an output list: (the list member, the element's member).
    pub nested: Vec<(String, String)>,
}

impl UrlDecodedOutput {
    /// The table, by endpoint prefix and operation, before it is checked against the model.
    pub fn for_operation(endpoint_prefix: &str, operation: &str) -> Option<Self> {
        let (members, nested): (&[&str], &[(&str, &str)]) = match (endpoint_prefix, operation) {
            ("s3", "ListObjects") => (
                &["Delimiter", "Marker", "NextMarker"],
                &[("Contents", "Key"), ("CommonPrefixes", "Prefix")],
            ),
            ("s3", "ListObjectsV2") => (
                &["Delimiter", "Prefix", "StartAfter"],
                &[("Contents", "Key"), ("CommonPrefixes", "Prefix")],
            ),
            ("s3", "ListObjectVersions") => (
                &["KeyMarker", "NextKeyMarker", "Prefix", "Delimiter"],
                &[
                    ("Versions", "Key"),
                    ("DeleteMarkers", "Key"),
                    ("CommonPrefixes", "Prefix"),
                ],
            ),
            _ => return None,
        };
        Some(UrlDecodedOutput {
            encoding_member: "EncodingType".to_owned(),
            members: members.iter().map(|m| (*m).to_owned()).collect(),
            nested: nested
                .iter()
                .map(|(list, member)| ((*list).to_owned(), (*member).to_owned()))
                .collect(),
        })
    }
}

/// An XML element's name and the namespace it declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlElement {
    pub name: String,
    pub namespace: Option<XmlNamespace>,
}

/// An `xmlns` (or `xmlns:<prefix>`) declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlNamespace {
    pub prefix: Option<String>,
    pub uri: String,
}

impl XmlNamespace {
    /// The declaring attribute's name: `xmlns` or `xmlns:<prefix>`.
    pub fn attribute(&self) -> String {
        match &self.prefix {
            Some(prefix) => format!("xmlns:{prefix}"),
            None => "xmlns".to_owned(),
        }
    }
}

/// One endpoint rules' parameter an operation sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointBinding {
    /// The rules' name of the parameter, e.g. `ResourceArn`.
    pub param: String,
    pub value: EndpointValue,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointValue {
    /// The input member of this model name (`contextParam`): a string, enum or boolean.
    Member(String),
    /// A fixed value (`staticContextParams`).
    Bool(bool),
    String(String),
    /// Found in the input by an `operationContextParams` expression.
    Path(context_path::ContextPath),
}

/// botocore's pagination description of one operation, with every key resolved to members
/// of the operation's input and output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paginator {
    /// One pair per token: the input member that sends it, where the output returns it.
    pub tokens: Vec<PageToken>,
    /// The input member that caps a page's size (model name).
    pub limit_key: Option<String>,
    /// The output path of a boolean that is false on the last page.
    pub more_results: Option<MemberPath>,
    /// Where a page's results are; the first is the one a paginator's items come from.
    pub result_keys: Vec<MemberPath>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageToken {
    /// The input member (model name).
    pub input: String,
    /// Where the response has it: the first of these that is set and not empty (botocore's
    /// `A || B`, as S3's `NextMarker || Contents[-1].Key`); most tokens have one.
    pub output: Vec<TokenPath>,
}

/// Where a response returns a page token: members followed from the operation's output
/// structure, through the last element of a list where botocore's expression says `[-1]`
/// (Kinesis's `StreamDescription.Shards[-1].ShardId`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenPath(pub Vec<TokenStep>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenStep {
    /// A member of the structure reached so far (model name).
    Member(String),
    /// The last element of the list reached so far; none when the list is empty.
    Last,
}

impl TokenPath {
    /// A path of members alone, such as `DistributionList.NextMarker`.
    pub fn members(path: &[String]) -> Self {
        TokenPath(path.iter().cloned().map(TokenStep::Member).collect())
    }
}

/// botocore's spelling of the path: `StreamDescription.Shards[-1].ShardId`.
impl std::fmt::Display for TokenPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (index, step) in self.0.iter().enumerate() {
            match step {
                TokenStep::Member(name) if index == 0 => f.write_str(name)?,
                TokenStep::Member(name) => write!(f, ".{name}")?,
                TokenStep::Last => f.write_str("[-1]")?,
            }
        }
        Ok(())
    }
}

/// Members (model names) followed from an operation's output structure, e.g. `nextToken`
/// or `DistributionList.NextMarker`.
pub type MemberPath = Vec<String>;

/// A request URI such as `/apps/{appId}/branches/{branchName}?x-id=Foo`, split into path
/// segments and the literal query the template fixes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UriTemplate {
    pub path: Vec<PathPart>,
    /// Literal `k=v` (or bare `k`) pairs after `?`, in template order.
    pub query: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// A label bound to the input member with this wire name.
    Label {
        name: String,
        greedy: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// The model's name, e.g. `CreateDeploymentRequest`.
    pub name: String,
    /// The Rust type name, e.g. `CreateDeploymentInput`.
    pub rust_name: String,
    /// The module that holds the type, e.g. `job_summary` (raw for keywords: `r#type`).
    pub module_name: String,
    pub docs: Option<String>,
    pub kind: ShapeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ShapeKind {
    Structure(Structure),
    /// Exactly one of its members is set: a Rust enum with a variant per member.
    Union(Union),
    List(Collection),
    Map(MapShape),
    String(StringShape),
    Enum(EnumShape),
    Boolean,
    Integer(Range),
    Long(Range),
    Float(Range),
    Double(Range),
    Timestamp,
    Blob(BlobShape),
    Document,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Structure {
    pub members: Vec<Member>,
    pub role: StructureRole,
    /// Set on error structures.
    pub error: Option<ErrorInfo>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    pub variants: Vec<Variant>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The enum variant, e.g. `StringValue` for member `stringValue`.
    pub rust_name: String,
    /// The member, always in the body and never required.
    pub member: Member,
}

/// Where a structure stands in the API; it decides which module holds it and which
/// conversions it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StructureRole {
    Input,
    Output,
    Error,
    Nested,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The code the service sends, usually the shape name.
    pub code: String,
    /// The variant of an operation's error enum, e.g. `BadRequest`.
    pub variant_name: String,
    pub http_status: Option<u16>,
    pub fault: ErrorFault,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorFault {
    Client,
    Server,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The model's member name, e.g. `appId`.
    pub name: String,
    /// The Rust field name, e.g. `app_id`.
    pub rust_name: String,
    /// The target shape's model name.
    pub target: String,
    pub location: Location,
    pub required: bool,
    pub docs: Option<String>,
    /// The member points back at a structure that contains it, so the field is boxed.
    pub boxed: bool,
    /// Overrides the protocol's default timestamp format for this member.
    pub timestamp_format: Option<TimestampFormat>,
    pub idempotency_token: bool,
    /// A header holding a string the model marks as JSON (botocore's `jsonvalue`, Smithy's
    /// `@mediaType`): it travels base64-encoded.
    pub base64_header: bool,
    pub deprecated: bool,
    /// The member's ec2Query key, where it is not the wire name: its `queryName`, or its
    /// `locationName` capitalised.
    pub ec2_name: Option<String>,
    /// XML and query: the member's list elements or map entries repeat under the
    /// member's own name rather than nesting inside it (the member's or its target's
    /// `flattened`).
    pub flattened: bool,
    /// XML: the member is an attribute of its structure's element.
    pub xml_attribute: bool,
    /// restXml: the namespace the member's element declares (the member's, else its
    /// target's).
    pub xml_namespace: Option<XmlNamespace>,
    /// What the client does to an input member's value before sending it, as botocore
    /// does (see [`Transform`]).
    pub transform: Option<Transform>,
}

/// botocore's changes to (or checks of) an input member's value before it builds a request
/// (its `before-parameter-build` handlers, `handlers.py`), or changes to an output member's
/// after it parses one (`after-call`); see docs/CUSTOMIZATIONS.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transform {
    /// A string sent base64-encoded: EC2 `RunInstances` and Auto Scaling
    /// `CreateLaunchConfiguration` `UserData` (`base64_encode_user_data`).
    Base64,
    /// Only what follows the last `/` is sent: Route 53's ids (`fix_route53_ids`), so that
    /// `/hostedzone/Z1`, as outputs give it, can be passed on as it is.
    LastPathSegment,
    /// An output string received base64-encoded is decoded (as UTF-8, invalid bytes
    /// replaced), or kept as it came when it is not base64: EC2 `GetConsoleOutput`'s
    /// `Output` (`decode_console_output`).
    DecodeBase64,
    /// An output string holding JSON (percent-encoded first, when `percent_encoded`) is a
    /// document, parsed; one that does not parse is a string document as it came. The
    /// member targets a document shape. IAM's policy documents (`json_decode_policies`),
    /// CloudFormation `GetTemplate`'s `TemplateBody` (`json_decode_template_body`).
    DecodeJson { percent_encoded: bool },
    /// The output member is the text of the response document's own element, which the
    /// model cannot describe: S3 `GetBucketLocation`'s `LocationConstraint`
    /// (`parse_get_bucket_location`). Empty text is no value.
    RootText,
    /// An unset input member is sent as `url`: S3's listings ask for percent-encoded keys
    /// unless the caller chose an encoding (`set_list_objects_encoding_type_url`; see
    /// [`UrlDecodedOutput`]).
    UrlEncodingUnlessChosen,
    /// S3's `CopySource` (`bucket/key`, optionally `?versionId=…`): everything before the
    /// version id is percent-encoded but for `/`, as botocore's `handle_copy_source_param`
    /// encodes it, so that keys with spaces or non-ASCII characters name the right object.
    QuotedCopySource,
    /// An SSE-C customer key: the member holds the raw key bytes (it is retargeted to a
    /// sensitive blob) and is sent base64-encoded, as botocore's `sse_md5` sends a key given
    /// as bytes.
    CustomerKey,
    /// The MD5 of the SSE-C key beside it (the member named like this one without `MD5`):
    /// computed and sent base64-encoded when the caller gives none (`sse_md5`).
    CustomerKeyMd5,
    /// A map of user metadata whose keys and values must be ASCII: anything else is refused
    /// before sending, as botocore's `validate_ascii_metadata` refuses it.
    AsciiOnly,
}

impl Transform {
    /// The table for input members, by endpoint prefix, operation and member (with the
    /// member's target shape, which Route 53's rule names).
    pub fn for_member(
        endpoint_prefix: &str,
        operation: &str,
        member: &str,
        target: &str,
    ) -> Option<Self> {
        match (endpoint_prefix, operation, member) {
            ("ec2", "RunInstances", "UserData")
            | ("autoscaling", "CreateLaunchConfiguration", "UserData") => Some(Transform::Base64),
            ("route53", _, _)
                if ["ResourceId", "DelegationSetId", "ChangeId"].contains(&target) =>
            {
                Some(Transform::LastPathSegment)
            }
            ("s3", "ListObjects" | "ListObjectsV2" | "ListObjectVersions", "EncodingType") => {
                Some(Transform::UrlEncodingUnlessChosen)
            }
            ("s3", "CopyObject" | "UploadPartCopy", "CopySource") => {
                Some(Transform::QuotedCopySource)
            }
            // Every operation with a key, not only the nine botocore lists: one type for the
            // key throughout. (An MD5 with no key beside it, as `WriteGetObjectResponse`
            // forwards, loses the mark in `passes::mark_transforms`.)
            ("s3", _, "SSECustomerKey" | "CopySourceSSECustomerKey") => {
                Some(Transform::CustomerKey)
            }
            ("s3", _, "SSECustomerKeyMD5" | "CopySourceSSECustomerKeyMD5") => {
                Some(Transform::CustomerKeyMd5)
            }
            ("s3", "PutObject" | "CopyObject" | "CreateMultipartUpload", "Metadata") => {
                Some(Transform::AsciiOnly)
            }
            _ => None,
        }
    }

    /// What a member's documentation adds where the client changes what the model says
    /// the caller gives.
    pub fn doc_note(self) -> Option<&'static str> {
        match self {
            Transform::QuotedCopySource => Some(
                "The client percent-encodes the key (all but <code>/</code>), as botocore \
                 does: give it as it is named, not encoded.",
            ),
            Transform::CustomerKey => Some(
                "The raw key: the client sends it base64-encoded, and its MD5 when none is \
                 given.",
            ),
            Transform::CustomerKeyMd5 => {
                Some("Computed from the key when not given: there is no need to set it.")
            }
            _ => None,
        }
    }

    /// The table for output members, by endpoint prefix, operation and member.
    pub fn for_output_member(endpoint_prefix: &str, operation: &str, member: &str) -> Option<Self> {
        match (endpoint_prefix, operation, member) {
            ("ec2", "GetConsoleOutput", "Output") => Some(Transform::DecodeBase64),
            ("s3", "GetBucketLocation", "LocationConstraint") => Some(Transform::RootText),
            _ => None,
        }
    }
}

/// How an operation's requests are signed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Auth {
    #[default]
    SigV4,
    /// SigV4 with `X-Amz-Content-SHA256: UNSIGNED-PAYLOAD` in place of the body's hash
    /// (botocore's `v4-unsigned-body`, Smithy's `aws.auth#unsignedPayload`).
    SigV4UnsignedPayload,
    /// Not signed (`authtype: none`, or `smithy.api#noAuth` first in `auth`).
    None,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// In the body under this wire name.
    Body(String),
    Label(String),
    Query(String),
    /// A map member whose entries become query parameters.
    QueryMap,
    Header(String),
    /// A map member whose entries become headers with this prefix.
    PrefixHeaders(String),
    /// The member is the whole body; a structure payload in XML is the element of this
    /// name (the member's `locationName`, else its target's, else the member's name).
    Payload(String),
    /// The HTTP status code of the response.
    StatusCode,
    /// Nowhere in the request itself: the member is a value for the endpoint rules, which
    /// place it (S3's `Bucket`, in the host or the path).
    Endpoint,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    Iso8601,
    HttpDate,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Collection {
    pub member: String,
    pub sparse: bool,
    pub length: Range,
    /// XML and query: the name of each element (`locationName`), `member` when unset.
    pub member_name: Option<String>,
    /// restXml: the namespace each element declares.
    pub member_namespace: Option<XmlNamespace>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapShape {
    pub key: String,
    pub value: String,
    pub sparse: bool,
    pub length: Range,
    /// XML and query: the names of each entry's key and value, `key` and `value` when unset.
    pub key_name: Option<String>,
    pub value_name: Option<String>,
    /// restXml: the namespaces each entry's key and value declare.
    pub key_namespace: Option<XmlNamespace>,
    pub value_namespace: Option<XmlNamespace>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StringShape {
    pub length: Range,
    pub pattern: Option<pattern::Pattern>,
    pub sensitive: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumShape {
    pub values: Vec<EnumValue>,
    pub sensitive: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    pub value: String,
    pub rust_name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BlobShape {
    pub streaming: bool,
    pub sensitive: bool,
}

/// A model's `min`/`max` (a length for strings and collections, a value for numbers).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Range {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Service {
    /// The member of an operation output whose payload is a `streaming` blob (S3's
    /// `GetObject` body): it is handed to the caller as a stream, unread, rather than read
    /// whole with the rest of the response.
    pub fn streamed_output_payload<'a>(&self, structure: &'a Structure) -> Option<&'a Member> {
        self.streamed_payload(structure, StructureRole::Output)
    }

    /// The member of an operation input whose payload is a `streaming` blob (S3's
    /// `PutObject` body): the caller may give it as a file or a reader, sent a piece at a
    /// time.
    pub fn streamed_input_payload<'a>(&self, structure: &'a Structure) -> Option<&'a Member> {
        self.streamed_payload(structure, StructureRole::Input)
    }

    fn streamed_payload<'a>(
        &self,
        structure: &'a Structure,
        role: StructureRole,
    ) -> Option<&'a Member> {
        if structure.role != role {
            return None;
        }
        structure
            .members
            .iter()
            .find(|member| self.is_streamed_payload(member))
    }

    /// Whether the member is its structure's payload and a `streaming` blob.
    pub fn is_streamed_payload(&self, member: &Member) -> bool {
        matches!(member.location, Location::Payload(_))
            && matches!(
                self.shape(&member.target).kind,
                ShapeKind::Blob(BlobShape {
                    streaming: true,
                    ..
                })
            )
    }

    /// Whether a missing value of the member's type can fall back to `Default::default()`,
    /// as the official SDKs correct a required member the service left out: zero, empty,
    /// the epoch, `null`, an enum's or union's `Unknown("")`, or a structure whose required
    /// members all have defaults of their own (so, corrected all the way down). A boxed
    /// member closes a cycle and has none.
    pub fn has_default(&self, member: &Member) -> bool {
        self.member_has_default(member, &mut Vec::new())
    }

    /// [`has_default`](Self::has_default), with the structures already being asked about:
    /// one met again is part of a cycle that boxing has yet to break, and has none.
    fn member_has_default<'a>(&'a self, member: &'a Member, asking: &mut Vec<&'a str>) -> bool {
        if member.boxed || asking.contains(&member.target.as_str()) {
            return false;
        }
        match &self.shape(&member.target).kind {
            ShapeKind::Structure(structure) => {
                asking.push(&member.target);
                let all = structure
                    .members
                    .iter()
                    .filter(|m| m.required)
                    .all(|m| self.member_has_default(m, asking));
                asking.pop();
                all
            }
            _ => true,
        }
    }

    /// Whether a structure's type implements `Default`: every member optional, or, for one
    /// the client reads from responses, every required member defaultable.
    pub fn structure_has_default(&self, structure: &Structure, deserialized: bool) -> bool {
        let mut required = structure.members.iter().filter(|m| m.required).peekable();
        required.peek().is_none() || (deserialized && required.all(|m| self.has_default(m)))
    }

    pub fn shape(&self, name: &str) -> &Shape {
        &self.shapes[name]
    }

    pub fn structure(&self, name: &str) -> &Structure {
        match &self.shape(name).kind {
            ShapeKind::Structure(structure) => structure,
            other => panic!("shape `{name}` is a {other:?}, not a structure"),
        }
    }

    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.name == name)
    }
}

impl Operation {
    /// The operation module's file, e.g. `create_deployment.rs`.
    pub fn file_name(&self) -> String {
        file_name(&self.rust_name)
    }
}

/// A module's file: a raw identifier (`r#type`) lives in `type.rs`.
fn file_name(module: &str) -> String {
    format!("{}.rs", module.trim_start_matches("r#"))
}

impl Shape {
    /// The file of the module holding the type, e.g. `job_summary.rs`.
    pub fn file_name(&self) -> String {
        file_name(&self.module_name)
    }

    /// A structure's members or a union's variants' members; nothing for other shapes.
    pub fn members(&self) -> Vec<&Member> {
        match &self.kind {
            ShapeKind::Structure(structure) => structure.members.iter().collect(),
            ShapeKind::Union(union) => union.variants.iter().map(|v| &v.member).collect(),
            _ => Vec::new(),
        }
    }

    /// The shapes its members, elements, keys and values point at.
    pub fn targets(&self) -> Vec<String> {
        match &self.kind {
            ShapeKind::List(list) => vec![list.member.clone()],
            ShapeKind::Map(map) => vec![map.key.clone(), map.value.clone()],
            _ => self
                .members()
                .into_iter()
                .map(|m| m.target.clone())
                .collect(),
        }
    }

    /// What an error structure's code and variant are.
    pub fn error_info(&self) -> &ErrorInfo {
        match &self.kind {
            ShapeKind::Structure(Structure {
                error: Some(info), ..
            }) => info,
            _ => panic!("shape `{}` is not an error structure", self.name),
        }
    }

    pub fn is_sensitive(&self) -> bool {
        match &self.kind {
            ShapeKind::String(s) => s.sensitive,
            ShapeKind::Enum(e) => e.sensitive,
            ShapeKind::Blob(b) => b.sensitive,
            _ => false,
        }
    }
}

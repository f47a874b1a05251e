//! The Smithy reader, one construct at a time: small Smithy JSON AST models (in
//! `tests/smithy/`) and the IR each must give.

use std::path::Path;

use awsgen_codegen::ir::{
    EnumValue, ErrorFault, Location, Operation, PathPart, Range, Service, Shape, ShapeKind,
    StringShape, Structure, TimestampFormat,
};
use awsgen_codegen::{Error, ModelFormat, botocore_service, smithy_service};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/smithy")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> Service {
    smithy_service(name, &fixture(name), None).unwrap_or_else(|e| panic!("{e}"))
}

fn operation<'a>(service: &'a Service, name: &str) -> &'a Operation {
    service
        .operation(name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

fn shape<'a>(service: &'a Service, name: &str) -> &'a Shape {
    service
        .shapes
        .get(name)
        .unwrap_or_else(|| panic!("no shape {name}"))
}

fn structure<'a>(service: &'a Service, name: &str) -> &'a Structure {
    match &shape(service, name).kind {
        ShapeKind::Structure(structure) => structure,
        other => panic!("{name} is a {other:?}"),
    }
}

/// (member name, location, required) of a structure, in model order.
fn locations(service: &Service, name: &str) -> Vec<(String, Location, bool)> {
    structure(service, name)
        .members
        .iter()
        .map(|m| (m.name.clone(), m.location.clone(), m.required))
        .collect()
}

fn label(name: &str, greedy: bool) -> PathPart {
    PathPart::Label {
        name: name.to_owned(),
        greedy,
    }
}

fn literal(text: &str) -> PathPart {
    PathPart::Literal(text.to_owned())
}

#[test]
fn labels_bind_members_and_a_plus_makes_a_label_greedy() {
    let service = read("labels.json");
    let op = operation(&service, "GetObject");
    assert_eq!(op.method, "GET");
    assert_eq!(
        op.uri.path,
        vec![
            literal("/buckets/"),
            label("bucket", false),
            literal("/objects/"),
            label("key", true),
        ]
    );
    assert_eq!(
        op.uri.query,
        vec![("x-id".to_owned(), Some("GetObject".to_owned()))]
    );
    assert_eq!(
        locations(&service, "GetObjectInput"),
        vec![
            ("bucket".into(), Location::Label("bucket".into()), true),
            ("key".into(), Location::Label("key".into()), true),
        ]
    );
    // `smithy.api#Unit` output: the synthetic output is empty.
    assert!(structure(&service, "GetObjectOutput").members.is_empty());
}

#[test]
fn query_members_and_query_param_maps() {
    let service = read("query.json");
    assert_eq!(
        locations(&service, "ListObjectsInput"),
        vec![
            (
                "maxItems".into(),
                Location::Query("max-items".into()),
                false
            ),
            ("tags".into(), Location::Query("tag".into()), false),
            ("filters".into(), Location::QueryMap, false),
        ]
    );
    assert_eq!(
        shape(&service, "MaxItems").kind,
        ShapeKind::Integer(Range {
            min: Some(1.0),
            max: Some(1000.0)
        })
    );
}

/// `@paginated` on an operation, completed by the service's, pages like the
/// `paginators-1.json` botocore keeps beside its model.
#[test]
fn paginated_operations_get_paginators() {
    let service = read("paginated.json");
    let list = service.operation("ListObjects").unwrap();
    let paginator = list.paginator.as_ref().expect("ListObjects pages");
    assert_eq!(paginator.tokens.len(), 1);
    assert_eq!(paginator.limit_key.as_deref(), Some("maxItems"));
    assert_eq!(paginator.result_keys.len(), 1);
    assert!(service.operation("GetObject").unwrap().paginator.is_none());
}

#[test]
fn headers_and_prefix_headers() {
    let service = read("headers.json");
    assert_eq!(
        locations(&service, "HeadObjectInput"),
        vec![(
            "owner".into(),
            Location::Header("X-Amz-Owner".into()),
            false
        )]
    );
    assert_eq!(
        locations(&service, "HeadObjectOutput"),
        vec![
            (
                "metadata".into(),
                Location::PrefixHeaders("x-amz-meta-".into()),
                false
            ),
            (
                "lastModified".into(),
                Location::Header("Last-Modified".into()),
                false
            ),
        ]
    );
    // Prelude targets keep their names without the namespace, as botocore's do.
    let output = structure(&service, "HeadObjectOutput");
    assert_eq!(output.members[1].target, "Timestamp");
    assert_eq!(shape(&service, "Timestamp").kind, ShapeKind::Timestamp);
}

#[test]
fn payload_response_code_and_success_code() {
    let service = read("payload.json");
    assert_eq!(operation(&service, "PutObject").success_code, 201);
    assert_eq!(
        locations(&service, "PutObjectInput"),
        vec![("body".into(), Location::Payload("body".into()), false)]
    );
    assert_eq!(
        locations(&service, "PutObjectOutput"),
        vec![("status".into(), Location::StatusCode, false)]
    );
    match &shape(&service, "Body").kind {
        ShapeKind::Blob(blob) => assert!(blob.streaming && blob.sensitive),
        other => panic!("Body is a {other:?}"),
    }
}

#[test]
fn errors_carry_status_and_fault_and_service_errors_follow_the_operations() {
    let service = read("errors.json");
    let op = operation(&service, "DeleteObject");
    assert_eq!(
        op.errors,
        vec!["NoSuchObject", "InternalError", "ThrottlingException"]
    );
    assert_eq!(op.success_code, 204);
    assert!(structure(&service, &op.input).members.is_empty());
    let info = |name: &str| {
        let info = shape(&service, name).error_info();
        (info.code.clone(), info.http_status, info.fault)
    };
    assert_eq!(
        info("NoSuchObject"),
        ("NoSuchObject".into(), Some(404), ErrorFault::Client)
    );
    assert_eq!(
        info("InternalError"),
        ("InternalError".into(), None, ErrorFault::Server)
    );
    assert_eq!(
        info("ThrottlingException"),
        ("ThrottlingException".into(), Some(429), ErrorFault::Client)
    );
}

#[test]
fn json_names_timestamp_formats_tokens_and_botocore_required_semantics() {
    let service = read("json_name.json");
    let input = structure(&service, "CreateBucketInput");
    let member = |name: &str| input.members.iter().find(|m| m.name == name).unwrap();

    assert_eq!(
        member("bucketName").location,
        Location::Body("BucketName".into())
    );
    assert!(member("bucketName").required);
    assert_eq!(
        member("expires").timestamp_format,
        Some(TimestampFormat::EpochSeconds)
    );
    // The format of the target shape applies when the member sets none.
    assert_eq!(
        member("created").timestamp_format,
        Some(TimestampFormat::HttpDate)
    );
    assert!(member("clientToken").idempotency_token);
    assert!(member("legacy").deprecated);
    // A default does not make a member required: botocore keeps it optional.
    assert!(!member("versioned").required);
    assert_eq!(member("versioned").target, "PrimitiveBoolean");
    assert_eq!(shape(&service, "PrimitiveBoolean").kind, ShapeKind::Boolean);
    assert!(member("copies").required);
}

#[test]
fn enum_shapes_int_enums_and_the_enum_trait() {
    let service = read("enums.json");
    let values = |name: &str| match &shape(&service, name).kind {
        ShapeKind::Enum(e) => e.values.clone(),
        other => panic!("{name} is a {other:?}"),
    };
    let value = |value: &str, rust_name: &str| EnumValue {
        value: value.to_owned(),
        rust_name: rust_name.to_owned(),
    };
    assert_eq!(
        values("Tier"),
        vec![
            value("standard", "Standard"),
            value("infrequent-access", "InfrequentAccess"),
            // No `@enumValue`: the member's name is the value.
            value("GLACIER", "Glacier"),
        ]
    );
    assert_eq!(
        values("Region"),
        vec![value("eu-west-1", "EuWest1"), value("us-east-1", "UsEast1")]
    );
    // botocore has no integer enums: an intEnum is an integer.
    assert_eq!(
        shape(&service, "Priority").kind,
        ShapeKind::Integer(Range::default())
    );
}

#[test]
fn apply_statements_add_traits_to_members() {
    let service = read("apply.json");
    let input = structure(&service, "GetBucketInput");
    assert_eq!(input.members[0].location, Location::Label("name".into()));
    assert!(input.members[0].required);
    assert_eq!(input.members[0].docs.as_deref(), Some("The bucket's name."));
    assert_eq!(
        operation(&service, "GetBucket").uri.path,
        vec![literal("/buckets/"), label("name", false)]
    );
    match &shape(&service, "Tags").kind {
        ShapeKind::List(list) => assert_eq!(list.length.max, Some(10.0)),
        other => panic!("Tags is a {other:?}"),
    }
}

#[test]
fn operations_are_reached_through_resources_too() {
    let service = read("resources.json");
    let names: Vec<&str> = service
        .operations
        .iter()
        .map(|op| op.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "DeleteObjects",
            "EmptyBucket",
            "GetBucket",
            "ListBuckets",
            "Ping",
            "PutObject"
        ]
    );
}

#[test]
fn service_traits_give_the_metadata_and_rename_settles_a_name_clash() {
    let service = read("service.json");
    assert_eq!(service.meta.service_id, "Simple Storage");
    assert_eq!(service.meta.full_name, "Example Simple Storage");
    assert_eq!(service.meta.api_version, "2024-01-01");
    assert_eq!(service.meta.endpoint_prefix, "store");
    assert_eq!(service.meta.signing_name, "storage-signing");
    assert_eq!(service.docs.as_deref(), Some("<p>Stores things.</p>"));

    let op = operation(&service, "Describe");
    assert!(op.deprecated);
    assert_eq!(op.docs.as_deref(), Some("<p>Describes.</p>"));

    // `Details` is Describe's output; the other namespace's `Details` is renamed.
    let details = structure(&service, "DescribeOutput");
    assert_eq!(details.members[1].target, "OtherDetails");
    assert!(service.shapes.contains_key("OtherDetails"));

    let text = shape(&service, "Text");
    assert_eq!(text.docs.as_deref(), Some("<p>Some text.</p>"));
    assert_eq!(
        text.kind,
        ShapeKind::String(StringShape {
            length: Range {
                min: Some(1.0),
                max: Some(64.0)
            },
            pattern: Some(awsgen_codegen::ir::pattern::Pattern::parse("^[a-z]+$")),
            sensitive: true,
        })
    );
}

/// Constructs the botocore lowering decides about (supports, or refuses with a reason) must
/// come out of a Smithy model exactly as out of the botocore model it stands for.
#[test]
fn smithy_constructs_lower_exactly_as_their_botocore_form() {
    for construct in [
        "union",
        "document",
        "event_stream",
        "host_prefix",
        "header_list",
        "json_header",
        // Member constraints become shapes named as botocore names them; a service's own
        // `String` and the prelude's are one.
        "member_constraints",
        // awsJson sends `POST /` with every member in the body, whatever `@http` says.
        "rpc_ignores_http",
        // awsQuery: `@xmlName` and `@xmlFlattened` become botocore's `locationName` and
        // `flattened`, `@awsQueryError` the error's code, and outputs get result wrappers.
        "query_names",
        // restXml: an input with body members is written in an element of its name that
        // declares the service's namespace; `@xmlAttribute` is kept.
        "rest_xml_bodies",
    ] {
        let smithy = fixture(&format!("same_as_botocore/{construct}.smithy.json"));
        let botocore = fixture(&format!("same_as_botocore/{construct}.botocore.json"));
        let from_smithy = smithy_service("model.json", &smithy, None);
        let from_botocore = botocore_service("model.json", &botocore, None);
        assert_eq!(
            format!("{from_smithy:#?}"),
            format!("{from_botocore:#?}"),
            "{construct}"
        );
    }
}

/// A model with the service, an operation `Op` whose input is `com.example#In`, and
/// `shapes` (JSON object entries) spliced in.
fn model_with(shapes: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "com.example#Service": {{"type": "service", "version": "1",
                "operations": [{{"target": "com.example#Op"}}],
                "traits": {{"aws.api#service": {{"sdkId": "X"}}, "aws.auth#sigv4": {{"name": "x"}},
                    "aws.protocols#restJson1": {{}}}}}},
            "com.example#Op": {{"type": "operation", "input": {{"target": "com.example#In"}},
                "traits": {{"smithy.api#http": {{"method": "POST", "uri": "/"}}}}}},
            {shapes}}}}}"#
    )
}

fn error_of(text: &str) -> String {
    match smithy_service("model.json", text, None) {
        Ok(service) => panic!("read without error: {service:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn a_malformed_model_names_the_file_and_the_json_path() {
    let text =
        model_with(r#""com.example#In": {"type": "structure", "members": {"a": {"target": 7}}}"#);
    let message = error_of(&text);
    assert!(
        message.starts_with("model.json at `shapes.com.example#In.members.a.target`"),
        "{message}"
    );

    let text = model_with(r#""com.example#In": {"type": "struct"}"#);
    let message = error_of(&text);
    assert!(
        message.starts_with("model.json at `shapes.com.example#In.type`: unknown variant `struct`"),
        "{message}"
    );
}

#[test]
fn a_malformed_trait_value_names_its_json_path() {
    let text = model_with(
        r#""com.example#In": {"type": "structure", "members": {"limit": {
            "target": "smithy.api#Integer", "traits": {"smithy.api#httpQuery": 5}}}}"#,
    );
    let message = error_of(&text);
    assert!(
        message.starts_with(
            "model.json at `shapes.com.example#In.members.limit.traits.smithy.api#httpQuery`"
        ),
        "{message}"
    );

    let text = model_with(
        r#""com.example#In": {"type": "structure", "members": {},
            "traits": {"smithy.api#length": {"min": "one"}}}"#,
    );
    let message = error_of(&text);
    assert!(
        message.starts_with("model.json at `shapes.com.example#In.traits.smithy.api#length.min`"),
        "{message}"
    );
}

#[test]
fn unknown_traits_are_ignored() {
    let text = model_with(
        r#""com.example#In": {"type": "structure", "members": {},
            "traits": {"com.example#audited": {"level": [1, 2]}, "smithy.api#tags": ["x"]}}"#,
    );
    let service = smithy_service("model.json", &text, None).unwrap();
    assert!(structure(&service, "OpInput").members.is_empty());
}

#[test]
fn the_idl_version_must_be_one_awsgen_reads() {
    let text = model_with(r#""com.example#In": {"type": "structure"}"#).replacen(
        r#""smithy": "2.0""#,
        r#""smithy": "3.0""#,
        1,
    );
    let message = error_of(&text);
    assert!(message.starts_with("model.json at `smithy`"), "{message}");
}

#[test]
fn an_unsupported_construct_names_the_shape() {
    let text = model_with(
        r#""com.example#In": {"type": "structure", "members": {"n": {"target": "com.example#Big"}}},
           "com.example#Big": {"type": "bigDecimal"}"#,
    );
    let message = error_of(&text);
    assert!(
        message.contains("`Big`") && message.contains("bigDecimal"),
        "{message}"
    );

    let text = model_with(
        r#""com.example#In": {"type": "structure", "mixins": [{"target": "com.example#Base"}]},
           "com.example#Base": {"type": "structure", "traits": {"smithy.api#mixin": {}}}"#,
    );
    let message = error_of(&text);
    assert!(
        message.contains("`com.example#In`") && message.contains("mixin"),
        "{message}"
    );
}

/// A service's own `String` is one with the prelude's only when botocore could not tell them
/// apart; one that constrains its values is a different shape under the same name.
#[test]
fn a_service_shape_that_differs_from_the_prelude_shape_of_its_name_is_a_clash() {
    let text = model_with(
        r#""com.example#In": {"type": "structure", "members": {
                "a": {"target": "smithy.api#String"}, "b": {"target": "com.example#String"}}},
           "com.example#String": {"type": "string", "traits": {"smithy.api#length": {"max": 3}}}"#,
    );
    assert_eq!(
        error_of(&text),
        "model.json: `smithy.api#String`: it and `com.example#String` would both be named \
         `String`; the service's `rename` can tell them apart"
    );
}

#[test]
fn contradictions_name_the_shape_or_member() {
    let cases = [
        (
            r#""com.example#In": {"type": "structure", "members": {"a": {"target": "com.example#Gone"}}}"#,
            "`com.example#In$a`: refers to `com.example#Gone`, which this file does not define",
        ),
        (
            r#""com.example#In": {"type": "structure", "members": {"a": {"target": "smithy.api#String",
                "traits": {"smithy.api#httpHeader": "A", "smithy.api#httpQuery": "a"}}}}"#,
            "`com.example#In$a`: the member has more than one HTTP binding trait",
        ),
        (
            r#""com.example#In": {"type": "structure", "members": {
                "a": {"target": "com.example#Thing"}, "b": {"target": "com.other#Thing"}}},
               "com.example#Thing": {"type": "string"}, "com.other#Thing": {"type": "string"}"#,
            "would both be named `Thing`",
        ),
        (
            r#""com.example#In": {"type": "structure", "members": {"a": {"target": "smithy.api#String",
                "traits": {"smithy.api#documentation": "A."}}}},
               "com.example#In$a": {"type": "apply", "traits": {"smithy.api#documentation": "B."}}"#,
            "`com.example#In$a`: `smithy.api#documentation` is applied with a value that conflicts",
        ),
        (
            r#""com.example#In": {"type": "structure"},
               "com.example#In$missing": {"type": "apply", "traits": {}}"#,
            "`com.example#In$missing`: an `apply` statement names a shape or member",
        ),
        (
            r#""com.example#In": {"type": "structure"},
               "com.example#Other": {"type": "service", "version": "1"}"#,
            "a model with several services",
        ),
    ];
    for (shapes, expected) in cases {
        let message = error_of(&model_with(shapes));
        assert!(
            message.contains(expected),
            "{message}\nexpected: {expected}"
        );
        assert!(message.starts_with("model.json: "), "{message}");
    }
}

#[test]
fn a_rest_json_operation_needs_the_http_trait() {
    let text = model_with(r#""com.example#In": {"type": "structure"}"#).replace(
        r#""traits": {"smithy.api#http": {"method": "POST", "uri": "/"}}"#,
        r#""traits": {}"#,
    );
    let message = error_of(&text);
    assert!(
        message.contains("`com.example#Op`") && message.contains("smithy.api#http"),
        "{message}"
    );
}

#[test]
fn the_format_is_told_by_the_top_level_keys() {
    let smithy = fixture("labels.json");
    assert_eq!(
        ModelFormat::detect("a.json", &smithy).unwrap(),
        ModelFormat::Smithy
    );
    let botocore = fixture("same_as_botocore/union.botocore.json");
    assert_eq!(
        ModelFormat::detect("b.json", &botocore).unwrap(),
        ModelFormat::Botocore
    );
    let error = ModelFormat::detect("c.json", r#"{"shapes": {}}"#).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("c.json: neither a botocore model"),
        "{error}"
    );
    assert_eq!("smithy".parse::<ModelFormat>(), Ok(ModelFormat::Smithy));
    assert!("openapi".parse::<ModelFormat>().is_err());
}

#[test]
fn errors_are_reported_through_the_common_error_type() {
    // A malformed model is an `Error::Model` with the path, like botocore's.
    let error = smithy_service("model.json", "{\"smithy\": 2}", None).unwrap_err();
    assert!(
        matches!(error, Error::Model(ref e) if e.path == "smithy"),
        "{error}"
    );
}

#[test]
fn a_model_without_a_service_is_refused() {
    let text = r#"{"smithy": "2.0", "shapes": {"com.example#In": {"type": "structure"}}}"#;
    assert_eq!(
        error_of(text),
        "model.json: `shapes`: the model defines no service shape"
    );
}

//! botocore `service-2.json` → IR.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Error;
use crate::names;
use crate::reader::botocore as model;

use super::context_path::{self, ContextPath};
use super::{
    Auth, BlobShape, Collection, EndpointBinding, EndpointValue, EnumShape, EnumValue, ErrorFault,
    ErrorInfo, Location, MapShape, Member, Operation, PathPart, Protocol, QueryDialect, Range,
    RequestChecksum, ResponseChecksum, Service, ServiceMeta, Shape, ShapeKind, Signing,
    StringShape, Structure, StructureRole, TimestampFormat, Union, UriTemplate, UrlDecodedOutput,
    Variant, XmlElement, XmlNamespace, endpoint, passes,
};

/// Normalizes a parsed botocore model; `file` names it in errors.
pub fn from_botocore(file: &str, model: &model::ServiceModel) -> Result<Service, Error> {
    let mut lowering = Lowering {
        file,
        model,
        binds_http: true,
        xml: false,
        ec2: false,
    };
    let protocol = lowering.protocol()?;
    lowering.binds_http = protocol.binds_http();
    lowering.xml = protocol.speaks_xml();
    lowering.ec2 = protocol.request_codec
        == (super::Codec::Form {
            dialect: QueryDialect::Ec2,
        });
    lowering.service()
}

/// The name of the protocol botocore would speak to a service: the first of its metadata's
/// `protocols` in botocore's order of preference (json, rest-json, rest-xml,
/// smithy-rpc-v2-cbor, query, ec2), or its `protocol` when it lists none of those. Public so
/// that a tool can sort models by protocol, refused ones included, as the generator does.
pub fn chosen_protocol(metadata: &model::Metadata) -> &str {
    const PREFERENCE: &[&str] = &[
        "json",
        "rest-json",
        "rest-xml",
        "smithy-rpc-v2-cbor",
        "query",
        "ec2",
    ];
    PREFERENCE
        .iter()
        .find(|p| metadata.protocols.iter().any(|listed| listed == *p))
        .copied()
        .unwrap_or(metadata.protocol.as_str())
}

struct Lowering<'a> {
    file: &'a str,
    model: &'a model::ServiceModel,
    /// The protocol binds members to HTTP (REST) rather than carrying them all in the body.
    binds_http: bool,
    /// Bodies are XML or query forms, which the model's XML names and flattening shape;
    /// the JSON protocols ignore them (botocore's models of services that moved from
    /// awsQuery still carry them).
    xml: bool,
    /// ec2Query, whose form keys are members' `queryName`s.
    ec2: bool,
}

impl Lowering<'_> {
    fn service(&self) -> Result<Service, Error> {
        let meta = &self.model.metadata;
        let protocol = self.protocol()?;
        self.check_references()?;
        self.check_operation_shapes()?;
        let signing = match meta.signature_version.as_str() {
            "v4" => Signing::SigV4,
            // With endpoint rules choosing the scheme, botocore signs both with
            // `S3SigV4Auth`; `s3` names the SigV2-era signer it keeps only for presigned
            // URLs in old regions, which awsgen does not copy.
            "s3" | "s3v4" => Signing::S3,
            other => {
                return Err(
                    self.unsupported(&meta.service_id, format!("signature version `{other}`"))
                );
            }
        };

        let mut shapes = BTreeMap::new();
        let mut operations = Vec::new();
        let mut omitted = Vec::new();
        for (name, op) in &self.model.operations {
            if let Some(stream) = self.event_stream_of(op) {
                omitted.push(super::OmittedOperation {
                    name: name.clone(),
                    reason: format!(
                        "it streams events (`{stream}`), which awsgen does not support yet"
                    ),
                });
                continue;
            }
            let operation = self.operation(name, op)?;
            let input =
                self.synthetic(op.input.as_ref(), &operation.input, StructureRole::Input)?;
            let output =
                self.synthetic(op.output.as_ref(), &operation.output, StructureRole::Output)?;
            shapes.insert(operation.input.clone(), input);
            shapes.insert(operation.output.clone(), output);
            for error in &operation.errors {
                let shape = self.shape(error, StructureRole::Error)?;
                shapes.insert(error.clone(), shape);
            }
            operations.push(operation);
        }
        self.add_reachable(&mut shapes)?;

        let mut service = Service {
            meta: ServiceMeta {
                service_id: meta.service_id.clone(),
                full_name: meta.service_full_name.clone(),
                api_version: meta.api_version.clone(),
                protocol,
                signing_name: meta
                    .signing_name
                    .clone()
                    .unwrap_or_else(|| meta.endpoint_prefix.clone()),
                signing,
                endpoint_prefix: meta.endpoint_prefix.clone(),
                customizations: super::Customizations::for_service(
                    &meta.endpoint_prefix,
                    &meta.api_version,
                ),
            },
            docs: self.model.documentation.clone(),
            operations,
            shapes,
            endpoint: endpoint::standard_rules(&meta.endpoint_prefix)?,
            omitted,
        };
        passes::let_endpoint_rules_place_members(&mut service);
        passes::bind_customized_endpoint_params(&mut service);
        passes::check_labels(self.file, &service)?;
        passes::check_checksum_members(self.file, &service)?;
        passes::avoid_shape_names(&mut service);
        passes::check_names(self.file, &service)?;
        passes::check_nested_errors(self.file, &service)?;
        passes::box_recursive_members(&mut service);
        passes::relax_error_members(&mut service);
        passes::mark_transforms(&mut service);
        passes::mark_json_documents(&mut service);
        Ok(service)
    }

    /// The first event-stream shape the operation's input or output reaches, if any.
    fn event_stream_of(&self, op: &model::Operation) -> Option<String> {
        let mut seen = BTreeSet::new();
        let mut pending: Vec<&str> = [&op.input, &op.output]
            .into_iter()
            .flatten()
            .map(|r| r.shape.as_str())
            .collect();
        while let Some(name) = pending.pop() {
            if !seen.insert(name) {
                continue;
            }
            let Some(shape) = self.model.shapes.get(name) else {
                continue;
            };
            if shape.eventstream {
                return Some(name.to_owned());
            }
            pending.extend(shape.members.values().map(|m| m.shape.as_str()));
            pending.extend(
                [&shape.member, &shape.key, &shape.value]
                    .into_iter()
                    .flatten()
                    .map(|r| r.shape.as_str()),
            );
        }
        None
    }

    /// The protocol botocore would speak (see [`chosen_protocol`]), described for the
    /// emitters, or the refusal of one the generator does not speak yet.
    fn protocol(&self) -> Result<Protocol, Error> {
        let meta = &self.model.metadata;
        match chosen_protocol(meta) {
            "rest-json" => Ok(Protocol::rest_json()),
            "json" => {
                let version = meta.json_version.as_deref().unwrap_or("1.0");
                let target_prefix = meta.target_prefix.as_deref().ok_or_else(|| {
                    self.unsupported(
                        &meta.service_id,
                        "a json service without `targetPrefix`".to_owned(),
                    )
                })?;
                Ok(Protocol::aws_json(
                    version,
                    target_prefix,
                    meta.aws_query_compatible.is_some(),
                    // A customization botocore registers for SQS alone.
                    meta.endpoint_prefix == "sqs",
                ))
            }
            "query" => Ok(Protocol::query(QueryDialect::AwsQuery)),
            "ec2" => Ok(Protocol::query(QueryDialect::Ec2)),
            "rest-xml" => Ok(Protocol::rest_xml()),
            other => Err(self.unsupported(&meta.service_id, format!("the `{other}` protocol"))),
        }
    }

    fn operation(&self, name: &str, op: &model::Operation) -> Result<Operation, Error> {
        if let Some(compression) = &op.request_compression {
            if let Some(other) = compression.encodings.iter().find(|e| *e != "gzip") {
                return Err(self.unsupported(name, format!("the request compression `{other}`")));
            }
        }
        let type_name = names::type_name(name);
        Ok(Operation {
            name: name.to_owned(),
            rust_name: names::snake_name(name),
            call_name: type_name.clone(),
            error_name: format!("{type_name}Error"),
            method: op.http.method.clone(),
            uri: parse_uri(&op.http.request_uri),
            success_code: op.http.response_code.unwrap_or(200),
            input: self.synthetic_name(&type_name, "Input"),
            output: self.synthetic_name(&type_name, "Output"),
            errors: distinct(op.errors.iter().map(|e| e.shape.clone())),
            docs: op.documentation.clone(),
            deprecated: op.deprecated,
            host_prefix: op
                .endpoint
                .as_ref()
                .map(|endpoint| parse_uri(&endpoint.host_prefix).path),
            request_checksum: self.request_checksum(op),
            response_checksum: op.http_checksum.as_ref().and_then(|checksum| {
                Some(ResponseChecksum {
                    mode_member: checksum.request_validation_mode_member.clone()?,
                    algorithms: checksum.response_algorithms.clone(),
                })
            }),
            request_compression: op.request_compression.is_some(),
            auth: if op.authtype.as_deref() == Some("none")
                || op.auth.first().map(String::as_str) == Some("smithy.api#noAuth")
                || super::Customizations::is_sent_unsigned(&self.model.metadata.service_id, name)
            {
                Auth::None
            } else if op.unsigned_payload || op.authtype.as_deref() == Some("v4-unsigned-body") {
                Auth::SigV4UnsignedPayload
            } else {
                Auth::SigV4
            },
            long_polling: super::Customizations::is_long_polling(
                &self.model.metadata.service_id,
                name,
            ),
            api_version_header: op
                .endpoint_operation
                .then(|| self.model.metadata.api_version.clone()),
            endpoint_params: self.endpoint_params(name, op)?,
            paginator: None,
            result_wrapper: op
                .output
                .as_ref()
                .filter(|_| self.xml)
                .and_then(|o| o.result_wrapper.clone()),
            // Only where the input has the members the table names, so that emitters can rely
            // on them.
            tree_hash_checksums: self.model.metadata.endpoint_prefix == "glacier"
                && matches!(name, "UploadArchive" | "UploadMultipartPart"),
            success_may_hold_error: self.model.metadata.endpoint_prefix == "s3"
                && self.output_may_hold_error(op),
            escape_xml_line_breaks: self.model.metadata.endpoint_prefix == "s3"
                && matches!(name, "DeleteObjects" | "PutBucketLifecycleConfiguration"),
            url_decoded_output: self.url_decoded_output(name, op),
            presigned_copy: super::PresignedCopy::for_operation(
                &self.model.metadata.endpoint_prefix,
                name,
            )
            .filter(|copy| {
                let input = op
                    .input
                    .as_ref()
                    .and_then(|i| self.model.shapes.get(&i.shape));
                input.is_some_and(|input| {
                    [
                        &copy.url_member,
                        &copy.source_region_member,
                        &copy.destination_member,
                    ]
                    .iter()
                    .all(|member| input.members.contains_key(member.as_str()))
                })
            }),
            input_root: op.input.as_ref().filter(|_| self.xml).and_then(|input| {
                let shape = self.model.shapes.get(&input.shape);
                Some(XmlElement {
                    name: input.location_name.clone()?,
                    namespace: namespace(
                        input.xml_namespace.as_ref(),
                        shape.and_then(|s| s.xml_namespace.as_ref()),
                    ),
                })
            }),
        })
    }

    /// botocore's `resolve_request_checksum_algorithm` checks a request when the model
    /// requires a checksum or names an algorithm member.
    fn request_checksum(&self, op: &model::Operation) -> Option<RequestChecksum> {
        let flexible = op.http_checksum.as_ref();
        let required =
            op.http_checksum_required || flexible.is_some_and(|c| c.request_checksum_required);
        let algorithm_member = flexible.and_then(|c| c.request_algorithm_member.clone());
        if !required && algorithm_member.is_none() {
            return None;
        }
        let input = op
            .input
            .as_ref()
            .and_then(|i| self.model.shapes.get(&i.shape));
        let streaming = input.is_some_and(|input| {
            let payload = input.payload.as_ref().and_then(|p| input.members.get(p));
            payload
                .and_then(|member| self.model.shapes.get(&member.shape))
                .is_some_and(|shape| shape.kind == "blob")
        });
        Some(RequestChecksum {
            required,
            algorithm_member,
            streaming,
        })
    }

    /// What the operation gives the endpoint rules: its input members marked
    /// `contextParam`, then its `staticContextParams`.
    fn endpoint_params(
        &self,
        name: &str,
        op: &model::Operation,
    ) -> Result<Vec<EndpointBinding>, Error> {
        let mut bindings = Vec::new();
        if let Some(input) = op
            .input
            .as_ref()
            .and_then(|i| self.model.shapes.get(&i.shape))
        {
            for (member_name, member) in &input.members {
                let Some(param) = &member.context_param else {
                    continue;
                };
                let kind = self
                    .model
                    .shapes
                    .get(&member.shape)
                    .map(|t| t.kind.as_str());
                if !matches!(kind, Some("string" | "boolean")) {
                    return Err(self.unsupported(
                        name,
                        format!(
                            "the endpoint context parameter `{}` from member `{member_name}` \
                             of type {}",
                            param.name,
                            kind.unwrap_or("unknown")
                        ),
                    ));
                }
                bindings.push(EndpointBinding {
                    param: param.name.clone(),
                    value: EndpointValue::Member(member_name.clone()),
                });
            }
        }
        for (param, fixed) in &op.static_context_params {
            let value = match &fixed.value {
                serde_json::Value::Bool(value) => EndpointValue::Bool(*value),
                serde_json::Value::String(value) => EndpointValue::String(value.clone()),
                other => {
                    return Err(self.unsupported(
                        name,
                        format!("the static endpoint parameter `{param}` = {other}"),
                    ));
                }
            };
            bindings.push(EndpointBinding {
                param: param.clone(),
                value,
            });
        }
        for (param, found) in &op.operation_context_params {
            let path = op
                .input
                .as_ref()
                .ok_or_else(|| "the operation has no input".to_owned())
                .and_then(|input| self.context_path(&input.shape, &found.path))
                .map_err(|why| {
                    self.unsupported(
                        name,
                        format!(
                            "the endpoint parameter `{param}` from `{}`: {why}",
                            found.path
                        ),
                    )
                })?;
            bindings.push(EndpointBinding {
                param: param.clone(),
                value: EndpointValue::Path(path),
            });
        }
        Ok(bindings)
    }

    /// [`UrlDecodedOutput::for_operation`], keeping the members the output has (and only
    /// while input and output both have the encoding member).
    fn url_decoded_output(&self, name: &str, op: &model::Operation) -> Option<UrlDecodedOutput> {
        let mut decoded =
            UrlDecodedOutput::for_operation(&self.model.metadata.endpoint_prefix, name)?;
        let shape = |r: Option<&model::ShapeRef>| r.and_then(|r| self.model.shapes.get(&r.shape));
        let (input, output) = (shape(op.input.as_ref())?, shape(op.output.as_ref())?);
        let has = |shape: &model::Shape, member: &str| shape.members.contains_key(member);
        if !has(input, &decoded.encoding_member) || !has(output, &decoded.encoding_member) {
            return None;
        }
        decoded.members.retain(|member| has(output, member));
        decoded.nested.retain(|(list, member)| {
            let element = output
                .members
                .get(list)
                .and_then(|list| self.model.shapes.get(&list.shape))
                .and_then(|list| list.member.as_ref())
                .and_then(|element| self.model.shapes.get(&element.shape));
            element.is_some_and(|element| has(element, member))
        });
        Some(decoded)
    }

    /// An `operationContextParams` expression over the input structure `input`, checked
    /// against the model: every chain walks structure members and ends in a string (or,
    /// for `keys`, a map with string keys; for a projection, a list of structures).
    fn context_path(&self, input: &str, path: &str) -> Result<ContextPath, String> {
        let path = context_path::parse(path)?;
        match &path {
            ContextPath::Value(chain) => {
                self.expect_kind(self.follow(input, chain)?, "string")?;
            }
            ContextPath::Keys(chain) => {
                let map = self.expect_kind(self.follow(input, chain)?, "map")?;
                let key = map.key.as_ref().map_or("", |key| key.shape.as_str());
                if self.expect_kind(key, "string")?.enum_values.is_some() {
                    return Err(format!("the keys of `{key}` are an enum"));
                }
            }
            ContextPath::Each { list, select } => {
                let list = self.expect_kind(self.follow(input, list)?, "list")?;
                let element = list.member.as_ref().map_or("", |m| m.shape.as_str());
                for chain in select {
                    self.expect_kind(self.follow(element, chain)?, "string")?;
                }
            }
        }
        Ok(path)
    }

    /// The shape at the end of `chain`, each name a member of the structure before it.
    fn follow<'s>(&'s self, mut shape: &'s str, chain: &[String]) -> Result<&'s str, String> {
        for name in chain {
            let structure = self.expect_kind(shape, "structure")?;
            shape = &structure
                .members
                .get(name)
                .ok_or_else(|| format!("`{shape}` has no member `{name}`"))?
                .shape;
        }
        Ok(shape)
    }

    fn expect_kind(&self, shape: &str, kind: &str) -> Result<&model::Shape, String> {
        match self.model.shapes.get(shape) {
            Some(found) if found.kind == kind => Ok(found),
            Some(found) => {
                let article = |kind: &str| {
                    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    }
                };
                Err(format!(
                    "`{shape}` is {} {}, not {} {kind}",
                    article(&found.kind),
                    found.kind,
                    article(kind)
                ))
            }
            None => Err(format!("the model has no shape `{shape}`")),
        }
    }

    /// `<Operation>Input` or `<Operation>Output`, unless a structure of the model has that
    /// name and another structure contains it (Glacier's `DescribeVaultOutput` is also a
    /// list element of `ListVaults`): then `<Operation>Operation<Input|Output>`, so the
    /// model's shape keeps its name.
    fn synthetic_name(&self, type_name: &str, role: &str) -> String {
        let name = format!("{type_name}{role}");
        let contained = self.model.shapes.values().any(|shape| {
            shape.members.values().any(|m| m.shape == name)
                || [&shape.member, &shape.value]
                    .into_iter()
                    .flatten()
                    .any(|target| target.shape == name)
        });
        if contained {
            format!("{type_name}Operation{role}")
        } else {
            name
        }
    }

    /// A shape's type name, which a name generated code reserves must not turn into the
    /// name of another shape of the model.
    fn shape_type_name(&self, name: &str) -> String {
        names::type_name_avoiding(name, |candidate| {
            self.model
                .shapes
                .keys()
                .any(|other| other != name && names::type_name(other) == candidate)
        })
    }

    /// The operation's own copy of its input or output structure, so that each operation's
    /// module owns its types and a shape shared by two operations serves both.
    fn synthetic(
        &self,
        target: Option<&model::ShapeRef>,
        name: &str,
        role: StructureRole,
    ) -> Result<Shape, Error> {
        let Some(target) = target else {
            return Ok(Shape {
                name: name.to_owned(),
                rust_name: name.to_owned(),
                module_name: names::snake_name(name),
                docs: None,
                kind: ShapeKind::Structure(Structure {
                    members: Vec::new(),
                    role,
                    error: None,
                }),
            });
        };
        let mut shape = self.shape(&target.shape, role)?;
        shape.name = name.to_owned();
        shape.rust_name = name.to_owned();
        shape.module_name = names::snake_name(name);
        Ok(shape)
    }

    /// Every reference to a shape names one the model defines; a dangling one is refused
    /// with the member (or operation) that makes it, so the broken spot can be found.
    fn check_references(&self) -> Result<(), Error> {
        let dangling = |subject: String, target: &str| Error::Invalid {
            file: self.file.to_owned(),
            subject,
            what: format!("refers to `{target}`, which the model does not define"),
        };
        let defined = |target: &str| self.model.shapes.contains_key(target);
        for (name, op) in &self.model.operations {
            let refs = [("input", op.input.as_ref()), ("output", op.output.as_ref())];
            for (role, target) in refs {
                if let Some(target) = target.filter(|t| !defined(&t.shape)) {
                    return Err(dangling(format!("{name} ({role})"), &target.shape));
                }
            }
            if let Some(error) = op.errors.iter().find(|e| !defined(&e.shape)) {
                return Err(dangling(format!("{name} (errors)"), &error.shape));
            }
        }
        for (name, shape) in &self.model.shapes {
            for (member_name, member) in &shape.members {
                if !defined(&member.shape) {
                    return Err(dangling(format!("{name}.{member_name}"), &member.shape));
                }
            }
            let parts = [
                ("member", &shape.member),
                ("key", &shape.key),
                ("value", &shape.value),
            ];
            for (part, target) in parts {
                if let Some(target) = target.as_ref().filter(|t| !defined(&t.shape)) {
                    return Err(dangling(format!("{name} ({part})"), &target.shape));
                }
            }
        }
        Ok(())
    }

    /// An operation's input, output and errors are structures: their members are what the
    /// request, the response and the error carry.
    fn check_operation_shapes(&self) -> Result<(), Error> {
        for (name, op) in &self.model.operations {
            let refs = [("input", op.input.as_ref()), ("output", op.output.as_ref())];
            let errors = op.errors.iter().map(|error| ("errors", Some(error)));
            for (role, target) in refs.into_iter().chain(errors) {
                let Some(target) = target else { continue };
                let shape = &self.model.shapes[&target.shape];
                let kind = if shape.union {
                    "union"
                } else if shape.document {
                    "document"
                } else {
                    shape.kind.as_str()
                };
                if kind != "structure" {
                    return Err(Error::Invalid {
                        file: self.file.to_owned(),
                        subject: format!("{name} ({role})"),
                        what: format!(
                            "`{}` is a {kind}, where an operation's {role} must be a structure",
                            target.shape
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    /// Adds every shape that the shapes already present reach through members.
    fn add_reachable(&self, shapes: &mut BTreeMap<String, Shape>) -> Result<(), Error> {
        let mut pending: Vec<String> = shapes.values().flat_map(Shape::targets).collect();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if !seen.insert(name.clone()) || shapes.contains_key(&name) {
                continue;
            }
            let shape = self.shape(&name, StructureRole::Nested)?;
            pending.extend(shape.targets());
            shapes.insert(name, shape);
        }
        Ok(())
    }

    fn shape(&self, name: &str, role: StructureRole) -> Result<Shape, Error> {
        let shape = self.model.shapes.get(name).ok_or_else(|| Error::Invalid {
            file: self.file.to_owned(),
            subject: name.to_owned(),
            what: "no shape of this name is defined".to_owned(),
        })?;
        let range = Range {
            min: shape.min,
            max: shape.max,
        };
        let kind = match shape.kind.as_str() {
            "structure" if shape.document => ShapeKind::Document,
            "structure" if shape.union => ShapeKind::Union(self.union(name, shape)?),
            "structure" if shape.eventstream => {
                return Err(self.unsupported(name, "an event stream".to_owned()));
            }
            "structure" => ShapeKind::Structure(self.structure(name, shape, role)?),
            "list" => ShapeKind::List(Collection {
                member: self.target(name, "member", shape.member.as_ref())?,
                sparse: shape.sparse,
                length: range,
                member_name: self.element_name(shape.member.as_ref()),
                member_namespace: self.reference_namespace(shape.member.as_ref()),
            }),
            "map" => ShapeKind::Map(MapShape {
                key: self.target(name, "key", shape.key.as_ref())?,
                value: self.target(name, "value", shape.value.as_ref())?,
                sparse: shape.sparse,
                length: range,
                key_name: self.element_name(shape.key.as_ref()),
                value_name: self.element_name(shape.value.as_ref()),
                key_namespace: self.reference_namespace(shape.key.as_ref()),
                value_namespace: self.reference_namespace(shape.value.as_ref()),
            }),
            "string" => match &shape.enum_values {
                Some(values) => ShapeKind::Enum(EnumShape {
                    values: enum_values(values),
                    sensitive: shape.sensitive,
                }),
                None => ShapeKind::String(StringShape {
                    length: range,
                    pattern: shape.pattern.as_deref().map(super::pattern::Pattern::parse),
                    sensitive: shape.sensitive,
                }),
            },
            "boolean" => ShapeKind::Boolean,
            "integer" => ShapeKind::Integer(range),
            "long" => ShapeKind::Long(range),
            "float" => ShapeKind::Float(range),
            "double" => ShapeKind::Double(range),
            "timestamp" => ShapeKind::Timestamp,
            "blob" => ShapeKind::Blob(BlobShape {
                streaming: shape.streaming || self.streamed_by_a_member(name),
                sensitive: shape.sensitive,
            }),
            other => return Err(self.unsupported(name, format!("the shape type `{other}`"))),
        };
        let rust_name = self.shape_type_name(name);
        Ok(Shape {
            name: name.to_owned(),
            module_name: names::snake_name(&rust_name),
            rust_name,
            docs: shape.documentation.clone(),
            kind,
        })
    }

    fn structure(
        &self,
        name: &str,
        shape: &model::Shape,
        role: StructureRole,
    ) -> Result<Structure, Error> {
        let top_level = matches!(
            role,
            StructureRole::Input | StructureRole::Output | StructureRole::Error
        );
        let mut members = Vec::with_capacity(shape.members.len());
        for (member_name, member) in &shape.members {
            let target = self.model.shapes.get(&member.shape);
            // RPC protocols carry every member in the body, whatever the model binds it to.
            let location = if !self.binds_http {
                Location::Body(wire_name(member_name, member))
            } else if shape.payload.as_deref() == Some(member_name.as_str()) {
                // Only XML names the payload's element; JSON payloads have none.
                Location::Payload(
                    member
                        .location_name
                        .clone()
                        .or_else(|| target.and_then(|t| t.location_name.clone()))
                        .filter(|_| self.xml)
                        .unwrap_or_else(|| member_name.clone()),
                )
            } else if top_level {
                self.location(name, member_name, member, target, role)?
            } else {
                Location::Body(wire_name(member_name, member))
            };
            // JSON text is base64-encoded in a header; elsewhere it travels as the string it
            // is, as botocore sends it.
            let base64_header = member.jsonvalue && matches!(location, Location::Header(_));
            let timestamp_format = member
                .timestamp_format
                .as_deref()
                .or(target.and_then(|t| t.timestamp_format.as_deref()))
                .map(|format| self.timestamp_format(name, format))
                .transpose()?;
            members.push(Member {
                name: member_name.clone(),
                rust_name: names::snake_name(member_name),
                target: member.shape.clone(),
                location,
                required: shape.required.contains(member_name),
                docs: member.documentation.clone(),
                boxed: false,
                timestamp_format,
                idempotency_token: member.idempotency_token,
                base64_header,
                deprecated: member.deprecated,
                ec2_name: ec2_name(member).filter(|_| self.ec2),
                flattened: self.xml && (member.flattened || target.is_some_and(|t| t.flattened)),
                xml_attribute: self.xml && member.xml_attribute,
                xml_namespace: namespace(
                    member.xml_namespace.as_ref(),
                    target.and_then(|t| t.xml_namespace.as_ref()),
                )
                .filter(|_| self.xml),
                transform: None,
            });
        }
        // An operation may list a structure as an error without marking it as one.
        let is_error = role == StructureRole::Error || shape.exception || shape.error.is_some();
        let error = is_error.then(|| ErrorInfo {
            code: shape
                .error
                .as_ref()
                .and_then(|e| e.code.clone())
                .unwrap_or_else(|| name.to_owned()),
            variant_name: names::error_variant_name(&names::type_name(name)),
            http_status: shape.error.as_ref().and_then(|e| e.http_status_code),
            fault: if shape.fault {
                ErrorFault::Server
            } else {
                ErrorFault::Client
            },
        });
        Ok(Structure {
            members,
            role,
            error,
        })
    }

    /// A union's members become variants; in a body they are written like a structure's.
    fn union(&self, name: &str, shape: &model::Shape) -> Result<Union, Error> {
        let structure = self.structure(name, shape, StructureRole::Nested)?;
        Ok(Union {
            variants: structure
                .members
                .into_iter()
                .map(|mut member| {
                    member.required = false;
                    Variant {
                        rust_name: names::type_name(&member.name),
                        member,
                    }
                })
                .collect(),
        })
    }

    fn location(
        &self,
        shape: &str,
        member_name: &str,
        member: &model::Member,
        target: Option<&model::Shape>,
        role: StructureRole,
    ) -> Result<Location, Error> {
        let wire = wire_name(member_name, member);
        Ok(match member.location.as_deref() {
            None => Location::Body(wire),
            // A response has no URI; botocore looks for such members in the body.
            Some("uri" | "querystring") if role != StructureRole::Input => Location::Body(wire),
            Some("uri") => Location::Label(wire),
            Some("querystring") if target.is_some_and(|t| t.kind == "map") => Location::QueryMap,
            Some("querystring") => Location::Query(wire),
            Some("header") => Location::Header(wire),
            Some("headers") => {
                Location::PrefixHeaders(member.location_name.clone().unwrap_or_default())
            }
            Some("statusCode") => Location::StatusCode,
            Some(other) => {
                return Err(self.unsupported(
                    &format!("{shape}.{member_name}"),
                    format!("the member location `{other}`"),
                ));
            }
        })
    }

    /// The name a list's elements or a map's keys or values have in XML and query bodies.
    fn element_name(&self, reference: Option<&model::ShapeRef>) -> Option<String> {
        reference
            .filter(|_| self.xml)
            .and_then(|r| r.location_name.clone())
    }

    /// The namespace of a list's element or a map's key or value: the reference's, else its
    /// target's.
    fn reference_namespace(&self, reference: Option<&model::ShapeRef>) -> Option<XmlNamespace> {
        let reference = reference.filter(|_| self.xml)?;
        let target = self.model.shapes.get(&reference.shape);
        namespace(
            reference.xml_namespace.as_ref(),
            target.and_then(|t| t.xml_namespace.as_ref()),
        )
    }

    fn timestamp_format(&self, shape: &str, format: &str) -> Result<TimestampFormat, Error> {
        match format {
            "unixTimestamp" => Ok(TimestampFormat::EpochSeconds),
            "iso8601" => Ok(TimestampFormat::Iso8601),
            "rfc822" => Ok(TimestampFormat::HttpDate),
            other => Err(self.unsupported(shape, format!("the timestamp format `{other}`"))),
        }
    }

    fn target(
        &self,
        shape: &str,
        role: &str,
        target: Option<&model::ShapeRef>,
    ) -> Result<String, Error> {
        target
            .map(|t| t.shape.clone())
            .ok_or_else(|| Error::Invalid {
                file: self.file.to_owned(),
                subject: shape.to_owned(),
                what: format!("has no `{role}`"),
            })
    }

    /// botocore's `_should_handle_200_error`: the operation has an output, and its payload,
    /// if it names one, is not a blob or a string.
    fn output_may_hold_error(&self, op: &model::Operation) -> bool {
        let Some(output) = op
            .output
            .as_ref()
            .and_then(|o| self.model.shapes.get(&o.shape))
        else {
            return false;
        };
        let payload = output
            .payload
            .as_ref()
            .and_then(|payload| output.members.get(payload))
            .and_then(|member| self.model.shapes.get(&member.shape));
        !payload.is_some_and(|shape| matches!(shape.kind.as_str(), "blob" | "string"))
    }

    /// Whether a member that targets the blob shape `name` says `streaming`: S3's models
    /// put the flag on the members (`GetObjectOutput$Body`), where botocore merges it into
    /// the shape, and where Smithy has it on the shape (`StreamingBlob`).
    fn streamed_by_a_member(&self, name: &str) -> bool {
        self.model
            .shapes
            .values()
            .flat_map(|shape| shape.members.values())
            .any(|member| member.streaming && member.shape == name)
    }

    fn unsupported(&self, subject: &str, what: String) -> Error {
        Error::Unsupported {
            file: self.file.to_owned(),
            subject: subject.to_owned(),
            what,
        }
    }
}

/// In first-seen order: some models list an operation's error twice.
fn distinct(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    names.filter(|name| seen.insert(name.clone())).collect()
}

fn wire_name(member_name: &str, member: &model::Member) -> String {
    member
        .location_name
        .clone()
        .unwrap_or_else(|| member_name.to_owned())
}

/// A reference's namespace, else its target's, as botocore merges a member's serialization
/// over its shape's.
fn namespace(
    reference: Option<&model::XmlNamespace>,
    target: Option<&model::XmlNamespace>,
) -> Option<XmlNamespace> {
    Some(match reference.or(target)? {
        model::XmlNamespace::Uri(uri) => XmlNamespace {
            prefix: None,
            uri: uri.clone(),
        },
        model::XmlNamespace::Declared { uri, prefix } => XmlNamespace {
            prefix: prefix.clone(),
            uri: uri.clone(),
        },
    })
}

/// What ec2Query calls a member when the model names it: its `queryName`, else its
/// `locationName` with the first letter capitalised (botocore's `EC2Serializer`).
fn ec2_name(member: &model::Member) -> Option<String> {
    if let Some(name) = &member.query_name {
        return Some(name.clone());
    }
    let name = member.location_name.as_deref()?;
    let mut chars = name.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// Distinct values get distinct variants: where two values spell the same name (`t2.micro`
/// and `t2_micro`), the later one is numbered.
fn enum_values(values: &[String]) -> Vec<EnumValue> {
    let mut taken = BTreeSet::new();
    values
        .iter()
        .map(|value| {
            let base = names::variant_name(value);
            let mut rust_name = base.clone();
            let mut n = 2;
            while !taken.insert(rust_name.clone()) {
                rust_name = format!("{base}{n}");
                n += 1;
            }
            EnumValue {
                value: value.clone(),
                rust_name,
            }
        })
        .collect()
}

fn parse_uri(template: &str) -> UriTemplate {
    let (path, query) = template.split_once('?').unwrap_or((template, ""));
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push(PathPart::Literal(rest[..start].to_owned()));
        }
        let label = &rest[start + 1..start + len];
        parts.push(match label.strip_suffix('+') {
            Some(name) => PathPart::Label {
                name: name.to_owned(),
                greedy: true,
            },
            None => PathPart::Label {
                name: label.to_owned(),
                greedy: false,
            },
        });
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    let query = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (pair.to_owned(), None),
        })
        .collect();
    UriTemplate { path: parts, query }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_templates_split_into_literals_labels_and_query() {
        let uri = parse_uri("/apps/{appId}/branches/{branchName}/deployments");
        assert_eq!(
            uri.path,
            vec![
                PathPart::Literal("/apps/".into()),
                PathPart::Label {
                    name: "appId".into(),
                    greedy: false
                },
                PathPart::Literal("/branches/".into()),
                PathPart::Label {
                    name: "branchName".into(),
                    greedy: false
                },
                PathPart::Literal("/deployments".into()),
            ]
        );
        assert!(uri.query.is_empty());

        let uri = parse_uri("/{Bucket}/{Key+}?uploads&x-id=Put");
        assert_eq!(
            uri.path[3],
            PathPart::Label {
                name: "Key".into(),
                greedy: true
            }
        );
        assert_eq!(
            uri.query,
            vec![
                ("uploads".into(), None),
                ("x-id".into(), Some("Put".into()))
            ]
        );
    }

    #[test]
    fn colliding_enum_values_are_numbered() {
        let values = enum_values(&["t2.micro".into(), "t2_micro".into()]);
        assert_eq!(values[0].rust_name, "T2Micro");
        assert_eq!(values[1].rust_name, "T2Micro2");
    }
}

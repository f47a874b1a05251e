//! Smithy JSON AST → botocore model.
//!
//! botocore's models are themselves generated from Smithy, so this is the same translation
//! AWS makes, and the generated client is the one the botocore model gives. Where the two
//! formats disagree, botocore wins: a member is required only with `@required` (a
//! `@default` does not make it so), enum values lose their names and documentation, and
//! shapes are named without their namespace.

mod apply;
mod constraints;
mod shapes;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Error;
use crate::reader::botocore as out;
use crate::reader::paginators;
use crate::reader::smithy::{self as ast, ShapeType, Traits};

use apply::UNIT;

/// Translates the one service a Smithy model defines, with every shape its operations reach
/// (through resources too); `file` names the model in errors.
pub fn to_botocore(file: &str, model: &ast::Model) -> Result<Translation, Error> {
    let shapes = constraints::hoist(file, apply::resolve(file, &model.shapes)?)?;
    let (service_id, service) = the_service(file, &shapes)?;
    let service_traits = traits_at(file, service_id, &service.traits)?;
    let operations = Bindings::walk(file, &shapes, service_id, service)?;
    let closure = closure(file, &shapes, &operations, &service.errors)?;
    let names = Names::assign(
        file,
        &shapes,
        &service.rename,
        operations.iter().chain(&closure).map(String::as_str),
    )?;
    let metadata = metadata(file, service_id, service, &service_traits)?;
    let cx = Context {
        file,
        shapes: &shapes,
        names: &names,
        binds_http: matches!(metadata.protocol.as_str(), "rest-json" | "rest-xml"),
        xml: matches!(metadata.protocol.as_str(), "rest-xml" | "query" | "ec2"),
        aws_query: metadata.protocol == "query",
        xml_namespace: service_traits.xml_namespace.clone(),
    };

    let mut botocore_operations = BTreeMap::new();
    let mut pagination = BTreeMap::new();
    for id in &operations {
        let discovers_endpoints = service_traits
            .client_endpoint_discovery
            .as_ref()
            .is_some_and(|discovery| discovery.operation == *id);
        let operation = cx.operation(id, &service.errors, discovers_endpoints)?;
        if let Some(paginator) = cx.paginator(id, service_traits.paginated.as_ref())? {
            pagination.insert(operation.name.clone(), paginator);
        }
        botocore_operations.insert(operation.name.clone(), operation);
    }
    let mut botocore_shapes = BTreeMap::new();
    for id in closure.iter().filter(|id| !names.is_alias(id)) {
        botocore_shapes.insert(names.of(id).to_owned(), cx.shape(id)?);
    }
    Ok(Translation {
        model: out::ServiceModel {
            metadata,
            operations: botocore_operations,
            shapes: botocore_shapes,
            documentation: service_traits.documentation,
        },
        paginators: paginators::PaginatorsModel { pagination },
    })
}

/// What a Smithy model stands for in botocore's files: `service-2.json` and
/// `paginators-1.json` (from the `@paginated` traits).
pub struct Translation {
    pub model: out::ServiceModel,
    pub paginators: paginators::PaginatorsModel,
}

/// What every step of the translation reads.
struct Context<'a> {
    file: &'a str,
    shapes: &'a BTreeMap<String, ast::Shape>,
    names: &'a Names,
    /// Whether the protocol binds members to HTTP (the REST protocols). The RPC protocols
    /// send every operation as `POST /` with all members in the body, and botocore's models
    /// say so even where the Smithy model carries `@http` traits for other protocols.
    binds_http: bool,
    /// Whether bodies are XML or query forms, where the `@xml…` traits name members.
    xml: bool,
    /// awsQuery, whose outputs are wrapped in `<Operation>Result`.
    aws_query: bool,
    /// The service's `@xmlNamespace`: restXml's request bodies declare it.
    xml_namespace: Option<ast::XmlNamespace>,
}

impl Context<'_> {
    /// The operation's `@paginated` trait, completed by the service's, in botocore's
    /// paginator form; `None` for an operation that does not page.
    fn paginator(
        &self,
        id: &str,
        service: Option<&ast::Paginated>,
    ) -> Result<Option<paginators::Paginator>, Error> {
        let traits = traits_at(self.file, id, &self.shapes[id].traits)?;
        let Some(own) = traits.paginated else {
            return Ok(None);
        };
        let either = |own: &Option<String>, service: Option<&Option<String>>| {
            own.clone().or_else(|| service.and_then(Clone::clone))
        };
        let input_token = either(&own.input_token, service.map(|s| &s.input_token));
        let output_token = either(&own.output_token, service.map(|s| &s.output_token));
        let (Some(input_token), Some(output_token)) = (input_token, output_token) else {
            return Err(invalid(
                self.file,
                id,
                "`@paginated` names no input or output token, here or on the service",
            ));
        };
        Ok(Some(paginators::Paginator {
            input_token: paginators::OneOrMany::One(input_token),
            output_token: paginators::OneOrMany::One(output_token),
            limit_key: either(&own.page_size, service.map(|s| &s.page_size)),
            more_results: None,
            result_key: either(&own.items, service.map(|s| &s.items))
                .map(paginators::OneOrMany::One),
            non_aggregate_keys: None,
        }))
    }

    fn operation(
        &self,
        id: &str,
        service_errors: &[ast::ShapeRef],
        discovers_endpoints: bool,
    ) -> Result<out::Operation, Error> {
        let shape = &self.shapes[id];
        let traits = traits_at(self.file, id, &shape.traits)?;
        let http = match traits.http.filter(|_| self.binds_http) {
            Some(http) => out::Http {
                method: http.method,
                request_uri: http.uri,
                response_code: http.code,
            },
            None if self.binds_http => {
                return Err(invalid(
                    self.file,
                    id,
                    "an operation of a REST protocol needs the `smithy.api#http` trait",
                ));
            }
            // What botocore writes for the RPC protocols, which bind nothing to HTTP.
            None => out::Http {
                method: "POST".to_owned(),
                request_uri: "/".to_owned(),
                response_code: None,
            },
        };
        let shape_ref = |target: &Option<ast::ShapeRef>| {
            target
                .as_ref()
                .filter(|t| t.target != UNIT)
                .map(|t| out::ShapeRef {
                    shape: self.names.of(&t.target).to_owned(),
                    ..out::ShapeRef::default()
                })
        };
        let mut input = shape_ref(&shape.input);
        let mut output = shape_ref(&shape.output);
        // What botocore's models add for the XML protocols: awsQuery's result wrapper, and
        // restXml's document element for an input with members in the body.
        if let Some(output) = output.as_mut().filter(|_| self.aws_query) {
            output.result_wrapper = Some(format!("{}Result", self.names.of(id)));
        }
        if let (Some(input), Some(target)) = (input.as_mut(), &shape.input) {
            if self.binds_http && self.xml && self.has_body_members(&target.target)? {
                input.location_name = Some(input.shape.clone());
                input.xml_namespace = self.xml_namespace.clone().map(namespace);
            }
        }
        // The service's errors can come from every operation; they follow the operation's own.
        let mut errors: Vec<out::ShapeRef> = Vec::new();
        for error in shape.errors.iter().chain(service_errors) {
            let name = self.names.of(&error.target);
            if !errors.iter().any(|e| e.shape == name) {
                errors.push(out::ShapeRef {
                    shape: name.to_owned(),
                    ..out::ShapeRef::default()
                });
            }
        }
        Ok(out::Operation {
            name: self.names.of(id).to_owned(),
            http,
            input,
            output,
            errors,
            documentation: traits.documentation,
            endpoint: traits.endpoint.map(|e| out::Endpoint {
                host_prefix: e.host_prefix,
            }),
            deprecated: traits.deprecated.is_some(),
            deprecated_message: traits.deprecated.and_then(|d| d.message),
            authtype: None,
            // `@auth([])` allows no scheme: botocore's models say `smithy.api#noAuth`.
            auth: match traits.auth {
                Some(schemes) if schemes.is_empty() => vec!["smithy.api#noAuth".to_owned()],
                _ => Vec::new(),
            },
            unsigned_payload: traits.unsigned_payload.is_some(),
            http_checksum_required: traits.http_checksum_required.is_some(),
            http_checksum: traits.http_checksum,
            request_compression: traits.request_compression,
            endpoint_operation: discovers_endpoints,
            static_context_params: traits.static_context_params.unwrap_or_default(),
            operation_context_params: traits.operation_context_params.unwrap_or_default(),
        })
    }
}

impl Context<'_> {
    /// Whether a structure has members bound to nothing but the body.
    fn has_body_members(&self, id: &str) -> Result<bool, Error> {
        let Some(shape) = self.shapes.get(id) else {
            return Ok(false);
        };
        for (name, member) in &shape.members {
            let traits = Traits::decode(
                self.file,
                &format!("shapes.{id}.members.{name}.traits"),
                &member.traits,
            )?;
            let bound = traits.http_label.is_some()
                || traits.http_query.is_some()
                || traits.http_query_params.is_some()
                || traits.http_header.is_some()
                || traits.http_prefix_headers.is_some()
                || traits.http_response_code.is_some()
                || traits.http_payload.is_some();
            if !bound {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// botocore's form of an `@xmlNamespace`.
fn namespace(namespace: ast::XmlNamespace) -> out::XmlNamespace {
    out::XmlNamespace::Declared {
        uri: namespace.uri,
        prefix: namespace.prefix,
    }
}

/// The service's `smithy.rules#endpointRuleSet` trait as JSON text, when the model has
/// exactly one service and it carries the trait. (The botocore model keeps its rules in a
/// file of their own, so they do not travel through the translation.)
pub fn endpoint_rule_set(model: &ast::Model) -> Option<String> {
    let mut services = model
        .shapes
        .values()
        .filter(|shape| shape.kind == ShapeType::Service);
    let service = services.next()?;
    if services.next().is_some() {
        return None;
    }
    service
        .traits
        .get("smithy.rules#endpointRuleSet")
        .map(|rules| rules.to_string())
}

/// The service shape; a model with none or several has no single client to generate.
fn the_service<'a>(
    file: &str,
    shapes: &'a BTreeMap<String, ast::Shape>,
) -> Result<(&'a str, &'a ast::Shape), Error> {
    let services: Vec<(&String, &ast::Shape)> = shapes
        .iter()
        .filter(|(_, shape)| shape.kind == ShapeType::Service)
        .collect();
    match services.as_slice() {
        [(id, shape)] => Ok((id.as_str(), shape)),
        [] => Err(invalid(
            file,
            "shapes",
            "the model defines no service shape",
        )),
        several => Err(unsupported(
            file,
            several[0].0,
            &format!(
                "a model with several services ({})",
                several
                    .iter()
                    .map(|(id, _)| id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

fn metadata(
    file: &str,
    service_id: &str,
    service: &ast::Shape,
    traits: &Traits,
) -> Result<out::Metadata, Error> {
    let shape_name = local_name(service_id);
    let aws = traits.aws_service.as_ref();
    let endpoint_prefix = aws
        .and_then(|s| {
            s.endpoint_prefix
                .clone()
                .or_else(|| s.arn_namespace.clone())
        })
        // Smithy's default ARN namespace.
        .unwrap_or_else(|| shape_name.to_lowercase());
    let service_name = aws.map_or(shape_name, |s| s.sdk_id.as_str());
    let protocol = protocol(traits)
        .ok_or_else(|| unsupported(file, service_id, "no protocol trait awsgen knows"))?;
    let signature_version = if traits.sigv4.as_ref().is_some_and(|s| s.name == "s3") {
        // What botocore's translation of S3 and S3 Control says (it writes `s3` for one and
        // `s3v4` for the other; both mean S3's SigV4).
        "s3v4"
    } else if traits.sigv4.is_some() {
        "v4"
    } else if traits.http_bearer_auth.is_some() {
        "bearer"
    } else {
        "none"
    };
    let api_version = service.version.clone().ok_or_else(|| {
        invalid(
            file,
            service_id,
            "the service has no `version`, which is the client's API version",
        )
    })?;
    Ok(out::Metadata {
        api_version,
        endpoint_prefix,
        protocol: protocol.to_owned(),
        service_full_name: traits
            .title
            .clone()
            .unwrap_or_else(|| service_name.to_owned()),
        service_id: service_name.to_owned(),
        signature_version: signature_version.to_owned(),
        signing_name: traits.sigv4.as_ref().map(|s| s.name.clone()),
        json_version: if traits.aws_json1_0.is_some() {
            Some("1.0".to_owned())
        } else if traits.aws_json1_1.is_some() {
            Some("1.1".to_owned())
        } else {
            None
        },
        target_prefix: (traits.aws_json1_0.is_some() || traits.aws_json1_1.is_some())
            .then(|| shape_name.to_owned()),
        // One protocol is chosen above, so there is nothing left to prefer among.
        protocols: Vec::new(),
        aws_query_compatible: traits
            .aws_query_compatible
            .is_some()
            .then(|| serde_json::Value::Object(Default::default())),
        uid: None,
    })
}

/// botocore's name for the service's protocol; restJson1, the one awsgen generates, wins
/// when a service offers several.
/// The protocol botocore's name for which the service of a Smithy model speaks, as the
/// translation chooses it; `None` when the model has no service or no protocol awsgen knows.
pub fn chosen_protocol(file: &str, model: &ast::Model) -> Option<&'static str> {
    let (_, service) = model
        .shapes
        .iter()
        .find(|(_, shape)| shape.kind == ShapeType::Service)?;
    protocol(&traits_at(file, "", &service.traits).ok()?)
}

fn protocol(traits: &Traits) -> Option<&'static str> {
    [
        (traits.rest_json1.is_some(), "rest-json"),
        (traits.aws_json1_1.is_some(), "json"),
        (traits.aws_json1_0.is_some(), "json"),
        (traits.rpc_v2_cbor.is_some(), "smithy-rpc-v2-cbor"),
        (traits.rest_xml.is_some(), "rest-xml"),
        (traits.aws_query.is_some(), "query"),
        (traits.ec2_query.is_some(), "ec2"),
    ]
    .into_iter()
    .find_map(|(present, name)| present.then_some(name))
}

/// The operations a service binds, directly or through its resources, by shape id.
struct Bindings<'a> {
    file: &'a str,
    shapes: &'a BTreeMap<String, ast::Shape>,
    operations: BTreeSet<String>,
    resources: BTreeSet<String>,
}

impl<'a> Bindings<'a> {
    fn walk(
        file: &'a str,
        shapes: &'a BTreeMap<String, ast::Shape>,
        service_id: &str,
        service: &ast::Shape,
    ) -> Result<BTreeSet<String>, Error> {
        let mut bindings = Bindings {
            file,
            shapes,
            operations: BTreeSet::new(),
            resources: BTreeSet::new(),
        };
        bindings.bind(service_id, service)?;
        Ok(bindings.operations)
    }

    /// Binds a service's or resource's operations and, recursively, its resources'.
    fn bind(&mut self, owner: &str, shape: &ast::Shape) -> Result<(), Error> {
        let lifecycle = [
            &shape.create,
            &shape.put,
            &shape.read,
            &shape.update,
            &shape.delete,
            &shape.list,
        ];
        let operations = shape
            .operations
            .iter()
            .chain(&shape.collection_operations)
            .chain(lifecycle.into_iter().flatten());
        for operation in operations {
            self.expect(owner, &operation.target, ShapeType::Operation)?;
            self.operations.insert(operation.target.clone());
        }
        for resource in &shape.resources {
            let target = self.expect(owner, &resource.target, ShapeType::Resource)?;
            if self.resources.insert(resource.target.clone()) {
                self.bind(&resource.target, target)?;
            }
        }
        Ok(())
    }

    fn expect(&self, owner: &str, id: &str, kind: ShapeType) -> Result<&'a ast::Shape, Error> {
        match self.shapes.get(id) {
            Some(shape) if shape.kind == kind => Ok(shape),
            Some(shape) => Err(invalid(
                self.file,
                owner,
                &format!(
                    "binds `{id}` where an `{}` belongs, but it is a `{}`",
                    kind.as_str(),
                    shape.kind.as_str()
                ),
            )),
            None => Err(invalid(
                self.file,
                owner,
                &format!("binds `{id}`, which this file does not define"),
            )),
        }
    }
}

/// Every data shape the operations reach: inputs, outputs, errors (the service's too) and,
/// through members, what those contain.
fn closure(
    file: &str,
    shapes: &BTreeMap<String, ast::Shape>,
    operations: &BTreeSet<String>,
    service_errors: &[ast::ShapeRef],
) -> Result<BTreeSet<String>, Error> {
    let mut pending: Vec<(String, String)> = Vec::new();
    for id in operations {
        let operation = &shapes[id];
        let targets = [&operation.input, &operation.output]
            .into_iter()
            .flatten()
            .filter(|t| t.target != UNIT)
            .chain(&operation.errors);
        pending.extend(targets.map(|t| (id.clone(), t.target.clone())));
    }
    pending.extend(
        service_errors
            .iter()
            .map(|t| ("the service's errors".to_owned(), t.target.clone())),
    );
    let mut reached = BTreeSet::new();
    while let Some((from, id)) = pending.pop() {
        if reached.contains(&id) {
            continue;
        }
        let Some(shape) = shapes.get(&id) else {
            return Err(invalid(
                file,
                &from,
                &format!("refers to `{id}`, which this file does not define"),
            ));
        };
        if matches!(
            shape.kind,
            ShapeType::Service | ShapeType::Operation | ShapeType::Resource
        ) {
            return Err(invalid(
                file,
                &from,
                &format!(
                    "refers to `{id}` as data, but it is a `{}`",
                    shape.kind.as_str()
                ),
            ));
        }
        if let Some(mixin) = shape.mixins.first() {
            return Err(unsupported(
                file,
                &id,
                &format!("a mixin (`{}`) that is not flattened", mixin.target),
            ));
        }
        let members: Vec<(String, &ast::Member)> = match shape.kind {
            // Enum members name values; their `Unit` targets are no data.
            ShapeType::Enum | ShapeType::IntEnum => Vec::new(),
            _ => shape
                .members
                .iter()
                .map(|(name, member)| (format!("{id}${name}"), member))
                .chain(shape.member.iter().map(|m| (format!("{id}$member"), m)))
                .chain(shape.key.iter().map(|m| (format!("{id}$key"), m)))
                .chain(shape.value.iter().map(|m| (format!("{id}$value"), m)))
                .collect(),
        };
        pending.extend(
            members
                .into_iter()
                .map(|(member_id, member)| (member_id, member.target.clone())),
        );
        reached.insert(id);
    }
    Ok(reached)
}

/// botocore's shape names: the shape name without its namespace, or the service's rename.
struct Names {
    names: BTreeMap<String, String>,
    /// Prelude shapes that answer to a service shape's name because, to botocore, the two
    /// are one shape (many services define their own `String` next to `smithy.api#String`).
    aliases: BTreeSet<String>,
}

impl Names {
    fn assign<'a>(
        file: &str,
        shapes: &BTreeMap<String, ast::Shape>,
        rename: &BTreeMap<String, String>,
        ids: impl Iterator<Item = &'a str>,
    ) -> Result<Names, Error> {
        let mut names = BTreeMap::new();
        let mut aliases = BTreeSet::new();
        let mut owners: BTreeMap<String, &str> = BTreeMap::new();
        for id in ids {
            let name = rename
                .get(id)
                .cloned()
                .unwrap_or_else(|| local_name(id).to_owned());
            if let Some(other) = owners.get(&name).copied() {
                let (prelude, own) = if id.starts_with(PRELUDE_NAMESPACE) {
                    (id, other)
                } else {
                    (other, id)
                };
                let alias = Some(prelude).filter(|prelude| {
                    prelude.starts_with(PRELUDE_NAMESPACE)
                        && same_to_botocore(&shapes[*prelude], &shapes[own])
                });
                let Some(alias) = alias else {
                    return Err(invalid(
                        file,
                        id,
                        &format!(
                            "it and `{other}` would both be named `{name}`; the service's \
                             `rename` can tell them apart"
                        ),
                    ));
                };
                aliases.insert(alias.to_owned());
                if alias == other {
                    owners.insert(name.clone(), id);
                }
            } else {
                owners.insert(name.clone(), id);
            }
            names.insert(id.to_owned(), name);
        }
        Ok(Names { names, aliases })
    }

    fn of(&self, id: &str) -> &str {
        &self.names[id]
    }

    /// Whether `id` is a prelude shape named after a service shape that is written for both.
    fn is_alias(&self, id: &str) -> bool {
        self.aliases.contains(id)
    }
}

const PRELUDE_NAMESPACE: &str = "smithy.api#";

/// Whether a service's shape says no more than the prelude shape of its name, as botocore
/// reads them: the same type, with nothing but documentation and a default, which botocore
/// does not carry.
fn same_to_botocore(prelude: &ast::Shape, own: &ast::Shape) -> bool {
    const SILENT: &[&str] = &[
        "smithy.api#documentation",
        "smithy.api#default",
        "smithy.api#addedDefault",
    ];
    prelude.kind == own.kind
        && own.members.is_empty()
        && own
            .traits
            .keys()
            .all(|name| SILENT.contains(&name.as_str()))
}

/// `com.amazonaws.amplify#App` → `App`.
fn local_name(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

/// The known traits of the shape `id`.
fn traits_at(file: &str, id: &str, values: &ast::TraitValues) -> Result<Traits, Error> {
    Ok(Traits::decode(
        file,
        &format!("shapes.{id}.traits"),
        values,
    )?)
}

fn invalid(file: &str, subject: &str, what: &str) -> Error {
    Error::Invalid {
        file: file.to_owned(),
        subject: subject.to_owned(),
        what: what.to_owned(),
    }
}

fn unsupported(file: &str, subject: &str, what: &str) -> Error {
    Error::Unsupported {
        file: file.to_owned(),
        subject: subject.to_owned(),
        what: what.to_owned(),
    }
}

//! Small, ordered, pure passes over a freshly built IR.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Error;

use super::{
    BlobShape, EndpointBinding, EndpointValue, Location, Member, PathPart, Service, Shape,
    ShapeKind, StructureRole, Transform,
};

/// S3's endpoint rules place the bucket (in the host, or first in the path), so botocore
/// drops `/{Bucket}` from the front of every S3 request URI
/// (`remove_bucket_from_url_paths_from_model`) and the member reaches the request through
/// the rules alone. S3 Control's rules put the account id in the host, so botocore drops the
/// `{AccountId}.` host prefix of the operations that tell the rules they need one
/// (`remove_accid_host_prefix_from_model`); the member is still sent as its header.
pub(super) fn let_endpoint_rules_place_members(service: &mut Service) {
    match service.meta.endpoint_prefix.as_str() {
        "s3" => {
            let mut inputs = Vec::new();
            for op in &mut service.operations {
                let bucket_first = matches!(
                    op.uri.path.as_slice(),
                    [PathPart::Literal(slash), PathPart::Label { name, greedy: false }, ..]
                        if slash == "/" && name == "Bucket"
                );
                if !bucket_first {
                    continue;
                }
                op.uri.path.drain(..2);
                inputs.push(op.input.clone());
            }
            for input in inputs {
                for member in members_mut(service, &input).into_iter().flatten() {
                    if member.location == Location::Label("Bucket".to_owned()) {
                        member.location = Location::Endpoint;
                    }
                }
            }
        }
        "s3-control" => {
            for op in &mut service.operations {
                let account_prefix = matches!(
                    op.host_prefix.as_deref(),
                    Some([PathPart::Label { name, .. }, PathPart::Literal(dot)])
                        if name == "AccountId" && dot == "."
                );
                let requires_account = op.endpoint_params.iter().any(|binding| {
                    binding.param == "RequiresAccountId"
                        && binding.value == EndpointValue::Bool(true)
                });
                if account_prefix && requires_account {
                    op.host_prefix = None;
                }
            }
        }
        _ => {}
    }
}

/// Endpoint parameters botocore sets for one operation by name
/// (`customize_endpoint_resolver_builtins`): S3's `GetBucketLocation` always goes
/// path-style, since it is how a caller learns the region a virtual host would need.
pub(super) fn bind_customized_endpoint_params(service: &mut Service) {
    if service.meta.endpoint_prefix != "s3" {
        return;
    }
    if let Some(op) = service
        .operations
        .iter_mut()
        .find(|op| op.name == "GetBucketLocation")
    {
        op.endpoint_params.push(EndpointBinding {
            param: "ForcePathStyle".to_owned(),
            value: EndpointValue::Bool(true),
        });
    }
}

/// The runtime reads a checksum's algorithm member, and writes its mode member, as request
/// headers, so each must be a header-bound member of the input.
pub(super) fn check_checksum_members(file: &str, service: &Service) -> Result<(), Error> {
    for op in &service.operations {
        let input = service.structure(&op.input);
        let algorithm = op
            .request_checksum
            .as_ref()
            .and_then(|c| c.algorithm_member.as_deref());
        let mode = op
            .response_checksum
            .as_ref()
            .map(|c| c.mode_member.as_str());
        for name in algorithm.into_iter().chain(mode) {
            let in_header = input
                .members
                .iter()
                .any(|m| m.name == name && matches!(m.location, Location::Header(_)));
            if !in_header {
                return Err(Error::Unsupported {
                    file: file.to_owned(),
                    subject: format!("{}.{name}", op.name),
                    what: "a checksum member that is not bound to a header".to_owned(),
                });
            }
        }
    }
    Ok(())
}

/// Every `{label}` of a request URI must be bound to a required input member, or the
/// request could not be built.
pub(super) fn check_labels(file: &str, service: &Service) -> Result<(), Error> {
    for op in &service.operations {
        let input = service.structure(&op.input);
        // A host prefix's labels name required string members.
        for part in op.host_prefix.iter().flatten() {
            let PathPart::Label { name, .. } = part else {
                continue;
            };
            let bound = input.members.iter().find(|m| m.name == *name);
            let is_string = bound.is_some_and(|m| {
                m.required && matches!(service.shape(&m.target).kind, ShapeKind::String(_))
            });
            if !is_string {
                return Err(Error::Invalid {
                    file: file.to_owned(),
                    subject: op.name.clone(),
                    what: format!(
                        "the host prefix label `{{{name}}}` is not bound to a required string member"
                    ),
                });
            }
        }
        for part in &op.uri.path {
            let PathPart::Label { name, .. } = part else {
                continue;
            };
            let bound = input
                .members
                .iter()
                .find(|m| m.location == Location::Label(name.clone()));
            match bound {
                Some(member) if member.required => {}
                Some(member) => {
                    return Err(Error::Invalid {
                        file: file.to_owned(),
                        subject: format!("{}.{}", op.name, member.name),
                        what: format!("the URI label `{{{name}}}` is bound to an optional member"),
                    });
                }
                None => {
                    return Err(Error::Invalid {
                        file: file.to_owned(),
                        subject: op.name.clone(),
                        what: format!("no input member is bound to the URI label `{{{name}}}`"),
                    });
                }
            }
        }
    }
    Ok(())
}

/// An error structure is read from an error response only, so it has no codec of its own
/// to be a member's value with; a model that nests one (none of botocore's does) is refused
/// with the member.
pub(super) fn check_nested_errors(file: &str, service: &Service) -> Result<(), Error> {
    let is_error = |name: &str| {
        matches!(
            service.shapes.get(name).map(|shape| &shape.kind),
            Some(ShapeKind::Structure(structure)) if structure.error.is_some()
        )
    };
    for shape in service.shapes.values() {
        match &shape.kind {
            ShapeKind::List(list) if is_error(&list.member) => {
                return Err(nested_error(
                    file,
                    &format!("{} (member)", shape.name),
                    &list.member,
                ));
            }
            ShapeKind::Map(map) if is_error(&map.value) => {
                return Err(nested_error(
                    file,
                    &format!("{} (value)", shape.name),
                    &map.value,
                ));
            }
            _ => {}
        }
        if let Some(member) = shape.members().into_iter().find(|m| is_error(&m.target)) {
            return Err(nested_error(
                file,
                &format!("{}.{}", shape.name, member.name),
                &member.target,
            ));
        }
    }
    Ok(())
}

fn nested_error(file: &str, subject: &str, error: &str) -> Error {
    Error::Unsupported {
        file: file.to_owned(),
        subject: subject.to_owned(),
        what: format!("a value of the error structure `{error}`"),
    }
}

/// Two shapes or two members that would get one Rust name are refused with both names,
/// rather than silently renamed.
pub(super) fn check_names(file: &str, service: &Service) -> Result<(), Error> {
    let nameless = |subject: &str| Error::Invalid {
        file: file.to_owned(),
        subject: subject.to_owned(),
        what: "the name has no letter or digit to make a Rust name of".to_owned(),
    };
    let mut types: BTreeMap<&str, &str> = BTreeMap::new();
    for shape in service.shapes.values() {
        // Every shape's name may become one: a pattern's static is named after its string.
        if shape.rust_name.is_empty() {
            return Err(nameless(&shape.name));
        }
        if !matches!(
            shape.kind,
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_)
        ) {
            continue;
        }
        if let Some(other) = types.insert(&shape.rust_name, &shape.name) {
            return Err(Error::Invalid {
                file: file.to_owned(),
                subject: shape.name.clone(),
                what: format!(
                    "its Rust name `{}` is also the name of shape `{other}`",
                    shape.rust_name
                ),
            });
        }
        if let ShapeKind::Structure(structure) = &shape.kind {
            let mut fields = BTreeSet::new();
            for member in &structure.members {
                if !fields.insert(&member.rust_name) {
                    return Err(Error::Invalid {
                        file: file.to_owned(),
                        subject: format!("{}.{}", shape.name, member.name),
                        what: format!(
                            "another member also becomes the field `{}`",
                            member.rust_name
                        ),
                    });
                }
            }
        }
    }
    // An operation's module also defines its call type and error enum, and imports the
    // shared types it uses: none may share a name.
    for op in &service.operations {
        if op.call_name.is_empty() {
            return Err(nameless(&op.name));
        }
        for own in [&op.call_name, &op.error_name] {
            if let Some(shape) = types.get(own.as_str()) {
                return Err(Error::Invalid {
                    file: file.to_owned(),
                    subject: op.name.clone(),
                    what: format!("its generated type `{own}` is also the name of shape `{shape}`"),
                });
            }
        }
    }
    Ok(())
}

/// An operation's call type (`GetThing`) and error enum (`GetThingError`) are named after
/// it, and a model may already have shapes of those names (batch operations often have a
/// `<Operation>Error` structure for one item's failure). The shape keeps its name; the
/// generated type takes a longer one (`GetThingCall`, `GetThingOperationError`).
pub(super) fn avoid_shape_names(service: &mut Service) {
    let taken: BTreeSet<String> = service
        .shapes
        .values()
        .filter(|shape| {
            matches!(
                shape.kind,
                ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_)
            )
        })
        .map(|shape| shape.rust_name.clone())
        .collect();
    for op in &mut service.operations {
        if taken.contains(&op.call_name) {
            op.call_name.push_str("Call");
        }
        if taken.contains(&op.error_name) {
            let base = op.error_name.trim_end_matches("Error").to_owned();
            op.error_name = format!("{base}OperationError");
        }
    }
}

/// Error responses are parsed leniently (the code and message matter more than a member
/// that did not parse), so an error's required member needs a value to fall back on; one
/// whose type has none is made optional instead.
pub(super) fn relax_error_members(service: &mut Service) {
    let mut relax = Vec::new();
    for (name, shape) in &service.shapes {
        let ShapeKind::Structure(structure) = &shape.kind else {
            continue;
        };
        if structure.role != StructureRole::Error {
            continue;
        }
        for (index, member) in structure.members.iter().enumerate() {
            if member.required && !service.has_default(member) {
                relax.push((name.clone(), index));
            }
        }
    }
    for (name, index) in relax {
        if let Some(ShapeKind::Structure(structure)) =
            service.shapes.get_mut(&name).map(|shape| &mut shape.kind)
        {
            structure.members[index].required = false;
        }
    }
}

/// A structure that contains itself through plain structure members would have infinite
/// size; the member that closes such a cycle is boxed. Lists and maps already allocate.
pub(super) fn box_recursive_members(service: &mut Service) {
    let mut to_box = Vec::new();
    for (name, shape) in &service.shapes {
        for (index, member) in shape.members().into_iter().enumerate() {
            if reaches_directly(service, &member.target, name, &mut BTreeSet::new()) {
                to_box.push((name.clone(), index));
            }
        }
    }
    for (name, index) in to_box {
        match service.shapes.get_mut(&name).map(|shape| &mut shape.kind) {
            Some(ShapeKind::Structure(structure)) => structure.members[index].boxed = true,
            Some(ShapeKind::Union(union)) => union.variants[index].member.boxed = true,
            _ => {}
        }
    }
}

fn reaches_directly(service: &Service, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
    if from == to {
        return true;
    }
    if !seen.insert(from.to_owned()) {
        return false;
    }
    match service.shapes.get(from).map(|shape| &shape.kind) {
        Some(ShapeKind::Structure(structure)) => structure
            .members
            .iter()
            .any(|member| reaches_directly(service, &member.target, to, seen)),
        Some(ShapeKind::Union(union)) => union
            .variants
            .iter()
            .any(|v| reaches_directly(service, &v.member.target, to, seen)),
        _ => false,
    }
}

/// Keeps only the named operations and the shapes they reach: the smallest client a
/// program needs.
pub fn select_operations(service: &mut Service, names: &[String]) -> Result<(), Error> {
    for name in names {
        if service.operation(name).is_none() {
            return Err(Error::UnknownOperation {
                name: name.clone(),
                known: service
                    .operations
                    .iter()
                    .map(|op| op.name.clone())
                    .collect(),
            });
        }
    }
    service.operations.retain(|op| names.contains(&op.name));
    let mut keep = BTreeSet::new();
    let mut pending: Vec<String> = service
        .operations
        .iter()
        .flat_map(|op| {
            [op.input.clone(), op.output.clone()]
                .into_iter()
                .chain(op.errors.clone())
        })
        .collect();
    while let Some(name) = pending.pop() {
        if keep.insert(name.clone()) {
            pending.extend(service.shapes[&name].targets());
        }
    }
    service.shapes.retain(|name, _| keep.contains(name));
    Ok(())
}

/// Which conversions each shape needs, so that no unused function is emitted.
#[derive(Debug, Default)]
pub struct Usage {
    /// Shapes written into request bodies.
    pub serialized: BTreeSet<String>,
    /// Shapes read from response bodies.
    pub deserialized: BTreeSet<String>,
    /// Shapes reachable from inputs (they get constructors and validation).
    pub in_input: BTreeSet<String>,
}

impl Usage {
    pub fn of(service: &Service) -> Usage {
        let mut usage = Usage::default();
        for shape in service.shapes.values() {
            let ShapeKind::Structure(structure) = &shape.kind else {
                continue;
            };
            let roots = structure.members.iter().map(|m| m.target.clone());
            match structure.role {
                StructureRole::Input => {
                    let body = structure
                        .members
                        .iter()
                        .filter(|m| matches!(m.location, Location::Body(_) | Location::Payload(_)));
                    walk(
                        service,
                        body.map(|m| m.target.clone()),
                        &mut usage.serialized,
                    );
                    walk(service, roots, &mut usage.in_input);
                }
                StructureRole::Output | StructureRole::Error => {
                    walk(service, roots, &mut usage.deserialized);
                }
                StructureRole::Nested => {}
            }
        }
        usage
    }
}

fn walk(service: &Service, roots: impl Iterator<Item = String>, into: &mut BTreeSet<String>) {
    let mut pending: Vec<String> = roots.collect();
    while let Some(name) = pending.pop() {
        if into.insert(name.clone()) {
            pending.extend(service.shapes[&name].targets());
        }
    }
}

/// Marks the input members whose values botocore changes before it sends them
/// ([`Transform::for_member`]) and the output members it changes after it parses them
/// ([`Transform::for_output_member`]).
pub fn mark_transforms(service: &mut Service) {
    let prefix = service.meta.endpoint_prefix.clone();
    let structures: Vec<(String, String, String)> = service
        .operations
        .iter()
        .map(|op| (op.name.clone(), op.input.clone(), op.output.clone()))
        .collect();
    let mut key_shapes = BTreeSet::new();
    for (operation, input, output) in structures {
        if let Some(members) = members_mut(service, &input) {
            let names: BTreeSet<String> = members.iter().map(|m| m.name.clone()).collect();
            for member in members.iter_mut() {
                member.transform =
                    Transform::for_member(&prefix, &operation, &member.name, &member.target);
                if let Some(note) = member.transform.and_then(Transform::doc_note) {
                    let docs = member.docs.get_or_insert_with(String::new);
                    docs.push_str(&format!("<p>{note}</p>"));
                }
                match member.transform {
                    Some(Transform::CustomerKey) => {
                        member.target = format!("{}Bytes", member.target);
                        key_shapes.insert(member.target.clone());
                    }
                    // Without its key there is nothing to compute the MD5 of.
                    Some(Transform::CustomerKeyMd5)
                        if !member
                            .name
                            .strip_suffix("MD5")
                            .is_some_and(|key| names.contains(key)) =>
                    {
                        member.transform = None;
                    }
                    _ => {}
                }
            }
        }
        if let Some(members) = members_mut(service, &output) {
            for member in members {
                member.transform = Transform::for_output_member(&prefix, &operation, &member.name);
            }
        }
    }
    // A key is 256 random bits, which a `String` cannot hold: the members take bytes.
    for name in key_shapes {
        service.shapes.entry(name.clone()).or_insert_with(|| Shape {
            module_name: crate::names::snake_name(&name),
            rust_name: name.clone(),
            name,
            docs: None,
            kind: ShapeKind::Blob(BlobShape {
                streaming: false,
                sensitive: true,
            }),
        });
    }
}

/// Output members botocore hands back as parsed JSON: each is retargeted to a document
/// shape and marked [`Transform::DecodeJson`]. IAM's are every member of an output-only
/// structure that targets `policyDocumentType` (a structure inputs reach too keeps its
/// string, which requests send as it is); CloudFormation's is `GetTemplate`'s
/// `TemplateBody`.
pub fn mark_json_documents(service: &mut Service) {
    let outputs: BTreeSet<String> = service
        .operations
        .iter()
        .map(|op| op.output.clone())
        .collect();
    let template = service
        .operation("GetTemplate")
        .map(|op| op.output.clone())
        .unwrap_or_default();
    let rule = |prefix: &str, structure: &str, member: &Member| -> Option<bool> {
        match prefix {
            "iam" if member.target == "policyDocumentType" => Some(true),
            "cloudformation" if structure == template && member.name == "TemplateBody" => {
                Some(false)
            }
            _ => None,
        }
    };
    let prefix = service.meta.endpoint_prefix.clone();
    if !matches!(prefix.as_str(), "iam" | "cloudformation") {
        return;
    }
    let usage = Usage::of(service);
    let reached_by_outputs_only: Vec<String> = service
        .shapes
        .keys()
        .filter(|name| {
            outputs.contains(*name)
                || (usage.deserialized.contains(*name) && !usage.in_input.contains(*name))
        })
        .cloned()
        .collect();
    let mut documents = Vec::new();
    for name in reached_by_outputs_only {
        let Some(members) = members_mut(service, &name) else {
            continue;
        };
        for member in members {
            if let Some(percent_encoded) = rule(&prefix, &name, member) {
                let document = format!("{}AsJson", member.target);
                member.target = document.clone();
                member.transform = Some(Transform::DecodeJson { percent_encoded });
                documents.push(document);
            }
        }
    }
    for name in documents {
        service.shapes.entry(name.clone()).or_insert_with(|| Shape {
            module_name: crate::names::snake_name(&name),
            rust_name: name.clone(),
            name,
            docs: None,
            kind: ShapeKind::Document,
        });
    }
}

fn members_mut<'a>(service: &'a mut Service, structure: &str) -> Option<&'a mut Vec<Member>> {
    match service.shapes.get_mut(structure) {
        Some(Shape {
            kind: ShapeKind::Structure(structure),
            ..
        }) => Some(&mut structure.members),
        _ => None,
    }
}

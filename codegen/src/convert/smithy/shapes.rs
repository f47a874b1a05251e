//! One Smithy data shape → one botocore shape.

use crate::error::Error;
use crate::reader::botocore as out;
use crate::reader::smithy::{
    self as ast, EnumValue, ErrorFault, ShapeType, TimestampFormat, Traits,
};

use super::{Context, invalid, traits_at};

/// botocore's flag for a string member that carries JSON text.
const JSON_MEDIA_TYPE: &str = "application/json";

impl Context<'_> {
    pub(super) fn shape(&self, id: &str) -> Result<out::Shape, Error> {
        let shape = &self.shapes[id];
        let traits = traits_at(self.file, id, &shape.traits)?;
        // Smithy's `@length` (strings, blobs, collections) and `@range` (numbers) are both
        // botocore's `min`/`max`.
        let bounds = traits.length.or(traits.range).unwrap_or_default();
        let mut converted = out::Shape {
            kind: botocore_type(shape.kind).to_owned(),
            documentation: traits.documentation.clone(),
            min: bounds.min,
            max: bounds.max,
            pattern: traits.pattern.clone(),
            sensitive: traits.sensitive.is_some(),
            deprecated: traits.deprecated.is_some(),
            timestamp_format: traits.timestamp_format.map(timestamp_format),
            sparse: traits.sparse.is_some(),
            location_name: traits.xml_name.clone().filter(|_| self.xml),
            xml_namespace: traits
                .xml_namespace
                .clone()
                .filter(|_| self.xml)
                .map(super::namespace),
            ..Default::default()
        };
        match shape.kind {
            ShapeType::Structure => self.structure(id, shape, &traits, &mut converted)?,
            ShapeType::Union => {
                self.structure(id, shape, &traits, &mut converted)?;
                // A streamed union is an event stream, which botocore does not also call a
                // union.
                converted.eventstream = traits.streaming.is_some();
                converted.union = !converted.eventstream;
            }
            ShapeType::Document => converted.document = true,
            ShapeType::List | ShapeType::Set => {
                converted.member = Some(self.element(id, "member", &shape.member)?);
            }
            ShapeType::Map => {
                converted.key = Some(self.element(id, "key", &shape.key)?);
                converted.value = Some(self.element(id, "value", &shape.value)?);
            }
            ShapeType::String => {
                converted.enum_values = traits
                    .enum_definitions
                    .map(|values| values.into_iter().map(|v| v.value).collect());
            }
            ShapeType::Enum => converted.enum_values = Some(self.enum_values(id, shape)?),
            ShapeType::Blob => converted.streaming = traits.streaming.is_some(),
            _ => {}
        }
        Ok(converted)
    }

    fn structure(
        &self,
        id: &str,
        shape: &ast::Shape,
        traits: &Traits,
        converted: &mut out::Shape,
    ) -> Result<(), Error> {
        for (name, member) in &shape.members {
            let member_id = format!("{id}${name}");
            let member_traits = Traits::decode(
                self.file,
                &format!("shapes.{id}.members.{name}.traits"),
                &member.traits,
            )?;
            if member_traits.required.is_some() {
                converted.required.push(name.clone());
            }
            if member_traits.http_payload.is_some() && self.binds_http {
                converted.payload = Some(name.clone());
            }
            let (location, mut location_name) = if self.binds_http {
                binding(self.file, &member_id, name, &member_traits)?
            } else {
                (None, None)
            };
            if self.xml && location.is_none() {
                // `@jsonName` means nothing to the XML and query protocols.
                location_name = member_traits.xml_name.clone();
            }
            // A restXml input's structure payload element declares the service's namespace,
            // as botocore's models say on the payload member (a blob or string payload is
            // no element, and botocore's models give it none).
            let payload_is_element = matches!(
                self.shapes[&member.target].kind,
                ShapeType::Structure | ShapeType::Union
            );
            let payload_namespace = (self.xml
                && member_traits.http_payload.is_some()
                && traits.input.is_some()
                && payload_is_element)
                .then(|| self.xml_namespace.clone())
                .flatten();
            let media_type = self.shapes[&member.target]
                .traits
                .get("smithy.api#mediaType")
                .and_then(|value| value.as_str());
            converted.members.insert(
                name.clone(),
                out::Member {
                    shape: self.names.of(&member.target).to_owned(),
                    documentation: member_traits.documentation,
                    location: location.map(str::to_owned),
                    location_name,
                    timestamp_format: member_traits.timestamp_format.map(timestamp_format),
                    idempotency_token: member_traits.idempotency_token.is_some(),
                    host_label: member_traits.host_label.is_some(),
                    jsonvalue: media_type == Some(JSON_MEDIA_TYPE),
                    deprecated: member_traits.deprecated.is_some(),
                    context_param: member_traits.context_param,
                    query_name: member_traits.ec2_query_name.filter(|_| self.xml),
                    flattened: self.xml && member_traits.xml_flattened.is_some(),
                    xml_attribute: self.xml && member_traits.xml_attribute.is_some(),
                    xml_namespace: member_traits
                        .xml_namespace
                        .filter(|_| self.xml)
                        .or(payload_namespace)
                        .map(super::namespace),
                    ..Default::default()
                },
            );
        }
        if let Some(fault) = traits.error {
            converted.exception = true;
            converted.fault = fault == ErrorFault::Server;
            converted.error = traits.http_error.map(|status| out::ErrorTrait {
                code: None,
                http_status_code: Some(status),
                sender_fault: false,
            });
            // awsQuery reports the error under its own code (a service that moved to awsJson
            // keeps the trait, which botocore's JSON models do not carry).
            if let Some(query) = traits.aws_query_error.as_ref().filter(|_| self.aws_query) {
                converted.error = Some(out::ErrorTrait {
                    code: Some(query.code.clone()),
                    http_status_code: query.http_response_code.or(traits.http_error),
                    sender_fault: fault == ErrorFault::Client,
                });
            }
        }
        Ok(())
    }

    /// A list's member or a map's key or value.
    fn element(
        &self,
        id: &str,
        role: &str,
        member: &Option<ast::Member>,
    ) -> Result<out::ShapeRef, Error> {
        let member = member
            .as_ref()
            .ok_or_else(|| invalid(self.file, id, &format!("has no `{role}`")))?;
        let traits = Traits::decode(
            self.file,
            &format!("shapes.{id}.{role}.traits"),
            &member.traits,
        )?;
        Ok(out::ShapeRef {
            shape: self.names.of(&member.target).to_owned(),
            location_name: traits.xml_name.filter(|_| self.xml),
            xml_namespace: traits
                .xml_namespace
                .filter(|_| self.xml)
                .map(super::namespace),
            ..out::ShapeRef::default()
        })
    }

    /// An `enum` shape's values, in model order: each member's `@enumValue`, or its name.
    fn enum_values(&self, id: &str, shape: &ast::Shape) -> Result<Vec<String>, Error> {
        let mut values = Vec::with_capacity(shape.members.len());
        for (name, member) in &shape.members {
            let traits = Traits::decode(
                self.file,
                &format!("shapes.{id}.members.{name}.traits"),
                &member.traits,
            )?;
            values.push(match traits.enum_value {
                None => name.clone(),
                Some(EnumValue::String(value)) => value,
                Some(EnumValue::Integer(_)) => {
                    return Err(invalid(
                        self.file,
                        &format!("{id}${name}"),
                        "a string enum's member has an integer `@enumValue`",
                    ));
                }
            });
        }
        Ok(values)
    }
}

/// A member's HTTP binding as botocore's `location` and `locationName`; a member bound to
/// nothing is in the body, under its `@jsonName` if it has one.
fn binding(
    file: &str,
    member_id: &str,
    name: &str,
    traits: &Traits,
) -> Result<(Option<&'static str>, Option<String>), Error> {
    let bindings = [
        traits
            .http_label
            .map(|_| (Some("uri"), Some(name.to_owned()))),
        traits
            .http_query
            .clone()
            .map(|key| (Some("querystring"), Some(key))),
        traits
            .http_query_params
            .map(|_| (Some("querystring"), None)),
        traits
            .http_header
            .clone()
            .map(|header| (Some("header"), Some(header))),
        traits
            .http_prefix_headers
            .clone()
            .map(|prefix| (Some("headers"), Some(prefix))),
        traits
            .http_response_code
            .map(|_| (Some("statusCode"), None)),
        // The payload is the structure's `payload`, not a member location.
        traits.http_payload.map(|_| (None, None)),
    ];
    let mut bound = bindings.into_iter().flatten();
    match (bound.next(), bound.next()) {
        (None, _) => Ok((None, traits.json_name.clone())),
        (Some(binding), None) => Ok(binding),
        (Some(_), Some(_)) => Err(invalid(
            file,
            member_id,
            "the member has more than one HTTP binding trait",
        )),
    }
}

/// The botocore `type` a Smithy shape type becomes; types botocore lacks keep their Smithy
/// name, which the lowering then refuses by name.
fn botocore_type(kind: ShapeType) -> &'static str {
    match kind {
        ShapeType::Structure | ShapeType::Union | ShapeType::Document => "structure",
        ShapeType::List | ShapeType::Set => "list",
        ShapeType::Enum => "string",
        ShapeType::IntEnum => "integer",
        other => other.as_str(),
    }
}

fn timestamp_format(format: TimestampFormat) -> String {
    match format {
        TimestampFormat::DateTime => "iso8601",
        TimestampFormat::EpochSeconds => "unixTimestamp",
        TimestampFormat::HttpDate => "rfc822",
    }
    .to_owned()
}

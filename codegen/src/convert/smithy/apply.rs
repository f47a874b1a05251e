//! The shapes a Smithy model means once its `apply` statements are merged in and the
//! prelude it relies on is present.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::Error;
use crate::reader::smithy::{self as ast, ShapeType, Traits};

use super::invalid;

/// The prelude's simple shapes and `Unit`, by name in `smithy.api`. The `Primitive*`
/// shapes differ from their boxed twins only by a default, which botocore does not carry.
const PRELUDE: &[(&str, ShapeType)] = &[
    ("String", ShapeType::String),
    ("Blob", ShapeType::Blob),
    ("BigInteger", ShapeType::BigInteger),
    ("BigDecimal", ShapeType::BigDecimal),
    ("Timestamp", ShapeType::Timestamp),
    ("Document", ShapeType::Document),
    ("Boolean", ShapeType::Boolean),
    ("PrimitiveBoolean", ShapeType::Boolean),
    ("Byte", ShapeType::Byte),
    ("PrimitiveByte", ShapeType::Byte),
    ("Short", ShapeType::Short),
    ("PrimitiveShort", ShapeType::Short),
    ("Integer", ShapeType::Integer),
    ("PrimitiveInteger", ShapeType::Integer),
    ("Long", ShapeType::Long),
    ("PrimitiveLong", ShapeType::Long),
    ("Float", ShapeType::Float),
    ("PrimitiveFloat", ShapeType::Float),
    ("Double", ShapeType::Double),
    ("PrimitiveDouble", ShapeType::Double),
    // An empty structure: "no input", "no output", or a union variant without a value.
    ("Unit", ShapeType::Structure),
];

/// `smithy.api#Unit`, which as an operation's input or output means there is none.
pub(super) const UNIT: &str = "smithy.api#Unit";

/// The model's shapes with the prelude added and every `apply` statement merged into the
/// shape or member it names (and removed).
pub(super) fn resolve(
    file: &str,
    shapes: &BTreeMap<String, ast::Shape>,
) -> Result<BTreeMap<String, ast::Shape>, Error> {
    let mut resolved: BTreeMap<String, ast::Shape> = PRELUDE
        .iter()
        .map(|(name, kind)| (format!("smithy.api#{name}"), empty_shape(*kind)))
        .collect();
    for (id, shape) in shapes {
        if shape.kind != ShapeType::Apply {
            resolved.insert(id.clone(), shape.clone());
        }
    }
    for (id, statement) in shapes {
        if statement.kind != ShapeType::Apply {
            continue;
        }
        // Checked where they are written, so that an error points at the statement.
        Traits::decode(file, &format!("shapes.{id}.traits"), &statement.traits)?;
        let traits = traits_of(&mut resolved, id).ok_or_else(|| {
            invalid(
                file,
                id,
                "an `apply` statement names a shape or member this file does not define",
            )
        })?;
        for (trait_id, value) in &statement.traits {
            merge(file, id, traits, trait_id, value)?;
        }
    }
    Ok(resolved)
}

fn empty_shape(kind: ShapeType) -> ast::Shape {
    ast::Shape {
        kind,
        traits: Default::default(),
        mixins: Vec::new(),
        members: Default::default(),
        member: None,
        key: None,
        value: None,
        version: None,
        rename: Default::default(),
        operations: Vec::new(),
        resources: Vec::new(),
        errors: Vec::new(),
        input: None,
        output: None,
        create: None,
        put: None,
        read: None,
        update: None,
        delete: None,
        list: None,
        collection_operations: Vec::new(),
    }
}

/// The trait map of a shape (`ns#Shape`) or of one of its members (`ns#Shape$member`).
fn traits_of<'a>(
    shapes: &'a mut BTreeMap<String, ast::Shape>,
    id: &str,
) -> Option<&'a mut ast::TraitValues> {
    let (shape_id, member) = match id.split_once('$') {
        Some((shape_id, member)) => (shape_id, Some(member)),
        None => (id, None),
    };
    let shape = shapes.get_mut(shape_id)?;
    let Some(member) = member else {
        return Some(&mut shape.traits);
    };
    Some(&mut member_mut(shape, member)?.traits)
}

/// A shape's member by role: a list's or set's `member`, a map's `key` or `value`, or a
/// structure's or union's member of that name.
pub(super) fn member_mut<'a>(shape: &'a mut ast::Shape, role: &str) -> Option<&'a mut ast::Member> {
    match (shape.kind, role) {
        (ShapeType::List | ShapeType::Set, "member") => shape.member.as_mut(),
        (ShapeType::Map, "key") => shape.key.as_mut(),
        (ShapeType::Map, "value") => shape.value.as_mut(),
        _ => shape.members.get_mut(role),
    }
}

/// Smithy's rule for a trait applied twice: lists concatenate, equal values agree, anything
/// else is a conflict.
fn merge(
    file: &str,
    id: &str,
    traits: &mut ast::TraitValues,
    trait_id: &str,
    value: &Value,
) -> Result<(), Error> {
    match traits.get_mut(trait_id) {
        None => {
            traits.insert(trait_id.to_owned(), value.clone());
        }
        Some(Value::Array(existing)) if value.is_array() => {
            existing.extend(value.as_array().into_iter().flatten().cloned());
        }
        Some(existing) if existing == value => {}
        Some(_) => {
            return Err(invalid(
                file,
                id,
                &format!("`{trait_id}` is applied with a value that conflicts with the one it has"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn traits(value: Value) -> ast::TraitValues {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn applied_lists_concatenate_and_equal_values_agree() {
        let mut on_shape = traits(json!({"smithy.api#tags": ["a"], "smithy.api#sensitive": {}}));
        merge(
            "m.json",
            "ns#S",
            &mut on_shape,
            "smithy.api#tags",
            &json!(["b"]),
        )
        .unwrap();
        merge(
            "m.json",
            "ns#S",
            &mut on_shape,
            "smithy.api#sensitive",
            &json!({}),
        )
        .unwrap();
        merge(
            "m.json",
            "ns#S",
            &mut on_shape,
            "smithy.api#title",
            &json!("T"),
        )
        .unwrap();
        assert_eq!(
            on_shape,
            traits(json!({
                "smithy.api#tags": ["a", "b"],
                "smithy.api#sensitive": {},
                "smithy.api#title": "T"
            }))
        );
    }

    #[test]
    fn applying_a_different_value_is_a_conflict() {
        let mut on_shape = traits(json!({"smithy.api#pattern": "^a$"}));
        let error = merge(
            "m.json",
            "ns#S",
            &mut on_shape,
            "smithy.api#pattern",
            &json!("^b$"),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "m.json: `ns#S`: `smithy.api#pattern` is applied with a value that conflicts with \
             the one it has"
        );
    }

    #[test]
    fn list_and_map_members_are_addressed_by_their_role() {
        let shapes: BTreeMap<String, ast::Shape> = serde_json::from_value(json!({
            "ns#L": {"type": "list", "member": {"target": "smithy.api#String"}},
            "ns#M": {"type": "map", "key": {"target": "smithy.api#String"},
                     "value": {"target": "smithy.api#String"}},
            "ns#L$member": {"type": "apply", "traits": {"smithy.api#documentation": "item"}},
            "ns#M$value": {"type": "apply", "traits": {"smithy.api#documentation": "value"}}
        }))
        .unwrap();
        let resolved = resolve("m.json", &shapes).unwrap();
        let doc = |member: &Option<ast::Member>| member.as_ref().unwrap().traits.clone();
        assert_eq!(
            doc(&resolved["ns#L"].member),
            traits(json!({"smithy.api#documentation": "item"}))
        );
        assert_eq!(
            doc(&resolved["ns#M"].value),
            traits(json!({"smithy.api#documentation": "value"}))
        );
        assert!(doc(&resolved["ns#M"].key).is_empty());
        assert!(
            !resolved.contains_key("ns#L$member"),
            "statements are merged away"
        );
        assert_eq!(resolved["smithy.api#Unit"].kind, ShapeType::Structure);
    }
}

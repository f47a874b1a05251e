//! Constraint traits on members, moved onto shapes of their own.
//!
//! Smithy IDL 2.0 lets a member narrow its target (`@length`, `@range`, `@pattern` on the
//! member); botocore keeps constraints on shapes only. AWS's translation gives each such
//! member a copy of its target that carries the member's constraints, named after the
//! member: `ListRegionsRequest.MaxResults` targeting `Integer` with `@range(min: 1, max: 50)`
//! becomes the shape `ListRegionsRequestMaxResultsInteger`. Doing the same here keeps the IR
//! one model, whichever format it came from, and names the shape as botocore does.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::reader::smithy::{self as ast, ShapeType};

use super::apply::member_mut;
use super::{invalid, local_name};

/// The member traits that narrow a target.
const CONSTRAINTS: &[&str] = &[
    "smithy.api#length",
    "smithy.api#range",
    "smithy.api#pattern",
];

/// A member (of a structure or union, or a list's, set's or map's element) that carries
/// constraints: where it is and what it becomes.
struct Narrowed {
    owner: String,
    /// The member's name, or `member`, `key`, `value` for an element.
    role: String,
    shape_id: String,
}

/// `shapes` with every member's constraint traits moved onto a new shape that the member
/// then targets. Structure and union members go first and lists' and maps' elements after,
/// as AWS's translation does: a narrowed copy of a list names its own narrowed element
/// (`ConverseRequestAdditionalModelResponseFieldPathsListMemberString`).
pub(super) fn hoist(
    file: &str,
    mut shapes: BTreeMap<String, ast::Shape>,
) -> Result<BTreeMap<String, ast::Shape>, Error> {
    for elements in [false, true] {
        let narrowed = narrowed_members(&shapes, elements);
        for member in narrowed {
            narrow(file, &mut shapes, member)?;
        }
    }
    Ok(shapes)
}

/// The members that carry constraints: of structures and unions, or else (`elements`) of
/// lists, sets and maps.
fn narrowed_members(shapes: &BTreeMap<String, ast::Shape>, elements: bool) -> Vec<Narrowed> {
    let mut narrowed = Vec::new();
    for (id, shape) in shapes {
        let is_collection = matches!(
            shape.kind,
            ShapeType::List | ShapeType::Set | ShapeType::Map
        );
        if is_collection != elements {
            continue;
        }
        for (role, member) in members(shape) {
            if !CONSTRAINTS
                .iter()
                .any(|name| member.traits.contains_key(*name))
            {
                continue;
            }
            let Some(target) = shapes.get(&member.target) else {
                // A dangling target is reported, with its member, where references are
                // followed.
                continue;
            };
            let (namespace, owner) = id.split_once('#').unwrap_or(("", id));
            narrowed.push(Narrowed {
                owner: id.clone(),
                role: role.to_owned(),
                shape_id: format!(
                    "{namespace}#{owner}{}{}",
                    capitalized(role),
                    capitalized(target.kind.as_str())
                ),
            });
        }
    }
    narrowed
}

fn narrow(
    file: &str,
    shapes: &mut BTreeMap<String, ast::Shape>,
    Narrowed {
        owner,
        role,
        shape_id,
    }: Narrowed,
) -> Result<(), Error> {
    if shapes.contains_key(&shape_id) {
        return Err(invalid(
            file,
            &format!("{owner}${role}"),
            &format!(
                "the member's constraints would make the shape `{}`, which the model \
                 already defines",
                local_name(&shape_id)
            ),
        ));
    }
    let owner_shape = shapes.get_mut(&owner).expect("collected above");
    let member = member_mut(owner_shape, &role).expect("a role `members` returned");
    let mut constraints = BTreeMap::new();
    for name in CONSTRAINTS {
        if let Some(value) = member.traits.remove(*name) {
            constraints.insert((*name).to_owned(), value);
        }
    }
    let target_id = std::mem::replace(&mut member.target, shape_id.clone());
    let mut narrowed = shapes[&target_id].clone();
    // The member's documentation stays on the member; a constraint the member states
    // replaces the target's, as Smithy's trait precedence says.
    narrowed.traits.remove("smithy.api#documentation");
    narrowed.traits.extend(constraints);
    shapes.insert(shape_id, narrowed);
    Ok(())
}

/// A shape's members by role: structure and union members by name, a list's or set's
/// `member`, a map's `key` and `value`. Enum members are values, not references.
fn members(shape: &ast::Shape) -> Vec<(&str, &ast::Member)> {
    match shape.kind {
        ShapeType::Structure | ShapeType::Union => shape
            .members
            .iter()
            .map(|(name, member)| (name.as_str(), member))
            .collect(),
        ShapeType::List | ShapeType::Set => shape.member.iter().map(|m| ("member", m)).collect(),
        ShapeType::Map => [("key", &shape.key), ("value", &shape.value)]
            .into_iter()
            .filter_map(|(role, member)| member.as_ref().map(|m| (role, m)))
            .collect(),
        _ => Vec::new(),
    }
}

/// `maxResults` → `MaxResults`, `intEnum` → `IntEnum`.
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn shapes(value: serde_json::Value) -> BTreeMap<String, ast::Shape> {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a_member_constraint_becomes_a_shape_named_as_botocore_names_it() {
        let model = shapes(json!({
            "smithy.api#Integer": {"type": "integer"},
            "ns#Count": {"type": "integer", "traits": {
                "smithy.api#documentation": "A count.", "smithy.api#range": {"min": 0}}},
            "ns#ListRegionsRequest": {"type": "structure", "members": {
                "MaxResults": {"target": "smithy.api#Integer", "traits": {
                    "smithy.api#range": {"min": 1, "max": 50},
                    "smithy.api#documentation": "How many."}},
                "limit": {"target": "ns#Count", "traits": {"smithy.api#range": {"max": 9}}},
                "Plain": {"target": "smithy.api#Integer"}}},
            "ns#Tags": {"type": "map",
                "key": {"target": "smithy.api#Integer", "traits": {"smithy.api#range": {"max": 3}}},
                "value": {"target": "smithy.api#Integer"}}
        }));
        let model = hoist("m.json", model).unwrap();

        let request = &model["ns#ListRegionsRequest"].members;
        let max_results = &request["MaxResults"];
        assert_eq!(max_results.target, "ns#ListRegionsRequestMaxResultsInteger");
        assert_eq!(
            serde_json::to_value(&max_results.traits).unwrap(),
            json!({"smithy.api#documentation": "How many."}),
        );
        let synthesized = &model["ns#ListRegionsRequestMaxResultsInteger"];
        assert_eq!(synthesized.kind, ShapeType::Integer);
        assert_eq!(
            serde_json::to_value(&synthesized.traits).unwrap(),
            json!({"smithy.api#range": {"min": 1, "max": 50}}),
        );
        // The member's `@range` replaces the target's; the target's documentation is its own.
        assert_eq!(
            serde_json::to_value(&model["ns#ListRegionsRequestLimitInteger"].traits).unwrap(),
            json!({"smithy.api#range": {"max": 9}}),
        );
        assert_eq!(request["Plain"].target, "smithy.api#Integer");
        assert_eq!(
            model["ns#Tags"].key.as_ref().unwrap().target,
            "ns#TagsKeyInteger"
        );
        assert_eq!(
            model["ns#Tags"].value.as_ref().unwrap().target,
            "smithy.api#Integer"
        );
    }

    #[test]
    fn a_narrowed_copy_of_a_list_names_its_own_narrowed_element() {
        let model = shapes(json!({
            "smithy.api#String": {"type": "string"},
            "ns#Paths": {"type": "list", "member": {
                "target": "smithy.api#String", "traits": {"smithy.api#length": {"min": 1}}}},
            "ns#ConverseRequest": {"type": "structure", "members": {
                "paths": {"target": "ns#Paths", "traits": {"smithy.api#length": {"max": 10}}}}}
        }));
        let model = hoist("m.json", model).unwrap();
        assert_eq!(
            model["ns#ConverseRequest"].members["paths"].target,
            "ns#ConverseRequestPathsList"
        );
        let copy = &model["ns#ConverseRequestPathsList"];
        assert_eq!(
            copy.member.as_ref().unwrap().target,
            "ns#ConverseRequestPathsListMemberString"
        );
        assert_eq!(
            model["ns#Paths"].member.as_ref().unwrap().target,
            "ns#PathsMemberString"
        );
        assert_eq!(
            serde_json::to_value(&model["ns#ConverseRequestPathsListMemberString"].traits).unwrap(),
            json!({"smithy.api#length": {"min": 1}}),
        );
    }

    #[test]
    fn a_name_the_model_already_uses_is_refused_with_the_member() {
        let model = shapes(json!({
            "smithy.api#String": {"type": "string"},
            "ns#In": {"type": "structure", "members": {
                "name": {"target": "smithy.api#String", "traits": {"smithy.api#length": {"max": 3}}}}},
            "ns#InNameString": {"type": "string"}
        }));
        let error = hoist("m.json", model).unwrap_err();
        assert_eq!(
            error.to_string(),
            "m.json: `ns#In$name`: the member's constraints would make the shape \
             `InNameString`, which the model already defines"
        );
    }
}

//! Converters from botocore-style parameter values (JSON) to the Rust values the generated
//! types hold. Modules written by `awsgen_codegen::emit::params_module` call them member by
//! member.

use std::collections::HashMap;

use awsgen_runtime::body::RequestBody;
use awsgen_runtime::json::{Blob, Document, Number, Value};
use awsgen_runtime::time::DateTime;

pub fn required<T>(
    params: &Value,
    key: &str,
    convert: impl Fn(&Value) -> Result<T, String>,
) -> Result<T, String> {
    let value = params
        .get(key)
        .ok_or_else(|| format!("the parameters have no required member `{key}`"))?;
    convert(value).map_err(|error| format!("`{key}`: {error}"))
}

pub fn optional<T>(
    params: &Value,
    key: &str,
    convert: impl Fn(&Value) -> Result<T, String>,
) -> Result<Option<T>, String> {
    // botocore leaves out a parameter given as `None`.
    params
        .get(key)
        .filter(|value| **value != Value::Null)
        .map(|value| convert(value).map_err(|error| format!("`{key}`: {error}")))
        .transpose()
}

pub fn string(value: &Value) -> Result<String, String> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("expected a string, found {}", value.kind()))
}

/// The JSON text botocore sends (base64-encoded) for a `jsonvalue` header: the parameter,
/// which may be any JSON value, as `json.dumps(value, separators=(",", ":"))` writes it —
/// compact, with every character beyond ASCII escaped.
pub fn json_header_text(value: &Value) -> Result<String, String> {
    let mut text = String::new();
    for c in awsgen_runtime::json::to_string(value).chars() {
        if c.is_ascii() {
            text.push(c);
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                text.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    Ok(text)
}

pub fn boolean(value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(format!("expected a boolean, found {}", other.kind())),
    }
}

pub fn i64(value: &Value) -> Result<i64, String> {
    match value {
        Value::Number(Number::Int(n)) => Ok(*n),
        other => Err(format!("expected an integer, found {}", other.kind())),
    }
}

pub fn i32(value: &Value) -> Result<i32, String> {
    i64(value).and_then(|n| i32::try_from(n).map_err(|_| format!("{n} does not fit in an i32")))
}

/// The protocol suites write the floats JSON has no literal for as strings, and botocore's
/// runner turns them back into floats before serializing.
pub fn f64(value: &Value) -> Result<f64, String> {
    match value {
        Value::Number(n) => Ok(n.as_f64()),
        Value::String(s) if s == "NaN" => Ok(f64::NAN),
        Value::String(s) if s == "Infinity" => Ok(f64::INFINITY),
        Value::String(s) if s == "-Infinity" => Ok(f64::NEG_INFINITY),
        other => Err(format!("expected a number, found {}", other.kind())),
    }
}

pub fn f32(value: &Value) -> Result<f32, String> {
    f64(value).map(|n| n as f32)
}

/// botocore takes a timestamp as epoch seconds or as an ISO 8601 string.
pub fn timestamp(value: &Value) -> Result<DateTime, String> {
    match value {
        Value::Number(n) => {
            DateTime::from_secs_f64(n.as_f64()).ok_or_else(|| format!("{n:?} is not a time"))
        }
        Value::String(s) => DateTime::parse_iso8601(s).map_err(|e| e.to_string()),
        other => Err(format!("expected a timestamp, found {}", other.kind())),
    }
}

/// botocore takes a blob as text (its UTF-8 bytes).
pub fn blob(value: &Value) -> Result<Blob, String> {
    string(value).map(|s| Blob::new(s.into_bytes()))
}

/// A streamed payload given as text: its bytes, in memory.
pub fn request_body(value: &Value) -> Result<RequestBody, String> {
    string(value).map(RequestBody::from)
}

pub fn document(value: &Value) -> Result<Document, String> {
    Ok(value.clone())
}

pub fn list<T>(
    value: &Value,
    element: impl Fn(&Value) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| element(item).map_err(|e| format!("[{i}]: {e}")))
            .collect(),
        other => Err(format!("expected a list, found {}", other.kind())),
    }
}

pub fn sparse_list<T>(
    value: &Value,
    element: impl Fn(&Value) -> Result<T, String>,
) -> Result<Vec<Option<T>>, String> {
    list(value, |item| match item {
        Value::Null => Ok(None),
        item => element(item).map(Some),
    })
}

pub fn map<T>(
    value: &Value,
    entry: impl Fn(&Value) -> Result<T, String>,
) -> Result<HashMap<String, T>, String> {
    match value {
        Value::Object(members) => members
            .iter()
            .map(|(k, v)| {
                entry(v)
                    .map(|v| (k.clone(), v))
                    .map_err(|e| format!("{k}: {e}"))
            })
            .collect(),
        other => Err(format!("expected a map, found {}", other.kind())),
    }
}

pub fn sparse_map<T>(
    value: &Value,
    entry: impl Fn(&Value) -> Result<T, String>,
) -> Result<HashMap<String, Option<T>>, String> {
    map(value, |v| match v {
        Value::Null => Ok(None),
        v => entry(v).map(Some),
    })
}

/// Refuses a parameter that is not one of the structure's members.
pub fn only(params: &Value, known: &[&str]) -> Result<(), String> {
    let Value::Object(members) = params else {
        return Err(format!("expected a structure, found {}", params.kind()));
    };
    match members
        .iter()
        .find(|(key, _)| !known.contains(&key.as_str()))
    {
        Some((key, _)) => Err(format!(
            "unknown parameter `{key}`; the members are {known:?}"
        )),
        None => Ok(()),
    }
}

/// A union given as an object with exactly one member.
pub fn union<T>(
    value: &Value,
    variant: impl Fn(&str, &Value) -> Result<T, String>,
) -> Result<T, String> {
    match value {
        Value::Object(members) => match members.as_slice() {
            [(key, value)] => variant(key, value).map_err(|e| format!("{key}: {e}")),
            _ => Err(format!("a union takes one member, not {}", members.len())),
        },
        other => Err(format!("expected a union, found {}", other.kind())),
    }
}

//! How model names become Rust names. Every emitter uses the names the IR stores; only the
//! IR builders call these functions.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Type names that generated code uses unqualified (the prelude and what it imports from
/// the runtime into files that also name model types), which a model type must not shadow.
const RESERVED_TYPES: &[&str] = &[
    "AuthScheme",
    "Blob",
    "Box",
    "Client",
    "Clone",
    "Config",
    "Debug",
    "Default",
    "DeserializeError",
    "Document",
    "DateTime",
    "Err",
    "Error",
    "ErrorMetadata",
    "HashMap",
    "HttpResponse",
    "Items",
    "JsonError",
    "JsonReader",
    "None",
    "ObjectWriter",
    "Ok",
    "Operation",
    "Option",
    "Pages",
    "Paginated",
    "PaginatedItems",
    "Path",
    "ReadJson",
    "RequestContext",
    "Result",
    "SdkError",
    "Self",
    "SerializedRequest",
    "ServiceError",
    "Some",
    "String",
    "TimestampFormat",
    "ToJson",
    "Validate",
    "Validator",
    "Value",
    "ValueWriter",
    "Vec",
];

/// A structure or enum's type name: `createDeploymentRequest` → `CreateDeploymentRequest`.
pub fn type_name(model_name: &str) -> String {
    type_name_avoiding(model_name, |_| false)
}

/// [`type_name`], where the name that replaces a reserved one must not be `taken` (by
/// another shape of the model): `<Name>Type`, else `<Name>Shape`, else `<Name>Type2`, ….
/// Lambda has both `Operation` and `OperationType`.
pub fn type_name_avoiding(model_name: &str, taken: impl Fn(&str) -> bool) -> String {
    let name = model_name.to_upper_camel_case();
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Shape{name}")
    } else {
        name
    };
    if !RESERVED_TYPES.contains(&name.as_str()) {
        return name;
    }
    let suffixes = ["Type".to_owned(), "Shape".to_owned()]
        .into_iter()
        .chain((2..).map(|n| format!("Type{n}")));
    suffixes
        .map(|suffix| format!("{name}{suffix}"))
        .find(|candidate| !taken(candidate))
        .expect("the suffixes never end")
}

/// A field, method or module name: `branchName` → `branch_name`, `type` → `r#type`.
pub fn snake_name(model_name: &str) -> String {
    let name = model_name.to_snake_case();
    let name = if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{name}")
    } else {
        name
    };
    escape_keyword(name)
}

/// An enum variant for a string value: `PULL_REQUEST` → `PullRequest`, `t2.micro` →
/// `T2Micro`, `2017-07-25` → `V20170725`.
pub fn variant_name(value: &str) -> String {
    let name = value.to_upper_camel_case();
    if name.is_empty() {
        "Empty".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name
    }
}

/// The variant of an operation's error enum: the error's type name without `Exception`.
pub fn error_variant_name(type_name: &str) -> String {
    match type_name.strip_suffix("Exception") {
        Some(stem) if !stem.is_empty() => stem.to_owned(),
        _ => type_name.to_owned(),
    }
}

fn escape_keyword(name: String) -> String {
    match name.as_str() {
        // These cannot be raw identifiers.
        "self" | "super" | "crate" | "Self" => format!("{name}_"),
        _ if KEYWORDS.contains(&name.as_str()) => format!("r#{name}"),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_become_snake_case_with_keywords_escaped() {
        assert_eq!(snake_name("branchName"), "branch_name");
        assert_eq!(snake_name("type"), "r#type");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("ARN"), "arn");
        assert_eq!(snake_name("3dModel"), "n3d_model");
    }

    #[test]
    fn types_avoid_names_generated_code_relies_on() {
        assert_eq!(type_name("App"), "App");
        assert_eq!(type_name("Result"), "ResultType");
        assert_eq!(type_name("String"), "StringType");
        assert_eq!(type_name("option"), "OptionType");
        // An operation file imports the runtime's `ServiceError` beside the model's types
        // (OpsWorks' `DescribeServiceErrors` returns a list of `ServiceError`).
        assert_eq!(type_name("ServiceError"), "ServiceErrorType");
    }

    #[test]
    fn a_reserved_name_is_not_replaced_by_the_name_of_another_shape() {
        let lambda = |name: &str| name == "OperationType";
        assert_eq!(type_name_avoiding("Operation", lambda), "OperationShape");
        let both = |name: &str| name == "OperationType" || name == "OperationShape";
        assert_eq!(type_name_avoiding("Operation", both), "OperationType2");
        assert_eq!(type_name_avoiding("OperationType", lambda), "OperationType");
    }

    #[test]
    fn enum_values_become_variants() {
        assert_eq!(variant_name("PULL_REQUEST"), "PullRequest");
        assert_eq!(variant_name("t2.micro"), "T2Micro");
        assert_eq!(variant_name("2017-07-25"), "V20170725");
        assert_eq!(variant_name(""), "Empty");
    }

    #[test]
    fn error_variants_drop_the_exception_suffix() {
        assert_eq!(error_variant_name("BadRequestException"), "BadRequest");
        assert_eq!(error_variant_name("Exception"), "Exception");
        assert_eq!(error_variant_name("AccessDenied"), "AccessDenied");
    }
}

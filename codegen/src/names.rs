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

/// Type names that generated code uses unqualified (the prelude and what it imports), which
/// a model type must not shadow.
const RESERVED_TYPES: &[&str] = &[
    "Blob",
    "Box",
    "Client",
    "Clone",
    "Config",
    "Debug",
    "Default",
    "Document",
    "DateTime",
    "Err",
    "Error",
    "ErrorMetadata",
    "HashMap",
    "HttpResponse",
    "None",
    "Ok",
    "Operation",
    "Option",
    "Path",
    "Result",
    "Self",
    "Some",
    "String",
    "ToJson",
    "Validate",
    "Validator",
    "Value",
    "Vec",
];

/// A structure or enum's type name: `createDeploymentRequest` → `CreateDeploymentRequest`.
pub fn type_name(model_name: &str) -> String {
    let name = model_name.to_upper_camel_case();
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Shape{name}")
    } else {
        name
    };
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Type")
    } else {
        name
    }
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

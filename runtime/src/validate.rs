//! Client-side input validation with botocore's rules and messages.
//!
//! Generated code describes each constrained member by calling a [`Validator`] method with
//! the member's [`Path`]; every broken rule is collected so the user sees all of them at
//! once, as botocore's `ParamValidationError` reports them. Paths are built on the stack and
//! only rendered to text when a rule is broken, so a valid input costs no allocation.
//!
//! Strict validation ([`ConfigBuilder::strict_validation`](crate::config::ConfigBuilder::strict_validation))
//! adds the rules botocore leaves to the service: maximum lengths and values, patterns and
//! enum values. Their checks are always generated, and do nothing unless the validator is
//! strict, so that the default stays exactly botocore's.

use std::collections::HashMap;
use std::fmt;

use crate::error::{ValidationError, Violation};
use crate::pattern::Pattern;

/// Where a value sits inside an operation's input, rendered the way botocore names it:
/// `appId`, `customRules[0].source`, `fileMap.index.html`, `tags (key: Name)`.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    Root,
    Member(&'a Path<'a>, &'static str),
    Index(&'a Path<'a>, usize),
    MapKey(&'a Path<'a>, &'a str),
    MapValue(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    pub fn member(&'a self, name: &'static str) -> Path<'a> {
        Path::Member(self, name)
    }

    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    pub fn map_key(&'a self, key: &'a str) -> Path<'a> {
        Path::MapKey(self, key)
    }

    pub fn map_value(&'a self, key: &'a str) -> Path<'a> {
        Path::MapValue(self, key)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // botocore calls the input itself "input".
            Path::Root => f.write_str("input"),
            Path::Member(Path::Root, name) => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
            Path::MapKey(parent, key) => write!(f, "{parent} (key: {key})"),
            Path::MapValue(parent, key) => write!(f, "{parent}.{key}"),
        }
    }
}

/// A value whose length the model constrains. Strings count characters (Unicode scalar
/// values), as Python's `len` does in botocore.
pub trait Length {
    fn length(&self) -> usize;
}

impl Length for str {
    fn length(&self) -> usize {
        self.chars().count()
    }
}

impl Length for String {
    fn length(&self) -> usize {
        self.as_str().length()
    }
}

impl<T> Length for Vec<T> {
    fn length(&self) -> usize {
        self.len()
    }
}

impl<K, V, S> Length for HashMap<K, V, S> {
    fn length(&self) -> usize {
        self.len()
    }
}

/// Implemented by generated types that have members with constraints.
pub trait Validate {
    fn validate(&self, path: Path<'_>, validator: &mut Validator);
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: Path<'_>, validator: &mut Validator) {
        for (index, item) in self.iter().enumerate() {
            item.validate(path.index(index), validator);
        }
    }
}

impl<T: Validate, S> Validate for HashMap<String, T, S> {
    fn validate(&self, path: Path<'_>, validator: &mut Validator) {
        for (key, value) in self {
            value.validate(path.map_value(key), validator);
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: Path<'_>, validator: &mut Validator) {
        if let Some(value) = self {
            value.validate(path, validator);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, path: Path<'_>, validator: &mut Validator) {
        (**self).validate(path, validator);
    }
}

/// Collects broken rules.
#[derive(Debug, Default)]
pub struct Validator {
    violations: Vec<Violation>,
    strict: bool,
}

impl Validator {
    /// A validator with botocore's rules only.
    pub fn new() -> Self {
        Self::default()
    }

    /// A validator that also checks maximums, patterns and enum values.
    pub fn strict() -> Self {
        Self {
            violations: Vec::new(),
            strict: true,
        }
    }

    /// The model's `min` on a string, list or map.
    pub fn min_length<T: Length + ?Sized>(&mut self, path: Path<'_>, value: &T, min: usize) {
        let length = value.length();
        if length < min {
            self.report(
                path,
                format!(
                    "Invalid length for parameter {path}, value: {length}, valid min length: {min}"
                ),
            );
        }
    }

    /// The model's `min` on a number.
    pub fn min_value<T>(&mut self, path: Path<'_>, value: T, min: T)
    where
        T: PartialOrd + fmt::Display,
    {
        if value < min {
            self.report(
                path,
                format!(
                    "Invalid value for parameter {path}, value: {value}, valid min value: {min}"
                ),
            );
        }
    }

    /// A member that goes into the host name, checked as botocore checks it: letters,
    /// digits, hyphens and periods only.
    pub fn host_label(&mut self, path: Path<'_>, value: &str) {
        let valid = !value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if !valid {
            self.report(
                path,
                format!(
                    "Invalid value for parameter(s): {path}. Must contain only alphanumeric \
                     characters, hyphen, or period."
                ),
            );
        }
    }

    /// Strict only: the model's `max` on a string, list or map.
    pub fn max_length<T: Length + ?Sized>(&mut self, path: Path<'_>, value: &T, max: usize) {
        if !self.strict {
            return;
        }
        let length = value.length();
        if length > max {
            self.report(
                path,
                format!(
                    "Invalid length for parameter {path}, value: {length}, valid max length: {max}"
                ),
            );
        }
    }

    /// Strict only: the model's `max` on a number.
    pub fn max_value<T>(&mut self, path: Path<'_>, value: T, max: T)
    where
        T: PartialOrd + fmt::Display,
    {
        if self.strict && value > max {
            self.report(
                path,
                format!(
                    "Invalid value for parameter {path}, value: {value}, valid max value: {max}"
                ),
            );
        }
    }

    /// Strict only: the model's `pattern` on a string.
    pub fn pattern(&mut self, path: Path<'_>, value: &str, pattern: &Pattern) {
        if self.strict && !pattern.is_match(value) {
            self.report(
                path,
                format!(
                    "Invalid value for parameter {path}, value: {value}, does not match pattern: {}",
                    pattern.source
                ),
            );
        }
    }

    /// [`pattern`](Self::pattern) for a sensitive member: the message leaves the value out.
    pub fn sensitive_pattern(&mut self, path: Path<'_>, value: &str, pattern: &Pattern) {
        if self.strict && !pattern.is_match(value) {
            self.report(
                path,
                format!(
                    "Invalid value for parameter {path} (sensitive, not shown), does not match pattern: {}",
                    pattern.source
                ),
            );
        }
    }

    /// Strict only: a string enum's value must be one the model lists.
    pub fn enum_value(&mut self, path: Path<'_>, value: &str, values: &[&str]) {
        if self.strict && !values.contains(&value) {
            self.report(
                path,
                format!(
                    "Invalid value for parameter {path}, value: {value}, valid values: {}",
                    values.join(", ")
                ),
            );
        }
    }

    /// S3's user metadata travels in headers, which S3 reads as ASCII: every key and value
    /// must be (botocore's `validate_ascii_metadata`, whose message this is but for its
    /// spacing). Each offending entry is reported, by key.
    pub fn ascii_metadata(&mut self, path: Path<'_>, metadata: &HashMap<String, String>) {
        let mut offending: Vec<_> = metadata
            .iter()
            .filter(|(key, value)| !key.is_ascii() || !value.is_ascii())
            .collect();
        offending.sort();
        for (key, value) in offending {
            self.report(
                path.map_value(key),
                format!(
                    "Non ascii characters found in S3 metadata for key \"{key}\", value: \
                     \"{value}\". S3 metadata can only contain ASCII characters."
                ),
            );
        }
    }

    fn report(&mut self, path: Path<'_>, message: String) {
        self.violations.push(Violation {
            member: path.to_string(),
            message,
        });
    }

    pub fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.violations,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::Node;

    static DIGITS: Pattern = Pattern {
        source: "^[0-9]+$",
        alternatives: &[&[
            Node::Start,
            Node::Repeat {
                node: &Node::Class {
                    negated: false,
                    items: &[crate::pattern::ClassItem::Range('0', '9')],
                },
                min: 1,
                max: u32::MAX,
                greedy: true,
            },
            Node::End,
        ]],
    };

    fn check(mut validator: Validator) -> Vec<String> {
        let root = Path::Root;
        let path = root.member("pin");
        validator.max_length(path, "12345", 4);
        validator.max_value(path, 10, 9);
        validator.pattern(path, "12a", &DIGITS);
        validator.sensitive_pattern(path, "s3cret", &DIGITS);
        validator.enum_value(path, "C", &["A", "B"]);
        match validator.finish() {
            Ok(()) => Vec::new(),
            Err(error) => error.violations.into_iter().map(|v| v.message).collect(),
        }
    }

    #[test]
    fn strict_rules_are_silent_unless_the_validator_is_strict() {
        assert!(check(Validator::new()).is_empty());
    }

    #[test]
    fn strict_rules_name_the_member_and_the_rule_and_hide_sensitive_values() {
        assert_eq!(
            check(Validator::strict()),
            [
                "Invalid length for parameter pin, value: 5, valid max length: 4",
                "Invalid value for parameter pin, value: 10, valid max value: 9",
                "Invalid value for parameter pin, value: 12a, does not match pattern: ^[0-9]+$",
                "Invalid value for parameter pin (sensitive, not shown), does not match pattern: ^[0-9]+$",
                "Invalid value for parameter pin, value: C, valid values: A, B",
            ]
        );
    }

    #[test]
    fn metadata_that_is_not_ascii_is_refused_entry_by_entry() {
        let metadata: HashMap<String, String> = [("plain", "ascii"), ("ok", "café"), ("ключ", "v")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let mut validator = Validator::new();
        validator.ascii_metadata(Path::Root.member("Metadata"), &metadata);
        let violations = validator
            .finish()
            .expect_err("two entries are not ASCII")
            .violations;
        let reported: Vec<(&str, &str)> = violations
            .iter()
            .map(|v| (v.member.as_str(), v.message.as_str()))
            .collect();
        assert_eq!(
            reported,
            [
                (
                    "Metadata.ok",
                    "Non ascii characters found in S3 metadata for key \"ok\", value: \"café\". \
                     S3 metadata can only contain ASCII characters."
                ),
                (
                    "Metadata.ключ",
                    "Non ascii characters found in S3 metadata for key \"ключ\", value: \"v\". \
                     S3 metadata can only contain ASCII characters."
                ),
            ]
        );
    }
}

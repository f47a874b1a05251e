//! Client-side input validation with botocore's rules and messages.
//!
//! Generated code describes each constrained member by calling a [`Validator`] method with
//! the member's [`Path`]; every broken rule is collected so the user sees all of them at
//! once, as botocore's `ParamValidationError` reports them. Paths are built on the stack and
//! only rendered to text when a rule is broken, so a valid input costs no allocation.

use std::collections::HashMap;
use std::fmt;

use crate::error::{ValidationError, Violation};

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
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
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

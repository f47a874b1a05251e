//! The form botocore's parser returns values in, as the protocol suites write expected
//! results: structures as objects of the members that are set, timestamps as epoch
//! seconds, blobs as text, special floats as strings. Modules written by
//! `awsgen_codegen::emit::values_module` implement [`ToValue`] for generated types.
//!
//! The orphan rule lets a crate implement a trait for another crate's types only when the
//! trait is its own, so a crate that converts the types of committed generated crates (the
//! wire tests do) defines its own copy with [`define_to_value!`](crate::define_to_value);
//! this module is the copy the protocol-suite harnesses use, whose clients are inline.

crate::define_to_value!();

/// What botocore's parser makes of a `jsonvalue` header's text: the JSON value it holds, or
/// (where it holds none) the text.
pub fn json_text_value(text: &str) -> awsgen_runtime::json::Value {
    awsgen_runtime::json::parse(text.as_bytes())
        .unwrap_or_else(|_| awsgen_runtime::json::Value::String(text.to_owned()))
}

/// Defines, in the module that invokes it, `ToValue` (a value in botocore's result form),
/// its implementations for the scalars and collections generated types hold, and `Object`,
/// which `values_module`'s structure implementations collect members with.
#[macro_export]
macro_rules! define_to_value {
    () => {
        use std::collections::HashMap;

        use $crate::__runtime::json::{Blob, Number, Value};
        use $crate::__runtime::time::DateTime;

        /// A value in botocore's result form.
        pub trait ToValue {
            fn to_value(&self) -> Value;
        }

        impl ToValue for String {
            fn to_value(&self) -> Value {
                Value::String(self.clone())
            }
        }

        impl ToValue for bool {
            fn to_value(&self) -> Value {
                Value::Bool(*self)
            }
        }

        impl ToValue for i32 {
            fn to_value(&self) -> Value {
                Value::Number(Number::Int(i64::from(*self)))
            }
        }

        impl ToValue for i64 {
            fn to_value(&self) -> Value {
                Value::Number(Number::Int(*self))
            }
        }

        /// Through its shortest decimal text, as Python holds the float botocore parsed: `1.1f32`
        /// is `1.1`, not `1.100000023841858`.
        impl ToValue for f32 {
            fn to_value(&self) -> Value {
                self.to_string()
                    .parse::<f64>()
                    .unwrap_or(f64::from(*self))
                    .to_value()
            }
        }

        /// botocore's runner writes NaN and the infinities as strings.
        impl ToValue for f64 {
            fn to_value(&self) -> Value {
                if self.is_nan() {
                    Value::String("NaN".to_owned())
                } else if self.is_infinite() {
                    let text = if *self > 0.0 { "Infinity" } else { "-Infinity" };
                    Value::String(text.to_owned())
                } else {
                    Value::Number(Number::Float(*self))
                }
            }
        }

        /// botocore's runner parses timestamps to epoch seconds.
        impl ToValue for DateTime {
            fn to_value(&self) -> Value {
                self.as_secs_f64().to_value()
            }
        }

        /// The suites' blobs are UTF-8 text; botocore's runner decodes them before comparing.
        impl ToValue for Blob {
            fn to_value(&self) -> Value {
                Value::String(String::from_utf8_lossy(self.as_bytes()).into_owned())
            }
        }

        /// A streamed body, as a test parses it: from memory, read by nobody yet.
        impl ToValue for $crate::__runtime::body::ByteStream {
            fn to_value(&self) -> Value {
                let bytes = self
                    .as_bytes()
                    .expect("a body parsed from memory is in memory");
                Value::String(String::from_utf8_lossy(bytes).into_owned())
            }
        }

        /// Documents (and anything else already JSON).
        impl ToValue for Value {
            fn to_value(&self) -> Value {
                self.clone()
            }
        }

        impl<T: ToValue + ?Sized> ToValue for Box<T> {
            fn to_value(&self) -> Value {
                (**self).to_value()
            }
        }

        /// An element of a sparse collection: `None` is `null`.
        impl<T: ToValue> ToValue for Option<T> {
            fn to_value(&self) -> Value {
                self.as_ref().map_or(Value::Null, T::to_value)
            }
        }

        impl<T: ToValue> ToValue for Vec<T> {
            fn to_value(&self) -> Value {
                Value::Array(self.iter().map(T::to_value).collect())
            }
        }

        /// Entries sorted by key: comparisons ignore member order anyway, and sorting keeps a
        /// failure's report stable.
        impl<T: ToValue> ToValue for HashMap<String, T> {
            fn to_value(&self) -> Value {
                let mut members: Vec<(String, Value)> = self
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect();
                members.sort_by(|a, b| a.0.cmp(&b.0));
                Value::Object(members)
            }
        }

        /// Collects a structure's members; unset optional members are left out, as botocore leaves
        /// them out of its result.
        #[derive(Debug, Default)]
        pub struct Object(Vec<(String, Value)>);

        impl Object {
            pub fn new() -> Self {
                Self::default()
            }

            pub fn member(&mut self, name: &str, value: &impl ToValue) {
                self.0.push((name.to_owned(), value.to_value()));
            }

            pub fn optional<T: ToValue>(&mut self, name: &str, value: &Option<T>) {
                if let Some(value) = value {
                    self.member(name, value);
                }
            }

            /// A member holding JSON text (a `jsonvalue` header), as the value botocore
            /// decodes it into; text that is not JSON stays a string.
            pub fn json_text(&mut self, name: &str, text: &str) {
                let value = $crate::values::json_text_value(text);
                self.0.push((name.to_owned(), value));
            }

            pub fn optional_json_text(&mut self, name: &str, text: &Option<String>) {
                if let Some(text) = text {
                    self.json_text(name, text);
                }
            }

            pub fn finish(self) -> Value {
                Value::Object(self.0)
            }
        }
    };
}

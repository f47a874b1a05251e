//! Presigned POST forms: a policy, signed now, under which anyone holding the form's fields
//! can upload an object to a bucket with an HTML form (`multipart/form-data`) until the
//! policy expires, as botocore's `generate_presigned_post` makes them.
//!
//! The policy is a JSON document of an expiration and conditions; S3 checks each field of
//! the form against it. It is written as Python's `json.dumps` writes it, so that the
//! policy, and so the signature, are botocore's byte for byte.

use std::fmt::{self, Write};
use std::time::Duration;

use crate::credentials::Credentials;
use crate::encoding::base64_encode;
use crate::http::Url;
use crate::sigv4::{Signer, credential_scope};
use crate::time::DateTime;

/// What a presigned POST allows: how long it lasts, the form fields to send as they are,
/// and the conditions S3 checks the form against.
///
/// The bucket and the key are added by the client; conditions on them need not be given.
/// A field does not make a condition by itself, nor a condition a field: a field the form
/// sends, other than those the signature adds, needs a condition that allows it, as S3
/// documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostPolicy {
    expires_in: Duration,
    fields: Vec<(String, String)>,
    conditions: Vec<Condition>,
}

impl PostPolicy {
    /// A policy that expires `expires_in` from when it is signed.
    pub fn new(expires_in: Duration) -> Self {
        Self {
            expires_in,
            fields: Vec::new(),
            conditions: Vec::new(),
        }
    }

    /// A form field sent with the upload (`acl`, `Content-Type`, `success_action_status`,
    /// `x-amz-meta-…`); a second value for a name replaces the first.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        set(&mut self.fields, name.into(), value.into());
        self
    }

    /// A condition of the policy, in the order given.
    pub fn condition(mut self, condition: Condition) -> Self {
        self.conditions.push(condition);
        self
    }
}

/// One condition of a POST policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// The field `name` must be exactly `value`: `{"acl": "public-read"}`.
    Equals { name: String, value: String },
    /// The field `name` must start with `prefix` (empty: anything):
    /// `["starts-with", "$Content-Type", "image/"]`.
    StartsWith { name: String, prefix: String },
    /// The file must be `min` to `max` bytes long: `["content-length-range", min, max]`.
    ContentLengthRange { min: u64, max: u64 },
}

impl Condition {
    pub fn equals(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self::Equals {
            name: name.into(),
            value: value.into(),
        }
    }

    pub fn starts_with(name: impl Into<String>, prefix: impl Into<String>) -> Self {
        Self::StartsWith {
            name: name.into(),
            prefix: prefix.into(),
        }
    }

    pub fn content_length_range(min: u64, max: u64) -> Self {
        Self::ContentLengthRange { min, max }
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Self::Equals { name, value } => {
                out.push('{');
                write_python_json_string(out, name);
                out.push_str(": ");
                write_python_json_string(out, value);
                out.push('}');
            }
            Self::StartsWith { name, prefix } => {
                out.push_str("[\"starts-with\", ");
                write_python_json_string(out, &format!("${name}"));
                out.push_str(", ");
                write_python_json_string(out, prefix);
                out.push(']');
            }
            Self::ContentLengthRange { min, max } => {
                // Writing into a String cannot fail.
                let _ = write!(out, "[\"content-length-range\", {min}, {max}]");
            }
        }
    }
}

/// A signed upload form: `POST` a `multipart/form-data` body to `url` with every field, in
/// this order, and the file last (S3 ignores fields after it).
///
/// The fields are a credential until the policy expires (they hold the signature and,
/// with temporary credentials, the session token), so `Debug` shows their names only.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedPost {
    url: Url,
    fields: Vec<(String, String)>,
}

impl PresignedPost {
    /// Where the form goes: the bucket's endpoint, without a key.
    pub fn url(&self) -> String {
        self.url.to_string()
    }

    /// The form's fields: the policy's own, then `key`, the signature's and `policy`.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }
}

impl fmt::Debug for PresignedPost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = &self.url;
        f.debug_struct("PresignedPost")
            .field(
                "url",
                &format_args!("{}://{}{}", url.scheme.as_str(), url.authority(), url.path),
            )
            .field(
                "fields",
                &self.fields.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// What signing a POST policy needs besides the policy itself.
pub(crate) struct PostSigning<'a> {
    pub signer: &'a Signer,
    pub credentials: &'a Credentials,
    pub region: &'a str,
    pub service: &'a str,
    pub time: DateTime,
}

/// botocore's `generate_presigned_post` and `S3SigV4PostAuth`: the bucket and key
/// conditions after the caller's, then the signature's fields as fields and as
/// conditions, the policy in base64 and its signature.
pub(crate) fn sign(
    url: Url,
    bucket: &str,
    key: &str,
    policy: PostPolicy,
    signing: PostSigning<'_>,
) -> PresignedPost {
    let PostPolicy {
        expires_in,
        mut fields,
        conditions,
    } = policy;
    let time = signing.time;
    let expires_in = i64::try_from(expires_in.as_secs()).unwrap_or(i64::MAX);
    let expiration = DateTime::from_secs(time.secs().saturating_add(expires_in));

    let mut document = String::from("{\"expiration\": ");
    write_python_json_string(&mut document, &expiration.fmt_iso8601());
    document.push_str(", \"conditions\": [");
    for condition in &conditions {
        condition.write_json(&mut document);
        document.push_str(", ");
    }
    Condition::equals("bucket", bucket).write_json(&mut document);
    document.push_str(", ");
    // A key ending in `${filename}` takes the uploaded file's name, so only its prefix can
    // be a condition.
    match key.strip_suffix("${filename}") {
        Some(prefix) => Condition::starts_with("key", prefix),
        None => Condition::equals("key", key),
    }
    .write_json(&mut document);
    set(&mut fields, "key".to_owned(), key.to_owned());

    let credential = format!(
        "{}/{}",
        signing.credentials.access_key_id(),
        credential_scope(time, signing.region, signing.service)
    );
    let mut signed = vec![
        ("x-amz-algorithm", "AWS4-HMAC-SHA256".to_owned()),
        ("x-amz-credential", credential),
        ("x-amz-date", time.fmt_amz_date()),
    ];
    if let Some(token) = signing.credentials.session_token() {
        signed.push(("x-amz-security-token", token.to_owned()));
    }
    for (name, value) in signed {
        document.push_str(", ");
        Condition::equals(name, value.as_str()).write_json(&mut document);
        set(&mut fields, name.to_owned(), value);
    }
    document.push_str("]}");

    let encoded = base64_encode(document.as_bytes());
    let signature = signing.signer.signature_for(
        &encoded,
        signing.credentials.secret_access_key(),
        time,
        signing.region,
        signing.service,
    );
    set(&mut fields, "policy".to_owned(), encoded);
    set(&mut fields, "x-amz-signature".to_owned(), signature);
    PresignedPost { url, fields }
}

/// Sets `name` to `value`, where it is if it is there (as a Python dict keeps a key's
/// place), else at the end.
fn set(fields: &mut Vec<(String, String)>, name: String, value: String) {
    match fields.iter_mut().find(|(existing, _)| *existing == name) {
        Some((_, existing)) => *existing = value,
        None => fields.push((name, value)),
    }
}

/// A JSON string as Python's `json.dumps` writes it by default (`ensure_ascii`): every
/// character outside ASCII as `\uXXXX` escapes of its UTF-16 code units.
fn write_python_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0; 2];
                for unit in c.encode_utf16(&mut units) {
                    // Writing into a String cannot fail.
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> String {
        let mut out = String::new();
        write_python_json_string(&mut out, text);
        out
    }

    #[test]
    fn strings_are_escaped_as_python_json_dumps_escapes_them() {
        assert_eq!(json("plain text"), r#""plain text""#);
        assert_eq!(json("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(
            json("\n\r\t\u{8}\u{c}\u{1}\u{7f}"),
            r#""\n\r\t\b\f\u0001\u007f""#
        );
        assert_eq!(json("café"), r#""caf\u00e9""#);
        // Outside the basic plane: a surrogate pair, as Python writes it.
        assert_eq!(json("🦀"), r#""\ud83e\udd80""#);
    }

    #[test]
    fn conditions_are_written_in_botocore_s_forms() {
        let written = |condition: Condition| {
            let mut out = String::new();
            condition.write_json(&mut out);
            out
        };
        assert_eq!(
            written(Condition::equals("acl", "public-read")),
            r#"{"acl": "public-read"}"#
        );
        assert_eq!(
            written(Condition::starts_with("Content-Type", "image/")),
            r#"["starts-with", "$Content-Type", "image/"]"#
        );
        assert_eq!(
            written(Condition::content_length_range(1, 1 << 20)),
            r#"["content-length-range", 1, 1048576]"#
        );
    }

    #[test]
    fn a_field_given_twice_keeps_its_first_place() {
        let policy = PostPolicy::new(Duration::from_secs(60))
            .field("acl", "private")
            .field("Content-Type", "text/plain")
            .field("acl", "public-read");
        assert_eq!(
            policy.fields,
            [
                ("acl".to_owned(), "public-read".to_owned()),
                ("Content-Type".to_owned(), "text/plain".to_owned())
            ]
        );
    }

    #[test]
    fn debug_shows_field_names_but_no_values() {
        let post = PresignedPost {
            url: Url::parse("https://bucket.s3.amazonaws.com/").unwrap(),
            fields: vec![
                ("key".to_owned(), "a".to_owned()),
                ("x-amz-security-token".to_owned(), "SECRET-TOKEN".to_owned()),
            ],
        };
        let shown = format!("{post:?}");
        assert!(!shown.contains("SECRET-TOKEN"), "{shown}");
        assert!(shown.contains("x-amz-security-token"), "{shown}");
        assert!(
            shown.contains("https://bucket.s3.amazonaws.com/"),
            "{shown}"
        );
    }
}

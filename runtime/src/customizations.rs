//! What botocore does beyond the service models, in the runtime's general form (the whole
//! inventory, with its status, is `docs/CUSTOMIZATIONS.md`):
//!
//! - the recursion-detection header every request gets inside AWS Lambda
//!   ([`recursion_detection_trace_id`], botocore 1.44.5 `handlers.py`
//!   `add_recursion_detection_header`), which [`ClientCore`](crate::client::ClientCore) adds
//!   to every call;
//! - DynamoDB's `x-amz-crc32` response check ([`check_crc32`], `retries/special.py`
//!   `RetryDDBChecksumError`);
//! - the settings a service's generated client passes when botocore treats that service
//!   specially ([`Customizations`]): its own default attempts and back-off
//!   (`retries/standard.py` `_SERVICE_MAX_ATTEMPTS`, `ExponentialBackoff._SERVICE_BACKOFF_CONFIG`),
//!   the crc32 check, and error codes retried only for it (`RetryIDPCommunicationError`).
//!
//! - the changes botocore makes to some input values before it sends them, which generated
//!   serializers apply where the model's table marks a member: [`base64_text`] (EC2
//!   `RunInstances` `UserData`, `base64_encode_user_data`), [`last_path_segment`]
//!   (Route 53's ids, `fix_route53_ids`), [`quote_copy_source`] (S3's `CopySource`,
//!   `handle_copy_source_param`) and [`customer_key_md5`] (S3's SSE-C keys, `sse_md5`).
//!
//! The runtime still knows no service by name: which service gets which setting is the
//! generator's knowledge, emitted into the service's `client.rs`.

use std::fmt;
use std::time::Duration;

use crate::body::RequestBody;
use crate::crc32;
use crate::encoding::hex_lower;
use crate::env::Environment;
use crate::http::{Headers, HttpResponse};
use crate::json::Blob;
use crate::sigv4::is_python_whitespace;

/// The behaviour a service's client asks of the runtime beyond what its model says. The
/// default, [`Customizations::NONE`], is what every service without a customization gets.
///
/// Built with `const` methods, so a generated client can keep its settings in a `const`:
///
/// ```
/// use std::time::Duration;
/// use awsgen_runtime::customizations::Customizations;
///
/// // What botocore 1.44.5 does for DynamoDB in its standard retry mode.
/// const CUSTOMIZATIONS: Customizations = Customizations::new()
///     .default_max_attempts(4)
///     .transient_backoff_base(Duration::from_millis(25))
///     .check_crc32(true);
/// assert_eq!(CUSTOMIZATIONS.max_attempts_default(), Some(4));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Customizations {
    default_max_attempts: Option<u32>,
    transient_backoff_base: Option<Duration>,
    check_crc32: bool,
    transient_error_codes: &'static [&'static str],
    default_headers: &'static [(&'static str, &'static str)],
    expect_continue: bool,
    redirect_regions: bool,
}

impl Customizations {
    /// No customization: the runtime's behaviour for every service.
    pub const NONE: Customizations = Customizations::new();

    pub const fn new() -> Self {
        Self {
            default_max_attempts: None,
            transient_backoff_base: None,
            check_crc32: false,
            transient_error_codes: &[],
            default_headers: &[],
            expect_continue: false,
            redirect_regions: false,
        }
    }

    /// How many attempts a call gets when the configuration does not say (neither
    /// [`max_attempts`](crate::config::ConfigBuilder::max_attempts) nor `AWS_MAX_ATTEMPTS` nor
    /// the profile's `max_attempts`); 3 otherwise. botocore gives DynamoDB and DynamoDB
    /// Streams 4.
    pub const fn default_max_attempts(mut self, attempts: u32) -> Self {
        self.default_max_attempts = Some(attempts);
        self
    }

    /// The base of the back-off after a transient (not throttling) failure: the first retry
    /// waits up to this long, each later one up to twice the one before. 50 ms otherwise;
    /// botocore gives DynamoDB and DynamoDB Streams 25 ms.
    pub const fn transient_backoff_base(mut self, base: Duration) -> Self {
        self.transient_backoff_base = Some(base);
        self
    }

    /// Checks every response's body against its `x-amz-crc32` header, when it has one, and
    /// retries a response that fails the check as a transient error (see [`check_crc32`] and
    /// [`ClientCore`](crate::client::ClientCore)'s call). botocore does this for DynamoDB.
    pub const fn check_crc32(mut self, check: bool) -> Self {
        self.check_crc32 = check;
        self
    }

    /// Error codes retried as transient errors for this service on top of the standard
    /// ones. botocore retries STS's `IDPCommunicationError`.
    pub const fn transient_error_codes(mut self, codes: &'static [&'static str]) -> Self {
        self.transient_error_codes = codes;
        self
    }

    /// Headers every request of the service carries unless it sets them itself, added
    /// before signing: API Gateway's `Accept: application/json` (botocore's
    /// `add_accept_header`), Glacier's `x-amz-glacier-version` (`add_glacier_version`).
    pub const fn default_headers(
        mut self,
        headers: &'static [(&'static str, &'static str)],
    ) -> Self {
        self.default_headers = headers;
        self
    }

    /// Sends `PUT` and `POST` requests whose body is streamed (a file or a reader) with
    /// `Expect: 100-continue`, so that a server refusing the request (a wrong region, a
    /// bad signature) says so before the body is sent. botocore's `add_expect_header`
    /// does this for S3.
    pub const fn expect_continue(mut self, expect: bool) -> Self {
        self.expect_continue = expect;
        self
    }

    pub(crate) fn expects_continue(&self) -> bool {
        self.expect_continue
    }

    /// S3: a call for a bucket that fails because the bucket lives in another region is
    /// sent once more to that region, which is remembered for the bucket (botocore's
    /// `S3RegionRedirectorv2`; see the `redirect` module).
    pub const fn redirect_regions(mut self, redirect: bool) -> Self {
        self.redirect_regions = redirect;
        self
    }

    pub(crate) fn redirects_regions(&self) -> bool {
        self.redirect_regions
    }

    pub(crate) fn headers(&self) -> &'static [(&'static str, &'static str)] {
        self.default_headers
    }

    /// The attempts a call gets when the configuration does not set them, if this service
    /// has its own default.
    pub const fn max_attempts_default(&self) -> Option<u32> {
        self.default_max_attempts
    }

    pub(crate) fn backoff_base(&self) -> Option<Duration> {
        self.transient_backoff_base
    }

    pub(crate) fn checks_crc32(&self) -> bool {
        self.check_crc32
    }

    pub(crate) fn extra_transient_codes(&self) -> &'static [&'static str] {
        self.transient_error_codes
    }
}

/// The `X-Amzn-Trace-Id` value a request gets inside AWS Lambda, or `None` outside it.
///
/// As botocore decides: `AWS_LAMBDA_FUNCTION_NAME` must be set (to anything, even the empty
/// string) and `_X_AMZN_TRACE_ID` set and not empty. The trace id is percent-encoded as
/// Python's `quote` does with the extra safe characters `-=;:+&[]{}"',`: ASCII letters,
/// digits, `_.-~` and those are kept, every other UTF-8 byte becomes `%XX`, so a header
/// value never carries a control character. The caller adds it only when the request does
/// not have the header already.
///
/// Lambda changes `_X_AMZN_TRACE_ID` for every invocation, so this is read for every call,
/// not once per client.
/// Text as botocore's `base64_encode_user_data` sends it: its UTF-8 bytes, base64-encoded.
pub fn base64_text(text: &str) -> String {
    crate::encoding::base64_encode(text.as_bytes())
}

/// An output string as botocore's `decode_console_output` leaves it: decoded from base64
/// (the bytes as UTF-8, invalid sequences replaced), or as it came when it is not base64.
pub fn base64_decoded_text(text: String) -> String {
    match crate::encoding::base64_decode(&text) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => text,
    }
}

/// An output string of JSON as botocore's `json_decode_template_body` leaves it: the
/// document it holds, or the string itself when it is not JSON (a YAML template).
pub fn json_document(text: String) -> crate::json::Document {
    crate::json::parse(text.as_bytes()).unwrap_or(crate::json::Value::String(text))
}

/// A percent-encoded string of JSON as botocore's `decode_quoted_jsondoc` leaves it (IAM's
/// policy documents): the document it holds once decoded, or the string as it came when
/// that is not JSON.
pub fn percent_encoded_json_document(text: String) -> crate::json::Document {
    let decoded = crate::encoding::percent_decode(&text, false);
    crate::json::parse(&decoded).unwrap_or(crate::json::Value::String(text))
}

/// S3's `escape_xml_payload`: every `\r` and `\n` of an XML body as a character reference
/// (`&#xD;`, `&#xA;`), which an XML parser keeps where it would normalise a raw line break.
/// The writer puts line breaks only in text, so this escapes exactly the values'.
pub fn escape_xml_line_breaks(body: &mut RequestBody) {
    let Some(body) = body
        .bytes_mut()
        .filter(|body| body.iter().any(|&b| b == b'\r' || b == b'\n'))
    else {
        return;
    };
    let mut escaped = Vec::with_capacity(body.len() + 16);
    for &byte in body.iter() {
        match byte {
            b'\r' => escaped.extend_from_slice(b"&#xD;"),
            b'\n' => escaped.extend_from_slice(b"&#xA;"),
            other => escaped.push(other),
        }
    }
    *body = escaped;
}

/// Glacier's upload checksums, as botocore's `add_glacier_checksums` adds them where the
/// request has none of its own: `x-amz-content-sha256`, the hex SHA-256 of the body, and
/// `x-amz-sha256-tree-hash`, the SHA-256 tree hash of its 1 MiB chunks
/// (`utils.calculate_tree_hash`).
///
/// Only a body in memory is hashed here, as the request is serialized, which cannot wait
/// for a file to be read. A streamed body needs the caller's own `checksum` (the tree
/// hash) and `x-amz-content-sha256`; it is signed over its SHA-256 as every streamed body
/// is.
pub fn add_tree_hash_checksums(headers: &mut Headers, body: &RequestBody) {
    use ring::digest::{SHA256, digest};
    let Some(body) = body.as_bytes() else {
        return;
    };
    if !headers.contains("x-amz-content-sha256") {
        let hash = hex_lower(digest(&SHA256, body).as_ref());
        headers.insert("x-amz-content-sha256", hash);
    }
    if !headers.contains("x-amz-sha256-tree-hash") {
        const CHUNK: usize = 1024 * 1024;
        let mut level: Vec<Vec<u8>> = body
            .chunks(CHUNK)
            .map(|chunk| digest(&SHA256, chunk).as_ref().to_vec())
            .collect();
        if level.is_empty() {
            level.push(digest(&SHA256, b"").as_ref().to_vec());
        }
        // Pairs hash together, level by level; an odd one out goes up as it is.
        while level.len() > 1 {
            level = level
                .chunks(2)
                .map(|pair| match pair {
                    [first, second] => digest(&SHA256, &[first.as_slice(), second].concat())
                        .as_ref()
                        .to_vec(),
                    [only] => only.clone(),
                    _ => unreachable!("chunks(2) gives one or two"),
                })
                .collect();
        }
        headers.insert("x-amz-sha256-tree-hash", hex_lower(&level[0]));
    }
}

/// What follows the last `/` of an id, as botocore's `fix_route53_ids` sends it: `Z1` for
/// `/hostedzone/Z1`, the whole id when it has no `/`.
pub fn last_path_segment(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

/// S3's `CopySource` header as botocore's `handle_copy_source_param` sends a string: all
/// but a trailing `?versionId=…` percent-encoded, keeping `/` and `-._~`, so that
/// `bucket/a b.txt` names the key `a b.txt`. A value already encoded is encoded again, as
/// botocore encodes it.
pub fn quote_copy_source(source: &str) -> String {
    let version = source
        .match_indices("?versionId=")
        .find_map(|(at, marker)| {
            let id = &source[at + marker.len()..];
            let plain = !id.is_empty() && !id.chars().any(is_python_whitespace);
            plain.then_some(at)
        });
    let (path, version) = source.split_at(version.unwrap_or(source.len()));
    let mut quoted = crate::encoding::percent_encode_greedy(path);
    quoted.push_str(version);
    quoted
}

/// The `…-customer-key-MD5` header of an SSE-C request: the caller's, else the base64 MD5
/// of the raw key (botocore's `sse_md5`), else none.
pub fn customer_key_md5(given: Option<&str>, key: Option<&Blob>) -> Option<String> {
    match (given, key) {
        (Some(given), _) => Some(given.to_owned()),
        (None, Some(key)) => Some(crate::md5::base64_digest(key.as_bytes())),
        (None, None) => None,
    }
}

/// A string of an S3 listing that the client asked S3 to percent-encode, as botocore's
/// `decode_list_object` leaves it (Python's `unquote_plus`): `%XX` decoded, `+` a space,
/// a `%` without two hex digits kept, bytes that are not UTF-8 replaced.
pub fn url_decode(value: &mut String) {
    if value.contains(['%', '+']) {
        *value =
            String::from_utf8_lossy(&crate::encoding::percent_decode(value, true)).into_owned();
    }
}

pub fn recursion_detection_trace_id(environment: &dyn Environment) -> Option<String> {
    // The function name is looked at first: outside Lambda it is absent, and that one
    // question is all a call pays.
    if !environment.in_lambda() {
        return None;
    }
    let trace_id = environment.var("_X_AMZN_TRACE_ID")?;
    if trace_id.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(trace_id.len());
    for &byte in trace_id.as_bytes() {
        if TRACE_ID_SAFE[usize::from(byte)] {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(UPPER_HEX[usize::from(byte >> 4)]));
            out.push(char::from(UPPER_HEX[usize::from(byte & 0xF)]));
        }
    }
    Some(out)
}

/// The bytes `quote(…, safe='-=;:+&[]{}"\',')` keeps: Python's always-safe set plus those.
const TRACE_ID_SAFE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'_' | b'.'
                    | b'-'
                    | b'~'
                    | b'='
                    | b';'
                    | b':'
                    | b'+'
                    | b'&'
                    | b'['
                    | b']'
                    | b'{'
                    | b'}'
                    | b'"'
                    | b'\''
                    | b','
            );
        byte += 1;
    }
    table
};

const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The header DynamoDB puts the CRC-32 of its response body in.
pub const CRC32_HEADER: &str = "x-amz-crc32";

/// Checks `response`'s body against its `x-amz-crc32` header: `Ok` when the header is absent
/// or matches.
///
/// The header is read as Python's `int()` reads it, as botocore does: surrounding
/// whitespace, a sign, leading zeros and single underscores between digits are allowed, and
/// a number that is negative or too large simply does not match. Digits other than ASCII,
/// which `int()` would also take, are refused as unreadable.
pub fn check_crc32(response: &HttpResponse) -> Result<(), Crc32Error> {
    let Some(header) = response.headers.get(CRC32_HEADER) else {
        return Ok(());
    };
    let actual = crc32::checksum(&response.body);
    let kind = match parse_python_int(header) {
        Some(PythonInt::Value(expected)) if expected == u64::from(actual) => return Ok(()),
        Some(_) => Crc32ErrorKind::Mismatch,
        None => Crc32ErrorKind::Unreadable,
    };
    Err(Crc32Error {
        kind,
        header: header.to_owned(),
        actual,
    })
}

/// A response whose body does not match its `x-amz-crc32` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crc32Error {
    kind: Crc32ErrorKind,
    header: String,
    actual: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Crc32ErrorKind {
    /// The header is a number other than the body's CRC-32: the body was damaged on the
    /// way, and sending the request again may bring an intact one.
    Mismatch,
    /// The header is not a number. botocore fails the call then, without retrying.
    Unreadable,
}

impl Crc32Error {
    pub fn kind(&self) -> Crc32ErrorKind {
        self.kind
    }

    /// The header's value as the response gave it.
    pub fn header(&self) -> &str {
        &self.header
    }

    /// The CRC-32 of the body as received.
    pub fn actual(&self) -> u32 {
        self.actual
    }

    /// Whether another attempt may succeed.
    pub fn is_retryable(&self) -> bool {
        self.kind == Crc32ErrorKind::Mismatch
    }
}

impl fmt::Display for Crc32Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Crc32ErrorKind::Mismatch => write!(
                f,
                "the body's CRC-32 is {}, but its {CRC32_HEADER} header says {}: the \
                 response was damaged in transit",
                self.actual, self.header
            ),
            Crc32ErrorKind::Unreadable => write!(
                f,
                "the {CRC32_HEADER} header `{}` is not a number (the body's CRC-32 is {})",
                self.header, self.actual
            ),
        }
    }
}

impl std::error::Error for Crc32Error {}

/// An integer as Python's `int(text)` reads it, as far as a CRC needs: its value when it is
/// between 0 and `u64::MAX`, or that it is some other integer.
#[derive(Debug, PartialEq, Eq)]
enum PythonInt {
    Value(u64),
    OutOfRange,
}

fn parse_python_int(text: &str) -> Option<PythonInt> {
    let text = text.trim_matches(is_python_whitespace);
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let mut value: Option<u64> = Some(0);
    let mut previous_was_digit = false;
    for byte in digits.bytes() {
        match byte {
            b'0'..=b'9' => {
                value = value
                    .and_then(|v| v.checked_mul(10))
                    .and_then(|v| v.checked_add(u64::from(byte - b'0')));
                previous_was_digit = true;
            }
            // An underscore must stand between two digits.
            b'_' if previous_was_digit => previous_was_digit = false,
            _ => return None,
        }
    }
    if !previous_was_digit {
        // Empty, or ending in an underscore.
        return None;
    }
    Some(match value {
        Some(0) => PythonInt::Value(0),
        Some(_) if negative => PythonInt::OutOfRange,
        Some(value) => PythonInt::Value(value),
        None => PythonInt::OutOfRange,
    })
}

/// Whether a 200 response from S3 is an error in disguise (botocore's
/// `_looks_like_special_case_error`): its body is an `<Error>` document, or is not XML at
/// all, as a response cut short by the network is not. `CopyObject`,
/// `CompleteMultipartUpload` and `UploadPartCopy` answer 200 before they finish, and report
/// a failure that way; botocore handles such a response as a 500, and so retries it.
#[cfg(feature = "xml")]
pub fn holds_error_document(body: &[u8]) -> bool {
    if body.is_empty() {
        return false;
    }
    let Ok(mut reader) = crate::xml::XmlReader::new(body) else {
        return true;
    };
    match reader.next_start() {
        Ok(Some(root)) if root.local_name() == "Error" => true,
        Ok(Some(_)) => reader.skip().is_err(),
        Ok(None) | Err(_) => true,
    }
}

#[cfg(test)]
mod value_tests {
    use super::*;

    #[test]
    fn values_change_as_botocore_changes_them() {
        assert_eq!(base64_text("#!/bin/sh\necho é"), "IyEvYmluL3NoCmVjaG8gw6k=");
        assert_eq!(last_path_segment("/hostedzone/Z1ABC"), "Z1ABC");
        assert_eq!(last_path_segment("/change/C2"), "C2");
        assert_eq!(last_path_segment("Z1ABC"), "Z1ABC");
        assert_eq!(last_path_segment("trailing/"), "");
        assert_eq!(base64_decoded_text("aGVsbG8=".to_owned()), "hello");
        assert_eq!(base64_decoded_text("/w==".to_owned()), "\u{FFFD}");
        assert_eq!(base64_decoded_text("abc".to_owned()), "abc");
        // Expected values from botocore 1.44.5's `utils.calculate_tree_hash` and
        // `calculate_sha256` of the same bytes.
        let cases = [
            (
                0,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                5,
                "c0a7188b4e87d64b5ff6dbedc69629b41ded38b08f0f79b85c5b63ed4a6b4646",
                "c0a7188b4e87d64b5ff6dbedc69629b41ded38b08f0f79b85c5b63ed4a6b4646",
            ),
            (
                3 * 1024 * 1024 + 1,
                "b8c94ae7afc6574d0747cb2ee6ebcdaa6c6b691cef7effad6cfd06d3835f51a4",
                "f3a80cbd0ab57280238494d18d312d27676d49a6cc0a6de03f3533fdd349d285",
            ),
        ];
        for (length, tree, whole) in cases {
            let body: Vec<u8> = (0..length).map(|i| ((i * 7 + 3) % 251) as u8).collect();
            let mut headers = Headers::new();
            add_tree_hash_checksums(&mut headers, &body.into());
            assert_eq!(
                headers.get("x-amz-sha256-tree-hash"),
                Some(tree),
                "{length}"
            );
            assert_eq!(headers.get("x-amz-content-sha256"), Some(whole), "{length}");
        }
        let mut headers = Headers::new();
        headers.insert("x-amz-sha256-tree-hash", "given");
        add_tree_hash_checksums(&mut headers, &RequestBody::empty());
        assert_eq!(headers.get("x-amz-sha256-tree-hash"), Some("given"));
        let policy = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        let document = percent_encoded_json_document(policy.to_owned());
        assert_eq!(
            document.get("Version").and_then(crate::json::Value::as_str),
            Some("2012-10-17")
        );
        assert_eq!(
            percent_encoded_json_document("not%20json".to_owned()),
            crate::json::Value::String("not%20json".to_owned())
        );
        assert_eq!(
            json_document("Resources: {}".to_owned()),
            crate::json::Value::String("Resources: {}".to_owned())
        );
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn copy_sources_are_quoted_as_botocore_quotes_them() {
        for (source, quoted) in [
            // Each pair as botocore 1.44.5's `_quote_source_header` gives it.
            ("bucket/key", "bucket/key"),
            ("bucket/a b/café.txt", "bucket/a%20b/caf%C3%A9.txt"),
            ("bucket/k+1~-._", "bucket/k%2B1~-._"),
            ("bucket/key?versionId=v1.2", "bucket/key?versionId=v1.2"),
            ("bucket/a b?versionId=v1", "bucket/a%20b?versionId=v1"),
            // A version id with white space is no version id: all of it is the key.
            ("bucket/k?versionId=a b", "bucket/k%3FversionId%3Da%20b"),
            ("bucket/k?versionId=", "bucket/k%3FversionId%3D"),
            (
                "bucket/k?versionId=a b?versionId=c",
                "bucket/k%3FversionId%3Da%20b?versionId=c",
            ),
        ] {
            assert_eq!(quote_copy_source(source), quoted, "{source}");
        }
    }

    #[test]
    fn a_customer_key_md5_is_the_callers_or_computed() {
        let key = Blob::new(*b"0123456789abcdef0123456789abcdef");
        // `base64(md5(key))`, from Python's `hashlib`.
        assert_eq!(
            customer_key_md5(None, Some(&key)).as_deref(),
            Some("hRasmdxgYDKV3nvbahU1MA==")
        );
        assert_eq!(
            customer_key_md5(Some("given"), Some(&key)).as_deref(),
            Some("given")
        );
        assert_eq!(customer_key_md5(None, None), None);
    }

    #[test]
    fn listing_keys_decode_as_unquote_plus_does() {
        for (encoded, decoded) in [
            ("a%20b+c", "a b c"),
            ("caf%C3%A9%2Fx", "café/x"),
            ("100%", "100%"),
            ("%zz%4", "%zz%4"),
            ("%FF", "\u{FFFD}"),
            ("plain/key", "plain/key"),
        ] {
            let mut value = encoded.to_owned();
            url_decode(&mut value);
            assert_eq!(value, decoded, "{encoded}");
        }
    }

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn trace_id_needs_both_variables() {
        let both = env(&[
            ("AWS_LAMBDA_FUNCTION_NAME", "f"),
            ("_X_AMZN_TRACE_ID", "Root=1"),
        ]);
        assert_eq!(
            recursion_detection_trace_id(&both).as_deref(),
            Some("Root=1")
        );
        assert_eq!(
            recursion_detection_trace_id(&env(&[("_X_AMZN_TRACE_ID", "Root=1")])),
            None
        );
        assert_eq!(
            recursion_detection_trace_id(&env(&[("AWS_LAMBDA_FUNCTION_NAME", "f")])),
            None
        );
    }

    #[test]
    fn python_int_rules() {
        use PythonInt::*;
        assert_eq!(parse_python_int(" +0_1_2\n"), Some(Value(12)));
        assert_eq!(parse_python_int("-0"), Some(Value(0)));
        assert_eq!(parse_python_int("-1"), Some(OutOfRange));
        assert_eq!(parse_python_int("18446744073709551616"), Some(OutOfRange));
        assert_eq!(
            parse_python_int("18446744073709551615"),
            Some(Value(u64::MAX))
        );
        for bad in ["", "+", "-", "1__2", "_1", "1_", "0x1", "1 2", "١٢٣"] {
            assert_eq!(parse_python_int(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn crc32_error_says_what_was_expected_and_found() {
        let response = HttpResponse::new(200, "{}").with_header("x-amz-crc32", "1");
        let error = check_crc32(&response).unwrap_err();
        assert_eq!(error.kind(), Crc32ErrorKind::Mismatch);
        assert!(error.is_retryable());
        assert_eq!(error.actual(), crc32::checksum(b"{}"));
        assert_eq!(
            error.to_string(),
            format!(
                "the body's CRC-32 is {}, but its x-amz-crc32 header says 1: the response was \
                 damaged in transit",
                crc32::checksum(b"{}")
            )
        );
        let response = HttpResponse::new(200, "{}").with_header("X-Amz-Crc32", "abc");
        let error = check_crc32(&response).unwrap_err();
        assert_eq!(error.kind(), Crc32ErrorKind::Unreadable);
        assert!(!error.is_retryable());
        assert_eq!(check_crc32(&HttpResponse::new(200, "{}")), Ok(()));
    }
}

#[cfg(all(test, feature = "xml"))]
mod error_document_tests {
    use super::holds_error_document;

    #[test]
    fn errors_and_broken_documents_are_errors_but_outputs_are_not() {
        assert!(holds_error_document(
            b"<Error><Code>SlowDown</Code></Error>"
        ));
        assert!(holds_error_document(b"<?xml version=\"1.0\"?>\n<Error/>"));
        assert!(holds_error_document(b"<CopyObjectResult><ETag>"));
        assert!(holds_error_document(b"not XML"));
        assert!(!holds_error_document(b""));
        assert!(!holds_error_document(
            b"<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>"
        ));
    }
}

#[cfg(test)]
mod line_break_tests {
    use super::escape_xml_line_breaks;

    #[test]
    fn line_breaks_become_character_references() {
        let mut body = b"<Key>a\r\nb\nc</Key>".into();
        escape_xml_line_breaks(&mut body);
        assert_eq!(body, b"<Key>a&#xD;&#xA;b&#xA;c</Key>");
        let mut plain = b"<Key>abc</Key>".into();
        escape_xml_line_breaks(&mut plain);
        assert_eq!(plain, b"<Key>abc</Key>");
    }
}

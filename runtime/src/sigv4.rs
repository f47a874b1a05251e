//! AWS Signature Version 4 in the `Authorization` header, byte for byte as botocore's
//! `SigV4Auth` computes it, and its S3 variant (`S3SigV4Auth`, see [`Variant::S3`]).
//!
//! Details of botocore's behaviour that are easy to get wrong, reproduced here on purpose:
//!
//! * The canonical URI is the request path (already percent-encoded by the serializer) with
//!   dot segments and empty segments removed, then percent-encoded *again* keeping only
//!   `/` and the unreserved characters. A label `a b` is sent as `/a%20b` and signed as
//!   `/a%2520b`, which is what AWS expects of every service except S3.
//! * The canonical query string is the request's own (already encoded) query split on `&`
//!   and `=`, sorted by key then value, and not re-encoded. A pair without `=` becomes
//!   `key=`.
//! * Header values are trimmed and runs of whitespace collapsed, where whitespace is what
//!   Python's `str.split()` splits on (this includes tabs, line breaks and `\x1c`–`\x1f`).
//! * A `Date` header, when the request has one, is re-stamped and signed instead of
//!   `X-Amz-Date`.

use std::fmt;
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

use ring::{digest, hmac};

use crate::body::RequestBody;
use crate::credentials::Credentials;
use crate::encoding::{decode_pairs, percent_encode};
use crate::http::{HttpRequest, Url};
use crate::time::DateTime;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Headers that botocore never signs (its `SIGNED_HEADERS_BLACKLIST`): hop-by-hop headers and
/// headers that proxies or tracing middleware may rewrite in transit. A `match` rather than a
/// list to search, as every header of every request is looked up here.
fn is_unsigned(name: &str) -> bool {
    // The longest of them is 19 bytes; a longer name is signed.
    let mut lower = [0; 19];
    let Some(lower) = lower.get_mut(..name.len()) else {
        return false;
    };
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"baggage"
            | b"connection"
            | b"expect"
            | b"keep-alive"
            | b"proxy-authenticate"
            | b"proxy-authorization"
            | b"te"
            | b"traceparent"
            | b"tracestate"
            | b"trailer"
            | b"transfer-encoding"
            | b"upgrade"
            | b"user-agent"
            | b"x-amzn-trace-id"
    )
}

/// The payload hash of a request whose body is left out of its signature.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The two ways botocore signs with SigV4, chosen by the model's `signatureVersion`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Variant {
    /// `v4`, every service but S3's: the path is normalized and encoded again for the
    /// canonical URI, and the payload hash is only signed, not sent.
    #[default]
    Standard,
    /// `s3v4` (S3, S3 Control): the canonical URI is the path exactly as sent, since object
    /// keys may hold `//`, `.` and `%`, and every request carries its payload hash in
    /// `X-Amz-Content-SHA256` (the body's SHA-256 unless the request already declares one,
    /// such as `UNSIGNED-PAYLOAD`), which S3 checks against the body.
    S3,
}

/// Signs requests, remembering the last derived signing key.
///
/// The key depends only on the secret, the day, the region and the service, so caching it
/// saves four of the five HMACs of every signature. One `Signer` per client is the intended
/// use; it is `Sync`, so concurrent calls share it.
#[derive(Default)]
pub struct Signer {
    variant: Variant,
    cached_key: Mutex<Option<CachedKey>>,
}

struct CachedKey {
    date_stamp: String,
    region: String,
    service: String,
    secret_access_key: String,
    key: hmac::Key,
}

impl CachedKey {
    fn matches(&self, date_stamp: &str, region: &str, service: &str, secret: &str) -> bool {
        self.date_stamp == date_stamp
            && self.region == region
            && self.service == service
            && self.secret_access_key == secret
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("variant", &self.variant)
            .finish_non_exhaustive()
    }
}

/// Every intermediate result of one signature, for tests and for debugging a
/// `SignatureDoesNotMatch` (the service's error message quotes its canonical request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningSteps {
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The `;`-separated lower-case names of the signed headers.
    pub signed_headers: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The hex signature.
    pub signature: String,
    /// The value of the `Authorization` header.
    pub authorization: String,
}

impl Signer {
    /// A standard SigV4 signer with an empty key cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// A signer of `variant` with an empty key cache.
    pub fn with_variant(variant: Variant) -> Self {
        Self {
            variant,
            cached_key: Mutex::default(),
        }
    }

    /// Signs `request` as of `time`: sets `X-Amz-Date` (or re-stamps an existing `Date`),
    /// `X-Amz-Security-Token` when the credentials have a session token, `Host` when the
    /// request has none, and finally `Authorization`. Any earlier `Authorization` is replaced,
    /// so a retried request can be signed again.
    pub fn sign(
        &self,
        request: &mut HttpRequest,
        credentials: &Credentials,
        region: &str,
        service: &str,
        time: DateTime,
    ) {
        let signature = self.compute(request, credentials, region, service, time);
        let authorization = signature.authorization(credentials.access_key_id(), region, service);
        request.headers.insert("Authorization", authorization);
    }

    /// Does all of [`sign`](Self::sign) except setting `Authorization`, and returns every
    /// intermediate result.
    pub fn signing_steps(
        &self,
        request: &mut HttpRequest,
        credentials: &Credentials,
        region: &str,
        service: &str,
        time: DateTime,
    ) -> SigningSteps {
        let signature = self.compute(request, credentials, region, service, time);
        let authorization = signature.authorization(credentials.access_key_id(), region, service);
        SigningSteps {
            canonical_request: signature.canonical_request().to_owned(),
            signed_headers: signature.signed_headers().to_owned(),
            string_to_sign: signature.string_to_sign().to_owned(),
            signature: signature.signature.as_str().to_owned(),
            authorization,
        }
    }

    /// Prepares `request` and signs it.
    fn compute(
        &self,
        request: &mut HttpRequest,
        credentials: &Credentials,
        region: &str,
        service: &str,
        time: DateTime,
    ) -> Signature {
        // The date is formatted once; the scope's day is its first eight characters.
        let amz_date = time.fmt_amz_date();
        prepare_request(request, credentials, time, &amz_date, self.variant);
        // One buffer holds the canonical request and, after it, the string to sign.
        let mut text = String::with_capacity(
            384 + request.url.path.len() + request.url.query.len() + region.len() + service.len(),
        );
        let signed_headers = write_canonical_request(&mut text, request, self.variant, None);
        let canonical_end = text.len();
        let signature = self.sign_canonical(&mut text, credentials, &amz_date, region, service);
        Signature {
            text,
            canonical_end,
            signed_headers,
            amz_date,
            signature,
        }
    }

    /// Appends the string to sign to `text`, which holds the canonical request, and returns
    /// the signature of it.
    fn sign_canonical(
        &self,
        text: &mut String,
        credentials: &Credentials,
        amz_date: &str,
        region: &str,
        service: &str,
    ) -> Hex {
        let canonical_end = text.len();
        let canonical_hash = Hex::of(digest::digest(&digest::SHA256, text.as_bytes()));
        for part in string_to_sign_parts(amz_date, region, service, &canonical_hash) {
            text.push_str(part);
        }
        let key = self.signing_key(
            credentials.secret_access_key(),
            &amz_date[..8],
            region,
            service,
        );
        Hex::of(hmac::sign(&key, &text.as_bytes()[canonical_end..]))
    }

    /// A presigned URL, as botocore's `SigV4QueryAuth` makes one (valid for `expires`
    /// seconds): a `GET` of `url` carrying `params` (decoded `(key, value)` pairs, in order)
    /// and then the authentication parameters in its query, `host` as the one signed header,
    /// the empty body's hash as the payload's, and `X-Amz-Signature` last.
    #[allow(clippy::too_many_arguments)]
    pub fn presigned_url(
        &self,
        url: &Url,
        params: &[(String, String)],
        credentials: &Credentials,
        region: &str,
        service: &str,
        time: DateTime,
        expires: u64,
    ) -> String {
        let mut request = HttpRequest {
            method: "GET".to_owned(),
            url: url.clone(),
            headers: crate::http::Headers::new(),
            body: RequestBody::empty(),
        };
        self.presign(
            &mut request,
            params,
            credentials,
            region,
            service,
            time,
            expires,
        );
        request.url.to_string()
    }

    /// Signs `request` in its query, as botocore's `SigV4QueryAuth` (`S3SigV4QueryAuth` for
    /// the S3 variant) does, valid for `expires` seconds from `time`. The query becomes the
    /// URL's own parameters (decoded, the first value of each key, as Python's `parse_qs`
    /// keeps them), then `params`, then the authentication parameters, and
    /// `X-Amz-Signature` last. Every header is signed (`host` among them, added when the
    /// request has none), so a caller must send them as they are. The payload is the empty
    /// body's hash, or `UNSIGNED-PAYLOAD` for S3; the request's body is dropped.
    #[allow(clippy::too_many_arguments)]
    pub fn presign(
        &self,
        request: &mut HttpRequest,
        params: &[(String, String)],
        credentials: &Credentials,
        region: &str,
        service: &str,
        time: DateTime,
        expires: u64,
    ) {
        let amz_date = time.fmt_amz_date();
        let credential = format!(
            "{}/{}",
            credentials.access_key_id(),
            scope(&amz_date[..8], region, service)
        );
        if !request.headers.contains("Host") {
            let host = host_from_url(&request.url);
            request.headers.insert("Host", host);
        }
        request.body = RequestBody::empty();
        let payload = match self.variant {
            Variant::Standard => PayloadHash::of(&request.body),
            Variant::S3 => PayloadHash::Unsigned,
        };
        // The signed names go in the query, which the canonical request also holds: a
        // first pass with the query empty finds them.
        let mut query = std::mem::take(&mut request.url.query);
        let mut text = String::new();
        let names = write_canonical_request(&mut text, request, self.variant, Some(&payload));
        let signed_headers = text[names].to_owned();
        let expires = expires.to_string();
        let mut auth: Vec<(&str, &str)> = vec![
            ("X-Amz-Algorithm", ALGORITHM),
            ("X-Amz-Credential", &credential),
            ("X-Amz-Date", &amz_date),
            ("X-Amz-Expires", &expires),
            ("X-Amz-SignedHeaders", &signed_headers),
        ];
        // Python treats an empty token as absent.
        if let Some(token) = credentials.session_token().filter(|t| !t.is_empty()) {
            auth.push(("X-Amz-Security-Token", token));
        }
        let mut own: Vec<(String, String)> = Vec::new();
        for (key, value) in decode_pairs(&query) {
            if !own.iter().any(|(seen, _)| *seen == key) {
                own.push((key, value));
            }
        }
        query.clear();
        let pairs = own
            .iter()
            .chain(params)
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain(auth);
        for (i, (key, value)) in pairs.enumerate() {
            if i > 0 {
                query.push('&');
            }
            query.push_str(&percent_encode(key));
            query.push('=');
            query.push_str(&percent_encode(value));
        }
        request.url.query = query;
        text.clear();
        write_canonical_request(&mut text, request, self.variant, Some(&payload));
        let signature = self.sign_canonical(&mut text, credentials, &amz_date, region, service);
        request.url.query.push_str("&X-Amz-Signature=");
        request.url.query.push_str(signature.as_str());
    }

    /// The hex HMAC-SHA256 of `string_to_sign` under the signing key derived from the secret,
    /// the day of `time`, the region and the service.
    pub fn signature_for(
        &self,
        string_to_sign: &str,
        secret_access_key: &str,
        time: DateTime,
        region: &str,
        service: &str,
    ) -> String {
        let key = self.signing_key(secret_access_key, &time.fmt_date_stamp(), region, service);
        Hex::of(hmac::sign(&key, string_to_sign.as_bytes()))
            .as_str()
            .to_owned()
    }

    fn signing_key(
        &self,
        secret_access_key: &str,
        date_stamp: &str,
        region: &str,
        service: &str,
    ) -> hmac::Key {
        // A panic elsewhere while the lock was held cannot leave a half-written entry (it is
        // replaced whole), so a poisoned cache is still good.
        let mut cached = self
            .cached_key
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = cached.as_ref() {
            if entry.matches(date_stamp, region, service, secret_access_key) {
                return entry.key.clone();
            }
        }
        let key = derive_signing_key(secret_access_key, date_stamp, region, service);
        *cached = Some(CachedKey {
            date_stamp: date_stamp.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            secret_access_key: secret_access_key.to_owned(),
            key: key.clone(),
        });
        key
    }
}

/// What signing one request produced.
struct Signature {
    /// The canonical request, then the string to sign.
    text: String,
    canonical_end: usize,
    /// Where the signed-header list is in the canonical request.
    signed_headers: Range<usize>,
    /// `20150830T123600Z`.
    amz_date: String,
    signature: Hex,
}

impl Signature {
    fn canonical_request(&self) -> &str {
        &self.text[..self.canonical_end]
    }

    fn string_to_sign(&self) -> &str {
        &self.text[self.canonical_end..]
    }

    fn signed_headers(&self) -> &str {
        &self.text[self.signed_headers.clone()]
    }

    fn authorization(&self, access_key_id: &str, region: &str, service: &str) -> String {
        let [d, s1, r, s2, svc, end] = scope_parts(&self.amz_date[..8], region, service);
        let parts = [
            ALGORITHM,
            " Credential=",
            access_key_id,
            "/",
            d,
            s1,
            r,
            s2,
            svc,
            end,
            ", SignedHeaders=",
            self.signed_headers(),
            ", Signature=",
            self.signature.as_str(),
        ];
        parts.concat()
    }
}

/// The string to sign: algorithm, timestamp, credential scope and the hash of the canonical
/// request, one line each.
fn string_to_sign_parts<'a>(
    amz_date: &'a str,
    region: &'a str,
    service: &'a str,
    canonical_hash: &'a Hex,
) -> [&'a str; 12] {
    let [d, s1, r, s2, svc, end] = scope_parts(&amz_date[..8], region, service);
    [
        ALGORITHM,
        "\n",
        amz_date,
        "\n",
        d,
        s1,
        r,
        s2,
        svc,
        end,
        "\n",
        canonical_hash.as_str(),
    ]
}

/// The credential scope `20150830/us-east-1/iam/aws4_request`, in pieces.
fn scope_parts<'a>(date_stamp: &'a str, region: &'a str, service: &'a str) -> [&'a str; 6] {
    [date_stamp, "/", region, "/", service, "/aws4_request"]
}

/// The lower-case hex of a SHA-256 digest or HMAC, kept on the stack.
#[derive(Clone, Copy)]
struct Hex([u8; 64]);

impl Default for Hex {
    fn default() -> Self {
        Self([b'0'; 64])
    }
}

impl Hex {
    fn of(digest: impl AsRef<[u8]>) -> Self {
        let mut out = Self::default();
        for (pair, &byte) in out.0.chunks_exact_mut(2).zip(digest.as_ref()) {
            pair.copy_from_slice(&HEX_PAIRS[usize::from(byte)]);
        }
        out
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("hex digits are ASCII")
    }
}

/// The two hex digits of every byte: three hashes a request are written through it.
const HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut table = [[0; 2]; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = [DIGITS[byte >> 4], DIGITS[byte & 0xF]];
        byte += 1;
    }
    table
};

fn derive_signing_key(secret: &str, date_stamp: &str, region: &str, service: &str) -> hmac::Key {
    let step = |key: &[u8], data: &str| {
        hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data.as_bytes())
    };
    let k_date = step(format!("AWS4{secret}").as_bytes(), date_stamp);
    let k_region = step(k_date.as_ref(), region);
    let k_service = step(k_region.as_ref(), service);
    let k_signing = step(k_service.as_ref(), "aws4_request");
    hmac::Key::new(hmac::HMAC_SHA256, k_signing.as_ref())
}

/// The header changes botocore makes before it computes the canonical request
/// (`_modify_request_before_signing`), plus the `Host` header that botocore only signs and
/// leaves for its HTTP client to send.
fn prepare_request(
    request: &mut HttpRequest,
    credentials: &Credentials,
    time: DateTime,
    amz_date: &str,
    variant: Variant,
) {
    if variant == Variant::S3 && !request.headers.contains("X-Amz-Content-SHA256") {
        let hash = PayloadHash::of(&request.body);
        request
            .headers
            .insert("X-Amz-Content-SHA256", hash.as_str());
    }
    let headers = &mut request.headers;
    headers.remove("Authorization");
    if headers.contains("Date") {
        headers.insert("Date", rfc2822_date(time));
        headers.remove("X-Amz-Date");
    } else {
        headers.insert("X-Amz-Date", amz_date);
    }
    // Python treats an empty token as absent.
    if let Some(token) = credentials.session_token().filter(|t| !t.is_empty()) {
        headers.insert("X-Amz-Security-Token", token);
    }
    if !request.headers.contains("Host") {
        let host = host_from_url(&request.url);
        request.headers.insert("Host", host);
    }
}

/// The `Host` botocore derives from the URL: lower case, with the port only when it is not
/// the scheme's default.
fn host_from_url(url: &Url) -> String {
    let mut host = url.authority();
    host.make_ascii_lowercase();
    host
}

/// `email.utils.formatdate(t)`, which botocore uses to re-stamp a `Date` header: the HTTP
/// date with a `-0000` zone instead of `GMT`.
fn rfc2822_date(time: DateTime) -> String {
    let http_date = time.fmt_http_date();
    let without_zone = http_date.strip_suffix("GMT").unwrap_or(&http_date);
    format!("{without_zone}-0000")
}

/// A canonical request and the signed-header list that appears both in it and in the
/// `Authorization` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalRequest {
    /// The canonical request text (method, URI, query, headers, signed headers, payload hash,
    /// separated by newlines).
    pub text: String,
    /// The `;`-separated lower-case names of the signed headers.
    pub signed_headers: String,
}

/// The standard canonical request of `request` exactly as it stands (the `X-Amz-Date` and
/// token headers are not added here). Signs a `host` from the URL if the request has no
/// `Host`.
///
/// The payload hash is the `X-Amz-Content-SHA256` header when present, otherwise the hex
/// SHA-256 of the body.
pub fn canonical_request(request: &HttpRequest) -> CanonicalRequest {
    let mut text = String::with_capacity(256 + request.url.path.len() + request.url.query.len());
    let signed_headers = write_canonical_request(&mut text, request, Variant::Standard, None);
    CanonicalRequest {
        signed_headers: text[signed_headers].to_owned(),
        text,
    }
}

/// Writes the canonical request of `request` to `out`, and says where in `out` the
/// signed-header list is. The payload hash is `payload` when given (a presigned
/// request's), else the one the request declares, else its body's.
fn write_canonical_request(
    out: &mut String,
    request: &HttpRequest,
    variant: Variant,
    payload: Option<&PayloadHash>,
) -> Range<usize> {
    let url_host = if request.headers.contains("Host") {
        String::new()
    } else {
        host_from_url(&request.url)
    };
    let headers = HeadersToSign::of(request, &url_host);
    let method_start = out.len();
    out.push_str(&request.method);
    out[method_start..].make_ascii_uppercase();
    out.push('\n');
    match variant {
        Variant::Standard => write_canonical_uri(out, &request.url.path),
        // botocore's `S3SigV4Auth._normalize_url_path` returns the path untouched; the
        // URL it comes from always has one.
        Variant::S3 if request.url.path.is_empty() => out.push('/'),
        Variant::S3 => out.push_str(&request.url.path),
    }
    out.push('\n');
    write_canonical_query(out, &request.url.query);
    out.push('\n');
    let signed_headers = headers.write_canonical(out);
    out.push('\n');
    match (payload, request.headers.get("X-Amz-Content-SHA256")) {
        (Some(payload), _) => out.push_str(payload.as_str()),
        (None, Some(declared)) => out.push_str(declared),
        (None, None) => out.push_str(PayloadHash::of(&request.body).as_str()),
    }
    signed_headers
}

/// The hex SHA-256 of a body: of its bytes or, for a streamed body, what the client found
/// reading it before the signature (see [`RequestBody::compute_sha256`]). A stream no one
/// read for its hash (one that can be read only once) is signed as `UNSIGNED-PAYLOAD`.
enum PayloadHash {
    Digest(Hex),
    Streamed(String),
    Unsigned,
}

impl PayloadHash {
    fn of(body: &RequestBody) -> Self {
        match body.as_bytes() {
            Some(bytes) => Self::Digest(Hex::of(digest::digest(&digest::SHA256, bytes))),
            None => body.sha256().map_or(Self::Unsigned, Self::Streamed),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Self::Digest(hex) => hex.as_str(),
            Self::Streamed(hex) => hex,
            Self::Unsigned => UNSIGNED_PAYLOAD,
        }
    }
}

/// The string to sign for a canonical request: algorithm, timestamp, credential scope and
/// the hex SHA-256 of the canonical request.
pub fn string_to_sign(
    canonical_request: &str,
    time: DateTime,
    region: &str,
    service: &str,
) -> String {
    let amz_date = time.fmt_amz_date();
    string_to_sign_with(
        canonical_request,
        &amz_date,
        &scope(&amz_date[..8], region, service),
    )
}

fn string_to_sign_with(canonical_request: &str, amz_date: &str, scope: &str) -> String {
    let hash = Hex::of(digest::digest(
        &digest::SHA256,
        canonical_request.as_bytes(),
    ));
    [ALGORITHM, "\n", amz_date, "\n", scope, "\n", hash.as_str()].concat()
}

/// `20150830/us-east-1/iam/aws4_request`.
pub fn credential_scope(time: DateTime, region: &str, service: &str) -> String {
    scope(&time.fmt_date_stamp(), region, service)
}

fn scope(date_stamp: &str, region: &str, service: &str) -> String {
    scope_parts(date_stamp, region, service).concat()
}

/// The signable headers in the order they appear, with `url_host` as the `host` when the
/// request has none. Names keep their case here and are lowered as they are written:
/// signing is on every request's path, and a lower-case copy of each was a good part of its
/// allocations.
struct HeadersToSign<'a> {
    fields: Vec<(&'a str, &'a str)>,
}

impl<'a> HeadersToSign<'a> {
    fn of(request: &'a HttpRequest, url_host: &'a str) -> Self {
        let mut fields = Vec::with_capacity(request.headers.len() + 1);
        let mut has_host = false;
        for (name, value) in request.headers.iter() {
            if is_unsigned(name) {
                continue;
            }
            has_host |= name.eq_ignore_ascii_case("host");
            fields.push((name, value));
        }
        if !has_host {
            fields.push(("host", url_host));
        }
        Self { fields }
    }

    /// Writes the canonical header lines (each ending in `\n`), a blank line and then the
    /// signed-header list, whose place in `out` it returns. Repeated headers become one line
    /// with their values joined by `,` in request order.
    fn write_canonical(mut self, out: &mut String) -> Range<usize> {
        // A stable sort keeps the values of a repeated header in request order.
        self.fields
            .sort_by(|a, b| lower_bytes(a.0).cmp(lower_bytes(b.0)));
        let mut previous: Option<&str> = None;
        for &(name, value) in &self.fields {
            if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
                out.push(',');
            } else {
                if previous.is_some() {
                    out.push('\n');
                }
                push_lower(out, name);
                out.push(':');
                previous = Some(name);
            }
            write_trimmed(out, value);
        }
        out.push_str("\n\n");
        let start = out.len();
        let mut previous: Option<&str> = None;
        for &(name, _) in &self.fields {
            if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
                continue;
            }
            if previous.is_some() {
                out.push(';');
            }
            push_lower(out, name);
            previous = Some(name);
        }
        start..out.len()
    }
}

fn lower_bytes(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes().map(|b| b.to_ascii_lowercase())
}

fn push_lower(out: &mut String, name: &str) {
    let start = out.len();
    out.push_str(name);
    out[start..].make_ascii_lowercase();
}

/// Python's `' '.join(value.split())`.
fn write_trimmed(out: &mut String, value: &str) {
    if is_trimmed(value.as_bytes()) {
        out.push_str(value);
        return;
    }
    let mut words = value.split(is_python_whitespace).filter(|w| !w.is_empty());
    if let Some(first) = words.next() {
        out.push_str(first);
    }
    for word in words {
        out.push(' ');
        out.push_str(word);
    }
}

/// Whether `' '.join(value.split())` would give `value` back: ASCII with no whitespace but
/// single spaces between words. Nearly every header value is, and is copied as it is.
fn is_trimmed(value: &[u8]) -> bool {
    if is_visible_ascii(value) {
        return true;
    }
    let mut after_space = true;
    for &byte in value {
        match byte {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            0x09..=0x0d | 0x1c..=0x1f | 0x80.. => return false,
            _ => after_space = false,
        }
    }
    !after_space || value.is_empty()
}

/// Whether every byte is visible ASCII (`!` to `~`), eight at a time: most header values
/// are, and this check is on the path of every signed header.
fn is_visible_ascii(value: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = value.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
        // A byte below `!` borrows when `!` is taken from it; one above `~` carries into
        // its high bit when one is added (and one of 0x80 or more has it already).
        let below = word.wrapping_sub(ONES * 0x21) & !word;
        let above = word.wrapping_add(ONES) | word;
        if (below | above) & HIGHS != 0 {
            return false;
        }
    }
    chunks
        .remainder()
        .iter()
        .all(|byte| (b'!'..=b'~').contains(byte))
}

/// What `str.split()` splits on: Unicode White_Space plus the ASCII file, group, record and
/// unit separators, which Python also counts as whitespace.
pub(crate) fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// botocore's `quote(normalize_url_path(path), safe='/~')`.
fn write_canonical_uri(out: &mut String, path: &str) {
    crate::encoding::percent_encode_greedy_into(out, &remove_dot_segments(path));
}

/// RFC 3986 §5.2.4 dot-segment removal that also drops empty segments (`//`), as botocore's
/// `remove_dot_segments` does; an empty path is `/`. Endpoint rules normalize URL paths
/// the same way.
pub(crate) fn remove_dot_segments(path: &str) -> std::borrow::Cow<'_, str> {
    if path.is_empty() {
        return "/".into();
    }
    // Most paths have nothing to remove: no empty segment, and no segment starting with a
    // dot (which catches `.` and `..`, and sends the rare `.well-known` the long way).
    let clean = path.starts_with('/') && !path.contains("//") && !path.contains("/.");
    if clean {
        return path.into();
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    let mut normalized = String::with_capacity(path.len());
    if path.starts_with('/') {
        normalized.push('/');
    }
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            normalized.push('/');
        }
        normalized.push_str(segment);
    }
    if path.ends_with('/') && !segments.is_empty() {
        normalized.push('/');
    }
    normalized.into()
}

/// botocore's `_canonical_query_string_url`: pairs sorted by key then value, as encoded.
fn write_canonical_query(out: &mut String, query: &str) {
    if query.is_empty() {
        return;
    }
    let mut pairs: Vec<(&str, &str)> = query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    pairs.sort_unstable();
    for (i, (key, value)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Headers;

    // Expected values in these tests were produced by botocore 1.44.5's `SigV4Auth.add_auth`
    // on the same requests, with the clock frozen at 2015-08-30T12:36:00Z.

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const TOKEN: &str = "session-token/with+chars==";

    fn suite_time() -> DateTime {
        DateTime::parse_iso8601("2015-08-30T12:36:00Z").unwrap()
    }

    fn request(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpRequest {
        HttpRequest {
            method: method.to_owned(),
            url: Url::parse(url).unwrap(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), *v))
                .collect::<Headers>(),
            body: body.to_vec().into(),
        }
    }

    fn credentials(token: Option<&str>) -> Credentials {
        Credentials::new("AKIDEXAMPLE", SECRET, token.map(str::to_owned))
    }

    #[test]
    fn encoded_path_is_encoded_again_and_query_sorted_as_sent() {
        let mut request = request(
            "POST",
            "https://lambda.us-west-2.amazonaws.com/2015-03-31/functions/my%20func%2Fx/invocations?b=2&a=%2F&a=1&c=&Z=z",
            &[
                ("User-Agent", "awsgen/0.1"),
                ("Content-Type", "application/json"),
                ("X-Amz-Target", "Svc.Op"),
                ("X-Amzn-Trace-Id", "Root=1"),
                ("Expect", "100-continue"),
                ("My-Header", " a \t b\x1c c  "),
            ],
            br#"{"a":1}"#,
        );
        let steps = Signer::new().signing_steps(
            &mut request,
            &credentials(Some(TOKEN)),
            "us-west-2",
            "lambda",
            suite_time(),
        );
        assert_eq!(
            steps.canonical_request,
            "POST\n\
             /2015-03-31/functions/my%2520func%252Fx/invocations\n\
             Z=z&a=%2F&a=1&b=2&c=\n\
             content-type:application/json\n\
             host:lambda.us-west-2.amazonaws.com\n\
             my-header:a b c\n\
             x-amz-date:20150830T123600Z\n\
             x-amz-security-token:session-token/with+chars==\n\
             x-amz-target:Svc.Op\n\
             \n\
             content-type;host;my-header;x-amz-date;x-amz-security-token;x-amz-target\n\
             015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"
        );
        assert_eq!(
            steps.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-west-2/lambda/aws4_request\n\
             d42be1b5a14947cbe7d4afe1b8e13276a70660ad9989ff0f5dd1aac7e98aa709"
        );
        assert_eq!(
            steps.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/lambda/aws4_request, \
             SignedHeaders=content-type;host;my-header;x-amz-date;x-amz-security-token;x-amz-target, \
             Signature=08fbc33d686e1aea093297dc8c802f50c90a4db0868b38f186923b50b33e5192"
        );
        assert_eq!(request.headers.get("X-Amz-Security-Token"), Some(TOKEN));
        assert_eq!(
            request.headers.get("Host"),
            Some("lambda.us-west-2.amazonaws.com")
        );
    }

    #[test]
    fn session_token_replaces_a_stale_one_and_a_stale_authorization_is_dropped() {
        let mut request = request(
            "GET",
            "https://example.amazonaws.com:443/",
            &[
                ("Authorization", "stale"),
                ("X-Amz-Security-Token", "stale"),
            ],
            b"",
        );
        let steps = Signer::new().signing_steps(
            &mut request,
            &credentials(Some(TOKEN)),
            "us-east-1",
            "service",
            suite_time(),
        );
        assert_eq!(
            steps.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\
             x-amz-security-token:session-token/with+chars==\n\n\
             host;x-amz-date;x-amz-security-token\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            steps.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
             dd458e2dfaefabe3eb1a6530d6b0f160ee94578b6bfd661ae4118a0c3d263189"
        );
        assert_eq!(
            steps.signature,
            "b9b2a86fc7f59ea6c0aaea958434dbd1ab7ac23e8abd07ba23ee7a125ba97c21"
        );
        assert!(!request.headers.contains("Authorization"));
        assert_eq!(request.headers.get("X-Amz-Security-Token"), Some(TOKEN));
    }

    #[test]
    fn an_empty_session_token_is_not_sent() {
        let mut request = request("GET", "https://example.amazonaws.com/", &[], b"");
        let steps = Signer::new().signing_steps(
            &mut request,
            &credentials(Some("")),
            "us-east-1",
            "service",
            suite_time(),
        );
        // The get-vanilla signature of the AWS suite.
        assert_eq!(
            steps.signature,
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
        assert!(!request.headers.contains("X-Amz-Security-Token"));
    }

    #[test]
    fn sign_sets_the_headers_botocore_sends() {
        let mut request = request("GET", "https://example.amazonaws.com/", &[], b"");
        Signer::new().sign(
            &mut request,
            &credentials(Some(TOKEN)),
            "us-east-1",
            "service",
            suite_time(),
        );
        let names: Vec<&str> = request.headers.iter().map(|(name, _)| name).collect();
        assert_eq!(
            names,
            [
                "X-Amz-Date",
                "X-Amz-Security-Token",
                "Host",
                "Authorization"
            ]
        );
        assert_eq!(
            request.headers.get("Authorization"),
            Some(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                 SignedHeaders=host;x-amz-date;x-amz-security-token, \
                 Signature=b9b2a86fc7f59ea6c0aaea958434dbd1ab7ac23e8abd07ba23ee7a125ba97c21"
            )
        );
    }

    #[test]
    fn a_date_header_is_restamped_and_signed_instead_of_x_amz_date() {
        let mut request = request(
            "GET",
            "https://example.amazonaws.com/",
            &[
                ("Date", "Mon, 01 Jan 2001 00:00:00 GMT"),
                ("X-Amz-Date", "stale"),
            ],
            b"",
        );
        let steps = Signer::new().signing_steps(
            &mut request,
            &credentials(None),
            "us-east-1",
            "service",
            suite_time(),
        );
        assert_eq!(
            steps.canonical_request,
            "GET\n/\n\ndate:Sun, 30 Aug 2015 12:36:00 -0000\nhost:example.amazonaws.com\n\n\
             date;host\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            steps.signature,
            "7680771e48fa28c7db272da980f990fa8ee39dee61905c4203f5da9d3d48ac86"
        );
        assert!(!request.headers.contains("X-Amz-Date"));
    }

    #[test]
    fn host_keeps_a_non_default_port_and_is_lower_cased() {
        let mut request = request(
            "GET",
            "http://EXAMPLE.amazonaws.com:8080/a/./b/../c//d/?x",
            &[],
            b"",
        );
        let steps = Signer::new().signing_steps(
            &mut request,
            &credentials(None),
            "us-east-1",
            "service",
            suite_time(),
        );
        assert_eq!(
            steps.canonical_request,
            "GET\n/a/c/d/\nx=\nhost:example.amazonaws.com:8080\nx-amz-date:20150830T123600Z\n\n\
             host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            steps.signature,
            "5536abbf631758464ddd5b33f4f885b07b89d482026e82d687abf1d08f2f2780"
        );
    }

    #[test]
    fn canonical_request_signs_the_url_host_without_adding_headers() {
        let request = request(
            "get",
            "http://EXAMPLE.amazonaws.com:8080/a/./b/../c//d/?x",
            &[],
            b"",
        );
        assert_eq!(
            canonical_request(&request),
            CanonicalRequest {
                text: "GET\n/a/c/d/\nx=\nhost:example.amazonaws.com:8080\n\nhost\n\
                       e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                    .to_owned(),
                signed_headers: "host".to_owned(),
            }
        );
        assert!(request.headers.is_empty());
    }

    #[test]
    fn ipv6_host_and_an_encoded_tilde() {
        let mut request = request("GET", "https://[::1]:8443/%7Euser/a~b", &[], b"");
        let steps = Signer::new().signing_steps(
            &mut request,
            &credentials(None),
            "us-east-1",
            "service",
            suite_time(),
        );
        assert_eq!(
            steps.canonical_request,
            "GET\n/%257Euser/a~b\n\nhost:[::1]:8443\nx-amz-date:20150830T123600Z\n\n\
             host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            steps.signature,
            "64d34f680a85885bac9b022018f2518925ffe381856b26135d99ebc48c3d0806"
        );
    }

    #[test]
    fn a_declared_payload_hash_is_used_instead_of_the_body() {
        let mut request = request(
            "PUT",
            "https://example.amazonaws.com/",
            &[("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD")],
            b"data",
        );
        let steps = Signer::new().signing_steps(
            &mut request,
            &credentials(None),
            "us-east-1",
            "service",
            suite_time(),
        );
        assert!(steps.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
        assert_eq!(
            steps.signature,
            "ec8eaf0535526311fc24bf68981a1c8e4d66560443a8499b1eabe0b644ac1fa5"
        );
    }

    #[test]
    fn visible_ascii_is_told_apart_eight_bytes_at_a_time() {
        for byte in 0..=255u8 {
            for position in 0..11 {
                let mut value = *b"abcdefghijk";
                value[position] = byte;
                let visible = (b'!'..=b'~').contains(&byte);
                assert_eq!(is_visible_ascii(&value), visible, "{byte:#x} at {position}");
            }
        }
        assert!(is_visible_ascii(b""));
    }

    #[test]
    fn values_taken_as_they_are_are_those_the_whitespace_rule_keeps() {
        let slow = |value: &str| {
            let words: Vec<&str> = value
                .split(is_python_whitespace)
                .filter(|w| !w.is_empty())
                .collect();
            words.join(" ")
        };
        for value in [
            "",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "attempt=1; max=3",
            "x\u{1c}y",
            "caf\u{e9}",
            "a\u{a0}b",
            "\u{7f}",
            " ",
            "a b c",
        ] {
            let mut out = String::new();
            write_trimmed(&mut out, value);
            assert_eq!(out, slow(value), "{value:?}");
            assert_eq!(
                is_trimmed(value.as_bytes()),
                slow(value) == value && value.is_ascii(),
                "{value:?}"
            );
        }
    }

    #[test]
    fn signing_key_derivation_matches_the_sigv4_documentation() {
        // The example of "Deriving the signing key" in the AWS General Reference
        // (secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam).
        let key = derive_signing_key(SECRET, "20120215", "us-east-1", "iam");
        let probe = |key: &hmac::Key| Hex::of(hmac::sign(key, b"probe")).as_str().to_owned();
        let documented = hmac::Key::new(
            hmac::HMAC_SHA256,
            &[
                0xf4, 0x78, 0x0e, 0x2d, 0x9f, 0x65, 0xfa, 0x89, 0x5f, 0x9c, 0x67, 0xb3, 0x2c, 0xe1,
                0xba, 0xf0, 0xb0, 0xd8, 0xa4, 0x35, 0x05, 0xa0, 0x00, 0xa1, 0xa9, 0xe0, 0x90, 0xd4,
                0x14, 0xdb, 0x40, 0x4d,
            ],
        );
        assert_eq!(probe(&key), probe(&documented));
    }

    #[test]
    fn the_key_cache_follows_day_region_service_and_secret() {
        let signer = Signer::new();
        let day = suite_time();
        let next_day = DateTime::from_secs(day.secs() + 86_400);
        let signature =
            |time, region, secret| signer.signature_for("string", secret, time, region, "service");
        let first = signature(day, "us-east-1", SECRET);
        assert_eq!(signature(day, "us-east-1", SECRET), first);
        let other_region = signature(day, "eu-west-1", SECRET);
        let other_day = signature(next_day, "us-east-1", SECRET);
        let other_secret = signature(day, "us-east-1", "another secret");
        assert_ne!(other_region, first);
        assert_ne!(other_day, first);
        assert_ne!(other_secret, first);
        assert_eq!(signature(day, "us-east-1", SECRET), first);
        let cached = signer.cached_key.lock().unwrap();
        let entry = cached.as_ref().unwrap();
        assert_eq!(
            (
                entry.date_stamp.as_str(),
                entry.region.as_str(),
                entry.service.as_str()
            ),
            ("20150830", "us-east-1", "service")
        );
        assert_eq!(
            Signer::new().signature_for("string", SECRET, next_day, "us-east-1", "service"),
            other_day
        );
    }

    #[test]
    fn dot_segments_and_empty_segments_are_removed() {
        // botocore.utils.remove_dot_segments.
        let cases = [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/./", "/"),
            ("/a/..", "/"),
            ("/a/../..", "/"),
            ("/a/b/../c", "/a/c"),
            ("//a//b//", "/a/b/"),
            ("/a/./b/.", "/a/b"),
            ("/..a/.b./...", "/..a/.b./..."),
            ("/%2E%2E/a", "/%2E%2E/a"),
        ];
        for (path, expected) in cases {
            assert_eq!(remove_dot_segments(path), expected, "{path}");
        }
    }

    #[test]
    fn whitespace_is_what_python_splits_on() {
        let mut out = String::new();
        write_trimmed(
            &mut out,
            "\u{a0}a\u{85}b\u{2003}c\u{1f}d\u{3000}\u{200b}e\u{b}\u{c}",
        );
        // U+200B (zero width space) is not whitespace in Python either.
        assert_eq!(out, "a b c d \u{200b}e");
    }

    #[test]
    fn one_signer_serves_many_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Signer>();
        let signer = Signer::new();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    let mut request = request("GET", "https://example.amazonaws.com/", &[], b"");
                    signer.sign(
                        &mut request,
                        &credentials(None),
                        "us-east-1",
                        "service",
                        suite_time(),
                    );
                    // The get-vanilla signature of the AWS suite.
                    assert!(request.headers.get("Authorization").unwrap().ends_with(
                        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
                    ));
                });
            }
        });
    }

    #[test]
    fn debug_does_not_show_the_cached_key() {
        let signer = Signer::new();
        signer.signature_for("s", SECRET, suite_time(), "us-east-1", "service");
        assert_eq!(format!("{signer:?}"), "Signer { variant: Standard, .. }");
    }

    /// S3 signs the path as sent (`//`, `.` and `%2F` kept, nothing encoded again) and sends
    /// the payload hash it signs; a hash the request already declares is kept.
    #[test]
    fn the_s3_variant_signs_the_path_as_sent_and_sends_the_payload_hash() {
        let signer = Signer::with_variant(Variant::S3);
        let credentials = Credentials::new("AKID", SECRET, None);
        let mut request = HttpRequest {
            method: "PUT".to_owned(),
            url: Url::parse("https://bucket.s3.amazonaws.com/a//b/./c%2Fd%20e").unwrap(),
            headers: crate::http::Headers::new(),
            body: b"body".to_vec().into(),
        };
        let steps =
            signer.signing_steps(&mut request, &credentials, "us-east-1", "s3", suite_time());
        let body_hash = "230d8358dc8e8890b4c58deeb62912ee2f20357ae92a5cc861b98e68fe31acb5";
        assert_eq!(request.headers.get("X-Amz-Content-SHA256"), Some(body_hash));
        let mut lines = steps.canonical_request.lines();
        assert_eq!(lines.next(), Some("PUT"));
        assert_eq!(lines.next(), Some("/a//b/./c%2Fd%20e"));
        assert!(steps.signed_headers.contains("x-amz-content-sha256"));
        assert!(steps.canonical_request.ends_with(body_hash));

        let mut unsigned = HttpRequest {
            method: "PUT".to_owned(),
            url: Url::parse("https://bucket.s3.amazonaws.com").unwrap(),
            headers: crate::http::Headers::new(),
            body: b"body".to_vec().into(),
        };
        unsigned
            .headers
            .insert("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD");
        let steps =
            signer.signing_steps(&mut unsigned, &credentials, "us-east-1", "s3", suite_time());
        assert_eq!(steps.canonical_request.lines().nth(1), Some("/"));
        assert!(steps.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
    }
}

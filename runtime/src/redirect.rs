//! S3's region redirects: a request for a bucket sent to the wrong region fails, and
//! botocore 1.44.5 (`utils.py` `S3RegionRedirectorv2`) finds the bucket's region, remembers
//! it for the bucket, and sends the request once more, resolved and signed for that region.
//! This module decides whether a failure is such a redirect and where the region comes
//! from; [`ClientCore`](crate::client::ClientCore) does the sending.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use crate::http::HttpResponse;

/// Whether a failed response of `operation` says the bucket lives in another region, by
/// botocore's tests: a 301, 302 or 307; `PermanentRedirect`; `AuthorizationHeaderMalformed`
/// naming a region; `IllegalLocationConstraintException` (but for `CreateBucket`, where the
/// caller chose the region); a HEAD's bare 301 or 400 (for `HeadBucket`, with the region
/// header).
pub(crate) fn is_redirect(operation: &str, response: &HttpResponse, code: &str) -> bool {
    let bare_head = matches!(code, "301" | "400");
    matches!(response.status, 301 | 302 | 307)
        || code == "PermanentRedirect"
        || (code == "AuthorizationHeaderMalformed" && error_region(&response.body).is_some())
        || (code == "IllegalLocationConstraintException" && operation != "CreateBucket")
        || (bare_head && operation == "HeadObject")
        || (bare_head && operation == "HeadBucket" && response.headers.contains(REGION_HEADER))
}

/// The header S3 names a bucket's region in.
pub(crate) const REGION_HEADER: &str = "x-amz-bucket-region";

/// The region a redirect names: the header, else the error document's `Region`.
pub(crate) fn named_region(response: &HttpResponse) -> Option<String> {
    match response.headers.get(REGION_HEADER) {
        Some(region) => Some(region.to_owned()),
        None => error_region(&response.body),
    }
}

/// `<Error><Region>…</Region></Error>`, when the body is such a document.
#[cfg(feature = "xml")]
fn error_region(body: &[u8]) -> Option<String> {
    let mut reader = crate::xml::XmlReader::new(body).ok()?;
    if reader.next_start().ok()??.local_name() != "Error" {
        return None;
    }
    while let Some(child) = reader.next_start().ok()? {
        if child.local_name() == "Region" {
            let region = reader.text().ok()?;
            return (!region.is_empty()).then(|| region.into_owned());
        }
        reader.skip().ok()?;
    }
    None
}

/// Without XML there is no S3, and no error document to look in.
#[cfg(not(feature = "xml"))]
fn error_region(_: &[u8]) -> Option<String> {
    None
}

/// botocore's `validate_region_name`: a host label. A region that is not one is not
/// followed: it would put whatever S3 (or something posing as it) sent into a host name.
pub(crate) fn is_region_name(region: &str) -> bool {
    let bytes = region.as_bytes();
    let inner = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-';
    (1..=63).contains(&bytes.len())
        && bytes.iter().all(inner)
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

/// The regions redirects found, by bucket, so that later calls go straight there
/// (botocore's `redirect_from_cache`). Bounded, unlike botocore's: a program that touches
/// many buckets forgets the oldest rather than growing without end.
#[derive(Debug, Default)]
pub(crate) struct BucketRegions {
    inner: Mutex<Remembered>,
}

#[derive(Debug, Default)]
struct Remembered {
    regions: HashMap<String, String>,
    /// Buckets in the order they were first remembered.
    order: VecDeque<String>,
}

/// How many buckets' regions a client remembers.
const REMEMBERED_BUCKETS: usize = 1024;

impl BucketRegions {
    pub(crate) fn get(&self, bucket: &str) -> Option<String> {
        let remembered = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        remembered.regions.get(bucket).cloned()
    }

    pub(crate) fn remember(&self, bucket: &str, region: String) {
        let mut remembered = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let Remembered { regions, order } = &mut *remembered;
        if regions.insert(bucket.to_owned(), region).is_none() {
            order.push_back(bucket.to_owned());
            if order.len() > REMEMBERED_BUCKETS {
                if let Some(oldest) = order.pop_front() {
                    regions.remove(&oldest);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, region_header: Option<&str>, body: &str) -> HttpResponse {
        let mut response = HttpResponse::new(status, body);
        if let Some(region) = region_header {
            response.headers.insert(REGION_HEADER, region);
        }
        response
    }

    #[test]
    fn redirects_are_told_apart_as_botocore_tells_them() {
        let moved = response(301, Some("eu-west-1"), "");
        assert!(is_redirect("GetObject", &moved, "PermanentRedirect"));
        assert!(is_redirect(
            "ListObjectsV2",
            &response(307, None, ""),
            "TemporaryRedirect"
        ));
        assert!(is_redirect("HeadObject", &response(400, None, ""), "400"));
        assert!(!is_redirect("HeadBucket", &response(400, None, ""), "400"));
        assert!(is_redirect(
            "HeadBucket",
            &response(400, Some("eu-west-1"), ""),
            "400"
        ));
        let illegal = response(400, Some("af-south-1"), "");
        assert!(is_redirect(
            "GetObject",
            &illegal,
            "IllegalLocationConstraintException"
        ));
        assert!(!is_redirect(
            "CreateBucket",
            &illegal,
            "IllegalLocationConstraintException"
        ));
        assert!(!is_redirect(
            "GetObject",
            &response(403, Some("eu-west-1"), ""),
            "AccessDenied"
        ));
    }

    // The error document is XML, which the runtime reads only with its `xml` feature.
    #[cfg(feature = "xml")]
    #[test]
    fn a_malformed_authorization_is_a_redirect_when_it_names_a_region() {
        let malformed =
            "<Error><Code>AuthorizationHeaderMalformed</Code><Region>ap-south-1</Region></Error>";
        let bad = response(400, None, malformed);
        assert!(is_redirect(
            "PutObject",
            &bad,
            "AuthorizationHeaderMalformed"
        ));
        let no_region = response(
            400,
            None,
            "<Error><Code>AuthorizationHeaderMalformed</Code></Error>",
        );
        assert!(!is_redirect(
            "PutObject",
            &no_region,
            "AuthorizationHeaderMalformed"
        ));
    }

    #[cfg(feature = "xml")]
    #[test]
    fn the_region_comes_from_the_header_then_the_error() {
        let both = response(
            400,
            Some("eu-west-1"),
            "<Error><Region>ap-south-1</Region></Error>",
        );
        assert_eq!(named_region(&both).as_deref(), Some("eu-west-1"));
        let body = response(
            400,
            None,
            "<Error><Code>X</Code><Region>ap-south-1</Region></Error>",
        );
        assert_eq!(named_region(&body).as_deref(), Some("ap-south-1"));
        for body in [
            "",
            "not xml",
            "<Other><Region>x</Region></Other>",
            "<Error><Region/></Error>",
        ] {
            assert_eq!(named_region(&response(400, None, body)), None, "{body}");
        }
    }

    #[test]
    fn only_host_labels_are_regions() {
        for good in ["us-east-1", "a", "eu-west-1a"] {
            assert!(is_region_name(good), "{good}");
        }
        for bad in [
            "",
            "-east",
            "east-",
            "evil.example.com",
            "us east",
            &"a".repeat(64),
        ] {
            assert!(!is_region_name(bad), "{bad}");
        }
    }

    #[test]
    fn the_oldest_bucket_is_forgotten_first() {
        let regions = BucketRegions::default();
        for n in 0..=REMEMBERED_BUCKETS {
            regions.remember(&format!("b{n}"), format!("r{n}"));
        }
        assert_eq!(regions.get("b0"), None);
        assert_eq!(regions.get("b1").as_deref(), Some("r1"));
        regions.remember("b1", "moved".to_owned());
        assert_eq!(regions.get("b1").as_deref(), Some("moved"));
    }
}

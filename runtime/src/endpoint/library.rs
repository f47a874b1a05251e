//! The endpoint rules language's standard library, as botocore 1.44.5 implements it
//! (`botocore/endpoint_provider.py`, `RuleSetStandardLibrary`). `isSet`, `not`,
//! `booleanEquals`, `stringEquals` and `getAttr` need no function: generated code writes
//! them as Rust operators and field accesses.
//!
//! An argument the rules leave unset never reaches these functions; generated code treats
//! the call as unset (or false) instead.

use crate::encoding::{percent_encode, percent_encode_greedy};

/// `isValidHostLabel`: whether `value` is one DNS label (letters, digits and `-`, 1 to 63
/// characters, not starting or ending with `-`), or with `allow_subdomains` several joined
/// by `.`.
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_host_label)
    } else {
        is_host_label(value)
    }
}

fn is_host_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// `aws.isVirtualHostableS3Bucket`: whether `value` can be the first label(s) of an S3
/// virtual-hosted URL: a host label of at least 3 characters, no upper case, and not
/// shaped like an IPv4 address. (Host labels are ASCII, so an ASCII case check suffices.)
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    value.len() >= 3
        && !value.bytes().any(|b| b.is_ascii_uppercase())
        && !is_ipv4_shaped(value)
        && is_valid_host_label(value, allow_subdomains)
}

/// `substring`: characters `start..stop` of an ASCII `value`, counted from the end when
/// `reverse`; unset when the range does not fit or the value is not ASCII.
pub fn substring(value: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if start >= stop || value.len() < stop || !value.is_ascii() {
        return None;
    }
    // ASCII, so byte offsets are character offsets.
    Some(if reverse {
        &value[value.len() - stop..value.len() - start]
    } else {
        &value[start..stop]
    })
}

/// `uriEncode`: percent-encodes every byte but ASCII letters, digits and `-._~`.
pub fn uri_encode(value: &str) -> String {
    percent_encode(value)
}

/// What `parseURL` returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlParts {
    /// `http` or `https`, lower case.
    pub scheme: &'static str,
    /// Host and port as written (with any user information).
    pub authority: String,
    /// The path as written; empty when there is none.
    pub path: String,
    /// The path with `.`/`..` segments and empty segments removed, percent-encoded, and
    /// ending in `/`.
    pub normalized_path: String,
    /// Whether the host is an IPv4 or IPv6 address.
    pub is_ip: bool,
}

/// `parseURL`: splits an `http` or `https` URL without a query, as Python's `urlparse`
/// does; unset for any other URL.
pub fn parse_url(value: &str) -> Option<UrlParts> {
    let (scheme, rest) = value.split_once(':')?;
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else {
        return None;
    };
    let rest = rest.strip_prefix("//")?;
    let rest = rest.split('#').next().unwrap_or_default();
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(authority_end);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !query.is_empty() {
        return None;
    }
    let host = host_of(authority)?;
    let path = without_params(path);
    let mut normalized_path = percent_encode_greedy(&crate::sigv4::remove_dot_segments(path));
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(UrlParts {
        scheme,
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip: is_ipv4_shaped(host) || is_ipv6_literal(host),
    })
}

/// The host of an authority, brackets kept; unset when the port is not a number up to
/// 65535 or brackets do not pair, which Python's `urlparse` reports as errors.
fn host_of(authority: &str) -> Option<&str> {
    let host_and_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, rest)| rest);
    let (host, port) = match host_and_port.find(']') {
        Some(close) if host_and_port.starts_with('[') => {
            let (host, after) = host_and_port.split_at(close + 1);
            (
                host,
                after.strip_prefix(':').or(after.is_empty().then_some(""))?,
            )
        }
        Some(_) => return None,
        None if host_and_port.contains('[') => return None,
        None => host_and_port.split_once(':').unwrap_or((host_and_port, "")),
    };
    let port_is_valid = port.is_empty()
        || port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| p <= 65535);
    (!host.is_empty() && port_is_valid).then_some(host)
}

/// `urlparse` moves `;params` of the last path segment out of the path.
fn without_params(path: &str) -> &str {
    let last_segment = path.rfind('/').unwrap_or(0);
    match path[last_segment..].find(';') {
        Some(semicolon) => &path[..last_segment + semicolon],
        None => path,
    }
}

/// Four dot-separated runs of 1 to 3 digits, as botocore's `IPV4_RE` (values unchecked).
fn is_ipv4_shaped(host: &str) -> bool {
    let mut parts = 0;
    host.split('.').all(|part| {
        parts += 1;
        (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    }) && parts == 4
}

/// A bracketed IPv6 address with an optional zone (`[fe80::1%25en0]`), as botocore's
/// `IPV6_ADDRZ_RE` accepts it.
fn is_ipv6_literal(host: &str) -> bool {
    let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) else {
        return false;
    };
    let (address, zone) = match inner.find('%') {
        Some(percent) => (&inner[..percent], Some(&inner[percent..])),
        None => (inner, None),
    };
    zone.is_none_or(is_zone_id) && is_ipv6_address(address)
}

/// `%25` or `%` followed by unreserved characters or `%XX` escapes.
fn is_zone_id(zone: &str) -> bool {
    let zone = zone
        .strip_prefix("%25")
        .or_else(|| zone.strip_prefix('%'))
        .unwrap_or_default();
    let bytes = zone.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() || b"._!-~".contains(&b) {
            i += 1;
        } else if b == b'%'
            && bytes.len() > i + 2
            && bytes[i + 1..i + 3].iter().all(u8::is_ascii_hexdigit)
        {
            i += 3;
        } else {
            return false;
        }
    }
    !bytes.is_empty()
}

/// RFC 3986 `IPv6address`: eight 16-bit groups, or fewer with one `::`; the last two groups
/// may be written as a dotted IPv4 address.
fn is_ipv6_address(address: &str) -> bool {
    match address.split_once("::") {
        None => ipv6_groups(address, true) == Some(8),
        Some((before, after)) => {
            let before = if before.is_empty() {
                Some(0)
            } else {
                ipv6_groups(before, false)
            };
            let after = if after.is_empty() {
                Some(0)
            } else {
                ipv6_groups(after, true)
            };
            matches!((before, after), (Some(b), Some(a)) if b + a <= 7)
        }
    }
}

/// How many 16-bit groups `part` (`:`-separated, no `::`) holds, counting a trailing IPv4
/// address as two; `None` if it is malformed.
fn ipv6_groups(part: &str, ipv4_tail_allowed: bool) -> Option<usize> {
    let groups: Vec<&str> = part.split(':').collect();
    let (last, init) = groups.split_last()?;
    let is_group =
        |g: &&str| (1..=4).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_hexdigit());
    if !init.iter().all(is_group) {
        return None;
    }
    if is_group(last) {
        Some(groups.len())
    } else if ipv4_tail_allowed && is_ipv4_shaped(last) {
        Some(groups.len() + 1)
    } else {
        None
    }
}

/// What `aws.parseArn` returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn {
    pub partition: String,
    pub service: String,
    pub region: String,
    pub account_id: String,
    /// The resource, split at every `:` and `/`.
    pub resource_id: Vec<String>,
}

/// `aws.parseArn`: splits `arn:partition:service:region:account:resource`; unset unless
/// partition, service and resource are all present.
pub fn parse_arn(value: &str) -> Option<Arn> {
    let mut parts = value.strip_prefix("arn:")?.splitn(5, ':');
    let mut next = || parts.next().map(str::to_owned);
    let (partition, service, region, account_id, resource) =
        (next()?, next()?, next()?, next()?, next()?);
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition,
        service,
        region,
        account_id,
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::endpoint::reference::{boolean, calls, string};

    #[test]
    fn parse_url_answers_as_botocore() {
        for (args, expected) in calls("parseURL") {
            let actual = parse_url(string(&args[0])).map(|url| {
                json!({
                    "scheme": url.scheme,
                    "authority": url.authority,
                    "path": url.path,
                    "normalizedPath": url.normalized_path,
                    "isIp": url.is_ip,
                })
            });
            assert_eq!(actual.unwrap_or(Value::Null), expected, "{args:?}");
        }
    }

    #[test]
    fn is_valid_host_label_answers_as_botocore() {
        for (args, expected) in calls("isValidHostLabel") {
            let actual = is_valid_host_label(string(&args[0]), boolean(&args[1]));
            assert_eq!(json!(actual), expected, "{args:?}");
        }
    }

    #[test]
    fn is_virtual_hostable_s3_bucket_answers_as_botocore() {
        for (args, expected) in calls("aws.isVirtualHostableS3Bucket") {
            let actual = is_virtual_hostable_s3_bucket(string(&args[0]), boolean(&args[1]));
            assert_eq!(json!(actual), expected, "{args:?}");
        }
    }

    #[test]
    fn substring_answers_as_botocore() {
        for (args, expected) in calls("substring") {
            let index = |value: &Value| value.as_u64().expect("an index") as usize;
            let actual = substring(
                string(&args[0]),
                index(&args[1]),
                index(&args[2]),
                boolean(&args[3]),
            );
            assert_eq!(json!(actual), expected, "{args:?}");
        }
    }

    #[test]
    fn uri_encode_answers_as_botocore() {
        for (args, expected) in calls("uriEncode") {
            assert_eq!(json!(uri_encode(string(&args[0]))), expected, "{args:?}");
        }
    }

    #[test]
    fn parse_arn_answers_as_botocore() {
        for (args, expected) in calls("aws.parseArn") {
            let actual = parse_arn(string(&args[0])).map(|arn| {
                json!({
                    "partition": arn.partition,
                    "service": arn.service,
                    "region": arn.region,
                    "accountId": arn.account_id,
                    "resourceId": arn.resource_id,
                })
            });
            assert_eq!(actual.unwrap_or(Value::Null), expected, "{args:?}");
        }
    }
}

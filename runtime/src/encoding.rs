//! Text encodings of values on the wire: percent-encoding of URI parts, base64 of blobs, and
//! the textual form of floats.
//!
//! Each follows what botocore sends, so that a generated client puts the same bytes on the
//! wire as the AWS CLI and Python SDK do.

use std::fmt::{self, Write as _};

/// Percent-encodes `s` for a URI label, a query key or a query value.
///
/// Only ASCII letters, digits and `-._~` are kept; every other UTF-8 byte becomes `%XX` with
/// upper-case hex, as botocore's `percent_encode` does. Note that this encodes `/`, `+` and
/// space (`%20`, never `+`).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    percent_encode_into(&mut out, s);
    out
}

/// [`percent_encode`], appending to `out`.
pub fn percent_encode_into(out: &mut String, s: &str) {
    encode_into(out, s, false);
}

/// Percent-encodes `s` for a greedy URI label (`{Key+}`): like [`percent_encode`] but `/` is
/// kept, so that the label can span path segments.
pub fn percent_encode_greedy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    percent_encode_greedy_into(&mut out, s);
    out
}

/// [`percent_encode_greedy`], appending to `out`.
pub fn percent_encode_greedy_into(out: &mut String, s: &str) {
    encode_into(out, s, true);
}

/// The bytes `%XX` sequences stand for, anything else as it is: Python's `unquote`, or,
/// with `plus_is_space`, its `unquote_plus` (form bodies). A `%` not followed by two hex
/// digits stays as it is.
pub fn percent_decode(text: &str, plus_is_space: bool) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// The decoded `(key, value)` pairs of a form body or URL query, in order, as Python's
/// `parse_qsl` with blank values kept reads them: `+` is a space, `%XX` a byte, and a key
/// alone has an empty value. What a presigned request re-encodes, and what tests compare
/// form bodies by.
pub fn decode_pairs(text: &str) -> Vec<(String, String)> {
    let decode = |text: &str| String::from_utf8_lossy(&percent_decode(text, true)).into_owned();
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// Lower-case hex digits of `bytes`, as Python's `hexdigest` writes a digest.
pub fn hex_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        // Writing into a String cannot fail.
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Whether a byte is kept as it is in a URI: an ASCII letter or digit, or one of `-._~`.
pub fn is_unreserved(byte: u8) -> bool {
    UNRESERVED[usize::from(byte)]
}

/// Letters, digits and `-._~`, as a table: every byte of every URI and query string goes
/// through this test.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        byte += 1;
    }
    table
};

const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

fn encode_into(out: &mut String, s: &str, keep_slash: bool) {
    out.reserve(s.len());
    let bytes = s.as_bytes();
    let mut run_start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if is_unreserved(byte) || (keep_slash && byte == b'/') {
            continue;
        }
        // Copying runs of kept bytes at once is what makes the common, all-safe case cheap.
        // A non-empty run is ASCII, so both of its ends are char boundaries.
        if run_start < i {
            out.push_str(&s[run_start..i]);
        }
        out.push('%');
        out.push(char::from(UPPER_HEX[usize::from(byte >> 4)]));
        out.push(char::from(UPPER_HEX[usize::from(byte & 0xF)]));
        run_start = i + 1;
    }
    if run_start < bytes.len() {
        out.push_str(&s[run_start..]);
    }
}

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes `bytes` as base64 with the standard alphabet and `=` padding (RFC 4648 §4).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    base64_encode_into(&mut out, bytes);
    out
}

/// [`base64_encode`], appending to `out`.
pub fn base64_encode_into(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len().div_ceil(3) * 4);
    let sextet = |n: u32, shift: u32| char::from(BASE64_ALPHABET[((n >> shift) & 0x3F) as usize]);
    let mut chunks = bytes.chunks_exact(3);
    for chunk in &mut chunks {
        let n = u32::from(chunk[0]) << 16 | u32::from(chunk[1]) << 8 | u32::from(chunk[2]);
        out.extend([sextet(n, 18), sextet(n, 12), sextet(n, 6), sextet(n, 0)]);
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend([sextet(n, 18), sextet(n, 12), '=', '=']);
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.extend([sextet(n, 18), sextet(n, 12), sextet(n, 6), '=']);
        }
        _ => {}
    }
}

/// Why a base64 text could not be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base64Error {
    /// The text is not made of whole 4-character groups (padding is required).
    InvalidLength {
        /// The length of the text in bytes.
        length: usize,
    },
    /// A byte outside the standard alphabet (and not padding) at this offset.
    InvalidByte {
        /// Where the byte is.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// A `=` that is not one of the last two characters, or a `=` followed by data.
    InvalidPadding {
        /// Where the misplaced `=` is.
        offset: usize,
    },
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Base64Error::InvalidLength { length } => write!(
                f,
                "invalid base64: the length {length} is not a multiple of 4"
            ),
            Base64Error::InvalidByte { offset, byte } => write!(
                f,
                "invalid base64: byte {:?} at offset {offset} is not in the standard alphabet",
                char::from(byte)
            ),
            Base64Error::InvalidPadding { offset } => {
                write!(f, "invalid base64: misplaced padding at offset {offset}")
            }
        }
    }
}

impl std::error::Error for Base64Error {}

const INVALID: u8 = 0xFF;

const BASE64_DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[BASE64_ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Decodes standard, padded base64. Whitespace and the URL-safe alphabet are rejected, so a
/// malformed blob in a response is reported instead of silently turning into other bytes.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 != 0 {
        return Err(Base64Error::InvalidLength {
            length: bytes.len(),
        });
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let last_group = bytes.len().saturating_sub(4);
    for (group_index, group) in bytes.chunks_exact(4).enumerate() {
        let start = group_index * 4;
        let padding = if start == last_group {
            padding_of(group, start)?
        } else {
            0
        };
        let mut n = 0u32;
        for (i, &byte) in group[..4 - padding].iter().enumerate() {
            let value = BASE64_DECODE[usize::from(byte)];
            if value == INVALID {
                return Err(if byte == b'=' {
                    Base64Error::InvalidPadding { offset: start + i }
                } else {
                    Base64Error::InvalidByte {
                        offset: start + i,
                        byte,
                    }
                });
            }
            n |= u32::from(value) << (18 - 6 * i);
        }
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - padding]);
    }
    Ok(out)
}

/// How many `=` end the final group; a `=` before a data character is an error.
fn padding_of(group: &[u8], start: usize) -> Result<usize, Base64Error> {
    match group {
        [_, _, b'=', b'='] => Ok(2),
        [_, _, b'=', _] => Err(Base64Error::InvalidPadding { offset: start + 2 }),
        [_, _, _, b'='] => Ok(1),
        _ => Ok(0),
    }
}

/// Appends the text botocore writes for a float: `NaN`, `Infinity` or `-Infinity` for the
/// non-finite values, otherwise Python's `repr` (shortest round-trip digits, `1.0` rather
/// than `1`, and exponents such as `1e+16` or `1e-05` outside `[1e-4, 1e16)`).
///
/// This is the form used in JSON bodies (where the non-finite names are then quoted),
/// query strings and headers.
pub fn write_float(out: &mut String, value: f64) {
    match non_finite_name(value) {
        Some(name) => out.push_str(name),
        None => write_python_repr(out, format_args!("{value:e}")),
    }
}

/// [`write_float`] for an `f32`: uses the shortest digits that round-trip as an `f32`, so
/// `0.1f32` is written `0.1` rather than the digits of its widened `f64` value.
pub fn write_float32(out: &mut String, value: f32) {
    match non_finite_name(f64::from(value)) {
        Some(name) => out.push_str(name),
        None => write_python_repr(out, format_args!("{value:e}")),
    }
}

fn non_finite_name(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value == f64::INFINITY {
        Some("Infinity")
    } else if value == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// Rewrites Rust's shortest scientific form (`-1.25e-7`) in Python's `repr` layout.
fn write_python_repr(out: &mut String, scientific: fmt::Arguments<'_>) {
    let mut buffer = StackText::default();
    // Formatting a float into a buffer sized for its longest form cannot fail.
    let _ = buffer.write_fmt(scientific);
    let text = buffer.as_str();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (lead, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if negative {
        out.push('-');
    }
    if (-4..16).contains(&exponent) {
        write_positional(out, lead, fraction, exponent);
    } else {
        out.push_str(lead);
        if !fraction.is_empty() {
            out.push('.');
            out.push_str(fraction);
        }
        let sign = if exponent < 0 { '-' } else { '+' };
        let _ = write!(out, "e{sign}{:02}", exponent.unsigned_abs());
    }
}

/// Writes `lead.fraction × 10^exponent` without an exponent, always with a fractional part.
fn write_positional(out: &mut String, lead: &str, fraction: &str, exponent: i32) {
    if exponent < 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-exponent - 1) as usize));
        out.push_str(lead);
        out.push_str(fraction);
        return;
    }
    let integer_digits_in_fraction = exponent as usize;
    out.push_str(lead);
    if fraction.len() > integer_digits_in_fraction {
        let (integer_part, fraction_part) = fraction.split_at(integer_digits_in_fraction);
        out.push_str(integer_part);
        out.push('.');
        out.push_str(fraction_part);
    } else {
        out.push_str(fraction);
        out.extend(std::iter::repeat_n(
            '0',
            integer_digits_in_fraction - fraction.len(),
        ));
        out.push_str(".0");
    }
}

/// A fixed buffer for formatting a float without allocating. The longest `{:e}` form of an
/// `f64` is 24 bytes (`-1.2345678901234567e-308`).
#[derive(Default)]
struct StackText {
    bytes: [u8; 32],
    len: usize,
}

impl StackText {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so the filled part is valid UTF-8.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let target = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        target.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values below come from botocore 1.44.5's `percent_encode`, Python's
    // `base64.b64encode` and Python's `repr(float)`, or from RFC 4648 §10.

    #[test]
    fn percent_encode_keeps_only_unreserved_characters() {
        assert_eq!(
            percent_encode("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
            "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        );
        assert_eq!(
            percent_encode("a b+c/d?e=f&g%h*i'j(k)l!m:n@o,p;q$r"),
            "a%20b%2Bc%2Fd%3Fe%3Df%26g%25h%2Ai%27j%28k%29l%21m%3An%40o%2Cp%3Bq%24r"
        );
        assert_eq!(percent_encode(""), "");
    }

    #[test]
    fn percent_encode_writes_utf8_bytes_in_upper_case_hex() {
        assert_eq!(percent_encode("ሴ"), "%E1%88%B4");
        assert_eq!(percent_encode("café/ü"), "caf%C3%A9%2F%C3%BC");
        assert_eq!(percent_encode("😀x"), "%F0%9F%98%80x");
        assert_eq!(percent_encode("\u{7f}\n"), "%7F%0A");
    }

    #[test]
    fn greedy_encoding_keeps_slashes() {
        assert_eq!(
            percent_encode_greedy("photos/2024/a b.jpg"),
            "photos/2024/a%20b.jpg"
        );
        assert_eq!(percent_encode_greedy("/ሴ/"), "/%E1%88%B4/");
        assert_eq!(percent_encode_greedy("a%2Fb"), "a%252Fb");
    }

    #[test]
    fn into_variants_append() {
        let mut out = String::from("k=");
        percent_encode_into(&mut out, "a/b");
        out.push('&');
        percent_encode_greedy_into(&mut out, "a/b c");
        assert_eq!(out, "k=a%2Fb&a/b%20c");
    }

    #[test]
    fn base64_rfc4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn base64_encode_into_appends() {
        let mut out = String::from("x:");
        base64_encode_into(&mut out, b"fo");
        assert_eq!(out, "x:Zm8=");
    }

    #[test]
    fn base64_uses_the_standard_alphabet() {
        assert_eq!(base64_encode(&[0xFB, 0xFF, 0xBF]), "+/+/");
        assert_eq!(base64_decode("+/+/").unwrap(), [0xFB, 0xFF, 0xBF]);
        let all: Vec<u8> = (0..=255).collect();
        let encoded = base64_encode(&all);
        assert!(
            encoded.starts_with("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v")
        );
        assert!(encoded.ends_with("8PHy8/T19vf4+fr7/P3+/w=="));
        assert_eq!(base64_decode(&encoded).unwrap(), all);
    }

    #[test]
    fn base64_decode_rejects_malformed_text() {
        assert_eq!(
            base64_decode("Zm9"),
            Err(Base64Error::InvalidLength { length: 3 })
        );
        assert_eq!(
            base64_decode("Zm9v Zg=="),
            Err(Base64Error::InvalidLength { length: 9 })
        );
        assert_eq!(
            base64_decode("Zm-v"),
            Err(Base64Error::InvalidByte {
                offset: 2,
                byte: b'-'
            })
        );
        assert_eq!(
            base64_decode("Zg==Zm9v"),
            Err(Base64Error::InvalidPadding { offset: 2 })
        );
        assert_eq!(
            base64_decode("Zm=v"),
            Err(Base64Error::InvalidPadding { offset: 2 })
        );
        assert_eq!(
            base64_decode("===="),
            Err(Base64Error::InvalidPadding { offset: 0 })
        );
        assert_eq!(
            base64_decode("Zm9\u{e9}").unwrap_err(),
            Base64Error::InvalidLength { length: 5 }
        );
        assert_eq!(
            base64_decode("Zm\u{e9}").unwrap_err(),
            Base64Error::InvalidByte {
                offset: 2,
                byte: 0xC3
            }
        );
    }

    #[test]
    fn base64_errors_say_what_is_wrong() {
        assert_eq!(
            base64_decode("Zm-v").unwrap_err().to_string(),
            "invalid base64: byte '-' at offset 2 is not in the standard alphabet"
        );
        assert_eq!(
            base64_decode("Zm9").unwrap_err().to_string(),
            "invalid base64: the length 3 is not a multiple of 4"
        );
        assert_eq!(
            base64_decode("Zm=v").unwrap_err().to_string(),
            "invalid base64: misplaced padding at offset 2"
        );
    }

    fn float(value: f64) -> String {
        let mut out = String::new();
        write_float(&mut out, value);
        out
    }

    #[test]
    fn floats_are_written_like_python_repr() {
        let cases = [
            (1.0, "1.0"),
            (-1.0, "-1.0"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (0.1, "0.1"),
            (1.5, "1.5"),
            (100.0, "100.0"),
            (123456.789, "123456.789"),
            (1e-4, "0.0001"),
            (0.00012345, "0.00012345"),
            (1e-5, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (9999999999999998.0, "9999999999999998.0"),
            (1e16, "1e+16"),
            (1.2345678901234567e17, "1.2345678901234566e+17"),
            (1e22, "1e+22"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (-2.5e-300, "-2.5e-300"),
            (1440938160.123456, "1440938160.123456"),
            (0.30000000000000004, "0.30000000000000004"),
        ];
        for (value, expected) in cases {
            assert_eq!(float(value), expected, "{value:e}");
        }
    }

    #[test]
    fn non_finite_floats_are_written_by_name() {
        assert_eq!(float(f64::NAN), "NaN");
        assert_eq!(float(f64::INFINITY), "Infinity");
        assert_eq!(float(f64::NEG_INFINITY), "-Infinity");
        let mut out = String::new();
        write_float32(&mut out, f32::NEG_INFINITY);
        assert_eq!(out, "-Infinity");
    }

    #[test]
    fn f32_uses_its_own_shortest_digits() {
        let mut out = String::new();
        write_float32(&mut out, 0.1);
        out.push(' ');
        write_float32(&mut out, 3.0);
        out.push(' ');
        write_float32(&mut out, 1e20);
        assert_eq!(out, "0.1 3.0 1e+20");
    }
}

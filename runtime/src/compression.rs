//! Request compression (botocore's `requestcompression`): a body at least as large as the
//! configured threshold is gzip-compressed, and `gzip` is appended to `Content-Encoding`.

use crate::client::SerializedRequest;

/// botocore's default `request_min_compression_size_bytes`.
pub const DEFAULT_MIN_SIZE: usize = 10_240;

/// Compresses `request`'s body when it has at least `min_size` bytes. A streamed body is
/// sent as it is: no operation that allows compression takes one.
pub fn gzip_request(request: &mut SerializedRequest, min_size: usize) {
    let Some(body) = request
        .body
        .bytes_mut()
        .filter(|body| body.len() >= min_size)
    else {
        return;
    };
    *body = gzip(body);
    let encoding = match request.headers.get("Content-Encoding") {
        Some(existing) if !existing.is_empty() => format!("{existing}, gzip"),
        _ => "gzip".to_owned(),
    };
    request.headers.insert("Content-Encoding", encoding);
}

/// A gzip member (RFC 1952) holding `data`, deflated at the default level.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    // Magic, deflate, no flags, no modification time, no extra flags, unknown OS.
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
    out.extend(crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

/// CRC-32 (IEEE), bit by bit: bodies are compressed once per request, so a table would buy
/// little.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_value() {
        // The standard check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn gzip_round_trips() {
        let data = b"hello hello hello hello".repeat(100);
        let packed = gzip(&data);
        assert_eq!(&packed[..3], &[0x1f, 0x8b, 8]);
        let inflated =
            miniz_oxide::inflate::decompress_to_vec(&packed[10..packed.len() - 8]).unwrap();
        assert_eq!(inflated, data);
        assert!(packed.len() < data.len());
    }

    #[test]
    fn small_bodies_stay_as_they_are_and_encodings_append() {
        let mut request = SerializedRequest::new("POST", "/".to_owned());
        request.body = vec![b'x'; 10].into();
        gzip_request(&mut request, 11);
        assert_eq!(request.body, vec![b'x'; 10]);
        assert!(request.headers.get("Content-Encoding").is_none());
        request.headers.insert("Content-Encoding", "custom");
        gzip_request(&mut request, 10);
        assert_eq!(
            request.headers.get("Content-Encoding"),
            Some("custom, gzip")
        );
    }
}

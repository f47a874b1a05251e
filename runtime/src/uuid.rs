//! Random (version 4) UUIDs, for idempotency tokens.

use std::fmt::Write;

use ring::rand::{SecureRandom, SystemRandom};

/// A random UUID in its hyphenated lowercase form, e.g.
/// `3b241101-e2bb-4255-8caf-4136c566a962`.
pub fn random_v4() -> String {
    let mut bytes = [0u8; 16];
    // The system's random source failing is not something a request can recover from;
    // a token made of zeros would still be a valid, if not unique, UUID.
    let _ = SystemRandom::new().fill(&mut bytes);
    format_v4(bytes)
}

/// Sets the version (4) and variant (RFC 4122) bits of 16 random bytes and formats them.
fn format_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        let _ = write!(text, "{byte:02x}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_and_variant_bits_are_set() {
        assert_eq!(format_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(
            format_v4([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
    }

    #[test]
    fn random_tokens_differ() {
        let (a, b) = (random_v4(), random_v4());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }
}

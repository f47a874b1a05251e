//! Random numbers for the retry jitter and the invocation id of each call.
//!
//! Neither needs to be secret, but both should differ between calls and processes, so they
//! come from the operating system through ring, which the signer already depends on. Tests
//! give the client their own [`RandomSource`] to make both predictable.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};

use ring::rand::SecureRandom;

/// Where a client's random bytes come from.
pub trait RandomSource: Send + Sync + fmt::Debug {
    /// Fills `bytes` with random bytes.
    fn fill(&self, bytes: &mut [u8]);
}

/// The operating system's generator (through ring): the default.
#[derive(Clone, Debug)]
pub struct SystemRandom(ring::rand::SystemRandom);

impl SystemRandom {
    pub fn new() -> Self {
        Self(ring::rand::SystemRandom::new())
    }
}

impl Default for SystemRandom {
    fn default() -> Self {
        Self::new()
    }
}

impl RandomSource for SystemRandom {
    fn fill(&self, bytes: &mut [u8]) {
        if self.0.fill(bytes).is_err() {
            // The OS generator failing is no reason to fail a call: std's per-process hash
            // keys, themselves seeded from the OS, are random enough for a jitter and an id.
            for chunk in bytes.chunks_mut(8) {
                let word = RandomState::new().build_hasher().finish().to_be_bytes();
                chunk.copy_from_slice(&word[..chunk.len()]);
            }
        }
    }
}

/// A number in `[0, 1)`, like Python's `random.random()`: 53 random bits scaled down.
pub(crate) fn unit_interval(random: &dyn RandomSource) -> f64 {
    let mut bytes = [0; 8];
    random.fill(&mut bytes);
    (u64::from_be_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

/// A random (version 4) UUID in its lower-case hyphenated form, as Python's
/// `str(uuid.uuid4())` writes it.
pub(crate) fn uuid_v4(random: &dyn RandomSource) -> String {
    let mut bytes = [0u8; 16];
    random.fill(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    text
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives the same byte everywhere.
    #[derive(Debug)]
    struct Repeated(u8);

    impl RandomSource for Repeated {
        fn fill(&self, bytes: &mut [u8]) {
            bytes.fill(self.0);
        }
    }

    /// Gives one byte, then zeros.
    #[derive(Debug)]
    struct Leading(u8);

    impl RandomSource for Leading {
        fn fill(&self, bytes: &mut [u8]) {
            bytes.fill(0);
            bytes[0] = self.0;
        }
    }

    #[test]
    fn unit_interval_spans_zero_to_just_below_one() {
        assert_eq!(unit_interval(&Repeated(0)), 0.0);
        assert_eq!(unit_interval(&Leading(0x80)), 0.5);
        assert_eq!(unit_interval(&Leading(0x40)), 0.25);
        let top = unit_interval(&Repeated(0xff));
        assert!(top < 1.0 && top > 0.999_999_999, "{top}");
    }

    #[test]
    fn uuid_has_the_version_and_variant_bits_set() {
        assert_eq!(
            uuid_v4(&Repeated(0)),
            "00000000-0000-4000-8000-000000000000"
        );
        assert_eq!(
            uuid_v4(&Repeated(0xff)),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
    }

    #[test]
    fn system_random_gives_different_ids() {
        let random = SystemRandom::new();
        let first = uuid_v4(&random);
        let second = uuid_v4(&random);
        assert_ne!(first, second);
        assert_eq!(first.len(), 36);
        assert_eq!(&first[14..15], "4");
    }
}

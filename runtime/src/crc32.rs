//! CRC-32 (the IEEE 802.3 polynomial, as zlib and Python's `binascii.crc32` compute it), for
//! DynamoDB's `x-amz-crc32` response header and, later, S3's `x-amz-checksum-crc32`. Not for
//! security: both only guard against corruption in transit.
//!
//! Eight bytes are folded per step with eight tables ("slicing by 8"), built at compile time:
//! DynamoDB bodies run to megabytes, where the one-table loop costs about four times as much.

/// The reflected form of the polynomial 0x04C11DB7.
const POLYNOMIAL: u32 = 0xEDB8_8320;

/// `TABLES[0]` is the classic one-byte table; `TABLES[k][b]` is the CRC of byte `b` followed
/// by `k` zero bytes, which lets eight input bytes be looked up independently.
static TABLES: [[u32; 256]; 8] = tables();

const fn tables() -> [[u32; 256]; 8] {
    let mut tables = [[0u32; 256]; 8];
    let mut byte = 0;
    while byte < 256 {
        let mut crc = byte as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLYNOMIAL
            } else {
                crc >> 1
            };
            bit += 1;
        }
        tables[0][byte] = crc;
        byte += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut byte = 0;
        while byte < 256 {
            let previous = tables[k - 1][byte];
            tables[k][byte] = (previous >> 8) ^ tables[0][(previous & 0xFF) as usize];
            byte += 1;
        }
        k += 1;
    }
    tables
}

/// A running CRC-32, for data that arrives in pieces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Crc32 {
    /// The register, kept inverted between calls as the algorithm defines it.
    state: u32,
}

impl Crc32 {
    pub const fn new() -> Self {
        Self { state: 0 }
    }

    pub fn update(&mut self, data: &[u8]) {
        let mut crc = !self.state;
        let mut chunks = data.chunks_exact(8);
        for chunk in &mut chunks {
            let low = crc ^ u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
            crc = TABLES[7][(low & 0xFF) as usize]
                ^ TABLES[6][((low >> 8) & 0xFF) as usize]
                ^ TABLES[5][((low >> 16) & 0xFF) as usize]
                ^ TABLES[4][(low >> 24) as usize]
                ^ TABLES[3][usize::from(chunk[4])]
                ^ TABLES[2][usize::from(chunk[5])]
                ^ TABLES[1][usize::from(chunk[6])]
                ^ TABLES[0][usize::from(chunk[7])];
        }
        for &byte in chunks.remainder() {
            crc = (crc >> 8) ^ TABLES[0][((crc ^ u32::from(byte)) & 0xFF) as usize];
        }
        self.state = !crc;
    }

    /// The CRC of everything given so far.
    pub fn finish(&self) -> u32 {
        self.state
    }
}

/// The CRC-32 of `data`: `crc32(b"123456789")` is `0xCBF43926`.
pub fn checksum(data: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update(data);
    crc.finish()
}

/// The CRC-32 as an `x-amz-checksum-crc32` header carries it: the four big-endian bytes,
/// base64-encoded.
pub fn base64_digest(data: &[u8]) -> String {
    crate::encoding::base64_encode(&checksum(data).to_be_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, one bit at a time: what the tables must agree with.
    fn bitwise(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ POLYNOMIAL
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn pattern(length: usize) -> Vec<u8> {
        (0..length).map(|i| ((i * 7 + 3) % 251) as u8).collect()
    }

    #[test]
    fn known_vectors() {
        assert_eq!(checksum(b"123456789"), 0xCBF4_3926);
        assert_eq!(checksum(b""), 0);
        assert_eq!(checksum(b"a"), 0xE8B7_BE43);
        assert_eq!(
            checksum(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn slicing_agrees_with_the_bitwise_definition_at_every_alignment() {
        let data = pattern(300);
        for start in 0..9 {
            for end in start..data.len() {
                assert_eq!(
                    checksum(&data[start..end]),
                    bitwise(&data[start..end]),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn pieces_give_the_same_crc_as_the_whole() {
        let data = pattern(1000);
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            let mut crc = Crc32::new();
            crc.update(&data[..split]);
            crc.update(&data[split..]);
            assert_eq!(crc.finish(), checksum(&data), "split at {split}");
        }
    }

    #[test]
    fn base64_form_is_of_the_big_endian_bytes() {
        // 0xCBF43926 is the bytes CB F4 39 26.
        assert_eq!(base64_digest(b"123456789"), "y/Q5Jg==");
    }
}

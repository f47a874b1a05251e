//! CRC-32C (Castagnoli) and CRC-64/NVME, the two CRCs S3 accepts besides zlib's CRC-32
//! (which is [`crate::crc32`]). Both are reflected, start from all ones and are inverted at
//! the end; one 256-entry table each, built at compile time. They are used only when a
//! caller picks them, so the byte-at-a-time loop is enough.

/// The reflected form of the Castagnoli polynomial 0x1EDC6F41.
const CRC32C_POLYNOMIAL: u32 = 0x82F6_3B78;
/// The reflected form of the NVMe polynomial 0xAD93D23594C93659.
const CRC64_NVME_POLYNOMIAL: u64 = 0x9A6C_9329_AC4B_C9B5;

static CRC32C_TABLE: [u32; 256] = crc32c_table();
static CRC64_NVME_TABLE: [u64; 256] = crc64_nvme_table();

const fn crc32c_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut crc = byte as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ CRC32C_POLYNOMIAL
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[byte] = crc;
        byte += 1;
    }
    table
}

const fn crc64_nvme_table() -> [u64; 256] {
    let mut table = [0u64; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut crc = byte as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ CRC64_NVME_POLYNOMIAL
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[byte] = crc;
        byte += 1;
    }
    table
}

/// A running CRC-32C.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Crc32c {
    /// The register, kept inverted between calls.
    state: u32,
}

impl Crc32c {
    pub fn update(&mut self, data: &[u8]) {
        let mut crc = !self.state;
        for &byte in data {
            crc = (crc >> 8) ^ CRC32C_TABLE[((crc ^ u32::from(byte)) & 0xFF) as usize];
        }
        self.state = !crc;
    }

    pub fn finish(&self) -> u32 {
        self.state
    }
}

/// A running CRC-64/NVME.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Crc64Nvme {
    /// The register, kept inverted between calls.
    state: u64,
}

impl Crc64Nvme {
    pub fn update(&mut self, data: &[u8]) {
        let mut crc = !self.state;
        for &byte in data {
            crc = (crc >> 8) ^ CRC64_NVME_TABLE[((crc ^ u64::from(byte)) & 0xFF) as usize];
        }
        self.state = !crc;
    }

    pub fn finish(&self) -> u64 {
        self.state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crc32c(data: &[u8]) -> u32 {
        let mut crc = Crc32c::default();
        crc.update(data);
        crc.finish()
    }

    fn crc64_nvme(data: &[u8]) -> u64 {
        let mut crc = Crc64Nvme::default();
        crc.update(data);
        crc.finish()
    }

    /// The check values of the CRC catalogue (reveng.sourceforge.io/crc-catalogue):
    /// CRC-32/ISCSI and CRC-64/NVME of `123456789`.
    #[test]
    fn catalogue_check_values() {
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc64_nvme(b"123456789"), 0xAE8B_1486_0A79_9888);
        assert_eq!(crc32c(b""), 0);
        assert_eq!(crc64_nvme(b""), 0);
    }

    #[test]
    fn pieces_give_the_checksum_of_the_whole() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 31 % 256) as u8).collect();
        for split in [0, 1, 7, 500, 999, 1000] {
            let mut a = Crc32c::default();
            a.update(&data[..split]);
            a.update(&data[split..]);
            assert_eq!(a.finish(), crc32c(&data), "{split}");
            let mut b = Crc64Nvme::default();
            b.update(&data[..split]);
            b.update(&data[split..]);
            assert_eq!(b.finish(), crc64_nvme(&data), "{split}");
        }
    }
}

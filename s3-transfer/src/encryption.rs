//! [`CustomerKey`]: server-side encryption with a key the caller keeps (SSE-C), which S3
//! needs on every call that writes or reads the object's bytes.

use std::fmt;

use awsgen_runtime::json::Blob;

/// The only algorithm S3 takes for customer-provided keys.
const AES256: &str = "AES256";

/// A 256-bit AES key S3 encrypts an object with and does not keep: the same key must be
/// given to read the object back. The client sends it with its MD5 on each call of an upload
/// (`PutObject`, or `CreateMultipartUpload`, every `UploadPart` and
/// `CompleteMultipartUpload`) or of a download (`HeadObject` and every ranged `GetObject`).
///
/// `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct CustomerKey {
    key: Blob,
}

impl CustomerKey {
    /// An AES-256 key: 32 bytes, which S3 checks.
    pub fn aes256(key: impl Into<Vec<u8>>) -> Self {
        Self {
            key: Blob::new(key),
        }
    }

    pub(crate) fn algorithm(&self) -> &'static str {
        AES256
    }

    pub(crate) fn key(&self) -> Blob {
        self.key.clone()
    }
}

/// `call` with `key` set, if there is one: every S3 call that takes a customer key names
/// its setters alike, whatever the builder's type.
macro_rules! with_customer_key {
    ($call:expr, $key:expr) => {{
        let call = $call;
        match $key {
            Some(key) => call
                .sse_customer_algorithm(key.algorithm())
                .sse_customer_key(key.key()),
            None => call,
        }
    }};
}
pub(crate) use with_customer_key;

impl fmt::Debug for CustomerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CustomerKey(AES256, ***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key() {
        let key = CustomerKey::aes256(*b"0123456789abcdef0123456789abcdef");
        let shown = format!("{key:?}");
        assert!(!shown.contains("0123"), "{shown}");
        assert_eq!(shown, "CustomerKey(AES256, ***)");
    }
}

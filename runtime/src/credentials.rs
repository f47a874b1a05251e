//! AWS credentials: the access key pair and, for temporary credentials, the session token.

use std::fmt;

/// An access key id, its secret and an optional session token.
///
/// `Debug` shows only the access key id, so that credentials can sit inside structures that
/// get logged without leaking the secret or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Credentials from their parts; `session_token` is `Some` for temporary (STS) credentials.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
        }
    }

    /// The access key id, such as `AKIDEXAMPLE`.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLE";

    #[test]
    fn getters_return_the_parts() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned()));
        assert_eq!(credentials.access_key_id(), "AKIDEXAMPLE");
        assert_eq!(credentials.secret_access_key(), SECRET);
        assert_eq!(credentials.session_token(), Some(TOKEN));
        assert_eq!(Credentials::new("a", "b", None).session_token(), None);
    }

    #[test]
    fn debug_shows_the_key_id_but_not_the_secret_or_token() {
        let with_token = format!(
            "{:?}",
            Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned()))
        );
        assert_eq!(
            with_token,
            r#"Credentials { access_key_id: "AKIDEXAMPLE", secret_access_key: "** redacted **", session_token: Some("** redacted **") }"#
        );
        let without_token = format!("{:?}", Credentials::new("AKIDEXAMPLE", SECRET, None));
        assert!(without_token.contains("session_token: None"));
        assert!(!without_token.contains(SECRET));
    }

    #[test]
    fn equality_covers_every_part() {
        let base = Credentials::new("a", "b", Some("c".to_owned()));
        assert_eq!(base, base.clone());
        assert_ne!(base, Credentials::new("a", "b", None));
        assert_ne!(base, Credentials::new("a", "x", Some("c".to_owned())));
    }
}

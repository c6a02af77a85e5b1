//! AWS credentials as the user enters them in Settings.

use std::fmt;

/// An access key pair, with the session token that temporary (STS) credentials carry.
///
/// Debug and Display never show the secret or the token, so credentials can be logged safely.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl Credentials {
    pub fn new(access_key_id: &str, secret_access_key: &str, session_token: Option<&str>) -> Self {
        Credentials {
            access_key_id: access_key_id.trim().to_owned(),
            secret_access_key: secret_access_key.trim().to_owned(),
            session_token: session_token
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned),
        }
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

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.session_token.is_some() {
            "temporary credentials"
        } else {
            "access key"
        };
        write!(f, "{kind} {}", self.access_key_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact_secret_and_token() {
        let creds = Credentials::new(
            "AKIAEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("FwoGZXIvYXdzEXAMPLETOKEN"),
        );
        for shown in [
            format!("{creds:?}"),
            format!("{creds:#?}"),
            creds.to_string(),
        ] {
            assert!(shown.contains("AKIAEXAMPLE"), "{shown}");
            assert!(!shown.contains("wJalrXUtnFEMI"), "{shown}");
            assert!(!shown.contains("FwoGZXIvYXdzEXAMPLETOKEN"), "{shown}");
        }
    }

    #[test]
    fn blank_session_token_means_none() {
        let creds = Credentials::new(" AKID ", "secret", Some("  "));
        assert_eq!(creds.access_key_id, "AKID");
        assert_eq!(creds.session_token, None);
    }
}

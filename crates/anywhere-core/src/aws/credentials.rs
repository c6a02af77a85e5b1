//! AWS credentials, and where the client gets them: a [`CredentialsSource`] it asks before every
//! attempt, in the manner of smithy-rs's identity resolvers. The console has three sources (keys
//! typed in Settings, a Cognito user pool sign-in, a Cognito guest), all behind the same trait, so
//! the client never holds credentials of its own and nothing patches it when they change.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

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
    /// Credentials as given: keys are trimmed once, where a person types them (Settings), not
    /// here. An empty session token means none.
    pub fn new(access_key_id: &str, secret_access_key: &str, session_token: Option<&str>) -> Self {
        Credentials {
            access_key_id: access_key_id.to_owned(),
            secret_access_key: secret_access_key.to_owned(),
            session_token: session_token.filter(|t| !t.is_empty()).map(str::to_owned),
        }
    }
}

/// Why a source has no credentials to give: one sentence that says what to do (type keys in
/// Settings, sign in again, check the network).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CredentialsError(pub String);

/// The future a [`CredentialsSource`] answers with. Not `Send`: the browser runs on one thread.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + 'a>>;

/// Where the client gets the credentials for each signed attempt. A source that caches temporary
/// credentials refreshes them here, before they expire; a retry asks again, so it signs with
/// whatever is current.
pub trait CredentialsSource {
    fn credentials(&self) -> CredentialsFuture<'_>;
}

/// Fixed credentials: the CLI's and the tests' source.
#[derive(Clone, Debug)]
pub struct StaticCredentials(pub Credentials);

impl CredentialsSource for StaticCredentials {
    fn credentials(&self) -> CredentialsFuture<'_> {
        let credentials = self.0.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// No credentials at all: for a client that only makes the unsigned calls that obtain some
/// (Cognito's GetId and GetCredentialsForIdentity, STS AssumeRoleWithWebIdentity).
#[derive(Clone, Copy, Debug, Default)]
pub struct Anonymous;

impl CredentialsSource for Anonymous {
    fn credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            Err(CredentialsError(
                "This call needs credentials, and none are configured.".to_owned(),
            ))
        })
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
    fn an_empty_session_token_means_none_and_nothing_is_trimmed_here() {
        let creds = Credentials::new("AKID", "secret ", Some(""));
        assert_eq!(creds.session_token, None);
        assert_eq!(creds.secret_access_key, "secret ");
    }
}

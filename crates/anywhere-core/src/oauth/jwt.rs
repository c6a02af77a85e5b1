//! The claims of a user pool's id token (a JWT), read to show who is signed in and to know when
//! the token must be refreshed.
//!
//! Read, not verified: the console receives the token straight from the pool's token endpoint over
//! TLS and only passes it on; Cognito's identity pool verifies its signature, issuer, audience and
//! expiry before it hands out any AWS credentials.

use serde::Deserialize;

use super::base64url;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdTokenClaims {
    /// The user's stable id in the pool.
    pub subject: String,
    /// `cognito:username`: for a federated user, the IdP's name and the user's id there.
    pub username: Option<String>,
    pub email: Option<String>,
    /// `cognito:groups`: the user pool groups the user belongs to.
    pub groups: Vec<String>,
    /// Expiry, seconds since the Unix epoch.
    pub expires_at_seconds: u64,
    /// `iss`, the pool's URL.
    pub issuer: String,
    /// `aud`, the app client the token was issued to.
    pub audience: String,
}

impl IdTokenClaims {
    /// Who is signed in, as the header shows it: the email, else the user name, else the id.
    pub fn display_name(&self) -> &str {
        self.email
            .as_deref()
            .or(self.username.as_deref())
            .unwrap_or(&self.subject)
    }

    pub fn expires_at_millis(&self) -> f64 {
        self.expires_at_seconds as f64 * 1000.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the sign-in returned an id token that could not be read ({0})")]
pub struct InvalidToken(pub &'static str);

#[derive(Deserialize)]
struct Wire {
    sub: String,
    #[serde(rename = "cognito:username")]
    username: Option<String>,
    email: Option<String>,
    #[serde(rename = "cognito:groups", default)]
    groups: Vec<String>,
    exp: u64,
    iss: String,
    aud: String,
    token_use: Option<String>,
}

/// The claims of `token`, an id token (`token_use` is `id`).
pub fn read_claims(token: &str) -> Result<IdTokenClaims, InvalidToken> {
    let mut parts = token.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(InvalidToken("not three dot-separated parts"));
    };
    let bytes = base64url::decode(payload).ok_or(InvalidToken("payload is not base64url"))?;
    // Read as text like every other JSON of the console: `from_slice` would compile serde_json's
    // parser a second time, for byte input.
    let wire: Wire = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or(InvalidToken("payload lacks a claim"))?;
    if wire.token_use.as_deref() != Some("id") {
        return Err(InvalidToken("token_use is not id"));
    }
    Ok(IdTokenClaims {
        subject: wire.sub,
        username: wire.username,
        email: wire.email,
        groups: wire.groups,
        expires_at_seconds: wire.exp,
        issuer: wire.iss,
        audience: wire.aud,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An unsigned token with these claims (the signature part is a placeholder).
    pub fn token(claims: &serde_json::Value) -> String {
        let header = base64url::encode(br#"{"alg":"RS256","kid":"test"}"#);
        let payload = base64url::encode(claims.to_string().as_bytes());
        format!("{header}.{payload}.c2lnbmF0dXJl")
    }

    #[test]
    fn reads_the_claims_cognito_puts_in_an_id_token() {
        let claims = read_claims(&token(&serde_json::json!({
            "sub": "3f1e", "cognito:username": "alice", "email": "alice@example.com",
            "cognito:groups": ["console-admins"], "exp": 1_767_229_200u64,
            "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC", "aud": "client1",
            "token_use": "id",
        })))
        .unwrap();
        assert_eq!(claims.display_name(), "alice@example.com");
        assert_eq!(claims.groups, ["console-admins"]);
        assert_eq!(claims.expires_at_millis(), 1_767_229_200_000.0);
        assert_eq!(claims.audience, "client1");
    }

    #[test]
    fn access_tokens_and_garbage_are_refused() {
        let access = token(&serde_json::json!({
            "sub": "3f1e", "exp": 1u64, "iss": "i", "aud": "a", "token_use": "access",
        }));
        assert_eq!(
            read_claims(&access),
            Err(InvalidToken("token_use is not id"))
        );
        assert!(read_claims("a.b").is_err());
        assert!(read_claims("a.%%%.c").is_err());
        assert!(read_claims(&format!("a.{}.c", base64url::encode(b"[]"))).is_err());
    }
}

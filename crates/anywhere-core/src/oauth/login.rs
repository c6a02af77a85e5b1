//! The managed login's endpoints, as Cognito's developer guide describes them: the authorization
//! URL the page sends the user to, the redirect it comes back with, the token requests (code
//! exchange with the PKCE verifier, refresh), revocation, and the logout URL.

use serde::Deserialize;

use super::pkce::{CodeVerifier, OAuthState};
use super::user_pool::{AppClientId, LoginDomain};
use crate::aws::request::{CONTENT_TYPE_FORM, host_of};
use crate::aws::{HttpRequest, HttpResponse};
use crate::percent;

/// What the console asks for: an id token (`openid`) with the user's email and name. The app
/// client must allow these scopes.
pub const SCOPES: &str = "openid email profile";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    #[error(
        "The sign-in is no longer valid (it expired, was used already or was revoked): sign in again."
    )]
    InvalidGrant,
    #[error(
        "The user pool refused this app client ({0}): check cognitoClientId in config.json and, in the app client, the authorization code grant, the openid scope and that this page's address is a callback URL."
    )]
    ClientRefused(String),
    #[error(
        "Sign-in was cancelled or refused ({0}); sign in again, or ask an administrator whether your account may use this console."
    )]
    Refused(String),
    #[error(
        "The sign-in page's answer could not be read ({0}): check cognitoDomain in config.json."
    )]
    Unreadable(String),
}

impl OAuthError {
    /// The error an OAuth `error` code (and its description) stands for.
    fn from_code(code: &str, description: Option<&str>) -> Self {
        let detail = match description {
            Some(text) if !text.is_empty() => format!("{code}: {text}"),
            _ => code.to_owned(),
        };
        match code {
            "invalid_grant" => OAuthError::InvalidGrant,
            "invalid_client"
            | "unauthorized_client"
            | "invalid_scope"
            | "unsupported_grant_type"
            | "unsupported_response_type" => OAuthError::ClientRefused(detail),
            _ => OAuthError::Refused(detail),
        }
    }
}

/// The authorization request: where the page sends the user to sign in.
pub struct AuthorizationRequest<'a> {
    pub domain: &'a LoginDomain,
    pub client_id: &'a AppClientId,
    /// This page's address (no fragment); registered as a callback URL of the app client.
    pub redirect_uri: &'a str,
    pub state: &'a OAuthState,
    pub verifier: &'a CodeVerifier,
}

impl AuthorizationRequest<'_> {
    pub fn url(&self) -> String {
        let challenge = self.verifier.challenge();
        let parameters = [
            ("response_type", "code"),
            ("client_id", self.client_id.as_str()),
            ("redirect_uri", self.redirect_uri),
            ("state", self.state.as_str()),
            ("scope", SCOPES),
            ("code_challenge_method", "S256"),
            ("code_challenge", &challenge),
        ];
        format!(
            "{}?{}",
            self.domain.endpoint("/oauth2/authorize"),
            form(&parameters)
        )
    }
}

/// What the managed login appended to the page's address when it sent the user back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    Code {
        code: String,
        state: String,
    },
    Error {
        error: OAuthError,
        state: Option<String>,
    },
}

impl Callback {
    /// Reads the page's query (`?code=…&state=…` or `?error=…`); `None` when it holds neither.
    pub fn from_query(query: &str) -> Option<Callback> {
        let pairs: Vec<(String, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter_map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                Some((percent::decode(key)?, percent::decode(value)?))
            })
            .collect();
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        if let Some(code) = get("error") {
            return Some(Callback::Error {
                error: OAuthError::from_code(&code, get("error_description").as_deref()),
                state: get("state"),
            });
        }
        Some(Callback::Code {
            code: get("code")?,
            state: get("state").unwrap_or_default(),
        })
    }
}

/// The tokens the token endpoint returns. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    pub id_token: String,
    pub access_token: String,
    /// Only the code exchange returns one; a refresh keeps the one it used.
    pub refresh_token: Option<String>,
    pub expires_in_seconds: u64,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("expires_in_seconds", &self.expires_in_seconds)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct TokenWire {
    id_token: Option<String>,
    access_token: String,
    refresh_token: Option<String>,
    expires_in: u64,
}

#[derive(Deserialize)]
struct ErrorWire {
    error: String,
    error_description: Option<String>,
}

/// The token endpoint's answer: tokens, or the OAuth error it names.
pub fn tokens_from_response(response: &HttpResponse) -> Result<Tokens, OAuthError> {
    if !(200..300).contains(&response.status) {
        return Err(match serde_json::from_str::<ErrorWire>(&response.body) {
            Ok(wire) => OAuthError::from_code(&wire.error, wire.error_description.as_deref()),
            Err(_) => OAuthError::Unreadable(format!("HTTP {}", response.status)),
        });
    }
    let wire: TokenWire =
        serde_json::from_str(&response.body).map_err(|e| OAuthError::Unreadable(e.to_string()))?;
    let id_token = wire.id_token.ok_or_else(|| {
        OAuthError::ClientRefused("no id token: the app client must allow the openid scope".into())
    })?;
    Ok(Tokens {
        id_token,
        access_token: wire.access_token,
        refresh_token: wire.refresh_token,
        expires_in_seconds: wire.expires_in,
    })
}

/// The code exchange: the code from the redirect, proven with the PKCE verifier.
pub fn token_request(
    domain: &LoginDomain,
    client_id: &AppClientId,
    redirect_uri: &str,
    code: &str,
    verifier: &CodeVerifier,
) -> Result<HttpRequest, OAuthError> {
    form_post(
        domain,
        "/oauth2/token",
        &[
            ("grant_type", "authorization_code"),
            ("client_id", client_id.as_str()),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier.as_str()),
        ],
    )
}

/// New id and access tokens for a refresh token.
pub fn refresh_request(
    domain: &LoginDomain,
    client_id: &AppClientId,
    refresh_token: &str,
) -> Result<HttpRequest, OAuthError> {
    form_post(
        domain,
        "/oauth2/token",
        &[
            ("grant_type", "refresh_token"),
            ("client_id", client_id.as_str()),
            ("refresh_token", refresh_token),
        ],
    )
}

/// Revokes a refresh token (and the tokens issued with it), so a copy of it is worthless.
pub fn revoke_request(
    domain: &LoginDomain,
    client_id: &AppClientId,
    refresh_token: &str,
) -> Result<HttpRequest, OAuthError> {
    form_post(
        domain,
        "/oauth2/revoke",
        &[("token", refresh_token), ("client_id", client_id.as_str())],
    )
}

/// Where the page sends the user to end the managed login's own session; the pool sends them back
/// to `logout_uri`, which must be one of the app client's sign-out URLs.
pub fn logout_url(domain: &LoginDomain, client_id: &AppClientId, logout_uri: &str) -> String {
    format!(
        "{}?{}",
        domain.endpoint("/logout"),
        form(&[
            ("client_id", client_id.as_str()),
            ("logout_uri", logout_uri)
        ])
    )
}

fn form(parameters: &[(&str, &str)]) -> String {
    parameters
        .iter()
        .map(|(key, value)| format!("{}={}", percent::encode(key), percent::encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn form_post(
    domain: &LoginDomain,
    path: &str,
    parameters: &[(&str, &str)],
) -> Result<HttpRequest, OAuthError> {
    let url = domain.endpoint(path);
    let host = host_of(&url).map_err(|e| OAuthError::Unreadable(e.to_string()))?;
    Ok(HttpRequest {
        method: "POST".to_owned(),
        url,
        headers: vec![
            ("host".to_owned(), host),
            ("content-type".to_owned(), CONTENT_TYPE_FORM.to_owned()),
        ],
        body: form(parameters),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domain() -> LoginDomain {
        LoginDomain::parse("https://example.auth.eu-west-1.amazoncognito.com").unwrap()
    }

    fn client() -> AppClientId {
        AppClientId::parse("1h57kf5cpq17m0eml12EXAMPLE").unwrap()
    }

    fn verifier() -> CodeVerifier {
        CodeVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap()
    }

    #[test]
    fn the_authorization_url_asks_for_a_code_with_an_s256_challenge() {
        let state = OAuthState::from_stored("af0ifjsldkj");
        let url = AuthorizationRequest {
            domain: &domain(),
            client_id: &client(),
            redirect_uri: "https://console.example.com/teams/edge/index.html",
            state: &state,
            verifier: &verifier(),
        }
        .url();
        assert_eq!(
            url,
            "https://example.auth.eu-west-1.amazoncognito.com/oauth2/authorize?response_type=code\
             &client_id=1h57kf5cpq17m0eml12EXAMPLE\
             &redirect_uri=https%3A%2F%2Fconsole.example.com%2Fteams%2Fedge%2Findex.html\
             &state=af0ifjsldkj&scope=openid%20email%20profile&code_challenge_method=S256\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(
            !url.contains("dBjftJeZ4CVP"),
            "the verifier never leaves the tab"
        );
    }

    #[test]
    fn the_redirect_back_is_read_from_the_query() {
        assert_eq!(
            Callback::from_query("?code=abc%2Bd&state=xyz"),
            Some(Callback::Code {
                code: "abc+d".into(),
                state: "xyz".into()
            })
        );
        assert_eq!(
            Callback::from_query("?error=access_denied&error_description=User+cancelled&state=s"),
            Some(Callback::Error {
                error: OAuthError::Refused("access_denied: User cancelled".into()),
                state: Some("s".into())
            })
        );
        assert_eq!(
            Callback::from_query("error=invalid_request"),
            Some(Callback::Error {
                error: OAuthError::Refused("invalid_request".into()),
                state: None
            })
        );
        assert_eq!(Callback::from_query(""), None);
        assert_eq!(Callback::from_query("?tab=activations"), None);
    }

    #[test]
    fn token_requests_are_form_posts_to_the_token_endpoint() {
        let exchange = token_request(
            &domain(),
            &client(),
            "https://console.example.com/",
            "c0de",
            &verifier(),
        )
        .unwrap();
        assert_eq!(
            exchange.url,
            "https://example.auth.eu-west-1.amazoncognito.com/oauth2/token"
        );
        assert_eq!(exchange.header("content-type"), Some(CONTENT_TYPE_FORM));
        assert_eq!(
            exchange.body,
            "grant_type=authorization_code&client_id=1h57kf5cpq17m0eml12EXAMPLE&code=c0de\
             &redirect_uri=https%3A%2F%2Fconsole.example.com%2F\
             &code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
        assert_eq!(
            exchange.header("authorization"),
            None,
            "a public client sends no secret"
        );
        let refresh = refresh_request(&domain(), &client(), "r/t=").unwrap();
        assert_eq!(
            refresh.body,
            "grant_type=refresh_token&client_id=1h57kf5cpq17m0eml12EXAMPLE&refresh_token=r%2Ft%3D"
        );
        let revoke = revoke_request(&domain(), &client(), "rt").unwrap();
        assert!(revoke.url.ends_with("/oauth2/revoke"));
        assert_eq!(revoke.body, "token=rt&client_id=1h57kf5cpq17m0eml12EXAMPLE");
        assert_eq!(
            logout_url(&domain(), &client(), "https://console.example.com/"),
            "https://example.auth.eu-west-1.amazoncognito.com/logout?client_id=1h57kf5cpq17m0eml12EXAMPLE\
             &logout_uri=https%3A%2F%2Fconsole.example.com%2F"
        );
    }

    #[test]
    fn token_answers_and_their_errors() {
        let ok = HttpResponse {
            status: 200,
            headers: vec![],
            body: r#"{"id_token":"i","access_token":"a","refresh_token":"r","token_type":"Bearer","expires_in":3600}"#.into(),
        };
        let tokens = tokens_from_response(&ok).unwrap();
        assert_eq!(tokens.refresh_token.as_deref(), Some("r"));
        assert_eq!(tokens.expires_in_seconds, 3600);
        assert!(!format!("{tokens:?}").contains("\"a\""));
        let refused = |body: &str| HttpResponse {
            status: 400,
            headers: vec![],
            body: body.into(),
        };
        assert_eq!(
            tokens_from_response(&refused(r#"{"error":"invalid_grant"}"#)),
            Err(OAuthError::InvalidGrant)
        );
        assert!(matches!(
            tokens_from_response(&refused(r#"{"error":"unauthorized_client"}"#)),
            Err(OAuthError::ClientRefused(_))
        ));
        assert!(matches!(
            tokens_from_response(&refused("<html>")),
            Err(OAuthError::Unreadable(_))
        ));
        let without_id = HttpResponse {
            body: r#"{"access_token":"a","token_type":"Bearer","expires_in":3600}"#.into(),
            ..ok
        };
        assert!(matches!(
            tokens_from_response(&without_id),
            Err(OAuthError::ClientRefused(_))
        ));
    }
}

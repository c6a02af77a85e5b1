//! Signing in through a Cognito user pool's managed login (hosted UI): the OAuth 2.0 authorization
//! code grant with PKCE (RFC 7636) as Cognito's `/oauth2/authorize`, `/oauth2/token`,
//! `/oauth2/revoke` and `/logout` endpoints take it, and the claims of the id token it returns.
//!
//! Nothing here touches a browser: random bytes come in from the caller (`crypto.getRandomValues`
//! in the app), requests go out as [`HttpRequest`](crate::aws::HttpRequest)s for the app's
//! transport, and answers come back as [`HttpResponse`](crate::aws::HttpResponse)s.

mod base64url;
pub mod jwt;
pub mod login;
pub mod pkce;
pub mod user_pool;

pub use jwt::{IdTokenClaims, InvalidToken};
pub use login::{
    AuthorizationRequest, Callback, OAuthError, Tokens, logout_url, refresh_request,
    revoke_request, token_request, tokens_from_response,
};
pub use pkce::{CodeVerifier, OAuthState};
pub use user_pool::{AppClientId, LoginDomain, SignInConfigError, UserPoolId};

//! Signing in through the user pool's managed login: away to its authorize endpoint with a PKCE
//! challenge, back with a code that the token endpoint exchanges, with the verifier, for tokens;
//! the tokens are refreshed with the refresh token; signing out revokes it and ends the managed
//! login's own session at its logout endpoint.

use anywhere_core::aws::{HttpRequest, Transport};
use anywhere_core::oauth::jwt::read_claims;
use anywhere_core::oauth::{
    AuthorizationRequest, Callback, CodeVerifier, IdTokenClaims, InvalidToken, OAuthError,
    OAuthState, Tokens, logout_url, refresh_request, revoke_request, token_request,
    tokens_from_response,
};
use leptos::prelude::*;

use super::pending::{self, Pending};
use crate::aws::FetchTransport;
use crate::site_config::UserPoolSignIn;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SignInError {
    #[error("{0}")]
    OAuth(#[from] OAuthError),
    #[error(
        "The sign-in page at {0} could not be reached: check the network connection, and cognitoDomain in config.json."
    )]
    Unreachable(String),
    #[error(
        "This sign-in answer does not belong to a sign-in started in this tab, so it was ignored: sign in again."
    )]
    NotStartedHere,
    #[error(
        "This browser does not let the page keep the sign-in's one-time secret while it visits the sign-in page (session storage is off): allow site data for this page, then sign in again."
    )]
    NoStorage,
    #[error(
        "This browser has no secure random numbers (crypto.getRandomValues), which sign-in needs."
    )]
    NoRandom,
    #[error("{0}: sign in again.")]
    Token(#[from] InvalidToken),
}

/// The tokens of a signed-in user, in memory only, with what the id token says.
#[derive(Clone)]
pub struct UserTokens {
    pub tokens: Tokens,
    pub claims: IdTokenClaims,
}

impl UserTokens {
    fn read(tokens: Tokens) -> Result<Self, SignInError> {
        let claims = read_claims(&tokens.id_token)?;
        Ok(UserTokens { tokens, claims })
    }
}

/// This page's address as the app client knows it (a callback and sign-out URL): the origin and
/// path, without the query (where the code arrives) or the fragment (the route).
pub fn page_address() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

fn random<const N: usize>() -> Result<[u8; N], SignInError> {
    let mut bytes = [0u8; N];
    let crypto = window().crypto().map_err(|_| SignInError::NoRandom)?;
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| SignInError::NoRandom)?;
    Ok(bytes)
}

/// Leaves for the managed login. The state and verifier wait in sessionStorage for the way back.
pub fn start(sign_in: &UserPoolSignIn) -> Result<(), SignInError> {
    let pending = Pending {
        state: OAuthState::from_random_bytes(&random::<16>()?),
        verifier: CodeVerifier::from_random_bytes(&random::<32>()?),
        return_hash: window().location().hash().unwrap_or_default(),
    };
    if !pending::save(&pending) {
        return Err(SignInError::NoStorage);
    }
    let url = AuthorizationRequest {
        domain: &sign_in.domain,
        client_id: &sign_in.client_id,
        redirect_uri: &page_address(),
        state: &pending.state,
        verifier: &pending.verifier,
    }
    .url();
    // Failing to navigate leaves the page as it is; the button can be pressed again.
    let _ = window().location().assign(&url);
    Ok(())
}

/// The managed login's answer in this page's address, if it just sent the user back.
pub fn callback() -> Option<Callback> {
    Callback::from_query(&window().location().search().unwrap_or_default())
}

/// Takes the answer out of the address bar (the code is single-use, but a bookmark or a reload
/// should not carry it) and goes back to the route the user started from.
fn clean_address(return_hash: &str) {
    let location = window().location();
    let current = location.hash().unwrap_or_default();
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{}{current}", page_address())),
        );
    }
    // Setting the fragment (unlike replacing the address) tells the router.
    if !return_hash.is_empty() && return_hash != current {
        let _ = location.set_hash(return_hash);
    }
}

async fn send(
    transport: &FetchTransport,
    sign_in: &UserPoolSignIn,
    request: HttpRequest,
) -> Result<Tokens, SignInError> {
    let response = transport
        .send(request)
        .await
        .map_err(|_| SignInError::Unreachable(sign_in.domain.as_str().to_owned()))?;
    Ok(tokens_from_response(&response)?)
}

/// Completes a sign-in from the managed login's answer: the state must be the one this tab sent;
/// the code is exchanged with the verifier that only this tab knows.
pub async fn finish(
    transport: &FetchTransport,
    sign_in: &UserPoolSignIn,
    callback: Callback,
) -> Result<UserTokens, SignInError> {
    let pending = pending::take();
    clean_address(pending.as_ref().map_or("", |p| p.return_hash.as_str()));
    let (code, state) = match callback {
        Callback::Error { error, .. } => return Err(error.into()),
        Callback::Code { code, state } => (code, state),
    };
    let pending = pending
        .filter(|p| p.state.as_str() == state)
        .ok_or(SignInError::NotStartedHere)?;
    let request = token_request(
        &sign_in.domain,
        &sign_in.client_id,
        &page_address(),
        &code,
        &pending.verifier,
    )?;
    UserTokens::read(send(transport, sign_in, request).await?)
}

/// New id and access tokens; the refresh token stays.
pub async fn refresh(
    transport: &FetchTransport,
    sign_in: &UserPoolSignIn,
    current: &UserTokens,
) -> Result<UserTokens, SignInError> {
    let refresh_token = current
        .tokens
        .refresh_token
        .clone()
        .ok_or(SignInError::OAuth(OAuthError::InvalidGrant))?;
    let request = refresh_request(&sign_in.domain, &sign_in.client_id, &refresh_token)?;
    let mut fresh = send(transport, sign_in, request).await?;
    fresh.refresh_token.get_or_insert(refresh_token);
    UserTokens::read(fresh)
}

/// Revokes the refresh token, then leaves for the logout endpoint, which ends the managed login's
/// session and sends the user back to this page, signed out.
pub async fn sign_out(
    transport: &FetchTransport,
    sign_in: &UserPoolSignIn,
    tokens: Option<UserTokens>,
) {
    if let Some(refresh_token) = tokens.and_then(|t| t.tokens.refresh_token)
        && let Ok(request) = revoke_request(&sign_in.domain, &sign_in.client_id, &refresh_token)
    {
        // The logout below ends the session either way; a failed revocation only leaves a
        // token that nobody holds any more.
        let _ = transport.send(request).await;
    }
    let url = logout_url(&sign_in.domain, &sign_in.client_id, &page_address());
    let _ = window().location().assign(&url);
}

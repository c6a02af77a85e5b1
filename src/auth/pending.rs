//! The one thing a sign-in keeps outside memory: its OAuth `state` and PKCE `code_verifier`, and
//! the route the user was on, for the round trip to the managed login and back. They sit in
//! sessionStorage (this tab only, this origin only) from the moment the page leaves until it comes
//! back, and are removed as soon as they are read, whatever the answer.

use anywhere_core::oauth::{CodeVerifier, OAuthState};
use serde::{Deserialize, Serialize};

const KEY: &str = "anywhere.signin.pending";

/// A sign-in on its way to the managed login.
pub struct Pending {
    pub state: OAuthState,
    pub verifier: CodeVerifier,
    /// The fragment (`#/onboarding?cluster=…`) to return to once signed in.
    pub return_hash: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    state: String,
    verifier: String,
    return_hash: String,
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Keeps the round trip's secrets for this tab; false when the tab cannot store them (the sign-in
/// could then not be completed, so it is not started).
pub fn save(pending: &Pending) -> bool {
    let wire = Wire {
        state: pending.state.as_str().to_owned(),
        verifier: pending.verifier.as_str().to_owned(),
        return_hash: pending.return_hash.clone(),
    };
    match (session_storage(), serde_json::to_string(&wire)) {
        (Some(storage), Ok(text)) => storage.set_item(KEY, &text).is_ok(),
        _ => false,
    }
}

/// The sign-in this tab started, removed from storage as it is read.
pub fn take() -> Option<Pending> {
    let storage = session_storage()?;
    let text = storage.get_item(KEY).ok().flatten();
    // Removed before anything else: a second read (a reload of the answer) finds nothing.
    let _ = storage.remove_item(KEY);
    let wire: Wire = serde_json::from_str(&text?).ok()?;
    Some(Pending {
        state: OAuthState::from_stored(&wire.state),
        verifier: CodeVerifier::parse(&wire.verifier).ok()?,
        return_hash: wire.return_hash,
    })
}

/// Drops a pending sign-in (signing out).
pub fn clear() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(KEY);
    }
}

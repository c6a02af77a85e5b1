//! Who the console acts as, and the one credentials source every AWS client asks before each
//! attempt: a user signed in through the organisation's Cognito user pool, a Cognito guest (only
//! where config.json says so), or keys typed in Settings.
//!
//! Signed-in tokens and credentials live in memory only, in this module; nothing of them is
//! written to Settings. When a call needs credentials and the current ones are close to expiring,
//! the source fetches new ones first (refreshing the user pool's id token when it is due), one
//! fetch at a time. [`Session::sign_out`] is the one way to sign out.

mod identity_pool;
mod pending;
mod user_pool;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use anywhere_core::aws::cognito::IdentityCredentials;
use anywhere_core::aws::{
    Anonymous, Client, Credentials, CredentialsError, CredentialsFuture, CredentialsSource,
};
use anywhere_core::oauth::OAuthError;
use leptos::prelude::*;

use crate::aws::{BrowserClock, EndpointLimits, FetchTransport, NotConnected};
use crate::connection::{self, ConnectionSettings};
use crate::site_config::{SignIn, UserPoolSignIn};
use identity_pool::Asker;
pub use identity_pool::CognitoError;
pub use user_pool::SignInError;
use user_pool::UserTokens;

/// The user pool's id token is refreshed when less than this is left of it.
const ID_TOKEN_MARGIN_MILLIS: f64 = 2.0 * 60.0 * 1000.0;

/// Who is signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// A user of the organisation's user pool.
    User { name: String, groups: Vec<String> },
    /// A guest of the identity pool: anyone who opened the page.
    Guest,
}

/// Where the console's credentials come from, as the header shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionState {
    /// No sign-in configured: keys typed in Settings (or none yet).
    Keys,
    /// No sign-in configured, and the keys were signed out of in this tab.
    KeysSignedOut,
    /// A sign-in is configured and nobody is signed in; `reason` says why, when a session ended.
    SignedOut {
        reason: Option<String>,
    },
    SigningIn,
    SignedIn(Who),
    /// A guest sign-in failed; the message says what to do.
    Failed(String),
}

/// The console's session, shared through context.
#[derive(Clone, Copy)]
pub struct Session {
    pub state: RwSignal<SessionState>,
    inner: StoredValue<Rc<Inner>, LocalStorage>,
}

struct Inner {
    sign_in: RefCell<Option<SignIn>>,
    settings: RwSignal<ConnectionSettings>,
    state: RwSignal<SessionState>,
    /// Sign-in's own requests: never aborted with a view.
    transport: Rc<FetchTransport>,
    cached: RefCell<Cached>,
    /// One fetch of credentials at a time; the others wait for its result.
    fetching: async_lock::Mutex<()>,
    /// Bumped by every sign-out: an answer for an older session is dropped.
    generation: Cell<u64>,
}

#[derive(Default)]
struct Cached {
    identity_id: Option<String>,
    user: Option<UserTokens>,
    aws: Option<(IdentityCredentials, f64)>,
}

impl Session {
    pub fn new(settings: RwSignal<ConnectionSettings>, limits: Rc<EndpointLimits>) -> Self {
        let state = RwSignal::new(SessionState::Keys);
        let inner = Inner {
            sign_in: RefCell::new(None),
            settings,
            state,
            transport: Rc::new(FetchTransport::new(limits)),
            cached: RefCell::new(Cached::default()),
            fetching: async_lock::Mutex::new(()),
            generation: Cell::new(0),
        };
        Session {
            state,
            inner: StoredValue::new_local(Rc::new(inner)),
        }
    }

    /// The source every AWS client of the console asks for credentials.
    pub fn credentials_source(&self) -> Rc<dyn CredentialsSource> {
        Rc::new(SessionCredentials(self.inner.get_value()))
    }

    /// Whether calls can be signed now, and if not why. Reactive.
    pub fn readiness(&self) -> Result<(), NotConnected> {
        let has_keys = self
            .inner
            .with_value(|i| i.settings.with(ConnectionSettings::has_keys));
        match self.state.get() {
            SessionState::SignedIn(_) => Ok(()),
            _ if has_keys => Ok(()),
            SessionState::Keys | SessionState::KeysSignedOut => Err(NotConnected::NoCredentials),
            _ => Err(NotConnected::NotSignedIn),
        }
    }

    /// The deployment's sign-in, once config.json is known: a guest is signed in at once, a user
    /// coming back from the managed login is signed in with the answer it brings.
    pub fn start(self, sign_in: Option<SignIn>) {
        let inner = self.inner.get_value();
        *inner.sign_in.borrow_mut() = sign_in.clone();
        match sign_in {
            None => self.state.set(SessionState::Keys),
            Some(SignIn::Guests(_)) => self.sign_in(),
            Some(SignIn::UserPool(config)) => match user_pool::callback() {
                None => self.state.set(SessionState::SignedOut { reason: None }),
                Some(callback) => {
                    self.state.set(SessionState::SigningIn);
                    leptos::task::spawn_local(async move {
                        let finished = user_pool::finish(&inner.transport, &config, callback).await;
                        match finished {
                            Ok(tokens) => {
                                inner.cached.borrow_mut().user = Some(tokens);
                                // Signs in with the identity pool now, so a refusal shows at once.
                                let _ = inner.cognito_credentials().await;
                            }
                            Err(error) => inner.state.set(SessionState::SignedOut {
                                reason: Some(error.to_string()),
                            }),
                        }
                    });
                }
            },
        }
    }

    /// Whether this deployment signs people in (through a user pool or as guests).
    pub fn uses_sign_in(&self) -> bool {
        self.inner.with_value(|i| i.sign_in.borrow().is_some())
    }

    /// Signs in: away to the managed login, or, for guests, straight to the identity pool.
    pub fn sign_in(self) {
        let inner = self.inner.get_value();
        let sign_in = inner.sign_in.borrow().clone();
        match sign_in {
            Some(SignIn::UserPool(config)) => {
                if let Err(error) = user_pool::start(&config) {
                    self.state.set(SessionState::SignedOut {
                        reason: Some(error.to_string()),
                    });
                }
            }
            Some(SignIn::Guests(_)) => {
                self.state.set(SessionState::SigningIn);
                leptos::task::spawn_local(async move {
                    let _ = inner.cognito_credentials().await;
                });
            }
            None => {}
        }
    }

    /// Signs out: forgets every credential and token (memory and the tab's storage) and the task
    /// definition draft, and, for a user pool sign-in, revokes the refresh token and ends the
    /// managed login's session too.
    pub fn sign_out(self) {
        let inner = self.inner.get_value();
        inner.generation.set(inner.generation.get() + 1);
        let user = inner.cached.take().user;
        pending::clear();
        connection::forget();
        crate::drafts::forget();
        inner.settings.update(ConnectionSettings::clear_keys);
        let sign_in = inner.sign_in.borrow().clone();
        match sign_in {
            None => self.state.set(SessionState::KeysSignedOut),
            Some(SignIn::Guests(_)) => self.state.set(SessionState::SignedOut { reason: None }),
            Some(SignIn::UserPool(config)) => {
                self.state.set(SessionState::SignedOut { reason: None });
                leptos::task::spawn_local(async move {
                    user_pool::sign_out(&inner.transport, &config, user).await;
                });
            }
        }
    }
}

impl Inner {
    fn set_state(&self, state: SessionState) {
        // The shell may be gone (a component test unmounting it) while a fetch finishes.
        let _ = self.state.try_set(state);
    }

    /// The user's tokens, refreshed first when the id token is about to expire.
    async fn fresh_user_tokens(&self, config: &UserPoolSignIn) -> Result<UserTokens, SignInError> {
        let current = self
            .cached
            .borrow()
            .user
            .clone()
            .ok_or(SignInError::OAuth(OAuthError::InvalidGrant))?;
        if current.claims.expires_at_millis() - js_sys::Date::now() > ID_TOKEN_MARGIN_MILLIS {
            return Ok(current);
        }
        let fresh = user_pool::refresh(&self.transport, config, &current).await?;
        self.cached.borrow_mut().user = Some(fresh.clone());
        Ok(fresh)
    }

    /// Signed-in credentials: the cached ones while they are fresh, else new ones.
    async fn cognito_credentials(&self) -> Result<Credentials, String> {
        let generation = self.generation.get();
        let _one_at_a_time = self.fetching.lock().await;
        let now = js_sys::Date::now();
        if let Some((credentials, refresh_at)) = &self.cached.borrow().aws
            && now < *refresh_at
        {
            return Ok(credentials.credentials());
        }
        let sign_in = self.sign_in.borrow().clone();
        let Some(sign_in) = sign_in else {
            return Err(NotConnected::NotSignedIn.to_string());
        };
        let identity = self.cached.borrow().identity_id.clone();
        let endpoint = self.settings.with_untracked(|s| s.endpoint.clone());
        let client = Client::new(
            self.transport.clone(),
            BrowserClock,
            identity_pool::endpoint(sign_in.identity_pool(), &endpoint),
            Rc::new(Anonymous),
        );
        let fetched = match &sign_in {
            SignIn::Guests(guests) => {
                let asker = Asker::Guest {
                    basic_flow_role: guests.guest_role_arn.as_ref(),
                };
                identity_pool::credentials(
                    &client,
                    &guests.identity_pool,
                    identity.as_deref(),
                    &asker,
                )
                .await
                .map(|answer| (answer, Who::Guest))
                .map_err(|error| (error.to_string(), false))
            }
            SignIn::UserPool(config) => match self.fresh_user_tokens(config).await {
                Err(error) => Err((error.to_string(), true)),
                Ok(user) => {
                    let asker = Asker::User {
                        provider: config.user_pool.provider_name(),
                        id_token: &user.tokens.id_token,
                    };
                    let who = Who::User {
                        name: user.claims.display_name().to_owned(),
                        groups: user.claims.groups.clone(),
                    };
                    identity_pool::credentials(
                        &client,
                        &config.identity_pool,
                        identity.as_deref(),
                        &asker,
                    )
                    .await
                    .map(|answer| (answer, who))
                    .map_err(|error| {
                        let ended = matches!(error, CognitoError::UserRefused(_));
                        (error.to_string(), ended)
                    })
                }
            },
        };
        if self.generation.get() != generation {
            return Err(NotConnected::NotSignedIn.to_string());
        }
        match fetched {
            Ok(((identity_id, credentials), who)) => {
                let refresh_at = credentials.refresh_at_millis(js_sys::Date::now());
                let signed = credentials.credentials();
                let mut cached = self.cached.borrow_mut();
                cached.identity_id = Some(identity_id);
                cached.aws = Some((credentials, refresh_at));
                drop(cached);
                self.set_state(SessionState::SignedIn(who));
                Ok(signed)
            }
            Err((message, session_ended)) => {
                let mut cached = self.cached.borrow_mut();
                cached.aws = None;
                match &sign_in {
                    SignIn::Guests(_) => {
                        // A lost identity (pool recreated) gets a fresh one next time.
                        cached.identity_id = None;
                        drop(cached);
                        self.set_state(SessionState::Failed(message.clone()));
                    }
                    SignIn::UserPool(_) if session_ended => {
                        *cached = Cached::default();
                        drop(cached);
                        self.set_state(SessionState::SignedOut {
                            reason: Some(message.clone()),
                        });
                    }
                    // A network failure ends nothing: the next call tries again.
                    SignIn::UserPool(_) => {}
                }
                Err(message)
            }
        }
    }
}

/// The credentials source handed to every AWS client.
struct SessionCredentials(Rc<Inner>);

impl CredentialsSource for SessionCredentials {
    fn credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let inner = &self.0;
            let signed_in = inner
                .state
                .try_with_untracked(|s| matches!(s, SessionState::SignedIn(_)))
                .unwrap_or(false);
            if signed_in {
                return inner.cognito_credentials().await.map_err(CredentialsError);
            }
            let keys = inner
                .settings
                .try_with_untracked(|s| {
                    s.has_keys().then(|| {
                        Credentials::new(
                            &s.access_key_id,
                            &s.secret_access_key,
                            Some(&s.session_token),
                        )
                    })
                })
                .flatten();
            keys.ok_or_else(|| {
                let missing = if inner.sign_in.borrow().is_some() {
                    NotConnected::NotSignedIn
                } else {
                    NotConnected::NoCredentials
                };
                CredentialsError(missing.to_string())
            })
        })
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

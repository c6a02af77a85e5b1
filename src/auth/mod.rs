//! Who the console acts as: keys typed in Settings, or a Cognito guest identity whose temporary
//! credentials are fetched and refreshed here. Either way credentials live in the connection
//! (memory); signing out clears them, and anything remembered for the tab.

mod cognito;

use std::cell::Cell;
use std::rc::Rc;

use anywhere_core::aws::cognito::IdentityPoolId;
use anywhere_core::aws::sts::RoleArn;
use anywhere_core::region::Region;
use leptos::prelude::*;

use crate::app::Connection;
use crate::connection::{self, EndpointChoice};

pub use cognito::CognitoError;

/// A Cognito identity pool guests sign in through, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CognitoPool {
    pub id: IdentityPoolId,
    /// Set: the basic (classic) flow, where the console assumes this role itself with the
    /// guest's OpenID token, so the role's own policy applies. Unset: the enhanced flow, whose
    /// credentials Cognito narrows to its session policy for guests (no ECS, SSM or PassRole).
    pub guest_role_arn: Option<RoleArn>,
}

impl CognitoPool {
    /// The pool's region, where its Cognito (and, in the basic flow, STS) endpoint lives.
    pub fn region(&self) -> &Region {
        self.id.region()
    }
}

/// Where the credentials in the connection come from.
#[derive(Clone, Debug, PartialEq)]
pub enum AuthState {
    /// Whatever Settings hold (typed, remembered for the tab, or the sandbox's key).
    Keys,
    CognitoSigningIn,
    /// Guest credentials in place; the next ones are fetched before this time (epoch ms).
    Cognito {
        expires_at_millis: f64,
    },
    CognitoFailed(String),
    SignedOut,
}

/// The console's sign-in state, shared through context.
#[derive(Clone, Copy)]
pub struct Auth {
    pub state: RwSignal<AuthState>,
    pool: StoredValue<Option<(CognitoPool, EndpointChoice)>, LocalStorage>,
    // Each sign-in gets a number; a refresh loop whose number is no longer current stops.
    generation: StoredValue<Rc<Cell<u64>>, LocalStorage>,
}

impl Auth {
    pub fn new() -> Self {
        Auth {
            state: RwSignal::new(AuthState::Keys),
            pool: StoredValue::new_local(None),
            generation: StoredValue::new_local(Rc::new(Cell::new(0))),
        }
    }

    /// Whether this deployment signs in through a Cognito identity pool.
    pub fn uses_cognito(&self) -> bool {
        self.pool.with_value(Option::is_some)
    }

    /// Starts signing in through `pool`, whose Cognito calls go to `endpoint` (the custom endpoint
    /// or sandbox when set, else Cognito's regional endpoint), and keeps the credentials fresh.
    pub fn start_cognito(
        self,
        pool: CognitoPool,
        endpoint: EndpointChoice,
        connection: Connection,
    ) {
        self.pool.set_value(Some((pool, endpoint)));
        self.sign_in_again(connection);
    }

    /// Signs in through the configured pool again (after a sign-out or a failure).
    pub fn sign_in_again(self, connection: Connection) {
        let Some((pool, endpoint)) = self.pool.get_value() else {
            return;
        };
        let generation = self.next_generation();
        self.state.set(AuthState::CognitoSigningIn);
        leptos::task::spawn_local(cognito::keep_signed_in(
            pool, endpoint, connection, self, generation,
        ));
    }

    /// Clears the credentials from memory and the tab's storage and stops any refresh.
    pub fn sign_out(self, connection: Connection) {
        self.next_generation();
        connection::forget();
        connection.0.update(|settings| {
            settings.access_key_id.clear();
            settings.secret_access_key.clear();
            settings.session_token.clear();
            settings.remember = false;
        });
        self.state.set(AuthState::SignedOut);
    }

    fn next_generation(&self) -> u64 {
        let counter = self.generation.get_value();
        counter.set(counter.get() + 1);
        counter.get()
    }

    fn is_current(&self, generation: u64) -> bool {
        self.generation.get_value().get() == generation
    }
}

impl Default for Auth {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

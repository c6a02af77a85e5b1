//! Guest credentials from a Cognito identity pool: GetId once, then, whenever the current
//! credentials near their expiry, either GetCredentialsForIdentity (enhanced flow) or
//! GetOpenIdToken and STS AssumeRoleWithWebIdentity on the configured guest role (basic flow).

use std::rc::Rc;
use std::time::Duration;

use anywhere_core::aws::cognito::{
    GetCredentialsForIdentity, GetCredentialsForIdentityInput, GetId, GetIdInput, GetOpenIdToken,
    GetOpenIdTokenInput, IdentityCredentials,
};
use anywhere_core::aws::sts::{AssumeRoleWithWebIdentity, AssumeRoleWithWebIdentityInput, RoleArn};
use anywhere_core::aws::{AwsError, Client, Clock, Credentials, Endpoint};
use leptos::prelude::*;

use super::{Auth, AuthState, CognitoPool};
use crate::app::Connection;
use crate::aws::{BrowserClock, EndpointLimits, FetchTransport};
use crate::connection::EndpointChoice;

/// After a failed sign-in, the next attempt waits this long.
const RETRY_AFTER: Duration = Duration::from_secs(30);

/// How the guest's sessions are named in CloudTrail (basic flow).
const ROLE_SESSION_NAME: &str = "anywhere-console";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CognitoError {
    #[error(
        "Cognito could not be reached to sign in: check the network connection; the console retries every 30 seconds."
    )]
    Unreachable,
    #[error(
        "The Cognito identity pool {0} was not found: check cognitoIdentityPoolId in config.json and its region."
    )]
    PoolNotFound(String),
    #[error(
        "Cognito refused a guest sign-in ({0}): the identity pool must allow unauthenticated identities and have a guest role."
    )]
    Refused(String),
    #[error(
        "STS refused the guest role {role} ({message}): its trust policy must let cognito-identity.amazonaws.com assume it for this pool's unauthenticated identities (see the README)."
    )]
    RoleRefused { role: String, message: String },
    #[error("Signing in through Cognito failed: {0}")]
    Other(String),
}

impl CognitoError {
    fn from_aws(error: AwsError, pool: &CognitoPool) -> Self {
        match error {
            AwsError::Network { .. } => CognitoError::Unreachable,
            AwsError::NotFound { .. } => CognitoError::PoolNotFound(pool.id.as_str().to_owned()),
            AwsError::AccessDenied { message, .. }
            | AwsError::Authentication { message, .. }
            | AwsError::Validation { message, .. } => CognitoError::Refused(message),
            other => CognitoError::Other(other.user_message()),
        }
    }

    fn from_sts(error: AwsError, role: &RoleArn, pool: &CognitoPool) -> Self {
        match error {
            AwsError::AccessDenied { message, .. }
            | AwsError::Authentication { message, .. }
            | AwsError::Validation { message, .. } => CognitoError::RoleRefused {
                role: role.as_str().to_owned(),
                message,
            },
            other => CognitoError::from_aws(other, pool),
        }
    }
}

/// Fetches guest credentials until a sign-out (or a newer sign-in) changes the generation.
pub(super) async fn keep_signed_in(
    pool: CognitoPool,
    endpoint: EndpointChoice,
    connection: Connection,
    auth: Auth,
    generation: u64,
) {
    let client = Client::new(
        FetchTransport::new(Rc::new(EndpointLimits::new(2))),
        BrowserClock,
        anywhere_core::aws::Connection {
            endpoint: cognito_endpoint(&pool, &endpoint),
            credentials: Credentials::new("", "", None),
        },
    );
    let mut identity: Option<String> = None;
    loop {
        let result = fetch(&client, &pool, identity.as_deref()).await;
        if !auth.is_current(generation) {
            return;
        }
        let wait = match result {
            Ok((identity_id, credentials)) => {
                identity = Some(identity_id);
                connection.0.update(|settings| {
                    settings.access_key_id = credentials.access_key_id.clone();
                    settings.secret_access_key = credentials.secret_key.clone();
                    settings.session_token = credentials.session_token.clone();
                    settings.remember = false;
                });
                auth.state.set(AuthState::Cognito {
                    expires_at_millis: credentials.expiration.epoch_millis(),
                });
                let now = BrowserClock.now_millis();
                Duration::from_millis((credentials.refresh_at_millis(now) - now).max(0.0) as u64)
            }
            Err(error) => {
                // A lost identity (pool recreated) gets a fresh one next time.
                identity = None;
                auth.state.set(AuthState::CognitoFailed(error.to_string()));
                RETRY_AFTER
            }
        };
        BrowserClock.sleep(wait).await;
        if !auth.is_current(generation) {
            return;
        }
    }
}

async fn fetch(
    client: &Client<FetchTransport, BrowserClock>,
    pool: &CognitoPool,
    identity: Option<&str>,
) -> Result<(String, IdentityCredentials), CognitoError> {
    let identity_id = match identity {
        Some(id) => id.to_owned(),
        None => {
            let input = GetIdInput {
                identity_pool_id: pool.id.as_str().to_owned(),
            };
            client
                .call::<GetId>(&input)
                .await
                .map_err(|e| CognitoError::from_aws(e, pool))?
                .identity_id
        }
    };
    match &pool.guest_role_arn {
        None => {
            let input = GetCredentialsForIdentityInput { identity_id };
            let output = client
                .call::<GetCredentialsForIdentity>(&input)
                .await
                .map_err(|e| CognitoError::from_aws(e, pool))?;
            Ok((output.identity_id, output.credentials))
        }
        Some(role) => {
            let input = GetOpenIdTokenInput { identity_id };
            let token = client
                .call::<GetOpenIdToken>(&input)
                .await
                .map_err(|e| CognitoError::from_aws(e, pool))?;
            // No DurationSeconds: STS's default hour, as the enhanced flow gives; the sandbox
            // answers with its own (shortened) lifetime so a refresh can be watched.
            let input = AssumeRoleWithWebIdentityInput {
                role_arn: role.as_str().to_owned(),
                role_session_name: ROLE_SESSION_NAME.to_owned(),
                web_identity_token: token.token,
                duration_seconds: None,
            };
            let assumed = client
                .call::<AssumeRoleWithWebIdentity>(&input)
                .await
                .map_err(|e| CognitoError::from_sts(e, role, pool))?;
            Ok((token.identity_id, assumed.credentials.into()))
        }
    }
}

/// Cognito's and STS's calls go where the other calls go when an endpoint is set (the sandbox
/// serves both), else to the pool region's regional endpoints.
fn cognito_endpoint(pool: &CognitoPool, endpoint: &EndpointChoice) -> Endpoint {
    match endpoint {
        EndpointChoice::Sandbox(url) | EndpointChoice::Custom(url) if !url.trim().is_empty() => {
            Endpoint::Custom {
                url: url.trim().to_owned(),
                region: pool.region().clone(),
            }
        }
        _ => Endpoint::Aws(pool.region().clone()),
    }
}

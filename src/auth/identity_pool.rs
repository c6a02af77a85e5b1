//! AWS credentials from a Cognito identity pool: GetId once, then, whenever credentials are due,
//! GetCredentialsForIdentity: for a signed-in user with the user pool's id token in `Logins` (the
//! authenticated role), for a guest without (the enhanced flow), or, for a guest of a pool with a
//! `guestRoleArn`, GetOpenIdToken and STS AssumeRoleWithWebIdentity on that role (the basic flow).

use std::collections::BTreeMap;

use anywhere_core::aws::cognito::{
    GetCredentialsForIdentity, GetCredentialsForIdentityInput, GetId, GetIdInput, GetOpenIdToken,
    GetOpenIdTokenInput, IdentityCredentials, IdentityPoolId,
};
use anywhere_core::aws::sts::{AssumeRoleWithWebIdentity, AssumeRoleWithWebIdentityInput, RoleArn};
use anywhere_core::aws::{AwsError, Endpoint};

use crate::aws::AwsClient;
use crate::connection::EndpointChoice;

/// How guests' sessions are named in CloudTrail (basic flow).
const ROLE_SESSION_NAME: &str = "anywhere-console";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CognitoError {
    #[error("Cognito could not be reached to sign in: check the network connection and try again.")]
    Unreachable,
    #[error(
        "The Cognito identity pool {0} was not found: check cognitoIdentityPoolId in config.json and its region."
    )]
    PoolNotFound(String),
    #[error(
        "Cognito refused a guest sign-in ({0}): the identity pool must allow unauthenticated identities and have a guest role."
    )]
    GuestRefused(String),
    #[error(
        "Cognito refused your sign-in ({0}): the identity pool must list this user pool and app client as an authentication provider and give its users a role; ask an administrator."
    )]
    UserRefused(String),
    #[error(
        "STS refused the guest role {role} ({message}): its trust policy must let cognito-identity.amazonaws.com assume it for this pool's unauthenticated identities (see the README)."
    )]
    RoleRefused { role: String, message: String },
    #[error("Signing in through Cognito failed: {0}")]
    Other(String),
}

/// Who asks the identity pool for credentials.
pub enum Asker<'a> {
    /// A signed-in user: the user pool's provider name and its id token.
    User { provider: String, id_token: &'a str },
    /// A guest, through the basic flow on this role when one is set.
    Guest {
        basic_flow_role: Option<&'a RoleArn>,
    },
}

impl Asker<'_> {
    fn logins(&self) -> BTreeMap<String, String> {
        match self {
            Asker::User { provider, id_token } => {
                BTreeMap::from([(provider.clone(), (*id_token).to_owned())])
            }
            Asker::Guest { .. } => BTreeMap::new(),
        }
    }

    fn error(&self, error: AwsError, pool: &IdentityPoolId) -> CognitoError {
        match error {
            AwsError::Network { .. } => CognitoError::Unreachable,
            AwsError::NotFound { .. } => CognitoError::PoolNotFound(pool.as_str().to_owned()),
            AwsError::AccessDenied { message, .. }
            | AwsError::Authentication { message, .. }
            | AwsError::Validation { message, .. } => match self {
                Asker::User { .. } => CognitoError::UserRefused(message),
                Asker::Guest { .. } => CognitoError::GuestRefused(message),
            },
            other => CognitoError::Other(other.user_message()),
        }
    }
}

/// The identity id (new, or the one passed in) and its credentials.
pub async fn credentials(
    client: &AwsClient,
    pool: &IdentityPoolId,
    identity: Option<&str>,
    asker: &Asker<'_>,
) -> Result<(String, IdentityCredentials), CognitoError> {
    let logins = asker.logins();
    let identity_id = match identity {
        Some(id) => id.to_owned(),
        None => {
            let input = GetIdInput {
                identity_pool_id: pool.as_str().to_owned(),
                logins: logins.clone(),
            };
            client
                .call::<GetId>(&input)
                .await
                .map_err(|e| asker.error(e, pool))?
                .identity_id
        }
    };
    let Asker::Guest {
        basic_flow_role: Some(role),
    } = asker
    else {
        let input = GetCredentialsForIdentityInput {
            identity_id,
            logins,
            custom_role_arn: None,
        };
        let output = client
            .call::<GetCredentialsForIdentity>(&input)
            .await
            .map_err(|e| asker.error(e, pool))?;
        return Ok((output.identity_id, output.credentials));
    };
    let input = GetOpenIdTokenInput { identity_id };
    let token = client
        .call::<GetOpenIdToken>(&input)
        .await
        .map_err(|e| asker.error(e, pool))?;
    // No DurationSeconds: STS's default hour, as the enhanced flow gives; the sandbox answers with
    // its own (shortened) lifetime so a refresh can be watched.
    let input = AssumeRoleWithWebIdentityInput {
        role_arn: role.as_str().to_owned(),
        role_session_name: ROLE_SESSION_NAME.to_owned(),
        web_identity_token: token.token,
        duration_seconds: None,
    };
    let assumed = client
        .call::<AssumeRoleWithWebIdentity>(&input)
        .await
        .map_err(|error| match error {
            AwsError::AccessDenied { message, .. }
            | AwsError::Authentication { message, .. }
            | AwsError::Validation { message, .. } => CognitoError::RoleRefused {
                role: role.as_str().to_owned(),
                message,
            },
            other => asker.error(other, pool),
        })?;
    Ok((token.identity_id, assumed.credentials.into()))
}

/// Cognito's and STS's calls go where the other calls go when an endpoint is set (the sandbox
/// serves both), else to the pool region's regional endpoints.
pub fn endpoint(pool: &IdentityPoolId, endpoint: &EndpointChoice) -> Endpoint {
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

//! AWS STS, for the last step of Cognito's basic (classic) flow: a guest's OpenID token from
//! `GetOpenIdToken` is exchanged for the role's credentials with `AssumeRoleWithWebIdentity`.
//!
//! Unlike the enhanced flow's `GetCredentialsForIdentity`, these credentials are not narrowed by
//! Cognito's session policy for guests, so the role's own policy is what they may do. STS speaks
//! the query protocol: a form-encoded request and an XML answer. The call is unsigned: the token
//! is the proof.

use serde::{Deserialize, Serialize};

use crate::aws::cognito::IdentityCredentials;
use crate::aws::error::{AwsError, xml_element};
use crate::aws::operation::{Operation, Service};
use crate::aws::timestamp::{Timestamp, parse_iso8601_millis};

/// The ARN of an IAM role, such as `arn:aws:iam::123456789012:role/consoleGuest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleArn(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<name>, like arn:aws:iam::123456789012:role/consoleGuest"
)]
pub struct InvalidRoleArn(pub String);

impl RoleArn {
    pub fn parse(text: &str) -> Result<Self, InvalidRoleArn> {
        let text = text.trim();
        let invalid = || InvalidRoleArn(text.to_owned());
        let mut parts = text.splitn(6, ':');
        let (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account), Some(resource)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(invalid());
        };
        let partition_ok = partition == "aws"
            || partition.strip_prefix("aws-").is_some_and(|rest| {
                !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            });
        let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
        // IAM's character set for role paths and names; STS takes ARNs of up to 2048 characters.
        let name_ok = resource.strip_prefix("role/").is_some_and(|name| {
            !name.is_empty()
                && !name.ends_with('/')
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-/".contains(&b))
        });
        if !(partition_ok && account_ok && name_ok) || text.len() > 2048 {
            return Err(invalid());
        }
        Ok(RoleArn(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The request. STS reads the parameters in any order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssumeRoleWithWebIdentityInput {
    pub role_arn: String,
    pub role_session_name: String,
    pub web_identity_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssumeRoleWithWebIdentityOutput {
    pub credentials: StsCredentials,
}

/// STS's credentials shape (note `SecretAccessKey`, where Cognito says `SecretKey`).
#[derive(Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StsCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub expiration: Timestamp,
}

// Hand-written so that a stray `{:?}` never prints the secret or the token.
impl std::fmt::Debug for StsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StsCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("expiration", &self.expiration)
            .finish_non_exhaustive()
    }
}

impl From<StsCredentials> for IdentityCredentials {
    /// Guest credentials from either flow are held, used and refreshed the same way.
    fn from(credentials: StsCredentials) -> Self {
        IdentityCredentials {
            access_key_id: credentials.access_key_id,
            secret_key: credentials.secret_access_key,
            session_token: credentials.session_token,
            expiration: credentials.expiration,
        }
    }
}

/// Exchanges a web identity token (here: Cognito's OpenID token for a guest) for the credentials
/// of a role whose trust policy accepts it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AssumeRoleWithWebIdentity;

impl Operation for AssumeRoleWithWebIdentity {
    const SERVICE: Service = Service::Sts;
    const NAME: &'static str = "AssumeRoleWithWebIdentity";
    const SIGNED: bool = false;
    type Input = AssumeRoleWithWebIdentityInput;
    type Output = AssumeRoleWithWebIdentityOutput;

    // A second session for the same token only ever gets the same role.
    fn idempotent(_: &AssumeRoleWithWebIdentityInput) -> bool {
        true
    }

    fn decode_output(body: &str) -> Result<AssumeRoleWithWebIdentityOutput, AwsError> {
        let field = |name: &str| {
            xml_element(body, name).ok_or_else(|| AwsError::Decode {
                detail: format!("the AssumeRoleWithWebIdentity answer has no {name}"),
            })
        };
        let expiration = field("Expiration")?;
        let expiration_millis =
            parse_iso8601_millis(&expiration).ok_or_else(|| AwsError::Decode {
                detail: format!("Expiration {expiration:?} is not an ISO 8601 time"),
            })?;
        Ok(AssumeRoleWithWebIdentityOutput {
            credentials: StsCredentials {
                access_key_id: field("AccessKeyId")?,
                secret_access_key: field("SecretAccessKey")?,
                session_token: field("SessionToken")?,
                expiration: Timestamp::from_epoch_millis(expiration_millis),
            },
        })
    }
}

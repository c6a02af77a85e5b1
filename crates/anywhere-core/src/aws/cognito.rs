//! Amazon Cognito Identity: temporary AWS credentials for a signed-in user or a guest.
//!
//! A self-service deployment of the console carries no keys: it asks an identity pool for an
//! identity (`GetId`), then for that identity's credentials: in the enhanced flow from Cognito
//! (`GetCredentialsForIdentity`), in the basic flow as an OpenID token (`GetOpenIdToken`) that STS
//! exchanges for a role's credentials (see `sts`). A signed-in user's id token goes in `Logins`
//! (keyed by the user pool's provider name) and buys the pool's authenticated role; without it
//! the identity is a guest. All these calls are unsigned, since they are how a page without
//! credentials gets some.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::aws::credentials::Credentials;
use crate::aws::operation::{Operation, Service};
use crate::aws::timestamp::Timestamp;
use crate::region::Region;

/// An identity pool id such as `eu-west-1:0f6e…`: the pool's region, a colon, a UUID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityPoolId {
    id: String,
    region: Region,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a Cognito identity pool id; expected the region, a colon and a UUID, like us-east-1:0f6e1c2a-…"
)]
pub struct InvalidIdentityPoolId(pub String);

impl IdentityPoolId {
    pub fn parse(text: &str) -> Result<Self, InvalidIdentityPoolId> {
        let text = text.trim();
        let invalid = || InvalidIdentityPoolId(text.to_owned());
        let (region, uuid) = text.split_once(':').ok_or_else(invalid)?;
        let region = Region::new(region).map_err(|_| invalid())?;
        // The service's own pattern: [\w-]+:[0-9a-f-]+, at most 55 characters.
        let uuid_ok = !uuid.is_empty()
            && uuid
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-');
        if !uuid_ok || text.len() > 55 {
            return Err(invalid());
        }
        Ok(IdentityPoolId {
            id: text.to_owned(),
            region,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// The pool's region, where its Cognito endpoint lives.
    pub fn region(&self) -> &Region {
        &self.region
    }
}

#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdInput {
    pub identity_pool_id: String,
    /// Id tokens by provider name (`cognito-idp.REGION.amazonaws.com/POOL`); none for a guest.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub logins: BTreeMap<String, String>,
}

// Hand-written so that a stray `{:?}` never prints a token.
impl std::fmt::Debug for GetIdInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GetIdInput")
            .field("identity_pool_id", &self.identity_pool_id)
            .field("logins", &self.logins.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdOutput {
    pub identity_id: String,
}

#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCredentialsForIdentityInput {
    pub identity_id: String,
    /// The same tokens as for `GetId`: required again for an authenticated identity.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub logins: BTreeMap<String, String>,
    /// With role mapping by token, one of the token's `cognito:roles` (else the preferred one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_role_arn: Option<String>,
}

impl std::fmt::Debug for GetCredentialsForIdentityInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GetCredentialsForIdentityInput")
            .field("identity_id", &self.identity_id)
            .field("logins", &self.logins.keys().collect::<Vec<_>>())
            .field("custom_role_arn", &self.custom_role_arn)
            .finish()
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCredentialsForIdentityOutput {
    pub identity_id: String,
    pub credentials: IdentityCredentials,
}

/// Cognito's credentials shape (note `SecretKey`, not `SecretAccessKey`).
#[derive(Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityCredentials {
    pub access_key_id: String,
    pub secret_key: String,
    pub session_token: String,
    pub expiration: Timestamp,
}

// Hand-written so that a stray `{:?}` never prints the secret or the token.
impl std::fmt::Debug for IdentityCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("expiration", &self.expiration)
            .finish_non_exhaustive()
    }
}

impl IdentityCredentials {
    pub fn credentials(&self) -> Credentials {
        Credentials::new(
            &self.access_key_id,
            &self.secret_key,
            Some(&self.session_token),
        )
    }

    /// When to fetch the next credentials: five minutes before expiry, or halfway through a
    /// shorter remaining lifetime, so a slow answer never leaves the page with expired keys.
    pub fn refresh_at_millis(&self, now_millis: f64) -> f64 {
        const MARGIN_MILLIS: f64 = 5.0 * 60.0 * 1000.0;
        let expires = self.expiration.epoch_millis();
        let remaining = (expires - now_millis).max(0.0);
        now_millis + (remaining - MARGIN_MILLIS).max(remaining / 2.0)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetOpenIdTokenInput {
    pub identity_id: String,
}

#[derive(Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetOpenIdTokenOutput {
    pub identity_id: String,
    /// An OpenID Connect token for the identity, valid for ten minutes.
    pub token: String,
}

// Hand-written so that a stray `{:?}` never prints the token.
impl std::fmt::Debug for GetOpenIdTokenOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GetOpenIdTokenOutput")
            .field("identity_id", &self.identity_id)
            .finish_non_exhaustive()
    }
}

/// Creates (or, for a returning guest, would look up) an identity in the pool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetId;

impl Operation for GetId {
    const SERVICE: Service = Service::CognitoIdentity;
    const NAME: &'static str = "GetId";
    const SIGNED: bool = false;
    type Input = GetIdInput;
    type Output = GetIdOutput;

    // A second identity for the same guest is harmless: each one only ever gets the guest role.
    fn idempotent(_: &GetIdInput) -> bool {
        true
    }
}

/// Exchanges an identity for temporary credentials of the pool's unauthenticated role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetCredentialsForIdentity;

impl Operation for GetCredentialsForIdentity {
    const SERVICE: Service = Service::CognitoIdentity;
    const NAME: &'static str = "GetCredentialsForIdentity";
    const SIGNED: bool = false;
    type Input = GetCredentialsForIdentityInput;
    type Output = GetCredentialsForIdentityOutput;

    fn idempotent(_: &GetCredentialsForIdentityInput) -> bool {
        true
    }
}

/// The basic flow's second step: an OpenID token for the identity, for STS.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetOpenIdToken;

impl Operation for GetOpenIdToken {
    const SERVICE: Service = Service::CognitoIdentity;
    const NAME: &'static str = "GetOpenIdToken";
    const SIGNED: bool = false;
    type Input = GetOpenIdTokenInput;
    type Output = GetOpenIdTokenOutput;

    fn idempotent(_: &GetOpenIdTokenInput) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::endpoint::Endpoint;
    use crate::aws::request::build_request;

    #[test]
    fn pool_ids_carry_their_region() {
        let pool =
            IdentityPoolId::parse(" eu-west-1:0f6e1c2a-6b1d-4a3e-9e53-1b2c3d4e5f60 ").unwrap();
        assert_eq!(pool.region().code(), "eu-west-1");
        assert_eq!(
            pool.as_str(),
            "eu-west-1:0f6e1c2a-6b1d-4a3e-9e53-1b2c3d4e5f60"
        );
        for bad in [
            "",
            "0f6e1c2a-6b1d",
            "eu-west-1:",
            "nowhere:0f6e1c2a",
            "eu-west-1:0F6E1C2A",
            "eu-west-1:<script>",
            "eu-west-1:0f6e1c2a-6b1d-4a3e-9e53-1b2c3d4e5f60-0000000000000",
        ] {
            assert!(IdentityPoolId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn get_id_is_an_unsigned_json_1_1_call_to_the_regional_endpoint() {
        let endpoint = Endpoint::Aws(Region::new("eu-west-1").unwrap());
        let input = GetIdInput {
            identity_pool_id: "eu-west-1:0f6e".into(),
            ..GetIdInput::default()
        };
        let request = build_request::<GetId>(&endpoint, &input).unwrap();
        assert_eq!(
            request.url,
            "https://cognito-identity.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            request.header("x-amz-target"),
            Some("AWSCognitoIdentityService.GetId")
        );
        assert_eq!(request.body, r#"{"IdentityPoolId":"eu-west-1:0f6e"}"#);
        const {
            assert!(!GetId::SIGNED && !GetCredentialsForIdentity::SIGNED && !GetOpenIdToken::SIGNED)
        };
    }

    struct Recorder(std::cell::RefCell<Vec<crate::aws::HttpRequest>>);

    impl crate::aws::Transport for Recorder {
        async fn send(
            &self,
            request: crate::aws::HttpRequest,
        ) -> Result<crate::aws::HttpResponse, crate::aws::TransportError> {
            self.0.borrow_mut().push(request);
            Ok(crate::aws::HttpResponse {
                status: 200,
                headers: vec![],
                body: r#"{"IdentityId":"us-east-1:abc"}"#.into(),
            })
        }
    }

    struct FixedClock;

    impl crate::aws::Clock for FixedClock {
        fn now_millis(&self) -> f64 {
            1_767_225_600_000.0
        }
        async fn sleep(&self, _: std::time::Duration) {}
        fn random_unit(&self) -> f64 {
            0.5
        }
    }

    #[test]
    fn the_client_sends_cognito_calls_unsigned_and_signs_the_rest() {
        let endpoint = Endpoint::Custom {
            url: "http://127.0.0.1:4566".into(),
            region: Region::new("us-east-1").unwrap(),
        };
        let credentials =
            crate::aws::StaticCredentials(Credentials::new("AKIDEXAMPLE", "secret", None));
        let client = crate::aws::Client::new(
            Recorder(Default::default()),
            FixedClock,
            endpoint,
            std::rc::Rc::new(credentials),
        );
        let input = GetIdInput {
            identity_pool_id: "us-east-1:0f6e".into(),
            ..GetIdInput::default()
        };
        let output = pollster::block_on(client.call::<GetId>(&input)).unwrap();
        assert_eq!(output.identity_id, "us-east-1:abc");
        let _ =
            pollster::block_on(client.call::<crate::aws::ecs::ListClusters>(&Default::default()));
        let sent = client.transport().0.borrow();
        assert_eq!(sent[0].header("authorization"), None);
        assert_eq!(sent[0].header("x-amz-date"), None);
        assert!(sent[1].header("authorization").is_some());
    }

    #[test]
    fn an_authenticated_identity_sends_its_id_token_in_logins_and_never_prints_it() {
        let logins = BTreeMap::from([(
            "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC".to_owned(),
            "eyJ.id.token".to_owned(),
        )]);
        let input = GetCredentialsForIdentityInput {
            identity_id: "eu-west-1:abc".into(),
            logins,
            custom_role_arn: None,
        };
        assert_eq!(
            serde_json::to_string(&input).unwrap(),
            r#"{"IdentityId":"eu-west-1:abc","Logins":{"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC":"eyJ.id.token"}}"#
        );
        assert!(!format!("{input:?}").contains("eyJ"));
        let guest = GetIdInput {
            identity_pool_id: "eu-west-1:0f6e".into(),
            ..GetIdInput::default()
        };
        assert_eq!(
            serde_json::to_string(&guest).unwrap(),
            r#"{"IdentityPoolId":"eu-west-1:0f6e"}"#
        );
    }

    #[test]
    fn credentials_decode_from_cognitos_shape_and_never_print_the_secret() {
        let body = r#"{"IdentityId":"us-east-1:abc","Credentials":{"AccessKeyId":"ASIAEXAMPLE",
            "SecretKey":"wJalrXUtnFEMI","SessionToken":"FwoGZXIvYXdz","Expiration":1700000900.0}}"#;
        let output: GetCredentialsForIdentityOutput = serde_json::from_str(body).unwrap();
        let credentials = output.credentials.credentials();
        assert_eq!(credentials.access_key_id, "ASIAEXAMPLE");
        assert_eq!(credentials.secret_access_key, "wJalrXUtnFEMI");
        assert_eq!(credentials.session_token.as_deref(), Some("FwoGZXIvYXdz"));
        let shown = format!("{output:?}");
        assert!(!shown.contains("wJalrXUtnFEMI") && !shown.contains("FwoGZXIvYXdz"));
    }

    #[test]
    fn refresh_comes_before_expiry() {
        let expiring_at = |seconds: f64| IdentityCredentials {
            access_key_id: "ASIA".into(),
            secret_key: "s".into(),
            session_token: "t".into(),
            expiration: Timestamp(seconds),
        };
        let now = 1_700_000_000_000.0;
        // One hour left: five minutes before expiry.
        let hour = expiring_at(1_700_003_600.0);
        assert_eq!(hour.refresh_at_millis(now), now + 55.0 * 60_000.0);
        // Two minutes left: halfway.
        let short = expiring_at(1_700_000_120.0);
        assert_eq!(short.refresh_at_millis(now), now + 60_000.0);
        // Already expired: at once.
        let gone = expiring_at(1_699_999_000.0);
        assert_eq!(gone.refresh_at_millis(now), now);
    }
}

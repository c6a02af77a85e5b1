//! The site configuration deployed next to `index.html` (`config.json`), read once at start.
//!
//! A plain AWS deployment needs none. A self-service deployment names how people sign in (a
//! Cognito user pool with its identity pool, or, only when it says so, guests of an identity pool)
//! and the pages and clusters it offers; `make run` writes one that points the console at the
//! local sandbox, whose `/_sandbox/config` hands out its region, endpoint and seeded access key.
//! Pages read the parsed file through [`use_site_config`].

use anywhere_core::aws::AwsError;
use anywhere_core::aws::cognito::IdentityPoolId;
use anywhere_core::aws::request::host_of;
use anywhere_core::aws::sts::RoleArn;
use anywhere_core::oauth::{AppClientId, LoginDomain, UserPoolId};
use anywhere_core::region::Region;
use gloo_net::http::Request;
use leptos::prelude::*;
use serde::Deserialize;

use crate::connection::{ConnectionSettings, EndpointChoice};
use crate::route::Page;

#[derive(Debug, thiserror::Error)]
pub enum SiteConfigError {
    #[error(
        "config.json next to this page is not valid ({0}): correct it (the README's \"Site configuration\" lists each field); until then the console runs with its defaults."
    )]
    Invalid(String),
    #[error("the local sandbox at {url} did not answer ({reason}); start it with `make run`")]
    SandboxUnreachable { url: String, reason: String },
}

/// What `config.json` says, checked. Every field is optional; an absent one keeps the default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteConfig {
    /// The region requests are signed for (default: the pool's region, else us-east-1).
    pub region: Option<Region>,
    /// One URL serving every AWS call instead of the regional endpoints (a proxy, a VPC endpoint).
    pub endpoint: Option<String>,
    /// The local sandbox, for development.
    pub sandbox_url: Option<String>,
    /// The only clusters pages offer; `None` means all.
    pub allowed_clusters: Option<Vec<String>>,
    /// The pages shown, in the navigation's order; `None` means all.
    pub pages: Option<Vec<Page>>,
    /// How people sign in instead of typing keys; `None`: keys typed in Settings.
    pub sign_in: Option<SignIn>,
}

/// How a deployment's visitors get AWS credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignIn {
    /// Through the organisation's user pool (and the identity providers federated into it).
    UserPool(UserPoolSignIn),
    /// As guests of an identity pool: anyone who opens the page. Only when config.json asks.
    Guests(GuestSignIn),
}

impl SignIn {
    pub fn identity_pool(&self) -> &IdentityPoolId {
        match self {
            SignIn::UserPool(sign_in) => &sign_in.identity_pool,
            SignIn::Guests(guests) => &guests.identity_pool,
        }
    }
}

/// A Cognito user pool's managed login, and the identity pool that trades its id tokens for the
/// authenticated role's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserPoolSignIn {
    pub user_pool: UserPoolId,
    pub client_id: AppClientId,
    pub domain: LoginDomain,
    pub identity_pool: IdentityPoolId,
}

/// An identity pool whose guests (unauthenticated identities) get credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuestSignIn {
    pub identity_pool: IdentityPoolId,
    /// Set: the basic (classic) flow, where the console assumes this role itself with the
    /// guest's OpenID token, so the role's own policy applies. Unset: the enhanced flow, whose
    /// credentials Cognito narrows to its session policy for guests (no ECS, SSM or PassRole).
    pub guest_role_arn: Option<RoleArn>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Wire {
    region: Option<String>,
    endpoint: Option<String>,
    sandbox_url: Option<String>,
    allowed_clusters: Option<Vec<String>>,
    pages: Option<Vec<String>>,
    cognito_identity_pool_id: Option<String>,
    cognito_user_pool_id: Option<String>,
    cognito_client_id: Option<String>,
    cognito_domain: Option<String>,
    allow_guests: Option<bool>,
    guest_role_arn: Option<String>,
}

impl SiteConfig {
    /// Parses and checks the file's text; the error names the first problem found.
    pub fn parse(text: &str) -> Result<SiteConfig, SiteConfigError> {
        let invalid = |detail: String| SiteConfigError::Invalid(detail);
        // serde would read a JSON array positionally into the fields; and a host that answers
        // missing files with an HTML page deserves a plainer message than a JSON syntax error.
        if !text.trim_start().starts_with('{') {
            return Err(invalid(
                "it must hold one JSON object, like {\"region\": \"eu-west-1\"}".to_owned(),
            ));
        }
        let wire: Wire = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let sign_in = sign_in(&wire).map_err(invalid)?;
        let region = wire
            .region
            .map(|code| Region::new(&code).map_err(|e| invalid(format!("region: {e}"))))
            .transpose()?;
        for (field, url) in [
            ("endpoint", &wire.endpoint),
            ("sandboxUrl", &wire.sandbox_url),
        ] {
            if let Some(url) = url {
                host_of(url).map_err(|error| {
                    let reason = match error {
                        AwsError::InvalidEndpoint { reason, .. } => reason,
                        other => other.to_string(),
                    };
                    invalid(format!("{field}: \"{url}\" cannot be used: {reason}"))
                })?;
            }
        }
        let pages = wire
            .pages
            .map(|names| {
                let pages = names
                    .iter()
                    .map(|name| {
                        Page::ALL
                            .into_iter()
                            .find(|p| p.path() == name)
                            .ok_or_else(|| {
                                invalid(format!(
                                    "pages: \"{name}\" is not a page; use {}",
                                    Page::ALL.map(Page::path).join(", ")
                                ))
                            })
                            .and_then(|page| {
                                if page.in_build() {
                                    Ok(page)
                                } else {
                                    Err(invalid(format!(
                                        "pages: \"{name}\" is not part of this build, the self-service console, which has onboarding only; deploy the admin build (`make deploy`) for it"
                                    )))
                                }
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if pages.is_empty() {
                    return Err(invalid("pages: list at least one page".to_owned()));
                }
                Ok(pages)
            })
            .transpose()?;
        Ok(SiteConfig {
            region,
            endpoint: wire.endpoint.map(|url| url.trim().to_owned()),
            sandbox_url: wire.sandbox_url.map(|url| url.trim().to_owned()),
            allowed_clusters: wire.allowed_clusters,
            pages,
            sign_in,
        })
    }

    /// Whether the page is shown: this build has it and `pages` lists it (or is absent).
    pub fn shows(&self, page: Page) -> bool {
        page.in_build()
            && self
                .pages
                .as_ref()
                .is_none_or(|pages| pages.contains(&page))
    }

    /// The pages in the navigation, in the console's order.
    pub fn shown_pages(&self) -> Vec<Page> {
        Page::ALL.into_iter().filter(|p| self.shows(*p)).collect()
    }

    /// Whether pages may offer this cluster, given by name or ARN.
    pub fn allows_cluster(&self, name_or_arn: &str) -> bool {
        let name = name_or_arn
            .rsplit_once(":cluster/")
            .map_or(name_or_arn, |(_, name)| name);
        self.allowed_clusters
            .as_ref()
            .is_none_or(|allowed| allowed.iter().any(|a| a == name))
    }

    /// The connection this deployment starts with, before any key is typed. Keys come only from
    /// the sandbox, and never when a sign-in is configured.
    fn connection(&self) -> ConnectionSettings {
        let mut settings = ConnectionSettings::default();
        if let Some(region) = self
            .region
            .as_ref()
            .or(self.sign_in.as_ref().map(|s| s.identity_pool().region()))
        {
            settings.region = region.code().to_owned();
        }
        if let Some(url) = &self.endpoint {
            settings.endpoint = EndpointChoice::Custom(url.clone());
        }
        settings
    }
}

/// The sign-in the fields describe, or the first problem with them (as text for the banner).
fn sign_in(wire: &Wire) -> Result<Option<SignIn>, String> {
    let user_pool_fields = [
        ("cognitoUserPoolId", &wire.cognito_user_pool_id),
        ("cognitoClientId", &wire.cognito_client_id),
        ("cognitoDomain", &wire.cognito_domain),
    ];
    let named: Vec<&str> = user_pool_fields
        .iter()
        .filter(|(_, value)| value.is_some())
        .map(|(name, _)| *name)
        .collect();
    let guests = wire.allow_guests == Some(true);
    let Some(pool) = &wire.cognito_identity_pool_id else {
        if let Some(first) = named.first() {
            return Err(format!(
                "{first}: it needs cognitoIdentityPoolId, the identity pool that gives signed-in users AWS credentials"
            ));
        }
        if guests || wire.guest_role_arn.is_some() {
            return Err(
                "allowGuests and guestRoleArn need cognitoIdentityPoolId, the pool whose guests get credentials"
                    .to_owned(),
            );
        }
        return Ok(None);
    };
    let identity_pool =
        IdentityPoolId::parse(pool).map_err(|e| format!("cognitoIdentityPoolId: {e}"))?;
    if !named.is_empty() {
        if guests || wire.guest_role_arn.is_some() {
            return Err("allowGuests: a deployment signs people in through its user pool or lets guests in, not both".to_owned());
        }
        let missing: Vec<&str> = user_pool_fields
            .iter()
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "{}: a user pool sign-in needs cognitoUserPoolId, cognitoClientId and cognitoDomain",
                missing.join(", ")
            ));
        }
        let field = |value: &Option<String>| value.clone().unwrap_or_default();
        return Ok(Some(SignIn::UserPool(UserPoolSignIn {
            user_pool: UserPoolId::parse(&field(&wire.cognito_user_pool_id))
                .map_err(|e| format!("cognitoUserPoolId: {e}"))?,
            client_id: AppClientId::parse(&field(&wire.cognito_client_id))
                .map_err(|e| format!("cognitoClientId: {e}"))?,
            domain: LoginDomain::parse(&field(&wire.cognito_domain))
                .map_err(|e| format!("cognitoDomain: {e}"))?,
            identity_pool,
        })));
    }
    if !guests {
        return Err("cognitoIdentityPoolId: say how people sign in: cognitoUserPoolId, cognitoClientId and cognitoDomain for your organisation's sign-in, or \"allowGuests\": true to let anyone on the Internet in as a guest".to_owned());
    }
    let guest_role_arn = wire
        .guest_role_arn
        .as_deref()
        .map(|arn| RoleArn::parse(arn).map_err(|e| format!("guestRoleArn: {e}")))
        .transpose()?;
    Ok(Some(SignIn::Guests(GuestSignIn {
        identity_pool,
        guest_role_arn,
    })))
}

/// The parsed configuration, for every page.
pub fn use_site_config() -> ReadSignal<SiteConfig> {
    expect_context::<ReadSignal<SiteConfig>>()
}

/// What start-up found: the configuration and the connection it implies.
pub struct Loaded {
    pub config: SiteConfig,
    pub settings: ConnectionSettings,
}

/// Reads `config.json`; `None` when there is none (the console then runs with its defaults).
pub async fn load() -> Result<Option<Loaded>, SiteConfigError> {
    let response = match Request::get("config.json").send().await {
        Ok(response) if response.ok() => response,
        // No file (or no network yet): the console starts with its own defaults.
        _ => return Ok(None),
    };
    let text = response
        .text()
        .await
        .map_err(|e| SiteConfigError::Invalid(e.to_string()))?;
    let config = SiteConfig::parse(&text)?;
    let mut settings = config.connection();
    if let Some(url) = &config.sandbox_url {
        let sandbox =
            fetch_sandbox(url)
                .await
                .map_err(|reason| SiteConfigError::SandboxUnreachable {
                    url: url.clone(),
                    reason,
                })?;
        settings.region = sandbox.region;
        settings.endpoint = EndpointChoice::Sandbox(sandbox.endpoint);
        if config.sign_in.is_none() {
            settings.access_key_id = sandbox.access_key_id;
            settings.secret_access_key = sandbox.secret_access_key;
        }
    }
    Ok(Some(Loaded { config, settings }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SandboxConfig {
    region: String,
    endpoint: String,
    access_key_id: String,
    secret_access_key: String,
}

async fn fetch_sandbox(url: &str) -> Result<SandboxConfig, String> {
    let address = format!("{}/_sandbox/config", url.trim_end_matches('/'));
    let response = Request::get(&address)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.json().await.map_err(|e| e.to_string())
}

//! The site configuration deployed next to `index.html` (`config.json`), read once at start.
//!
//! A plain AWS deployment needs none. A self-service deployment names a Cognito identity pool and
//! the pages to show; `make run` writes one that points the console at the local sandbox, whose
//! `/_sandbox/config` hands out its region, endpoint and seeded access key. Pages read the parsed
//! file through [`use_site_config`].

use anywhere_core::aws::cognito::IdentityPoolId;
use anywhere_core::aws::request::host_of;
use anywhere_core::aws::sts::RoleArn;
use anywhere_core::region::Region;
use gloo_net::http::Request;
use leptos::prelude::*;
use serde::Deserialize;

use crate::auth::CognitoPool;
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
    /// With a pool, guests get temporary credentials from Cognito instead of typing keys; with
    /// `guestRoleArn` too, through the basic flow on that role.
    pub cognito_identity_pool_id: Option<CognitoPool>,
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
        let region = wire
            .region
            .map(|code| Region::new(&code).map_err(|e| invalid(format!("region: {e}"))))
            .transpose()?;
        for (field, url) in [
            ("endpoint", &wire.endpoint),
            ("sandboxUrl", &wire.sandbox_url),
        ] {
            if let Some(url) = url {
                host_of(url).map_err(|_| {
                    invalid(format!(
                        "{field}: \"{url}\" is not an http:// or https:// URL"
                    ))
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
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if pages.is_empty() {
                    return Err(invalid("pages: list at least one page".to_owned()));
                }
                Ok(pages)
            })
            .transpose()?;
        let guest_role_arn = wire
            .guest_role_arn
            .map(|arn| RoleArn::parse(&arn).map_err(|e| invalid(format!("guestRoleArn: {e}"))))
            .transpose()?;
        let cognito_identity_pool_id = match (wire.cognito_identity_pool_id, guest_role_arn) {
            (Some(id), guest_role_arn) => Some(CognitoPool {
                id: IdentityPoolId::parse(&id)
                    .map_err(|e| invalid(format!("cognitoIdentityPoolId: {e}")))?,
                guest_role_arn,
            }),
            (None, Some(_)) => {
                return Err(invalid(
                    "guestRoleArn: it needs cognitoIdentityPoolId, the pool whose guests assume it"
                        .to_owned(),
                ));
            }
            (None, None) => None,
        };
        Ok(SiteConfig {
            region,
            endpoint: wire.endpoint.map(|url| url.trim().to_owned()),
            sandbox_url: wire.sandbox_url.map(|url| url.trim().to_owned()),
            allowed_clusters: wire.allowed_clusters,
            pages,
            cognito_identity_pool_id,
        })
    }

    pub fn shows(&self, page: Page) -> bool {
        self.pages
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

    /// The connection this deployment starts with, before any key is typed. Credentials come only
    /// from the sandbox, and never when a Cognito pool is configured.
    fn connection(&self) -> ConnectionSettings {
        let mut settings = ConnectionSettings::default();
        if let Some(region) = self
            .region
            .as_ref()
            .or(self.cognito_identity_pool_id.as_ref().map(|p| p.region()))
        {
            settings.region = region.code().to_owned();
        }
        if let Some(url) = &self.endpoint {
            settings.endpoint = EndpointChoice::Custom(url.clone());
        }
        settings
    }
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
        if config.cognito_identity_pool_id.is_none() {
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

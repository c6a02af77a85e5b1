//! The site configuration deployed next to `index.html` (`config.json`), read once at start.
//!
//! A plain AWS deployment needs none. `make run` writes one that points the console at the local
//! sandbox, whose `/_sandbox/config` hands out its region, endpoint and seeded access key.

use gloo_net::http::Request;
use serde::Deserialize;

use crate::connection::{ConnectionSettings, EndpointChoice};

#[derive(Debug, thiserror::Error)]
pub enum SiteConfigError {
    #[error("config.json next to this page could not be read ({0}); check that it is valid JSON")]
    Malformed(String),
    #[error("the local sandbox at {url} did not answer ({reason}); start it with `make run`")]
    SandboxUnreachable { url: String, reason: String },
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SiteConfig {
    region: Option<String>,
    sandbox_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SandboxConfig {
    region: String,
    endpoint: String,
    access_key_id: String,
    secret_access_key: String,
}

/// The connection the deployment suggests, or `None` when there is no `config.json` at all.
pub async fn load_defaults() -> Result<Option<ConnectionSettings>, SiteConfigError> {
    let response = match Request::get("config.json").send().await {
        Ok(response) if response.ok() => response,
        // No file (or no network yet): the console starts with its own defaults.
        _ => return Ok(None),
    };
    let text = response
        .text()
        .await
        .map_err(|e| SiteConfigError::Malformed(e.to_string()))?;
    let config: SiteConfig =
        serde_json::from_str(&text).map_err(|e| SiteConfigError::Malformed(e.to_string()))?;
    let mut settings = ConnectionSettings::default();
    if let Some(region) = config.region {
        settings.region = region;
    }
    if let Some(url) = config.sandbox_url {
        let sandbox =
            fetch_sandbox(&url)
                .await
                .map_err(|reason| SiteConfigError::SandboxUnreachable {
                    url: url.clone(),
                    reason,
                })?;
        settings.region = sandbox.region;
        settings.endpoint = EndpointChoice::Sandbox(sandbox.endpoint);
        settings.access_key_id = sandbox.access_key_id;
        settings.secret_access_key = sandbox.secret_access_key;
    }
    Ok(Some(settings))
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

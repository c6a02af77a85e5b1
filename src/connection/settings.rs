use anywhere_core::region::Region;
use serde::{Deserialize, Serialize};

/// Which endpoint the console talks to. Remembered as `{"kind": "sandbox", "url": "…"}`
/// (`{"kind": "aws"}`), and read back through [`EndpointWire`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    content = "url",
    rename_all = "camelCase",
    try_from = "EndpointWire"
)]
pub enum EndpointChoice {
    /// The regional AWS endpoints of the chosen region.
    Aws,
    /// The local sandbox (moto behind our front) at this URL.
    Sandbox(String),
    /// Any other URL that speaks the AWS JSON protocol (a VPC endpoint, a proxy).
    Custom(String),
}

/// [`EndpointChoice`] as it is remembered, read as a plain structure: serde's reader of an
/// adjacently tagged enum buffers the fields in its `Content` in case the `url` comes before the
/// `kind`, machinery the console needs nowhere else.
#[derive(Deserialize)]
struct EndpointWire {
    kind: EndpointKind,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum EndpointKind {
    Aws,
    Sandbox,
    Custom,
}

impl TryFrom<EndpointWire> for EndpointChoice {
    type Error = &'static str;

    fn try_from(wire: EndpointWire) -> Result<Self, Self::Error> {
        Ok(match (wire.kind, wire.url) {
            (EndpointKind::Aws, _) => EndpointChoice::Aws,
            (EndpointKind::Sandbox, Some(url)) => EndpointChoice::Sandbox(url),
            (EndpointKind::Custom, Some(url)) => EndpointChoice::Custom(url),
            (_, None) => return Err("an endpoint URL is missing"),
        })
    }
}

/// What the Settings panel edits. The keys are stored as typed, already trimmed by the form.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionSettings {
    pub region: String,
    pub endpoint: EndpointChoice,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    /// The user's opt-in to keep these in sessionStorage for this tab.
    pub remember: bool,
}

impl Default for ConnectionSettings {
    fn default() -> Self {
        ConnectionSettings {
            region: "us-east-1".to_owned(),
            endpoint: EndpointChoice::Aws,
            access_key_id: String::new(),
            secret_access_key: String::new(),
            session_token: String::new(),
            remember: false,
        }
    }
}

// A hand-written Debug so that a stray `{:?}` can never print a secret.
impl std::fmt::Debug for ConnectionSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionSettings")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &"<redacted>")
            .field("remember", &self.remember)
            .finish()
    }
}

impl ConnectionSettings {
    /// Whether keys were typed (or remembered, or handed out by the local sandbox).
    pub fn has_keys(&self) -> bool {
        !self.access_key_id.is_empty() && !self.secret_access_key.is_empty()
    }

    /// Forgets the keys (signing out).
    pub fn clear_keys(&mut self) {
        self.access_key_id.clear();
        self.secret_access_key.clear();
        self.session_token.clear();
        self.remember = false;
    }

    pub fn region(&self) -> Option<Region> {
        Region::new(&self.region).ok()
    }

    /// A short description for the header: where requests go and as whom.
    pub fn summary(&self) -> String {
        let place = match &self.endpoint {
            EndpointChoice::Aws => "AWS".to_owned(),
            EndpointChoice::Sandbox(_) => "Local sandbox".to_owned(),
            EndpointChoice::Custom(url) => url.clone(),
        };
        format!("{place} · {}", self.region)
    }
}

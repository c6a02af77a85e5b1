//! The self-service link: a URL that pre-fills the install page for someone onboarding their own
//! host.
//!
//! The link carries only what [`SelfServiceLink`] holds, so AWS credentials cannot be put in it.
//! The activation code is a secret too: it may only travel in the fragment (after `#`), which
//! browsers do not send to servers or in `Referer` headers. Two shapes are offered: a page address
//! with the options in its query and the code alone in the fragment ([`SelfServiceLink::to_url`]),
//! and a hash route holding everything in the fragment ([`SelfServiceLink::to_hash_route_url`]).
//!
//! A link pre-fills choices, never where things go: it cannot carry an endpoint (the console's, or
//! the ECS endpoint the host's agent would use), and a link that tries is refused whole, since
//! whoever made it meant the host to talk to someone else. The region and cluster it names are
//! checked by the page against what the deployment allows.

use super::options::{AgentVersion, DockerInstallSource, InstallRegion, IpCompatibility};
use super::os::{OsId, UnknownOs};
use crate::fields::{
    ActivationCode, ActivationId, Attribute, ClusterName, RegistrationMetadata, Tag,
    ValidationError,
};
use crate::percent;

/// Shown wherever a link with an activation code is offered.
pub const CODE_IN_LINK_WARNING: &str = "This link contains the activation code: anyone who opens it can register hosts until the activation expires or reaches its registration limit. Send it only to the person setting up the host, over a private channel.";

/// The install options a link pre-fills.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LinkOptions {
    pub docker_install_source: DockerInstallSource,
    pub ecs_version: AgentVersion,
    pub no_start: bool,
    pub ip_compatibility: Option<IpCompatibility>,
    pub verify_signature: bool,
    pub metadata: RegistrationMetadata,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfServiceLink {
    pub region: InstallRegion,
    pub cluster: ClusterName,
    pub os: Option<OsId>,
    pub options: LinkOptions,
    pub activation_id: Option<ActivationId>,
    /// Travels only in the fragment.
    pub activation_code: Option<ActivationCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("The link has no {0}; ask for a new link.")]
    Missing(&'static str),
    #[error("The link's {key} is not valid: {error}")]
    Invalid {
        key: &'static str,
        error: ValidationError,
    },
    #[error("The link's {0} is not valid: {1}")]
    Os(&'static str, UnknownOs),
    #[error("The link gives {0} more than once.")]
    Repeated(String),
    #[error("The link's {0} is damaged (bad encoding); ask for a new link.")]
    Malformed(String),
    #[error(
        "The link carries the activation code outside the # part, where it can leak to servers; ask for a new link and do not use this one."
    )]
    CodeInQuery,
    #[error(
        "The link sets {0}, which a link may not: it could send your host somewhere else. Ask for a new link and do not use this one."
    )]
    Redirects(&'static str),
}

const KEY_CODE: &str = "code";

/// Keys that would change where requests or hosts go, and what they are called in the refusal.
const REDIRECTING_KEYS: [(&str, &str); 3] = [
    ("ecs_endpoint", "the ECS endpoint the host connects to"),
    ("endpoint", "the endpoint this console sends requests to"),
    ("sandboxUrl", "the endpoint this console sends requests to"),
];

impl SelfServiceLink {
    pub fn new(region: InstallRegion, cluster: ClusterName) -> Self {
        Self {
            region,
            cluster,
            os: None,
            options: LinkOptions::default(),
            activation_id: None,
            activation_code: None,
        }
    }

    /// The query string, without the leading `?`.
    pub fn query(&self) -> String {
        let options = &self.options;
        let mut pairs: Vec<(&str, String)> = vec![
            ("region", self.region.code().to_owned()),
            ("cluster", self.cluster.as_str().to_owned()),
        ];
        if let Some(os) = self.os {
            pairs.push(("os", os.key().to_owned()));
        }
        if let Some(id) = &self.activation_id {
            pairs.push(("activation_id", id.as_str().to_owned()));
        }
        if options.docker_install_source != DockerInstallSource::default() {
            pairs.push(("docker", options.docker_install_source.as_arg().to_owned()));
        }
        if options.ecs_version != AgentVersion::Latest {
            pairs.push(("ecs_version", options.ecs_version.as_arg()));
        }
        if options.no_start {
            pairs.push(("no_start", "1".to_owned()));
        }
        if let Some(ip) = options.ip_compatibility {
            pairs.push(("ip", ip.as_arg().to_owned()));
        }
        if options.verify_signature {
            pairs.push(("verify", "1".to_owned()));
        }
        let attributes = options.metadata.attributes();
        if !attributes.is_empty() {
            let list: Vec<[&str; 2]> = attributes
                .iter()
                .map(|a| [a.name.as_str(), a.value.as_str()])
                .collect();
            pairs.push(("attrs", serde_json::json!(list).to_string()));
        }
        let tags = options.metadata.tags();
        if !tags.is_empty() {
            let list: Vec<[&str; 2]> = tags
                .iter()
                .map(|t| [t.key.as_str(), t.value.as_str()])
                .collect();
            pairs.push(("tags", serde_json::json!(list).to_string()));
        }
        encode_pairs(&pairs)
    }

    /// The fragment, without the leading `#`, when the link carries the activation code.
    pub fn fragment(&self) -> Option<String> {
        self.activation_code
            .as_ref()
            .map(|code| encode_pairs(&[(KEY_CODE, code.as_str().to_owned())]))
    }

    /// `base?query[#fragment]`; `base` is the install page's address without query or fragment.
    pub fn to_url(&self, base: &str) -> String {
        let mut url = format!("{base}?{}", self.query());
        if let Some(fragment) = self.fragment() {
            url.push('#');
            url.push_str(&fragment);
        }
        url
    }

    /// `base#route?parameters` for a console routed by the fragment: the whole state, code
    /// included, stays out of what the server sees. `route` is like `/onboarding`.
    pub fn to_hash_route_url(&self, base: &str, route: &str) -> String {
        let mut url = format!("{base}#{route}?{}", self.query());
        if let Some(fragment) = self.fragment() {
            url.push('&');
            url.push_str(&fragment);
        }
        url
    }

    /// Reads a link back from its query string and fragment (each with or without its leading
    /// `?` / `#`). Keys it does not know are ignored; a code in the query is refused.
    pub fn parse(query: &str, fragment: &str) -> Result<Self, LinkError> {
        let query = decode_pairs(query.strip_prefix('?').unwrap_or(query))?;
        let fragment = decode_pairs(fragment.strip_prefix('#').unwrap_or(fragment))?;
        if query.iter().any(|(key, _)| key == KEY_CODE) {
            return Err(LinkError::CodeInQuery);
        }
        Self::from_pairs(&query, &fragment)
    }

    /// Reads the parameters of a hash route (the text after `?` inside the fragment), where the
    /// code may sit with the other parameters because all of it is in the fragment.
    pub fn parse_hash_route_parameters(parameters: &str) -> Result<Self, LinkError> {
        let pairs = decode_pairs(parameters.strip_prefix('?').unwrap_or(parameters))?;
        Self::from_pairs(&pairs, &pairs)
    }

    fn from_pairs(
        query: &[(String, String)],
        fragment: &[(String, String)],
    ) -> Result<Self, LinkError> {
        if let Some((_, what)) = REDIRECTING_KEYS
            .iter()
            .find(|(key, _)| query.iter().chain(fragment).any(|(k, _)| k == key))
        {
            return Err(LinkError::Redirects(what));
        }
        let get = |key: &str| one(query, key);
        let invalid = |key: &'static str| move |error| LinkError::Invalid { key, error };

        let region = InstallRegion::parse(get("region")?.ok_or(LinkError::Missing("region"))?)
            .map_err(invalid("region"))?;
        let cluster = ClusterName::parse(get("cluster")?.ok_or(LinkError::Missing("cluster"))?)
            .map_err(invalid("cluster"))?;
        let os = get("os")?
            .map(OsId::parse)
            .transpose()
            .map_err(|e| LinkError::Os("operating system", e))?;
        let activation_id = get("activation_id")?
            .map(ActivationId::parse)
            .transpose()
            .map_err(invalid("activation ID"))?;
        let activation_code = one(fragment, KEY_CODE)?
            .map(ActivationCode::parse)
            .transpose()
            .map_err(invalid("activation code"))?;

        let options = LinkOptions {
            docker_install_source: get("docker")?
                .map(DockerInstallSource::parse)
                .transpose()
                .map_err(invalid("Docker install source"))?
                .unwrap_or_default(),
            ecs_version: get("ecs_version")?
                .map(AgentVersion::parse)
                .transpose()
                .map_err(invalid("ECS agent version"))?
                .unwrap_or_default(),
            no_start: get("no_start")? == Some("1"),
            ip_compatibility: get("ip")?
                .map(IpCompatibility::parse)
                .transpose()
                .map_err(invalid("IP compatibility"))?,
            verify_signature: get("verify")? == Some("1"),
            metadata: parse_metadata(get("attrs")?, get("tags")?)?,
        };
        Ok(Self {
            region,
            cluster,
            os,
            options,
            activation_id,
            activation_code,
        })
    }
}

fn parse_metadata(
    attrs: Option<&str>,
    tags: Option<&str>,
) -> Result<RegistrationMetadata, LinkError> {
    let attributes = pair_list("attributes", attrs)?
        .into_iter()
        .map(|[name, value]| Attribute::parse(&name, &value))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| LinkError::Invalid {
            key: "attributes",
            error,
        })?;
    let tags = pair_list("tags", tags)?
        .into_iter()
        .map(|[key, value]| Tag::parse(&key, &value))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| LinkError::Invalid { key: "tags", error })?;
    RegistrationMetadata::new(attributes, tags).map_err(|error| LinkError::Invalid {
        key: "attributes and tags",
        error,
    })
}

fn pair_list(what: &str, json: Option<&str>) -> Result<Vec<[String; 2]>, LinkError> {
    match json {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(json).map_err(|_| LinkError::Malformed(what.to_owned())),
    }
}

fn one<'a>(pairs: &'a [(String, String)], key: &str) -> Result<Option<&'a str>, LinkError> {
    let mut values = pairs.iter().filter(|(k, _)| k == key);
    let first = values.next().map(|(_, v)| v.as_str());
    if values.next().is_some() {
        return Err(LinkError::Repeated(key.to_owned()));
    }
    Ok(first)
}

fn encode_pairs(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| format!("{}={}", percent::encode(key), percent::encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn decode_pairs(text: &str) -> Result<Vec<(String, String)>, LinkError> {
    text.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let key = percent::decode(key).ok_or_else(|| LinkError::Malformed(key.to_owned()))?;
            let value = percent::decode(value).ok_or_else(|| LinkError::Malformed(key.clone()))?;
            Ok((key, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> SelfServiceLink {
        SelfServiceLink::new(
            InstallRegion::parse("eu-west-1").unwrap(),
            ClusterName::parse("edge").unwrap(),
        )
    }

    #[test]
    fn the_code_goes_only_in_the_fragment() {
        let mut with_code = link();
        with_code.activation_id =
            Some(ActivationId::parse("0a1b2c3d-4e5f-6789-abcd-ef0123456789").unwrap());
        with_code.activation_code = Some(ActivationCode::parse("SeCrEtCoDe+/=0123456789").unwrap());
        let url = with_code.to_url("https://console.example/install");
        let (before_fragment, fragment) = url.split_once('#').unwrap();
        assert!(!before_fragment.contains("SeCrEt"));
        assert_eq!(fragment, "code=SeCrEtCoDe%2B%2F%3D0123456789");
        assert_eq!(
            SelfServiceLink::parse(&with_code.query(), fragment),
            Ok(with_code)
        );
    }

    #[test]
    fn a_code_in_the_query_is_refused() {
        let query = format!("{}&code=SeCrEtCoDe0123456789abc", link().query());
        assert_eq!(
            SelfServiceLink::parse(&query, ""),
            Err(LinkError::CodeInQuery)
        );
    }

    #[test]
    fn china_regions_and_bad_values_are_refused_on_reading() {
        assert!(matches!(
            SelfServiceLink::parse("region=cn-north-1&cluster=a", ""),
            Err(LinkError::Invalid { key: "region", .. })
        ));
        assert_eq!(
            SelfServiceLink::parse("region=us-east-1", ""),
            Err(LinkError::Missing("cluster"))
        );
        assert_eq!(
            SelfServiceLink::parse("region=us-east-1&cluster=a&cluster=b", ""),
            Err(LinkError::Repeated("cluster".into()))
        );
        assert!(matches!(
            SelfServiceLink::parse("region=us-east-1&cluster=a%2", ""),
            Err(LinkError::Malformed(_))
        ));
        assert!(matches!(
            SelfServiceLink::parse("region=us-east-1&cluster=a&attrs=%5B1%5D", ""),
            Err(LinkError::Malformed(_))
        ));
    }

    #[test]
    fn form_encoded_spaces_and_unknown_keys_are_accepted() {
        let parsed = SelfServiceLink::parse(
            "?region=us-east-1&cluster=a&page=2&tags=%5B%5B%22k%22,%22a+b%22%5D%5D",
            "#",
        )
        .unwrap();
        assert_eq!(parsed.options.metadata.tags()[0].value.as_str(), "a b");
    }

    #[test]
    fn a_link_that_would_redirect_the_host_or_the_console_is_refused_whole() {
        for (extra, what) in [
            (
                "ecs_endpoint=https%3A%2F%2Fecs.attacker.example",
                "the ECS endpoint the host connects to",
            ),
            (
                "endpoint=https%3A%2F%2Fproxy.attacker.example",
                "the endpoint this console sends requests to",
            ),
        ] {
            let query = format!("{}&{extra}", link().query());
            assert_eq!(
                SelfServiceLink::parse(&query, ""),
                Err(LinkError::Redirects(what))
            );
            assert_eq!(
                SelfServiceLink::parse_hash_route_parameters(&query),
                Err(LinkError::Redirects(what))
            );
        }
        assert!(!link().query().contains("endpoint"));
    }
}

//! The install script's own options, validated: the agent version, where Docker comes from, the IP
//! family, an ECS endpoint override, file paths on the host, and the regions hosts can register in.

use std::fmt;

use crate::fields::{ValidationError, validated_string};
use crate::region::Region;

validated_string!(
    /// An `https://` URL overriding the ECS endpoint the agent talks to.
    EcsEndpoint
);
validated_string!(
    /// An absolute file path on the host.
    HostPath
);

impl EcsEndpoint {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let rest = value
            .strip_prefix("https://")
            .ok_or(ValidationError::EcsEndpointFormat)?;
        let clean =
            !rest.is_empty() && value.len() <= 2048 && rest.chars().all(|c| c.is_ascii_graphic());
        if !clean {
            return Err(ValidationError::EcsEndpointFormat);
        }
        Ok(Self(value.to_owned()))
    }
}

impl HostPath {
    /// A path written in this crate's source, known to be well formed.
    pub(super) fn known(path: &'static str) -> Self {
        Self(path.to_owned())
    }

    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let well_formed = value.starts_with('/')
            && value.len() > 1
            && !value.ends_with('/')
            && !value.chars().any(char::is_control);
        if !well_formed {
            return Err(ValidationError::HostPathFormat);
        }
        Ok(Self(value.to_owned()))
    }

    /// The directory holding the file (`/` for a file at the root).
    pub fn parent(&self) -> &str {
        match self.0.rfind('/') {
            Some(0) | None => "/",
            Some(slash) => &self.0[..slash],
        }
    }
}

/// Which ECS agent (`ecs-init` package) version the script installs.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum AgentVersion {
    #[default]
    Latest,
    Exact {
        major: u32,
        minor: u32,
        patch: u32,
    },
}

impl AgentVersion {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        if value == "latest" {
            return Ok(AgentVersion::Latest);
        }
        let numbers: Vec<&str> = value.split('.').collect();
        let parsed: Option<Vec<u32>> = numbers
            .iter()
            .map(|n| {
                let digits_only = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
                digits_only.then(|| n.parse().ok()).flatten()
            })
            .collect();
        match parsed.as_deref() {
            Some(&[major, minor, patch]) => Ok(AgentVersion::Exact {
                major,
                minor,
                patch,
            }),
            _ => Err(ValidationError::AgentVersionFormat),
        }
    }

    /// The value the install script's `--ecs-version` takes.
    pub fn as_arg(&self) -> String {
        match self {
            AgentVersion::Latest => "latest".to_owned(),
            AgentVersion::Exact {
                major,
                minor,
                patch,
            } => format!("{major}.{minor}.{patch}"),
        }
    }
}

/// Where the install script gets Docker from (`--docker-install-source`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DockerInstallSource {
    /// Docker's repositories, then the distribution's.
    #[default]
    All,
    /// Docker's own repositories.
    Docker,
    /// The distribution's repositories.
    Distro,
    /// Docker is already installed; install nothing.
    None,
}

impl DockerInstallSource {
    pub const ALL: [DockerInstallSource; 4] = [
        DockerInstallSource::All,
        DockerInstallSource::Docker,
        DockerInstallSource::Distro,
        DockerInstallSource::None,
    ];

    pub fn as_arg(self) -> &'static str {
        match self {
            DockerInstallSource::All => "all",
            DockerInstallSource::Docker => "docker",
            DockerInstallSource::Distro => "distro",
            DockerInstallSource::None => "none",
        }
    }

    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|source| source.as_arg() == value)
            .ok_or_else(|| ValidationError::DockerInstallSource(value.to_owned()))
    }
}

/// The IP family the agents use to reach AWS (`--ip-compatibility`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpCompatibility {
    Ipv4,
    Ipv6,
}

impl IpCompatibility {
    pub fn as_arg(self) -> &'static str {
        match self {
            IpCompatibility::Ipv4 => "ipv4",
            IpCompatibility::Ipv6 => "ipv6",
        }
    }

    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        match value {
            "ipv4" => Ok(IpCompatibility::Ipv4),
            "ipv6" => Ok(IpCompatibility::Ipv6),
            other => Err(ValidationError::IpCompatibility(other.to_owned())),
        }
    }
}

/// Regions where external instances cannot be registered, each with the reason shown to the user.
pub const UNSUPPORTED_REGIONS: &[(&str, &str)] = &[
    ("cn-north-1", CHINA_REASON),
    ("cn-northwest-1", CHINA_REASON),
];

/// The seed's words, so the rule and its reason change together.
const CHINA_REASON: &str = "Registering external instances with ECS Anywhere is not supported in the China (Beijing) and China (Ningxia) Regions.";

/// A region where external instances can be registered.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InstallRegion(Region);

impl InstallRegion {
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        Self::new(Region::new(code)?)
    }

    pub fn new(region: Region) -> Result<Self, ValidationError> {
        if let Some(&(code, reason)) = UNSUPPORTED_REGIONS
            .iter()
            .find(|(code, _)| *code == region.code())
        {
            return Err(ValidationError::UnsupportedRegion {
                code: code.to_owned(),
                reason,
            });
        }
        Ok(Self(region))
    }

    pub fn region(&self) -> &Region {
        &self.0
    }

    pub fn code(&self) -> &str {
        self.0.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_versions_are_latest_or_three_numbers() {
        assert_eq!(AgentVersion::parse("latest"), Ok(AgentVersion::Latest));
        assert_eq!(AgentVersion::parse("1.85.0").unwrap().as_arg(), "1.85.0");
        for bad in ["", "1.2", "1.2.3.4", "v1.2.3", "1.2.x", "1..3", "+1.2.3"] {
            assert!(AgentVersion::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn china_regions_are_refused_with_the_seed_reason() {
        for code in ["cn-north-1", "cn-northwest-1"] {
            let error = InstallRegion::parse(code).unwrap_err();
            assert_eq!(
                error.to_string(),
                "Registering external instances with ECS Anywhere is not supported in the China (Beijing) and China (Ningxia) Regions."
            );
        }
        assert!(InstallRegion::parse("us-gov-west-1").is_ok());
        assert!(matches!(
            InstallRegion::parse("nowhere"),
            Err(ValidationError::Region(_))
        ));
    }

    #[test]
    fn host_paths_are_absolute_files() {
        let path = HostPath::parse("/etc/ecs/ecs.config").unwrap();
        assert_eq!(path.parent(), "/etc/ecs");
        assert_eq!(HostPath::parse("/x").unwrap().parent(), "/");
        for bad in ["", "/", "relative", "/dir/", "/a\nb"] {
            assert!(HostPath::parse(bad).is_err(), "{bad:?}");
        }
    }
}

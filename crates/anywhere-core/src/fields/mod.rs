//! The fields people type for AWS: cluster names, container-instance attributes and tags,
//! activation ids and codes, role names. Each is a type that holds only a value AWS accepts, so
//! the code that sends, generates or shows it takes it well typed, and a mistake becomes one
//! clear sentence before anything reaches AWS or a shell. The install script's own options are in
//! `install::options`.

use std::fmt;

use crate::region::InvalidRegion;

mod metadata;
mod names;

pub use metadata::{
    Attribute, AttributeName, AttributeValue, MAX_ATTRIBUTES, MAX_TAGS, RegistrationMetadata, Tag,
    TagKey, TagValue, is_agent_attribute,
};
pub use names::{ActivationCode, ActivationId, ClusterName, InstanceRoleName};

/// Which input a validation error is about, named the way the user sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    ClusterName,
    AttributeName,
    AttributeValue,
    TagKey,
    TagValue,
    ActivationId,
    ActivationCode,
    InstanceRoleName,
    AgentVersion,
    EcsEndpoint,
    HostPath,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::ClusterName => "cluster name",
            Field::AttributeName => "attribute name",
            Field::AttributeValue => "attribute value",
            Field::TagKey => "tag key",
            Field::TagValue => "tag value",
            Field::ActivationId => "activation ID",
            Field::ActivationCode => "activation code",
            Field::InstanceRoleName => "instance role name",
            Field::AgentVersion => "ECS agent version",
            Field::EcsEndpoint => "ECS endpoint",
            Field::HostPath => "host path",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("The {field} must be {min} to {max} characters long; this one has {actual}.")]
    Length {
        field: Field,
        min: usize,
        max: usize,
        actual: usize,
    },
    #[error("The {field} cannot contain {found:?}; it may contain only {allowed}.")]
    Character {
        field: Field,
        found: char,
        allowed: &'static str,
    },
    #[error("The {field} cannot start or end with a space.")]
    EdgeSpace { field: Field },
    #[error("The {field} cannot start with \"aws:\" in any letter case; AWS reserves that prefix.")]
    ReservedPrefix { field: Field },
    #[error(
        "The {field} cannot start with \"--\": the install script would take it for an option and stop."
    )]
    LooksLikeOption { field: Field },
    #[error(
        "The activation ID must be a UUID (8-4-4-4-12 hexadecimal digits, like 0a1b2c3d-4e5f-6789-abcd-ef0123456789), as SSM returns it."
    )]
    ActivationIdFormat,
    #[error(
        "The instance role is a role name, optionally after its path without a leading slash (service-role/ecsAnywhereRole); it cannot start or end with / or hold an empty part."
    )]
    RolePath,
    #[error("The ECS agent version must be \"latest\" or a version number like 1.85.0.")]
    AgentVersionFormat,
    #[error("The ECS endpoint must be an https:// URL without spaces.")]
    EcsEndpointFormat,
    #[error(
        "The host path must be an absolute file path (starting with /) without control characters."
    )]
    HostPathFormat,
    #[error("\"{0}\" is not a Docker install source; choose all, docker, distro or none.")]
    DockerInstallSource(String),
    #[error("\"{0}\" is not an IP compatibility mode; choose ipv4 or ipv6.")]
    IpCompatibility(String),
    #[error("{reason}")]
    UnsupportedRegion { code: String, reason: &'static str },
    #[error(transparent)]
    Region(#[from] InvalidRegion),
    #[error("The attribute {0:?} is given twice; each attribute name may appear once.")]
    DuplicateAttribute(String),
    #[error("The tag key {0:?} is given twice; each tag key may appear once.")]
    DuplicateTag(String),
    #[error("At most {max} {what} can be set on a container instance; {actual} were given.")]
    TooMany {
        what: &'static str,
        max: usize,
        actual: usize,
    },
}

pub(crate) fn check_length(
    field: Field,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), ValidationError> {
    let actual = value.chars().count();
    if actual < min || actual > max {
        return Err(ValidationError::Length {
            field,
            min,
            max,
            actual,
        });
    }
    Ok(())
}

pub(crate) fn check_chars(
    field: Field,
    value: &str,
    allowed: &'static str,
    is_allowed: impl Fn(char) -> bool,
) -> Result<(), ValidationError> {
    match value.chars().find(|&c| !is_allowed(c)) {
        Some(found) => Err(ValidationError::Character {
            field,
            found,
            allowed,
        }),
        None => Ok(()),
    }
}

pub(crate) fn check_no_edge_space(field: Field, value: &str) -> Result<(), ValidationError> {
    if value.starts_with(' ') || value.ends_with(' ') {
        return Err(ValidationError::EdgeSpace { field });
    }
    Ok(())
}

/// The install script refuses any option value that starts with `--` (it assumes an empty variable
/// swallowed the value), so such a value would make the pasted command fail on the host.
pub(crate) fn check_not_option_like(field: Field, value: &str) -> Result<(), ValidationError> {
    if value.starts_with("--") {
        return Err(ValidationError::LooksLikeOption { field });
    }
    Ok(())
}

macro_rules! validated_string {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub(crate) use validated_string;

//! Validated inputs of the install commands.
//!
//! Every value that reaches a generated command goes through one of these types first, so the
//! generators can take well-typed inputs and the user sees one clear sentence per mistake, before
//! anything is sent to AWS or pasted into a shell.

use std::fmt;

use crate::region::{InvalidRegion, Region};

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

fn check_length(field: Field, value: &str, min: usize, max: usize) -> Result<(), ValidationError> {
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

fn check_chars(
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

fn check_no_edge_space(field: Field, value: &str) -> Result<(), ValidationError> {
    if value.starts_with(' ') || value.ends_with(' ') {
        return Err(ValidationError::EdgeSpace { field });
    }
    Ok(())
}

/// The install script refuses any option value that starts with `--` (it assumes an empty variable
/// swallowed the value), so such a value would make the pasted command fail on the host.
fn check_not_option_like(field: Field, value: &str) -> Result<(), ValidationError> {
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

validated_string!(
    /// An ECS cluster name: 1-255 letters, digits, hyphens and underscores.
    ClusterName
);
validated_string!(
    /// A custom attribute name, per the ECS `Attribute` API reference.
    AttributeName
);
validated_string!(
    /// A custom attribute value, per the ECS `Attribute` API reference.
    AttributeValue
);
validated_string!(
    /// A tag key, per the ECS tagging rules.
    TagKey
);
validated_string!(
    /// A tag value (may be empty), per the ECS tagging rules.
    TagValue
);
validated_string!(
    /// An SSM activation ID (a UUID).
    ActivationId
);
validated_string!(
    /// An SSM activation code. It is a secret: it registers hosts until the activation runs out.
    ActivationCode
);
validated_string!(
    /// The instance role as CreateActivation's `IamRole` takes it: a role name, optionally after the
    /// role's IAM path without its leading slash (`service-role/AmazonEC2RunCommandRoleForManagedInstances`).
    InstanceRoleName
);
validated_string!(
    /// An `https://` URL overriding the ECS endpoint the agent talks to.
    EcsEndpoint
);
validated_string!(
    /// An absolute file path on the host.
    HostPath
);

const CLUSTER_CHARS: &str = "letters, digits, hyphens (-) and underscores (_)";

impl ClusterName {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let field = Field::ClusterName;
        check_length(field, value, 1, 255)?;
        check_chars(field, value, CLUSTER_CHARS, |c| {
            c.is_ascii_alphanumeric() || c == '-' || c == '_'
        })?;
        check_not_option_like(field, value)?;
        Ok(Self(value.to_owned()))
    }
}

impl AttributeName {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let field = Field::AttributeName;
        check_length(field, value, 1, 128)?;
        check_chars(
            field,
            value,
            "letters, digits, hyphens (-), underscores (_), forward slashes (/), back slashes (\\) and periods (.)",
            |c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '\\' | '.'),
        )?;
        Ok(Self(value.to_owned()))
    }
}

impl AttributeValue {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let field = Field::AttributeValue;
        check_length(field, value, 1, 128)?;
        check_chars(
            field,
            value,
            "letters, digits, hyphens (-), underscores (_), periods (.), at signs (@), forward slashes (/), back slashes (\\), colons (:) and spaces",
            |c| {
                c.is_ascii_alphanumeric()
                    || matches!(c, '-' | '_' | '.' | '@' | '/' | '\\' | ':' | ' ')
            },
        )?;
        check_no_edge_space(field, value)?;
        Ok(Self(value.to_owned()))
    }
}

const TAG_CHARS: &str = "letters, digits, spaces and _ . : / = + - @";

/// The AWS tag pattern `[\p{L}\p{Z}\p{N}_.:/=+\-@]`: Unicode letters, separators and numbers.
/// Control characters are excluded from `\p{Z}` even though Rust calls some of them whitespace.
fn is_tag_char(c: char) -> bool {
    c.is_alphabetic()
        || c.is_numeric()
        || (c.is_whitespace() && !c.is_control())
        || matches!(c, '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@')
}

fn has_reserved_prefix(value: &str) -> bool {
    value
        .get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
}

impl TagKey {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let field = Field::TagKey;
        check_length(field, value, 1, 128)?;
        check_chars(field, value, TAG_CHARS, is_tag_char)?;
        if has_reserved_prefix(value) {
            return Err(ValidationError::ReservedPrefix { field });
        }
        Ok(Self(value.to_owned()))
    }
}

impl TagValue {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let field = Field::TagValue;
        check_length(field, value, 0, 256)?;
        check_chars(field, value, TAG_CHARS, is_tag_char)?;
        Ok(Self(value.to_owned()))
    }
}

impl ActivationId {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let groups: Vec<&str> = value.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        let is_uuid = lengths == [8, 4, 4, 4, 12]
            && groups
                .iter()
                .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
        if !is_uuid {
            return Err(ValidationError::ActivationIdFormat);
        }
        Ok(Self(value.to_owned()))
    }
}

impl ActivationCode {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let field = Field::ActivationCode;
        check_length(field, value, 20, 250)?;
        check_chars(
            field,
            value,
            "printable ASCII characters without spaces",
            |c| c.is_ascii_graphic(),
        )?;
        check_not_option_like(field, value)?;
        Ok(Self(value.to_owned()))
    }
}

const ROLE_NAME_CHARS: &str =
    "letters, digits and + = , . @ _ - (and / between a path and the name)";

impl InstanceRoleName {
    /// SSM's limit on `IamRole` is 64 characters, path included; the name alone follows IAM's rules
    /// (letters, digits and `+=,.@_-`), each path part IAM's (printable ASCII).
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let field = Field::InstanceRoleName;
        check_length(field, value, 1, 64)?;
        let (path, name) = value.rsplit_once('/').unwrap_or(("", value));
        check_chars(field, name, ROLE_NAME_CHARS, |c| {
            c.is_ascii_alphanumeric() || matches!(c, '+' | '=' | ',' | '.' | '@' | '_' | '-')
        })?;
        check_chars(field, path, ROLE_NAME_CHARS, |c| c.is_ascii_graphic())?;
        let empty_part =
            name.is_empty() || (value.contains('/') && path.split('/').any(str::is_empty));
        if empty_part {
            return Err(ValidationError::RolePath);
        }
        Ok(Self(value.to_owned()))
    }

    /// The role's name, without its path.
    pub fn name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// The role's IAM path: `/service-role/`, or `/` when it has none.
    pub fn path(&self) -> String {
        match self.0.rsplit_once('/') {
            Some((path, _)) => format!("/{path}/"),
            None => "/".to_owned(),
        }
    }
}

impl Default for InstanceRoleName {
    /// The name the AWS guide uses.
    fn default() -> Self {
        Self("ecsAnywhereRole".to_owned())
    }
}

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

/// A custom container-instance attribute, for placement constraints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    pub name: AttributeName,
    pub value: AttributeValue,
}

impl Attribute {
    pub fn parse(name: &str, value: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            name: AttributeName::parse(name)?,
            value: AttributeValue::parse(value)?,
        })
    }
}

/// A container-instance tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub key: TagKey,
    pub value: TagValue,
}

impl Tag {
    pub fn parse(key: &str, value: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            key: TagKey::parse(key)?,
            value: TagValue::parse(value)?,
        })
    }
}

/// ECS accepts at most 10 custom attributes per resource (`AttributeLimitExceededException`).
pub const MAX_ATTRIBUTES: usize = 10;
/// ECS accepts at most 50 tags per resource.
pub const MAX_TAGS: usize = 50;

/// Attributes and tags the agent registers the instance with; built only from unique, bounded lists.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RegistrationMetadata {
    attributes: Vec<Attribute>,
    tags: Vec<Tag>,
}

impl RegistrationMetadata {
    pub fn new(attributes: Vec<Attribute>, tags: Vec<Tag>) -> Result<Self, ValidationError> {
        if attributes.len() > MAX_ATTRIBUTES {
            return Err(ValidationError::TooMany {
                what: "custom attributes",
                max: MAX_ATTRIBUTES,
                actual: attributes.len(),
            });
        }
        if tags.len() > MAX_TAGS {
            return Err(ValidationError::TooMany {
                what: "tags",
                max: MAX_TAGS,
                actual: tags.len(),
            });
        }
        for (i, attribute) in attributes.iter().enumerate() {
            if attributes[..i].iter().any(|a| a.name == attribute.name) {
                return Err(ValidationError::DuplicateAttribute(
                    attribute.name.as_str().to_owned(),
                ));
            }
        }
        for (i, tag) in tags.iter().enumerate() {
            if tags[..i].iter().any(|t| t.key == tag.key) {
                return Err(ValidationError::DuplicateTag(tag.key.as_str().to_owned()));
            }
        }
        Ok(Self { attributes, tags })
    }

    pub fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }

    pub fn is_empty(&self) -> bool {
        self.attributes.is_empty() && self.tags.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_names_follow_the_ecs_rule() {
        for good in ["a", "prod_cluster-1", &"x".repeat(255)] {
            assert!(ClusterName::parse(good).is_ok(), "{good}");
        }
        let too_long = "x".repeat(256);
        for bad in [
            "",
            "has space",
            "dot.ted",
            "quote'",
            "--cluster",
            too_long.as_str(),
        ] {
            assert!(ClusterName::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            ClusterName::parse("a$b").unwrap_err().to_string(),
            "The cluster name cannot contain '$'; it may contain only letters, digits, hyphens (-) and underscores (_)."
        );
    }

    #[test]
    fn attribute_values_refuse_edge_spaces_but_allow_inner_ones() {
        assert!(AttributeValue::parse("rack 12/row:3@dc\\a").is_ok());
        assert_eq!(
            AttributeValue::parse(" x").unwrap_err(),
            ValidationError::EdgeSpace {
                field: Field::AttributeValue
            }
        );
        assert!(AttributeName::parse("com.example/zone").is_ok());
        assert!(AttributeName::parse("zone:a").is_err());
    }

    #[test]
    fn tags_allow_unicode_letters_and_refuse_the_aws_prefix() {
        assert!(Tag::parse("équipe", "données = 1 + 2 @ x:y/z").is_ok());
        assert!(TagValue::parse("").is_ok());
        assert!(TagKey::parse("").is_err());
        assert_eq!(
            TagKey::parse("AwS:name").unwrap_err(),
            ValidationError::ReservedPrefix {
                field: Field::TagKey
            }
        );
        assert!(TagValue::parse("line\nbreak").is_err());
        assert!(TagValue::parse(&"é".repeat(256)).is_ok());
        assert!(TagValue::parse(&"é".repeat(257)).is_err());
    }

    #[test]
    fn activation_ids_must_be_uuids() {
        assert!(ActivationId::parse("0a1b2c3d-4e5f-6789-ABCD-ef0123456789").is_ok());
        for bad in [
            "",
            "0a1b2c3d4e5f6789abcdef0123456789",
            "0a1b2c3d-4e5f-6789-abcd-ef012345678g",
            "0a1b2c3d-4e5f-6789-abcd-ef01234567890",
            "--1b2c3d-4e5f-6789-abcd-ef0123456789",
        ] {
            assert_eq!(
                ActivationId::parse(bad),
                Err(ValidationError::ActivationIdFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn activation_codes_are_20_to_250_visible_characters() {
        assert!(ActivationCode::parse("AbCdEfGhIjKlMnOpQrSt").is_ok());
        assert!(ActivationCode::parse(&"a".repeat(250)).is_ok());
        let short = ActivationCode::parse("short").unwrap_err();
        assert_eq!(
            short.to_string(),
            "The activation code must be 20 to 250 characters long; this one has 5."
        );
        assert!(ActivationCode::parse(&"a".repeat(251)).is_err());
        assert!(ActivationCode::parse("AbCdEfGhIj KlMnOpQrSt").is_err());
        assert!(ActivationCode::parse("--CdEfGhIjKlMnOpQrSt").is_err());
    }

    #[test]
    fn role_names_follow_iam_and_may_carry_a_path() {
        let plain = InstanceRoleName::parse("ecs+Anywhere=Role,v1.@_-").unwrap();
        assert_eq!(
            (plain.name(), plain.path().as_str()),
            ("ecs+Anywhere=Role,v1.@_-", "/")
        );
        let console_default =
            InstanceRoleName::parse("service-role/AmazonEC2RunCommandRoleForManagedInstances")
                .unwrap();
        assert_eq!(
            console_default.name(),
            "AmazonEC2RunCommandRoleForManagedInstances"
        );
        assert_eq!(console_default.path(), "/service-role/");
        let deep = InstanceRoleName::parse("teams/edge/ecsAnywhereRole").unwrap();
        assert_eq!(deep.path(), "/teams/edge/");
        for bad in [
            "/service-role/x",
            "service-role/",
            "a//b",
            "/",
            "role name",
            "path/ro le",
        ] {
            assert!(InstanceRoleName::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            InstanceRoleName::parse("/service-role/x"),
            Err(ValidationError::RolePath)
        );
        assert!(InstanceRoleName::parse(&"r".repeat(65)).is_err());
        assert!(
            InstanceRoleName::parse(&format!("{}/{}", "p".repeat(40), "r".repeat(24))).is_err()
        );
    }

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
    fn metadata_refuses_duplicates_and_excess() {
        let attr = |n: &str| Attribute::parse(n, "v").unwrap();
        assert_eq!(
            RegistrationMetadata::new(vec![attr("a"), attr("a")], vec![]),
            Err(ValidationError::DuplicateAttribute("a".into()))
        );
        let many: Vec<Attribute> = (0..11).map(|i| attr(&format!("a{i}"))).collect();
        assert!(RegistrationMetadata::new(many, vec![]).is_err());
        let tag = Tag::parse("k", "v").unwrap();
        assert_eq!(
            RegistrationMetadata::new(vec![], vec![tag.clone(), tag]),
            Err(ValidationError::DuplicateTag("k".into()))
        );
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

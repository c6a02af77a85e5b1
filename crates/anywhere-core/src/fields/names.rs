//! Names of the resources the console creates or points at: clusters, activations, roles.

use std::fmt;

use super::{
    Field, ValidationError, check_chars, check_length, check_not_option_like, validated_string,
};

validated_string!(
    /// An ECS cluster name: 1-255 letters, digits, hyphens and underscores.
    ClusterName
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
}

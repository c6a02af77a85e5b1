//! Container-instance metadata: custom attributes (what placement constraints match) and tags,
//! with ECS's limits on them, and the attributes the agent sets itself.

use std::fmt;

use super::{
    Field, ValidationError, check_chars, check_length, check_no_edge_space, validated_string,
};

/// Whether an attribute is one the ECS agent sets on every container instance (read-only, not
/// custom): the built-in `ecs.*` attributes and the agent's capabilities,
/// `com.amazonaws.ecs.capability.*`. Both prefixes are the ECS Developer Guide's ("Built-in
/// attributes", and the task definition's `requiresAttributes`); a custom name may still start
/// with `com.amazonaws.` otherwise.
pub fn is_agent_attribute(name: &str) -> bool {
    name.starts_with("ecs.") || name.starts_with("com.amazonaws.ecs.")
}

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
}

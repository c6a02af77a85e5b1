//! The options of an SSM hybrid activation, checked against SSM's limits before anything is sent,
//! and whether an existing activation can still register hosts.

use crate::aws::ssm::{self, Activation, CreateActivationInput};
use crate::aws::timestamp::Timestamp;

use crate::fields::{ClusterName, InstanceRoleName, Tag, TagValue, ValidationError};

/// The tag the console puts on every activation it creates: the cluster it is for. IAM can require
/// it (`aws:RequestTag/ecs-anywhere:cluster`), and lists can be limited to a cluster's activations
/// with it (SSM cannot filter activations by tag, so the console filters what it reads).
pub const CLUSTER_TAG_KEY: &str = "ecs-anywhere:cluster";

const MINUTE_MILLIS: f64 = 60_000.0;
const HOUR_MILLIS: f64 = 60.0 * MINUTE_MILLIS;
const DAY_MILLIS: f64 = 24.0 * HOUR_MILLIS;

/// SSM refuses an expiry further ahead than this.
pub const MAX_EXPIRY_MILLIS: f64 = 30.0 * DAY_MILLIS;
/// SSM's own default when no expiry is given.
pub const DEFAULT_EXPIRY_MILLIS: f64 = DAY_MILLIS;
pub const MAX_REGISTRATION_LIMIT: u16 = 1000;
/// SSM's limit on both the description and the default instance name.
pub const MAX_TEXT_CHARS: usize = 256;
/// SSM accepts at most this many tags on an activation.
pub const MAX_ACTIVATION_TAGS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivationOptionError {
    #[error("The registration limit must be a whole number from 1 to 1000.")]
    RegistrationLimit,
    #[error("The expiry date is not a complete date and time.")]
    ExpiryUnreadable,
    #[error("The expiry must be in the future.")]
    ExpiryInPast,
    #[error("The expiry can be at most 30 days from now: SSM refuses a later one.")]
    ExpiryTooFar,
    #[error("The description must be at most 256 characters; this one has {0}.")]
    DescriptionLength(usize),
    #[error("The default instance name must be at most 256 characters; this one has {0}.")]
    InstanceNameLength(usize),
    #[error(
        "The default instance name cannot contain {0:?}; it may contain letters, digits, spaces and _ . : / = + - @."
    )]
    InstanceNameCharacter(char),
    #[error("Activation tag: {0}")]
    Tag(ValidationError),
    #[error("The activation tag key {0:?} is given twice; each tag key may appear once.")]
    DuplicateTag(String),
    #[error("At most 1000 tags can be set on an activation; {0} were given.")]
    TooManyTags(usize),
    #[error(
        "The tag key {CLUSTER_TAG_KEY} is set by the console to the activation's cluster; remove it."
    )]
    ClusterTagTaken,
}

/// Everything CreateActivation takes, each value within SSM's limits.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivationOptions {
    pub role: InstanceRoleName,
    pub expires_at_millis: f64,
    pub registration_limit: u16,
    pub default_instance_name: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<Tag>,
}

impl ActivationOptions {
    /// The CreateActivation request for hosts joining `cluster`: the options' tags, then the
    /// cluster tag.
    pub fn to_input(&self, cluster: &ClusterName) -> CreateActivationInput {
        let cluster_tag = ssm::Tag {
            key: CLUSTER_TAG_KEY.to_owned(),
            value: cluster.as_str().to_owned(),
        };
        CreateActivationInput {
            description: self.description.clone(),
            default_instance_name: self.default_instance_name.clone(),
            iam_role: self.role.as_str().to_owned(),
            registration_limit: Some(i32::from(self.registration_limit)),
            expiration_date: Some(Timestamp::from_epoch_millis(self.expires_at_millis)),
            tags: self
                .tags
                .iter()
                .map(|tag| ssm::Tag {
                    key: tag.key.as_str().to_owned(),
                    value: tag.value.as_str().to_owned(),
                })
                .chain([cluster_tag])
                .collect(),
        }
    }
}

/// The cluster an activation was created for, from the console's tag.
pub fn activation_cluster(activation: &Activation) -> Option<&str> {
    activation
        .tags
        .iter()
        .find(|tag| tag.key == CLUSTER_TAG_KEY)
        .map(|tag| tag.value.as_str())
}

/// The registration limit as typed: a whole number from 1 to 1000.
pub fn parse_registration_limit(text: &str) -> Result<u16, ActivationOptionError> {
    let text = text.trim();
    let digits_only = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    digits_only
        .then(|| text.parse::<u16>().ok())
        .flatten()
        .filter(|limit| (1..=MAX_REGISTRATION_LIMIT).contains(limit))
        .ok_or(ActivationOptionError::RegistrationLimit)
}

/// The expiry, in epoch milliseconds, if it lies in SSM's window as of `now_millis`.
/// `expires_at_millis` is NaN when the date input could not be read.
pub fn check_expiry(expires_at_millis: f64, now_millis: f64) -> Result<f64, ActivationOptionError> {
    if !expires_at_millis.is_finite() {
        return Err(ActivationOptionError::ExpiryUnreadable);
    }
    if expires_at_millis <= now_millis {
        return Err(ActivationOptionError::ExpiryInPast);
    }
    if expires_at_millis > now_millis + MAX_EXPIRY_MILLIS {
        return Err(ActivationOptionError::ExpiryTooFar);
    }
    Ok(expires_at_millis)
}

/// The description: empty means none.
pub fn parse_description(text: &str) -> Result<Option<String>, ActivationOptionError> {
    let length = text.chars().count();
    if length > MAX_TEXT_CHARS {
        return Err(ActivationOptionError::DescriptionLength(length));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// The default instance name: empty means none. SSM gives it the same length and characters as a
/// tag value.
pub fn parse_default_instance_name(text: &str) -> Result<Option<String>, ActivationOptionError> {
    match TagValue::parse(text) {
        Ok(_) => Ok((!text.is_empty()).then(|| text.to_owned())),
        Err(ValidationError::Character { found, .. }) => {
            Err(ActivationOptionError::InstanceNameCharacter(found))
        }
        Err(_) => Err(ActivationOptionError::InstanceNameLength(
            text.chars().count(),
        )),
    }
}

/// The activation's tags from `(key, value)` rows; rows with an empty key and value are skipped.
pub fn parse_activation_tags(rows: &[(String, String)]) -> Result<Vec<Tag>, ActivationOptionError> {
    let mut tags: Vec<Tag> = Vec::new();
    for (key, value) in rows {
        if key.is_empty() && value.is_empty() {
            continue;
        }
        let tag = Tag::parse(key, value).map_err(ActivationOptionError::Tag)?;
        if tag.key.as_str() == CLUSTER_TAG_KEY {
            return Err(ActivationOptionError::ClusterTagTaken);
        }
        if tags.iter().any(|t| t.key == tag.key) {
            return Err(ActivationOptionError::DuplicateTag(key.clone()));
        }
        tags.push(tag);
    }
    if tags.len() > MAX_ACTIVATION_TAGS {
        return Err(ActivationOptionError::TooManyTags(tags.len()));
    }
    Ok(tags)
}

/// Why an existing activation cannot register another host.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivationUnusable {
    #[error(
        "This activation has expired: no host can register with it any more. Create a new activation."
    )]
    Expired,
    #[error(
        "This activation has used all {limit} of its registrations: no other host can register with it. Create a new activation."
    )]
    UsedUp { limit: i32 },
    #[error(
        "No activation with this ID exists in this region: check the ID and the region in Settings."
    )]
    NotFound,
}

/// Whether `activation` can still register a host at `now_millis`.
pub fn check_usable(activation: &Activation, now_millis: f64) -> Result<(), ActivationUnusable> {
    let past_expiry = activation
        .expiration_date
        .is_some_and(|at| at.epoch_millis() <= now_millis);
    if activation.expired || past_expiry {
        return Err(ActivationUnusable::Expired);
    }
    if activation.registrations_count >= activation.registration_limit {
        return Err(ActivationUnusable::UsedUp {
            limit: activation.registration_limit,
        });
    }
    Ok(())
}

/// How long until `expires_at_millis`, in words: "2 days 3 h", "5 h 12 min", "expired".
pub fn time_to_expiry(expires_at_millis: f64, now_millis: f64) -> String {
    let left = expires_at_millis - now_millis;
    if !left.is_finite() || left <= 0.0 {
        return "expired".to_owned();
    }
    let days = (left / DAY_MILLIS).floor();
    let hours = ((left % DAY_MILLIS) / HOUR_MILLIS).floor();
    let minutes = ((left % HOUR_MILLIS) / MINUTE_MILLIS).floor();
    match (days as u64, hours as u64, minutes as u64) {
        (0, 0, 0) => "less than a minute".to_owned(),
        (0, 0, m) => format!("{m} min"),
        (0, h, m) => format!("{h} h {m} min"),
        (1, h, _) => format!("1 day {h} h"),
        (d, h, _) => format!("{d} days {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_800_000_000_000.0;

    #[test]
    fn registration_limits_are_1_to_1000() {
        assert_eq!(parse_registration_limit("1"), Ok(1));
        assert_eq!(parse_registration_limit(" 1000 "), Ok(1000));
        for bad in ["0", "1001", "", "-1", "1.5", "+3", "abc", "99999999999"] {
            assert_eq!(
                parse_registration_limit(bad),
                Err(ActivationOptionError::RegistrationLimit),
                "{bad}"
            );
        }
    }

    #[test]
    fn expiry_lies_within_the_next_30_days() {
        assert_eq!(
            check_expiry(NOW + DEFAULT_EXPIRY_MILLIS, NOW),
            Ok(NOW + DAY_MILLIS)
        );
        assert_eq!(
            check_expiry(NOW + MAX_EXPIRY_MILLIS, NOW),
            Ok(NOW + MAX_EXPIRY_MILLIS)
        );
        assert_eq!(
            check_expiry(NOW + MAX_EXPIRY_MILLIS + 1.0, NOW),
            Err(ActivationOptionError::ExpiryTooFar)
        );
        assert_eq!(
            check_expiry(NOW, NOW),
            Err(ActivationOptionError::ExpiryInPast)
        );
        assert_eq!(
            check_expiry(f64::NAN, NOW),
            Err(ActivationOptionError::ExpiryUnreadable)
        );
    }

    #[test]
    fn texts_follow_ssm_limits() {
        assert_eq!(parse_description(""), Ok(None));
        assert_eq!(
            parse_description("Munich rollout; ok!"),
            Ok(Some("Munich rollout; ok!".into()))
        );
        assert_eq!(
            parse_description(&"é".repeat(257)),
            Err(ActivationOptionError::DescriptionLength(257))
        );
        assert_eq!(parse_default_instance_name(""), Ok(None));
        assert_eq!(
            parse_default_instance_name("edge host 1"),
            Ok(Some("edge host 1".into()))
        );
        assert_eq!(
            parse_default_instance_name("edge;host"),
            Err(ActivationOptionError::InstanceNameCharacter(';'))
        );
        assert_eq!(
            parse_default_instance_name(&"a".repeat(257)),
            Err(ActivationOptionError::InstanceNameLength(257))
        );
    }

    #[test]
    fn tags_are_validated_unique_and_blank_rows_skipped() {
        let row = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        let tags =
            parse_activation_tags(&[row("team", "edge"), row("", ""), row("env", "")]).unwrap();
        assert_eq!(tags.len(), 2);
        assert_eq!(
            parse_activation_tags(&[row("team", "a"), row("team", "b")]),
            Err(ActivationOptionError::DuplicateTag("team".into()))
        );
        let error = parse_activation_tags(&[row("aws:x", "1")]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Activation tag: The tag key cannot start with \"aws:\" in any letter case; AWS reserves that prefix."
        );
    }

    #[test]
    fn options_become_the_create_activation_request() {
        let options = ActivationOptions {
            role: InstanceRoleName::default(),
            expires_at_millis: NOW + DAY_MILLIS,
            registration_limit: 5,
            default_instance_name: Some("edge".into()),
            description: None,
            tags: vec![Tag::parse("team", "edge").unwrap()],
        };
        let cluster = ClusterName::parse("retail-stores").unwrap();
        let json = serde_json::to_value(options.to_input(&cluster)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "DefaultInstanceName": "edge",
                "IamRole": "ecsAnywhereRole",
                "RegistrationLimit": 5,
                "ExpirationDate": (NOW + DAY_MILLIS) / 1000.0,
                "Tags": [
                    {"Key": "team", "Value": "edge"},
                    {"Key": "ecs-anywhere:cluster", "Value": "retail-stores"},
                ],
            })
        );
    }

    #[test]
    fn the_cluster_tag_is_the_consoles_to_set_and_to_read_back() {
        let rows = [("ecs-anywhere:cluster".to_owned(), "lab".to_owned())];
        assert_eq!(
            parse_activation_tags(&rows),
            Err(ActivationOptionError::ClusterTagTaken)
        );
        let tagged = Activation {
            tags: vec![ssm::Tag {
                key: CLUSTER_TAG_KEY.into(),
                value: "retail-stores".into(),
            }],
            ..Activation::default()
        };
        assert_eq!(activation_cluster(&tagged), Some("retail-stores"));
        assert_eq!(activation_cluster(&Activation::default()), None);
    }

    fn activation(count: i32, limit: i32, expires_in: f64, expired: bool) -> Activation {
        Activation {
            activation_id: "0a1b2c3d-4e5f-6789-abcd-ef0123456789".into(),
            registration_limit: limit,
            registrations_count: count,
            expiration_date: Some(Timestamp::from_epoch_millis(NOW + expires_in)),
            expired,
            ..Activation::default()
        }
    }

    #[test]
    fn expired_or_used_up_activations_are_unusable() {
        assert_eq!(
            check_usable(&activation(0, 1, HOUR_MILLIS, false), NOW),
            Ok(())
        );
        assert_eq!(
            check_usable(&activation(0, 1, HOUR_MILLIS, true), NOW),
            Err(ActivationUnusable::Expired)
        );
        assert_eq!(
            check_usable(&activation(0, 1, -1.0, false), NOW),
            Err(ActivationUnusable::Expired)
        );
        let used_up = check_usable(&activation(3, 3, HOUR_MILLIS, false), NOW).unwrap_err();
        assert_eq!(used_up, ActivationUnusable::UsedUp { limit: 3 });
        assert!(used_up.to_string().contains("all 3 of its registrations"));
    }

    #[test]
    fn time_to_expiry_reads_in_the_largest_units() {
        assert_eq!(time_to_expiry(NOW - 1.0, NOW), "expired");
        assert_eq!(time_to_expiry(NOW + 30_000.0, NOW), "less than a minute");
        assert_eq!(time_to_expiry(NOW + 12.0 * MINUTE_MILLIS, NOW), "12 min");
        assert_eq!(
            time_to_expiry(NOW + 5.0 * HOUR_MILLIS + 12.0 * MINUTE_MILLIS, NOW),
            "5 h 12 min"
        );
        assert_eq!(
            time_to_expiry(NOW + DAY_MILLIS + HOUR_MILLIS, NOW),
            "1 day 1 h"
        );
        assert_eq!(
            time_to_expiry(NOW + 29.0 * DAY_MILLIS + 23.0 * HOUR_MILLIS, NOW),
            "29 days 23 h"
        );
    }
}

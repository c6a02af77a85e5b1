//! Managed instances: DescribeInstanceInformation, DescribeInstanceProperties,
//! DeregisterManagedInstance.

use serde::{Deserialize, Serialize};

use crate::aws::timestamp::Timestamp;

/// Whether `id` is an SSM managed-instance id (`^mi-[0-9a-f]{17}$`), the id an external host gets
/// when it registers through an SSM activation.
pub fn is_managed_instance_id(id: &str) -> bool {
    id.strip_prefix("mi-").is_some_and(|hex| {
        hex.len() == 17
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceInformationInput {
    /// String filters, e.g. `InstanceIds`, `ActivationIds`, `PingStatus`, `tag:Key`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<InstanceInformationStringFilter>,
    /// 5 to 50.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceInformationStringFilter {
    pub key: String,
    /// For `InstanceIds`, 1 to 100 ids.
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceInformationOutput {
    #[serde(default)]
    pub instance_information_list: Vec<InstanceInformation>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceInformation {
    /// `mi-…` for hybrid (ECS Anywhere) hosts: the key of the fleet join.
    #[serde(default)]
    pub instance_id: String,
    /// `Online`, `ConnectionLost` or `Inactive`.
    #[serde(default)]
    pub ping_status: Option<String>,
    #[serde(default)]
    pub last_ping_date_time: Option<Timestamp>,
    #[serde(default)]
    pub agent_version: Option<String>,
    #[serde(default)]
    pub is_latest_version: Option<bool>,
    /// `Linux`, `Windows` or `MacOS`.
    #[serde(default)]
    pub platform_type: Option<String>,
    #[serde(default)]
    pub platform_name: Option<String>,
    #[serde(default)]
    pub platform_version: Option<String>,
    #[serde(default)]
    pub activation_id: Option<String>,
    #[serde(default)]
    pub iam_role: Option<String>,
    #[serde(default)]
    pub registration_date: Option<Timestamp>,
    /// `ManagedInstance` or `EC2Instance`.
    #[serde(default)]
    pub resource_type: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(rename = "IPAddress", default)]
    pub ip_address: Option<String>,
    #[serde(default)]
    pub computer_name: Option<String>,
}

/// The managed instances of the region, up to 1,000 a page (`DescribeInstanceInformation` answers
/// 50). Its `InstanceIds` filter takes only 40 ids, so it pays for listing a region's instances,
/// not for looking some up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstancePropertiesInput {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instance_property_filter_list: Vec<InstancePropertyFilter>,
    /// 5 to 1,000.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One filter of [`DescribeInstancePropertiesInput`]; its members are camelCase on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstancePropertyFilter {
    /// `InstanceIds`, `ResourceType`, `PingStatus`, `ActivationIds`, …
    pub key: String,
    pub value_set: Vec<String>,
}

/// An instance property has the fields of [`InstanceInformation`] the console reads, under the
/// same names, except `IsLatestVersion`, which it lacks (left `None`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstancePropertiesOutput {
    #[serde(default)]
    pub instance_properties: Vec<InstanceInformation>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeregisterManagedInstanceInput {
    pub instance_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "mi-0123456789abcdef0";

    #[test]
    fn managed_instance_ids_are_recognized() {
        assert!(is_managed_instance_id(A));
        for id in [
            "i-0123456789abcdef0",
            "mi-0123456789ABCDEF0",
            "mi-0123456789abcdef",
            "mi-0123456789abcdef00",
            "mi-0123456789abcdeg0",
            "",
        ] {
            assert!(!is_managed_instance_id(id), "{id}");
        }
    }
}

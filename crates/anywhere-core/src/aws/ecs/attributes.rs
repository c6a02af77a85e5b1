//! Custom attributes on container instances: PutAttributes, DeleteAttributes, ListAttributes.

use serde::{Deserialize, Serialize};

use super::common::Attribute;

/// Input of both PutAttributes and DeleteAttributes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributesInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// Each with `targetId` set to the container instance ARN or id.
    pub attributes: Vec<Attribute>,
}

/// Output of both PutAttributes and DeleteAttributes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributesOutput {
    #[serde(default)]
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListAttributesInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// Always `container-instance`.
    pub target_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
}

impl ListAttributesInput {
    pub fn container_instances(cluster: &str) -> Self {
        ListAttributesInput {
            cluster: Some(cluster.to_owned()),
            target_type: "container-instance".to_owned(),
            ..Default::default()
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListAttributesOutput {
    #[serde(default)]
    pub attributes: Vec<Attribute>,
    #[serde(default)]
    pub next_token: Option<String>,
}

//! Hybrid activations: CreateActivation, DescribeActivations, DeleteActivation.

use serde::{Deserialize, Serialize};

use super::Tag;
use crate::aws::timestamp::Timestamp;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateActivationInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_instance_name: Option<String>,
    /// The instance role name (not an ARN), e.g. `ecsAnywhereRole`.
    pub iam_role: String,
    /// 1 to 1000; AWS defaults to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_limit: Option<i32>,
    /// At most 30 days ahead; AWS defaults to 24 hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateActivationOutput {
    #[serde(default)]
    pub activation_id: String,
    /// Shown once: AWS never returns it again.
    #[serde(default)]
    pub activation_code: String,
}

impl std::fmt::Debug for CreateActivationOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateActivationOutput")
            .field("activation_id", &self.activation_id)
            .field("activation_code", &"** redacted **")
            .finish()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeActivationsInput {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<DescribeActivationsFilter>,
    /// At most 50.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeActivationsFilter {
    /// `ActivationIds`, `DefaultInstanceName` or `IamRole`.
    pub filter_key: String,
    pub filter_values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeActivationsOutput {
    #[serde(default)]
    pub activation_list: Vec<Activation>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Activation {
    #[serde(default)]
    pub activation_id: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub default_instance_name: Option<String>,
    #[serde(default)]
    pub iam_role: Option<String>,
    #[serde(default)]
    pub registration_limit: i32,
    #[serde(default)]
    pub registrations_count: i32,
    #[serde(default)]
    pub expiration_date: Option<Timestamp>,
    #[serde(default)]
    pub expired: bool,
    #[serde(default)]
    pub created_date: Option<Timestamp>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteActivationInput {
    pub activation_id: String,
}

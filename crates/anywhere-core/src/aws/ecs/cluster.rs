//! Clusters: ListClusters, DescribeClusters, CreateCluster.

use serde::{Deserialize, Serialize};

use super::common::{CapacityProviderStrategyItem, Failure, KeyValuePair, Tag};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListClustersInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListClustersOutput {
    #[serde(default)]
    pub cluster_arns: Vec<String>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeClustersInput {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clusters: Vec<String>,
    /// `ATTACHMENTS`, `CONFIGURATIONS`, `SETTINGS`, `STATISTICS`, `TAGS`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeClustersOutput {
    #[serde(default)]
    pub clusters: Vec<Cluster>,
    #[serde(default)]
    pub failures: Vec<Failure>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterSetting {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateClusterInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<ClusterSetting>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateClusterOutput {
    #[serde(default)]
    pub cluster: Option<Cluster>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    #[serde(default)]
    pub cluster_arn: String,
    #[serde(default)]
    pub cluster_name: String,
    /// `ACTIVE`, `PROVISIONING`, `DEPROVISIONING`, `FAILED`, `INACTIVE`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub registered_container_instances_count: i32,
    #[serde(default)]
    pub running_tasks_count: i32,
    #[serde(default)]
    pub pending_tasks_count: i32,
    #[serde(default)]
    pub active_services_count: i32,
    #[serde(default)]
    pub statistics: Vec<KeyValuePair>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub settings: Vec<ClusterSetting>,
    #[serde(default)]
    pub capacity_providers: Vec<String>,
    #[serde(default)]
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
}

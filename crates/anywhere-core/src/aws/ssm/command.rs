//! Run Command: SendCommand, ListCommandInvocations (e.g. upgrading the ECS agent on a host).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::aws::timestamp::Timestamp;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendCommandInput {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instance_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// e.g. `AWS-RunShellScript`, `AWS-UpdateSSMAgent`.
    pub document_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_concurrency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_errors: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_watch_output_config: Option<CloudWatchOutputConfig>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Target {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CloudWatchOutputConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_watch_log_group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_watch_output_enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendCommandOutput {
    #[serde(default)]
    pub command: Option<Command>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Command {
    #[serde(default)]
    pub command_id: String,
    #[serde(default)]
    pub document_name: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub expires_after: Option<Timestamp>,
    #[serde(default)]
    pub parameters: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub instance_ids: Vec<String>,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub requested_date_time: Option<Timestamp>,
    /// `Pending`, `InProgress`, `Success`, `Cancelled`, `Failed`, `TimedOut`, `Cancelling`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub status_details: Option<String>,
    #[serde(default)]
    pub target_count: i32,
    #[serde(default)]
    pub completed_count: i32,
    #[serde(default)]
    pub error_count: i32,
    #[serde(default)]
    pub delivery_timed_out_count: i32,
    #[serde(default)]
    pub timeout_seconds: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCommandInvocationsInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<CommandFilter>,
    /// Include each plugin's output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<bool>,
}

/// A ListCommandInvocations filter (its members are lowercase on the wire).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CommandFilter {
    /// `InvokedAfter`, `InvokedBefore`, `Status`, `ExecutionStage`, `DocumentName`.
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCommandInvocationsOutput {
    #[serde(default)]
    pub command_invocations: Vec<CommandInvocation>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommandInvocation {
    #[serde(default)]
    pub command_id: String,
    #[serde(default)]
    pub instance_id: String,
    #[serde(default)]
    pub instance_name: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub document_name: Option<String>,
    #[serde(default)]
    pub requested_date_time: Option<Timestamp>,
    /// `Pending`, `InProgress`, `Delayed`, `Success`, `Cancelled`, `TimedOut`, `Failed`, `Cancelling`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub status_details: Option<String>,
    #[serde(default)]
    pub standard_output_url: Option<String>,
    #[serde(default)]
    pub standard_error_url: Option<String>,
    #[serde(default)]
    pub command_plugins: Vec<CommandPlugin>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommandPlugin {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub status_details: Option<String>,
    #[serde(default)]
    pub response_code: Option<i32>,
    #[serde(default)]
    pub response_start_date_time: Option<Timestamp>,
    #[serde(default)]
    pub response_finish_date_time: Option<Timestamp>,
    /// The first 2500 characters of the output.
    #[serde(default)]
    pub output: Option<String>,
}

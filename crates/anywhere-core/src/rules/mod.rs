//! The EXTERNAL compatibility rules for task definitions, RunTask and CreateService.
//!
//! The checks read raw JSON (`serde_json::Value`): the builder's editor, imported files and the CLI all
//! hold text before they hold a model, and a document of any shape must produce findings, never a panic.
//! Each finding points at a JSON path and carries its rule's reason and source (see [`catalog`]).
//!
//! Decisions recorded here:
//! - EFS volumes are errors: the AWS guide's storage table lists EFS for Fargate, EC2 and Managed
//!   Instances only. FSx for Windows File Server volumes are a warning: the ECS Anywhere page says they
//!   work once the site is connected to AWS (Direct Connect or VPN) and the instance joins the domain.
//! - A Windows task definition is one whose `runtimePlatform.operatingSystemFamily` names a Windows
//!   Server release; it must leave `networkMode` out (the API's name for Windows' `default` mode). The
//!   AWS guide's own Windows example sets `bridge` without a runtime platform, which stays clean.
//! - SELinux labels (`dockerSecurityOptions` entries starting `label:`) are errors, per the seed.
//! - A RunTask or CreateService request without `launchType` (and without a capacity provider strategy)
//!   is an error: ECS would fall back to the cluster's default capacity provider strategy, which cannot
//!   place tasks on external instances.
//! - An absent `networkMode` is `bridge`, the Linux default, so fixed host ports are checked then too.

pub mod catalog;
mod expression;
mod finding;
mod json_import;
mod pattern;
mod run_and_service;
mod task_definition;

pub use catalog::{Rule, Severity, Subject};
pub use expression::{
    Candidate, Comparison, Expr, Field, HostAttributes, MAX_DEPTH, MAX_EXPRESSION_CHARS,
    ParseError, Test, parse_expression, quote_value,
};
pub use finding::Finding;
pub use json_import::{JsonError, parse_json};
pub use pattern::{InvalidPattern, Pattern, full_match};
pub use run_and_service::{lint_create_service, lint_run_task};
pub use task_definition::{FleetAttributes, lint_task_definition};

/// Every rule the console enforces, in documentation order.
pub fn rules() -> &'static [Rule] {
    catalog::RULES
}

/// Whether any finding blocks registering, running or creating.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|finding| finding.severity == Severity::Error)
}

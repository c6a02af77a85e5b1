//! The task definition builder's browser-free half: the JSON document it edits (paths, form text,
//! drafts, imports), the RunTask and CreateService requests, fleet attribute suggestions, and the
//! equivalent AWS CLI commands. The EXTERNAL rules themselves live in [`crate::rules`].

pub mod cli;
pub mod document;
pub mod fleet_attributes;
pub mod form_text;
pub mod json_path;
pub mod requests;

pub use cli::{CliRequest, cli_command};
pub use document::{
    DocumentError, MissingField, document_of, lint_registered, missing_fields, new_draft,
    register_input, registrable,
};
pub use fleet_attributes::{AttributeCatalog, ClauseOperator, and_clause, clause};
pub use requests::{create_service_input, new_run_task, new_service, run_task_input};

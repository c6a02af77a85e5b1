//! Install-command generation for registering external instances (Linux and Windows).
//!
//! Inputs are validated into types first ([`crate::fields`], [`options`]); the generators are pure functions of those
//! types and return an [`InstallPlan`]: prerequisites, the command, notes and firewall hosts.

pub mod activation;
pub mod agent_update;
pub mod endpoints;
pub mod joining;
pub mod linux;
pub mod options;
pub mod os;
pub mod plan;
pub mod role;
pub mod self_service;
pub mod windows;

pub use linux::{HostPaths, InstallError, LinuxInstall, Registration, linux_plan, shell_quote};
pub use plan::{InstallPlan, Note, NoteLevel, Shell, Step};
pub use windows::{WindowsInstall, powershell_quote, windows_plan};

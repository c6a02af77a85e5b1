//! The shape every generated install procedure takes: what to check first, the command itself,
//! what to know about it, and which hosts the firewall must allow.

use super::endpoints::FirewallHost;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Bash,
    PowerShell,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteLevel {
    Info,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub level: NoteLevel,
    pub text: String,
}

impl Note {
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            level: NoteLevel::Info,
            text: text.into(),
        }
    }

    pub fn warning(text: impl Into<String>) -> Self {
        Self {
            level: NoteLevel::Warning,
            text: text.into(),
        }
    }
}

/// Something the user does on the host before the install command. `commands` may be empty when
/// the step is a manual one (installing Docker, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub title: String,
    pub commands: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallPlan {
    pub shell: Shell,
    pub prerequisites: Vec<Step>,
    /// The commands in order; each line runs only if the previous ones succeeded (bash chains
    /// them with `&&`; the PowerShell lines begin by making every error stop the script).
    pub lines: Vec<String>,
    /// The same commands as one line to copy and paste.
    pub command: String,
    pub notes: Vec<Note>,
    pub firewall: Vec<FirewallHost>,
}

impl InstallPlan {
    /// The whole procedure as one script: prerequisites and notes as comments, then the commands,
    /// stopping at the first failure.
    pub fn script(&self) -> String {
        let mut script = String::new();
        match self.shell {
            Shell::Bash => script.push_str("#!/bin/bash\n"),
            Shell::PowerShell => script.push_str("#Requires -RunAsAdministrator\n"),
        }
        push_comment(&mut script, "ECS Anywhere: register this host.");
        if !self.prerequisites.is_empty() {
            push_comment(&mut script, "Before running, on this host:");
            for step in &self.prerequisites {
                push_comment(&mut script, &format!("  - {}", step.title));
                for command in &step.commands {
                    push_comment(&mut script, &format!("      {command}"));
                }
            }
        }
        for note in &self.notes {
            let label = match note.level {
                NoteLevel::Info => "Note",
                NoteLevel::Warning => "Warning",
            };
            push_comment(&mut script, &format!("{label}: {}", note.text));
        }
        if self.shell == Shell::Bash {
            script.push_str("set -e\n");
        }
        for line in &self.lines {
            script.push_str(line);
            script.push('\n');
        }
        script
    }
}

/// Both shells take `#` comments; every line of the text gets one so no text can become code
/// (PowerShell also ends a line at a carriage return).
fn push_comment(script: &mut String, text: &str) {
    for line in text.split(['\n', '\r']) {
        script.push_str("# ");
        script.push_str(line);
        script.push('\n');
    }
}

//! The Windows install command: PowerShell, run as administrator.
//!
//! Every value is a PowerShell single-quoted string made by [`powershell_quote`]. In such a string
//! nothing expands; the only special characters are the four Unicode single quotes PowerShell
//! treats like `'`, and each is escaped by doubling it.

use super::endpoints::{InstallContacts, firewall_hosts};
use super::linux::{InstallError, json_object};
use super::options::InstallRegion;
use super::os::{OsFamily, OsId};
use super::plan::{InstallPlan, Note, Shell, Step};
use crate::fields::{ActivationCode, ActivationId, ClusterName, RegistrationMetadata};

pub const INSTALL_SCRIPT_URL: &str =
    "https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install.ps1";
pub const INSTALL_SCRIPT_FILE: &str = "ecs-anywhere-install.ps1";

/// The signer whose Authenticode certificate the install script carries (its subject's common
/// name, as the AWS guide shows it: `CN="Amazon Web Services, Inc.", …`).
pub const SCRIPT_SIGNER: &str = "Amazon Web Services, Inc.";

/// The characters PowerShell's tokenizer takes as a single quote: `'`, `‘`, `’`, `‚`, `‛`.
pub const SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// Quotes a string as a PowerShell verbatim (single-quoted) string literal.
pub fn powershell_quote(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for c in value.chars() {
        if SINGLE_QUOTES.contains(&c) {
            quoted.push(c);
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowsInstall {
    pub region: InstallRegion,
    pub cluster: ClusterName,
    pub activation_id: ActivationId,
    pub activation_code: ActivationCode,
    pub os: Option<OsId>,
    pub verify_signature: bool,
    /// The common name the signing certificate must carry ([`SCRIPT_SIGNER`]; only tests change
    /// it).
    pub signer: String,
    pub metadata: RegistrationMetadata,
}

impl WindowsInstall {
    pub fn new(
        region: InstallRegion,
        cluster: ClusterName,
        activation_id: ActivationId,
        activation_code: ActivationCode,
    ) -> Self {
        Self {
            region,
            cluster,
            activation_id,
            activation_code,
            os: None,
            verify_signature: false,
            signer: SCRIPT_SIGNER.to_owned(),
            metadata: RegistrationMetadata::default(),
        }
    }
}

/// The Windows agent reads its settings from machine-wide environment variables.
fn set_machine_variable(name: &str, value: &str) -> String {
    format!(
        "[Environment]::SetEnvironmentVariable({}, {}, [System.EnvironmentVariableTarget]::Machine)",
        powershell_quote(name),
        powershell_quote(value)
    )
}

/// `Valid` alone only says some trusted certificate signed the file; the signer's name (the
/// subject's common name, compared case-sensitively) says whose it is.
fn signer_check(script: &str, signer: &str) -> [String; 2] {
    let refusal = format!("The install script is not signed by {signer}; do not run it.");
    [
        format!("$signature = Get-AuthenticodeSignature -FilePath {script}"),
        format!(
            "if ($signature.Status -ne 'Valid' -or $signature.SignerCertificate.GetNameInfo([System.Security.Cryptography.X509Certificates.X509NameType]::SimpleName, $false) -cne {}) {{ throw {} }}",
            powershell_quote(signer),
            powershell_quote(&refusal)
        ),
    ]
}

/// The Windows install procedure.
pub fn windows_plan(install: &WindowsInstall) -> Result<InstallPlan, InstallError> {
    if let Some(os) = install.os
        && os.family() != OsFamily::Windows
    {
        return Err(InstallError::NotWindows { os });
    }
    // The file name is a constant without spaces or quotes, so it stays bare as in the AWS guide.
    let script = format!(".\\{INSTALL_SCRIPT_FILE}");
    let mut lines = vec!["$ErrorActionPreference = 'Stop'".to_owned()];
    let attributes = install.metadata.attributes();
    if !attributes.is_empty() {
        let pairs = attributes
            .iter()
            .map(|a| (a.name.as_str(), a.value.as_str()));
        lines.push(set_machine_variable(
            "ECS_INSTANCE_ATTRIBUTES",
            &json_object(pairs),
        ));
    }
    let tags = install.metadata.tags();
    if !tags.is_empty() {
        let pairs = tags.iter().map(|t| (t.key.as_str(), t.value.as_str()));
        lines.push(set_machine_variable(
            "ECS_CONTAINER_INSTANCE_TAGS",
            &json_object(pairs),
        ));
    }
    lines.push(format!(
        "Invoke-RestMethod -URI {} -OutFile {}",
        powershell_quote(INSTALL_SCRIPT_URL),
        powershell_quote(INSTALL_SCRIPT_FILE)
    ));
    if install.verify_signature {
        lines.extend(signer_check(&script, &install.signer));
    }
    lines.push(format!(
        "{script} -Region {} -Cluster {} -ActivationID {} -ActivationCode {}",
        powershell_quote(install.region.code()),
        powershell_quote(install.cluster.as_str()),
        powershell_quote(install.activation_id.as_str()),
        powershell_quote(install.activation_code.as_str()),
    ));

    let mut notes = vec![
        Note::info("Run in a PowerShell window opened with Run as administrator."),
        Note::warning(
            "The command contains the activation code: anyone who has it can register hosts until the activation expires or reaches its registration limit.",
        ),
        Note::info(
            "Tasks on Windows external instances use the default network mode; the host must be x86_64.",
        ),
    ];
    if install.verify_signature {
        notes.push(Note::info(format!(
            "The command runs the script only if its Authenticode signature is Valid (a certificate chain Windows trusts) and the signing certificate is issued to {}; a valid signature by anyone else stops it.",
            install.signer
        )));
    }
    if !install.metadata.is_empty() {
        notes.push(Note::info(
            "The custom attributes and tags are set as machine environment variables before the script runs: the agent reads them only when it registers.",
        ));
    }
    Ok(InstallPlan {
        shell: Shell::PowerShell,
        prerequisites: vec![Step {
            title: "Open PowerShell as administrator and check the architecture is AMD64."
                .to_owned(),
            commands: vec!["$env:PROCESSOR_ARCHITECTURE".to_owned()],
        }],
        command: lines.join("; "),
        lines,
        notes,
        firewall: firewall_hosts(install.region.region(), &InstallContacts::default()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_command_downloads_then_runs_with_quoted_parameters() {
        let install = WindowsInstall::new(
            InstallRegion::parse("us-east-1").unwrap(),
            ClusterName::parse("win").unwrap(),
            ActivationId::parse("0a1b2c3d-4e5f-6789-abcd-ef0123456789").unwrap(),
            ActivationCode::parse("AbCdEfGhIjKlMnOpQr'St").unwrap(),
        );
        let plan = windows_plan(&install).unwrap();
        assert_eq!(
            plan.lines,
            [
                "$ErrorActionPreference = 'Stop'",
                "Invoke-RestMethod -URI 'https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install.ps1' -OutFile 'ecs-anywhere-install.ps1'",
                ".\\ecs-anywhere-install.ps1 -Region 'us-east-1' -Cluster 'win' -ActivationID '0a1b2c3d-4e5f-6789-abcd-ef0123456789' -ActivationCode 'AbCdEfGhIjKlMnOpQr''St'",
            ]
        );
        assert!(plan.script().starts_with("#Requires -RunAsAdministrator\n"));
    }

    #[test]
    fn linux_systems_are_refused() {
        let mut install = WindowsInstall::new(
            InstallRegion::parse("us-east-1").unwrap(),
            ClusterName::parse("win").unwrap(),
            ActivationId::parse("0a1b2c3d-4e5f-6789-abcd-ef0123456789").unwrap(),
            ActivationCode::parse("AbCdEfGhIjKlMnOpQrSt").unwrap(),
        );
        install.os = Some(OsId::Ubuntu22);
        assert_eq!(
            windows_plan(&install),
            Err(InstallError::NotWindows { os: OsId::Ubuntu22 })
        );
    }
}

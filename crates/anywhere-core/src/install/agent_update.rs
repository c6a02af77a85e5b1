//! Host-side commands for the ECS agent's life after registration: upgrading `ecs-init` (there is
//! no API for external instances: `UpdateContainerAgent` is not supported) and cleaning up after
//! deregistration.

use crate::region::Region;

use super::linux::shell_quote;
use super::os::{Arch, OsId, PackageManager, PackageType};
use super::plan::Shell;

/// Whether the commands run from a user's shell (through sudo) or already as root, as SSM Run
/// Command (`AWS-RunShellScript`) runs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Privilege {
    Sudo,
    Root,
}

impl Privilege {
    fn prefix(self) -> &'static str {
        match self {
            Privilege::Sudo => "sudo ",
            Privilege::Root => "",
        }
    }
}

/// Commands for one host, in the shell they are written for, to run in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostCommands {
    pub shell: Shell,
    pub commands: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgentUpdateError {
    #[error(
        "{os} has no ecs-init package: on Windows the agent is updated by the ECS Anywhere PowerShell script, not by these commands."
    )]
    NoPackage { os: OsId },
    #[error("{os} does not run on {}.", .arch.uname())]
    UnsupportedArch { os: OsId, arch: Arch },
}

/// The regional URL of the latest `ecs-init` package for a package type and architecture.
pub fn ecs_init_package_url(region: &Region, package: PackageType, arch: Arch) -> String {
    let file_arch = match (package, arch) {
        (PackageType::Rpm, Arch::X86_64) => "x86_64",
        (PackageType::Rpm, Arch::Arm64) => "aarch64",
        (PackageType::Deb, Arch::X86_64) => "amd64",
        (PackageType::Deb, Arch::Arm64) => "arm64",
    };
    let extension = match package {
        PackageType::Rpm => "rpm",
        PackageType::Deb => "deb",
    };
    let code = region.code();
    format!(
        "https://s3.{code}.{}/amazon-ecs-agent-{code}/amazon-ecs-init-latest.{file_arch}.{extension}",
        region.partition().dns_suffix()
    )
}

/// Download the latest `ecs-init` for this host, install it over the old one, restart the agent.
/// Running tasks keep running.
pub fn agent_update_commands(
    region: &Region,
    os: OsId,
    arch: Arch,
    privilege: Privilege,
) -> Result<HostCommands, AgentUpdateError> {
    let info = os.info();
    let Some((package, manager)) = info.package else {
        return Err(AgentUpdateError::NoPackage { os });
    };
    if !info.arches.contains(&arch) {
        return Err(AgentUpdateError::UnsupportedArch { os, arch });
    }
    let file = match package {
        PackageType::Rpm => "/tmp/amazon-ecs-init.rpm",
        PackageType::Deb => "/tmp/amazon-ecs-init.deb",
    };
    let sudo = privilege.prefix();
    let install = match manager {
        PackageManager::Yum | PackageManager::Dnf => {
            format!("{sudo}{} install -y {file}", manager.command())
        }
        PackageManager::Zypper => format!("{sudo}zypper install -y --allow-unsigned-rpm {file}"),
        PackageManager::Apt => format!("{sudo}dpkg -i {file}"),
    };
    Ok(HostCommands {
        shell: Shell::Bash,
        commands: vec![
            format!(
                "curl --proto '=https' --fail -o {file} {}",
                shell_quote(&ecs_init_package_url(region, package, arch))
            ),
            install,
            format!("{sudo}systemctl restart ecs"),
        ],
    })
}

/// What to run on the host once it is deregistered from ECS and SSM, before it can join another
/// cluster: stop and remove both agents and their state.
pub fn cleanup_commands(os: OsId, privilege: Privilege) -> HostCommands {
    let Some((_, manager)) = os.info().package else {
        return HostCommands {
            shell: Shell::PowerShell,
            commands: vec![
                "Stop-Service AmazonECS".to_owned(),
                "Stop-Service AmazonSSMAgent".to_owned(),
                ".\\ecs-anywhere-install.ps1 -Uninstall".to_owned(),
            ],
        };
    };
    let sudo = privilege.prefix();
    HostCommands {
        shell: Shell::Bash,
        commands: vec![
            format!("{sudo}systemctl stop ecs amazon-ssm-agent"),
            format!(
                "{sudo}{} remove -y amazon-ecs-init amazon-ssm-agent",
                manager.command()
            ),
            format!(
                "{sudo}rm -rf /var/lib/ecs /etc/ecs /var/lib/amazon/ssm /var/log/ecs /var/log/amazon/ssm"
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_urls_follow_the_regional_bucket_layout() {
        let region = Region::new("us-west-2").unwrap();
        assert_eq!(
            ecs_init_package_url(&region, PackageType::Rpm, Arch::Arm64),
            "https://s3.us-west-2.amazonaws.com/amazon-ecs-agent-us-west-2/amazon-ecs-init-latest.aarch64.rpm"
        );
        assert_eq!(
            ecs_init_package_url(&region, PackageType::Deb, Arch::X86_64),
            "https://s3.us-west-2.amazonaws.com/amazon-ecs-agent-us-west-2/amazon-ecs-init-latest.amd64.deb"
        );
    }

    #[test]
    fn each_package_manager_installs_then_the_agent_restarts() {
        let region = Region::new("eu-west-1").unwrap();
        let cases = [
            (
                OsId::CentOs7,
                "sudo yum install -y /tmp/amazon-ecs-init.rpm",
            ),
            (
                OsId::Sles15,
                "sudo zypper install -y --allow-unsigned-rpm /tmp/amazon-ecs-init.rpm",
            ),
            (OsId::Ubuntu22, "sudo dpkg -i /tmp/amazon-ecs-init.deb"),
            (
                OsId::AmazonLinux2023,
                "sudo dnf install -y /tmp/amazon-ecs-init.rpm",
            ),
        ];
        for (os, install) in cases {
            let update = agent_update_commands(&region, os, Arch::X86_64, Privilege::Sudo).unwrap();
            assert_eq!(update.commands[1], install, "{os}");
            assert_eq!(update.commands[2], "sudo systemctl restart ecs");
        }
        let as_root =
            agent_update_commands(&region, OsId::Debian12, Arch::Arm64, Privilege::Root).unwrap();
        assert!(as_root.commands[0].ends_with("amazon-ecs-init-latest.arm64.deb'"));
        assert_eq!(as_root.commands[2], "systemctl restart ecs");
    }

    #[test]
    fn windows_has_no_package_update() {
        let region = Region::new("eu-west-1").unwrap();
        assert_eq!(
            agent_update_commands(
                &region,
                OsId::WindowsServer2019,
                Arch::X86_64,
                Privilege::Root
            ),
            Err(AgentUpdateError::NoPackage {
                os: OsId::WindowsServer2019
            })
        );
    }

    #[test]
    fn cleanup_removes_agents_per_family() {
        let debian = cleanup_commands(OsId::Debian10, Privilege::Sudo);
        assert_eq!(debian.shell, Shell::Bash);
        assert_eq!(
            debian.commands[1],
            "sudo apt remove -y amazon-ecs-init amazon-ssm-agent"
        );
        assert!(debian.commands[2].contains("/var/lib/amazon/ssm"));
        let windows = cleanup_commands(OsId::WindowsServer2022, Privilege::Sudo);
        assert_eq!(windows.shell, Shell::PowerShell);
        assert_eq!(
            windows.commands[2],
            ".\\ecs-anywhere-install.ps1 -Uninstall"
        );
    }
}

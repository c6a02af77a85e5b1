//! From what the agents report about a host's OS and CPU to the console's install catalogue, so the
//! agent-update commands (`install::agent_update`) can be picked for a row of the fleet table.

use crate::install::os::{Arch, OsId};

/// The catalogue OS for an SSM `PlatformName` and `PlatformVersion` (`Ubuntu` / `20.04`,
/// `Microsoft Windows Server 2022 Datacenter` / `10.0.20348`). `None` when the OS or its
/// release is not one ECS Anywhere supports.
pub fn install_os(platform_name: &str, platform_version: &str) -> Option<OsId> {
    let name = platform_name.to_ascii_lowercase();
    let major = platform_version
        .trim()
        .split(['.', ' '])
        .next()
        .and_then(|major| major.parse::<u32>().ok());
    if name.contains("windows") {
        return [
            ("2016", OsId::WindowsServer2016),
            ("2019", OsId::WindowsServer2019),
            ("2022", OsId::WindowsServer2022),
        ]
        .into_iter()
        .find(|(year, _)| name.contains(year))
        .map(|(_, os)| os);
    }
    if name.contains("tumbleweed") {
        return Some(OsId::OpenSuseTumbleweed);
    }
    let os = if name.contains("ubuntu") {
        match major? {
            18 => OsId::Ubuntu18,
            20 => OsId::Ubuntu20,
            22 => OsId::Ubuntu22,
            24 => OsId::Ubuntu24,
            _ => return None,
        }
    } else if name.contains("debian") {
        match major? {
            9 => OsId::Debian9,
            10 => OsId::Debian10,
            11 => OsId::Debian11,
            12 => OsId::Debian12,
            _ => return None,
        }
    } else if name.contains("centos") {
        match major? {
            7 => OsId::CentOs7,
            8 => OsId::CentOs8,
            9 => OsId::CentOsStream9,
            _ => return None,
        }
    } else if name.contains("red hat") || name.contains("rhel") {
        match major? {
            7 => OsId::Rhel7,
            9 => OsId::Rhel9,
            _ => return None,
        }
    } else if name.contains("fedora") {
        match major? {
            32 => OsId::Fedora32,
            33 => OsId::Fedora33,
            _ => return None,
        }
    } else if name.contains("sles") || name.contains("suse linux enterprise") {
        (major? == 15).then_some(OsId::Sles15)?
    } else if name.contains("amazon linux") {
        (major? == 2023).then_some(OsId::AmazonLinux2023)?
    } else {
        return None;
    };
    Some(os)
}

/// The architecture for the agent's `ecs.cpu-architecture` attribute (`x86_64`, `arm64`).
pub fn install_arch(cpu_architecture: &str) -> Option<Arch> {
    match cpu_architecture {
        "x86_64" | "amd64" => Some(Arch::X86_64),
        "arm64" | "aarch64" => Some(Arch::Arm64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_as_ssm_reports_them() {
        let cases = [
            ("Ubuntu", "20.04", Some(OsId::Ubuntu20)),
            ("Ubuntu", "24.04", Some(OsId::Ubuntu24)),
            ("Ubuntu", "16.04", None),
            ("Debian GNU/Linux", "12", Some(OsId::Debian12)),
            ("CentOS Linux", "7.9.2009", Some(OsId::CentOs7)),
            ("CentOS Stream", "9", Some(OsId::CentOsStream9)),
            ("Red Hat Enterprise Linux", "9.3", Some(OsId::Rhel9)),
            ("Red Hat Enterprise Linux Server", "8.6", None),
            ("Fedora Linux", "33", Some(OsId::Fedora33)),
            ("SLES", "15.4", Some(OsId::Sles15)),
            (
                "openSUSE Tumbleweed",
                "20240101",
                Some(OsId::OpenSuseTumbleweed),
            ),
            ("Amazon Linux", "2023", Some(OsId::AmazonLinux2023)),
            ("Amazon Linux", "2", None),
            (
                "Microsoft Windows Server 2022 Datacenter",
                "10.0.20348",
                Some(OsId::WindowsServer2022),
            ),
            ("macOS", "14.1", None),
            ("Ubuntu", "", None),
        ];
        for (name, version, expected) in cases {
            assert_eq!(install_os(name, version), expected, "{name} {version}");
        }
    }

    #[test]
    fn architectures() {
        assert_eq!(install_arch("x86_64"), Some(Arch::X86_64));
        assert_eq!(install_arch("arm64"), Some(Arch::Arm64));
        assert_eq!(install_arch("ppc64le"), None);
    }
}

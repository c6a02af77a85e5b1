//! The operating systems an external instance may run, and what each one needs before installing.
//!
//! The seed's list is the product's baseline; the newer AWS pages add a few systems, marked as such
//! so the picker can say where each entry comes from.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OsFamily {
    Linux,
    Windows,
}

/// The package format the host's `ecs-init` comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackageType {
    Rpm,
    Deb,
}

/// The tool that installs and removes packages on the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackageManager {
    Yum,
    Dnf,
    Zypper,
    Apt,
}

impl PackageManager {
    pub fn command(self) -> &'static str {
        match self {
            PackageManager::Yum => "yum",
            PackageManager::Dnf => "dnf",
            PackageManager::Zypper => "zypper",
            PackageManager::Apt => "apt",
        }
    }
}

/// CPU architectures ECS Anywhere supports; nothing else can be named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arch {
    X86_64,
    Arm64,
}

impl Arch {
    /// The name `uname -m` prints on the host.
    pub fn uname(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64",
            Arch::Arm64 => "aarch64",
        }
    }
}

/// Where a catalogue entry comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The seed document's supported list.
    Seed,
    /// Added by the newer AWS developer-guide pages.
    NewerGuide,
}

/// A requirement of an OS that changes what the user must do or what the command contains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OsRequirement {
    /// Docker cannot be installed by the script; it must be there first (`--docker-install-source none`).
    DockerPreinstalled,
    /// The OS boots with cgroups v2, which ECS does not support; switch to v1 and reboot.
    CgroupsV1,
    /// The OS enables SELinux by default, which external instances do not support.
    SelinuxCheck,
    /// The script refuses `--docker-install-source distro` here (the distro package enables SELinux
    /// or does not exist).
    NoDistroDocker,
}

impl OsRequirement {
    pub fn reason(self) -> &'static str {
        match self {
            OsRequirement::DockerPreinstalled => {
                "Neither Docker nor this OS's open package repositories can install Docker here, so Docker must be installed before the script runs; the command passes --docker-install-source none."
            }
            OsRequirement::CgroupsV1 => {
                "This OS uses cgroups v2 by default, which Amazon ECS does not support: switch the kernel to cgroups v1 and reboot before running the install command."
            }
            OsRequirement::SelinuxCheck => {
                "SELinux is not supported on external instances: `getenforce` must not print Enforcing."
            }
            OsRequirement::NoDistroDocker => {
                "The install script cannot install Docker from this OS's own repositories; use the Docker repositories (all or docker) or install Docker first (none)."
            }
        }
    }
}

/// Every OS the picker offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OsId {
    CentOs7,
    CentOs8,
    CentOsStream9,
    Rhel7,
    Rhel9,
    Fedora32,
    Fedora33,
    OpenSuseTumbleweed,
    Sles15,
    Ubuntu18,
    Ubuntu20,
    Ubuntu22,
    Ubuntu24,
    Debian9,
    Debian10,
    Debian11,
    Debian12,
    AmazonLinux2023,
    WindowsServer2016,
    WindowsServer2019,
    WindowsServer2022,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OsInfo {
    pub id: OsId,
    /// Stable short name, used in links and the CLI.
    pub key: &'static str,
    pub name: &'static str,
    pub family: OsFamily,
    /// `None` on Windows, which installs through its own script.
    pub package: Option<(PackageType, PackageManager)>,
    pub arches: &'static [Arch],
    pub source: Source,
    pub requirements: &'static [OsRequirement],
}

const BOTH: &[Arch] = &[Arch::X86_64, Arch::Arm64];
const X86_ONLY: &[Arch] = &[Arch::X86_64];
const RPM_YUM: Option<(PackageType, PackageManager)> =
    Some((PackageType::Rpm, PackageManager::Yum));
const RPM_DNF: Option<(PackageType, PackageManager)> =
    Some((PackageType::Rpm, PackageManager::Dnf));
const RPM_ZYPPER: Option<(PackageType, PackageManager)> =
    Some((PackageType::Rpm, PackageManager::Zypper));
const DEB_APT: Option<(PackageType, PackageManager)> =
    Some((PackageType::Deb, PackageManager::Apt));

const RHEL: &[OsRequirement] = &[
    OsRequirement::DockerPreinstalled,
    OsRequirement::SelinuxCheck,
];
const CENTOS: &[OsRequirement] = &[OsRequirement::SelinuxCheck, OsRequirement::NoDistroDocker];
const FEDORA: &[OsRequirement] = &[
    OsRequirement::CgroupsV1,
    OsRequirement::SelinuxCheck,
    OsRequirement::NoDistroDocker,
];

const fn linux(
    id: OsId,
    key: &'static str,
    name: &'static str,
    package: Option<(PackageType, PackageManager)>,
    source: Source,
    requirements: &'static [OsRequirement],
) -> OsInfo {
    OsInfo {
        id,
        key,
        name,
        family: OsFamily::Linux,
        package,
        arches: BOTH,
        source,
        requirements,
    }
}

const fn windows(id: OsId, key: &'static str, name: &'static str) -> OsInfo {
    OsInfo {
        id,
        key,
        name,
        family: OsFamily::Windows,
        package: None,
        arches: X86_ONLY,
        source: Source::NewerGuide,
        requirements: &[],
    }
}

use OsId::*;
use Source::{NewerGuide, Seed};

/// The catalogue, in picker order: the seed's systems first.
pub const OPERATING_SYSTEMS: &[OsInfo] = &[
    linux(CentOs7, "centos-7", "CentOS 7", RPM_YUM, Seed, CENTOS),
    linux(CentOs8, "centos-8", "CentOS 8", RPM_YUM, Seed, CENTOS),
    linux(
        Rhel7,
        "rhel-7",
        "Red Hat Enterprise Linux 7",
        RPM_YUM,
        Seed,
        RHEL,
    ),
    linux(Fedora32, "fedora-32", "Fedora 32", RPM_DNF, Seed, FEDORA),
    linux(Fedora33, "fedora-33", "Fedora 33", RPM_DNF, Seed, FEDORA),
    linux(
        OpenSuseTumbleweed,
        "opensuse-tumbleweed",
        "openSUSE Tumbleweed",
        RPM_ZYPPER,
        Seed,
        &[],
    ),
    linux(Ubuntu18, "ubuntu-18", "Ubuntu 18", DEB_APT, Seed, &[]),
    linux(Ubuntu20, "ubuntu-20", "Ubuntu 20", DEB_APT, Seed, &[]),
    linux(Debian9, "debian-9", "Debian 9", DEB_APT, Seed, &[]),
    linux(Debian10, "debian-10", "Debian 10", DEB_APT, Seed, &[]),
    linux(
        Sles15,
        "sles-15",
        "SUSE Linux Enterprise Server 15",
        RPM_ZYPPER,
        Seed,
        &[],
    ),
    linux(
        AmazonLinux2023,
        "al2023",
        "Amazon Linux 2023",
        RPM_DNF,
        NewerGuide,
        &[],
    ),
    linux(
        CentOsStream9,
        "centos-stream-9",
        "CentOS Stream 9",
        RPM_DNF,
        NewerGuide,
        CENTOS,
    ),
    linux(
        Rhel9,
        "rhel-9",
        "Red Hat Enterprise Linux 9",
        RPM_DNF,
        NewerGuide,
        RHEL,
    ),
    linux(Ubuntu22, "ubuntu-22", "Ubuntu 22", DEB_APT, NewerGuide, &[]),
    linux(Ubuntu24, "ubuntu-24", "Ubuntu 24", DEB_APT, NewerGuide, &[]),
    linux(Debian11, "debian-11", "Debian 11", DEB_APT, NewerGuide, &[]),
    linux(Debian12, "debian-12", "Debian 12", DEB_APT, NewerGuide, &[]),
    windows(WindowsServer2016, "windows-2016", "Windows Server 2016"),
    windows(WindowsServer2019, "windows-2019", "Windows Server 2019"),
    windows(WindowsServer2022, "windows-2022", "Windows Server 2022"),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an operating system this console knows; pick one from the list.")]
pub struct UnknownOs(pub String);

impl OsId {
    pub fn info(self) -> &'static OsInfo {
        OPERATING_SYSTEMS
            .iter()
            .find(|info| info.id == self)
            .unwrap_or_else(|| unreachable!("every OsId is in the catalogue"))
    }

    pub fn parse(key: &str) -> Result<Self, UnknownOs> {
        OPERATING_SYSTEMS
            .iter()
            .find(|info| info.key == key)
            .map(|info| info.id)
            .ok_or_else(|| UnknownOs(key.to_owned()))
    }

    pub fn key(self) -> &'static str {
        self.info().key
    }

    pub fn family(self) -> OsFamily {
        self.info().family
    }

    pub fn requires(self, requirement: OsRequirement) -> bool {
        self.info().requirements.contains(&requirement)
    }
}

impl fmt::Display for OsId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.info().name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_os_is_listed_once_with_a_unique_key() {
        for (i, info) in OPERATING_SYSTEMS.iter().enumerate() {
            assert_eq!(info.id.info(), info);
            assert_eq!(OsId::parse(info.key), Ok(info.id));
            assert!(
                OPERATING_SYSTEMS[..i]
                    .iter()
                    .all(|o| o.id != info.id && o.key != info.key),
                "{} listed twice",
                info.key
            );
        }
        assert_eq!(OPERATING_SYSTEMS.len(), 21);
    }

    #[test]
    fn linux_entries_have_packages_and_windows_entries_do_not() {
        for info in OPERATING_SYSTEMS {
            assert_eq!(
                info.package.is_some(),
                info.family == OsFamily::Linux,
                "{}",
                info.key
            );
        }
    }

    #[test]
    fn the_seed_rules_are_attached_to_their_systems() {
        assert!(OsId::Rhel7.requires(OsRequirement::DockerPreinstalled));
        assert!(OsId::Fedora32.requires(OsRequirement::CgroupsV1));
        assert!(OsId::Fedora33.requires(OsRequirement::CgroupsV1));
        for os in [OsId::CentOs7, OsId::CentOs8, OsId::Rhel7, OsId::Fedora33] {
            assert!(os.requires(OsRequirement::SelinuxCheck), "{os}");
        }
        assert!(!OsId::Ubuntu20.requires(OsRequirement::SelinuxCheck));
        let seed_count = OPERATING_SYSTEMS
            .iter()
            .filter(|o| o.source == Source::Seed)
            .count();
        assert_eq!(seed_count, 11);
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert_eq!(OsId::parse("beos-5"), Err(UnknownOs("beos-5".into())));
    }
}

//! The Linux install command, in the shape the AWS console shows, run with sudo.
//!
//! Every value in the command is single-quoted by [`shell_quote`], so whatever text a field holds,
//! bash passes it to the install script as exactly one argument.

use super::endpoints::{InstallContacts, PACKAGE_KEYS_HOST, firewall_hosts};
use super::options::{
    AgentVersion, DockerInstallSource, EcsEndpoint, HostPath, InstallRegion, IpCompatibility,
};
use super::os::{OsFamily, OsId, OsRequirement};
use super::plan::{InstallPlan, Note, Shell, Step};
use crate::fields::{ActivationCode, ActivationId, ClusterName, RegistrationMetadata};

/// The install script's URL, as the console gives it.
pub const INSTALL_SCRIPT_URL: &str =
    "https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install-latest.sh";
/// The primary key fingerprint of the key that signs the install script ("Amazon ECS
/// <ecs-security@amazon.com>", as the AWS guide prints it).
pub const GPG_FINGERPRINT: &str = "F34C 3DDA E729 26B0 79BE  AEC6 BCE9 D9A4 2D51 784F";
/// Where the ECS agent's public key is published over HTTPS; the install script itself fetches
/// it from there to check the packages it downloads.
pub const GPG_KEY_URL: &str =
    "https://raw.githubusercontent.com/aws/amazon-ecs-agent/master/scripts/amazon-ecs-agent.gpg";

/// The OpenPGP key the install script must be signed with: where its public key is fetched and
/// the fingerprint of its primary key, which the command pins. The key's source only has to be
/// available, not trusted: a key file holding any other key fails the pin. Nothing a user sets
/// reaches this (only tests sign with their own key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningKey {
    url: String,
    fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningKeyError {
    #[error("The signing key's URL must start with https://.")]
    NotHttps,
    #[error("A key fingerprint is 40 hexadecimal digits.")]
    BadFingerprint,
}

impl SigningKey {
    /// The ECS agent's key, [`GPG_FINGERPRINT`].
    pub fn ecs_agent() -> Self {
        Self::new(GPG_KEY_URL, GPG_FINGERPRINT).expect("the ECS key is well formed")
    }

    /// A key fetched from `url` (https) whose primary fingerprint is `fingerprint` (hex digits,
    /// spaces allowed).
    pub fn new(url: &str, fingerprint: &str) -> Result<Self, SigningKeyError> {
        if !url.starts_with("https://") || url.chars().any(char::is_whitespace) {
            return Err(SigningKeyError::NotHttps);
        }
        let fingerprint: String = fingerprint
            .chars()
            .filter(|c| *c != ' ')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if fingerprint.len() != 40 || !fingerprint.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(SigningKeyError::BadFingerprint);
        }
        Ok(Self {
            url: url.to_owned(),
            fingerprint,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The host the key is fetched from.
    pub fn host(&self) -> &str {
        let rest = &self.url["https://".len()..];
        rest.split(['/', '?', '#']).next().unwrap_or(rest)
    }

    /// 40 upper-case hexadecimal digits, as gpg prints it in status lines.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

/// Quotes a string for a POSIX shell: inside single quotes nothing is special except the single
/// quote itself, which is closed, escaped and reopened (`'\''`).
pub fn shell_quote(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for c in value.chars() {
        if c == '\'' {
            quoted.push_str("'\\''");
        } else {
            quoted.push(c);
        }
    }
    quoted.push('\'');
    quoted
}

/// How the host joins SSM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Registration {
    /// Register with a fresh SSM activation.
    Activation {
        id: ActivationId,
        code: ActivationCode,
    },
    /// The host is already an SSM managed instance (`--skip-registration`).
    AlreadyManaged,
}

/// Where the command puts files on the host. Only tests move them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPaths {
    pub install_script: HostPath,
    pub ecs_config: HostPath,
}

impl Default for HostPaths {
    fn default() -> Self {
        Self {
            install_script: HostPath::known("/tmp/ecs-anywhere-install.sh"),
            ecs_config: HostPath::known("/etc/ecs/ecs.config"),
        }
    }
}

/// Everything the Linux command depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinuxInstall {
    pub region: InstallRegion,
    pub cluster: ClusterName,
    pub registration: Registration,
    /// The host's OS, when the user picked one; its requirements are applied.
    pub os: Option<OsId>,
    pub docker_install_source: DockerInstallSource,
    pub ecs_version: AgentVersion,
    pub no_start: bool,
    pub ecs_endpoint: Option<EcsEndpoint>,
    pub ip_compatibility: Option<IpCompatibility>,
    pub verify_signature: bool,
    /// The key a verified script must be signed with.
    pub signing_key: SigningKey,
    pub metadata: RegistrationMetadata,
    pub paths: HostPaths,
}

impl LinuxInstall {
    /// The console's defaults: no OS-specific rules, script defaults for every option.
    pub fn new(region: InstallRegion, cluster: ClusterName, registration: Registration) -> Self {
        Self {
            region,
            cluster,
            registration,
            os: None,
            docker_install_source: DockerInstallSource::default(),
            ecs_version: AgentVersion::default(),
            no_start: false,
            ecs_endpoint: None,
            ip_compatibility: None,
            verify_signature: false,
            signing_key: SigningKey::ecs_agent(),
            metadata: RegistrationMetadata::default(),
            paths: HostPaths::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstallError {
    #[error("{os} is a Windows system: use the PowerShell command for it.")]
    NotLinux { os: OsId },
    #[error("{os} is not a Windows system: use the Linux command for it.")]
    NotWindows { os: OsId },
    #[error("On {os}, {}", OsRequirement::NoDistroDocker.reason())]
    DistroDockerUnsupported { os: OsId },
}

/// The lines appended to the agent's config file before registration, with the JSON the agent reads.
pub fn ecs_config_lines(metadata: &RegistrationMetadata) -> Vec<String> {
    let mut lines = Vec::new();
    if !metadata.attributes().is_empty() {
        let pairs = metadata
            .attributes()
            .iter()
            .map(|a| (a.name.as_str(), a.value.as_str()));
        lines.push(format!("ECS_INSTANCE_ATTRIBUTES={}", json_object(pairs)));
    }
    if !metadata.tags().is_empty() {
        let pairs = metadata
            .tags()
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_str()));
        lines.push(format!(
            "ECS_CONTAINER_INSTANCE_TAGS={}",
            json_object(pairs)
        ));
    }
    lines
}

/// A JSON object in the user's order (the keys are known to be unique).
pub(super) fn json_object<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let members: Vec<String> = pairs
        .map(|(key, value)| format!("{}:{}", json_string(key), json_string(value)))
        .collect();
    format!("{{{}}}", members.join(","))
}

fn json_string(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}

/// One word of the install script's command line. Flags are constants and stay bare so the
/// command reads like the console's; every value is quoted.
enum ScriptArg {
    Flag(&'static str),
    Value(String),
}

impl ScriptArg {
    fn text(&self) -> &str {
        match self {
            ScriptArg::Flag(flag) => flag,
            ScriptArg::Value(value) => value,
        }
    }

    fn shell_word(&self) -> String {
        match self {
            ScriptArg::Flag(flag) => (*flag).to_owned(),
            ScriptArg::Value(value) => shell_quote(value),
        }
    }
}

/// The script options after `sudo bash SCRIPT`, each flag followed by its value.
fn script_arguments(install: &LinuxInstall, docker: DockerInstallSource) -> Vec<ScriptArg> {
    use ScriptArg::{Flag, Value};
    let mut args = vec![
        Flag("--region"),
        Value(install.region.code().to_owned()),
        Flag("--cluster"),
        Value(install.cluster.as_str().to_owned()),
    ];
    match &install.registration {
        Registration::Activation { id, code } => {
            args.extend([
                Flag("--activation-id"),
                Value(id.as_str().to_owned()),
                Flag("--activation-code"),
                Value(code.as_str().to_owned()),
            ]);
        }
        Registration::AlreadyManaged => args.push(Flag("--skip-registration")),
    }
    if docker != DockerInstallSource::default() {
        args.extend([
            Flag("--docker-install-source"),
            Value(docker.as_arg().to_owned()),
        ]);
    }
    if install.ecs_version != AgentVersion::Latest {
        args.extend([Flag("--ecs-version"), Value(install.ecs_version.as_arg())]);
    }
    if let Some(endpoint) = &install.ecs_endpoint {
        args.extend([Flag("--ecs-endpoint"), Value(endpoint.as_str().to_owned())]);
    }
    if let Some(ip) = install.ip_compatibility {
        args.extend([Flag("--ip-compatibility"), Value(ip.as_arg().to_owned())]);
    }
    if install.no_start {
        args.push(Flag("--no-start"));
    }
    args
}

/// The exact arguments the install script receives, in order: what the generated command passes.
pub fn install_script_argv(install: &LinuxInstall) -> Result<Vec<String>, InstallError> {
    let args = script_arguments(install, effective_docker_source(install)?);
    Ok(args.iter().map(|arg| arg.text().to_owned()).collect())
}

fn effective_docker_source(install: &LinuxInstall) -> Result<DockerInstallSource, InstallError> {
    let Some(os) = install.os else {
        return Ok(install.docker_install_source);
    };
    if os.family() != OsFamily::Linux {
        return Err(InstallError::NotLinux { os });
    }
    if os.requires(OsRequirement::DockerPreinstalled) {
        return Ok(DockerInstallSource::None);
    }
    if os.requires(OsRequirement::NoDistroDocker)
        && install.docker_install_source == DockerInstallSource::Distro
    {
        return Err(InstallError::DistroDockerUnsupported { os });
    }
    Ok(install.docker_install_source)
}

fn quoted_words<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    words
        .into_iter()
        .map(shell_quote)
        .collect::<Vec<_>>()
        .join(" ")
}

fn download_line(target: &str, url: &str) -> String {
    format!(
        "curl --proto '=https' --fail -o {} {}",
        shell_quote(target),
        shell_quote(url)
    )
}

fn prerequisites(os: Option<OsId>) -> Vec<Step> {
    let mut steps = vec![Step {
        title: "Check the host: the architecture must be x86_64 or aarch64 (ARM64), and it must run systemd.".to_owned(),
        commands: vec!["uname -m".to_owned(), "test -d /run/systemd/system && echo systemd".to_owned()],
    }];
    let Some(os) = os else {
        return steps;
    };
    if os.requires(OsRequirement::DockerPreinstalled) {
        steps.push(Step {
            title: format!(
                "Install Docker yourself first: {}",
                OsRequirement::DockerPreinstalled.reason()
            ),
            commands: vec!["docker --version".to_owned()],
        });
    }
    if os.requires(OsRequirement::CgroupsV1) {
        steps.push(Step {
            title: OsRequirement::CgroupsV1.reason().to_owned(),
            commands: vec![
                "sudo grubby --update-kernel=ALL --args=\"systemd.unified_cgroup_hierarchy=0\""
                    .to_owned(),
                "sudo reboot".to_owned(),
            ],
        });
    }
    if os.requires(OsRequirement::SelinuxCheck) {
        steps.push(Step {
            title: OsRequirement::SelinuxCheck.reason().to_owned(),
            commands: vec!["getenforce".to_owned()],
        });
    }
    steps
}

fn notes(install: &LinuxInstall, docker: DockerInstallSource) -> Vec<Note> {
    let mut notes = vec![Note::info(
        "The install script must run as root; the command uses sudo.",
    )];
    if let Registration::Activation { .. } = install.registration {
        notes.push(Note::warning(
            "The command contains the activation code: anyone who has it can register hosts until the activation expires or reaches its registration limit. Share it only with the people setting up these hosts.",
        ));
    } else {
        notes.push(Note::info(
            "--skip-registration: the SSM agent must already be installed, registered and running on the host.",
        ));
    }
    if let Some(os) = install.os
        && os.requires(OsRequirement::DockerPreinstalled)
        && install.docker_install_source != DockerInstallSource::None
    {
        notes.push(Note::warning(format!(
            "{os}: the Docker install source is set to none. {}",
            OsRequirement::DockerPreinstalled.reason()
        )));
    }
    if install.metadata.is_empty() {
        notes.push(Note::info(
            "Custom attributes and container instance tags can only be given before registration (they are written to the agent's config file first); add them now if your placement constraints need them.",
        ));
    } else {
        notes.push(Note::info(format!(
            "The custom attributes and tags are appended to {} before the script runs: the agent reads them only when it registers, they cannot be added this way afterwards.",
            install.paths.ecs_config
        )));
    }
    if install.verify_signature {
        notes.push(Note::info(format!(
            "The command fetches the ECS public key over HTTPS and runs the script only if its signature was made by the key whose primary fingerprint is {}; a signature from any other key, even one this host's keyring trusts, stops it. gpg and gpgv must be installed.",
            spaced_fingerprint(install.signing_key.fingerprint())
        )));
    }
    if install.no_start {
        notes.push(Note::info(
            "--no-start: Docker, the SSM agent and the ECS agent are installed but not started; the host appears in the cluster only once they are started.",
        ));
    }
    if docker == DockerInstallSource::None {
        notes.push(Note::info(
            "Docker install source none: Docker must already be installed and running.",
        ));
    }
    notes.push(Note::info(
        "GPU support (--enable-gpu) is not offered: GPU requirements in task definitions are not supported on external instances.",
    ));
    notes
}

/// `F34C 3DDA …` in groups of four, as gpg shows it to people.
fn spaced_fingerprint(fingerprint: &str) -> String {
    let groups: Vec<&str> = fingerprint
        .as_bytes()
        .chunks(4)
        .map(|group| std::str::from_utf8(group).unwrap_or_default())
        .collect();
    groups.join(" ")
}

/// Fetches the signature and the public key, and lets the script run only when gpgv, given a
/// keyring that holds nothing but the fetched key, reports a good signature (`GOODSIG`: not
/// expired, not revoked) whose primary key is the pinned one (`VALIDSIG`'s last field). The
/// host's own keyrings are never consulted, and nothing is imported into them.
fn verification_lines(script: &str, key: &SigningKey) -> Vec<String> {
    let signature = format!("{script}.asc");
    let armored = format!("{script}.key.asc");
    let keyring = format!("{script}.key.gpg");
    let pinned = format!(
        "$1 == \"[GNUPG:]\" && $2 == \"GOODSIG\" {{ good = 1 }} $1 == \"[GNUPG:]\" && $2 == \"VALIDSIG\" && $NF == \"{}\" {{ pinned = 1 }} END {{ exit !(good && pinned) }}",
        key.fingerprint()
    );
    vec![
        download_line(&signature, &format!("{INSTALL_SCRIPT_URL}.asc")),
        download_line(&armored, key.url()),
        format!(
            "gpg --batch --yes --dearmor -o {} {}",
            shell_quote(&keyring),
            shell_quote(&armored)
        ),
        format!(
            "gpgv --keyring {} --status-fd 1 {} {} | awk {}",
            shell_quote(&keyring),
            shell_quote(&signature),
            shell_quote(script),
            shell_quote(&pinned)
        ),
    ]
}

/// The Linux install procedure.
pub fn linux_plan(install: &LinuxInstall) -> Result<InstallPlan, InstallError> {
    let docker = effective_docker_source(install)?;
    let script = install.paths.install_script.as_str();
    let mut lines = Vec::new();

    let config_lines = ecs_config_lines(&install.metadata);
    if !config_lines.is_empty() {
        let config = &install.paths.ecs_config;
        lines.push(format!(
            "sudo mkdir -p {} && printf '%s\\n' {} | sudo tee -a {}",
            shell_quote(config.parent()),
            quoted_words(config_lines.iter().map(String::as_str)),
            shell_quote(config.as_str()),
        ));
    }
    lines.push(download_line(script, INSTALL_SCRIPT_URL));
    if install.verify_signature {
        lines.extend(verification_lines(script, &install.signing_key));
    }
    let args: Vec<String> = script_arguments(install, docker)
        .iter()
        .map(ScriptArg::shell_word)
        .collect();
    lines.push(format!(
        "sudo bash {} {}",
        shell_quote(script),
        args.join(" ")
    ));

    Ok(InstallPlan {
        shell: Shell::Bash,
        prerequisites: prerequisites(install.os),
        command: lines.join(" && "),
        lines,
        notes: notes(install, docker),
        firewall: firewall_hosts(
            install.region.region(),
            &InstallContacts {
                package_keys: true,
                docker_repository: matches!(
                    docker,
                    DockerInstallSource::All | DockerInstallSource::Docker
                ),
                ipv6: install.ip_compatibility == Some(IpCompatibility::Ipv6),
                // The ECS key is published beside the package keys, already on the list.
                key_server: install
                    .verify_signature
                    .then(|| install.signing_key.host())
                    .filter(|host| *host != PACKAGE_KEYS_HOST),
            },
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::{Attribute, Tag};

    fn install() -> LinuxInstall {
        LinuxInstall::new(
            InstallRegion::parse("us-east-2").unwrap(),
            ClusterName::parse("prod").unwrap(),
            Registration::Activation {
                id: ActivationId::parse("0a1b2c3d-4e5f-6789-abcd-ef0123456789").unwrap(),
                code: ActivationCode::parse("AbCdEfGhIjKlMnOpQrSt").unwrap(),
            },
        )
    }

    #[test]
    fn quoting_closes_and_reopens_around_single_quotes() {
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote("$(x) `y`"), "'$(x) `y`'");
    }

    #[test]
    fn the_default_command_has_the_console_shape() {
        let plan = linux_plan(&install()).unwrap();
        assert_eq!(
            plan.command,
            "curl --proto '=https' --fail -o '/tmp/ecs-anywhere-install.sh' 'https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install-latest.sh' && sudo bash '/tmp/ecs-anywhere-install.sh' --region 'us-east-2' --cluster 'prod' --activation-id '0a1b2c3d-4e5f-6789-abcd-ef0123456789' --activation-code 'AbCdEfGhIjKlMnOpQrSt'"
        );
        assert_eq!(plan.prerequisites.len(), 1);
        assert!(!plan.firewall.is_empty());
    }

    #[test]
    fn rhel_forces_docker_source_none_and_says_so() {
        let mut rhel = install();
        rhel.os = Some(OsId::Rhel7);
        let argv = install_script_argv(&rhel).unwrap();
        let at = argv
            .iter()
            .position(|a| a == "--docker-install-source")
            .unwrap();
        assert_eq!(argv[at + 1], "none");
        let plan = linux_plan(&rhel).unwrap();
        assert!(plan.notes.iter().any(|n| n.text.contains("set to none")));
        assert!(
            plan.prerequisites
                .iter()
                .any(|s| s.commands == ["getenforce"])
        );
    }

    #[test]
    fn fedora_gets_the_cgroups_step_and_refuses_distro_docker() {
        let mut fedora = install();
        fedora.os = Some(OsId::Fedora33);
        let plan = linux_plan(&fedora).unwrap();
        assert!(
            plan.prerequisites
                .iter()
                .any(|s| s.commands.iter().any(|c| c.contains("grubby")))
        );
        fedora.docker_install_source = DockerInstallSource::Distro;
        assert_eq!(
            linux_plan(&fedora),
            Err(InstallError::DistroDockerUnsupported { os: OsId::Fedora33 })
        );
        fedora.os = Some(OsId::WindowsServer2022);
        assert!(matches!(
            linux_plan(&fedora),
            Err(InstallError::NotLinux { .. })
        ));
    }

    #[test]
    fn skip_registration_drops_the_activation_flags() {
        let mut managed = install();
        managed.registration = Registration::AlreadyManaged;
        let argv = install_script_argv(&managed).unwrap();
        assert!(argv.contains(&"--skip-registration".to_owned()));
        assert!(!argv.iter().any(|a| a.starts_with("--activation")));
    }

    #[test]
    fn options_appear_only_when_set() {
        let mut all = install();
        all.ecs_version = AgentVersion::parse("1.85.0").unwrap();
        all.ecs_endpoint = Some(EcsEndpoint::parse("https://ecs.example.test").unwrap());
        all.ip_compatibility = Some(IpCompatibility::Ipv6);
        all.no_start = true;
        all.docker_install_source = DockerInstallSource::Docker;
        let argv = install_script_argv(&all).unwrap();
        let tail: Vec<&str> = argv[8..].iter().map(String::as_str).collect();
        assert_eq!(
            tail,
            [
                "--docker-install-source",
                "docker",
                "--ecs-version",
                "1.85.0",
                "--ecs-endpoint",
                "https://ecs.example.test",
                "--ip-compatibility",
                "ipv6",
                "--no-start"
            ]
        );
        assert_eq!(install_script_argv(&install()).unwrap().len(), 8);
    }

    #[test]
    fn metadata_becomes_agent_config_json_in_the_given_order() {
        let metadata = RegistrationMetadata::new(
            vec![
                Attribute::parse("zone", "rack 1").unwrap(),
                Attribute::parse("a\\b", "c:\\d").unwrap(),
            ],
            vec![Tag::parse("team", "").unwrap()],
        )
        .unwrap();
        assert_eq!(
            ecs_config_lines(&metadata),
            [
                r#"ECS_INSTANCE_ATTRIBUTES={"zone":"rack 1","a\\b":"c:\\d"}"#,
                r#"ECS_CONTAINER_INSTANCE_TAGS={"team":""}"#,
            ]
        );
    }

    #[test]
    fn signature_verification_runs_before_the_script_and_pins_the_key() {
        let mut verified = install();
        verified.verify_signature = true;
        let plan = linux_plan(&verified).unwrap();
        let verify = plan
            .lines
            .iter()
            .position(|l| l.starts_with("gpgv "))
            .unwrap();
        let run = plan
            .lines
            .iter()
            .position(|l| l.starts_with("sudo bash"))
            .unwrap();
        assert!(verify < run);
        assert!(
            plan.lines[verify].contains("F34C3DDAE72926B079BEAEC6BCE9D9A42D51784F"),
            "{}",
            plan.lines[verify]
        );
        assert!(plan.command.contains(&format!("'{GPG_KEY_URL}'")));
        assert!(!plan.command.contains("hkp://"));
        assert!(plan.notes.iter().any(|n| {
            n.text
                .contains("F34C 3DDA E729 26B0 79BE AEC6 BCE9 D9A4 2D51 784F")
        }));
    }

    #[test]
    fn signing_keys_are_https_and_forty_hex_digits() {
        assert_eq!(
            SigningKey::ecs_agent().fingerprint(),
            "F34C3DDAE72926B079BEAEC6BCE9D9A42D51784F"
        );
        assert_eq!(
            SigningKey::new("http://keys.example/k.asc", GPG_FINGERPRINT),
            Err(SigningKeyError::NotHttps)
        );
        for bad in ["F34C", "G34C3DDAE72926B079BEAEC6BCE9D9A42D51784F", ""] {
            assert_eq!(
                SigningKey::new(GPG_KEY_URL, bad),
                Err(SigningKeyError::BadFingerprint)
            );
        }
    }
}

//! Runs the generated Linux command in a real bash with stub `curl` and `sudo`, and checks that the
//! install script receives exactly the intended arguments and the agent config exactly the JSON.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use anywhere_core::install::linux::{
    HostPaths, LinuxInstall, Registration, ecs_config_lines, install_script_argv, linux_plan,
    shell_quote,
};
use anywhere_core::install::validate::{
    ActivationCode, ActivationId, Attribute, ClusterName, DockerInstallSource, HostPath,
    InstallRegion, RegistrationMetadata, Tag,
};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

/// A scratch directory with stub tools on PATH; removed when dropped.
struct Sandbox {
    dir: PathBuf,
}

static NEXT_SANDBOX: AtomicUsize = AtomicUsize::new(0);

/// `curl` writes, at its `-o` path, an install script that records its argv NUL-separated in
/// `argv.bin` next to itself (or, for a `.asc` target, a placeholder signature).
const STUB_CURL: &str = r#"#!/bin/bash
out=""
while [ $# -gt 0 ]; do
    case "$1" in
        -o) out="$2"; shift 2 ;;
        *) shift ;;
    esac
done
[ -n "$out" ] || { echo "stub curl: no -o" >&2; exit 2; }
case "$out" in
    *.asc) echo "signature" > "$out" ;;
    *) printf '%s\n' '#!/bin/bash' 'printf "%s\0" "$@" > "$(dirname "$0")/argv.bin"' > "$out" ;;
esac
"#;

const STUB_SUDO: &str = "#!/bin/bash\nexec \"$@\"\n";

/// `gpg` records that it ran and succeeds, so the verification path can be followed.
const STUB_GPG: &str = "#!/bin/bash\nprintf '%s\\n' \"$*\" >> \"$STUB_LOG\"\n";

impl Sandbox {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!(
            "anywhere-install-{}-{}",
            std::process::id(),
            NEXT_SANDBOX.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("bin")).unwrap();
        for (name, body) in [("curl", STUB_CURL), ("sudo", STUB_SUDO), ("gpg", STUB_GPG)] {
            let path = dir.join("bin").join(name);
            fs::write(&path, body).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
        Self { dir }
    }

    fn paths(&self) -> HostPaths {
        HostPaths {
            install_script: HostPath::parse(
                self.dir
                    .join("dl/ecs-anywhere-install.sh")
                    .to_str()
                    .unwrap(),
            )
            .unwrap(),
            ecs_config: HostPath::parse(self.dir.join("etc/ecs/ecs.config").to_str().unwrap())
                .unwrap(),
        }
    }

    fn path_var(&self) -> String {
        format!(
            "{}:{}",
            self.dir.join("bin").display(),
            std::env::var("PATH").unwrap()
        )
    }

    /// Runs `text` as a bash script file in the sandbox, with the stubs first on PATH.
    fn run(&self, text: &str) -> std::process::Output {
        fs::create_dir_all(self.dir.join("dl")).unwrap();
        let file = self.dir.join("run.sh");
        fs::write(&file, text).unwrap();
        Command::new("bash")
            .arg(&file)
            .env("PATH", self.path_var())
            .env("STUB_LOG", self.dir.join("stub.log"))
            .output()
            .unwrap()
    }

    fn received_argv(&self) -> Vec<String> {
        let bytes = fs::read(self.dir.join("dl/argv.bin")).expect("the install script did not run");
        let mut argv: Vec<String> = bytes
            .split(|&b| b == 0)
            .map(|a| String::from_utf8(a.to_vec()).unwrap())
            .collect();
        assert_eq!(
            argv.pop().as_deref(),
            Some(""),
            "argv dump must end with NUL"
        );
        argv
    }

    fn read(&self, relative: &str) -> Option<String> {
        fs::read_to_string(self.dir.join(relative)).ok()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn bash_syntax_ok(text: &str) -> bool {
    let output = Command::new("bash")
        .args(["-n", "-c", text])
        .output()
        .unwrap();
    output.status.success()
}

fn activation() -> Registration {
    Registration::Activation {
        id: ActivationId::parse("0a1b2c3d-4e5f-6789-abcd-ef0123456789").unwrap(),
        code: ActivationCode::parse("Ab+Cd/EfGh=IjKlMnOpQrSt").unwrap(),
    }
}

/// The expected agent config: one `KEY=JSON` line per non-empty list, JSON in the given order.
fn expected_config(attributes: &[(String, String)], tags: &[(String, String)]) -> String {
    let object = |pairs: &[(String, String)]| {
        let members: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}:{}", serde_json::json!(k), serde_json::json!(v)))
            .collect();
        format!("{{{}}}", members.join(","))
    };
    let mut text = String::new();
    if !attributes.is_empty() {
        text.push_str(&format!("ECS_INSTANCE_ATTRIBUTES={}\n", object(attributes)));
    }
    if !tags.is_empty() {
        text.push_str(&format!("ECS_CONTAINER_INSTANCE_TAGS={}\n", object(tags)));
    }
    text
}

/// Runs the plan for `cluster`, one attribute and one tag built from the given strings, if they
/// validate; checks the shell saw exactly what was meant. Returns whether the input was accepted.
fn check_generated_command(
    cluster: &str,
    attr_value: &str,
    tag_key: &str,
    tag_value: &str,
) -> bool {
    let Ok(cluster_name) = ClusterName::parse(cluster) else {
        return false;
    };
    let Ok(attribute) = Attribute::parse("placement.zone", attr_value) else {
        return false;
    };
    let Ok(tag) = Tag::parse(tag_key, tag_value) else {
        return false;
    };
    let sandbox = Sandbox::new();
    let mut install = LinuxInstall::new(
        InstallRegion::parse("eu-west-1").unwrap(),
        cluster_name,
        activation(),
    );
    install.metadata = RegistrationMetadata::new(vec![attribute], vec![tag]).unwrap();
    install.paths = sandbox.paths();
    let plan = linux_plan(&install).unwrap();
    assert!(
        bash_syntax_ok(&plan.command),
        "bash -n refused: {}",
        plan.command
    );
    assert!(bash_syntax_ok(&plan.script()), "bash -n refused the script");

    for text in [plan.command.clone(), plan.script()] {
        let output = sandbox.run(&text);
        assert!(
            output.status.success(),
            "command failed: {}\n{}",
            String::from_utf8_lossy(&output.stderr),
            text
        );
        let expected_argv = [
            "--region",
            "eu-west-1",
            "--cluster",
            cluster,
            "--activation-id",
            "0a1b2c3d-4e5f-6789-abcd-ef0123456789",
            "--activation-code",
            "Ab+Cd/EfGh=IjKlMnOpQrSt",
        ];
        assert_eq!(sandbox.received_argv(), expected_argv);
        assert_eq!(
            sandbox.read("etc/ecs/ecs.config").unwrap(),
            expected_config(
                &[("placement.zone".into(), attr_value.into())],
                &[(tag_key.into(), tag_value.into())]
            )
        );
        fs::remove_file(sandbox.dir.join("etc/ecs/ecs.config")).unwrap();
        fs::remove_file(sandbox.dir.join("dl/argv.bin")).unwrap();
    }
    true
}

/// Strings built from pieces that attack shell quoting, mixed with characters the validators
/// accept, so that both refusals and accepted-but-hostile values occur.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => "[a-zA-Z0-9_-]{1,6}",
        1 => Just("'".to_owned()),
        1 => Just("\"".to_owned()),
        1 => Just("$(touch pwned)".to_owned()),
        1 => Just("`id`".to_owned()),
        1 => Just("\n".to_owned()),
        1 => Just("\\".to_owned()),
        1 => Just("--x".to_owned()),
        1 => Just(" ".to_owned()),
        1 => Just(";&|<>*?!#~%{}".to_owned()),
        1 => Just("é日ß".to_owned()),
        1 => Just("\u{2028}".to_owned()),
        1 => Just(":/@=+.".to_owned()),
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// Puts a hostile string into one field (the others stay plain) and runs the plan; counts how many
/// inputs were accepted so the property cannot pass by refusing everything (about one in five is
/// accepted; fewer than two of 64 has a probability near 1e-5).
#[test]
fn hostile_values_are_refused_or_reach_the_script_intact() {
    let accepted = AtomicUsize::new(0);
    let mut runner = TestRunner::new(ProptestConfig::with_cases(64));
    runner
        .run(&(0..4usize, hostile()), |(field, value)| {
            let mut fields = ["c1", "v", "k", "t"];
            fields[field] = &value;
            let [cluster, attr_value, tag_key, tag_value] = fields;
            if check_generated_command(cluster, attr_value, tag_key, tag_value) {
                accepted.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        })
        .unwrap();
    let accepted = accepted.into_inner();
    assert!(accepted >= 2, "only {accepted} of 64 inputs were accepted");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The quoter on its own, for any text bash can hold (no NUL): one word, exactly the input.
    #[test]
    fn shell_quote_round_trips_through_bash(value in "[^\u{0}]{0,40}") {
        let command = format!("printf '%s\\0' {}", shell_quote(&value));
        let output = Command::new("bash").args(["-c", &command]).output().unwrap();
        prop_assert!(output.status.success());
        let mut expected = value.into_bytes();
        expected.push(0);
        prop_assert_eq!(output.stdout, expected);
    }
}

#[test]
fn accepted_hostile_values_reach_the_script_intact() {
    let cases = [
        ("--", "x", "k", "v"),
        ("c", "a\\b @:/ -_.", "k", "v"),
        ("c", "v", "clé = 1 + 2", "données @ x:y/z"),
        ("c", "v", "k", ""),
        ("c", "v", "k\u{2028}x", "\u{3000}"),
    ];
    let accepted: Vec<bool> = cases
        .iter()
        .map(|(c, a, k, v)| check_generated_command(c, a, k, v))
        .collect();
    assert_eq!(accepted, [false, true, true, true, true]);
}

#[test]
fn every_option_reaches_the_script_as_planned() {
    let sandbox = Sandbox::new();
    let mut install = LinuxInstall::new(
        InstallRegion::parse("ap-southeast-2").unwrap(),
        ClusterName::parse("edge_1").unwrap(),
        Registration::AlreadyManaged,
    );
    install.paths = sandbox.paths();
    install.no_start = true;
    install.docker_install_source = DockerInstallSource::None;
    install.ecs_version = anywhere_core::install::validate::AgentVersion::parse("1.85.0").unwrap();
    install.ecs_endpoint = Some(
        anywhere_core::install::validate::EcsEndpoint::parse(
            "https://ecs.example.test/x?a=1&b='2'",
        )
        .unwrap(),
    );
    install.ip_compatibility = Some(anywhere_core::install::validate::IpCompatibility::Ipv6);
    install.verify_signature = true;
    let plan = linux_plan(&install).unwrap();
    let output = sandbox.run(&plan.command);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        sandbox.received_argv(),
        install_script_argv(&install).unwrap()
    );
    assert_eq!(
        sandbox.received_argv(),
        [
            "--region",
            "ap-southeast-2",
            "--cluster",
            "edge_1",
            "--skip-registration",
            "--docker-install-source",
            "none",
            "--ecs-version",
            "1.85.0",
            "--ecs-endpoint",
            "https://ecs.example.test/x?a=1&b='2'",
            "--ip-compatibility",
            "ipv6",
            "--no-start",
        ]
    );
    let gpg_log = sandbox.read("stub.log").unwrap();
    let script = install.paths.install_script.as_str();
    assert_eq!(
        gpg_log,
        format!(
            "--keyserver hkp://keys.gnupg.net:80 --recv BCE9D9A42D51784F\n--verify {script}.asc {script}\n"
        )
    );
    assert_eq!(sandbox.read("etc/ecs/ecs.config"), None);
    assert!(ecs_config_lines(&install.metadata).is_empty());
}

#[test]
fn a_failed_signature_check_stops_before_the_script_runs() {
    let sandbox = Sandbox::new();
    fs::write(sandbox.dir.join("bin/gpg"), "#!/bin/bash\nexit 1\n").unwrap();
    let mut install = LinuxInstall::new(
        InstallRegion::parse("us-west-2").unwrap(),
        ClusterName::parse("c").unwrap(),
        activation(),
    );
    install.paths = sandbox.paths();
    install.verify_signature = true;
    let plan = linux_plan(&install).unwrap();
    for text in [plan.command.clone(), plan.script()] {
        let output = sandbox.run(&text);
        assert!(!output.status.success());
        assert!(!Path::new(&sandbox.dir.join("dl/argv.bin")).exists());
    }
}

//! Runs the generated Linux command in a real bash with stub `curl` and `sudo`, and checks that the
//! install script receives exactly the intended arguments and the agent config exactly the JSON,
//! and that with signature verification (real gpg and gpgv, test keys) only a script signed by
//! the pinned key runs.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use anywhere_core::fields::{
    ActivationCode, ActivationId, Attribute, ClusterName, RegistrationMetadata, Tag,
};
use anywhere_core::install::linux::{
    HostPaths, LinuxInstall, Registration, SigningKey, ecs_config_lines, install_script_argv,
    linux_plan, shell_quote,
};
use anywhere_core::install::options::{DockerInstallSource, HostPath, InstallRegion};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

/// A scratch directory with stub tools on PATH; removed when dropped.
struct Sandbox {
    dir: PathBuf,
}

static NEXT_SANDBOX: AtomicUsize = AtomicUsize::new(0);

/// `curl` copies `$STUB_FILES/<last part of the URL>` to its `-o` path when that file exists;
/// otherwise it writes there an install script that records its argv NUL-separated in `argv.bin`
/// next to itself.
const STUB_CURL: &str = r#"#!/bin/bash
out=""
url=""
while [ $# -gt 0 ]; do
    case "$1" in
        -o) out="$2"; shift 2 ;;
        -*) shift ;;
        *) url="$1"; shift ;;
    esac
done
[ -n "$out" ] || { echo "stub curl: no -o" >&2; exit 2; }
served="$STUB_FILES/${url##*/}"
if [ -n "$STUB_FILES" ] && [ -f "$served" ]; then
    cp "$served" "$out"
    exit 0
fi
printf '%s\n' "$RECORDING_SCRIPT" > "$out"
"#;

/// The install script stand-in: records the arguments it was given next to itself.
const RECORDING_SCRIPT: &str = r#"#!/bin/bash
printf "%s\0" "$@" > "$(dirname "$0")/argv.bin""#;

const STUB_SUDO: &str = "#!/bin/bash\nexec \"$@\"\n";

impl Sandbox {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!(
            "anywhere-install-{}-{}",
            std::process::id(),
            NEXT_SANDBOX.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("bin")).unwrap();
        for (name, body) in [("curl", STUB_CURL), ("sudo", STUB_SUDO)] {
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
        self.run_with(text, &[])
    }

    fn run_with(&self, text: &str, env: &[(&str, &Path)]) -> std::process::Output {
        fs::create_dir_all(self.dir.join("dl")).unwrap();
        let file = self.dir.join("run.sh");
        fs::write(&file, text).unwrap();
        let mut command = Command::new("bash");
        command
            .arg(&file)
            .env("PATH", self.path_var())
            .env("RECORDING_SCRIPT", RECORDING_SCRIPT)
            .env_remove("STUB_FILES")
            .env_remove("GNUPGHOME");
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().unwrap()
    }

    fn script_ran(&self) -> bool {
        self.dir.join("dl/argv.bin").exists()
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
    install.ecs_version = anywhere_core::install::options::AgentVersion::parse("1.85.0").unwrap();
    install.ecs_endpoint = Some(
        anywhere_core::install::options::EcsEndpoint::parse("https://ecs.example.test/x?a=1&b='2'")
            .unwrap(),
    );
    install.ip_compatibility = Some(anywhere_core::install::options::IpCompatibility::Ipv6);
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
    assert_eq!(sandbox.read("etc/ecs/ecs.config"), None);
    assert!(ecs_config_lines(&install.metadata).is_empty());
}

/// Test keys, made once per run with the real gpg: the "pinned" key (a certify-only primary key
/// with a signing subkey, shaped like the ECS key) and an "other" key; detached signatures of the
/// install script stand-in by each; and a host keyring that trusts the other key.
struct Keys {
    dir: PathBuf,
    pinned: String,
    other: String,
}

const KEY_URL: &str = "https://keys.test.invalid/ecs-agent.asc";
/// The stand-in script as signed, in the test keys' folder.
const SIGNED: &str = "ecs-anywhere-install-latest.sh";

fn gpg(home: &Path, args: &[&str]) -> String {
    let output = Command::new("gpg")
        .arg("--homedir")
        .arg(home)
        .args([
            "--batch",
            "--yes",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
        ])
        .args(args)
        .output()
        .expect("gpg is installed (scripts/setup.sh installs gnupg)");
    assert!(
        output.status.success(),
        "gpg {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn primary_fingerprint(home: &Path, uid: &str) -> String {
    let listing = gpg(home, &["--with-colons", "--list-keys", uid]);
    let line = listing.lines().find(|l| l.starts_with("fpr:")).unwrap();
    line.split(':').nth(9).unwrap().to_owned()
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        // Regenerated on every run, in the directory cargo keeps for tests' files.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gpg-keys");
        let _ = fs::remove_dir_all(&dir);
        let signer = dir.join("signer");
        let host = dir.join("host");
        for home in [&signer, &host] {
            fs::create_dir_all(home).unwrap();
            fs::set_permissions(home, fs::Permissions::from_mode(0o700)).unwrap();
        }
        gpg(
            &signer,
            &[
                "--quick-gen-key",
                "Pinned Test <pinned@test.invalid>",
                "ed25519",
                "cert",
                "never",
            ],
        );
        let pinned = primary_fingerprint(&signer, "pinned@test.invalid");
        gpg(
            &signer,
            &["--quick-add-key", &pinned, "ed25519", "sign", "never"],
        );
        gpg(
            &signer,
            &[
                "--quick-gen-key",
                "Other Test <other@test.invalid>",
                "ed25519",
                "sign",
                "never",
            ],
        );
        let other = primary_fingerprint(&signer, "other@test.invalid");
        let script = dir.join("ecs-anywhere-install-latest.sh");
        fs::write(&script, format!("{RECORDING_SCRIPT}\n")).unwrap();
        // The same script with a line added after it was signed.
        fs::write(
            dir.join("changed.sh"),
            format!("{RECORDING_SCRIPT}\ntouch pwned\n"),
        )
        .unwrap();
        for (who, fingerprint) in [("pinned", &pinned), ("other", &other)] {
            let signature = dir.join(format!("{who}.asc"));
            gpg(
                &signer,
                &[
                    "--armor",
                    "--detach-sign",
                    "-u",
                    fingerprint,
                    "-o",
                    signature.to_str().unwrap(),
                    script.to_str().unwrap(),
                ],
            );
        }
        fs::write(
            dir.join("pinned-key.asc"),
            gpg(&signer, &["--armor", "--export", &pinned]),
        )
        .unwrap();
        fs::write(
            dir.join("both-keys.asc"),
            gpg(&signer, &["--armor", "--export", &pinned, &other]),
        )
        .unwrap();
        // The host's own keyring holds and fully trusts the other key.
        let other_key = dir.join("other-key.asc");
        fs::write(&other_key, gpg(&signer, &["--armor", "--export", &other])).unwrap();
        gpg(&host, &["--import", other_key.to_str().unwrap()]);
        let trust = dir.join("trust.txt");
        fs::write(&trust, format!("{other}:6:\n")).unwrap();
        gpg(&host, &["--import-ownertrust", trust.to_str().unwrap()]);
        for home in [&signer, &host] {
            let _ = Command::new("gpgconf")
                .arg("--homedir")
                .arg(home)
                .args(["--kill", "all"])
                .status();
        }
        Keys { dir, pinned, other }
    })
}

/// Serves `script` (a file of the test keys' folder) as the install script, `signature` as its
/// `.asc` and `key_file` at the key URL, runs the verified command (one line and script forms), and
/// tells whether the script ran in each.
fn run_verified(
    script: &str,
    signature: &str,
    key_file: &str,
    host_keyring: bool,
    fingerprint: &str,
) -> Vec<bool> {
    let keys = keys();
    let sandbox = Sandbox::new();
    let files = sandbox.dir.join("files");
    fs::create_dir_all(&files).unwrap();
    fs::copy(
        keys.dir.join(script),
        files.join("ecs-anywhere-install-latest.sh"),
    )
    .unwrap();
    fs::copy(
        keys.dir.join(signature),
        files.join("ecs-anywhere-install-latest.sh.asc"),
    )
    .unwrap();
    fs::copy(keys.dir.join(key_file), files.join("ecs-agent.asc")).unwrap();
    let mut install = LinuxInstall::new(
        InstallRegion::parse("eu-west-1").unwrap(),
        ClusterName::parse("edge").unwrap(),
        activation(),
    );
    install.paths = sandbox.paths();
    install.verify_signature = true;
    install.signing_key = SigningKey::new(KEY_URL, fingerprint).unwrap();
    let plan = linux_plan(&install).unwrap();
    let host_home = keys.dir.join("host");
    let mut env: Vec<(&str, &Path)> = vec![("STUB_FILES", &files)];
    if host_keyring {
        env.push(("GNUPGHOME", &host_home));
    }
    [plan.command.clone(), plan.script()]
        .iter()
        .map(|text| {
            let output = sandbox.run_with(text, &env);
            let ran = sandbox.script_ran();
            assert_eq!(
                output.status.success(),
                ran,
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            let _ = fs::remove_file(sandbox.dir.join("dl/argv.bin"));
            ran
        })
        .collect()
}

#[test]
fn a_script_signed_by_the_pinned_key_runs() {
    let keys = keys();
    assert_eq!(
        run_verified(SIGNED, "pinned.asc", "pinned-key.asc", false, &keys.pinned),
        [true, true]
    );
    // The host's keyring changes nothing.
    assert_eq!(
        run_verified(SIGNED, "pinned.asc", "pinned-key.asc", true, &keys.pinned),
        [true, true]
    );
}

#[test]
fn a_signature_from_a_key_the_host_trusts_is_refused_and_the_script_never_runs() {
    let keys = keys();
    // What the AWS guide's `gpg --verify` would say on this host: the other key's signature is good.
    let plain = Command::new("gpg")
        .env("GNUPGHOME", keys.dir.join("host"))
        .args(["--batch", "--verify"])
        .arg(keys.dir.join("other.asc"))
        .arg(keys.dir.join("ecs-anywhere-install-latest.sh"))
        .output()
        .unwrap();
    assert!(
        plain.status.success(),
        "the unpinned check accepts any key it knows"
    );
    assert_eq!(
        run_verified(SIGNED, "other.asc", "pinned-key.asc", true, &keys.pinned),
        [false, false]
    );
}

#[test]
fn a_key_file_carrying_another_key_does_not_get_past_the_pin() {
    let keys = keys();
    // Whoever can change the key file can add their own key to it: the pin still refuses.
    assert_eq!(
        run_verified(SIGNED, "other.asc", "both-keys.asc", false, &keys.pinned),
        [false, false]
    );
    // The same signature passes only if the command pinned that other key (the test can fail).
    assert_eq!(
        run_verified(SIGNED, "other.asc", "both-keys.asc", false, &keys.other),
        [true, true]
    );
}

#[test]
fn a_changed_script_is_refused() {
    let keys = keys();
    assert_eq!(
        run_verified(
            "changed.sh",
            "pinned.asc",
            "pinned-key.asc",
            false,
            &keys.pinned
        ),
        [false, false]
    );
}

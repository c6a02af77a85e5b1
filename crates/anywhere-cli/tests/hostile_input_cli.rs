//! The CLI against input meant to break it: expressions of 100,000 clauses, huge and endless
//! files, a reader that closes the pipe, a full disk, control characters and 100 kB values in
//! every option. Each ends with a clean exit status and one readable sentence, never a panic
//! (status 101) or a crash (status 134).

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

fn anywhere<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anywhere"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A scratch file, removed when dropped.
struct Scratch(PathBuf);

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Scratch {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "anywhere-cli-{}-{}-{name}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        Scratch(path)
    }

    fn with(name: &str, contents: &str) -> Self {
        let scratch = Self::new(name);
        fs::write(&scratch.0, contents).unwrap();
        scratch
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// A task definition whose memberOf expression chains `clauses` conditions with `or`.
fn long_expression_taskdef(clauses: usize) -> String {
    let expression = vec!["attribute:zone == a"; clauses].join(" or ");
    serde_json::json!({
        "family": "web",
        "requiresCompatibilities": ["EXTERNAL"],
        "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128}],
        "placementConstraints": [{"type": "memberOf", "expression": expression}]
    })
    .to_string()
}

/// Exit status 2, exactly one line on standard error, and no trace of a panic.
fn assert_one_sentence_refusal(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    let text = stderr(output);
    assert!(!text.contains("panicked"), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    text
}

/// Nothing in `text` can move the cursor, recolour the terminal or reorder what follows.
fn assert_terminal_safe(text: &str) {
    for c in text.chars() {
        assert!(
            c == '\n' || !anywhere_core::text::is_hidden_control(c),
            "raw {:?} in {text:?}",
            c
        );
    }
}

#[test]
fn a_100k_clause_expression_is_refused_for_its_size_from_a_file_and_from_stdin() {
    let text = long_expression_taskdef(100_000);
    assert!(text.len() > 2_000_000);
    let file = Scratch::with("100k.json", &text);
    let output = anywhere(&["lint", file.path()]);
    let message = assert_one_sentence_refusal(&output);
    assert!(message.contains("is larger than 1 MiB"), "{message}");
    assert!(
        output
            .stdout
            .ends_with(b"0 errors, 0 warnings in 1 file (1 unreadable)\n")
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_anywhere"))
        .args(["lint", "--format=json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The CLI stops reading at its limit and may close its end early: a refused write is fine.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        report["files"][0]["error"]
            .as_str()
            .unwrap()
            .contains("larger than 1 MiB")
    );
}

#[test]
fn an_expression_beyond_any_request_is_refused_and_one_within_it_is_linted() {
    // 20,000 clauses, about 400 kB: under the read limit, over the request limit.
    let file = Scratch::with("20k.json", &long_expression_taskdef(20_000));
    let message = assert_one_sentence_refusal(&anywhere(&["lint", file.path()]));
    assert!(
        message.contains("more than the 65536 bytes (64 KiB)"),
        "{message}"
    );

    // 2,500 clauses fit in 64 KiB: the expression reaches the rules, which refuse it (ECS takes
    // at most 2000 characters).
    let text = long_expression_taskdef(2_500);
    assert!(text.len() < 64 * 1024);
    let file = Scratch::with("2500.json", &text);
    let output = anywhere(&["lint", file.path()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains(": error["), "{report}");
    assert!(
        report.contains(" placementConstraints[0].expression: "),
        "{report}"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // 30,000 nested parentheses inside an expression, and 30,000 nested JSON arrays.
    let expression = format!(
        "{}attribute:zone exists{}",
        "(".repeat(30_000),
        ")".repeat(30_000)
    );
    let definition = serde_json::json!({
        "family": "web",
        "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128}],
        "placementConstraints": [{"type": "memberOf", "expression": expression}]
    });
    let file = Scratch::with("parens.json", &definition.to_string());
    let output = anywhere(&["lint", "--kind", "taskdef", file.path()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));

    let arrays = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
    let file = Scratch::with("arrays.json", &arrays);
    let message = assert_one_sentence_refusal(&anywhere(&["lint", file.path()]));
    assert!(message.contains("invalid JSON"), "{message}");
}

#[test]
fn a_100_mb_file_and_an_endless_one_are_refused_after_reading_one_mib() {
    let big = Scratch::new("100mb.json");
    File::create(&big.0)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    for path in [big.path(), "/dev/zero"] {
        let message = assert_one_sentence_refusal(&anywhere(&["lint", path]));
        assert!(
            message.starts_with(&format!("{path}: is larger than 1 MiB")),
            "{message}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_report_quietly_with_the_verdict() {
    // The reader is gone before the CLI writes: the CLI waits for its input, which is sent only
    // once the read end of its output is closed.
    let mut child = Command::new(env!("CARGO_BIN_EXE_anywhere"))
        .args(["lint", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(br#"{"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "a", "image": "b", "memory": 64}]}"#)
        .unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn a_full_disk_is_one_sentence_and_status_2() {
    let definition = Scratch::with(
        "full.json",
        r#"{"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "a", "image": "b", "memory": 64}]}"#,
    );
    for args in [
        vec!["lint", definition.path()],
        vec![
            "install-command",
            "--region=eu-west-1",
            "--cluster=edge",
            "--activation-id=0a1b2c3d-4e5f-6789-abcd-ef0123456789",
            "--activation-code=AbCdEfGhIjKlMnOpQrSt",
        ],
        vec!["--help"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_anywhere"))
            .args(&args)
            .stdout(File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let message = assert_one_sentence_refusal(&output);
        assert!(
            message
                .starts_with("anywhere: the output could not be written (No space left on device"),
            "{args:?}: {message}"
        );
    }
}

/// Values that attack a terminal: an escape that clears it, a right-to-left override, a bell,
/// and 100 kB of text.
fn hostile_values() -> Vec<String> {
    vec![
        "\u{1b}[2J\u{1b}]0;owned\u{7}".to_owned(),
        "eu-west-1\u{202E}1-tsew-ue".to_owned(),
        format!("\u{1b}[31m{}", "x".repeat(100_000)),
    ]
}

#[test]
fn control_characters_and_long_values_in_every_install_command_option() {
    let valid = [
        ("--region", "eu-west-1"),
        ("--cluster", "edge"),
        ("--activation-id", "0a1b2c3d-4e5f-6789-abcd-ef0123456789"),
        ("--activation-code", "AbCdEfGhIjKlMnOpQrSt"),
        ("--os", "ubuntu-22"),
    ];
    for (hostile_option, _) in valid {
        for value in hostile_values() {
            let mut args = vec!["install-command".to_owned()];
            for (option, good) in valid {
                args.push(option.to_owned());
                args.push(if option == hostile_option {
                    value.clone()
                } else {
                    good.to_owned()
                });
            }
            let output = anywhere(&args);
            let message = assert_one_sentence_refusal(&output);
            assert!(
                message.starts_with("anywhere install-command: "),
                "{message}"
            );
            assert!(output.stdout.is_empty());
            assert_terminal_safe(&message);
            assert!(
                message.len() < 2_000,
                "{hostile_option}: {} bytes",
                message.len()
            );
            // The region and the OS are quoted back as given: their controls show as markers.
            if matches!(hostile_option, "--region" | "--os") {
                assert!(
                    message.contains("⟨U+001B⟩") || message.contains("⟨U+202E⟩"),
                    "{hostile_option}: {message}"
                );
            }
        }
    }
    // An unknown option and a flag given a value are named the same safe way.
    for args in [
        vec!["install-command".to_owned(), "--\u{1b}[2Jx".to_owned()],
        vec![
            "install-command".to_owned(),
            "--windows=\u{202E}yes".to_owned(),
        ],
    ] {
        let output = anywhere(&args);
        assert_eq!(output.status.code(), Some(2));
        let text = stderr(&output);
        assert_terminal_safe(&text);
        assert!(text.contains("Usage: anywhere install-command"), "{text}");
    }
}

#[test]
fn control_characters_and_long_values_in_every_lint_option_and_file_name() {
    let file = Scratch::with(
        "ok.json",
        r#"{"family": "web", "containerDefinitions": [{"name": "a", "image": "b", "memory": 64}]}"#,
    );
    for value in hostile_values() {
        for args in [
            vec![
                "lint".to_owned(),
                "--format".to_owned(),
                value.clone(),
                file.path().to_owned(),
            ],
            vec![
                "lint".to_owned(),
                format!("--kind={value}"),
                file.path().to_owned(),
            ],
            vec![
                "lint".to_owned(),
                format!("--{value}"),
                file.path().to_owned(),
            ],
        ] {
            let output = anywhere(&args);
            assert_eq!(output.status.code(), Some(2));
            let text = stderr(&output);
            assert_terminal_safe(&text);
            assert!(text.len() < 3_000, "{} bytes", text.len());
            assert!(!text.contains("panicked"));
        }
        let missing = format!("/nonexistent/{value}.json");
        let output = anywhere(&["lint", missing.as_str()]);
        let message = assert_one_sentence_refusal(&output);
        assert_terminal_safe(&message);
        assert!(message.contains(" cannot read: "), "{message}");
    }
    // A file name that is not UTF-8 at all.
    let output = anywhere(&[
        OsStr::new("lint"),
        OsStr::from_bytes(b"/nonexistent/\xff\xfe.json"),
    ]);
    let message = assert_one_sentence_refusal(&output);
    assert!(
        message.starts_with("/nonexistent/\u{FFFD}\u{FFFD}.json: cannot read: "),
        "{message}"
    );
}

#[test]
fn findings_quoting_hostile_values_are_shown_safely() {
    let definition = serde_json::json!({
        "family": "web\u{1b}[2J",
        "networkMode": "awsvpc",
        "containerDefinitions": [{"name": "a\u{202E}b", "image": "b", "memory": 64}]
    });
    let file = Scratch::with("\u{202E}hostile.json", &definition.to_string());
    let output = anywhere(&["lint", file.path()]);
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8(output.stdout).unwrap();
    assert_terminal_safe(&report);
    assert!(
        report.contains("⟨U+202E⟩hostile.json: error[awsvpc-network-mode]"),
        "{report}"
    );
}

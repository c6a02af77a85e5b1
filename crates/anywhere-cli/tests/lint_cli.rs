//! `anywhere lint` run as a process: output and exit codes as a CI pipeline sees them.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn fixture(name: &str) -> String {
    format!(
        "{}/../anywhere-core/tests/fixtures/taskdefs/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn anywhere(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anywhere"))
        .args(args)
        .output()
        .unwrap()
}

fn anywhere_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_anywhere"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn the_aws_guide_runtask_examples_pass() {
    for name in [
        "aws-guide-runtask-linux.json",
        "aws-guide-runtask-windows.json",
    ] {
        let file = fixture(name);
        let output = anywhere(&["lint", &file]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(!text.contains("error["), "{text}");
        // The guide's fixed hostPort 8080 is worth knowing about, but does not fail the build.
        assert!(
            text.contains(&format!(
                "{file}: warning[fixed-host-port] containerDefinitions[0].portMappings[0].hostPort: "
            )),
            "{text}"
        );
        assert!(text.ends_with("0 errors, 1 warning in 1 file\n"), "{text}");
    }
}

#[test]
fn awsvpc_gpu_and_awslogs_give_two_errors_and_a_warning() {
    let file = fixture("awsvpc-gpu-awslogs.json");
    let output = anywhere(&["lint", &file]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with(&format!(
        "{file}: error[gpu-requirement] containerDefinitions[0].resourceRequirements[0]: "
    )));
    assert!(lines[1].starts_with(&format!(
        "{file}: error[awsvpc-network-mode] networkMode: networkMode awsvpc is not supported"
    )));
    assert!(lines[2].starts_with(&format!(
        "{file}: warning[awslogs-without-execution-role] containerDefinitions[0].logConfiguration.logDriver: "
    )));
    for line in &lines[..3] {
        assert!(
            line.ends_with(')'),
            "each finding carries its reason: {line}"
        );
    }
    assert_eq!(lines[3], "2 errors, 1 warning in 1 file");
}

#[test]
fn fsx_warns_while_windows_bridge_and_selinux_labels_fail() {
    let fsx = fixture("windows-fsx-volume.json");
    let output = anywhere(&["lint", &fsx]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output).lines().collect::<Vec<_>>()[..1],
        [format!(
            "{fsx}: warning[fsx-windows-volume] volumes[0].fsxWindowsFileServerVolumeConfiguration: FSx for Windows File Server volumes work on external instances only once the site is connected to AWS ({})",
            anywhere_core::rules::catalog::FSX_WINDOWS_VOLUME.reason
        )]
    );
    assert!(stdout(&output).ends_with("0 errors, 1 warning in 1 file\n"));

    let bridge = fixture("windows-bridge.json");
    let output = anywhere(&["lint", &bridge]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with(&format!(
            "{bridge}: error[windows-network-mode] networkMode: a Windows task on external instances must use the default network mode; remove networkMode: found bridge with WINDOWS_SERVER_2022_CORE ("
        )),
        "{}",
        stdout(&output)
    );

    let selinux = fixture("selinux-label.json");
    let output = anywhere(&["lint", &selinux]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with(&format!(
            "{selinux}: error[selinux-label] containerDefinitions[0].dockerSecurityOptions[0]: SELinux labels"
        )),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).ends_with("1 error, 0 warnings in 1 file\n"));
}

#[test]
fn the_fixed_definition_is_clean() {
    let output = anywhere(&["lint", &fixture("awsvpc-gpu-awslogs-fixed.json")]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "0 errors, 0 warnings in 1 file\n");
}

#[test]
fn malformed_json_exits_2_with_line_and_column() {
    let file = fixture("malformed.json");
    let output = anywhere(&["lint", &file]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!("{file}: invalid JSON: line 4, column 3: expected `,` or `}}`\n")
    );
}

#[test]
fn a_missing_file_exits_2_even_when_others_have_errors() {
    let output = anywhere(&[
        "lint",
        &fixture("awsvpc-gpu-awslogs.json"),
        "/nonexistent/taskdef.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("/nonexistent/taskdef.json: cannot read: "),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("error[awsvpc-network-mode]"));
}

#[test]
fn json_output_parses_and_carries_every_field() {
    let bad = fixture("awsvpc-gpu-awslogs.json");
    let malformed = fixture("malformed.json");
    let output = anywhere(&["lint", "--format", "json", &bad, &malformed]);
    assert_eq!(output.status.code(), Some(2));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["errors"], 2);
    assert_eq!(report["warnings"], 1);
    assert_eq!(report["unreadable"], 1);
    let first = &report["files"][0];
    assert_eq!(first["file"], bad.as_str());
    assert_eq!(first["kind"], "taskdef");
    let findings = first["findings"].as_array().unwrap();
    let rules: Vec<&str> = findings
        .iter()
        .map(|f| f["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "gpu-requirement",
            "awsvpc-network-mode",
            "awslogs-without-execution-role"
        ]
    );
    for finding in findings {
        for key in ["severity", "path", "message", "reason", "source"] {
            assert!(finding[key].is_string(), "{key} in {finding}");
        }
    }
    assert_eq!(
        report["files"][1]["error"],
        "invalid JSON: line 4, column 3: expected `,` or `}`"
    );
}

#[test]
fn run_task_and_service_requests_are_detected() {
    let run_task =
        r#"{"cluster": "edge", "taskDefinition": "web:3", "count": 1, "launchType": "FARGATE"}"#;
    let output = anywhere_with_stdin(&["lint", "--format=json", "-"], run_task);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["files"][0]["kind"], "run-task");
    assert_eq!(
        report["files"][0]["findings"][0]["ruleId"],
        "launch-type-not-external"
    );

    let service = r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "EXTERNAL",
                      "loadBalancers": [{"containerName": "web", "containerPort": 80}]}"#;
    let output = anywhere_with_stdin(&["lint", "-"], service);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with("-: error[load-balancers] loadBalancers: "),
        "{}",
        stdout(&output)
    );
}

#[test]
fn kind_can_be_forced_and_undetectable_input_asks_for_it() {
    let unknown = r#"{"family": "web"}"#;
    let output = anywhere_with_stdin(&["lint", "-"], unknown);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("pass --kind"),
        "{}",
        stderr(&output)
    );

    let output = anywhere_with_stdin(&["lint", "--kind", "taskdef", "-"], unknown);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let output = anywhere_with_stdin(&["lint", "--kind", "service", "-"], unknown);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("error[launch-type-missing] launchType: "));
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    for args in [
        vec!["lint"],
        vec!["lint", "--format", "xml", "a.json"],
        vec!["lint", "--kind"],
        vec!["lint", "--verbose", "a.json"],
        vec!["frobnicate"],
        vec![],
    ] {
        let output = anywhere(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("Usage: anywhere"), "{args:?}");
    }
    for args in [vec!["--help"], vec!["lint", "--help"], vec!["help"]] {
        let output = anywhere(&args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(stdout(&output).starts_with("Usage: anywhere"), "{args:?}");
    }
}

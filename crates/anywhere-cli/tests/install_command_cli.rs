//! `anywhere install-command` run as a process.

use std::process::{Command, Output};

fn anywhere(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anywhere"))
        .args(args)
        .output()
        .unwrap()
}

const ID: &str = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";
const CODE: &str = "AbCdEfGhIjKlMnOpQrSt";

#[test]
fn prints_the_install_script_with_its_firewall_hosts() {
    let output = anywhere(&[
        "install-command",
        "--region",
        "eu-west-1",
        "--cluster=edge",
        "--activation-id",
        ID,
        "--activation-code",
        CODE,
    ]);
    assert_eq!(output.status.code(), Some(0));
    let script = String::from_utf8(output.stdout).unwrap();
    assert!(script.starts_with("#!/bin/bash\n"), "{script}");
    assert!(
        script.contains(&format!(
            "sudo bash '/tmp/ecs-anywhere-install.sh' --region 'eu-west-1' --cluster 'edge' --activation-id '{ID}' --activation-code '{CODE}'\n"
        )),
        "{script}"
    );
    assert!(
        script.contains("\n#   ecs.eu-west-1.amazonaws.com: "),
        "{script}"
    );
    let commands: Vec<&str> = script.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(commands.len(), 3, "set -e, download, run: {commands:?}");
}

#[test]
fn the_os_applies_its_requirements() {
    let output = anywhere(&[
        "install-command",
        "--region=us-east-2",
        "--cluster=prod",
        &format!("--activation-id={ID}"),
        &format!("--activation-code={CODE}"),
        "--os=rhel-9",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let script = String::from_utf8(output.stdout).unwrap();
    assert!(
        script.contains("--docker-install-source 'none'"),
        "{script}"
    );
}

#[test]
fn invalid_values_and_usage_exit_2_with_one_sentence() {
    let output = anywhere(&[
        "install-command",
        "--region=cn-north-1",
        "--cluster=prod",
        &format!("--activation-id={ID}"),
        &format!("--activation-code={CODE}"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("China"), "{message}");
    assert!(output.stdout.is_empty());

    let output = anywhere(&["install-command", "--region=eu-west-1"]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("--cluster is required"), "{message}");

    let output = anywhere(&["install-command", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .starts_with("Usage: anywhere install-command")
    );
}

#[test]
fn windows_hosts_get_powershell() {
    for os_flag in ["--windows", "--os=windows-2022"] {
        let output = anywhere(&[
            "install-command",
            "--region=eu-west-1",
            "--cluster=edge",
            &format!("--activation-id={ID}"),
            &format!("--activation-code={CODE}"),
            os_flag,
        ]);
        assert_eq!(output.status.code(), Some(0), "{os_flag}");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(
            script.starts_with("#Requires -RunAsAdministrator\n"),
            "{script}"
        );
        assert!(script.contains("ecs-anywhere-install.ps1"), "{script}");
        assert!(script.contains(&format!("'{CODE}'")), "{script}");
    }
}

#[test]
fn a_linux_os_with_windows_is_refused() {
    let output = anywhere(&[
        "install-command",
        "--region=eu-west-1",
        "--cluster=edge",
        &format!("--activation-id={ID}"),
        &format!("--activation-code={CODE}"),
        "--os=ubuntu-22",
        "--windows",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("Linux command"), "{message}");
}

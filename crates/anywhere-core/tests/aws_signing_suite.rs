//! The AWS SigV4 test suite shipped in the `aws-sigv4` crate package, run through the console's
//! own signing function (`anywhere_core::aws::sign::sign_request`, the one `Client` uses).

use std::path::{Path, PathBuf};
use std::process::Command;

use anywhere_core::aws::HttpRequest;
use anywhere_core::aws::credentials::Credentials;
use anywhere_core::aws::sign::{sign_request, signing_time};
use anywhere_core::aws::timestamp::parse_iso8601_millis;

/// Where cargo unpacked the `aws-sigv4` package this crate builds with.
fn suite_dir() -> PathBuf {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let manifest = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "aws-sigv4")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("aws-sigv4 is a dependency");
    Path::new(manifest)
        .parent()
        .unwrap()
        .join("aws-signing-test-suite/v4")
}

/// `request.txt`: request line, `Name:value` headers (continuation lines folded into the value
/// with one space, as RFC 7230 tells a recipient to), blank line, body.
fn parse_request(text: &str) -> HttpRequest {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().unwrap();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap().to_owned();
    let path = parts.next().unwrap().to_owned();
    let mut headers: Vec<(String, String)> = vec![];
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let (_, value) = headers.last_mut().unwrap();
            value.push(' ');
            value.push_str(line.trim());
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    let host = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .unwrap()
        .1
        .clone();
    HttpRequest {
        method,
        url: format!("https://{host}{path}"),
        headers,
        body: body.to_owned(),
    }
}

/// The cases the console's signing path cannot express, and why.
fn skip_reason(name: &str, context: Option<&serde_json::Value>) -> Option<&'static str> {
    let Some(context) = context else {
        return Some("no context.json: S3-style single-encoded paths, which ECS and SSM never use");
    };
    if context["normalize"] == false {
        return Some("unnormalized path: the console always normalizes, as ECS and SSM require");
    }
    if context["omit_session_token"] == true {
        return Some(
            "token added after signing: the console always signs x-amz-security-token, like botocore",
        );
    }
    if context["sign_body"] == true {
        return Some("x-amz-content-sha256 header: JSON 1.1 requests do not carry it");
    }
    match name {
        "get-utf8" => Some("raw non-ASCII path: not a valid URL for the console's HttpRequest"),
        "get-space-normalized" => {
            Some("aws-sigv4 encodes this path once; its own test suite ignores this case")
        }
        _ => None,
    }
}

#[test]
fn aws_signing_test_suite_header_cases() {
    let dir = suite_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let (mut ran, mut skipped, mut failures) = (0, 0, vec![]);
    for name in &names {
        let case = dir.join(name);
        let context: Option<serde_json::Value> = std::fs::read_to_string(case.join("context.json"))
            .ok()
            .map(|text| serde_json::from_str(&text).unwrap());
        if let Some(reason) = skip_reason(name, context.as_ref()) {
            println!("skip {name}: {reason}");
            skipped += 1;
            continue;
        }
        let context = context.unwrap();
        let creds = &context["credentials"];
        let credentials = Credentials::new(
            creds["access_key_id"].as_str().unwrap(),
            creds["secret_access_key"].as_str().unwrap(),
            creds["token"].as_str(),
        );
        let time = signing_time(
            parse_iso8601_millis(context["timestamp"].as_str().unwrap()).unwrap(),
            0.0,
        );
        let mut request = parse_request(
            &std::fs::read_to_string(case.join("request.txt"))
                .unwrap()
                .replace("\r\n", "\n"),
        );
        let signed = sign_request(
            &mut request,
            &credentials,
            context["region"].as_str().unwrap(),
            context["service"].as_str().unwrap(),
            time,
        );
        let expected_signed =
            std::fs::read_to_string(case.join("header-signed-request.txt")).unwrap();
        let expected_authorization = expected_signed
            .lines()
            .find_map(|line| line.strip_prefix("Authorization:"))
            .unwrap()
            .trim();
        let expected_signature =
            std::fs::read_to_string(case.join("header-signature.txt")).unwrap();
        match signed {
            Ok(()) => {
                let authorization = request.header("authorization").unwrap_or_default();
                if authorization != expected_authorization
                    || !authorization.ends_with(&format!("Signature={}", expected_signature.trim()))
                {
                    failures.push(format!(
                        "{name}: got {authorization}\n  expected {expected_authorization}"
                    ));
                }
            }
            Err(error) => failures.push(format!("{name}: signing failed: {error}")),
        }
        ran += 1;
    }
    println!(
        "aws-signing-test-suite/v4: {ran} header-signing cases ran, {skipped} skipped, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ran >= 20, "only {ran} cases ran");
}

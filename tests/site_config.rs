//! The site configuration (`config.json`): every field parsed and checked, problems named.

use anywhere_console::route::Page;
use anywhere_console::site_config::SiteConfig;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_field_is_read() {
    let config = SiteConfig::parse(
        r#"{"region": "eu-west-1", "endpoint": "https://proxy.example.com/aws",
            "sandboxUrl": "http://127.0.0.1:4566", "allowedClusters": ["edge-factory"],
            "pages": ["onboarding", "fleet"],
            "cognitoIdentityPoolId": "eu-west-1:0f6e1c2a-6b1d-4a3e-9e53-1b2c3d4e5f60",
            "guestRoleArn": "arn:aws:iam::123456789012:role/consoleGuest"}"#,
    )
    .unwrap();
    assert_eq!(config.region.as_ref().unwrap().code(), "eu-west-1");
    assert_eq!(
        config.endpoint.as_deref(),
        Some("https://proxy.example.com/aws")
    );
    assert_eq!(config.sandbox_url.as_deref(), Some("http://127.0.0.1:4566"));
    assert_eq!(config.shown_pages(), [Page::Onboarding, Page::Fleet]);
    assert!(config.shows(Page::Fleet) && !config.shows(Page::Settings));
    assert!(config.allows_cluster("edge-factory"));
    assert!(config.allows_cluster("arn:aws:ecs:eu-west-1:123456789012:cluster/edge-factory"));
    assert!(!config.allows_cluster("lab"));
    assert!(!config.allows_cluster("arn:aws:ecs:eu-west-1:123456789012:cluster/lab"));
    let pool = config.cognito_identity_pool_id.as_ref().unwrap();
    assert_eq!(pool.region().code(), "eu-west-1");
    assert_eq!(
        pool.guest_role_arn.as_ref().map(|arn| arn.as_str()),
        Some("arn:aws:iam::123456789012:role/consoleGuest")
    );
}

#[wasm_bindgen_test]
fn without_a_guest_role_the_pool_uses_the_enhanced_flow() {
    let config = SiteConfig::parse(r#"{"cognitoIdentityPoolId": "us-east-1:0f6e1c2a"}"#).unwrap();
    assert_eq!(
        config.cognito_identity_pool_id.unwrap().guest_role_arn,
        None
    );
}

#[wasm_bindgen_test]
fn an_empty_file_shows_everything() {
    let config = SiteConfig::parse("{}").unwrap();
    assert_eq!(config, SiteConfig::default());
    assert_eq!(config.shown_pages(), Page::ALL);
    assert!(config.allows_cluster("anything"));
}

#[wasm_bindgen_test]
fn each_problem_is_named() {
    let cases = [
        ("[1, 2]", "it must hold one JSON object"),
        ("<!doctype html>", "it must hold one JSON object"),
        (
            r#"{"region": "Mars"}"#,
            "region: \"Mars\" is not a region code",
        ),
        (
            r#"{"region": 5}"#,
            "invalid type: integer `5`, expected a string",
        ),
        (
            r#"{"endpoint": "proxy.example.com"}"#,
            "endpoint: \"proxy.example.com\"",
        ),
        (r#"{"sandboxUrl": "ftp://x"}"#, "sandboxUrl: \"ftp://x\""),
        (
            r#"{"pages": ["home"]}"#,
            "pages: \"home\" is not a page; use onboarding, task-definitions, fleet, settings",
        ),
        (r#"{"pages": []}"#, "pages: list at least one page"),
        (r#"{"allowedClusters": "lab"}"#, "expected a sequence"),
        (
            r#"{"cognitoIdentityPoolId": "eu-west-1"}"#,
            "cognitoIdentityPoolId: \"eu-west-1\"",
        ),
        (
            r#"{"cognitoIdentityPoolId": "us-east-1:0f6e", "guestRoleArn": "consoleGuest"}"#,
            "guestRoleArn: \"consoleGuest\" is not an IAM role ARN",
        ),
        (
            r#"{"guestRoleArn": "arn:aws:iam::123456789012:role/consoleGuest"}"#,
            "guestRoleArn: it needs cognitoIdentityPoolId",
        ),
        (r#"{"regoin": "eu-west-1"}"#, "unknown field `regoin`"),
    ];
    for (text, expected) in cases {
        let message = SiteConfig::parse(text).unwrap_err().to_string();
        assert!(message.contains(expected), "{text}: {message}");
        assert!(
            message.starts_with("config.json next to this page is not valid"),
            "{message}"
        );
    }
}

//! The site configuration (`config.json`): every field parsed and checked, problems named.

use anywhere_console::route::Page;
use anywhere_console::site_config::{SignIn, SiteConfig};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_field_is_read() {
    let config = SiteConfig::parse(
        r#"{"region": "eu-west-1", "endpoint": "https://proxy.example.com/aws",
            "sandboxUrl": "http://127.0.0.1:4566", "allowedClusters": ["edge-factory"],
            "pages": ["onboarding", "fleet"],
            "cognitoIdentityPoolId": "eu-west-1:0f6e1c2a-6b1d-4a3e-9e53-1b2c3d4e5f60",
            "allowGuests": true, "guestRoleArn": "arn:aws:iam::123456789012:role/consoleGuest"}"#,
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
    let Some(SignIn::Guests(guests)) = &config.sign_in else {
        panic!("guests: {:?}", config.sign_in);
    };
    assert_eq!(guests.identity_pool.region().code(), "eu-west-1");
    assert_eq!(
        guests.guest_role_arn.as_ref().map(|arn| arn.as_str()),
        Some("arn:aws:iam::123456789012:role/consoleGuest")
    );
}

#[wasm_bindgen_test]
fn without_a_guest_role_guests_use_the_enhanced_flow() {
    let config = SiteConfig::parse(
        r#"{"cognitoIdentityPoolId": "us-east-1:0f6e1c2a", "allowGuests": true}"#,
    )
    .unwrap();
    let Some(SignIn::Guests(guests)) = config.sign_in else {
        panic!("guests expected");
    };
    assert_eq!(guests.guest_role_arn, None);
}

#[wasm_bindgen_test]
fn a_user_pool_sign_in_names_the_pool_its_client_and_its_login_domain() {
    let config = SiteConfig::parse(
        r#"{"cognitoIdentityPoolId": "eu-west-1:0f6e1c2a", "cognitoUserPoolId": "eu-west-1_AbCdEf123",
            "cognitoClientId": "1h57kf5cpq17m0eml12EXAMPLE",
            "cognitoDomain": "https://edge.auth.eu-west-1.amazoncognito.com"}"#,
    )
    .unwrap();
    let Some(SignIn::UserPool(sign_in)) = config.sign_in else {
        panic!("user pool expected");
    };
    assert_eq!(
        sign_in.user_pool.provider_name(),
        "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"
    );
    assert_eq!(sign_in.client_id.as_str(), "1h57kf5cpq17m0eml12EXAMPLE");
    assert_eq!(
        sign_in.domain.origin(),
        "https://edge.auth.eu-west-1.amazoncognito.com"
    );
    assert_eq!(sign_in.identity_pool.as_str(), "eu-west-1:0f6e1c2a");
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
            r#"{"cognitoIdentityPoolId": "us-east-1:0f6e", "allowGuests": true, "guestRoleArn": "consoleGuest"}"#,
            "guestRoleArn: \"consoleGuest\" is not an IAM role ARN",
        ),
        (
            r#"{"guestRoleArn": "arn:aws:iam::123456789012:role/consoleGuest"}"#,
            "allowGuests and guestRoleArn need cognitoIdentityPoolId",
        ),
        (
            r#"{"cognitoIdentityPoolId": "us-east-1:0f6e"}"#,
            "cognitoIdentityPoolId: say how people sign in",
        ),
        (
            r#"{"cognitoIdentityPoolId": "us-east-1:0f6e", "allowGuests": false}"#,
            "\"allowGuests\": true to let anyone on the Internet in as a guest",
        ),
        (
            r#"{"cognitoIdentityPoolId": "us-east-1:0f6e", "cognitoUserPoolId": "us-east-1_AbC"}"#,
            "cognitoClientId, cognitoDomain: a user pool sign-in needs",
        ),
        (
            r#"{"cognitoUserPoolId": "us-east-1_AbC", "cognitoClientId": "c", "cognitoDomain": "https://x"}"#,
            "cognitoUserPoolId: it needs cognitoIdentityPoolId",
        ),
        (
            r#"{"cognitoIdentityPoolId": "us-east-1:0f6e", "cognitoUserPoolId": "us-east-1_AbC",
                "cognitoClientId": "c", "cognitoDomain": "http://login.example.com"}"#,
            "cognitoDomain: \"http://login.example.com\" is not a sign-in domain",
        ),
        (
            r#"{"cognitoIdentityPoolId": "us-east-1:0f6e", "cognitoUserPoolId": "us-east-1_AbC",
                "cognitoClientId": "c", "cognitoDomain": "https://x", "allowGuests": true}"#,
            "not both",
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

//! Cognito's basic flow: GetOpenIdToken, then STS AssumeRoleWithWebIdentity over the query
//! protocol. The STS request is checked against botocore's own serializer and model, and the
//! XML answer is decoded as STS and moto send it.

mod fixed_clock;

use fixed_clock::FixedClock;

// Only its Python lookup is used here.
#[allow(dead_code)]
mod aws_support;

use std::cell::RefCell;
use std::process::Command;

use anywhere_core::aws::cognito::{GetOpenIdToken, GetOpenIdTokenInput, IdentityCredentials};
use anywhere_core::aws::request::build_request;
use anywhere_core::aws::sts::{AssumeRoleWithWebIdentity, AssumeRoleWithWebIdentityInput, RoleArn};
use anywhere_core::aws::{
    AwsError, Client, Clock, Credentials, Endpoint, HttpRequest, HttpResponse, Operation,
    StaticCredentials, Timestamp, Transport, TransportError,
};
use anywhere_core::region::Region;

// Tokens are base64url JWTs; `+`, `/` and `=` test the form encoding.
const TOKEN: &str = "eyJraWQiOiJ1cy1lYXN0LTEtNiJ9.eyJzdWIiOiJ1cy1lYXN0LTE6YWJjIn0.c2ln+/=&x y";
const ROLE: &str = "arn:aws:iam::123456789012:role/service-role/consoleGuest";

fn input() -> AssumeRoleWithWebIdentityInput {
    AssumeRoleWithWebIdentityInput {
        role_arn: ROLE.into(),
        role_session_name: "anywhere-console".into(),
        web_identity_token: TOKEN.into(),
        duration_seconds: Some(3600),
    }
}

fn form(body: &str) -> Vec<(String, String)> {
    let decode = |text: &str| {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    body.split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap();
            (decode(key), decode(value))
        })
        .collect()
}

#[test]
fn the_request_is_a_form_post_to_the_regional_sts_endpoint() {
    for (region, url) in [
        ("eu-west-1", "https://sts.eu-west-1.amazonaws.com/"),
        ("cn-north-1", "https://sts.cn-north-1.amazonaws.com.cn/"),
    ] {
        let endpoint = Endpoint::Aws(Region::new(region).unwrap());
        let request = build_request::<AssumeRoleWithWebIdentity>(&endpoint, &input()).unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.url, url);
        assert_eq!(
            request.header("content-type"),
            Some("application/x-www-form-urlencoded; charset=utf-8")
        );
        assert_eq!(request.header("x-amz-target"), None);
        assert!(
            request
                .body
                .starts_with("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&")
        );
        assert!(!request.body.contains(['+', '/', ' ']), "{}", request.body);
        let mut fields = form(&request.body);
        fields.sort();
        assert_eq!(
            fields,
            [
                ("Action", "AssumeRoleWithWebIdentity"),
                ("DurationSeconds", "3600"),
                ("RoleArn", ROLE),
                ("RoleSessionName", "anywhere-console"),
                ("Version", "2011-06-15"),
                ("WebIdentityToken", TOKEN),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
    }
    let without_duration = AssumeRoleWithWebIdentityInput {
        duration_seconds: None,
        ..input()
    };
    let endpoint = Endpoint::Aws(Region::new("us-east-1").unwrap());
    let request = build_request::<AssumeRoleWithWebIdentity>(&endpoint, &without_duration).unwrap();
    assert!(!request.body.contains("DurationSeconds"));
}

/// botocore serializes the same parameters for the same operation: both bodies must hold the
/// same fields, and botocore's validator must accept them.
#[test]
fn the_request_matches_botocores_serializer_and_model() {
    let endpoint = Endpoint::Aws(Region::new("eu-west-1").unwrap());
    let request = build_request::<AssumeRoleWithWebIdentity>(&endpoint, &input()).unwrap();
    let script = r#"
import json, sys, urllib.parse
import botocore.session
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator
model = botocore.session.get_session().get_service_model("sts")
assert model.metadata["protocol"] == "query", model.metadata["protocol"]
operation = model.operation_model("AssumeRoleWithWebIdentity")
ours = dict(urllib.parse.parse_qsl(sys.argv[1], strict_parsing=True))
params = {k: v for k, v in ours.items() if k not in ("Action", "Version")}
params["DurationSeconds"] = int(params["DurationSeconds"])
report = ParamValidator().validate(params, operation.input_shape)
assert not report.has_errors(), report.generate_report()
body = create_serializer("query").serialize_to_request(params, operation)["body"]
theirs = dict(urllib.parse.parse_qsl(urllib.parse.urlencode(body)))
assert ours == theirs, (ours, theirs)
assert model.metadata["apiVersion"] == ours["Version"]
assert model.signing_name == "sts" and operation.metadata["endpointPrefix"] == "sts"
print("ok")
"#;
    let output = Command::new(aws_support::python())
        .args(["-c", script, &request.body])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "ok");
}

/// Answers each request with the next canned response and records what was sent.
struct Canned {
    sent: RefCell<Vec<HttpRequest>>,
    answers: RefCell<Vec<HttpResponse>>,
}

impl Transport for Canned {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.sent.borrow_mut().push(request);
        Ok(self.answers.borrow_mut().remove(0))
    }
}

fn client(answers: Vec<HttpResponse>) -> Client<Canned, FixedClock> {
    let transport = Canned {
        sent: RefCell::new(Vec::new()),
        answers: RefCell::new(answers),
    };
    let endpoint = Endpoint::Custom {
        url: "http://127.0.0.1:4566".into(),
        region: Region::new("us-east-1").unwrap(),
    };
    let credentials = StaticCredentials(Credentials::new("AKIDEXAMPLE", "secret", None));
    Client::new(
        transport,
        FixedClock,
        endpoint,
        std::rc::Rc::new(credentials),
    )
}

fn ok(body: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![],
        body: body.into(),
    }
}

// As STS documents it (namespace, ResponseMetadata, entities in the token).
const STS_ANSWER: &str = r#"<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>us-east-1:abc</SubjectFromWebIdentityToken>
    <Audience>us-east-1:0f6e</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/consoleGuest/anywhere-console</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:anywhere-console</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE&amp;=</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2026-01-01T01:00:00Z</Expiration>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
    <Provider>cognito-identity.amazonaws.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>"#;

#[test]
fn the_basic_flow_goes_unsigned_and_yields_the_roles_credentials() {
    let client = client(vec![
        ok(r#"{"IdentityId":"us-east-1:abc","Token":"eyJ.token"}"#),
        ok(STS_ANSWER),
    ]);
    let token = pollster::block_on(client.call::<GetOpenIdToken>(&GetOpenIdTokenInput {
        identity_id: "us-east-1:abc".into(),
    }))
    .unwrap();
    assert_eq!(token.identity_id, "us-east-1:abc");
    assert!(!format!("{token:?}").contains("eyJ.token"));
    let assumed = pollster::block_on(client.call::<AssumeRoleWithWebIdentity>(
        &AssumeRoleWithWebIdentityInput {
            web_identity_token: token.token,
            ..input()
        },
    ))
    .unwrap();
    let credentials = assumed.credentials;
    assert!(!format!("{credentials:?}").contains("wJalrXUtnFEMI"));
    let guest = IdentityCredentials::from(credentials);
    assert_eq!(guest.access_key_id, "ASIAIOSFODNN7EXAMPLE");
    assert_eq!(
        guest.secret_key,
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
    );
    assert_eq!(
        guest.session_token,
        "AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE&="
    );
    assert_eq!(guest.expiration, Timestamp(1_767_229_200.0));
    // One hour left at the fixed clock: refreshed five minutes before expiry.
    assert_eq!(
        guest.refresh_at_millis(FixedClock.now_millis()),
        1_767_225_600_000.0 + 55.0 * 60_000.0
    );

    let sent = client.transport().sent.borrow();
    assert_eq!(
        sent[0].header("x-amz-target"),
        Some("AWSCognitoIdentityService.GetOpenIdToken")
    );
    assert_eq!(sent[0].body, r#"{"IdentityId":"us-east-1:abc"}"#);
    assert!(form(&sent[1].body).contains(&("WebIdentityToken".into(), "eyJ.token".into())));
    for request in sent.iter() {
        assert_eq!(request.header("authorization"), None);
        assert_eq!(request.header("x-amz-security-token"), None);
    }
    const { assert!(!AssumeRoleWithWebIdentity::SIGNED && !GetOpenIdToken::SIGNED) };
}

#[test]
fn sts_errors_and_incomplete_answers_are_named() {
    let refused = HttpResponse {
        status: 403,
        headers: vec![],
        body: "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error><RequestId>1</RequestId></ErrorResponse>".into(),
    };
    let invalid_token = HttpResponse {
        status: 400,
        headers: vec![],
        body: "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>Couldn't retrieve verification key from your identity provider</Message></Error></ErrorResponse>".into(),
    };
    let client = client(vec![
        refused,
        invalid_token,
        ok(
            "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIA</AccessKeyId></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
        ),
        ok(&STS_ANSWER.replace("2026-01-01T01:00:00Z", "tomorrow")),
    ]);
    let call = || pollster::block_on(client.call::<AssumeRoleWithWebIdentity>(&input()));
    match call() {
        Err(AwsError::AccessDenied { message, .. }) => {
            assert!(message.contains("sts:AssumeRoleWithWebIdentity"))
        }
        other => panic!("{other:?}"),
    }
    match call() {
        Err(AwsError::Validation { code, .. }) => assert_eq!(code, "InvalidIdentityToken"),
        other => panic!("{other:?}"),
    }
    match call() {
        Err(AwsError::Decode { detail }) => assert!(detail.contains("Expiration"), "{detail}"),
        other => panic!("{other:?}"),
    }
    match call() {
        Err(AwsError::Decode { detail }) => assert!(detail.contains("tomorrow"), "{detail}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn role_arns_are_checked() {
    for good in [
        "arn:aws:iam::123456789012:role/consoleGuest",
        " arn:aws-cn:iam::123456789012:role/service-role/guest+1=,.@_- ",
        "arn:aws-us-gov:iam::123456789012:role/a",
    ] {
        let arn = RoleArn::parse(good).unwrap();
        assert_eq!(arn.as_str(), good.trim());
    }
    for bad in [
        "",
        "consoleGuest",
        "arn:aws:iam::123456789012:user/alice",
        "arn:aws:iam::12345678901:role/guest",
        "arn:aws:iam:us-east-1:123456789012:role/guest",
        "arn:aws:sts::123456789012:role/guest",
        "arn:AWS:iam::123456789012:role/guest",
        "arn:aws-:iam::123456789012:role/guest",
        "arn:aws:iam::123456789012:role/",
        "arn:aws:iam::123456789012:role/path/",
        "arn:aws:iam::123456789012:role/<script>",
    ] {
        let error = RoleArn::parse(bad).unwrap_err();
        assert!(
            error.to_string().contains("is not an IAM role ARN"),
            "{bad}"
        );
    }
}

#[test]
fn only_flat_inputs_have_a_query_encoding() {
    // Every query input here is flat; a nested one is refused rather than sent half-encoded.
    #[derive(serde::Serialize)]
    struct Nested {
        tags: Vec<String>,
    }
    struct NestedOp;
    impl Operation for NestedOp {
        const SERVICE: anywhere_core::aws::Service = anywhere_core::aws::Service::Sts;
        const NAME: &'static str = "TagSession";
        type Input = Nested;
        type Output = anywhere_core::aws::operation::Empty;
        fn idempotent(_: &Nested) -> bool {
            true
        }
    }
    let endpoint = Endpoint::Aws(Region::new("us-east-1").unwrap());
    let refused = build_request::<NestedOp>(&endpoint, &Nested { tags: vec![] });
    assert!(matches!(refused, Err(AwsError::Encode(detail)) if detail.contains("tags")));
}

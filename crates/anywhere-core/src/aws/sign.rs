//! SigV4 header signing with the `aws-sigv4` crate, at an explicit time.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;

use crate::aws::credentials::Credentials;
use crate::aws::error::AwsError;
use crate::aws::http::HttpRequest;

/// Headers the signer adds; removed first so that signing again (after a clock correction)
/// replaces rather than duplicates them.
const SIGNATURE_HEADERS: [&str; 3] = ["authorization", "x-amz-date", "x-amz-security-token"];

/// The signing time: the local clock (epoch milliseconds, e.g. `Date.now()`) corrected by the
/// offset learned from AWS. Built from the epoch because `SystemTime::now()` panics in the browser.
pub fn signing_time(now_millis: f64, offset_millis: f64) -> SystemTime {
    let millis = (now_millis + offset_millis).max(0.0);
    UNIX_EPOCH + Duration::from_millis(millis as u64)
}

/// Signs `request` in place: adds `x-amz-date`, `x-amz-security-token` (for temporary
/// credentials) and `authorization`. Every header already present, `host` included, is signed.
pub fn sign_request(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    signing_name: &str,
    time: SystemTime,
) -> Result<(), AwsError> {
    request.headers.retain(|(name, _)| {
        !SIGNATURE_HEADERS
            .iter()
            .any(|s| name.eq_ignore_ascii_case(s))
    });
    let has_host = request.header("host").is_some();
    if !has_host {
        crate::aws::request::host_of(&request.url)?;
    }

    let identity = aws_credential_types::Credentials::new(
        &credentials.access_key_id,
        &credentials.secret_access_key,
        credentials.session_token.clone(),
        None,
        "anywhere-console",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(signing_name)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| AwsError::Signing(e.to_string()))?
        .into();
    let signable = SignableRequest::new(
        &request.method,
        &request.url,
        request
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(request.body.as_bytes()),
    )
    .map_err(|e| AwsError::Signing(e.to_string()))?;
    let (headers, _) = sign(signable, &params)
        .map_err(|e| AwsError::Signing(e.to_string()))?
        .into_parts()
        .0
        .into_parts();
    request.headers.extend(
        headers
            .into_iter()
            .map(|h| (h.name().to_owned(), h.value().to_owned())),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::operation::Service;
    use crate::aws::request::json_request;

    fn creds(token: Option<&str>) -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token,
        )
    }

    #[test]
    fn signing_time_applies_the_offset() {
        let t = signing_time(1_000_000.0, -250_000.0);
        assert_eq!(
            t.duration_since(UNIX_EPOCH).unwrap(),
            Duration::from_millis(750_000)
        );
        assert_eq!(signing_time(10.0, -50.0), UNIX_EPOCH);
    }

    #[test]
    fn adds_date_token_and_authorization_once() {
        let mut request = json_request(
            "https://ssm.us-east-1.amazonaws.com/",
            Service::Ssm,
            "DescribeActivations",
            "{}".into(),
        )
        .unwrap();
        let time = UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        sign_request(
            &mut request,
            &creds(Some("TOKEN")),
            "us-east-1",
            "ssm",
            time,
        )
        .unwrap();
        sign_request(
            &mut request,
            &creds(Some("TOKEN")),
            "us-east-1",
            "ssm",
            time,
        )
        .unwrap();
        assert_eq!(request.header("x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(request.header("x-amz-security-token"), Some("TOKEN"));
        let auth = request.header("authorization").unwrap();
        assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ssm/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="), "{auth}");
        assert_eq!(
            request
                .headers
                .iter()
                .filter(|(n, _)| n == "authorization")
                .count(),
            1
        );
    }

    #[test]
    fn the_signers_trace_events_are_compiled_out() {
        // anywhere-core's Cargo.toml turns tracing's `max_level_off` on for every crate in the
        // build; without it aws-sigv4's events and their Debug text are built into the wasm.
        assert_eq!(
            tracing::level_filters::STATIC_MAX_LEVEL,
            tracing::level_filters::LevelFilter::OFF
        );
    }

    #[test]
    fn a_different_secret_gives_a_different_signature() {
        let time = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let signed = |secret: &str| {
            let mut request = json_request(
                "https://ecs.us-east-1.amazonaws.com/",
                Service::Ecs,
                "ListClusters",
                "{}".into(),
            )
            .unwrap();
            sign_request(
                &mut request,
                &Credentials::new("AKID", secret, None),
                "us-east-1",
                "ecs",
                time,
            )
            .unwrap();
            request.header("authorization").unwrap().to_owned()
        };
        assert_ne!(signed("one"), signed("two"));
    }
}

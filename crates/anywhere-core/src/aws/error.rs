//! Everything that can go wrong talking to AWS, decoded from the response and phrased for the user.

use crate::aws::credentials::CredentialsError;
use crate::aws::http::HttpResponse;
use crate::aws::skew;

/// Why AWS did not accept the caller's identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthFailure {
    /// The access key id (or the session token that goes with it) is unknown to AWS.
    UnknownAccessKey,
    /// The signature does not match: almost always a wrong secret access key.
    SignatureMismatch,
    ExpiredToken,
    InvalidToken,
    MissingCredentials,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AwsError {
    #[error("authentication failed ({reason:?}): {message}")]
    Authentication {
        reason: AuthFailure,
        message: String,
    },
    #[error("access denied to {}: {message}", action.as_deref().unwrap_or("this action"))]
    AccessDenied {
        action: Option<String>,
        message: String,
    },
    #[error("throttled: {message}")]
    Throttling { message: String },
    #[error("{code}: {message}")]
    Validation { code: String, message: String },
    #[error("{code}: {message}")]
    NotFound { code: String, message: String },
    /// Another change to the same resource is still under way (SSM's `TooManyUpdates`): the
    /// request was right and can be sent again once that change is done.
    #[error("{code}: {message}")]
    Busy { code: String, message: String },
    /// AWS rejected the request's time. `server_time_millis` is AWS's clock when it could be read
    /// from the `Date` header or the message.
    #[error("clock skew: {message}")]
    ClockSkew {
        message: String,
        server_time_millis: Option<f64>,
    },
    #[error("AWS server error (HTTP {status}): {message}")]
    Server {
        status: u16,
        code: Option<String>,
        message: String,
    },
    /// The request got no HTTP answer (fetch rejected).
    #[error("network failure: {detail}")]
    Network { detail: String },
    /// The request got no answer within the transport's time limit, and was abandoned.
    #[error("no answer within {seconds} s")]
    Timeout { seconds: u64 },
    #[error("request cancelled")]
    Cancelled,
    #[error("could not decode the response: {detail}")]
    Decode { detail: String },
    /// A write that must not be repeated failed without a clear answer.
    #[error("outcome of {operation} unknown: {cause}")]
    AmbiguousWrite {
        operation: &'static str,
        cause: Box<AwsError>,
    },
    #[error("invalid endpoint {url}: {reason}")]
    InvalidEndpoint { url: String, reason: String },
    #[error("could not sign the request: {0}")]
    Signing(String),
    #[error("could not encode the request: {0}")]
    Encode(String),
    /// The credentials source had nothing to sign with; the request was not sent.
    #[error("no credentials: {0}")]
    Credentials(CredentialsError),
}

impl AwsError {
    /// One sentence for the user: what happened and what to do.
    pub fn user_message(&self) -> String {
        match self {
            AwsError::Authentication { reason, .. } => match reason {
                AuthFailure::UnknownAccessKey => "AWS does not recognize this access key id or its session token: check both in Settings (temporary credentials need their session token).".to_owned(),
                AuthFailure::SignatureMismatch => "The secret access key does not match the access key id: re-enter it in Settings.".to_owned(),
                AuthFailure::ExpiredToken => "These temporary credentials have expired: get new ones and enter the access key, secret and session token in Settings.".to_owned(),
                AuthFailure::InvalidToken => "The session token is not valid: paste the complete token that came with these credentials in Settings.".to_owned(),
                AuthFailure::MissingCredentials => "The request carried no credentials: enter an access key in Settings.".to_owned(),
            },
            AwsError::AccessDenied { action: Some(action), .. } => {
                format!("These credentials are not allowed to call {action}: ask an administrator to grant it in IAM.")
            }
            AwsError::AccessDenied { action: None, message } => format!(
                "These credentials are not allowed to do this ({}): ask an administrator to grant the permission in IAM.",
                sentence_part(message)
            ),
            AwsError::Throttling { .. } => {
                "AWS is throttling requests from this account: wait a few seconds and try again.".to_owned()
            }
            AwsError::Validation { message, .. } => {
                format!("AWS rejected the request: {}; correct it and try again.", sentence_part(message))
            }
            AwsError::NotFound { code, message } if code == "InvalidInstanceId" => format!(
                "SSM cannot reach this managed instance ({}): its SSM Agent may be stopped or not registered, or the instance was deregistered or lives in another region; check the agent on the host, then the region in Settings.",
                sentence_part(message)
            ),
            AwsError::NotFound { message, .. } => format!(
                "AWS could not find it ({}): it may have been deleted or live in another region; refresh, or check the region in Settings.",
                sentence_part(message)
            ),
            AwsError::Busy { message, .. } => format!(
                "Another update to this resource is still in progress ({}): wait a moment and try again.",
                sentence_part(message)
            ),
            AwsError::ClockSkew { .. } => {
                "This computer's clock is too far from AWS time to sign requests: turn on automatic time setting and try again.".to_owned()
            }
            AwsError::Server { status, .. } => {
                format!("AWS had an internal error (HTTP {status}): try again in a moment.")
            }
            AwsError::Network { .. } => "The request did not reach AWS: you may be offline, the endpoint in Settings may be wrong, or the browser blocked it (CORS); check the connection and the endpoint, then retry.".to_owned(),
            AwsError::Timeout { seconds } => format!(
                "AWS did not answer within {seconds} s: the connection may be very slow or the endpoint unreachable; try again, and check the endpoint in Settings if it keeps happening."
            ),
            AwsError::Cancelled => "The request was cancelled.".to_owned(),
            AwsError::Decode { detail } => format!(
                "The answer could not be understood ({}): if Settings use a custom endpoint, check that it serves ECS and SSM.",
                sentence_part(detail)
            ),
            AwsError::AmbiguousWrite { operation, cause } => {
                let why = match cause.as_ref() {
                    AwsError::Server { .. } => "AWS answered with an internal error",
                    AwsError::Timeout { .. } => "AWS did not answer in time",
                    _ => "the connection failed before AWS answered",
                };
                format!("It is unknown whether {operation} took effect because {why}: refresh and check before trying again, so it is not done twice.")
            }
            AwsError::InvalidEndpoint { url, reason } => {
                format!("The endpoint \"{url}\" is not usable because {reason}: correct it in Settings.")
            }
            AwsError::Signing(detail) => format!(
                "The request could not be signed ({}): check the credentials in Settings for stray characters.",
                sentence_part(detail)
            ),
            AwsError::Encode(detail) => format!(
                "The request could not be encoded ({}): this is a bug in the console, please report it.",
                sentence_part(detail)
            ),
            AwsError::Credentials(error) => error.to_string(),
        }
    }

    /// The clock offset to sign with from now on (`server - local`), when this is a time
    /// rejection that says what AWS's time is.
    pub fn corrected_clock_offset_millis(&self, local_now_millis: f64) -> Option<f64> {
        match self {
            AwsError::ClockSkew {
                server_time_millis: Some(server),
                ..
            } => Some(server - local_now_millis),
            _ => None,
        }
    }
}

/// A message fit to sit inside a sentence: trimmed, without its final period.
fn sentence_part(message: &str) -> &str {
    let trimmed = message.trim().trim_end_matches('.');
    if trimmed.is_empty() {
        "no details given"
    } else {
        trimmed
    }
}

/// The error code and message of an AWS error body: JSON 1.1 (`__type`, `message`/`Message`)
/// or XML (`<Error><Code>…</Code><Message>…</Message>`, in `<ErrorResponse>` or `<Response><Errors>`).
pub fn parse_error_body(body: &str) -> Option<(String, String)> {
    let body = body.trim();
    if body.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(body).ok()?;
        let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let code = text("__type")
            .or_else(|| text("code"))
            .or_else(|| text("Code"))?;
        let message = text("message")
            .or_else(|| text("Message"))
            .or_else(|| text("errorMessage"))
            .unwrap_or_default();
        Some((normalize_code(&code), message))
    } else if body.starts_with('<') {
        let code = xml_element(body, "Code")?;
        let message = xml_element(body, "Message").unwrap_or_default();
        Some((normalize_code(&code), message))
    } else {
        None
    }
}

/// `com.amazon.coral.service#UnrecognizedClientException` and
/// `UnrecognizedClientException:http://internal.amazon.com/...` both become the bare code.
fn normalize_code(code: &str) -> String {
    let code = code.rsplit('#').next().unwrap_or(code);
    code.split(':').next().unwrap_or(code).trim().to_owned()
}

/// The text of the first `<name>` element, entities decoded. Tolerant by design: AWS error
/// bodies are small and flat.
pub(crate) fn xml_element(body: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = body.find(&open)? + open.len();
    let end = start + body[start..].find(&close)?;
    let text = body[start..end].trim();
    if let Some(raw) = text
        .strip_prefix("<![CDATA[")
        .and_then(|t| t.strip_suffix("]]>"))
    {
        return Some(raw.to_owned());
    }
    Some(
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// The action named in an access-denied message
/// ("... is not authorized to perform: ecs:ListClusters on resource: ...").
fn denied_action(message: &str) -> Option<String> {
    let rest = &message[message.find("perform: ")? + "perform: ".len()..];
    let action: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '*'))
        .collect();
    action.contains(':').then_some(action)
}

fn is_throttling(code: &str) -> bool {
    matches!(
        code,
        "ThrottlingException"
            | "Throttling"
            | "ThrottledException"
            | "TooManyRequestsException"
            | "RequestLimitExceeded"
            | "RequestThrottled"
            | "RequestThrottledException"
            | "SlowDown"
    )
}

fn is_not_found(code: &str, message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    code.ends_with("NotFoundException")
        || code.ends_with("NotFound")
        || code.contains("DoesNotExist")
        || matches!(
            code,
            "InvalidInstanceId"
                | "InvalidResourceId"
                | "InvalidActivationId"
                | "InvalidActivation"
                | "InvalidCommandId"
        )
        || (matches!(code, "ClientException" | "InvalidParameterException")
            && (lower.contains("not found")
                || lower.contains("does not exist")
                || lower.contains("could not be found")))
}

fn auth_failure(code: &str) -> Option<AuthFailure> {
    Some(match code {
        "UnrecognizedClientException" | "InvalidClientTokenId" | "InvalidAccessKeyId" => {
            AuthFailure::UnknownAccessKey
        }
        "SignatureDoesNotMatch"
        | "InvalidSignatureException"
        | "IncompleteSignature"
        | "IncompleteSignatureException" => AuthFailure::SignatureMismatch,
        "ExpiredToken" | "ExpiredTokenException" => AuthFailure::ExpiredToken,
        "InvalidToken" | "InvalidTokenException" => AuthFailure::InvalidToken,
        "MissingAuthenticationToken" | "MissingAuthenticationTokenException" => {
            AuthFailure::MissingCredentials
        }
        _ => return None,
    })
}

/// Classifies a non-2xx response.
pub fn error_from_response(response: &HttpResponse) -> AwsError {
    let status = response.status;
    let parsed = parse_error_body(&response.body).or_else(|| {
        let header_code = response.header("x-amzn-errortype")?;
        Some((normalize_code(header_code), String::new()))
    });
    let Some((code, message)) = parsed else {
        let excerpt: String = response.body.trim().chars().take(200).collect();
        return if status >= 500 {
            AwsError::Server {
                status,
                code: None,
                message: excerpt,
            }
        } else if status == 429 {
            AwsError::Throttling { message: excerpt }
        } else {
            AwsError::Validation {
                code: format!("HTTP {status}"),
                message: excerpt,
            }
        };
    };

    if skew::is_time_rejection(&code, &message) {
        let server_time_millis = skew::server_time_millis(response, &message);
        return AwsError::ClockSkew {
            message,
            server_time_millis,
        };
    }
    if let Some(reason) = auth_failure(&code) {
        return AwsError::Authentication { reason, message };
    }
    if matches!(
        code.as_str(),
        "AccessDeniedException"
            | "AccessDenied"
            | "UnauthorizedOperation"
            | "AuthorizationError"
            | "UnauthorizedException"
    ) {
        return AwsError::AccessDenied {
            action: denied_action(&message),
            message,
        };
    }
    if is_throttling(&code) || status == 429 {
        return AwsError::Throttling { message };
    }
    if status >= 500
        || matches!(
            code.as_str(),
            "ServerException" | "InternalServerError" | "InternalFailure" | "ServiceUnavailable"
        )
    {
        return AwsError::Server {
            status,
            code: Some(code),
            message,
        };
    }
    if is_not_found(&code, &message) {
        return AwsError::NotFound { code, message };
    }
    if code == "TooManyUpdates" {
        return AwsError::Busy { code, message };
    }
    AwsError::Validation { code, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![],
            body: body.to_owned(),
        }
    }

    fn classify(status: u16, body: &str) -> AwsError {
        error_from_response(&response(status, body))
    }

    #[test]
    fn json_codes_with_and_without_namespace() {
        assert_eq!(
            parse_error_body(
                r#"{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}"#
            ),
            Some((
                "UnrecognizedClientException".into(),
                "The security token included in the request is invalid.".into()
            ))
        );
        assert_eq!(
            parse_error_body(
                r#"{"__type":"InvalidActivation","Message":"Activation a1b2 does not exist."}"#
            ),
            Some((
                "InvalidActivation".into(),
                "Activation a1b2 does not exist.".into()
            ))
        );
        assert_eq!(parse_error_body("<html>Bad Gateway</html>"), None);
        assert_eq!(parse_error_body("not json"), None);
    }

    #[test]
    fn unknown_access_key() {
        let error = classify(
            400,
            r#"{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}"#,
        );
        assert_eq!(
            error,
            AwsError::Authentication {
                reason: AuthFailure::UnknownAccessKey,
                message: "The security token included in the request is invalid.".into()
            }
        );
        assert!(error.user_message().contains("access key id"));
    }

    #[test]
    fn moto_xml_signature_mismatch() {
        // As moto 5.2 sends it (xmltodict.unparse of ErrorResponse/Errors/Error).
        let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.</Message><Type>Sender</Type></Error></Errors></ErrorResponse>";
        let error = classify(403, body);
        assert!(
            matches!(
                error,
                AwsError::Authentication {
                    reason: AuthFailure::SignatureMismatch,
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(
            error.user_message(),
            "The secret access key does not match the access key id: re-enter it in Settings."
        );
    }

    #[test]
    fn xml_in_response_errors_form() {
        let body = "<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials &amp; token</Message></Error></Errors><RequestID>x</RequestID></Response>";
        assert_eq!(
            parse_error_body(body),
            Some((
                "AuthFailure".into(),
                "AWS was not able to validate the provided access credentials & token".into()
            ))
        );
        let cdata = "<ErrorResponse><Error><Code>RequestExpired</Code><Message><![CDATA[Request has expired & more]]></Message></Error></ErrorResponse>";
        assert_eq!(
            parse_error_body(cdata),
            Some(("RequestExpired".into(), "Request has expired & more".into()))
        );
    }

    #[test]
    fn json_signature_mismatch_and_tokens() {
        let mismatch = classify(
            400,
            r#"{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided."}"#,
        );
        assert!(matches!(
            mismatch,
            AwsError::Authentication {
                reason: AuthFailure::SignatureMismatch,
                ..
            }
        ));
        let expired = classify(
            400,
            r#"{"__type":"com.amazon.coral.service#ExpiredTokenException","message":"The security token included in the request is expired"}"#,
        );
        assert!(matches!(
            expired,
            AwsError::Authentication {
                reason: AuthFailure::ExpiredToken,
                ..
            }
        ));
        assert!(expired.user_message().contains("expired"));
        let missing = classify(
            400,
            r#"{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}"#,
        );
        assert!(matches!(
            missing,
            AwsError::Authentication {
                reason: AuthFailure::MissingCredentials,
                ..
            }
        ));
    }

    #[test]
    fn access_denied_names_the_action() {
        let error = classify(
            400,
            r#"{"__type":"AccessDeniedException","Message":"User: arn:aws:iam::123456789012:user/ops is not authorized to perform: ssm:CreateActivation on resource: arn:aws:ssm:us-east-1:123456789012:* because no identity-based policy allows the ssm:CreateActivation action"}"#,
        );
        assert!(
            matches!(&error, AwsError::AccessDenied { action: Some(a), .. } if a == "ssm:CreateActivation"),
            "{error:?}"
        );
        assert_eq!(
            error.user_message(),
            "These credentials are not allowed to call ssm:CreateActivation: ask an administrator to grant it in IAM."
        );
        let vague = classify(
            400,
            r#"{"__type":"AccessDeniedException","message":"Access denied."}"#,
        );
        assert!(matches!(vague, AwsError::AccessDenied { action: None, .. }));
        assert!(vague.user_message().contains("(Access denied)"));
    }

    #[test]
    fn throttling_and_server_errors() {
        assert!(matches!(
            classify(
                400,
                r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#
            ),
            AwsError::Throttling { .. }
        ));
        assert!(matches!(
            classify(429, "Too Many Requests"),
            AwsError::Throttling { .. }
        ));
        assert!(matches!(
            classify(
                503,
                r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#
            ),
            AwsError::Throttling { .. }
        ));
        assert!(matches!(
            classify(500, r#"{"__type":"ServerException","message":"Service unavailable."}"#),
            AwsError::Server { status: 500, code: Some(c), .. } if c == "ServerException"
        ));
        assert!(matches!(
            classify(502, "<html>Bad Gateway</html>"),
            AwsError::Server {
                status: 502,
                code: None,
                ..
            }
        ));
        let body_less = error_from_response(&HttpResponse {
            status: 400,
            headers: vec![(
                "X-Amzn-ErrorType".into(),
                "ThrottlingException:http://internal.amazon.com/coral/".into(),
            )],
            body: String::new(),
        });
        assert!(matches!(body_less, AwsError::Throttling { .. }));
    }

    #[test]
    fn not_found_variants() {
        for body in [
            r#"{"__type":"ClusterNotFoundException","message":"Cluster not found."}"#,
            r#"{"__type":"com.amazonaws.ecs#ServiceNotFoundException","message":"Service not found."}"#,
            r#"{"__type":"ResourceNotFoundException","message":"The specified resource wasn't found."}"#,
            r#"{"__type":"InvalidInstanceId","Message":"Instances [[mi-0123456789abcdef0]] not in a valid state"}"#,
            r#"{"__type":"DoesNotExistException","Message":"Activation does not exist"}"#,
            r#"{"__type":"ClientException","message":"The specified task definition does not exist."}"#,
        ] {
            assert!(
                matches!(classify(400, body), AwsError::NotFound { .. }),
                "{body}"
            );
        }
    }

    #[test]
    fn invalid_instance_id_names_the_ssm_agent() {
        let error = classify(
            400,
            r#"{"__type":"InvalidInstanceId","Message":"Instances [[mi-0123456789abcdef0]] not in a valid state for account 123456789012"}"#,
        );
        let message = error.user_message();
        assert!(
            message.contains("SSM Agent may be stopped or not registered"),
            "{message}"
        );
        assert!(message.contains("deregistered"), "{message}");
        assert!(!message.contains("deleted"), "{message}");
    }

    #[test]
    fn too_many_updates_asks_to_try_again_not_to_correct() {
        let error = classify(
            400,
            r#"{"__type":"TooManyUpdates","Message":"There are concurrent updates for a resource that supports one update at a time."}"#,
        );
        assert!(
            matches!(&error, AwsError::Busy { code, .. } if code == "TooManyUpdates"),
            "{error:?}"
        );
        let message = error.user_message();
        assert!(message.contains("try again"), "{message}");
        assert!(!message.contains("correct it"), "{message}");
    }

    #[test]
    fn validation_keeps_the_aws_message() {
        let error = classify(
            400,
            r#"{"__type":"InvalidParameterException","message":"Task definition does not support launch_type EXTERNAL."}"#,
        );
        assert_eq!(
            error,
            AwsError::Validation {
                code: "InvalidParameterException".into(),
                message: "Task definition does not support launch_type EXTERNAL.".into()
            }
        );
        assert_eq!(
            error.user_message(),
            "AWS rejected the request: Task definition does not support launch_type EXTERNAL; correct it and try again."
        );
        let ssm = classify(
            400,
            r#"{"__type":"ValidationException","Message":"1 validation error detected: Value '0' at 'registrationLimit' failed to satisfy constraint: Member must have value greater than or equal to 1"}"#,
        );
        assert!(matches!(ssm, AwsError::Validation { .. }));
        assert!(
            matches!(classify(403, ""), AwsError::Validation { code, .. } if code == "HTTP 403")
        );
    }

    #[test]
    fn signature_expired_is_clock_skew() {
        let error = classify(
            400,
            r#"{"__type":"InvalidSignatureException","message":"Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)"}"#,
        );
        assert!(
            matches!(error, AwsError::ClockSkew { server_time_millis: Some(t), .. } if t == 1_767_226_200_000.0),
            "{error:?}"
        );
        assert!(error.user_message().contains("clock"));
    }

    #[test]
    fn every_message_is_one_sentence_with_advice() {
        let samples = [
            AwsError::Network {
                detail: "TypeError: Failed to fetch".into(),
            },
            AwsError::Server {
                status: 500,
                code: None,
                message: String::new(),
            },
            AwsError::AmbiguousWrite {
                operation: "CreateActivation",
                cause: Box::new(AwsError::Network { detail: "x".into() }),
            },
            AwsError::Decode {
                detail: "missing field".into(),
            },
            AwsError::InvalidEndpoint {
                url: "localhost".into(),
                reason: "it must start with https:// or http://".into(),
            },
            AwsError::Cancelled,
            AwsError::Busy {
                code: "TooManyUpdates".into(),
                message: "There are concurrent updates.".into(),
            },
            AwsError::NotFound {
                code: "InvalidInstanceId".into(),
                message: "Instances [[mi-1]] not in a valid state.".into(),
            },
        ];
        for error in samples {
            let message = error.user_message();
            assert!(message.ends_with('.'), "{message}");
            assert_eq!(message.matches(". ").count(), 0, "{message}");
        }
        let network = AwsError::Network { detail: "x".into() }.user_message();
        assert!(
            network.contains("offline") && network.contains("endpoint") && network.contains("CORS")
        );
        let ambiguous = AwsError::AmbiguousWrite {
            operation: "CreateActivation",
            cause: Box::new(AwsError::Network { detail: "x".into() }),
        }
        .user_message();
        assert!(
            ambiguous.contains("unknown whether CreateActivation took effect"),
            "{ambiguous}"
        );
    }

    const JAN_1_2026_0010: f64 = 1_767_226_200_000.0;

    #[test]
    fn offset_is_server_minus_local() {
        let skew = AwsError::ClockSkew {
            message: String::new(),
            server_time_millis: Some(JAN_1_2026_0010),
        };
        assert_eq!(
            skew.corrected_clock_offset_millis(JAN_1_2026_0010 - 600_000.0),
            Some(600_000.0)
        );
        assert_eq!(
            skew.corrected_clock_offset_millis(JAN_1_2026_0010 + 90_000.0),
            Some(-90_000.0)
        );
        let unknown = AwsError::ClockSkew {
            message: String::new(),
            server_time_millis: None,
        };
        assert_eq!(unknown.corrected_clock_offset_millis(0.0), None);
        assert_eq!(AwsError::Cancelled.corrected_clock_offset_millis(0.0), None);
    }
}

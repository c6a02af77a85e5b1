//! JSON 1.1 and query-protocol requests for an operation, built as plain HTTP data.

use crate::aws::endpoint::Endpoint;
use crate::aws::error::AwsError;
use crate::aws::http::HttpRequest;
use crate::aws::operation::{Operation, Protocol, Service};
use crate::percent;

pub const CONTENT_TYPE_JSON_1_1: &str = "application/x-amz-json-1.1";
pub const CONTENT_TYPE_FORM: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// `localhost`, `127.x.x.x` or `[::1]`: this machine.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|address| address.is_loopback())
}

/// The `Host` header value for a URL: the authority without a default port, as browsers send it.
/// Only `https://` URLs are accepted, and `http://` ones on this machine (the local sandbox).
pub fn host_of(url: &str) -> Result<String, AwsError> {
    let invalid = |reason: &str| AwsError::InvalidEndpoint {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let uri: http::Uri = url.parse().map_err(|_| invalid("it is not a URL"))?;
    let default_port = match uri.scheme_str() {
        Some("https") => 443,
        Some("http") => 80,
        _ => return Err(invalid("it must start with https:// or http://")),
    };
    let host = uri
        .host()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| invalid("it has no host name"))?;
    if default_port == 80 && !is_loopback(host) {
        return Err(invalid(
            "plain http:// would send the credentials' session token unencrypted; use https:// (http:// is accepted only for a sandbox on this machine: 127.0.0.1, localhost or [::1])",
        ));
    }
    Ok(match uri.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host.to_owned(),
    })
}

/// An unsigned JSON 1.1 POST of `body` to `url` for `service`'s `operation`.
pub fn json_request(
    url: &str,
    service: Service,
    operation: &str,
    body: String,
) -> Result<HttpRequest, AwsError> {
    let Protocol::Json1_1 { target_prefix } = service.protocol() else {
        return Err(AwsError::Encode(format!(
            "{} does not speak JSON 1.1",
            service.signing_name()
        )));
    };
    Ok(HttpRequest {
        method: "POST".to_owned(),
        url: url.to_owned(),
        headers: vec![
            ("host".to_owned(), host_of(url)?),
            ("content-type".to_owned(), CONTENT_TYPE_JSON_1_1.to_owned()),
            (
                "x-amz-target".to_owned(),
                format!("{target_prefix}.{operation}"),
            ),
        ],
        body,
    })
}

/// An unsigned query-protocol POST to `url`: `Action` and `Version`, then `params` in order, as
/// one form-encoded body.
pub fn query_request(
    url: &str,
    action: &str,
    version: &str,
    params: &[(String, String)],
) -> Result<HttpRequest, AwsError> {
    let body = [("Action", action), ("Version", version)]
        .into_iter()
        .chain(params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map(|(key, value)| format!("{}={}", percent::encode(key), percent::encode(value)))
        .collect::<Vec<_>>()
        .join("&");
    Ok(HttpRequest {
        method: "POST".to_owned(),
        url: url.to_owned(),
        headers: vec![
            ("host".to_owned(), host_of(url)?),
            ("content-type".to_owned(), CONTENT_TYPE_FORM.to_owned()),
        ],
        body,
    })
}

/// The query parameters of a flat input: its serialized fields in order, absent ones left out.
/// Nested members would need the query protocol's `Member.N` flattening, which no operation
/// here has.
fn query_params(input: &impl serde::Serialize) -> Result<Vec<(String, String)>, AwsError> {
    let value = serde_json::to_value(input).map_err(|e| AwsError::Encode(e.to_string()))?;
    let serde_json::Value::Object(fields) = value else {
        return Err(AwsError::Encode(
            "a query input must be a structure".to_owned(),
        ));
    };
    let mut params = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(text) => text,
            serde_json::Value::Number(number) => number.to_string(),
            serde_json::Value::Bool(flag) => flag.to_string(),
            _ => {
                return Err(AwsError::Encode(format!(
                    "{name}: nested query parameters are not supported"
                )));
            }
        };
        params.push((name, text));
    }
    Ok(params)
}

/// The unsigned request for operation `O` with `input`, addressed to `endpoint`.
pub fn build_request<O: Operation>(
    endpoint: &Endpoint,
    input: &O::Input,
) -> Result<HttpRequest, AwsError> {
    let url = endpoint.url(O::SERVICE);
    match O::SERVICE.protocol() {
        Protocol::Json1_1 { .. } => {
            let body = serde_json::to_string(input).map_err(|e| AwsError::Encode(e.to_string()))?;
            json_request(&url, O::SERVICE, O::NAME, body)
        }
        Protocol::Query { version } => query_request(&url, O::NAME, version, &query_params(input)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ecs::{ListClusters, ListClustersInput};
    use crate::region::Region;

    #[test]
    fn builds_a_json_1_1_post() {
        let endpoint = Endpoint::Aws(Region::new("cn-north-1").unwrap());
        let input = ListClustersInput {
            max_results: Some(10),
            ..Default::default()
        };
        let request = build_request::<ListClusters>(&endpoint, &input).unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.url, "https://ecs.cn-north-1.amazonaws.com.cn/");
        assert_eq!(
            request.header("Host"),
            Some("ecs.cn-north-1.amazonaws.com.cn")
        );
        assert_eq!(
            request.header("content-type"),
            Some("application/x-amz-json-1.1")
        );
        assert_eq!(
            request.header("X-Amz-Target"),
            Some("AmazonEC2ContainerServiceV20141113.ListClusters")
        );
        assert_eq!(request.body, r#"{"maxResults":10}"#);
        let sent: Vec<&str> = request.browser_headers().map(|(name, _)| name).collect();
        assert_eq!(sent, ["content-type", "x-amz-target"]);
    }

    #[test]
    fn host_keeps_only_non_default_ports() {
        assert_eq!(host_of("http://localhost:4566/").unwrap(), "localhost:4566");
        assert_eq!(
            host_of("https://ssm.eu-west-1.amazonaws.com:443/").unwrap(),
            "ssm.eu-west-1.amazonaws.com"
        );
        assert_eq!(host_of("http://127.0.0.1:80/").unwrap(), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:4566/").unwrap(), "[::1]:4566");
        assert_eq!(host_of("http://127.0.0.2:8080").unwrap(), "127.0.0.2:8080");
        for bad in [
            "localhost:4566",
            "ftp://example.com/",
            "https:///",
            "not a url",
            "http://proxy.example.com/",
            "http://127.0.0.1.example.com/",
            "http://10.0.0.5:4566/",
        ] {
            assert!(
                matches!(host_of(bad), Err(AwsError::InvalidEndpoint { .. })),
                "{bad}"
            );
        }
    }
}

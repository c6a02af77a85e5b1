//! Clock skew: recognizing AWS's "your clock is wrong" answers and learning AWS's time from them.
//!
//! SigV4 signatures are valid for 5 minutes around AWS's clock. When the local clock is off,
//! AWS answers e.g. `InvalidSignatureException: Signature expired: 20260101T000000Z is now
//! earlier than 20260101T000500Z (20260101T001000Z - 5 min.)`: the time in parentheses is AWS's.

use crate::aws::http::HttpResponse;
use crate::aws::timestamp::{parse_amz_date_millis, parse_http_date_millis, parse_iso8601_millis};

/// Whether an error code and message say the request's time was rejected.
pub fn is_time_rejection(code: &str, message: &str) -> bool {
    let signature_time =
        message.contains("Signature expired") || message.contains("Signature not yet current");
    match code {
        "RequestTimeTooSkewed" | "RequestExpired" | "RequestInTheFuture" => true,
        "InvalidSignatureException" | "SignatureDoesNotMatch" | "AuthFailure" => signature_time,
        _ => false,
    }
}

/// AWS's clock when it rejected the request: from the `Date` header when readable (not exposed
/// to browsers by CORS), else from the error message, else from an XML `<ServerTime>`.
pub fn server_time_millis(response: &HttpResponse, message: &str) -> Option<f64> {
    response
        .header("date")
        .and_then(parse_http_date_millis)
        .or_else(|| time_in_message(message))
        .or_else(|| server_time_element(&response.body))
}

/// The time in parentheses when present (AWS's "now"), else the last SigV4 timestamp.
fn time_in_message(message: &str) -> Option<f64> {
    let stamps: Vec<(usize, f64)> = message
        .char_indices()
        .filter_map(|(at, _)| Some((at, parse_amz_date_millis(message.get(at..at + 16)?)?)))
        .collect();
    stamps
        .iter()
        .find(|(at, _)| message[..*at].ends_with('('))
        .or(stamps.last())
        .map(|(_, millis)| *millis)
}

fn server_time_element(body: &str) -> Option<f64> {
    let start = body.find("<ServerTime>")? + "<ServerTime>".len();
    let end = start + body[start..].find("</ServerTime>")?;
    parse_iso8601_millis(&body[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    const T_0010: f64 = 1_767_226_200_000.0;

    fn response(headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status: 400,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.to_owned(),
        }
    }

    #[test]
    fn recognizes_time_rejections_only() {
        assert!(is_time_rejection(
            "InvalidSignatureException",
            "Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)"
        ));
        assert!(is_time_rejection(
            "InvalidSignatureException",
            "Signature not yet current: 20260101T002000Z is still later than 20260101T001500Z (20260101T001000Z + 5 min.)"
        ));
        assert!(is_time_rejection(
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large."
        ));
        assert!(is_time_rejection("RequestExpired", "Request has expired."));
        assert!(!is_time_rejection(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided."
        ));
        assert!(!is_time_rejection(
            "ThrottlingException",
            "Signature expired"
        ));
    }

    #[test]
    fn server_time_from_the_message_parentheses() {
        let expired = "Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)";
        assert_eq!(
            server_time_millis(&response(&[], ""), expired),
            Some(T_0010)
        );
        let early = "Signature not yet current: 20260101T002000Z is still later than 20260101T001500Z (20260101T001000Z + 5 min.)";
        assert_eq!(server_time_millis(&response(&[], ""), early), Some(T_0010));
        assert_eq!(
            server_time_millis(&response(&[], ""), "Signature expired at 20260101T001000Z"),
            Some(T_0010)
        );
        assert_eq!(
            server_time_millis(&response(&[], ""), "Request has expired."),
            None
        );
    }

    #[test]
    fn date_header_wins_over_the_message() {
        let with_date = response(&[("Date", "Thu, 01 Jan 2026 00:10:00 GMT")], "");
        assert_eq!(
            server_time_millis(
                &with_date,
                "Signature expired: 20250101T000000Z is now earlier than 20250101T000500Z (20250101T001000Z - 5 min.)"
            ),
            Some(T_0010)
        );
        let unreadable_date = response(&[("date", "garbage")], "");
        assert_eq!(
            server_time_millis(&unreadable_date, "(20260101T001000Z - 5 min.)"),
            Some(T_0010)
        );
    }

    #[test]
    fn server_time_from_xml() {
        let body = "<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>20251231T230000Z</RequestTime><ServerTime>2026-01-01T00:10:00Z</ServerTime></Error>";
        assert_eq!(
            server_time_millis(
                &response(&[], body),
                "The difference between the request time and the current time is too large."
            ),
            Some(T_0010)
        );
    }
}

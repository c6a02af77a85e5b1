//! Timestamps as the JSON 1.1 protocol carries them (epoch seconds, fractional), and the few
//! textual date forms AWS puts in headers and error messages, read by smithy's own date-time
//! parsers (`aws_smithy_types`, linked already for signing).

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A point in time, in seconds since the Unix epoch.
///
/// Serialized as a number, as ECS and SSM expect. Deserialization also accepts ISO 8601 text,
/// which some emulators send.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Timestamp(pub f64);

impl Timestamp {
    pub fn from_epoch_millis(millis: f64) -> Self {
        Timestamp(millis / 1000.0)
    }

    pub fn epoch_millis(self) -> f64 {
        self.0 * 1000.0
    }
}

// Read by a visitor of its own rather than an `#[serde(untagged)]` enum of a number and a text:
// untagged enums buffer the value in serde's `Content` and try each variant, machinery that cost
// more wasm than this whole reader.
impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("epoch seconds, as a number or a text, or an ISO 8601 date-time")
    }

    fn visit_f64<E: de::Error>(self, seconds: f64) -> Result<Timestamp, E> {
        Ok(Timestamp(seconds))
    }

    fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Timestamp, E> {
        Ok(Timestamp(seconds as f64))
    }

    fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Timestamp, E> {
        Ok(Timestamp(seconds as f64))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
        decimal(text.trim())
            .or_else(|| parse_iso8601_millis(text).map(|ms| ms / 1000.0))
            .map(Timestamp)
            .ok_or_else(|| E::custom(format!("not a timestamp: {text:?}")))
    }
}

/// `123` or `123.456`: epoch seconds as emulators write them in text, read without
/// `f64::from_str`, whose correctly rounded parser carries a 20 KB table of powers of five into the
/// wasm (about 13 KB brotli) for what is at most a nanosecond here.
fn decimal(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 15 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let fraction = &fraction[..fraction.len().min(9)];
    let whole = whole.parse::<u64>().ok()? as f64;
    if fraction.is_empty() {
        return Some(whole);
    }
    let scale = 10u64.pow(fraction.len() as u32) as f64;
    Some(whole + fraction.parse::<u64>().ok()? as f64 / scale)
}

/// Milliseconds since the epoch of a date-time text in one of smithy's formats.
fn millis(text: &str, format: Format) -> Option<f64> {
    DateTime::from_str(text, format)
        .ok()
        .map(|time| time.as_secs_f64() * 1000.0)
}

/// `20260101T000500Z`, the SigV4 timestamp form found in signature errors: the ISO 8601 basic
/// form of what smithy reads in the extended one.
pub fn parse_amz_date_millis(text: &str) -> Option<f64> {
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .filter(|part| part.bytes().all(|b| b.is_ascii_digit()))
    };
    if text.len() != 16 || text.get(8..9) != Some("T") || !text.ends_with('Z') {
        return None;
    }
    let extended = format!(
        "{}-{}-{}T{}:{}:{}Z",
        digits(0..4)?,
        digits(4..6)?,
        digits(6..8)?,
        digits(9..11)?,
        digits(11..13)?,
        digits(13..15)?
    );
    millis(&extended, Format::DateTime)
}

/// `2026-01-01T00:05:00Z`, `2026-01-01T00:05:00.123+00:00` and the like (RFC 3339).
pub fn parse_iso8601_millis(text: &str) -> Option<f64> {
    millis(text.trim(), Format::DateTimeWithOffset)
}

/// `Thu, 01 Jan 2026 00:05:00 GMT`, the HTTP `Date` header (RFC 7231 IMF-fixdate).
pub fn parse_http_date_millis(text: &str) -> Option<f64> {
    millis(text, Format::HttpDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAN_1_2026_0005: f64 = 1_767_225_900_000.0;

    #[test]
    fn parses_the_three_textual_forms() {
        assert_eq!(
            parse_amz_date_millis("20260101T000500Z"),
            Some(JAN_1_2026_0005)
        );
        assert_eq!(
            parse_iso8601_millis("2026-01-01T00:05:00Z"),
            Some(JAN_1_2026_0005)
        );
        assert_eq!(
            parse_iso8601_millis("2026-01-01T01:05:00.000+01:00"),
            Some(JAN_1_2026_0005)
        );
        assert_eq!(
            parse_http_date_millis("Thu, 01 Jan 2026 00:05:00 GMT"),
            Some(JAN_1_2026_0005)
        );
        assert_eq!(parse_amz_date_millis("2015-08-30T12:36:00Z"), None);
        assert_eq!(parse_amz_date_millis("20261301T000500Z"), None);
        assert_eq!(
            parse_amz_date_millis("20260230T000500Z"),
            None,
            "no 30 February"
        );
        assert_eq!(parse_http_date_millis("yesterday"), None);
        assert_eq!(parse_iso8601_millis("2026-01-01"), None);
    }

    #[test]
    fn known_epoch_dates() {
        assert_eq!(parse_amz_date_millis("19700101T000000Z"), Some(0.0));
        assert_eq!(
            parse_amz_date_millis("20150830T123600Z"),
            Some(1_440_938_160_000.0)
        );
        assert_eq!(
            parse_amz_date_millis("20240229T000000Z"),
            Some(1_709_164_800_000.0)
        );
    }

    #[test]
    fn timestamp_accepts_numbers_and_text() {
        let parsed: Vec<Timestamp> =
            serde_json::from_str(r#"[1767225900.5, "1767225900", "2026-01-01T00:05:00Z"]"#)
                .unwrap();
        assert_eq!(
            parsed,
            vec![
                Timestamp(1_767_225_900.5),
                Timestamp(1_767_225_900.0),
                Timestamp(1_767_225_900.0)
            ]
        );
        assert_eq!(serde_json::to_string(&Timestamp(1.5)).unwrap(), "1.5");
        assert!(serde_json::from_str::<Timestamp>(r#""soon""#).is_err());
    }

    #[test]
    fn decimals_read_as_the_float_parser_reads_them() {
        for text in [
            "0",
            "7",
            "59.999",
            "1767225900",
            "1767225900.5",
            "1767225900.123456789",
            "05.250",
            "1.",
        ] {
            assert_eq!(decimal(text), text.parse::<f64>().ok(), "{text}");
        }
        for text in [
            "", ".5", "1e3", "-1", "+1", "1.2.3", " 1", "0x10", "NaN", "inf",
        ] {
            assert_eq!(decimal(text), None, "{text}");
        }
    }
}

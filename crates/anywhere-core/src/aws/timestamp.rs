//! Timestamps as the JSON 1.1 protocol carries them (epoch seconds, fractional), and the few
//! textual date forms AWS puts in headers and error messages.

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

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Seconds(f64),
            Text(String),
        }
        match Wire::deserialize(deserializer)? {
            Wire::Seconds(seconds) => Ok(Timestamp(seconds)),
            Wire::Text(text) => text
                .trim()
                .parse::<f64>()
                .ok()
                .or_else(|| parse_iso8601_millis(&text).map(|ms| ms / 1000.0))
                .map(Timestamp)
                .ok_or_else(|| serde::de::Error::custom(format!("not a timestamp: {text:?}"))),
        }
    }
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn epoch_millis(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: f64,
) -> Option<f64> {
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && (0.0..61.0).contains(&second);
    valid.then(|| {
        let days = days_from_civil(year, month, day) as f64;
        ((days * 24.0 + f64::from(hour)) * 60.0 + f64::from(minute)) * 60_000.0 + second * 1000.0
    })
}

fn number<T: std::str::FromStr>(text: &str, range: std::ops::Range<usize>) -> Option<T> {
    let digits = text.get(range)?;
    digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| digits.parse().ok())?
}

/// `20260101T000500Z`, the SigV4 timestamp form found in signature errors.
pub fn parse_amz_date_millis(text: &str) -> Option<f64> {
    if text.len() != 16 || text.as_bytes()[8] != b'T' || !text.ends_with('Z') {
        return None;
    }
    epoch_millis(
        number(text, 0..4)?,
        number(text, 4..6)?,
        number(text, 6..8)?,
        number(text, 9..11)?,
        number(text, 11..13)?,
        number::<u32>(text, 13..15)?.into(),
    )
}

/// `2026-01-01T00:05:00Z`, `2026-01-01T00:05:00.123+00:00` and the like.
pub fn parse_iso8601_millis(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.len() < 20
        || text.get(4..5) != Some("-")
        || text.get(7..8) != Some("-")
        || !matches!(text.get(10..11), Some("T" | " "))
    {
        return None;
    }
    let (time, offset_minutes) = if let Some(time) = text.strip_suffix('Z') {
        (&time[11..], 0)
    } else {
        let sign_at = text.len().checked_sub(6)?;
        let sign = match text.get(sign_at..=sign_at)? {
            "+" => 1,
            "-" => -1,
            _ => return None,
        };
        let hours: i64 = number(text, sign_at + 1..sign_at + 3)?;
        let minutes: i64 = number(text, sign_at + 4..sign_at + 6)?;
        (&text[11..sign_at], sign * (hours * 60 + minutes))
    };
    let second: f64 = time.get(6..)?.parse().ok()?;
    if time.get(2..3)? != ":" || time.get(5..6)? != ":" {
        return None;
    }
    let millis = epoch_millis(
        number(text, 0..4)?,
        number(text, 5..7)?,
        number(text, 8..10)?,
        number(time, 0..2)?,
        number(time, 3..5)?,
        second,
    )?;
    Some(millis - (offset_minutes * 60_000) as f64)
}

/// `Thu, 01 Jan 2026 00:05:00 GMT`, the HTTP `Date` header (RFC 7231 IMF-fixdate).
pub fn parse_http_date_millis(text: &str) -> Option<f64> {
    let mut parts = text.split_whitespace();
    let _weekday = parts.next()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let time = parts.next()?;
    if parts.next()? != "GMT" || time.len() != 8 {
        return None;
    }
    epoch_millis(
        year,
        month,
        day,
        number(time, 0..2)?,
        number(time, 3..5)?,
        number::<u32>(time, 6..8)?.into(),
    )
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
}

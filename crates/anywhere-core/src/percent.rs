//! Percent-encoding: one encoder for every URL, query string and form body the console writes,
//! and one decoder for what it reads back, query strings included.
//!
//! Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is escaped, which
//! every decoder (`decodeURIComponent`, form parsers, Cognito's and STS's) reads back unchanged: a
//! web identity token holds `+`, `/` and `=`. Decoding reads `%XX` and, as HTML forms write it,
//! `+` as a space. A malformed escape is met two ways, because links are read two ways:
//! [`decode`] refuses it (a sign-in answer or a self-service link must be exact), and
//! [`decode_lenient`] keeps it as written (a hand-edited fleet URL still opens the view).

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `text` to `out`, percent-encoded.
pub fn encode_into(text: &str, out: &mut String) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}

/// `text`, percent-encoded.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(text, &mut out);
    out
}

/// The text `text` stands for; `None` when it holds a `%` that is not followed by two hex digits,
/// or stands for invalid UTF-8.
pub fn decode(text: &str) -> Option<String> {
    let (bytes, malformed) = decode_bytes(text);
    if malformed {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// The text `text` stands for, a malformed escape kept as written and invalid UTF-8 as U+FFFD.
pub fn decode_lenient(text: &str) -> String {
    String::from_utf8_lossy(&decode_bytes(text).0).into_owned()
}

/// The decoded `key=value` pairs of a query string, with or without its leading `?`; read
/// leniently, as a hand-edited URL may be.
pub fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_lenient(key), decode_lenient(value))
        })
}

/// The bytes `text` stands for, and whether it held a malformed escape (kept as written).
fn decode_bytes(text: &str) -> (Vec<u8>, bool) {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut malformed = false;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let escaped = (byte == b'%')
            .then(|| Some((hex(*bytes.get(index + 1)?)?, hex(*bytes.get(index + 2)?)?)))
            .flatten();
        match (byte, escaped) {
            (_, Some((high, low))) => {
                out.push(high << 4 | low);
                index += 3;
                continue;
            }
            (b'%', None) => {
                malformed = true;
                out.push(byte);
            }
            (b'+', None) => out.push(b' '),
            (_, None) => out.push(byte),
        }
        index += 1;
    }
    (out, malformed)
}

/// The value of one hex digit; a sign or anything else is not one.
fn hex(digit: u8) -> Option<u8> {
    char::from(digit).to_digit(16).map(|value| value as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_but_the_unreserved_characters_is_escaped() {
        assert_eq!(encode("a b&c=d+e%f/ü"), "a%20b%26c%3Dd%2Be%25f%2F%C3%BC");
        assert_eq!(encode("mi-0aZ_.~"), "mi-0aZ_.~");
        assert_eq!(encode("!*'()"), "%21%2A%27%28%29");
    }

    #[test]
    fn strict_decoding_refuses_broken_escapes_and_invalid_utf8() {
        assert_eq!(decode("%41%e2%82%ac+x"), Some("A€ x".to_owned()));
        for bad in ["%", "%4", "%zz", "%+4", "%-1", "%FF", "%C3"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn lenient_decoding_keeps_what_it_cannot_read() {
        assert_eq!(decode_lenient("a%20b+c"), "a b c");
        assert_eq!(decode_lenient("100%"), "100%");
        assert_eq!(decode_lenient("%zz%4"), "%zz%4");
        assert_eq!(decode_lenient("%FF"), "\u{FFFD}");
        assert_eq!(decode_lenient("%c3%bc"), "ü");
    }

    #[test]
    fn query_pairs_split_on_the_first_equals_sign() {
        let found: Vec<_> = query_pairs("?a=1&&b&c=x=y+z").collect();
        assert_eq!(
            found,
            vec![
                ("a".into(), "1".into()),
                ("b".into(), String::new()),
                ("c".into(), "x=y z".into())
            ]
        );
    }

    #[test]
    fn what_is_encoded_decodes_to_itself() {
        for text in [
            "",
            "arn:aws:ecs:us-east-1:123:container-instance/edge/0a1b",
            "ü €+%/ =&",
        ] {
            assert_eq!(decode(&encode(text)).as_deref(), Some(text));
            assert_eq!(decode_lenient(&encode(text)), text);
        }
    }
}

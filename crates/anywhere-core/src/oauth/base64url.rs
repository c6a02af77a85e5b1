//! Base64url without padding (RFC 4648 §5), as PKCE and JWTs use it, on top of the standard
//! base64 codec that aws-smithy-types already brings in for signing.

use aws_smithy_types::base64;

pub fn encode(bytes: &[u8]) -> String {
    base64::encode(bytes)
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            other => other,
        })
        .collect()
}

/// `None` for anything that is not base64url (padded or not).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.contains(['+', '/']) {
        return None;
    }
    let mut standard: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            other => other,
        })
        .collect();
    while !standard.len().is_multiple_of(4) {
        standard.push('=');
    }
    base64::decode(&standard).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_the_url_alphabet_and_no_padding() {
        let bytes = [0xfb, 0xff, 0xbf, 0x00, 0x10];
        let encoded = encode(&bytes);
        assert_eq!(encoded, "-_-_ABA");
        assert_eq!(decode(&encoded).as_deref(), Some(&bytes[..]));
        assert_eq!(decode("-_-_ABA=").as_deref(), Some(&bytes[..]));
        assert_eq!(decode("+/+/ABA"), None);
        assert_eq!(decode("not base64!"), None);
    }
}

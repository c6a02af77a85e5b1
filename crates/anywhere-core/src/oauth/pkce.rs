//! Proof Key for Code Exchange (RFC 7636) with the S256 method, the only one Cognito takes, and the
//! OAuth `state` that ties an authorization response to the request this tab made.

use sha2::{Digest, Sha256};

use super::base64url;

/// The secret half of PKCE: sent only to the token endpoint, with the code.
#[derive(Clone, PartialEq, Eq)]
pub struct CodeVerifier(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a PKCE code verifier is 43 to 128 letters, digits and - . _ ~ (RFC 7636, section 4.1)")]
pub struct InvalidVerifier;

impl CodeVerifier {
    /// The verifier for 32 random octets: their base64url encoding, 43 characters (RFC 7636,
    /// section 4.1, the recommended way). The octets must come from a cryptographic source.
    pub fn from_random_bytes(octets: &[u8; 32]) -> Self {
        CodeVerifier(base64url::encode(octets))
    }

    /// A verifier read back (after the redirect), checked against RFC 7636's grammar.
    pub fn parse(text: &str) -> Result<Self, InvalidVerifier> {
        let unreserved = |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b);
        if (43..=128).contains(&text.len()) && text.bytes().all(unreserved) {
            Ok(CodeVerifier(text.to_owned()))
        } else {
            Err(InvalidVerifier)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `BASE64URL(SHA256(ASCII(code_verifier)))`: what the authorize request carries.
    pub fn challenge(&self) -> String {
        base64url::encode(&Sha256::digest(self.0.as_bytes()))
    }
}

// The verifier is a secret until it has been used: never printed.
impl std::fmt::Debug for CodeVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeVerifier(** redacted **)")
    }
}

/// The `state` parameter: an unguessable value the authorization server hands back unchanged, so
/// a response this tab did not ask for (cross-site request forgery) is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthState(String);

impl OAuthState {
    /// From 16 random octets (128 bits).
    pub fn from_random_bytes(octets: &[u8; 16]) -> Self {
        OAuthState(base64url::encode(octets))
    }

    pub fn from_stored(text: &str) -> Self {
        OAuthState(text.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636, Appendix B: the octets, the verifier they give, and its S256 challenge.
    const APPENDIX_B_OCTETS: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37,
        77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    const APPENDIX_B_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const APPENDIX_B_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn the_rfc_7636_appendix_b_example() {
        let verifier = CodeVerifier::from_random_bytes(&APPENDIX_B_OCTETS);
        assert_eq!(verifier.as_str(), APPENDIX_B_VERIFIER);
        assert_eq!(verifier.challenge(), APPENDIX_B_CHALLENGE);
        let read_back = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
        assert_eq!(read_back.challenge(), APPENDIX_B_CHALLENGE);
    }

    #[test]
    fn verifiers_follow_the_rfc_grammar() {
        assert!(CodeVerifier::parse(&"a".repeat(42)).is_err());
        assert!(CodeVerifier::parse(&"a".repeat(129)).is_err());
        assert!(CodeVerifier::parse(&format!("{}+", "a".repeat(43))).is_err());
        assert!(CodeVerifier::parse(&"a-._~".repeat(10)).is_ok());
        assert!(
            !format!("{:?}", CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap()).contains("dBjf")
        );
    }

    #[test]
    fn different_octets_give_different_states_of_22_characters() {
        let a = OAuthState::from_random_bytes(&[1; 16]);
        let b = OAuthState::from_random_bytes(&[2; 16]);
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 22);
    }
}

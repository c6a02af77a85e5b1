//! What names a user pool sign-in: the pool, its app client and the managed login domain.

use crate::aws::request::host_of;
use crate::region::Region;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInConfigError {
    #[error(
        "\"{0}\" is not a Cognito user pool id; expected the region, an underscore and the pool's code, like eu-west-1_AbCdEf123"
    )]
    UserPoolId(String),
    #[error(
        "\"{0}\" is not a Cognito app client id; expected letters and digits, like 1h57kf5cpq17m0eml12EXAMPLE"
    )]
    ClientId(String),
    #[error(
        "\"{0}\" is not a sign-in domain; expected the user pool domain's https:// address, like https://example.auth.eu-west-1.amazoncognito.com"
    )]
    Domain(String),
}

/// A user pool id such as `eu-west-1_AbCdEf123`: its region, an underscore, the pool's code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserPoolId {
    id: String,
    region: Region,
}

impl UserPoolId {
    pub fn parse(text: &str) -> Result<Self, SignInConfigError> {
        let invalid = || SignInConfigError::UserPoolId(text.to_owned());
        let (region, code) = text.split_once('_').ok_or_else(invalid)?;
        let region = Region::new(region).map_err(|_| invalid())?;
        // The service's pattern: [\w-]+_[0-9a-zA-Z]+, at most 55 characters.
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) || text.len() > 55 {
            return Err(invalid());
        }
        Ok(UserPoolId {
            id: text.to_owned(),
            region,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.id
    }

    pub fn region(&self) -> &Region {
        &self.region
    }

    /// The pool's name as an identity pool knows it: the key of its id token in `Logins`.
    pub fn provider_name(&self) -> String {
        format!(
            "cognito-idp.{}.{}/{}",
            self.region.code(),
            self.region.partition().dns_suffix(),
            self.id
        )
    }
}

/// The id of a public app client (no secret: a web page cannot keep one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppClientId(String);

impl AppClientId {
    pub fn parse(text: &str) -> Result<Self, SignInConfigError> {
        // The service's pattern: [\w+]+, 1 to 128 characters.
        let ok = (1..=128).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'+');
        if ok {
            Ok(AppClientId(text.to_owned()))
        } else {
            Err(SignInConfigError::ClientId(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The managed login domain (`https://PREFIX.auth.REGION.amazoncognito.com` or a custom domain),
/// without a trailing slash; the endpoints are paths under it. Plain `http://` is taken only for
/// the loopback addresses, where the local sandbox serves its stand-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginDomain(String);

impl LoginDomain {
    pub fn parse(text: &str) -> Result<Self, SignInConfigError> {
        let invalid = || SignInConfigError::Domain(text.to_owned());
        let host = host_of(text).map_err(|_| invalid())?;
        let loopback = ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|h| host == *h || host.starts_with(&format!("{h}:")));
        let secure = text.starts_with("https://") || (text.starts_with("http://") && loopback);
        if !secure || text.contains(['?', '#']) {
            return Err(invalid());
        }
        Ok(LoginDomain(text.trim_end_matches('/').to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL of an endpoint (`/oauth2/token`, `/logout`) under the domain.
    pub fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }

    /// `scheme://host[:port]`: what the page's Content-Security-Policy must allow.
    pub fn origin(&self) -> &str {
        let after_scheme = self.0.find("://").map_or(0, |i| i + 3);
        match self.0[after_scheme..].find('/') {
            Some(slash) => &self.0[..after_scheme + slash],
            None => &self.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_pool_ids_carry_their_region_and_provider_name() {
        let pool = UserPoolId::parse("eu-west-1_AbCdEf123").unwrap();
        assert_eq!(pool.region().code(), "eu-west-1");
        assert_eq!(
            pool.provider_name(),
            "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"
        );
        let china = UserPoolId::parse("cn-north-1_AbC").unwrap();
        assert_eq!(
            china.provider_name(),
            "cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbC"
        );
        for bad in ["eu-west-1", "mars-1_AbC", "eu-west-1_", "eu-west-1_a-b"] {
            assert!(UserPoolId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn client_ids_follow_the_service_pattern() {
        assert!(AppClientId::parse("1h57kf5cpq17m0eml12EXAMPLE").is_ok());
        for bad in ["", "a b", "a/b", &"a".repeat(129)] {
            assert!(AppClientId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn domains_are_https_or_loopback() {
        let domain =
            LoginDomain::parse("https://example.auth.eu-west-1.amazoncognito.com/").unwrap();
        assert_eq!(
            domain.endpoint("/oauth2/token"),
            "https://example.auth.eu-west-1.amazoncognito.com/oauth2/token"
        );
        assert_eq!(
            domain.origin(),
            "https://example.auth.eu-west-1.amazoncognito.com"
        );
        let sandbox = LoginDomain::parse("http://127.0.0.1:4510/hosted-login").unwrap();
        assert_eq!(sandbox.origin(), "http://127.0.0.1:4510");
        assert_eq!(
            sandbox.endpoint("/logout"),
            "http://127.0.0.1:4510/hosted-login/logout"
        );
        for bad in [
            "http://login.example.com",
            "example.auth.eu-west-1.amazoncognito.com",
            "https://login.example.com/?x=1",
            "ftp://login.example.com",
        ] {
            assert!(LoginDomain::parse(bad).is_err(), "{bad}");
        }
    }
}

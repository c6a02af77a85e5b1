//! Agent and Docker versions, compared by their numbers rather than as text (so `1.10.0` is newer
//! than `1.9.9`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// Up to four dot-separated numbers (`1.89.2`, SSM's `3.3.1142.0`); missing parts count as zero,
/// so `1.2` equals `1.2.0`. A suffix after `-`, `+` or a space (`1.52.1-1`) is ignored.
#[derive(Clone, Copy, Debug)]
pub struct Version {
    parts: [u64; 4],
    shown: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a version number like 1.89.2.")]
pub struct InvalidVersion(pub String);

impl Version {
    pub fn new(major: u64, minor: u64, patch: u64) -> Self {
        Version {
            parts: [major, minor, patch, 0],
            shown: 3,
        }
    }

    /// Reads a version out of text such as `1.89.2`, `v1.89.2` or `1.52.1-1`.
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let text = text
            .strip_prefix('v')
            .or_else(|| text.strip_prefix('V'))
            .unwrap_or(text);
        let core = text.split(['-', '+', ' ']).next().unwrap_or("");
        let mut parts = [0u64; 4];
        let mut shown = 0;
        for piece in core.split('.') {
            if shown == parts.len()
                || piece.is_empty()
                || !piece.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            parts[shown] = piece.parse().ok()?;
            shown += 1;
        }
        Some(Version { parts, shown })
    }
}

impl FromStr for Version {
    type Err = InvalidVersion;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Version::parse(text).ok_or_else(|| InvalidVersion(text.to_owned()))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts.cmp(&other.parts)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.shown.max(1);
        for (index, part) in self.parts[..shown].iter().enumerate() {
            if index > 0 {
                f.write_str(".")?;
            }
            write!(f, "{part}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_numbers_not_text() {
        let v = |text: &str| Version::parse(text).unwrap();
        assert!(v("1.10.0") > v("1.9.9"));
        assert!(v("1.89.2") < v("1.90.0"));
        assert_eq!(v("1.2"), v("1.2.0"));
        assert_eq!(v("v1.52.1-1"), Version::new(1, 52, 1));
        assert!(v("3.3.1142.0") > v("3.3.987.0"));
    }

    #[test]
    fn rejects_what_is_not_a_version() {
        for text in ["", "latest", "1..2", "1.2.3.4.5", "1.x", "-1.2"] {
            assert_eq!(Version::parse(text), None, "{text}");
        }
        assert!("nope".parse::<Version>().is_err());
    }

    #[test]
    fn displays_as_parsed() {
        assert_eq!(Version::parse("1.89.2").unwrap().to_string(), "1.89.2");
        assert_eq!(
            Version::parse("3.3.1142.0").unwrap().to_string(),
            "3.3.1142.0"
        );
        assert_eq!(Version::parse("25").unwrap().to_string(), "25");
    }
}

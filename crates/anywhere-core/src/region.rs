//! AWS partitions and regions, and the service hosts they imply.
//!
//! The console signs requests itself, so it must know which partition a region is in: the partition
//! decides the DNS suffix of every service host (`amazonaws.com`, `amazonaws.com.cn`, `amazonaws.eu`).
//!
//! The data is botocore's: `data/endpoints.json` is an extract of botocore's `endpoints.json`, and
//! `region/partitions.rs` is generated from it by `scripts/refresh_endpoints.py` (run it with the
//! sandbox's Python after upgrading botocore; `tests/region_endpoints.rs` fails until the two agree,
//! and checks every offered region's hosts against botocore's own endpoint resolution).
//!
//! The public API, for pages and for the CSP generator alike, is a list of partitions, each with
//! its regions and its host suffix:
//! - [`PARTITIONS`]: every partition the console offers, in picker order; [`Partition::regions`]
//!   its regions; [`Partition::dns_suffix`] the suffix of its hosts.
//! - [`REGIONS`]: every offered region, with its partition.
//! - [`Region::service_host`]: `ecs.eu-west-1.amazonaws.com` for a service of [`SERVICES`].
//!
//! Decision: the isolated partitions (`aws-iso*`: US ISO, ISOB, ISOE, ISOF) are left out: they
//! are reachable only from inside their own networks, where this public build cannot run.

use std::fmt;


#[rustfmt::skip]
mod partitions;
mod records;

pub use partitions::{PARTITIONS, REGIONS};
pub use records::{Partition, RegionInfo};

/// The services whose hosts the console calls, by endpoint prefix.
pub const SERVICES: &[&str] = &["ecs", "ssm", "sts", "cognito-identity", "cognito-idp"];

impl Partition {
    /// The commercial partition, where botocore places a region no partition claims.
    pub const AWS: &'static Partition = &partitions::AWS;

    /// `aws`, `aws-cn`, …: the partition field of ARNs.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The partition's name, as botocore gives it (`AWS GovCloud (US)`).
    pub fn label(&self) -> &'static str {
        self.name
    }

    pub fn dns_suffix(&self) -> &'static str {
        self.dns_suffix
    }

    /// The partition's regions, in picker order.
    pub fn regions(&'static self) -> impl Iterator<Item = &'static RegionInfo> {
        REGIONS
            .iter()
            .filter(move |region| region.partition == self)
    }

    /// Whether botocore's `regionRegex` matches the code.
    fn claims(&self, code: &str) -> bool {
        region_regex_matches(self.region_regex.as_bytes(), code.as_bytes()) == Some(true)
    }
}

/// botocore's region patterns all read `^PREFIX\-\w+\-\d+$`, PREFIX being literal text and
/// groups of literal alternatives. This matches exactly that much (`None` for anything else), so
/// that the self-service build, which places a region to sign for it, does not carry the query
/// language's regular-expression engine (about 4 KB brotli); a test holds it to that engine on
/// every partition's pattern.
fn region_regex_matches(pattern: &[u8], text: &[u8]) -> Option<bool> {
    let inner = pattern.strip_prefix(b"^")?.strip_suffix(b"$")?;
    matches_from(inner, text)
}

fn matches_from(pattern: &[u8], text: &[u8]) -> Option<bool> {
    match pattern {
        [] => Some(text.is_empty()),
        [b'\\', class @ (b'w' | b'd'), b'+', rest @ ..] => {
            let in_class = |c: &u8| match class {
                b'w' => c.is_ascii_alphanumeric() || *c == b'_',
                _ => c.is_ascii_digit(),
            };
            let run = text.iter().take_while(|c| in_class(c)).count();
            for taken in (1..=run).rev() {
                if matches_from(rest, &text[taken..])? {
                    return Some(true);
                }
            }
            Some(false)
        }
        [b'\\', escaped, rest @ ..] if !escaped.is_ascii_alphanumeric() => {
            Some(text.first() == Some(escaped) && matches_from(rest, &text[1..])?)
        }
        [b'(', group @ ..] => {
            let close = group.iter().position(|c| *c == b')')?;
            let rest = &group[close + 1..];
            for alternative in group[..close].split(|c| *c == b'|') {
                if !alternative
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                {
                    return None;
                }
                if let Some(after) = text.strip_prefix(alternative)
                    && matches_from(rest, after)?
                {
                    return Some(true);
                }
            }
            Some(false)
        }
        [literal, rest @ ..] if literal.is_ascii_alphanumeric() || *literal == b'-' => {
            Some(text.first() == Some(literal) && matches_from(rest, &text[1..])?)
        }
        _ => None,
    }
}

impl RegionInfo {
    /// The region's host of a service: `ecs.eu-west-1.amazonaws.com`.
    pub fn service_host(&self, service: &str) -> String {
        host(service, self.code, self.partition)
    }
}

fn host(service: &str, region: &str, partition: &Partition) -> String {
    format!("{service}.{region}.{}", partition.dns_suffix)
}

/// A region code the console accepts. Unknown codes are allowed when they look like a region
/// (new regions appear faster than releases), and are placed by their prefix.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Region(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a region code; expected something like us-east-1")]
pub struct InvalidRegion(pub String);

impl Region {
    pub fn new(code: &str) -> Result<Self, InvalidRegion> {
        let code = code.trim();
        let looks_like_region = {
            let parts: Vec<&str> = code.split('-').collect();
            parts.len() >= 3
                && parts.iter().all(|p| {
                    !p.is_empty()
                        && p.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                })
                && parts
                    .last()
                    .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
        };
        if looks_like_region && code.len() <= 32 {
            Ok(Region(code.to_owned()))
        } else {
            Err(InvalidRegion(code.to_owned()))
        }
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// The known region's partition, else the first whose `regionRegex` claims the code, else
    /// the commercial one: botocore's order.
    pub fn partition(&self) -> &'static Partition {
        if let Some(info) = self.info() {
            return info.partition;
        }
        PARTITIONS
            .iter()
            .find(|partition| partition.claims(&self.0))
            .unwrap_or(Partition::AWS)
    }

    fn info(&self) -> Option<&'static RegionInfo> {
        REGIONS.iter().find(|r| r.code == self.0)
    }

    /// The display name, when the region is one the console knows.
    pub fn name(&self) -> Option<&'static str> {
        self.info().map(|r| r.name)
    }

    /// `{service}.{region}.{suffix}`: the regional host of a service (an endpoint prefix such as
    /// `ecs` or `cognito-idp`).
    pub fn service_host(&self, service: &str) -> String {
        host(service, &self.0, self.partition())
    }

    /// `https://{service}.{region}.{suffix}`: the regional endpoint of a service.
    pub fn service_endpoint(&self, service: &str) -> String {
        format!("https://{}", self.service_host(service))
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Pattern;

    #[test]
    fn partition_patterns_match_as_the_regular_expression_engine_reads_them() {
        let mut codes: Vec<&str> = REGIONS.iter().map(|r| r.code).collect();
        codes.extend([
            "us-east-9",
            "eu-central-12",
            "il-central-2",
            "cn-north-3",
            "us-gov-west-2",
            "us-gov-",
            "eusc-de-east-1",
            "eusc-fr-east-1",
            "xx-east-1",
            "us-east-",
            "us--1",
            "us-east-1a",
            "us-iso-east-1",
            "us_east_1",
            "US-EAST-1",
            "",
            "us-east-1-2",
        ]);
        for partition in PARTITIONS {
            let engine = Pattern::compile(partition.region_regex).expect(partition.region_regex);
            for code in &codes {
                assert_eq!(
                    region_regex_matches(partition.region_regex.as_bytes(), code.as_bytes()),
                    engine.full_match(code),
                    "{} on {code}",
                    partition.region_regex
                );
            }
        }
    }

    #[test]
    fn other_pattern_shapes_are_not_guessed() {
        for pattern in [
            r"us-east-1",
            r"^us.\w+$",
            r"^(us|e?u)\-\d+$",
            r"^[a-z]+\-\d+$",
        ] {
            assert_eq!(
                region_regex_matches(pattern.as_bytes(), b"us-east-1"),
                None,
                "{pattern}"
            );
        }
    }

    #[test]
    fn every_listed_region_parses_into_its_own_partition() {
        for info in REGIONS {
            let region = Region::new(info.code).expect(info.code);
            assert_eq!(region.partition(), info.partition, "{}", info.code);
            assert_eq!(region.name(), Some(info.name));
            assert!(info.partition.claims(info.code), "{}", info.code);
        }
    }

    #[test]
    fn endpoints_use_the_partition_suffix() {
        let cases = [
            ("us-east-1", "https://ecs.us-east-1.amazonaws.com"),
            ("cn-north-1", "https://ecs.cn-north-1.amazonaws.com.cn"),
            ("us-gov-west-1", "https://ecs.us-gov-west-1.amazonaws.com"),
            ("eusc-de-east-1", "https://ecs.eusc-de-east-1.amazonaws.eu"),
        ];
        for (code, endpoint) in cases {
            assert_eq!(Region::new(code).unwrap().service_endpoint("ecs"), endpoint);
        }
    }

    #[test]
    fn the_public_partitions_are_offered_and_the_isolated_ones_are_not() {
        let ids: Vec<&str> = PARTITIONS.iter().map(Partition::id).collect();
        assert_eq!(ids, ["aws", "aws-cn", "aws-us-gov", "aws-eusc"]);
        assert!(REGIONS.iter().any(|r| r.code == "ap-southeast-6"));
        for partition in PARTITIONS {
            assert!(partition.regions().count() > 0, "{}", partition.id());
        }
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in [
            "",
            "us-east",
            "US-EAST-1",
            "us east 1",
            "us-east-x",
            "https://ecs.us-east-1",
            "a--1",
        ] {
            assert!(Region::new(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn unknown_but_well_formed_regions_are_placed_by_prefix() {
        let cases = [
            ("ap-southeast-9", "aws"),
            ("cn-south-1", "aws-cn"),
            ("us-gov-central-1", "aws-us-gov"),
            ("eusc-de-west-1", "aws-eusc"),
            ("xx-nowhere-1", "aws"),
        ];
        for (code, partition) in cases {
            let region = Region::new(code).unwrap();
            assert_eq!(region.partition().id(), partition, "{code}");
            assert_eq!(region.name(), None);
        }
    }
}

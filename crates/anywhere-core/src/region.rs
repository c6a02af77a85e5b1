//! AWS regions and partitions, and the service endpoints they imply.
//!
//! The console signs requests itself, so it must know which partition a region is in: the partition
//! decides the endpoint's DNS suffix (`amazonaws.com` or `amazonaws.com.cn`).

use std::fmt;

/// An AWS partition: a group of regions sharing a DNS suffix and an identity boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Partition {
    /// The commercial regions.
    Aws,
    /// Beijing and Ningxia.
    AwsCn,
    /// AWS GovCloud (US).
    AwsUsGov,
}

impl Partition {
    pub fn id(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
        }
    }

    pub fn dns_suffix(self) -> &'static str {
        match self {
            Partition::Aws | Partition::AwsUsGov => "amazonaws.com",
            Partition::AwsCn => "amazonaws.com.cn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Partition::Aws => "AWS commercial",
            Partition::AwsCn => "AWS China",
            Partition::AwsUsGov => "AWS GovCloud (US)",
        }
    }
}

/// A known region with its display name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegionInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub partition: Partition,
}

const fn r(code: &'static str, name: &'static str, partition: Partition) -> RegionInfo {
    RegionInfo {
        code,
        name,
        partition,
    }
}

/// Every region the console offers, grouped by partition, in the order a picker shows them.
pub const REGIONS: &[RegionInfo] = &[
    r("us-east-1", "US East (N. Virginia)", Partition::Aws),
    r("us-east-2", "US East (Ohio)", Partition::Aws),
    r("us-west-1", "US West (N. California)", Partition::Aws),
    r("us-west-2", "US West (Oregon)", Partition::Aws),
    r("af-south-1", "Africa (Cape Town)", Partition::Aws),
    r("ap-east-1", "Asia Pacific (Hong Kong)", Partition::Aws),
    r("ap-east-2", "Asia Pacific (Taipei)", Partition::Aws),
    r("ap-south-1", "Asia Pacific (Mumbai)", Partition::Aws),
    r("ap-south-2", "Asia Pacific (Hyderabad)", Partition::Aws),
    r("ap-southeast-1", "Asia Pacific (Singapore)", Partition::Aws),
    r("ap-southeast-2", "Asia Pacific (Sydney)", Partition::Aws),
    r("ap-southeast-3", "Asia Pacific (Jakarta)", Partition::Aws),
    r("ap-southeast-4", "Asia Pacific (Melbourne)", Partition::Aws),
    r("ap-southeast-5", "Asia Pacific (Malaysia)", Partition::Aws),
    r("ap-southeast-7", "Asia Pacific (Thailand)", Partition::Aws),
    r("ap-northeast-1", "Asia Pacific (Tokyo)", Partition::Aws),
    r("ap-northeast-2", "Asia Pacific (Seoul)", Partition::Aws),
    r("ap-northeast-3", "Asia Pacific (Osaka)", Partition::Aws),
    r("ca-central-1", "Canada (Central)", Partition::Aws),
    r("ca-west-1", "Canada West (Calgary)", Partition::Aws),
    r("eu-central-1", "Europe (Frankfurt)", Partition::Aws),
    r("eu-central-2", "Europe (Zurich)", Partition::Aws),
    r("eu-west-1", "Europe (Ireland)", Partition::Aws),
    r("eu-west-2", "Europe (London)", Partition::Aws),
    r("eu-west-3", "Europe (Paris)", Partition::Aws),
    r("eu-south-1", "Europe (Milan)", Partition::Aws),
    r("eu-south-2", "Europe (Spain)", Partition::Aws),
    r("eu-north-1", "Europe (Stockholm)", Partition::Aws),
    r("il-central-1", "Israel (Tel Aviv)", Partition::Aws),
    r("me-south-1", "Middle East (Bahrain)", Partition::Aws),
    r("me-central-1", "Middle East (UAE)", Partition::Aws),
    r("mx-central-1", "Mexico (Central)", Partition::Aws),
    r("sa-east-1", "South America (São Paulo)", Partition::Aws),
    r("cn-north-1", "China (Beijing)", Partition::AwsCn),
    r("cn-northwest-1", "China (Ningxia)", Partition::AwsCn),
    r(
        "us-gov-west-1",
        "AWS GovCloud (US-West)",
        Partition::AwsUsGov,
    ),
    r(
        "us-gov-east-1",
        "AWS GovCloud (US-East)",
        Partition::AwsUsGov,
    ),
];

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

    pub fn partition(&self) -> Partition {
        if self.0.starts_with("cn-") {
            Partition::AwsCn
        } else if self.0.starts_with("us-gov-") {
            Partition::AwsUsGov
        } else {
            Partition::Aws
        }
    }

    /// The display name, when the region is one the console knows.
    pub fn name(&self) -> Option<&'static str> {
        REGIONS.iter().find(|r| r.code == self.0).map(|r| r.name)
    }

    /// `https://{service}.{region}.{suffix}` — the regional endpoint of a service.
    pub fn service_endpoint(&self, service: &str) -> String {
        format!(
            "https://{service}.{}.{}",
            self.0,
            self.partition().dns_suffix()
        )
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

    #[test]
    fn every_listed_region_parses_into_its_own_partition() {
        for info in REGIONS {
            let region = Region::new(info.code).expect(info.code);
            assert_eq!(region.partition(), info.partition, "{}", info.code);
            assert_eq!(region.name(), Some(info.name));
        }
    }

    #[test]
    fn endpoints_use_the_partition_suffix() {
        let cases = [
            ("us-east-1", "https://ecs.us-east-1.amazonaws.com"),
            ("cn-north-1", "https://ecs.cn-north-1.amazonaws.com.cn"),
            ("us-gov-west-1", "https://ecs.us-gov-west-1.amazonaws.com"),
        ];
        for (code, endpoint) in cases {
            assert_eq!(Region::new(code).unwrap().service_endpoint("ecs"), endpoint);
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
    fn unknown_but_well_formed_regions_are_accepted() {
        let region = Region::new("ap-southeast-9").unwrap();
        assert_eq!(region.partition(), Partition::Aws);
        assert_eq!(region.name(), None);
    }
}

//! Where requests go: the regional AWS endpoint, or a custom URL (the local sandbox, a VPC endpoint).

use crate::aws::operation::Service;
use crate::region::Region;

/// The destination of ECS and SSM requests and the region they are signed for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// The public regional endpoint of each service, in the region's partition.
    Aws(Region),
    /// One URL serving both ECS and SSM (requests are told apart by `X-Amz-Target`).
    Custom { url: String, region: Region },
}

impl Endpoint {
    /// The region the request is signed for.
    pub fn region(&self) -> &Region {
        match self {
            Endpoint::Aws(region) | Endpoint::Custom { region, .. } => region,
        }
    }

    /// The URL a JSON 1.1 request for `service` is posted to (always ends in `/`).
    pub fn url(&self, service: Service) -> String {
        match self {
            Endpoint::Aws(region) => {
                format!("{}/", region.service_endpoint(service.endpoint_prefix()))
            }
            Endpoint::Custom { url, .. } => format!("{}/", url.trim().trim_end_matches('/')),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str) -> Region {
        Region::new(code).unwrap()
    }

    #[test]
    fn regional_endpoints_follow_the_partition() {
        let cases = [
            (
                "us-east-1",
                Service::Ecs,
                "https://ecs.us-east-1.amazonaws.com/",
            ),
            (
                "eu-west-3",
                Service::Ssm,
                "https://ssm.eu-west-3.amazonaws.com/",
            ),
            (
                "cn-north-1",
                Service::Ecs,
                "https://ecs.cn-north-1.amazonaws.com.cn/",
            ),
            (
                "us-gov-west-1",
                Service::Ssm,
                "https://ssm.us-gov-west-1.amazonaws.com/",
            ),
        ];
        for (code, service, url) in cases {
            assert_eq!(Endpoint::Aws(region(code)).url(service), url);
        }
    }

    #[test]
    fn custom_endpoint_serves_both_services() {
        let endpoint = Endpoint::Custom {
            url: "http://localhost:4566//".into(),
            region: region("eu-central-1"),
        };
        assert_eq!(endpoint.url(Service::Ecs), "http://localhost:4566/");
        assert_eq!(endpoint.url(Service::Ssm), "http://localhost:4566/");
        assert_eq!(endpoint.region().code(), "eu-central-1");
    }
}

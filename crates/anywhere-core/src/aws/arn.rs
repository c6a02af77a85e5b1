//! Reading Amazon Resource Names (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`) as ECS and SSM
//! return them.

/// The name at the end of an ARN's resource: `…:cluster/NAME` gives `NAME`,
/// `…:task-definition/FAMILY:3` gives `FAMILY:3`, `…:task/CLUSTER/ID` gives `ID`. Text without a
/// slash (a name given instead of an ARN) is its own name.
pub fn resource_name(arn: &str) -> &str {
    arn.rsplit_once('/').map_or(arn, |(_, name)| name)
}

/// The account an ARN belongs to (its fifth field), when it names one.
pub fn account(arn: &str) -> Option<&str> {
    arn.strip_prefix("arn:")?
        .split(':')
        .nth(3)
        .filter(|account| !account.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_accounts() {
        let cluster = "arn:aws:ecs:eu-west-1:123456789012:cluster/edge-lab";
        assert_eq!(resource_name(cluster), "edge-lab");
        assert_eq!(account(cluster), Some("123456789012"));
        assert_eq!(
            resource_name("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3"),
            "web:3"
        );
        assert_eq!(
            resource_name("arn:aws:ecs:eu-west-1:123456789012:task/edge-lab/0f1e2d"),
            "0f1e2d"
        );
        assert_eq!(resource_name("edge-lab"), "edge-lab");
        assert_eq!(account("edge-lab"), None);
        assert_eq!(account("arn:aws:s3:::bucket"), None);
    }
}

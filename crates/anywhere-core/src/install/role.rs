//! The instance role external instances assume through SSM: once per account, named by the user.

use crate::region::Partition;

use super::linux::shell_quote;
use crate::fields::InstanceRoleName;

/// The service that hands the role's credentials to the SSM agent on the host.
pub const TRUSTED_SERVICE: &str = "ssm.amazonaws.com";

/// The AWS managed policies the role needs: SSM for the managed instance, and the ECS container
/// instance policy for the agent.
pub fn managed_policy_arns(partition: &Partition) -> [String; 2] {
    let id = partition.id();
    [
        format!("arn:{id}:iam::aws:policy/AmazonSSMManagedInstanceCore"),
        format!("arn:{id}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"),
    ]
}

/// The trust policy, as compact JSON.
pub fn trust_policy_json() -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Service": TRUSTED_SERVICE },
            "Action": "sts:AssumeRole"
        }]
    })
    .to_string()
}

/// AWS CLI commands that create the role (in its path, if it has one) and attach both policies.
pub fn role_cli_commands(role: &InstanceRoleName, partition: &Partition) -> Vec<String> {
    let path = match role.path().as_str() {
        "/" => String::new(),
        path => format!(" --path {}", shell_quote(path)),
    };
    let role = shell_quote(role.name());
    let mut commands = vec![format!(
        "aws iam create-role --role-name {role}{path} --assume-role-policy-document {}",
        shell_quote(&trust_policy_json())
    )];
    for arn in managed_policy_arns(partition) {
        commands.push(format!(
            "aws iam attach-role-policy --role-name {role} --policy-arn {}",
            shell_quote(&arn)
        ));
    }
    commands
}

/// A CloudFormation template creating the same role.
pub fn role_cloudformation(role: &InstanceRoleName, partition: &Partition) -> String {
    let [ssm, ecs] = managed_policy_arns(partition);
    // Role names may start with `@` or hold `,`, which YAML plain scalars do not allow; they
    // cannot hold a `'`, so a single-quoted scalar is always exact. A path may: it is doubled.
    let name = role.name();
    let path = role.path().replace('\'', "''");
    format!(
        "AWSTemplateFormatVersion: '2010-09-09'
Description: Instance role for ECS Anywhere external instances
Resources:
  EcsAnywhereRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: '{name}'
      Path: '{path}'
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: {TRUSTED_SERVICE}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - {ssm}
        - {ecs}
Outputs:
  RoleName:
    Value: !Ref EcsAnywhereRole
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::region::Region;

    #[test]
    fn cli_commands_name_the_role_and_the_partition_policies() {
        let role = InstanceRoleName::parse("edgeRole").unwrap();
        let commands = role_cli_commands(&role, Region::new("us-gov-west-1").unwrap().partition());
        assert_eq!(commands.len(), 3);
        assert!(commands[0].starts_with("aws iam create-role --role-name 'edgeRole' "));
        assert!(commands[1].ends_with(
            "--policy-arn 'arn:aws-us-gov:iam::aws:policy/AmazonSSMManagedInstanceCore'"
        ));
        assert!(commands[2].ends_with(
            "--policy-arn 'arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role'"
        ));
    }

    #[test]
    fn trust_policy_lets_ssm_assume_the_role() {
        let policy: serde_json::Value = serde_json::from_str(&trust_policy_json()).unwrap();
        let statement = &policy["Statement"][0];
        assert_eq!(statement["Principal"]["Service"], "ssm.amazonaws.com");
        assert_eq!(statement["Action"], "sts:AssumeRole");
        assert_eq!(statement["Effect"], "Allow");
    }

    #[test]
    fn cloudformation_quotes_the_role_name() {
        let role = InstanceRoleName::parse("@team,role").unwrap();
        let template = role_cloudformation(&role, Partition::AWS);
        assert!(template.contains("      RoleName: '@team,role'\n"));
        assert!(
            template.contains("        - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\n")
        );
        assert!(template.contains("      Path: '/'\n"));
    }

    #[test]
    fn a_role_path_goes_to_iam_as_a_path() {
        let role = InstanceRoleName::parse("service-role/edgeRole").unwrap();
        let commands = role_cli_commands(&role, Partition::AWS);
        assert!(
            commands[0]
                .starts_with("aws iam create-role --role-name 'edgeRole' --path '/service-role/' "),
            "{}",
            commands[0]
        );
        assert!(commands[1].starts_with("aws iam attach-role-policy --role-name 'edgeRole' "));
        let template = role_cloudformation(&role, Partition::AWS);
        assert!(template.contains("      RoleName: 'edgeRole'\n      Path: '/service-role/'\n"));
    }
}

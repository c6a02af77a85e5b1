//! "Copy as AWS CLI": the `aws ecs ... --cli-input-json` command equivalent to what the console sends.

use serde_json::Value;

use crate::install::linux::shell_quote;

/// The requests the console can hand over to the AWS CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CliRequest {
    RegisterTaskDefinition,
    RunTask,
    CreateService,
}

impl CliRequest {
    fn subcommand(self) -> &'static str {
        match self {
            CliRequest::RegisterTaskDefinition => "register-task-definition",
            CliRequest::RunTask => "run-task",
            CliRequest::CreateService => "create-service",
        }
    }
}

/// `aws ecs SUBCOMMAND --region REGION --cli-input-json 'JSON'`, the JSON compact and quoted for a
/// POSIX shell, so a paste runs as is whatever the document holds.
pub fn cli_command(request: CliRequest, region: &str, document: &Value) -> String {
    format!(
        "aws ecs {} --region {} --cli-input-json {}",
        request.subcommand(),
        shell_quote(region),
        shell_quote(&document.to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn register_command_quotes_the_json() {
        let document =
            json!({"family": "web", "containerDefinitions": [{"name": "it's", "image": "nginx"}]});
        assert_eq!(
            cli_command(
                CliRequest::RegisterTaskDefinition,
                "eu-central-1",
                &document
            ),
            r#"aws ecs register-task-definition --region 'eu-central-1' --cli-input-json '{"containerDefinitions":[{"image":"nginx","name":"it'\''s"}],"family":"web"}'"#
        );
    }

    #[test]
    fn run_and_service_use_their_subcommands() {
        let document = json!({"taskDefinition": "web"});
        assert!(
            cli_command(CliRequest::RunTask, "us-east-1", &document)
                .starts_with("aws ecs run-task --region")
        );
        assert!(
            cli_command(CliRequest::CreateService, "us-east-1", &document)
                .starts_with("aws ecs create-service --region")
        );
    }
}

//! One host's page's reads against a fake ECS and SSM: the host joined with its SSM record, a host
//! deregistered since the link was made, and the tasks on a host over several list pages and
//! describe batches.

mod fixed_clock;

use fixed_clock::{FixedClock, client_in};

use std::cell::RefCell;

use anywhere_core::aws::client::{Client, Transport, TransportError};
use anywhere_core::aws::{HttpRequest, HttpResponse};
use anywhere_core::fleet::instance::{HostLookupError, TASKS_PER_DESCRIBE, load_host, load_tasks};
use serde_json::{Value, json};

const ARN: &str = "arn:aws:ecs:eu-west-1:123456789012:container-instance/edge/0123abcd";

/// One registered host (`ARN`, managed instance `mi-00000000000000001`) with `tasks` tasks, listed
/// `list_page` per page.
struct FakeAws {
    registered: bool,
    tasks: usize,
    list_page: usize,
    calls: RefCell<Vec<(String, Value)>>,
}

impl Transport for &FakeAws {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let target = request
            .header("x-amz-target")
            .unwrap_or_default()
            .to_owned();
        let body: Value = serde_json::from_str(&request.body).unwrap();
        self.calls.borrow_mut().push((target.clone(), body.clone()));
        let output = match target.rsplit('.').next().unwrap_or_default() {
            "DescribeContainerInstances" => {
                assert_eq!(body["containerInstances"], json!([ARN]));
                assert_eq!(body["include"], json!(["TAGS"]));
                let found: Vec<Value> = if self.registered {
                    vec![json!({
                        "containerInstanceArn": ARN,
                        "ec2InstanceId": "mi-00000000000000001",
                        "status": "ACTIVE",
                        "agentConnected": true,
                        "tags": [{"key": "team", "value": "edge"}]
                    })]
                } else {
                    Vec::new()
                };
                json!({"containerInstances": found, "failures": []})
            }
            "DescribeInstanceInformation" => json!({"InstanceInformationList": [
                {"InstanceId": "mi-00000000000000001", "ComputerName": "store-01"}
            ]}),
            "ListTasks" => {
                assert_eq!(body["containerInstance"], ARN);
                let start: usize = body["nextToken"].as_str().map_or(0, |t| t.parse().unwrap());
                let end = (start + self.list_page).min(self.tasks);
                let arns: Vec<String> = (start..end).map(task_arn).collect();
                let mut output = json!({"taskArns": arns});
                if end < self.tasks {
                    output["nextToken"] = json!(end.to_string());
                }
                output
            }
            "DescribeTasks" => {
                let asked = body["tasks"].as_array().unwrap();
                assert!(asked.len() <= TASKS_PER_DESCRIBE);
                let tasks: Vec<Value> = asked.iter().map(|arn| json!({"taskArn": arn})).collect();
                json!({"tasks": tasks, "failures": []})
            }
            other => panic!("unexpected call {other}"),
        };
        Ok(HttpResponse {
            status: 200,
            headers: vec![],
            body: output.to_string(),
        })
    }
}

fn task_arn(i: usize) -> String {
    format!("arn:aws:ecs:eu-west-1:123456789012:task/edge/{i:032x}")
}

fn client(aws: &FakeAws) -> Client<&FakeAws, FixedClock> {
    client_in(aws, "eu-west-1")
}

fn fake(registered: bool, tasks: usize, list_page: usize) -> FakeAws {
    FakeAws {
        registered,
        tasks,
        list_page,
        calls: RefCell::new(Vec::new()),
    }
}

#[test]
fn a_host_is_read_with_its_tags_and_joined_with_its_ssm_record() {
    let aws = fake(true, 0, 100);
    let host = pollster::block_on(load_host(&client(&aws), "edge", ARN)).unwrap();
    assert_eq!(host.key(), ARN);
    assert_eq!(host.cluster(), "edge");
    assert_eq!(host.hostname(), Some("store-01"));
    assert_eq!(host.tags().len(), 1);
    assert_eq!(aws.calls.borrow().len(), 2);
}

#[test]
fn a_host_deregistered_since_is_named_in_one_sentence() {
    let aws = fake(false, 0, 100);
    let error = pollster::block_on(load_host(&client(&aws), "edge", ARN)).unwrap_err();
    assert_eq!(
        error,
        HostLookupError::Gone {
            cluster: "edge".into(),
            id: "0123abcd".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "Cluster edge has no container instance 0123abcd: it may have been deregistered."
    );
    // No SSM lookup for a host ECS does not know.
    assert_eq!(aws.calls.borrow().len(), 1);
}

#[test]
fn every_task_is_listed_over_pages_and_described_in_batches_of_one_hundred() {
    let aws = fake(true, 230, 40);
    let tasks = pollster::block_on(load_tasks(&client(&aws), "edge", ARN)).unwrap();
    let arns: Vec<String> = tasks.into_iter().map(|task| task.task_arn).collect();
    assert_eq!(arns, (0..230).map(task_arn).collect::<Vec<_>>());
    let calls = aws.calls.borrow();
    let count = |name: &str| {
        calls
            .iter()
            .filter(|(target, _)| target.ends_with(name))
            .count()
    };
    assert_eq!(count(".ListTasks"), 6);
    assert_eq!(count(".DescribeTasks"), 3);
}

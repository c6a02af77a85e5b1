//! The client loop (sign, send, decode, retry, clock correction) and pagination, against a
//! scripted fake transport and a fake clock.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

use anywhere_core::aws::client::{Client, Clock, Transport, TransportError};
use anywhere_core::aws::{
    AuthFailure, AwsError, Credentials, CredentialsError, CredentialsFuture, CredentialsSource,
    Endpoint, HttpRequest, HttpResponse, RetryCause, RetryNotice, StaticCredentials, ecs, ssm,
};
use anywhere_core::region::Region;

/// 2026-01-01T00:00:00Z.
const LOCAL_NOW: f64 = 1_767_225_600_000.0;

type Reply = Result<HttpResponse, TransportError>;

#[derive(Default)]
struct FakeTransport {
    replies: RefCell<VecDeque<Reply>>,
    sent: RefCell<Vec<HttpRequest>>,
}

impl Transport for FakeTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.sent.borrow_mut().push(request);
        self.replies
            .borrow_mut()
            .pop_front()
            .expect("the test scripted a reply for every request")
    }
}

#[derive(Default)]
struct FakeClock {
    slept: RefCell<Vec<Duration>>,
    advanced_millis: Cell<f64>,
}

impl Clock for FakeClock {
    fn now_millis(&self) -> f64 {
        LOCAL_NOW + self.advanced_millis.get()
    }

    async fn sleep(&self, duration: Duration) {
        self.slept.borrow_mut().push(duration);
        self.advanced_millis
            .set(self.advanced_millis.get() + duration.as_millis() as f64);
    }

    fn random_unit(&self) -> f64 {
        0.5
    }
}

fn ok(body: &str) -> Reply {
    Ok(HttpResponse {
        status: 200,
        headers: vec![],
        body: body.to_owned(),
    })
}

fn status(status: u16, body: &str) -> Reply {
    Ok(HttpResponse {
        status,
        headers: vec![],
        body: body.to_owned(),
    })
}

fn client(replies: Vec<Reply>) -> Client<FakeTransport, FakeClock> {
    let transport = FakeTransport {
        replies: RefCell::new(replies.into()),
        sent: RefCell::default(),
    };
    let endpoint = Endpoint::Aws(Region::new("eu-west-1").unwrap());
    let credentials = StaticCredentials(Credentials::new("AKIAEXAMPLE", "secret", Some("token")));
    Client::new(
        transport,
        FakeClock::default(),
        endpoint,
        std::rc::Rc::new(credentials),
    )
}

fn sent(client: &Client<FakeTransport, FakeClock>) -> Vec<HttpRequest> {
    client.transport().sent.borrow().clone()
}

const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;

#[test]
fn a_signed_request_is_sent_and_the_output_decoded() {
    let client = client(vec![ok(
        r#"{"clusterArns":["arn:aws:ecs:eu-west-1:1:cluster/edge"]}"#,
    )]);
    let output =
        pollster::block_on(client.call::<ecs::ListClusters>(&ecs::ListClustersInput::default()))
            .unwrap();
    assert_eq!(
        output.cluster_arns,
        ["arn:aws:ecs:eu-west-1:1:cluster/edge"]
    );
    let request = &sent(&client)[0];
    assert_eq!(request.url, "https://ecs.eu-west-1.amazonaws.com/");
    assert_eq!(
        request.header("x-amz-target"),
        Some("AmazonEC2ContainerServiceV20141113.ListClusters")
    );
    assert_eq!(request.header("x-amz-date"), Some("20260101T000000Z"));
    assert_eq!(request.header("x-amz-security-token"), Some("token"));
    assert!(
        request
            .header("authorization")
            .unwrap()
            .contains("/20260101/eu-west-1/ecs/aws4_request")
    );
}

#[test]
fn reads_are_retried_with_backoff_until_they_succeed() {
    let client = client(vec![
        status(400, THROTTLED),
        Err(TransportError::Network("Failed to fetch".into())),
        ok(
            r#"{"InstanceInformationList":[{"InstanceId":"mi-0a1b2c3d4e5f67890","PingStatus":"Online"}]}"#,
        ),
    ]);
    let output =
        pollster::block_on(client.call::<ssm::DescribeInstanceInformation>(&Default::default()))
            .unwrap();
    assert_eq!(
        output.instance_information_list[0].instance_id,
        "mi-0a1b2c3d4e5f67890"
    );
    assert_eq!(sent(&client).len(), 3);
    // Full jitter at 0.5: of 1 s after throttling (attempt 1), of 2 × 50 ms after a transient
    // error (attempt 2).
    assert_eq!(
        *client.clock().slept.borrow(),
        [Duration::from_millis(500), Duration::from_millis(50)]
    );
}

#[test]
fn transient_errors_stop_at_three_attempts() {
    let server_error = r#"{"__type":"ServerException","message":"boom"}"#;
    let client = client(vec![
        status(500, server_error),
        Err(TransportError::Timeout(Duration::from_secs(20))),
        status(503, server_error),
    ]);
    let error =
        pollster::block_on(client.call::<ecs::ListClusters>(&Default::default())).unwrap_err();
    assert!(
        matches!(error, AwsError::Server { status: 503, .. }),
        "{error:?}"
    );
    assert_eq!(sent(&client).len(), 3);
}

#[test]
fn throttling_is_retried_for_a_minute_and_each_wait_is_announced() {
    let client = client((0..11).map(|_| status(400, THROTTLED)).collect());
    let notices = Rc::new(RefCell::new(Vec::new()));
    let seen = notices.clone();
    client.observe_retries(Some(Rc::new(move |notice: &RetryNotice| {
        seen.borrow_mut().push(*notice)
    })));
    let error =
        pollster::block_on(client.call::<ecs::ListClusters>(&Default::default())).unwrap_err();
    assert!(matches!(error, AwsError::Throttling { .. }), "{error:?}");
    assert_eq!(sent(&client).len(), 11);
    let slept: Duration = client.clock().slept.borrow().iter().sum();
    assert_eq!(slept, Duration::from_secs(60));
    let notices = notices.borrow();
    assert_eq!(notices.len(), 10);
    assert!(
        notices
            .iter()
            .all(|n| n.cause == RetryCause::Throttling && n.operation == "ListClusters")
    );
    assert_eq!(
        notices.iter().map(|n| n.delay).collect::<Vec<_>>(),
        *client.clock().slept.borrow()
    );
    assert_eq!(notices[3].attempt, 4);
}

#[test]
fn a_timed_out_write_is_ambiguous() {
    let client = client(vec![Err(TransportError::Timeout(Duration::from_secs(20)))]);
    let input = ssm::CreateActivationInput {
        iam_role: "ecsAnywhereRole".into(),
        ..Default::default()
    };
    let error = pollster::block_on(client.call::<ssm::CreateActivation>(&input)).unwrap_err();
    assert_eq!(
        error,
        AwsError::AmbiguousWrite {
            operation: "CreateActivation",
            cause: Box::new(AwsError::Timeout { seconds: 20 })
        }
    );
    assert!(
        error.user_message().contains("did not answer in time"),
        "{}",
        error.user_message()
    );
}

#[test]
fn a_non_idempotent_write_is_not_repeated_after_a_network_failure() {
    let client = client(vec![Err(TransportError::Network("Failed to fetch".into()))]);
    let input = ssm::CreateActivationInput {
        iam_role: "ecsAnywhereRole".into(),
        ..Default::default()
    };
    let error = pollster::block_on(client.call::<ssm::CreateActivation>(&input)).unwrap_err();
    assert!(
        matches!(
            &error,
            AwsError::AmbiguousWrite {
                operation: "CreateActivation",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(sent(&client).len(), 1);
    assert!(client.clock().slept.borrow().is_empty());
}

#[test]
fn a_write_with_a_client_token_is_retried() {
    let client = client(vec![
        status(503, "Service Unavailable"),
        ok(r#"{"tasks":[],"failures":[]}"#),
    ]);
    let input = ecs::RunTaskInput {
        task_definition: "web:1".into(),
        client_token: Some("6f1d2c3b-0000-4000-8000-000000000001".into()),
        ..Default::default()
    };
    pollster::block_on(client.call::<ecs::RunTask>(&input)).unwrap();
    let sent = sent(&client);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body);
}

#[test]
fn clock_skew_is_corrected_once_and_kept_for_later_requests() {
    let skewed = r#"{"__type":"InvalidSignatureException","message":"Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z (20260101T001500Z - 5 min.)"}"#;
    let client = client(vec![
        status(400, skewed),
        ok(r#"{"clusterArns":[]}"#),
        ok(r#"{"clusterArns":[]}"#),
    ]);
    pollster::block_on(client.call::<ecs::ListClusters>(&Default::default())).unwrap();
    assert_eq!(client.clock_offset_millis(), 15.0 * 60_000.0);
    pollster::block_on(client.call::<ecs::ListClusters>(&Default::default())).unwrap();
    let dates: Vec<String> = sent(&client)
        .iter()
        .map(|r| r.header("x-amz-date").unwrap().to_owned())
        .collect();
    assert_eq!(
        dates,
        ["20260101T000000Z", "20260101T001500Z", "20260101T001500Z"]
    );
    assert!(client.clock().slept.borrow().is_empty());
}

#[test]
fn a_second_time_rejection_is_reported_as_clock_skew() {
    let skewed = r#"{"__type":"InvalidSignatureException","message":"Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z (20260101T001500Z - 5 min.)"}"#;
    let client = client(vec![status(400, skewed), status(400, skewed)]);
    let input = ssm::CreateActivationInput {
        iam_role: "ecsAnywhereRole".into(),
        ..Default::default()
    };
    let error = pollster::block_on(client.call::<ssm::CreateActivation>(&input)).unwrap_err();
    assert!(matches!(error, AwsError::ClockSkew { .. }), "{error:?}");
    assert_eq!(sent(&client).len(), 2);
}

#[test]
fn final_errors_and_cancellation_are_returned_at_once() {
    let mismatch = "<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error></Errors></ErrorResponse>";
    let client = client(vec![status(403, mismatch), Err(TransportError::Cancelled)]);
    let error =
        pollster::block_on(client.call::<ecs::ListClusters>(&Default::default())).unwrap_err();
    assert!(matches!(
        error,
        AwsError::Authentication {
            reason: AuthFailure::SignatureMismatch,
            ..
        }
    ));
    let cancelled =
        pollster::block_on(client.call::<ecs::ListClusters>(&Default::default())).unwrap_err();
    assert_eq!(cancelled, AwsError::Cancelled);
    assert_eq!(sent(&client).len(), 2);
}

#[test]
fn undecodable_success_bodies_are_decode_errors() {
    let client = client(vec![ok("<html>captive portal</html>"), ok("")]);
    let error =
        pollster::block_on(client.call::<ecs::ListClusters>(&Default::default())).unwrap_err();
    assert!(matches!(error, AwsError::Decode { .. }), "{error:?}");
    let input = ecs::TagResourceInput {
        resource_arn: "arn".into(),
        tags: vec![],
    };
    pollster::block_on(client.call::<ecs::TagResource>(&input)).unwrap();
}

/// A source whose credentials change from one call to the next, as refreshed ones do.
struct Rotating(Cell<u32>);

impl CredentialsSource for Rotating {
    fn credentials(&self) -> CredentialsFuture<'_> {
        let turn = self.0.get() + 1;
        self.0.set(turn);
        Box::pin(async move {
            if turn == 3 {
                return Err(CredentialsError("Sign in again.".to_owned()));
            }
            Ok(Credentials::new(
                &format!("ASIATURN{turn}"),
                "secret",
                Some("token"),
            ))
        })
    }
}

#[test]
fn every_attempt_asks_the_source_and_a_source_without_credentials_sends_nothing() {
    let transport = FakeTransport {
        replies: RefCell::new(vec![status(400, THROTTLED), ok("{}"), ok("{}")].into()),
        sent: RefCell::default(),
    };
    let client = Client::new(
        transport,
        FakeClock::default(),
        Endpoint::Aws(Region::new("eu-west-1").unwrap()),
        std::rc::Rc::new(Rotating(Cell::new(0))),
    );
    pollster::block_on(client.call::<ssm::DescribeActivations>(&Default::default())).unwrap();
    let signed_by: Vec<String> = sent(&client)
        .iter()
        .map(|r| r.header("authorization").unwrap().to_owned())
        .collect();
    assert!(
        signed_by[0].contains("Credential=ASIATURN1/"),
        "{signed_by:?}"
    );
    assert!(
        signed_by[1].contains("Credential=ASIATURN2/"),
        "the retry asks again"
    );
    let error = pollster::block_on(client.call::<ssm::DescribeActivations>(&Default::default()))
        .unwrap_err();
    assert_eq!(error.user_message(), "Sign in again.");
    assert_eq!(
        sent(&client).len(),
        2,
        "nothing is sent without credentials"
    );
}

#[test]
fn pages_follow_next_tokens_one_request_at_a_time() {
    let client = client(vec![
        ok(r#"{"containerInstanceArns":["a","b"],"nextToken":"t1"}"#),
        ok(r#"{"containerInstanceArns":["c"],"nextToken":"t2"}"#),
        ok(r#"{"containerInstanceArns":["d"],"nextToken":""}"#),
    ]);
    let input = ecs::ListContainerInstancesInput {
        cluster: Some("edge".into()),
        ..Default::default()
    };
    let mut pages = client.pages::<ecs::ListContainerInstances>(input);
    let first = pollster::block_on(pages.next_page()).unwrap().unwrap();
    assert_eq!(first.container_instance_arns, ["a", "b"]);
    assert_eq!(
        sent(&client).len(),
        1,
        "the first page is available before the next is requested"
    );
    let mut rest = vec![];
    while let Some(page) = pollster::block_on(pages.next_page()) {
        rest.extend(page.unwrap().container_instance_arns);
    }
    assert_eq!(rest, ["c", "d"]);
    let bodies: Vec<String> = sent(&client).iter().map(|r| r.body.clone()).collect();
    assert_eq!(
        bodies,
        [
            r#"{"cluster":"edge"}"#,
            r#"{"cluster":"edge","nextToken":"t1"}"#,
            r#"{"cluster":"edge","nextToken":"t2"}"#
        ]
    );
}

#[test]
fn pages_end_after_an_error() {
    let client = client(vec![status(
        400,
        r#"{"__type":"ClusterNotFoundException","message":"Cluster not found."}"#,
    )]);
    let mut pages = client.pages::<ecs::ListTasks>(Default::default());
    assert!(matches!(
        pollster::block_on(pages.next_page()),
        Some(Err(AwsError::NotFound { .. }))
    ));
    assert!(pollster::block_on(pages.next_page()).is_none());
}

#[test]
fn all_pages_gathers_every_page_or_gives_the_first_error() {
    let listing = client(vec![
        ok(r#"{"clusterArns":["a"],"nextToken":"t1"}"#),
        ok(r#"{"clusterArns":["b"]}"#),
    ]);
    let pages =
        pollster::block_on(listing.all_pages::<ecs::ListClusters>(Default::default())).unwrap();
    let arns: Vec<&str> = pages
        .iter()
        .flat_map(|page| page.cluster_arns.iter().map(String::as_str))
        .collect();
    assert_eq!(arns, ["a", "b"]);

    let failing = client(vec![
        ok(r#"{"clusterArns":["a"],"nextToken":"t1"}"#),
        status(400, r#"{"__type":"AccessDeniedException","message":"no"}"#),
    ]);
    assert!(matches!(
        pollster::block_on(failing.all_pages::<ecs::ListClusters>(Default::default())),
        Err(AwsError::AccessDenied { .. })
    ));
}

#[test]
fn container_instances_are_listed_over_pages_and_described_a_hundred_at_a_time() {
    let arns: Vec<String> = (0..250)
        .map(|i| format!("arn:aws:ecs:eu-west-1:123456789012:container-instance/edge/{i:03}"))
        .collect();
    let listed_page = |arns: &[String], next: Option<&str>| {
        ok(&serde_json::json!({"containerInstanceArns": arns, "nextToken": next}).to_string())
    };
    let described = |arns: &[String]| {
        let instances: Vec<_> = arns
            .iter()
            .map(|arn| serde_json::json!({"containerInstanceArn": arn}))
            .collect();
        ok(&serde_json::json!({"containerInstances": instances, "failures": []}).to_string())
    };
    let ecs = client(vec![
        listed_page(&arns[..200], Some("t1")),
        listed_page(&arns[200..], None),
        described(&arns[..100]),
        described(&arns[100..200]),
        described(&arns[200..]),
    ]);
    let filter = Some("agentConnected == true".to_owned());
    let listed = pollster::block_on(ecs::container_instance_arns(&ecs, "edge", filter)).unwrap();
    assert_eq!(listed, arns);
    let found =
        pollster::block_on(ecs::describe_container_instances(&ecs, "edge", &listed)).unwrap();
    assert_eq!(found.len(), 250);
    assert_eq!(found[249].container_instance_arn, arns[249]);
    let bodies: Vec<serde_json::Value> = sent(&ecs)
        .iter()
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    assert_eq!(bodies[1]["filter"], "agentConnected == true");
    assert_eq!(bodies[1]["nextToken"], "t1");
    let batches: Vec<usize> = bodies[2..]
        .iter()
        .map(|b| b["containerInstances"].as_array().unwrap().len())
        .collect();
    assert_eq!(batches, [100, 100, 50]);
    assert!(bodies[2..].iter().all(|b| b["cluster"] == "edge"));
}

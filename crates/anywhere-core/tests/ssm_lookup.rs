//! Looking managed instances up by id against a fake SSM that answers as DescribeInstanceInformation
//! may: pages shorter than asked, even empty, that still carry a `NextToken`.

mod fixed_clock;

use fixed_clock::client_in;

use std::cell::RefCell;

use anywhere_core::aws::client::{Transport, TransportError};
use anywhere_core::aws::ssm::{IDS_PER_LOOKUP, describe_instances_by_id};
use anywhere_core::aws::{HttpRequest, HttpResponse};
use serde_json::{Value, json};

/// Answers each query in pages of `page_size` positions over the ids asked, leaving out ids it
/// does not know (so a page can be short or empty and still name a next one).
struct FakeSsm {
    known: Vec<String>,
    page_size: usize,
    requests: RefCell<Vec<Value>>,
}

impl Transport for &FakeSsm {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        assert_eq!(
            request.header("x-amz-target"),
            Some("AmazonSSM.DescribeInstanceInformation")
        );
        let body: Value = serde_json::from_str(&request.body).unwrap();
        self.requests.borrow_mut().push(body.clone());
        assert_eq!(body["Filters"][0]["Key"], "InstanceIds");
        let ids: Vec<&str> = body["Filters"][0]["Values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| id.as_str().unwrap())
            .collect();
        assert!(!ids.is_empty() && ids.len() <= 100);
        let start: usize = body["NextToken"].as_str().map_or(0, |t| t.parse().unwrap());
        let end = (start + self.page_size).min(ids.len());
        let records: Vec<Value> = ids[start..end]
            .iter()
            .filter(|id| self.known.iter().any(|known| known == *id))
            .map(|id| json!({"InstanceId": id, "ComputerName": format!("host-{id}")}))
            .collect();
        let mut output = json!({"InstanceInformationList": records});
        if end < ids.len() {
            output["NextToken"] = json!(end.to_string());
        }
        Ok(HttpResponse {
            status: 200,
            headers: vec![],
            body: output.to_string(),
        })
    }
}

fn ids(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("mi-{i:017x}")).collect()
}

fn lookup(ssm: &FakeSsm, wanted: &[String]) -> Vec<String> {
    let client = client_in(ssm, "eu-west-1");
    pollster::block_on(describe_instances_by_id(&client, wanted))
        .unwrap()
        .into_iter()
        .map(|info| info.instance_id)
        .collect()
}

#[test]
fn empty_and_short_pages_with_a_token_are_followed() {
    let wanted = ids(12);
    // Only the last id is known: the first pages come back empty, each with a NextToken.
    let ssm = FakeSsm {
        known: vec![wanted[11].clone()],
        page_size: 5,
        requests: RefCell::default(),
    };
    assert_eq!(lookup(&ssm, &wanted), [wanted[11].clone()]);
    let tokens: Vec<Value> = ssm
        .requests
        .borrow()
        .iter()
        .map(|body| body["NextToken"].clone())
        .collect();
    assert_eq!(tokens, [Value::Null, json!("5"), json!("10")]);
}

#[test]
fn full_pages_take_one_query_per_fifty_ids() {
    let wanted = ids(120);
    let ssm = FakeSsm {
        known: wanted.clone(),
        page_size: IDS_PER_LOOKUP,
        requests: RefCell::default(),
    };
    assert_eq!(lookup(&ssm, &wanted), wanted);
    let requests = ssm.requests.borrow();
    assert_eq!(requests.len(), 3);
    for body in requests.iter() {
        assert_eq!(body["MaxResults"], 50);
        assert!(body["Filters"][0]["Values"].as_array().unwrap().len() <= 50);
    }
}

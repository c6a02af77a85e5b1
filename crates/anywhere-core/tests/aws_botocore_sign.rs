//! Cross-check: requests signed by the console and by botocore's SigV4Auth at the same time
//! carry identical Authorization headers.

mod aws_support;

use anywhere_core::aws::credentials::Credentials;
use anywhere_core::aws::endpoint::Endpoint;
use anywhere_core::aws::operation::Operation;
use anywhere_core::aws::request::build_request;
use anywhere_core::aws::sign::{sign_request, signing_time};
use anywhere_core::aws::timestamp::Timestamp;
use anywhere_core::aws::{HttpRequest, ecs, ssm};
use anywhere_core::region::{REGIONS, Region};
use serde_json::json;

/// SplitMix64: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "web",
            "édge-01",
            "Ünïcødé",
            "机器",
            "東京",
            "😀",
            "a b",
            "\"quoted\"",
            "back\\slash",
            "tab\t",
            "new\nline",
            "ñ",
            "ß",
            "Ωμέγα",
            "x+y=z",
            "/path/",
            "%20",
            "&amp;",
            "<tag>",
            "ሴ",
        ];
        (0..1 + self.below(4))
            .map(|_| *self.pick(PIECES))
            .collect::<Vec<_>>()
            .join("-")
    }

    fn key(&mut self, prefix: &str, len: usize) -> String {
        const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let tail: String = (0..len).map(|_| *self.pick(CHARS) as char).collect();
        format!("{prefix}{tail}")
    }
}

fn request<O: Operation>(endpoint: &Endpoint, input: O::Input) -> (HttpRequest, &'static str) {
    (
        build_request::<O>(endpoint, &input).unwrap(),
        O::SERVICE.signing_name(),
    )
}

fn random_request(rng: &mut Rng, endpoint: &Endpoint) -> (HttpRequest, &'static str) {
    match rng.below(8) {
        0 => request::<ecs::ListClusters>(
            endpoint,
            ecs::ListClustersInput {
                max_results: Some(1 + rng.below(100) as i32),
                ..Default::default()
            },
        ),
        1 => request::<ecs::ListContainerInstances>(
            endpoint,
            ecs::ListContainerInstancesInput {
                cluster: Some(rng.text()),
                filter: Some(format!("attribute:site == {}", rng.text())),
                ..Default::default()
            },
        ),
        2 => request::<ecs::PutAttributes>(
            endpoint,
            ecs::AttributesInput {
                cluster: Some(rng.text()),
                attributes: vec![ecs::Attribute {
                    name: rng.text(),
                    value: Some(rng.text()),
                    target_type: Some("container-instance".into()),
                    target_id: Some(rng.key("arn:aws:ecs:x:1:container-instance/", 12)),
                }],
            },
        ),
        3 => request::<ecs::TagResource>(
            endpoint,
            ecs::TagResourceInput {
                resource_arn: rng.key("arn:aws:ecs:us-east-1:123456789012:cluster/", 8),
                tags: vec![ecs::Tag {
                    key: rng.text(),
                    value: rng.text(),
                }],
            },
        ),
        4 => request::<ssm::CreateActivation>(
            endpoint,
            ssm::CreateActivationInput {
                description: Some(rng.text()),
                default_instance_name: Some(rng.text()),
                iam_role: "ecsAnywhereRole".into(),
                registration_limit: Some(1 + rng.below(1000) as i32),
                expiration_date: Some(Timestamp(1.8e9 + rng.below(1_000_000) as f64 / 7.0)),
                tags: vec![ssm::Tag {
                    key: rng.text(),
                    value: rng.text(),
                }],
            },
        ),
        5 => request::<ssm::DescribeInstanceInformation>(
            endpoint,
            ssm::DescribeInstanceInformationInput {
                filters: vec![ssm::InstanceInformationStringFilter {
                    key: "tag:site".into(),
                    values: vec![rng.text()],
                }],
                max_results: Some(50),
                next_token: None,
            },
        ),
        6 => request::<ssm::SendCommand>(
            endpoint,
            ssm::SendCommandInput {
                instance_ids: vec![rng.key("mi-", 17)],
                document_name: "AWS-RunShellScript".into(),
                comment: Some(rng.text()),
                parameters: [(
                    "commands".to_owned(),
                    vec![format!("echo '{}'", rng.text())],
                )]
                .into(),
                ..Default::default()
            },
        ),
        _ => {
            request::<ssm::DescribeActivations>(endpoint, ssm::DescribeActivationsInput::default())
        }
    }
}

#[test]
fn console_and_botocore_signatures_agree() {
    const CASES: usize = 240;
    let mut rng = Rng(0x5EED_A11E);
    let mut cases = vec![];
    let mut expected = vec![];
    let mut with_token = 0;
    for index in 0..CASES {
        let region = Region::new(rng.pick(REGIONS).code).unwrap();
        let endpoint = if index % 10 == 0 {
            Endpoint::Custom {
                url: format!("http://localhost:{}", 4000 + rng.below(2000)),
                region,
            }
        } else {
            Endpoint::Aws(region)
        };
        let (mut request, signing_name) = random_request(&mut rng, &endpoint);
        let token_len = 120 + rng.below(200);
        let token = (rng.below(2) == 0).then(|| rng.key("IQoJb3JpZ2luX2VjE", token_len));
        with_token += usize::from(token.is_some());
        let credentials =
            Credentials::new(&rng.key("AKIA", 16), &rng.key("", 40), token.as_deref());
        // 2001 to 2039, with milliseconds.
        let epoch_millis = 978_307_200_000 + (rng.next() % 1_230_000_000_000);
        let unsigned_headers = request.headers.clone();
        let region_code = endpoint.region().code().to_owned();
        sign_request(
            &mut request,
            &credentials,
            &region_code,
            signing_name,
            signing_time(epoch_millis as f64, 0.0),
        )
        .unwrap();
        expected.push(request.header("authorization").unwrap().to_owned());
        cases.push(json!({
            "method": request.method,
            "url": request.url,
            "headers": unsigned_headers,
            "body": request.body,
            "access_key_id": credentials.access_key_id,
            "secret_access_key": credentials.secret_access_key,
            "session_token": credentials.session_token,
            "region": region_code,
            "service": signing_name,
            "epoch_millis": epoch_millis,
        }));
    }
    assert!(
        cases
            .iter()
            .any(|c| c["body"].as_str().unwrap().contains("机器")),
        "bodies carry unicode"
    );
    assert!(
        with_token > CASES / 4 && with_token < CASES * 3 / 4,
        "{with_token} of {CASES} have a session token"
    );

    let stdout = aws_support::run_python_script("botocore_sign.py", &json!(cases));
    let botocore: Vec<String> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(botocore.len(), CASES);
    let mismatches: Vec<String> = expected
        .iter()
        .zip(&botocore)
        .enumerate()
        .filter(|(_, (ours, theirs))| ours != theirs)
        .map(|(i, (ours, theirs))| {
            format!(
                "case {i} {}:\n  console  {ours}\n  botocore {theirs}",
                cases[i]
            )
        })
        .collect();
    println!(
        "{CASES} requests ({with_token} with a session token): {} signatures differ from botocore",
        mismatches.len()
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

//! The console's signer as a benchmark: the same requests as `bench/reference/requests.mjs`, built
//! with `build_request` and signed with `sign_request`, one after another.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anywhere_core::aws::ecs::{
    DescribeContainerInstances, DescribeContainerInstancesInput, ListContainerInstances,
    ListContainerInstancesInput,
};
use anywhere_core::aws::request::build_request;
use anywhere_core::aws::sign::sign_request;
use anywhere_core::aws::ssm::{
    DescribeInstanceInformation, DescribeInstanceInformationInput, InstanceInformationStringFilter,
};
use anywhere_core::aws::{AwsError, Credentials, Endpoint, HttpRequest, Operation};
use anywhere_core::region::Region;
use wasm_bindgen::prelude::*;

const REGION: &str = "us-east-1";
const CLUSTER: &str = "bench";
const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// 2025-01-02T03:04:05Z: a fixed time, so both signers produce comparable signatures.
const SIGNING_EPOCH_SECONDS: u64 = 1_735_787_045;

/// Signs requests `0..n` and answers how many were signed.
#[wasm_bindgen]
pub fn sign_many(n: u32) -> Result<f64, JsError> {
    let signer = Signer::new()?;
    let mut signed = 0u32;
    for index in 0..n {
        let request = signer.sign(index)?;
        if request.header("authorization").is_some() {
            signed += 1;
        }
    }
    Ok(f64::from(signed))
}

/// The `authorization` header of request `index`, to check that both signers agree.
#[wasm_bindgen]
pub fn authorization(index: u32) -> Result<String, JsError> {
    let request = Signer::new()?.sign(index)?;
    request
        .header("authorization")
        .map(str::to_owned)
        .ok_or_else(|| JsError::new("the signer added no authorization header"))
}

struct Signer {
    endpoint: Endpoint,
    credentials: Credentials,
    time: SystemTime,
}

impl Signer {
    fn new() -> Result<Self, JsError> {
        let region = Region::new(REGION).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Signer {
            endpoint: Endpoint::Aws(region),
            credentials: Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, None),
            time: UNIX_EPOCH + Duration::from_secs(SIGNING_EPOCH_SECONDS),
        })
    }

    /// Request `index` of a fleet load's mix: per four requests one list, one describe of 100
    /// instances and two SSM lookups of 50 managed instances.
    fn sign(&self, index: u32) -> Result<HttpRequest, JsError> {
        match index % 4 {
            0 => self.signed::<ListContainerInstances>(&list_input(index)),
            1 => self.signed::<DescribeContainerInstances>(&describe_input(index)),
            _ => self.signed::<DescribeInstanceInformation>(&ssm_lookup_input(index)),
        }
    }

    fn signed<O: Operation>(&self, input: &O::Input) -> Result<HttpRequest, JsError> {
        let mut request = build_request::<O>(&self.endpoint, input).map_err(js_error)?;
        sign_request(
            &mut request,
            &self.credentials,
            REGION,
            O::SERVICE.signing_name(),
            self.time,
        )
        .map_err(js_error)?;
        Ok(request)
    }
}

fn list_input(index: u32) -> ListContainerInstancesInput {
    ListContainerInstancesInput {
        cluster: Some(CLUSTER.to_owned()),
        filter: Some("attribute:ecs.capability.external exists".to_owned()),
        next_token: Some(format!("page-{index}")),
        max_results: Some(100),
        status: None,
    }
}

fn describe_input(index: u32) -> DescribeContainerInstancesInput {
    DescribeContainerInstancesInput {
        cluster: Some(CLUSTER.to_owned()),
        container_instances: (0..100)
            .map(|j| {
                format!(
                    "arn:aws:ecs:{REGION}:123456789012:container-instance/{CLUSTER}/{:032x}",
                    u64::from(index) * 100 + j
                )
            })
            .collect(),
        include: vec!["TAGS".to_owned()],
    }
}

fn ssm_lookup_input(index: u32) -> DescribeInstanceInformationInput {
    DescribeInstanceInformationInput {
        filters: vec![InstanceInformationStringFilter {
            key: "InstanceIds".to_owned(),
            values: (0..50)
                .map(|j| format!("mi-{:017x}", u64::from(index) * 100 + j))
                .collect(),
        }],
        max_results: Some(50),
        next_token: None,
    }
}

fn js_error(error: AwsError) -> JsError {
    JsError::new(&error.user_message())
}

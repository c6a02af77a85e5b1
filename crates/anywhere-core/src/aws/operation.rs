//! What ties an operation to its service, its wire name and its typed input and output.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::aws::error::AwsError;

/// The AWS services the console talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    Ecs,
    Ssm,
    /// Amazon Cognito Identity: temporary credentials for a self-service deployment.
    CognitoIdentity,
    /// AWS STS: the last step of Cognito's basic (classic) flow.
    Sts,
}

/// How a service encodes its requests and answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// A JSON body, the operation named by `X-Amz-Target` with this prefix.
    Json1_1 { target_prefix: &'static str },
    /// A form-encoded body naming `Action` and this API `Version`; the answer is XML.
    Query { version: &'static str },
}

impl Service {
    pub fn protocol(self) -> Protocol {
        match self {
            Service::Ecs => Protocol::Json1_1 {
                target_prefix: "AmazonEC2ContainerServiceV20141113",
            },
            Service::Ssm => Protocol::Json1_1 {
                target_prefix: "AmazonSSM",
            },
            Service::CognitoIdentity => Protocol::Json1_1 {
                target_prefix: "AWSCognitoIdentityService",
            },
            Service::Sts => Protocol::Query {
                version: "2011-06-15",
            },
        }
    }

    /// The service name in the SigV4 credential scope.
    pub fn signing_name(self) -> &'static str {
        match self {
            Service::Ecs => "ecs",
            Service::Ssm => "ssm",
            Service::CognitoIdentity => "cognito-identity",
            Service::Sts => "sts",
        }
    }

    /// The first label of the regional host name.
    pub fn endpoint_prefix(self) -> &'static str {
        self.signing_name()
    }
}

/// One API operation. Implemented by one zero-sized type per operation (see `ecs` and `ssm`).
pub trait Operation {
    const SERVICE: Service;
    /// The operation name as it appears in `X-Amz-Target`.
    const NAME: &'static str;
    type Input: Serialize;
    type Output: DeserializeOwned;
    /// Whether the request carries a SigV4 signature. Only the calls that obtain credentials in
    /// the first place (Cognito's GetId, GetCredentialsForIdentity, GetOpenIdToken and STS's
    /// AssumeRoleWithWebIdentity) go unsigned.
    const SIGNED: bool = true;

    /// Reads a successful answer. JSON 1.1 operations deserialize it; query-protocol operations
    /// override this to read their XML.
    fn decode_output(body: &str) -> Result<Self::Output, AwsError> {
        // Operations without output may answer with an empty body.
        let body = if body.trim().is_empty() { "{}" } else { body };
        crate::aws::objects::from_str(body).map_err(|e| AwsError::Decode {
            detail: e.to_string(),
        })
    }

    /// Whether sending `input` twice has the same effect as sending it once: decides whether
    /// a request whose outcome is unknown (network failure, 5xx) may be repeated.
    fn idempotent(input: &Self::Input) -> bool;
}

/// Declares zero-sized operation types and their `Operation` impls.
macro_rules! operations {
    ($service:expr; $($name:ident($input:ty) -> $output:ty, idempotent: $idempotent:expr;)*) => {
        $(
            #[doc = concat!("The `", stringify!($name), "` operation.")]
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
            pub struct $name;

            impl $crate::aws::operation::Operation for $name {
                const SERVICE: $crate::aws::operation::Service = $service;
                const NAME: &'static str = stringify!($name);
                type Input = $input;
                type Output = $output;

                fn idempotent(input: &$input) -> bool {
                    let decide: fn(&$input) -> bool = $idempotent;
                    decide(input)
                }
            }
        )*
    };
}

pub(crate) use operations;

/// The output of operations that return nothing but success.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
pub struct Empty {}

//! The AWS client: credentials, JSON 1.1 and query requests, SigV4 signing, typed ECS, SSM,
//! Cognito Identity and STS operations, errors, retries, clock-skew correction and pagination.
//!
//! Usage: build a [`Client`] from a [`Transport`], a [`Clock`], an [`Endpoint`] and a
//! [`CredentialsSource`], then `client.call::<ecs::ListClusters>(&input).await` or
//! `client.pages::<ssm::DescribeActivations>(input)`.

pub mod arn;
pub mod client;
pub mod cognito;
pub mod credentials;
pub mod ecs;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod objects;
pub mod operation;
pub mod paginate;
pub mod request;
pub mod retry;
pub mod sign;
pub mod skew;
pub mod ssm;
pub mod sts;
pub mod timestamp;

pub use client::{Client, Clock, RetryObserver, Transport, TransportError};
pub use credentials::{
    Anonymous, Credentials, CredentialsError, CredentialsFuture, CredentialsSource,
    StaticCredentials,
};
pub use endpoint::Endpoint;
pub use error::{AuthFailure, AwsError};
pub use http::{HttpRequest, HttpResponse};
pub use operation::{Operation, Protocol, Service};
pub use paginate::{Pages, Paginated};
pub use retry::{RetryCause, RetryNotice};
pub use timestamp::Timestamp;

//! Page-by-page iteration, so a view can show the first page while the next ones load.

use crate::aws::client::{Client, Clock, Transport};
use crate::aws::error::AwsError;
use crate::aws::operation::Operation;
use crate::aws::{ecs, ssm};

/// An operation whose output may continue on another page, fetched by passing its `nextToken`.
pub trait Paginated: Operation {
    fn next_token(output: &Self::Output) -> Option<&str>;
    fn set_next_token(input: &mut Self::Input, token: Option<String>);
}

macro_rules! paginated {
    ($($operation:ty),* $(,)?) => {
        $(
            impl Paginated for $operation {
                fn next_token(output: &Self::Output) -> Option<&str> {
                    output.next_token.as_deref()
                }

                fn set_next_token(input: &mut Self::Input, token: Option<String>) {
                    input.next_token = token;
                }
            }
        )*
    };
}

paginated!(
    ecs::ListClusters,
    ecs::ListContainerInstances,
    ecs::ListTasks,
    ecs::ListTaskDefinitions,
    ecs::ListTaskDefinitionFamilies,
    ecs::ListServices,
    ecs::ListAttributes,
    ssm::DescribeInstanceInformation,
    ssm::DescribeInstanceProperties,
    ssm::DescribeActivations,
    ssm::ListCommandInvocations,
);

impl<T: Transport, C: Clock> Client<T, C> {
    /// Page by page over a paginated operation, starting from `input`.
    pub fn pages<O: Paginated>(&self, input: O::Input) -> Pages<'_, O, T, C> {
        Pages::new(self, input)
    }

    /// Every page of a listing, or the first error.
    pub async fn all_pages<O: Paginated>(
        &self,
        input: O::Input,
    ) -> Result<Vec<O::Output>, AwsError> {
        let mut pages = self.pages::<O>(input);
        let mut outputs = Vec::new();
        while let Some(page) = pages.next_page().await {
            outputs.push(page?);
        }
        Ok(outputs)
    }
}

/// The pages of one listing. Each [`Pages::next_page`] call makes one request (with the client's
/// retries); `None` means there are no more pages. After an error the listing ends.
pub struct Pages<'c, O: Paginated, T, C> {
    client: &'c Client<T, C>,
    input: O::Input,
    finished: bool,
}

impl<'c, O: Paginated, T: Transport, C: Clock> Pages<'c, O, T, C> {
    pub fn new(client: &'c Client<T, C>, input: O::Input) -> Self {
        Pages {
            client,
            input,
            finished: false,
        }
    }

    pub async fn next_page(&mut self) -> Option<Result<O::Output, AwsError>> {
        if self.finished {
            return None;
        }
        let result = self.client.call::<O>(&self.input).await;
        match &result {
            Ok(output) => {
                let next = O::next_token(output)
                    .filter(|token| !token.is_empty())
                    .map(str::to_owned);
                self.finished = next.is_none();
                O::set_next_token(&mut self.input, next);
            }
            Err(_) => self.finished = true,
        }
        Some(result)
    }
}

//! Looking managed instances up by id.

use crate::aws::client::{Client, Clock, Transport};
use crate::aws::error::AwsError;

use super::{
    DescribeInstanceInformation, DescribeInstanceInformationInput, InstanceInformation,
    InstanceInformationStringFilter,
};

/// Ids per `DescribeInstanceInformation` query: one full page of answers (`MaxResults` is 5 to 50;
/// the `InstanceIds` filter itself takes up to 100).
pub const IDS_PER_LOOKUP: usize = 50;

/// The SSM records of `ids`, [`IDS_PER_LOOKUP`] ids per query, following every `NextToken`: a
/// filtered query may answer a short or even empty page that still carries one. Ids SSM does not
/// know are simply absent from the answer.
pub async fn describe_instances_by_id<T: Transport, C: Clock>(
    client: &Client<T, C>,
    ids: &[String],
) -> Result<Vec<InstanceInformation>, AwsError> {
    let mut found = Vec::new();
    for batch in ids.chunks(IDS_PER_LOOKUP) {
        let input = DescribeInstanceInformationInput {
            filters: vec![InstanceInformationStringFilter {
                key: "InstanceIds".to_owned(),
                values: batch.to_vec(),
            }],
            max_results: Some(IDS_PER_LOOKUP as i32),
            next_token: None,
        };
        let mut pages = client.pages::<DescribeInstanceInformation>(input);
        while let Some(page) = pages.next_page().await {
            found.extend(page?.instance_information_list);
        }
    }
    Ok(found)
}

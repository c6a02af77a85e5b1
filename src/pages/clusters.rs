//! The clusters a page offers: the deployment's allowed clusters (config.json `allowedClusters`),
//! else every cluster of the region. With a list, the page describes those clusters instead of
//! listing the region's: the self-service role may not call ListClusters, which IAM cannot limit.

use anywhere_core::aws::AwsError;
use anywhere_core::aws::arn::resource_name;
use anywhere_core::aws::ecs::{DescribeClusters, DescribeClustersInput, ListClusters};

use crate::aws::AwsClient;

/// The region's clusters: their names, sorted, and their ARNs.
pub async fn region_clusters(client: &AwsClient) -> Result<(Vec<String>, Vec<String>), AwsError> {
    let arns: Vec<String> = client
        .all_pages::<ListClusters>(Default::default())
        .await?
        .into_iter()
        .flat_map(|page| page.cluster_arns)
        .collect();
    let mut names: Vec<String> = arns.iter().map(|a| resource_name(a).to_owned()).collect();
    names.sort();
    Ok((names, arns))
}

/// The offered clusters' names (sorted, or in the deployment's order) and ARNs, or one sentence
/// saying what went wrong: the call's error, or an allowed cluster that does not exist.
pub async fn offered_clusters(
    client: &AwsClient,
    allowed: Option<Vec<String>>,
) -> Result<(Vec<String>, Vec<String>), String> {
    let Some(names) = allowed else {
        return region_clusters(client).await.map_err(|e| e.user_message());
    };
    let input = DescribeClustersInput {
        clusters: names.clone(),
        ..DescribeClustersInput::default()
    };
    let described = client
        .call::<DescribeClusters>(&input)
        .await
        .map_err(|e| e.user_message())?;
    if let Some(missing) = described.failures.first() {
        let name = missing
            .arn
            .as_deref()
            .map(resource_name)
            .unwrap_or_default();
        return Err(format!(
            "Cluster {name} does not exist in this account and region ({}): ask an administrator to create it or to correct allowedClusters.",
            missing.reason.as_deref().unwrap_or("MISSING")
        ));
    }
    let arns = described
        .clusters
        .into_iter()
        .map(|c| c.cluster_arn)
        .collect();
    Ok((names, arns))
}

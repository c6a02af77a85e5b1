//! The clusters a page offers: the deployment's allowed clusters (config.json `allowedClusters`),
//! else every cluster of the region. With a list, the page describes those clusters instead of
//! listing the region's: the self-service role may not call ListClusters, which IAM cannot limit.

use anywhere_core::aws::arn::resource_name;
use anywhere_core::aws::ecs::{DescribeClusters, DescribeClustersInput};
use anywhere_core::fleet::regions::cluster_names;

use crate::aws::AwsClient;

/// The offered clusters' names (sorted, or in the deployment's order) and ARNs, or one sentence
/// saying what went wrong: the call's error, or an allowed cluster that does not exist.
pub async fn offered_clusters(
    client: &AwsClient,
    allowed: Option<Vec<String>>,
) -> Result<(Vec<String>, Vec<String>), String> {
    let Some(names) = allowed else {
        return cluster_names(client).await.map_err(|e| e.user_message());
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

//! The attribute names and values on the fleet, loaded for suggestions and the unknown-attribute rule.

use anywhere_core::aws::ecs::{container_instance_arns, describe_container_instances};
use anywhere_core::taskdef::AttributeCatalog;
use leptos::prelude::*;

use crate::aws::{Aws, AwsClient, CallError, Load};
use crate::pages::clusters::offered_clusters;
use crate::site_config::use_site_config;

/// The catalogue of a cluster's hosts, as it loads.
#[derive(Clone, Copy)]
pub struct FleetCatalog(Load<AttributeCatalog>);

impl FleetCatalog {
    /// Reads the catalogue once loaded (`None` while it loads or when it could not be).
    pub fn with<R>(&self, read: impl FnOnce(Option<&AttributeCatalog>) -> R) -> R {
        self.0.with(|loaded| read(loaded.and_then(Result::ok)))
    }
}

/// Loads the attributes of the hosts of `cluster` (all clusters when empty), again whenever it changes.
pub fn use_fleet_catalog(aws: Aws, cluster: Signal<String>) -> FleetCatalog {
    let allowed = use_site_config().with_untracked(|c| c.allowed_clusters.clone());
    FleetCatalog(aws.resource(move |client| {
        let cluster = cluster.get();
        let allowed = allowed.clone();
        async move { load_catalog(&client, &cluster, allowed).await }
    }))
}

async fn load_catalog(
    client: &AwsClient,
    cluster: &str,
    allowed: Option<Vec<String>>,
) -> Result<AttributeCatalog, CallError> {
    let clusters = if cluster.is_empty() {
        offered_clusters(client, allowed)
            .await
            .map_err(CallError::Message)?
            .0
    } else {
        vec![cluster.to_owned()]
    };
    let mut catalog = AttributeCatalog::default();
    for cluster in clusters {
        let arns = container_instance_arns(client, &cluster, None).await?;
        catalog.add_hosts(&describe_container_instances(client, &cluster, &arns).await?);
    }
    Ok(catalog)
}

/// One line on where the suggestions come from.
pub fn catalog_summary(loaded: FleetCatalog) -> impl IntoView {
    move || {
        loaded.0.with(|loaded| match loaded {
            Some(Ok(catalog)) => format!(
                "Attribute suggestions from {} host{}.",
                catalog.host_count(),
                if catalog.host_count() == 1 { "" } else { "s" }
            ),
            Some(Err(error)) => format!("No attribute suggestions: {error}"),
            None => "Loading attribute suggestions from the fleet…".to_owned(),
        })
    }
}

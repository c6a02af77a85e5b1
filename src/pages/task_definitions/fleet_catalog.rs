//! The attribute names and values on the fleet, loaded for suggestions and the unknown-attribute rule.

use std::rc::Rc;

use anywhere_core::aws::ecs::{
    DescribeContainerInstances, DescribeContainerInstancesInput, ListContainerInstances,
    ListContainerInstancesInput,
};
use anywhere_core::taskdef::AttributeCatalog;
use leptos::prelude::*;

use crate::aws::{Aws, AwsClient};
use crate::pages::clusters::offered_clusters;
use crate::site_config::use_site_config;

/// The catalogue as it loads: `None` until loaded; `error` says why it could not be.
#[derive(Clone, Copy)]
pub struct FleetCatalog {
    pub catalog: RwSignal<Option<AttributeCatalog>>,
    pub error: RwSignal<Option<String>>,
}

/// Loads the attributes of the hosts of `cluster` (all clusters when empty), again whenever it changes.
pub fn use_fleet_catalog(aws: Aws, cluster: Signal<String>) -> FleetCatalog {
    let loaded = FleetCatalog {
        catalog: RwSignal::new(None),
        error: RwSignal::new(None),
    };
    let generation = StoredValue::new(0u32);
    let allowed = use_site_config().with_untracked(|c| c.allowed_clusters.clone());
    Effect::new(move |_| {
        let allowed = allowed.clone();
        let cluster = cluster.get();
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return loaded.error.set(Some(reason.to_string())),
        };
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        loaded.catalog.set(None);
        loaded.error.set(None);
        leptos::task::spawn_local(async move {
            let result = load_catalog(&client, &cluster, allowed).await;
            // A newer load (or the view's end, which aborted the requests) makes this one moot.
            if generation.try_get_value() != Some(mine) {
                return;
            }
            match result {
                Ok(catalog) => loaded.catalog.set(Some(catalog)),
                Err(message) => loaded.error.set(Some(message)),
            }
        });
    });
    loaded
}

async fn load_catalog(
    client: &Rc<AwsClient>,
    cluster: &str,
    allowed: Option<Vec<String>>,
) -> Result<AttributeCatalog, String> {
    let clusters = if cluster.is_empty() {
        offered_clusters(client, allowed).await?.0
    } else {
        vec![cluster.to_owned()]
    };
    let mut catalog = AttributeCatalog::default();
    for cluster in clusters {
        let mut pages = client.pages::<ListContainerInstances>(ListContainerInstancesInput {
            cluster: Some(cluster.clone()),
            ..ListContainerInstancesInput::default()
        });
        while let Some(page) = pages.next_page().await {
            let page = page.map_err(|e| e.user_message())?;
            for batch in page.container_instance_arns.chunks(100) {
                let described = client
                    .call::<DescribeContainerInstances>(&DescribeContainerInstancesInput {
                        cluster: Some(cluster.clone()),
                        container_instances: batch.to_vec(),
                        include: Vec::new(),
                    })
                    .await
                    .map_err(|e| e.user_message())?;
                catalog.add_hosts(&described.container_instances);
            }
        }
    }
    Ok(catalog)
}

/// One line on where the suggestions come from.
pub fn catalog_summary(loaded: FleetCatalog) -> impl IntoView {
    move || match (loaded.catalog.get(), loaded.error.get()) {
        (Some(catalog), _) => format!(
            "Attribute suggestions from {} host{}.",
            catalog.host_count(),
            if catalog.host_count() == 1 { "" } else { "s" }
        ),
        (None, Some(error)) => format!("No attribute suggestions: {error}"),
        (None, None) => "Loading attribute suggestions from the fleet…".to_owned(),
    }
}

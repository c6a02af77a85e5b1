//! One host's page (`#/fleet?instance=<arn>&cluster=<name>&region=<code>`): every field ECS and SSM
//! report, its health, resources, custom attributes and tags (editable), its tasks (stoppable) and
//! the actions, all read and changed in the host's region.
//! What it reads comes from the core (`anywhere_core::fleet::instance`).

mod details;
mod metadata;
mod pair_editor;
mod tasks;

use anywhere_core::aws::arn::resource_name;
use anywhere_core::fleet::instance::{HostLookupError, load_host, load_tasks};
use anywhere_core::percent;
use anywhere_core::region::Region;
use leptos::prelude::*;

use crate::aws::{CallError, ViewRegion, use_aws};
use crate::components::AwsText;

use super::actions::ActionPanel;
use super::target::Target;
use details::{HostDetails, Resources};
use metadata::{Attributes, Tags};
use tasks::TaskList;

/// `region`: the host's region when the link names one; every call of the page (the actions and
/// the task list included) then goes to that region.
#[component]
pub fn InstancePage(arn: String, cluster: String, region: Option<Region>) -> impl IntoView {
    if let Some(region) = region {
        provide_context(ViewRegion(region));
    }
    let aws = use_aws();
    let back = super::last_fleet_href().unwrap_or_else(|| {
        if cluster.is_empty() {
            "#/fleet".to_owned()
        } else {
            format!("#/fleet?cluster={}", percent::encode(&cluster))
        }
    });
    let title = resource_name(&arn).to_owned();
    let host = {
        let (arn, cluster) = (arn.clone(), cluster.clone());
        aws.resource(move |client| {
            let (arn, cluster) = (arn.clone(), cluster.clone());
            async move {
                load_host(&client, &cluster, &arn)
                    .await
                    .map_err(|error| match error {
                        HostLookupError::Aws(error) => CallError::Aws(error),
                        gone => CallError::Message(gone.to_string()),
                    })
            }
        })
    };
    let tasks = {
        let (arn, cluster) = (arn.clone(), cluster.clone());
        aws.resource(move |client| {
            let (arn, cluster) = (arn.clone(), cluster.clone());
            async move { Ok(load_tasks(&client, &cluster, &arn).await?) }
        })
    };
    let on_done = Callback::new(move |()| {
        host.refetch();
        tasks.refetch();
    });
    // The action panel outlives reloads of the host, so its per-host results stay on screen
    // after an action that removes the host (deregistration).
    let targets = RwSignal::new(Vec::<Target>::new());
    Effect::new(move |_| {
        if let Some(Ok(found)) = host.get() {
            targets.set(vec![Target::from_host(&found)]);
        }
    });
    view! {
        <section class="page fleet instance-page">
            <p><a href=back>"← Fleet"</a></p>
            {move || match host.get() {
                None => view! {
                    <h1><AwsText text=title.clone() /></h1>
                    <p class="muted" role="status">"Loading the host…"</p>
                }
                .into_any(),
                Some(Err(error)) => view! {
                    <h1><AwsText text=title.clone() /></h1>
                    <p class="error-message" role="alert">{error.to_string()}</p>
                }
                .into_any(),
                Some(Ok(found)) => view! {
                    <HostDetails host=found.clone() on_change=on_done />
                    <Resources host=found.clone() />
                    <Attributes host=found.clone() on_change=on_done />
                    <Tags host=found on_change=on_done />
                }
                .into_any(),
            }}
            <Show when=move || targets.with(|t| !t.is_empty())>
                <ActionPanel targets=targets on_done=on_done />
            </Show>
            <TaskList tasks=tasks cluster=cluster.clone() on_change=on_done />
        </section>
    }
}

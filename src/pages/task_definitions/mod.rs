//! Task definitions for external instances: a builder (form and JSON editor in sync, every rule
//! finding marked where it applies), the existing revisions with a compatibility scan, and RunTask
//! and CreateService on EXTERNAL. The sub-views are tabs in the URL (`#/task-definitions?tab=run`)
//! so each can be bookmarked; what must survive a tab switch travels in the URL or in the draft.

mod builder;
mod cli_export;
mod create_service;
mod editor;
mod existing;
mod fields;
mod findings;
mod fleet_catalog;
mod placement;
mod request_form;
mod run_task;
mod scan;
mod tabs;

use leptos::prelude::*;

use crate::route::use_location;
use tabs::{Tab, tab_href};

#[component]
pub fn TaskDefinitionsPage() -> impl IntoView {
    let location = use_location();
    let tab = Memo::new(move |_| {
        Tab::from_param(
            location
                .with(|l| l.param("tab").map(str::to_owned))
                .as_deref(),
        )
    });
    let task_definition = Memo::new(move |_| {
        location.with(|l| l.param("taskDefinition").unwrap_or_default().to_owned())
    });

    view! {
        <section class="page task-definitions">
            <h1>"Task definitions"</h1>
            <p class="lead">
                "Build task definitions that run on external instances; anything external instances do not support is blocked with its reason."
            </p>
            <nav class="tabs" aria-label="Task definition views">
                {Tab::ALL
                    .into_iter()
                    .map(|item| {
                        let current = move || tab.get() == item;
                        view! {
                            <a
                                href=tab_href(item, None)
                                class:active=current
                                aria-current=move || current().then_some("page")
                            >
                                {item.title()}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            {move || match tab.get() {
                Tab::Builder => builder::Builder().into_any(),
                Tab::Existing => existing::Existing().into_any(),
                Tab::RunTask => {
                    run_task::RunTask(run_task::RunTaskProps {
                        task_definition: task_definition.get_untracked(),
                    })
                    .into_any()
                }
                Tab::CreateService => {
                    create_service::CreateService(create_service::CreateServiceProps {
                        task_definition: task_definition.get_untracked(),
                    })
                    .into_any()
                }
            }}
        </section>
    }
}

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

use leptos::prelude::*;

use crate::route::use_location;

/// The tabs of the page, as named in the URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Builder,
    Existing,
    RunTask,
    CreateService,
}

impl Tab {
    const ALL: [Tab; 4] = [
        Tab::Builder,
        Tab::Existing,
        Tab::RunTask,
        Tab::CreateService,
    ];

    fn param(self) -> &'static str {
        match self {
            Tab::Builder => "builder",
            Tab::Existing => "existing",
            Tab::RunTask => "run",
            Tab::CreateService => "service",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Tab::Builder => "Builder",
            Tab::Existing => "Existing definitions",
            Tab::RunTask => "Run task",
            Tab::CreateService => "Create service",
        }
    }

    fn from_param(param: Option<&str>) -> Tab {
        Tab::ALL
            .into_iter()
            .find(|tab| Some(tab.param()) == param)
            .unwrap_or(Tab::Builder)
    }
}

/// The link to a tab, with an optional task definition to start from (run and service tabs).
fn tab_href(tab: Tab, task_definition: Option<&str>) -> String {
    let mut href = format!("#/task-definitions?tab={}", tab.param());
    if let Some(reference) = task_definition {
        href.push_str("&taskDefinition=");
        href.push_str(&String::from(js_sys::encode_uri_component(reference)));
    }
    href
}

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

/// A fresh idempotency token for RunTask and CreateService: AWS acts once per token, so a retried
/// or double-clicked request starts nothing twice. Uniqueness, not secrecy, is what matters here.
fn new_client_token() -> String {
    let mut token = String::with_capacity(36);
    for index in 0..32 {
        if matches!(index, 8 | 12 | 16 | 20) {
            token.push('-');
        }
        let digit = (js_sys::Math::random() * 16.0) as u32;
        token.push(char::from_digit(digit.min(15), 16).unwrap_or('0'));
    }
    token
}

/// The name part of an ARN (`…:cluster/NAME`, `…:task-definition/FAMILY:REV`, `…:task/CLUSTER/ID`).
fn arn_name(arn: &str) -> &str {
    arn.rsplit_once('/').map_or(arn, |(_, name)| name)
}

//! The existing-definitions tab: families and their revisions (paged), open one in the builder,
//! deregister, and the compatibility scan.

use anywhere_core::aws::ecs::{
    DeregisterTaskDefinition, DeregisterTaskDefinitionInput, DescribeTaskDefinition,
    DescribeTaskDefinitionInput, ListTaskDefinitionFamilies, ListTaskDefinitionFamiliesInput,
    ListTaskDefinitions, ListTaskDefinitionsInput,
};
use leptos::prelude::*;

use super::editor::pretty;
use super::scan::CompatibilityScan;
use super::{Tab, arn_name, tab_href};
use crate::aws::use_aws;
use crate::components::ErrorMessage;
use crate::drafts;

const PAGE_SIZE: i32 = 25;

/// One listing that grows a page at a time.
#[derive(Clone, Copy)]
struct Paged {
    items: RwSignal<Vec<String>>,
    next: RwSignal<Option<String>>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<String>>,
}

impl Paged {
    fn new() -> Self {
        Paged {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    fn reset(&self) {
        self.items.set(Vec::new());
        self.next.set(None);
        self.error.set(None);
    }
}

#[component]
pub fn Existing() -> impl IntoView {
    let aws = use_aws();
    let families = Paged::new();
    let revisions = Paged::new();
    let prefix = RwSignal::new(String::new());
    let family = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let action_error = RwSignal::new(None::<String>);

    let load_families = move |more: bool| {
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return families.error.set(Some(reason.to_string())),
        };
        if !more {
            families.reset();
        }
        let input = ListTaskDefinitionFamiliesInput {
            family_prefix: Some(prefix.get_untracked()).filter(|p| !p.trim().is_empty()),
            status: Some("ACTIVE".to_owned()),
            next_token: families.next.get_untracked(),
            max_results: Some(PAGE_SIZE),
        };
        families.loading.set(true);
        leptos::task::spawn_local(async move {
            match client.call::<ListTaskDefinitionFamilies>(&input).await {
                Ok(page) => {
                    families.items.update(|items| items.extend(page.families));
                    families.next.set(page.next_token.filter(|t| !t.is_empty()));
                }
                Err(error) => families.error.set(Some(error.user_message())),
            }
            families.loading.set(false);
        });
    };
    let load_revisions = move |more: bool| {
        let Some(name) = family.get_untracked() else {
            return;
        };
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return revisions.error.set(Some(reason.to_string())),
        };
        if !more {
            revisions.reset();
        }
        let input = ListTaskDefinitionsInput {
            family_prefix: Some(name.clone()),
            status: Some("ACTIVE".to_owned()),
            sort: Some("DESC".to_owned()),
            next_token: revisions.next.get_untracked(),
            max_results: Some(PAGE_SIZE),
        };
        revisions.loading.set(true);
        leptos::task::spawn_local(async move {
            match client.call::<ListTaskDefinitions>(&input).await {
                Ok(page) => {
                    // The prefix also matches longer family names (`web` finds `web-api`).
                    let own = page
                        .task_definition_arns
                        .into_iter()
                        .filter(|arn| family_of(arn) == name);
                    revisions.items.update(|items| items.extend(own));
                    revisions
                        .next
                        .set(page.next_token.filter(|t| !t.is_empty()));
                }
                Err(error) => revisions.error.set(Some(error.user_message())),
            }
            revisions.loading.set(false);
        });
    };
    load_families(false);

    let open = move |arn: String| {
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return action_error.set(Some(reason.to_string())),
        };
        action_error.set(None);
        leptos::task::spawn_local(async move {
            let input = DescribeTaskDefinitionInput {
                task_definition: arn.clone(),
                include: vec!["TAGS".to_owned()],
            };
            let output = match client.call::<DescribeTaskDefinition>(&input).await {
                Ok(output) => output,
                Err(error) => return action_error.set(Some(error.user_message())),
            };
            let Some(definition) = output.task_definition else {
                return action_error.set(Some(format!("AWS did not return {}.", arn_name(&arn))));
            };
            let document = serde_json::to_value(definition.to_register_input(output.tags))
                .map(|value| pretty(&value));
            match document {
                Ok(text) => {
                    drafts::save(&text);
                    let _ = window().location().set_hash(&tab_href(Tab::Builder, None));
                }
                Err(error) => action_error.set(Some(format!(
                    "The revision could not be opened in the builder: {error}."
                ))),
            }
        });
    };
    let confirming = RwSignal::new(None::<String>);
    let deregister = move |arn: String| {
        if confirming.get_untracked().as_deref() != Some(arn.as_str()) {
            return confirming.set(Some(arn));
        }
        confirming.set(None);
        let client = match aws.client() {
            Ok(client) => client,
            Err(reason) => return action_error.set(Some(reason.to_string())),
        };
        action_error.set(None);
        leptos::task::spawn_local(async move {
            let input = DeregisterTaskDefinitionInput {
                task_definition: arn.clone(),
            };
            match client.call::<DeregisterTaskDefinition>(&input).await {
                Ok(_) => {
                    revisions
                        .items
                        .update(|items| items.retain(|item| *item != arn));
                    notice.set(Some(format!(
                        "Deregistered {}. Running tasks and services keep it; new ones cannot use it.",
                        arn_name(&arn)
                    )));
                }
                Err(error) => action_error.set(Some(error.user_message())),
            }
        });
    };

    view! {
        <div class="existing">
            <div class="families">
                <h2>"Families"</h2>
                <form class="form inline" on:submit=move |ev| {
                    ev.prevent_default();
                    load_families(false);
                }>
                    <label for="td-family-prefix">"Family starts with"</label>
                    <input
                        id="td-family-prefix"
                        spellcheck="false"
                        prop:value=move || prefix.get()
                        on:input=move |ev| prefix.set(event_target_value(&ev))
                    />
                    <button type="submit" class="secondary">"Filter"</button>
                </form>
                <ul class="family-list">
                    {move || {
                        families
                            .items
                            .get()
                            .into_iter()
                            .map(|name| {
                                let chosen = name.clone();
                                let current = name.clone();
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="link"
                                            aria-pressed=move || (family.get().as_deref() == Some(current.as_str())).to_string()
                                            on:click=move |_| {
                                                family.set(Some(chosen.clone()));
                                                load_revisions(false);
                                            }
                                        >
                                            {name}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <MoreButton paged=families on_more=move || load_families(true) empty="No ACTIVE task definition families." />
            </div>
            <div class="revisions">
                <h2>{move || family.get().map_or("Revisions".to_owned(), |name| format!("Revisions of {name}"))}</h2>
                <Show when=move || family.with(Option::is_some) fallback=|| view! { <p class="muted">"Choose a family."</p> }>
                    <table class="revision-table">
                        <thead>
                            <tr><th scope="col">"Revision"</th><th scope="col">"Actions"</th></tr>
                        </thead>
                        <tbody>
                            {move || {
                                revisions
                                    .items
                                    .get()
                                    .into_iter()
                                    .map(|arn| {
                                        let name = arn_name(&arn).to_owned();
                                        let (open_arn, deregister_arn, confirm_arn) = (arn.clone(), arn.clone(), arn.clone());
                                        view! {
                                            <tr>
                                                <td><code title=arn.clone()>{name}</code></td>
                                                <td class="actions">
                                                    <button type="button" class="secondary" on:click=move |_| open(open_arn.clone())>"Open in builder"</button>
                                                    <a href=tab_href(Tab::RunTask, Some(&arn))>"Run task"</a>
                                                    <a href=tab_href(Tab::CreateService, Some(&arn))>"Create service"</a>
                                                    <button type="button" class="secondary danger" on:click=move |_| deregister(deregister_arn.clone())>
                                                        {move || if confirming.get().as_deref() == Some(confirm_arn.as_str()) { "Confirm deregister" } else { "Deregister" }}
                                                    </button>
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                    <MoreButton paged=revisions on_more=move || load_revisions(true) empty="No ACTIVE revisions." />
                </Show>
                {move || notice.get().map(|text| view! { <p class="ok-message" role="status">{text}</p> })}
                <ErrorMessage message=action_error />
            </div>
        </div>
        <CompatibilityScan />
    }
}

/// "Load more" while there is a next page; the error or the empty note otherwise.
#[component]
fn MoreButton(
    paged: Paged,
    on_more: impl Fn() + Copy + Send + Sync + 'static,
    empty: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || paged.loading.get()>
            <p class="muted" role="status">"Loading…"</p>
        </Show>
        <Show when=move || paged.next.with(Option::is_some) && !paged.loading.get()>
            <button type="button" class="secondary" on:click=move |_| on_more()>"Load more"</button>
        </Show>
        <Show when=move || !paged.loading.get() && paged.items.with(Vec::is_empty) && paged.error.with(Option::is_none)>
            <p class="muted">{empty}</p>
        </Show>
        <ErrorMessage message=paged.error />
    }
}

/// The family of `arn:…:task-definition/FAMILY:REVISION`.
fn family_of(arn: &str) -> &str {
    let name = arn_name(arn);
    name.rsplit_once(':').map_or(name, |(family, _)| family)
}

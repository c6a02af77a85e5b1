//! The existing-definitions tab: families and their revisions (paged), open one in the builder,
//! deregister, and the compatibility scan.

use anywhere_core::aws::ecs::{
    DeregisterTaskDefinition, DeregisterTaskDefinitionInput, DescribeTaskDefinition,
    DescribeTaskDefinitionInput, ListTaskDefinitionFamilies, ListTaskDefinitionFamiliesInput,
    ListTaskDefinitions, ListTaskDefinitionsInput,
};
use std::future::Future;
use std::rc::Rc;

use anywhere_core::aws::arn::resource_name;
use leptos::prelude::*;

use super::editor::pretty;
use super::scan::CompatibilityScan;
use super::tabs::{Tab, tab_href};
use crate::aws::{Aws, AwsClient, CallError, Load, Write, failure, settled, use_aws};
use crate::components::ErrorMessage;
use crate::drafts;

const PAGE_SIZE: i32 = 25;

/// One page of a listing, and the token of the next.
#[derive(Clone, Debug, PartialEq)]
struct Page {
    items: Vec<String>,
    next: Option<String>,
}

type Listing = Result<Page, CallError>;

/// A listing shown a page at a time: the first page is a resource (loaded again when what it
/// reads changes), "Load more" an action whose page joins it.
#[derive(Clone, Copy)]
struct Paged {
    listing: Load<Page>,
    more: Write<String, (String, Page)>,
}

impl Paged {
    /// `fetch` reads its query and asks for the page at the token (`None`: the first).
    fn new<Fut>(
        aws: Aws,
        fetch: impl Fn(Rc<AwsClient>, Option<String>) -> Fut + Copy + 'static,
    ) -> Self
    where
        Fut: Future<Output = Listing> + 'static,
    {
        let listing = aws.resource(move |client| fetch(client, None));
        let more = aws.action(move |client, token: &String| {
            let token = token.clone();
            let page = fetch(client, Some(token.clone()));
            async move { Ok((token, page.await?)) }
        });
        let paged = Paged { listing, more };
        let more_settled = settled(more);
        Effect::new(move |_| {
            if let Some(Ok((token, page))) = more_settled.get() {
                paged.listing.update_answer(|shown| {
                    // Only onto the listing it continues (not one loaded afresh meanwhile).
                    if shown.next.as_ref() == Some(&token) {
                        shown.items.extend(page.items);
                        shown.next = page.next;
                    }
                });
            }
        });
        paged
    }

    fn items(&self) -> Vec<String> {
        self.listing.with(|listing| match listing {
            Some(Ok(page)) => page.items.clone(),
            _ => Vec::new(),
        })
    }

    fn load_more(&self) {
        let next = self.listing.with_untracked(|listing| match listing {
            Some(Ok(page)) => page.next.clone(),
            _ => None,
        });
        if let Some(token) = next {
            self.more.dispatch(token);
        }
    }
}

/// The next token of a page, `None` when it is the last.
fn next_token(token: Option<String>) -> Option<String> {
    token.filter(|t| !t.is_empty())
}

#[component]
pub fn Existing() -> impl IntoView {
    let aws = use_aws();
    let prefix = RwSignal::new(String::new());
    // The prefix the families were last listed with (the Filter button applies the typed one).
    let applied_prefix = RwSignal::new(String::new());
    let family = RwSignal::new(None::<String>);
    let families = Paged::new(aws, move |client, next_token_in| {
        let input = ListTaskDefinitionFamiliesInput {
            family_prefix: Some(applied_prefix.get()).filter(|p| !p.trim().is_empty()),
            status: Some("ACTIVE".to_owned()),
            next_token: next_token_in,
            max_results: Some(PAGE_SIZE),
        };
        async move {
            let page = client.call::<ListTaskDefinitionFamilies>(&input).await?;
            Ok(Page {
                items: page.families,
                next: next_token(page.next_token),
            })
        }
    });
    let revisions = Paged::new(aws, move |client, next_token_in| {
        let name = family.get();
        let input = ListTaskDefinitionsInput {
            family_prefix: name.clone(),
            status: Some("ACTIVE".to_owned()),
            sort: Some("DESC".to_owned()),
            next_token: next_token_in,
            max_results: Some(PAGE_SIZE),
        };
        async move {
            let Some(name) = name else {
                return Ok(Page {
                    items: Vec::new(),
                    next: None,
                });
            };
            let page = client.call::<ListTaskDefinitions>(&input).await?;
            // The prefix also matches longer family names (`web` finds `web-api`).
            let own = page
                .task_definition_arns
                .into_iter()
                .filter(|arn| family_of(arn) == name)
                .collect();
            Ok(Page {
                items: own,
                next: next_token(page.next_token),
            })
        }
    });

    let open = aws.action(|client, arn: &String| {
        let input = DescribeTaskDefinitionInput {
            task_definition: arn.clone(),
            include: vec!["TAGS".to_owned()],
        };
        async move {
            let output = client.call::<DescribeTaskDefinition>(&input).await?;
            let definition = output.task_definition.ok_or_else(|| {
                CallError::Message(format!(
                    "AWS did not return {}.",
                    resource_name(&input.task_definition)
                ))
            })?;
            let document = serde_json::to_value(definition.to_register_input(output.tags))
                .map(|value| pretty(&value));
            match document {
                Ok(text) => {
                    drafts::save(&text);
                    let _ = window().location().set_hash(&tab_href(Tab::Builder, None));
                    Ok(())
                }
                Err(error) => Err(CallError::Message(format!(
                    "The revision could not be opened in the builder: {error}."
                ))),
            }
        }
    });
    let confirming = RwSignal::new(None::<String>);
    let deregister = aws.action(|client, arn: &String| {
        let input = DeregisterTaskDefinitionInput {
            task_definition: arn.clone(),
        };
        async move {
            client.call::<DeregisterTaskDefinition>(&input).await?;
            Ok(input.task_definition)
        }
    });
    let deregistered = settled(deregister);
    Effect::new(move |_| {
        if let Some(Ok(arn)) = deregistered.get() {
            revisions
                .listing
                .update_answer(|page| page.items.retain(|item| *item != arn));
        }
    });
    let ask_deregister = move |arn: String| {
        if confirming.get_untracked().as_deref() != Some(arn.as_str()) {
            return confirming.set(Some(arn));
        }
        confirming.set(None);
        deregister.dispatch(arn);
    };
    let notice = move || {
        deregistered.get().and_then(Result::ok).map(|arn| {
            format!(
                "Deregistered {}. Running tasks and services keep it; new ones cannot use it.",
                resource_name(&arn)
            )
        })
    };
    // The last action's answer: what opening or deregistering a revision ran into.
    let (open_error, deregister_error) = (failure(open), failure(deregister));
    let action_error = Signal::derive(move || open_error.get().or_else(|| deregister_error.get()));

    view! {
        <div class="existing">
            <div class="families">
                <h2>"Families"</h2>
                <form class="form inline" on:submit=move |ev| {
                    ev.prevent_default();
                    applied_prefix.set(prefix.get_untracked());
                    families.listing.refetch();
                }>
                    <label for="td-family-prefix">"Family starts with"</label>
                    <input
                        id="td-family-prefix"
                        spellcheck="false"
                        bind:value=prefix
                    />
                    <button type="submit" class="secondary">"Filter"</button>
                </form>
                <ul class="family-list">
                    {move || {
                        families
                            .items()
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
                                                revisions.listing.refetch();
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
                <MoreButton paged=families empty="No ACTIVE task definition families." />
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
                                    .items()
                                    .into_iter()
                                    .map(|arn| {
                                        let name = resource_name(&arn).to_owned();
                                        let (open_arn, deregister_arn, confirm_arn) = (arn.clone(), arn.clone(), arn.clone());
                                        view! {
                                            <tr>
                                                <td><code title=arn.clone()>{name}</code></td>
                                                <td class="actions">
                                                    <button type="button" class="secondary" on:click=move |_| { open.dispatch(open_arn.clone()); }>"Open in builder"</button>
                                                    <a href=tab_href(Tab::RunTask, Some(&arn))>"Run task"</a>
                                                    <a href=tab_href(Tab::CreateService, Some(&arn))>"Create service"</a>
                                                    <button type="button" class="secondary danger" on:click=move |_| ask_deregister(deregister_arn.clone())>
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
                    <MoreButton paged=revisions empty="No ACTIVE revisions." />
                </Show>
                {move || notice().map(|text| view! { <p class="ok-message" role="status">{text}</p> })}
                <ErrorMessage message=action_error />
            </div>
        </div>
        <CompatibilityScan />
    }
}

/// "Load more" while there is a next page; the error or the empty note otherwise.
#[component]
fn MoreButton(paged: Paged, empty: &'static str) -> impl IntoView {
    let loading = move || paged.listing.with(|l| l.is_none()) || paged.more.pending().get();
    let has_next = move || {
        paged
            .listing
            .with(|l| matches!(l, Some(Ok(page)) if page.next.is_some()))
    };
    let is_empty = move || {
        paged
            .listing
            .with(|l| matches!(l, Some(Ok(page)) if page.items.is_empty()))
    };
    view! {
        <Show when=loading>
            <p class="muted" role="status">"Loading…"</p>
        </Show>
        <Show when=move || has_next() && !loading()>
            <button type="button" class="secondary" on:click=move |_| paged.load_more()>"Load more"</button>
        </Show>
        <Show when=move || !loading() && is_empty()>
            <p class="muted">{empty}</p>
        </Show>
        <ErrorMessage message=failure(paged.listing) />
        <ErrorMessage message=failure(paged.more) />
    }
}

/// The family of `arn:…:task-definition/FAMILY:REVISION`.
fn family_of(arn: &str) -> &str {
    let name = resource_name(arn);
    name.rsplit_once(':').map_or(name, |(family, _)| family)
}

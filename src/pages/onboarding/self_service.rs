//! The self-service link: a URL pre-filling the wizard for someone onboarding their own host, and
//! reading such a link back when the page opens.
//!
//! Credentials never go in the link (the core's link type cannot hold them); the activation code
//! goes only if the user asks, and only in the fragment, with the core's warning. A link pre-fills
//! choices only: one that names another region than the console's, a cluster the deployment does
//! not offer, or any endpoint is refused whole, with one sentence. An activation it carries is used
//! only once SSM confirms it exists in this account ("Use this activation").

use std::cell::RefCell;

use anywhere_core::fields::{ActivationCode, ActivationId};
use anywhere_core::install::options::InstallRegion;
use anywhere_core::install::self_service::{CODE_IN_LINK_WARNING, LinkOptions, SelfServiceLink};
use leptos::prelude::*;

use super::fields::CopyBlock;
use super::install_command::host_options;
use super::state::{ActivationMode, ClusterMode, WizardState, install_region};
use crate::components::{Checkbox, ErrorMessage};
use crate::connection::use_settings;
use crate::site_config::SiteConfig;

const ROUTE: &str = "/onboarding";

/// The page's address without its fragment: where the link points.
fn base_url() -> String {
    let href = window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_owned()
}

/// The route's parameters (after `?` in the fragment), if the page was opened with some.
fn route_parameters() -> Option<String> {
    let hash = window().location().hash().ok()?;
    let (_, parameters) = hash.split_once('?')?;
    Some(parameters.to_owned())
}

fn pairs<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    items.map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
}

fn apply(state: WizardState, link: &SelfServiceLink) {
    state.cluster.set(link.cluster.as_str().to_owned());
    state.cluster_mode.set(ClusterMode::Existing);
    if let Some(os) = link.os {
        state.os.set(os.key().to_owned());
    }
    let options = &link.options;
    state
        .docker
        .set(options.docker_install_source.as_arg().to_owned());
    state.ecs_version.set(options.ecs_version.as_arg());
    state.no_start.set(options.no_start);
    state.ip.set(
        options
            .ip_compatibility
            .map(|ip| ip.as_arg().to_owned())
            .unwrap_or_default(),
    );
    state.verify.set(options.verify_signature);
    let metadata = &options.metadata;
    state.attributes.set(pairs(
        metadata
            .attributes()
            .iter()
            .map(|a| (a.name.as_str(), a.value.as_str())),
    ));
    state.instance_tags.set(pairs(
        metadata
            .tags()
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_str())),
    ));
    if let Some(id) = &link.activation_id {
        state.activation_mode.set(ActivationMode::Existing);
        state.existing_id.set(id.as_str().to_owned());
    }
    if let Some(code) = &link.activation_code {
        state.existing_code.set(code.as_str().to_owned());
    }
}

thread_local! {
    /// The activation code of the link this tab was opened with, by activation ID. It leaves the
    /// address bar at once but stays here, in memory only, so that the page can be rebuilt (the
    /// shell rebuilds it when the site configuration arrives) without losing it.
    static LINK_CODE: RefCell<Option<(ActivationId, ActivationCode)>> = const { RefCell::new(None) };
}

fn remember_or_recall_code(link: &mut SelfServiceLink) {
    LINK_CODE.with(|slot| {
        let mut slot = slot.borrow_mut();
        match (&link.activation_id, &link.activation_code) {
            (Some(id), Some(code)) => *slot = Some((id.clone(), code.clone())),
            (Some(id), None) => {
                link.activation_code = slot
                    .as_ref()
                    .filter(|(known, _)| known == id)
                    .map(|(_, code)| code.clone());
            }
            _ => {}
        }
    });
}

/// Why a well-formed link cannot be used here: it names another region than the console works in,
/// or a cluster the deployment does not offer.
fn refusal(link: &SelfServiceLink, region: &str, config: &SiteConfig) -> Option<String> {
    if link.region.code() != region {
        return Some(format!(
            "This link is for region {}, but this console works in {region}: a link cannot change the region. Ask for a link made for {region}.",
            link.region.code()
        ));
    }
    let cluster = link.cluster.as_str();
    if !config.allows_cluster(cluster) {
        let offered = config
            .allowed_clusters
            .clone()
            .unwrap_or_default()
            .join(", ");
        return Some(format!(
            "This link names cluster {cluster}, which this console does not register hosts into (it offers {offered}): ask for a new link."
        ));
    }
    None
}

/// Reads a self-service link from the address when the wizard opens, fills the wizard with it, and
/// takes the activation code out of the address bar (it stays in the form).
#[component]
pub fn Prefill(state: WizardState) -> impl IntoView {
    let settings = use_settings();
    let site = crate::site_config::use_site_config();
    let parsed = route_parameters()
        .filter(|p| p.split('&').any(|pair| pair.starts_with("cluster=")))
        .map(|p| SelfServiceLink::parse_hash_route_parameters(&p));
    let region = settings.with_untracked(|s| s.region.clone());
    let (applied, problem) = match parsed {
        None => (false, None),
        Some(Err(error)) => (false, Some(error.to_string())),
        Some(Ok(link)) => match site.with_untracked(|config| refusal(&link, &region, config)) {
            Some(refused) => (false, Some(refused)),
            None => {
                let mut link = link;
                remember_or_recall_code(&mut link);
                apply(state, &link);
                if link.activation_code.is_some() {
                    let without_code = SelfServiceLink {
                        activation_code: None,
                        ..link.clone()
                    };
                    if let Ok(history) = window().history() {
                        // Only the address bar changes; if it cannot, the link stays as opened.
                        let _ = history.replace_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some(&without_code.to_hash_route_url(&base_url(), ROUTE)),
                        );
                    }
                }
                (true, None)
            }
        },
    };

    view! {
        <ErrorMessage message=Signal::derive(move || problem.clone()) />
        {applied.then(|| view! {
            <p class="ok-message" role="status">"Filled in from a self-service link: check each step, then continue at step 5."</p>
        })}
    }
}

/// The link for the wizard's current cluster and host options, or why there is none yet.
fn link_for(
    state: WizardState,
    region: Result<InstallRegion, String>,
    include_code: bool,
) -> Result<SelfServiceLink, String> {
    let region = region?;
    let cluster = state.cluster_name()?;
    let host = host_options(state)?;
    let mut link = SelfServiceLink::new(region, cluster);
    link.os = host.os;
    link.options = LinkOptions {
        docker_install_source: host.docker,
        ecs_version: host.ecs_version,
        no_start: host.no_start,
        ip_compatibility: host.ip,
        verify_signature: host.verify,
        metadata: host.metadata,
    };
    if include_code && let Some(ready) = state.ready.get() {
        link.activation_id = Some(ready.id);
        link.activation_code = Some(ready.code);
    }
    Ok(link)
}

#[component]
pub fn LinkPanel(state: WizardState) -> impl IntoView {
    let include_code = RwSignal::new(false);
    let region = install_region();
    let has_activation = move || state.ready.with(Option::is_some);
    let link = Memo::new(move |_| {
        link_for(state, region.get(), include_code.get() && has_activation())
            .map(|link| link.to_hash_route_url(&base_url(), ROUTE))
    });
    let link_text = Signal::derive(move || link.get().unwrap_or_default());

    view! {
        <fieldset class="form self-service">
            <legend>"Self-service link"</legend>
            <p class="muted">
                "A link that opens this page with the region, cluster, OS and install options filled in, for someone registering their own host. It never contains credentials: they sign in with their own."
            </p>
            <Checkbox id="link-include-code" checked=include_code disabled=Signal::derive(move || !has_activation())>
                "Include the activation code (after # in the link, never sent to a server)"
            </Checkbox>
            <Show when=move || include_code.get() && has_activation()>
                <p class="warning-message" role="alert">{CODE_IN_LINK_WARNING}</p>
            </Show>
            {move || match link.get() {
                Ok(_) => view! { <CopyBlock id="self-service-link" text=link_text label="Copy link" /> }.into_any(),
                Err(message) => view! { <p class="muted">{format!("No link yet: {message}")}</p> }.into_any(),
            }}
        </fieldset>
    }
}

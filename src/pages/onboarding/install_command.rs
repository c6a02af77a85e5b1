//! Step 4 (the host: OS, architecture, install options, pre-registration attributes and tags) and
//! the install command the core generates from all steps.

use anywhere_core::fields::{Attribute, ClusterName, RegistrationMetadata, Tag};
use anywhere_core::install::endpoints::{Need, firewall_text};
use anywhere_core::install::options::{
    AgentVersion, DockerInstallSource, EcsEndpoint, InstallRegion, IpCompatibility,
};
use anywhere_core::install::os::{OPERATING_SYSTEMS, OsFamily, OsId, OsRequirement, Source};
use anywhere_core::install::{
    InstallPlan, LinuxInstall, NoteLevel, Registration, WindowsInstall, linux_plan, windows_plan,
};
use leptos::prelude::*;

use super::fields::{CopyBlock, FieldError, KeyValueRows, TextRow};
use super::state::{WizardState, install_region};
use crate::components::{Checkbox, CopyButton};

/// The host's options, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct HostOptions {
    pub os: Option<OsId>,
    pub docker: DockerInstallSource,
    pub ecs_version: AgentVersion,
    pub no_start: bool,
    pub skip_registration: bool,
    pub ecs_endpoint: Option<EcsEndpoint>,
    pub ip: Option<IpCompatibility>,
    pub verify: bool,
    pub metadata: RegistrationMetadata,
}

fn is_windows(os: Option<OsId>) -> bool {
    os.is_some_and(|os| os.family() == OsFamily::Windows)
}

fn selected_os(state: WizardState) -> Option<OsId> {
    OsId::parse(&state.os.get()).ok()
}

fn filled(rows: &[(String, String)]) -> impl Iterator<Item = &(String, String)> {
    rows.iter().filter(|(k, v)| !(k.is_empty() && v.is_empty()))
}

fn metadata(state: WizardState) -> Result<RegistrationMetadata, String> {
    let attributes = state.attributes.with(|rows| {
        filled(rows)
            .map(|(name, value)| Attribute::parse(name, value))
            .collect::<Result<Vec<_>, _>>()
    });
    let tags = state.instance_tags.with(|rows| {
        filled(rows)
            .map(|(key, value)| Tag::parse(key, value))
            .collect::<Result<Vec<_>, _>>()
    });
    let attributes = attributes.map_err(|e| format!("Custom attribute: {e}"))?;
    let tags = tags.map_err(|e| format!("Container instance tag: {e}"))?;
    RegistrationMetadata::new(attributes, tags).map_err(|e| e.to_string())
}

/// The host step's options, or the first problem in them.
pub fn host_options(state: WizardState) -> Result<HostOptions, String> {
    let text = |e: anywhere_core::fields::ValidationError| e.to_string();
    let os_key = state.os.get();
    let os = if os_key.is_empty() {
        None
    } else {
        Some(OsId::parse(&os_key).map_err(|e| e.to_string())?)
    };
    let windows = is_windows(os);
    let endpoint = state.ecs_endpoint.get();
    let ip = state.ip.get();
    let options = HostOptions {
        os,
        docker: DockerInstallSource::parse(&state.docker.get()).map_err(text)?,
        ecs_version: AgentVersion::parse(state.ecs_version.get().trim()).map_err(text)?,
        no_start: state.no_start.get() && !windows,
        skip_registration: state.skip_registration.get() && !windows,
        ecs_endpoint: (!endpoint.trim().is_empty())
            .then(|| EcsEndpoint::parse(endpoint.trim()))
            .transpose()
            .map_err(text)?,
        ip: (!ip.is_empty())
            .then(|| IpCompatibility::parse(&ip))
            .transpose()
            .map_err(text)?,
        verify: state.verify.get(),
        metadata: metadata(state)?,
    };
    // The OS's rules (RHEL: Docker first; CentOS and Fedora: no distro Docker) are checked by
    // generating the command once, without an activation.
    if !windows {
        let region = InstallRegion::parse("us-east-1").map_err(text)?;
        let cluster = ClusterName::parse("check").map_err(text)?;
        linux_plan(&linux_install(
            region,
            cluster,
            Registration::AlreadyManaged,
            &options,
        ))
        .map_err(|e| e.to_string())?;
    }
    Ok(options)
}

fn linux_install(
    region: InstallRegion,
    cluster: ClusterName,
    registration: Registration,
    host: &HostOptions,
) -> LinuxInstall {
    LinuxInstall {
        os: host.os,
        docker_install_source: host.docker,
        ecs_version: host.ecs_version.clone(),
        no_start: host.no_start,
        ecs_endpoint: host.ecs_endpoint.clone(),
        ip_compatibility: host.ip,
        verify_signature: host.verify,
        metadata: host.metadata.clone(),
        ..LinuxInstall::new(region, cluster, registration)
    }
}

/// The install procedure for the current steps, once there is an activation (or none is needed).
/// `None` while the command cannot be made yet.
pub fn install_plan(
    state: WizardState,
    region: Signal<Result<InstallRegion, String>>,
) -> Option<Result<InstallPlan, String>> {
    let region = region.get().ok()?;
    let cluster = state.cluster_name().ok()?;
    let host = match host_options(state) {
        Ok(host) => host,
        Err(message) => return Some(Err(message)),
    };
    let ready = state.ready.get();
    if is_windows(host.os) {
        let ready = ready?;
        let install = WindowsInstall {
            os: host.os,
            verify_signature: host.verify,
            metadata: host.metadata,
            ..WindowsInstall::new(region, cluster, ready.id, ready.code)
        };
        return Some(windows_plan(&install).map_err(|e| e.to_string()));
    }
    let registration = if host.skip_registration {
        Registration::AlreadyManaged
    } else {
        let ready = ready?;
        Registration::Activation {
            id: ready.id,
            code: ready.code,
        }
    };
    let install = linux_install(region, cluster, registration, &host);
    Some(linux_plan(&install).map_err(|e| e.to_string()))
}

#[component]
pub fn HostStep(state: WizardState) -> impl IntoView {
    let os = move || selected_os(state);
    let windows = move || is_windows(os());
    let requirements = move || os().map(|os| os.info().requirements).unwrap_or_default();
    let requires = move |r: OsRequirement| requirements().contains(&r);
    // RHEL cannot get Docker from the script: its source is forced to none.
    Effect::new(move |_| {
        if requires(OsRequirement::DockerPreinstalled) {
            state.docker.set("none".to_owned());
        }
    });
    let arches = move || {
        os().map(|os| os.info().arches).unwrap_or(&[
            anywhere_core::install::os::Arch::X86_64,
            anywhere_core::install::os::Arch::Arm64,
        ])
    };
    let version_error = Signal::derive(move || {
        AgentVersion::parse(state.ecs_version.get().trim())
            .err()
            .map(|e| e.to_string())
    });
    let endpoint_error = Signal::derive(move || {
        let text = state.ecs_endpoint.get();
        (!text.trim().is_empty())
            .then(|| EcsEndpoint::parse(text.trim()).err().map(|e| e.to_string()))
            .flatten()
    });
    let metadata_error = Signal::derive(move || metadata(state).err());
    let os_rule_error = Signal::derive(move || {
        let fields_ok = version_error.get().is_none()
            && endpoint_error.get().is_none()
            && metadata_error.get().is_none();
        fields_ok.then(|| host_options(state).err()).flatten()
    });

    view! {
        <fieldset>
            <legend>"4. Host"</legend>
            <div class="grid-2">
                <div>
                    <label for="host-os">"Operating system"</label>
                    <select
                        id="host-os"
                        bind:value=state.os
                    >
                        <option value="">"Linux (any supported distribution)"</option>
                        {OPERATING_SYSTEMS
                            .iter()
                            .map(|info| {
                                let label = match info.source {
                                    Source::Seed => info.name.to_owned(),
                                    Source::NewerGuide => format!("{} (newer AWS guide)", info.name),
                                };
                                view! { <option value=info.key>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div>
                    <label for="host-arch">"Architecture"</label>
                    <select
                        id="host-arch"
                        bind:value=state.arch
                    >
                        {move || {
                            arches()
                                .iter()
                                .map(|arch| view! { <option value=arch.uname()>{arch.uname()}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <ul class="os-notes">
                {move || {
                    requirements()
                        .iter()
                        .map(|r| view! { <li class="note warning">{r.reason()}</li> })
                        .collect_view()
                }}
                <li class="note">
                    {move || format!(
                        "Only x86_64 and ARM64 hosts are supported: `uname -m` must print {}.",
                        arches().iter().map(|a| a.uname()).collect::<Vec<_>>().join(" or ")
                    )}
                </li>
            </ul>
            <Show when=move || !windows()>
                <div class="grid-2">
                    <div>
                        <label for="docker-source">"Docker install source"</label>
                        <select
                            id="docker-source"
                            disabled=move || requires(OsRequirement::DockerPreinstalled)
                            bind:value=state.docker
                        >
                            <option value="all">"all: Docker's repositories, then the OS's"</option>
                            <option value="docker">"docker: Docker's repositories"</option>
                            <option value="distro" disabled=move || requires(OsRequirement::NoDistroDocker)>
                                "distro: the OS's repositories"
                            </option>
                            <option value="none">"none: Docker is already installed"</option>
                        </select>
                    </div>
                    <TextRow id="ecs-version" label="ECS agent version" value=state.ecs_version error=version_error />
                    <TextRow
                        id="ecs-endpoint"
                        label="ECS endpoint (optional)"
                        value=state.ecs_endpoint
                        error=endpoint_error
                        kind="url"
                        placeholder="https://…"
                    />
                    <div>
                        <label for="ip-compatibility">"IP compatibility"</label>
                        <select
                            id="ip-compatibility"
                            bind:value=state.ip
                        >
                            <option value="">"Script default"</option>
                            <option value="ipv4">"ipv4"</option>
                            <option value="ipv6">"ipv6"</option>
                        </select>
                    </div>
                </div>
                <div class="checks">
                    <Checkbox id="no-start" checked=state.no_start>"Do not start the agents (--no-start)"</Checkbox>
                    <Checkbox id="skip-registration" checked=state.skip_registration>
                        "Host is already an SSM managed instance (--skip-registration)"
                    </Checkbox>
                </div>
            </Show>
            <div class="checks">
                <Checkbox id="verify-signature" checked=state.verify>"Verify the install script's signature first"</Checkbox>
            </div>
            <span class="label">"Custom attributes (for placement constraints)"</span>
            <KeyValueRows
                rows=state.attributes
                id="attribute"
                name_label="Attribute name"
                value_label="Attribute value"
                add_label="Add attribute"
            />
            <span class="label">"Container instance tags"</span>
            <KeyValueRows
                rows=state.instance_tags
                id="instance-tag"
                name_label="Tag key"
                value_label="Tag value"
                add_label="Add tag"
            />
            <p class="muted">
                {move || if windows() {
                    "Set as machine environment variables before the script runs: the agent reads them only when it registers, they cannot be added this way afterwards."
                } else {
                    "Written to /etc/ecs/ecs.config before the script runs: the agent reads them only when it registers, they cannot be added this way afterwards."
                }}
            </p>
            <FieldError message=metadata_error />
            <FieldError message=os_rule_error />
        </fieldset>
    }
}

fn need_text(need: Need) -> String {
    match need {
        Need::Always => "always".to_owned(),
        Need::DuringInstall => "during install".to_owned(),
        Need::IfTasksUse(service) => format!("if tasks use {service}"),
    }
}

/// The activation (shown once), the command with its prerequisites and notes, and the firewall
/// list.
#[component]
pub fn CommandPanel(state: WizardState) -> impl IntoView {
    let region = install_region();
    let plan = Memo::new(move |_| install_plan(state, region));
    let created = move || state.ready.get().filter(|r| r.created_here);

    view! {
        {move || {
            created()
                .map(|ready| {
                    let id = ready.id.as_str().to_owned();
                    let code = ready.code.as_str().to_owned();
                    view! {
                        <div class="activation-created" role="status">
                            <p class="ok-message">"Activation created."</p>
                            <dl class="secret">
                                <dt>"Activation ID"</dt>
                                <dd>
                                    <code id="activation-id">{id.clone()}</code>
                                    <CopyButton text=Signal::derive(move || id.clone()) label="Copy ID" />
                                </dd>
                                <dt>"Activation code"</dt>
                                <dd>
                                    <code id="activation-code">{code.clone()}</code>
                                    <CopyButton text=Signal::derive(move || code.clone()) label="Copy code" />
                                </dd>
                            </dl>
                            <p class="warning-message">
                                "The activation code is shown only now: AWS never returns it again. Copy it, or the command below, before leaving this page."
                            </p>
                        </div>
                    }
                })
        }}
        {move || match plan.get() {
            None => view! {
                <p class="muted">"The command appears here once the activation is ready."</p>
            }
            .into_any(),
            Some(Err(message)) => view! { <p class="error-message" role="alert">{message}</p> }.into_any(),
            Some(Ok(plan)) => {
                let cluster = state.cluster.get();
                let region = region.get().map(|r| r.code().to_owned()).unwrap_or_default();
                // Said before the command, so nobody runs it without knowing where the host goes.
                match state.account() {
                    None => view! {
                        <p class="muted" role="status">{format!("Checking which account cluster {cluster} is in…")}</p>
                    }
                    .into_any(),
                    Some(account) => view! {
                        <p class="join-target" role="note">
                            {format!("This host will join cluster {cluster} in AWS account {account}, region {region}.")}
                        </p>
                        <PlanView plan=plan />
                    }
                    .into_any(),
                }
            }
        }}
    }
}

#[component]
fn PlanView(plan: InstallPlan) -> impl IntoView {
    let shell = match plan.shell {
        anywhere_core::install::Shell::Bash => "Run on the host (bash; it uses sudo):",
        anywhere_core::install::Shell::PowerShell => "Run in PowerShell as administrator:",
    };
    let command = plan.command.clone();
    let hosts = firewall_text(&plan.firewall);
    view! {
        <Show when={
            let empty = plan.prerequisites.is_empty();
            move || !empty
        }>
            <h2 class="minor-heading">"Before running"</h2>
        </Show>
        <ol class="prerequisites">
            {plan
                .prerequisites
                .iter()
                .map(|step| {
                    view! {
                        <li>
                            {step.title.clone()}
                            {step.commands.iter().map(|c| view! { <code class="step-command">{c.clone()}</code> }).collect_view()}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <h2 class="minor-heading">{shell}</h2>
        <CopyBlock id="install-command" text=Signal::derive(move || command.clone()) label="Copy command" />
        <ul class="plan-notes">
            {plan
                .notes
                .iter()
                .map(|note| {
                    let warning = note.level == NoteLevel::Warning;
                    view! { <li class="note" class:warning=warning>{note.text.clone()}</li> }
                })
                .collect_view()}
        </ul>
        <details class="firewall">
            <summary>{format!("Hosts the firewall must allow ({})", plan.firewall.len())}</summary>
            <table class="dense">
                <thead>
                    <tr><th>"Host"</th><th>"Purpose"</th><th>"Needed"</th></tr>
                </thead>
                <tbody>
                    {plan
                        .firewall
                        .iter()
                        .map(|h| view! {
                            <tr><td><code>{h.host.clone()}</code></td><td>{h.purpose}</td><td>{need_text(h.need)}</td></tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
            <CopyBlock id="firewall-hosts" text=Signal::derive(move || hosts.clone()) label="Copy hosts" />
        </details>
    }
}

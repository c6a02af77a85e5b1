//! Step 3 (the activation's options, or an activation the user already has) and the button that
//! creates or checks it.

use anywhere_core::aws::ssm::{
    CreateActivation, DescribeActivations, DescribeActivationsFilter, DescribeActivationsInput,
};
use anywhere_core::fields::{ActivationCode, ActivationId, ClusterName};
use anywhere_core::install::activation::{
    ActivationOptions, ActivationUnusable, MAX_EXPIRY_MILLIS, check_expiry, check_usable,
    parse_activation_tags, parse_default_instance_name, parse_description,
    parse_registration_limit,
};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::fields::{FieldError, KeyValueRows, TextRow};
use super::install_command::host_options;
use super::shared::{CreatedHere, datetime_local};
use super::state::{ActivationMode, ReadyActivation, WizardState, install_region};
use crate::aws::{CallError, failure, settled, use_aws};
use crate::components::{ErrorMessage, RadioGroup};

/// A `datetime-local` value as epoch milliseconds (NaN when it is not a date). Without an offset,
/// JavaScript reads it in the browser's time zone, as the input shows it.
fn parse_datetime_local(text: &str) -> f64 {
    if text.is_empty() {
        return f64::NAN;
    }
    js_sys::Date::new(&JsValue::from_str(text)).get_time()
}

fn expiry_error(state: WizardState) -> Option<String> {
    let at = parse_datetime_local(&state.expiry.get());
    check_expiry(at, js_sys::Date::now())
        .err()
        .map(|e| e.to_string())
}

/// The new activation's options, or the first problem in them.
pub fn activation_options(state: WizardState) -> Result<ActivationOptions, String> {
    let text = |e: anywhere_core::install::activation::ActivationOptionError| e.to_string();
    let role = state.role_name()?;
    let expires_at_millis = check_expiry(
        parse_datetime_local(&state.expiry.get()),
        js_sys::Date::now(),
    )
    .map_err(text)?;
    let registration_limit = parse_registration_limit(&state.limit.get()).map_err(text)?;
    let default_instance_name =
        parse_default_instance_name(&state.instance_name.get()).map_err(text)?;
    let description = parse_description(&state.description.get()).map_err(text)?;
    let tags = parse_activation_tags(&state.activation_tags.get()).map_err(text)?;
    Ok(ActivationOptions {
        role,
        expires_at_millis,
        registration_limit,
        default_instance_name,
        description,
        tags,
    })
}

fn existing_activation(state: WizardState) -> Result<(ActivationId, ActivationCode), String> {
    let id = ActivationId::parse(state.existing_id.get().trim()).map_err(|e| e.to_string())?;
    let code =
        ActivationCode::parse(state.existing_code.get().trim()).map_err(|e| e.to_string())?;
    Ok((id, code))
}

#[component]
pub fn ActivationStep(state: WizardState) -> impl IntoView {
    let now = js_sys::Date::now();
    let field = |result: fn(&str) -> Option<String>, signal: RwSignal<String>| {
        Signal::derive(move || result(&signal.get()))
    };
    let limit_error = field(
        |t| parse_registration_limit(t).err().map(|e| e.to_string()),
        state.limit,
    );
    let name_error = field(
        |t| parse_default_instance_name(t).err().map(|e| e.to_string()),
        state.instance_name,
    );
    let description_error = field(
        |t| parse_description(t).err().map(|e| e.to_string()),
        state.description,
    );
    let tags_error = Signal::derive(move || {
        parse_activation_tags(&state.activation_tags.get())
            .err()
            .map(|e| e.to_string())
    });
    let id_error = field(
        |t| {
            (!t.is_empty())
                .then(|| ActivationId::parse(t.trim()).err().map(|e| e.to_string()))
                .flatten()
        },
        state.existing_id,
    );
    let code_error = field(
        |t| {
            (!t.is_empty())
                .then(|| ActivationCode::parse(t.trim()).err().map(|e| e.to_string()))
                .flatten()
        },
        state.existing_code,
    );

    view! {
        <fieldset>
            <legend>"3. Activation"</legend>
            <Show
                when=move || !state.skip_registration.get()
                fallback=|| view! {
                    <p class="muted">"Not needed: with --skip-registration the host is already an SSM managed instance."</p>
                }
            >
                <RadioGroup
                    name="activation-mode"
                    label="Activation"
                    options=vec![
                        (ActivationMode::Create, "Create a new activation"),
                        (ActivationMode::Existing, "Use an activation I already have"),
                    ]
                    chosen=state.activation_mode
                    on_choose=move |mode| state.activation_mode.set(mode)
                />
                <Show when=move || state.activation_mode.get() == ActivationMode::Create>
                    <div class="grid-2">
                        <TextRow
                            id="activation-expiry"
                            label="Expires (at most 30 days ahead)"
                            value=state.expiry
                            error=Signal::derive(move || expiry_error(state))
                            kind="datetime-local"
                            min=datetime_local(now)
                            max=datetime_local(now + MAX_EXPIRY_MILLIS)
                        />
                        <TextRow
                            id="registration-limit"
                            label="Registration limit (hosts, 1 to 1000)"
                            value=state.limit
                            error=limit_error
                            kind="number"
                            min="1"
                            max="1000"
                        />
                        <TextRow id="default-instance-name" label="Default instance name (optional)" value=state.instance_name error=name_error />
                        <TextRow id="activation-description" label="Description (optional)" value=state.description error=description_error />
                    </div>
                    <span class="label">"Activation tags (optional)"</span>
                    <KeyValueRows
                        rows=state.activation_tags
                        id="activation-tag"
                        name_label="Tag key"
                        value_label="Tag value"
                        add_label="Add activation tag"
                    />
                    <FieldError message=tags_error />
                </Show>
                <Show when=move || state.activation_mode.get() == ActivationMode::Existing>
                    <TextRow id="existing-activation-id" label="Activation ID" value=state.existing_id error=id_error />
                    <TextRow id="existing-activation-code" label="Activation code" value=state.existing_code error=code_error />
                </Show>
            </Show>
        </fieldset>
    }
}

/// The button of step 5: creates the activation (or checks the user's) and makes the command
/// appear. Everything is validated first; what the user typed is kept whatever happens.
#[component]
pub fn ActivationAction(state: WizardState) -> impl IntoView {
    let aws = use_aws();
    let region = install_region();
    let created_here = expect_context::<CreatedHere>().0;
    let blocker = move || -> Option<String> {
        if let Err(message) = region.get() {
            return Some(message);
        }
        if let Err(message) = state.cluster_name() {
            return Some(message);
        }
        if let Err(message) = host_options(state) {
            return Some(message);
        }
        if state.skip_registration.get() {
            return None;
        }
        match state.activation_mode.get() {
            ActivationMode::Create => activation_options(state).err(),
            ActivationMode::Existing => existing_activation(state).err(),
        }
    };
    let create = aws.action(
        move |client, (options, cluster): &(ActivationOptions, ClusterName)| {
            let input = options.to_input(cluster);
            let cluster = cluster.clone();
            async move {
                let created = client.call::<CreateActivation>(&input).await?;
                let unusable =
                    |e: anywhere_core::fields::ValidationError| CallError::Message(e.to_string());
                let ready = ReadyActivation {
                    id: ActivationId::parse(&created.activation_id).map_err(unusable)?,
                    code: ActivationCode::parse(&created.activation_code).map_err(unusable)?,
                    created_here: true,
                    ready_at_millis: js_sys::Date::now(),
                };
                Ok((ready, cluster))
            }
        },
    );
    let check = aws.action(move |client, (id, code): &(ActivationId, ActivationCode)| {
        let input = DescribeActivationsInput {
            filters: vec![DescribeActivationsFilter {
                filter_key: "ActivationIds".to_owned(),
                filter_values: vec![id.as_str().to_owned()],
            }],
            ..DescribeActivationsInput::default()
        };
        let (id, code) = (id.clone(), code.clone());
        async move {
            let found = client.call::<DescribeActivations>(&input).await?;
            let activation = found
                .activation_list
                .iter()
                .find(|a| a.activation_id.eq_ignore_ascii_case(id.as_str()))
                .ok_or_else(|| CallError::Message(ActivationUnusable::NotFound.to_string()))?;
            check_usable(activation, js_sys::Date::now())
                .map_err(|e| CallError::Message(e.to_string()))?;
            Ok(ReadyActivation {
                id,
                code,
                created_here: false,
                ready_at_millis: js_sys::Date::now(),
            })
        }
    });
    let created = settled(create);
    let checked = settled(check);
    Effect::new(move |_| {
        if let Some(Ok((ready, cluster))) = created.get() {
            created_here.update(|list| {
                list.push((ready.id.as_str().to_owned(), cluster.as_str().to_owned()))
            });
            state.ready.set(Some(ready));
        }
    });
    Effect::new(move |_| match checked.get() {
        Some(Ok(ready)) => state.ready.set(Some(ready)),
        Some(Err(_)) => state.ready.set(None),
        None => {}
    });
    // Everything was validated for the button to be enabled; what the user typed stays as typed.
    let create_click = move |_| {
        if let (Ok(options), Ok(cluster)) = (activation_options(state), state.cluster_name()) {
            create.dispatch((options, cluster));
        }
    };
    let check_click = move |_| {
        if let Ok(pair) = existing_activation(state) {
            check.dispatch(pair);
        }
    };
    let busy = move || create.pending().get() || check.pending().get();
    // The answer to what the chosen mode's button did.
    let (create_error, check_error) = (failure(create), failure(check));
    let error = Signal::derive(move || match state.activation_mode.get() {
        ActivationMode::Create => create_error.get(),
        ActivationMode::Existing => check_error.get(),
    });
    let needs_activation = move || !state.skip_registration.get();
    let created_already = move || {
        state
            .ready
            .with(|r| r.as_ref().is_some_and(|r| r.created_here))
    };

    view! {
        <Show when=needs_activation>
            <div class="actions">
                <Show
                    when=move || state.activation_mode.get() == ActivationMode::Create
                    fallback=move || view! {
                        <button type="button" on:click=check_click disabled=move || busy() || blocker().is_some()>
                            {move || if busy() { "Checking…" } else { "Use this activation" }}
                        </button>
                    }
                >
                    <button
                        type="button"
                        on:click=create_click
                        disabled=move || busy() || blocker().is_some()
                    >
                        {move || match (busy(), created_already()) {
                            (true, _) => "Creating…",
                            (false, true) => "Create another activation",
                            (false, false) => "Create activation",
                        }}
                    </button>
                </Show>
                {move || blocker().map(|text| view! { <span class="muted blocker">{text}</span> })}
            </div>
        </Show>
        <Show when=move || !needs_activation()>
            {move || blocker().map(|text| view! { <p class="muted blocker">{text}</p> })}
        </Show>
        <ErrorMessage message=error />
    }
}

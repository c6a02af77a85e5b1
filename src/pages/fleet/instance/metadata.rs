//! A host's custom attributes (what placement constraints match) and tags, edited with one
//! [`PairEditor`]; the attributes the agent sets are listed apart, read-only.

use anywhere_core::aws::arn::resource_name;
use anywhere_core::aws::ecs::{
    Attribute, AttributesInput, DeleteAttributes, PutAttributes, Tag, TagResource,
    TagResourceInput, UntagResource, UntagResourceInput,
};
use anywhere_core::fields::{AttributeName, AttributeValue, is_agent_attribute};
use anywhere_core::fleet::Host;
use leptos::prelude::*;

use crate::aws::{CallError, Write, settled, use_aws};
use crate::components::AwsText;

use super::pair_editor::{PairChange, PairEditor, PairWords};

const ATTRIBUTES: PairWords = PairWords {
    heading: "Attributes",
    table: "Custom attributes",
    table_class: "custom-attributes",
    name_column: "Name",
    id: "attribute",
    name_label: "Attribute name",
    value_label: "Value (optional)",
    add: "Add attribute",
    noun: "attribute",
    name_missing: "Enter the attribute's name.",
};

const TAGS: PairWords = PairWords {
    heading: "Tags",
    table: "Tags",
    table_class: "tags",
    name_column: "Key",
    id: "tag",
    name_label: "Tag key",
    value_label: "Value",
    add: "Add tag",
    noun: "tag",
    name_missing: "Enter the tag's key.",
};

/// A custom attribute ECS would accept; the agent's own names are refused first, since they are
/// valid names that the agent would overwrite.
fn check_attribute(name: &str, value: &str) -> Result<(), String> {
    if is_agent_attribute(name) {
        return Err(
            "Names starting with ecs. or com.amazonaws.ecs. belong to the agent and cannot be set."
                .to_owned(),
        );
    }
    AttributeName::parse(name).map_err(|error| error.to_string())?;
    if !value.is_empty() {
        AttributeValue::parse(value).map_err(|error| error.to_string())?;
    }
    Ok(())
}

fn check_tag(key: &str, value: &str) -> Result<(), String> {
    anywhere_core::fields::Tag::parse(key, value)
        .map(drop)
        .map_err(|error| error.to_string())
}

/// The host's custom attributes, editable, and the agent's, read-only. `on_change` runs after a
/// change was made.
#[component]
pub fn Attributes(host: Host, on_change: Callback<()>) -> impl IntoView {
    let cluster = host.cluster().to_owned();
    // The short id: AWS takes it or the ARN, the sandbox (moto) only the id.
    let target = resource_name(host.key()).to_owned();
    let send = use_aws().action(move |client, change: &PairChange| {
        let (put, name, value) = match change.clone() {
            PairChange::Put { name, value } => (true, name, value),
            PairChange::Remove { name } => (false, name, None),
        };
        let input = AttributesInput {
            cluster: Some(cluster.clone()),
            attributes: vec![Attribute {
                name,
                value,
                target_type: Some("container-instance".to_owned()),
                target_id: Some(target.clone()),
            }],
        };
        async move {
            if put {
                client.call::<PutAttributes>(&input).await?;
            } else {
                client.call::<DeleteAttributes>(&input).await?;
            }
            Ok::<(), CallError>(())
        }
    });
    after_success(send, on_change);
    let custom = host
        .custom_attributes()
        .map(|(name, value)| (name.to_owned(), value.unwrap_or_default().to_owned()))
        .collect();
    let agent: Vec<String> = host
        .attributes()
        .filter(|(name, _)| is_agent_attribute(name))
        .map(|(name, value)| match value {
            Some(value) => format!("{name} = {value}"),
            None => name.to_owned(),
        })
        .collect();
    view! {
        <PairEditor words=ATTRIBUTES pairs=custom check=check_attribute send=send />
        <details>
            <summary>{format!("{} attributes set by the agent (read-only)", agent.len())}</summary>
            <ul class="agent-attributes">
                {agent.into_iter().map(|text| view! { <li class="mono"><AwsText text=text /></li> }).collect_view()}
            </ul>
        </details>
    }
}

/// The host's tags, editable. `on_change` runs after a change was made.
#[component]
pub fn Tags(host: Host, on_change: Callback<()>) -> impl IntoView {
    let resource_arn = host.key().to_owned();
    let send = use_aws().action(move |client, change: &PairChange| {
        let (resource_arn, change) = (resource_arn.clone(), change.clone());
        async move {
            match change {
                PairChange::Put { name, value } => {
                    let tags = vec![Tag {
                        key: name,
                        value: value.unwrap_or_default(),
                    }];
                    client
                        .call::<TagResource>(&TagResourceInput { resource_arn, tags })
                        .await?;
                }
                PairChange::Remove { name } => {
                    let tag_keys = vec![name];
                    client
                        .call::<UntagResource>(&UntagResourceInput {
                            resource_arn,
                            tag_keys,
                        })
                        .await?;
                }
            }
            Ok::<(), CallError>(())
        }
    });
    after_success(send, on_change);
    let tags = host
        .tags()
        .iter()
        .map(|tag| (tag.key.clone(), tag.value.clone()))
        .collect();
    view! { <PairEditor words=TAGS pairs=tags check=check_tag send=send /> }
}

/// Runs `on_change` each time `send` succeeds.
fn after_success(send: Write<PairChange, ()>, on_change: Callback<()>) {
    let sent = settled(send);
    Effect::new(move |_| {
        if let Some(Ok(())) = sent.get() {
            on_change.run(());
        }
    });
}

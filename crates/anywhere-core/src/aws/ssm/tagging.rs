//! Tags on SSM resources (here: managed instances): AddTagsToResource, RemoveTagsFromResource.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddTagsToResourceInput {
    /// `ManagedInstance` for hybrid hosts.
    pub resource_type: String,
    pub resource_id: String,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RemoveTagsFromResourceInput {
    pub resource_type: String,
    pub resource_id: String,
    pub tag_keys: Vec<String>,
}

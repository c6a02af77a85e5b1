//! What the registration wizard's steps share: everything the user typed or chose, the activation
//! the command uses, and the region hosts are registered in. Each step reads and writes it; none
//! imports another step for it.

use anywhere_core::aws::arn::{self, resource_name};
use anywhere_core::fields::{ActivationCode, ActivationId, ClusterName, InstanceRoleName};
use anywhere_core::install::options::InstallRegion;
use leptos::prelude::*;

use super::shared::datetime_local;
use crate::connection::use_settings;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterMode {
    Existing,
    New,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivationMode {
    Create,
    Existing,
}

/// The activation the command uses: created in this view (its code is shown once) or one the
/// user already had, checked with SSM.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadyActivation {
    pub id: ActivationId,
    pub code: ActivationCode,
    pub created_here: bool,
    /// When this page created it or checked it (epoch ms): hosts registered since then are its
    /// candidates when the waiting room can only see ECS.
    pub ready_at_millis: f64,
}

/// Everything the user typed or chose, as typed; each step validates its part on the fly.
#[derive(Clone, Copy)]
pub struct WizardState {
    pub cluster_mode: RwSignal<ClusterMode>,
    /// The cluster the host joins (an existing one, or one just created).
    pub cluster: RwSignal<String>,
    /// The ARNs of the clusters this page has seen: where the account a host joins is read from.
    pub cluster_arns: RwSignal<Vec<String>>,
    pub new_cluster: RwSignal<String>,
    pub role: RwSignal<String>,
    pub activation_mode: RwSignal<ActivationMode>,
    /// A `datetime-local` value, in the browser's time zone.
    pub expiry: RwSignal<String>,
    pub limit: RwSignal<String>,
    pub instance_name: RwSignal<String>,
    pub description: RwSignal<String>,
    pub activation_tags: RwSignal<Vec<(String, String)>>,
    pub existing_id: RwSignal<String>,
    pub existing_code: RwSignal<String>,
    /// An OS key from the catalogue, or empty for "any supported Linux".
    pub os: RwSignal<String>,
    pub arch: RwSignal<String>,
    pub docker: RwSignal<String>,
    pub ecs_version: RwSignal<String>,
    pub no_start: RwSignal<bool>,
    pub skip_registration: RwSignal<bool>,
    pub ecs_endpoint: RwSignal<String>,
    /// `ipv4`, `ipv6`, or empty for the script's default.
    pub ip: RwSignal<String>,
    pub verify: RwSignal<bool>,
    pub attributes: RwSignal<Vec<(String, String)>>,
    pub instance_tags: RwSignal<Vec<(String, String)>>,
    pub ready: RwSignal<Option<ReadyActivation>>,
}

impl WizardState {
    pub fn new() -> Self {
        let now = js_sys::Date::now();
        Self {
            cluster_mode: RwSignal::new(ClusterMode::Existing),
            cluster: RwSignal::new(String::new()),
            cluster_arns: RwSignal::new(Vec::new()),
            new_cluster: RwSignal::new(String::new()),
            role: RwSignal::new(InstanceRoleName::default().as_str().to_owned()),
            activation_mode: RwSignal::new(ActivationMode::Create),
            expiry: RwSignal::new(datetime_local(
                now + anywhere_core::install::activation::DEFAULT_EXPIRY_MILLIS,
            )),
            limit: RwSignal::new("1".to_owned()),
            instance_name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            activation_tags: RwSignal::new(Vec::new()),
            existing_id: RwSignal::new(String::new()),
            existing_code: RwSignal::new(String::new()),
            os: RwSignal::new(String::new()),
            arch: RwSignal::new("x86_64".to_owned()),
            docker: RwSignal::new("all".to_owned()),
            ecs_version: RwSignal::new("latest".to_owned()),
            no_start: RwSignal::new(false),
            skip_registration: RwSignal::new(false),
            ecs_endpoint: RwSignal::new(String::new()),
            ip: RwSignal::new(String::new()),
            verify: RwSignal::new(false),
            attributes: RwSignal::new(Vec::new()),
            instance_tags: RwSignal::new(Vec::new()),
            ready: RwSignal::new(None),
        }
    }

    /// The chosen cluster, validated.
    pub fn cluster_name(&self) -> Result<ClusterName, String> {
        let name = self.cluster.get();
        if name.is_empty() {
            return Err("Pick an existing cluster or create one (step 1).".to_owned());
        }
        ClusterName::parse(&name).map_err(|e| e.to_string())
    }

    pub fn role_name(&self) -> Result<InstanceRoleName, String> {
        InstanceRoleName::parse(&self.role.get()).map_err(|e| e.to_string())
    }

    /// The account of the chosen cluster, from its ARN, once the page has seen it.
    pub fn account(&self) -> Option<String> {
        let name = self.cluster.get();
        self.cluster_arns.with(|arns| {
            arns.iter()
                .find(|arn| resource_name(arn) == name)
                .and_then(|arn| arn::account(arn))
                .map(str::to_owned)
        })
    }

    /// Remembers cluster ARNs; only new ones wake what reads them.
    pub fn learn_arns(&self, arns: impl IntoIterator<Item = String>) {
        let mut new: Vec<String> = Vec::new();
        for arn in arns {
            if !new.contains(&arn)
                && !self
                    .cluster_arns
                    .with_untracked(|known| known.contains(&arn))
            {
                new.push(arn);
            }
        }
        if !new.is_empty() {
            self.cluster_arns.update(|known| known.extend(new));
        }
    }
}

/// The region of Settings, if hosts can be registered there (China regions are refused with the
/// seed's reason).
pub fn install_region() -> Signal<Result<InstallRegion, String>> {
    let settings = use_settings();
    Signal::derive(move || {
        settings.with(|s| InstallRegion::parse(&s.region).map_err(|e| e.to_string()))
    })
}

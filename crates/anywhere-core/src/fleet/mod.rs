//! The fleet view without the browser: external hosts as rows (the ECS container instance joined
//! with its SSM managed-instance record), their health, the loading plan, the table's view state,
//! exports and the cluster summary.
//!
//! Everything here is synchronous except [`load::load_fleet`], which drives the AWS client and
//! hands rows to the view page by page.

pub mod export;
pub mod filter;
pub mod health;
pub mod host;
pub mod join;
pub mod load;
pub mod platform;
mod query_string;
pub mod summary;
pub mod version;

pub use export::{to_csv, to_json};
pub use filter::{
    Column, Facet, FacetCounts, FleetDiff, Sort, ViewState, diff, facet_counts, sort_rows, view,
};
pub use health::{Diagnosis, Health, HealthPolicy, Severity, classify, diagnose};
pub use host::{Capacity, Host, InstanceStatus, PingStatus};
pub use join::{index_by_managed_instance_id, join, managed_instance_ids};
pub use load::{
    CallCounts, Gap, KeptRows, LoadEvent, LoadFailure, LoadOptions, LoadReport, keep_last_known,
    load_fleet,
};
pub use summary::{
    BarSegment, ClusterSummary, bar_svg, capacity_segments, health_segments, severity_fill,
    summarize,
};
pub use version::Version;

//! The fleet view without the browser: external hosts as rows (the ECS container instance joined
//! with its SSM managed-instance record), their health, the loading plan, the table's view state,
//! exports and the cluster summary.
//!
//! Everything here is synchronous except [`load::load_fleet`], which drives the AWS client and
//! hands rows to the view page by page, and [`regions::load_regions`], which runs it in several
//! regions at once.

pub mod columns;
pub mod diff;
pub mod export;
pub mod health;
pub mod host;
pub mod index;
pub mod instance;
pub mod join;
pub mod list_part;
pub mod load;
pub mod platform;
pub mod regions;
pub mod sort;
pub mod summary;
pub mod version;
pub mod view_state;

pub use columns::{COLUMNS, CellKind, Column, Facet, Value};
pub use diff::{FleetDiff, diff};
pub use export::{to_csv, to_json};
pub use health::{Diagnosis, Health, HealthPolicy, Severity, classify, diagnose, known_health};
pub use host::{Capacity, Host, InstanceStatus, PingStatus};
pub use index::{FacetCounts, FleetIndex, facet_counts, view};
pub use join::{index_by_managed_instance_id, join, managed_instance_ids};
pub use load::{
    CallCounts, DynSink, Gap, KeptRows, ListedAhead, LoadEvent, LoadFailure, LoadOptions,
    LoadReport, keep_last_known, list_ahead, load_fleet,
};
pub use regions::{
    RegionEvent, RegionEventKind, RegionOutcome, RegionReport, credentials_rejected,
    is_region_unavailable, load_regions,
};
pub use sort::{sort_rows, sorted_order};
pub use summary::{
    BarSegment, ClusterSummary, add_to_summaries, bar_svg, capacity_segments, health_segments,
    severity_fill, summarize,
};
pub use version::Version;
pub use view_state::{RegionScope, Sort, ViewState};

//! What the generated tables are made of: partitions and the regions in them. Their behaviour is
//! in `region.rs`; this module only gives the tables (`partitions.rs`) a shape to fill.

/// An AWS partition: a group of regions sharing a DNS suffix and an identity boundary.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Partition {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) dns_suffix: &'static str,
    /// botocore's `regionRegex`: the region codes the partition claims, known or not.
    pub(super) region_regex: &'static str,
}

/// A region the console offers, with its display name.
#[derive(Debug, PartialEq, Eq)]
pub struct RegionInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub partition: &'static Partition,
}

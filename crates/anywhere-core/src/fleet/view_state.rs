//! What the fleet table shows (cluster, facets, search, sort), and its form in the URL.

use std::collections::{BTreeMap, BTreeSet};

use super::columns::Column;
use crate::percent;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: &'static Column,
    pub descending: bool,
}

/// The regions the fleet covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RegionScope {
    /// The connection's region, as Settings (or the deployment) give it.
    #[default]
    Connection,
    /// Every region of the connection's partition.
    All,
    /// These region codes; empty reads as [`RegionScope::Connection`].
    Chosen(BTreeSet<String>),
}

impl RegionScope {
    /// `all`, or the chosen codes joined by commas; `None` for the connection's region.
    fn to_param(&self) -> Option<String> {
        match self {
            RegionScope::Connection => None,
            RegionScope::All => Some("all".to_owned()),
            RegionScope::Chosen(codes) => Some(
                codes
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
        }
    }

    fn from_param(value: &str) -> RegionScope {
        let codes: BTreeSet<String> = value
            .split(',')
            .map(str::trim)
            .filter(|code| !code.is_empty())
            .map(str::to_owned)
            .collect();
        if codes.contains("all") {
            RegionScope::All
        } else if codes.is_empty() {
            RegionScope::Connection
        } else {
            RegionScope::Chosen(codes)
        }
    }
}

/// What the fleet table shows; lives in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewState {
    /// Which regions are loaded.
    pub regions: RegionScope,
    /// `None` for all clusters.
    pub cluster: Option<String>,
    /// Selected values per facet column; a facet with no values selected does not filter.
    pub facets: BTreeMap<&'static Column, BTreeSet<String>>,
    /// Free text: every whitespace-separated word must occur, ignoring case, in a searched
    /// column (the managed instance id, hostname, IP address, a custom attribute or a tag).
    pub query: String,
    /// `None` keeps the load order.
    pub sort: Option<Sort>,
}

impl ViewState {
    /// Selects `value` in `facet`, or clears it if it was selected.
    pub fn toggle(&mut self, facet: &'static Column, value: &str) {
        let values = self.facets.entry(facet).or_default();
        if !values.remove(value) {
            values.insert(value.to_owned());
        }
        if values.is_empty() {
            self.facets.remove(facet);
        }
    }

    /// Whether `facet` has `value` selected.
    pub fn is_selected(&self, facet: &'static Column, value: &str) -> bool {
        self.facets
            .get(facet)
            .is_some_and(|values| values.contains(value))
    }

    /// `regions=eu-west-1,us-east-1&cluster=…&status=ACTIVE&status=DRAINING&q=…&sort=-cpu_used`,
    /// percent-encoded, one pair per selected facet value so values may hold any character.
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        let mut pair = |key: &str, value: &str| {
            if !out.is_empty() {
                out.push('&');
            }
            percent::encode_into(key, &mut out);
            out.push('=');
            percent::encode_into(value, &mut out);
        };
        if let Some(regions) = self.regions.to_param() {
            pair("regions", &regions);
        }
        if let Some(cluster) = &self.cluster {
            pair("cluster", cluster);
        }
        for (column, values) in &self.facets {
            let Some(facet) = column.facet else { continue };
            for value in values {
                pair(facet.key, value);
            }
        }
        if !self.query.is_empty() {
            pair("q", &self.query);
        }
        if let Some(sort) = self.sort {
            let sign = if sort.descending { "-" } else { "" };
            pair("sort", &format!("{sign}{}", sort.column.key));
        }
        out
    }

    /// Reads what [`ViewState::to_query_string`] wrote. Unknown keys and unknown sort columns are
    /// ignored, so an old or hand-edited link still opens a view.
    pub fn from_query_string(query: &str) -> ViewState {
        let mut state = ViewState::default();
        for (key, value) in percent::query_pairs(query) {
            match key.as_str() {
                "regions" => state.regions = RegionScope::from_param(&value),
                "cluster" => state.cluster = Some(value),
                "q" => state.query = value,
                "sort" => {
                    let (descending, name) = match value.strip_prefix('-') {
                        Some(name) => (true, name),
                        None => (false, value.as_str()),
                    };
                    if let Some(column) = Column::from_key(name) {
                        state.sort = Some(Sort { column, descending });
                    }
                }
                other => {
                    if let Some(column) = Column::from_facet_key(other) {
                        state.facets.entry(column).or_default().insert(value);
                    }
                }
            }
        }
        state
    }
}

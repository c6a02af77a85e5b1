//! The attribute names and values seen on the fleet, for suggesting `memberOf` expressions and for
//! the rule that warns about attributes no host has.

use std::collections::{BTreeMap, BTreeSet};

use crate::aws::ecs::ContainerInstance;
use crate::fields::is_agent_attribute;
use crate::rules::{FleetAttributes, quote_value};

/// Attribute name to the values hosts have for it (empty for value-less attributes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttributeCatalog {
    attributes: BTreeMap<String, BTreeSet<String>>,
    hosts: usize,
}

impl AttributeCatalog {
    /// Adds the attributes of some hosts.
    pub fn add_hosts(&mut self, hosts: &[ContainerInstance]) {
        for host in hosts {
            self.hosts += 1;
            for attribute in &host.attributes {
                let values = self.attributes.entry(attribute.name.clone()).or_default();
                if let Some(value) = &attribute.value {
                    values.insert(value.clone());
                }
            }
        }
    }

    /// How many hosts the catalogue was built from.
    pub fn host_count(&self) -> usize {
        self.hosts
    }

    /// Attribute names, custom ones (the ones people place by) before the agent's own.
    pub fn names(&self) -> Vec<&str> {
        let (builtin, custom): (Vec<&str>, Vec<&str>) = self
            .attributes
            .keys()
            .map(String::as_str)
            .partition(|name| is_agent_attribute(name));
        custom.into_iter().chain(builtin).collect()
    }

    /// The values seen for one attribute.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.attributes
            .get(name)
            .map(|values| values.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The names, as the rules take them.
    pub fn fleet_attributes(&self) -> FleetAttributes {
        self.attributes.keys().cloned().collect()
    }
}

/// A condition operator the builder offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClauseOperator {
    Equals,
    NotEquals,
    Exists,
}

impl ClauseOperator {
    pub const ALL: [ClauseOperator; 3] = [
        ClauseOperator::Equals,
        ClauseOperator::NotEquals,
        ClauseOperator::Exists,
    ];

    pub fn symbol(self) -> &'static str {
        match self {
            ClauseOperator::Equals => "==",
            ClauseOperator::NotEquals => "!=",
            ClauseOperator::Exists => "exists",
        }
    }

    pub fn from_symbol(symbol: &str) -> Option<ClauseOperator> {
        ClauseOperator::ALL
            .into_iter()
            .find(|op| op.symbol() == symbol)
    }
}

/// One condition, `attribute:NAME == VALUE` (no value for `exists`); a value that is not one word
/// (`Berlin Mitte`) is quoted.
pub fn clause(name: &str, operator: ClauseOperator, value: &str) -> String {
    match operator {
        ClauseOperator::Exists => format!("attribute:{} exists", name.trim()),
        _ => format!(
            "attribute:{} {} {}",
            name.trim(),
            operator.symbol(),
            quote_value(value.trim())
        ),
    }
}

/// `existing and clause`, or the clause alone when there is nothing yet.
pub fn and_clause(existing: &str, clause: &str) -> String {
    let existing = existing.trim();
    if existing.is_empty() {
        clause.to_string()
    } else {
        format!("{existing} and {clause}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ecs::Attribute;
    use crate::rules::parse_expression;

    fn host(attributes: &[(&str, Option<&str>)]) -> ContainerInstance {
        ContainerInstance {
            attributes: attributes
                .iter()
                .map(|(name, value)| Attribute {
                    name: name.to_string(),
                    value: value.map(str::to_string),
                    ..Attribute::default()
                })
                .collect(),
            ..ContainerInstance::default()
        }
    }

    #[test]
    fn collects_names_and_values_custom_first() {
        let mut catalog = AttributeCatalog::default();
        catalog.add_hosts(&[
            host(&[
                ("site", Some("munich")),
                ("ecs.os-type", Some("linux")),
                ("ecs.capability.external", None),
            ]),
            host(&[("site", Some("berlin")), ("tier", Some("edge"))]),
        ]);
        catalog.add_hosts(&[host(&[("site", Some("munich"))])]);
        assert_eq!(catalog.host_count(), 3);
        assert_eq!(
            catalog.names(),
            ["site", "tier", "ecs.capability.external", "ecs.os-type"]
        );
        assert_eq!(catalog.values("site"), ["berlin", "munich"]);
        assert!(catalog.values("ecs.capability.external").is_empty());
        assert!(catalog.values("missing").is_empty());
        assert!(catalog.fleet_attributes().contains("tier"));
    }

    #[test]
    fn clauses_parse_and_join_with_and() {
        let first = clause("site", ClauseOperator::Equals, " munich ");
        assert_eq!(first, "attribute:site == munich");
        let both = and_clause(&first, &clause("gpu", ClauseOperator::Exists, "ignored"));
        assert_eq!(both, "attribute:site == munich and attribute:gpu exists");
        assert!(parse_expression(&both).is_ok());
        assert_eq!(and_clause("  ", "x"), "x");
        let spaced = clause("site", ClauseOperator::NotEquals, "Berlin Mitte");
        assert_eq!(spaced, "attribute:site != 'Berlin Mitte'");
        assert!(parse_expression(&spaced).is_ok());
        assert_eq!(
            ClauseOperator::from_symbol("!="),
            Some(ClauseOperator::NotEquals)
        );
        assert_eq!(ClauseOperator::from_symbol("~"), None);
    }
}

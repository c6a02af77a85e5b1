//! A rule violation found in a document, pointing at the JSON path that caused it.

use std::cmp::Ordering;

use serde::Serialize;

use crate::sort::sort_by;

use super::catalog::{Rule, Severity};

/// One violation: which rule, where (a JSON path such as `containerDefinitions[0].resourceRequirements[1]`;
/// empty for the whole document), and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub rule_id: &'static str,
    pub severity: Severity,
    pub path: String,
    pub message: String,
    pub reason: &'static str,
    pub source: &'static str,
}

impl Finding {
    pub(crate) fn new(rule: &Rule, path: String) -> Finding {
        Finding {
            rule_id: rule.id,
            severity: rule.severity,
            path,
            message: rule.message.to_string(),
            reason: rule.reason,
            source: rule.source,
        }
    }

    /// Adds what was found (a value, a parse error) to the rule's message.
    pub(crate) fn detail(mut self, detail: impl AsRef<str>) -> Finding {
        self.message = format!("{}: {}", self.message, detail.as_ref());
        self
    }
}

/// Errors first, then by path in document order (`[2]` before `[10]`), then by rule.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    sort_by(findings, |a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| compare_paths(&a.path, &b.path))
            .then_with(|| a.rule_id.cmp(b.rule_id))
    });
}

/// Compares strings with runs of digits compared as numbers, so array indices sort naturally.
fn compare_paths(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (na, rest_a) = split_digits(a);
                let (nb, rest_b) = split_digits(b);
                let by_number = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if by_number != Ordering::Equal {
                    return by_number;
                }
                a = rest_a;
                b = rest_b;
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                a = &a[x.len_utf8()..];
                b = &b[y.len_utf8()..];
            }
        }
    }
}

/// Splits off the leading digits, without leading zeros so that `007` and `7` compare as numbers.
fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, rest) = s.split_at(end);
    (digits.trim_start_matches('0'), rest)
}

/// Appends an object key to a JSON path.
pub(crate) fn key_path(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// Appends an array index to a JSON path.
pub(crate) fn index_path(base: &str, index: usize) -> String {
    format!("{base}[{index}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_sort_as_numbers() {
        assert_eq!(compare_paths("a[2]", "a[10]"), Ordering::Less);
        assert_eq!(compare_paths("a[10].b", "a[9].b"), Ordering::Greater);
        assert_eq!(compare_paths("a[1]", "a[1]"), Ordering::Equal);
        assert_eq!(compare_paths("a", "a[0]"), Ordering::Less);
        assert_eq!(compare_paths("family", "cpu"), Ordering::Greater);
    }

    #[test]
    fn paths_join_keys_and_indices() {
        let containers = key_path("", "containerDefinitions");
        let first = index_path(&containers, 0);
        assert_eq!(key_path(&first, "image"), "containerDefinitions[0].image");
        assert_eq!(
            key_path("taskDefinition", "networkMode"),
            "taskDefinition.networkMode"
        );
    }
}

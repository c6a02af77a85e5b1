//! What a form field shows for a JSON value, and the JSON value a form field's text stands for.
//!
//! An empty field always means "leave the key out", so clearing a field removes it from the JSON.

use serde_json::{Map, Value};

/// The text of a scalar field: strings as they are, numbers and booleans written out, anything
/// else (a list or object where a scalar belongs) as compact JSON so nothing is hidden.
pub fn text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// A string field's value: `None` for an empty field.
pub fn string_value(text: &str) -> Option<Value> {
    (!text.trim().is_empty()).then(|| Value::String(text.to_string()))
}

/// An integer field's value: a number when the text is one, else the text itself, so the JSON
/// shows exactly what was typed and the API's own check names the problem.
pub fn integer_value(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(match trimmed.parse::<i64>() {
        Ok(number) => Value::from(number),
        Err(_) => Value::String(trimmed.to_string()),
    })
}

/// A list of strings shown one per line (command, entry point, health-check command).
pub fn lines(value: Option<&Value>) -> String {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| text(Some(item)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => text(other),
    }
}

/// The list a one-per-line field stands for; blank lines are dropped, `None` when nothing is left.
pub fn lines_value(text: &str) -> Option<Value> {
    let items: Vec<Value> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| Value::String(line.to_string()))
        .collect();
    (!items.is_empty()).then_some(Value::Array(items))
}

/// An object of string values shown as `key=value` lines (log driver options).
pub fn key_value_lines(value: Option<&Value>) -> String {
    match value {
        Some(Value::Object(fields)) => fields
            .iter()
            .map(|(key, value)| format!("{key}={}", text(Some(value))))
            .collect::<Vec<_>>()
            .join("\n"),
        other => text(other),
    }
}

/// The object `key=value` lines stand for; a line without `=` is a key with an empty value.
pub fn key_value_lines_value(text: &str) -> Option<Value> {
    let fields: Map<String, Value> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (key, value) = line.split_once('=').unwrap_or((line, ""));
            (
                key.trim().to_string(),
                Value::String(value.trim().to_string()),
            )
        })
        .collect();
    (!fields.is_empty()).then_some(Value::Object(fields))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_show_as_text_and_empty_means_absent() {
        assert_eq!(text(None), "");
        assert_eq!(text(Some(&json!("bridge"))), "bridge");
        assert_eq!(text(Some(&json!(512))), "512");
        assert_eq!(text(Some(&json!(["a"]))), "[\"a\"]");
        assert_eq!(string_value("  "), None);
        assert_eq!(string_value("web"), Some(json!("web")));
    }

    #[test]
    fn integers_parse_and_anything_else_is_kept_as_typed() {
        assert_eq!(integer_value(" 256 "), Some(json!(256)));
        assert_eq!(integer_value(""), None);
        assert_eq!(integer_value("2 GB"), Some(json!("2 GB")));
    }

    #[test]
    fn lists_round_trip_through_lines() {
        let command = json!(["sh", "-c", "echo hello, world"]);
        let shown = lines(Some(&command));
        assert_eq!(shown, "sh\n-c\necho hello, world");
        assert_eq!(lines_value(&shown), Some(command));
        assert_eq!(lines_value("\n \n"), None);
        assert_eq!(lines_value("a\n\nb\n"), Some(json!(["a", "b"])));
    }

    #[test]
    fn options_round_trip_through_key_value_lines() {
        let options = json!({"awslogs-group": "/ecs/web", "mode": "non-blocking"});
        let shown = key_value_lines(Some(&options));
        assert_eq!(shown, "awslogs-group=/ecs/web\nmode=non-blocking");
        assert_eq!(key_value_lines_value(&shown), Some(options));
        assert_eq!(
            key_value_lines_value("tag=a=b\nflag"),
            Some(json!({"tag": "a=b", "flag": ""}))
        );
        assert_eq!(key_value_lines_value(""), None);
    }
}

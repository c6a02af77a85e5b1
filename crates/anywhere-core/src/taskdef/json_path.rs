//! Reading and writing one field of a JSON document by its path (`containerDefinitions[0].image`).
//!
//! The builder's form is a view of the JSON document, not a second model: every form field reads
//! and writes the document at its path, so fields the form does not show survive every edit, and
//! a rule finding's path names the very form field it marks.

use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Splits `a.b[2].c` into steps. A malformed index is read as a key, so any text is a path.
fn steps(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|part| !part.is_empty()) {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            steps.push(Step::Key(key.to_string()));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let Some((index, after)) = inner.split_once(']') else {
                steps.push(Step::Key(rest.to_string()));
                break;
            };
            match index.parse() {
                Ok(index) => steps.push(Step::Index(index)),
                Err(_) => steps.push(Step::Key(format!("[{index}]"))),
            }
            rest = after;
        }
    }
    steps
}

/// The value at `path`, if the document has one there.
pub fn get<'a>(document: &'a Value, path: &str) -> Option<&'a Value> {
    steps(path)
        .iter()
        .try_fold(document, |value, step| match step {
            Step::Key(key) => value.get(key),
            Step::Index(index) => value.get(index),
        })
}

/// Where `path` is written in the JSON `text`: the 1-based line of its key (or of the array
/// element), for the editor to mark the line of a finding. A path the text does not hold (a
/// required field left out) gives the line of its deepest part that is there, the document's
/// first line at least. `text` is read as far as it goes, so text that is not valid JSON still
/// gives the lines before the fault.
pub fn line_of(text: &str, path: &str) -> usize {
    enum Frame {
        Object {
            key: Option<String>,
            expects_key: bool,
        },
        Array {
            index: usize,
            expects_element: bool,
        },
    }
    let target = steps(path);
    let here = |stack: &[Frame]| -> Vec<Step> {
        stack
            .iter()
            .filter_map(|frame| match frame {
                Frame::Object { key, .. } => key.clone().map(Step::Key),
                Frame::Array { index, .. } => Some(Step::Index(*index)),
            })
            .collect()
    };
    let (mut stack, mut line, mut best) = (Vec::<Frame>::new(), 1, (0, 1));
    let mut chars = text.chars().peekable();
    // The path now reached starts on `line`: keep it when it is the deepest prefix of the target.
    let mut reached = |stack: &[Frame], line: usize| -> bool {
        let now = here(stack);
        if now.len() > best.0 && target.starts_with(&now) {
            best = (now.len(), line);
        }
        now == target
    };
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        // An array element starts at its first character.
        if let Some(Frame::Array {
            expects_element, ..
        }) = stack.last_mut()
            && *expects_element
            && c != ']'
        {
            *expects_element = false;
            if reached(&stack, line) {
                return line;
            }
        }
        match c {
            '"' => {
                let mut raw = String::from('"');
                while let Some(next) = chars.next() {
                    raw.push(next);
                    match next {
                        '\\' => raw.extend(chars.next()),
                        '"' => break,
                        '\n' => line += 1,
                        _ => {}
                    }
                }
                if let Some(Frame::Object { key, expects_key }) = stack.last_mut()
                    && *expects_key
                {
                    *expects_key = false;
                    *key = Some(serde_json::from_str(&raw).unwrap_or_default());
                    if reached(&stack, line) {
                        return line;
                    }
                }
            }
            '{' => stack.push(Frame::Object {
                key: None,
                expects_key: true,
            }),
            '[' => stack.push(Frame::Array {
                index: 0,
                expects_element: true,
            }),
            '}' | ']' => {
                stack.pop();
            }
            ',' => match stack.last_mut() {
                Some(Frame::Object { expects_key, .. }) => *expects_key = true,
                Some(Frame::Array {
                    index,
                    expects_element,
                }) => {
                    *index += 1;
                    *expects_element = true;
                }
                None => {}
            },
            _ => {}
        }
    }
    best.1
}

/// The number of elements of the array at `path` (0 when there is none).
pub fn len(document: &Value, path: &str) -> usize {
    get(document, path)
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

/// Sets the value at `path`, creating the objects and array slots on the way; `None` removes the
/// field, and an object left empty by the removal goes too, so clearing a form field leaves no
/// `"healthCheck": {}` behind. A path that runs through a value of another type replaces that value.
pub fn set(document: &mut Value, path: &str, value: Option<Value>) {
    let steps = steps(path);
    match value {
        Some(value) => *slot(document, &steps) = value,
        None => remove(document, &steps),
    }
}

/// Appends `item` to the array at `path`, creating it when absent.
pub fn push(document: &mut Value, path: &str, item: Value) {
    let target = slot(document, &steps(path));
    match target {
        Value::Array(items) => items.push(item),
        other => *other = Value::Array(vec![item]),
    }
}

/// Removes element `index` of the array at `path`; the array itself goes when it is left empty.
pub fn remove_element(document: &mut Value, path: &str, index: usize) {
    let steps = steps(path);
    let emptied = match get_mut(document, &steps) {
        Some(Value::Array(items)) if index < items.len() => {
            items.remove(index);
            items.is_empty()
        }
        _ => false,
    };
    if emptied {
        remove(document, &steps);
    }
}

/// Whether a finding at `finding_path` is about the field at `field_path` or something inside it.
pub fn concerns(finding_path: &str, field_path: &str) -> bool {
    match finding_path.strip_prefix(field_path) {
        Some(rest) => rest.is_empty() || rest.starts_with('.') || rest.starts_with('['),
        None => false,
    }
}

fn slot<'a>(document: &'a mut Value, steps: &[Step]) -> &'a mut Value {
    let mut current = document;
    for step in steps {
        current = match step {
            Step::Key(key) => {
                if !current.is_object() {
                    *current = Value::Object(Map::new());
                }
                match current {
                    Value::Object(fields) => fields.entry(key.clone()).or_insert(Value::Null),
                    _ => unreachable!("made an object above"),
                }
            }
            Step::Index(index) => {
                if !current.is_array() {
                    *current = Value::Array(Vec::new());
                }
                match current {
                    Value::Array(items) => {
                        if items.len() <= *index {
                            items.resize(index + 1, Value::Object(Map::new()));
                        }
                        &mut items[*index]
                    }
                    _ => unreachable!("made an array above"),
                }
            }
        };
    }
    current
}

fn get_mut<'a>(document: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    steps.iter().try_fold(document, |value, step| match step {
        Step::Key(key) => value.get_mut(key),
        Step::Index(index) => value.get_mut(index),
    })
}

fn remove(document: &mut Value, steps: &[Step]) {
    let Some((Step::Key(key), parent_steps)) = steps.split_last() else {
        return;
    };
    let emptied = match get_mut(document, parent_steps) {
        Some(Value::Object(fields)) => {
            fields.remove(key);
            fields.is_empty()
        }
        _ => false,
    };
    // Only objects held under a key are pruned: an empty element of an array (a new container,
    // a new port mapping) is a row the user added and stays.
    if emptied && matches!(parent_steps.last(), Some(Step::Key(_))) {
        remove(document, parent_steps);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_split_into_keys_and_indices() {
        assert_eq!(
            steps("containerDefinitions[0].portMappings[12].hostPort"),
            vec![
                Step::Key("containerDefinitions".into()),
                Step::Index(0),
                Step::Key("portMappings".into()),
                Step::Index(12),
                Step::Key("hostPort".into()),
            ]
        );
        assert_eq!(
            steps("a[x]"),
            vec![Step::Key("a".into()), Step::Key("[x]".into())]
        );
        assert_eq!(
            steps("a[1"),
            vec![Step::Key("a".into()), Step::Key("[1".into())]
        );
        assert_eq!(steps(""), vec![]);
    }

    #[test]
    fn get_follows_keys_and_indices() {
        let document = json!({"containerDefinitions": [{"name": "web"}, {"name": "log"}]});
        assert_eq!(
            get(&document, "containerDefinitions[1].name"),
            Some(&json!("log"))
        );
        assert_eq!(get(&document, "containerDefinitions[2].name"), None);
        assert_eq!(get(&document, "family"), None);
        assert_eq!(len(&document, "containerDefinitions"), 2);
        assert_eq!(len(&document, "volumes"), 0);
    }

    #[test]
    fn set_creates_what_is_missing_and_keeps_the_rest() {
        let mut document = json!({"family": "web", "ipcMode": "host"});
        set(
            &mut document,
            "containerDefinitions[0].healthCheck.retries",
            Some(json!(3)),
        );
        assert_eq!(
            document,
            json!({"family": "web", "ipcMode": "host",
                   "containerDefinitions": [{"healthCheck": {"retries": 3}}]})
        );
        set(&mut document, "family", Some(json!("api")));
        assert_eq!(document["family"], "api");
    }

    #[test]
    fn removing_the_last_field_prunes_empty_objects_but_not_rows() {
        let mut document = json!({"containerDefinitions": [{"healthCheck": {"retries": 3}}]});
        set(
            &mut document,
            "containerDefinitions[0].healthCheck.retries",
            None,
        );
        assert_eq!(document, json!({"containerDefinitions": [{}]}));
        set(&mut document, "missing.deeper", None);
        assert_eq!(document, json!({"containerDefinitions": [{}]}));
    }

    #[test]
    fn push_and_remove_elements() {
        let mut document = json!({});
        push(&mut document, "volumes", json!({"name": "data"}));
        push(&mut document, "volumes", json!({"name": "logs"}));
        assert_eq!(len(&document, "volumes"), 2);
        remove_element(&mut document, "volumes", 0);
        assert_eq!(document, json!({"volumes": [{"name": "logs"}]}));
        remove_element(&mut document, "volumes", 5);
        remove_element(&mut document, "volumes", 0);
        assert_eq!(document, json!({}));
    }

    #[test]
    fn a_path_through_a_scalar_replaces_it() {
        let mut document = json!({"containerDefinitions": "oops"});
        set(
            &mut document,
            "containerDefinitions[0].name",
            Some(json!("web")),
        );
        assert_eq!(document, json!({"containerDefinitions": [{"name": "web"}]}));
        let mut scalar = json!(7);
        set(&mut scalar, "family", Some(json!("web")));
        assert_eq!(scalar, json!({"family": "web"}));
    }

    #[test]
    fn findings_concern_their_field_and_what_is_inside() {
        assert!(concerns("networkMode", "networkMode"));
        assert!(concerns(
            "containerDefinitions[0].memory",
            "containerDefinitions[0]"
        ));
        assert!(concerns(
            "containerDefinitions[0].portMappings[1].hostPort",
            "containerDefinitions[0].portMappings[1]"
        ));
        assert!(!concerns(
            "containerDefinitions[10].memory",
            "containerDefinitions[1]"
        ));
        assert!(!concerns("networkModeX", "networkMode"));
    }

    proptest::proptest! {
        #[test]
        fn any_path_on_any_document_never_panics(path in "[a-z\\[\\]0-9.]{0,24}", remove in proptest::bool::ANY) {
            let mut document = json!({"a": [1, {"b": "c"}], "d": {"e": null}});
            let _ = get(&document, &path);
            let _ = len(&document, &path);
            set(&mut document, &path, (!remove).then(|| json!("x")));
            push(&mut document, &path, json!(1));
            remove_element(&mut document, &path, 0);
        }
    }

    #[test]
    fn line_of_finds_keys_and_elements_where_they_are_written() {
        let text = r#"{
  "family": "web",
  "networkMode": "awsvpc",
  "containerDefinitions": [
    { "name": "a", "image": "x" },
    {
      "name": "b,\"[{",
      "portMappings": [ { "containerPort": 80 } ]
    }
  ]
}"#;
        assert_eq!(line_of(text, "networkMode"), 3);
        assert_eq!(line_of(text, "containerDefinitions"), 4);
        assert_eq!(line_of(text, "containerDefinitions[0].image"), 5);
        assert_eq!(line_of(text, "containerDefinitions[1]"), 6);
        // A string holding JSON punctuation and an escaped quote does not confuse the count.
        assert_eq!(
            line_of(
                text,
                "containerDefinitions[1].portMappings[0].containerPort"
            ),
            8
        );
        // Absent: the deepest part that is there.
        assert_eq!(line_of(text, "containerDefinitions[1].healthCheck"), 6);
        assert_eq!(line_of(text, "requiresCompatibilities"), 1);
    }

    #[test]
    fn line_of_reads_text_that_is_not_json_as_far_as_it_goes() {
        let text = "{\n  \"family\": \"web\",\n  \"cpu\": 256,\n  \"memory\":";
        assert_eq!(line_of(text, "cpu"), 3);
        assert_eq!(line_of(text, "memory"), 4);
        assert_eq!(line_of("", "family"), 1);
    }
}

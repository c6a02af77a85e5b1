//! Reading pasted or uploaded JSON, with errors that say where the text went wrong.

use serde_json::Value;
use thiserror::Error;

/// JSON text that could not be read, with the 1-based line and column where reading stopped.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("line {line}, column {column}: {message}")]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses JSON text into a value. A leading byte-order mark, which some Windows editors write, is ignored.
pub fn parse_json(text: &str) -> Result<Value, JsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|error| {
        let (line, column) = (error.line(), error.column());
        let full = error.to_string();
        // serde_json appends the position to its message; ours puts it first, so drop the tail.
        let tail = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&tail).unwrap_or(&full).to_string();
        JsonError {
            line: line.max(1),
            column: column.max(1),
            message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_line_and_column_first() {
        let error = parse_json("{\n  \"family\": \"a\"\n  \"cpu\": 1\n}").unwrap_err();
        assert_eq!(error.line, 3);
        assert_eq!(error.column, 3);
        assert_eq!(error.to_string(), "line 3, column 3: expected `,` or `}`");
    }

    #[test]
    fn empty_text_is_an_error_on_line_one() {
        let error = parse_json("").unwrap_err();
        assert_eq!((error.line, error.column), (1, 1));
        assert!(error.message.contains("EOF"), "{}", error.message);
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let value = parse_json("\u{feff}{\"family\": \"web\"}").unwrap();
        assert_eq!(value["family"], "web");
    }
}

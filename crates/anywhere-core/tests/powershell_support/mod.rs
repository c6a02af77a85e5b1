//! A reader of PowerShell verbatim strings and of the statements the console's Windows command is
//! made of, by the language's rules (there is no PowerShell here to run): a literal opens with a
//! single quote, ends at a single quote not followed by another, and a pair of single quotes stands
//! for the second one. "Single quote" means any of `'` U+2018 U+2019 U+201A U+201B. Nothing else in
//! the literal is special. Shared by the quoting tests and `examples/read_powershell.rs`, which the
//! Windows install journey runs on the command it copies from the page.

#![allow(dead_code)]

use serde::Serialize;

pub fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// `"` and its typographic forms open an expandable string, where `$` and backticks are live.
pub fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

/// Reads one verbatim string literal from the start of `text`, as PowerShell's tokenizer does.
/// Returns the string's value and the rest of the text after the closing quote.
pub fn read_literal(text: &str) -> Result<(String, &str), String> {
    let mut chars = text.char_indices().peekable();
    match chars.next() {
        Some((_, c)) if is_single_quote(c) => {}
        _ => return Err(format!("{text:?} does not open with a single quote")),
    }
    let mut value = String::new();
    while let Some((at, c)) = chars.next() {
        if !is_single_quote(c) {
            value.push(c);
            continue;
        }
        match chars.peek() {
            Some(&(_, next)) if is_single_quote(next) => {
                value.push(next);
                chars.next();
            }
            _ => return Ok((value, &text[at + c.len_utf8()..])),
        }
    }
    Err(format!("{text:?} is never closed"))
}

/// The whole text must be exactly one literal.
pub fn unquote(text: &str) -> Result<String, String> {
    let (value, rest) = read_literal(text)?;
    if rest.is_empty() {
        Ok(value)
    } else {
        Err(format!("text after the closing quote: {rest:?}"))
    }
}

/// Splits `-Name 'value' -Name 'value'` into pairs, reading each value as a literal.
pub fn parameters(mut text: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    while !text.is_empty() {
        let rest = text.strip_prefix(' ').unwrap_or(text);
        let name_end = rest.find(' ').ok_or("parameter without a value")?;
        let (name, after) = rest.split_at(name_end);
        let (value, after) = read_literal(&after[1..])?;
        pairs.push((name.to_owned(), value));
        text = after;
    }
    Ok(pairs)
}

/// One token of a statement: bare text (names, operators, punctuation) or a literal's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "lowercase")]
pub enum Token {
    Bare(String),
    Literal(String),
}

/// Splits a command into statements at `;` and newlines outside literals, and each statement into
/// bare words (split at white space, `(`, `)` and `,`) and literals. An expandable (double-quoted)
/// string, a here-string or a backtick escape is refused: the console's commands have none, and
/// inside them `$` and backticks would be live.
pub fn statements(command: &str) -> Result<Vec<Vec<Token>>, String> {
    let mut statements = Vec::new();
    let mut current = Vec::new();
    let mut word = String::new();
    let mut rest = command;
    let flush = |word: &mut String, current: &mut Vec<Token>| {
        if !word.is_empty() {
            current.push(Token::Bare(std::mem::take(word)));
        }
    };
    while let Some(c) = rest.chars().next() {
        if is_single_quote(c) {
            flush(&mut word, &mut current);
            let (value, after) = read_literal(rest)?;
            current.push(Token::Literal(value));
            rest = after;
            continue;
        }
        if is_double_quote(c) || c == '`' || c == '@' {
            return Err(format!("{c:?} would start an expansion at {rest:?}"));
        }
        rest = &rest[c.len_utf8()..];
        match c {
            ';' | '\n' | '\r' => {
                flush(&mut word, &mut current);
                if !current.is_empty() {
                    statements.push(std::mem::take(&mut current));
                }
            }
            '(' | ')' | ',' => {
                flush(&mut word, &mut current);
                current.push(Token::Bare(c.to_string()));
            }
            c if c.is_whitespace() => flush(&mut word, &mut current),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut current);
    if !current.is_empty() {
        statements.push(current);
    }
    Ok(statements)
}

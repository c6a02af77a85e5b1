//! PowerShell quoting checked against the language's rules for verbatim strings (there is no
//! PowerShell here to run): a literal opens with a single quote, ends at a single quote not followed
//! by another, and a pair of single quotes stands for the second one. "Single quote" means any of
//! `'` U+2018 U+2019 U+201A U+201B. Nothing else in the literal is special.

use anywhere_core::install::validate::{
    ActivationCode, ActivationId, Attribute, ClusterName, InstallRegion, RegistrationMetadata, Tag,
};
use anywhere_core::install::windows::{WindowsInstall, powershell_quote, windows_plan};
use proptest::prelude::*;

fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// Reads one verbatim string literal from the start of `text`, as PowerShell's tokenizer does.
/// Returns the string's value and the rest of the text after the closing quote.
fn read_literal(text: &str) -> Result<(String, &str), String> {
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
fn unquote(text: &str) -> Result<String, String> {
    let (value, rest) = read_literal(text)?;
    if rest.is_empty() {
        Ok(value)
    } else {
        Err(format!("text after the closing quote: {rest:?}"))
    }
}

/// Splits `-Name 'value' -Name 'value'` into pairs, reading each value as a literal.
fn parameters(mut text: &str) -> Result<Vec<(String, String)>, String> {
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

fn quote_heavy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("'".to_owned()),
        Just("\u{2018}".to_owned()),
        Just("\u{2019}".to_owned()),
        Just("\u{201A}".to_owned()),
        Just("\u{201B}".to_owned()),
        Just("\"".to_owned()),
        Just("$env:PATH".to_owned()),
        Just("`n".to_owned()),
        Just("$(Remove-Item C:\\)".to_owned()),
        Just("\r\n".to_owned()),
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn quoted_text_reads_back_as_the_input(value in quote_heavy()) {
        let quoted = powershell_quote(&value);
        prop_assert!(quoted.starts_with('\'') && quoted.ends_with('\''));
        prop_assert_eq!(unquote(&quoted), Ok(value));
    }

    /// Inside the literal every single-quote character comes in a pair, so none can end it early.
    #[test]
    fn every_single_quote_is_doubled(value in quote_heavy()) {
        let quoted = powershell_quote(&value);
        let inner: Vec<char> = quoted.chars().skip(1).collect();
        let inner = &inner[..inner.len() - 1];
        let mut i = 0;
        while i < inner.len() {
            if is_single_quote(inner[i]) {
                prop_assert!(i + 1 < inner.len() && inner[i + 1] == inner[i], "lone quote in {:?}", quoted);
                i += 2;
            } else {
                i += 1;
            }
        }
        let quotes_in = value.chars().filter(|&c| is_single_quote(c)).count();
        let quotes_out = inner.iter().filter(|&&c| is_single_quote(c)).count();
        prop_assert_eq!(quotes_out, 2 * quotes_in);
    }

    /// Activation codes may hold a `'`; the run line must still give each parameter its own value.
    #[test]
    fn the_run_line_passes_each_value_intact(code in "[!-~]{20,60}", cluster in "[a-zA-Z0-9_-]{1,20}") {
        prop_assume!(!code.starts_with("--") && !cluster.starts_with("--"));
        let install = WindowsInstall::new(
            InstallRegion::parse("eu-central-1").unwrap(),
            ClusterName::parse(&cluster).unwrap(),
            ActivationId::parse("0a1b2c3d-4e5f-6789-abcd-ef0123456789").unwrap(),
            ActivationCode::parse(&code).unwrap(),
        );
        let plan = windows_plan(&install).unwrap();
        let run = plan.lines.last().unwrap();
        let arguments = run.strip_prefix(".\\ecs-anywhere-install.ps1").unwrap();
        let expected: Vec<(String, String)> = [
            ("-Region", "eu-central-1"),
            ("-Cluster", cluster.as_str()),
            ("-ActivationID", "0a1b2c3d-4e5f-6789-abcd-ef0123456789"),
            ("-ActivationCode", code.as_str()),
        ]
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
        prop_assert_eq!(parameters(arguments), Ok(expected));
    }
}

#[test]
fn the_reference_reader_follows_the_rules() {
    assert_eq!(unquote("'it''s'"), Ok("it's".to_owned()));
    assert_eq!(unquote("'a\u{2019}\u{2019}b'"), Ok("a\u{2019}b".to_owned()));
    assert_eq!(unquote("\u{2018}mixed'"), Ok("mixed".to_owned()));
    assert!(unquote("'a'b'").is_err());
    assert!(unquote("'open").is_err());
}

#[test]
fn agent_settings_are_single_literals_holding_the_json() {
    let mut install = WindowsInstall::new(
        InstallRegion::parse("eu-central-1").unwrap(),
        ClusterName::parse("c").unwrap(),
        ActivationId::parse("0a1b2c3d-4e5f-6789-abcd-ef0123456789").unwrap(),
        ActivationCode::parse("AbCdEfGhIjKlMnOpQrSt").unwrap(),
    );
    install.metadata = RegistrationMetadata::new(
        vec![Attribute::parse("zone", "a\\b c").unwrap()],
        vec![Tag::parse("équipe", "x = y").unwrap()],
    )
    .unwrap();
    let plan = windows_plan(&install).unwrap();
    let values: Vec<(String, String)> = plan
        .lines
        .iter()
        .filter_map(|line| line.strip_prefix("[Environment]::SetEnvironmentVariable("))
        .map(|args| {
            let (name, rest) = read_literal(args).unwrap();
            let (value, rest) = read_literal(rest.strip_prefix(", ").unwrap()).unwrap();
            assert_eq!(rest, ", [System.EnvironmentVariableTarget]::Machine)");
            (name, value)
        })
        .collect();
    assert_eq!(
        values,
        [
            (
                "ECS_INSTANCE_ATTRIBUTES".to_owned(),
                r#"{"zone":"a\\b c"}"#.to_owned()
            ),
            (
                "ECS_CONTAINER_INSTANCE_TAGS".to_owned(),
                r#"{"équipe":"x = y"}"#.to_owned()
            ),
        ]
    );
    let download = plan
        .lines
        .iter()
        .position(|l| l.starts_with("Invoke-RestMethod"))
        .unwrap();
    assert_eq!(download, 3, "settings come before the download and run");
}

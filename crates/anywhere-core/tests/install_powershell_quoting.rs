//! PowerShell quoting checked against the language's rules for verbatim strings, read back by the
//! reader in `powershell_support` (there is no PowerShell here to run).

mod powershell_support;

use anywhere_core::fields::{
    ActivationCode, ActivationId, Attribute, ClusterName, RegistrationMetadata, Tag,
};
use anywhere_core::install::options::InstallRegion;
use anywhere_core::install::windows::{WindowsInstall, powershell_quote, windows_plan};
use powershell_support::{Token, is_single_quote, parameters, read_literal, statements, unquote};
use proptest::prelude::*;

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
    assert_eq!(
        statements("$a = 'x; y'; f -P 'it''s'"),
        Ok(vec![
            vec![
                Token::Bare("$a".into()),
                Token::Bare("=".into()),
                Token::Literal("x; y".into())
            ],
            vec![
                Token::Bare("f".into()),
                Token::Bare("-P".into()),
                Token::Literal("it's".into())
            ],
        ])
    );
    assert!(statements("f \"$env:PATH\"").is_err());
    assert!(statements("f `n").is_err());
}

#[test]
fn the_whole_command_reads_as_its_lines() {
    let install = WindowsInstall::new(
        InstallRegion::parse("eu-central-1").unwrap(),
        ClusterName::parse("edge").unwrap(),
        ActivationId::parse("0a1b2c3d-4e5f-6789-abcd-ef0123456789").unwrap(),
        ActivationCode::parse("Ab'Cd;EfGhIjKlMnOpQrSt").unwrap(),
    );
    let plan = windows_plan(&install).unwrap();
    let whole = statements(&plan.command).unwrap();
    let by_line: Vec<Vec<Token>> = plan
        .lines
        .iter()
        .flat_map(|line| statements(line).unwrap())
        .collect();
    assert_eq!(whole, by_line);
    assert_eq!(whole.len(), plan.lines.len());
    assert_eq!(
        whole.last().unwrap().last(),
        Some(&Token::Literal("Ab'Cd;EfGhIjKlMnOpQrSt".to_owned()))
    );
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

/// The signer check reads, by the language's rules, as a comparison with exactly the expected
/// signer (whatever quotes its name holds) and a throw, and sits between download and run.
#[test]
fn the_signer_check_compares_the_exact_name_before_the_script_runs() {
    for signer in [
        "Amazon Web Services, Inc.",
        "O'Brien \u{2019}Signing\u{2018} Ltd",
    ] {
        let mut install = WindowsInstall::new(
            InstallRegion::parse("eu-central-1").unwrap(),
            ClusterName::parse("c").unwrap(),
            ActivationId::parse("0a1b2c3d-4e5f-6789-abcd-ef0123456789").unwrap(),
            ActivationCode::parse("AbCdEfGhIjKlMnOpQrSt").unwrap(),
        );
        install.verify_signature = true;
        install.signer = signer.to_owned();
        let plan = windows_plan(&install).unwrap();
        let position = |prefix: &str| {
            plan.lines
                .iter()
                .position(|l| l.starts_with(prefix))
                .unwrap()
        };
        let download = position("Invoke-RestMethod");
        let read = position(
            "$signature = Get-AuthenticodeSignature -FilePath .\\ecs-anywhere-install.ps1",
        );
        let check = position("if ($signature.Status -ne 'Valid' -or ");
        let run = position(".\\ecs-anywhere-install.ps1 ");
        assert!(
            download < read && read < check && check < run,
            "{:?}",
            plan.lines
        );
        let compared = plan.lines[check]
            .strip_prefix("if ($signature.Status -ne 'Valid' -or $signature.SignerCertificate.GetNameInfo([System.Security.Cryptography.X509Certificates.X509NameType]::SimpleName, $false) -cne ")
            .unwrap();
        let (name, rest) = read_literal(compared).unwrap();
        assert_eq!(name, signer);
        let thrown = rest.strip_prefix(") { throw ").unwrap();
        let (message, rest) = read_literal(thrown).unwrap();
        assert_eq!(rest, " }");
        assert_eq!(
            message,
            format!("The install script is not signed by {signer}; do not run it.")
        );
    }
}

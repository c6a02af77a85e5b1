//! `anywhere lint`: the console's EXTERNAL rules over JSON files, for CI pipelines.

use std::io::Read;
use std::process::ExitCode;

use anywhere_core::rules::{
    Finding, Severity, lint_create_service, lint_run_task, lint_task_definition, parse_json,
};
use serde_json::{Value, json};

pub const USAGE: &str = "\
Usage: anywhere lint FILE... [--format text|json] [--kind taskdef|run-task|service]

Checks task definitions, RunTask and CreateService requests (the --cli-input-json shapes, or the
output of describe-task-definition) against what ECS Anywhere external instances support.
FILE may be `-` for standard input.

Options:
  --format text|json   text (default): one line per finding; json: one document for all files
  --kind KIND          what the files hold; by default guessed per file:
                         containerDefinitions            -> taskdef
                         serviceName                     -> service
                         taskDefinition as a string      -> run-task
  -h, --help           show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 unreadable input or bad usage.
";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    TaskDefinition,
    RunTask,
    Service,
}

impl Kind {
    fn parse(text: &str) -> Option<Kind> {
        match text {
            "taskdef" => Some(Kind::TaskDefinition),
            "run-task" => Some(Kind::RunTask),
            "service" => Some(Kind::Service),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::TaskDefinition => "taskdef",
            Kind::RunTask => "run-task",
            Kind::Service => "service",
        }
    }

    /// Guesses what a document is from the fields only that kind has.
    fn detect(document: &Value) -> Option<Kind> {
        let has = |key: &str| document.get(key).is_some();
        let wrapped_definition = document.get("taskDefinition").is_some_and(Value::is_object);
        if has("containerDefinitions") || wrapped_definition {
            Some(Kind::TaskDefinition)
        } else if has("serviceName") {
            Some(Kind::Service)
        } else if document.get("taskDefinition").is_some_and(Value::is_string) {
            Some(Kind::RunTask)
        } else {
            None
        }
    }
}

struct Options {
    files: Vec<String>,
    format: Format,
    kind: Option<Kind>,
}

enum Parsed {
    Run(Options),
    Help,
}

fn parse_args(args: &[String]) -> Result<Parsed, String> {
    let mut files = Vec::new();
    let mut format = Format::Text;
    let mut kind = None;
    let mut rest = args.iter();
    let mut only_files = false;
    while let Some(arg) = rest.next() {
        if only_files || arg == "-" || !arg.starts_with('-') {
            files.push(arg.clone());
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = |option: &str| {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or(format!("{option} needs a value"))
        };
        match name {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--" => only_files = true,
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(format!("--format must be text or json, not `{other}`")),
                }
            }
            "--kind" => {
                let text = value("--kind")?;
                kind = Some(Kind::parse(&text).ok_or(format!(
                    "--kind must be taskdef, run-task or service, not `{text}`"
                ))?);
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    if files.is_empty() {
        return Err("no FILE given".to_string());
    }
    Ok(Parsed::Run(Options {
        files,
        format,
        kind,
    }))
}

/// What became of one file: its findings, or why it could not be checked.
struct Report {
    file: String,
    outcome: Result<(Kind, Vec<Finding>), String>,
}

pub fn run(args: &[String]) -> ExitCode {
    let options = match parse_args(args) {
        Ok(Parsed::Run(options)) => options,
        Ok(Parsed::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("anywhere lint: {problem}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let reports: Vec<Report> = options
        .files
        .iter()
        .map(|file| Report {
            file: file.clone(),
            outcome: check_file(file, options.kind),
        })
        .collect();
    match options.format {
        Format::Text => print_text(&reports),
        Format::Json => print_json(&reports),
    }
    exit_code(&reports)
}

fn check_file(file: &str, kind: Option<Kind>) -> Result<(Kind, Vec<Finding>), String> {
    let text = read(file).map_err(|error| format!("cannot read: {error}"))?;
    let document = parse_json(&text).map_err(|error| format!("invalid JSON: {error}"))?;
    let kind = kind.or_else(|| Kind::detect(&document)).ok_or(
        "cannot tell whether this is a task definition, a run-task or a create-service request; \
         pass --kind"
            .to_string(),
    )?;
    let findings = match kind {
        Kind::TaskDefinition => lint_task_definition(&document, None),
        Kind::RunTask => lint_run_task(&document),
        Kind::Service => lint_create_service(&document),
    };
    Ok((kind, findings))
}

fn read(file: &str) -> std::io::Result<String> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(file)
    }
}

fn count(reports: &[Report], severity: Severity) -> usize {
    reports
        .iter()
        .filter_map(|report| report.outcome.as_ref().ok())
        .flat_map(|(_, findings)| findings)
        .filter(|finding| finding.severity == severity)
        .count()
}

fn exit_code(reports: &[Report]) -> ExitCode {
    if reports.iter().any(|report| report.outcome.is_err()) {
        ExitCode::from(2)
    } else if count(reports, Severity::Error) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn print_text(reports: &[Report]) {
    for report in reports {
        match &report.outcome {
            Ok((_, findings)) => {
                for finding in findings {
                    let path = if finding.path.is_empty() {
                        "(document)"
                    } else {
                        &finding.path
                    };
                    println!(
                        "{}: {}[{}] {}: {} ({})",
                        report.file,
                        finding.severity.label(),
                        finding.rule_id,
                        path,
                        finding.message,
                        finding.reason
                    );
                }
            }
            Err(problem) => eprintln!("{}: {problem}", report.file),
        }
    }
    let unreadable = reports.iter().filter(|r| r.outcome.is_err()).count();
    let mut summary = format!(
        "{}, {} in {}",
        plural(count(reports, Severity::Error), "error"),
        plural(count(reports, Severity::Warning), "warning"),
        plural(reports.len(), "file"),
    );
    if unreadable > 0 {
        summary.push_str(&format!(" ({unreadable} unreadable)"));
    }
    println!("{summary}");
}

fn print_json(reports: &[Report]) {
    let files: Vec<Value> = reports
        .iter()
        .map(|report| match &report.outcome {
            Ok((kind, findings)) => json!({
                "file": report.file,
                "kind": kind.name(),
                "findings": findings,
            }),
            Err(problem) => json!({"file": report.file, "error": problem}),
        })
        .collect();
    let document = json!({
        "files": files,
        "errors": count(reports, Severity::Error),
        "warnings": count(reports, Severity::Warning),
        "unreadable": reports.iter().filter(|r| r.outcome.is_err()).count(),
    });
    println!("{document:#}");
}

//! `anywhere lint`: the console's EXTERNAL rules over JSON files, for CI pipelines.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Read};
use std::process::ExitCode;

use anywhere_core::rules::{
    Finding, Severity, lint_create_service, lint_run_task, lint_task_definition, parse_json,
};
use lexopt::prelude::*;
use serde_json::{Value, json};

use crate::output::{self, TROUBLE, for_terminal};

/// RegisterTaskDefinition takes a request of at most 64 KiB, and no RunTask or CreateService
/// request is larger: a document bigger than this, written compactly, is none of them.
pub const MAX_REQUEST_BYTES: usize = 64 * 1024;
/// Reading stops here: sixteen times the request limit leaves room for any indentation a
/// pretty-printed request has, and keeps a mistaken `/dev/zero` or disk image from filling memory.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

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

A file larger than 1 MiB, or holding more than 64 KiB of JSON once written compactly (the
largest request RegisterTaskDefinition accepts), is refused as unreadable.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 unreadable input, bad usage
or output that could not be written.
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
    files: Vec<OsString>,
    format: Format,
    kind: Option<Kind>,
}

enum Parsed {
    Run(Options),
    Help,
}

fn parse_args(mut parser: lexopt::Parser) -> Result<Parsed, String> {
    let mut files = Vec::new();
    let mut format = Format::Text;
    let mut kind = None;
    let fail = |error: lexopt::Error| error.to_string();
    while let Some(arg) = parser.next().map_err(fail)? {
        match arg {
            Short('h') | Long("help") => return Ok(Parsed::Help),
            Long("format") => {
                let value = parser.value().map_err(fail)?;
                format = match value.to_str() {
                    Some("text") => Format::Text,
                    Some("json") => Format::Json,
                    _ => {
                        return Err(format!(
                            "--format must be text or json, not `{}`",
                            value.to_string_lossy()
                        ));
                    }
                }
            }
            Long("kind") => {
                let value = parser.value().map_err(fail)?;
                kind = Some(value.to_str().and_then(Kind::parse).ok_or(format!(
                    "--kind must be taskdef, run-task or service, not `{}`",
                    value.to_string_lossy()
                ))?);
            }
            Value(file) => files.push(file),
            other => return Err(other.unexpected().to_string()),
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

pub fn run(parser: lexopt::Parser) -> ExitCode {
    let options = match parse_args(parser) {
        Ok(Parsed::Run(options)) => options,
        Ok(Parsed::Help) => return output::finish(USAGE, 0),
        Err(problem) => return output::usage_error("anywhere lint", &problem, USAGE),
    };
    let reports: Vec<Report> = options
        .files
        .iter()
        .map(|file| Report {
            file: file.to_string_lossy().into_owned(),
            outcome: check_file(file, options.kind),
        })
        .collect();
    let report = match options.format {
        Format::Text => text_report(&reports),
        Format::Json => json_report(&reports),
    };
    output::finish(&report, exit_code(&reports))
}

fn check_file(file: &OsString, kind: Option<Kind>) -> Result<(Kind, Vec<Finding>), String> {
    let text = read(file)?;
    let document = parse_json(&text).map_err(|error| format!("invalid JSON: {error}"))?;
    let compact = document.to_string().len();
    if compact > MAX_REQUEST_BYTES {
        return Err(format!(
            "holds {compact} bytes of JSON, more than the {MAX_REQUEST_BYTES} bytes (64 KiB) of the largest request RegisterTaskDefinition accepts, so it is not a task definition or request ECS would take"
        ));
    }
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

/// The file's text, or why it cannot be had: at most [`MAX_FILE_BYTES`] are read, from the file
/// or, for `-`, standard input.
fn read(file: &OsString) -> Result<String, String> {
    let source: Box<dyn Read> = if file == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(file).map_err(|error| format!("cannot read: {error}"))?)
    };
    let mut bytes = Vec::new();
    source
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read: {error}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "is larger than {} MiB, far more than any task definition or request can be (RegisterTaskDefinition accepts at most 64 KiB), so it was not read further",
            MAX_FILE_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|_| "is not UTF-8 text, so it cannot be JSON".to_string())
}

fn count(reports: &[Report], severity: Severity) -> usize {
    reports
        .iter()
        .filter_map(|report| report.outcome.as_ref().ok())
        .flat_map(|(_, findings)| findings)
        .filter(|finding| finding.severity == severity)
        .count()
}

fn exit_code(reports: &[Report]) -> u8 {
    if reports.iter().any(|report| report.outcome.is_err()) {
        TROUBLE
    } else if count(reports, Severity::Error) > 0 {
        1
    } else {
        0
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// One line per finding, then the summary. Unreadable files go to standard error at once; every
/// line is fit for a terminal, since file names and findings quote what the user supplied.
fn text_report(reports: &[Report]) -> String {
    let mut text = String::new();
    for report in reports {
        match &report.outcome {
            Ok((_, findings)) => {
                for finding in findings {
                    let path = if finding.path.is_empty() {
                        "(document)"
                    } else {
                        &finding.path
                    };
                    let line = format!(
                        "{}: {}[{}] {}: {} ({})",
                        report.file,
                        finding.severity.label(),
                        finding.rule_id,
                        path,
                        finding.message,
                        finding.reason
                    );
                    let _ = writeln!(text, "{}", for_terminal(&line));
                }
            }
            Err(problem) => output::problem(&format!("{}: {problem}", report.file)),
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
    let _ = writeln!(text, "{summary}");
    text
}

/// One document for all files. JSON escapes control characters itself, and keeps the exact text
/// otherwise: it is data for another program.
fn json_report(reports: &[Report]) -> String {
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
    format!("{document:#}\n")
}

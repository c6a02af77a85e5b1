//! `anywhere`: the ECS Anywhere console's command-line companion.
//!
//! Arguments are read with lexopt (as ripgrep does): it splits `--name=value`, `-`, `--` and
//! non-UTF-8 arguments correctly and leaves the meaning of each option to the command.

mod install_command;
mod lint;
mod output;

use std::process::ExitCode;

use lexopt::prelude::*;

const USAGE: &str = "\
Usage: anywhere COMMAND [OPTIONS]

Commands:
  lint FILE...        check task definitions, run-task and create-service requests for EXTERNAL
  install-command     print the commands that register a host as an external instance
  help                show this help

Run `anywhere COMMAND --help` for a command's options.
";

fn main() -> ExitCode {
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next() {
        Ok(Some(Value(command))) => command,
        Ok(Some(Long("help") | Short('h'))) => return output::finish(USAGE, 0),
        Ok(Some(other)) => {
            return output::usage_error("anywhere", &other.unexpected().to_string(), USAGE);
        }
        Ok(None) => return output::usage_error("anywhere", "no COMMAND given", USAGE),
        Err(error) => return output::usage_error("anywhere", &error.to_string(), USAGE),
    };
    match command.to_str() {
        Some("lint") => lint::run(parser),
        Some("install-command") => install_command::run(parser),
        Some("help") => output::finish(USAGE, 0),
        _ => output::usage_error(
            "anywhere",
            &format!("unknown command `{}`", command.to_string_lossy()),
            USAGE,
        ),
    }
}

//! `anywhere`: the ECS Anywhere console's command-line companion.
//!
//! Arguments are parsed by hand: two subcommands with a handful of options do not justify a parser
//! dependency, and the usage text doubles as the documentation.

mod install_command;
mod lint;

use std::process::ExitCode;

const USAGE: &str = "\
Usage: anywhere COMMAND [OPTIONS]

Commands:
  lint FILE...        check task definitions, run-task and create-service requests for EXTERNAL
  install-command     print the commands that register a host as an external instance
  help                show this help

Run `anywhere COMMAND --help` for a command's options.
";

fn main() -> ExitCode {
    // Lossy, because a non-UTF-8 argument must give an error message rather than a panic.
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    match command.as_str() {
        "lint" => lint::run(rest),
        "install-command" => install_command::run(rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("anywhere: unknown command `{other}`\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

//! Reads a PowerShell command on standard input and prints its statements as JSON, each a list of
//! `{"kind": "bare"|"literal", "text": …}`, by the language's quoting rules
//! (`tests/powershell_support`). The Windows install journey runs it on the command it copies from
//! the onboarding page: `cargo run -q -p anywhere-core --example read_powershell < command.ps1`.
//! Exits 1 with the reason when the command does not read as the console's commands must.

use std::io::Read;
use std::process::ExitCode;

#[path = "../tests/powershell_support/mod.rs"]
mod powershell_support;

fn main() -> ExitCode {
    let mut command = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut command) {
        eprintln!("cannot read standard input: {error}");
        return ExitCode::FAILURE;
    }
    match powershell_support::statements(&command) {
        Ok(statements) => match serde_json::to_string(&statements) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{error}");
                ExitCode::FAILURE
            }
        },
        Err(reason) => {
            eprintln!("{reason}");
            ExitCode::FAILURE
        }
    }
}

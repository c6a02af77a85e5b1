//! Everything the CLI writes goes through here: reports to standard output, problems to standard
//! error. A reader that goes away (`anywhere lint … | head`) ends the output quietly; a full
//! disk is one sentence and exit status 2; and text that came from the command line or a file
//! has its control characters made visible and its long values cut, so an error can neither
//! rewrite the terminal nor bury itself in 100 kB of its own input.

use std::io::{self, Write};
use std::process::ExitCode;

use anywhere_core::text::{reveal_controls, shorten};

/// Status when the input could not be read, the command line is wrong, or the output could not
/// be written.
pub const TROUBLE: u8 = 2;

/// Longest run of characters without a space shown in a message (a path, a value).
const MAX_WORD: usize = 200;
/// Longest message shown.
const MAX_MESSAGE: usize = 2000;

/// `text` fit for a terminal: controls, bidirectional and invisible characters shown as
/// `⟨U+XXXX⟩`, each run longer than 200 characters cut, the whole at most 2000 characters.
pub fn for_terminal(text: &str) -> String {
    let revealed = reveal_controls(text);
    let words: Vec<String> = revealed
        .split(' ')
        .map(|word| shorten(word, MAX_WORD).into_owned())
        .collect();
    shorten(&words.join(" "), MAX_MESSAGE).into_owned()
}

/// Writes `report` to standard output and ends with `status`. If the reader closed the pipe, the
/// status stands (the reader chose to stop reading, the verdict is unchanged); any other write
/// failure is reported and ends with status 2.
pub fn finish(report: &str, status: u8) -> ExitCode {
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_all(report.as_bytes())
        .and_then(|()| stdout.flush());
    match written {
        Ok(()) => ExitCode::from(status),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(status),
        Err(error) => {
            problem(&format!(
                "anywhere: the output could not be written ({error}); free some space or write it elsewhere."
            ));
            ExitCode::from(TROUBLE)
        }
    }
}

/// One problem, on standard error, fit for a terminal. Nothing can be done if standard error
/// itself fails, so that is ignored rather than turned into a panic.
pub fn problem(message: &str) {
    let _ = writeln!(io::stderr(), "{}", for_terminal(message));
}

/// A usage mistake: the problem, then the usage text; status 2.
pub fn usage_error(context: &str, problem_text: &str, usage: &str) -> ExitCode {
    problem(&format!("{context}: {problem_text}"));
    let _ = write!(io::stderr(), "\n{usage}");
    ExitCode::from(TROUBLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_shows_controls_and_cuts_long_values() {
        assert_eq!(
            for_terminal("--region \u{1b}[2J\u{202E}x is wrong"),
            "--region ⟨U+001B⟩[2J⟨U+202E⟩x is wrong"
        );
        let long = format!("\"{}\" is not a region code", "a".repeat(100_000));
        let shown = for_terminal(&long);
        assert!(shown.len() < 300, "{}", shown.len());
        assert!(
            shown.ends_with("… (99802 more characters) is not a region code"),
            "{shown}"
        );
        let spaced = "a ".repeat(50_000);
        assert!(for_terminal(&spaced).chars().count() < MAX_MESSAGE + 40);
    }
}

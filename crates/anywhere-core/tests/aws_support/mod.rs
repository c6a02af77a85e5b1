//! Helpers shared by the AWS integration tests: running the botocore scripts of the sandbox venv.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Tests of one binary run in parallel in one process: each call gets its own input file.
static NEXT_INPUT: AtomicUsize = AtomicUsize::new(0);

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python with botocore: `ANYWHERE_PYTHON`, else the sandbox venv.
pub fn python() -> PathBuf {
    let python = std::env::var_os("ANYWHERE_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("sandbox/.venv/bin/python"));
    assert!(
        python.exists(),
        "no Python interpreter at {}: run `make setup` (or set ANYWHERE_PYTHON to a Python with botocore)",
        python.display()
    );
    python
}

/// Runs `tests/<script>` on `input` (written to a temporary JSON file) and returns its stdout.
pub fn run_python_script(script: &str, input: &serde_json::Value) -> String {
    let input_path = std::env::temp_dir().join(format!(
        "anywhere-{}-{}-{}.json",
        script.trim_end_matches(".py"),
        std::process::id(),
        NEXT_INPUT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&input_path, serde_json::to_vec(input).unwrap()).unwrap();
    let script_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(script);
    let output = Command::new(python())
        .arg(&script_path)
        .arg(&input_path)
        .output()
        .unwrap();
    std::fs::remove_file(&input_path).unwrap();
    assert!(
        output.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

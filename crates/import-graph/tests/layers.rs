//! The workspace's layering: no import circle in the core, the CLI or the app, and nothing in the
//! app imports its shell.

use std::path::{Path, PathBuf};

use import_graph::ImportGraph;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(crate_root: &str) -> ImportGraph {
    let root = workspace().join(crate_root);
    ImportGraph::read_crate(&root).unwrap_or_else(|e| panic!("cannot read {crate_root}: {e}"))
}

fn assert_no_circles(graph: &ImportGraph, name: &str) {
    let circles: Vec<String> = graph.circles().iter().map(ToString::to_string).collect();
    assert!(
        circles.is_empty(),
        "import circles in {name}:\n  {}",
        circles.join("\n  ")
    );
}

#[test]
fn the_core_has_no_import_circle() {
    let graph = read("crates/anywhere-core/src/lib.rs");
    assert!(
        graph.modules().count() > 60,
        "the core's modules were not all found"
    );
    assert_no_circles(&graph, "anywhere-core");
}

#[test]
fn the_cli_has_no_import_circle() {
    assert_no_circles(&read("crates/anywhere-cli/src/main.rs"), "anywhere-cli");
}

#[test]
fn the_app_has_no_import_circle_and_nothing_imports_its_shell() {
    let graph = read("src/lib.rs");
    assert!(
        graph.modules().any(|module| module == "pages::fleet::page"),
        "the app's modules were not all found"
    );
    assert_no_circles(&graph, "anywhere-console");
    // The crate root mounts the shell; every other module is below it.
    let importers: Vec<&str> = graph
        .importers_of("app")
        .filter(|m| !m.is_empty())
        .collect();
    assert!(
        importers.is_empty(),
        "modules importing the shell: {importers:?}"
    );
}

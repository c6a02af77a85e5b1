//! Prints what each module of a crate imports from, and the circles:
//! `cargo run -p import-graph --example imports -- src/lib.rs [module-prefix]`.

use std::path::Path;

use import_graph::ImportGraph;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: imports CRATE_ROOT [MODULE_PREFIX]");
        std::process::exit(2);
    };
    let prefix = args.next().unwrap_or_default();
    let graph = match ImportGraph::read_crate(Path::new(&root)) {
        Ok(graph) => graph,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    };
    for module in graph.modules().filter(|m| m.starts_with(&prefix)) {
        let imports: Vec<&str> = graph.imports_of(module).collect();
        println!("{} -> {}", display(module), imports.join(", "));
    }
    for circle in graph.circles() {
        println!("circle: {circle}");
    }
}

fn display(module: &str) -> &str {
    if module.is_empty() { "crate" } else { module }
}

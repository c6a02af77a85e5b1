//! The graph reader on small made-up crates: it must find the circles that are there and only
//! those.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use import_graph::ImportGraph;

fn graph(files: &[(&str, &str)]) -> ImportGraph {
    let files: BTreeMap<PathBuf, String> = files
        .iter()
        .map(|(path, text)| (PathBuf::from(path), (*text).to_owned()))
        .collect();
    ImportGraph::from_files(Path::new("src/lib.rs"), |file| files.get(file).cloned()).unwrap()
}

fn circles(graph: &ImportGraph) -> Vec<String> {
    graph.circles().iter().map(ToString::to_string).collect()
}

fn imports(graph: &ImportGraph, module: &str) -> Vec<String> {
    graph.imports_of(module).map(str::to_owned).collect()
}

#[test]
fn a_use_in_each_direction_is_a_circle() {
    let g = graph(&[
        ("src/lib.rs", "mod a; mod b;"),
        ("src/a.rs", "use crate::b::B; pub struct A;"),
        ("src/b.rs", "use crate::a::A; pub struct B;"),
    ]);
    assert_eq!(circles(&g), ["a -> b -> a"]);
}

#[test]
fn a_longer_circle_is_spelt_out_through_every_module() {
    let g = graph(&[
        ("src/lib.rs", "mod a; mod b; mod c;"),
        ("src/a.rs", "pub fn a() { crate::b::b() }"),
        ("src/b.rs", "pub fn b() { super::c::c() }"),
        ("src/c.rs", "pub fn c() { crate::a::a() }"),
    ]);
    assert_eq!(circles(&g), ["a -> b -> c -> a"]);
}

#[test]
fn a_path_inside_a_macro_counts() {
    let g = graph(&[
        ("src/lib.rs", "mod app; mod page;"),
        ("src/app.rs", "use crate::page::Page; pub fn state() {}"),
        (
            "src/page.rs",
            "pub fn Page() { view! { <p on:click=move |_| crate::app::state()>\"x\"</p> } }",
        ),
    ]);
    assert_eq!(circles(&g), ["app -> page -> app"]);
}

#[test]
fn re_exports_lead_to_the_module_that_defines_the_item() {
    let g = graph(&[
        ("src/lib.rs", "pub mod aws; mod page;"),
        (
            "src/aws/mod.rs",
            "mod client; mod error; pub use client::Client; pub use error::*;",
        ),
        (
            "src/aws/client.rs",
            "use crate::aws::Failure; pub struct Client;",
        ),
        ("src/aws/error.rs", "pub enum Failure {}"),
        (
            "src/page.rs",
            "use crate::aws::{self, Client}; fn f(_: aws::Failure) {}",
        ),
    ]);
    assert!(circles(&g).is_empty(), "{:?}", circles(&g));
    assert_eq!(imports(&g, "page"), ["aws::client", "aws::error"]);
    assert_eq!(imports(&g, "aws::client"), ["aws::error"]);
    // The front re-exports its own parts: that is not an import.
    assert!(imports(&g, "aws").is_empty());
}

#[test]
fn a_child_using_its_parents_own_item_while_the_parent_uses_it_is_a_circle() {
    let g = graph(&[
        ("src/lib.rs", "mod fleet;"),
        (
            "src/fleet/mod.rs",
            "mod host; pub struct Id; fn load() -> host::Host { todo!() }",
        ),
        ("src/fleet/host.rs", "pub struct Host(super::Id);"),
    ]);
    assert_eq!(circles(&g), ["fleet -> fleet::host -> fleet"]);
}

#[test]
fn test_only_code_and_other_crates_are_left_out() {
    let g = graph(&[
        ("src/lib.rs", "mod a; mod b; #[cfg(test)] mod fixtures;"),
        (
            "src/a.rs",
            "use crate::b::B; use std::rc::Rc; pub struct A(Rc<B>);",
        ),
        (
            "src/b.rs",
            "pub struct B; #[cfg(test)] mod tests { use crate::a::A; }\n\
             #[cfg(test)] fn helper() -> crate::a::A { todo!() }",
        ),
    ]);
    assert!(circles(&g).is_empty(), "{:?}", circles(&g));
    assert_eq!(imports(&g, "a"), ["b"]);
}

#[test]
fn nested_modules_live_in_folders_named_for_their_parent() {
    let g = graph(&[
        ("src/lib.rs", "mod pages;"),
        ("src/pages.rs", "mod fleet;"),
        ("src/pages/fleet.rs", "mod table;"),
        (
            "src/pages/fleet/table.rs",
            "pub fn t() { super::super::x() }",
        ),
    ]);
    assert!(g.modules().any(|m| m == "pages::fleet::table"));
    assert_eq!(imports(&g, "pages::fleet::table"), ["pages"]);
}

#[test]
fn a_missing_module_file_is_an_error() {
    let files = [("src/lib.rs", "mod gone;")];
    let result = ImportGraph::from_files(Path::new("src/lib.rs"), |file| {
        files
            .iter()
            .find(|(path, _)| Path::new(path) == file)
            .map(|(_, text)| (*text).to_owned())
    });
    assert!(result.is_err());
}

//! The import graph of a crate's modules, read from its source files, and the circles in it.
//!
//! A node is a module file (`src/aws/client.rs` is `aws::client`). There is an edge from A to B
//! when A names an item that B defines: through a `use`, or a path written in code or inside a
//! macro (`crate::x::f()` in a `view!`). Names are followed through re-exports to the module that
//! defines them, so `use crate::aws::Client` counts as an import of `aws::client`, not of
//! `aws`. A module that re-exports its own submodules' items (`pub use client::Client` in
//! `aws/mod.rs`) does not import them: it is their front, not their user. Test-only code
//! (`#[cfg(test)]`) is left out, since it is not part of the layering.
//!
//! What it cannot see: names brought in by glob imports (`use x::*`) count as an import of the
//! module globbed, and paths built by `macro_rules!` from `$crate` are skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// A module path inside the crate, without `crate::` (`""` is the crate root).
pub type ModulePath = String;

/// Why a crate's graph could not be read.
#[derive(Debug)]
pub struct ReadError {
    pub file: PathBuf,
    pub reason: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.reason)
    }
}

impl std::error::Error for ReadError {}

/// Every module of one crate and which others it imports from.
#[derive(Debug, Default)]
pub struct ImportGraph {
    modules: BTreeMap<ModulePath, Module>,
    edges: BTreeMap<ModulePath, BTreeSet<ModulePath>>,
}

#[derive(Debug, Default)]
struct Module {
    file: PathBuf,
    /// Submodules declared with `mod name;` (not test-only ones).
    children: BTreeSet<String>,
    /// Names of the items defined here.
    defines: BTreeSet<String>,
    /// `pub use` re-exports: the name they are known by here, and the absolute path they name.
    reexports: BTreeMap<String, Vec<String>>,
    /// `pub use path::*`: absolute module paths.
    glob_reexports: Vec<Vec<String>>,
    /// What this module refers to, as written (relative paths still relative).
    references: Vec<Reference>,
    /// Names bound by this module's `use` items: local name -> path as written.
    bindings: BTreeMap<String, Vec<String>>,
}

#[derive(Debug)]
struct Reference {
    path: Vec<String>,
    /// A `pub use`: a re-export when it names something under this module.
    public_use: bool,
    /// A `use x::*`: the path names a module whose every item is imported.
    glob: bool,
}

impl ImportGraph {
    /// Reads the crate whose root file is `root` (`src/lib.rs`), following `mod` declarations.
    pub fn read_crate(root: &Path) -> Result<Self, ReadError> {
        Self::from_files(root, |file| std::fs::read_to_string(file).ok())
    }

    /// The same from any source of file contents (`None`: no such file).
    pub fn from_files(
        root: &Path,
        read: impl Fn(&Path) -> Option<String>,
    ) -> Result<Self, ReadError> {
        let mut graph = ImportGraph::default();
        let mut pending = vec![(String::new(), root.to_path_buf())];
        while let Some((module_path, file)) = pending.pop() {
            let source = read(&file).ok_or_else(|| ReadError {
                file: file.clone(),
                reason: "cannot be read".to_owned(),
            })?;
            let parsed = syn::parse_file(&source).map_err(|e| ReadError {
                file: file.clone(),
                reason: e.to_string(),
            })?;
            let mut module = Module {
                file: file.clone(),
                ..Module::default()
            };
            collect_items(&parsed.items, &mut module);
            // `a/b.rs` and `a/b/mod.rs` (and the root) keep their submodules in different folders.
            let own_dir = match file.file_stem().and_then(|s| s.to_str()) {
                Some("mod" | "lib" | "main") => file.parent().map(Path::to_path_buf),
                Some(stem) => file.parent().map(|dir| dir.join(stem)),
                None => None,
            }
            .unwrap_or_default();
            for child in &module.children {
                let flat = own_dir.join(format!("{child}.rs"));
                let nested = own_dir.join(child).join("mod.rs");
                let child_file = if read(&flat).is_some() { flat } else { nested };
                pending.push((join(&module_path, child), child_file));
            }
            graph.modules.insert(module_path, module);
        }
        graph.resolve_edges();
        Ok(graph)
    }

    pub fn modules(&self) -> impl Iterator<Item = &str> {
        self.modules.keys().map(String::as_str)
    }

    /// The modules `module` imports from.
    pub fn imports_of(&self, module: &str) -> impl Iterator<Item = &str> {
        self.edges
            .get(module)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// The modules that import from `module`.
    pub fn importers_of<'a>(&'a self, module: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.edges
            .iter()
            .filter(move |(_, to)| to.contains(module))
            .map(|(from, _)| from.as_str())
    }

    /// The file a module lives in.
    pub fn file_of(&self, module: &str) -> Option<&Path> {
        self.modules.get(module).map(|m| m.file.as_path())
    }

    /// Every import circle: each group of modules that import one another, directly or through
    /// others, with one circle through all of it spelt out (`a -> b -> a`).
    pub fn circles(&self) -> Vec<Circle> {
        strongly_connected(&self.edges)
            .into_iter()
            .filter(|group| group.len() > 1)
            .map(|group| Circle {
                walk: self.walk_through(&group),
                modules: group,
            })
            .collect()
    }

    /// A closed walk from the group's first module that visits every module of the group.
    fn walk_through(&self, group: &BTreeSet<ModulePath>) -> Vec<ModulePath> {
        let start = group.iter().next().cloned().unwrap_or_default();
        let mut walk = vec![start.clone()];
        let mut at = start.clone();
        for target in group.iter().skip(1).chain(std::iter::once(&start)) {
            if walk.contains(target) && target != &start {
                continue;
            }
            let path = self.shortest_path(&at, target, group);
            walk.extend(path.into_iter().skip(1));
            at = target.clone();
        }
        walk
    }

    fn shortest_path(
        &self,
        from: &str,
        to: &str,
        within: &BTreeSet<ModulePath>,
    ) -> Vec<ModulePath> {
        let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from]);
        while let Some(at) = queue.pop_front() {
            for next in self.imports_of(at).filter(|m| within.contains(*m)) {
                if next == to {
                    let mut path = vec![to.to_owned(), at.to_owned()];
                    let mut back = at;
                    while back != from {
                        back = came_from[back];
                        path.push(back.to_owned());
                    }
                    path.reverse();
                    return path;
                }
                if next != from && !came_from.contains_key(next) {
                    came_from.insert(next, at);
                    queue.push_back(next);
                }
            }
        }
        vec![from.to_owned(), to.to_owned()]
    }

    fn resolve_edges(&mut self) {
        let mut edges: BTreeMap<ModulePath, BTreeSet<ModulePath>> = BTreeMap::new();
        for (name, module) in &self.modules {
            let targets = edges.entry(name.clone()).or_default();
            for reference in &module.references {
                let Some(absolute) = self.absolute(name, &reference.path) else {
                    continue;
                };
                let target = if reference.glob {
                    self.module_at(&absolute).map(str::to_owned)
                } else if self.module_at(&absolute).is_some() {
                    // `use crate::aws::ecs;` binds a namespace: what is used through it counts.
                    None
                } else {
                    self.defining_module(&absolute, 0)
                };
                let Some(target) = target else { continue };
                let under_self = name.is_empty() || target.starts_with(&format!("{name}::"));
                if target == *name || (reference.public_use && under_self) {
                    continue;
                }
                targets.insert(target);
            }
        }
        self.edges = edges;
    }

    /// `path` as written in module `at`, made absolute; `None` for another crate's path.
    fn absolute(&self, at: &str, path: &[String]) -> Option<Vec<String>> {
        let mut base: Vec<String> = split(at);
        let mut rest = path;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                base.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            Some("super") => {
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop()?;
                    rest = &rest[1..];
                }
            }
            // A submodule's path (`host::Host`) goes on from here.
            Some(first) if self.modules.get(at)?.children.contains(first) => {}
            Some(first) => {
                // A name this module imported (`use crate::aws::ecs;` then `ecs::X`); anything
                // else is another crate's (`std::rc::Rc`).
                let bound = self.modules.get(at)?.bindings.get(first)?;
                if bound.first().map(String::as_str) == Some(first) {
                    return None;
                }
                let mut expanded = self.absolute(at, bound)?;
                expanded.extend(rest[1..].iter().cloned());
                return Some(expanded);
            }
            None => return None,
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The module an absolute path names, if it names one.
    fn module_at(&self, path: &[String]) -> Option<&str> {
        let key = path.join("::");
        self.modules.get_key_value(&key).map(|(k, _)| k.as_str())
    }

    /// The module that defines the item an absolute path names (following re-exports).
    fn defining_module(&self, path: &[String], depth: usize) -> Option<ModulePath> {
        if depth > 16 {
            return None;
        }
        let mut module = String::new();
        let mut at = 0;
        while at < path.len() && self.modules.contains_key(&join(&module, &path[at])) {
            module = join(&module, &path[at]);
            at += 1;
        }
        let Some(name) = path.get(at) else {
            // The path names a module: importing it is using it as a namespace.
            return Some(module);
        };
        let found = &self.modules[&module];
        if found.defines.contains(name) {
            return Some(module);
        }
        if let Some(target) = found.reexports.get(name) {
            let mut next = self.absolute(&module, target)?;
            next.extend(path[at + 1..].iter().cloned());
            return self.defining_module(&next, depth + 1);
        }
        for glob in &found.glob_reexports {
            let Some(mut next) = self.absolute(&module, glob) else {
                continue;
            };
            next.extend(path[at..].iter().cloned());
            if let Some(target) = self.defining_module(&next, depth + 1)
                && self.modules[&target].defines.contains(name)
            {
                return Some(target);
            }
        }
        Some(module)
    }
}

/// One import circle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Circle {
    pub modules: BTreeSet<ModulePath>,
    /// A closed walk along imports through every module of the circle.
    pub walk: Vec<ModulePath>,
}

impl fmt::Display for Circle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self
            .walk
            .iter()
            .map(|m| if m.is_empty() { "crate" } else { m.as_str() })
            .collect();
        write!(f, "{}", names.join(" -> "))
    }
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}::{child}")
    }
}

fn split(module: &str) -> Vec<String> {
    if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").map(str::to_owned).collect()
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Meta>()
                .is_ok_and(|meta| meta.path().is_ident("test"))
    })
}

fn collect_items(items: &[syn::Item], module: &mut Module) {
    for item in items {
        if is_test_only(item_attrs(item)) {
            continue;
        }
        match item {
            syn::Item::Mod(m) if m.content.is_none() => {
                module.children.insert(m.ident.to_string());
            }
            syn::Item::Mod(m) => {
                // An inline module counts as part of its file.
                module.defines.insert(m.ident.to_string());
                if let Some((_, items)) = &m.content {
                    collect_items(items, module);
                }
            }
            syn::Item::Use(u) => {
                let public = !matches!(u.vis, syn::Visibility::Inherited);
                let mut leaves = Vec::new();
                flatten_use(&u.tree, &mut Vec::new(), &mut leaves);
                for (path, leaf) in leaves {
                    match leaf {
                        UseLeaf::Glob => {
                            if public {
                                module.glob_reexports.push(path.clone());
                            }
                            module.references.push(Reference {
                                path,
                                public_use: public,
                                glob: true,
                            });
                        }
                        UseLeaf::Named(local) => {
                            if public {
                                module.reexports.insert(local.clone(), path.clone());
                            }
                            module.bindings.insert(local, path.clone());
                            module.references.push(Reference {
                                path,
                                public_use: public,
                                glob: false,
                            });
                        }
                    }
                }
            }
            other => {
                if let Some(name) = defined_name(other) {
                    module.defines.insert(name);
                }
                let mut paths = PathCollector::default();
                paths.visit_item(other);
                module
                    .references
                    .extend(paths.found.into_iter().map(|path| Reference {
                        path,
                        public_use: false,
                        glob: false,
                    }));
            }
        }
    }
}

enum UseLeaf {
    /// Bound under this local name (the last segment, or the `as` name).
    Named(String),
    Glob,
}

fn flatten_use(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, UseLeaf)>,
) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten_use(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) if n.ident == "self" => {
            let local = prefix.last().cloned().unwrap_or_default();
            out.push((prefix.clone(), UseLeaf::Named(local)));
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            path.push(n.ident.to_string());
            out.push((path, UseLeaf::Named(n.ident.to_string())));
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            out.push((path, UseLeaf::Named(r.rename.to_string())));
        }
        syn::UseTree::Glob(_) => out.push((prefix.clone(), UseLeaf::Glob)),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                flatten_use(tree, prefix, out);
            }
        }
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::ExternCrate(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::ForeignMod(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::TraitAlias(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

fn defined_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Const(i) => &i.ident,
        syn::Item::Enum(i) => &i.ident,
        syn::Item::Fn(i) => &i.sig.ident,
        syn::Item::Static(i) => &i.ident,
        syn::Item::Struct(i) => &i.ident,
        syn::Item::Trait(i) => &i.ident,
        syn::Item::TraitAlias(i) => &i.ident,
        syn::Item::Type(i) => &i.ident,
        syn::Item::Union(i) => &i.ident,
        syn::Item::Macro(i) => i.ident.as_ref()?,
        _ => return None,
    };
    Some(ident.to_string())
}

/// Every path of two or more segments in an item, including those inside macro invocations.
#[derive(Default)]
struct PathCollector {
    found: Vec<Vec<String>>,
}

impl<'ast> Visit<'ast> for PathCollector {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() > 1 {
            self.found
                .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !is_test_only(item_attrs(item)) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        syn::visit::visit_macro(self, mac);
        paths_in_tokens(mac.tokens.clone(), &mut self.found);
    }
}

/// Paths written inside a macro's tokens (`a::b::c`), which syn leaves unparsed.
fn paths_in_tokens(tokens: TokenStream, found: &mut Vec<Vec<String>>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut at = 0;
    while at < trees.len() {
        if let TokenTree::Group(group) = &trees[at] {
            paths_in_tokens(group.stream(), found);
            at += 1;
            continue;
        }
        // `::std::x` and `$crate::x` are another crate's paths or a macro's own.
        let preceded = match at.checked_sub(1).map(|i| &trees[i]) {
            Some(TokenTree::Punct(p)) if p.as_char() == '$' => true,
            Some(TokenTree::Punct(p)) if p.as_char() == ':' => {
                matches!(at.checked_sub(2).map(|i| &trees[i]), Some(TokenTree::Punct(q)) if q.as_char() == ':')
            }
            _ => false,
        };
        let mut path = Vec::new();
        let mut next = at;
        while let Some(TokenTree::Ident(ident)) = trees.get(next) {
            path.push(ident.to_string());
            next += 1;
            let colons = matches!(
                (trees.get(next), trees.get(next + 1)),
                (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                    if a.as_char() == ':' && b.as_char() == ':'
            );
            if !colons {
                break;
            }
            next += 2;
        }
        if path.len() > 1 && !preceded {
            found.push(path);
        }
        at = next.max(at + 1);
    }
}

/// Tarjan's strongly connected components, each as a sorted set.
fn strongly_connected(
    edges: &BTreeMap<ModulePath, BTreeSet<ModulePath>>,
) -> Vec<BTreeSet<ModulePath>> {
    struct State<'a> {
        edges: &'a BTreeMap<ModulePath, BTreeSet<ModulePath>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        groups: Vec<BTreeSet<ModulePath>>,
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a str) {
        let order = state.index.len();
        state.index.insert(node, order);
        state.low.insert(node, order);
        state.stack.push(node);
        state.on_stack.insert(node);
        for next in state.edges.get(node).into_iter().flatten() {
            let next = next.as_str();
            if !state.index.contains_key(next) {
                visit(state, next);
                let low = state.low[node].min(state.low[next]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(next) {
                let low = state.low[node].min(state.index[next]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut group = BTreeSet::new();
            while let Some(member) = state.stack.pop() {
                state.on_stack.remove(member);
                group.insert(member.to_owned());
                if member == node {
                    break;
                }
            }
            state.groups.push(group);
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        groups: Vec::new(),
    };
    for node in edges.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.groups
}

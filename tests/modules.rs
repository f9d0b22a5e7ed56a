//! The module import graph: the modules of the library (`src/`) and of the
//! binary (`cli/src/`) must import each other in one direction only, so that
//! any of them could become a crate of its own.
//!
//! Every `.rs` file is read; `use` declarations and the `crate::…`, `super::…`
//! and `self::…` paths in code are resolved to the module they name (through
//! `use` re-exports too). A module may use its ancestors and its descendants
//! freely (`super::Engine` in an `impl Engine` file, `pub use child::Item`); a
//! reference between two modules neither of which contains the other counts
//! between the two sibling subtrees it crosses (`search::query → search::facet`,
//! or `index::build → search` for `crate::search::x` from `index/build.rs`).
//! Those sibling graphs must have no cycle.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::util;

/// A module path from the crate root (`["search", "query"]`; empty for the root).
type ModPath = Vec<String>;

/// A path in a module, as written (`super::facet::FacetDict`), and where.
#[derive(Debug, Clone)]
struct Reference {
    from: ModPath,
    segments: Vec<String>,
    file: String,
    line: usize,
}

/// An edge between two sibling modules, with the reference that makes it.
#[derive(Debug, Clone)]
struct Edge {
    to: ModPath,
    why: String,
}

/// What a path leads to.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// A module.
    Module(ModPath),
    /// An item of this module.
    Item(ModPath),
    /// Another crate.
    External,
}

/// The modules of one crate and their references.
#[derive(Debug, Default)]
struct Crate {
    modules: BTreeSet<ModPath>,
    /// `use` bindings: (module, name) → the path bound, as written there.
    bindings: HashMap<(ModPath, String), Vec<String>>,
    references: Vec<Reference>,
}

/// Replaces comments, string and character literals by spaces (keeping lines).
fn strip(src: &str) -> Vec<char> {
    let c: Vec<char> = src.chars().collect();
    let mut out = c.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for ch in &mut out[from..to.min(c.len())] {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
    };
    let is_ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut i = 0;
    while i < c.len() {
        let start = i;
        let prev_ident = i > 0 && is_ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
            blank(&mut out, start, i);
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            blank(&mut out, start, i);
        } else if !prev_ident && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) && {
            let mut j = if c[i] == 'b' { i + 2 } else { i + 1 };
            while c.get(j) == Some(&'#') {
                j += 1;
            }
            c.get(j) == Some(&'"')
        } {
            // raw string: r"…", r#"…"#, br"…"
            let mut j = if c[i] == 'b' { i + 2 } else { i + 1 };
            let mut hashes = 0;
            while c[j] == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            while j < c.len() {
                if c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            i = j;
            blank(&mut out, start, i);
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            blank(&mut out, start, i);
        } else if c[i] == '\'' && c.get(i + 1) == Some(&'\\') {
            // an escaped character literal: '\n', '\'', '\u{2026}'
            i += 2;
            while i < c.len() && c[i] != '\'' {
                i += 1;
            }
            i += 1;
            blank(&mut out, start, i);
        } else if c[i] == '\'' && c.get(i + 2) == Some(&'\'') {
            i += 3;
            blank(&mut out, start, i);
        } else {
            i += 1;
        }
    }
    out
}

/// Blanks `#[cfg(test)] mod … { … }` blocks (keeping lines): unit tests may
/// use the crate through its front door without making the library circular.
fn without_test_modules(mut c: Vec<char>) -> Vec<char> {
    let marker: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut i = 0;
    while i + marker.len() <= c.len() {
        if c[i..i + marker.len()] != marker[..] {
            i += 1;
            continue;
        }
        let mut j = i + marker.len();
        while j < c.len() && c[j].is_whitespace() {
            j += 1;
        }
        let is_mod = c[j..].starts_with(&['m', 'o', 'd'])
            && c.get(j + 3).is_some_and(|ch| ch.is_whitespace());
        let open = c[j..]
            .iter()
            .position(|&ch| ch == '{' || ch == ';')
            .map(|k| j + k);
        let (true, Some(open)) = (is_mod, open) else {
            i = j;
            continue;
        };
        if c[open] == ';' {
            i = open;
            continue;
        }
        let mut depth = 0;
        let mut end = open;
        while end < c.len() {
            match c[end] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            end += 1;
        }
        let last = end.min(c.len() - 1);
        for ch in &mut c[i..=last] {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
        i = end;
    }
    c
}

/// A token: an identifier, `::`, or one punctuation character; with its line.
fn tokens(src: &str) -> Vec<(String, usize)> {
    let c = without_test_modules(strip(src));
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push((c[start..i].iter().collect(), line));
        } else if ch.is_ascii_digit() {
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push(("::".into(), line));
            i += 2;
        } else if ch.is_whitespace() {
            i += 1;
        } else {
            out.push((ch.to_string(), line));
            i += 1;
        }
    }
    out
}

/// The module path of a file relative to the crate's source root.
fn module_of(rel: &str) -> ModPath {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    let last = parts.last().map(String::as_str);
    if last == Some("mod") || (parts.len() == 1 && matches!(last, Some("lib" | "main"))) {
        parts.pop();
    }
    parts
}

/// One `use` tree flattened: (path, bound name or None for a glob).
fn use_tree(
    toks: &[(String, usize)],
    i: &mut usize,
    prefix: &[String],
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    let mut path = prefix.to_vec();
    while *i < toks.len() {
        let t = toks[*i].0.as_str();
        match t {
            "{" => {
                *i += 1;
                while *i < toks.len() && toks[*i].0 != "}" {
                    use_tree(toks, i, &path, out);
                    if toks.get(*i).is_some_and(|t| t.0 == ",") {
                        *i += 1;
                    }
                }
                *i += 1;
                return;
            }
            "*" => {
                *i += 1;
                out.push((path, None));
                return;
            }
            "::" => *i += 1,
            _ if t.starts_with(|c: char| c.is_alphabetic() || c == '_') => {
                path.push(t.to_string());
                *i += 1;
                if toks.get(*i).is_none_or(|t| t.0 != "::") {
                    break;
                }
            }
            _ => return,
        }
    }
    if path.last().is_some_and(|s| s == "self") {
        path.pop();
    }
    let mut name = path.last().cloned();
    if toks.get(*i).is_some_and(|t| t.0 == "as") {
        name = toks.get(*i + 1).map(|t| t.0.clone());
        *i += 2;
    }
    if !path.is_empty() {
        out.push((path, name));
    }
}

impl Crate {
    /// Reads one crate: `files` maps paths relative to its source root
    /// (`search/query.rs`) to their text.
    fn new(files: &BTreeMap<String, String>) -> Crate {
        let mut krate = Crate::default();
        for (rel, src) in files {
            let file_module = module_of(rel);
            krate.modules.insert(file_module.clone());
            krate.read(rel, &file_module, src);
        }
        krate
    }

    /// Records the inline modules, `use` bindings and paths of one file.
    fn read(&mut self, rel: &str, file_module: &ModPath, src: &str) {
        let toks = tokens(src);
        let mut stack: Vec<(ModPath, usize)> = vec![(file_module.clone(), 0)];
        let mut depth = 0;
        let mut i = 0;
        while i < toks.len() {
            let module = stack.last().unwrap().0.clone();
            let (t, line) = (toks[i].0.as_str(), toks[i].1);
            let next = |k: usize| toks.get(i + k).map_or("", |t| t.0.as_str());
            let prev = if i > 0 { toks[i - 1].0.as_str() } else { "" };
            match t {
                "{" => depth += 1,
                "}" => {
                    depth -= 1;
                    if stack.len() > 1 && stack.last().unwrap().1 == depth {
                        stack.pop();
                    }
                }
                "mod" if next(2) == "{" => {
                    let mut inner = module.clone();
                    inner.push(next(1).to_string());
                    self.modules.insert(inner.clone());
                    stack.push((inner, depth));
                    i += 2;
                    continue;
                }
                "use" => {
                    i += 1;
                    let mut items = Vec::new();
                    use_tree(&toks, &mut i, &[], &mut items);
                    for (segments, name) in items {
                        if let Some(name) = name {
                            self.bindings
                                .insert((module.clone(), name), segments.clone());
                        }
                        self.references.push(Reference {
                            from: module.clone(),
                            segments,
                            file: rel.to_string(),
                            line,
                        });
                    }
                    continue;
                }
                "crate" | "super" | "self"
                    if next(1) == "::" && !matches!(prev, "::" | "$" | "in") =>
                {
                    let mut segments = vec![t.to_string()];
                    let mut k = i + 1;
                    while toks.get(k).is_some_and(|t| t.0 == "::")
                        && toks.get(k + 1).is_some_and(|t| {
                            t.0.starts_with(|c: char| c.is_alphabetic() || c == '_')
                        })
                    {
                        segments.push(toks[k + 1].0.clone());
                        k += 2;
                    }
                    self.references.push(Reference {
                        from: module,
                        segments,
                        file: rel.to_string(),
                        line,
                    });
                    i = k;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// What `name` stands for in `module`: a child module, a `use` binding, or
    /// (None) an item defined there.
    fn lookup(&self, module: &ModPath, name: &str, depth: usize) -> Option<Target> {
        let mut child = module.clone();
        child.push(name.to_string());
        if self.modules.contains(&child) {
            return Some(Target::Module(child));
        }
        let bound = self.bindings.get(&(module.clone(), name.to_string()))?;
        Some(self.resolve(module, bound, depth + 1))
    }

    /// What the path `segments`, written in module `at`, leads to.
    fn resolve(&self, at: &ModPath, segments: &[String], depth: usize) -> Target {
        if depth > 32 || segments.is_empty() {
            return Target::External;
        }
        let mut rest = segments;
        let mut current = match segments[0].as_str() {
            "crate" => Vec::new(),
            "self" => at.clone(),
            "super" => at.clone(),
            name => match self.lookup(at, name, depth) {
                Some(Target::Module(m)) => m,
                Some(other) => return other,
                None => return Target::External,
            },
        };
        if segments[0] != "super" {
            rest = &rest[1..];
        }
        for segment in rest {
            if segment == "super" {
                if current.pop().is_none() {
                    return Target::External;
                }
                continue;
            }
            match self.lookup(&current, segment, depth) {
                Some(Target::Module(m)) => current = m,
                Some(other) => return other,
                None => return Target::Item(current),
            }
        }
        Target::Module(current)
    }

    /// The edges between sibling modules, by parent and source module.
    fn sibling_edges(&self) -> BTreeMap<ModPath, Vec<Edge>> {
        let mut edges: BTreeMap<ModPath, Vec<Edge>> = BTreeMap::new();
        for r in &self.references {
            let to = match self.resolve(&r.from, &r.segments, 0) {
                Target::Module(m) | Target::Item(m) => m,
                Target::External => continue,
            };
            let common = r.from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if common == r.from.len() || common == to.len() {
                continue; // an ancestor or a descendant
            }
            edges
                .entry(r.from[..=common].to_vec())
                .or_default()
                .push(Edge {
                    to: to[..=common].to_vec(),
                    why: format!("{}:{}: {}", r.file, r.line, r.segments.join("::")),
                });
        }
        edges
    }

    /// Every cycle between sibling modules, one per strongly connected group,
    /// each step with the reference that makes it.
    fn cycles(&self) -> Vec<Vec<String>> {
        let edges = self.sibling_edges();
        let succ = |m: &ModPath| -> Vec<&Edge> {
            edges.get(m).map(|v| v.iter().collect()).unwrap_or_default()
        };
        let mut reported: BTreeSet<ModPath> = BTreeSet::new();
        let mut out = Vec::new();
        for start in edges.keys() {
            if reported.contains(start) {
                continue;
            }
            // breadth-first search for the shortest way back to `start`
            let mut came_from: HashMap<ModPath, (ModPath, String)> = HashMap::new();
            let mut queue = std::collections::VecDeque::from([start.clone()]);
            let mut closing = None;
            while let Some(m) = queue.pop_front() {
                for e in succ(&m) {
                    if &e.to == start {
                        closing = Some((m.clone(), e.why.clone()));
                        break;
                    }
                    if !came_from.contains_key(&e.to) {
                        came_from.insert(e.to.clone(), (m.clone(), e.why.clone()));
                        queue.push_back(e.to.clone());
                    }
                }
                if closing.is_some() {
                    break;
                }
            }
            let Some((mut at, why)) = closing else {
                continue;
            };
            let mut steps = vec![format!(
                "{} -> {}  ({why})",
                at.join("::"),
                start.join("::")
            )];
            while &at != start {
                let (prev, why) = came_from[&at].clone();
                steps.push(format!("{} -> {}  ({why})", prev.join("::"), at.join("::")));
                reported.insert(at.clone());
                at = prev;
            }
            reported.insert(start.clone());
            steps.reverse();
            out.push(steps);
        }
        out
    }
}

/// Every `.rs` file under `dir`, by path relative to it.
fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy();
                let rel = rel.replace('\\', "/");
                files.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

fn assert_acyclic(dir: &str) {
    let files = read_tree(&util::root().join(dir));
    assert!(files.len() > 5, "{dir}: found only {} files", files.len());
    let cycles = Crate::new(&files).cycles();
    let report: Vec<String> = cycles.iter().map(|c| c.join("\n  ")).collect();
    assert!(
        cycles.is_empty(),
        "circular imports between the modules of {dir}:\n  {}",
        report.join("\n\n  ")
    );
}

#[test]
fn library_modules_import_one_way() {
    assert_acyclic("src");
}

#[test]
fn binary_modules_import_one_way() {
    assert_acyclic("cli/src");
}

fn synthetic(files: &[(&str, &str)]) -> Vec<Vec<String>> {
    let files = files
        .iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect();
    Crate::new(&files).cycles()
}

#[test]
fn a_cycle_of_three_siblings_is_found() {
    let cycles = synthetic(&[
        ("lib.rs", "mod a; mod b; mod c;"),
        ("a.rs", "use crate::b::{self, B};"),
        ("b.rs", "use super::c::C as Sea;"),
        ("c.rs", "fn f() { let _ = crate::a::g(); }"),
    ]);
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    let steps = &cycles[0];
    assert_eq!(steps.len(), 3, "{steps:?}");
    assert!(
        steps[0].starts_with("a -> b  (a.rs:1: crate::b)"),
        "{steps:?}"
    );
    assert!(
        steps[1].starts_with("b -> c  (b.rs:1: super::c::C)"),
        "{steps:?}"
    );
    assert!(
        steps[2].starts_with("c -> a  (c.rs:1: crate::a::g)"),
        "{steps:?}"
    );
}

#[test]
fn a_cycle_through_a_reexport_or_between_subtrees_is_found() {
    // the shape of the old search/ cycle: snippet reaches query's Matcher
    // through a `use` of the parent module
    let cycles = synthetic(&[
        ("lib.rs", "mod search;"),
        (
            "search/mod.rs",
            "mod query;\nmod snippet;\nuse query::Matcher;",
        ),
        ("search/query.rs", "use super::snippet::edit_distance;"),
        ("search/snippet.rs", "use super::Matcher;"),
    ]);
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(
        cycles[0][1].contains("search::snippet -> search::query"),
        "{cycles:?}"
    );
    // a reference deep inside one subtree to another counts between the subtrees
    let cycles = synthetic(&[
        ("lib.rs", "pub mod index; pub mod search;"),
        ("index/mod.rs", "mod build;"),
        ("index/build.rs", "fn f() { crate::search::facet::load(); }"),
        ("search/mod.rs", "pub mod facet;\nuse crate::index;"),
        ("search/facet.rs", ""),
    ]);
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert_eq!(cycles[0].len(), 2, "{cycles:?}");
}

#[test]
fn a_unit_test_module_may_use_the_crate_root() {
    let only_tests = synthetic(&[
        ("lib.rs", "mod a;\nmod b;"),
        ("a.rs", "use crate::b::B;"),
        (
            "b.rs",
            "pub struct B;\n#[cfg(test)]\nmod tests {\n    fn f() { crate::a::g(); }\n}",
        ),
    ]);
    assert!(only_tests.is_empty(), "{only_tests:?}");
    let in_code = synthetic(&[
        ("lib.rs", "mod a;\nmod b;"),
        ("a.rs", "use crate::b::B;"),
        (
            "b.rs",
            "pub struct B;\n#[cfg(test)]\nfn t() {}\nfn f() { crate::a::g(); }",
        ),
    ]);
    assert_eq!(in_code.len(), 1, "{in_code:?}");
}

#[test]
fn parents_children_comments_and_strings_make_no_cycle() {
    let cycles = synthetic(&[
        ("lib.rs", "pub mod search;\npub mod error;\nuse search::Engine;"),
        (
            "search/mod.rs",
            "mod similar;\npub use similar::Similar;\nuse crate::error::Error;\npub struct Engine;",
        ),
        (
            "search/similar.rs",
            "use super::Engine;\nuse crate::error::Error;\n#[cfg(test)]\nmod tests { use super::*; }",
        ),
        (
            "error.rs",
            "// crate::search::Engine\n/* use crate::search; */\nconst A: &str = \"crate::search::x\";\n\
             const B: &str = r#\"use crate::search;\"#;\nconst C: char = '\"';\nfn f<'a>(_: &'a str) {}",
        ),
    ]);
    assert!(cycles.is_empty(), "{cycles:?}");
}

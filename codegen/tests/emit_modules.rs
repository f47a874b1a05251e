//! The emitters' modules form no circle: no module of `src/emit` refers to one that refers
//! back to it, directly or through others. (A module's references to its own ancestors are
//! left out: every emitter reads the shared `Context` and helpers of the modules above it,
//! which is the tree, not a circle.) This is what keeps each protocol a module of its own.
//!
//! References are read from the source text: `crate::emit::…`, `super::…` and `self::…`
//! paths (with `{…}` groups), and paths that start with the name of a child module.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// A module path below `emit`, e.g. `["model", "types"]`; `emit` itself is empty.
type Module = Vec<String>;

#[test]
fn emit_modules_form_no_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emit");
    let mut sources = BTreeMap::new();
    read_modules(&root, Vec::new(), &mut sources);
    assert!(sources.len() > 20, "found only {} modules", sources.len());
    let modules: BTreeSet<Module> = sources.keys().cloned().collect();

    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, text) in &sources {
        let targets = references(module, &strip_comments(text), &modules)
            .into_iter()
            .filter(|target| target != module && !module.starts_with(target))
            .collect();
        edges.insert(module.clone(), targets);
    }
    // The references really are found: this one is known to exist.
    assert!(
        edges[&names("model::operations")].contains(&names("protocol")),
        "{:?}",
        edges[&names("model::operations")]
    );

    if let Some(circle) = find_circle(&edges) {
        let names: Vec<String> = circle
            .iter()
            .map(|m| format!("emit::{}", m.join("::")))
            .collect();
        panic!(
            "the emit modules refer to each other in a circle: {}",
            names.join(" -> ")
        );
    }
}

#[test]
fn a_circle_is_found() {
    let mut edges = BTreeMap::new();
    edges.insert(names("a"), BTreeSet::from([names("b")]));
    edges.insert(names("b"), BTreeSet::from([names("c")]));
    edges.insert(names("c"), BTreeSet::from([names("a")]));
    let circle = find_circle(&edges).expect("a circle");
    assert_eq!(circle.len(), 4, "{circle:?}");
    edges.insert(names("c"), BTreeSet::new());
    assert_eq!(find_circle(&edges), None);
}

#[test]
fn references_resolve_groups_super_and_child_paths() {
    let modules: BTreeSet<Module> = [
        "",
        "model",
        "model::types",
        "codec",
        "codec::json",
        "fields",
    ]
    .into_iter()
    .map(names)
    .collect();
    let text = "use crate::emit::{Context, codec::BodyCodec};\nuse super::fields::x;\n\
                fn f() { types::constructor(); super::super::codec::json::Json; }";
    let found = references(&names("model"), text, &modules);
    let expected: BTreeSet<Module> = ["", "codec", "model::types", "codec::json"]
        .into_iter()
        .map(names)
        .collect();
    // `super::fields` from `model` (a mod.rs) is `emit::fields`.
    let mut expected = expected;
    expected.insert(names("fields"));
    assert_eq!(found, expected);
}

fn names(path: &str) -> Module {
    path.split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every `.rs` file below `dir` as the module it is.
fn read_modules(dir: &Path, prefix: Module, out: &mut BTreeMap<Module, String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut child = prefix.clone();
            child.push(name);
            read_modules(&path, child, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut module = prefix.clone();
            if name != "mod" {
                module.push(name);
            }
            out.insert(module, fs::read_to_string(&path).unwrap());
        }
    }
}

/// The text without `//` comments, whose prose may name modules.
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `module`'s text refers to.
fn references(module: &Module, text: &str, modules: &BTreeSet<Module>) -> BTreeSet<Module> {
    let mut found = BTreeSet::new();
    let bytes = text.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if !is_ident(bytes[i]) || (i > 0 && (is_ident(bytes[i - 1]) || bytes[i - 1] == b':')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_ident(bytes[i]) {
            i += 1;
        }
        let word = &text[start..i];
        if !text[i..].starts_with("::") {
            continue;
        }
        let mut base: Module = match word {
            "crate" if text[i..].starts_with("::emit") => {
                i += "::emit".len();
                Vec::new()
            }
            "self" => module.clone(),
            "super" => module[..module.len().saturating_sub(1)].to_vec(),
            child => {
                let mut path = module.clone();
                path.push(child.to_owned());
                if !modules.contains(&path) {
                    continue;
                }
                found.insert(path.clone());
                path
            }
        };
        // Further `super`s climb on.
        while text[i..].starts_with("::super") {
            i += "::super".len();
            base.pop();
        }
        found.insert(base.clone());
        i = resolve(text, i, base, modules, &mut found);
    }
    found
}

/// Follows `::a::b` or `::{a, b::c}` from `at` below `base`, recording each module named;
/// returns where the path ends.
fn resolve(
    text: &str,
    mut at: usize,
    base: Module,
    modules: &BTreeSet<Module>,
    found: &mut BTreeSet<Module>,
) -> usize {
    let bytes = text.as_bytes();
    let mut current = base;
    while text[at..].starts_with("::") {
        at += 2;
        if text[at..].starts_with('{') {
            let end = closing_brace(text, at);
            // Each item of the group is a path of its own below `current`.
            for item in top_level_items(&text[at + 1..end]) {
                resolve(
                    &format!("::{}", item.trim()),
                    0,
                    current.clone(),
                    modules,
                    found,
                );
            }
            return end + 1;
        }
        let start = at;
        while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
            at += 1;
        }
        let mut next = current.clone();
        next.push(text[start..at].to_owned());
        if !modules.contains(&next) {
            break;
        }
        found.insert(next.clone());
        current = next;
    }
    at
}

/// Where the `}` closing the `{` at `open` is (the end of the text if none).
fn closing_brace(text: &str, open: usize) -> usize {
    let mut depth = 0;
    for (offset, byte) in text.bytes().enumerate().skip(open) {
        match byte {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return offset;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// The comma-separated items of a group, commas inside nested groups left alone.
fn top_level_items(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (offset, byte) in group.bytes().enumerate() {
        match byte {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b',' if depth == 0 => {
                items.push(&group[start..offset]);
                start = offset + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..]);
    items
}

/// A circle in the graph, as the modules along it with the first repeated at the end.
fn find_circle(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    fn visit(
        node: &Module,
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        done: &mut BTreeSet<Module>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(at) = stack.iter().position(|m| m == node) {
            let mut circle = stack[at..].to_vec();
            circle.push(node.clone());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, edges, done, stack) {
                return Some(circle);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut done, &mut Vec::new()))
}

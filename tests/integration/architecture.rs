//! The layering rules of ARCHITECTURE.md, checked on the source so that they do not hold by
//! convention only: the store's write path is reached from the command layer alone, the core
//! modules import each other without cycles, the core never reaches the GUI or the CLI, and no
//! source names an absolute path on the developer's machine.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path())
                .unwrap_or_else(|err| panic!("{}: {err}", e.path().display()));
            (e.into_path(), text)
        })
        .collect();
    assert!(!out.is_empty(), "no sources under {}", dir.display());
    out.sort();
    out
}

/// The code before the first `#[cfg(test)]` (unit tests may use anything), without comment
/// lines (documentation may link anywhere).
fn non_test(text: &str) -> String {
    let code = text.find("#[cfg(test)]").map_or(text, |i| &text[..i]);
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file of `src/` belongs to (`src/store/mod.rs` → `store`,
/// `src/text.rs` → `text`); `None` for `lib.rs` and `main.rs`.
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_owned())
}

/// The top-level modules named as `crate::NAME` in `text`.
fn crate_refs(text: &str) -> BTreeSet<String> {
    text.match_indices("crate::")
        .filter(|(i, _)| {
            // Not `qcw::…` in docs and not part of a longer identifier such as `my_crate::`.
            text[..*i]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        })
        .filter_map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// The module graph of the core (`src/` without `app` and `cli`).
fn core_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, text) in sources(&src) {
        let Some(module) = top_module(&src, &file) else {
            continue;
        };
        if matches!(module.as_str(), "app" | "cli") {
            continue;
        }
        let refs = crate_refs(&non_test(&text));
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(refs.into_iter().filter(|r| *r != module));
    }
    graph
}

/// A cycle in `graph`, if there is one (depth-first search with colours).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(2) => return None,
            Some(1) => {
                let from = path.iter().position(|n| n == node).unwrap_or(0);
                let mut cycle = path[from..].to_vec();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(node.to_owned(), 1);
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut state, &mut Vec::new()))
}

#[test]
fn only_the_command_layer_reaches_the_store_write_path() {
    let src = root().join("src");
    let mut offenders = Vec::new();
    for (file, text) in sources(&src) {
        let module = top_module(&src, &file);
        if matches!(module.as_deref(), Some("store" | "command")) {
            continue;
        }
        for needle in [".transact(", "Tx<", "store::Row", "store::write"] {
            if text.contains(needle) {
                offenders.push(format!("{} uses {needle}", file.display()));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

#[test]
fn core_modules_import_each_other_without_cycles() {
    let graph = core_graph();
    for expected in ["store", "command", "model", "reports", "analysis", "search"] {
        assert!(
            graph.contains_key(expected),
            "no module {expected}: {graph:?}"
        );
    }
    assert_eq!(find_cycle(&graph), None, "{graph:#?}");
    // The core is GUI- and CLI-free.
    for (module, refs) in &graph {
        assert!(
            !refs.contains("app") && !refs.contains("cli"),
            "{module} imports the GUI or the CLI: {refs:?}"
        );
    }
    // Pure algorithms and domain types depend on nothing project-shaped.
    for pure in ["analysis", "model", "text", "clock"] {
        let refs = &graph[pure];
        for layer in ["store", "command", "reports", "app"] {
            assert!(!refs.contains(layer), "{pure} imports {layer}: {refs:?}");
        }
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    g.get_mut("c").unwrap().clear();
    assert_eq!(find_cycle(&g), None);
    assert_eq!(
        crate_refs("use crate::store::{self};\nlet x = my_crate::y; crate::text::f()"),
        BTreeSet::from(["store".to_owned(), "text".to_owned()])
    );
}

#[test]
fn no_source_names_an_absolute_machine_path() {
    let mut offenders = Vec::new();
    for dir in ["src", "tests"] {
        for (file, text) in sources(&root().join(dir)) {
            for needle in ["\"/work/", "\"/tmp/", "\"/home/", "\"/root/"] {
                if text.contains(needle) && !file.ends_with("architecture.rs") {
                    offenders.push(format!("{} contains {needle}", file.display()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

//! The dashboard's layers, held to their rules by reading the source's paths (`use` lines and
//! paths written inline), so that a new import that breaks them fails here, not in review:
//! - `io/` reaches nothing of the crate outside itself: it returns values, the load
//!   controller applies them to the state;
//! - `ui/` widgets know no state, feature, loader or page;
//! - a feature uses another feature's `model`, never its views, and never the page around it;
//! - no two source files reach each other, directly or round a loop.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module's path below the crate root, e.g. `["features", "sessions", "model"]`.
type ModPath = Vec<String>;

/// Every source file of the crate, by its module path.
fn modules() -> BTreeMap<ModPath, PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).expect("the source folder is readable") {
            let path = entry.expect("a readable entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&root).expect("below src");
            let mut segments: ModPath = relative
                .iter()
                .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_owned())
                .collect();
            if matches!(segments.last().map(String::as_str), Some("mod" | "main")) {
                segments.pop();
            }
            found.insert(segments, path);
        }
    }
    found
}

/// The crate paths the shipped code of `text` names, from `crate::` or `super::`, as written:
/// braces in `use` lines are expanded one level deep (`crate::a::{b, c::d}` names `a::b` and
/// `a::c::d`). A file's unit tests, at its end, are left out: they may reach anywhere.
fn named_paths(text: &str, module: &ModPath) -> Vec<ModPath> {
    let code: String = text
        .lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut paths = Vec::new();
    for (start, prefix) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let base: ModPath = if prefix == "crate::" {
            Vec::new()
        } else {
            // `super` of `a/b.rs` is `a`, and of `a/mod.rs` is `a`'s parent: one step up.
            let mut base = module.clone();
            base.pop();
            base
        };
        let rest = &code[start + prefix.len()..];
        let head: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let mut path = base.clone();
        path.extend(
            head.split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        );
        let after = &rest[head.len()..];
        if head.ends_with("::") && after.starts_with('{') {
            let inner = &after[1..after.find('}').unwrap_or(after.len())];
            for item in inner.split(',') {
                let mut each = path.clone();
                let item = item.trim().split(" as ").next().unwrap_or("").trim();
                each.extend(
                    item.split("::")
                        .filter(|s| !s.is_empty() && *s != "self" && !s.contains('{'))
                        .map(str::to_owned),
                );
                paths.push(each);
            }
        } else {
            paths.push(path);
        }
    }
    paths
}

/// The file a path lands in: the longest module that begins it.
fn resolve<'a>(path: &ModPath, modules: &'a BTreeMap<ModPath, PathBuf>) -> Option<&'a ModPath> {
    (0..=path.len())
        .rev()
        .find_map(|n| modules.get_key_value(&path[..n]).map(|(k, _)| k))
}

/// Which modules each module reaches, itself and its own children left out.
fn reaches() -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let modules = modules();
    let mut graph = BTreeMap::new();
    for (module, file) in &modules {
        let text = fs::read_to_string(file).expect("a readable source file");
        let targets: BTreeSet<ModPath> = named_paths(&text, module)
            .iter()
            .filter_map(|path| resolve(path, &modules))
            .filter(|target| *target != module)
            .cloned()
            .collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

fn under(module: &ModPath, layer: &[&str]) -> bool {
    module.len() >= layer.len() && module.iter().zip(layer).all(|(a, b)| a == b)
}

fn show(module: &ModPath) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

/// Every edge from a module in `from` that `forbidden` refuses, as `a -> b` lines.
fn broken(from: &[&str], forbidden: impl Fn(&ModPath, &ModPath) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for (module, targets) in reaches() {
        if !under(&module, from) {
            continue;
        }
        for target in targets {
            if forbidden(&module, &target) {
                found.push(format!("{} -> {}", show(&module), show(&target)));
            }
        }
    }
    found
}

#[test]
fn the_reader_finds_the_crates_modules_and_their_paths() {
    let graph = reaches();
    let sessions_table = vec!["features".into(), "sessions".into(), "table".into()];
    let state: ModPath = vec!["state".into()];
    assert!(
        graph[&sessions_table].contains(&state),
        "the sessions table reads the state: {:?}",
        graph[&sessions_table]
    );
    assert!(graph.len() > 80, "{} modules", graph.len());
    let grouped = named_paths(
        "use crate::a::{b, c::d as e};\nlet x = super::f::g;",
        &vec!["h".into(), "i".into()],
    );
    assert_eq!(
        grouped,
        [vec!["a", "b"], vec!["a", "c", "d"], vec!["h", "f", "g"]]
    );
}

#[test]
fn io_reaches_nothing_of_the_crate_outside_itself() {
    let found = broken(&["io"], |_, target| !under(target, &["io"]));
    assert!(
        found.is_empty(),
        "io/ must stand alone:\n{}",
        found.join("\n")
    );
}

#[test]
fn ui_widgets_know_no_state_feature_loader_or_page() {
    let found = broken(&["ui"], |_, target| {
        ["state", "features", "load", "app", "route"]
            .iter()
            .any(|layer| under(target, &[layer]))
    });
    assert!(
        found.is_empty(),
        "ui/ must stay generic:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_feature_uses_another_only_through_its_model() {
    let found = broken(&["features"], |module, target| {
        if under(target, &["app"]) {
            return true;
        }
        let (Some(own), true) = (module.get(1), under(target, &["features"])) else {
            return false;
        };
        let other = target.get(1);
        other.is_some_and(|other| other != own) && target.get(2).is_none_or(|file| file != "model")
    });
    assert!(
        found.is_empty(),
        "a feature may use another's model only:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_source_files_reach_each_other_round_a_loop() {
    let graph = reaches();
    // A module is on a loop when it can reach itself; each loop is named once, by its members.
    let mut loops = BTreeSet::new();
    for start in graph.keys() {
        let reached = reachable(&graph, start);
        if reached.contains(start) {
            let members: Vec<String> = reached
                .iter()
                .filter(|m| reachable(&graph, m).contains(start))
                .map(show)
                .collect();
            loops.insert(members.join(", "));
        }
    }
    let loops: Vec<String> = loops.into_iter().collect();
    assert!(loops.is_empty(), "import loops:\n{}", loops.join("\n"));
}

/// The modules `from` reaches in one step or more (itself only round a loop).
fn reachable(graph: &BTreeMap<ModPath, BTreeSet<ModPath>>, from: &ModPath) -> BTreeSet<ModPath> {
    let mut reached = BTreeSet::new();
    let mut todo: Vec<&ModPath> = graph[from].iter().collect();
    while let Some(next) = todo.pop() {
        if reached.insert(next.clone()) {
            todo.extend(graph.get(next).into_iter().flatten());
        }
    }
    reached
}

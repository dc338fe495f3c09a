//! ARCHITECTURE.md's floors, held to the code: every module of `src/` sits on one
//! floor, uses (through `crate::` paths, outside its tests) only modules on its own
//! floor or below, and no two modules use each other, round about or directly.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The floors table, top floor first: each floor's top-level modules (`src/deck.rs`
/// and `src/live/` both name a module, `deck` and `live`; `src/main.rs` is `main`).
fn floors() -> Vec<(String, Vec<String>)> {
    let document = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let section = document.split("## The floors").nth(1).expect("a floors section");
    let section = section.split("\n## ").next().unwrap_or("");
    section
        .lines()
        .filter(|line| line.starts_with("| ") && line.contains("`src/"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let mut modules: Vec<String> = cells[2]
                .split('`')
                .filter_map(|quoted| quoted.strip_prefix("src/"))
                .map(|path| path.trim_end_matches('/').trim_end_matches(".rs").to_string())
                .collect();
            // `src/desk.rs` and `src/desk/` are one module.
            modules.dedup();
            (cells[1].to_string(), modules)
        })
        .collect()
}

/// Each top-level module of `src/`, with its files.
fn modules() -> BTreeMap<String, Vec<PathBuf>> {
    let mut modules = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("src")).expect("src/").flatten() {
        let path = entry.path();
        let name = path.file_stem().expect("a name").to_string_lossy().into_owned();
        let files = modules.entry(name).or_insert_with(Vec::new);
        if path.is_dir() {
            collect_rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
    modules.remove("lib");
    modules
}

fn collect_rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// The code of a file that ships: its unit tests (a `tests.rs` file, or what follows
/// `#[cfg(test)]` at the file's top level) and its comments left out.
fn shipped_code(path: &Path) -> String {
    if path.file_name().is_some_and(|name| name == "tests.rs") {
        return String::new();
    }
    let source = std::fs::read_to_string(path).expect("a source file");
    let before_tests = source.split("\n#[cfg(test)]").next().unwrap_or("");
    before_tests.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The top-level modules a piece of code names through `crate::`, grouped uses
/// (`use crate::{deck::Deck, store}`) included.
fn modules_used(code: &str) -> BTreeSet<String> {
    let identifier =
        |text: &str| -> String { text.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut used = BTreeSet::new();
    for after in code.split("crate::").skip(1) {
        if let Some(group) = after.strip_prefix('{') {
            // The group's items at depth zero: "deck::Deck, store, session::{A, B}".
            let mut depth = 0;
            let mut item_start = true;
            for (at, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    _ if item_start && !c.is_whitespace() => {
                        used.insert(identifier(&group[at..]));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            used.insert(identifier(after));
        }
    }
    used.retain(|name| !name.is_empty());
    used
}

/// Module → the other modules its shipped code uses.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    modules()
        .into_iter()
        .map(|(module, files)| {
            let mut used: BTreeSet<String> = files.iter().flat_map(|file| modules_used(&shipped_code(file))).collect();
            used.remove(&module);
            (module, used)
        })
        .collect()
}

#[test]
fn every_module_is_on_one_floor() {
    let floors = floors();
    assert!(floors.len() >= 5, "the floors table was read: {floors:?}");
    let placed: Vec<&String> = floors.iter().flat_map(|(_, modules)| modules).collect();
    let modules = modules();
    let unplaced: Vec<&String> = modules.keys().filter(|module| !placed.contains(module)).collect();
    assert!(unplaced.is_empty(), "on no floor of ARCHITECTURE.md: {unplaced:?}");
    let twice: Vec<&&String> =
        placed.iter().filter(|module| placed.iter().filter(|m| m == module).count() > 1).collect();
    assert!(twice.is_empty(), "on two floors: {twice:?}");
    let gone: Vec<&&String> = placed.iter().filter(|module| !modules.contains_key(module.as_str())).collect();
    assert!(gone.is_empty(), "on a floor but not in src/: {gone:?}");
}

#[test]
fn no_module_uses_one_on_a_higher_floor() {
    let floors = floors();
    // Floor numbers count up from the bottom, so that "higher" reads as "greater".
    let floor_of: BTreeMap<&str, usize> = floors
        .iter()
        .rev()
        .enumerate()
        .flat_map(|(level, (_, modules))| modules.iter().map(move |module| (module.as_str(), level)))
        .collect();
    let name_of = |level: usize| &floors[floors.len() - 1 - level].0;
    let mut breaches = Vec::new();
    for (module, used) in uses() {
        let Some(&floor) = floor_of.get(module.as_str()) else { continue };
        for other in used {
            if let Some(&other_floor) = floor_of.get(other.as_str())
                && other_floor > floor
            {
                breaches.push(format!("{module} ({}) uses {other} ({})", name_of(floor), name_of(other_floor)));
            }
        }
    }
    assert!(breaches.is_empty(), "uses that climb a floor (move the module, or the code):\n{}", breaches.join("\n"));
}

#[test]
fn no_two_modules_use_each_other() {
    let uses = uses();
    // Depth-first from every module; a module met again on the path closes a circle.
    fn visit(
        module: &str,
        uses: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|on_path| on_path == module) {
            let mut circle = path[start..].to_vec();
            circle.push(module.to_string());
            return Some(circle);
        }
        if !done.insert(module.to_string()) {
            return None;
        }
        path.push(module.to_string());
        for next in uses.get(module).into_iter().flatten() {
            if let Some(circle) = visit(next, uses, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for module in uses.keys() {
        let circle = visit(module, &uses, &mut Vec::new(), &mut done);
        assert!(circle.is_none(), "an import circle: {}", circle.unwrap_or_default().join(" → "));
    }
}

#[test]
fn the_lab_uses_the_session_calls_this_document_lists() {
    let document = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let bullet = document.split("**One shipped plan.**").nth(1).expect("the one-plan invariant");
    let bullet = bullet.split("\n- ").next().unwrap_or("");
    let calls_in = |text: &str| -> BTreeSet<String> {
        let listed = text.split("public calls (").nth(1).unwrap_or("").split(')').next().unwrap_or("");
        listed.split('`').skip(1).step_by(2).map(|call| call.trim_start_matches("Session::").to_string()).collect()
    };
    let listed = calls_in(bullet);
    let mut lab = String::new();
    for entry in std::fs::read_dir(root().join("bench/src")).expect("bench/src").flatten() {
        lab.push_str(&std::fs::read_to_string(entry.path()).expect("a lab source"));
    }
    let identifier = |text: &str| -> String { text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let used: BTreeSet<String> = lab
        .split("session.")
        .skip(1)
        .chain(lab.split("Session::").skip(1))
        .filter(|after| identifier(after).len() < after.len() && after[identifier(after).len()..].starts_with('('))
        .map(identifier)
        .collect();
    assert!(listed.len() >= 5, "the list was read: {listed:?}");
    assert_eq!(listed, used, "ARCHITECTURE.md's list of the lab's calls against bench/src");
}

#[test]
fn the_reader_finds_uses_written_every_way() {
    let code = "use crate::deck::Deck;\nlet x = crate::store::Store::at(p);\nuse crate::{\n    matcher::Verdict,\n    session::{A, B},\n    ports,\n};";
    let found: Vec<String> = modules_used(code).into_iter().collect();
    assert_eq!(found, ["deck", "matcher", "ports", "session", "store"]);
}

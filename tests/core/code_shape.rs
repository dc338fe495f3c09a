//! The shape the code keeps: every source file is named in ARCHITECTURE.md's module
//! map, and no function in the app or the lab runs over 80 lines.

use std::path::{Path, PathBuf};

const LONGEST_FUNCTION: usize = 80;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, as a path from the repository's root with `/`.
fn sources(dir: &str) -> Vec<String> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("a source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join(dir), &mut found);
    let mut names: Vec<String> = found
        .iter()
        .map(|path| path.strip_prefix(root()).expect("under the root").to_string_lossy().replace('\\', "/"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_source_file_is_in_the_module_map() {
    let document = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let section = document.split("## Module map").nth(1).expect("a module map").split("\n## ").next().unwrap_or("");
    // The map's rows: "| `src/deck.rs` | what it is for |".
    let mapped: Vec<&str> = section.lines().filter_map(|line| line.strip_prefix("| `")?.split('`').next()).collect();
    let files: Vec<String> = sources("src").into_iter().chain(sources("bench/src")).collect();
    assert!(files.len() > 50, "the walk found the sources: {files:?}");
    let missing: Vec<&String> = files.iter().filter(|file| !mapped.contains(&file.as_str())).collect();
    assert!(missing.is_empty(), "not in ARCHITECTURE.md's module map: {missing:?}");
    let gone: Vec<&&str> = mapped.iter().filter(|file| !files.iter().any(|source| source == *file)).collect();
    assert!(gone.is_empty(), "in the module map but not in the tree: {gone:?}");
}

/// What a character of Rust source is, for counting braces.
#[derive(Clone, Copy, PartialEq)]
enum Lexing {
    Code,
    LineComment,
    BlockComment(usize),
    Text,
    RawText(usize),
}

/// For each line, the brace depth change in code (not in text, comments or chars).
fn braces_by_line(source: &str) -> Vec<(i32, bool)> {
    let chars: Vec<char> = source.chars().collect();
    let mut lines = vec![(0, false)];
    let mut state = Lexing::Code;
    let mut at = 0;
    while at < chars.len() {
        let (here, next) = (chars[at], chars.get(at + 1).copied());
        let line = lines.last_mut().expect("a line");
        match state {
            Lexing::Code => match here {
                '/' if next == Some('/') => state = Lexing::LineComment,
                '/' if next == Some('*') => {
                    state = Lexing::BlockComment(1);
                    at += 1;
                }
                '"' => state = Lexing::Text,
                'r' if matches!(next, Some('"' | '#')) && (at == 0 || !chars[at - 1].is_alphanumeric()) => {
                    let hashes = chars[at + 1..].iter().take_while(|c| **c == '#').count();
                    if chars.get(at + 1 + hashes) == Some(&'"') {
                        state = Lexing::RawText(hashes);
                        at += 1 + hashes;
                    }
                }
                '\'' => {
                    // A char literal ('{', '\n'); a lifetime ('a) has no closing quote.
                    if next == Some('\\') {
                        at += chars[at + 2..].iter().position(|c| *c == '\'').map_or(0, |end| end + 2);
                    } else if chars.get(at + 2) == Some(&'\'') {
                        at += 2;
                    }
                }
                '{' => line.0 += 1,
                '}' => line.0 -= 1,
                ';' => line.1 = true,
                _ => {}
            },
            Lexing::LineComment => {}
            Lexing::BlockComment(depth) => {
                if here == '*' && next == Some('/') {
                    state = if depth == 1 { Lexing::Code } else { Lexing::BlockComment(depth - 1) };
                    at += 1;
                } else if here == '/' && next == Some('*') {
                    state = Lexing::BlockComment(depth + 1);
                    at += 1;
                }
            }
            Lexing::Text => match here {
                '\\' => at += 1,
                '"' => state = Lexing::Code,
                _ => {}
            },
            Lexing::RawText(hashes) => {
                if here == '"' && chars[at + 1..].iter().take(hashes).filter(|c| **c == '#').count() == hashes {
                    state = Lexing::Code;
                    at += hashes;
                }
            }
        }
        if chars[at] == '\n' {
            if state == Lexing::LineComment {
                state = Lexing::Code;
            }
            lines.push((0, false));
        }
        at += 1;
    }
    lines
}

/// Whether a line starts a function: `pub(crate) const fn name`, `fn name`...
fn starts_function(line: &str) -> bool {
    let mut words = line.split_whitespace().peekable();
    while let Some(word) = words.peek() {
        if word.starts_with("pub") || ["const", "async", "unsafe", "extern", "default"].contains(word) {
            words.next();
        } else {
            break;
        }
    }
    words.next() == Some("fn")
}

/// Each function's name, first line (from 1) and length in lines.
fn functions(source: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = source.lines().collect();
    let braces = braces_by_line(source);
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate().filter(|(_, line)| starts_function(line)) {
        let name = line.split("fn ").nth(1).unwrap_or("").split(['(', '<']).next().unwrap_or("").to_string();
        let mut depth = 0;
        let mut opened = false;
        for (end, &(change, semicolon)) in braces.iter().enumerate().skip(start) {
            if !opened && change == 0 && semicolon {
                break; // a declaration without a body
            }
            opened |= change > 0;
            depth += change;
            if opened && depth <= 0 {
                found.push((name.clone(), start + 1, end - start + 1));
                break;
            }
        }
    }
    found
}

#[test]
fn the_function_counter_sees_bodies_not_braces_in_text_or_comments() {
    let source = "fn short() {\n    let text = \"{{ }\";\n    let open = '{';\n    // }\n}\n\
                  pub(crate) fn declared();\nfn lifetimes<'a>(x: &'a str) -> &'a str {\n    r#\"}\"#;\n    x\n}\n";
    assert_eq!(
        functions(source),
        [("short".to_string(), 1, 5), ("lifetimes".to_string(), 7, 4)],
        "{:?}",
        braces_by_line(source)
    );
}

#[test]
fn no_function_in_the_app_or_the_lab_runs_over_80_lines() {
    let mut long = Vec::new();
    let mut counted = 0;
    for file in sources("src").into_iter().chain(sources("bench/src")) {
        let source = std::fs::read_to_string(root().join(&file)).expect("a readable source");
        for (name, line, length) in functions(&source) {
            counted += 1;
            if length > LONGEST_FUNCTION {
                long.push(format!("{file}:{line} {name} ({length} lines)"));
            }
        }
    }
    assert!(counted > 500, "the counter found the functions: {counted}");
    assert!(long.is_empty(), "functions over {LONGEST_FUNCTION} lines: {long:#?}");
}

//! CompTIA writes US English, and so does every string a learner sees: the data files,
//! prompts and feedback in the source, and the README. This lists British spellings
//! and fails on any.

const BRITISH: &[&str] = &[
    "colour",
    "behaviour",
    "organis",
    "recognis",
    "realise",
    "realising",
    "centre",
    "licence",
    "defence",
    "favour",
    "honour",
    "labour",
    "analyse",
    "analysing",
    "catalogue",
    "synchronis",
    "authoris",
    "signall",
    "travelled",
    "travelling",
    "cancelled",
    "cancelling",
    "modelled",
    "modelling",
    "labelled",
    "labelling",
    "programme",
    "grey",
    "whilst",
    "amongst",
    "learnt",
    "spelt",
    "practis",
    "practise",
    "minimis",
    "maximis",
    "prioritis",
    "optimis",
    "utilis",
    "summaris",
    "categoris",
    "customis",
    "initialis",
    "serialis",
    "visualis",
    "emphasise",
    "judgement",
    "ageing",
    "metres",
    "tunnell",
    "neighbour",
    "normalis",
    "randomis",
    "finalise",
    "memoris",
    "familiaris",
    "specialise",
    "standardis",
    "criticis",
    "apologis",
    "dialogue",
    "offence",
    "enrolment",
    "fulfil ",
];

/// Lines of a data file or the README as a learner may read them (a card's stable `id`
/// is a key, not text, and keeps its old spelling).
fn text_lines(path: &str) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("id = "))
        .map(|(index, line)| (index + 1, line.to_string()))
        .collect()
}

/// The string literals of a source line, roughly: the text between double quotes.
fn literals(line: &str) -> Vec<String> {
    line.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

fn rust_files(folder: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

fn british_in(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    BRITISH.iter().copied().find(|word| lower.contains(word))
}

#[test]
fn no_british_spelling_in_what_a_learner_reads() {
    let mut found = Vec::new();
    let mut documents = vec!["README.md".to_string()];
    for entry in std::fs::read_dir("data").unwrap().flatten() {
        let name = entry.path().display().to_string();
        if name.ends_with(".toml") || name.ends_with(".tsv") {
            documents.push(name);
        }
    }
    for document in &documents {
        for (number, line) in text_lines(document) {
            if let Some(word) = british_in(&line) {
                found.push(format!("{document}:{number}: {word:?} in {line:?}"));
            }
        }
    }
    let mut sources = Vec::new();
    rust_files(std::path::Path::new("src"), &mut sources);
    assert!(sources.len() > 40, "the source folder was not found");
    for source in sources {
        let text = std::fs::read_to_string(&source).unwrap();
        for (index, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for literal in literals(line) {
                if let Some(word) = british_in(&literal) {
                    found.push(format!("{}:{}: {word:?} in \"{literal}\"", source.display(), index + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "British spellings:\n{}", found.join("\n"));
}

#[test]
fn the_checker_sees_a_british_spelling() {
    assert_eq!(british_in("Practise them now"), Some("practis"));
    assert_eq!(british_in("a port map colored by recall"), None);
    assert_eq!(literals(r#"format!("{} behaviour", x)"#), ["{} behaviour"]);
}

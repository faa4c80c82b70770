//! Checks of the code's own rules, written down in ARCHITECTURE.md: the pipeline's
//! dependency direction, IO only at the edge, a documented grammar, rule files in place.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to: `src/rules/raw.rs` → `rules`.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(root().join("src")).expect("under src");
    let first = rel
        .components()
        .next()
        .expect("non-empty")
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Which modules each module may use, following the pipeline
/// read → segment → facts → rules → diagnostics → render, with the CLI on top.
const ALLOWED: &[(&str, &[&str])] = &[
    ("span", &[]),
    ("source", &["span"]),
    ("diagnostic", &["span", "source"]),
    ("segment", &["span"]),
    ("article", &["span", "source", "diagnostic"]),
    ("config", &["span", "source", "diagnostic", "words"]),
    ("suppress", &["span", "source", "diagnostic", "words"]),
    ("extract", &["span", "segment"]),
    ("words", &[]),
    ("evidence", &["words"]),
    ("facts", &["span", "segment", "article", "extract", "words", "evidence"]),
    ("lang", &["span"]),
    ("matcher", &["span", "lang", "segment"]),
    ("textcmp", &["span", "words"]),
    ("query", &["span", "lang", "words", "evidence", "textcmp"]),
    (
        "rules",
        &["span", "source", "diagnostic", "lang", "matcher", "query", "article"],
    ),
    (
        "engine",
        &[
            "span",
            "source",
            "diagnostic",
            "article",
            "segment",
            "extract",
            "facts",
            "matcher",
            "query",
            "rules",
            "textcmp",
        ],
    ),
    ("render", &["span", "source", "diagnostic", "article"]),
    (
        "testing",
        &["span", "source", "diagnostic", "article", "extract", "rules", "engine"],
    ),
];

#[test]
fn modules_only_use_modules_before_them_in_the_pipeline() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let module = module_of(file);
        if module == "cli" || module == "main" || module == "lib" {
            continue;
        }
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == module) else {
            violations.push(format!(
                "{}: module `{module}` is missing from the table in tests/tidy.rs and ARCHITECTURE.md",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable");
        for (i, line) in text.lines().enumerate() {
            for used in line.split("crate::").skip(1) {
                let name: String = used.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() && name != module && !allowed.contains(&name.as_str()) {
                    violations.push(format!("{}:{}: `{module}` uses `{name}`", file.display(), i + 1));
                }
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn only_the_command_line_touches_files_and_the_terminal() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let forbidden = [
        "std::fs",
        "fs::read",
        "stdin()",
        "stdout()",
        "stderr()",
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "process::exit",
    ];
    let mut violations = Vec::new();
    for file in &files {
        let module = module_of(file);
        if module == "cli" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("readable");
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for f in forbidden {
                if line.contains(f) {
                    violations.push(format!("{}:{}: `{f}` outside the command line", file.display(), i + 1));
                }
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn every_grammar_rule_is_documented() {
    let grammar = std::fs::read_to_string(root().join("grammar/factlint.pest")).expect("grammar");
    let lines: Vec<&str> = grammar.lines().collect();
    let mut undocumented = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let is_rule = line
            .split_once(" = ")
            .is_some_and(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if is_rule && !(i > 0 && lines[i - 1].starts_with("///")) {
            undocumented.push(format!("grammar/factlint.pest:{}: {line}", i + 1));
        }
    }
    assert!(
        undocumented.is_empty(),
        "rules without a `///` comment:\n{}",
        undocumented.join("\n")
    );
}

#[test]
fn rule_files_live_in_packs() {
    for pack in std::fs::read_dir(root().join("rules")).expect("rules folder").flatten() {
        assert!(
            pack.path().is_dir(),
            "{}: rule files go in rules/<pack>/",
            pack.path().display()
        );
        for rule in std::fs::read_dir(pack.path()).expect("pack folder").flatten() {
            let path = rule.path();
            assert_eq!(
                path.extension().and_then(|e| e.to_str()),
                Some("toml"),
                "{}",
                path.display()
            );
        }
    }
}

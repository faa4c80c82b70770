//! Checks of the code's own rules, written down in ARCHITECTURE.md: the pipeline's
//! dependency direction, IO only at the edge, every module on the code map, a documented
//! grammar, rule files in place, no snapshot left behind.

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
/// read → segment → facts → rules → diagnostics → render, with the library pipeline that
/// runs them all and the front ends on top: the CLI (which may use everything) and the
/// language server.
const ALLOWED: &[(&str, &[&str])] = &[
    ("value", &[]),
    ("span", &[]),
    ("source", &["span"]),
    ("diagnostic", &["span", "source"]),
    ("fix", &["span", "source", "diagnostic"]),
    ("segment", &["span"]),
    ("markdown", &["span"]),
    ("article", &["span", "source", "diagnostic"]),
    ("ninjs", &["article"]),
    ("config", &["span", "source", "diagnostic", "words"]),
    ("suppress", &["span", "source", "diagnostic", "words"]),
    ("extract", &["value", "span", "segment"]),
    ("words", &[]),
    ("evidence", &["words"]),
    (
        "facts",
        &["value", "span", "segment", "article", "extract", "words", "evidence"],
    ),
    ("schema", &["value"]),
    ("lazy_regex", &[]),
    ("lang", &["value", "span", "schema"]),
    ("matcher", &["value", "span", "lang", "segment", "lazy_regex"]),
    ("textcmp", &["value", "span", "words"]),
    (
        "query",
        &[
            "value",
            "span",
            "lang",
            "schema",
            "words",
            "evidence",
            "textcmp",
            "lazy_regex",
        ],
    ),
    (
        "rules",
        &[
            "value",
            "span",
            "source",
            "diagnostic",
            "lang",
            "lazy_regex",
            "matcher",
            "query",
            "schema",
            "article",
        ],
    ),
    (
        "engine",
        &[
            "value",
            "span",
            "source",
            "diagnostic",
            "fix",
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
    (
        "render",
        &["value", "span", "source", "diagnostic", "article", "rules", "schema"],
    ),
    (
        "testing",
        &[
            "span",
            "source",
            "diagnostic",
            "fix",
            "article",
            "extract",
            "rules",
            "engine",
        ],
    ),
    (
        "pipeline",
        &[
            "value",
            "span",
            "source",
            "diagnostic",
            "markdown",
            "article",
            "ninjs",
            "config",
            "suppress",
            "lazy_regex",
            "extract",
            "rules",
            "engine",
            "render",
        ],
    ),
    // A front end like the command line, which is not listed: it may use everything.
    (
        "lsp",
        &["span", "source", "diagnostic", "article", "config", "rules", "pipeline"],
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

/// The places in `src` where a line contains one of `forbidden` outside the files `allowed`
/// (paths relative to `src`; a folder ends with `/`), comment lines left aside.
fn uses_outside(forbidden: &[&str], allowed: &[&str], what: &str) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(root().join("src"))
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if allowed
            .iter()
            .any(|a| rel == *a || (a.ends_with('/') && rel.starts_with(a)))
        {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("readable");
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for f in forbidden {
                if line.contains(f) {
                    violations.push(format!("{}:{}: `{f}` outside {what}", file.display(), i + 1));
                }
            }
        }
    }
    violations
}

#[test]
fn only_the_front_ends_touch_standard_streams_and_the_terminal() {
    let forbidden = [
        "stdin()",
        "stdout()",
        "stderr()",
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "process::exit",
        "is_terminal",
        "IsTerminal",
    ];
    let violations = uses_outside(
        &forbidden,
        &["cli/", "main.rs", "lsp/"],
        "the command line and the language server",
    );
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn only_the_pipelines_reading_and_the_front_ends_touch_files() {
    let forbidden = [
        "std::fs",
        "fs::read",
        "fs::write",
        "fs::metadata",
        "File::open",
        "File::create",
        "OpenOptions",
        "ignore::",
        "canonicalize",
        "env::current_dir",
        "read_dir",
        ".is_file()",
        ".is_dir()",
        ".exists()",
    ];
    let violations = uses_outside(
        &forbidden,
        &["cli/", "main.rs", "pipeline/input.rs", "lsp/"],
        "the pipeline's reading (src/pipeline/input.rs) and the front ends (command line, language server)",
    );
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// Every top-level module (a file or folder of `src`) has its row in the code map of
/// ARCHITECTURE.md, so that the map stays a map of the whole code.
#[test]
fn every_module_is_on_the_code_map() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root().join("src")).expect("src").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let named = if entry.path().is_dir() {
            format!("`src/{name}/")
        } else if name.ends_with(".rs") {
            format!("`src/{name}`")
        } else {
            continue;
        };
        if !map.contains(&named) {
            missing.push(format!("src/{name}"));
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "modules missing from the code map in ARCHITECTURE.md: {}",
        missing.join(", ")
    );
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

/// The snapshot names a test file uses: the string literal that names a snapshot
/// (`insta::assert_snapshot!("seed_story_human", …)`), or the name of the enclosing test
/// function when the macro is given none, as insta then names it.
fn snapshot_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices("_snapshot!(") {
        let args = text[at + "_snapshot!(".len()..].trim_start();
        let name = match args.strip_prefix('"') {
            Some(rest) => rest.split('"').next().unwrap_or_default().to_string(),
            None => text[..at]
                .rfind("fn ")
                .map(|f| {
                    text[f + 3..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect()
                })
                .unwrap_or_default(),
        };
        if !name.is_empty() {
            names.push(name);
        }
    }
    names
}

/// No snapshot in tests/snapshots is left behind by a renamed or deleted test, which
/// `cargo test` alone would never notice; CI runs this with the other tests, so it needs no
/// `cargo insta`.
///
/// insta names the file of a snapshot taken in `tests/<file>.rs` `<file>__<name>.snap`
/// (`cli__seed_story_human.snap`), and `<name>-2.snap`, `-3`… for further unnamed snapshots
/// of one function; a file that turns off `prepend_module_to_snapshot` gives `<name>.snap`.
/// Snapshots taken inside a nested module, whose files insta prefixes with the module too,
/// would be reported here: the tests keep their snapshots at the top level of the file.
#[test]
fn every_snapshot_file_belongs_to_a_test() {
    let tests = root().join("tests");
    let mut referenced: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&tests).expect("tests folder").flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stem = path.file_stem().expect("a file name").to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("readable test file");
        let bare = text.contains("prepend_module_to_snapshot(false)");
        for name in snapshot_names(&text) {
            referenced.push(format!("{stem}__{name}"));
            if bare {
                referenced.push(name);
            }
        }
    }
    let is_referenced = |stem: &str| {
        referenced.iter().any(|r| {
            stem == r
                || stem
                    .strip_prefix(r.as_str())
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
    };
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(tests.join("snapshots"))
        .expect("tests/snapshots")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".snap")
            && !is_referenced(stem)
        {
            orphans.push(format!("tests/snapshots/{name}"));
        }
    }
    orphans.sort();
    assert!(
        orphans.is_empty(),
        "snapshot files no test takes (delete them, or restore the test that named them):\n{}",
        orphans.join("\n")
    );
}

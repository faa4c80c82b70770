//! `factlint.toml` files, good and broken, with what they mean written inside them.
//!
//! Every `tests/fixtures/config/*.toml` is parsed as `desk/<name>`. Comment lines state
//! the expectations next to the text they are about:
//! - `#! L:C | words | message` — a problem of `parse`, its label starting at line L,
//!   column C (in characters) and covering `words`; the message contains `message`;
//! - `#? L:C | words | message` — the same for `Config::unknown_rules` with the built-in ids;
//! - `#= enabled RULE PATH yes|no`, `#= severity RULE DEFAULT EXPECTED`, `#= fail-on VALUE`,
//!   `#= rules PATH`, `#= aliases PATH` — what a configuration that parses means.
//!
//! `mistakes.toml` is also rendered with codespan-reporting and compared with
//! `mistakes.rendered.txt`; `UPDATE_EXPECT=1 cargo test` rewrites that file.

use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label as ReportLabel};
use codespan_reporting::term;
use factlint::config::{self, Config};
use factlint::diagnostic::{Problem, Severity};
use factlint::source::SourceDb;

/// The ids of the built-in rules.
const BUILTIN: &[&str] = &[
    "hygiene/publishing-residue",
    "hygiene/glued-words",
    "hygiene/article-agreement",
    "hygiene/doubled-word",
    "dates/weekday-mismatch",
    "dates/impossible-date",
    "dates/unresolved-relative-date",
    "dates/relative-day-word",
];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config")
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .expect("fixture folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// `L:C | words | message` of each problem, in the order given.
fn describe(db: &SourceDb, problems: &[Problem]) -> Vec<(String, String, String)> {
    problems
        .iter()
        .map(|p| {
            let label = p.label.as_ref().expect("config problems have a place");
            let file = db.get(label.file);
            let (line, column) = file.line_column(label.span.start);
            (
                format!("{line}:{column}"),
                label.span.text(file.text()).to_string(),
                p.message.clone(),
            )
        })
        .collect()
}

/// The annotations of kind `mark` (`#!` or `#?`) as `(L:C, words, message part)`.
fn annotations(text: &str, mark: &str) -> Vec<(String, String, String)> {
    text.lines()
        .filter_map(|l| l.strip_prefix(mark))
        .map(|rest| {
            let mut parts = rest.splitn(3, " | ");
            let mut next = || parts.next().expect("`L:C | words | message`").to_string();
            let (at, words, message) = (next(), next(), next());
            (at.trim().to_string(), words, message)
        })
        .collect()
}

fn compare(name: &str, got: &[(String, String, String)], want: &[(String, String, String)]) {
    let show = |v: &[(String, String, String)]| {
        v.iter()
            .map(|(a, w, m)| format!("{a} | {w} | {m}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let matches = got.len() == want.len()
        && got
            .iter()
            .zip(want)
            .all(|(g, w)| g.0 == w.0 && g.1 == w.1 && g.2.contains(&w.2));
    assert!(matches, "{name}\n--- got:\n{}\n--- want:\n{}", show(got), show(want));
}

fn check_meaning(name: &str, config: &Config, text: &str) {
    let severity = |s: &str| match s {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "info" => Severity::Info,
        other => panic!("{name}: unknown severity {other}"),
    };
    let mut rules = Vec::new();
    let mut aliases = Vec::new();
    for line in text.lines().filter_map(|l| l.strip_prefix("#= ")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["enabled", rule, path, yes] => assert_eq!(
                config.enabled(rule, Path::new(path)),
                *yes == "yes",
                "{name}: enabled {rule} {path}"
            ),
            ["severity", rule, default, want] => {
                assert_eq!(
                    config.severity(rule, severity(default)),
                    severity(want),
                    "{name}: {line}"
                )
            }
            ["fail-on", value] => assert_eq!(config.fail_on(), Some(*value), "{name}"),
            ["rules", path] => rules.push(PathBuf::from(path)),
            ["aliases", path] => aliases.push(PathBuf::from(path)),
            _ => panic!("{name}: cannot read `#= {line}`"),
        }
    }
    assert_eq!(config.rule_paths(), rules, "{name}: rule paths");
    assert_eq!(config.alias_paths(), aliases, "{name}: alias paths");
}

#[test]
fn configuration_files() {
    let files = fixtures();
    assert!(files.len() >= 4, "fixtures missing");
    for path in files {
        let name = path.file_name().expect("a file").to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("fixture");
        let mut db = SourceDb::new();
        let result = config::parse(&mut db, &format!("desk/{name}"), &text);
        let want = annotations(&text, "#! ");
        match result {
            Err(problems) => compare(&name, &describe(&db, &problems), &want),
            Ok(config) => {
                compare(&name, &[], &want);
                let unknown = config.unknown_rules(BUILTIN);
                compare(&name, &describe(&db, &unknown), &annotations(&text, "#? "));
                check_meaning(&name, &config, &text);
            }
        }
    }
}

fn render(db: &SourceDb, problems: &[Problem]) -> String {
    let config = term::Config::default();
    let mut out = String::new();
    for p in problems {
        let mut report = Report::error().with_message(&p.message).with_notes(p.notes.clone());
        if let Some(label) = &p.label {
            report = report.with_labels(vec![
                ReportLabel::primary(label.file, label.span.start..label.span.end).with_message(&label.message),
            ]);
        }
        term::emit_to_string(&mut out, &config, db, &report).expect("renders");
    }
    out
}

#[test]
fn rendered_problems_match_the_snapshot() {
    let text = std::fs::read_to_string(fixture_dir().join("mistakes.toml")).expect("fixture");
    let mut db = SourceDb::new();
    let problems = config::parse(&mut db, "desk/factlint.toml", &text).expect_err("the fixture is broken");
    let rendered = render(&db, &problems);
    let snapshot = fixture_dir().join("mistakes.rendered.txt");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&snapshot, &rendered).expect("writable fixture folder");
    }
    let want = std::fs::read_to_string(&snapshot).unwrap_or_default();
    assert!(
        rendered == want,
        "rendering changed; rerun with UPDATE_EXPECT=1 and review:\n{rendered}"
    );
}

#[test]
fn the_starter_file_is_a_valid_configuration_with_no_unknown_rules() {
    let mut db = SourceDb::new();
    let config = config::parse(&mut db, config::FILE_NAME, config::STARTER).expect("starter parses");
    assert!(config.unknown_rules(BUILTIN).is_empty());
    assert_eq!(config.fail_on(), Some("error"));
}

/// A small deterministic generator, so the fuzz loop needs no extra crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

const PIECES: &[&str] = &[
    "select",
    "ignore",
    "fail-on",
    "rules",
    "aliases",
    "[severity]",
    "[[per-path]]",
    "paths",
    " = ",
    "\n",
    "[",
    "]",
    "\"",
    "'",
    ",",
    "hygiene",
    "/",
    "glued-words",
    "*",
    "{",
    "}",
    "é",
    "“",
    "\\u00e9",
    "\\",
    "#",
    "error",
    "=",
    ".",
    "1",
    "true",
    "'''",
    "\"\"\"",
    " ",
    "\r\n",
    "😀",
];

#[test]
fn no_panic_and_spans_on_char_boundaries_for_generated_files() {
    let mut rng = Lcg(11);
    for _ in 0..3000 {
        let len = rng.next(30);
        let text: String = (0..len).map(|_| PIECES[rng.next(PIECES.len())]).collect();
        let mut db = SourceDb::new();
        let problems = match config::parse(&mut db, "factlint.toml", &text) {
            Ok(config) => {
                let _ = config.enabled("hygiene/glued-words", Path::new("a/b.md"));
                config.unknown_rules(BUILTIN)
            }
            Err(problems) => problems,
        };
        for p in problems {
            let span = p.label.expect("located").span;
            assert!(
                span.start <= span.end && text.get(span.start..span.end).is_some(),
                "bad span {span:?} in {text:?}"
            );
        }
    }
}

//! In-place suppressions on news articles: which findings survive, and what factlint adds.
//!
//! Each article in `tests/fixtures/suppress/` has a `.toml` beside it listing the findings
//! handed to `apply` (with `expect = "kept"` or `"dropped"`), the diagnostics `apply` must
//! append (rule, line:column, covered words) and the rule names of the comments.

use std::path::{Path, PathBuf};

use factlint::diagnostic::{Diagnostic, Label, Severity};
use factlint::source::{FileId, SourceFile};
use factlint::span::Span;
use factlint::suppress;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    names: Vec<String>,
    #[serde(default, rename = "finding")]
    findings: Vec<Finding>,
    #[serde(default)]
    added: Vec<Added>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Finding {
    rule: String,
    words: String,
    #[serde(default = "first")]
    nth: usize,
    /// A file id other than the article's, for findings of another file.
    file: Option<u32>,
    expect: String,
}

fn first() -> usize {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Added {
    rule: String,
    at: String,
    words: String,
}

const ARTICLE: FileId = FileId(0);

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/suppress");
    let mut articles: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e != "toml"))
        .collect();
    articles.sort();
    articles
}

/// The span of the `nth` occurrence of `words` in `text`.
fn locate(text: &str, words: &str, nth: usize) -> Span {
    let start = text
        .match_indices(words)
        .nth(nth - 1)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("occurrence {nth} of `{words}` not in the article"));
    Span::new(start, start + words.len())
}

fn finding(text: &str, f: &Finding) -> Diagnostic {
    Diagnostic {
        rule: f.rule.clone(),
        severity: Severity::Warning,
        message: format!("finding on `{}`", f.words),
        primary: Label::new(f.file.map_or(ARTICLE, FileId), locate(text, &f.words, f.nth), ""),
        secondary: Vec::new(),
        notes: Vec::new(),
        help: None,
        fix: None,
    }
}

/// `rule line:column words` of a diagnostic, as written in the fixtures.
fn describe(file: &SourceFile, d: &Diagnostic) -> String {
    let (line, column) = file.line_column(d.primary.span.start);
    format!("{} {line}:{column} {}", d.rule, d.primary.span.text(file.text()))
}

fn check(article: &Path) {
    let text = std::fs::read_to_string(article).expect("article");
    let expect: Expect =
        toml::from_str(&std::fs::read_to_string(article.with_extension("toml")).expect("expectations"))
            .expect("valid expectations");
    let file = SourceFile::new(article.display().to_string(), text.clone());
    let suppressions = suppress::parse(&text, ARTICLE);

    let names: Vec<&str> = suppressions.names().iter().map(|n| n.span.text(&text)).collect();
    assert_eq!(names, expect.names, "{}: rule names", article.display());

    let input: Vec<Diagnostic> = expect.findings.iter().map(|f| finding(&text, f)).collect();
    let mut wanted: Vec<String> = expect
        .findings
        .iter()
        .zip(&input)
        .filter(|(f, _)| {
            assert!(
                matches!(f.expect.as_str(), "kept" | "dropped"),
                "expect is kept or dropped"
            );
            f.expect == "kept"
        })
        .map(|(_, d)| describe(&file, d))
        .collect();
    wanted.extend(expect.added.iter().map(|a| format!("{} {} {}", a.rule, a.at, a.words)));

    let got: Vec<String> = suppressions.apply(input).iter().map(|d| describe(&file, d)).collect();
    assert_eq!(got, wanted, "{}", article.display());
}

#[test]
fn suppressions_in_news_articles() {
    let articles = fixtures();
    assert!(articles.len() >= 3, "fixtures missing");
    for article in articles {
        check(&article);
    }
}

#[test]
fn comment_spans_cover_every_factlint_comment_and_nothing_else() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/suppress/council.md"))
            .expect("article");
    let spans = suppress::parse(&text, ARTICLE).comment_spans();
    let comments: Vec<&str> = spans.iter().map(|s| s.text(&text)).collect();
    let expected: Vec<&str> = text.lines().filter_map(|l| l.find("<!--").map(|i| &l[i..])).collect();
    assert_eq!(comments, expected);
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
    "<!--",
    "-->",
    "<!-- ",
    " -->",
    "factlint-disable",
    "factlint-enable",
    "factlint-disable-next-line",
    "factlint-disable-line",
    "factlint",
    "FACTLINT-",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    ",",
    " -- ",
    "--",
    "hygiene",
    "/",
    "glued-words",
    "dates/weekday-mismatch",
    "é",
    "“",
    "”",
    "😀",
    "\u{a0}",
    "Pompeo",
    "said",
    "-",
    "!",
];

#[test]
fn no_panic_and_spans_on_char_boundaries_for_generated_text() {
    let mut rng = Lcg(7);
    for _ in 0..3000 {
        let len = rng.next(40);
        let text: String = (0..len).map(|_| PIECES[rng.next(PIECES.len())]).collect();
        let s = suppress::parse(&text, ARTICLE);
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let diagnostics: Vec<Diagnostic> = (0..rng.next(6))
            .map(|k| {
                let a = boundaries[rng.next(boundaries.len())];
                let b = boundaries[rng.next(boundaries.len())];
                Diagnostic {
                    rule: ["hygiene/glued-words", "dates/weekday-mismatch", "x/y"][k % 3].to_string(),
                    severity: Severity::Warning,
                    message: String::new(),
                    primary: Label::new(ARTICLE, Span::new(a.min(b), a.max(b)), ""),
                    secondary: Vec::new(),
                    notes: Vec::new(),
                    help: None,
                    fix: None,
                }
            })
            .collect();
        let out = s.apply(diagnostics);
        let names = s.names();
        let spans = out
            .iter()
            .map(|d| d.primary.span)
            .chain(s.comment_spans())
            .chain(names.iter().map(|n| n.span))
            .chain(s.directives().iter().filter_map(|d| d.line));
        for span in spans {
            assert!(
                span.start <= span.end && text.get(span.start..span.end).is_some(),
                "bad span {span:?} in {text:?}"
            );
        }
    }
}

#[test]
fn pathological_input_stays_fast_enough_to_finish() {
    // 100,000 unclosed openers, and 10,000 directives with as many findings.
    let text = "<!-- factlint-disable ".repeat(100_000);
    assert_eq!(suppress::parse(&text, ARTICLE).bad().len(), 1);
    let text = "<!-- factlint-disable-next-line hygiene -->\nPompeoUS <!-- factlint-enable -->\n".repeat(10_000);
    let s = suppress::parse(&text, ARTICLE);
    let findings: Vec<Diagnostic> = text
        .match_indices("PompeoUS")
        .map(|(i, _)| Diagnostic {
            rule: "hygiene/glued-words".into(),
            severity: Severity::Warning,
            message: String::new(),
            primary: Label::new(ARTICLE, Span::new(i, i + 8), ""),
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        })
        .collect();
    assert!(s.apply(findings).iter().all(|d| d.rule == suppress::UNUSED_SUPPRESSION));
}

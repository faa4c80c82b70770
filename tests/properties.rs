//! Properties over generated news-like text, through the library: every span of every fact
//! and diagnostic lies on char boundaries inside its file and every label's text is the
//! file's bytes; byte offsets, lines and columns (in characters and in UTF-16 units)
//! convert both ways; no renderer panics; extraction gives the same facts and findings
//! whatever the number of threads; and `check --fix` run twice changes nothing the first run
//! did not.
//!
//! The text is built from the seed story's sentences cut and mixed with quotation marks,
//! figures, dates, names, front matter, Markdown, line endings and random Unicode, so that
//! the extractors meet the shapes of news copy, broken in the ways copy gets broken.

use std::sync::OnceLock;

use factlint::diagnostic::{Diagnostic, Edit, Fix, Label, Safety, Severity};
use factlint::pipeline::{self, Input, Options};
use factlint::render;
use factlint::rules::RuleSet;
use factlint::source::{SourceDb, SourceFile};
use factlint::span::Span;
use proptest::prelude::*;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The sentences of the seed story and of the draft example.
fn sentences() -> &'static [String] {
    static SENTENCES: OnceLock<Vec<String>> = OnceLock::new();
    SENTENCES.get_or_init(|| {
        let mut out = Vec::new();
        for name in [
            "baghdad/nbc-news.txt",
            "baghdad/the-hill.txt",
            "draft/draft.md",
            "draft/wires/wire-a.txt",
            "draft/wires/wire-b.txt",
        ] {
            let text = std::fs::read_to_string(format!("{ROOT}/examples/{name}")).expect("example article");
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                out.extend(line.split_inclusive(". ").map(str::to_string).filter(|s| s.len() > 3));
            }
        }
        out
    })
}

/// One piece of news-like text.
fn fragment() -> impl Strategy<Value = String> {
    let n = sentences().len();
    prop_oneof![
        // A sentence of the examples, whole or cut anywhere (on a char boundary).
        4 => (0..n, any::<prop::sample::Index>()).prop_map(|(i, cut)| {
            let s = &sentences()[i];
            let bounds: Vec<usize> = s.char_indices().map(|(b, _)| b).chain([s.len()]).collect();
            let at = bounds[cut.index(bounds.len())];
            if at > s.len() / 2 { s[..at].to_string() } else { s.clone() }
        }),
        2 => prop::sample::select(vec![
            "“", "”", "‘", "’", "\"", "'", "« ", " »", "„", "“We will not leave,” ", "”, he said. ",
            "said", " declined to comment", " told reporters", ", a spokesperson said",
        ]).prop_map(str::to_string),
        2 => prop::sample::select(vec![
            "32", "1,000", "more than 200 people", "$1.2 billion", "1.2bn dollars", "23 dead",
            "Twenty-three people", "one hundred and five", "3.5%", "0", "-7", "10,000,000,000,000,000,000",
            "1st", "42nd", "½", "٣", "١٢٣",
        ]).prop_map(str::to_string),
        2 => prop::sample::select(vec![
            "Monday", "on Wednesday, Dec. 3, 2020", "February 30", "31 April", "yesterday", "last week",
            "Jan. 3", "2020-12-03", "in 1999", "at 3 p.m.", "Thursday 2020-12-03", "the 0th of March",
        ]).prop_map(str::to_string),
        2 => prop::sample::select(vec![
            "Secretary of State Mike Pompeo", "Defense Secretary Mike Pompeo", "the State Department",
            "Washington Post", "Washington post", "Vasquez", "Vazquez", "Lake Kivu", "Baghdad", "U.S.",
            "Mr. ", "Dr. ", "Lt. Gen. ", "PompeoMichael", "the the", "a American",
        ]).prop_map(str::to_string),
        3 => prop::sample::select(vec![
            " ", " ", "\n", "\n\n", "\r\n", "\r", "\t", ". ", "? ", "! ", "… ", "—", " - ", "(", ")", "[", "]",
            "<!-- factlint-disable-next-line -->\n", "<!-- factlint-disable dates -->", "<!-- factlint-enable -->",
            "```\n", "`", "# ", "* ", "> ", "[link](http://example.com/a b)", "<b>", "&amp;", "\\",
        ]).prop_map(str::to_string),
        1 => "[a-zA-Z0-9 .,“”\n]{0,12}",
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
        1 => prop::collection::vec(any::<char>(), 0..4).prop_map(|cs| cs.into_iter().collect()),
    ]
}

/// An article: news-like fragments, sometimes after front matter or a date line.
fn article() -> impl Strategy<Value = String> {
    let head = prop::sample::select(vec![
        "",
        "",
        "date 2020-12-03\n",
        "---\ndate: 2020-12-02\nsource: Wire A\n---\n",
        "+++\ndate = 2020-12-03\n+++\n",
        "\u{feff}",
    ]);
    (head, prop::collection::vec(fragment(), 0..40)).prop_map(|(head, parts)| format!("{head}{}", parts.concat()))
}

/// A story: a few articles, Markdown or plain text, one of them perhaps a reference.
fn story() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((any::<bool>(), article()), 1..4).prop_map(|articles| {
        articles
            .into_iter()
            .enumerate()
            .map(|(i, (md, text))| (format!("desk/story/a{i}.{}", if md { "md" } else { "txt" }), text))
            .collect()
    })
}

fn buffers(story: &[(String, String)]) -> Vec<Input> {
    story
        .iter()
        .map(|(name, text)| Input::Buffer {
            name: name.clone(),
            text: text.clone(),
        })
        .collect()
}

fn options() -> Options {
    Options {
        date: Some(jiff::civil::date(2020, 12, 3)),
        ..Options::default()
    }
}

/// Whether `span` lies inside `text` on char boundaries.
fn sound(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// Every `{"start", "end"}` object inside `fact`.
fn fact_spans(fact: &Value, out: &mut Vec<Span>) {
    match fact {
        Value::Object(map) => {
            if let (Some(start), Some(end), 2) = (
                map.get("start").and_then(Value::as_u64),
                map.get("end").and_then(Value::as_u64),
                map.len(),
            ) {
                out.push(Span::new(start as usize, end as usize));
            } else {
                map.values().for_each(|v| fact_spans(v, out));
            }
        }
        Value::Array(items) => items.iter().for_each(|v| fact_spans(v, out)),
        _ => {}
    }
}

/// Every object of `value` with a `span` and a `text` has the bytes of its span in `file` as
/// its text (docs/facts.md), except a `quote` fact itself, whose text is its quoted words.
fn texts_are_bytes(file: &str, value: &Value, top: bool) -> Result<(), TestCaseError> {
    match value {
        Value::Object(map) => {
            let quote = top && map.get("kind").and_then(Value::as_str) == Some("quote");
            if let (Some(span), Some(words), false) = (map.get("span"), map.get("text").and_then(Value::as_str), quote)
            {
                let mut spans = Vec::new();
                fact_spans(span, &mut spans);
                prop_assert_eq!(spans.first().map(|s| s.text(file)), Some(words), "{}", value);
            }
            for v in map.values() {
                texts_are_bytes(file, v, false)?;
            }
        }
        Value::Array(items) => {
            for v in items {
                texts_are_bytes(file, v, false)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The byte offset of 1-based `line` and `column`, with columns counted by `width` per
/// character: the inverse of `SourceFile::line_column` and `line_column_utf16`.
fn offset_of(text: &str, line: usize, column: usize, width: fn(char) -> usize) -> usize {
    let start = text.split_inclusive('\n').take(line - 1).map(str::len).sum::<usize>();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units == column - 1 {
            return start + i;
        }
        units += width(c);
    }
    assert_eq!(units, column - 1, "column past the end of the text");
    text.len()
}

fn check_labels(db: &SourceDb, diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    for d in diagnostics {
        for l in std::iter::once(&d.primary).chain(&d.secondary) {
            let text = db.get(l.file).text();
            prop_assert!(
                sound(text, l.span),
                "{}: label {:?} of {}",
                d.rule,
                l.span,
                db.get(l.file).name()
            );
        }
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            prop_assert!(sound(db.get(e.file).text(), e.span), "{}: fix at {:?}", d.rule, e.span);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// A whole check: every label and fix lies on char boundaries of its file, and in the
    /// JSON output every label's text is the file's bytes at its offsets, at the line and
    /// column the source database gives.
    #[test]
    fn diagnostics_point_at_the_files_bytes(story in story()) {
        let outcome = pipeline::check(&buffers(&story), &options());
        prop_assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        check_labels(&outcome.db, &outcome.diagnostics)?;
        let doc: Value = serde_json::from_str(&render::json(&outcome.db, &outcome.diagnostics, &outcome.summary, &outcome.unreadable, &outcome.notices))
            .expect("JSON output");
        for d in doc["diagnostics"].as_array().expect("diagnostics") {
            for l in std::iter::once(&d["primary"]).chain(d["secondary"].as_array().expect("secondary")) {
                let (_, text) = story.iter().find(|(n, _)| n == l["path"].as_str().expect("path")).expect("a story file");
                let (start, end) = (l["start"].as_u64().expect("start") as usize, l["end"].as_u64().expect("end") as usize);
                prop_assert_eq!(l["text"].as_str().expect("text"), &text[start..end]);
                let file = SourceFile::new("x", text.as_str());
                let (line, column) = file.line_column(start);
                prop_assert_eq!((l["line"].as_u64(), l["column"].as_u64()), (Some(line as u64), Some(column as u64)));
            }
        }
    }

    /// `factlint facts`: every span inside every fact is the file's, on char boundaries, and
/// every text is the bytes of its span.
    #[test]
    fn fact_spans_lie_on_char_boundaries(story in story()) {
        let found = pipeline::facts(&buffers(&story), &options());
        prop_assert!(found.problems.is_empty());
        let articles: Vec<_> = found.stories.iter().flat_map(|s| &s.articles).collect();
        prop_assert_eq!(articles.len() + found.unreadable.len(), story.len());
        for (article, facts) in articles.iter().zip(&found.facts) {
            let file = found.db.get(article.file);
            let text = file.text();
            for fact in facts {
                // As `factlint facts` prints it.
                let fact = &fact.to_json();
                let mut spans = Vec::new();
                fact_spans(fact, &mut spans);
                for span in spans {
                    prop_assert!(sound(text, span), "{span:?} in {fact}");
                }
                // The file's bytes; for Markdown, those of its prose, where markup and code
                // are blanked (same length, same lines).
                texts_are_bytes(file.prose(), fact, true)?;
            }
        }
    }

    /// Byte offset → line and column → byte offset, in characters and in UTF-16 units, for
    /// every char boundary; an offset inside a character or past the end is placed at the
    /// boundary before it.
    #[test]
    fn offsets_lines_and_columns_round_trip(text in article(), extra in 0usize..8) {
        let file = SourceFile::new("a.txt", text.as_str());
        for b in (0..=text.len() + extra).rev() {
            let (line, column) = file.line_column(b);
            let (line16, column16) = file.line_column_utf16(b);
            prop_assert_eq!(line, line16);
            let floor = (0..=b.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).expect("0 is a boundary");
            prop_assert_eq!(line, text[..floor].matches('\n').count() + 1);
            prop_assert_eq!(offset_of(&text, line, column, |_| 1), floor);
            prop_assert_eq!(offset_of(&text, line16, column16, char::len_utf16), floor);
            prop_assert_eq!(file.line_of(floor), line - 1);
        }
    }

    /// Every renderer takes any diagnostics whose spans lie on char boundaries — long
    /// lines, labels across lines, labels in other files, empty spans, messages with line
    /// breaks and control characters — without panicking.
    #[test]
    fn renderers_never_panic(
        texts in prop::collection::vec(article(), 1..3),
        labels in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<prop::sample::Index>(), ".{0,20}"), 1..12),
        message in ".{0,40}",
    ) {
        let mut db = SourceDb::new();
        let files: Vec<_> = texts.iter().enumerate().map(|(i, t)| db.add(format!("desk/a{i}.md"), t.as_str())).collect();
        let mut diagnostics = Vec::new();
        for (k, (f, a, b, note)) in labels.iter().enumerate() {
            let file = files[f.index(files.len())];
            let text = db.get(file).text();
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let (x, y) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
            let label = Label::new(file, Span::new(x.min(y), x.max(y)), note.clone());
            match diagnostics.last_mut() {
                Some(d) if k % 3 == 1 => {
                    let d: &mut Diagnostic = d;
                    d.secondary.push(label);
                }
                _ => diagnostics.push(Diagnostic {
                    rule: format!("house/rule-{}", k % 4),
                    severity: [Severity::Info, Severity::Warning, Severity::Error][k % 3],
                    message: format!("{message} {k}"),
                    fix: (k % 2 == 0).then(|| Fix {
                        safety: Safety::Safe,
                        edits: vec![Edit { file, span: label.span, replacement: note.clone() }],
                    }),
                    primary: label,
                    secondary: Vec::new(),
                    notes: vec![note.clone()],
                    help: Some(message.clone()),
                }),
            }
        }
        let summary = render::Summary::new(&diagnostics, files.len());
        let rules = RuleSet::default();
        for color in [false, true] {
            let _ = render::human(&db, &diagnostics, &summary, color);
        }
        let _ = render::concise(&db, &diagnostics, &summary);
        let json: Value = serde_json::from_str(&render::json(&db, &diagnostics, &summary, &[], &[])).expect("JSON");
        prop_assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(diagnostics.len()));
        let _ = render::jsonl(&db, &diagnostics, &[], &[]);
        let sarif: Value = serde_json::from_str(&render::sarif(&db, &diagnostics, &rules, &[], &[], None)).expect("SARIF is JSON");
        prop_assert_eq!(&sarif["version"], "2.1.0");
        let _ = render::github(&db, &diagnostics, &[], &[]);
    }

}

proptest! {
    // Each case runs the whole pipeline six times.
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    /// The same facts and findings with one thread and with two, run after run.
    #[test]
    fn extraction_is_deterministic_and_independent_of_threads(story in story()) {
        let inputs = buffers(&story);
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
            pool.install(|| {
                let found = pipeline::facts(&inputs, &options());
                let checked = pipeline::check(&inputs, &options());
                (found.facts, found.entities, checked.diagnostics)
            })
        };
        let one = run(1);
        prop_assert_eq!(&one, &run(1));
        prop_assert_eq!(&one, &run(2));
    }
}

proptest! {
    // Each case runs `check --fix` twice, each a few rounds of the whole pipeline.
    #![proptest_config(ProptestConfig { cases: 5, ..ProptestConfig::default() })]

    /// Fixing twice is fixing once: `check --fix` (safe fixes, or unsafe ones too) leaves a
    /// text that a second `check --fix` does not change.
    #[test]
    fn fixing_twice_is_fixing_once(text in article(), markdown in any::<bool>(), unsafe_fixes in any::<bool>()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(if markdown { "draft.md" } else { "draft.txt" });
        std::fs::write(&path, &text).expect("writable");
        let fix = || {
            let mut args = vec!["factlint", "check", "--fix", "--date", "2020-12-03", "--fail-on", "never"];
            if unsafe_fixes {
                args.push("--unsafe-fixes");
            }
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let path = path.to_string_lossy().into_owned();
            let code = factlint::cli::run(args.into_iter().map(String::from).chain([path]), &mut out, &mut err, factlint::cli::Terminals::default());
            (code, String::from_utf8_lossy(&err).into_owned())
        };
        let (code, err) = fix();
        // Text that is not an article (broken front matter, say) is reported and left alone.
        prop_assert!(code == 0 || code == 2, "{code}: {err}");
        let once = std::fs::read_to_string(&path).expect("readable");
        let (again, err) = fix();
        prop_assert_eq!(again, code, "{}", err);
        prop_assert_eq!(std::fs::read_to_string(&path).expect("readable"), once);
    }
}

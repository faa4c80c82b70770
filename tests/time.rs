//! Data-driven tests of the temporal-expression extractor.
//!
//! Each fixture file under `tests/fixtures/time/` holds cases:
//!
//! ```text
//! === name
//! date 2020-12-03            (or `date none`)
//! ---
//! article text
//! ---
//! Wednesday | date | 2020-12-02 | day | DATE 2020-12-02
//! Jan. 3@2 | date | - | day | DATE XXXX-01-03 | partial
//! ! February 31, 2019
//! ~ the weeks ahead | duration | - | week | DURATION PXW
//! ```
//!
//! An expectation names the exact words (`@n` for the n-th occurrence), the fact
//! kind, the interval (`-` for none, one day, or `start..end`), the precision, the
//! TIMEX3 type and value, and optional flags (`mismatch`, `dayword`, `partial`,
//! `unresolved`). `!` lines are impossible dates. `~` lines are known gaps: counted
//! in recall, not required to pass. The article is read as a file whose first line
//! is the `date` line, so spans are checked at real byte offsets past a header.
//! Set `FACTLINT_TIME_DUMP=1` to print what the extractor finds, in this syntax.

#![allow(
    clippy::print_stdout,
    reason = "the fixtures' precision and recall are reported on standard output"
)]

use factlint::extract::time::{TimeExpr, extract_times};
use factlint::span::Span;
use std::fmt::Write as _;

struct Case {
    file: String,
    name: String,
    published: Option<jiff::civil::Date>,
    body: String,
    expects: Vec<Expect>,
}

struct Expect {
    line: String,
    text: String,
    nth: usize,
    fields: Vec<String>,
    gap: bool,
    invalid: bool,
}

fn parse_fixture(file: &str, src: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for chunk in src.split("\n=== ").skip(1) {
        let (name, rest) = chunk.split_once('\n').expect("case name line");
        let (date_line, rest) = rest.split_once("\n---\n").expect("date line and ---");
        let (body, expects) = rest.split_once("\n---\n").expect("closing ---");
        let date = date_line.trim().strip_prefix("date ").expect("date line");
        let published = (date != "none").then(|| date.parse().expect("date"));
        let expects = expects
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(parse_expect)
            .collect();
        cases.push(Case {
            file: file.to_string(),
            name: name.trim().to_string(),
            published,
            body: body.to_string(),
            expects,
        });
    }
    cases
}

fn parse_expect(line: &str) -> Expect {
    let (gap, rest) = match line.strip_prefix("~ ") {
        Some(r) => (true, r),
        None => (false, line),
    };
    let (invalid, rest) = match rest.strip_prefix("! ") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let mut parts = rest.split(" | ").map(|s| s.trim().to_string());
    let head = parts.next().unwrap_or_default();
    let (text, nth) = match head.rsplit_once('@') {
        Some((t, n)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => {
            (t.to_string(), n.parse().unwrap_or(1))
        }
        _ => (head.clone(), 1),
    };
    Expect {
        line: line.to_string(),
        text,
        nth,
        fields: parts.collect(),
        gap,
        invalid,
    }
}

fn find_nth(hay: &str, needle: &str, nth: usize) -> Option<usize> {
    let mut from = 0;
    for _ in 1..nth {
        from += hay.get(from..)?.find(needle)? + needle.len();
    }
    hay.get(from..)?.find(needle).map(|i| i + from)
}

/// The fields of an extracted expression, in fixture syntax.
fn render(e: &TimeExpr) -> Vec<String> {
    let value = match e.value {
        None => "-".to_string(),
        Some(v) if v.start == v.end => v.start.to_string(),
        Some(v) => format!("{}..{}", v.start, v.end),
    };
    let mut fields = vec![
        e.kind.as_str().to_string(),
        value,
        e.precision.map_or("-", |p| p.as_str()).to_string(),
        format!("{} {}", e.timex_type.as_str(), e.timex_value),
    ];
    let mut flags = Vec::new();
    if e.weekday_mismatch() {
        flags.push("mismatch");
    }
    if e.relative_day_word {
        flags.push("dayword");
    }
    if e.partial.is_some() {
        flags.push("partial");
    }
    if e.unresolved_relative() {
        flags.push("unresolved");
    }
    if !flags.is_empty() {
        fields.push(flags.join(" "));
    }
    fields
}

#[derive(Default)]
struct Tally {
    expected: usize,
    extracted: usize,
    span_hits: usize,
    value_hits: usize,
}

/// Runs one case; returns failures and adds to the tally.
fn check(case: &Case, tally: &mut Tally, dump: &mut String) -> Vec<String> {
    let header = match case.published {
        Some(d) => format!("date {d}\n"),
        None => String::new(),
    };
    let text = format!("{header}{}", case.body);
    let body = Span::new(header.len(), text.len());
    let got = extract_times(&text, body, case.published);
    let mut fails = Vec::new();
    let where_ = format!("{}: {}", case.file, case.name);

    // Every span lies on char boundaries and says what it claims.
    for e in &got.exprs {
        assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        let fact = e.to_fact_json(&text);
        assert_eq!(fact["text"].as_str(), Some(e.span.text(&text)));
        assert_eq!(fact["span"]["start"].as_u64(), Some(e.span.start as u64));
    }

    let mut matched = vec![false; got.exprs.len()];
    let mut gap_spans = Vec::new();
    for ex in &case.expects {
        let Some(at) = find_nth(&case.body, &ex.text, ex.nth) else {
            fails.push(format!("{where_}: expected words not in the article: {}", ex.line));
            continue;
        };
        let span = Span::new(header.len() + at, header.len() + at + ex.text.len());
        if ex.invalid {
            if !got.invalid.iter().any(|d| d.span == span) {
                fails.push(format!("{where_}: impossible date not reported: {}", ex.line));
            }
            continue;
        }
        tally.expected += 1;
        if ex.gap {
            gap_spans.push(span);
        }
        match got.exprs.iter().position(|e| e.span == span) {
            Some(i) => {
                matched[i] = true;
                tally.span_hits += 1;
                let fields = render(&got.exprs[i]);
                if fields == ex.fields {
                    tally.value_hits += 1;
                } else if !ex.gap {
                    fails.push(format!(
                        "{where_}: {}\n    expected {}\n    got      {}",
                        ex.text,
                        ex.fields.join(" | "),
                        fields.join(" | ")
                    ));
                }
            }
            None if !ex.gap => {
                let near: Vec<_> = got
                    .exprs
                    .iter()
                    .filter(|e| e.span.overlaps(span))
                    .map(|e| e.text(&text).to_string())
                    .collect();
                fails.push(format!("{where_}: missed {:?} (overlapping: {near:?})", ex.line));
            }
            None => {}
        }
    }
    for (i, e) in got.exprs.iter().enumerate() {
        tally.extracted += 1;
        if !matched[i] && !gap_spans.iter().any(|g| g.overlaps(e.span)) {
            fails.push(format!(
                "{where_}: unexpected {} | {}",
                e.text(&text),
                render(e).join(" | ")
            ));
        }
    }
    let _ = writeln!(dump, "=== {where_}");
    for e in &got.exprs {
        let _ = writeln!(dump, "{} | {}", e.text(&text), render(e).join(" | "));
    }
    for d in &got.invalid {
        let _ = writeln!(dump, "! {}", d.span.text(&text));
    }
    fails
}

#[test]
fn time_fixtures() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/time");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut tally = Tally::default();
    let mut fails = Vec::new();
    let mut dump = String::new();
    for p in &paths {
        let src = std::fs::read_to_string(p).expect("fixture");
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for case in parse_fixture(&name, &src) {
            fails.extend(check(&case, &mut tally, &mut dump));
        }
    }
    if std::env::var_os("FACTLINT_TIME_DUMP").is_some() {
        println!("{dump}");
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "time fixtures: {} expected, {} extracted; spans P {:.3} R {:.3}; values P {:.3} R {:.3}",
        tally.expected,
        tally.extracted,
        ratio(tally.span_hits, tally.extracted),
        ratio(tally.span_hits, tally.expected),
        ratio(tally.value_hits, tally.extracted),
        ratio(tally.value_hits, tally.expected),
    );
    assert!(tally.expected >= 150, "fewer than 150 expressions in the fixtures");
    assert!(fails.is_empty(), "{} failures:\n{}", fails.len(), fails.join("\n"));
}

/// Odd input never panics and every span stays on char boundaries.
#[test]
fn odd_input_is_safe() {
    let digits = "9".repeat(100_000);
    let quotes = "\u{201c}".repeat(10_000);
    let word = "a".repeat(1 << 20);
    let inputs = [
        digits.as_str(),
        quotes.as_str(),
        word.as_str(),
        "31/31/31 and 99/99/9999 and 12/31/99999",
        "\u{0661}\u{0662}/\u{0663}/\u{0662}\u{0660}\u{0662}\u{0660} \u{ff11}\u{ff12} January",
        "January 3\u{0301}, 2020 — the end of the end of the end of the end of the year",
        "2020-99-99 2020-02-30 0000-01-01 9999-12-31 Jan. Jan. Jan.",
        "the the the the early early mid- late- the 1990s' '90s '9",
        "in 2099999999 on Friday, Dec. 32 — Feb. 29, 2021 and 12:99 p.m. and 13 p.m.",
        "the past 9999 decades, the next 9999 centuries, 9999 quarters ago, 9999 years from now",
        "",
        "é",
    ];
    for s in inputs {
        for published in [
            None,
            Some(jiff::civil::date(2020, 12, 3)),
            Some(jiff::civil::date(9999, 12, 31)),
        ] {
            let got = extract_times(s, Span::new(0, s.len()), published);
            for e in &got.exprs {
                assert!(s.is_char_boundary(e.span.start) && s.is_char_boundary(e.span.end));
                assert!(e.span.end <= s.len());
                let _ = e.to_fact_json(s);
            }
            for d in &got.invalid {
                assert!(s.is_char_boundary(d.span.start) && s.is_char_boundary(d.span.end));
            }
        }
    }
    // A body span off char boundaries or past the end is clamped, not a panic.
    let s = "é Friday";
    let got = extract_times(s, Span::new(1, 999), Some(jiff::civil::date(2020, 12, 3)));
    assert!(got.exprs.iter().all(|e| s.is_char_boundary(e.span.start)));
}

//! Data-driven tests for the number and quantity extractor.
//!
//! Each fixture under `tests/fixtures/number/` is news-style text with the expected quantities
//! written under the line they point at:
//!
//! ```text
//! More than 1,000 people fled, officials said.
//! ^^^^^^^^^^^^^^^^^^^^^^ 1000.. people b=more-than
//! ```
//!
//! A line whose first non-blank character is `^` annotates the closest text line above it: the
//! carets mark the span (in characters), then come the value (`N`, `N..M`, `N..`, `..M`), the
//! unit (`-` for none, `_` for a space) and flags: `~` approximate, `ord` ordinal, `vague`,
//! `frac` fraction, `b=BOUND`. Lines starting with `#` are comments. Every quantity the
//! extractor finds that is not annotated counts against precision, so text without
//! annotations asserts that nothing is a quantity there ("in 2018", "12:30", "COVID-19").

#![allow(
    clippy::print_stdout,
    reason = "the fixtures' precision and recall are reported on standard output"
)]

use std::fmt::Write as _;
use std::path::Path;

use factlint::extract::number::extract_numbers;
use factlint::span::Span;
use factlint::value::Value;

/// One expected or found quantity, in the terms of the JSON contract.
#[derive(Clone, Debug, PartialEq)]
struct Fact {
    start: usize,
    end: usize,
    min: Option<f64>,
    max: Option<f64>,
    unit: Option<String>,
    approximate: bool,
    ordinal: bool,
    vague: bool,
    fraction: bool,
    bound: Option<String>,
}

impl Fact {
    fn same_value(&self, o: &Fact) -> bool {
        let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-6 * x.abs().max(1.0) + 0.01,
            (None, None) => true,
            _ => false,
        };
        close(self.min, o.min)
            && close(self.max, o.max)
            && self.unit == o.unit
            && self.approximate == o.approximate
            && self.ordinal == o.ordinal
            && self.vague == o.vague
            && self.fraction == o.fraction
            && self.bound == o.bound
    }

    fn describe(&self, text: &str) -> String {
        let f = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x}"));
        let value = if self.min == self.max {
            f(self.min)
        } else {
            format!("{}..{}", f(self.min), f(self.max))
        };
        let mut s = format!(
            "{:?} {} {}",
            text.get(self.start..self.end).unwrap_or("?"),
            value,
            self.unit.as_deref().unwrap_or("-").replace(' ', "_")
        );
        for (on, name) in [
            (self.approximate, "~"),
            (self.ordinal, "ord"),
            (self.vague, "vague"),
            (self.fraction, "frac"),
        ] {
            if on {
                s.push(' ');
                s.push_str(name);
            }
        }
        if let Some(b) = &self.bound {
            let _ = write!(s, " b={b}");
        }
        s
    }
}

/// A fixture: its text and the quantities annotated in it.
struct Fixture {
    text: String,
    expected: Vec<Fact>,
}

fn parse_value(v: &str) -> (Option<f64>, Option<f64>) {
    let num = |s: &str| -> Option<f64> {
        if s.is_empty() {
            None
        } else {
            Some(s.parse().unwrap_or_else(|_| panic!("bad value {s:?}")))
        }
    };
    match v.split_once("..") {
        Some((a, b)) => (num(a), num(b)),
        None => (num(v), num(v)),
    }
}

fn parse_fixture(src: &str) -> Fixture {
    let mut text = String::new();
    let mut expected = Vec::new();
    // Byte offset of the last text line and the line itself.
    let mut last: Option<(usize, String)> = None;
    for line in src.lines() {
        let trimmed = line.trim_start();
        if line.starts_with('#') {
            continue;
        }
        if trimmed.starts_with('^') {
            let (offset, target) = last.as_ref().expect("annotation before any text line");
            let col = line.chars().take_while(|c| *c == ' ').count();
            let width = trimmed.chars().take_while(|c| *c == '^').count();
            let byte = |chars: usize| -> usize { target.char_indices().nth(chars).map_or(target.len(), |(b, _)| b) };
            let start = offset + byte(col);
            let end = offset + byte(col + width);
            let mut fields = trimmed[width..].split_whitespace();
            let (min, max) = parse_value(fields.next().expect("annotation needs a value"));
            let unit = match fields.next().expect("annotation needs a unit") {
                "-" => None,
                u => Some(u.replace('_', " ")),
            };
            let mut fact = Fact {
                start,
                end,
                min,
                max,
                unit,
                approximate: false,
                ordinal: false,
                vague: false,
                fraction: false,
                bound: None,
            };
            for flag in fields {
                match flag {
                    "~" => fact.approximate = true,
                    "ord" => fact.ordinal = true,
                    "vague" => fact.vague = true,
                    "frac" => fact.fraction = true,
                    b if b.starts_with("b=") => fact.bound = Some(b[2..].to_string()),
                    other => panic!("unknown flag {other:?} in {line:?}"),
                }
            }
            expected.push(fact);
            continue;
        }
        last = Some((text.len(), line.to_string()));
        text.push_str(line);
        text.push('\n');
    }
    Fixture { text, expected }
}

fn fact_from_json(v: &Value, text: &str) -> Fact {
    assert_eq!(v["kind"], "number");
    let start = v["span"]["start"].as_u64().expect("span.start") as usize;
    let end = v["span"]["end"].as_u64().expect("span.end") as usize;
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end) && start <= end);
    assert_eq!(v["text"].as_str(), text.get(start..end), "text is the span's bytes");
    Fact {
        start,
        end,
        min: v["value"]["min"].as_f64(),
        max: v["value"]["max"].as_f64(),
        unit: v["unit"].as_str().map(str::to_string),
        approximate: v["approximate"].as_bool().expect("approximate"),
        ordinal: v["ordinal"].as_bool().expect("ordinal"),
        vague: v["vague"].as_bool().expect("vague"),
        fraction: v["fraction"].as_bool().expect("fraction"),
        bound: v["bound"].as_str().map(str::to_string),
    }
}

/// Scores of one group of fixtures.
#[derive(Default)]
struct Score {
    expected: usize,
    found: usize,
    exact: usize,
    span_only: usize,
    report: String,
}

impl Score {
    fn precision(&self) -> f64 {
        self.exact as f64 / self.found.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.exact as f64 / self.expected.max(1) as f64
    }
}

/// Runs one fixture file and adds its results to `score`.
fn check(path: &Path, score: &mut Score) {
    let src = std::fs::read_to_string(path).expect("fixture is readable");
    let fx = parse_fixture(&src);
    let found: Vec<Fact> = extract_numbers(&fx.text, Span::new(0, fx.text.len()), &[])
        .iter()
        .map(|q| fact_from_json(&q.to_fact_json(&fx.text), &fx.text))
        .collect();
    score.expected += fx.expected.len();
    score.found += found.len();
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    for e in &fx.expected {
        match found.iter().find(|f| f.start == e.start && f.end == e.end) {
            Some(f) if f.same_value(e) => score.exact += 1,
            Some(f) => {
                score.span_only += 1;
                let _ = writeln!(
                    score.report,
                    "{name}: value differs: expected {}, found {}",
                    e.describe(&fx.text),
                    f.describe(&fx.text)
                );
            }
            None => {
                let _ = writeln!(score.report, "{name}: missed {}", e.describe(&fx.text));
            }
        }
    }
    for f in &found {
        if !fx.expected.iter().any(|e| e.start == f.start && e.end == f.end) {
            let _ = writeln!(score.report, "{name}: spurious {}", f.describe(&fx.text));
        }
    }
}

fn run_group(blind: bool) -> Score {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/number");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("blind") == blind)
        })
        .collect();
    paths.sort();
    let mut score = Score::default();
    for p in &paths {
        check(p, &mut score);
    }
    score
}

fn print_score(label: &str, s: &Score) {
    println!(
        "{label}: expected {}, found {}, exact {}, right span wrong value {}; precision {:.3}, recall {:.3}",
        s.expected,
        s.found,
        s.exact,
        s.span_only,
        s.precision(),
        s.recall()
    );
    print!("{}", s.report);
}

/// The fixtures written alongside the extractor: nearly everything must hold.
#[test]
fn fixtures_precision_and_recall() {
    let s = run_group(false);
    print_score("fixtures", &s);
    assert!(s.expected >= 100, "at least 100 annotated quantities");
    assert!(
        s.precision() >= 0.95 && s.recall() >= 0.95,
        "precision {:.3} recall {:.3}\n{}",
        s.precision(),
        s.recall(),
        s.report
    );
}

/// Fixtures written after the extractor was finished and never tuned on: an honest estimate,
/// held to a lower bar.
#[test]
fn blind_fixtures_precision_and_recall() {
    let s = run_group(true);
    print_score("blind fixtures", &s);
    assert!(
        s.precision() >= 0.75 && s.recall() >= 0.75,
        "precision {:.3} recall {:.3}\n{}",
        s.precision(),
        s.recall(),
        s.report
    );
}

/// The exclusion list drops quantities that overlap a time expression.
#[test]
fn exclude_skips_overlapping_quantities() {
    let text = "A few days later, 14 people fled and two sources spoke.";
    let all = extract_numbers(text, Span::new(0, text.len()), &[]);
    assert_eq!(all.len(), 3);
    let few_days = all[0].span;
    let kept = extract_numbers(text, Span::new(0, text.len()), &[Span::new(2, 10)]);
    assert_eq!(kept.len(), 2);
    assert!(kept.iter().all(|q| !q.span.overlaps(few_days)));
}

/// Only the body is read, and its ends are clamped to the text and to char boundaries.
#[test]
fn body_limits_the_search() {
    let text = "14 people. Then 20 more people arrived — “25 soldiers”";
    let start = text.find("Then").unwrap_or(0);
    let got = extract_numbers(text, Span::new(start, text.len() + 50), &[]);
    let texts: Vec<_> = got.iter().map(|q| q.span.text(text)).collect();
    assert_eq!(texts, ["20 more people", "25 soldiers"]);
    // A body that starts or ends inside a multi-byte character is moved to a boundary.
    let dash = text.find('—').unwrap_or(0);
    let got = extract_numbers(text, Span::new(dash + 1, text.len() - 1), &[]);
    for q in &got {
        assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
    }
}

/// Odd input never panics, and every span stays on char boundaries.
#[test]
fn odd_input_is_safe() {
    let digits = "9".repeat(100_000);
    let grouped = format!("1{}", ",000".repeat(30_000));
    let quotes = "“".repeat(10_000);
    let word = "a".repeat(1_000_000);
    let cases = [
        digits.as_str(),
        grouped.as_str(),
        quotes.as_str(),
        word.as_str(),
        "31/31/31",
        "١٢٣ people and ４５ soldiers and 𝟕 ships",
        "$",
        "$$$5",
        "5-",
        "-5",
        "5--6",
        "1,",
        "1.",
        ".5",
        "€",
        "10–",
        "twenty-",
        "-twenty",
        "a",
        "between",
        "between 10 and",
        "more than",
        "1e308 people 1e309",
        "99999999999999999999999999999999999999999 people",
        "0.0000000000000000000000000000000000001 percent",
        "one-two-three-four",
        "’s 5 ’",
        "5’s",
        "\u{0301}5\u{0301} people",
    ];
    for text in cases {
        let got = extract_numbers(text, Span::new(0, text.len()), &[]);
        for q in &got {
            assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
            let json = q.to_fact_json(text);
            assert_eq!(json["text"].as_str(), text.get(q.span.start..q.span.end));
        }
    }
    let digits_found = extract_numbers(&digits, Span::new(0, digits.len()), &[]);
    assert!(digits_found.is_empty(), "a 100,000-digit run is not an amount");
}

/// Random mixes of tricky pieces never panic and keep every span on char boundaries, in order
/// and without overlap.
#[test]
fn random_mixes_keep_the_invariants() {
    const PIECES: &[&str] = &[
        "1",
        "12",
        "1,000",
        "2018",
        "12.5",
        "$",
        "€5m",
        "£",
        "%",
        "-",
        "–",
        "—",
        "/",
        ":",
        ",",
        ".",
        " ",
        " ",
        " ",
        "\n",
        "“",
        "”",
        "’s",
        "'",
        "(",
        ")",
        "a",
        "one",
        "two",
        "twenty-five",
        "third",
        "half",
        "a few",
        "dozens of",
        "more than",
        "at least",
        "between",
        "and",
        "to",
        "or",
        "people",
        "officials",
        "U.S.",
        "Jan.",
        "May",
        "p.m.",
        "million",
        "bn",
        "percent",
        "of the",
        "No.",
        "COVID-19",
        "é",
        "日本",
        "١٢",
        "🙂",
        "\u{0301}",
        "magnitude",
        "aged",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..(seed % 40) {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            text.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
        }
        let found = extract_numbers(&text, Span::new(0, text.len()), &[]);
        let mut last_end = 0;
        for q in &found {
            assert!(q.span.start >= last_end, "ordered, no overlap in {text:?}");
            assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
            assert!(!q.span.is_empty(), "no empty span in {text:?}");
            last_end = q.span.end;
        }
    }
}

/// Numerals: every number written in digits, with thousands, decimals and a scale word; odd
/// input gives clean spans on char boundaries and no panic.
#[test]
fn numerals_are_every_number_in_digits_and_survive_odd_input() {
    use factlint::extract::number::find_numerals;
    let text = "Smith, 45, paid $1.2 million for 2,100 shares in 2019 — 3bn? No: 1,2,3.";
    let found: Vec<(&str, f64)> = find_numerals(text, Span::new(0, text.len()))
        .iter()
        .map(|n| (&text[n.span.start..n.span.end], n.value))
        .collect();
    assert_eq!(
        found,
        vec![
            ("45", 45.0),
            ("1.2 million", 1_200_000.0),
            ("2,100", 2100.0),
            ("2019", 2019.0),
            ("3bn", 3e9),
            ("1", 1.0),
            ("2", 2.0),
            ("3", 3.0),
        ]
    );
    // A 100,000-digit run is not a figure; multi-byte text around digits keeps spans on
    // char boundaries; a body past the end of the text is clamped.
    let long = format!("é{}é 7 ½", "9".repeat(100_000));
    let got = find_numerals(&long, Span::new(1, long.len() + 10));
    assert_eq!(got.len(), 1);
    assert_eq!(&long[got[0].span.start..got[0].span.end], "7");
    assert!(find_numerals("", Span::new(0, 0)).is_empty());
}

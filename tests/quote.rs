//! Data-driven tests for quotation, attribution, refusal and anonymous-source
//! extraction.
//!
//! Each `tests/fixtures/quote/NAME.txt` article has a `NAME.expect` file with one
//! expected fact per line, fields separated by tabs:
//!
//! ```text
//! quote        <first words of the quoted text>  <speaker | he>Antecedent | - | *>  [partial] [continued]
//! unbalanced   <text starting at the lone mark>
//! scare        <the scare quote, marks included>
//! refusal      <declined | no-response | unreachable | did-not-confirm | denied>  <subject | ->
//! anon         <description>  <count | ->  <reason prefix | ->
//! attribution  <source>  <cue>
//! ```
//!
//! A speaker of `*` is not checked; `he>Name` expects the pronoun "he" resolved to an
//! antecedent containing "Name". One helper runs every fixture, checks the invariants
//! every extraction keeps (spans on char boundaries, texts equal to their bytes), and
//! scores precision and recall per kind over the whole set.

#![allow(
    clippy::print_stdout,
    reason = "the fixtures' precision and recall are reported on standard output"
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use factlint::extract::quote::{QuoteExtraction, extract_quotes};
use factlint::span::Span;

/// Splits `body` into paragraphs at blank lines, or at every newline when the body has
/// no blank line, as the caller's segmenter does.
fn paragraphs(text: &str, body: Span) -> Vec<Span> {
    let b = &text[body.start..body.end];
    let blank = b.contains("\n\n");
    let mut out = Vec::new();
    let mut push = |s: usize, e: usize| {
        let seg = &b[s..e];
        let lead = seg.len() - seg.trim_start().len();
        let t = seg.trim();
        if !t.is_empty() {
            out.push(Span::new(body.start + s + lead, body.start + s + lead + t.len()));
        }
    };
    let mut start = 0;
    let bytes = b.as_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\n' && (!blank || bytes.get(i + 1) == Some(&b'\n')) {
            push(start, i);
            start = i + 1;
        }
    }
    push(start, bytes.len());
    out
}

/// The body of a fixture: after a leading `date YYYY-MM-DD`, when there is one.
fn body_of(text: &str) -> Span {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    if rest.starts_with("date ") && rest.len() >= 15 {
        return Span::new(lead + 15, text.len());
    }
    Span::new(0, text.len())
}

/// Runs the extractor over a whole file.
fn extract(text: &str) -> QuoteExtraction {
    let body = body_of(text);
    extract_quotes(text, body, &paragraphs(text, body))
}

/// Checks that every span lies on char boundaries inside the text and that every JSON
/// "text" is exactly the bytes of its span (the quotation's words for a quote).
fn check_invariants(text: &str, ex: &QuoteExtraction) {
    let ok = |s: Span| {
        s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
    };
    for q in &ex.quotes {
        assert!(
            ok(q.span) && ok(q.text_span) && q.span.contains(q.text_span),
            "bad quote span {q:?}"
        );
        assert!(
            q.parts.iter().all(|&p| ok(p) && q.text_span.contains(p)),
            "bad part {q:?}"
        );
    }
    for fact in ex.to_fact_json(text) {
        let span = &fact["span"];
        let (Some(s), Some(e)) = (span["start"].as_u64(), span["end"].as_u64()) else {
            panic!("fact without span: {fact}");
        };
        let span = Span::new(s as usize, e as usize);
        assert!(ok(span), "span off char boundary: {fact}");
        if fact["kind"] != "quote" {
            assert_eq!(
                fact["text"].as_str(),
                Some(span.text(text)),
                "text differs from its span: {fact}"
            );
        }
        for key in ["speaker", "source", "subject", "cue", "reason"] {
            let v = &fact[key];
            if let (Some(s), Some(e)) = (v["span"]["start"].as_u64(), v["span"]["end"].as_u64()) {
                let sub = Span::new(s as usize, e as usize);
                assert!(ok(sub), "{key} span off char boundary: {fact}");
                assert_eq!(v["text"].as_str(), Some(sub.text(text)), "{key} text differs: {fact}");
            }
        }
    }
}

/// Matched, predicted and expected counts of one kind of fact.
#[derive(Default)]
struct Score {
    matched: usize,
    predicted: usize,
    expected: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.matched as f64 / self.predicted as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.matched as f64 / self.expected as f64
        }
    }
}

/// Greedily matches expected keys against predicted keys; returns the unmatched ones.
fn score<F: Fn(&str, &str) -> bool>(
    s: &mut Score,
    expected: &[String],
    predicted: &[String],
    eq: F,
    misses: &mut String,
    what: &str,
    file: &str,
) {
    s.expected += expected.len();
    s.predicted += predicted.len();
    let mut used = vec![false; predicted.len()];
    for e in expected {
        match predicted.iter().enumerate().find(|(i, p)| !used[*i] && eq(e, p)) {
            Some((i, _)) => {
                used[i] = true;
                s.matched += 1;
            }
            None => {
                let _ = writeln!(misses, "{file}: missed {what}: {e}");
            }
        }
    }
    for (i, p) in predicted.iter().enumerate() {
        if !used[i] {
            let _ = writeln!(misses, "{file}: unexpected {what}: {p}");
        }
    }
}

/// A speaker field of a predicted quote, in the expectation syntax.
fn speaker_key(text: &str, q: &factlint::extract::quote::Quote) -> String {
    match q.speaker {
        None => "-".into(),
        Some(s) => match s.antecedent {
            Some(a) => format!("{}>{}", s.span.text(text), a.text(text)),
            None => s.span.text(text).to_string(),
        },
    }
}

/// True when an expected speaker matches a predicted one.
fn speaker_matches(expected: &str, predicted: &str) -> bool {
    if expected == "*" {
        return true;
    }
    match expected.split_once('>') {
        Some((p, name)) => predicted
            .split_once('>')
            .is_some_and(|(pp, ant)| pp == p && ant.contains(name)),
        None => predicted.split_once('>').map_or(predicted, |(p, _)| p) == expected,
    }
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quote");
    // Each `.expect` file names its article: a `.txt` beside it, or for the seed story the
    // article of the same name in `examples/baghdad/`.
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/baghdad");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "expect"))
        .map(|p| {
            let beside = p.with_extension("txt");
            if beside.exists() {
                beside
            } else {
                examples.join(p.file_name().expect("named")).with_extension("txt")
            }
        })
        .collect();
    names.sort();
    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    let mut speakers = Score::default();
    let mut report = String::new();
    for path in &names {
        let text = std::fs::read_to_string(path).expect("fixture text");
        let expect = std::fs::read_to_string(dir.join(path.file_name().expect("named")).with_extension("expect"))
            .expect("expectations");
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("?").to_string();
        let ex = extract(&text);
        check_invariants(&text, &ex);
        let mut want: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for line in expect.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let (kind, rest) = line.split_once('\t').unwrap_or((line, ""));
            want.entry(kind).or_default().push(rest.to_string());
        }
        // Quotations: found by their first words, then the speaker and flags compared.
        let quotes: Vec<_> = ex.quotes.iter().filter(|q| !q.nested).collect();
        let pred_q: Vec<String> = quotes
            .iter()
            .map(|q| {
                let words: Vec<&str> = q.parts.iter().map(|p| p.text(&text)).collect();
                let mut k = format!("{}\t{}", words.join(" "), speaker_key(&text, q));
                if q.partial {
                    k.push_str("\tpartial");
                }
                if q.continued {
                    k.push_str("\tcontinued");
                }
                k
            })
            .collect();
        let want_q = want.remove("quote").unwrap_or_default();
        let found_q = |e: &str, p: &str| {
            let prefix = e.split('\t').next().unwrap_or("");
            p.starts_with(prefix)
        };
        score(
            scores.entry("quote").or_default(),
            &want_q,
            &pred_q,
            found_q,
            &mut report,
            "quote",
            &file,
        );
        for e in &want_q {
            let f: Vec<&str> = e.split('\t').collect();
            let Some(p) = pred_q.iter().find(|p| found_q(e, p)) else {
                continue;
            };
            let pf: Vec<&str> = p.split('\t').collect();
            speakers.expected += 1;
            let partial_ok = f.contains(&"partial") == pf.contains(&"partial")
                && (!f.contains(&"continued") || pf.contains(&"continued"));
            if speaker_matches(f.get(1).copied().unwrap_or("-"), pf.get(1).copied().unwrap_or("-")) && partial_ok {
                speakers.matched += 1;
            } else {
                let _ = writeln!(report, "{file}: speaker/flags of {e:?}: got {p:?}");
            }
        }
        let pred_u: Vec<String> = ex
            .unbalanced
            .iter()
            .map(|u| text[u.start..].chars().take(12).collect())
            .collect();
        let want_u = want.remove("unbalanced").unwrap_or_default();
        score(
            scores.entry("unbalanced").or_default(),
            &want_u,
            &pred_u,
            |e, p| p.starts_with(e) || e.starts_with(p),
            &mut report,
            "unbalanced",
            &file,
        );
        let pred_s: Vec<String> = ex.scare.iter().map(|s| s.text(&text).to_string()).collect();
        let want_s = want.remove("scare").unwrap_or_default();
        score(
            scores.entry("scare").or_default(),
            &want_s,
            &pred_s,
            |e, p| e == p,
            &mut report,
            "scare",
            &file,
        );
        let pred_r: Vec<String> = ex
            .refusals
            .iter()
            .map(|r| format!("{}\t{}", r.kind.as_str(), r.subject.map_or("-", |s| s.span.text(&text))))
            .collect();
        let want_r = want.remove("refusal").unwrap_or_default();
        score(
            scores.entry("refusal").or_default(),
            &want_r,
            &pred_r,
            |e, p| e == p,
            &mut report,
            "refusal",
            &file,
        );
        let pred_a: Vec<String> = ex
            .anonymous
            .iter()
            .map(|a| {
                format!(
                    "{}\t{}\t{}",
                    a.span.text(&text),
                    a.count.map_or("-".to_string(), |c| c.to_string()),
                    a.reason.map_or("-", |r| r.text(&text))
                )
            })
            .collect();
        let want_a = want.remove("anon").unwrap_or_default();
        let anon_eq = |e: &str, p: &str| {
            let (ef, pf): (Vec<&str>, Vec<&str>) = (e.split('\t').collect(), p.split('\t').collect());
            ef.len() == 3 && pf.len() == 3 && ef[0] == pf[0] && ef[1] == pf[1] && pf[2].starts_with(ef[2])
        };
        score(
            scores.entry("anonymous-source").or_default(),
            &want_a,
            &pred_a,
            anon_eq,
            &mut report,
            "anon",
            &file,
        );
        let pred_t: Vec<String> = ex
            .attributions
            .iter()
            .map(|a| format!("{}\t{}", a.source.span.text(&text), a.cue.text(&text)))
            .collect();
        let want_t = want.remove("attribution").unwrap_or_default();
        // Attributions are scored on recall only: the fixtures list the ones that matter
        // to rules, not every reporting clause.
        let mut tscore = Score::default();
        let mut tmiss = String::new();
        score(
            &mut tscore,
            &want_t,
            &pred_t,
            |e, p| e == p,
            &mut tmiss,
            "attribution",
            &file,
        );
        for l in tmiss.lines().filter(|l| l.contains("missed")) {
            let _ = writeln!(report, "{l}");
        }
        let t = scores.entry("attribution (recall)").or_default();
        t.expected += tscore.expected;
        t.matched += tscore.matched;
        t.predicted += tscore.matched;
        assert!(want.is_empty(), "{file}: unknown expectation kinds {:?}", want.keys());
    }
    let mut table = String::from("kind                  expected  P      R\n");
    for (k, s) in &scores {
        let _ = writeln!(
            table,
            "{k:<22}{:>8}  {:.3}  {:.3}",
            s.expected,
            s.precision(),
            s.recall()
        );
    }
    let _ = writeln!(
        table,
        "speaker+flags accuracy{:>8}  {:.3}",
        speakers.expected,
        speakers.recall()
    );
    println!("{report}\n{table}");
    let q = &scores["quote"];
    assert!(q.expected >= 100, "at least 100 expected quotations");
    assert!(scores["refusal"].expected >= 30 && scores["anonymous-source"].expected >= 30);
    assert!(
        q.precision() >= 0.95 && q.recall() >= 0.95,
        "quotations below 0.95:\n{report}\n{table}"
    );
    assert!(speakers.recall() >= 0.85, "speakers below 0.85:\n{report}\n{table}");
    for k in ["refusal", "anonymous-source"] {
        let s = &scores[k];
        assert!(
            s.precision() >= 0.85 && s.recall() >= 0.85,
            "{k} below 0.85:\n{report}\n{table}"
        );
    }
}

/// Pathological inputs finish, keep every span valid and never panic.
#[test]
fn pathological_inputs() {
    let cases: Vec<String> = vec![
        "“".repeat(10_000),
        "”".repeat(10_000),
        "‘".repeat(10_000) + &"’".repeat(10_000),
        "“a ".repeat(5_000) + &"” ".repeat(5_000),
        "\"".repeat(10_001),
        "'".repeat(10_000),
        "x".repeat(1 << 20),
        format!("He said “{}”", "é".repeat(1 << 19)),
        "said ".repeat(20_000),
        "a senior official said ".repeat(5_000),
        "declined to comment. ".repeat(5_000),
        "“A,” he said. ".repeat(5_000),
        "1".repeat(100_000),
        "“x”\n\n".repeat(5_000),
        "“open\n\n“again\n\n".repeat(3_000),
        "saying, “x”".into(),
        "and said “x” he".into(),
        "“x,” said".into(),
        "declined to comment".into(),
        "’’’ '' ‘ “ ” « » „".into(),
    ];
    for text in &cases {
        let ex = extract(text);
        check_invariants(text, &ex);
        assert!(ex.quotes.len() <= text.len());
    }
}

/// Paragraph spans outside the body or off char boundaries are ignored, not trusted.
#[test]
fn bad_paragraph_spans_are_skipped() {
    let text = "“Déjà vu,” she said.";
    let ex = extract_quotes(text, Span::new(0, text.len()), &[Span::new(2, 5), Span::new(0, 999)]);
    check_invariants(text, &ex);
    assert!(ex.quotes.is_empty());
}

//! Throughput of mention finding (MB/s) and the cost of resolving stories of
//! 100 and 1,000 articles, which should differ by about ten times.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use factlint::extract::entity::{AliasTable, Mention, find_mentions, resolve};
use factlint::span::Span;

/// Crude sentences: split after . ! ? followed by a space and a capital, and at newlines.
fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let split = c == '\n'
            || (matches!(c, '.' | '!' | '?')
                && bytes.get(end) == Some(&b' ')
                && text[end + 1..].chars().next().is_some_and(char::is_uppercase));
        if split {
            if end > start {
                out.push(Span::new(start, end));
            }
            start = end;
        }
    }
    if start < text.len() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// The plain text of every fixture article (annotations removed) and the seeds.
fn articles() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entity");
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("story")
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
            let src = std::fs::read_to_string(f).expect("article");
            out.push(strip_marks(&src));
        }
    }
    out
}

fn strip_marks(src: &str) -> String {
    let mut out = String::new();
    let mut rest = src;
    while let Some(open) = rest.find("[[") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let (Some(bar), Some(close)) = (after.find('|'), after.find("]]")) else {
            break;
        };
        out.push_str(&after[..bar]);
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

fn bench_find(c: &mut Criterion) {
    let arts = articles();
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for a in &arts {
            text.push_str(a);
            text.push('\n');
        }
    }
    let sents = sentences(&text);
    let mut g = c.benchmark_group("find_mentions");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("news_1MB", |b| {
        b.iter(|| find_mentions(black_box(&text), Span::new(0, text.len()), &sents))
    });
    let word = "Abcdefgh".repeat(1 << 17);
    g.throughput(Throughput::Bytes(word.len() as u64));
    g.bench_function("one_1MB_word", |b| {
        b.iter(|| find_mentions(black_box(&word), Span::new(0, word.len()), &[]))
    });
    let names = "John Smith ".repeat(1 << 16);
    g.throughput(Throughput::Bytes(names.len() as u64));
    g.bench_function("one_700KB_name_run", |b| {
        b.iter(|| find_mentions(black_box(&names), Span::new(0, names.len()), &[]))
    });
    g.finish();
}

fn bench_resolve(c: &mut Criterion) {
    let arts = articles();
    let mentions: Vec<Vec<Mention>> = arts
        .iter()
        .map(|t| find_mentions(t, Span::new(0, t.len()), &sentences(t)))
        .collect();
    let mut g = c.benchmark_group("resolve");
    for n in [100usize, 1000] {
        let docs: Vec<&[Mention]> = (0..n).map(|i| mentions[i % mentions.len()].as_slice()).collect();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("articles", n), &docs, |b, docs| {
            b.iter(|| resolve(black_box(docs), &[AliasTable::builtin()]))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_find, bench_resolve);
criterion_main!(benches);

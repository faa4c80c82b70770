//! Throughput of quotation extraction on news copy: the fixture articles repeated to
//! about one megabyte, and a pathological nest of quotation marks.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use factlint::extract::quote::extract_quotes;
use factlint::span::Span;

/// Paragraph spans at blank lines, as the caller's segmenter gives them.
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices("\n\n") {
        if i > start {
            out.push(Span::new(start, i));
        }
        start = i + 2;
    }
    if start < text.len() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// The fixture articles, concatenated and repeated to at least `size` bytes.
fn corpus(size: usize) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quote");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let one: String = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| t + "\n\n")
        .collect();
    let mut text = String::with_capacity(size + one.len());
    while text.len() < size && !one.is_empty() {
        text.push_str(&one);
    }
    text
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("quote");
    let news = corpus(1 << 20);
    let paras = paragraphs(&news);
    group.throughput(Throughput::Bytes(news.len() as u64));
    group.bench_function("news_1mb", |b| {
        b.iter(|| extract_quotes(black_box(&news), Span::new(0, news.len()), black_box(&paras)))
    });
    let marks = "“".repeat(5_000) + &"”".repeat(5_000);
    let mark_paras = [Span::new(0, marks.len())];
    group.throughput(Throughput::Bytes(marks.len() as u64));
    group.bench_function("nested_marks_10k", |b| {
        b.iter(|| extract_quotes(black_box(&marks), Span::new(0, marks.len()), &mark_paras))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

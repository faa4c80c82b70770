//! Throughput of the number extractor on news-style text and on pathological input.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use factlint::extract::number::extract_numbers;
use factlint::span::Span;

/// The fixture sentences without their annotation and comment lines, repeated to about 1 MB.
fn news_corpus() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/number");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let mut one = String::new();
    for p in paths {
        let Ok(src) = std::fs::read_to_string(&p) else {
            continue;
        };
        for line in src.lines() {
            let t = line.trim_start();
            if !(t.starts_with('^') || line.starts_with('#')) {
                one.push_str(line);
                one.push('\n');
            }
        }
    }
    assert!(!one.is_empty(), "fixtures are present");
    one.repeat((1 << 20) / one.len() + 1)
}

fn bench(c: &mut Criterion) {
    let corpus = news_corpus();
    let mut g = c.benchmark_group("extract_numbers");
    g.throughput(Throughput::Bytes(corpus.len() as u64));
    g.bench_function("news_1MB", |b| {
        b.iter(|| extract_numbers(black_box(&corpus), Span::new(0, corpus.len()), &[]))
    });
    let odd = [
        ("digits_1MB", "7".repeat(1 << 20)),
        ("grouped_1MB", format!("1{}", ",000".repeat(1 << 18))),
        ("word_1MB", "a".repeat(1 << 20)),
        ("quotes_1MB", "“".repeat((1 << 20) / 3)),
        ("numbers_1MB", "12 to 15 more than 1,000 people ".repeat((1 << 20) / 32)),
    ];
    for (name, text) in &odd {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(*name, |b| {
            b.iter(|| extract_numbers(black_box(text), Span::new(0, text.len()), &[]))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

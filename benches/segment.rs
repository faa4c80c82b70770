//! Throughput of the segmenter on news copy.
//!
//! The two seed articles are repeated to about 1 MB; criterion reports the
//! throughput in bytes per second for segmentation alone and for UTF-8
//! validation of the raw bytes (what reading a file costs once it is in
//! memory) followed by segmentation.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use factlint::segment::segment;
use factlint::span::Span;
use std::hint::black_box;

/// The seed articles, repeated to at least one megabyte, as one text.
fn corpus() -> String {
    let seeds = [
        include_str!("../examples/baghdad/the-hill.txt"),
        include_str!("../examples/baghdad/nbc-news.txt"),
    ];
    let mut text = String::with_capacity(1 << 20);
    while text.len() < 1 << 20 {
        for seed in seeds {
            text.push_str(seed);
            text.push_str("\n\n");
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let bytes = text.clone().into_bytes();
    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("news_1mb", |b| {
        b.iter(|| segment(black_box(&text), Span::new(0, text.len())))
    });
    group.bench_function("read_and_segment_news_1mb", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&bytes)).unwrap_or("");
            segment(text, Span::new(0, text.len()))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

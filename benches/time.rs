//! Throughput of temporal-expression extraction on the article bodies of the time
//! fixtures: all of them (dense with time expressions) and the two seed news
//! articles alone (ordinary news copy).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use factlint::extract::time::extract_times;
use factlint::span::Span;
use std::hint::black_box;

/// The article bodies of the fixture files whose names pass `keep`, repeated to
/// about 4 MiB.
fn corpus(keep: impl Fn(&str) -> bool) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/time");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
        .collect();
    paths.sort();
    let mut bodies = String::new();
    for p in paths {
        let Ok(src) = std::fs::read_to_string(&p) else {
            continue;
        };
        // A case is "=== name / date line / --- / body / --- / expectations".
        for case in src.split("\n=== ").skip(1) {
            if let Some(body) = case.split("\n---\n").nth(1) {
                bodies.push_str(body);
                bodies.push_str("\n\n");
            }
        }
    }
    let mut text = String::with_capacity(4 << 20);
    while !bodies.is_empty() && text.len() < 4 << 20 {
        text.push_str(&bodies);
    }
    text
}

fn bench(c: &mut Criterion) {
    let fixtures = corpus(|_| true);
    let seeds = corpus(|name| name == "seeds.txt");
    let published = jiff::civil::date(2020, 12, 3);
    let mut g = c.benchmark_group("time");
    g.sample_size(10);
    for (name, text) in [("fixtures", &fixtures), ("seeds", &seeds)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| extract_times(black_box(text), Span::new(0, text.len()), Some(published)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

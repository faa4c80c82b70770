//! Cost of checking one story as it grows: a draft against generated references, in stories
//! of 10, 100 and 1,000 articles, with the built-in rules. Fact rules join facts by key, so
//! ten times the articles must cost about ten times as much, not a hundred.

#![allow(missing_docs, reason = "criterion generates the bench entry points")]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use factlint::article::{Article, Meta, Role};
use factlint::engine::{self, Story};
use factlint::rules;
use factlint::source::SourceDb;
use factlint::span::Span;

/// Articles in the style of the seed story, each from its own outlet and with its own
/// wording, so that quotations, dates and numbers differ between them as in real coverage.
fn story(db: &mut SourceDb, n: usize) -> Story {
    let root = env!("CARGO_MANIFEST_DIR");
    let seeds = [
        std::fs::read_to_string(format!("{root}/examples/baghdad/the-hill.txt")).expect("seed article"),
        std::fs::read_to_string(format!("{root}/examples/baghdad/nbc-news.txt")).expect("seed article"),
    ];
    let words = [
        "highest", "top", "first", "main", "greatest", "foremost", "chief", "key",
    ];
    let mut articles = Vec::new();
    for i in 0..n {
        let text = seeds[i % 2]
            .replace("highest priority", &format!("{} priority", words[i % words.len()]))
            .replace("January 3", &format!("January {}", 1 + i % 28))
            .replace("Two sources", &format!("{} sources", 2 + i % 7));
        let file = db.add(format!("outlet-{i}.txt"), text.clone());
        articles.push(Article {
            file,
            body: Span::new(0, text.len()),
            meta: Meta {
                source: format!("outlet {i}"),
                date: factlint::article::parse_date("2020-12-03"),
                role: if i == 0 { Role::Draft } else { Role::Reference },
                ..Meta::default()
            },
        });
    }
    Story {
        key: "bench".into(),
        articles,
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("story");
    group.sample_size(10);
    for n in [10, 100, 1000] {
        let mut db = SourceDb::new();
        let (rules, problems) = rules::load_builtin(&mut db);
        assert!(problems.is_empty(), "built-in rules load");
        let story = story(&mut db, n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("check_articles", n), &story, |b, story| {
            b.iter(|| {
                black_box(engine::check_story_with(
                    &db,
                    story,
                    &rules.iter().collect::<Vec<_>>(),
                    &[factlint::extract::entity::AliasTable::builtin()],
                ))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

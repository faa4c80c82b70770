//! Throughput of the pipeline on news text: reading (UTF-8 check, front matter) plus
//! segmentation, and a whole check with the built-in rules.
//!
//! The corpus is the example story repeated to about one megabyte, so that figures are in
//! MB/s of real news copy.

#![allow(missing_docs, reason = "criterion generates the bench entry points")]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use factlint::article::{self, Role};
use factlint::engine;
use factlint::rules;
use factlint::segment;
use factlint::source::SourceDb;

fn corpus() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let a = std::fs::read_to_string(format!("{root}/examples/baghdad/the-hill.txt")).expect("seed article");
    let b = std::fs::read_to_string(format!("{root}/examples/baghdad/nbc-news.txt")).expect("seed article");
    let mut text = String::from("date 2020-12-03\n");
    while text.len() < 1 << 20 {
        text.push_str(&a);
        text.push_str("\n\n");
        text.push_str(&b);
        text.push_str("\n\n");
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);

    group.bench_function("read_and_segment", |b| {
        b.iter(|| {
            let mut db = SourceDb::new();
            let file = article::add_text(&mut db, "corpus.txt", text.clone().into_bytes()).expect("text");
            let art = article::parse(&db, file, "corpus", Role::Draft).expect("valid article");
            black_box(segment::segment(db.get(file).text(), art.body))
        })
    });

    let mut db = SourceDb::new();
    let (rules, problems) = rules::load_builtin(&mut db);
    assert!(problems.is_empty(), "built-in rules load");
    let file = db.add("corpus.txt", text.clone());
    let art = article::parse(&db, file, "corpus", Role::Draft).expect("valid article");
    let story = engine::Story {
        key: String::new(),
        articles: vec![art],
    };
    // Token rules only: one article of a megabyte is not a story, and fact rules are measured
    // on stories of many articles in `story.rs`.
    let token_rules: Vec<_> = rules
        .iter()
        .filter(|r| matches!(r.kind, rules::RuleKind::Tokens(_)))
        .collect();
    group.bench_function("check_token_rules", |b| {
        b.iter(|| {
            black_box(engine::check_story_with(
                &db,
                &story,
                &token_rules,
                &[factlint::extract::entity::AliasTable::builtin()],
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! The stages of a check on the generated news corpus (`benches/support/corpus.rs`), 20
//! stories of 5 sources, each story checked on its own as the command line checks story
//! folders: token rules alone, facts (extraction, entities, events) alone, and every
//! built-in rule. Figures are in MB/s of news copy on one thread of the benchmark.

#![allow(missing_docs, reason = "criterion generates the bench entry points")]

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use factlint::article::{self, Role};
use factlint::engine::{self, Story};
use factlint::extract::entity::AliasTable;
use factlint::rules::{self, Rule, RuleKind};
use factlint::source::SourceDb;

/// The generated stories, read as the pipeline reads plain-text articles.
fn stories(db: &mut SourceDb) -> (Vec<Story>, usize) {
    let opts = corpus::Options {
        stories: 20,
        sources: 5,
        markdown_percent: 0,
        ..corpus::Options::default()
    };
    let mut stories: Vec<Story> = Vec::new();
    let mut bytes = 0;
    for g in corpus::generate(&opts) {
        let key = g.path.split('/').next().unwrap_or("").to_string();
        bytes += g.text.len();
        let file = article::add_text(db, &g.path, g.text.into_bytes()).expect("generated text is valid");
        let a = article::parse(db, file, "outlet", Role::Draft).expect("generated article parses");
        match stories.last_mut() {
            Some(s) if s.key == key => s.articles.push(a),
            _ => stories.push(Story { key, articles: vec![a] }),
        }
    }
    (stories, bytes)
}

fn bench(c: &mut Criterion) {
    let mut db = SourceDb::new();
    let (loaded, problems) = rules::load_builtin(&mut db);
    assert!(problems.is_empty(), "built-in rules load");
    let (stories, bytes) = stories(&mut db);
    let aliases = [AliasTable::builtin()];
    let all: Vec<&Rule> = loaded.iter().collect();
    let token: Vec<&Rule> = loaded
        .iter()
        .filter(|r| matches!(r.kind, RuleKind::Tokens(_)))
        .collect();
    let extraction: Vec<&Rule> = loaded.iter().filter(|r| r.is_extraction()).collect();

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("token_rules", |b| {
        b.iter(|| {
            for s in &stories {
                black_box(engine::check_story_with(&db, s, &token, &aliases));
            }
        })
    });
    group.bench_function("facts_and_events", |b| {
        b.iter(|| {
            for s in &stories {
                black_box(engine::story_facts(&db, s, &extraction, &aliases));
            }
        })
    });
    group.bench_function("every_rule", |b| {
        b.iter(|| {
            for s in &stories {
                black_box(engine::check_story_with(&db, s, &all, &aliases));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

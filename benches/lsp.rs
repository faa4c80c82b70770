#![allow(missing_docs, reason = "criterion generates the bench entry points")]
use criterion::{Criterion, criterion_group, criterion_main};
use factlint::pipeline::{self, Input, Options};
use std::hint::black_box;

fn article(i: usize) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let a = std::fs::read_to_string(format!("{root}/examples/baghdad/the-hill.txt")).expect("seed");
    let b = std::fs::read_to_string(format!("{root}/examples/baghdad/nbc-news.txt")).expect("seed");
    let b = b.trim_start_matches(" date 2020-12-03 ");
    let words = ["highest", "top", "first", "main", "greatest", "foremost"];
    let mut text = String::from("---\ndate: 2020-12-03\n---\n");
    for _ in 0..2 {
        text.push_str(
            &a.replace("highest priority", &format!("{} priority", words[i % words.len()]))
                .replace("January 3", &format!("January {}", 1 + i)),
        );
        text.push_str("\n\n");
        text.push_str(b);
        text.push_str("\n\n");
    }
    text
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("wires")).expect("wires");
    for i in 1..=5 {
        std::fs::write(dir.path().join(format!("wires/wire-{i}.txt")), article(i)).expect("write");
    }
    let draft = article(0);
    eprintln!("words: {}", draft.split_whitespace().count());
    let path = dir.path().join("draft.md");
    std::fs::write(&path, &draft).expect("write");
    let mut options = Options {
        against: vec![Input::Path(dir.path().join("wires"))],
        ..Options::default()
    };
    let mut group = c.benchmark_group("lsp");
    group.sample_size(10);
    let mut n = 0;
    group.bench_function("full_check", |b| {
        b.iter(|| {
            n += 1;
            let mut text = draft.clone();
            text.insert_str(200, if n % 2 == 0 { "x" } else { "y" });
            options.overlay.insert(&path, text);
            black_box(pipeline::check(&[Input::Path(path.clone())], &options))
        })
    });
    group.bench_function("load_rules", |b| {
        b.iter(|| {
            let mut db = factlint::source::SourceDb::new();
            black_box(factlint::rules::load_builtin(&mut db))
        })
    });
    let outcome = pipeline::check(&[Input::Path(path.clone())], &options);
    let rules: Vec<&factlint::rules::Rule> = outcome.rules.rules.iter().collect();
    let aliases = [factlint::extract::entity::AliasTable::builtin()];
    group.bench_function("engine_story", |b| {
        b.iter(|| {
            black_box(factlint::engine::check_story_with(
                &outcome.db,
                &outcome.stories[0],
                &rules,
                &aliases,
            ))
        })
    });
    let token: Vec<&factlint::rules::Rule> = rules
        .iter()
        .copied()
        .filter(|r| r.query.is_none() && r.emit.is_none())
        .collect();
    group.bench_function("engine_token_rules", |b| {
        b.iter(|| {
            black_box(factlint::engine::check_story_with(
                &outcome.db,
                &outcome.stories[0],
                &token,
                &aliases,
            ))
        })
    });
    let emit: Vec<&factlint::rules::Rule> = rules.iter().copied().filter(|r| r.emit.is_some()).collect();
    group.bench_function("engine_story_facts", |b| {
        b.iter(|| {
            black_box(factlint::engine::story_facts(
                &outcome.db,
                &outcome.stories[0],
                &emit,
                &aliases,
            ))
        })
    });
    let a = &outcome.stories[0].articles[0];
    let text = outcome.db.get(a.file).text();
    group.bench_function("extract_one", |b| {
        b.iter(|| {
            let seg = factlint::segment::segment(text, a.body);
            black_box(factlint::facts::extract(text, a, &seg))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

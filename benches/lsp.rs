//! What the language server pays after one keystroke: a 2,000-word draft checked against
//! five references of the same size named in its factlint.toml, through the server's
//! checker (the library pipeline with its cache of compiled rules and of each article's
//! extraction, and the conversion to LSP diagnostics), next to the same check with nothing
//! kept between runs.
//!
//! `cargo bench --bench lsp`; the articles are the seed story's two reports, each twice,
//! with the words that differ between outlets changed, as in `story.rs`.

#![allow(missing_docs, reason = "criterion generates the bench entry points")]

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use factlint::lsp::{Checker, Unit};
use factlint::pipeline::{self, Input, Options, Overlay};

/// An article of about 2,100 words: the two seed reports, twice, with outlet `i`'s wording.
fn article(i: usize) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let hill = std::fs::read_to_string(format!("{root}/examples/baghdad/the-hill.txt")).expect("seed article");
    let nbc = std::fs::read_to_string(format!("{root}/examples/baghdad/nbc-news.txt")).expect("seed article");
    let nbc = nbc.trim_start().trim_start_matches("date 2020-12-03").trim_start();
    let words = ["highest", "top", "first", "main", "greatest", "foremost"];
    let mut text = String::from("---\ndate: 2020-12-03\n---\n");
    for _ in 0..2 {
        text.push_str(
            &hill
                .replace("highest priority", &format!("{} priority", words[i % words.len()]))
                .replace("Jan. 3", &format!("Jan. {}", 1 + i)),
        );
        text.push_str("\n\n");
        text.push_str(nbc);
        text.push_str("\n\n");
    }
    text
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let story = dir.path().join("story");
    std::fs::create_dir_all(story.join("wires")).expect("folders");
    std::fs::write(story.join("factlint.toml"), "references = [\"wires/\"]\n").expect("a configuration");
    for i in 1..=5 {
        std::fs::write(story.join(format!("wires/wire-{i}.txt")), article(i)).expect("a reference");
    }
    let draft = article(0);
    assert!(draft.split_whitespace().count() >= 2000, "a draft of 2,000 words");
    let path = story.join("draft.md");
    std::fs::write(&path, &draft).expect("the draft");
    // The draft after `n` keystrokes: a word typed letter by letter in the middle of it, each
    // text new to the cache, as in an editor (a text seen before would be taken from it).
    let at = draft[..draft.len() / 2].rfind(' ').unwrap_or(0);
    let keystroke = |n: usize| {
        let mut typed = String::from(" ");
        let mut k = n;
        loop {
            typed.push(char::from(b'a' + (k % 26) as u8));
            k /= 26;
            if k == 0 {
                break;
            }
        }
        let mut text = draft.clone();
        text.insert_str(at, &typed);
        text
    };

    let mut group = c.benchmark_group("lsp");
    group.sample_size(20);

    let checker = Checker::new();
    let unit = Unit::Folder(story.clone());
    let buffers = HashMap::new();
    let mut overlay = Overlay::new();
    overlay.insert(&path, draft.clone());
    let first = checker.check(&unit, &overlay, &buffers, &[]);
    assert!(!first.reports.is_empty(), "the draft is checked");
    let mut n = 0;
    group.bench_function("relint_after_keystroke", |b| {
        b.iter(|| {
            n += 1;
            overlay.insert(&path, keystroke(n));
            black_box(checker.check(&unit, &overlay, &buffers, &[]))
        })
    });

    // The worst keystroke: one that adds or removes a name in the draft's first sentence,
    // before its other names. The name is an entity of the story, so the entities of every
    // reference are numbered anew and their facts are made again. (The name is there on every
    // other keystroke: each check renumbers.)
    let lead = draft.find("\n---\n").map_or(0, |i| i + 5);
    let mut n = 0;
    group.bench_function("relint_after_a_name_comes_or_goes", |b| {
        b.iter(|| {
            n += 1;
            let mut text = keystroke(n);
            if n % 2 == 1 {
                text.insert_str(lead, "Governor Zbigniew Okonkwo-Halvorsen said on Monday. ");
            }
            overlay.insert(&path, text);
            black_box(checker.check(&unit, &overlay, &buffers, &[]))
        })
    });

    let mut n = 0;
    group.bench_function("check_without_cache", |b| {
        b.iter(|| {
            n += 1;
            let mut options = Options::default();
            options.overlay.insert(&path, keystroke(n));
            black_box(pipeline::check(&[Input::Path(story.clone())], &options))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

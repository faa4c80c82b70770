//! Reading, segmentation and every extractor on arbitrary bytes: an article read as
//! `factlint facts` reads it (UTF-8 and binary checks, front matter, the date line), split
//! into paragraphs, sentences and tokens, with times, numbers, quotations, attributions and
//! mentions extracted and resolved to entities. Every fact span must be the file's bytes.

#![no_main]

use factlint::pipeline::{self, Input, Options};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let options = Options {
        builtin_rules: false,
        date: Some(common::date()),
        ..Options::default()
    };
    let input = Input::Named {
        name: "fuzz/article.txt".into(),
        bytes: Ok(data.to_vec()),
    };
    let found = pipeline::facts(&[input], &options);
    assert!(found.problems.is_empty(), "no rule or configuration is loaded");
    let articles = found.stories.iter().flat_map(|s| &s.articles);
    for (article, facts) in articles.zip(&found.facts) {
        let text = found.db.get(article.file).text();
        facts.iter().for_each(|f| common::check_fact_spans(text, f));
    }
    common::check_diagnostics(&found.db, &[], &found.unreadable);
});
